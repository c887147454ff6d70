/**
 * Finds the process-side blocks of a document before the kernel-capture splitter runs:
 * /proc/PID/status, smaps_rollup, smaps and cgroup, the JVM's `jcmd` answers (VM.native_memory,
 * VM.flags, GC.heap_info, and -XX:+PrintFlagsFinal tables) and the Go runtime's numbers
 * (pprof heap?debug=1, expvar /debug/vars, GODEBUG=gctrace=1, GOMEMLIMIT). Each block ends where
 * its format ends; a `==> PATH <==` header or a shell prompt right above it is its header.
 * A document without any marker costs one regex test.
 */
import type { ProcessKind } from '../../model';
import { LineTable, type LineSource } from '../lines';
import { attachHeader as attachHeaderAbove, capturedAbove } from '../blockHeader';
import { cleanLine } from '../kubernetes/text';

export interface ProcBlock {
  kind: ProcessKind;
  /** jvm-nmt: summary | diff | detail; jvm-flags: vm-flags | flags-final; go-memstats: pprof | expvar | gctrace | env. */
  variant?: string;
  /** First and last content line (inclusive). */
  start: number;
  end: number;
  headerLine?: number;
  source?: string;
  capturedAt?: string;
  detectedBy: 'content' | 'prompt' | 'header';
}

/**
 * Any marker at all: literals only, so the engine scans fast. `Pss:` and `VmRSS:` cover status,
 * smaps and smaps_rollup, `::/` and `:memory:/` the cgroup file.
 */
const MARKER = /VmRSS:|VmSize:|RssAnon:|VmHWM:|Pss:|\[rollup\]|Native [Mm]emory [Tt]racking|runtime\.MemStats|"memstats"|heap profile:|-XX:|\[Global flags\]|garbage-first heap|PSYoungGen|ParOldGen| generation +total|ZHeap|Shenandoah Heap|Metaspace +used|GOMEMLIMIT=|GOGC=|::\/|:memory:\/|:name=systemd:\/| ms clock, |product\}|committed=|"HeapInuse"|Baseline (?:taken|succeeded)/;

export function mayHaveProcess(lines: LineSource): boolean {
  if (!(lines instanceof LineTable)) return true;
  return MARKER.test(lines.text);
}

// ── Line shapes ────────────────────────────────────────────────────────────

const HEADER_RE = /^==> (.+) <==\s*$/;
/** `Key:\tvalue` as /proc/PID/status and smaps print it (keys may hold parentheses: none do today, some vendors add them). */
export const STATUS_LINE = /^\s*([A-Za-z_][\w()]*):(?:[ \t]|$)/;
/** Keys only /proc/PID/status prints (never meminfo, never smaps). */
const STATUS_KEYS = new Set([
  'Umask', 'State', 'Tgid', 'Ngid', 'Pid', 'PPid', 'TracerPid', 'Uid', 'Gid', 'FDSize', 'Groups', 'NStgid', 'NSpid', 'NSpgid', 'NSsid', 'Kthread',
  'VmPeak', 'VmSize', 'VmLck', 'VmPin', 'VmHWM', 'VmRSS', 'RssAnon', 'RssFile', 'RssShmem', 'VmData', 'VmStk', 'VmExe', 'VmLib', 'VmPTE', 'VmPMD',
  'VmSwap', 'HugetlbPages', 'CoreDumping', 'THP_enabled', 'untag_mask', 'Threads', 'SigQ', 'SigPnd', 'ShdPnd', 'SigBlk', 'SigIgn', 'SigCgt',
  'CapInh', 'CapPrm', 'CapEff', 'CapBnd', 'CapAmb', 'NoNewPrivs', 'Seccomp', 'Seccomp_filters', 'Speculation_Store_Bypass', 'SpeculationIndirectBranch',
  'Cpus_allowed', 'Cpus_allowed_list', 'Mems_allowed', 'Mems_allowed_list', 'voluntary_ctxt_switches', 'nonvoluntary_ctxt_switches', 'x86_Thread_features',
  'x86_Thread_features_locked', 'Mems_allowed', 'ksm_rmap_items', 'ksm_zero_pages', 'ksm_merging_pages', 'ksm_process_profit',
]);
/** Keys a status block shares with nothing else (Name: and Pid: alone are too common). */
const STRONG_STATUS = /^(?:Tgid|PPid|TracerPid|VmPeak|VmSize|VmLck|VmHWM|VmRSS|RssAnon|RssFile|RssShmem|VmData|VmStk|VmExe|VmLib|VmPTE|VmSwap|HugetlbPages|Threads|SigQ|SigBlk|CapEff|voluntary_ctxt_switches|nonvoluntary_ctxt_switches|Cpus_allowed_list|Mems_allowed_list|NSpid|FDSize|Umask)$/;
/** meminfo keys: a status block stops at them (two files catted with nothing between). */
const MEMINFO_START = /^(?:MemTotal|MemFree|MemAvailable|Buffers|Cached|SwapCached|Active|Inactive|Vmalloc\w*|Committed_AS|CommitLimit|HugePages_\w+|Hugepagesize|Hugetlb|DirectMap\w+|Slab|SReclaimable|SUnreclaim|KernelStack|PageTables|Percpu|AnonPages|Mapped|Shmem|Dirty|Writeback)$/;

