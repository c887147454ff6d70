/**
 * Hover text for /proc/pagetypeinfo lines (mm/vmstat.c pagetypeinfo_show): its headings, a free-count row
 * of one migrate type (free blocks by order), and a row of the pageblock census. Read from the line itself:
 * the section keeps free counts summed per zone (its buddyinfo view) and the census rows.
 */
import type { KnowledgeEntry } from '../knowledge';
import { lookupKnowledge } from '../knowledge';
import type { OpaqueSection } from '../model';
import { formatBytes as B, formatCount as N, formatPercent as P } from '../humanFormat';

export interface PagetypeHover { contents: string; start: number; end: number }
type EntryText = (e: KnowledgeEntry | undefined, fallbackName: string) => string[];

const HEADINGS = ['Page block order', 'Pages per block', 'Free pages count per migrate type', 'Number of blocks type'];
const FREE_ROW = /^(\s*Node\s+(\d+),\s+zone\s+(\S+),\s+type\s+)(\S+)((?:\s+\d+)*)\s*$/;

export function pagetypeHover(s: OpaqueSection, line: number, lineText: string, character: number, pageSize: number, entryText: EntryText): PagetypeHover | undefined {
  const heading = HEADINGS.find((h) => lineText.trimStart().startsWith(h));
  const blockPages = 2 ** (s.pageblockOrder ?? 9);
  if (heading) {
    const start = lineText.indexOf(heading);
    const sizes = heading === 'Page block order' || heading === 'Pages per block' ? ['', `A pageblock here: **${N(blockPages)} pages, ${B(blockPages * pageSize)}**.`] : [];
    return { contents: [...entryText(lookupKnowledge('pagetypeinfo', heading), heading), ...sizes].join('\n'), start, end: start + heading.length };
  }
  const m = FREE_ROW.exec(lineText);
  if (m) {
    const type = m[4];
    const counts = m[5].trim() ? m[5].trim().split(/\s+/).map(Number) : [];
    const free = counts.reduce((t, n, k) => t + n * 2 ** k, 0);
    const typeStart = m[1].length;
    const rows = counts.map((n, k) => `| ${k} | ${B(2 ** k * pageSize)} | ${N(n)} | ${B(n * 2 ** k * pageSize)} |`);
    return {
      contents: [`**Node ${m[2]}, zone ${m[3]}, ${type} blocks**: ${B(free * pageSize)} free`, '', '| order | block | free blocks | memory |', '|---:|---:|---:|---:|', ...rows, '',
        ...entryText(lookupKnowledge('pagetypeinfo', type), type)].join('\n'),
      start: typeStart, end: typeStart + type.length,
    };
  }
  const census = s.pageblocks?.find((z) => z.line === line);
  if (census) {
    const total = Object.values(census.byType).reduce((t, n) => t + n, 0);
    // The type whose column the cursor is in: the row ends with one count per type, in the header's order
    // (the last numbers of the line: a zone name such as DMA32 holds digits too).
    const types = Object.keys(census.byType);
    const cells = [...lineText.matchAll(/\d+/g)].slice(-types.length);
    const at = cells.findIndex((x) => character >= x.index! && character <= x.index! + x[0].length);
    const table = ['| type | pageblocks | memory | share |', '|---|---:|---:|---:|', ...types.map((t) => `| ${t} | ${N(census.byType[t])} | ${B(census.byType[t] * blockPages * pageSize)} | ${total ? P(census.byType[t] / total) : 'n/a'} |`)];
    const picked = at >= 0 ? types[at] : undefined;
    const x = picked ? cells[at] : undefined;
    return {
      contents: [`**Node ${census.node}, zone ${census.zone}**: ${N(total)} pageblocks of ${B(blockPages * pageSize)}, by migrate type`, '', ...table, '',
        ...(picked ? entryText(lookupKnowledge('pagetypeinfo', picked), picked) : entryText(lookupKnowledge('pagetypeinfo', 'Number of blocks type'), 'Number of blocks type'))].join('\n'),
      start: x ? x.index! : 0, end: x ? x.index! + x[0].length : lineText.length,
    };
  }
  return undefined;
}
