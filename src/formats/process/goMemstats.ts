/**
 * The Go runtime's memory numbers (runtime.MemStats, runtime/mstats.go; the runtime package docs):
 * - `/debug/pprof/heap?debug=1` (runtime/pprof writeHeapInternal): the profile header and records,
 *   then `# runtime.MemStats` and one `# Name = value` line per field (`# Stack = inuse / sys`);
 * - expvar's `/debug/vars` JSON: its `memstats` object (the same fields) and `cmdline`;
 * - `GODEBUG=gctrace=1` lines (runtime/mgc.go): `gc N @Ts P%: … ms clock, … ms cpu,
 *   start->end->live MB, goal MB goal[, S MB stacks, G MB globals], N P[ (forced)]`; MB there is 2^20 bytes;
 * - `GOMEMLIMIT=…` and `GOGC=…` as set in an environment (runtime/debug SetMemoryLimit syntax:
 *   B, KiB, MiB, GiB, TiB suffixes).
 */
import type { Field, GoGcCycle, GoMemStatsSection, Problem, SourceUnit, Span } from '../../model';
import type { SourceLine } from '../lines';
import { GCTRACE_RE, PPROF_STAT, SCVG_RE } from './detect';
import { byKeyOf, makeField, notALine, sp } from './fields';

/** MemStats fields that are sizes in bytes. */
const BYTES = new Set(['Alloc', 'TotalAlloc', 'Sys', 'HeapAlloc', 'HeapSys', 'HeapIdle', 'HeapInuse', 'HeapReleased', 'StackInuse', 'StackSys', 'MSpanInuse', 'MSpanSys', 'MCacheInuse', 'MCacheSys', 'BuckHashSys', 'GCSys', 'OtherSys', 'NextGC', 'MaxRSS']);
const NS = new Set(['LastGC', 'PauseTotalNs']);
/** pprof prints these as `inuse / sys`. */
const PAIRS: Record<string, [string, string]> = { Stack: ['StackInuse', 'StackSys'], MSpan: ['MSpanInuse', 'MSpanSys'], MCache: ['MCacheInuse', 'MCacheSys'] };

export type GoFields = Pick<GoMemStatsSection, 'variant' | 'stats' | 'byKey' | 'profile' | 'cycles' | 'cmdline' | 'memoryLimit' | 'gogc'>;

function unitOf(key: string): SourceUnit {
  return BYTES.has(key) ? 'bytes' : NS.has(key) ? 'ns' : 'count';
}

function numberField(l: SourceLine, key: string, keyAt: number, keyLen: number, raw: string, at: number): Field {
  const n = /^-?\d+(?:\.\d+)?(?:e[+-]?\d+)?$/i.test(raw) ? Number(raw) : NaN;
  const unit: SourceUnit = Number.isFinite(n) ? unitOf(key) : 'text';
  const f = makeField(l, key, keyAt, raw, at, unit, n, unit === 'bytes' ? n : undefined);
  f.keySpan = sp(l, keyAt, keyAt + keyLen);
  return f;
}

