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
    return parseSection(d, sourceLines(d.nos, d.col, lines), index, pageSize, problems, k !== undefined && lastOfGroup.get(k) !== index ? lines : undefined);
  });
  return { sections, problems, lineCount: lines.length };
}

/** The lines a parser reads, made just before it reads them (they die young). */
function sourceLines(nos: number[], col: number, all: string[]): SourceLine[] {
  const out: SourceLine[] = new Array(nos.length);
  for (let i = 0; i < nos.length; i++) { const n = nos[i]; out[i] = { line: n, text: col ? all[n].slice(col) : all[n], col }; }
  return out;
}

function base(d: SectionDraft, index: number) {
  const s = { index, kind: d.kind, startLine: d.nos.length ? d.nos[0] : d.startLine, endLine: d.endLine, detectedBy: d.detectedBy } as Section;
  if (d.variant) s.variant = d.variant;
  if (d.source) s.source = d.source;
  if (d.headerLine !== undefined) s.headerLine = d.headerLine;
  if (d.capturedAt) s.capturedAt = d.capturedAt;
  return s;
}

function keyValue(d: SectionDraft, index: number, r: KeyValueResult, problems: Problem[], lazy?: { lines: string[]; reparse: (lines: SourceLine[]) => KeyValueResult }): KeyValueSection {
  for (const p of r.problems) problems.push(p);
  if (!lazy) return eager(d, index, r);
  // An earlier capture of a series: keep the keys the series follows, drop the rest now
  // (young garbage is cheap) and read the lines again if a hover or the outline asks.
  const peek: Record<string, Field> = {};
  for (const key of trackedKeys(d.kind)) { const f = r.first.get(key); if (f) peek[key] = f; }
  return deferred({ ...(base(d, index) as KeyValueSection), peek }, d.nos, d.col, lazy.lines, lazy.reparse);
}

/** A section holding its fields (the latest capture of a series, or a lone capture). */
function eager(d: SectionDraft, index: number, r: KeyValueResult): KeyValueSection {
  const s = { ...(base(d, index) as KeyValueSection), fields: r.fields };
  Object.defineProperty(s, 'byKey', { get: () => r.byKey, enumerable: true, configurable: true });
  return s;
}

/**
 * A section that reads its lines again when `fields` or `byKey` is first used.
 * Its own function, so the closures capture only the line numbers and not the
 * parse result being dropped.
 */
function deferred(s: KeyValueSection, nos: number[], col: number, all: string[], reparse: (l: SourceLine[]) => KeyValueResult): KeyValueSection {
  let cache: KeyValueResult | undefined;
  const load = () => (cache ??= reparse(sourceLines(nos, col, all)));
  Object.defineProperty(s, 'fields', { get: () => load().fields, enumerable: true, configurable: true });
  Object.defineProperty(s, 'byKey', { get: () => load().byKey, enumerable: true, configurable: true });
  return s;
}

function parseSection(d: SectionDraft, src: SourceLine[], index: number, pageSize: number, problems: Problem[], lines?: string[]): Section {
  const opts = { pageSize };
  const lazy = (parse: (l: SourceLine[], o: typeof opts) => KeyValueResult) => (lines ? { lines, reparse: (l: SourceLine[]) => parse(l, opts) } : undefined);
  switch (d.kind) {
    case 'meminfo': return keyValue(d, index, parseMeminfo(src, opts), problems, lazy(parseMeminfo));
    case 'vmstat': return keyValue(d, index, parseVmstat(src, opts), problems, lazy(parseVmstat));
    case 'memory-events': return keyValue(d, index, parseMemoryEvents(src, opts), problems, lazy(parseMemoryEvents));
    case 'memory-stat': {
      const r = parseMemoryStat(src, opts);
      const v1 = r.fields.some((f) => isV1StatKey(f.key));
      const s = keyValue(d, index, r, problems, lazy(parseMemoryStat));
      s.variant = v1 ? 'v1' : 'v2';
      return s;
    }
    case 'cgroup-value': {
      const name = d.variant ?? (d.source ? baseName(d.source) : undefined);
      const s = keyValue(d, index, parseCgroupValue(src, opts, name), problems);
      if (name) s.variant = name;
      return s;
    }
    case 'slabinfo': {
      const r = parseSlabinfo(src);
      problems.push(...r.problems);
      const s: SlabinfoSection = { ...(base(d, index) as SlabinfoSection), statistics: r.statistics, caches: r.caches };
      if (r.version) s.version = r.version;
      if (r.unreadable) s.unreadable = r.unreadable;
      return s;
    }
    case 'pressure': {
      const r = parsePressure(src);
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
      const r = parseOomReport(src);
      problems.push(...r.problems);
      return { ...(base(d, index) as OomReportSection), events: r.events };
    }
    case 'buddyinfo': case 'zoneinfo': case 'numa-stat': {
      problems.push({ line: src[0]?.line ?? d.startLine, severity: 'info', message: `Recognised as ${KIND_NAMES[d.kind]} (${src.length} lines): Kernel Memory Lens does not analyse this file yet.` });
      return base(d, index) as OpaqueSection;
    }
    default: {
      const first = src[0];
      if (!first && d.headerLine !== undefined) {
        problems.push({ line: d.headerLine, severity: 'warning', message: `Nothing follows the header for ${d.source ?? 'this file'}: the file was empty or could not be read.` });
        return base(d, index) as OpaqueSection;
      }
      problems.push({ line: first?.line ?? d.startLine, severity: 'warning', message: `Not a kernel memory capture Kernel Memory Lens reads${d.source ? ` (${d.source})` : ''}: expected ${EXPECTED_FORMATS}.` });
      return base(d, index) as OpaqueSection;
    }
  }
}
