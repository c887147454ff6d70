/**
 * /proc/allocinfo (CONFIG_MEM_ALLOC_PROFILING, 6.10+; lib/alloc_tag.c allocinfo_show): one row per call site,
 * `bytes calls file:line [module] func:name`, sizes in raw bytes, under an `allocinfo - version: 1.0` header and a
 * `#     <size>  <calls> <tag info>` comment. People paste it through `sort -g | tail`, so rows come in any order,
 * without the header; a mailer may wrap a row before its `[module] func:` part. Read into an opaque section of
 * allocation tags, the rows show_mem prints as `Memory allocations:` in an OOM report.
 */
import type { AllocationTag, OpaqueSection, Problem } from '../model';
import { LineTable, type LineSource } from './lines';
import { readPrompt } from './bundle';

export interface AllocinfoBlock { start: number; end: number; headerLine?: number; command?: string }

const HEADER = /^\s*allocinfo - version: \d/;
const COMMENT = /^\s*#\s*<size>\s+<calls>\s+<tag info>/;
const ROW = /^\s*(\d+)\s+(\d+)\s+(\S+):(\d+)(?:\s+\[([^\]\s]+)\])?\s+func:(\S+)\s*$/;
/** A row wrapped before its tag: `bytes calls file:line` then `[module] func:name` on the next line. */
const ROW_HEAD = /^\s*(\d+)\s+(\d+)\s+(\S+):(\d+)\s*$/;
const ROW_TAIL = /^\s*(?:\[([^\]\s]+)\]\s+)?func:(\S+)\s*$/;

/** The allocinfo tables of a document: three rows or more in a run (a header or comment line may open it). */
export function findAllocinfoBlocks(lines: LineSource): AllocinfoBlock[] {
  if (lines instanceof LineTable && !lines.text.includes(' func:')) return [];
  const out: AllocinfoBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const t = lines.get(i);
    if (t.length > 300 || !(HEADER.test(t) || COMMENT.test(t) || ROW.test(t) || (ROW_HEAD.test(t) && i + 1 < lines.length && ROW_TAIL.test(lines.get(i + 1))))) continue;
    let end = i - 1;
    let rows = 0;
    for (let n = i; n < lines.length; n++) {
      const x = lines.get(n);
      if (x.length > 300) break;
      if (HEADER.test(x) || COMMENT.test(x)) { end = n; continue; }
      if (ROW.test(x)) { end = n; rows++; continue; }
      if (ROW_HEAD.test(x) && n + 1 < lines.length && ROW_TAIL.test(lines.get(n + 1))) { end = ++n; rows++; continue; }
      break;
    }
    // Rows under show_mem's `Memory allocations:` heading are the kernel log's block, read with its report.
    const shown = i > 0 && /Memory allocations(?: \([^)]*\))?:\s*$/.test(lines.get(i - 1));
    if (rows < 3 || shown) { i = Math.max(i, end); continue; }
    const b: AllocinfoBlock = { start: i, end };
    // The command above (`sort -g /proc/allocinfo | tail -n 15`), past an `uptime` line printed by the same command line.
    for (let k = i - 1; k >= 0 && k >= i - 2; k--) {
      const p = readPrompt(lines.get(k));
      if (p && /allocinfo/.test(p.command)) { b.headerLine = k; b.command = p.command.trim(); break; }
      if (!/^\s*\d\d:\d\d:\d\d up /.test(lines.get(k))) break;
    }
    out.push(b);
    i = end;
  }
  return out;
}

export function parseAllocinfo(lines: LineSource, b: AllocinfoBlock): { section: Omit<OpaqueSection, 'index'>; problems: Problem[] } {
  const allocations: AllocationTag[] = [];
  for (let n = b.start; n <= b.end; n++) {
    const t = lines.get(n);
    const m = ROW.exec(t);
    if (m) { allocations.push(tag(m[1], m[2], m[3], m[4], m[5], m[6], n)); continue; }
    const h = ROW_HEAD.exec(t);
    const tail = h && n + 1 <= b.end ? ROW_TAIL.exec(lines.get(n + 1)) : null;
    if (h && tail) { allocations.push(tag(h[1], h[2], h[3], h[4], tail[1], tail[2], n)); n++; }
  }
  // Largest first, as show_mem lists them (sort -g pastes come smallest first).
  allocations.sort((x, y) => y.bytes - x.bytes);
  const problems: Problem[] = [{ line: b.start, severity: 'info', message: `/proc/allocinfo, allocation profiling by call site: ${allocations.length} rows read${b.command && /tail|head/.test(b.command) ? ` (the paste kept only some, ${b.command.includes('sort') ? 'the largest' : 'a few'})` : ''}.` }];
  const section: Omit<OpaqueSection, 'index'> = { kind: 'unknown', variant: 'allocinfo', startLine: b.start, endLine: b.end, detectedBy: b.headerLine !== undefined ? 'prompt' : 'content', allocations };
  if (b.headerLine !== undefined) { section.headerLine = b.headerLine; section.source = b.command; }
  return { section, problems };
}

function tag(bytes: string, calls: string, file: string, lineNo: string, module: string | undefined, func: string, line: number): AllocationTag {
  return { bytes: Number(bytes), raw: bytes, calls: Number(calls), file, lineNo: Number(lineNo), ...(module ? { module } : {}), func, line };
}
