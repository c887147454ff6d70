/**
 * The Kubernetes side in words: the reconciled breakdown, kubectl top against
 * the kernel, the eviction distance, allocatable and the advice, as plain
 * lines (the text report, `kmemlens advise` and the Markdown report use them).
 */
import type { Analysis } from '../analysis/analyze';
import { formatBytes as B, formatPercent as P } from '../humanFormat';

type K8s = NonNullable<Analysis['metrics']['kubernetes']>;

const at = (line: number | undefined) => (line === undefined ? '' : ` (line ${line + 1})`);

export function kubernetesLines(k: K8s): string[] {
  const out: string[] = [];
  if (k.nodeName) out.push(`Node ${k.nodeName}`);
  if (k.kubectlTop) out.push(`kubectl top node: ${B(k.kubectlTop.bytes)}${k.kubectlTop.percent !== undefined ? ` (${k.kubectlTop.percent} % of allocatable)` : ''}${at(k.kubectlTop.line)}`);
  if (k.workingSet) out.push(`Node working set: ${B(k.workingSet.bytes)} — ${k.workingSet.from}${at(k.workingSet.line)}${k.formulaMatched ? `; matches ${k.formulaMatched}` : ''}`);
  if (k.kernelUsedBytes !== undefined && k.hiddenBytes !== undefined && k.memTotalBytes) {
    out.push(k.hiddenBytes >= 0
      ? `Kernel: MemTotal − MemAvailable = ${B(k.kernelUsedBytes)}; not shown by the working set: ${B(k.hiddenBytes)} (${P(k.hiddenBytes / k.memTotalBytes)} of MemTotal)`
      : `Kernel: MemTotal − MemAvailable = ${B(k.kernelUsedBytes)}; the working set is ${B(-k.hiddenBytes)} more: it counts active page cache, which the kernel can reclaim and MemAvailable counts as available`);
    for (const w of k.why) out.push(`  ${w.bytes >= 0 ? '+' : '−'} ${B(Math.abs(w.bytes)).padStart(10)}  ${w.label}`);
  }
  if (k.breakdown) {
    out.push(`MemTotal ${B(k.memTotalBytes!)}, reconciled:`);
    for (const b of k.breakdown) out.push(`  ${B(b.bytes).padStart(10)}  ${P(b.bytes / k.memTotalBytes!).padStart(5)}  ${b.label} — ${b.how}${at(b.line)}`);
  }
  for (const n of k.notes) out.push(`Note: ${n}`);
  if (k.eviction) {
    for (const t of k.eviction.thresholds) out.push(`Eviction (${t.kind}): memory.available ${B(k.eviction.available.bytes)} − ${t.raw}${t.isDefault ? ' (default)' : ''} = ${t.distanceBytes! < 0 ? '−' : ''}${B(Math.abs(t.distanceBytes!))}${t.distanceBytes! < 0 ? ' (crossed)' : ''}${at(t.line)}`);
  }
  const a = k.allocatable;
  if (a) {
    if (a.computedBytes !== undefined) out.push(`Allocatable = capacity ${B(a.capacityBytes)} − systemReserved ${B(a.systemReservedBytes ?? 0)} − kubeReserved ${B(a.kubeReservedBytes ?? 0)} − evictionHard ${B(a.evictionHardBytes)} = ${B(a.computedBytes)}`);
    if (a.reported) out.push(`Allocatable reported: ${B(a.reported.bytes)} — ${a.reported.from}${at(a.reported.line)}`);
  }
  if (k.reservedBytes !== undefined && k.observedSystem) out.push(`Kept for the kernel and daemons: ${B(k.reservedBytes)}; observed: ${B(k.observedSystem.totalBytes)} (kernel ${k.observedSystem.kernelBytes !== undefined ? B(k.observedSystem.kernelBytes) : 'unknown'}, daemons ${k.observedSystem.daemonsBytes !== undefined ? B(k.observedSystem.daemonsBytes) : 'unknown'})`);
  const pods = k.pods.filter((p) => p.workingSetBytes !== undefined).slice(0, 10);
  if (pods.length) {
    out.push('Pods by working set:');
    for (const p of pods) out.push(`  ${B(p.workingSetBytes!).padStart(10)}  ${p.key.replace(/^\//, '')}${p.limitsBytes ? ` — limit ${B(p.limitsBytes)} (${P(p.limitShare!)})` : ''}${p.cacheShare !== undefined ? `, not RSS ${P(p.cacheShare)}` : ''}${at(p.workingSetLine)}`);
  }
  return out;
}

export function adviceLines(k: K8s): string[] {
  const out: string[] = [];
  const r = k.advice.reservation;
  if (r) {
    out.push('Kubelet reservation (KubeletConfiguration):', '', ...r.snippet.trimEnd().split('\n').map((l) => `  ${l}`), '');
    out.push('Arithmetic:');
    for (const l of r.arithmetic) out.push(`  ${B(l.bytes).padStart(10)}  ${l.label}${at(l.line)}`);
    out.push(`  systemReserved.memory = ${B(r.systemReservedBytes)}, kubeReserved.memory = ${B(r.kubeReservedBytes)} (rounded up to 128 MiB), evictionHard memory.available = ${B(r.evictionHardBytes)}`);
    if (r.projected) out.push(`  With it: allocatable ${B(r.projected.allocatableBytes)}; with pods filling allocatable, memory.available ${B(r.projected.availableWhenFullBytes)}, ${B(r.projected.evictionDistanceBytes)} above the hard threshold`);
    out.push(`Based on: ${r.basedOn.join('; ')}.`);
    for (const u of r.unknown) out.push(`Not known: ${u}.`);
  }
  if (k.advice.vfsCachePressure) out.push('', `vm.vfs_cache_pressure: ${k.advice.vfsCachePressure.text}`);
  if (k.advice.memoryQos) out.push('', `memory.high / MemoryQoS (${k.advice.memoryQos.pods.join(', ')}): ${k.advice.memoryQos.text}`);
  return out;
}
