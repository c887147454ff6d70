/**
 * The Kubernetes side reconciled with the kernel's (issue 11 §2): one
 * breakdown of MemTotal, what `kubectl top node` printed and why it differs
 * from MemTotal − MemAvailable, the eviction distance, allocatable, and each
 * pod's working set against its limit.
 *
 * Sources of the arithmetic:
 * - kubectl top node prints the node's working set from metrics-server (the
 *   kubelet's Summary API node.memory.workingSetBytes); MEMORY% is of the
 *   node's allocatable unless --show-capacity (kubernetes/kubectl
 *   pkg/cmd/top/top_node.go, pkg/metricsutil/metrics_printer.go).
 * - memory.available = capacity − working set, capacity = MemTotal
 *   (kubernetes pkg/kubelet/eviction/helpers.go makeSignalObservations;
 *   cAdvisor machine info reads MemTotal).
 * - allocatable = capacity − kubeReserved − systemReserved − evictionHard
 *   (kubernetes pkg/kubelet/cm/node_container_manager_linux.go
 *   GetNodeAllocatableAbsolute / getNodeAllocatableInternal).
 * - The kubelet's default hard threshold is memory.available < 100Mi
 *   (pkg/kubelet/apis/config/v1beta1/defaults_linux.go DefaultEvictionHard).
 */
import type { K8sValue } from '../model';
import type { KubernetesWorld, PodView } from '../world/kubernetes';
import { bytesOf } from './fields';
import type { MeminfoMetrics } from './meminfoMetrics';
import type { KeyValueSection } from '../model';

const MI = 1024 * 1024;
export const DEFAULT_EVICTION_HARD_BYTES = 100 * MI;

export interface Traced { bytes: number; line?: number; from: string }

export interface BreakdownBucket {
  id: 'pods' | 'system' | 'charged-other' | 'kernel' | 'page-cache' | 'free';
  label: string;
  bytes: number;
  /** How the number was got, for hovers. */
  how: string;
  line?: number;
}

export interface EvictionThreshold {
  kind: 'hard' | 'soft';
  raw: string;
  bytes: number;
  line?: number;
  /** Not configured in the capture: the kubelet's default. */
  isDefault?: boolean;
  gracePeriod?: string;
  /** memory.available − threshold. Negative: the threshold is crossed. */
  distanceBytes?: number;
}

export interface PodStanding extends PodView {
  /** workingSetBytes / limitsBytes. */
  limitShare?: number;
  /** (working set − RSS) / working set: active page cache and kernel memory charged to the pod. */
  cacheShare?: number;
}

export interface NodeReconciliation {
  nodeName?: string;
  capacity?: Traced;
  memTotalBytes?: number;
  /** What `kubectl top node` printed for this node. */
  kubectlTop?: { bytes: number; percent?: number; line: number; name: string; allocatableImpliedBytes?: number };
  /** The node's working set the kubelet reports, else kubectl top's, else the kernel-side formula's. */
  workingSet?: Traced & { formula?: string };
  /** The kubelet formula that matches the reported working set, when the kernel side is there to tell. */
  formulaMatched?: string;
  /** MemTotal − MemAvailable: what the kernel says is not available. */
  kernelUsedBytes?: number;
  /** kernelUsed − working set: memory in use that kubectl top does not show (negative: it shows more). */
  hiddenBytes?: number;
  /** The parts of that difference, each with its source. */
  why: { label: string; bytes: number }[];
  unreclaimableKernelBytes?: number;
  /** Adds up to MemTotal when present. */
  breakdown?: BreakdownBucket[];
  /** Different moments or runtimes: the two sides disagree beyond what the formulas explain. */
  notes: string[];
  eviction?: { available: Traced; thresholds: EvictionThreshold[] };
  allocatable?: {
    capacityBytes: number;
    systemReservedBytes?: number;
    kubeReservedBytes?: number;
    evictionHardBytes: number;
    /** capacity − systemReserved − kubeReserved − evictionHard, when the config is there. */
    computedBytes?: number;
    /** status.allocatable.memory, or what kubectl top's MEMORY% implies. */
    reported?: Traced;
  };
  /** capacity − allocatable − evictionHard: what the node keeps for the kernel and system daemons. */
  reservedBytes?: number;
  /** Kernel memory no pod is charged for plus the system daemons', as observed. */
  observedSystem?: { kernelBytes?: number; daemonsBytes?: number; totalBytes: number; daemonsKnown: boolean };
  pods: PodStanding[];
  /** describe node's Allocated resources (memory limits and requests, and their percent of allocatable). */
  allocated?: { line: number; requestsBytes?: number; requestsPercent?: number; limitsBytes?: number; limitsPercent?: number };
  memoryPressure?: { status: string; line: number };
}

