/**
 * numactl's `numastat -m` and `numastat -p PID` tables (numastat.c, show_system_info and
 * show_process_info): a column per NUMA node and a Total column, every cell in MB (2^20 bytes, two
 * decimals; integers with -c). The system table is /sys/devices/system/node/nodeN/meminfo side by side:
 * each key converted to MB, huge page counts times the huge page size, so it reads as a meminfo whose
 * values are the Total column, plus the split by node. The process table sums /proc/PID/numa_maps by
 * category (Huge, Heap, Stack, Private) and node. numastat's own complaint about a meminfo key it does
 * not know (`Token Unaccepted not in hash table.`) sits inside the output and is no capture line. A table wider
 * than the terminal is folded (display_table): the Total column may be in a later block, or cut off; then each
 * total is the sum of the node columns, and said so. Plain `numastat` (the original perl layout, `node0 node1`)
 * prints /sys/devices/system/node/nodeN/numastat in pages: the vmstat NUMA counters by node. `numactl -H` prints
 * each node's size and free memory in MB.
 */
import type { Field, KeyValueSection, NumaStatRow, OpaqueSection, Problem, Span } from '../model';
import { LineTable, type LineSource } from './lines';
import { readPrompt } from './bundle';

export interface NumastatBlock {
  /** The table's first line (its title, else its column header). */
  start: number;
  end: number;
  /** The `numastat …` command line above, when the capture has it. */
  headerLine?: number;
  command?: string;
  /** `system`: the -m table of meminfo keys; `process`: one process's (or each PID's) table; `counters`: plain numastat; `numactl`: numactl -H. */
  table: 'system' | 'process' | 'other' | 'counters' | 'numactl';
  pid?: number;
  name?: string;
  /** The line of node column names (`Node 0  Node 1  Total`). */
  columnsLine: number;
}

