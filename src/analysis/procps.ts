/**
 * What procps-ng's `free -b -w` and `slabtop -o` print for a parsed capture,
 * computed from the parsed section the way procps-ng 4.0.2 computes it (the
 * version Debian 12 ships; test/oracle/procps.test.ts runs the real binaries on
 * every capture and asserts these numbers are equal).
 *
 * Sources (procps-ng, https://gitlab.com/procps-ng/procps, tag v4.0.2):
 * - library/meminfo.c  meminfo_make_hash_failed() (the keys read),
 *                      meminfo_read_failed() (parsing and the derived values)
 * - src/free.c         main() (columns) and scale_size() (`-b`: kB × 1024)
 * - library/slabinfo.c slabinfo_read_failed() (version check),
 *                      parse_slabinfo20() (row scan, per-cache and summary values)
 * - src/slabtop.c      print_summary(), print_details() (printf formats),
 *                      set_sort_stuff() (default sort: number of objects, descending)
 * Formulas are cited next to each computation; no procps code is copied.
 *
 * Pure: no Node APIs. Every number procps derives from a key that the capture
 * lacks is `undefined` here; where procps substitutes a value (0 for a missing
 * key, MemFree for MemAvailable) the substitution is named in `assumed`, and
 * `printed` holds what the binary prints, substitutions included.
 */
import type { KeyValueSection, SlabCache, SlabinfoSection } from '../model';
import { isQuoted, QUOTE_RE } from '../formats/bundle';

/** The procps-ng release these functions follow. */
export const PROCPS_NG_MODELLED = '4.0.2';

const U64 = 1n << 64n;
const U32 = 1n << 32n;
const ULONG_MAX = U64 - 1n;
const wrap64 = (x: bigint) => ((x % U64) + U64) % U64;
/** An unsigned 64-bit value reinterpreted as signed (what `%lld` and `signed long` see). */
const signed64 = (x: bigint) => (x >= 1n << 63n ? x - U64 : x);

/**
 * glibc strtoul(s, NULL, 10) on the text after a meminfo colon (the tool's
 * `raw` token): optional sign, decimal digits; none → 0; overflow → ULONG_MAX;
 * a minus sign negates in unsigned arithmetic.
 */
export function strtoul(s: string): bigint {
  const m = /^\s*([+-]?)(\d*)/.exec(s);
  if (!m || !m[2]) return 0n;
  let v = BigInt(m[2]);
  if (v > ULONG_MAX) return ULONG_MAX;
  if (m[1] === '-') v = wrap64(-v);
  return v;
}

// ───────────────────────────── free ─────────────────────────────

/** The keys `free` reads (library/meminfo.c meminfo_make_hash_failed registers these names, among others). */
const FREE_KEYS = ['MemTotal', 'MemFree', 'MemAvailable', 'Shmem', 'Buffers', 'Cached', 'SReclaimable', 'SwapTotal', 'SwapFree'] as const;
type FreeKey = (typeof FREE_KEYS)[number];

export interface FreeOptions {
  /**
   * The text of document line n as the captured file held it (a grep
   * `path:` prefix removed). With it, a key counts only when procps's own
   * scan would find it: the text from the start of the line to the first
   * colon is exactly the key, and the line before (in the section) has a
   * colon (procps looks for the next ':' from the start of a line, so a line
   * without one, blank lines too, swallows the next line's key). Without it,
   * a key counts when it starts its line (keySpan.start 0, or just after a
   * grep prefix `source:`): per-node `Node N ` keys and indented keys do not.
   */
  lineText?: (line: number) => string;
}

export interface FreeMem {
  total?: number;
  used?: number;
  free?: number;
  shared?: number;
  buffers?: number;
  cache?: number;
  /** `free -b` (not wide): buffers + cache. */
  buffCache?: number;
  available?: number;
}

export interface FreeSwap {
  total?: number;
  used?: number;
  free?: number;
}

/** Every column exactly as `free -b -w` prints it (decimal strings: procps prints 64-bit integers). */
export interface FreePrinted {
  mem: Record<'total' | 'used' | 'free' | 'shared' | 'buffers' | 'cache' | 'buffCache' | 'available', string>;
  swap: Record<'total' | 'used' | 'free', string>;
}

