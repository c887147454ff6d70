/**
 * The CLI's JSON contract (issue "Foundation" §7): one object per file with
 * 1-based lines and ISO capture times. Metrics are plain numbers in bytes.
 *
 * Numbers above 2^53 cannot be written exactly as JSON numbers: beside each
 * such number the report adds its exact digits as a string, `raw` for a
 * one-value file, `<key>Raw` elsewhere (`limitBytesRaw`), and `countersRaw` /
 * `countsRaw` beside maps of counters. The text as the file wrote it is used
 * where there is one (`18446744073709551615` stays itself, not …616).
 */
import type { Analysis } from '../analysis/analyze';
import type { KeyValueSection, OomEvent, OomReportSection } from '../model';

export interface JsonReport {
  file: string;
  sections: { kind: string; variant?: string; source?: string; startLine: number; endLine: number; capturedAt?: string }[];
  findings: { rule: string; severity: string; message: string; line: number; endLine?: number }[];
  problems: { line: number; message: string; severity: string }[];
  metrics: Record<string, unknown>;
}

const MAX_EXACT = Number.MAX_SAFE_INTEGER;
const big = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && Math.abs(v) > MAX_EXACT;

/** The exact digits of a big number: as written when a field says, else the double's own value. */
function exact(v: number, written?: string): string {
  return written !== undefined && /^[+-]?\d+$/.test(written) ? written.replace(/^\+/, '') : BigInt(v).toString();
}

/** `<key>Raw` beside every big integer of plain objects and arrays (the values of counter maps are left alone). */
function addRaw<T>(value: T): T {
  if (Array.isArray(value)) { value.forEach(addRaw); return value; }
  if (!value || typeof value !== 'object') return value;
  const o = value as Record<string, unknown>;
  for (const [k, v] of Object.entries(o)) {
    if (big(v) && !(`${k}Raw` in o) && !(k === 'bytes' && 'raw' in o)) o[`${k}Raw`] = exact(v);
    else if (v && typeof v === 'object' && !/^(counts|counters|memcgStats|memInfoPages)$/.test(k)) addRaw(v);
  }
  return value;
}

/** Raw texts of a map's big values, from the section's fields; undefined when none is big. */
function rawOf(a: Analysis, section: number, values: Record<string, number>): Record<string, string> | undefined {
  const s = a.parsed.sections[section] as KeyValueSection | undefined;
  let out: Record<string, string> | undefined;
  for (const [k, v] of Object.entries(values)) if (big(v)) (out ??= {})[k] = exact(v, s?.byKey?.[k]?.raw);
  return out;
}

/** An OOM event for the JSON: time, invoker, memcg stats, memory and swap, the task table. */
function oomDetail(e: OomEvent, pageSize: number) {
  const o: Record<string, unknown> = {};
  if (e.time !== undefined) o.time = e.time;
  if (e.timeIso !== undefined) o.timeIso = e.timeIso;
  if (e.uptimeSeconds !== undefined) o.uptimeSeconds = e.uptimeSeconds;
  if (e.invoker !== undefined || e.gfpMask !== undefined) o.invoker = { name: e.invoker, gfpMask: e.gfpMask, order: e.order, oomScoreAdj: e.invokerOomScoreAdj, line: e.triggerLine !== undefined ? e.triggerLine + 1 : undefined };
  if (e.kernelVersion) o.kernelVersion = e.kernelVersion;
  if (e.memcgUsageBytes !== undefined) o.memory = { usageBytes: e.memcgUsageBytes, limitBytes: e.memcgLimitBytes, failcnt: e.memcgFailcnt };
  if (e.swapUsageBytes !== undefined || e.swapLimitBytes !== undefined) o.swap = { usageBytes: e.swapUsageBytes, limitBytes: e.swapLimitBytes };
  if (e.memcgStats) o.memcgStats = { path: e.memcgStatsPath, stats: e.memcgStats };
  if (e.memInfoPages) o.memInfoPages = e.memInfoPages;
  if (e.oomMemcg) o.oomCgroup = e.oomMemcg;
  if (e.groupKill) o.groupKill = { cgroup: e.oomGroup, killed: (e.killed ?? []).map((k) => ({ ...k, line: k.line + 1 })) };
  if (e.reaperStuck) o.reaperStuck = true;
  if (e.reaperLine !== undefined) o.reaperLine = e.reaperLine + 1;
  o.taskTable = e.tasks.map((t) => {
    const r: Record<string, unknown> = { pid: t.pid, uid: t.uid, tgid: t.tgid, totalVmPages: t.totalVmPages, rssPages: t.rssPages, rssBytes: t.rssPages * pageSize, swapEntsPages: t.swapEntsPages, oomScoreAdj: t.oomScoreAdj, name: t.name, line: t.line + 1 };
    if (t.pgtablesBytes !== undefined) r.pgtablesBytes = t.pgtablesBytes;
    if (t.rssAnonPages !== undefined) { r.rssAnonPages = t.rssAnonPages; r.rssFilePages = t.rssFilePages; r.rssShmemPages = t.rssShmemPages; }
    return r;
  });
  if (e.taskTableLine !== undefined) o.taskTableLine = e.taskTableLine + 1;
  return o;
}

