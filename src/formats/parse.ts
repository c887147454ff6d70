/**
 * text → ParsedDocument: split into sections, then each section through its
 * parser. Never throws and always terminates, whatever the text.
 */
import type { Field, KeyValueSection, OomReportSection, OpaqueSection, ParsedDocument, PressureSection, Problem, Section, SlabinfoSection } from '../model';
import { splitLinesIntoSections, type SectionDraft } from './bundle';
import { parseCgroupValue, parseMemoryEvents, parseMemoryStat, parseMeminfo, parseVmstat, type KeyValueResult } from './keyValue';
import { splitLines, type SourceLine } from './lines';
import { seriesGroupKey, trackedKeys } from './seriesKeys';
import { parseOomReport } from './oomReport';
import { baseName, resourceFromName } from './paths';
import { parsePressure, resourceFromLines } from './pressure';
import { parseSlabinfo } from './slabinfo';
import { DEFAULT_PAGE_SIZE, isV1StatKey } from './units';

export interface ParseDocumentOptions {
  /** The document's file name or path, a hint when content cannot tell. */
  fileName?: string;
  pageSize?: number;
}

const KIND_NAMES: Record<string, string> = {
  buddyinfo: '/proc/buddyinfo', zoneinfo: '/proc/zoneinfo', 'numa-stat': 'memory.numa_stat',
};

export const EXPECTED_FORMATS = 'meminfo, slabinfo, cgroup memory.stat / memory.events / memory.current, PSI pressure, vmstat or an OOM-killer report from dmesg';

export function parseDocument(text: string, options: ParseDocumentOptions = {}): ParsedDocument {
  return parseLines(splitLines(text), options);
}

/** Same as parseDocument, for a caller that already holds the lines (the server keeps them for hovers). */
export function parseLines(lines: string[], options: ParseDocumentOptions = {}): ParsedDocument {
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const drafts = splitLinesIntoSections(lines, options.fileName);
  const problems: Problem[] = [];
  // The last capture of each series is kept whole; earlier ones are read again on demand.
  const lastOfGroup = new Map<string, number>();
  drafts.forEach((d, i) => { const k = seriesGroupKey(d.kind, d.source, d.variant, d.resource); if (k) lastOfGroup.set(k, i); });
  const sections: Section[] = drafts.map((d, index) => {
    const k = seriesGroupKey(d.kind, d.source, d.variant, d.resource);
    return parseSection(d, index, pageSize, problems, k !== undefined && lastOfGroup.get(k) !== index ? lines : undefined);
  });
  return { sections, problems, lineCount: lines.length };
}

function base(d: SectionDraft, index: number) {
  const s = { index, kind: d.kind, startLine: d.lines.length ? d.lines[0].line : d.startLine, endLine: d.endLine, detectedBy: d.detectedBy } as Section;
  if (d.variant) s.variant = d.variant;
  if (d.source) s.source = d.source;
  if (d.headerLine !== undefined) s.headerLine = d.headerLine;
  if (d.capturedAt) s.capturedAt = d.capturedAt;
  return s;
}

function keyValue(d: SectionDraft, index: number, r: KeyValueResult, problems: Problem[], lazy?: { lines: string[]; reparse: (lines: SourceLine[]) => KeyValueResult }): KeyValueSection {
  for (const p of r.problems) problems.push(p);
  if (!lazy) return { ...(base(d, index) as KeyValueSection), fields: r.fields, byKey: r.byKey };
  // An earlier capture of a series: keep the keys the series follows, drop the rest now
  // (young garbage is cheap) and read the lines again if a hover or the outline asks.
  const peek: Record<string, Field> = {};
  for (const key of trackedKeys(d.kind)) { const f = r.byKey[key]; if (f) peek[key] = f; }
  const nos = d.lines.map((l) => l.line);
  const col = d.lines[0]?.col ?? 0;
  const all = lazy.lines;
  let cache: KeyValueResult | undefined;
  const load = () => (cache ??= lazy.reparse(nos.map((n) => ({ line: n, text: col ? all[n].slice(col) : all[n], col }))));
  const s = { ...(base(d, index) as KeyValueSection), peek };
  Object.defineProperty(s, 'fields', { get: () => load().fields, enumerable: true, configurable: true });
  Object.defineProperty(s, 'byKey', { get: () => load().byKey, enumerable: true, configurable: true });
  return s as KeyValueSection;
}

