/**
 * `vmstat N` tables (procps vmstat.c new_format, and the older layouts with a `w` column): a header of
 * column names, then one row of numbers per interval. The memory columns are in the `-S` unit (KiB by
 * default), si/so too but per second, bi/bo are KiB read and written per second.
 */
import type { Span, VmstatSample, VmstatTable } from '../model';
import type { SourceLine } from './lines';

/** The column-name line: `r b swpd free` (any width; `-a` puts inact/active where buff/cache were). */
const HEADER = /^\s*r\s+b\s+(?:w\s+)?swpd\s+free\s+(?:buff\s+cache|inact\s+active)\s+si\s+so\s+bi\s+bo\b/;
/** The group line above it (`procs -----------memory---------- ---swap-- …`). */
const GROUPS = /^\s*(?:-+time-+\s+)?procs\s+-+memory-+/;
/** A row; collectors (Oracle ExaWatcher, OSWatcher) put the time first, `vmstat -t` last. */
const ROW = /^\s*(?:(\d\d:\d\d:\d\d)\s+)?\d+(?:\s+\d+){9,}(?:\s+(\d{4}-\d\d-\d\d\s+\d\d:\d\d:\d\d))?\s*$/;
/** `-S` units (procps vmstat.c: k 1000, K 1024, m 1000000, M 1048576). */
const UNIT: Record<string, number> = { k: 1000, K: 1024, m: 1_000_000, M: 1_048_576 };

export function isVmstatTableLine(text: string): boolean {
  return HEADER.test(text) || GROUPS.test(text);
}

/** The unit of a vmstat command line's memory columns: its `-S`, else KiB; undefined for a line that is no vmstat command. */
export function vmstatUnit(command: string | undefined): number | undefined {
  if (!command || !/\bvmstat\b/.test(command)) return undefined;
  const m = /\s-(?:[a-zA-Z]*)S\s*([kKmM])\b|--unit[= ]([kKmM])\b/.exec(command);
  return m ? UNIT[m[1] ?? m[2]] : 1024;
}

export interface VmstatTableResult {
  table?: VmstatTable;
  /** Lines that belong to the table (group lines, headers, rows). */
  tableLines: number;
}

/** Reads the table in `src`; `command` is the vmstat command line above it, when known. */
export function parseVmstatTable(src: SourceLine[], command?: string): VmstatTableResult {
  let columns: { name: string; start: number; end: number }[] | undefined;
  const samples: VmstatSample[] = [];
  const headerLines: number[] = [];
  let tableLines = 0;
  let unitFromLines: number | undefined;
  // The first row of a run averages since boot, unless -y left it out; a header printed again mid-run
  // (every screenful) does not start a new run, a vmstat command line does.
  const skipsFirst = (c: string | undefined) => !!c && /\s-(?:[a-zA-Z]*)y|--no-first\b/.test(c);
  let newRun = !skipsFirst(command);
  for (const l of src) {
    const t = l.text;
    if (/\bvmstat\b/.test(t)) { unitFromLines ??= vmstatUnit(t); newRun = !skipsFirst(t); }
    if (GROUPS.test(t)) { tableLines++; continue; }
    if (HEADER.test(t)) {
      columns = [...t.matchAll(/\S+/g)].map((m) => ({ name: m[0], start: l.col + m.index!, end: l.col + m.index! + m[0].length }));
      headerLines.push(l.line);
      tableLines++;
      continue;
    }
    const row = columns ? ROW.exec(t) : null;
    if (!columns || !row) continue;
    tableLines++;
    const cells = [...t.matchAll(/\S+/g)].slice(row[1] ? 1 : 0);
    const values: Record<string, number> = {};
    const spans: Record<string, Span> = {};
    columns.forEach((c, i) => {
      const cell = cells[i];
      if (!cell || !/^\d+$/.test(cell[0])) return;
      values[c.name] = Number(cell[0]);
      spans[c.name] = { line: l.line, start: l.col + cell.index!, end: l.col + cell.index! + cell[0].length };
    });
    const time = row[2] ?? row[1];
    const sample: VmstatSample = { line: l.line, values, spans, sinceBoot: newRun };
    if (time) sample.time = time;
    samples.push(sample);
    newRun = false;
  }
  if (!columns || !samples.length) return { tableLines };
  const unit = vmstatUnit(command) ?? unitFromLines;
  return { table: { columns: columns.map((c) => c.name), unitBytes: unit ?? 1024, unitFrom: unit ? 'command' : 'default', samples, headerLines }, tableLines };
}