export interface ProcpsFree {
  /** Bytes, as `free -b` computes them; undefined when none of the number's keys is in the capture. */
  mem: FreeMem;
  swap: FreeSwap;
  /**
   * procps-ng 3.3.12 … 4.0.0: MemTotal − MemFree − Buffers − (Cached + SReclaimable),
   * or MemTotal − MemFree when that is negative (proc/sysinfo.c meminfo() in v3.3.17,
   * library/meminfo.c in 4.0.0). 4.0.1 changed "used" to MemTotal − MemAvailable.
   */
  usedBefore401?: number;
  /** What procps substituted or could not see, in words. */
  assumed: string[];
  printed: FreePrinted;
}

const unquote = (t: string) => (isQuoted(t) ? t.slice(QUOTE_RE.exec(t)?.[0].length ?? 0) : t);

/** The meminfo fields procps would read, last occurrence winning (each line overwrites its key). */
function procpsMeminfoValues(s: KeyValueSection, options: FreeOptions, assumed: string[]): { values: Map<FreeKey, bigint>; hidden: Set<string> } {
  const wanted = new Set<string>(FREE_KEYS);
  const out = new Map<FreeKey, bigint>();
  const grepCol = s.source ? s.source.length + 1 : -1;
  const hidden = new Set<string>();
  // A line that holds two fields (`paste - -`): procps reads one value per line and skips to the newline.
  const firstOnLine = new Map<number, number>();
  for (const f of s.fields) if (!firstOnLine.has(f.line) || f.keySpan.start < firstOnLine.get(f.line)!) firstOnLine.set(f.line, f.keySpan.start);
  const shared = new Set<string>();
  // Without the line text: every key at one column past 0 (a book's or a mail's indentation of the whole paste) is the
  // paste's indentation, not the file's, so keys there start their line in the file procps read.
  const cols = new Set(s.fields.map((f) => f.keySpan.start));
  // A node's own file (`Node 0 MemTotal:`; MemUsed and FilePages are printed there only) keeps its prefix: no paste indentation.
  const nodeFile = s.byKey.MemUsed !== undefined || s.byKey.FilePages !== undefined;
  const indent = !options.lineText && !nodeFile && cols.size === 1 ? [...cols][0] : 0;
  for (const f of s.fields) {
    if (!wanted.has(f.key)) continue;
    let visible: boolean;
    if (options.lineText) {
      // Mail or forum quoting (`> `, `| `) was added by the paste, not by the kernel: procps read the file before it.
      const text = unquote(options.lineText(f.line));
      const colon = text.indexOf(':');
      // library/meminfo.c meminfo_read_failed: key = text up to the first ':'; looked up verbatim.
      visible = colon >= 0 && text.slice(0, colon) === f.key;
      if (visible && f.line > s.startLine && !unquote(options.lineText(f.line - 1)).includes(':')) visible = false;
    } else {
      // A quote (`> > > ` at most 6 columns) is the paste's; `Node 0 ` before a key is the file's own.
      visible = f.keySpan.start === 0 || f.keySpan.start === indent || f.keySpan.start === grepCol || (s.quoted === true && f.keySpan.start <= 6);
    }
    if (!visible) { hidden.add(f.key); if (firstOnLine.get(f.line)! < f.keySpan.start) shared.add(f.key); continue; }
    // strtoul(head, NULL, 10) right after the colon: the unit is ignored, the number read as kB.
    out.set(f.key as FreeKey, strtoul(f.raw));
    if (f.unit !== 'kB') assumed.push(`${f.key} is not written in kB; procps reads the number ${f.raw} as kB.`);
  }
  for (const k of hidden) if (!out.has(k as FreeKey)) assumed.push(shared.has(k)
    ? `${k} is present but not at the start of its line (the second field on a line, as \`paste - -\` prints): procps reads one field per line, does not find it and reads 0.`
    : `${k} is present but not at the start of its line (per-node "Node N" prefix or indentation): procps does not find it and reads 0.`);
  if (!options.lineText) assumed.push('Line text not given: keys are taken as procps finds them when they start their line.');
  return { values: out, hidden };
}

/**
 * `free -b -w` for a meminfo section (procps-ng 4.0.2).
 */
