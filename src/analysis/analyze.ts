/**
 * The analysis entry: ParsedDocument → the model of the captured world →
 * findings and metrics.
 *
 * Rules judge every moment (capture) of the document, each with the files of
 * that moment only, so a before/after paste is never mixed and an early
 * capture's finding stands when the last one is cut short. One finding per
 * rule and subject is kept: the latest, noting the earlier captures it was
 * seen in. Metrics describe the latest capture of each file.
 */
import { belowZero } from '../formats/numbers';
import type { Field, Finding, KeyValueSection, OomReportSection, OpaqueSection, ParsedDocument, PsiLine, Section } from '../model';
import { parseDocument, type ParseDocumentOptions } from '../formats/parse';
import { DEFAULT_PAGE_SIZE } from '../formats/units';
import type { RuleConfig } from '../rules/catalog';
import { createRuleContext, type RuleContext } from '../rules/context';
import { idleHugepagesWithoutTotal, lowmemRule, meminfoRules } from '../rules/meminfo';
import { memoryEventsRules, swapEventsRules, type LoggedKill } from '../rules/memoryEvents';
import { cgroupValueRules, counterBelowZeroRule, swappedOutRule } from '../rules/cgroupValues';
import { memoryStatRules } from '../rules/memoryStat';
import { oomReportRules } from '../rules/oomReport';
import { pressureRules } from '../rules/pressure';
import { seriesRules } from '../rules/series';
import { slabinfoRules } from '../rules/slabinfo';
import { vmstatRules } from '../rules/vmstat';
import { kubernetesRules } from '../rules/kubernetes';
import { buildKubernetesWorld, type KubernetesWorld } from '../world/kubernetes';
import { buildProcesses, type ProcessView } from '../world/process';
import { processPicture, type ProcessPicture, type SpecLimit } from './process';
import { processRules } from '../rules/process';
import { reconcileNode, type NodeReconciliation } from './reconcile';
import { adviseMemoryQos, adviseReservation, adviseVfsCachePressure, type Advice } from './advise';
import { buddyinfoRules, zoneinfoRules } from '../rules/zones';
import { memoryThreadRules, type ThreadFacts } from '../rules/memoryThreads';
import { vmstatTableRules } from '../rules/vmstatTable';
import { sarTableRules } from '../rules/sarTable';
import { shellKillRules } from '../rules/shellKill';
import { allocinfoRules } from '../rules/allocationProfile';
import { processRowsRules } from '../rules/processRows';
import { buddyFree, zoneMetrics, type ZoneMetrics } from './zoneMetrics';
import { buildWorld, cgroupValueBytes } from '../world/build';
import type { CgroupFiles, Moment, World } from '../world/model';
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
  cgroups: (CgroupMetrics & { section: number; source?: string; path: string })[];
  memoryEvents: { section: number; source?: string; variant?: string; counts: Record<string, number> }[];
  pressure: { section: number; source?: string; resource: string; some?: PsiSummary; full?: PsiSummary }[];
  vmstat?: { section: number; counters: Record<string, number> };
  /** One-value files: a size in bytes, or for a count (failcnt, swappiness, oom.group) its value. */
  cgroupValues: { section: number; file: string; source?: string; bytes?: number; value?: number; unlimited: boolean }[];
  oom: (DecodedOom & { section: number })[];
  series: Series[];
  /** The Kubernetes side reconciled with the kernel's, and the advice drawn from both (issue 11). */
  kubernetes?: NodeReconciliation & { advice: Advice };
  /** Each process the document describes, reconciled with its cgroup (issue 14). */
  processes?: ProcessPicture[];
  /** Zones of the last buddyinfo and zoneinfo: free memory by block order, or against the watermarks. */
  zones: ZoneMetrics[];
}

export type PsiSummary = Pick<PsiLine, 'avg10' | 'avg60' | 'avg300' | 'total'>;

export interface Analysis {
  parsed: ParsedDocument;
  world: World & { kubernetes?: KubernetesWorld; processes?: ProcessView[] };
  findings: Finding[];
  metrics: Metrics;
  pageSize: number;
}

