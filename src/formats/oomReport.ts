/**
 * The OOM killer's report in a kernel log (mm/oom_kill.c dump_header,
 * mm/memcontrol.c mem_cgroup_print_oom_*, mm/show_mem.c), behind any of the
 * log prefixes of facts §3.9. One section may hold several OOM events.
 * Lines that are not part of a report (other kernel messages) are skipped.
 */
import type { AllocationFailure, OomBuddyZone, OomEvent, OomKill, OomTask, OomZone, Problem, UserspaceKill } from '../model';
import type { SourceLine } from './lines';
import { readMessagePrefix, SHOW_MEM_26, splitRsyslogEscapes } from './logPrefix';
import { abbreviate, belowZero } from './numbers';

export interface OomResult {
  events: OomEvent[];
  problems: Problem[];
  /** Lines read as part of a report, with where the message starts (for hovers). */
  messageStart: Map<number, number>;
  allocationFailures: AllocationFailure[];
  /** SLUB failures with no report after them to go with (mm/slub.c slab_out_of_memory alone). */
  slubFailures?: NonNullable<OomEvent['slubFailures']>;
  /** ISO time of the first event (or the first dated line) when a log prefix gives a full date. */
  capturedAt?: string;
}

// 2.6.32–2.6.35 end the line with `oom_adj=N` alone (oom_score_adj came in 2.6.36): the mask and order are the same.
const TRIGGER = /^(.*?) invoked oom-killer: gfp_mask=(0x[0-9a-fA-F]+(?:\([^)]*\))?),(?:\s*nodemask=[^,]*,)?\s*order=(-?\d+),(?:(?:\s*oom_adj=-?\d+,)?\s*(?:oom_score_adj|oomkilladj)=(-?\d+)|\s*oom_adj=-?\d+\s*$)/;
const OLD_TRIGGER = /^oom-killer: gfp_mask=(0x[0-9a-fA-F]+)(?:, order=(-?\d+))?\s*$/;
const CPU_LINE = /^CPU: \d+ (?:UID: \d+ )?PID: \d+ Comm: .*?\s(\d+\.\d+\.\d+\S*)/;
const MEMCG_USAGE = /^memory: usage (\d+)kB, limit (\d+)kB, failcnt (\d+)/;
const SWAP_USAGE = /^(?:swap|memory\+swap): usage (\d+)kB, limit (\d+)kB, failcnt (\d+)/;
const STATS_FOR = /^Memory cgroup stats for (\S+?):(.*)$/;
// The key's case as a web page or OCR left it (`cOnstraint=` has been seen): the kernel writes it lower case.
const CONSTRAINT = /^oom-kill:(constraint=.*)$/i;
// 2.6.32 prints `Killed process 1234, UID 500, (java) total-vm:…`.
// 2.6.1x: `Out of Memory: Killed process 1188 (exim).` (capital M, a full stop).
const KILLED = /^(?:(Memory cgroup out of memory|Out of [Mm]emory(?: \(oom_kill_allocating_task\))?): )?Killed process (\d+)(?:, UID (\d+),)? \((.*)\)(.*)$/;
// 4.x `Kill process N (x) score S or sacrifice child`; 2.6 `kill process N (x) score S or a child`.
const LEGACY_KILL = /^(Memory cgroup out of memory|Out of memory(?: \(oom_kill_allocating_task\))?): [Kk]ill process (\d+) \((.*)\) score (\d+) or (?:sacrifice|a) child/;
// Pastes cut at the line start lose `Task in ` and keep the path.
const LEGACY_TASK_IN = /^(?:Task in (\S+)|(\/\S*)) killed as a result of limit of (\S+)/;
const GROUP = /^Tasks in (\S+) are going to be killed due to memory\.oom\.group set/;
const EXITING = /^OOM victim (\d+) \((.*)\) is already exiting\. Skip/;
const REAPER = /^oom_reaper: reaped process (\d+) \((.*)\)/;
const REAPER_STUCK = /^oom_reaper: unable to reap pid:(\d+) \((.*)\)/;
// 2.6 writes `page allocation failure. order:1, mode:0x20`.
const ALLOC_FAIL = /^(?:(.*?): )?page allocation failure[.:] order:(\d+), mode:(0x[0-9a-fA-F]+(?:\([^)]*\))?)/;
/** warn_alloc's stall report (mm/page_alloc.c __alloc_pages_slowpath, 4.9–4.14): still retrying after N ms, not failed. */
const ALLOC_STALL = /^(?:(.*?): )?page allocation stalls for (\d+)ms, order:(\d+), mode:(0x[0-9a-fA-F]+(?:\([^)]*\))?)/;
// mm/vmalloc.c warn_alloc: 4.x `vmalloc: allocation failure, allocated A of B bytes, mode:…`, 5.x `vmalloc error: size B, …`;
// and __vmalloc_node_range's refusal of a size of 0 or above all RAM: `vmalloc: allocation failure: B bytes, mode:…`.
const VMAP_FAIL = /^vmap allocation for size \d+ failed: use vmalloc=<size> to increase size/;
const VMALLOC_FAIL = /^(?:(.*?): )?vmalloc(?:: allocation failure, allocated \d+ of (\d+) bytes| error: size (\d+)\b.*?|: allocation failure: (\d+) bytes),\s*mode:(0x[0-9a-fA-F]+(?:\([^)]*\))?)/;
/** A Mem-Info zone line: `Node 0 Normal free:12652kB boost:0kB min:14344kB low:19092kB high:23840kB …` (2.6: no `Node N`). */
const ZONE_LINE = /^(?:Node (\d+) )?([A-Z][A-Za-z0-9]*) free:(\d+)kB(?: boost:\d+kB)? min:(\d+)kB(?: low:(\d+)kB)?(?: high:(\d+)kB)?/;
// systemd-oomd (src/oom/oomd-manager.c, oomd_kill_by_*) and systemd's unit line after it (src/core/unit.c).
// `Killed X due to …` (249+), `Marked X for killing due to …` (254+); a terminal or a poster may wrap `due to …` onto the next line.
const OOMD_KILLED = /^(?:Killed (\S+)|Marked (\S+) for killing)(?:\s+(due to .*))?$/;
const OOMD_DUE = /^\s*due to (?:memory pressure for (\S+) being ([\d.]+)% > ([\d.]+)% for > (\S+)|swap used)/;
// Logged as oomd decides to act on a monitored cgroup: 249+ `is 85.03% > 80.00% for > 2s with reclaim activity`,
// 248 `is greater than 10 for more than 10 seconds and there was reclaim activity` (no kill line follows in 248).
const OOMD_PRESSURE = /^Memory pressure for (\S+) is (?:([\d.]+)% > ([\d.]+)% for > (\S+) with reclaim activity|greater than ([\d.]+) for more than (\d+) seconds and there was reclaim activity)/;
const SYSTEMD_OOM_UNIT = /^(\S+): A process of this unit has been killed by the OOM killer\.?/;
const SYSTEMD_KILLING = /^(\S+): Killing process (\d+) \((.*)\) with signal SIGKILL\.?/;
const OOMD_CONSIDERED = /^Considered (\d+) cgroups for killing/;
const OOMD_ATTEMPT = /^oomd attempting to kill (\d+) with/;
const OOMD_SWAP = /^\s*Swap Usage: (\S+)/;
const OOMD_UNIT = /^(\S+): systemd-oomd killed (\d+) process\(es\) in this unit/;
// Android's low-memory killer: the staging driver (lowmemorykiller.c lowmem_scan: `Killing '%s' (%d), adj %hd,`
// and continuation lines; 3.x: `send sigkill to %d (%s), adj %d, size %d`) and lmkd (`Kill '%s' (%d), uid %d, oom_score_adj %d to free %ldkB`).
const LMK_KILLING = /^lowmemorykiller: Killing '([^']*)' \((\d+)\), adj (-?\d+),?/;
const LMK_SIGKILL = /^lowmemorykiller: send sigkill to (\d+) \(([^)]*)\), adj (-?\d+), size (\d+)/;
const LMKD_KILL = /^(?:lowmemorykiller: )?Kill '([^']*)' \((\d+)\), uid (\d+), oom_(?:score_)?adj (-?\d+) to free (\d+)kB/;
const LMK_TO_FREE = /^\s*to free (\d+)kB on behalf of '([^']*)' \((\d+)\)/;
const LMK_CACHE = /^\s*cache (\d+)kB is below limit (\d+)kB for oom_score_adj (-?\d+)/;
const LMK_FREE = /^\s*Free memory is (-?\d+)kB above reserved/;
// mm/slub.c slab_out_of_memory: the cache line names a memcg as `name(id:cgroup)` when the cache is a child cache.
const SLUB_FAIL = /^SLUB: Unable to allocate memory on node -?\d+/;
const SLUB_CACHE = /^\s*cache: ([\w.:-]+?)(?:\((\d+):([^)]*)\))?, object size: (\d+), buffer size: (\d+), default order: (\d+)/;
/** `node 0: slabs: 29822, objs: 29822, free: 0` under it: what the cache held on each node when it could not grow. */
const SLUB_NODE = /^\s*node (-?\d+): slabs: (\d+), objs: (\d+), free: (\d+)/;
const MEMINFO_TAIL = /^(?:\d+ total pagecache pages|Free swap\s*=|Total swap\s*=|\d+ pages (?:RAM|reserved)\s*$|Node \d+ hugepages_total=)/;
const NO_KILLABLE = /^Out of memory and no killable processes/;
const PANIC = /^Kernel panic - not syncing: (.*?)\s*$/;
const KMEM_USAGE = /^kmem: usage (\d+)kB, limit (\d+)kB, failcnt (\d+)/;
// Only a stack survived: the functions on it still say an OOM kill ran, and whether in a memcg (mm/memcontrol.c).
/** A call-trace frame (`siw_qp_modify+0x604/0x7f0 [siw]`, after ppc64's `[sp] [ip]` and its `.` before a name, older kernels' `[<ip>]`, x86's `? `). */
const FRAME = /^\s*(?:\[[0-9a-f]+\] \[[0-9a-f]+\] |\[<[0-9a-f]+>\] |\?\s*)?\.?([A-Za-z_][\w.]*)\+0x[0-9a-f]+\/0x[0-9a-f]+(?:\s+\[([\w-]+)\])?/;
/** Frames of the allocator and the warning itself: the caller is the first frame that is none of these. */
const ALLOCATOR = /^(?:dump_stack\w*|dump_trace|dump_backtrace\w*|show_stack\w*|show_trace\w*|print_context_stack\w*|kmem_getpages|fallback_alloc|cache_grow\w*|cache_alloc_refill|____cache_alloc\w*|alloc_kmem_pages\w*|warn_alloc\w*|_*vmalloc\w*|vzalloc\w*|_*alloc_pages\w*|_*get_free_pages?\w*|_*kmalloc\w*|kzalloc\w*|kcalloc\w*|krealloc\w*|_*kvmalloc\w*|kvzalloc\w*|kvcalloc\w*|kmem_cache_alloc\w*|allocate_slab|new_slab|_*slab_alloc\w*|alloc_slab_page|__alloc_pages_slowpath|alloc_pages_current|alloc_pages_vma|alloc_pages_node|_*alloc_pages_bulk\w*|_*alloc_frozen_pages\w*|_*dma_(?:direct_)?alloc\w*|_*iommu_dma_alloc\w*|dma_common_alloc\w*|_*alloc_contig\w*|alloc_single_sgt|usb_alloc_(?:coherent|noncoherent))$/;
/** The rest of a wrapped zone line: only `name:NkB` counters (`managed:1996672kB mlocked:0kB … free_cma:523776kB`). */
const ZONE_COUNTERS = /^\s*(?:[a-z_()]+:\s?\d+kB\s*)+$/;
/**
 * The same wrapped mid-word by a terminal (`…isolated(file):0k` / `B present:16384kB …`): the piece cut off the line
 * above joined to this one, with the zone line's last words (`pages_scanned:0 all_unreclaimable? yes`) and a cut-off
 * last word allowed.
 */
