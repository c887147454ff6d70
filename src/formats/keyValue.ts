/**
 * Parsers for the `key value` captures: /proc/meminfo, memory.stat,
 * memory.events, /proc/vmstat and the one-value cgroup files. Never throw:
 * a line that cannot be read becomes a Problem on that line.
 */
import type { Field, Problem, SourceUnit, Span } from '../model';
import { ELIDED_MESSAGE, ELISION, type SourceLine } from './lines';
import { abbreviate, belowZero, plainDigits, plainDigitsAt, readInteger, V1_UNLIMITED, V1_UNLIMITED_TEXTS } from './numbers';
import { cgroupValueUnit, meminfoUnit, memoryStatUnit, toBytes, vmstatUnit } from './units';
import { HAS_LIMIT, LINE_KV, LINE_MEMINFO, RECORDED, SIGNED, type KvColumns } from './kvColumns';

export interface KeyValueResult {
  fields: Field[];
  /** First field of each key. */
  readonly byKey: Record<string, Field>;
  first: Map<string, Field>;
  problems: Problem[];
}

export interface ParseOptions {
  pageSize: number;
  /**
   * An earlier capture of a series, read for its `peek`: fields are made only for these keys (and the
   * few whose value needs a word); every line is still checked, so the problems are the same.
   */
  keep?: ReadonlySet<string>;
}

const SIZE_UNITS = new Set<SourceUnit>(['kB', 'bytes', 'pages', 'hugepages']);

/**
 * A field whose spans are computed on access: a day of captures holds
 * hundreds of thousands of fields, and most spans are never asked for.
 */
class KvField implements Field {
  bytes?: number;
  unlimited?: boolean;
  constructor(
    public key: string, public raw: string, public value: number, public unit: SourceUnit, public line: number,
    private ks: number, private ke: number, private vs: number, private us = -1, private ue = -1,
  ) {}
  get keySpan(): Span { return { line: this.line, start: this.ks, end: this.ke }; }
  set keySpan(s: Span) { this.ks = s.start; this.ke = s.end; }
  get valueSpan(): Span { return { line: this.line, start: this.vs, end: this.vs + this.raw.length }; }
  get unitSpan(): Span | undefined { return this.us < 0 ? undefined : { line: this.line, start: this.us, end: this.ue }; }
  /** Plain data for JSON and structured clone. */
  toJSON(): Field {
    const { key, raw, value, unit, line, bytes, unlimited, keySpan, valueSpan, unitSpan } = this;
    return { key, raw, value, unit, line, keySpan, valueSpan, ...(bytes !== undefined ? { bytes } : {}), ...(unlimited ? { unlimited } : {}), ...(unitSpan ? { unitSpan } : {}) };
  }
}

function makeField(
  key: string, raw: string, n: number, unit: SourceUnit, line: number,
  keyStart: number, valueStart: number, opts: ParseOptions, hugeBytes?: number, unitSpan?: [number, number],
): Field {
  const f = new KvField(key, raw, n, unit, line, keyStart, keyStart + key.length, valueStart, unitSpan ? unitSpan[0] : -1, unitSpan ? unitSpan[1] : -1);
  const b = toBytes(n, unit, opts.pageSize, hugeBytes);
  if (b !== undefined) f.bytes = b;
  return f;
}

/** `seen` (peek): the first line of every key, kept or not; without it `out.first` says. */
function addField(out: KeyValueResult, f: Field, what: string, seen?: Map<string, number>): void {
  const firstLine = seen ? seen.get(f.key) : out.first.get(f.key)?.line;
  if (firstLine !== undefined) {
    const span = f.keySpan;
    out.problems.push(twice(f.key, f.line, span.start, span.end, what, firstLine));
  } else {
    seen?.set(f.key, f.line);
    out.first.set(f.key, f);
  }
  out.fields.push(f);
}