const finite = (x: number | undefined): x is number => x !== undefined && Number.isFinite(x);

/** A threshold value (`100Mi` or `10%`) in bytes against capacity. */
export function thresholdBytes(v: K8sValue | undefined, capacity: number | undefined): number | undefined {
  if (!v) return undefined;
  if (finite(v.bytes)) return v.bytes;
  if (finite(v.percent) && capacity !== undefined) return Math.round((capacity * v.percent) / 100);
  return undefined;
}

export function reconcileNode(k: KubernetesWorld, mm: (MeminfoMetrics & { section: number }) | undefined, meminfo: KeyValueSection | undefined): NodeReconciliation {
  const r: NodeReconciliation = { why: [], notes: [], pods: [] };
  const node = k.node;
  // Which row of a kubectl top node table is this node: the one the Summary API or describe names, the host
  // the kernel side's prompt names, or the only row. Several rows and no name: none (the sides cannot be paired).
  const host = meminfo?.host;
  const byHost = host ? k.topNodes.find((t) => t.row.name === host || t.row.name.split('.')[0] === host.split('.')[0]) : undefined;
  r.nodeName = k.summary?.nodeName ?? node?.nodeName ?? byHost?.row.name ?? (k.topNodes.length === 1 ? k.topNodes[0].row.name : undefined);
  const topRow = (r.nodeName ? k.topNodes.find((t) => t.row.name === r.nodeName) : undefined) ?? (k.topNodes.length === 1 ? k.topNodes[0] : undefined);
  if (!topRow && k.topNodes.length > 1) r.notes.push(`kubectl top node lists ${k.topNodes.length} nodes and nothing says which one the kernel files come from (no Summary API or describe node, no host in a prompt): its rows are not paired with them.`);
  if (topRow?.row.memory && finite(topRow.row.memory.bytes)) {
    const pct = topRow.row.memoryPercent;
    r.kubectlTop = { bytes: topRow.row.memory.bytes, percent: pct, line: topRow.row.line, name: topRow.row.name };
    // MEMORY% = working set ÷ allocatable (integer percent): allocatable is implied to within half a percent.
    if (pct && pct > 0) r.kubectlTop.allocatableImpliedBytes = Math.round(topRow.row.memory.bytes / (pct / 100));
  }
  const total = mm?.totalBytes;
  r.memTotalBytes = total;
  const capDescribed = node?.capacity.memory;
  if (capDescribed && finite(capDescribed.bytes)) r.capacity = { bytes: capDescribed.bytes, line: capDescribed.line, from: 'node capacity.memory' };
  else if (total) r.capacity = { bytes: total, line: meminfo?.byKey.MemTotal?.line, from: 'MemTotal (the kubelet reads its capacity from it)' };
  // The kubelet computes availableBytes as capacity − workingSetBytes: their sum is the capacity it used.
  else if (k.summary?.node && finite(k.summary.node.availableBytes) && finite(k.summary.node.workingSetBytes)) r.capacity = { bytes: k.summary.node.availableBytes + k.summary.node.workingSetBytes, line: k.summary.node.line, from: 'Summary API availableBytes + workingSetBytes' };

  // The working set: the kubelet's own number wins; kubectl top prints the same number, later; the formula is the fallback.
  const sn = k.summary?.node;
  if (sn && finite(sn.workingSetBytes)) r.workingSet = { bytes: sn.workingSetBytes, line: sn.spans.workingSetBytes?.line ?? sn.line, from: k.summary?.variant === 'cadvisor' ? 'cAdvisor container_memory_working_set_bytes{id="/"}' : 'Summary API node.memory.workingSetBytes' };
  else if (r.kubectlTop) r.workingSet = { bytes: r.kubectlTop.bytes, line: r.kubectlTop.line, from: 'kubectl top node MEMORY(bytes)' };
  else if (mm?.kubelet) r.workingSet = { bytes: mm.kubelet.workingSetBytes, line: meminfo?.byKey.MemTotal?.line, from: `kernel side, ${mm.kubelet.label}`, formula: mm.kubelet.label };

  if (mm && total) {
    if (finite(mm.availableBytes)) r.kernelUsedBytes = total - mm.availableBytes;
    r.unreclaimableKernelBytes = mm.unreclaimableKernelBytes;
    const reported = r.workingSet && !r.workingSet.formula ? r.workingSet.bytes : undefined;
    if (reported !== undefined && mm.kubelet) r.formulaMatched = matchFormula(reported, mm, total);
    if (r.workingSet && r.kernelUsedBytes !== undefined) explainDifference(r, mm, meminfo, r.workingSet.bytes);
    r.breakdown = breakdown(r, k, mm, meminfo, total);
  }

  eviction(r, k);
  allocatable(r, k);
  systemObserved(r, k);
  r.pods = [...k.pods.values()].map(standing).sort((a, b) => (b.workingSetBytes ?? -1) - (a.workingSetBytes ?? -1));
  const al = node?.allocated;
  if (al) r.allocated = { line: al.line, requestsBytes: al.requests?.bytes, requestsPercent: al.requestsPercent, limitsBytes: al.limits?.bytes, limitsPercent: al.limitsPercent };
  const mp = node?.conditions.find((c) => c.type === 'MemoryPressure');
  if (mp) r.memoryPressure = { status: mp.status, line: mp.line };
  return r;
}