export function analyzeText(text: string, options: AnalyzeOptions = {}): Analysis {
  return analyzeDocument(parseDocument(text, options), options);
}

/** The one-value files a cgroup's metrics read. */
export function valuesOf(c: CgroupFiles): CgroupValues {
  return {
    current: cgroupValueBytes(c, 'memory.current', 'memory.usage_in_bytes'),
    max: cgroupValueBytes(c, 'memory.max', 'memory.limit_in_bytes'),
    high: cgroupValueBytes(c, 'memory.high'),
    peak: cgroupValueBytes(c, 'memory.peak', 'memory.max_usage_in_bytes'),
    maxUnlimitedIn: ['memory.max', 'memory.limit_in_bytes'].find((n) => c.values[n]?.fields[0]?.unlimited),
    currentBelowZeroIn: ['memory.current', 'memory.usage_in_bytes'].find((n) => { const raw = c.values[n]?.fields[0]?.raw; return raw !== undefined && belowZero(raw) !== undefined; }),
  };
}

const sum = (l?: PsiLine): PsiSummary | undefined => (l ? { avg10: l.avg10, avg60: l.avg60, avg300: l.avg300, total: l.total } : undefined);

export function analyzeDocument(parsed: ParsedDocument, options: AnalyzeOptions = {}): Analysis {
  // The page size the capture proved (formats/pageSize.ts) beats the configured one.
  const pageSize = parsed.pageSize ?? options.pageSize ?? DEFAULT_PAGE_SIZE;
  const sections = parsed.sections;
  const world = buildWorld(sections);
  const series = buildSeries(sections, pageSize);
  const config = options.rules ?? {};
  // Metrics describe the last capture of each file: a section no later capture of its series follows.
  const earlier = new Set<number>();
  for (const s of series) for (const i of s.sections.slice(0, -1)) earlier.add(i);
  const latestOf = new Map<string, Section>();
  // A node's view of memory (numastat -m, numactl -H) stands for the machine only when no /proc/meminfo does.
  const nodeView = (s: Section) => s.kind === 'meminfo' && (s.variant === 'numastat' || s.variant === 'numactl');
  for (const s of sections) if (!nodeView(s) || !latestOf.has(s.kind) || nodeView(latestOf.get(s.kind)!)) latestOf.set(s.kind, s);
  const metrics: Metrics = { cgroups: [], memoryEvents: [], pressure: [], cgroupValues: [], oom: [], series, zones: [] };
  // Kubelet advice is framed as such only where the document shows a Kubernetes node.
  const KUBE = /kubepods/;
  const onKubernetes = sections.some((s) => ['kubectl-top', 'kubelet-summary', 'node-describe', 'kubelet-config', 'k8s-events'].includes(s.kind) || KUBE.test(s.source ?? ''))
    || world.oom.some((o) => KUBE.test(`${o.event.oomMemcg ?? ''} ${o.event.taskMemcg ?? ''} ${o.event.memcgStatsPath ?? ''}`))
    || world.moments.some((m) => [...m.cgroups.keys()].some((p) => KUBE.test(p)));

  // Page allocation failures anywhere in the document: buddyinfo says whether a zone could have served them.
  const failedOrders = sections.flatMap((s) => (s.kind === 'oom-report' ? (s as OomReportSection).allocationFailures ?? [] : []).filter((f) => f.vmallocBytes === undefined).map((f) => ({ order: f.order, line: f.line })));
  // Kills the kernel log shows, by cgroup: memory.events counting the same kills defers to their report.
  const logged: LoggedKill[] = world.oom.flatMap(({ event: e }) => {
    const path = e.oomMemcg ?? e.taskMemcg ?? e.memcgStatsPath;
    const count = e.killed?.length ?? (e.killLine !== undefined || e.victimPid !== undefined ? 1 : 0);
    return path && count ? [{ path, line: e.killLine ?? e.constraintLine ?? e.startLine, count }] : [];
  });
  const sink: MetricsSink = { metrics, earlier, latestOf, pageSize, computed: new Map() };
  /** The latest finding of each rule and subject, how many earlier captures had it, and the first of them. */
  const kept = new Map<string, { f: Finding; seen: number; first?: { line: number; time?: string } }>();
  const last = world.moments.length - 1;
  for (const moment of world.moments) {
    const out: Finding[] = [];
    const ctx = createRuleContext(config, pageSize, out, onKubernetes);
    judgeMoment(moment, ctx, moment.index === last ? sink : undefined, pageSize, failedOrders, logged);
    const inMoment = new Set<string>();
    for (const f of out) {
      const sec = sections[f.section];
      // The same rule on the same line of the same file, capture after capture; two findings of one capture never merge.
      let key = `${f.rule}|${subjectOf(sec)}|${sec ? f.line - sec.startLine : f.line}`;
      while (inMoment.has(key)) key += '+';
      inMoment.add(key);
      const prev = kept.get(key);
      // A count and the first capture, not a list copied per capture (that made a day of captures quadratic).
      if (!prev) kept.set(key, { f, seen: 0 });
      else { prev.first ??= { line: prev.f.line, time: sections[prev.f.section]?.capturedAt }; prev.seen++; prev.f = f; }
    }
  }
  // Metrics of files whose last capture is in an earlier moment (a file captured once, before a series went on).
  for (const moment of world.moments) if (moment.index !== last) collectMetrics(moment, sink);

  const findings: Finding[] = [];
  for (const { f, seen, first } of kept.values()) {
    if (seen && first) {
      f.related = [...(f.related ?? []), { line: first.line, message: `also in ${seen} earlier capture${seen === 1 ? '' : 's'}${first.time ? `, first at ${first.time}` : ''}` }];
    }
    findings.push(f);
  }
  const ctx = createRuleContext(config, pageSize, findings, onKubernetes);
  for (const o of world.oom) {
    const d = decodeOom(o.event, pageSize);
    metrics.oom.push({ ...d, section: o.section.index });
  }
  inferCutScopes(metrics.oom);
  for (const s of sections) if (s.kind === 'oom-report') oomReportRules(s as OomReportSection, metrics.oom.filter((d) => d.section === s.index), ctx);
  for (const s of series) seriesRules(s, sections, ctx);
  const threadRows = sections.filter((s): s is OpaqueSection => s.kind === 'unknown' && (s as OpaqueSection).threads !== undefined);
  if (threadRows.length) memoryThreadRules(threadRows, threadFacts(metrics, sections, pageSize), ctx);
  const psRows = sections.filter((s): s is OpaqueSection => s.kind === 'unknown' && (s as OpaqueSection).processes !== undefined);
  if (psRows.length) processRowsRules(psRows, ctx);
  const allocinfo = sections.filter((s): s is OpaqueSection => s.kind === 'unknown' && !!(s as OpaqueSection).allocations?.length);
  if (allocinfo.length) allocinfoRules(allocinfo, ctx, metrics.meminfo?.totalBytes);
  const killed = sections.filter((s): s is OpaqueSection => s.kind === 'unknown' && s.variant === 'shell-killed');
  if (killed.length) {
    const file = (path: string, name: string) => world.moments.map((m) => m.cgroups.get(path)?.values[name]).find((v) => v !== undefined);
    shellKillRules(killed, metrics.cgroups.map((c) => ({
      metrics: c, statLine: sections[c.section].startLine, memswLimitBytes: file(c.path, 'memory.memsw.limit_in_bytes')?.fields[0]?.bytes,
      limitWritten: (file(c.path, 'memory.max') ?? file(c.path, 'memory.limit_in_bytes'))?.written,
    })), ctx);
  }
  const k8s = buildKubernetesWorld(sections);
  if (k8s) {
    const mi = metrics.meminfo ? (sections[metrics.meminfo.section] as KeyValueSection) : undefined;
    const r = reconcileNode(k8s, metrics.meminfo, mi);
    const advice: Advice = {};
    const reservation = adviseReservation(r, series);
    if (reservation) advice.reservation = reservation;
    const vfs = adviseVfsCachePressure(metrics.slabinfo, series);
    if (vfs) advice.vfsCachePressure = vfs;
    const qos = adviseMemoryQos(r);
    if (qos) advice.memoryQos = qos;
    metrics.kubernetes = { ...r, advice };
    kubernetesRules({ k: k8s, r, advice, oom: metrics.oom, sectionAt: (line) => sectionAtLine(sections, line), meminfoLine: (key) => mi?.byKey[key]?.line }, ctx);
  }
  const processes = buildProcesses(sections, world);
  if (processes.length) {
    const spec = specLimitOf(sections);
    metrics.processes = processes.map((p) => processPicture(p, spec));
    processes.forEach((p, i) => processRules(p, metrics.processes![i], ctx));
  }
  findings.sort((a, b) => a.line - b.line || a.rule.localeCompare(b.rule));
  const full: Analysis['world'] = k8s ? { ...world, kubernetes: k8s } : { ...world };
  if (processes.length) full.processes = processes;
  return { parsed, world: full, findings, metrics, pageSize };
}