const ZONE_COUNTERS_CUT = /^\s*(?:[a-z_()]+:\s?\d+kB\s*)+(?:pages_scanned:\d+\s*)?(?:all_unreclaimable\? (?:yes|no)\s*)?(?:[a-z_(]+\)?(?::\d*k?)?)?$/;
/** A Mem-Info buddy line (mm/show_mem.c show_free_areas: every order from 0, so the first block is one page). */
const OOM_BUDDY = /^\s*(?:Node (\d+) )?([A-Z][A-Za-z0-9]*): \d+\*(\d+)kB\b/;
const BUDDY_TERM = /(\d+)\*(\d+)kB(?: \(([A-Z]+)\))?/g;
const OOM_STACK = /^\??\s*(mem_cgroup_out_of_memory|oom_kill_process|out_of_memory)\+0x/;
const SLAB_ROW = /^(\S.*?)\s+(\d+)KB\s+(\d+)KB\s*$/;
/** show_mem's allocation profiling (mm/show_mem.c): `%12s %8llu %s:%u [%s] func:%s`, the size raw or as `38.4 MiB`. */
const ALLOC_HEAD = /^Memory allocations(?: \([^)]*\))?:\s*$/;
const ALLOC_ROW = /^\s*(\d+(?:\.\d+)?)(?:\s*(B|KiB|MiB|GiB|TiB))?\s+(\d+)\s+(\S+):(\d+)(?:\s+\[([^\]\s]+)\])?\s+func:(\S+)\s*$/;
const ALLOC_UNIT: Record<string, number> = { B: 1, KiB: 2 ** 10, MiB: 2 ** 20, GiB: 2 ** 30, TiB: 2 ** 40 };
const TASK_ROW = /^\[\s*(\d+)\]\s+(.*)$/;
/** A task row read without its header: `[  6826]     0  6826  78  0 … -1000 tini` (at least five numbers, then adj and name). */
const HEADLESS_ROW = /^\[\s*(\d+)\](?:\s+\d+){5,}\s+(-?\d+)\s+(\S.*?)\s*$/;
const FAULT_RETRY = /^Huh VM_FAULT_OOM leaked out to the #PF handler\. Retrying PF/;
const TASK_HEADER = /^\[\s*pid\s*\]/;
/** Task table columns of every era (mm/oom_kill.c dump_task). */
const TASK_COLUMNS = new Set(['uid', 'tgid', 'total_vm', 'rss', 'rss_anon', 'rss_file', 'rss_shmem', 'nr_ptes', 'nr_pmds', 'pgtables_bytes', 'swapents', 'oom_score_adj', 'name', 'cpu', 'oom_adj']);
/** The wrapped tail of a task row: numbers, then perhaps the name. */
const NUMERIC_TAIL = /^\s*-?\d+(?:\s+-?\d+)*(?:\s+\S+)?\s*$/;
// 2.6.1x writes `mapped-file:N mapped-anon:N`: hyphens are part of the name.
const PAIRS = /([A-Za-z_][\w-]*):(-?\d+)(kB)?/g;

/** Known lines and how each ends when whole: a line that does not end so may have been wrapped. */
const WHOLE: [RegExp, RegExp][] = [
  [TRIGGER, /(?:oom_score_adj|oomkilladj|oom_adj)=-?\d+$/],
  [/invoked oom-killer: gfp_mask=/, /(?:oom_score_adj|oomkilladj|oom_adj)=-?\d+$/],
  // Wrapped right after the colon (mail clients): the whole line is the trigger again.
  [/ invoked(?: oom-killer:?)?\s*$/, /invoked oom-killer: gfp_mask=.*(?:oom_score_adj|oomkilladj)=-?\d+$/],
  // `Out of memory: Killed` / `process 925 (firewalld) total-vm:…` (Gmail wraps before the pid).
  [/^(?:Memory cgroup out of memory|Out of memory(?: \(oom_kill_allocating_task\))?): Killed\s*$/, /Killed process \d+ \(.*\)/],
  // A mailer wrapped right after the pid: the name in parentheses comes on the next line.
  [/Killed process \d+\s*$/, /Killed process \d+ \([^)]*\)/],
  [KILLED, /(?:file-rss:\d+kB|shmem-rss:\d+kB|oom_score_adj:-?\d+|\)\.?)$/],
  [CONSTRAINT, /,uid=\d+$/],
  [/^Tasks in \S+ are going to be killed/, /due to memory\.oom\.group set$/],
  [/^(?:Memory cgroup out of memory|Out of memory)[^:]*: [Kk]ill process \d+/, / or (?:sacrifice|a) child$/],
  [/^(?:memory|swap|memory\+swap|kmem): usage/, /failcnt \d+$/],
  [/page allocation failure[.:] order:\d+/, /mode:0x[0-9a-fA-F]+/],
  [/^CPU: \d+ (?:UID: \d+ )?PID: \d+ Comm: /, /\s\d+\.\d+\.\d+\S*(?:\s|$)/],
  // A zone line a mailer wrapped right after its free count (`Node 0 Normal free:21840kB` / `min:16956kB low:…`).
  [/^(?:Node \d+ )?[A-Z][A-Za-z0-9]* free:\d+kB\s*$/, ZONE_LINE],
  // v1 before 4.19 prints its stats on one line, the LRU lists last (mm/memcontrol.c mem_cgroup_print_oom_info).
  [/^Memory cgroup stats for [^:]*: cache:/, /unevictable:\d+KB$/],
];