/** Which runtime's formula gives the working set the kubelet reported (within 2 % of MemTotal). */
function matchFormula(reported: number, mm: MeminfoMetrics, total: number): string | undefined {
  const cands = [mm.kubelet!, mm.kubelet!.alternative].filter((x): x is NonNullable<typeof x> => !!x);
  const best = cands.map((c) => ({ c, d: Math.abs(c.workingSetBytes - reported) })).sort((a, b) => a.d - b.d)[0];
  return best && best.d <= 0.02 * total ? best.c.label : undefined;
}

/**
 * Why MemTotal − MemAvailable and the working set differ: the working set leaves out kernel memory
 * (under runc ≥ 1.2's formula) and counts active page cache, which MemAvailable counts as available.
 */
function explainDifference(r: NodeReconciliation, mm: MeminfoMetrics, meminfo: KeyValueSection | undefined, ws: number): void {
  const used = r.kernelUsedBytes!;
  r.hiddenBytes = used - ws;
  const activeFile = bytesOf(meminfo, 'Active(file)');
  const kernelOut = mm.unreclaimableKernelBytes;
  const kernelCounted = r.formulaMatched?.includes('MemTotal − MemFree');
  if (kernelOut !== undefined && !kernelCounted) r.why.push({ label: 'kernel memory the working set leaves out (SUnreclaim, kernel stacks, page tables, per-CPU)', bytes: kernelOut });
  if (activeFile !== undefined) r.why.push({ label: 'active page cache the working set counts, which MemAvailable counts as available', bytes: -activeFile });
  const explained = r.why.reduce((t, x) => t + x.bytes, 0);
  // Without the kernel's own lines the difference cannot be split: say what would place it, not a guess.
  r.why.push(kernelOut === undefined
    ? { label: 'not placed: kernel memory and whatever else the working set leaves out (the capture lacks SUnreclaim, KernelStack and PageTables, which would place it)', bytes: r.hiddenBytes - explained }
    : { label: 'the rest: reclaimable slab, watermarks MemAvailable holds back, and the two sides being read at different times', bytes: r.hiddenBytes - explained });
}

