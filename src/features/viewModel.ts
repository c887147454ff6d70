/**
 * The JSON-safe picture of an analysis that the snapshot viewer draws.
 * The webview never parses files: it receives this and renders it.
 */
import type { Analysis } from '../analysis/analyze';
import type { BreakdownPart, UsedNumbers } from '../analysis/meminfoMetrics';
import type { CgroupPart } from '../analysis/cgroupMetrics';
import type { ProcessPicture } from '../analysis/process';
import type { Severity } from '../model';
import { RULES_BY_ID, ruleDocUrl, threshold, type RuleConfig } from '../rules/catalog';
import { headline } from '../report/summary';

export interface ViewFinding { rule: string; severity: Severity; message: string; line: number; section: number; title: string; docUrl: string }
export interface ViewSection { index: number; kind: string; variant?: string; source?: string; startLine: number; endLine: number; capturedAt?: string }
export interface ViewSlabCache { name: string; group: string; line: number; objects: number; activeObjects: number; objSize: number; slabBytes: number; objectBytes: number }
export interface ViewPoint { i: number; t?: number; v: number; line: number }
export interface ViewTrack {
  id: string; label: string; unit: 'bytes' | 'count' | 'percent' | '/s'; points: ViewPoint[];
  /** Set when series/steady-growth fired on this track: its growth per hour, for the projection. */
  growthPerHour?: number;
}
export interface ViewOomTask { pid: number; name: string; rssBytes: number; swapBytes: number; pgtablesBytes?: number; oomScoreAdj: number; line: number }

export interface ViewModel {
  title: string;
  headline: string;
  sections: ViewSection[];
  findings: ViewFinding[];
  problemCount: number;
  problems: { line: number; message: string; severity: string }[];
  meminfo?: {
    section: number; totalBytes: number; availableBytes?: number; breakdown: BreakdownPart[]; used: UsedNumbers;
    /** What the breakdown's shares are of (MemTotal, or a rounded free -h table's column sum). */
    breakdownOfBytes: number;
    /** The formula behind the kubelet numbers, and the other runtime's where it differs. */
    kubeletFormula?: string; kubeletAlternative?: { label: string; workingSetBytes: number; availableBytes: number };
    outsideWorkingSetBytes?: number; kernelBytes?: number; unreclaimableKernelBytes?: number; missing: string[];
  };
  /** `summaryObjectBytes`: a slabtop showing only some caches; its summary's total in objects (the totals here are the rows'). */
  slab?: { section: number; totalSlabBytes: number; totalObjectBytes: number; summaryObjectBytes?: number; groups: { group: string; caches: string[]; line: number; objects: number; slabBytes: number; objectBytes: number }[]; caches: ViewSlabCache[] };
  /** usageKnown / workingSetKnown false: the capture holds too little for that number (shown as unknown, never as 0). */
  cgroups: { section: number; source?: string; variant: string; usageBytes: number; usageExact: boolean; usageFrom: string; workingSetBytes: number; usageKnown?: false; workingSetKnown?: false; limitBytes?: number; highBytes?: number; breakdown: CgroupPart[] }[];
  memoryEvents: { section: number; source?: string; variant?: string; counts: Record<string, number> }[];
  pressure: { section: number; source?: string; resource: string; some?: { avg10: number; avg60: number; avg300: number }; full?: { avg10: number; avg60: number; avg300: number }; line: number }[];
  /** Rule thresholds (percent) drawn on the pressure chart. */
  pressureThresholds: Record<string, { warning: number; critical?: number }>;
  oom: { section: number; line: number; victim?: string; pid?: number; scope: string; constraint?: string; limitedCgroup?: string; taskCgroup?: string; podUid?: string; containerId?: string; qos?: string; oomScoreAdj?: number; victimRssBytes?: number; anonRssBytes?: number; fileRssBytes?: number; shmemRssBytes?: number; memcgUsageBytes?: number; memcgLimitBytes?: number; invoker?: string; order?: number; time?: string; tasks: ViewOomTask[];
    /** The node's memory at the kill (global OOM: the Mem-Info counters, pages converted to bytes). */
    nodeMemory?: Record<string, number> }[];
  /** `samples`: the points are a table's rows (vmstat N, sar), not captures. */
  series: { kind: string; key: string; timed: boolean; clockOnly?: boolean; captures: number; samples?: number; tracks: ViewTrack[] }[];
  /** The Kubernetes side reconciled with the kernel's (issue 11), when the document holds it. */
  kubernetes?: ViewKubernetes;
  /** Each process with its runtime's figures and its cgroup (issue 14); `line` is its first section's. */
  processes?: (ProcessPicture & { line: number })[];
}

