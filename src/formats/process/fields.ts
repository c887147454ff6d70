/** The `Key:\tvalue [kB]` lines that /proc/PID/status, smaps and smaps_rollup print, as Fields. */
import type { Field, Problem, SourceUnit, Span } from '../../model';
import type { SourceLine } from '../lines';

/** Bytes of one unit as written (KB of the JDK, kB of the kernel and K of GC.heap_info are all 1024). */
export const UNIT_BYTES: Record<string, number> = { B: 1, K: 1024, KB: 1024, kB: 1024, M: 1024 ** 2, MB: 1024 ** 2, G: 1024 ** 3, GB: 1024 ** 3, T: 1024 ** 4, TB: 1024 ** 4 };
export const SOURCE_UNIT: Record<string, SourceUnit> = { B: 'bytes', K: 'kB', KB: 'kB', kB: 'kB', M: 'MiB', MB: 'MiB', G: 'GiB', GB: 'GiB', T: 'TiB', TB: 'TiB' };

export function sp(l: SourceLine, start: number, end: number): Span {
  return { line: l.line, start: l.col + start, end: l.col + end };
}

/** A field from parts already found on a line (columns relative to `l.text`). */
export function makeField(l: SourceLine, key: string, keyStart: number, raw: string, valueStart: number, unit: SourceUnit, value: number, bytes?: number, unitStart?: number, unitText?: string): Field {
  const f: Field = { key, raw, value, unit, line: l.line, keySpan: sp(l, keyStart, keyStart + key.length), valueSpan: sp(l, valueStart, valueStart + raw.length) };
  if (bytes !== undefined) f.bytes = bytes;
  if (unitStart !== undefined && unitText) f.unitSpan = sp(l, unitStart, unitStart + unitText.length);
  return f;
}

const KV = /^(\s*)([A-Za-z_][\w()]*):([ \t]*)(.*)$/;

/**
 * Reads `Key:  value [kB]`. Sizes (`N kB`) get bytes; whole numbers are counts; anything else is
 * text. `sizeKey` says which keys must be sizes and `countKey` which must be numbers: a value of
 * another shape is a problem on its line. Undefined when the line is not `Key: value` at all.
 */
export function readKeyLine(l: SourceLine, what: string, sizeKey: (k: string) => boolean, countKey: (k: string) => boolean, problems: Problem[]): Field | undefined {
  const m = KV.exec(l.text);
  if (!m) return undefined;
  const [, lead, key, gap] = m;
  const rest = m[4].trimEnd();
  const keyStart = lead.length;
  // An empty value (`Groups:\t`) sits right after the colon, whatever whitespace follows.
  const valueStart = keyStart + key.length + 1 + (rest ? gap.length : 0);
  const size = /^(\d+)(\s+)(kB)$/.exec(rest);
  if (size) {
    const v = Number(size[1]);
    return makeField(l, key, keyStart, size[1], valueStart, 'kB', v, v * 1024, valueStart + size[1].length + size[2].length, 'kB');
  }
  if (sizeKey(key)) {
    problems.push({ line: l.line, start: l.col + valueStart, end: l.col + valueStart + Math.max(rest.length, 1), severity: 'warning', message: `${what}: ${key} should be a size in kB ("${key}:  1688 kB"), found "${rest.slice(0, 40)}": not read.` });
    return makeField(l, key, keyStart, rest, valueStart, 'text', NaN);
  }
  if (/^-?\d+$/.test(rest)) return makeField(l, key, keyStart, rest, valueStart, 'count', Number(rest));
  if (countKey(key)) problems.push({ line: l.line, start: l.col + valueStart, end: l.col + valueStart + Math.max(rest.length, 1), severity: 'warning', message: `${what}: ${key} should be a whole number, found "${rest.slice(0, 40)}".` });
  return makeField(l, key, keyStart, rest, valueStart, 'text', NaN);
}

export function notALine(l: SourceLine, what: string, example: string): Problem {
  const t = l.text.trim();
  return { line: l.line, start: l.col + (l.text.length - l.text.trimStart().length), end: l.col + l.text.trimEnd().length, severity: 'warning', message: `Not a ${what} line: expected ${example}, found "${t.length > 60 ? `${t.slice(0, 60)}…` : t}".` };
}

export function byKeyOf(fields: Field[], problems: Problem[], what: string): Record<string, Field> {
  const out: Record<string, Field> = {};
  for (const f of fields) {
    if (Object.prototype.hasOwnProperty.call(out, f.key)) { problems.push({ line: f.line, start: f.keySpan.start, end: f.keySpan.end, severity: 'warning', message: `${f.key} appears twice in this ${what} (first on line ${out[f.key].line + 1}): the first is read.` }); continue; }
    out[f.key] = f;
  }
  return out;
}
