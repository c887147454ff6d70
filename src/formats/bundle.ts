/**
 * Splits a document into sections: `==> PATH <==` headers (tail/head),
 * `PATH:line` prefixes (grep), shell prompts, timestamp lines, kubectl debug
 * noise, and files run together with no header at all (split by content).
 * Each section gets its kind, source, line range and capture time.
 */
import type { PsiResource, SectionKind } from '../model';
import { LineTable, type LineSource } from './lines';
import { hasLogPrefix, OOM_MARKER, readLogPrefix } from './logPrefix';
import { baseName, kindFromPath, looksLikeCapturePath, type PathHint } from './paths';
import { readEpochLine, readTimestampLine } from './timestamps';
import { nonCaptureCommand, printsEpoch, repeats } from './commands';
import { isSlabtopLine, SLABTOP_LONE_NAME, SLABTOP_ROW_NONAME } from './slabtop';
import { PSI_TOTAL_TAIL } from './pressure';
import { isV1StatKey } from './units';
import { HAS_LIMIT, RECORDED, SIGNED, type KvColumns } from './kvColumns';

export interface SectionDraft {
  kind: SectionKind;
  variant?: string;
  resource?: PsiResource;
  source?: string;
  headerLine?: number;
  capturedAt?: string;
  detectedBy: 'content' | 'file-name' | 'header' | 'prompt';
  /** Line numbers of the section's content (numbers, not objects: a week of captures has millions). */
  nos: number[];
  /** Column where content starts on every line (the `grep` prefix length), else 0. */
  col: number;
  /** `grep -n` with several files: every line has `N:` after the `col` prefix. */
  numbered?: boolean;
  /** Lines read whole, without the `col` prefix: a grep line's tail that a mailer wrapped onto its own line. */
  whole?: number[];
  /** Email-quoted lines: `> ` (any depth) comes before everything, `col` counts from after it. */
  quoted?: boolean;
  /** A value the session wrote (`echo 10M > memory.limit_in_bytes`): its columns on its one line. */
  written?: { start: number; end: number };
  startLine: number;
  endLine: number;
}