export interface ViewKubernetes {
  nodeName?: string;
  memTotalBytes?: number;
  kubectlTop?: { bytes: number; percent?: number; line: number };
  workingSet?: { bytes: number; from: string; line?: number };
  formulaMatched?: string;
  kernelUsedBytes?: number;
  hiddenBytes?: number;
  why: { label: string; bytes: number }[];
  breakdown?: { id: string; label: string; bytes: number; how: string; line?: number }[];
  notes: string[];
  eviction?: { availableBytes: number; from: string; line?: number; thresholds: { kind: string; raw: string; bytes: number; distanceBytes?: number; isDefault?: boolean; line?: number; gracePeriod?: string }[] };
  allocatable?: { capacityBytes: number; systemReservedBytes?: number; kubeReservedBytes?: number; evictionHardBytes: number; computedBytes?: number; reportedBytes?: number; reportedFrom?: string; reportedLine?: number };
  reservedBytes?: number;
  observed?: { kernelBytes?: number; daemonsBytes?: number; totalBytes: number };
  pods: { key: string; workingSetBytes?: number; workingSetFrom?: string; limitsBytes?: number; requestsBytes?: number; limitShare?: number; cacheShare?: number; line?: number; limitLine?: number; oomKilled: boolean }[];
  reservation?: { snippet: string; systemReservedBytes: number; kubeReservedBytes: number; evictionHardBytes: number; arithmetic: { label: string; bytes: number; line?: number }[]; basedOn: string[]; unknown: string[]; projected?: { allocatableBytes: number; availableWhenFullBytes: number; evictionDistanceBytes: number } };
  otherAdvice: { title: string; text: string; line?: number }[];
}