/** Free memory beside the thread rows: the meminfo (or free or top summary) read, else the free lists. */
function threadFacts(metrics: Metrics, sections: Section[], pageSize: number): ThreadFacts {
  const mi = metrics.meminfo;
  if (mi) return { totalBytes: mi.totalBytes, availableBytes: mi.availableBytes, freeBytes: mi.freeBytes };
  const buddy = sections.flatMap((s) => (s.kind === 'buddyinfo' ? (s as OpaqueSection).buddy ?? [] : []));
  return buddy.length ? { freeBytes: buddy.reduce((t, z) => t + buddyFree(z), 0) * pageSize } : {};
}

/** The one container memory limit a describe pod in the document gives (none when several differ). */
function specLimitOf(sections: Section[]): SpecLimit | undefined {
  const found: SpecLimit[] = [];
  for (const s of sections) {
    if (s.kind !== 'k8s-events' || !s.pod) continue;
    for (const c of s.pod.containers) {
      const b = c.memoryLimits?.bytes;
      if (b !== undefined && Number.isFinite(b) && b > 0) found.push({ bytes: b, label: `container ${c.name} (pod ${s.pod.namespace ? `${s.pod.namespace}/` : ''}${s.pod.name ?? '?'})` });
    }
  }
  return found.length === 1 ? found[0] : undefined;
}