type Mode = 'none' | 'stats' | 'meminfo' | 'slab' | 'tasks' | 'allocs';


/** One message as the parser reads it: a line, or one `#012` piece of a line. */
interface Item {
  line: number;
  text: string;
  /** Column where the message starts in the original line. */
  start: number;
  prefixed: boolean;
  indented: boolean;
  /** A `#012` piece after the first: part of the record on its line. */
  piece: boolean;
  clock?: string;
  iso?: string;
  uptime?: number;
}

/**
 * A report pasted out of order (the poster's excerpts, a log viewer's sort) is read in the order its uptime
 * stamps give: the trigger before the task table before the kill. Only when every step back is small (under
 * a second): a larger one is a reboot or another log, and the lines are left as they are. Lines without a
 * stamp stay with the stamped line above them.
 */
function inTimeOrder(all: Item[]): Item[] {
  let back = false;
  let last: number | undefined;
  for (const it of all) {
    if (it.uptime === undefined) continue;
    if (last !== undefined && it.uptime < last) { if (last - it.uptime >= 1) return all; back = true; }
    last = it.uptime;
  }
  if (!back) return all;
  // A report whose own trigger line comes first and its body after it with earlier stamps is a poster's
  // excerpt of a loop (lines taken from several iterations), not interleaved messages: keep the text's order.
  const first = all.find((x) => x.uptime !== undefined);
  if (first && TRIGGER.test(first.text) && all.some((x) => x.uptime !== undefined && x.uptime < first.uptime!)) return all;
  const groups: { t: number; items: Item[] }[] = [];
  for (const it of all) {
    if (it.uptime !== undefined || !groups.length) groups.push({ t: it.uptime ?? -Infinity, items: [it] });
    else groups[groups.length - 1].items.push(it);
  }
  // Array.prototype.sort is stable: equal stamps keep their order.
  return groups.sort((a, b) => a.t - b.t).flatMap((g) => g.items);
}

function items(lines: SourceLine[]): Item[] {
  const out: Item[] = [];
  for (const l of lines) {
    // A console message glued after a program's own output (`Creating journal (…): [   34.7] mkfs.ext4 invoked`) counts too.
    const prefix = readMessagePrefix(l.text);
    const pieces = splitRsyslogEscapes(l.text.slice(prefix.length));
    pieces.forEach((p, i) => {
      const msg = p.text.replace(/\s+$/, '');
      const text = msg.trim();
      if (!text) return;
      out.push({
        line: l.line, text, start: l.col + prefix.length + p.offset + (msg.length - msg.trimStart().length),
        prefixed: prefix.length > (prefix.quote ?? 0) || i > 0, indented: prefix.length === (prefix.quote ?? 0) && i === 0 && /^\s/.test(l.text.slice(prefix.quote ?? 0)), piece: i > 0,
        clock: prefix.clock, iso: prefix.iso, uptime: prefix.uptime,
      });
    });
  }
  return out;
}

function isKnown(text: string): boolean {
  return TRIGGER.test(text) || OLD_TRIGGER.test(text) || KILLED.test(text) || CONSTRAINT.test(text) || LEGACY_KILL.test(text) || MEMCG_USAGE.test(text) || SWAP_USAGE.test(text)
    || STATS_FOR.test(text) || TASK_ROW.test(text) || TASK_HEADER.test(text) || REAPER.test(text) || GROUP.test(text) || /^(Mem-[Ii]nfo:|Tasks state|Unreclaimable slab info:|Node \d|CPU: |Out of memory and no killable|Kernel panic - not syncing)/.test(text);
}

/**
 * The kill line's prefix says the scope: oom_kill_process() is passed "Memory cgroup out of memory" from
 * mem_cgroup_out_of_memory() and "Out of memory" from out_of_memory() (mm/oom_kill.c, mm/memcontrol.c).
 */
function setPrefixScope(e: OomEvent, prefix: string): void {
  e.memcgOom = prefix.startsWith('Memory cgroup');
  if (!e.memcgOom) e.globalOom = true;
  if (prefix.includes('oom_kill_allocating_task')) e.allocatingTask = true;
}

/** The text of `a` wrapped onto `b` put back together, when that makes a known line whole. */
function unwrap(a: string, b: string, whole?: (t: string) => boolean): string | undefined {
  const tries = /,$/.test(a) ? [`${a} ${b}`, a + b] : [a + b, `${a} ${b}`];
  if (whole) return tries.find(whole);
  const rule = WHOLE.find(([known]) => known.test(a));
  // `Killed process 4736 (make)` reads whole (as 2.6's kill lines end), but a next line of its fields continues it.
  const killFields = rule?.[0] === KILLED && /^\s*,|^\s*(?:total-vm|anon-rss|file-rss|shmem-rss|UID|pgtables|oom_score_adj):/.test(b);
  if (!rule || (rule[1].test(a) && !killFields)) return undefined;
  return tries.find((t) => rule[1].test(t));
}

