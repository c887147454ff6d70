/**
 * `vmstat -s` (procps vmstat.c sum_format): one `N K label` line per figure. Its memory lines are
 * /proc/meminfo's (total memory = MemTotal, free memory = MemFree, buffer memory = Buffers, active and
 * inactive memory = Active and Inactive, total and free swap = SwapTotal and SwapFree) in the -S unit;
 * "used memory", "used swap" and "swap cache" are procps' own sums (its "swap cache" is Cached +
 * SReclaimable, not SwapCached), so they are not meminfo keys and are left out.
 */
import type { Field, Problem, SourceUnit } from '../model';
import type { KeyValueResult } from './keyValue';
import type { SourceLine } from './lines';

const LINE = /^(\s*)(\d+)\s+(?:([KMkm])\s+)?([a-zA-Z][a-zA-Z /-]*?)\s*$/;
const MEMORY: Record<string, string> = {
  'total memory': 'MemTotal', 'free memory': 'MemFree', 'buffer memory': 'Buffers', 'active memory': 'Active',
  'inactive memory': 'Inactive', 'total swap': 'SwapTotal', 'free swap': 'SwapFree',
};
const SUMS = new Set(['used memory', 'used swap', 'swap cache']);
/** The labels of the other lines, so that a run of them is known as vmstat -s (procps-ng 3.3 to 4). */
const OTHER = /^(?:non-nice user cpu ticks|nice user cpu ticks|system cpu ticks|idle cpu ticks|IO-wait cpu ticks|IRQ cpu ticks|softirq cpu ticks|stolen cpu ticks|non-nice guest cpu ticks|nice guest cpu ticks|pages paged in|pages paged out|paged in|paged out|pages swapped in|pages swapped out|interrupts|CPU context switches|boot time|forks)$/;
const UNITS: Record<string, { unit: SourceUnit; factor: number }> = { K: { unit: 'kB', factor: 1024 }, M: { unit: 'MiB', factor: 1_048_576 } };

/** True when `src` holds vmstat -s lines (three or more of its labels). */
export function isVmstatSummary(src: SourceLine[]): boolean {
  let n = 0;
  for (const l of src) {
    const m = LINE.exec(l.text);
    if (m && (MEMORY[m[4]] || SUMS.has(m[4]) || OTHER.test(m[4])) && ++n >= 3) return true;
  }
  return false;
}

/** The memory lines of vmstat -s as meminfo fields. */
export function parseVmstatSummary(src: SourceLine[]): KeyValueResult & { lines: number } {
  const fields: Field[] = [];
  const problems: Problem[] = [];
  let lines = 0;
  for (const l of src) {
    const m = LINE.exec(l.text);
    if (!m || !(MEMORY[m[4]] || SUMS.has(m[4]) || OTHER.test(m[4]))) continue;
    lines++;
    const key = MEMORY[m[4]];
    if (!key) continue;
    const u = m[3] ? UNITS[m[3]] : undefined;
    const valueStart = l.col + m[1].length;
    const labelStart = l.text.lastIndexOf(m[4]) + l.col;
    if (!u) {
      problems.push({ line: l.line, start: valueStart, end: valueStart + m[2].length, severity: 'warning', message: `vmstat -s "${m[4]}" in ${m[3] ? `units of 1000 (-S ${m[3]})` : 'no unit'}: only K (KiB, the default) and M (-S M) are read.` });
      continue;
    }
    const value = Number(m[2]);
    fields.push({ key, raw: m[2], value, unit: u.unit, bytes: value * u.factor, line: l.line, keySpan: { line: l.line, start: labelStart, end: labelStart + m[4].length }, valueSpan: { line: l.line, start: valueStart, end: valueStart + m[2].length } });
  }
  // procps converts every size through a 32-bit float (vmstat.c unitConvert): from 2^24 KiB (16 GiB) up the
  // printed value is rounded to 24 significant bits (the real vmstat -s prints 260799424 for 260799420 kB).
  const rounded = fields.filter((f) => f.value >= 2 ** 24);
  if (rounded.length) problems.push({ line: rounded[0].line, severity: 'info', message: `vmstat -s converts sizes through a 32-bit float: ${rounded.map((f) => f.key).join(', ')} ${rounded.length === 1 ? 'is' : 'are'} 16 GiB or more and so rounded, by up to ${Math.max(...rounded.map((f) => 2 ** (Math.floor(Math.log2(f.value)) - 24)))} KiB. /proc/meminfo has the exact numbers.` });
  const first = new Map<string, Field>();
  for (const f of fields) if (!first.has(f.key)) first.set(f.key, f);
  return { fields, byKey: Object.fromEntries(first), first, problems, lines };
}