export function procpsFree(s: KeyValueSection, options: FreeOptions = {}): ProcpsFree {
  const assumed: string[] = [];
  const { values: v, hidden } = procpsMeminfoValues(s, options, assumed);
  const has = (k: FreeKey) => v.has(k);
  // library/meminfo.c: the record is zeroed before each read; a key the file lacks stays 0.
  const kb = (k: FreeKey) => v.get(k) ?? 0n;
  for (const k of FREE_KEYS) if (!has(k) && !hidden.has(k) && k !== 'MemAvailable') assumed.push(`${k} absent: procps reads 0.`);

  const total = kb('MemTotal');
  const memFree = kb('MemFree');
  let available = kb('MemAvailable');
  // meminfo_read_failed: MemAvailable 0 (absent: kernels before 3.14) → MemFree.
  if (available === 0n) {
    available = memFree;
    assumed.push(has('MemAvailable') ? 'MemAvailable is 0: procps shows MemFree as available.' : 'MemAvailable absent (kernel before 3.14): procps shows MemFree as available, and used = MemTotal − MemFree.');
  }
  // meminfo_read_failed: available above total (LXC-distorted values) → MemFree.
  if (available > total) {
    available = memFree;
    assumed.push('MemAvailable exceeds MemTotal: procps shows MemFree as available.');
  }
  // meminfo_read_failed: derived_mem_cached = Cached + SReclaimable (since 3.3.12; 3.3.10–3.3.11 added Slab).
  const cache = wrap64(kb('Cached') + kb('SReclaimable'));
  // meminfo_read_failed (4.0.1+): mem_used = MemTotal − MemAvailable as signed long; if negative, MemTotal − MemFree.
  let used = signed64(wrap64(total - available));
  if (used < 0n) {
    used = signed64(wrap64(total - memFree));
    assumed.push('MemTotal − MemAvailable is negative: procps uses MemTotal − MemFree.');
  }
  const usedKb = wrap64(used);
  // meminfo_read_failed: swap used = SwapTotal − SwapFree only when SwapFree < SwapTotal, else 0.
  const swapTotal = kb('SwapTotal');
  const swapFree = kb('SwapFree');
  const swapUsed = swapFree < swapTotal ? swapTotal - swapFree : 0n;
  const buffers = kb('Buffers');
  // src/free.c: not wide prints Buffers + derived_mem_cached in one column (unsigned long sum).
  const buffCache = wrap64(buffers + cache);

  // src/free.c scale_size(): `-b` prints size * 1024LL as %lld (64-bit product, signed).
  const bytes = (x: bigint) => signed64(wrap64(x * 1024n));
  const num = (x: bigint) => {
    const b = bytes(x);
    if (b > BigInt(Number.MAX_SAFE_INTEGER) || b < -BigInt(Number.MAX_SAFE_INTEGER)) assumed.push(`${b} bytes is beyond 2^53: the number field is rounded (printed holds it exactly).`);
    return Number(b);
  };
  const any = (...ks: FreeKey[]) => ks.some(has);
  const mem: FreeMem = {};
  if (any('MemTotal')) mem.total = num(total);
  if (any('MemTotal', 'MemAvailable', 'MemFree')) mem.used = num(usedKb);
  if (any('MemFree')) mem.free = num(memFree);
  if (any('Shmem')) mem.shared = num(kb('Shmem'));
  if (any('Buffers')) mem.buffers = num(buffers);
  if (any('Cached', 'SReclaimable')) mem.cache = num(cache);
  if (any('Buffers', 'Cached', 'SReclaimable')) mem.buffCache = num(buffCache);
  if (any('MemAvailable', 'MemFree')) mem.available = num(available);
  const swap: FreeSwap = {};
  if (any('SwapTotal')) swap.total = num(swapTotal);
  if (any('SwapTotal', 'SwapFree')) swap.used = num(swapUsed);
  if (any('SwapFree')) swap.free = num(swapFree);

  const out: ProcpsFree = {
    mem, swap, assumed,
    printed: {
      mem: {
        total: String(bytes(total)), used: String(bytes(usedKb)), free: String(bytes(memFree)), shared: String(bytes(kb('Shmem'))),
        buffers: String(bytes(buffers)), cache: String(bytes(cache)), buffCache: String(bytes(buffCache)), available: String(bytes(available)),
      },
      swap: { total: String(bytes(swapTotal)), used: String(bytes(swapUsed)), free: String(bytes(swapFree)) },
    },
  };
  if (any('MemTotal', 'MemFree')) {
    // proc/sysinfo.c meminfo() (v3.3.17): used = total − free − cached − buffers; negative → total − free.
    let old = signed64(wrap64(total - memFree - cache - buffers));
    if (old < 0n) old = signed64(wrap64(total - memFree));
    out.usedBefore401 = Number(bytes(wrap64(old)));
  }
  return out;
}