export function parseOomReport(lines: SourceLine[]): OomResult {
  const out: OomResult = { events: [], problems: [], messageStart: new Map(), allocationFailures: [] };
  let ev: OomEvent | undefined;
  let mode: Mode = 'none';
  let taskColumns: string[] = [];
  /** After a page allocation failure its Mem-Info goes here, not into an OOM event. */
  let sink: OomEvent | undefined;
  let failure: AllocationFailure | undefined;
  let firstIso: string | undefined;
  const sinks: [AllocationFailure, OomEvent][] = [];
  let headless = false;

  const wrappedZones = new Set<string>();
  /** The last `vmap allocation for size N failed` line: a vmalloc failure after it lacked address space. */
  let vmapLine: number | undefined;
  /** The failure's caller so far came from a `? name` frame. */
  let unreliableCaller = false;
  /** An `out_of_memory+0x…` frame was just read: the next reliable frame is its caller. */
  let oomCaller = false;
  /** SLUB failures seen since the last report: they go with the next one. */
  let slub: NonNullable<OomEvent['slubFailures']> = [];
  const fresh = (line: number): OomEvent => {
    const e: OomEvent = { startLine: line, endLine: line, unreclaimableSlab: [], tasks: [] };
    if (slub.length) { e.slubFailures = slub; slub = []; }
    out.events.push(e);
    sink = undefined; failure = undefined;
    return e;
  };
  /** The event an OOM-kill line belongs to (a new one after an allocation failure). */
  const current = (line: number) => (ev && ev !== sink ? ev : (ev = fresh(line)));
  /** The block a Mem-Info-like line belongs to: an event or an allocation failure's sink. */
  const body = (line: number) => (ev ??= fresh(line));
  const touch = (line: number, start: number) => {
    if (!out.messageStart.has(line)) out.messageStart.set(line, start);
    if (ev) { ev.endLine = Math.max(ev.endLine, line); if (line < ev.startLine) ev.startLine = line; }
    if (failure && ev === sink) failure.endLine = Math.max(failure.endLine, line);
  };
  const stamp = (e: OomEvent, it: Item, override: boolean) => {
    if (it.clock && (override || !e.time)) e.time = it.clock;
    if (it.iso && (override || !e.timeIso)) e.timeIso = it.iso;
    else if (override && it.clock && !it.iso) delete e.timeIso;
    if (it.uptime !== undefined && (override || e.uptimeSeconds === undefined)) e.uptimeSeconds = it.uptime;
  };

  const all = inTimeOrder(items(lines));
  for (let idx = 0; idx < all.length; idx++) {
    const it = all[idx];
    let text = it.text;
    const start = it.start;
    // A zone or node line that ends `all_unreclaimable? yes`: reclaim scanned its LRU pages many times over and gave up.
    if (ev && text.includes('all_unreclaimable? yes')) ev.allUnreclaimable = true;
    if (it.iso && !firstIso) firstIso = it.iso;
    // A line wrapped by a terminal or a mail client: the rest comes on the next line, with no prefix.
    const next = all[idx + 1];
    /** Lines joined to this one, in order (a mail client may wrap one message over three lines). */
    const joinedLines: number[] = [];
    const wrapped = (whole?: (t: string) => boolean): boolean => {
      // Without a log prefix only a line that starts as a known one and does not end as it must (WHOLE) is joined.
      if (!it.prefixed && (whole || !WHOLE.some(([known, end]) => known.test(text) && !end.test(text)))) return false;
      // Each wrap lost a space (a mailer breaks at one) or none (a terminal breaks mid-word): keep both readings.
      let accs = [text];
      for (let j = idx + 1, k = 0; k < 3 && j < all.length; j++, k++) {
        const nx = all[j];
        // A terminal keeps a wrapped task row's columns aligned: an indented tail of numbers (and the name) continues it.
        if (nx.prefixed || (nx.indented && !NUMERIC_TAIL.test(nx.text)) || nx.line === all[j - 1].line || isKnown(nx.text)) return false;
        for (const acc of accs) {
          const joined = unwrap(acc, nx.text, whole);
          if (joined === undefined) continue;
          text = joined;
          for (let q = idx + 1; q <= j; q++) { out.messageStart.set(all[q].line, all[q].start); joinedLines.push(all[q].line); }
          idx = j;
          return true;
        }
        accs = [...new Set(accs.flatMap((a) => [a + nx.text, `${a} ${nx.text}`]))];
      }
      return false;
    };
    // A poster's shell-style continuation (`…nodemask=(null),\` then indented lines): one line, backslashes out.
    if (text.charCodeAt(text.length - 1) === 92 /* \ */) {
      while (text.charCodeAt(text.length - 1) === 92 && idx + 1 < all.length && !all[idx + 1].prefixed && joinedLines.length < 8) {
        const nx = all[++idx];
        text = text.slice(0, -1) + nx.text.trim();
        out.messageStart.set(nx.line, nx.start); joinedLines.push(nx.line);
      }
    } else wrapped();
    const joinedLine = joinedLines.length ? joinedLines[joinedLines.length - 1] : undefined;
    const noteWrap = (e: OomEvent | undefined) => {
      if (!joinedLines.length || !e) return;
      (e.wrappedLines ??= []).push(...joinedLines);
      e.endLine = Math.max(e.endLine, joinedLine!);
    };
    let m: RegExpExecArray | null;

    if ((m = TRIGGER.exec(text))) {
      ev = fresh(it.line);
      mode = 'none';
      Object.assign(ev, { triggerLine: it.line, invoker: m[1].trim(), gfpMask: m[2], order: Number(m[3]) });
      if (m[4] !== undefined) ev.invokerOomScoreAdj = Number(m[4]);
      stamp(ev, it, true);
      touch(it.line, start); noteWrap(ev);
      continue;
    }
    // SysRq-m: show_mem on request. Its Mem-Info is the state of memory when someone asked, with no OOM behind it.
    if (/^(?:sysrq: |SysRq : )Show Memory\s*$/.test(text)) { ev = fresh(it.line); ev.sysrqShowMemLine = it.line; mode = 'meminfo'; touch(it.line, start); continue; }
    if (SLUB_FAIL.test(text)) { slub.push({ cache: '?', line: it.line, ...(/gfp=(0x[0-9a-f]+(?:\([^)]*\))?)/.exec(text) ? { gfp: /gfp=(0x[0-9a-f]+(?:\([^)]*\))?)/.exec(text)![1] } : {}) }); continue; }
    if ((m = SLUB_CACHE.exec(text)) && slub.length && slub[slub.length - 1].cache === '?') {
      const f = slub[slub.length - 1];
      f.cache = m[1];
      if (m[2] !== undefined) { f.memcgId = Number(m[2]); f.memcg = m[3]; }
      f.bufferSize = Number(m[5]); f.order = Number(m[6]);
      continue;
    }
    if ((m = SLUB_NODE.exec(text)) && slub.length && slub[slub.length - 1].cache !== '?') {
      const f = slub[slub.length - 1];
      f.slabs = (f.slabs ?? 0) + Number(m[2]); f.objs = (f.objs ?? 0) + Number(m[3]); f.freeObjs = (f.freeObjs ?? 0) + Number(m[4]);
      continue;
    }
    // 2.6.9–2.6.13 (mm/oom_kill.c out_of_memory): `oom-killer: gfp_mask=0xd0`, no invoking task named.
    if ((m = OLD_TRIGGER.exec(text))) {
      ev = fresh(it.line);
      mode = 'none';
      Object.assign(ev, { triggerLine: it.line, gfpMask: m[1], ...(m[2] !== undefined ? { order: Number(m[2]) } : {}) });
      stamp(ev, it, true);
      touch(it.line, start);
      continue;
    }
    // The trigger with its mask cut off (a poster's elision, a narrow log viewer): still the start of a report.
    // A poster quoting it in words (`# "bash invoked oom-killer": the command was …`) is not one.
    if ((m = /^([^\s#"'`][^"'`]{0,60}?) invoked oom-killer(?=:|\s|$)/.exec(text))) {
      ev = fresh(it.line);
      mode = 'none';
      Object.assign(ev, { triggerLine: it.line, invoker: m[1].trim() });
      stamp(ev, it, true);
      touch(it.line, start);
      continue;
    }
    const stall = ALLOC_STALL.exec(text);
    const alloc = stall ? [stall[0], stall[1], stall[3], stall[4]] as unknown as RegExpExecArray : ALLOC_FAIL.exec(text);
    // mm/vmalloc.c alloc_vmap_area: no room left in the vmalloc address range (tiny on 32-bit), whatever RAM is free.
    if (VMAP_FAIL.test(text)) { vmapLine = it.line; continue; }
    const vmalloc = alloc ? null : VMALLOC_FAIL.exec(text);
    if (alloc || vmalloc) {
      failure = alloc
        ? { line: it.line, endLine: it.line, order: Number(alloc[2]), mode: alloc[3] }
        : { line: it.line, endLine: it.line, order: 0, mode: vmalloc![5], vmallocBytes: Number(vmalloc![2] ?? vmalloc![3] ?? vmalloc![4]) };
      const task = (alloc ?? vmalloc)![1];
      if (task) failure.task = task.trim();
      if (stall) failure.stallMs = Number(stall[2]);
      unreliableCaller = false;
      if (vmalloc && vmapLine !== undefined) failure.vmapSpaceLine = vmapLine;
      out.allocationFailures.push(failure);
      ev = sink = { startLine: it.line, endLine: it.line, unreclaimableSlab: [], tasks: [] };
      sinks.push([failure, sink]);
      mode = 'none';
      touch(it.line, start);
      if (joinedLine !== undefined) failure.endLine = sink.endLine = joinedLine;
      continue;
    }
    if ((m = KMEM_USAGE.exec(text))) {
      const e = current(it.line);
      e.kmemUsageBytes = Number(m[1]) * 1024; e.kmemLimitBytes = Number(m[2]) * 1024;
      touch(it.line, start); mode = 'none'; continue;
    }
    // Compiler suffixes (`__alloc_pages_slowpath.constprop.0`) do not make an allocator frame a caller. An x86
    // `? name` frame is a stale return address the unwinder could not place: a reliable frame after it wins.
    if (failure && sink && ev === sink && (failure.caller === undefined || unreliableCaller) && (m = FRAME.exec(text)) && !ALLOCATOR.test(frameName(m[1]))) {
      const unreliable = /^\s*\?/.test(text);
      if (failure.caller === undefined || !unreliable) {
        failure.caller = m[2] ? `${m[1]} [${m[2]}]` : m[1];
        unreliableCaller = unreliable;
      }
    }
    // memory.max written below the usage: the write itself reclaims, then OOM-kills until the cgroup fits
    // (mm/memcontrol.c memory_max_write calls mem_cgroup_out_of_memory).
    if (ev && ev !== sink && ev.killLine === undefined && /^\s*(?:\?\s*)?memory_max_write\+0x/.test(text)) { ev.limitWrite = it.line; touch(it.line, start); continue; }
    // The memcg OOM handled at the end of a page fault (mm/memcontrol.c mem_cgroup_oom_synchronize, since 3.12), not in the charge.
    if (ev && ev !== sink && ev.killLine === undefined && ev.faultOomLine === undefined && /(?:^|\s)(?:\?\s*)?mem_cgroup_oom_synchronize\+0x/.test(text)) ev.faultOomLine = it.line;
    // The frame under out_of_memory says who called the killer: the page allocator (__alloc_pages_slowpath, or its
    // __alloc_pages_may_oom) for a node-wide OOM, mem_cgroup_out_of_memory for a cgroup's (mm/page_alloc.c, mm/memcontrol.c).
    if (oomCaller && ev && ev !== sink) {
      const f = FRAME.exec(text);
      if (f && !/^\s*\?/.test(text)) {
        oomCaller = false;
        if (/^__alloc_pages_(?:slowpath|may_oom)\b/.test(frameName(f[1])) && !ev.memcgOom && ev.oomMemcg === undefined) ev.globalOom = true;
      }
    }
    if ((m = OOM_STACK.exec(text)) && !(sink && ev === sink)) {
      const e = current(it.line);
      if (m[1] === 'out_of_memory') oomCaller = true;
      if (m[1] === 'mem_cgroup_out_of_memory') e.memcgOom = true;
      if (e.triggerLine === undefined && e.killLine === undefined && e.constraintLine === undefined) e.stackOnly = true;
      touch(it.line, start); continue;
    }
    if (ev && (m = CPU_LINE.exec(text))) {
      ev.kernelVersion = m[1];
      // Console output glued before the failure line (`[Playing …]swapper/0: page allocation failure`) is not the task:
      // the CPU line's Comm is, when the text before `: page allocation` ends with it.
      const comm = /Comm: (.+?) (?:Not tainted|Tainted:)/.exec(text)?.[1];
      if (failure && sink && ev === sink && comm && failure.task && failure.task !== comm && failure.task.endsWith(comm)) failure.task = comm;
      touch(it.line, start); continue;
    }
    if ((m = MEMCG_USAGE.exec(text))) {
      // A second usage line is a second report (grep output of two cgroups' OOMs): one event each, never mixed.
      if (ev && ev !== sink && (ev.memcgUsageBytes !== undefined || ev.memcgUsageBelowZeroKb !== undefined)) ev = fresh(it.line);
      const e = current(it.line);
      // A usage counter below zero prints as 2^64 − N kB (numbers.ts belowZero): no usage, a bug.
      const under = belowZero(m[1]);
      if (under !== undefined) e.memcgUsageBelowZeroKb = under; else e.memcgUsageBytes = Number(m[1]) * 1024;
      e.memcgLimitBytes = Number(m[2]) * 1024; e.memcgFailcnt = Number(m[3]);
      stamp(e, it, false);
      touch(it.line, start); noteWrap(e); mode = 'none'; continue;
    }
    if ((m = SWAP_USAGE.exec(text))) {
      const e = current(it.line);
      if (text.startsWith('swap')) { e.swapUsageBytes = Number(m[1]) * 1024; e.swapLimitBytes = Number(m[2]) * 1024; }
      // v1: memory and swap together (memory.memsw.*); its limit may be the one that was hit.
      else { e.memswUsageBytes = Number(m[1]) * 1024; e.memswLimitBytes = Number(m[2]) * 1024; e.memswFailcnt = Number(m[3]); }
      stamp(e, it, false);
      touch(it.line, start); noteWrap(e); mode = 'none'; continue;
    }
    // `Memory cgroup stats for` with its path wrapped onto the next line (a paste with no log prefix to tell).
    if (/^Memory cgroup stats for\s*$/.test(text) && all[idx + 1] && /^\/\S*:/.test(all[idx + 1].text.trim())) {
      idx++;
      text = `Memory cgroup stats for ${all[idx].text.trim()}`;
      out.messageStart.set(all[idx].line, all[idx].start);
    }
    if ((m = STATS_FOR.exec(text))) {
      const e = current(it.line);
      e.memcgStatsPath = m[1];
      stamp(e, it, false);
      e.memcgStats = {};
      readStats([m[2]], e.memcgStats);
      touch(it.line, start); mode = 'stats'; continue;
    }
    // `Mem-info:` (lowercase i) before 2.6.3x.
    if (/^Mem-[Ii]nfo:/.test(text)) { body(it.line); touch(it.line, start); mode = 'meminfo'; continue; }
    // A paste that starts at Mem-Info's first counts (its `Mem-Info:` line cut off): the summary is read all the same.
    if (mode !== 'meminfo' && /^active_anon:\d+ inactive_anon:\d+ isolated_anon:\d+/.test(text) && !ev?.memInfoPages) { body(it.line); mode = 'meminfo'; }
    // show_mem's own lines when the paste starts below `Mem-info:` (2.6.1x: `Free pages:`, then `Active:N inactive:N …`).
    if (mode !== 'meminfo' && SHOW_MEM_26.test(text)) { body(it.line); mode = 'meminfo'; }
    if ((m = LMK_KILLING.exec(text)) || (m = LMKD_KILL.exec(text))) {
      const lmkd = !m[0].includes("Killing '");
      const e = fresh(it.line); ev = e;
      e.victimName = m[1]; e.victimPid = Number(m[2]); e.killLine = it.line; e.globalOom = true;
      e.victimOomScoreAdj = Number(lmkd ? m[4] : m[3]);
      e.lowMemoryKiller = { killer: lmkd ? 'lmkd' : 'lowmemorykiller', line: it.line, adj: e.victimOomScoreAdj };
      if (lmkd) { e.lowMemoryKiller.toFreeKb = Number(m[5]); e.victimUid = Number(m[3]); }
      stamp(e, it, false); touch(it.line, start); mode = 'none'; continue;
    }
    if ((m = LMK_SIGKILL.exec(text))) {
      const e = fresh(it.line); ev = e;
      // This older driver prints oom_adj (-17…15); as oom_score_adj that is 15 → 1000, else × 1000 / 17
      // (fs/proc/base.c oom_adjust_write).
      const oomAdj = Number(m[3]);
      e.victimPid = Number(m[1]); e.victimName = m[2]; e.killLine = it.line; e.globalOom = true;
      e.victimOomScoreAdj = oomAdj === 15 ? 1000 : Math.trunc((oomAdj * 1000) / 17);
      e.lowMemoryKiller = { killer: 'lowmemorykiller', line: it.line, adj: oomAdj, oomAdjScale: true };
      stamp(e, it, false); touch(it.line, start); mode = 'none'; continue;
    }
    if (ev?.lowMemoryKiller && (m = LMK_TO_FREE.exec(text))) { ev.lowMemoryKiller.toFreeKb = Number(m[1]); ev.lowMemoryKiller.onBehalfOf = m[2]; ev.invoker = m[2]; touch(it.line, start); continue; }
    if (ev?.lowMemoryKiller && (m = LMK_CACHE.exec(text))) { Object.assign(ev.lowMemoryKiller, { cacheKb: Number(m[1]), limitKb: Number(m[2]), minAdj: Number(m[3]) }); touch(it.line, start); continue; }
    if (ev?.lowMemoryKiller && (m = LMK_FREE.exec(text))) { ev.lowMemoryKiller.freeKb = Number(m[1]); touch(it.line, start); continue; }
    // systemd after a kernel kill in one of its units (src/core/unit.c unit_check_oom; OOMPolicy=stop|kill, 243+):
    // it notes the kill, then may SIGKILL the rest of the unit: one kill takes the whole service or container down.
    if (ev && (ev.killLine !== undefined || ev.victimPid !== undefined) && (m = SYSTEMD_OOM_UNIT.exec(text))) {
      ev.systemdUnit ??= { unit: m[1], line: it.line, killed: [] };
      touch(it.line, start); continue;
    }
    if (ev?.systemdUnit && (m = SYSTEMD_KILLING.exec(text)) && m[1] === ev.systemdUnit.unit) {
      ev.systemdUnit.killed.push({ pid: Number(m[2]), name: m[3], line: it.line });
      touch(it.line, start); continue;
    }
    if ((m = OOMD_PRESSURE.exec(text))) {
      const e = fresh(it.line); ev = e;
      const u: UserspaceKill = e.userspace = { killer: 'systemd-oomd', line: it.line, reason: 'memory-pressure', pressureOf: m[1] };
      if (m[2] !== undefined) { u.pressurePercent = Number(m[2]); u.limitPercent = Number(m[3]); u.duration = m[4]; }
      else { u.limitPercent = Number(m[5]); u.duration = `${m[6]}s`; }
      stamp(e, it, false); touch(it.line, start); mode = 'none'; continue;
    }
    if ((m = OOMD_CONSIDERED.exec(text))) {
      // After a pressure line it lists that decision's candidates; otherwise (the swap policy) it opens one.
      const joins = ev?.userspace && ev.userspace.cgroup === undefined && ev.userspace.considered === undefined;
      const e = joins ? ev! : (ev = fresh(it.line));
      e.userspace ??= { killer: 'systemd-oomd', line: it.line };
      e.userspace.considered = Number(m[1]);
      e.userspace.reason ??= 'swap';
      if (!joins) stamp(e, it, false);
      touch(it.line, start); mode = 'none'; continue;
    }
    if (ev?.userspace && OOMD_ATTEMPT.test(text)) { touch(it.line, start); continue; }
    if ((m = OOMD_KILLED.exec(text))) {
      // A kill line after `Considered …` or a pressure line belongs to it; otherwise it opens its own event.
      let e = ev;
      if (!e?.userspace || e.userspace.cgroup !== undefined) { e = ev = fresh(it.line); e.userspace = { killer: 'systemd-oomd', line: it.line }; stamp(e, it, false); }
      const u = e.userspace!;
      u.cgroup = m[1] ?? m[2]; u.line = it.line;
      if (m[3] !== undefined) readOomdReason(u, m[3]);
      touch(it.line, start); mode = 'none'; continue;
    }
    if (ev?.userspace?.cgroup !== undefined && OOMD_DUE.test(text)) { readOomdReason(ev.userspace, text); touch(it.line, start); continue; }
    if (ev?.userspace && (m = OOMD_SWAP.exec(text))) { ev.userspace.swapUsage ??= m[1]; touch(it.line, start); continue; }
    if (ev?.userspace && /^\s*Path: \S+/.test(text)) { touch(it.line, start); continue; }
    if ((m = OOMD_UNIT.exec(text))) {
      const e = ev?.userspace && ev.userspace.processes === undefined ? ev : (ev = fresh(it.line));
      e.userspace ??= { killer: 'systemd-oomd', line: it.line };
      e.userspace.unit = m[1]; e.userspace.processes = Number(m[2]);
      touch(it.line, start); mode = 'none'; continue;
    }
    if ((m = ZONE_LINE.exec(text))) {
      const e = body(it.line);
      const cma = /\bfree_cma:(\d+)kB/.exec(text);
      const z: OomZone = { zone: m[2], freeKb: Number(m[3]), minKb: Number(m[4]), line: it.line };
      if (m[1] !== undefined) z.node = Number(m[1]);
      if (m[5] !== undefined) z.lowKb = Number(m[5]);
      if (m[6] !== undefined) z.highKb = Number(m[6]);
      if (cma) z.freeCmaKb = Number(cma[1]);
      zoneCounters(z, text);
      (e.zones ??= []).push(z);
      touch(it.line, start); noteWrap(e); mode = 'meminfo';
      // A terminal wraps the long zone line into unprefixed lines of counters; free_cma may be on one.
      let cut = /\S*$/.exec(text)![0];
      while (idx + 1 < all.length && !all[idx + 1].prefixed) {
        const piece = all[idx + 1].text;
        if (piece.includes('all_unreclaimable? yes')) e.allUnreclaimable = true;
        const rest = ZONE_COUNTERS.test(piece) ? piece
          : /^\S/.test(piece) && /[a-z_()]+:\d+kB/.test(piece) && ZONE_COUNTERS_CUT.test(cut + piece) ? cut + piece : undefined;
        if (rest === undefined) break;
        const nx = all[++idx];
        cut = /\S*$/.exec(piece)![0];
        const c = /\bfree_cma:(\d+)kB/.exec(rest);
        if (c) z.freeCmaKb = Number(c[1]);
        zoneCounters(z, rest);
        (e.wrappedLines ??= []).push(nx.line);
        touch(nx.line, nx.start);
      }
      continue;
    }
    if (FAULT_RETRY.test(text)) { if (ev) { ev.faultRetryLine = it.line; touch(it.line, start); } continue; }
    if (NO_KILLABLE.test(text)) { const e = body(it.line); e.noKillableLine = it.line; touch(it.line, start); mode = 'none'; continue; }
    if ((m = PANIC.exec(text)) && ev) { ev.panicLine = it.line; ev.panic = m[1]; touch(it.line, start); mode = 'none'; continue; }
    if (/^Unreclaimable slab info:/.test(text)) { const e = body(it.line); e.slabDumpLine = it.line; touch(it.line, start); mode = 'slab'; continue; }
    if (ALLOC_HEAD.test(text)) { const e = body(it.line); e.allocationsLine = it.line; e.allocations = []; touch(it.line, start); mode = 'allocs'; continue; }
    if (/^Tasks state \(memory values in pages\):/.test(text)) { const e = current(it.line); e.taskTableLine = it.line; touch(it.line, start); mode = 'tasks'; taskColumns = []; continue; }
    // Before 4.19 the table has no title: the `[ pid ]` header opens it.
    if (TASK_HEADER.test(text) && (ev || mode === 'tasks')) {
      const e = current(it.line);
      e.taskTableLine ??= it.line;
      // A header wrapped by a mail client ends before `name`: the next line holds the rest.
      // Every column must be one the kernel prints (a break between two names lost no letter: `rss` / `rss_anon`).
      if (!/\sname\s*$/.test(text)) wrapped((t) => /\soom_score_adj\s+name\s*$/.test(t) && t.trim().replace(/^\[\s*pid\s*\]/, '').trim().split(/\s+/).every((c) => TASK_COLUMNS.has(c)));
      taskColumns = text.trim().replace(/^\[\s*pid\s*\]/, 'pid').split(/\s+/);
      touch(it.line, start); mode = 'tasks'; continue;
    }
    if ((m = CONSTRAINT.exec(text))) {
      let e = current(it.line);
      // journalctl -r prints newest first: a constraint line right after the kill line that names the same pid is
      // that kill's own (it precedes it in time), not a new report.
      const pid = /(?:^|,)pid=(\d+)/.exec(m[1])?.[1];
      const sameKill = e.killLine !== undefined && e.constraintLine === undefined && pid !== undefined && e.victimPid === Number(pid) && it.line - e.killLine <= 2;
      if (!sameKill && (e.constraintLine !== undefined || (e.killLine !== undefined && !e.groupKill))) e = ev = fresh(it.line);
      e.constraintLine = it.line;
      // journalctl's pager chops a long line at the screen's width and marks it `>`: the last value is a prefix.
      const chopped = /[^\s>]>$/.test(m[1]);
      const parts = (chopped ? m[1].slice(0, -1) : m[1]).split(',');
      if (chopped) out.problems.push({ line: it.line, severity: 'info', message: `This line was cut at the screen's width (the pager's ">" at its end): ${parts[parts.length - 1].split('=')[0]} is only the start of its value, and what followed it (the victim's task, pid and uid) is lost. journalctl --no-pager, or -o cat, prints whole lines.` });
      for (const part of parts) {
        const eq = part.indexOf('=');
        const k = (eq >= 0 ? part.slice(0, eq) : part).toLowerCase();
        const v = eq >= 0 ? part.slice(eq + 1) : '';
        if (k === 'constraint') e.constraint = v;
        else if (k === 'mems_allowed') e.memsAllowed = v;
        else if (k === 'oom_memcg') e.oomMemcg = v;
        else if (k === 'task_memcg') e.taskMemcg = v;
        else if (k === 'global_oom') e.globalOom = true;
        else if (k === 'task' && !e.victimName) e.victimName = v;
        else if (k === 'pid' && e.victimPid === undefined && /^\d+$/.test(v)) e.victimPid = Number(v);
        else if (k === 'uid' && e.victimUid === undefined && /^\d+$/.test(v)) e.victimUid = Number(v);
      }
      stamp(e, it, false);
      touch(it.line, start); noteWrap(e); mode = 'none'; continue;
    }
    if ((m = LEGACY_KILL.exec(text))) {
      let e = current(it.line);
      // Each selection is its own OOM (a restart loop logs one a minute); after a 4.19 constraint line naming the same pid it is the same one.
      if (e.killLine !== undefined || e.selectionLine !== undefined || (e.victimPid !== undefined && e.victimPid !== Number(m[2]))) e = ev = fresh(it.line);
      e.selectionLine = it.line;
      setPrefixScope(e, m[1]);
      e.victimPid = Number(m[2]); e.victimName = m[3];
      stamp(e, it, false);
      touch(it.line, start); noteWrap(e); mode = 'none'; continue;
    }
    if ((m = LEGACY_TASK_IN.exec(text))) {
      const e = current(it.line);
      e.taskMemcg = m[1] ?? m[2]; e.oomMemcg = m[3]; e.memcgOom = true;
      stamp(e, it, false);
      touch(it.line, start); continue;
    }
    if ((m = GROUP.exec(text))) {
      const e = current(it.line);
      e.groupKill = true; e.oomGroup = m[1];
      e.killed ??= [];
      if (e.killLine !== undefined && e.victimPid !== undefined && !e.killed.some((k) => k.pid === e.victimPid)) e.killed.push(victimKill(e));
      touch(it.line, start); mode = 'none'; continue;
    }
    if ((m = KILLED.exec(text))) {
      let e = current(it.line);
      const kill = readKill(m, it.line);
      if (e.groupKill && e.killLine !== undefined) {
        // A member of a memory.oom.group kill: the same event.
        const known = e.killed!.findIndex((k) => k.pid === kill.pid);
        if (known >= 0) e.killed![known] = kill; else e.killed!.push(kill);
        touch(it.line, start); noteWrap(e); mode = 'none'; continue;
      }
      if (e.killLine !== undefined) e = ev = fresh(it.line);
      e.killLine = it.line;
      if (m[1]) setPrefixScope(e, m[1]);
      e.victimPid = kill.pid; e.victimName = kill.name;
      e.victimTotalVmBytes = kill.totalVmBytes; e.victimAnonRssBytes = kill.anonRssBytes; e.victimFileRssBytes = kill.fileRssBytes; e.victimShmemRssBytes = kill.shmemRssBytes;
      e.victimUid = kill.uid ?? e.victimUid;
      e.victimPgtablesBytes = kill.pgtablesBytes;
      e.victimOomScoreAdj = kill.oomScoreAdj;
      if (e.groupKill) e.killed!.unshift(kill);
      stamp(e, it, true);
      touch(it.line, start); noteWrap(e); mode = 'none'; continue;
    }
    if ((m = EXITING.exec(text))) { if (ev && ev !== sink) touch(it.line, start); continue; }
    if ((m = REAPER.exec(text)) || (m = REAPER_STUCK.exec(text))) {
      const pid = Number(m[1]);
      const known = [...out.events].reverse().find((x) => x.victimPid === pid || x.killed?.some((k) => k.pid === pid));
      const open = ev && ev !== sink ? ev : undefined;
      // A report whose kill line was lost takes the reaper's victim; a reaper line on its own (no report open, or only
      // another lone reaper line) is a kill of its own. With the log's lines above it and no report among them, its
      // kill came from user space: a cut paste would start at the reaper line, right after its "Killed process".
      const lone = !known && (!open || (open.victimFromReaper && open.triggerLine === undefined && open.killLine === undefined && open.constraintLine === undefined));
      const e = known ?? (lone ? (ev = fresh(it.line)) : current(it.line));
      if (lone && idx > 0 && !m[0].includes('unable to reap')) { e.lowMemoryKiller = { killer: 'user-space', line: it.line }; e.globalOom = true; stamp(e, it, false); }
      e.reaperLine ??= it.line;
      // The kill line was lost (a cut paste, a dropped record) but the reaper names whom it reaped: the victim.
      if (e.victimPid === undefined && e.killLine === undefined && !e.groupKill) { e.victimPid = pid; e.victimName = m[2]; e.victimFromReaper = true; }
      if (m[0].includes('unable to reap')) { e.reaperStuck = true; e.reaperLine = it.line; }
      e.endLine = Math.max(e.endLine, it.line);
      if (!out.messageStart.has(it.line)) out.messageStart.set(it.line, start);
      mode = 'none'; continue;
    }
    // A capture that starts in Mem-Info's last lines (swap, page counts): the rest of a report, an event of its own.
    if (!ev && MEMINFO_TAIL.test(text)) { body(it.line); mode = 'meminfo'; }
    if ((!ev || (mode !== 'tasks' && ev.headlessTasks)) && (m = HEADLESS_ROW.exec(text))) {
      // Task-table rows whose header is above the capture: the middle columns differ by kernel, but every layout
      // starts with the pid and ends with oom_score_adj and the name, so those are read; said once.
      if (!headless) {
        headless = true;
        out.problems.push({ line: it.line, severity: 'info', message: 'OOM task-table rows without their header (the capture starts inside the table): which middle column is which differs by kernel, so only the pid, oom_score_adj and name are read.' });
      }
      (body(it.line).headlessTasks ??= []).push({ pid: Number(m[1]), oomScoreAdj: Number(m[2]), name: m[3], line: it.line });
      touch(it.line, start); continue;
    }
    if (!ev) continue;
    if ((m = OOM_BUDDY.exec(text))) {
      if (ev.buddyPageKb === undefined) { ev.buddyPageKb = Number(m[3]); ev.buddyPageLine = it.line; }
      const z: OomBuddyZone = { zone: m[2], freeKb: 0, cmaOnlyKb: 0, byOrderKb: [], line: it.line };
      if (m[1] !== undefined) z.node = Number(m[1]);
      const pageKb = Number(m[3]);
      // A count near 2^32 is a free-area counter below zero printed unsigned (2.6.10 printed them as unsigned long).
      const wrapped = [...text.matchAll(BUDDY_TERM)].find((t) => Number(t[1]) >= 2 ** 31);
      if (wrapped) {
        // Said once a zone: every report of a burst repeats the same broken counters.
        if (!wrappedZones.has(m[2])) {
          wrappedZones.add(m[2]);
          out.problems.push({ line: it.line, severity: 'warning', message: `Zone ${m[2]}'s free-block counts cannot be right: ${wrapped[1]}*${wrapped[2]}kB is 2^32 − ${2 ** 32 - Number(wrapped[1])} blocks, a counter that went below zero and is printed unsigned. This buddy line is left out; the kernel's free-area accounting is broken (a kernel bug, not memory).` });
        }
        touch(it.line, start); continue;
      }
      for (const t of text.matchAll(BUDDY_TERM)) {
        const kb = Number(t[1]) * Number(t[2]);
        z.freeKb += kb; if (t[3] === 'C') z.cmaOnlyKb += kb; if (t[3] === 'H') z.highAtomicOnlyKb = (z.highAtomicOnlyKb ?? 0) + kb;
        const order = Math.round(Math.log2(Number(t[2]) / pageKb));
        if (order >= 0) z.byOrderKb[order] = (z.byOrderKb[order] ?? 0) + kb;
      }
      (ev.buddyZones ??= []).push(z);
      touch(it.line, start); continue;
    }

    // Block bodies.
    // journalctl prints a multi-line message's later lines indented under its first, without the prefix.
    if (mode === 'stats' && /^\s*[a-z_]+ -?\d+$/.test(text)) {
      readStats([text.trim()], ev.memcgStats!);
      touch(it.line, start); continue;
    }
    if (mode === 'stats' && it.piece && /^[a-z_]+:\d+/.test(text)) {
      readStats([text], ev.memcgStats!);
      touch(it.line, start); continue;
    }
    if (mode === 'meminfo') {
      // 2.6.2x prints `Active:N inactive:N dirty:N …` and ` free:N slab:N mapped:N …` (one slab count, no anon/file split).
      if (/^\s*(active_anon|inactive_anon|isolated_anon|active_file|inactive_file|isolated_file|unevictable|dirty|writeback|slab_reclaimable|slab_unreclaimable|mapped|shmem|pagetables|sec_pagetables|bounce|kernel_misc_reclaimable|free|free_pcp|free_cma|Active|inactive):/.test(text)) {
        // After the zone lines began, such a piece is a zone line's counter a mailer wrapped (`unevictable:6516` / `kB …`):
        // the Mem-Info summary above them has the node's own count.
        if (!ev.zones?.length) {
          ev.memInfoPages ??= {};
          for (const p of text.matchAll(PAIRS)) if (!p[3]) ev.memInfoPages[p[1]] = Number(p[2]);
        }
        touch(it.line, start); continue;
      }
      const balloon = /^Node \d+ .*\bBalloon:(\d+)kB/.exec(text);
      if (balloon) ev.balloonKb = (ev.balloonKb ?? 0) + Number(balloon[1]);
      const swap = /^(Free|Total) swap\s*=\s*(\d+)kB/.exec(text);
      if (swap) { ev[swap[1] === 'Free' ? 'swapFreeKb' : 'swapTotalKb'] = Number(swap[2]); touch(it.line, start); continue; }
      const pages = /^(\d+) pages (RAM|reserved)\s*$/.exec(text);
      if (pages) { ev[pages[2] === 'RAM' ? 'ramPages' : 'reservedPages'] = Number(pages[1]); touch(it.line, start); continue; }
      // `lowmem_reserve[]: 0 1933 1933` under a zone line: the pages that zone keeps back from requests aimed at each higher zone.
      if ((m = /^lowmem_reserve\[\]:((?:\s+\d+)+)\s*$/.exec(text)) && ev.zones?.length) {
        const z = ev.zones[ev.zones.length - 1];
        z.reservePages ??= m[1].trim().split(/\s+/).map(Number);
        touch(it.line, start); continue;
      }
      if (/^(Node \d+|lowmem_reserve\[\]|\d+ total pagecache pages|Free swap|Total swap|\d+ pages|Swap cache stats|\d+ pages in swap cache|Free pages:|lowmem_reserve:)/.test(text)) { touch(it.line, start); continue; }
    }
    if (mode === 'allocs') {
      const a = ALLOC_ROW.exec(text);
      if (a) {
        ev.allocations!.push({ bytes: Math.round(Number(a[1]) * ALLOC_UNIT[a[2] ?? 'B']), raw: a[2] ? `${a[1]} ${a[2]}` : a[1], calls: Number(a[3]), file: a[4], lineNo: Number(a[5]), ...(a[6] ? { module: a[6] } : {}), func: a[7], line: it.line });
        touch(it.line, start); continue;
      }
      mode = 'none';
    }
    if (mode === 'slab') {
      if (/^Name\s+Used\s+Total/.test(text)) { touch(it.line, start); continue; }
      const s = SLAB_ROW.exec(text);
      if (s) { ev.unreclaimableSlab.push({ name: s[1], usedBytes: Number(s[2]) * 1024, totalBytes: Number(s[3]) * 1024, line: it.line }); touch(it.line, start); continue; }
      mode = 'none';
    }
    if (mode === 'tasks') {
      const r = TASK_ROW.exec(text);
      if (r) {
        let task = readTask(Number(r[1]), r[2], taskColumns, it.line);
        let wrap: number | undefined;
        if (!task && wrapped((t) => { const x = TASK_ROW.exec(t); return !!x && !!readTask(Number(x[1]), x[2], taskColumns, it.line); })) {
          const x = TASK_ROW.exec(text)!;
          task = readTask(Number(x[1]), x[2], taskColumns, it.line);
          wrap = all[idx].line;
        }
        if (task) {
          ev.tasks.push(task); touch(it.line, start);
          if (wrap !== undefined) { (ev.wrappedLines ??= []).push(wrap); ev.endLine = Math.max(ev.endLine, wrap); }
        } else out.problems.push({ line: it.line, severity: 'warning', message: `OOM task table row could not be read: expected ${taskColumns.length ? taskColumns.join(' ') : 'pid uid tgid total_vm rss pgtables_bytes swapents oom_score_adj name'}; found "${abbreviate(text, 60)}".` });
        continue;
      }
      mode = 'none';
    }
    if (it.indented && ev) touch(it.line, start);
  }
  for (const e of out.events) {
    if (e.triggerLine !== undefined && e.killLine === undefined && e.victimPid === undefined && e.noKillableLine === undefined) {
      out.problems.push({ line: e.endLine, severity: 'info', message: 'This OOM report has no "Killed process" line: the capture may be cut short, or no process could be killed.' });
    }
  }
  for (const [f, s] of sinks) {
    if (s.memInfoPages) f.memInfoPages = s.memInfoPages;
    if (s.zones) f.zones = s.zones;
    if (s.buddyPageKb !== undefined) { f.buddyPageKb = s.buddyPageKb; f.buddyPageLine = s.buddyPageLine; }
    if (s.buddyZones) f.buddyZones = s.buddyZones;
    if (s.swapFreeKb !== undefined) f.swapFreeKb = s.swapFreeKb;
    if (s.swapTotalKb !== undefined) f.swapTotalKb = s.swapTotalKb;
    if (s.allocations) { f.allocations = s.allocations; f.allocationsLine = s.allocationsLine; }
    if (s.ramPages !== undefined) f.ramPages = s.ramPages;
    if (s.reservedPages !== undefined) f.reservedPages = s.reservedPages;
    if (s.balloonKb !== undefined) f.balloonKb = s.balloonKb;
  }
  if (slub.length) out.slubFailures = slub;
  const dated = out.events.find((e) => e.timeIso);
  out.capturedAt = dated?.timeIso ?? firstIso;
  return out;
}

/** The zone line's `name:NkB` counters (mm/show_mem.c show_free_areas). */
function zoneCounters(z: OomZone, text: string): void {
  for (const c of text.matchAll(/\b([a-z_]+(?:\((?:anon|file)\))?):(\d+)kB\b/g)) (z.countersKb ??= {})[c[1]] = Number(c[2]);
}

/** A call-trace frame as a reader knows it: `copy_process.part.46` is copy_process, split by the compiler. */
export function frameName(frame: string): string {
  return frame.replace(/\.(?:part|isra|constprop|cold|lto_priv)(?:\.\d+)*/g, '');
}

function readKill(m: RegExpExecArray, line: number): OomKill {
  const rest = m[5];
  // Digit grouping added by a viewer or a translation (`anon-rss:153,700,88kB`) is taken out: the kernel prints plain digits.
  const kb = (name: string) => { const r = new RegExp(`${name}:(\\d[\\d,]*)kB`).exec(rest); return r ? Number(r[1].replace(/,/g, '')) * 1024 : undefined; };
  const num = (name: string) => { const r = new RegExp(`${name}:(-?\\d+)`).exec(rest); return r ? Number(r[1]) : undefined; };
  const k: OomKill = { pid: Number(m[2]), name: m[4], line };
  const uid = num('UID') ?? (m[3] !== undefined ? Number(m[3]) : undefined);
  const fields: [keyof OomKill, number | undefined][] = [
    ['uid', uid], ['totalVmBytes', kb('total-vm') ?? kb('vsz')], ['anonRssBytes', kb('anon-rss')], ['fileRssBytes', kb('file-rss')],
    ['shmemRssBytes', kb('shmem-rss')], ['pgtablesBytes', kb('pgtables')], ['oomScoreAdj', num('oom_score_adj')],
  ];
  for (const [key, v] of fields) if (v !== undefined) (k as unknown as Record<string, number>)[key] = v;
  return k;
}

function victimKill(e: OomEvent): OomKill {
  const k: OomKill = { pid: e.victimPid!, name: e.victimName ?? '', line: e.killLine! };
  const fields: [keyof OomKill, number | undefined][] = [
    ['uid', e.victimUid], ['totalVmBytes', e.victimTotalVmBytes], ['anonRssBytes', e.victimAnonRssBytes], ['fileRssBytes', e.victimFileRssBytes],
    ['shmemRssBytes', e.victimShmemRssBytes], ['pgtablesBytes', e.victimPgtablesBytes], ['oomScoreAdj', e.victimOomScoreAdj],
  ];
  for (const [key, v] of fields) if (v !== undefined) (k as unknown as Record<string, number>)[key] = v;
  return k;
}

/** memory.stat lines inside the report (v2 `key bytes`, or v1 `key:valueKB`). */
function readStats(parts: string[], into: Record<string, number>): void {
  for (const part of parts) {
    const t = part.trim();
    if (!t) continue;
    const kv = /^([a-z_]+) (-?\d+)$/.exec(t);
    if (kv) { into[kv[1]] = Number(kv[2]); continue; }
    for (const p of t.matchAll(/([a-z_]+):(\d+)(KB|kB)?/g)) into[p[1]] = Number(p[2]) * (p[3] ? 1024 : 1);
  }
}

const DEFAULT_COLUMNS = ['pid', 'uid', 'tgid', 'total_vm', 'rss', 'pgtables_bytes', 'swapents', 'oom_score_adj', 'name'];

function readTask(pid: number, rest: string, columns: string[], line: number): OomTask | undefined {
  const cols = columns.length ? columns : DEFAULT_COLUMNS;
  const numeric = cols.slice(1, cols.length - 1);
  const toks = rest.trim().split(/\s+/);
  if (toks.length < numeric.length + 1) return undefined;
  const values: Record<string, number> = {};
  for (let i = 0; i < numeric.length; i++) {
    if (!/^-?\d+$/.test(toks[i])) return undefined;
    values[numeric[i]] = Number(toks[i]);
  }
  const name = toks.slice(numeric.length).join(' ');
  return {
    pid, uid: values.uid ?? 0, tgid: values.tgid ?? pid, totalVmPages: values.total_vm ?? 0, rssPages: values.rss ?? 0,
    pgtablesBytes: values.pgtables_bytes, swapEntsPages: values.swapents ?? 0, oomScoreAdj: values.oom_score_adj ?? 0, name,
    rssAnonPages: values.rss_anon, rssFilePages: values.rss_file, rssShmemPages: values.rss_shmem, line,
  };
}

/** oomd's `due to memory pressure for X being P% > L% for > D` or `due to swap used`, onto the kill it explains. */
function readOomdReason(u: UserspaceKill, text: string): void {
  const m = OOMD_DUE.exec(text);
  if (!m) return;
  if (m[1] === undefined) { u.reason = 'swap'; return; }
  u.reason = 'memory-pressure'; u.pressureOf = m[1]; u.pressurePercent = Number(m[2]); u.limitPercent = Number(m[3]); u.duration = m[4];
}