function parseSection(d: SectionDraft, index: number, pageSize: number, problems: Problem[], lines?: string[]): Section {
  const opts = { pageSize };
  const lazy = (parse: (l: SourceLine[], o: typeof opts) => KeyValueResult) => (lines ? { lines, reparse: (l: SourceLine[]) => parse(l, opts) } : undefined);
  switch (d.kind) {
    case 'meminfo': return keyValue(d, index, parseMeminfo(d.lines, opts), problems, lazy(parseMeminfo));
    case 'vmstat': return keyValue(d, index, parseVmstat(d.lines, opts), problems, lazy(parseVmstat));
    case 'memory-events': return keyValue(d, index, parseMemoryEvents(d.lines, opts), problems, lazy(parseMemoryEvents));
    case 'memory-stat': {
      const r = parseMemoryStat(d.lines, opts);
      const v1 = r.fields.some((f) => isV1StatKey(f.key));
      const s = keyValue(d, index, r, problems, lazy(parseMemoryStat));
      s.variant = v1 ? 'v1' : 'v2';
      return s;
    }
    case 'cgroup-value': {
      const name = d.variant ?? (d.source ? baseName(d.source) : undefined);
      const s = keyValue(d, index, parseCgroupValue(d.lines, opts, name), problems);
      if (name) s.variant = name;
      return s;
    }
    case 'slabinfo': {
      const r = parseSlabinfo(d.lines);
      problems.push(...r.problems);
      const s: SlabinfoSection = { ...(base(d, index) as SlabinfoSection), statistics: r.statistics, caches: r.caches };
      if (r.version) s.version = r.version;
      if (r.unreadable) s.unreadable = r.unreadable;
      return s;
    }
    case 'pressure': {
      const r = parsePressure(d.lines);
      problems.push(...r.problems);
      const named = d.resource ?? (d.source ? resourceFromName(d.source) : 'unknown');
      const s: PressureSection = { ...(base(d, index) as PressureSection), resource: named, resourceFrom: 'name' };
      if (named === 'unknown') {
        const g = resourceFromLines(r);
        s.resource = g.resource;
        s.resourceFrom = g.from;
      }
      if (r.some) s.some = r.some;
      if (r.full) s.full = r.full;
      s.variant = s.resource;
      return s;
    }
    case 'oom-report': {
      const r = parseOomReport(d.lines);
      problems.push(...r.problems);
      return { ...(base(d, index) as OomReportSection), events: r.events };
    }
    case 'buddyinfo': case 'zoneinfo': case 'numa-stat': {
      problems.push({ line: d.lines[0]?.line ?? d.startLine, severity: 'info', message: `Recognised as ${KIND_NAMES[d.kind]} (${d.lines.length} lines): Kernel Memory Lens does not analyse this file yet.` });
      return base(d, index) as OpaqueSection;
    }
    default: {
      const first = d.lines[0];
      if (!first && d.headerLine !== undefined) {
        problems.push({ line: d.headerLine, severity: 'warning', message: `Nothing follows the header for ${d.source ?? 'this file'}: the file was empty or could not be read.` });
        return base(d, index) as OpaqueSection;
      }
      problems.push({ line: first?.line ?? d.startLine, severity: 'warning', message: `Not a kernel memory capture Kernel Memory Lens reads${d.source ? ` (${d.source})` : ''}: expected ${EXPECTED_FORMATS}.` });
      return base(d, index) as OpaqueSection;
    }
  }
}