function parsePprof(src: SourceLine[], problems: Problem[], out: GoFields): void {
  for (const l of src) {
    const t = l.text;
    const s = t.trim();
    if (!s) continue;
    const h = /^(\s*heap profile: )(\d+): (\d+) \[(\d+): (\d+)\] @ heap(?:\/(\d+))?/.exec(t);
    if (h) {
      out.profile = { line: l.line, inuseObjects: Number(h[2]), inuseBytes: Number(h[3]), allocObjects: Number(h[4]), allocBytes: Number(h[5]) };
      if (h[6]) out.profile.sampleRate = Number(h[6]);
      continue;
    }
    if (/^#\s*runtime\.MemStats$/.test(s) || /^\d+: \d+ \[\d+: \d+\] @/.test(s) || /^#\s+0x[0-9a-f]+\s/.test(s) || /^#\s*$/.test(s)) continue;
    const m0 = PPROF_STAT.exec(t);
    const m = m0 ? [m0[0], m0[1], m0[2].trimEnd()] : null;
    if (m) {
      const key = m[1];
      const keyAt = t.indexOf(key);
      const at = t.indexOf(m[2], keyAt + key.length);
      const pair = PAIRS[key];
      const two = /^(\d+) \/ (\d+)$/.exec(m[2]);
      if (pair && two) {
        out.stats.push(numberField(l, pair[0], keyAt, key.length, two[1], at));
        out.stats.push(numberField(l, pair[1], keyAt, key.length, two[2], at + two[0].lastIndexOf(two[2])));
        continue;
      }
      const f = numberField(l, key, keyAt, key.length, m[2], at);
      if (!Number.isFinite(f.value) && (BYTES.has(key) || NS.has(key))) problems.push({ line: l.line, start: f.valueSpan.start, end: f.valueSpan.end, severity: 'warning', message: `runtime.MemStats ${key} should be a whole number of ${BYTES.has(key) ? 'bytes' : 'nanoseconds'}, found "${m[2].slice(0, 30)}".` });
      out.stats.push(f);
      continue;
    }
    if (/^#/.test(s)) continue;
    problems.push(notALine(l, 'pprof heap profile', 'a "# Name = value" MemStats line or a profile record'));
  }
}

// ── JSON (expvar): a small tokenizer that keeps lines and columns ─────────────

interface Tok { t: string; v: string; line: SourceLine; at: number }

function tokenize(src: SourceLine[]): { toks: Tok[]; bad?: SourceLine } {
  const toks: Tok[] = [];
  for (const l of src) {
    const s = l.text;
    let i = 0;
    while (i < s.length) {
      const c = s[i];
      if (c === ' ' || c === '\t' || c === '\r') { i++; continue; }
      if ('{}[]:,'.includes(c)) { toks.push({ t: c, v: c, line: l, at: i }); i++; continue; }
      if (c === '"') {
        let j = i + 1;
        while (j < s.length && s[j] !== '"') j += s[j] === '\\' ? 2 : 1;
        if (j >= s.length) return { toks, bad: l };
        toks.push({ t: 's', v: s.slice(i + 1, j), line: l, at: i });
        i = j + 1;
        continue;
      }
      const num = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(s.slice(i, i + 40));
      if (num) { toks.push({ t: 'n', v: num[0], line: l, at: i }); i += num[0].length; continue; }
      const lit = /^(?:true|false|null)/.exec(s.slice(i, i + 5));
      if (lit) { toks.push({ t: 'l', v: lit[0], line: l, at: i }); i += lit[0].length; continue; }
      return { toks, bad: l };
    }
  }
  return { toks };
}

function parseExpvar(src: SourceLine[], problems: Problem[], out: GoFields): void {
  const { toks, bad } = tokenize(src);
  let i = 0;
  const peek = () => toks[i];
  /** Skips one value; returns false when the text ends first. */
  const skip = (): boolean => {
    let depth = 0;
    for (; i < toks.length; i++) {
      const k = toks[i].t;
      if (k === '{' || k === '[') depth++;
      else if (k === '}' || k === ']') { depth--; if (depth <= 0) { i++; return true; } }
      else if (depth === 0) { i++; return true; }
    }
    return false;
  };
  if (peek()?.t !== '{') return;
  // `jq .memstats` alone: the root object is the memstats object.
  const bare = !toks.some((k, j) => k.t === 's' && k.v === 'memstats' && toks[j + 1]?.t === ':') && toks.some((k, j) => k.t === 's' && k.v === 'HeapInuse' && toks[j + 1]?.t === ':');
  if (!bare) i++;
  while (i < toks.length && peek().t !== '}') {
    if (peek().t === ',') { i++; continue; }
    const key = bare ? { t: 's', v: 'memstats', line: toks[0].line, at: 0 } : peek();
    if (!bare && (key.t !== 's' || toks[i + 1]?.t !== ':')) break;
    if (!bare) i += 2;
    if (key.v === 'memstats' && peek()?.t === '{') {
      i++;
      while (i < toks.length && peek().t !== '}') {
        if (peek().t === ',') { i++; continue; }
        const k = peek();
        if (k.t !== 's' || toks[i + 1]?.t !== ':') break;
        i += 2;
        const v = peek();
        if (v && v.t === 'n') {
          out.stats.push(numberField(v.line, k.v, k.at + 1, k.v.length, v.v, v.at));
          const f = out.stats[out.stats.length - 1];
          f.keySpan = sp(k.line, k.at + 1, k.at + 1 + k.v.length);
          f.line = v.line.line;
          i++;
        } else if (v && v.t === 'l') { const f = makeField(v.line, k.v, 0, v.v, v.at, 'text', NaN); f.keySpan = sp(k.line, k.at + 1, k.at + 1 + k.v.length); out.stats.push(f); i++; } else if (!skip()) break;
      }
      i++;
      if (bare) break;
      continue;
    }
    if (key.v === 'cmdline' && peek()?.t === '[') {
      i++;
      const args: string[] = [];
      while (i < toks.length && peek().t !== ']') { if (peek().t === 's') args.push(peek().v); i++; }
      i++;
      out.cmdline = args;
      continue;
    }
    if (!skip()) break;
  }
  if (bad) problems.push({ line: bad.line, severity: 'warning', message: 'The /debug/vars JSON stops being valid JSON on this line (cut, or wrapped by a terminal): the numbers above it are read.' });
  else if (toks.length && toks[toks.length - 1].t !== '}') problems.push({ line: toks[toks.length - 1].line.line, severity: 'warning', message: 'The /debug/vars JSON ends before its closing brace: the paste is cut; the numbers above are read.' });
  if (!out.stats.length && !bad) problems.push({ line: src[0]?.line ?? 0, severity: 'info', message: 'This /debug/vars JSON has no "memstats" numbers to read.' });
}

// ── gctrace ──────────────────────────────────────────────────────────────────

const GC_LINE = /^(\s*)gc (\d+) @([\d.]+)s (\d+)%: ([\d.+]+) ms clock, ([\d.+/]+) ms cpu, (\d+)->(\d+)->(\d+) MB, (\d+) MB goal, (?:(\d+) MB stacks, (\d+) MB globals, )?(\d+) P( \(forced\))?\s*$/;

function parseGctrace(src: SourceLine[], problems: Problem[], out: GoFields): void {
  for (const full of src) {
    // Behind a journald or syslog prefix (`Sep 01 18:36:54 etcd-wrapper[15450]: gc 112 @…`): read from `gc`.
    const at = full.text.search(/gc \d+ @[\d.]+s \d+%:/);
    const l: SourceLine = at > 0 ? { line: full.line, text: full.text.slice(at), col: full.col + at } : full;
    const t = l.text;
    if (!t.trim() || SCVG_RE.test(t)) continue;
    const m = GC_LINE.exec(t);
    if (!m) {
      if (GCTRACE_RE.test(t)) problems.push({ line: l.line, severity: 'warning', message: 'A gctrace line in a layout not read (Go 1.5+ prints "gc N @Ts P%: … ms clock, … ms cpu, A->B->C MB, D MB goal, … N P"): not counted.' });
      else problems.push(notALine(l, 'GODEBUG=gctrace=1', '"gc 12 @3.456s 2%: … ms clock, … ms cpu, 4->5->2 MB, 8 MB goal, … 2 P"'));
      continue;
    }
    const spans: Record<string, Span> = {};
    let pos = 0;
    const find = (name: string, text: string, from: number): number => { const a = t.indexOf(text, from); spans[name] = sp(l, a, a + text.length); pos = a + text.length; return a; };
    find('n', m[2], m[1].length + 3);
    find('at', m[3], pos);
    find('cpu', m[4], pos);
    find('clock', m[5], pos);
    find('cpuTimes', m[6], pos);
    find('heapStart', m[7], t.indexOf(' ms cpu, ', pos) + 9);
    find('heapEnd', m[8], pos + 2);
    find('live', m[9], pos + 2);
    find('goal', m[10], pos);
    const MiB = 2 ** 20;
    const c: GoGcCycle = { line: l.line, n: Number(m[2]), atSeconds: Number(m[3]), gcCpuPercent: Number(m[4]), heapStartBytes: Number(m[7]) * MiB, heapEndBytes: Number(m[8]) * MiB, liveBytes: Number(m[9]) * MiB, goalBytes: Number(m[10]) * MiB, procs: Number(m[13]), forced: !!m[14], spans };
    if (m[11] !== undefined) { find('stacks', m[11], pos); c.stacksBytes = Number(m[11]) * MiB; find('globals', m[12], pos); c.globalsBytes = Number(m[12]) * MiB; }
    find('procs', m[13], pos);
    out.cycles.push(c);
  }
}

// ── The environment ─────────────────────────────────────────────────────────

const LIMIT_UNITS: Record<string, number> = { B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3, TiB: 1024 ** 4 };

/** `GOMEMLIMIT=768MiB` (or `GOGC=100`) as a Field: the limit in bytes, `off` as unlimited. */
export function envField(l: SourceLine, problems: Problem[]): Field | undefined {
  const m = /^(\s*(?:export\s+)?)(GOMEMLIMIT|GOGC|GODEBUG|GOMAXPROCS)=("?)([^"\s]*)\3\s*$/.exec(l.text);
  if (!m) return undefined;
  const keyAt = m[1].length;
  const at = keyAt + m[2].length + 1 + m[3].length;
  const raw = m[4];
  if (m[2] === 'GOMEMLIMIT') {
    if (raw === 'off' || raw === 'math.MaxInt64') { const f = makeField(l, m[2], keyAt, raw, at, 'bytes', NaN); f.unlimited = true; return f; }
    const v = /^(\d+(?:\.\d+)?)(B|KiB|MiB|GiB|TiB)?$/.exec(raw);
    if (!v) { problems.push({ line: l.line, start: l.col + at, end: l.col + at + raw.length, severity: 'warning', message: `GOMEMLIMIT "${raw}" is not a size the Go runtime reads (a number of bytes with an optional B, KiB, MiB, GiB or TiB suffix, or off).` }); return makeField(l, m[2], keyAt, raw, at, 'text', NaN); }
    const n = Number(v[1]);
    const unit: SourceUnit = v[2] === 'KiB' ? 'kB' : v[2] === 'MiB' ? 'MiB' : v[2] === 'GiB' ? 'GiB' : v[2] === 'TiB' ? 'TiB' : 'bytes';
    const f = makeField(l, m[2], keyAt, raw, at, unit, n, Math.round(n * LIMIT_UNITS[v[2] ?? 'B']));
    return f;
  }
  if (m[2] === 'GOGC') {
    if (raw === 'off') { const f = makeField(l, m[2], keyAt, raw, at, 'percent', NaN); f.unlimited = true; return f; }
    return makeField(l, m[2], keyAt, raw, at, /^\d+$/.test(raw) ? 'percent' : 'text', /^\d+$/.test(raw) ? Number(raw) : NaN);
  }
  return makeField(l, m[2], keyAt, raw, at, 'text', NaN);
}

export function parseGo(src: SourceLine[], problems: Problem[], variant: string | undefined): GoFields {
  const out: GoFields = { variant: (variant as GoFields['variant']) ?? 'pprof', stats: [], byKey: {}, cycles: [] };
  if (out.variant === 'expvar') parseExpvar(src, problems, out);
  else if (out.variant === 'gctrace') parseGctrace(src, problems, out);
  else if (out.variant === 'env') {
    for (const l of src) {
      if (!l.text.trim()) continue;
      const f = envField(l, problems);
      if (!f) { problems.push(notALine(l, 'Go environment', '"GOMEMLIMIT=768MiB" or "GOGC=100"')); continue; }
      out.stats.push(f);
    }
  } else parsePprof(src, problems, out);
  out.byKey = byKeyOf(out.stats, problems, `Go ${out.variant === 'expvar' ? 'memstats object' : out.variant === 'env' ? 'environment' : 'MemStats block'}`);
  if (out.byKey.GOMEMLIMIT) out.memoryLimit = out.byKey.GOMEMLIMIT;
  if (out.byKey.GOGC) out.gogc = out.byKey.GOGC;
  return out;
}