// ───────────────────────────── slabtop ─────────────────────────────

export interface SlabtopOptions {
  /** Page size of the captured machine (slabtop uses getpagesize() of the machine it runs on). Default 4096. */
  pageSize?: number;
  /**
   * The text of document line n as the file held it. With it, every line of
   * the section is checked as library/slabinfo.c reads it: the first must be
   * `slabinfo - version: 2.x`, and each other line must start with `#` or scan
   * as a row (a blank line makes slabtop fail). Without it only the parsed
   * rows and header are checked.
   */
  lineText?: (line: number) => string;
}

export interface SlabtopRow {
  name: string;
  line: number;
  /** OBJS: num_objs. */
  objs: number;
  /** ACTIVE: active_objs. */
  active: number;
  /** USE: (unsigned)(100 × (float)active / objs), 0 when objs is 0. */
  use: number;
  /** objsize in bytes; OBJ SIZE prints objSizeK. */
  objSize: number;
  /** `%7.2f` of objsize / 1024, without the K. */
  objSizeK: string;
  slabs: number;
  objPerSlab: number;
  /** num_slabs × pagesperslab × page size, bytes. */
  cacheSize: number;
  /** CACHE SIZE as printed: cacheSize / 1024, truncated, without the K. */
  cacheSizeK: number;
}

export interface SlabtopSummary {
  activeObjs: number; totalObjs: number; objsPct: string;
  activeSlabs: number; totalSlabs: number; slabsPct: string;
  activeCaches: number; totalCaches: number; cachesPct: string;
  /** Σ active_objs × objsize and Σ num_objs × objsize, bytes (objects, not slab pages). */
  activeSize: number; totalSize: number;
  activeSizeK: string; totalSizeK: string; sizePct: string;
  minObj: number; avgObj: number; maxObj: number;
  minObjK: string; avgObjK: string; maxObjK: string;
}

export interface ProcpsSlabtop {
  /** Set when slabtop refuses the file: it prints `message` on stderr and exits 1. */
  refused?: { reason: string; message: string };
  /** Rows in `slabtop -o` order (num_objs descending; qsort_r in glibc 2.36 keeps file order on ties). */
  rows: SlabtopRow[];
  summary?: SlabtopSummary;
  assumed: string[];
}

const REFUSED = 'slabtop: Unable to create slabinfo structure: Numerical result out of range';

/**
 * glibc printf `%.Nf` of a double: the exact binary value rounded to N
 * places, ties to even (JavaScript's toFixed breaks ties upward: 0.125 → "0.13",
 * glibc prints "0.12"). A tie at N places means x × 2^(N+1) is an odd integer.
 */
export function cFixed(x: number, digits: number): string {
  if (Number.isNaN(x)) return '-nan'; // 0.0/0.0 on x86-64 is the negative default NaN
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const up = x.toFixed(digits);
  const scaled = Math.abs(x) * 2 ** (digits + 1);
  if (!Number.isInteger(scaled) || scaled % 2 === 0) return up;
  // Tie: toFixed chose the larger magnitude; glibc keeps the even last digit.
  const digitsOnly = up.replace('-', '').replace('.', '');
  if (Number(digitsOnly[digitsOnly.length - 1]) % 2 === 0) return up;
  const n = BigInt(digitsOnly) - 1n;
  let s = n.toString().padStart(digits + 1, '0');
  s = digits ? `${s.slice(0, s.length - digits)}.${s.slice(s.length - digits)}` : s;
  return (x < 0 ? '-' : '') + s;
}

/** `%.2f` of bytes / 1024.0 for an exact integer byte count (the quotient is exact in a double below 2^63). */
function kib2(bytes: bigint): string {
  return cFixed(Number(bytes) / 1024, 2);
}

/** The `%u` sscanf reads: strtoul's result cut to 32 bits. */
const u32 = (n: number) => Number(BigInt.asUintN(32, BigInt(Math.trunc(n))));

interface ScannedRow { name: string; nums: number[] }