function twice(key: string, line: number, start: number, end: number, what: string, firstLine: number): Problem {
  return { line, start, end, severity: 'warning', message: `${key} appears twice in this ${what} (first on line ${firstLine + 1}); the first value is used.` };
}

/** A line of an earlier capture whose key nobody reads: only whether its key repeats. */
function checkOnly(out: KeyValueResult, seen: Map<string, number>, key: string, line: number, start: number, what: string): void {
  const firstLine = seen.get(key);
  if (firstLine !== undefined) out.problems.push(twice(key, line, start, start + key.length, what, firstLine));
  else seen.set(key, line);
}

/** A result whose `byKey` object is built on first use (a Map is much cheaper to fill). */
function result(): KeyValueResult {
  const first = new Map<string, Field>();
  let byKey: Record<string, Field> | undefined;
  return {
    fields: [], problems: [], first,
    get byKey() { return (byKey ??= Object.fromEntries(first)); },
  };
}

function checkNumber(out: KeyValueResult, l: SourceLine, valueText: string, valueStart: number, key: string, isSize: boolean): number | undefined {
  const fast = plainDigits(valueText);
  if (fast >= 0) return fast;
  const r = readInteger(valueText);
  if (!r) {
    out.problems.push({ line: l.line, start: valueStart, end: valueStart + valueText.length, severity: 'error', message: `Expected a whole number for ${key}, found "${abbreviate(valueText)}".` });
    return undefined;
  }
  // A mangled "no limit" gets its own, clearer word (checkSentinel).
  if (r.warning && !(LIMIT_KEY.test(key) && isMangledSentinel(valueText))) out.problems.push({ line: l.line, start: valueStart, end: valueStart + valueText.length, severity: 'warning', message: `${key}: ${r.warning}.` });
  if (isSize && r.value < 0) out.problems.push({ line: l.line, start: valueStart, end: valueStart + valueText.length, severity: 'error', message: `${key} is a size and cannot be negative (${valueText}); the value is shown but not used in totals.` });
  return r.value;
}

/** Splits `[Node N ]Key:<ws>value[<ws>unit][<ws>rest]` without a backtracking regex (hot path). */
function splitMeminfoLine(text: string): { keyStart: number; key: string; colon: number; valueStart: number; value: string; unitStart: number; unit?: string; rest?: string } | undefined {
  const colon = text.indexOf(':');
  if (colon < 0) return undefined;
  let keyStart = 0;
  while (keyStart < colon && (text.charCodeAt(keyStart) === 32 || text.charCodeAt(keyStart) === 9)) keyStart++;
  // Per-node files (/sys/devices/system/node/nodeN/meminfo) prefix every key with `Node N `.
  if (text.charCodeAt(keyStart) === 78 /* N */ && text.startsWith('Node', keyStart)) {
    const node = /^Node\s+\d+\s+/.exec(text.slice(keyStart, colon));
    if (node) keyStart += node[0].length;
  }
  const key = text.slice(keyStart, colon).trim();
  if (!key || /\s/.test(key)) return undefined;
  const toks: { s: number; t: string }[] = [];
  const re = /[^ \t]+/g;
  re.lastIndex = colon + 1;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null && toks.length < 3) toks.push({ s: m.index, t: m[0] });
  const rest = toks.length === 3 ? text.slice(toks[2].s).trim() : undefined;
  return { keyStart, key, colon, valueStart: toks[0]?.s ?? text.length, value: toks[0]?.t ?? '', unitStart: toks[1]?.s ?? -1, unit: toks[1]?.t, rest };
}