export function toJsonReport(file: string, a: Analysis): JsonReport {
  const report = buildReport(file, a);
  return addRaw(report);
}

function buildReport(file: string, a: Analysis): JsonReport {
  const m = a.metrics;
  const vmstatRaw = m.vmstat ? rawOf(a, m.vmstat.section, m.vmstat.counters) : undefined;
  const allocationFailures = a.parsed.sections.flatMap((s) => (s.kind === 'oom-report' ? (s as OomReportSection).allocationFailures ?? [] : []))
    .map((f) => ({ task: f.task, order: f.order, mode: f.mode, ...(f.stallMs !== undefined ? { stallMs: f.stallMs } : {}), line: f.line + 1, endLine: f.endLine + 1, ...(f.memInfoPages ? { memInfoPages: f.memInfoPages } : {}) }));
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
      ...(m.slabinfo ? { slabinfo: { totalSlabBytes: m.slabinfo.totalSlabBytes, totalObjectBytes: m.slabinfo.totalObjectBytes, totalActiveBytes: m.slabinfo.totalActiveBytes, ...(m.slabinfo.rowsShown ? { rowsShown: m.slabinfo.rowsShown } : {}), cacheCount: m.slabinfo.caches.length, top: m.slabinfo.groups.slice(0, 20).map((g) => ({ group: g.group, caches: g.caches, objects: g.objects, slabBytes: g.slabBytes, objectBytes: g.objectBytes })) } } : {}),
      ...(m.cgroups.length ? { cgroups: m.cgroups.map(({ section: _s, ...c }) => c) } : {}),
      ...(m.memoryEvents.length ? { memoryEvents: m.memoryEvents.map(({ section, ...e }) => { const raw = rawOf(a, section, e.counts); return raw ? { ...e, countsRaw: raw } : e; }) } : {}),
      ...(m.pressure.length ? { pressure: m.pressure.map(({ section: _s, ...p }) => p) } : {}),
      ...(m.vmstat ? { vmstat: m.vmstat.counters } : {}),
      ...(m.zones.length ? { zones: m.zones.map(({ section: _s, ...z }) => z) } : {}),
      ...(vmstatRaw ? { vmstatRaw } : {}),
      ...(m.cgroupValues.length ? { cgroupValues: m.cgroupValues.map(({ section, ...v }) => {
        const f = (a.parsed.sections[section] as KeyValueSection | undefined)?.fields?.[0];
        return big(v.bytes) || (f && big(f.value)) ? { ...v, raw: exact(f?.value ?? v.bytes!, f?.raw) } : v;
      }) } : {}),
      ...(m.oom.length ? { oom: m.oom.map((o) => ({
        victim: o.event.victimName, pid: o.event.victimPid, scope: o.scope, constraint: o.event.constraint, limitedCgroup: o.limitedCgroup,
        taskCgroup: o.event.taskMemcg, kubernetes: o.kubernetes, qos: o.qos, victimRssBytes: o.victimRssBytes, oomScoreAdj: o.event.victimOomScoreAdj,
        memcgUsageBytes: o.event.memcgUsageBytes, memcgUsageBelowZeroKb: o.event.memcgUsageBelowZeroKb, memcgLimitBytes: o.event.memcgLimitBytes, line: (o.event.killLine ?? o.event.startLine) + 1,
        tasks: o.tasksByRss.slice(0, 20).map((t) => ({ pid: t.pid, name: t.name, rssBytes: t.rssBytes, swapBytes: t.swapBytes, oomScoreAdj: t.oomScoreAdj })),
        ...oomDetail(o.event, a.pageSize),
      })) } : {}),
      ...(allocationFailures.length ? { allocationFailures } : {}),
      ...(m.kubernetes ? { kubernetes: oneBasedLines(m.kubernetes) } : {}),
      ...(m.series.length ? { series: m.series.map((s) => ({ kind: s.kind, key: s.key, captures: s.sections.length, ...(s.samples !== undefined ? { samples: s.samples } : {}), timed: s.timed, tracks: s.tracks.map((t) => ({ id: t.id, unit: t.unit, first: t.value[0], last: t.value[t.length - 1] })) })) } : {}),
    },
  };
}

/** A copy with every `line` / `…Line` number made 1-based, as the rest of the JSON contract is. */
export function oneBasedLines<T>(v: T): T {
  const walk = (x: unknown, key?: string): unknown => {
    if (Array.isArray(x)) return x.map((e) => walk(e));
    if (x && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, e]) => [k, walk(e, k)]));
    if (typeof x === 'number' && key !== undefined && (key === 'line' || /Line$/.test(key))) return x + 1;
    return x;
  };
  return walk(v) as T;
}
