/** Rules over the Kubernetes side reconciled with the kernel (issue 11 §4; docs/rules.md kubernetes/…). */
import type { K8sEvent } from '../model';
import type { DecodedOom } from '../analysis/oomMetrics';
import type { NodeReconciliation } from '../analysis/reconcile';
import type { Advice } from '../analysis/advise';
import type { KubernetesWorld, PodView } from '../world/kubernetes';
import { formatBytes as B, formatPercent as P } from '../humanFormat';
import type { RuleContext } from './context';

export interface KubernetesRuleInputs {
  k: KubernetesWorld;
  r: NodeReconciliation;
  advice: Advice;
  oom: DecodedOom[];
  /** The section a line belongs to (findings carry it). */
  sectionAt(line: number): number;
  /** Lines of the kernel side, for related lines. */
  meminfoLine(key: string): number | undefined;
}

export function kubernetesRules(x: KubernetesRuleInputs, ctx: RuleContext): void {
  topHidesKernel(x, ctx);
  evictionNear(x, ctx);
  reservationTooSmall(x, ctx);
  limitsOvercommit(x, ctx);
  podsNearLimit(x, ctx);
  oomKilled(x, ctx);
}

const rel = (line: number | undefined, message: string) => (line === undefined ? [] : [{ line, message }]);

function topHidesKernel({ r, sectionAt, meminfoLine, advice }: KubernetesRuleInputs, ctx: RuleContext): void {
  const id = 'kubernetes/top-hides-kernel';
  const ws = r.workingSet;
  if (!ws || ws.formula || r.hiddenBytes === undefined || !r.memTotalBytes || ws.line === undefined) return;
  const share = r.hiddenBytes / r.memTotalBytes;
  if (share * 100 <= ctx.th(id, 'warning')) return;
  const top = r.kubectlTop;
  const shown = top ? `kubectl top node shows ${B(top.bytes)}${top.percent !== undefined ? ` (${top.percent} % of allocatable)` : ''}` : `The kubelet reports a working set of ${B(ws.bytes)}`;
  const parts = r.why.filter((w) => Math.abs(w.bytes) >= 1024 * 1024).map((w) => `${w.bytes >= 0 ? '+' : '−'}${B(Math.abs(w.bytes))} ${w.label}`).join('; ');
  ctx.report(id, 'warning', sectionAt(ws.line), ws.line,
    `${shown}, but the kernel says ${B(r.kernelUsedBytes!)} is in use (MemTotal − MemAvailable): ${B(r.hiddenBytes)}, ${P(share)} of MemTotal, is memory Kubernetes does not show. ${parts ? `Why: ${parts}.` : ''}${r.formulaMatched ? ` The reported working set matches ${r.formulaMatched}.` : ''}${advice.reservation ? ` Reserve it: systemReserved.memory ${Math.round(advice.reservation.systemReservedBytes / 1048576)}Mi (Kernel Memory: Copy Kubelet Reservation).` : ''}`,
    { related: [...rel(meminfoLine('MemAvailable'), 'MemAvailable'), ...rel(meminfoLine('SUnreclaim'), 'SUnreclaim: kernel memory outside the working set')], data: { bytes: r.hiddenBytes, share, workingSetBytes: ws.bytes, kernelUsedBytes: r.kernelUsedBytes! } });
}