/** A note a person appended to a line: `-- …`, `# …`, `<- …`, `← …`, `(…)`, or words in another script. */
const NOTE = /^(?:-\s|--|#|<-|←|\(|[^\x00-\x7f])/;

/** Text after a value: a poster's note (`-- jumped to 6G`, `(unchanged)`, `<- here`) is information, the value read; anything else an error. */
function textAfterValue(line: number, key: string, rest: string, expected: string): Problem {
  // A lone mark far to the right (a terminal's or an editor's artefact, `oom_kill 1          .`): not a value.
  if (/^[.,;]$/.test(rest)) return { line, severity: 'info', message: `A lone "${rest}" after ${key}'s value is left out (a paste artefact); the value is read.` };
  return NOTE.test(rest)
    ? { line, severity: 'info', message: `Text after ${key}'s value ("${abbreviate(rest, 40)}") is read as a note; the value is read.` }
    : { line, severity: 'error', message: `Unexpected text after ${key}'s value: "${abbreviate(rest, 40)}". Expected "${expected}".` };
}

const MEMINFO24 = /^(?:\s*total:\s+used:\s+free:|(?:Mem|Swap):\s+\d+(?:\s+\d+){2,5}\s*$)/;

/**
 * cgroup v1's "no limit" (PAGE_COUNTER_MAX × page size, or LLONG_MAX) with a
 * digit lost in a paste: `922337203685477171`. Such a limit cannot be right.
 */
const SENTINELS = V1_UNLIMITED_TEXTS;
export function isMangledSentinel(text: string): boolean {
  if (!/^\d{15,19}$/.test(text) || SENTINELS.includes(text)) return false;
  for (const s of SENTINELS) {
    if (text.length === s.length - 1) {
      for (let i = 0; i < s.length; i++) if (s.slice(0, i) + s.slice(i + 1) === text) return true;
    }
    if (text.length >= 16 && text.length < s.length && s.startsWith(text)) return true;
  }
  return false;
}
const LIMIT_KEY = /(?:^|\.)(?:limit_in_bytes|memsw\.limit_in_bytes|soft_limit_in_bytes|kmem\.limit_in_bytes|kmem\.tcp\.limit_in_bytes)$|^hierarchical_(?:memory|memsw)_limit$/;

function checkSentinel(out: KeyValueResult, f: Field, key: string): void {
  if (!LIMIT_KEY.test(key) || !isMangledSentinel(f.raw)) return;
  f.unlimited = true;
  out.problems.push({ line: f.line, start: f.valueSpan.start, end: f.valueSpan.end, severity: 'warning', message: `${key} ${f.raw} cannot be a real limit: it is cgroup v1's "no limit" value 9223372036854771712 with a digit lost (a paste or an edit). Read as no limit.` });
}

/** /proc/meminfo (fs/proc/meminfo.c); also the per-node `Node N Key: value kB` form. */
export function parseMeminfo(lines: SourceLine[], opts: ParseOptions): KeyValueResult {
  const out = result();
  const keep = opts.keep;
  const seen = keep ? new Map<string, number>() : undefined;
  let hugeKb: number | undefined;
  for (const l of lines) {
    if (!l.text.trim()) continue;
    // 2.4 kernels print a table in bytes above the key lines: `total: used: free: …`, `Mem: …`, `Swap: …`.
    // The key lines below say the same in kB; the table is skipped, not a problem.
    if (MEMINFO24.test(l.text)) continue;
    const m = splitMeminfoLine(l.text);
    if (!m && ELISION.test(l.text)) { out.problems.push({ line: l.line, severity: 'info', message: ELIDED_MESSAGE }); continue; }
    if (!m) {
      out.problems.push({ line: l.line, severity: 'error', message: `Not a meminfo line: expected "Name:  value kB" (for example "MemTotal:  16384000 kB"), found "${abbreviate(l.text.trim(), 60)}".` });
      continue;
    }
    const { key } = m;
    const keyStart = l.col + m.keyStart;
    const valueStart = l.col + m.valueStart;
    const valueText = m.value;
    if (!valueText) {
      out.problems.push({ line: l.line, severity: 'error', message: `${key} has no value: expected a number after the colon.` });
      continue;
    }
    // `paste - -` puts two entries on a line: read the second as its own field.
    // (A count has no unit: then the second key stands where the unit would.)
    const keyAsUnit = m.unit !== undefined && /^[A-Za-z][\w()]*:$/.test(m.unit);
    const pairText = keyAsUnit ? l.text.slice(m.unitStart) : m.rest;
    if (pairText && /^([A-Za-z][\w()]*):\s*(\d+)(?:\s+(kB))?\s*$/.test(pairText)) {
      const at = keyAsUnit ? m.unitStart : l.text.lastIndexOf(pairText);
      readMeminfoPair(out, { line: l.line, col: l.col + at, text: pairText }, opts, (k, n) => { if (k === 'Hugepagesize') hugeKb = n; }, seen);
      m.rest = undefined;
      if (keyAsUnit) m.unit = undefined;
    }
    // A note right after a count (`HugePages_Total: 252557 ----- too many`): the "unit" is the note's start.
    if (m.unit !== undefined && m.unit !== 'kB' && NOTE.test(m.unit)) { m.rest = l.text.slice(m.unitStart).trim(); m.unit = undefined; }
    const unitText = m.unit;
    if (m.rest) out.problems.push(textAfterValue(l.line, key, m.rest, 'Name:  value kB'));
    if (unitText && unitText !== 'kB') {
      out.problems.push({ line: l.line, start: l.col + m.unitStart, end: l.col + m.unitStart + unitText.length, severity: 'error', message: `meminfo values are in kB; "${abbreviate(unitText)}" is not a unit the kernel prints here.` });
    }
    const unit = meminfoUnit(key, unitText === 'kB' ? unitText : undefined);
    const n = checkNumber(out, l, valueText, valueStart, key, unit !== 'count');
    if (n === undefined) continue;
    if (key === 'Hugepagesize') hugeKb = n;
    // Peek: a key nobody reads from an earlier capture makes no field.
    if (seen && !keep!.has(key)) { checkOnly(out, seen, key, l.line, keyStart, 'meminfo'); continue; }
    const unitSpan: [number, number] | undefined = unitText ? [l.col + m.unitStart, l.col + m.unitStart + unitText.length] : undefined;
    const f = makeField(key, valueText, n, unit, l.line, keyStart, valueStart, opts, undefined, unitSpan);
    addField(out, f, 'meminfo', seen);
  }
  // HugePages_* are counts of the default huge page size (Hugepagesize, kB).
  const hugeBytes = (hugeKb ?? 2048) * 1024;
  for (const f of out.fields) if (f.unit === 'hugepages' && Number.isFinite(f.value)) f.bytes = f.value * hugeBytes;
  return out;
}

/** The second `Key: value kB` of a `paste - -` line. */
function readMeminfoPair(out: KeyValueResult, l: SourceLine, opts: ParseOptions, seen: (key: string, n: number) => void, first?: Map<string, number>): void {
  const m = splitMeminfoLine(l.text);
  if (!m || !m.value) return;
  const unit = meminfoUnit(m.key, m.unit === 'kB' ? 'kB' : undefined);
  const n = checkNumber(out, l, m.value, l.col + m.valueStart, m.key, unit !== 'count');
  if (n === undefined) return;
  const unitSpan: [number, number] | undefined = m.unit ? [l.col + m.unitStart, l.col + m.unitStart + m.unit.length] : undefined;
  seen(m.key, n);
  addField(out, makeField(m.key, m.value, n, unit, l.line, l.col + m.keyStart, l.col + m.valueStart, opts, undefined, unitSpan), 'meminfo', first);
}

const isWs = (c: number) => c === 32 || c === 9;

/** `key<ws>value[<ws>rest]` split by hand, with no regex and no temporary objects (hot path: most of a series). */
const HUMAN_SIZE = /^(\d+(?:\.\d+)?)([KMGT])(?:i?B)?$/;
const HUMAN_UNITS: Record<string, SourceUnit> = { K: 'kB', M: 'MiB', G: 'GiB', T: 'TiB' };
const HUMAN_MESSAGE = 'Sizes written with a suffix (24.2G): this memory.stat was put through a tool such as numfmt --to=iec, not pasted as the kernel writes it (bytes). Read as powers of 1024, to the digits shown.';

function parsePairs(lines: SourceLine[], opts: ParseOptions, what: string, unitOf: (key: string) => SourceUnit, example: string): KeyValueResult {
  const out = result();
  const keep = opts.keep;
  const seen = keep ? new Map<string, number>() : undefined;
  for (const l of lines) {
    const text = l.text;
    const n = text.length;
    let i = 0;
    while (i < n && isWs(text.charCodeAt(i))) i++;
    let j = i;
    while (j < n && !isWs(text.charCodeAt(j))) j++;
    let k = j;
    while (k < n && isWs(text.charCodeAt(k))) k++;
    if (j === i || k === j || k === n) {
      if (!text.trim()) continue;
      if (ELISION.test(text)) { out.problems.push({ line: l.line, severity: 'info', message: ELIDED_MESSAGE }); continue; }
      out.problems.push({ line: l.line, severity: 'error', message: `Not a ${what} line: expected "key value" (for example "${example}"), found "${abbreviate(text.trim(), 60)}".` });
      continue;
    }
    let e = k;
    while (e < n && !isWs(text.charCodeAt(e))) e++;
    let r = e;
    while (r < n && isWs(text.charCodeAt(r))) r++;
    // Markdown emphasis the poster put around the paste ends on the last value (`0_`, `0**`): not part of it.
    const c = text.charCodeAt(e - 1);
    if ((c === 95 /* _ */ || c === 42 /* * */) && r === n && /^\d+(?:\*\*?|__?)$/.test(text.slice(k, e))) {
      const marker = /[*_]+$/.exec(text.slice(k, e))![0];
      e -= marker.length;
      out.problems.push({ line: l.line, start: l.col + e, end: l.col + e + marker.length, severity: 'info', message: `"${marker}" after the value is markdown emphasis around the paste, not part of the value: read as ${text.slice(k, e)}.` });
    }
    const key = text.slice(i, j);
    if (r < n) out.problems.push(textAfterValue(l.line, key, text.slice(r).trimEnd(), 'key value'));
    // Peek: a key nobody reads from an earlier capture makes no field (a limit's value may need a word: it does).
    if (seen && !keep!.has(key) && key.indexOf('limit') < 0) {
      if (plainDigitsAt(text, k, e) < 0 && checkNumber(out, l, text.slice(k, e), l.col + k, key, SIZE_UNITS.has(unitOf(key))) === undefined) continue;
      checkOnly(out, seen, key, l.line, l.col + i, what);
      continue;
    }
    const value = text.slice(k, e);
    let unit = unitOf(key);
    // A memory.stat put through numfmt --to=iec (`file 24.2G`): sizes with a binary suffix, read approximately.
    const human = unit === 'bytes' && what === 'memory.stat' && plainDigitsAt(text, k, e) < 0 ? HUMAN_SIZE.exec(value) : null;
    if (human) {
      unit = HUMAN_UNITS[human[2]];
      if (!out.problems.some((p) => p.message === HUMAN_MESSAGE)) out.problems.push({ line: l.line, severity: 'info', message: HUMAN_MESSAGE });
    }
    const num = human ? Number(human[1]) : checkNumber(out, l, value, l.col + k, key, SIZE_UNITS.has(unit));
    if (num === undefined) continue;
    const f = makeField(key, value, num, unit, l.line, l.col + i, l.col + k, opts);
    if (key.startsWith('hierarchical_') && num >= V1_UNLIMITED) f.unlimited = true;
    checkSentinel(out, f, key);
    addField(out, f, what, seen);
  }
  return out;
}

/** cgroup v2 and v1 memory.stat (cgroup-v2.rst, cgroup-v1/memory.rst §5.2). */
export function parseMemoryStat(lines: SourceLine[], opts: ParseOptions): KeyValueResult {
  return parsePairs(lines, opts, 'memory.stat', memoryStatUnit, 'anon 123456789');
}

/** memory.events, memory.events.local, memory.swap.events: event counts. */
export function parseMemoryEvents(lines: SourceLine[], opts: ParseOptions): KeyValueResult {
  return parsePairs(lines, opts, 'memory.events', () => 'count', 'oom_kill 0');
}

/** /proc/vmstat (mm/vmstat.c). */
export function parseVmstat(lines: SourceLine[], opts: ParseOptions): KeyValueResult {
  return parsePairs(lines, opts, 'vmstat', vmstatUnit, 'nr_free_pages 123456');
}

/** One-value cgroup files: a number of bytes, or `max` for no limit. */
/**
 * A value a session wrote into a cgroup file (`echo 10M > memory.limit_in_bytes`): the kernel reads sizes
 * with memparse (lib/cmdline.c: K, M, G, T, P, E suffixes, powers of 1024), `max` or -1 for no limit.
 */
export function parseWrittenValue(line: number, raw: string, start: number, opts: ParseOptions, fileName: string): KeyValueResult {
  const out = result();
  const unit = cgroupValueUnit(fileName);
  const m = /^(\d+)([kKmMgGtTpP]?)$/.exec(raw);
  let f: Field;
  if (raw === 'max' || raw === '-1') {
    f = makeField(fileName, raw, Infinity, unit, line, start, start, opts);
    f.bytes = Infinity;
    f.unlimited = true;
  } else if (m && (unit === 'bytes' || !m[2])) {
    const suffix = m[2].toUpperCase();
    const sourceUnit: SourceUnit = unit !== 'bytes' ? unit : suffix === 'K' ? 'kB' : suffix === 'M' ? 'MiB' : suffix === 'G' ? 'GiB' : suffix === 'T' ? 'TiB' : 'bytes';
    f = makeField(fileName, raw, Number(m[1]), sourceUnit, line, start, start, opts);
    if (suffix === 'P') f.bytes = Number(m[1]) * 2 ** 50;
  } else {
    out.problems.push({ line, start, end: start + raw.length, severity: 'warning', message: `The value written to ${fileName} should be a number (with a K, M or G suffix) or max, got "${abbreviate(raw, 40)}": not read.` });
    return out;
  }
  f.keySpan = { line, start, end: start + raw.length };
  addField(out, f, fileName);
  return out;
}

export function parseCgroupValue(lines: SourceLine[], opts: ParseOptions, fileName: string | undefined): KeyValueResult {
  const out = result();
  const key = fileName ?? 'value';
  const unit = cgroupValueUnit(key);
  for (const l of lines) {
    const t = l.text.trim();
    if (!t) continue;
    const start = l.col + l.text.indexOf(t);
    if (out.fields.length) {
      out.problems.push({ line: l.line, severity: 'error', message: `${key} holds a single value; this extra line ("${abbreviate(t, 40)}") is not part of it.` });
      continue;
    }
    let f: Field;
    if (t === 'max') {
      f = makeField(key, t, Infinity, unit, l.line, start, start, opts);
      f.bytes = Infinity;
      f.unlimited = true;
    } else {
      const n = checkNumber(out, l, t, start, key, unit === 'bytes');
      if (n === undefined) continue;
      f = makeField(key, t, n, unit, l.line, start, start, opts);
      // A usage counter below zero prints as 2^64 − N: not "no limit" (numbers.ts belowZero).
      if (n >= V1_UNLIMITED && belowZero(t) === undefined) f.unlimited = true;
      checkSentinel(out, f, key);
    }
    f.keySpan = { line: l.line, start, end: start + t.length };
    addField(out, f, key);
  }
  return out;
}

/**
 * The peek of an earlier capture read straight from the document's text by offsets (no line strings, no
 * objects but the kept fields): `key value` (vmstat) or `Key: value kB` (meminfo) lines. Every line must
 * be clean (a key, up to 15 plain digits, the one unit the kernel prints, nothing else, no limit key), so
 * the only problem it can find is a repeated key; any other line, or a hash collision between two keys,
 * returns undefined and the section goes through the parser above, which says the same of clean lines.
 */
export function peekColumns(kind: 'meminfo' | 'vmstat', text: string, starts: Uint32Array, ends: Uint32Array, nos: readonly number[], col: number, opts: ParseOptions & { keep: ReadonlySet<string> }, cols?: KvColumns): KeyValueResult | undefined {
  const keep = keepTable(opts.keep);
  if (!keep) return undefined;
  const out = result();
  const seen = seenTable(nos.length);
  const what = kind;
  const wantShape = kind === 'vmstat' ? LINE_KV : LINE_MEMINFO;
  let hugeKb: number | undefined;
  for (let x = 0; x < nos.length; x++) {
    const line = nos[x];
    const base = starts[line];
    // The key [i, j), the digits [k, e), `kB` at unitAt (-1: none), the key's hash h and the value v.
    let i: number, j: number, k: number, e: number, unitAt: number, h: number, v: number;
    const shape = cols && col === 0 ? cols.shape[line] : 0;
    if ((shape & 3) === wantShape && shape & RECORDED) {
      // The splitter's scan already read this line (kvColumns.ts): what it found, checked as the scan below checks.
      if (shape & SIGNED || (kind === 'vmstat' && shape & HAS_LIMIT)) return undefined;
      i = base;
      j = base + cols!.keyEnd[line];
      k = base + cols!.valueStart[line];
      e = base + cols!.valueEnd[line];
      if (e - k > 15) return undefined;
      const u = cols!.unitAt[line];
      unitAt = u ? base + u : -1;
      // meminfo's `123kB` with no blank: the parser's to judge.
      if (unitAt === e) return undefined;
      h = cols!.hash[line];
      v = cols!.value[line];
    } else {
      const n = ends[line];
      i = base + col;
      while (i < n && isWs(text.charCodeAt(i))) i++;
      if (i >= n) continue;
      h = 0;
      j = i;
      let limit = false;
      if (kind === 'vmstat') {
        for (; j < n; j++) {
          const c = text.charCodeAt(j);
          if (isWs(c)) break;
          if (c === 108 /* l */ && text.charCodeAt(j + 1) === 105 && text.charCodeAt(j + 2) === 109 && text.charCodeAt(j + 3) === 105 && text.charCodeAt(j + 4) === 116) limit = true;
          h = (Math.imul(h, 31) + c) | 0;
        }
        if (limit) return undefined;
      } else {
        for (; j < n; j++) {
          const c = text.charCodeAt(j);
          if (c === 58 /* : */ || isWs(c)) break;
          h = (Math.imul(h, 31) + c) | 0;
        }
        if (j === i || j === n || text.charCodeAt(j) !== 58) return undefined;
      }
      k = kind === 'vmstat' ? j : j + 1;
      const k0 = k;
      while (k < n && isWs(text.charCodeAt(k))) k++;
      if (kind === 'vmstat' && k === k0) return undefined;
      e = k;
      v = 0;
      while (e < n) {
        const c = text.charCodeAt(e) - 48;
        if (c < 0 || c > 9) break;
        v = v * 10 + c;
        e++;
      }
      if (e === k || e - k > 15) return undefined;
      let r = e;
      while (r < n && isWs(text.charCodeAt(r))) r++;
      unitAt = -1;
      if (r < n && kind === 'meminfo' && r > e && r + 2 <= n && text.charCodeAt(r) === 107 /* k */ && text.charCodeAt(r + 1) === 66 /* B */) {
        unitAt = r;
        r += 2;
        while (r < n && isWs(text.charCodeAt(r))) r++;
      }
      if (r < n) return undefined;
      h &= 0x3fffffff; // a small integer: a Map key that needs no heap number
    }
    // Every Hugepagesize line sets the huge page size (the last one wins), as in parseMeminfo.
    if (kind === 'meminfo' && j - i === 12 && text.startsWith('Hugepagesize', i)) hugeKb = v;
    // A repeated key: the same hash and the same characters.
    const prev = seen.find(h, x);
    if (prev >= 0) {
      const p = starts[nos[prev]] + col;
      let pi = p;
      while (isWs(text.charCodeAt(pi))) pi++;
      if (!(text.startsWith(text.slice(i, j), pi) && (kind === 'vmstat' ? isWs(text.charCodeAt(pi + j - i)) : text.charCodeAt(pi + j - i) === 58))) return undefined;
      out.problems.push(twice(text.slice(i, j), line, i - base, i - base + j - i, what, nos[prev]));
      continue;
    }
    const want = keep.get(h);
    if (want === undefined || want.length !== j - i || !text.startsWith(want, i)) continue;
    const key = want;
    const unit: SourceUnit = kind === 'vmstat' ? vmstatUnit(key) : unitAt >= 0 ? 'kB' : key.startsWith('HugePages_') ? 'hugepages' : 'count';
    const f = makeField(key, text.slice(k, e), v, unit, line, i - base, k - base, opts, undefined, unitAt >= 0 ? [unitAt - base, unitAt - base + 2] : undefined);
    out.first.set(key, f);
    out.fields.push(f);
  }
  if (kind === 'meminfo') {
    const hugeBytes = (hugeKb ?? 2048) * 1024;
    for (const f of out.fields) if (f.unit === 'hugepages' && Number.isFinite(f.value)) f.bytes = f.value * hugeBytes;
  }
  return out;
}

/**
 * Which keys a section has had, by hash: open addressing in typed arrays reused from section to
 * section (a generation number empties it), so a day of captures allocates no hash tables.
 */
class SeenTable {
  private gen = 0;
  private stamps: Int32Array;
  private hashes: Int32Array;
  private at: Int32Array;
  private mask: number;
  constructor(size: number) { this.stamps = new Int32Array(size); this.hashes = new Int32Array(size); this.at = new Int32Array(size); this.mask = size - 1; }
  get size(): number { return this.mask + 1; }
  reset(): this {
    if (++this.gen === 0x7fffffff) { this.stamps.fill(0); this.gen = 1; }
    return this;
  }
  /** The index stored with `h`, or -1 after storing `x` with it. */
  find(h: number, x: number): number {
    let slot = h & this.mask;
    while (this.stamps[slot] === this.gen) {
      if (this.hashes[slot] === h) return this.at[slot];
      slot = (slot + 1) & this.mask;
    }
    this.stamps[slot] = this.gen;
    this.hashes[slot] = h;
    this.at[slot] = x;
    return -1;
  }
}
let seenShared = new SeenTable(1024);
function seenTable(lines: number): SeenTable {
  if (lines * 2 > seenShared.size) { let size = seenShared.size; while (size < lines * 2) size *= 2; seenShared = new SeenTable(size); }
  return seenShared.reset();
}

/** The kept keys by the hash peekColumns computes; null when two of them share a hash (then the parser reads them). */
const keepTables = new WeakMap<ReadonlySet<string>, Map<number, string> | null>();
function keepTable(keep: ReadonlySet<string>): Map<number, string> | null {
  let t = keepTables.get(keep);
  if (t === undefined) {
    t = new Map();
    for (const key of keep) {
      let h = 0;
      for (let i = 0; i < key.length; i++) h = (Math.imul(h, 31) + key.charCodeAt(i)) | 0;
      h &= 0x3fffffff;
      if (t.has(h)) { t = null; break; }
      t.set(h, key);
    }
    keepTables.set(keep, t);
  }
  return t;
}
