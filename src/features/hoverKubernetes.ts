/** Hover text for a line of a Kubernetes section: the entry under the cursor and its value in human units. */
import { hitAt, type K8sHit } from '../formats/kubernetes/hits';
import { formatBytes as B, formatCount as N } from '../humanFormat';
import { lookupKnowledge, type KnowledgeEntry } from '../knowledge';
import type { K8sEvent } from '../model';

type EntryText = (e: KnowledgeEntry | undefined, name: string) => string[];

function valueLine(h: K8sHit): string | undefined {
  const parts: string[] = [];
  if (h.bytes !== undefined && Number.isFinite(h.bytes)) parts.push(`**${B(h.bytes)}**${h.raw ? ` — \`${h.raw}\`` : ''}${h.bytes >= 1024 ? ` (${N(h.bytes)} bytes)` : ''}`);
  else if (h.percent !== undefined) parts.push(`**${h.percent} %**`);
  else if (h.raw) parts.push(`\`${h.raw}\``);
  if (h.percent !== undefined && h.bytes !== undefined) parts.push(`${h.percent} % of allocatable`);
  if (h.owner) parts.push(`— ${h.owner}`);
  return parts.length ? parts.join(' ') : undefined;
}

function eventLines(e: K8sEvent): string[] {
  const out: string[] = [];
  const who = [e.namespace && e.pod ? `${e.namespace}/${e.pod}` : e.pod, e.container ? `container ${e.container}` : undefined, e.node ? `node ${e.node}` : undefined].filter(Boolean).join(' · ');
  if (who) out.push(who);
  const nums: string[] = [];
  if (e.signal) nums.push(`signal \`${e.signal}\``);
  if (e.thresholdBytes !== undefined) nums.push(`threshold **${B(e.thresholdBytes)}**`);
  if (e.observedBytes !== undefined) nums.push(`available **${B(e.observedBytes)}**`);
  if (e.capacityBytes !== undefined) nums.push(`capacity ${B(e.capacityBytes)}`);
  if (e.usageBytes !== undefined) nums.push(`container using **${B(e.usageBytes)}**`);
  if (e.requestBytes !== undefined) nums.push(`request ${e.requestBytes ? B(e.requestBytes) : '0 (none)'}`);
  if (e.exitCode !== undefined) nums.push(`exit code ${e.exitCode}${e.exitCode === 137 ? ' (SIGKILL)' : ''}`);
  if (e.count !== undefined) nums.push(`seen ${e.count}×`);
  if (e.ranked?.length) nums.push(`ranked: ${e.ranked.slice(0, 5).map((p) => `\`${p}\``).join(', ')}${e.ranked.length > 5 ? ' …' : ''}`);
  if (nums.length) out.push(nums.join(' · '));
  return out;
}

export function kubernetesHover(hits: K8sHit[], character: number, entryText: EntryText): { contents: string; span: K8sHit['span'] } | undefined {
  const h = hitAt(hits, character) ?? (hits.some((x) => x.event) ? hits.find((x) => x.event) : undefined);
  if (!h) return undefined;
  const e = lookupKnowledge(h.kind, h.key) ?? (h.key.includes('.') ? lookupKnowledge(h.kind, h.key.split('.').pop()!) : undefined);
  const [head, ...rest] = entryText(e, h.key);
  const out = [head];
  const v = h.event ? undefined : valueLine(h);
  if (v) out.push('', v);
  if (h.event) out.push('', ...eventLines(h.event));
  out.push(...rest);
  const span = h.span.end >= 1 << 20 ? { ...h.span, end: h.span.start } : h.span;
  return { contents: out.join('\n'), span };
}

type Reconciled = NonNullable<import('../analysis/analyze').Analysis['metrics']['kubernetes']>;

/**
 * On the line the reconciliation reads its working set from (the kubectl top node row, the Summary API's
 * workingSetBytes), the other side of the picture: what the kernel says, why the two differ, the eviction
 * distance and the reservation advice with its arithmetic.
 */
export function reconciliationHover(k: Reconciled, line: number): string[] {
  if (k.workingSet?.line !== line && k.kubectlTop?.line !== line && k.eviction?.available.line !== line) return [];
  const out = ['', '---', '**Beside the kernel**'];
  if (k.kernelUsedBytes !== undefined && k.hiddenBytes !== undefined && k.memTotalBytes) {
    out.push('', `MemTotal − MemAvailable = **${B(k.kernelUsedBytes)}**; the working set ${k.workingSet ? `(${B(k.workingSet.bytes)})` : ''} ${k.hiddenBytes >= 0 ? `leaves out **${B(k.hiddenBytes)}** (${Math.round((k.hiddenBytes / k.memTotalBytes) * 100)} % of MemTotal)` : `counts ${B(-k.hiddenBytes)} more: active page cache`}:`);
    for (const w of k.why) out.push(`- ${w.bytes >= 0 ? '+' : '−'}${B(Math.abs(w.bytes))} ${w.label}`);
  }
  if (k.formulaMatched) out.push('', `The working set matches ${k.formulaMatched}.`);
  for (const t of k.eviction?.thresholds ?? []) out.push('', `Eviction (${t.kind}): memory.available ${B(k.eviction!.available.bytes)} − ${t.raw}${t.isDefault ? ' (kubelet default)' : ''} = **${t.distanceBytes! < 0 ? '−' : ''}${B(Math.abs(t.distanceBytes!))}**`);
  const r = k.advice.reservation;
  if (r) {
    out.push('', `**Reservation advice:** systemReserved.memory ${Math.round(r.systemReservedBytes / 1048576)}Mi, kubeReserved.memory ${Math.round(r.kubeReservedBytes / 1048576)}Mi, evictionHard ${Math.round(r.evictionHardBytes / 1048576)}Mi`);
    for (const l of r.arithmetic) out.push(`- ${B(l.bytes)}: ${l.label}`);
    if (r.projected) out.push(`- with it, allocatable ${B(r.projected.allocatableBytes)}; pods filling it leave ${B(r.projected.evictionDistanceBytes)} above the hard threshold`);
    out.push('', '*Kernel Memory: Copy Kubelet Reservation copies the KubeletConfiguration snippet.*');
  }
  for (const n of k.notes) out.push('', `*${n}*`);
  return out;
}