function evictionNear({ r, k, sectionAt }: KubernetesRuleInputs, ctx: RuleContext): void {
  const id = 'kubernetes/eviction-near';
  const ev = r.eviction;
  const cap = r.capacity?.bytes;
  if (ev && cap && ev.available.line !== undefined) {
    const hard = ev.thresholds.find((t) => t.kind === 'hard');
    const soft = ev.thresholds.find((t) => t.kind === 'soft');
    const name = (t: NonNullable<typeof hard>) => `${t.kind === 'hard' ? 'evictionHard' : 'evictionSoft'} memory.available<${t.raw}${t.isDefault ? ' (the kubelet\'s default: no config in the capture)' : ''}`;
    const line = ev.available.line;
    const related = [hard, soft].flatMap((t) => (t?.line !== undefined ? [{ line: t.line, message: name(t) }] : []));
    if (hard && hard.distanceBytes !== undefined && hard.distanceBytes < 0) {
      ctx.report(id, 'critical', sectionAt(line), line, `memory.available is ${B(ev.available.bytes)} (${ev.available.from}), below ${name(hard)}: the kubelet is evicting pods now. Evicting pods frees their memory but not the kernel's; see the breakdown.`, { related, data: { availableBytes: ev.available.bytes, distanceBytes: hard.distanceBytes } });
    } else if (soft && soft.distanceBytes !== undefined && soft.distanceBytes < 0) {
      ctx.report(id, 'warning', sectionAt(line), line, `memory.available is ${B(ev.available.bytes)}, below ${name(soft)}${soft.gracePeriod ? `: after ${soft.gracePeriod} the kubelet evicts pods` : ''}. The hard threshold is ${hard ? `${B(hard.distanceBytes!)} away` : 'not configured'}.`, { related, data: { availableBytes: ev.available.bytes, distanceBytes: soft.distanceBytes } });
    } else if (hard && hard.distanceBytes !== undefined && (hard.distanceBytes / cap) * 100 < ctx.th(id, 'warning')) {
      ctx.report(id, 'warning', sectionAt(line), line, `memory.available is ${B(ev.available.bytes)} (${ev.available.from}): ${B(hard.distanceBytes)} above ${name(hard)}, ${P(hard.distanceBytes / cap)} of capacity. A little more use and the kubelet evicts pods.`, { related, data: { availableBytes: ev.available.bytes, distanceBytes: hard.distanceBytes } });
    }
  }
  // kubectl top's MEMORY% is of allocatable: at 100 % or more the working set has used up what the scheduler may
  // give pods and is eating the reservations and the eviction threshold kept above it.
  const fired = new Set<number>();
  if (ev?.available.line !== undefined) fired.add(ev.available.line);
  for (const { row } of k.topNodes) {
    if (row.memoryPercent === undefined || row.memoryPercent < 100 || fired.has(row.line)) continue;
    ctx.report(id, 'warning', sectionAt(row.line), row.line, `Node ${row.name}: kubectl top shows its working set at ${row.memoryPercent} % of allocatable${row.memory ? ` (${B(row.memory.bytes)})` : ''}. Above allocatable it uses the memory kept back for system daemons, the kubelet and the eviction threshold: the kubelet evicts pods once memory.available falls under evictionHard. Check the node's MemoryPressure condition and what holds the memory (page cache counted in the working set, or pods over their requests).`, { data: { memoryPercent: row.memoryPercent } });
  }
  if (r.memoryPressure?.status === 'True') ctx.report(id, 'critical', sectionAt(r.memoryPressure.line), r.memoryPressure.line, 'The node reports MemoryPressure: memory.available crossed an eviction threshold; the kubelet evicts pods and the scheduler places no new BestEffort pods here.');
  // Each eviction for memory the kubelet logged or an event recorded: one finding per pod.
  const seen = new Set<string>();
  for (const { event: e } of k.events) {
    // The eviction manager also logs its observations and rankings every pass: only evictions and met thresholds count.
    const evicting = /^Evict/.test(e.reason) || e.reason === 'EvictionThresholdMet' || (e.reason === 'eviction' && /must evict|evicting pod|attempting to reclaim|thresholds? (?:have been )?met/i.test(e.message ?? ''));
    if (!evicting) continue;
    // For memory: the signal or the message says so (disk and inode evictions are another story).
    if (e.signal !== 'memory.available' && !/memory/i.test(e.message ?? '') && e.resource !== 'memory') continue;
    const key = `${e.reason}|${e.namespace ?? ''}/${e.pod ?? e.line}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const nums = e.thresholdBytes !== undefined && e.observedBytes !== undefined ? ` (available ${B(e.observedBytes)} against a threshold of ${B(e.thresholdBytes)})` : '';
    ctx.report(id, e.reason === 'EvictionThresholdMet' ? 'warning' : 'critical', sectionAt(e.line), e.line,
      e.reason === 'EvictionThresholdMet' ? `The kubelet met an eviction threshold on this node${nums}: it reclaims, then evicts pods.` : `The kubelet evicted ${e.pod ? `pod ${e.pod}` : 'a pod'} for memory${nums}. Evictions free pods' memory, not the kernel's: if kernel memory filled the node, the evictions go on.`,
      { data: { ...(e.observedBytes !== undefined ? { availableBytes: e.observedBytes } : {}), ...(e.thresholdBytes !== undefined ? { thresholdBytes: e.thresholdBytes } : {}) } });
  }
}

function reservationTooSmall({ r, advice, sectionAt }: KubernetesRuleInputs, ctx: RuleContext): void {
  const id = 'kubernetes/reservation-too-small';
  const obs = r.observedSystem;
  const a = r.allocatable;
  if (!obs || obs.kernelBytes === undefined || r.reservedBytes === undefined || !a?.reported && a?.computedBytes === undefined) return;
  if (obs.totalBytes <= r.reservedBytes) return;
  const line = a!.reported?.line ?? r.kubectlTop?.line ?? r.workingSet?.line;
  if (line === undefined) return;
  const adv = advice.reservation;
  ctx.report(id, 'warning', sectionAt(line), line,
    `The node keeps ${a!.reported?.from.startsWith('at most') ? 'at least ' : ''}${B(r.reservedBytes)} outside allocatable for the kernel and system daemons (capacity ${B(a!.capacityBytes)} − allocatable ${B(a!.reported?.bytes ?? a!.computedBytes!)} − evictionHard ${B(a!.evictionHardBytes)}), but the kernel alone holds ${B(obs.kernelBytes)} no pod is charged for${obs.daemonsBytes !== undefined ? `, and the kubelet and runtime ${B(obs.daemonsBytes)}` : ' (the daemons\' share is not in the capture)'}. The scheduler promises pods ${B(obs.totalBytes - r.reservedBytes)} the kernel is using.${adv ? ` Advised: systemReserved.memory ${Math.round(adv.systemReservedBytes / 1048576)}Mi, kubeReserved.memory ${Math.round(adv.kubeReservedBytes / 1048576)}Mi.` : ''}`,
    { data: { reservedBytes: r.reservedBytes, observedBytes: obs.totalBytes } });
}

function limitsOvercommit({ r, sectionAt }: KubernetesRuleInputs, ctx: RuleContext): void {
  const id = 'kubernetes/limits-overcommit';
  const al = r.allocated;
  if (!al) return;
  const allocatable = r.allocatable?.reported?.bytes;
  const pct = al.limitsPercent ?? (al.limitsBytes !== undefined && allocatable ? (al.limitsBytes / allocatable) * 100 : undefined);
  if (pct === undefined) return;
  const sev = pct > ctx.th(id, 'warning') ? 'warning' : pct > ctx.th(id, 'info') ? 'info' : undefined;
  if (!sev) return;
  ctx.report(id, sev, sectionAt(al.line), al.line,
    `Pod memory limits add up to ${al.limitsBytes !== undefined ? B(al.limitsBytes) : '?'}, ${Math.round(pct)} % of allocatable: if the pods grow toward their limits together, the node runs out before any pod reaches its own, and the kernel or the kubelet chooses the victim.${al.requestsPercent !== undefined ? ` Requests are ${al.requestsPercent} %.` : ''}`,
    { data: { limitsPercent: pct } });
}

function podsNearLimit({ r, advice, sectionAt }: KubernetesRuleInputs, ctx: RuleContext): void {
  for (const p of r.pods) {
    const line = p.workingSetLine;
    if (line === undefined || p.workingSetBytes === undefined) continue;
    const related = rel(p.limitLine, `memory limit ${p.limitsBytes !== undefined ? B(p.limitsBytes) : ''}`);
    if (p.limitShare !== undefined) {
      const id = 'kubernetes/pod-near-limit';
      const pct = p.limitShare * 100;
      const sev = pct > ctx.th(id, 'critical') ? 'critical' : pct > ctx.th(id, 'warning') ? 'warning' : undefined;
      if (sev) ctx.report(id, sev, sectionAt(line), line, `Pod ${p.key.replace(/^\//, '')}: working set ${B(p.workingSetBytes)} is ${P(p.limitShare)} of its memory limit ${B(p.limitsBytes!)} (${p.workingSetFrom === 'summary' ? 'Summary API' : 'kubectl top pod'}). At the limit the kernel reclaims the pod's page cache, then kills inside it (OOMKilled, exit code 137).`, { related, data: { workingSetBytes: p.workingSetBytes, limitBytes: p.limitsBytes!, share: p.limitShare } });
    }
    if (p.cacheShare !== undefined && p.limitsBytes) {
      const id = 'kubernetes/working-set-page-cache';
      if (p.cacheShare * 100 <= ctx.th(id, 'share')) continue;
      const near = (p.limitShare ?? 0) * 100 > ctx.th(id, 'near');
      ctx.report(id, near ? 'warning' : 'info', sectionAt(line), line,
        `Pod ${p.key.replace(/^\//, '')}: ${P(p.cacheShare)} of its working set (${B(p.workingSetBytes)}) is not RSS (${B(p.rssBytes!)}): active page cache and kernel memory charged to the pod, which the working set counts.${near ? ` It is ${P(p.limitShare!)} of the limit: ${advice.memoryQos ? 'MemoryQoS (memory.high below the limit) lets the kernel reclaim that cache before the limit.' : 'the kernel will reclaim that cache at the limit, with stalls.'}` : ''}`,
        { related, data: { cacheShare: p.cacheShare, rssBytes: p.rssBytes! } });
    }
  }
}

const isOomKill = (e: K8sEvent) => e.reason === 'OOMKilled' || e.reason === 'OOMKilling' || e.reason === 'SystemOOM';

/** The kernel's report of the same pod, by the pod UID its memcg path names. */
function kernelReportOf(p: PodView | undefined, oom: DecodedOom[]): DecodedOom | undefined {
  const uid = p?.uid?.replace(/-/g, '_');
  if (uid) {
    const byUid = oom.find((d) => d.kubernetes?.podUid && d.kubernetes.podUid.replace(/-/g, '_') === uid);
    if (byUid) return byUid;
  }
  return undefined;
}

function oomKilled({ k, oom, sectionAt }: KubernetesRuleInputs, ctx: RuleContext): void {
  const id = 'kubernetes/pod-oomkilled';
  const seen = new Set<string>();
  const pods = [...k.pods.values()];
  // `kubectl get pods` says OOMKilled without the container; a describe of the same pod says which: one alarm.
  const named = new Set(k.events.filter(({ event: x }) => isOomKill(x) && x.container !== undefined && x.pod !== undefined).map(({ event: x }) => x.pod));
  for (const { event: e } of k.events) {
    if (!isOomKill(e)) continue;
    if (e.container === undefined && e.pod !== undefined && named.has(e.pod)) continue;
    const pod = pods.find((p) => p.events.includes(e));
    const who = e.reason === 'SystemOOM' ? 'the node' : `${pod ? `pod ${pod.key.replace(/^\//, '')}` : e.pod ? `pod ${e.pod}` : 'a pod'}${e.container ? `, container ${e.container}` : ''}`;
    const key = `${e.reason}|${pod?.key ?? e.pod ?? ''}|${e.container ?? ''}|${e.state ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const report = kernelReportOf(pod, oom);
    const kill = report?.event.killLine ?? report?.event.startLine;
    if (report && kill !== undefined) {
      // The kernel's report already raised the kill at critical: one event, one alarm.
      ctx.report(id, 'info', sectionAt(e.line), e.line, `${who} was OOMKilled; the kernel's report of the same pod (UID ${report.kubernetes?.podUid}) is at line ${kill + 1}: ${report.story.cause ? `its evidence names ${report.story.cause}${report.story.causeBytes !== undefined ? ` (${B(report.story.causeBytes)})` : ''}` : 'read its memcg stats for what filled the limit'}.`, { related: [{ line: kill, message: 'the kernel\'s OOM report of this pod' }] });
      continue;
    }
    const limit = pod?.limitsBytes !== undefined ? ` Its memory limit is ${B(pod.limitsBytes)}.` : '';
    const text = e.reason === 'SystemOOM'
      ? `The kubelet recorded a SystemOOM on the node${e.message ? ` (${e.message.slice(0, 120)})` : ''}: the kernel's OOM killer ran node-wide, not at a pod's limit. Read dmesg for the report: it names the victim and what filled the node.`
      : `${who[0].toUpperCase()}${who.slice(1)} was OOMKilled${e.exitCode !== undefined ? ` (exit code ${e.exitCode})` : ''}${e.state === 'last' ? ', its last termination' : ''}: the kernel killed it at its memory limit or in a node OOM.${limit} The kernel's report (dmesg) says whether anon memory, page cache, socket buffers or kernel memory filled it; paste it here to link the two.`;
    ctx.report(id, 'critical', sectionAt(e.line), e.line, text);
  }
}