/**
 * library/slabinfo.c parse_slabinfo20: sscanf(buffer, "%128s%u %u %u %u %u :
 * tunables %*u %*u %*u : slabdata %u %u %*u") must make 8 conversions. This
 * scans a line the same way (whitespace in the format matches any run of
 * whitespace, `%u` takes an optional sign and digits).
 */
export function scanSlabRow(text: string): ScannedRow | undefined {
  let i = 0;
  const ws = () => { while (i < text.length && /\s/.test(text[i])) i++; };
  const lit = (word: string) => { ws(); if (!text.startsWith(word, i)) return false; i += word.length; return true; };
  const num = /[+-]?\d+/y;
  const u = (): number | undefined => {
    ws();
    num.lastIndex = i;
    const m = num.exec(text);
    if (!m) return undefined;
    i += m[0].length;
    return Number(strtoul(m[0]) % U32);
  };
  ws();
  const start = i;
  while (i < text.length && i - start < 128 && !/\s/.test(text[i])) i++;
  if (i === start) return undefined;
  const name = text.slice(start, i);
  const nums: number[] = [];
  for (let k = 0; k < 5; k++) { const x = u(); if (x === undefined) return undefined; nums.push(x); }
  if (!lit(':') || !lit('tunables')) return undefined;
  for (let k = 0; k < 3; k++) if (u() === undefined) return undefined;
  if (!lit(':') || !lit('slabdata')) return undefined;
  for (let k = 0; k < 2; k++) { const x = u(); if (x === undefined) return undefined; nums.push(x); }
  return { name, nums };
}

/** library/slabinfo.c slabinfo_read_failed: sscanf(line, "slabinfo - version: %d.%d") == 2 and major == 2. */
function versionMajor(text: string): number | undefined {
  const m = /^slabinfo\s*-\s*version:\s*([+-]?\d+)\.\s*[+-]?\d+/.exec(text);
  return m ? Number(m[1]) : undefined;
}

function refusedBecause(s: SlabinfoSection, options: SlabtopOptions): string | undefined {
  if (s.unreadable === 'permission-denied') return 'the capture holds "Permission denied" instead of /proc/slabinfo, so its first line is not "slabinfo - version: 2.x"';
  if (options.lineText) {
    const first = options.lineText(s.startLine);
    const major = versionMajor(first);
    if (major === undefined) return `its first line is not "slabinfo - version: %d.%d"`;
    if (major !== 2) return `slabinfo version ${major}.x: slabtop reads only major version 2`;
    const rows = new Map(s.caches.map((c) => [c.line, c]));
    for (let n = s.startLine + 1; n <= s.endLine; n++) {
      const t = options.lineText(n);
      if (t.startsWith('#')) continue;
      const r = scanSlabRow(t);
      if (!r) return t.trim() ? `line ${n + 1} does not scan as a slabinfo row` : `line ${n + 1} is blank, and slabtop reads every line that does not start with "#" as a row`;
      const c = rows.get(n);
      if (!c || c.name !== r.name) return `line ${n + 1}: slabtop reads the cache name as "${r.name}"${c ? `, not "${c.name}"` : ''}`;
    }
    return undefined;
  }
  if (s.version === undefined) return 'no "slabinfo - version:" line';
  if (!/^2\./.test(s.version)) return `slabinfo version ${s.version}: slabtop reads only major version 2`;
  const odd = s.caches.find((c) => /\s/.test(c.name) || c.name.length > 128);
  if (odd) return `cache name "${odd.name}" is not one whitespace-free word of at most 128 characters, as sscanf("%128s") reads it`;
  return undefined;
}

/**
 * `slabtop -o` for a slabinfo section (procps-ng 4.0.2). Works for SLUB files
 * (tunables 0 0 0) and SLAB-era ones (2.0/2.1, `(statistics)` rows with
 * globalstat/cpustat groups): slabtop reads only the groups before sharedavail.
 */