function breakdown(r: NodeReconciliation, k: KubernetesWorld, mm: MeminfoMetrics, meminfo: KeyValueSection | undefined, total: number): BreakdownBucket[] | undefined {
  const free = mm.freeBytes;
  const inactive = bytesOf(meminfo, 'Inactive(file)');
  const ws = r.workingSet?.bytes;
  if (free === undefined || inactive === undefined || ws === undefined) return undefined;
  const out: BreakdownBucket[] = [];
  const podsSc = k.summary?.systemContainers.find((c) => c.name === 'pods');
  const podSum = r.workingSet && [...k.pods.values()].every((p) => p.workingSetBytes !== undefined) && k.pods.size ? [...k.pods.values()].reduce((t, p) => t + p.workingSetBytes!, 0) : undefined;
  const pods = podsSc?.memory?.workingSetBytes ?? podSum;
  const daemons = ['kubelet', 'runtime'].map((n) => k.summary?.systemContainers.find((c) => c.name === n)?.memory?.workingSetBytes);
  const daemonBytes = daemons.every(finite) ? (daemons as number[]).reduce((t, x) => t + x, 0) : undefined;
  let inWs = ws;
  if (pods !== undefined) {
    const b = Math.min(pods, inWs);
    out.push({ id: 'pods', label: 'pods (working sets)', bytes: b, how: podsSc?.memory?.workingSetBytes !== undefined ? 'Summary API system container "pods" (the kubepods cgroup)' : `sum of ${k.pods.size} pods' working sets (${[...k.pods.values()][0].workingSetFrom})`, line: podsSc?.memory?.spans.workingSetBytes?.line ?? podsSc?.line });
    inWs -= b;
  }
  if (daemonBytes !== undefined) {
    const b = Math.min(daemonBytes, inWs);
    out.push({ id: 'system', label: 'kubelet and container runtime', bytes: b, how: 'Summary API system containers "kubelet" + "runtime"', line: k.summary?.systemContainers.find((c) => c.name === 'kubelet')?.line });
    inWs -= b;
  }
  out.push({ id: 'charged-other', label: pods === undefined ? 'the node\'s working set (pods and system daemons)' : 'other processes in the working set (system.slice, the rest)', bytes: Math.max(0, inWs), how: `${r.workingSet!.from}${pods !== undefined ? ' minus the parts above' : ''}`, line: r.workingSet!.line });
  out.push({ id: 'page-cache', label: 'reclaimable page cache (inactive file, outside every working set)', bytes: inactive, how: 'meminfo Inactive(file)', line: meminfo?.byKey['Inactive(file)']?.line });
  out.push({ id: 'free', label: 'free', bytes: free, how: 'meminfo MemFree', line: meminfo?.byKey.MemFree?.line });
  const kernel = total - free - inactive - ws;
  if (kernel < 0) r.notes.push(`The working set (${r.workingSet!.from}) plus MemFree and Inactive(file) exceed MemTotal by ${Math.round(-kernel / MI)} MiB: the two sides were read at different times, or this is another node.`);
  out.push({ id: 'kernel', label: 'kernel memory the kubelet does not charge', bytes: Math.max(0, kernel), how: `MemTotal − MemFree − Inactive(file) − working set${r.formulaMatched ? ` (the reported working set matches ${r.formulaMatched})` : ''}`, line: meminfo?.byKey.SUnreclaim?.line ?? meminfo?.byKey.Slab?.line });
  // Clamping keeps every bucket non-negative; shrink the largest so the parts still add up to MemTotal.
  const sum = out.reduce((t, b) => t + b.bytes, 0);
  if (sum !== total) { const big = out.reduce((a, b) => (b.bytes > a.bytes ? b : a)); big.bytes = Math.max(0, big.bytes - (sum - total)); }
  return out;
}

