/**
 * PSI files (Documentation/accounting/psi.rst, kernel/sched/psi.c psi_show):
 * `some|full avg10=X avg60=X avg300=X total=N`, averages in percent, total
 * in microseconds. Also reads oomd's pre-upstream `total N` spelling.
 */
import type { Problem, PsiLine, PsiResource, Span } from '../model';
import { tokenize, type SourceLine } from './lines';
import { abbreviate, readDecimal, readInteger } from './numbers';

/** The `total=N` of a PSI line that a mailer wrapped onto its own line. */
export const PSI_TOTAL_TAIL = /^\s*total=\d+\s*$/;

export interface PressureResult {
  some?: PsiLine;
  full?: PsiLine;
  problems: Problem[];
  /** Set for the layouts of the PSI patches before 4.20 (oomd's "experimental" format, memdelay). */
  layout?: 'pre-upstream';
  /** Their first line: `aggr N`, or a bare N (the cumulative stall time). */
  aggregateTotal?: number;
}

/**
 * Before 4.20: `aggr N` then `some 0.00 0.03 0.05` and `full …` (oomd reads it as
 * its "experimental" format), or memdelay's bare `N` then two lines of three
 * averages (some, full). Averages are read as avg10/avg60/avg300; the totals
 * per line are unknown (NaN) and the first line's number is kept as `aggregateTotal`.
 */
function parsePreUpstream(lines: SourceLine[], out: PressureResult): boolean {
  const body = lines.filter((l) => l.text.trim());
  if (body.length < 2 || body.length > 3) return false;
  const first = /^\s*(?:aggr\s+)?(\d+)\s*$/.exec(body[0].text);
  const avgLine = /^\s*(?:(some|full)\s+)?(\d+(?:\.\d+)?)\s+(\d+(?:\.\d+)?)\s+(\d+(?:\.\d+)?)\s*$/;
  if (!first || !body.slice(1).every((l) => avgLine.test(l.text))) return false;
  out.layout = 'pre-upstream';
  out.aggregateTotal = Number(first[1]);
  body.slice(1).forEach((l, i) => {
    const m = avgLine.exec(l.text)!;
    const type = (m[1] as 'some' | 'full' | undefined) ?? (i === 0 ? 'some' : 'full');
    const toks = tokenize(l.text, l.col);
    const nums = m[1] ? toks.slice(1) : toks;
    const span = (k: number): Span => ({ line: l.line, start: nums[k].start, end: nums[k].end });
    const avgs = [m[2], m[3], m[4]].map(Number);
    if (avgs.some((a) => a > 100)) {
      out.problems.push({ line: l.line, severity: 'error', message: `PSI ${type} line: averages must be percentages from 0 to 100; found "${abbreviate(l.text.trim(), 60)}".` });
      return;
    }
    if (out[type]) { out.problems.push({ line: l.line, severity: 'warning', message: `A second "${type}" line in one PSI file (first on line ${out[type]!.line + 1}); the first is used.` }); return; }
    out[type] = {
      type, avg10: avgs[0], avg60: avgs[1], avg300: avgs[2], total: NaN, line: l.line,
      typeSpan: m[1] ? { line: l.line, start: toks[0].start, end: toks[0].end } : { line: l.line, start: nums[0].start, end: nums[0].start },
      spans: { avg10: span(0), avg60: span(1), avg300: span(2), total: { line: body[0].line, start: body[0].col, end: body[0].col + body[0].text.length } },
    };
  });
  out.problems.push({ line: body[0].line, severity: 'info', message: `A PSI file in the layout of the patches before Linux 4.20 (${/aggr/.test(body[0].text) ? '"aggr N", then "some"/"full" with three averages' : 'a bare total, then two lines of three averages'}): the averages are read as avg10/avg60/avg300; the per-line stall totals are not printed.` });
  return true;
}

const EXAMPLE = 'some avg10=0.00 avg60=0.00 avg300=0.00 total=0';

export function parsePressure(lines: SourceLine[]): PressureResult {
  const out: PressureResult = { problems: [] };
  if (parsePreUpstream(lines, out)) return out;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    let t = l.text.trim();
    // A poster's separator between two readings (`->`, `---`, `...`): layout, not a line of the file.
    if (!t || !/[A-Za-z0-9]/.test(t)) continue;
    const lead = l.text.length - l.text.trimStart().length;
    // A line wrapped before its `total=` by a mailer: the next line holds the total.
    const next = lines[i + 1];
    let wrappedTotal: Span | undefined;
    if (/^(some|full)\s+avg10=\S+\s+avg60=\S+\s+avg300=\S+$/.test(t) && next && PSI_TOTAL_TAIL.test(next.text)) {
      const tail = next.text.trim();
      const at = next.text.indexOf(tail);
      wrappedTotal = { line: next.line, start: next.col + at, end: next.col + at + tail.length };
      t = `${t} ${tail}`;
      i++;
    }
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
        total: wrappedTotal ?? span(t.slice(t.lastIndexOf('total'))),
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
