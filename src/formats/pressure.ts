/**
 * PSI files (Documentation/accounting/psi.rst, kernel/sched/psi.c psi_show):
 * `some|full avg10=X avg60=X avg300=X total=N`, averages in percent, total
 * in microseconds. Also reads oomd's pre-upstream `total N` spelling.
 */
import type { Problem, PsiLine, PsiResource, Span } from '../model';
import { type SourceLine } from './lines';
import { abbreviate, readDecimal, readInteger } from './numbers';

export interface PressureResult {
  some?: PsiLine;
  full?: PsiLine;
  problems: Problem[];
}

const EXAMPLE = 'some avg10=0.00 avg60=0.00 avg300=0.00 total=0';

export function parsePressure(lines: SourceLine[]): PressureResult {
  const out: PressureResult = { problems: [] };
  for (const l of lines) {
    const t = l.text.trim();
    if (!t) continue;
    const lead = l.text.length - l.text.trimStart().length;
    const m = /^(some|full)\s+avg10=(\S+)\s+avg60=(\S+)\s+avg300=(\S+)\s+total(?:=|\s+)(\S+)\s*$/.exec(t);
    if (!m) {
      out.problems.push({ line: l.line, severity: 'error', message: `Not a PSI line: expected "${EXAMPLE}", found "${abbreviate(t, 60)}".` });
      continue;
    }
    const type = m[1] as 'some' | 'full';
    const span = (token: string): Span => {
      const i = l.text.indexOf(token, lead);
      const eq = l.text.indexOf(token.includes('=') ? token : token, lead);
      return { line: l.line, start: l.col + (i >= 0 ? i : eq), end: l.col + (i >= 0 ? i : eq) + token.length };
    };
    const avgs = [m[2], m[3], m[4]].map(readDecimal);
    const total = readInteger(m[5]);
    const bad = avgs.findIndex((a) => a === undefined || a < 0 || a > 100);
    if (bad >= 0 || !total || total.value < 0) {
      const what = bad >= 0 ? `avg${[10, 60, 300][bad]} must be a percentage from 0 to 100` : 'total must be a whole number of microseconds';
      out.problems.push({ line: l.line, severity: 'error', message: `PSI ${type} line: ${what}; found "${abbreviate(t, 60)}".` });
      continue;
    }
    const psi: PsiLine = {
      type, avg10: avgs[0]!, avg60: avgs[1]!, avg300: avgs[2]!, total: total.value, line: l.line,
      typeSpan: { line: l.line, start: l.col + lead, end: l.col + lead + 4 },
      spans: {
        avg10: span(`avg10=${m[2]}`), avg60: span(`avg60=${m[3]}`), avg300: span(`avg300=${m[4]}`),
        total: span(t.slice(t.lastIndexOf('total'))),
      },
    };
    if (out[type]) out.problems.push({ line: l.line, severity: 'warning', message: `A second "${type}" line in one PSI file (first on line ${out[type]!.line + 1}); the first is used.` });
    else out[type] = psi;
  }
  return out;
}

/**
 * The resource when no name says it: only `some` is cpu on 4.20–5.12, only
 * `full` is irq (≈6.1+); otherwise memory is assumed, and said so.
 */
export function resourceFromLines(r: PressureResult): { resource: PsiResource; from: 'line-set' | 'assumed' } {
  if (r.some && !r.full) return { resource: 'cpu', from: 'line-set' };
  if (r.full && !r.some) return { resource: 'irq', from: 'line-set' };
  return { resource: 'memory', from: 'assumed' };
}