export function procpsSlabtop(s: SlabinfoSection, options: SlabtopOptions = {}): ProcpsSlabtop {
  const pageSize = options.pageSize ?? 4096;
  const assumed: string[] = [];
  const why = refusedBecause(s, options);
  if (why) return { refused: { reason: why, message: REFUSED }, rows: [], assumed };
  if (!options.lineText) assumed.push('Line text not given: lines other than parsed rows (blank or damaged lines, which make slabtop fail) were not checked.');
  if (pageSize !== 4096) assumed.push(`Page size ${pageSize}: slabtop uses getpagesize() of the machine it runs on.`);

  // parse_slabinfo20: all counters are unsigned int (32-bit), sizes unsigned long.
  let nrObjs = 0, nrActiveObjs = 0, nrSlabs = 0, nrActiveSlabs = 0, nrCaches = 0, nrActiveCaches = 0;
  let totalSize = 0n, activeSize = 0n;
  let minObj = 0x7fffffff; // INT_MAX until a row is read
  let maxObj = 0;
  const rows: SlabtopRow[] = s.caches.map((c: SlabCache) => {
    const objs = u32(c.numObjs), active = u32(c.activeObjs), objSize = u32(c.objSize), ops = u32(c.objPerSlab);
    const pps = u32(c.pagesPerSlab), slabs = u32(c.numSlabs), aslabs = u32(c.activeSlabs);
    if (objSize < minObj) minObj = objSize;
    if (objSize > maxObj) maxObj = objSize;
    // parse_slabinfo20: cache_size = (unsigned long)nr_slabs * pages_per_slab * page_size.
    const cacheSize = BigInt.asUintN(64, BigInt(slabs) * BigInt(pps) * BigInt(pageSize));
    // parse_slabinfo20: use = (unsigned int)(100 * ((float)nr_active_objs / nr_objs)), 0 when nr_objs is 0 (float arithmetic).
    let use = 0;
    if (objs) { use = u32(Math.fround(100 * Math.fround(Math.fround(active) / Math.fround(objs)))); nrActiveCaches++; }
    nrObjs = (nrObjs + objs) >>> 0;
    nrActiveObjs = (nrActiveObjs + active) >>> 0;
    totalSize = BigInt.asUintN(64, totalSize + BigInt(objs) * BigInt(objSize));
    activeSize = BigInt.asUintN(64, activeSize + BigInt(active) * BigInt(objSize));
    nrSlabs = (nrSlabs + slabs) >>> 0;
    nrActiveSlabs = (nrActiveSlabs + aslabs) >>> 0;
    nrCaches++;
    return {
      name: c.name, line: c.line, objs, active, use, objSize,
      // print_details: "%7.2fK" of obj_size / 1024.0; "%9luK" of cache_size / 1024 (integer division).
      objSizeK: cFixed(objSize / 1024, 2), slabs, objPerSlab: ops,
      cacheSize: Number(cacheSize), cacheSizeK: Number(cacheSize / 1024n),
    };
  });
  // parse_slabinfo20: avg_obj_size = total_size / nr_objs (unsigned), 0 when there are no objects.
  const avgObj = nrObjs ? Number(BigInt.asUintN(32, totalSize / BigInt(nrObjs))) : 0;
  // set_sort_stuff: default SLAB_NUM_OBJS, SLABINFO_SORT_DESCEND; Array.prototype.sort is stable like glibc 2.36's qsort_r.
  rows.sort((a, b) => b.objs - a.objs);
  // print_summary: "%u / %u (%.1f%%)" with 100.0 * a / b in double; sizes "%.2fK" of bytes / 1024.0.
  const pct = (a: number | bigint, b: number | bigint) => cFixed((100 * Number(a)) / Number(b), 1);
  if (!s.caches.length) assumed.push('No cache rows: slabtop prints -nan for every share and INT_MAX bytes as the minimum object size.');
  const summary: SlabtopSummary = {
    activeObjs: nrActiveObjs, totalObjs: nrObjs, objsPct: pct(nrActiveObjs, nrObjs),
    activeSlabs: nrActiveSlabs, totalSlabs: nrSlabs, slabsPct: pct(nrActiveSlabs, nrSlabs),
    activeCaches: nrActiveCaches, totalCaches: nrCaches, cachesPct: pct(nrActiveCaches, nrCaches),
    activeSize: Number(activeSize), totalSize: Number(totalSize), activeSizeK: kib2(activeSize), totalSizeK: kib2(totalSize), sizePct: pct(activeSize, totalSize),
    minObj, avgObj, maxObj, minObjK: cFixed(minObj / 1024, 2), avgObjK: cFixed(avgObj / 1024, 2), maxObjK: cFixed(maxObj / 1024, 2),
  };
  return { rows, summary, assumed };
}