/** The keys of an smaps entry and of smaps_rollup (fs/proc/task_mmu.c, __show_smap and show_smap). */
export const SMAPS_KEYS = new Set([
  'Size', 'KernelPageSize', 'MMUPageSize', 'Rss', 'Pss', 'Pss_Dirty', 'Pss_Anon', 'Pss_File', 'Pss_Shmem', 'Shared_Clean', 'Shared_Dirty', 'Private_Clean',
  'Private_Dirty', 'Referenced', 'Anonymous', 'KSM', 'LazyFree', 'AnonHugePages', 'ShmemPmdMapped', 'FilePmdMapped', 'Shared_Hugetlb', 'Private_Hugetlb',
  'Swap', 'SwapPss', 'Locked', 'THPeligible', 'ProtectionKey', 'VmFlags', 'MMUPageSize', 'ShmemHugePages', 'ShmemPmdMapped',
]);
/** A mapping's first line: `start-end perms offset dev inode [pathname]` (fs/proc/task_mmu.c show_map_vma). */
export const MAPPING_RE = /^\s*([0-9a-f]+)-([0-9a-f]+)\s+([r-][w-][x-][psS-])\s+([0-9a-f]+)\s+([0-9a-f]+:[0-9a-f]+)\s+(\d+)(?:[ \t]+(.*))?$/;
/** `N:controllers:/path` of /proc/PID/cgroup (kernel/cgroup/cgroup.c proc_cgroup_show). */
export const CGROUP_RE = /^\s*(\d+):([^:\s]*):(\/.*)$/;
/** `-  Category (reserved=…, committed=…)` of an NMT summary. */
export const NMT_CATEGORY = /^\s*(?:-\s+)?([A-Za-z][\w ]*?)\s+\((reserved=.*)\)\s*$/;
/** `gc 12 @3.456s 2%: …` of GODEBUG=gctrace=1 (runtime/mgc.go gcMarkTermination). */
export const GCTRACE_RE = /(?:^|\s)gc \d+ @[\d.]+s \d+%:/;
export const SCVG_RE = /(?:^|\s)(?:scvg\d*:|pacer:|GC forced|gc \d+\(\d+\):)/;
/** `# Key = value` of pprof's MemStats block (net/http/pprof → runtime/pprof writeHeapInternal). */
export const PPROF_STAT = /^\s*#\s+([A-Za-z]+)\s+=\s+(.*)$/;
const PPROF_RECORD = /^\s*\d+: \d+ \[\d+: \d+\] @/;
/** A heap_info line: a collector's heap, a generation, a space, a G1 region line, Metaspace. */
export const HEAP_LINE = /^\s*(?:garbage-first heap|PSYoungGen|PSOldGen|ParOldGen|def new generation|par new generation|tenured generation|concurrent mark-sweep generation|Shenandoah Heap|ZHeap|Epsilon Heap|Metaspace\s+used|class space\s+used|region size|eden space|from space|to\s+space|object space|the space|\d+K max|\d+ x \d+K regions|Status:|Reserved region:|Collection set:|ZGC Globals:|Young Collection:|Old Collection:|\{?Heap (?:before|after) GC invocations=|\}\s*$)/;
const HEAP_FIRST = /^\s*(?:garbage-first heap|PSYoungGen|def new generation|par new generation|Shenandoah Heap|ZHeap|Epsilon Heap|Metaspace\s+used)\b/;
/** A PrintFlagsFinal row: `   size_t MaxHeapSize   = 67108864   {product} {command line}` (JDK 8: `:=`, one brace). */
export const FLAG_ROW = /^\s*(\w+)\s+(\w+)\s+(:?=)\s?(.*?)\s*(\{[^}]*\}(?:\s*\{[^}]*\})?)\s*$/;
/** `-XX:` options of `jcmd PID VM.flags` (and a java command line). */
const XX_LINE = /^\s*-XX:[+-]?\w/;
const ENV_LINE = /^\s*(?:export\s+)?(?:GOMEMLIMIT|GOGC|GODEBUG|GOMAXPROCS)=\S*\s*$/;
const PID_LINE = /^\s*\d+:\s*$/;
const JVM_VERSION = /^(?:openjdk|java) version "|^(?:OpenJDK|Java\(TM\)|Java HotSpot|IBM|Eclipse OpenJ9)[\w ()-]*(?:Runtime Environment|VM)\b/;

