/**
 * The analysis entry: ParsedDocument → findings and metrics. Per-capture
 * rules run on the latest capture of each series (earlier ones feed the
 * series rules), so a day of captures gives one verdict, not 1 440.
 */
import type { Finding, KeyValueSection, OomReportSection, ParsedDocument, PressureSection, PsiLine, Section, SlabinfoSection } from '../model';
import { parseDocument, type ParseDocumentOptions } from '../formats/parse';
import { DEFAULT_PAGE_SIZE } from '../formats/units';
import type { RuleConfig } from '../rules/catalog';
import { createRuleContext } from '../rules/context';
import { meminfoRules } from '../rules/meminfo';
import { memoryEventsRules } from '../rules/memoryEvents';
import { memoryStatRules } from '../rules/memoryStat';
import { oomReportRules } from '../rules/oomReport';
import { pressureRules } from '../rules/pressure';
import { seriesRules } from '../rules/series';
import { slabinfoRules } from '../rules/slabinfo';
import { vmstatRules } from '../rules/vmstat';
import { cgroupMetrics, type CgroupMetrics, type CgroupValues } from './cgroupMetrics';
import { meminfoMetrics, type MeminfoMetrics } from './meminfoMetrics';
import { decodeOom, type DecodedOom } from './oomMetrics';
import { buildSeries, type Series } from './series';
import { slabMetrics, type SlabMetrics } from './slabMetrics';

export interface AnalyzeOptions extends ParseDocumentOptions {
  rules?: RuleConfig;
}

export interface Metrics {
  meminfo?: MeminfoMetrics & { section: number };
  slabinfo?: SlabMetrics & { section: number };
  cgroups: (CgroupMetrics & { section: number; source?: string })[];
  memoryEvents: { section: number; source?: string; variant?: string; counts: Record<string, number> }[];
  pressure: { section: number; source?: string; resource: string; some?: PsiSummary; full?: PsiSummary }[];
  vmstat?: { section: number; counters: Record<string, number> };
  cgroupValues: { section: number; file: string; source?: string; bytes?: number; unlimited: boolean }[];
  oom: (DecodedOom & { section: number })[];
  series: Series[];
}

export type PsiSummary = Pick<PsiLine, 'avg10' | 'avg60' | 'avg300' | 'total'>;

export interface Analysis {
  parsed: ParsedDocument;
  findings: Finding[];
  metrics: Metrics;
  pageSize: number;
}

const ROOT_STAT = /(^|\/)sys\/fs\/cgroup(\/memory)?\/memory\.stat$/;

const dirOf = (p: string | undefined) => (p && p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '');

export function analyzeText(text: string, options: AnalyzeOptions = {}): Analysis {
  return analyzeDocument(parseDocument(text, options), options);
}

