/**
 * `slabtop -o` output (procps): an optional summary, the column header
 * `  OBJS ACTIVE  USE OBJ SIZE  SLABS OBJ/SLAB CACHE SIZE NAME`, then one row a
 * cache. Read into the same cache shape as /proc/slabinfo; what slabtop does not
 * print is derived and listed in `approximate`:
 * - objSize from `0.19K` (two decimals of KiB: ±5 bytes);
 * - pagesPerSlab = CACHE SIZE ÷ SLABS ÷ page size (slabtop computes CACHE SIZE as slabs × pages × page size);
 * - activeSlabs = SLABS (slabtop prints the total only).
 */
import type { Problem, SlabCache, SlabinfoSection, Span } from '../model';
import { tokenize, type SourceLine } from './lines';
import { abbreviate } from './numbers';

// procps prints decimals in the locale: `0,19K` and `98,9%` under de_DE and most of Europe.
export const SLABTOP_ROW = /^\s*(\d+)\s+(\d+)\s+(\d+)%\s+(\d+(?:[.,]\d+)?)K\s+(\d+)\s+(\d+)\s+(\d+)K\s+(\S.*?)\s*$/;
/** A row a mailer or a narrow terminal broke before its name: the name is alone on the next line. */
export const SLABTOP_ROW_NONAME = /^\s*\d+\s+\d+\s+\d+%\s+\d+(?:[.,]\d+)?K\s+\d+\s+\d+\s+\d+K\s*$/;
export const SLABTOP_LONE_NAME = /^\s*[A-Za-z_][\w.:@-]*\s*$/;
export const SLABTOP_HEADER = /^\s*OBJS\s+ACTIVE\s+USE\s+OBJ\s+SIZE\s+SLABS\s+OBJ\/SLAB\s+CACHE\s+SIZE\s+NAME\s*$/;
export const SLABTOP_SUMMARY = /^\s*(?:Active \/ Total (Objects|Slabs|Caches|Size) \(% used\)|Minimum \/ Average \/ Maximum Object)\s*:\s*(.*)$/;

/** True for a line only slabtop prints (cheap test first: every such line has `%`, `K` or `/`). */
export function isSlabtopLine(text: string): boolean {
  if (text.indexOf('%') < 0 && text.indexOf('OBJS') < 0 && text.indexOf(' / ') < 0) return false;
  return SLABTOP_ROW.test(text) || SLABTOP_ROW_NONAME.test(text) || SLABTOP_HEADER.test(text) || SLABTOP_SUMMARY.test(text);
}

/** A decimal as slabtop printed it, with a point or the locale's comma. */
function decimal(t: string): number { return Number(t.replace(',', '.')); }

export interface SlabtopResult {
  caches: SlabCache[];
  summary: NonNullable<SlabinfoSection['slabtopSummary']>;
  problems: Problem[];
  sawHeader: boolean;
}

const EXPECTED = 'expected "OBJS ACTIVE USE OBJ-SIZE SLABS OBJ/SLAB CACHE-SIZE NAME" (for example " 2124486 2124486 100%    0.19K 101166       21    404664K kmalloc-192")';

