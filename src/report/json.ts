/**
 * The CLI's JSON contract (issue "Foundation" §7): one object per file with
 * 1-based lines and ISO capture times. Metrics are plain numbers in bytes.
 */
import type { Analysis } from '../analysis/analyze';

export interface JsonReport {
  file: string;
  sections: { kind: string; variant?: string; source?: string; startLine: number; endLine: number; capturedAt?: string }[];
  findings: { rule: string; severity: string; message: string; line: number; endLine?: number }[];
  problems: { line: number; message: string; severity: string }[];
  metrics: Record<string, unknown>;
}

export function toJsonReport(file: string, a: Analysis): JsonReport {
  const m = a.metrics;
  return {
    file,
    sections: a.parsed.sections.map((s) => {
      const o: JsonReport['sections'][number] = { kind: s.kind, startLine: s.startLine + 1, endLine: s.endLine + 1 };
      if (s.variant) o.variant = s.variant;
      if (s.source) o.source = s.source;
      if (s.capturedAt) o.capturedAt = s.capturedAt;
      return o;
    }),
    findings: a.findings.map((f) => {
      const o: JsonReport['findings'][number] = { rule: f.rule, severity: f.severity, message: f.message, line: f.line + 1 };
      if (f.endLine !== undefined) o.endLine = f.endLine + 1;
      return o;
    }),
    problems: a.parsed.problems.map((p) => ({ line: p.line + 1, message: p.message, severity: p.severity })),
    metrics: {
      pageSize: a.pageSize,
      ...(m.meminfo ? { meminfo: { ...m.meminfo, section: undefined } } : {}),
      ...(m.slabinfo ? { slabinfo: { totalSlabBytes: m.slabinfo.totalSlabBytes, totalObjectBytes: m.slabinfo.totalObjectBytes, totalActiveBytes: m.slabinfo.totalActiveBytes, cacheCount: m.slabinfo.caches.length, top: m.slabinfo.groups.slice(0, 20).map((g) => ({ group: g.group, caches: g.caches, objects: g.objects, slabBytes: g.slabBytes, objectBytes: g.objectBytes })) } } : {}),
      ...(m.cgroups.length ? { cgroups: m.cgroups.map(({ section: _s, ...c }) => c) } : {}),
      ...(m.memoryEvents.length ? { memoryEvents: m.memoryEvents.map(({ section: _s, ...e }) => e) } : {}),
      ...(m.pressure.length ? { pressure: m.pressure.map(({ section: _s, ...p }) => p) } : {}),
      ...(m.vmstat ? { vmstat: m.vmstat.counters } : {}),
      ...(m.cgroupValues.length ? { cgroupValues: m.cgroupValues.map(({ section: _s, ...v }) => v) } : {}),
      ...(m.oom.length ? { oom: m.oom.map((o) => ({
        victim: o.event.victimName, pid: o.event.victimPid, scope: o.scope, constraint: o.event.constraint, limitedCgroup: o.limitedCgroup,
        taskCgroup: o.event.taskMemcg, kubernetes: o.kubernetes, qos: o.qos, victimRssBytes: o.victimRssBytes, oomScoreAdj: o.event.victimOomScoreAdj,
        memcgUsageBytes: o.event.memcgUsageBytes, memcgLimitBytes: o.event.memcgLimitBytes, line: (o.event.killLine ?? o.event.startLine) + 1,
        tasks: o.tasksByRss.slice(0, 20).map((t) => ({ pid: t.pid, name: t.name, rssBytes: t.rssBytes, swapBytes: t.swapBytes, oomScoreAdj: t.oomScoreAdj })),
      })) } : {}),
      ...(m.series.length ? { series: m.series.map((s) => ({ kind: s.kind, key: s.key, captures: s.sections.length, timed: s.timed, tracks: s.tracks.map((t) => ({ id: t.id, unit: t.unit, first: t.points[0].value, last: t.points[t.points.length - 1].value })) })) } : {}),
    },
  };
}