export function analyzeDocument(parsed: ParsedDocument, options: AnalyzeOptions = {}): Analysis {
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const findings: Finding[] = [];
  const ctx = createRuleContext(options.rules ?? {}, pageSize, findings);
  const sections = parsed.sections;
  const series = buildSeries(sections, pageSize);
  const earlier = new Set<number>();
  for (const s of series) for (const i of s.sections.slice(0, -1)) earlier.add(i);
  const latestOf = new Map<string, Section>();
  for (const s of sections) latestOf.set(s.kind, s);
  const latest = (kind: string) => latestOf.get(kind);

  const values = sections.filter((s): s is KeyValueSection => s.kind === 'cgroup-value');
  const valuesFor = (stat: KeyValueSection): CgroupValues => {
    const dir = dirOf(stat.source);
    const mine = values.filter((v) => dirOf(v.source) === dir && (dir !== '' || values.length <= 8));
    const pick = (...names: string[]) => {
      const v = [...mine].reverse().find((x) => names.includes(x.variant ?? ''));
      const f = v?.fields[0];
      // `max` (v2) and the v1 sentinel mean no limit: leave the limit unknown rather than 8 EiB.
      return f && !f.unlimited ? f.bytes : undefined;
    };
    return { current: pick('memory.current', 'memory.usage_in_bytes'), max: pick('memory.max', 'memory.limit_in_bytes'), high: pick('memory.high'), peak: pick('memory.peak', 'memory.max_usage_in_bytes') };
  };

  // Sysctls captured beside the files (`==> /proc/sys/vm/overcommit_memory <==`), by their dotted name.
  const sysctl: Record<string, number> = {};
  for (const v of values) {
    const m = /^\/proc\/sys\/(.+)$/.exec(v.source ?? '');
    const f = v.fields[0];
    if (m && f && Number.isFinite(f.value)) sysctl[m[1].replace(/\//g, '.')] = f.value;
  }
  const metrics: Metrics = { cgroups: [], memoryEvents: [], pressure: [], cgroupValues: [], oom: [], series };
  let rootStat: KeyValueSection | undefined;
  for (const s of sections) {
    if (s.kind !== 'memory-stat' || earlier.has(s.index)) continue;
    const kv = s as KeyValueSection;
    const m = cgroupMetrics(kv, valuesFor(kv));
    metrics.cgroups.push({ ...m, section: s.index, source: s.source });
    if (ROOT_STAT.test(s.source ?? '')) rootStat = kv;
    memoryStatRules(kv, m, ctx);
  }
  for (const s of sections) {
    const last = !earlier.has(s.index);
    switch (s.kind) {
      case 'meminfo': {
        if (!last && s !== latest('meminfo')) break;
        const m = meminfoMetrics(s as KeyValueSection, { stat: rootStat, usageInBytes: rootStat && rootStat.variant === 'v1' ? valuesFor(rootStat).current : undefined });
        if (m && (last || !metrics.meminfo) && s === latest('meminfo')) metrics.meminfo = { ...m, section: s.index };
        if (m && last) meminfoRules(s as KeyValueSection, m, ctx, { sysctl });
        break;
      }
      case 'slabinfo': {
        if (!last && s !== latest('slabinfo')) break;
        const m = slabMetrics(s as SlabinfoSection, pageSize);
        if (s === latest('slabinfo')) metrics.slabinfo = { ...m, section: s.index };
        if (last) slabinfoRules(s as SlabinfoSection, m, ctx);
        break;
      }
      case 'memory-events': {
        const kv = s as KeyValueSection;
        if (last) { metrics.memoryEvents.push({ section: s.index, source: s.source, variant: s.variant, counts: Object.fromEntries(kv.fields.map((f) => [f.key, f.value])) }); memoryEventsRules(kv, ctx); }
        break;
      }
      case 'pressure': {
        const p = s as PressureSection;
        const sum = (l?: PsiLine) => (l ? { avg10: l.avg10, avg60: l.avg60, avg300: l.avg300, total: l.total } : undefined);
        if (last) { metrics.pressure.push({ section: s.index, source: s.source, resource: p.resource, some: sum(p.some), full: sum(p.full) }); pressureRules(p, ctx); }
        break;
      }
      case 'vmstat': {
        const kv = s as KeyValueSection;
        if (s === latest('vmstat')) metrics.vmstat = { section: s.index, counters: Object.fromEntries(kv.fields.map((f) => [f.key, f.value])) };
        if (last) vmstatRules(kv, ctx);
        break;
      }
      case 'cgroup-value': {
        const kv = s as KeyValueSection;
        const f = kv.fields[0];
        if (f && last) metrics.cgroupValues.push({ section: s.index, file: s.variant ?? f.key, source: s.source, bytes: f.bytes !== undefined && Number.isFinite(f.bytes) ? f.bytes : undefined, unlimited: !!f.unlimited });
        break;
      }
      case 'oom-report': {
        const o = s as OomReportSection;
        const decoded = o.events.map((e) => decodeOom(e, pageSize));
        metrics.oom.push(...decoded.map((d) => ({ ...d, section: s.index })));
        oomReportRules(o, decoded, ctx);
        break;
      }
    }
  }
  for (const s of series) seriesRules(s, sections, ctx);
  findings.sort((a, b) => a.line - b.line || a.rule.localeCompare(b.rule));
  return { parsed, findings, metrics, pageSize };
}

/** True when the document holds at least one capture the product reads or recognises. */
export function isCapture(parsed: ParsedDocument): boolean {
  return parsed.sections.some((s: Section) => s.kind !== 'unknown');
}