function kubernetesView(k: NonNullable<Analysis['metrics']['kubernetes']>): ViewKubernetes {
  const a = k.allocatable;
  const r = k.advice.reservation;
  return {
    nodeName: k.nodeName, memTotalBytes: k.memTotalBytes,
    kubectlTop: k.kubectlTop && { bytes: k.kubectlTop.bytes, percent: k.kubectlTop.percent, line: k.kubectlTop.line },
    workingSet: k.workingSet && { bytes: k.workingSet.bytes, from: k.workingSet.from, line: k.workingSet.line },
    formulaMatched: k.formulaMatched, kernelUsedBytes: k.kernelUsedBytes, hiddenBytes: k.hiddenBytes, why: k.why,
    breakdown: k.breakdown?.map((b) => ({ id: b.id, label: b.label, bytes: b.bytes, how: b.how, line: b.line })), notes: k.notes,
    eviction: k.eviction && { availableBytes: k.eviction.available.bytes, from: k.eviction.available.from, line: k.eviction.available.line, thresholds: k.eviction.thresholds.map((t) => ({ ...t })) },
    allocatable: a && { capacityBytes: a.capacityBytes, systemReservedBytes: a.systemReservedBytes, kubeReservedBytes: a.kubeReservedBytes, evictionHardBytes: a.evictionHardBytes, computedBytes: a.computedBytes, reportedBytes: a.reported?.bytes, reportedFrom: a.reported?.from, reportedLine: a.reported?.line },
    reservedBytes: k.reservedBytes,
    observed: k.observedSystem && { kernelBytes: k.observedSystem.kernelBytes, daemonsBytes: k.observedSystem.daemonsBytes, totalBytes: k.observedSystem.totalBytes },
    pods: k.pods.slice(0, 200).map((p) => ({ key: p.key.replace(/^\//, ''), workingSetBytes: p.workingSetBytes, workingSetFrom: p.workingSetFrom, limitsBytes: p.limitsBytes, requestsBytes: p.requestsBytes, limitShare: p.limitShare, cacheShare: p.cacheShare, line: p.workingSetLine ?? p.events[0]?.line, limitLine: p.limitLine, oomKilled: p.events.some((e) => e.reason === 'OOMKilled' || e.reason === 'OOMKilling') })),
    reservation: r && { snippet: r.snippet, systemReservedBytes: r.systemReservedBytes, kubeReservedBytes: r.kubeReservedBytes, evictionHardBytes: r.evictionHardBytes, arithmetic: r.arithmetic, basedOn: r.basedOn, unknown: r.unknown, projected: r.projected },
    otherAdvice: [
      ...(k.advice.vfsCachePressure ? [{ title: 'vm.vfs_cache_pressure', text: k.advice.vfsCachePressure.text, line: k.advice.vfsCachePressure.line }] : []),
      ...(k.advice.memoryQos ? [{ title: 'memory.high (MemoryQoS)', text: k.advice.memoryQos.text, line: k.advice.memoryQos.line }] : []),
    ],
  };
}

const finite = (n: number | undefined) => (n !== undefined && Number.isFinite(n) ? n : undefined);

export function toViewModel(a: Analysis, title: string, rules: RuleConfig = {}, docBase?: string): ViewModel {
  const m = a.metrics;
  const sections = a.parsed.sections;
  const th = (id: string, name: string) => threshold(rules, id, name);
  return {
    title,
    headline: headline(a),
    sections: sections.map((s) => ({ index: s.index, kind: s.kind, variant: s.variant, source: s.source, startLine: s.startLine, endLine: s.endLine, capturedAt: s.capturedAt })),
    findings: a.findings.map((f) => ({ rule: f.rule, severity: f.severity, message: f.message, line: f.line, section: f.section, title: RULES_BY_ID.get(f.rule)?.title ?? f.rule, docUrl: ruleDocUrl(f.rule, docBase) })),
    problemCount: a.parsed.problems.length,
    problems: a.parsed.problems.slice(0, 200).map((p) => ({ line: p.line, message: p.message, severity: p.severity })),
    meminfo: m.meminfo && {
      section: m.meminfo.section, totalBytes: m.meminfo.totalBytes, availableBytes: m.meminfo.availableBytes, breakdown: m.meminfo.breakdown, breakdownOfBytes: m.meminfo.breakdownOfBytes, used: m.meminfo.used,
      kubeletFormula: m.meminfo.kubelet?.label,
      kubeletAlternative: m.meminfo.kubelet?.alternative && { label: m.meminfo.kubelet.alternative.label, workingSetBytes: m.meminfo.kubelet.alternative.workingSetBytes, availableBytes: m.meminfo.kubelet.alternative.availableBytes },
      outsideWorkingSetBytes: m.meminfo.outsideWorkingSetBytes, kernelBytes: m.meminfo.kernelBytes, unreclaimableKernelBytes: m.meminfo.unreclaimableKernelBytes, missing: m.meminfo.missing,
    },
    slab: m.slabinfo && {
      section: m.slabinfo.section,
      ...(m.slabinfo.rowsShown
        ? { totalSlabBytes: m.slabinfo.rowsShown.slabBytes, totalObjectBytes: m.slabinfo.rowsShown.objectBytes, summaryObjectBytes: m.slabinfo.totalObjectBytes }
        : { totalSlabBytes: m.slabinfo.totalSlabBytes, totalObjectBytes: m.slabinfo.totalObjectBytes }),
      groups: m.slabinfo.groups.slice(0, 30).map((g) => ({ group: g.group, caches: g.caches, line: g.lines[0], objects: g.objects, slabBytes: g.slabBytes, objectBytes: g.objectBytes })),
      caches: m.slabinfo.caches.map((c) => ({ name: c.name, group: c.group, line: c.line, objects: c.objects, activeObjects: c.activeObjects, objSize: c.objSize, slabBytes: c.slabBytes, objectBytes: c.objectBytes })),
    },
    cgroups: m.cgroups.map((c) => ({ section: c.section, source: c.source, variant: c.variant, usageBytes: c.usageBytes, usageExact: c.usageExact, usageFrom: c.usageFrom, workingSetBytes: c.workingSetBytes,
      ...(c.usageKnown ? {} : { usageKnown: false as const }), ...(c.workingSetKnown ? {} : { workingSetKnown: false as const }), limitBytes: finite(c.limitBytes), highBytes: finite(c.highBytes), breakdown: c.breakdown })),
    memoryEvents: m.memoryEvents,
    pressure: m.pressure.map((p) => ({ section: p.section, source: p.source, resource: p.resource, some: p.some, full: p.full, line: sections[p.section].startLine })),
    pressureThresholds: {
      'memory.full': { warning: th('pressure/memory-full', 'warning'), critical: th('pressure/memory-full', 'critical') },
      'memory.some': { warning: th('pressure/memory-some', 'warning'), critical: th('pressure/memory-some', 'critical') },
      'io.full': { warning: th('pressure/io-full', 'warning') },
      'cpu.some': { warning: th('pressure/cpu-some', 'warning') },
    },
    oom: m.oom.map((o) => {
      const e = o.event;
      return {
        section: o.section, line: e.killLine ?? e.constraintLine ?? e.triggerLine ?? e.startLine, victim: e.victimName, pid: e.victimPid, scope: o.scope, constraint: e.constraint,
        limitedCgroup: o.limitedCgroup, taskCgroup: e.taskMemcg, podUid: o.kubernetes?.podUid, containerId: o.kubernetes?.containerId, qos: o.qos, oomScoreAdj: e.victimOomScoreAdj,
        victimRssBytes: o.victimRssBytes, anonRssBytes: e.victimAnonRssBytes, fileRssBytes: e.victimFileRssBytes, shmemRssBytes: e.victimShmemRssBytes,
        memcgUsageBytes: e.memcgUsageBytes, memcgLimitBytes: e.memcgLimitBytes, invoker: e.invoker, order: e.order, time: e.time,
        tasks: o.tasksByRss.slice(0, 500).map((t) => ({ pid: t.pid, name: t.name, rssBytes: t.rssBytes, swapBytes: t.swapBytes, pgtablesBytes: t.pgtablesBytes, oomScoreAdj: t.oomScoreAdj, line: t.line })),
        ...(e.memInfoPages ? { nodeMemory: Object.fromEntries(Object.entries(e.memInfoPages).map(([k, v]) => [k, v * a.pageSize])) } : {}),
      };
    }),
    series: m.series.map((s) => ({
      kind: s.kind, key: s.key, timed: s.timed, ...(s.clockOnly ? { clockOnly: true } : {}), captures: s.sections.length, ...(s.samples !== undefined ? { samples: s.samples } : {}),
      tracks: s.tracks.map((t) => {
        const lastLine = t.length ? t.line[t.length - 1] : undefined;
        const growth = a.findings.find((f) => f.rule === 'series/steady-growth' && f.line === lastLine && Number.isFinite(f.data?.perHour));
        const points = Array.from({ length: t.length }, (_, i) => ({ i, t: t.time?.[i], v: t.value[i], line: t.line[i] }));
        return { id: t.id, label: t.label, unit: t.unit, points, ...(growth ? { growthPerHour: growth.data!.perHour } : {}) };
      }),
    })),
    ...(m.kubernetes ? { kubernetes: kubernetesView(m.kubernetes) } : {}),
    ...(m.processes ? { processes: m.processes.map((p, i) => ({ ...p, line: sections[a.world.processes?.[i]?.sections[0] ?? 0]?.startLine ?? 0 })) } : {}),
  };
}
