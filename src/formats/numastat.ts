/**
 * numactl's `numastat -m` and `numastat -p PID` tables (numastat.c, show_system_info and
 * show_process_info): a column per NUMA node and a Total column, every cell in MB (2^20 bytes, two
 * decimals; integers with -c). The system table is /sys/devices/system/node/nodeN/meminfo side by side:
 * each key converted to MB, huge page counts times the huge page size, so it reads as a meminfo whose
 * values are the Total column, plus the split by node. The process table sums /proc/PID/numa_maps by
 * category (Huge, Heap, Stack, Private) and node. numastat's own complaint about a meminfo key it does
 * not know (`Token Unaccepted not in hash table.`) sits inside the output and is no capture line.
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
  /** `system`: the -m table of meminfo keys; `process`: one process's (or each PID's) table. */
  table: 'system' | 'process' | 'other';
  pid?: number;
  name?: string;
  /** The line of node column names (`Node 0  Node 1  Total`). */
  columnsLine: number;
}

const TITLE = /^\s*Per-node (system memory usage|process memory usage|numastat info) \(in MBs\)(?: for PID (\d+) \(([^)]*)\))?:?\s*$/;
const COLUMNS = /^\s*(?:PID\s+)?(?:Node \d+\s+)+Total\s*$/;
const RULE = /^\s*-+(?:\s+-+)+\s*$/;
const TOKEN_NOTE = /^\s*Token \S+ not in hash table\.\s*$/;
const ROW = /^\s*(\S.*?)\s+((?:-?\d+(?:\.\d+)?\s+)*-?\d+(?:\.\d+)?)\s*$/;
const MB = 2 ** 20;

/** The numastat tables of a document. One scan for the word the column header always holds. */
export function findNumastatBlocks(lines: LineSource): NumastatBlock[] {
  if (lines instanceof LineTable && !lines.text.includes('Total')) return [];
  const out: NumastatBlock[] = [];
  for (let i = 0; i + 2 < lines.length; i++) {
    const t = lines.get(i);
    if (t.length > 400 || !t.includes('Node ') || !COLUMNS.test(t) || !RULE.test(lines.get(i + 1))) continue;
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
    while (end + 1 < lines.length && (ROW.test(lines.get(end + 1)) || RULE.test(lines.get(end + 1)))) end++;
    if (end === i + 1) continue;
    const b: NumastatBlock = { start, end, columnsLine: i, table: 'other' };
    const kind = title?.[1];
    const firstKey = ROW.exec(lines.get(i + 2))?.[1];
    b.table = kind === 'system memory usage' || (!kind && firstKey === 'MemTotal') ? 'system' : kind === 'process memory usage' || (!kind && firstKey === 'Huge') ? 'process' : 'other';
    if (title?.[2]) { b.pid = Number(title[2]); b.name = title[3]; }
    let above = start - 1;
    while (above > 0 && above >= start - 2 && !lines.get(above).trim()) above--;
    const prompt = above >= 0 ? readPrompt(lines.get(above)) : undefined;
    if (prompt && /^(?:sudo\s+)?numastat\b/.test(prompt.command)) { b.headerLine = above; b.command = prompt.command.trim(); }
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

export interface NumastatResult { section: Omit<KeyValueSection, 'index'> | Omit<OpaqueSection, 'index'>; problems: Problem[] }

/** Reads one numastat table. The system table is a meminfo section (variant `numastat`); others are numa-stat rows. */
export function parseNumastat(lines: LineSource, b: NumastatBlock): NumastatResult {
  const problems: Problem[] = [];
  const header = lines.get(b.columnsLine);
  const nodes = [...header.matchAll(/Node (\d+)/g)].map((m) => Number(m[1]));
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
    if (cells.length !== nodes.length + 1) {
      problems.push({ line: n, severity: 'warning', message: `numastat row "${key}" should have ${nodes.length + 1} numbers (one per node and the total), got ${cells.length}: not read.` });
      continue;
    }
    const mb = cells.map((c) => Number(c[0]));
    const perNode = mb.slice(0, -1).map((v) => Math.round(v * MB));
    const total = cells[cells.length - 1];
    const span = (s: number, e: number): Span => ({ line: n, start: s, end: e });
    if (b.table === 'system') {
      fields.push({ key, raw: total[0], value: mb[mb.length - 1], unit: 'MiB', bytes: Math.round(mb[mb.length - 1] * MB), line: n, keySpan: span(keyStart, keyStart + key.length), valueSpan: span(at + total.index!, at + total.index! + total[0].length) });
      byNode[key] = perNode;
    } else numa.push({ key, totalBytes: Math.round(mb[mb.length - 1] * MB), perNodeBytes: perNode, line: n });
  }
  const base = { startLine: b.columnsLine, endLine: b.end, detectedBy: (b.headerLine !== undefined ? 'prompt' : 'content') as 'prompt' | 'content', ...(b.headerLine !== undefined ? { headerLine: b.headerLine } : b.start < b.columnsLine ? { headerLine: b.start } : {}), ...(b.command ? { source: b.command } : {}) };
  if (b.table === 'system') {
    const byKey: Record<string, Field> = {};
    for (const f of fields) if (!byKey[f.key]) byKey[f.key] = f;
    if (!byKey.MemAvailable) problems.push({ line: b.columnsLine, severity: 'info', message: 'numastat -m prints no MemAvailable (the per-node meminfo files have none): what is available is unknown here, not MemFree.' });
    return { section: { kind: 'meminfo', variant: 'numastat', ...base, fields, byKey, byNode: { nodes, bytes: byNode } }, problems };
  }
  return { section: { kind: 'numa-stat', variant: b.table === 'process' ? 'numastat-process' : 'numastat', ...base, numa, ...(b.pid !== undefined ? { process: { pid: b.pid, name: b.name ?? '' } } : {}) }, problems };
}