function eviction(r: NodeReconciliation, k: KubernetesWorld): void {
  const cap = r.capacity?.bytes;
  const sn = k.summary?.node;
  let available: Traced | undefined;
  if (sn && finite(sn.availableBytes)) available = { bytes: sn.availableBytes, line: sn.spans.availableBytes?.line ?? sn.line, from: 'Summary API node.memory.availableBytes' };
  else if (cap !== undefined && r.workingSet) available = { bytes: cap - r.workingSet.bytes, line: r.workingSet.line, from: `capacity − working set (${r.workingSet.from})` };
  if (!available) return;
  const cfg = k.config;
  const thresholds: EvictionThreshold[] = [];
  const hard = cfg?.evictionHard['memory.available'];
  const hb = thresholdBytes(hard, cap);
  if (hard && hb !== undefined) thresholds.push({ kind: 'hard', raw: hard.raw, bytes: hb, line: hard.line });
  else if (!cfg || !Object.keys(cfg.evictionHard).length) thresholds.push({ kind: 'hard', raw: '100Mi', bytes: DEFAULT_EVICTION_HARD_BYTES, isDefault: true });
  const soft = cfg?.evictionSoft['memory.available'];
  const sb = thresholdBytes(soft, cap);
  if (soft && sb !== undefined) thresholds.push({ kind: 'soft', raw: soft.raw, bytes: sb, line: soft.line, gracePeriod: cfg?.evictionSoftGracePeriod['memory.available']?.raw });
  for (const t of thresholds) t.distanceBytes = available.bytes - t.bytes;
  r.eviction = { available, thresholds };
}

function allocatable(r: NodeReconciliation, k: KubernetesWorld): void {
  const cap = r.capacity?.bytes;
  if (cap === undefined) return;
  const cfg = k.config;
  const sys = cfg?.systemReserved.memory?.bytes;
  const kube = cfg?.kubeReserved.memory?.bytes;
  const hard = r.eviction?.thresholds.find((t) => t.kind === 'hard')?.bytes ?? thresholdBytes(cfg?.evictionHard['memory.available'], cap) ?? DEFAULT_EVICTION_HARD_BYTES;
  const a: NonNullable<NodeReconciliation['allocatable']> = { capacityBytes: cap, evictionHardBytes: hard };
  if (finite(sys)) a.systemReservedBytes = sys;
  if (finite(kube)) a.kubeReservedBytes = kube;
  if (cfg) a.computedBytes = cap - (a.systemReservedBytes ?? 0) - (a.kubeReservedBytes ?? 0) - hard;
  const al = k.node?.allocatable.memory;
  if (al && finite(al.bytes)) a.reported = { bytes: al.bytes, line: al.line, from: 'node allocatable.memory' };
  // kubectl's MEMORY% is an integer (working set × 100 ÷ allocatable): the quotient is an upper bound, used only when nothing better says.
  else if (r.kubectlTop?.allocatableImpliedBytes && a.computedBytes === undefined) a.reported = { bytes: Math.min(r.kubectlTop.allocatableImpliedBytes, cap), line: r.kubectlTop.line, from: 'at most, implied by kubectl top node (MEMORY(bytes) ÷ MEMORY%)' };
  r.allocatable = a;
  const alloc = a.reported?.bytes ?? a.computedBytes;
  if (alloc !== undefined) r.reservedBytes = Math.max(0, cap - alloc - hard);
}

/** Kernel memory no pod is charged for, plus the kubelet's and runtime's working sets. */
function systemObserved(r: NodeReconciliation, k: KubernetesWorld): void {
  const kernel = r.unreclaimableKernelBytes;
  const d = ['kubelet', 'runtime', 'misc'].map((n) => k.summary?.systemContainers.find((c) => c.name === n)?.memory?.workingSetBytes).filter(finite);
  const daemonsKnown = d.length > 0;
  const daemons = daemonsKnown ? d.reduce((t, x) => t + x, 0) : undefined;
  if (kernel === undefined && daemons === undefined) return;
  r.observedSystem = { kernelBytes: kernel, daemonsBytes: daemons, totalBytes: (kernel ?? 0) + (daemons ?? 0), daemonsKnown };
}

function standing(p: PodView): PodStanding {
  const s: PodStanding = { ...p };
  if (p.workingSetBytes !== undefined && p.limitsBytes) s.limitShare = p.workingSetBytes / p.limitsBytes;
  if (p.workingSetBytes && p.rssBytes !== undefined) s.cacheShare = Math.max(0, (p.workingSetBytes - p.rssBytes) / p.workingSetBytes);
  return s;
}