/** The section a line is in (the last one starting at or before it). */
function sectionAtLine(sections: Section[], line: number): number {
  let found = 0;
  for (const s of sections) { if (s.startLine <= line) found = s.index; else break; }
  return found;
}

/**
 * A paste that starts mid-report leaves its first kill without the line that says memcg or global.
 * A kill logged in the same second as its neighbour in the same log belongs to the same burst: it
 * takes the neighbour's scope (and says so).
 */
function inferCutScopes(oom: Metrics['oom']): void {
  const when = (d: DecodedOom) => d.event.timeIso ?? d.event.time ?? (d.event.uptimeSeconds !== undefined ? Math.floor(d.event.uptimeSeconds) : undefined);
  oom.forEach((d, i) => {
    if (d.scope !== 'unknown' || when(d) === undefined) return;
    const near = [oom[i + 1], oom[i - 1]].find((n) => n && n.section === d.section && n.scope !== 'unknown' && when(n) === when(d));
    if (near) { d.scope = near.scope; d.scopeInferred = true; }
  });
}

/** The section as its peek: its own plain properties (not a spread of the lazy section: that cost more than the rules). */
function peekView(s: KeyValueSection, peek: Record<string, Field>): KeyValueSection {
  const v: KeyValueSection = { index: s.index, kind: s.kind, startLine: s.startLine, endLine: s.endLine, detectedBy: s.detectedBy, peek, fields: Object.values(peek), byKey: peek };
  if (s.variant !== undefined) v.variant = s.variant;
  if (s.source !== undefined) v.source = s.source;
  if (s.headerLine !== undefined) v.headerLine = s.headerLine;
  if (s.capturedAt !== undefined) v.capturedAt = s.capturedAt;
  if (s.host !== undefined) v.host = s.host;
  return v;
}