export function parseSlabtop(lines: SourceLine[], pageSize: number): SlabtopResult {
  const out: SlabtopResult = { caches: [], summary: {}, problems: [], sawHeader: false };
  const seen = new Map<string, number>();
  const kib = (t: string) => Math.round(decimal(t.replace(/K$/, '')) * 1024);
  for (let li = 0; li < lines.length; li++) {
    let l = lines[li];
    const t = l.text.trim();
    if (!t) continue;
    // The name on the line after a row broken before it: read as one row, the name's span on its own line.
    let nameLine: SourceLine | undefined;
    if (SLABTOP_ROW_NONAME.test(l.text) && li + 1 < lines.length && SLABTOP_LONE_NAME.test(lines[li + 1].text)) {
      nameLine = lines[++li];
      l = { ...l, text: `${l.text.replace(/\s+$/, '')} ${nameLine.text.trim()}` };
    }
    if (SLABTOP_HEADER.test(t)) { out.sawHeader = true; continue; }
    const s = SLABTOP_SUMMARY.exec(t);
    if (s) {
      out.sawHeader = true;
      const nums = s[2].match(/\d+(?:[.,]\d+)?K?/g) ?? [];
      const what = s[1];
      if (what === 'Size') { if (nums[0]) out.summary.activeSizeBytes = kib(nums[0]); if (nums[1]) out.summary.totalSizeBytes = kib(nums[1]); }
      else if (what) {
        const [a, b] = [Number(nums[0]), Number(nums[1])];
        if (Number.isFinite(a)) out.summary[`active${what}` as 'activeObjects'] = a;
        if (Number.isFinite(b)) out.summary[`total${what}` as 'totalObjects'] = b;
      } else {
        if (nums[0]) out.summary.minObjectBytes = kib(nums[0]);
        if (nums[1]) out.summary.avgObjectBytes = kib(nums[1]);
        if (nums[2]) out.summary.maxObjectBytes = kib(nums[2]);
      }
      continue;
    }
    const m = SLABTOP_ROW.exec(l.text);
    if (!m) {
      out.problems.push({ line: l.line, severity: 'error', message: `Not a slabtop row: ${EXPECTED}; found "${abbreviate(t, 60)}".` });
      continue;
    }
    const toks = tokenize(l.text, l.col);
    const span = (i: number): Span => ({ line: l.line, start: toks[i].start, end: toks[i].end });
    const [numObjs, activeObjs, numSlabs, objPerSlab, cacheK] = [1, 2, 5, 6, 7].map((i) => Number(m[i]));
    const objSize = Math.round(decimal(m[4]) * 1024);
    const cacheSizeBytes = cacheK * 1024;
    const pagesPerSlab = numSlabs > 0 ? cacheSizeBytes / numSlabs / pageSize : 0;
    // A cache name is one word; what a poster wrote after it (`buffer_head    -- grew`) is a note, not the name.
    const note = /^(\S+)\s+(?:--|#|<-|←|\(|[^\x00-\x7f]).*$/.exec(m[8]);
    const name = note ? note[1] : m[8];
    if (note) out.problems.push({ line: l.line, severity: 'info', message: `Text after the cache name ${name} ("${abbreviate(m[8].slice(name.length).trim(), 30)}") is read as a note, not part of the name.` });
    const nameStart = nameLine ? nameLine.col + nameLine.text.indexOf(name) : l.col + l.text.lastIndexOf(m[8]);
    const cache: SlabCache = {
      name, activeObjs, numObjs, objSize, objPerSlab, pagesPerSlab, activeSlabs: numSlabs, numSlabs, line: l.line,
      nameSpan: { line: nameLine?.line ?? l.line, start: nameStart, end: nameStart + name.length },
      // In the slabinfo order: active, num, objsize, objperslab, (CACHE SIZE for pagesperslab), slabs, slabs.
      columnSpans: [span(1), span(0), span(3), span(5), span(6), span(4), span(4)],
      cacheSizeBytes,
    };
    if (activeObjs > numObjs) out.problems.push({ line: l.line, severity: 'warning', message: `${name}: ACTIVE (${activeObjs}) exceeds OBJS (${numObjs}), which slabtop never prints.` });
    if (numSlabs > 0 && !Number.isInteger(pagesPerSlab)) out.problems.push({ line: l.line, severity: 'info', message: `${name}: CACHE SIZE ${cacheK}K is not a whole number of ${pageSize / 1024} KiB pages per slab over ${numSlabs} slabs; is the page size right?` });
    const prev = seen.get(name);
    if (prev !== undefined) out.problems.push({ line: l.line, severity: 'warning', message: `Cache ${name} appears twice (first on line ${prev + 1}); both rows are counted.` });
    else seen.set(name, l.line);
    out.caches.push(cache);
  }
  return out;
}
