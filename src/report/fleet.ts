/**
 * A fleet of nodes (issue 12 §4): one row per node snapshot with what an SRE scans first — the worst
 * finding, MemAvailable, unreclaimable slab and its trend, the top slab cache, memory PSI, OOM kills
 * and the memory kubectl top cannot see — sorted with the worst node first. Plain data: the CLI
 * fills it from worker threads, and it renders as a table or JSON.
 */
import type { Analysis } from '../analysis/analyze';
import { growthPerDay } from '../analysis/advise';
import { formatBytes as B, formatPercent as P } from '../humanFormat';
import type { Severity } from '../model';

export interface FleetRow {
  file: string;
  /** Node name when the capture says (Summary API, describe node, prompt host), else the file. */
  node: string;
  worst?: Severity;
  worstRule?: string;
  findings: number;
  memAvailableShare?: number;
  sunreclaimBytes?: number;
  sunreclaimPerDay?: number;
  topCache?: { name: string; bytes: number };
  psiMemoryFullAvg10?: number;
  oomKills?: number;
  /** Memory in use kubectl top does not show: reconciled when the Kubernetes side is there, else the kernel memory outside the kubelet's working set. */
  hiddenBytes?: number;
  /** Set when the file is not a capture or could not be read. */
  error?: string;
}

const RANK: Record<Severity, number> = { critical: 3, warning: 2, info: 1 };

export function fleetRow(file: string, a: Analysis): FleetRow {
  const worst = a.findings.reduce<Severity | undefined>((w, f) => (!w || RANK[f.severity] > RANK[w] ? f.severity : w), undefined);
  const worstFinding = worst ? a.findings.find((f) => f.severity === worst) : undefined;
  const mi = a.metrics.meminfo;
  const section = mi ? a.parsed.sections[mi.section] : undefined;
  const sun = section && 'byKey' in section ? section.byKey.SUnreclaim?.bytes : undefined;
  const top = a.metrics.slabinfo?.groups[0];
  const full = a.metrics.pressure.find((p) => p.resource === 'memory' && !p.source?.includes('/sys/fs/cgroup'))?.full;
  const vmOom = a.metrics.vmstat?.counters.oom_kill;
  const k8s = a.metrics.kubernetes;
  const row: FleetRow = {
    file,
    node: k8s?.nodeName ?? section?.host ?? file,
    findings: a.findings.length,
  };
  if (worst) { row.worst = worst; row.worstRule = worstFinding?.rule; }
  if (mi?.availableBytes !== undefined) row.memAvailableShare = mi.availableBytes / mi.totalBytes;
  if (sun !== undefined) row.sunreclaimBytes = sun;
  const g = growthPerDay(a.metrics.series, 'meminfo:SUnreclaim');
  if (g) row.sunreclaimPerDay = g.bytesPerDay;
  if (top) row.topCache = { name: top.group, bytes: top.slabBytes };
  if (full) row.psiMemoryFullAvg10 = full.avg10;
  const kills = vmOom ?? (a.metrics.oom.length ? a.metrics.oom.filter((o) => o.event.victimPid !== undefined || o.event.killLine !== undefined).length : undefined);
  if (kills !== undefined && Number.isFinite(kills)) row.oomKills = kills;
  const hidden = k8s?.hiddenBytes ?? mi?.outsideWorkingSetBytes;
  if (hidden !== undefined) row.hiddenBytes = hidden;
  return row;
}

/** Worst first: severity, then the least MemAvailable, then the name; files that are no capture last. */
export function sortFleet(rows: FleetRow[]): FleetRow[] {
  const key = (r: FleetRow) => (r.error ? -1 : r.worst ? RANK[r.worst] : 0);
  return [...rows].sort((a, b) => key(b) - key(a) || (a.memAvailableShare ?? 2) - (b.memAvailableShare ?? 2) || a.node.localeCompare(b.node));
}

export function renderFleet(rows: FleetRow[]): string {
  const head = ['node', 'worst', 'rule', 'available', 'SUnreclaim', '/day', 'top cache', 'PSI full', 'OOM', 'kubectl cannot see'];
  const cells = rows.map((r) => r.error ? [r.node, 'error', r.error, '', '', '', '', '', '', ''] : [
    r.node, r.worst ?? 'ok', r.worstRule ?? '', r.memAvailableShare !== undefined ? P(r.memAvailableShare) : '?',
    r.sunreclaimBytes !== undefined ? B(r.sunreclaimBytes) : '?', r.sunreclaimPerDay !== undefined ? `+${B(r.sunreclaimPerDay)}` : '',
    r.topCache ? `${r.topCache.name} ${B(r.topCache.bytes)}` : '', r.psiMemoryFullAvg10 !== undefined ? `${r.psiMemoryFullAvg10.toFixed(2)} %` : '',
    r.oomKills !== undefined ? String(r.oomKills) : '', r.hiddenBytes !== undefined ? B(r.hiddenBytes) : '',
  ]);
  const width = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((x, i) => x.padEnd(width[i])).join('  ').trimEnd();
  return [line(head), line(width.map((w) => '─'.repeat(w))), ...cells.map(line)].join('\n') + '\n';
}