/** What a finding is about, so that one rule on one file of many captures gives one finding. */
function subjectOf(s: Section | undefined): string {
  if (!s) return '';
  return `${s.kind}|${s.source ?? ''}|${s.kind === 'pressure' ? s.resource : ''}`;
}

interface MetricsSink {
  metrics: Metrics; earlier: Set<number>; latestOf: Map<string, Section>; pageSize: number;
  /** Metrics the rules already computed for a section holding all its fields, by section index: not computed twice. */
  computed: Map<number, CgroupMetrics | MeminfoMetrics | SlabMetrics>;
}

/** The root cgroup's files the kubelet formula reads (memory.stat, and v1's usage_in_bytes). */
const rootInputs = (m: Moment, stat: KeyValueSection | undefined) => {
  const root = m.cgroups.get('/');
  return { stat, usageInBytes: stat?.variant === 'v1' && root ? valuesOf(root).current : undefined };
};

/** Runs the per-capture rules over one moment; the last moment also fills the metrics. */
function judgeMoment(m: Moment, ctx: RuleContext, sink: MetricsSink | undefined, pageSize: number, failedOrders: { order: number; line: number }[], logged: readonly LoggedKill[]): void {
  // An earlier capture of a series is judged from the keys its parse kept (peek: what the series and the
  // rules read), without reading its lines again; the last capture holds all its fields.
  const full = (s: KeyValueSection): KeyValueSection => (s.peek ? peekView(s, s.peek) : s);
  const keep = <T extends CgroupMetrics | MeminfoMetrics | SlabMetrics>(s: Section, x: T): T => { if (sink && !(s as KeyValueSection).peek) sink.computed.set(s.index, x); return x; };
  const rootStat = m.cgroups.get('/')?.stat;
  for (const c of m.cgroups.values()) {
    if (c.stat) {
      const stat = full(c.stat);
      const cm = keep(c.stat, cgroupMetrics(stat, valuesOf(c)));
      const ev = c.events ?? c.eventsLocal;
      memoryStatRules(stat, cm, ctx, { path: c.path, limited: cm.limitBytes !== undefined, events: ev ? { oomKill: ev.byKey.oom_kill?.value, max: ev.byKey.max?.value } : undefined });
      // A usage file beside the stat: at its limit (memory.max, or v1's hierarchical_memory_limit in the stat) is said with what fills it.
      if (!c.events && !c.eventsLocal && cm.usageExact) cgroupValueRules(c, { ...valuesOf(c), max: valuesOf(c).max ?? cm.limitBytes }, ctx, cm.breakdown);
    }
    const broken = counterBelowZeroRule(c, valuesOf(c), ctx);
    if (!broken) swappedOutRule(c, valuesOf(c), ctx);
    swapEventsRules(c, ctx);
    if (c.events || c.eventsLocal) memoryEventsRules(c, ctx, logged);
    else if (!c.stat && !broken) cgroupValueRules(c, valuesOf(c), ctx);
    for (const p of c.pressure) pressureRules(p, ctx);
  }
  if (m.meminfo) {
    const s = full(m.meminfo);
    // An earlier capture's metrics serve its rules only: free(1)'s columns are left out.
    const mm = meminfoMetrics(s, rootInputs(m, rootStat && full(rootStat)), { free: !m.meminfo.peek });
    const xfsBuf = m.slabinfo?.caches.find((c) => c.name === 'xfs_buf')?.activeObjs;
    if (mm) meminfoRules(s, keep(m.meminfo, mm), ctx, { sysctl: m.sysctl, ...(xfsBuf && xfsBuf >= 100_000 ? { xfsBufObjects: xfsBuf } : {}) });
    else idleHugepagesWithoutTotal(s, ctx);
    lowmemRule(s, ctx);
  }
  if (m.slabinfo) { const mi = m.meminfo?.peek ?? m.meminfo?.byKey; slabinfoRules(m.slabinfo, keep(m.slabinfo, slabMetrics(m.slabinfo, pageSize)), ctx, { memTotalBytes: mi?.MemTotal?.bytes, meminfoSlabBytes: mi?.Slab?.bytes, sysctl: m.sysctl }); }
  for (const p of m.pressure) pressureRules(p, ctx);
  if (m.vmstat) vmstatRules(full(m.vmstat), ctx, { hasMeminfo: m.meminfo !== undefined, memTotalBytes: (m.meminfo?.peek ?? m.meminfo?.byKey)?.MemTotal?.bytes, pageSize });
  for (const o of m.opaque) {
    if (o.kind === 'buddyinfo') buddyinfoRules(o, ctx, { failedOrders });
    else if (o.kind === 'zoneinfo') zoneinfoRules(o, ctx);
    else if (o.kind === 'vmstat-table') vmstatTableRules(o, ctx);
    else if (o.kind === 'sar-table') sarTableRules(o, ctx);
  }
  if (sink) collectMetrics(m, sink);
}

