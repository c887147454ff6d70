/**
 * sysstat's `sar` reports of memory (pr_stats.c: `sar -B` paging, `-W` swapping, `-r` memory utilisation,
 * `-S` swap space): `TIME col col …` then `TIME n n …` rows and `Average: n n …`. A mailer may wrap both
 * the header and each row onto a second line without the time: the tails are joined.
 */
import type { SarSample, SarTable, Span } from '../model';
import type { SourceLine } from './lines';

const TIME = /^\s*(\d\d:\d\d:\d\d(?:\s+[AP]M)?|Average:|Summary:)\s+/;
/** Column names of the memory reports; one of them makes a header a sar memory header. */
const MEMORY_COLUMNS = new Set(['pgpgin/s', 'pgpgout/s', 'fault/s', 'majflt/s', 'pgfree/s', 'pgscank/s', 'pgscand/s', 'pgsteal/s', '%vmeff',
  'pswpin/s', 'pswpout/s', 'kbmemfree', 'kbavail', 'kbmemused', '%memused', 'kbbuffers', 'kbcached', 'kbcommit', '%commit', 'kbactive', 'kbinact', 'kbdirty',
  'kbanonpg', 'kbslab', 'kbkstack', 'kbpgtbl', 'kbvmused', 'kbswpfree', 'kbswpused', '%swpused', 'kbswpcad', '%swpcad', 'frmpg/s', 'bufpg/s', 'campg/s']);
const NAME = /^[a-z%][\w%/-]*$/;
const NUMBER = /^-?\d+(?:[.,]\d+)?$/;

export function isSarHeaderLine(text: string): boolean {
  const m = TIME.exec(text);
  if (!m || m[1] === 'Average:' || m[1] === 'Summary:') return false;
  return text.slice(m[0].length).trim().split(/\s+/).some((c) => MEMORY_COLUMNS.has(c));
}

interface Cell { t: string; start: number }
const cells = (l: SourceLine, from: number): Cell[] => [...l.text.slice(from).matchAll(/\S+/g)].map((m) => ({ t: m[0], start: l.col + from + m.index! }));

export interface SarResult { tables: { table: SarTable; startLine: number; endLine: number }[]; tableLines: number }

/** Reads every sar memory report in `src` (a paste often holds -B, -r and -W one after another). */
export function parseSarTables(src: SourceLine[]): SarResult {
  const tables: SarResult['tables'] = [];
  let cur: { table: SarTable; startLine: number; endLine: number } | undefined;
  let tableLines = 0;
  for (let i = 0; i < src.length; i++) {
    const l = src[i];
    const m = TIME.exec(l.text);
    if (m && isSarHeaderLine(l.text)) {
      const columns = cells(l, m[0].length).map((c) => c.t);
      const headerLines = [l.line];
      // The header's wrapped tail: column names alone on the next line.
      const next = src[i + 1];
      if (next && !TIME.test(next.text)) {
        const tail = next.text.trim().split(/\s+/);
        if (tail.length && tail.every((t) => NAME.test(t) && /[/%]|^kb/.test(t))) { columns.push(...tail); headerLines.push(next.line); i++; tableLines++; }
      }
      cur = { table: { columns, samples: [], headerLines }, startLine: l.line, endLine: l.line };
      tables.push(cur);
      tableLines++;
      continue;
    }
    if (!cur || !m) continue;
    const row: Cell[] = cells(l, m[0].length);
    if (!row.length || !row.every((c) => NUMBER.test(c.t))) continue;
    tableLines++;
    let end = l.line;
    // The row's wrapped tail: numbers alone on the next line, up to the header's width.
    const next = src[i + 1];
    if (row.length < cur.table.columns.length && next && !TIME.test(next.text)) {
      const tail = cells(next, 0);
      if (tail.length && tail.every((c) => NUMBER.test(c.t)) && row.length + tail.length <= cur.table.columns.length) { row.push(...tail.map((c) => ({ ...c, line: next.line }))); end = next.line; i++; tableLines++; }
    }
    const values: Record<string, number> = {};
    const spans: Record<string, Span> = {};
    row.forEach((c, k) => {
      const name = cur!.table.columns[k];
      if (!name) return;
      values[name] = Number(c.t.replace(',', '.'));
      const line = (c as Cell & { line?: number }).line ?? l.line;
      spans[name] = { line, start: c.start, end: c.start + c.t.length };
    });
    const sample: SarSample = { line: l.line, time: m[1], values, spans };
    if (m[1] === 'Average:' || m[1] === 'Summary:') cur.table.average = sample;
    else cur.table.samples.push(sample);
    cur.endLine = end;
  }
  return { tables: tables.filter((t) => t.table.samples.length || t.table.average), tableLines };
}