const TITLE = /^\s*Per-node (system memory usage|process memory usage|numastat info) \(in MBs\)(?: for PID (\d+) \(([^)]*)\))?:?\s*$/;
// An HTML page's `<pre><code>` may stand before a table's first line.
const HTML_OPEN = /^(?:\s*<(?:pre|code)[^>]*>)+/;
const COLUMNS = /^\s*(?:PID\s+)?(?:Node \d+\s*)+(?:Total)?\s*$/;
const COUNTER_COLUMNS = /^\s*(?:node\d+\s+)*node\d+\s*$/;
const COUNTER_ROW = /^\s*(numa_hit|numa_miss|numa_foreign|interleave_hit|local_node|other_node)((?:\s+\d+)+)\s*$/;
/** Plain numastat's rows are the node files' counters; vmstat names them so (mm/vmstat.c). */
const COUNTER_KEYS: Record<string, string> = { numa_hit: 'numa_hit', numa_miss: 'numa_miss', numa_foreign: 'numa_foreign', interleave_hit: 'numa_interleave', local_node: 'numa_local', other_node: 'numa_other' };
const NUMACTL_AVAILABLE = /^\s*available: (\d+) nodes? \(/;
const NUMACTL_NODE = /^\s*node (\d+) (cpus|size|free):\s*(.*?)\s*$/;
const RULE = /^\s*-+(?:\s+-+)+\s*$/;
const TOKEN_NOTE = /^\s*Token \S+ not in hash table\.\s*$/;
const ROW = /^\s*(\S.*?)\s+((?:-?\d+(?:\.\d+)?\s+)*-?\d+(?:\.\d+)?)\s*$/;
const MB = 2 ** 20;

/** The numastat tables of a document. One scan for the word the column header always holds. */
export function findNumastatBlocks(lines: LineSource): NumastatBlock[] {
  if (lines instanceof LineTable && !lines.text.includes('Total') && !lines.text.includes('node')) return [];
  const out: NumastatBlock[] = [];
  for (let i = 0; i + 1 < lines.length; i++) {
    const t = lines.get(i).replace(HTML_OPEN, '');
    if (t.length > 400) continue;
    const counters = t.includes('node') && COUNTER_COLUMNS.test(t) && COUNTER_ROW.test(lines.get(i + 1));
    const numactl = !counters && t.includes('available:') && NUMACTL_AVAILABLE.test(t);
    if (counters || numactl) {
      let end = i;
      while (end + 1 < lines.length && lines.get(end + 1).length <= 400 && (counters ? COUNTER_ROW : NUMACTL_NODE).test(lines.get(end + 1))) end++;
      // numactl -H ends with its distance matrix: read as part of it, not as text.
      if (numactl) while (end + 1 < lines.length && /^\s*(?:node distances:|node(?:\s+\d+)+\s*$|\d+:(?:\s+\d+)+\s*$)/.test(lines.get(end + 1))) end++;
      if (end > i) out.push({ start: i, end, columnsLine: i, table: counters ? 'counters' : 'numactl', ...commandAbove(lines, i) });
      i = end;
      continue;
    }
    if (i + 2 >= lines.length || !t.includes('Node ') || !COLUMNS.test(t) || !RULE.test(lines.get(i + 1))) continue;
    // The title above (numastat's key notes may stand between), and the command above that.
    let start = i;
    let title: RegExpExecArray | null = null;
    for (let k = i - 1; k >= 0 && k >= i - 8; k--) {
      const above = lines.get(k);
      if (TOKEN_NOTE.test(above) || !above.trim()) continue;
      title = TITLE.exec(above);
      if (title) start = k;
      break;
    }
    let end = i + 1;
    // Rows are short (numastat pads each column to 16): a long line ends the table unread, and no regex runs on it.
    const row = (n: number) => { const x = lines.get(n); return x.length <= 400 && (ROW.test(x) || RULE.test(x)); };
    while (end + 1 < lines.length && row(end + 1)) end++;
    if (end === i + 1) continue;
    const b: NumastatBlock = { start, end, columnsLine: i, table: 'other' };
    const kind = title?.[1];
    const firstKey = ROW.exec(lines.get(i + 2))?.[1];
    b.table = kind === 'system memory usage' || (!kind && firstKey === 'MemTotal') ? 'system' : kind === 'process memory usage' || (!kind && firstKey === 'Huge') ? 'process' : 'other';
    if (title?.[2]) { b.pid = Number(title[2]); b.name = title[3]; }
    const cmd = commandAbove(lines, start);
    if (cmd.command) Object.assign(b, cmd);
    else {
      // -m and -p in one command: the system table's command is the process table's, above it.
      const prev = out[out.length - 1];
      if (prev?.command && prev.end < start && start - prev.end <= 3) b.command = prev.command;
    }
    out.push(b);
    i = end;
  }
  return out;
}

/** The `numastat …` or `numactl …` command on a prompt just above `start` (a blank line or two between). */
function commandAbove(lines: LineSource, start: number): { headerLine?: number; command?: string } {
  let above = start - 1;
  while (above > 0 && above >= start - 2 && !lines.get(above).trim()) above--;
  const prompt = above >= 0 ? readPrompt(lines.get(above)) : undefined;
  return prompt && /^(?:sudo\s+)?num(?:astat|actl)\b/.test(prompt.command) ? { headerLine: above, command: prompt.command.trim() } : {};
}

export interface NumastatResult { section: Omit<KeyValueSection, 'index'> | Omit<OpaqueSection, 'index'>; problems: Problem[] }

/** Reads one numastat table. The system table is a meminfo section (variant `numastat`); others are numa-stat rows. */
export function parseNumastat(lines: LineSource, b: NumastatBlock): NumastatResult {
  if (b.table === 'counters') return parseCounters(lines, b);
  if (b.table === 'numactl') return parseNumactl(lines, b);
  const problems: Problem[] = [];
  const header = lines.get(b.columnsLine);
  const nodes = [...header.matchAll(/Node (\d+)/g)].map((m) => Number(m[1]));
  // Folded or cut: no Total column, so each total is the nodes' sum.
  const hasTotal = /Total\s*$/.test(header);
  const width = nodes.length + (hasTotal ? 1 : 0);
  const fields: Field[] = [];
  const numa: NumaStatRow[] = [];
  const byNode: Record<string, number[]> = {};
  for (let n = b.columnsLine + 2; n <= b.end; n++) {
    const text = lines.get(n);
    const m = ROW.exec(text);
    if (!m) continue;
    const key = m[1];
    const keyStart = text.indexOf(key);
    const at = text.indexOf(m[2], keyStart + key.length);
    const cells = [...m[2].matchAll(/\S+/g)];
    if (cells.length !== width) {
      problems.push({ line: n, severity: 'warning', message: `numastat row "${key}" should have ${width} numbers (one per node${hasTotal ? ' and the total' : ''}), got ${cells.length}: not read.` });
      continue;
    }
    const written = cells.map((c) => Number(c[0]));
    const mb = hasTotal ? written : [...written, written.reduce((t, v) => t + v, 0)];
    const perNode = mb.slice(0, nodes.length).map((v) => Math.round(v * MB));
    // The total as written; folded, the sum, its span over the node cells it adds up.
    const last = cells[cells.length - 1];
    const totalRaw = hasTotal ? last[0] : String(Math.round(mb[mb.length - 1] * 100) / 100);
    const totalStart = at + (hasTotal ? last.index! : cells[0].index!);
    const totalEnd = at + last.index! + last[0].length;
    const span = (s: number, e: number): Span => ({ line: n, start: s, end: e });
    if (b.table === 'system') {
      fields.push({ key, raw: totalRaw, value: mb[mb.length - 1], unit: 'MiB', bytes: Math.round(mb[mb.length - 1] * MB), line: n, keySpan: span(keyStart, keyStart + key.length), valueSpan: span(totalStart, totalEnd) });
      byNode[key] = perNode;
    } else numa.push({ key, totalBytes: Math.round(mb[mb.length - 1] * MB), perNodeBytes: perNode, line: n });
  }
  const base = { startLine: b.columnsLine, endLine: b.end, detectedBy: (b.headerLine !== undefined ? 'prompt' : 'content') as 'prompt' | 'content', ...(b.headerLine !== undefined ? { headerLine: b.headerLine } : b.start < b.columnsLine ? { headerLine: b.start } : {}), ...(b.command ? { source: b.command } : {}) };
  if (b.table === 'system') {
    const byKey: Record<string, Field> = {};
    for (const f of fields) if (!byKey[f.key]) byKey[f.key] = f;
    if (!hasTotal && fields.length) problems.push({ line: b.columnsLine, severity: 'info', message: 'numastat\'s Total column is not here (a table wider than the terminal is folded into blocks, and the rest was left out): each total is the sum of the node columns shown.' });
    if (!byKey.MemAvailable) problems.push({ line: b.columnsLine, severity: 'info', message: 'numastat -m prints no MemAvailable (the per-node meminfo files have none): what is available is unknown here, not MemFree.' });
    return { section: { kind: 'meminfo', variant: 'numastat', ...base, fields, byKey, byNode: { nodes, bytes: byNode } }, problems };
  }
  return { section: { kind: 'numa-stat', variant: b.table === 'process' ? 'numastat-process' : 'numastat', ...base, numa, ...(b.pid !== undefined ? { process: { pid: b.pid, name: b.name ?? '' } } : {}) }, problems };
}

/** Plain numastat: each node's NUMA counters in pages, read as the vmstat counters they are, summed over the nodes. */
function parseCounters(lines: LineSource, b: NumastatBlock): NumastatResult {
  const header = lines.get(b.columnsLine).replace(HTML_OPEN, '');
  const nodes = [...header.matchAll(/node(\d+)/g)].map((m) => Number(m[1]));
  const fields: Field[] = [];
  const byNode: Record<string, number[]> = {};
  const problems: Problem[] = [];
  for (let n = b.columnsLine + 1; n <= b.end; n++) {
    const text = lines.get(n);
    const m = COUNTER_ROW.exec(text)!;
    const key = COUNTER_KEYS[m[1]];
    const cells = [...m[2].matchAll(/\d+/g)];
    if (cells.length !== nodes.length) { problems.push({ line: n, severity: 'warning', message: `numastat row "${m[1]}" should have ${nodes.length} numbers (one per node), got ${cells.length}: not read.` }); continue; }
    const values = cells.map((c) => Number(c[0]));
    const sum = values.reduce((t, v) => t + v, 0);
    const keyStart = text.indexOf(m[1]);
    const at = text.indexOf(m[2], keyStart + m[1].length);
    fields.push({ key, raw: String(sum), value: sum, unit: 'count', line: n, keySpan: { line: n, start: keyStart, end: keyStart + m[1].length }, valueSpan: { line: n, start: at + cells[0].index!, end: at + cells[cells.length - 1].index! + cells[cells.length - 1][0].length } });
    byNode[key] = values;
  }
  const byKey: Record<string, Field> = {};
  for (const f of fields) byKey[f.key] ??= f;
  return { section: { kind: 'vmstat', variant: 'numastat', ...where(b, b.columnsLine), fields, byKey, byNode: { nodes, bytes: {}, counts: byNode } }, problems };
}

/** numactl -H: `node N size: M MB` and `node N free: M MB`, summed into MemTotal and MemFree with each node kept. */
function parseNumactl(lines: LineSource, b: NumastatBlock): NumastatResult {
  const rows: Record<'size' | 'free', { node: number; mb: number; line: number; start: number; end: number }[]> = { size: [], free: [] };
  for (let n = b.start + 1; n <= b.end; n++) {
    const text = lines.get(n);
    const m = NUMACTL_NODE.exec(text);
    const v = m && m[2] !== 'cpus' ? /^(\d+) MB$/.exec(m[3]) : null;
    if (!m || !v) continue;
    const at = text.lastIndexOf(v[1]);
    rows[m[2] as 'size' | 'free'].push({ node: Number(m[1]), mb: Number(v[1]), line: n, start: at, end: at + v[1].length });
  }
  const fields: Field[] = [];
  const bytes: Record<string, number[]> = {};
  for (const [key, list] of [['MemTotal', rows.size], ['MemFree', rows.free]] as const) {
    if (!list.length) continue;
    const sum = list.reduce((t, r) => t + r.mb, 0);
    const r = list[0];
    // One field a key, on its first node's line: the sum over the nodes, each node kept beside it.
    fields.push({ key, raw: String(sum), value: sum, unit: 'MiB', bytes: sum * MB, line: r.line, keySpan: { line: r.line, start: 0, end: r.start }, valueSpan: { line: r.line, start: r.start, end: r.end } });
    bytes[key] = list.map((x) => x.mb * MB);
  }
  const byKey: Record<string, Field> = {};
  for (const f of fields) byKey[f.key] ??= f;
  return { section: { kind: 'meminfo', variant: 'numactl', ...where(b, b.start), fields, byKey, byNode: { nodes: rows.size.map((x) => x.node), bytes } }, problems: [] };
}

function where(b: NumastatBlock, first: number): Pick<KeyValueSection, 'startLine' | 'endLine' | 'detectedBy' | 'headerLine' | 'source'> {
  return { startLine: first, endLine: b.end, detectedBy: b.headerLine !== undefined ? 'prompt' : 'content', ...(b.headerLine !== undefined ? { headerLine: b.headerLine, source: b.command } : {}) };
}