/** Metrics of the files in a moment that are the last capture of their kind. */
function collectMetrics(m: Moment, sink: MetricsSink): void {
  const { metrics, earlier, latestOf, pageSize, computed } = sink;
  const isLast = (s: Section) => !earlier.has(s.index);
  for (const c of m.cgroups.values()) {
    if (c.stat && isLast(c.stat)) metrics.cgroups.push({ ...((computed.get(c.stat.index) as CgroupMetrics | undefined) ?? cgroupMetrics(c.stat, valuesOf(c))), section: c.stat.index, source: c.stat.source, path: c.path });
    for (const e of [c.events, c.eventsLocal, c.swapEvents]) if (e && isLast(e)) metrics.memoryEvents.push({ section: e.index, source: e.source, variant: e.variant, counts: Object.fromEntries(e.fields.map((f) => [f.key, f.value])) });
    for (const p of c.pressure) if (isLast(p)) metrics.pressure.push({ section: p.index, source: p.source, resource: p.resource, some: sum(p.some), full: sum(p.full) });
    for (const v of Object.values(c.values)) {
      const f = v.fields[0];
      if (f && isLast(v)) metrics.cgroupValues.push({ section: v.index, file: v.variant ?? f.key, source: v.source, bytes: f.bytes !== undefined && Number.isFinite(f.bytes) ? f.bytes : undefined, ...(f.bytes === undefined && Number.isFinite(f.value) ? { value: f.value } : {}), unlimited: !!f.unlimited });
    }
  }
  if (m.meminfo && m.meminfo === latestOf.get('meminfo')) {
    const mm = (computed.get(m.meminfo.index) as MeminfoMetrics | undefined) ?? meminfoMetrics(m.meminfo, rootInputs(m, m.cgroups.get('/')?.stat));
    if (mm) metrics.meminfo = { ...mm, section: m.meminfo.index };
  }
  if (m.slabinfo && m.slabinfo === latestOf.get('slabinfo')) metrics.slabinfo = { ...((computed.get(m.slabinfo.index) as SlabMetrics | undefined) ?? slabMetrics(m.slabinfo, pageSize)), section: m.slabinfo.index };
  for (const p of m.pressure) if (isLast(p)) metrics.pressure.push({ section: p.index, source: p.source, resource: p.resource, some: sum(p.some), full: sum(p.full) });
  for (const o of m.opaque) if ((o.kind === 'buddyinfo' || o.kind === 'zoneinfo') && o === latestOf.get(o.kind)) metrics.zones.push(...zoneMetrics(o, pageSize));
  if (m.vmstat && m.vmstat === latestOf.get('vmstat')) metrics.vmstat = { section: m.vmstat.index, counters: Object.fromEntries(m.vmstat.fields.map((f) => [f.key, f.value])) };
}

/** True when the document holds at least one capture the product reads or recognises. */
export function isCapture(parsed: ParsedDocument): boolean {
  // /proc/allocinfo is kernel memory by call site, read into a section of its own kind of rows.
  return parsed.sections.some((s: Section) => s.kind !== 'unknown' || !!(s as OpaqueSection).allocations?.length);
}