/** A command above a block: behind a prompt (`$`, `#`, `##`, `>`, `user@host:~$`) or typed bare. */
const COMMAND_RE = /^\s*(?:\([\w.-]+\)\s+)?(?:\[[^\]]*\]\s?[#$]|[\w.-]+@[\w.-]+(?::[^\s#$>]*)?\s?[#$>]|[\w.-]+:[^\s#$>]*\s?[#$>]|(?:sh|bash)-[\d.]+[#$]|#{1,3}|[$>%]:?)?\s*((?:sudo\s+(?:-\S+\s+)*)?(?:(?:GODEBUG|GOMEMLIMIT|GOGC|GOMAXPROCS)=\S*\s+\S.*|(?:[A-Z_]+=\S*\s+)*(?:cat|head|tail|less|more|grep|egrep|jcmd|jinfo|java|curl|wget|go|kubectl|k|oc|docker|crictl|nsenter|sudo|env|printenv|journalctl|jhsdb)\b.*))$/;

function command(text: string): string | undefined {
  if (text.length > 400) return undefined;
  const m = COMMAND_RE.exec(text);
  return m ? m[1].trim() : undefined;
}

const isBlank = (t: string) => t.trim() === '';
/** The regexes with a lazy part run on lines of sane length only (no format prints longer ones). */
const isNmtCategory = (t: string) => t.length <= 2000 && NMT_CATEGORY.test(t);
const isFlagRow = (t: string) => t.length <= 2000 && FLAG_ROW.test(t);
/** Lines longer than this are never read as process-format lines. */
export const MAX_LINE = 65536;

export function findProcessBlocks(lines: LineSource): ProcBlock[] {
  const n = lines.length;
  const cache = new Map<number, string>();
  const get = (k: number): string => {
    if (k < 0 || k >= n) return '';
    let t = cache.get(k);
    if (t === undefined) {
      const raw = lines.get(k);
      // A line this long is no line of these formats (expvar's memstats line, the longest, is ~15 kB): regexes never see it.
      t = raw.length > MAX_LINE ? '\u0000' : cleanLine(k, raw).text;
      if (cache.size > 4096) cache.clear();
      cache.set(k, t);
    }
    return t;
  };
  const blocks: ProcBlock[] = [];
  let floor = 0;
  for (let i = 0; i < n; i++) {
    const raw = lines.get(i);
    if (raw.length > MAX_LINE) continue;
    let p = 0;
    while (p < raw.length && (raw.charCodeAt(p) === 32 || raw.charCodeAt(p) === 9 || raw.charCodeAt(p) === 62)) p++;
    if (p >= raw.length) continue;
    const b = tryBlock(i, raw.charCodeAt(p), get, n, floor);
    if (!b) continue;
    attachHeader(b, get, floor);
    const at = capturedAbove(b.headerLine ?? b.start, get);
    if (at) b.capturedAt = at;
    blocks.push(b);
    floor = b.end + 1;
    i = b.end;
  }
  return blocks;
}

/**
 * The last line of a run that starts at `i`: lines for which `ok` holds, and a single other
 * non-blank line between two of them (read, and reported, as a bad line of the block).
 */
function run(i: number, n: number, get: (k: number) => string, ok: (t: string, k: number) => boolean): number {
  let end = i;
  for (let k = i + 1; k < n; k++) {
    const t = get(k);
    if (ok(t, k)) { end = k; continue; }
    if (!isBlank(t) && !HEADER_RE.test(t) && !command(t) && k + 1 < n && ok(get(k + 1), k + 1)) { end = k + 1; k++; continue; }
    break;
  }
  return end;
}

function statusKey(t: string): string | undefined {
  const m = STATUS_LINE.exec(t);
  return m ? m[1] : undefined;
}

function tryBlock(i: number, c: number, get: (k: number) => string, n: number, floor: number): ProcBlock | undefined {
  const t = get(i);
  // jcmd's first line is the PID (`7477:`): the answer below says what it is.
  if (c >= 48 && c <= 57 && PID_LINE.test(t)) {
    let k = i + 1;
    while (k < n && k <= i + 3 && isBlank(get(k))) k++;
    const b = k < n ? tryJcmdBody(k, get(k), get, n) : undefined;
    if (b) { b.start = i; return b; }
  }
  const body = tryJcmdBody(i, t, get, n);
  if (body) return body;
  // /proc/PID/cgroup.
  if (c >= 48 && c <= 57 && CGROUP_RE.test(t)) {
    const end = run(i, n, get, (u) => CGROUP_RE.test(u));
    return { kind: 'proc-cgroup', start: i, end, detectedBy: 'content' };
  }
  // smaps and smaps_rollup: a mapping header followed by its fields.
  if (((c >= 48 && c <= 57) || (c >= 97 && c <= 102)) && MAPPING_RE.test(t) && SMAPS_KEYS.has(statusKey(get(i + 1)) ?? '')) {
    const rollup = /\[rollup\]\s*$/.test(t);
    const end = run(i, n, get, (u, k) => SMAPS_KEYS.has(statusKey(u) ?? '') || (!rollup && MAPPING_RE.test(u) && SMAPS_KEYS.has(statusKey(get(k + 1)) ?? '')));
    return { kind: rollup ? 'smaps-rollup' : 'smaps', start: i, end, detectedBy: 'content' };
  }
  // Key: value lines: status, or smaps_rollup's fields without their header line.
  const key = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) ? statusKey(t) : undefined;
  if (key && (STATUS_KEYS.has(key) || key === 'Name')) {
    const ok = (u: string) => { const k = statusKey(u); return k !== undefined && !MEMINFO_START.test(k) && !SMAPS_KEYS.has(k); };
    if (ok(t)) {
      let start = i;
      const end = run(i, n, get, ok);
      let strong = 0;
      for (let k = start; k <= end && strong < 2; k++) if (STRONG_STATUS.test(statusKey(get(k)) ?? '')) strong++;
      if (strong >= 2) {
        while (start > floor && ok(get(start - 1))) start--;
        return { kind: 'proc-status', start, end, detectedBy: 'content' };
      }
    }
  }
  if (key === 'Rss' || key === 'Pss' || key === 'Size') {
    const end = run(i, n, get, (u) => SMAPS_KEYS.has(statusKey(u) ?? ''));
    let pss = false; let pageSize = false;
    for (let k = i; k <= end; k++) { const kk = statusKey(get(k)); if (kk === 'Pss') pss = true; if (kk === 'KernelPageSize') pageSize = true; }
    if (pss && end > i) return { kind: pageSize ? 'smaps' : 'smaps-rollup', start: i, end, detectedBy: 'content' };
  }
  // Go: pprof heap?debug=1, expvar, gctrace, the environment.
  if (c === 104 /* h */ && /^\s*heap profile: \d+: \d+ \[\d+: \d+\] @/.test(t)) return { kind: 'go-memstats', variant: 'pprof', start: i, end: pprofEnd(i, get, n), detectedBy: 'content' };
  if (c === 35 /* # */ && /^\s*#\s*runtime\.MemStats\s*$/.test(t)) return { kind: 'go-memstats', variant: 'pprof', start: i, end: pprofEnd(i, get, n), detectedBy: 'content' };
  if (t.indexOf(' ms clock, ') > 0 && GCTRACE_RE.test(t)) {
    const end = run(i, n, get, (u) => GCTRACE_RE.test(u) || SCVG_RE.test(u));
    return { kind: 'go-memstats', variant: 'gctrace', start: i, end, detectedBy: 'content' };
  }
  if (c === 123 /* { */) {
    const j = jsonEnd(get, i, n);
    for (let k = i; k <= Math.min(j, i + 50); k++) if (/"memstats"\s*:|"HeapInuse"\s*:/.test(get(k))) return { kind: 'go-memstats', variant: 'expvar', start: i, end: j, detectedBy: 'content' };
    return undefined;
  }
  if ((c === 71 || c === 101) && ENV_LINE.test(t)) {
    let end = i;
    let limit = false;
    for (let k = i; k < n && ENV_LINE.test(get(k)); k++) { end = k; if (/GOMEMLIMIT|GOGC/.test(get(k))) limit = true; }
    return limit ? { kind: 'go-memstats', variant: 'env', start: i, end, detectedBy: 'content' } : undefined;
  }
  return undefined;
}

/** What jcmd printed under its PID line (or what was pasted without it). */
function tryJcmdBody(i: number, t: string, get: (k: number) => string, n: number): ProcBlock | undefined {
  if (/^\s*Native Memory Tracking:\s*$/.test(t) || (/^\s*Total: reserved=\d+\w*(?: [+-]\d+\w*)?, committed=/.test(t) && isNmtCategory(nextNonBlank(i, get, n)) ) || (isNmtCategory(t) && /^\s*\(/.test(get(i + 1)))) return { kind: 'jvm-nmt', start: i, end: nmtEnd(i, get, n), detectedBy: 'content' };
  if (/^\s*Baseline (?:succeeded|taken)\s*$/.test(t)) return { kind: 'jvm-nmt', variant: 'baseline', start: i, end: i, detectedBy: 'content' };
  if (/^\s*Native memory tracking is not enabled|^\s*Native memory tracking has been (?:shut ?down|turned off)|^\s*Native Memory Tracking is not enabled/i.test(t)) return { kind: 'jvm-nmt', start: i, end: i, detectedBy: 'content' };
  if (XX_LINE.test(t) && (t.match(/-XX:/g)?.length ?? 0) >= 2) {
    let end = i;
    while (end + 1 < n && XX_LINE.test(get(end + 1))) end++;
    return { kind: 'jvm-flags', variant: 'vm-flags', start: i, end, detectedBy: 'content' };
  }
  if (/^\s*\[Global flags\]\s*$/.test(t) || (isFlagRow(t) && isFlagRow(get(i + 1)) && isFlagRow(get(i + 2)))) {
    const end = run(i, n, get, (u) => isFlagRow(u) || /^\s*\[(?:Global|Local) flags\]\s*$/.test(u) || JVM_VERSION.test(u));
    return { kind: 'jvm-flags', variant: 'flags-final', start: i, end, detectedBy: 'content' };
  }
  if (HEAP_FIRST.test(t) || (/^\s*(?:Heap:|\{?Heap (?:before|after) GC invocations=\d+.*:)\s*$/.test(t) && HEAP_FIRST.test(get(i + 1)))) {
    let end = i;
    for (let k = i + 1; k < n; k++) {
      const u = get(k);
      if (HEAP_LINE.test(u) || (/^\s{1,}\S/.test(u) && /\d+[KMG]\b/.test(u) && !MAPPING_RE.test(u))) end = k; else break;
    }
    return { kind: 'jvm-heap', start: i, end, detectedBy: 'content' };
  }
  return undefined;
}

function nextNonBlank(i: number, get: (k: number) => string, n: number): string {
  for (let k = i + 1; k < n && k < i + 4; k++) if (!isBlank(get(k))) return get(k);
  return '';
}

/** An NMT report ends after its last category (a detail report goes on with its map and call sites). */
function nmtEnd(i: number, get: (k: number) => string, n: number): number {
  let end = i;
  let detail = false;
  for (let k = i + 1; k < n; k++) {
    const t = get(k);
    if (isBlank(t)) continue;
    if (HEADER_RE.test(t) || (command(t) && !/^\s/.test(t))) break;
    if (/^\s*(?:Virtual memory map|Details|Memory file details|Memory map of)\b/.test(t)) { detail = true; end = k; continue; }
    const s = t.trimStart();
    const like = (u: string) => /^(?:\(|-\s|:\s*\(|Total:|malloc[:=]|mmap:|Omitting)/.test(u.trimStart()) || isNmtCategory(u);
    if (like(t) || (detail && (/^\s/.test(t) || s.startsWith('[') || s.startsWith('(')))) { end = k; continue; }
    // One unreadable line inside the report (a paste accident): kept in the block, reported by the parser.
    if (!command(t) && k + 1 < n && like(get(k + 1))) { end = k; continue; }
    break;
  }
  return end;
}

/** pprof's heap?debug=1: records and their stacks, then the MemStats block. */
function pprofEnd(i: number, get: (k: number) => string, n: number): number {
  let end = i;
  for (let k = i + 1; k < n; k++) {
    const t = get(k);
    if (isBlank(t)) continue;
    if (/^\s*#/.test(t) || PPROF_RECORD.test(t)) { end = k; continue; }
    break;
  }
  return end;
}

/** Where a JSON text that starts on line `i` ends: the line that closes its first brace (or the last line before it is cut). */
function jsonEnd(get: (k: number) => string, i: number, n: number): number {
  let depth = 0;
  let inString = false;
  let last = i;
  for (let k = i; k < n && k < i + 100000; k++) {
    const t = get(k);
    if (k > i && (HEADER_RE.test(t) || (depth > 0 && t.trim() && !/^\s*["{}[\]\d,:tfn-]/.test(t)))) return last;
    for (let j = 0; j < t.length; j++) {
      const ch = t.charCodeAt(j);
      if (inString) { if (ch === 92) j++; else if (ch === 34) inString = false; } else if (ch === 34) inString = true;
      else if (ch === 123 || ch === 91) depth++;
      else if (ch === 125 || ch === 93) { depth--; if (depth <= 0) return k; }
    }
    inString = false;
    if (t.trim()) last = k;
  }
  return last;
}

/** A prompt, bare command or `==>` header right above a block (blank, date and `Picked up JAVA_TOOL_OPTIONS` lines between are allowed). */
function attachHeader(b: ProcBlock, get: (k: number) => string, floor: number): void {
  attachHeaderAbove(b, get, floor, command, /^Picked up (?:JAVA_TOOL_OPTIONS|_JAVA_OPTIONS|JDK_JAVA_OPTIONS):/);
}