/** `echo VALUE > FILE` and `echo VALUE | [sudo] tee FILE`: the value a session set a file to. */
const WRITE_COMMAND = /^(?:sudo\s+)?echo\s+(?:-n\s+)?(["']?)([^\s"'>|]+)\1\s*(?:>|\|\s*(?:sudo\s+)?tee(?:\s+-a)?\s)\s*(\S+)\s*$/;

/** Kinds whose every line is a value: a sentence cannot be part of them. */
const PROSE_ENDS = new Set<SectionKind>(['pressure', 'cgroup-value', 'memory-stat', 'memory-events', 'vmstat', 'meminfo']);

/** The shape of one content line, the unit of content-based splitting. */
export type LineShape =
  | 'blank' | 'slab' | 'slabtop' | 'meminfo' | 'psi' | 'kv' | 'numa' | 'buddy' | 'zone' | 'number' | 'log' | 'denied' | 'other';

const MEMINFO_LINE = /^(?:Node \d+ )?[A-Za-z][\w()]*:\s*[+-]?\d+(?:\s*kB)?\s*$/;
/** Keys every kernel's meminfo has some of (fs/proc/meminfo.c). */
const MEMINFO_KEY = /^(MemTotal|MemFree|MemAvailable|Buffers|Cached|SwapCached|Active|Inactive|Active\((anon|file)\)|Inactive\((anon|file)\)|Unevictable|Mlocked|SwapTotal|SwapFree|Dirty|Writeback|AnonPages|Mapped|Shmem|Slab|SReclaimable|SUnreclaim|KernelStack|PageTables|CommitLimit|Committed_AS|VmallocTotal|VmallocUsed|HugePages_\w+|Hugepagesize|DirectMap\w+|KReclaimable|Percpu|AnonHugePages)$/;
const KV_LINE = /^[a-z][a-z0-9_.]*\s+[+-]?\d+\s*$/;
const KV_HUMAN = /^[a-z][a-z0-9_]*\s+\d+(?:\.\d+)?[KMGTP](?:i?B)?\s*$/;
const PSI_LINE = /^(some|full)\s+avg10=/;
const NUMA_LINE = /^[a-z_]+(?:=\d+)?\s+N\d+=\d+/;
const BUDDY_LINE = /^\s*Node\s+\d+,\s+zone\s+\S+/;
/** Lines of an OOM report's body without a log prefix (a paste that starts inside Mem-Info or the task table). */
const REPORT_BODY = /^\s*(?:(?:Node \d+ )?[A-Z][A-Za-z0-9]* (?:free:\d|per-cpu:)|active_anon:|Active:\d|Mem-Info:|lowmem_reserve|Free pages:|Swap cache|\[\s*\d+\]|\d+ total pagecache pages)/;
/** /proc/pagetypeinfo's own headings (mm/vmstat.c pagetypeinfo_show): they belong to its rows, across its blank lines. */
const PAGETYPE_HEAD = /^(?:Page block order:\s*\d+|Pages per block:\s*\d+|Free pages count per migrate type at order\b|Number of blocks type\s)/;
const NUMBER_LINE = /^\s*(?:[+-]?\d+|max)\s*$/;
/** The 2.4-era table above the key lines: `        total:    used:    free: …` and `Mem:`/`Swap:` rows in bytes. */
const MEMINFO24 = /^(?:\s*total:\s+used:\s+free:|(?:Mem|Swap):\s+\d+(?:\s+\d+){2,5}\s*$)/;
/** `paste - -` of meminfo: two `Key: value kB` entries on one line. */
const MEMINFO_PAIR = /^[A-Za-z][\w()]*:\s*\d+(?:\s*kB)?\s+[A-Za-z][\w()]*:\s*\d+(?:\s*kB)?\s*$/;
/** Pre-upstream PSI (oomd's "experimental" layout): `aggr N`, `some 0.00 0.03 0.05`; memdelay: three bare averages. */
const PSI_OLD = /^(?:(?:some|full)\s+)?\d+\.\d+\s+\d+\.\d+\s+\d+\.\d+\s*$/;
const DENIED = /Permission denied|Operation not permitted|No such file or directory|Operation not supported/;

/** Words a person wrote: mostly letters, a colon or a full stop at most, no column of numbers. */
const WORD = /^["'(\[]*\p{L}{2,}[\p{L}'’\-]*[)"',.:;!?…\]]*$/u;

export function isProse(text: string): boolean {
  const t = text.trim();
  if (!t) return true;
  if (/=\d|\t/.test(t)) return false;
  // A sentence with numbers in it ("If my buffers are 700 MB and … 324 MB, why …"): mostly words of letters.
  const words = t.split(/\s+/);
  if (words.length >= 6 && words.filter((w) => WORD.test(w)).length >= 0.6 * words.length) return true;
  if (/\d{3,}|\d\s+\d/.test(t)) return false;
  // Letters of any script: a poster writes in Chinese as often as in English.
  const letters = t.replace(/[^\p{L}]/gu, '').length;
  return letters >= 0.6 * t.replace(/\s/g, '').length;
}

/** The first whitespace-separated word of a line (hot path: no regex, no array). */
export function firstWord(text: string): string {
  let i = 0;
  while (i < text.length && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  let j = i;
  while (j < text.length && text.charCodeAt(j) !== 32 && text.charCodeAt(j) !== 9) j++;
  return text.slice(i, j);
}

export function lineShape(text: string): LineShape {
  if (!text.trim()) return 'blank';
  if (MEMINFO_LINE.test(text)) return 'meminfo';
  // A notebook or a wiki indents a whole paste (nbconvert: 4 spaces); the meminfo parser reads past indentation.
  const c0 = text.charCodeAt(0);
  if ((c0 === 32 || c0 === 9) && MEMINFO_LINE.test(text.trimStart()) && MEMINFO_KEY.test(text.trimStart().split(':')[0])) return 'meminfo';
  // Both odd meminfo layouts have a colon; most lines of a long capture (vmstat, memory.stat) have none.
  if ((c0 === 80 /* P */ || c0 === 70 /* F */ || c0 === 78 /* N */) && PAGETYPE_HEAD.test(text)) return 'buddy';
  if (text.indexOf(':') >= 0 && (MEMINFO24.test(text) || MEMINFO_PAIR.test(text))) return 'meminfo';
  if (text.charCodeAt(0) === 97 /* a */ && /^aggr\s+\d+\s*$/.test(text)) return 'psi';
  if (KV_LINE.test(text)) return 'kv';
  // memory.stat put through numfmt --to=iec (`file 24.2G`): its keys say what it is.
  if (KV_HUMAN.test(text) && STAT_KEYS.test(text.slice(0, text.search(/\s/)))) return 'kv';
  if (PSI_LINE.test(text) || PSI_OLD.test(text)) return 'psi';
  // PSI lines indented under a label (`system/memory.pressure` then `    some avg10=…`), or by a mail or notebook.
  if ((c0 === 32 || c0 === 9) && PSI_LINE.test(text.trimStart())) return 'psi';
  if (text.startsWith('slabinfo - version') || /^(?:# ?)?name\s+<active_objs>/.test(text) || /\stunables\s.*\ssla\s*bdata\s/.test(text)
    // A row wrapped after its tunables: the `… : slabdata …` tail follows on the next line.
    || /^\S+(?:\s+\d+){5}\s+:\s+tunables(?:\s+\d+){0,3}\s*$/.test(text)) return 'slab';
  if (NUMBER_LINE.test(text)) return 'number';
  // /proc/zoneinfo pasted from below a zone's `Node N, zone NAME` line: its `pages free` line opens it.
  if ((c0 === 32 || c0 === 9) && /^\s+pages free\s+\d+\s*$/.test(text)) return 'zone';
  if (BUDDY_LINE.test(text)) return /\d\s*$/.test(text) && text.trim().split(/\s+/).length > 5 ? 'buddy' : 'zone';
  if (NUMA_LINE.test(text)) return 'numa';
  if (isSlabtopLine(text)) return 'slabtop';
  if (hasLogPrefix(text) || OOM_MARKER.test(text)) return 'log';
  if (DENIED.test(text)) return 'denied';
  return 'other';
}

/**
 * The two shapes that make up nearly every line of a long series, decided by one scan with no regex:
 * 1 for `key 123` (a `kv` line), 2 for `Key:  123 kB` (a `meminfo` line), 0 for anything else.
 * A line it names is what lineShape names it, and no boundary test (header, prompt, fence, bare
 * command, timestamp, noise, grep prefix) takes it: it has no `#`, `$`, `=` or `/`, and its first word
 * is no command. 0 says nothing: the line goes through every test.
 */
export function quickShape(text: string): 0 | 1 | 2 {
  return quickShapeAt(text, 0, text.length);
}

/**
 * quickShape of `text.slice(start, end)` with its trailing blanks taken off, without making the slice.
 * Given columns, it also writes there what the scan found of line `line` (kvColumns.ts), so nobody scans it again.
 */
export function quickShapeAt(text: string, start: number, end: number, cols?: KvColumns, line = 0): 0 | 1 | 2 {
  while (end > start && (text.charCodeAt(end - 1) === 32 || text.charCodeAt(end - 1) === 9)) end--;
  const n = end;
  if (start >= n) return 0;
  const c0 = text.charCodeAt(start);
  const lower = c0 >= 97 && c0 <= 122;
  if (!lower && !(c0 >= 65 && c0 <= 90)) return 0;
  // The key: [A-Za-z0-9_().]; a `kv` key is [a-z][a-z0-9_.]*, a meminfo key [A-Za-z][\w()]*.
  let dot = false;
  let upper = false;
  let limit = false;
  // The key's hash, as peekColumns (keyValue.ts) computes it.
  let h = c0;
  let i = start + 1;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95) {
      h = (Math.imul(h, 31) + c) | 0;
      if (c === 108 /* l */ && text.startsWith('limit', i)) limit = true;
      continue;
    }
    if ((c >= 65 && c <= 90) || c === 40 || c === 41) { upper = true; h = (Math.imul(h, 31) + c) | 0; continue; }
    if (c === 46) { dot = true; h = (Math.imul(h, 31) + c) | 0; continue; }
    break;
  }
  const colon = i < n && text.charCodeAt(i) === 58;
  if (colon ? dot : upper || !lower) return 0;
  let j = colon ? i + 1 : i;
  while (j < n && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9)) j++;
  if (!colon && j === i) return 0;
  const signed = j < n && (text.charCodeAt(j) === 43 || text.charCodeAt(j) === 45);
  if (signed) j++;
  const d = j;
  let v = 0;
  for (; j < n; j++) {
    const c = text.charCodeAt(j) - 48;
    if (c < 0 || c > 9) break;
    v = v * 10 + c;
  }
  if (j === d) return 0;
  const digitsEnd = j;
  while (j < n && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9)) j++;
  let unitAt = 0;
  let shape: 1 | 2;
  if (colon) {
    if (j + 1 < n && text.charCodeAt(j) === 107 /* k */ && text.charCodeAt(j + 1) === 66 /* B */) { unitAt = j; j += 2; }
    if (j !== n) return 0;
    shape = 2;
  } else {
    if (j !== n) return 0;
    // `aggr 5` is old PSI; `grep 5`, `date 5` are bare commands (3 to 10 letters, first letters in BARE_FIRST).
    if (i - start === 4 && c0 === 97 && text.startsWith('aggr', start)) return 0;
    if (i - start <= 10 && BARE_FIRST.has(c0)) {
      const key = text.slice(start, i);
      if (key === 'aggr' || BARE_WORDS.has(key)) return 0;
    }
    shape = 1;
  }
  if (cols) {
    let flags: number = shape;
    if (n - start <= 255) {
      flags |= RECORDED;
      cols.hash[line] = h & 0x3fffffff;
      cols.keyEnd[line] = i - start;
      cols.valueStart[line] = d - start;
      cols.valueEnd[line] = digitsEnd - start;
      cols.unitAt[line] = unitAt ? unitAt - start : 0;
      cols.value[line] = v;
    }
    if (signed) flags |= SIGNED;
    if (limit) flags |= HAS_LIMIT;
    cols.shape[line] = flags;
  }
  return shape;
}

const SHAPE_KIND: Partial<Record<LineShape, SectionKind>> = {
  slab: 'slabinfo', slabtop: 'slabinfo', meminfo: 'meminfo', psi: 'pressure', numa: 'numa-stat', buddy: 'buddyinfo', zone: 'zoneinfo',
  number: 'cgroup-value', log: 'oom-report', other: 'unknown', denied: 'unknown',
};

/** Keys that open a file and so start a new section when seen mid-run. */
const FIRST_KEYS = new Set(['nr_free_pages', 'anon', 'cache', 'low']);
const EVENT_KEYS = new Set(['low', 'high', 'max', 'oom', 'oom_kill', 'oom_group_kill', 'sock_throttled', 'fail']);
const STAT_KEYS = /^(anon|file|kernel|kernel_stack|pagetables|sec_pagetables|percpu|sock|vmalloc|shmem|zswap|zswapped|file_mapped|file_dirty|file_writeback|swapcached|anon_thp|file_thp|shmem_thp|(in)?active_(anon|file)|unevictable|slab(_(un)?reclaimable)?|workingset_\w+|pgfault|pgmajfault|pgscan|pgsteal|pgrefill|pgactivate|pgdeactivate|thp_\w+|numa_\w+|hugetlb)$/;

/** Running facts about a run of `key value` keys, so each new key costs O(1). */
export interface KvFacts { count: number; nr: boolean; allEvents: boolean; fail: boolean; low: boolean; v1: boolean; stat: boolean; vmOther: boolean }

export function newKvFacts(): KvFacts {
  return { count: 0, nr: false, allEvents: true, fail: false, low: false, v1: false, stat: false, vmOther: false };
}

export function addKvKey(f: KvFacts, k: string): KvFacts {
  f.count++;
  // One nr_ key makes the run vmstat whatever follows: skip the other tests (hot path).
  if (f.nr) return f;
  if (k.startsWith('nr_')) { f.nr = true; f.allEvents = false; return f; }
  if (!EVENT_KEYS.has(k)) f.allEvents = false;
  if (k === 'fail') f.fail = true;
  if (k === 'low') f.low = true;
  if (!f.v1 && isV1StatKey(k)) f.v1 = true;
  if (!f.stat && STAT_KEYS.test(k)) f.stat = true;
  if (!f.vmOther && /^(pg|pswp|allocstall|compact_|oom_kill$|drop_)/.test(k)) f.vmOther = true;
  return f;
}

/** The kind the facts point to (same decision as kvKind). */
export function kvKindOf(f: KvFacts): { kind: SectionKind; variant?: string } {
  if (f.nr) return { kind: 'vmstat' };
  if (f.count && f.allEvents) return { kind: 'memory-events', variant: f.fail && !f.low ? 'swap' : undefined };
  if (f.v1) return { kind: 'memory-stat', variant: 'v1' };
  if (f.stat) return { kind: 'memory-stat', variant: 'v2' };
  if (f.vmOther) return { kind: 'vmstat' };
  return { kind: 'unknown' };
}

/** Decides what a run of `key value` lines is, from its keys. */
export function kvKind(keys: string[]): { kind: SectionKind; variant?: string } {
  const f = newKvFacts();
  for (const k of keys) addKvKey(f, k);
  return kvKindOf(f);
}


/**
 * Prompts: `[root@host dir]#`, `[dir]#`, `user@host:~$`, `sh-4.2#`, `host dir #` and `user@host dir #` (Gentoo),
 * `user:tag:/dir/#` (before a known command only),
 * `[~]2 cmd` (tcsh/zsh with the history number), `/ #`, `~ #`, a bare `#`, `%` (csh, zsh) or `$` (also glued to the command: `#cat …`), behind an
 * optional `(venv) ` and indentation.
 */
/** procps watch's title line: the command, then the date (after `host:` in newer versions). */
const WATCH_RE = /^Every\s+\d+(?:\.\d+)?s:\s+(.+?)\s{2,}(?:\S+:\s+)?(\w{3} \w{3}\s+\d{1,2} \d\d:\d\d:\d\d \d{4})\s*$/;
const PROMPT_RE = /^\s*(?:\([\w.-]+\)\s+)?(?:(\[[^\]]*@[^\]]*\]\s?[#$]|\[(?![\d.\s]+\])[^\]\s]+\]\s?[#$]|[\w.-]+@[\w.-]+(?::[^\s#$]*)?\s?[#$]|(?:sh|bash)-[\d.]+[#$]|\/ #|~ ?#(?= )|\/[\w.@~-]+(?:\/[\w.@~-]+)*[#$](?= ))|([\w.-]+(?:@[\w.-]+)? [\w~/.-]+ [#$]|[\w.-]+(?::[^\s#$]*)+[#$]|(?:\d+\|)?[\w.-]+:[^\s#$]* [#$]|\[[^\]\s]+\]\d+(?= ))|([#$%]|\+{1,3}(?= |$)))(?:\s*(.*))?$/;
const COMMANDS = /^(?:sudo\s+(?:-\S+\s+)*)?(?:chroot\s+\S+\s+)?(cat|tail|head|grep|egrep|zgrep|zcat|date|echo|for|while|kubectl|ls|dmesg|journalctl|find|sh|bash|nsenter|watch|sleep|free|awk|sed|less|more|crictl|docker|cd|systemd-cgls|oomctl|printf|cut|sort|uptime|hostname|uname|sysctl|slabtop|vmstat|ps|top|nerdctl|cp|tee|id|whoami|lscpu|nproc|df|mount|lsmod|systemctl|module|numactl|pmap|smem|stat|wc|swapon|uptime|oc|podman|lxc|virsh)\b/;
/** Markdown code fences (also opening an outline's list item: `- ```` in Logseq), rules and a prompt's first line (`[root@host]` before a newline): boundaries, never content. */
// A web page's `<pre>`/`<code>` tags on lines of their own fence a capture as Markdown's ``` does.
const FENCE = /^\s*(?:<\/?(?:pre|code)[^>]*>\s*)+$|^\s*(?:[-*]\s+)?(?:```|~~~)|^\s*(?:_{10,}|-{10,}|={10,})\s*$|^\s*\[[\w.-]+@[\w.-]+(?:\s+[^\]]*)?\]\s*$/;
/** A command typed with no prompt (`slabtop`, `cat /proc/meminfo`) on a line of its own. */
const BARE_COMMAND = /^\s*(?:sudo\s+)?(slabtop|cat|tail|head|grep|egrep|zgrep|dmesg|journalctl|free|uname|top|date|uptime|vmstat)((?:\s+\S+)*)\s*$/;

/** True for a line that is only a command and its arguments (options, paths), as people type them above a paste. */
const BARE_FIRST = new Set([...'sctghezdjfuv'].map((c) => c.charCodeAt(0)));
const BARE_WORDS = new Set(['sudo', 'slabtop', 'cat', 'tail', 'head', 'grep', 'egrep', 'zgrep', 'dmesg', 'journalctl', 'free', 'uname', 'top', 'date', 'uptime', 'vmstat']);

export function isBareCommand(text: string): boolean {
  if (text.length > 200) return false;
  // Hot path (every line of a week of captures): the first letter, then the first word, decide before any regex.
  const c0 = text.charCodeAt(0);
  if (c0 !== 32 && c0 !== 9 && c0 !== 96 && !BARE_FIRST.has(c0)) return false;
  const w = firstWord(text);
  if (!BARE_WORDS.has(w.charCodeAt(0) === 96 /* ` */ ? w.slice(1) : w)) return false;
  const m = BARE_COMMAND.exec(text.replace(/[`]/g, ' '));
  if (!m) return false;
  let pattern = /grep$/.test(m[1]);
  for (const raw of m[2].trim().split(/\s+/).filter(Boolean)) {
    const a = raw.replace(/^["']|["']$/g, '');
    if (a.startsWith('-') || a.includes('/') || looksLikeCapturePath(a) || /^\+%\w$/.test(a)) continue;
    if (pattern) { pattern = false; continue; }
    return false;
  }
  return true;
}
const NOISE = [
  /^Creating debugging pod /, /^If you don't see a command prompt, try pressing enter/, /^Defaulted container /,
  /^All commands and output from this session will be recorded/, /^Session ended, resume using /, /^pod "[^"]*" deleted/,
  /^Targeting container /, /^Unable to use a TTY/, /^(exit|logout)\s*$/, /^Use 'kubectl describe pod/,
];

/** A shell prompt line and the files its command reads, in order. */
export function readPrompt(text: string): { command: string; sources: string[] } | undefined {
  const m = PROMPT_RE.exec(text);
  if (!m) return busyboxPrompt(text);
  // A bare prompt (nothing typed after it) ends the paste: still a boundary.
  const command = (m[4] ?? '').trim();
  // `$` alone on a line (the prompt after the last command of a paste): a boundary with nothing to read.
  // `+` is bash's xtrace (`set -x`): `+ cat /proc/slabinfo`, and a bare `+ ` ends the trace.
  if ((m[3] === '$' || m[3]?.startsWith('+')) && !command) return { command: '', sources: [] };
  if (m[3]) {
    // A lone `#`, `%` or `$`: `$ anything-like-a-command`, but `#` and `%` only before a known command (`# name <active_objs>` is slabinfo).
    if (m[3] === '$' ? !/^[a-z][\w.-]*(?:\s|$)/.test(command) : !COMMANDS.test(command)) return undefined;
    if (m[3] === '$' && !/^\s*\$\s/.test(text) && !COMMANDS.test(command)) return undefined;
  } else if (m[2] && command && !COMMANDS.test(command)) return undefined;
  // `user@host:/sys/fs/cgroup/x.slice# cat cpu.pressure`: the prompt names the directory a relative file is in.
  const cwd = /^\s*(?:\([\w.-]+\)\s+)?[\w.-]+@[\w.-]+:(\/[^\s#$]*)\s?[#$]/.exec(text)?.[1]?.replace(/\/+$/, '');
  const sources = sourcesOf(command);
  return { command, sources: cwd ? sources.map((x) => (!x.startsWith('/') && x !== 'dmesg' ? `${cwd}/${x}` : x)) : sources };
}

/** busybox's and Alpine's `PS1='\\w \\$'`: the working directory, then `$` or `#` (`/sys/fs/cgroup/memory $ cat memory.stat`). */
const BUSYBOX_PROMPT = /^\s*((?:\/|~)[\w~/.@-]*) ([#$])(?:\s+(.*))?$/;
function busyboxPrompt(text: string): { command: string; sources: string[] } | undefined {
  const b = BUSYBOX_PROMPT.exec(text);
  if (!b) return undefined;
  const command = (b[3] ?? '').trim();
  if (!command) return { command: '', sources: [] };
  if (!COMMANDS.test(command)) return undefined;
  // The prompt names the directory: a file read by a relative name is that directory's.
  const cwd = b[1].startsWith('/') ? b[1].replace(/\/+$/, '') : undefined;
  return { command, sources: sourcesOf(command).map((x) => (cwd && !x.startsWith('/') && x !== 'dmesg' ? `${cwd}/${x}` : x)) };
}

/** The capture files the first stage of a command reads, in order. */
function sourcesOf(command: string): string[] {
  const first = firstStage(command);
  const sources: string[] = [];
  if (/^(?:sudo\s+)?dmesg\b|journalctl/.test(first)) sources.push('dmesg');
  for (const arg of first.split(/\s+/).slice(1)) {
    if (arg.startsWith('-') || arg === '.') continue;
    const a = arg.replace(/^["']|["']$/g, '');
    // Brace expansion (`memory.{usage_in_bytes,stat}`): the shell reads the files in the order written.
    for (const b of expandBraces(a)) {
      if (b.includes('*')) sources.push(...expandGlob(b));
      else if (looksLikeCapturePath(b)) sources.push(b);
    }
  }
  return sources;
}

/** The command before its first pipe; a `|` inside quotes (`egrep 'High|Low' /proc/meminfo`) is the pattern's. */
function firstStage(command: string): string {
  let quote = '';
  for (let i = 0; i < command.length; i++) {
    const c = command[i];
    if (quote) { if (c === quote) quote = ''; } else if (c === '"' || c === "'") quote = c;
    else if (c === '|') return command.slice(0, i);
  }
  return command;
}

/** One level of bash brace expansion, `a.{b,c}` → `a.b a.c` (nested or ranged braces are left as they are). */
function expandBraces(arg: string): string[] {
  const m = /^([^{}]*)\{([^{}]*,[^{}]*)\}([^{}]*)$/.exec(arg);
  return m ? m[2].split(',').map((x) => `${m[1]}${x}${m[3]}`) : [arg];
}

/** Globs whose expansion is known: the PSI files, in the shell's (alphabetical) order. */
function expandGlob(glob: string): string[] {
  if (/pressure\/\*$/.test(glob)) {
    const dir = glob.slice(0, -1);
    return ['cpu', 'io', 'irq', 'memory'].map((r) => dir + r);
  }
  if (/\*\.pressure$/.test(glob)) {
    const dir = glob.slice(0, glob.length - '*.pressure'.length);
    return ['cpu', 'io', 'irq', 'memory'].map((r) => `${dir}${r}.pressure`);
  }
  return [];
}

/** `> ` (mail), and `| ` (some archives and bug trackers quote so; a line that also ends in `|` is a table row instead). */
/** An HTML line break a paste kept at the end of a line. */
export const BR_TAIL = /[ \t]*<br\s*\/?>[ \t]*$/i;
export const QUOTE_RE = /^(?:(?:>|\|(?=[ \t]))[ \t]?)+/;
/** A line quoted as QUOTE_RE reads: `>`, or `| ` not closed by a `|` (a markdown table row). */
export function isQuoted(t: string): boolean {
  const c = t.charCodeAt(0);
  return c === 62 /* > */ || (c === 124 /* | */ && t.charCodeAt(t.length - 1) !== 124 && (t.charCodeAt(1) === 32 || t.charCodeAt(1) === 9));
}
const HEADER_RE = /^==> (.+) <==\s*$/;
const CAPTURE_START = /^Node\s+\d+,\s+zone\s+\S+\s*$|^slabinfo - version|^MemTotal:\s+\d+|^(?:some|full) avg10=/;
const EQ_BANNER = /^={2,}\s*([\w./-]+)\s*={2,}\s*$/;
const PATH_COMMENT = /^#+\s*(\/(?:proc|sys)\/\S+?):?\s*$/;
/** Cheap test before GREP_RE: the text before the first colon has a `/` or a `.` and no space. */
function mayBeGrepPrefixed(text: string): boolean {
  const colon = text.indexOf(':');
  if (colon <= 0) return false;
  let path = false;
  for (let i = 0; i < colon; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9) return false;
    if (c === 47 /* / */ || c === 46 /* . */) path = true;
  }
  return path || /^(meminfo|slabinfo|vmstat|buddyinfo|zoneinfo|pagetypeinfo)$/.test(text.slice(0, colon));
}

/** `PATH:content` as printed by `grep . FILE...` or `grep -r . DIR`. */
const GREP_RE = /^([^\s:]+):(.*)$/;

/** All noise patterns as one alternation: one regex run per line instead of ten. */
const NOISE_RE = new RegExp(NOISE.map((re) => `(?:${re.source})`).join('|'));

export function isNoise(text: string): boolean {
  return NOISE_RE.test(text);
}

interface Pending {
  sources: string[];
  headerLine?: number;
  by: 'header' | 'prompt';
  /** The output of a command that prints no capture (`uname -a`, `cat cgroup.procs`). */
  notCapture?: string;
}

/**
 * Splits `text` into section drafts. `fileName` is the document's name, used
 * when content alone cannot tell (a `key value` file, a bare number).
 */
export function splitSections(text: string, fileName?: string): SectionDraft[] {
  return splitLinesIntoSections(new LineTable(text), fileName);
}

/** `cols`, when given, gets what the scan found of each line read by offsets as `key 123` / `Key: 123 kB` inside a named capture (kvColumns.ts). */
export function splitLinesIntoSections(lines: LineSource, fileName?: string, cols?: KvColumns): SectionDraft[] {
  const drafts: SectionDraft[] = [];
  const fileHint = fileName ? kindFromPath(fileName) : undefined;
  /** The directory `pwd` printed or `cd` went to: relative paths in later commands are under it. */
  let cwd: string | undefined;
  /** The cgroup directory a `name/:` heading set, for the indented `file:value` lines under it. */
  let grepDir: string | undefined;
  let current: (SectionDraft & { grep?: string; named: boolean; keys?: Set<string>; facts?: KvFacts; gap: boolean; fromFile?: boolean }) | undefined;
  let pending: Pending | undefined;
  let capturedAt: string | undefined;
  let psiBlockOpen = false;
  let lastPsiType: string | undefined;
  /** After a `date +%s` prompt: the next bare epoch number is a time (then a value, in a loop again a time). */
  let epochPrompt: { expect: boolean; loop: boolean } | undefined;

  const close = () => {
    if (!current) return;
    if (current.nos.length || current.headerLine !== undefined) finish(current);
    current = undefined;
  };
  const finish = (d: SectionDraft & { keys?: Set<string>; named: boolean }) => {
    // `name: 1` lines are also YAML and INI: without one meminfo key it is not a meminfo.
    if (d.kind === 'meminfo' && d.detectedBy === 'content' && d.keys && ![...d.keys].some((k) => MEMINFO_KEY.test(k.replace(/^Node \d+ /, '')))) d.kind = 'unknown';
    if (d.kind === 'memory-stat' && !d.variant && d.keys) d.variant = [...d.keys].some(isV1StatKey) ? 'v1' : 'v2';
    if (d.nos.length) d.endLine = d.nos[d.nos.length - 1];
    const { keys: _k, named: _n, grep: _g, gap: _gap, facts: _f, fromFile: _ff, ...plain } = d as SectionDraft & { keys?: Set<string>; named: boolean; grep?: string; gap?: boolean; facts?: KvFacts; fromFile?: boolean };
    drafts.push(plain);
  };

  /** Opens a section for a content line; names it from what is pending. */
  const open = (line: number, shape: LineShape, key: string | undefined, firstText: string) => {
    let kind: SectionKind = SHAPE_KIND[shape] ?? 'unknown';
    let variant: string | undefined;
    let resource: PsiResource | undefined;
    let source: string | undefined;
    let headerLine: number | undefined;
    let detectedBy: SectionDraft['detectedBy'] = 'content';
    let named = false;
    let fromFile = false;
    if (shape === 'kv') { const k = kvKind(key ? [key] : []); kind = k.kind === 'unknown' ? 'memory-stat' : k.kind; variant = k.variant; }
    if (shape === 'slabtop') variant = 'slabtop';
    if (shape === 'buddy' && (PAGETYPE_HEAD.test(firstText) || /^Node\s+\d+,\s+zone\s+\S+,\s+type\s/.test(firstText))) variant = 'pagetypeinfo';
    if (pending?.notCapture !== undefined) {
      // Everything up to the next boundary is the command's output.
      current = { kind: 'unknown', variant: 'command-output', source: pending.notCapture, headerLine: pending.headerLine, capturedAt, detectedBy: 'prompt', nos: [], col: 0, startLine: line, endLine: line, named: true, keys: new Set(), gap: false };
      pending = undefined;
      psiBlockOpen = false;
      return;
    }
    if (pending) {
      // A single named file takes everything up to the next boundary; a list
      // of files is matched to content-split sections in order.
      const idx = pickSource(pending.sources, kind, shape, firstText);
      if (idx >= 0) {
        source = pending.sources[idx];
        pending.sources.splice(0, idx + 1);
      }
      headerLine = pending.headerLine;
      const hint = source ? kindFromPath(source) : undefined;
      if (hint && pending.by === 'header') { ({ kind, variant, resource } = mergeHint(kind, hint, shape, variant)); detectedBy = 'header'; named = true; }
      else if (hint) { ({ kind, variant, resource } = mergeHint(kind, hint, shape, variant)); detectedBy = 'prompt'; named = pending.sources.length === 0 && idx >= 0; }
      if (pending.by === 'header' || pending.sources.length === 0) pending = undefined;
    } else if (fileHint && drafts.length === 0 && !(fileHint.kind === 'oom-report' && shape !== 'log' && !REPORT_BODY.test(firstText))) {
      // A name that says "oom" makes a kernel log of report lines only: a shell session or prose under it stays
      // what it is, so the memory.stat that follows is not swallowed by a log section.
      fromFile = true;
      const merged = mergeHint(kind, fileHint, shape, variant);
      if (merged.kind !== kind || merged.variant !== variant || merged.resource || kind === 'cgroup-value') detectedBy = 'file-name';
      ({ kind, variant, resource } = merged);
    }
    current = { kind, variant, resource, source, headerLine, capturedAt, detectedBy, nos: [], col: 0, startLine: line, endLine: line, named, keys: new Set(), gap: false, fromFile };
    psiBlockOpen = false;
  };

  // A LineTable is read by offsets: a line of a named capture that quickShape reads needs no string at all.
  const table = lines instanceof LineTable ? lines : undefined;
  for (let i = 0; i < lines.length; i++) {
    if (table && current && current.named && current.grep === undefined && current.kind !== 'memory-stat' && current.variant !== 'command-output'
      && pending?.notCapture === undefined && table.text.charCodeAt(table.starts[i]) !== 62 /* > */ && table.text.charCodeAt(table.starts[i]) !== 124 /* | */ && quickShapeAt(table.text, table.starts[i], table.ends[i], cols, i)) {
      // What the loop below does for such a line (a named file keeps every line; only memory.stat collects its keys).
      if (epochPrompt && epochPrompt.loop) epochPrompt.expect = true;
      current.nos.push(i);
      current.endLine = i;
      current.gap = false;
      continue;
    }
    const raw = lines.get(i);
    const last = raw.charCodeAt(raw.length - 1);
    let trimmed = last === 32 || last === 9 ? raw.replace(/[ \t]+$/, '') : raw;
    // A forum or a wiki that keeps line breaks as HTML (`MemFree: 97190088 kB<br>`): the tag is not the file's.
    if (trimmed.charCodeAt(trimmed.length - 1) === 62 /* > */) trimmed = trimmed.replace(BR_TAIL, '');
    // Email quoting (`> `, `>> `) is taken off every line, whatever it quotes.
    const quote = isQuoted(trimmed) ? QUOTE_RE.exec(trimmed) : null;
    const text = quote ? trimmed.slice(quote[0].length) : trimmed;

    // Most lines of a series are `key 123` or `Key: 123 kB` inside an open capture: one scan says so.
    const quick = current?.variant === 'command-output' || pending?.notCapture !== undefined ? 0 : quickShape(text);
    let shape: LineShape;
    if (quick) {
      shape = quick === 1 ? 'kv' : 'meminfo';
      if (epochPrompt && epochPrompt.loop) epochPrompt.expect = true;
    } else {
      const c0 = text.charCodeAt(0);
      const header = c0 === 61 /* = */ ? HEADER_RE.exec(text) : null;
      // A comment naming the file below (`# /sys/fs/cgroup/x.slice/cpu.pressure`) heads it as `==> PATH <==` does.
      // A script's banner naming a file (`=== MEMORY.HIGH ===`) does too.
      const banner = c0 === 61 && !header ? EQ_BANNER.exec(text) : null;
      const named = header ?? (c0 === 35 /* # */ ? PATH_COMMENT.exec(text) : null) ?? (banner && kindFromPath(banner[1].toLowerCase()) ? [banner[0], banner[1].toLowerCase()] as unknown as RegExpExecArray : null);
      if (named && (header || kindFromPath(named[1]))) {
        close();
        emptyHeader();
        pending = { sources: [named[1].trim()], headerLine: i, by: 'header' };
        continue;
      }
      // dshbak: `----------------` / `node01` (or `node[01-04]` with -c) / `----------------` over each host's output.
      if (text.charCodeAt(0) === 45 /* - */ && /^-{8,}$/.test(text) && i + 2 < lines.length && /^-{8,}\s*$/.test(lines.get(i + 2)) && /^[A-Za-z0-9][\w.,\[\]-]{0,120}\s*$/.test(lines.get(i + 1))) {
        close();
        emptyHeader();
        pending = { sources: [lines.get(i + 1).trim()], by: 'prompt', headerLine: i + 1 };
        i += 2;
        continue;
      }
      const prompt = text.indexOf('#') >= 0 || text.charCodeAt(0) === 43 /* + (xtrace) */ || text.indexOf('$') >= 0 || text.indexOf('%') >= 0 || /^\s*\[[^\]\s]+\]\d/.test(text) ? readPrompt(text) : undefined;
      if (prompt) {
        close();
        emptyHeader();
        // A command continued with `\` at the line end: its next lines are part of it, never output.
        while (/\\\s*$/.test(prompt.command) && i + 1 < lines.length) {
          i++;
          const more = lines.get(i).trim();
          prompt.command = `${prompt.command.replace(/\\\s*$/, '')} ${more}`;
          const again = readPrompt(`$ ${more.replace(/\\\s*$/, '')}`);
          if (again) for (const src of again.sources) if (!prompt.sources.includes(src)) prompt.sources.push(src);
        }
        // A here-document (`bash <<'EOF'` … `EOF`): its lines are the script fed to the command, never output; the files its
        // commands read are what the output after the delimiter holds.
        const heredoc = /<<-?\s*(['"]?)([A-Za-z_]\w*)\1/.exec(prompt.command);
        if (heredoc) {
          let j = i + 1;
          while (j < lines.length && lines.get(j).trim() !== heredoc[2]) {
            const inner = readPrompt(`$ ${lines.get(j).trim()}`);
            if (inner) for (const src of inner.sources) if (!prompt.sources.includes(src)) prompt.sources.push(src);
            j++;
          }
          if (j < lines.length) i = j;
        }
        // `$ cat ` with the path wrapped onto the next line by a mailer or a narrow terminal.
        if (!prompt.sources.length && /^(?:sudo\s+)?(?:cat|tail|head)(?:\s+-\S+)*\s*$/.test(prompt.command) && i + 1 < lines.length) {
          const nextText = lines.get(i + 1).trim();
          if (/^\S+$/.test(nextText) && looksLikeCapturePath(nextText)) { prompt.sources.push(nextText); prompt.command = `${prompt.command.trim()} ${nextText}`; i++; }
        }
        // `pwd` and `cd DIR` say where relative paths (`cat memory.usage_in_bytes`) are.
        if (/^pwd\s*$/.test(prompt.command) && i + 1 < lines.length && /^\/\S*$/.test(lines.get(i + 1).trim())) { cwd = lines.get(i + 1).trim(); i++; continue; }
        const cdTo = /^cd\s+(\/\S*)\s*$/.exec(prompt.command);
        if (cdTo) { cwd = cdTo[1]; continue; }
        if (cwd) prompt.sources = prompt.sources.map((src) => (src.startsWith('/') || src === 'dmesg' ? src : `${cwd!.replace(/\/$/, '')}/${src}`));
        // A limit the session set (`echo 10M > memory.limit_in_bytes`) is that file's value from then on: a section of one value.
        const write = WRITE_COMMAND.exec(prompt.command.trim());
        if (write && kindFromPath(write[3])?.kind === 'cgroup-value') {
          const at = raw.indexOf(write[2], raw.indexOf('echo'));
          // The prompt's directory (`root@pi:/sys/fs/cgroup/s8test#`) or a `cd` before it places a relative file, as for cat.
          const target = prompt.sources.find((src) => baseName(src) === baseName(write[3])) ?? (cwd && !write[3].startsWith('/') ? `${cwd.replace(/\/$/, '')}/${write[3]}` : write[3]);
          if (at >= 0) drafts.push({ kind: 'cgroup-value', variant: baseName(write[3]), source: target, capturedAt, detectedBy: 'prompt', nos: [i], col: 0, written: { start: at, end: at + write[2].length }, startLine: i, endLine: i });
          pending = undefined;
          epochPrompt = undefined;
          continue;
        }
        const notCapture = nonCaptureCommand(prompt.command);
        pending = notCapture !== undefined ? { sources: [], by: 'prompt', headerLine: i, notCapture }
          : prompt.sources.length ? { sources: prompt.sources, by: 'prompt', headerLine: i } : undefined;
        epochPrompt = printsEpoch(prompt.command) ? { expect: true, loop: repeats(prompt.command) } : undefined;
        continue;
      }
      // A fence with a log line glued after it (```Jul 20 … kernel: …) opens the log, not only the block.
      if (FENCE.test(text) && !(text.startsWith('```') && readLogPrefix(text).length > 0)) { close(); continue; }
      // `watch`'s title (procps watch.c): `Every 1.0s: cat /proc/meminfo   [host: ]Wed May 23 13:43:16 2018`,
      // both the command that names what follows and the time it was taken.
      const watch = text.charCodeAt(0) === 69 /* E */ ? WATCH_RE.exec(text) : null;
      if (watch) {
        close();
        emptyHeader();
        const cmd = readPrompt(`$ ${watch[1].trim()}`);
        pending = cmd?.sources.length ? { sources: cmd.sources, by: 'prompt', headerLine: i } : undefined;
        const ts = readTimestampLine(watch[2]);
        if (ts) capturedAt = ts;
        continue;
      }
      if (isBareCommand(text)) {
        close();
        // A command typed with no prompt still names what follows (`cat …/memory.usage_in_bytes`).
        const bare = readPrompt(`$ ${text.trim()}`);
        const notCapture = bare ? nonCaptureCommand(bare.command) : undefined;
        if (notCapture !== undefined) { emptyHeader(); pending = { sources: [], by: 'prompt', headerLine: i, notCapture }; }
        else if (bare?.sources.length) { emptyHeader(); pending = { sources: bare.sources, by: 'prompt', headerLine: i }; }
        continue;
      }
      // The output of `uname -a`, `top`, `cat cgroup.procs`: no values, no timestamps, up to the next boundary.
      // A capture's unmistakable first line (zoneinfo's `Node 3, zone DMA`, a slabinfo header, MemTotal, PSI, an OOM
      // line) ends it: the poster pasted the next file without its command.
      if ((current?.variant === 'command-output' || pending?.notCapture !== undefined) && (CAPTURE_START.test(text) || OOM_MARKER.test(text))) {
        if (current?.variant === 'command-output') close();
        pending = undefined;
      }
      if (current?.variant === 'command-output' || pending?.notCapture !== undefined) {
        if (!text.trim()) continue;
        if (!current) open(i, 'other', undefined, text);
        current!.nos.push(i);
        if (quote) current!.quoted = true;
        current!.endLine = i;
        continue;
      }
      const epoch = readEpochLine(text);
      const ts = readTimestampLine(text) ?? (epoch && epochFits(text, i) ? epoch : undefined);
      if (ts) {
        close();
        capturedAt = ts;
        if (epochPrompt) epochPrompt.expect = false;
        continue;
      }
      if (epochPrompt && epochPrompt.loop && text.trim()) epochPrompt.expect = true;
      if (isNoise(text)) continue;

      // grep prefixes: one section per path.
      // A script's per-cgroup listing: `system/:` then `\tmemory.current:8589053952` lines (grep . under a heading).
      const heading = text.charCodeAt(text.length - 1) === 58 /* : */ ? /^([\w.@-]+(?:\/[\w.@-]+)*\/?):\s*$/.exec(text) : null;
      const under = heading && i + 1 < lines.length ? /^[ \t]+([^\s:]+):\S/.exec(lines.get(i + 1)) : null;
      if (heading && under && looksLikeCapturePath(under[1])) { close(); grepDir = heading[1].endsWith('/') ? heading[1] : `${heading[1]}/`; continue; }
      const indent = grepDir !== undefined ? /^[ \t]+/.exec(text)?.[0].length ?? 0 : 0;
      if (grepDir !== undefined && !indent) grepDir = undefined;
      // grep output indented as a whole (a mail or a notebook): the prefix starts after the blanks.
      const ws = grepDir === undefined && (text.charCodeAt(0) === 32 || text.charCodeAt(0) === 9) ? /^[ \t]+/.exec(text)![0].length : 0;
      const gText = indent ? text.slice(indent) : ws ? text.slice(ws) : text;
      const g = mayBeGrepPrefixed(gText) ? GREP_RE.exec(gText) : null;
      // `meminfo:` or `/proc/vmstat:` alone on a line is a label over the paste below it, naming it.
      const label = text.charCodeAt(text.length - 1) === 58 /* : */ ? /^\s*([\w./-]+):\s*$/.exec(text) : null;
      if (label && looksLikeCapturePath(label[1])) { close(); emptyHeader(); pending = { sources: [label[1]], by: 'prompt', headerLine: i }; continue; }
      // A cgroup file's path alone on a line with its content indented below it (`system/memory.pressure`).
      const bare = !label && /^[\w.@-]+(?:\/[\w.@-]+)+$/.exec(text);
      if (bare && i + 1 < lines.length && /^[ \t]+\S/.test(lines.get(i + 1)) && looksLikeCapturePath(bare[0])) { close(); emptyHeader(); pending = { sources: [bare[0]], by: 'prompt', headerLine: i }; continue; }
      // Grep prints a line after the path: a path and a colon alone are not grep output.
      const gPath = g && (indent ? grepDir + g[1] : g[1]);
      if (g && gPath && g[2].trim() && looksLikeCapturePath(gPath) && !MEMINFO_LINE.test(gText)) {
        const path = gPath;
        // `grep -n` over several files: `PATH:N:content`.
        const num = /^\d+:/.exec(g[2]);
        const content = num ? g[2].slice(num[0].length) : g[2];
        if (!(current && current.grep === path && !!current.numbered === !!num)) {
          close();
          // A /proc or /sys path the name table does not know (memory.kmem.tcp.*, a vendor file): content decides.
          const hint = kindFromPath(path);
          const shape = lineShape(content);
          const byContent = SHAPE_KIND[shape] ?? (shape === 'kv' ? kvKind([firstWord(content)]).kind : 'unknown');
          const merged = hint ? mergeHint(byContent, hint, shape) : { kind: byContent, variant: byContent === 'cgroup-value' ? baseName(path) : undefined };
          current = { ...merged, source: path, capturedAt, detectedBy: 'header', nos: [], col: indent + ws + g[1].length + 1, startLine: i, endLine: i, named: true, grep: path, keys: new Set(), gap: false };
          if (num) current.numbered = true;
          pending = undefined;
        }
        current.nos.push(i);
        if (quote) current.quoted = true;
        current.endLine = i;
        continue;
      }

      // pdsh / clush run on several machines at once: `host: line`, one capture per host, named by it.
      const host = !g || !gPath || !looksLikeCapturePath(gPath) ? hostPrefix(gText) : null;
      if (host) {
        const key = `host ${host[1]}`;
        const next = i + 1 < lines.length ? lines.get(i + 1) : '';
        if ((current && current.grep === key) || next.startsWith(host[0], next.length - next.trimStart().length)) {
          if (!(current && current.grep === key)) {
            close();
            const content = gText.slice(host[0].length);
            const cShape = lineShape(content);
            const k = cShape === 'kv' ? kvKind([firstWord(content)]) : { kind: SHAPE_KIND[cShape] ?? 'unknown' as SectionKind, variant: cShape === 'slabtop' ? 'slabtop' : undefined };
            current = { kind: k.kind === 'unknown' && cShape === 'kv' ? 'memory-stat' : k.kind, variant: k.variant, source: host[1], capturedAt, detectedBy: 'header', nos: [], col: ws + host[0].length, startLine: i, endLine: i, named: true, grep: key, keys: new Set(), gap: false };
            pending = undefined;
          }
          current.nos.push(i);
          if (quote) current.quoted = true;
          current.endLine = i;
          continue;
        }
      }


    shape = lineShape(text);
    }
    if (shape === 'blank') {
      if (current) current.gap = true;
      continue;
    }
    // A named PSI file whose lines start over (`some` again after its `full`): a later capture of the same file.
    // (Under a `==> FILE <==` header the file is one capture: a repeated line is a problem in it.)
    if (current && current.named && current.detectedBy !== 'header' && current.kind === 'pressure' && shape === 'psi' && psiBlockOpen && startsPsiBlock(text.trimStart().slice(0, 4))) {
      const again = current;
      close();
      current = { ...again, headerLine: undefined, detectedBy: again.detectedBy, nos: [], startLine: i, endLine: i, keys: new Set(), gap: false };
      psiBlockOpen = false;
    } else if (current && !current.named && current.grep === undefined && !fits(current, shape, text)) close();
    // A headed file ends at a blank line followed by kernel log lines (a dmesg tail with no header of its own).
    else if (current && current.named && current.gap && shape === 'log' && current.kind !== 'oom-report') close();
    // A file of values ends where the poster's words start ("Compare to …:", "But"): after a blank line, or right after a one-value file.
    else if (current && current.named && shape === 'other' && PROSE_ENDS.has(current.kind) && (current.gap || (current.kind === 'cgroup-value' && current.nos.length > 0)) && isProse(text)) close();
    // /proc/meminfo, /proc/vmstat and /proc/slabinfo hold no blank line: after one, a line that is not a value line
    // is the poster's again, numbers or not ("Next, I boot up this 1.007GB SGA:").
    else if (current && current.named && current.gap && shape === 'other' && (current.kind === 'meminfo' || current.kind === 'vmstat' || current.kind === 'slabinfo') && current.nos.length > 0) close();
    else if (current && current.grep !== undefined && current.kind === 'pressure' && PSI_TOTAL_TAIL.test(text)) {
      // A grep'd PSI line wrapped before its `total=`: the tail has no prefix of its own.
      (current.whole ??= []).push(i);
      current.nos.push(i);
      current.endLine = i;
      continue;
    } else if (current && current.grep !== undefined) close();
    if (!current) open(i, shape, shape === 'kv' ? firstWord(text) : undefined, text);
    const cur = current!;
    if (shape === 'kv' && !cur.named) {
      const key = firstWord(text);
      cur.keys!.add(key);
      const k = kvKindOf(addKvKey(cur.facts ??= newKvFacts(), key));
      if (k.kind !== 'unknown' && (cur.kind === 'memory-stat' || cur.kind === 'vmstat' || cur.kind === 'memory-events')) { cur.kind = k.kind; cur.variant = k.variant ?? cur.variant; }
    } else if (shape === 'kv') cur.keys!.add(firstWord(text));
    if (shape === 'meminfo' && !cur.named) cur.keys!.add(text.split(':')[0].trim());
    if (shape === 'psi') { lastPsiType = text.trimStart().slice(0, 4); psiBlockOpen = true; }
    cur.nos.push(i);
    if (quote) cur.quoted = true;
    cur.endLine = i;
    cur.gap = false;
  }
  close();
  emptyHeader();
  return drafts;

  /** A `==> PATH <==` header with no content before the next boundary: the file was empty. */
  function emptyHeader(): void {
    if (pending?.by !== 'header' || pending.headerLine === undefined || !pending.sources.length) return;
    const hint = kindFromPath(pending.sources[0]);
    drafts.push({ kind: hint?.kind ?? 'unknown', variant: hint?.variant, resource: hint?.resource, source: pending.sources[0], headerLine: pending.headerLine, capturedAt, detectedBy: 'header', nos: [], col: 0, startLine: pending.headerLine, endLine: pending.headerLine });
    pending = undefined;
  }

  /**
   * A bare 10-digit number is `date +%s` only between captures: not in a
   * one-value cgroup file, and not when nothing but numbers follows.
   */
  function epochIsValue(i: number): boolean {
    if (pending && kindFromPath(pending.sources[0] ?? '')?.kind === 'cgroup-value') return true;
    if (!pending && !drafts.length && !current && fileHint?.kind === 'cgroup-value') return true;
    for (let j = i + 1; j < lines.length && j < i + 50; j++) {
      const t = lines.get(j).trim();
      if (!t) continue;
      return NUMBER_LINE.test(t);
    }
    return true;
  }

  /**
   * A bare number is `date +%s` only where a date fits: 10 digits, 2005–2040, and
   * right after a `date +%s` prompt, or between captures (nothing open that takes numbers).
   */
  function epochFits(text: string, i: number): boolean {
    const m = /^\s*(\d{10})(?:\.\d+)?\s*$/.exec(text);
    if (!m) return false;
    const s = Number(m[1]);
    if (s < 1104537600 || s >= 2208988800) return false;
    if (epochPrompt) return epochPrompt.expect;
    if (current && current.kind === 'cgroup-value') return false;
    return !epochIsValue(i);
  }

  /** A PSI line that starts a new file: `some`, or `full` after a `full` (irq has only `full`); the pre-upstream layout starts with `aggr`, then `some` and `full`. */
  function startsPsiBlock(type: string): boolean {
    return type === 'aggr' || (type === 'some' && lastPsiType !== 'aggr') || (type === 'full' && lastPsiType === 'full');
  }

  /** Whether a content line continues the open section. */
  function fits(d: NonNullable<typeof current>, shape: LineShape, text: string): boolean {
    switch (d.kind) {
      case 'meminfo': {
        if (shape !== 'meminfo') return shape === 'other' && !d.gap;
        // A file named meminfo is one capture: a repeated key is a problem in it, not a new capture.
        if (d.fromFile) return true;
        const key = text.split(':')[0].trim();
        return !d.keys!.has(key);
      }
      case 'vmstat': case 'memory-stat': case 'memory-events': {
        if (shape !== 'kv') return shape === 'other' && !d.gap;
        const key = firstWord(text);
        if (d.fromFile) return !(key === 'nr_free_pages' && d.kind !== 'vmstat');
        if (d.keys!.has(key)) return false;
        if (FIRST_KEYS.has(key) && d.keys!.size > 0) return false;
        // A memory.events run ends at the first key that is not an event.
        return !(d.keys!.size > 0 && d.kind === 'memory-events' && !EVENT_KEYS.has(key));
      }
      case 'pressure': {
        // A mailer wraps a long PSI line before its `total=` (a grep -R prefix makes it long): the tail is part of it.
        if (shape === 'other') return PSI_TOTAL_TAIL.test(text);
        if (shape !== 'psi') return false;
        // A new PSI file starts with `some`, or with `full` after a `full` (irq has only `full`).
        return !(psiBlockOpen && startsPsiBlock(text.trimStart().slice(0, 4)));
      }
      case 'slabinfo': if (d.variant === 'slabtop' || shape === 'slabtop') return d.variant === 'slabtop' && (shape === 'slabtop'
        // A row broken before its name: the name alone on the next line belongs to it.
        || (shape === 'other' && SLABTOP_LONE_NAME.test(text) && d.nos.length > 0 && SLABTOP_ROW_NONAME.test(lines.get(d.nos[d.nos.length - 1]))));
        return shape === 'slab' ? !text.startsWith('slabinfo - version') : (shape === 'other' && !d.gap) || shape === 'denied' || shape === 'kv' || shape === 'number';
      // A kernel log keeps everything (other messages, continuation lines) until a capture of another kind starts.
      // A meminfo-shaped line whose key no meminfo has is a wrapped report line: a Mem-Info zone tail
      // (`local_pcp:1336kB free_cma:0kB`), a register dump's `EFLAGS: 00010246`.
      case 'oom-report': return (shape !== 'meminfo' || !MEMINFO_KEY.test(text.trim().split(':')[0])) && shape !== 'slab' && shape !== 'psi';
      // A row's tail wrapped onto a line of counts alone is part of it.
      case 'buddyinfo': return shape === 'buddy' || (shape === 'other' && /^\s*\d+(?:\s+\d+)*\s*$/.test(text));
      // /proc/zoneinfo holds no blank line and indents all but its `Node N, zone` lines: after a blank, a line at
      // the margin that is no zone header is the poster's again (a vmstat excerpt, a sentence).
      case 'zoneinfo': return shape !== 'meminfo' && shape !== 'slab' && shape !== 'psi' && shape !== 'log'
        && !(d.gap && (shape === 'kv' || shape === 'other') && !/^\s/.test(text) && !/^Node\s+\d+,\s*zone\b/.test(text));
      case 'numa-stat': return shape === 'numa';
      case 'cgroup-value': return d.detectedBy === 'file-name' && shape === 'number';
      case 'unknown': return shape === 'other' || shape === 'denied';
      default: return false;
    }
  }
}

/** Content says one thing, the name another: content wins, except where content cannot tell. */
function mergeHint(kind: SectionKind, hint: PathHint, shape: LineShape, variant?: string): { kind: SectionKind; variant?: string; resource?: PsiResource } {
  // `key value` lines cannot tell vmstat from memory.stat or memory.events, nor a number which one-value
  // file it is: the name decides among those, but a name saying "oom" does not make them a kernel log.
  const neverKv: SectionKind[] = ['oom-report', 'meminfo', 'slabinfo'];
  // A setting's single number stays a one-value file (a sysctl the rules read); only its other shapes are context.
  if (hint.variant === 'setting' && shape === 'number') return { kind, variant };
  const contentIsWeak = ((shape === 'kv' || shape === 'number') && !neverKv.includes(hint.kind)) || shape === 'other' || shape === 'denied' || kind === 'unknown';
  if (contentIsWeak || hint.kind === kind) return { kind: hint.kind, variant: hint.variant ?? (hint.kind === kind ? variant : undefined), resource: hint.resource };
  // Content wins, and keeps what it said of itself (a slabtop screen is still slabtop under a file named for an OOM).
  return { kind, variant };
}

/** Which of the pending sources a new section takes (first of a matching kind). */
/** pdsh's `host: ` before a capture line (not a meminfo `Key: 1 kB` line, not a log line, not prose). */
const HOST_PREFIX = /^([A-Za-z0-9][\w.-]{0,62}): (?=\S)/;
function hostPrefix(text: string): RegExpExecArray | null {
  const colon = text.indexOf(': ');
  if (colon <= 0 || colon > 63) return null;
  const m = HOST_PREFIX.exec(text);
  if (!m || MEMINFO_LINE.test(text) || hasLogPrefix(text)) return null;
  const shape = lineShape(text.slice(m[0].length));
  return shape === 'other' || shape === 'blank' || shape === 'denied' ? null : m;
}

function pickSource(sources: string[], kind: SectionKind, shape: LineShape, firstText: string): number {
  if (!sources.length) return -1;
  if (sources.length === 1) return 0;
  for (let i = 0; i < sources.length; i++) {
    const hint = kindFromPath(sources[i]);
    if (!hint) continue;
    // /proc/pressure/irq prints only a `full` line; every other PSI file starts with `some`.
    if (shape === 'psi' && hint.kind === 'pressure' && (hint.resource === 'irq') !== firstText.startsWith('full')) continue;
    if (hint.kind === kind || (shape === 'kv' && ['vmstat', 'memory-stat', 'memory-events'].includes(hint.kind))) return i;
  }
  return -1;
}


