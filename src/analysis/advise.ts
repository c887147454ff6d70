/**
 * Advice a platform engineer can apply (issue 11 §3), sized from what the
 * capture shows and saying what it is based on and what it does not know.
 * Advice is text and numbers only: nothing here edits a file.
 *
 * - A kubelet reservation: systemReserved covers the kernel memory no pod is
 *   charged for (plus its growth over a horizon when a series shows growth),
 *   kubeReserved the kubelet's and runtime's working sets; evictionHard keeps
 *   the configured value or the kubelet's default (100Mi). Rounded up to
 *   128 MiB steps. Allocatable = capacity − both − evictionHard
 *   (pkg/kubelet/cm/node_container_manager_linux.go).
 * - vm.vfs_cache_pressure when dentry and inode caches dominate slab and grow
 *   (Documentation/admin-guide/sysctl/vm.rst: above 100 reclaim prefers them).
 * - memory.high through MemoryQoS where pods reach their limits through page
 *   cache (KEP-2570; memory.high = requests + memoryThrottlingFactor ×
 *   (limits − requests), pkg/kubelet/kuberuntime/kuberuntime_container_linux.go).
 */
import type { Series } from './series';
import { trendOf } from './trend';
import type { NodeReconciliation } from './reconcile';
import type { SlabMetrics } from './slabMetrics';
import { formatBytes as B } from '../humanFormat';

const MI = 1024 * 1024;
const STEP = 128 * MI;
const DAY = 86_400_000;
export const DEFAULT_HORIZON_DAYS = 30;

export interface ArithmeticLine { label: string; bytes: number; line?: number }

export interface ReservationAdvice {
  systemReservedBytes: number;
  kubeReservedBytes: number;
  evictionHardBytes: number;
  /** The KubeletConfiguration snippet, ready to paste. */
  snippet: string;
  /** Each term and where it came from. */
  arithmetic: ArithmeticLine[];
  basedOn: string[];
  unknown: string[];
  /** Allocatable with the advice applied, and the eviction distance when pods fill it. */
  projected?: { allocatableBytes: number; availableWhenFullBytes: number; evictionDistanceBytes: number };
}

export interface Advice {
  reservation?: ReservationAdvice;
  vfsCachePressure?: { text: string; line?: number };
  memoryQos?: { text: string; pods: string[]; line?: number };
}

const roundUp = (b: number) => Math.max(STEP, Math.ceil(b / STEP) * STEP);
const mi = (b: number) => `${Math.round(b / MI)}Mi`;

/** Growth per day of a bytes track, when the series shows a significant rise (Mann–Kendall z ≥ 1.96). */
export function growthPerDay(series: Series[], trackId: string): { bytesPerDay: number; points: number; line?: number } | undefined {
  for (const s of series) {
    if (!s.timed) continue;
    const t = s.tracks.find((x) => x.id === trackId);
    if (!t || t.length < 3 || !t.time) continue;
    const tr = trendOf(t.time, t.value);
    if (tr && tr.z >= 1.96 && tr.slope > 0) return { bytesPerDay: tr.slope * DAY, points: t.length, line: t.line[t.length - 1] };
  }
  return undefined;
}

export function adviseReservation(r: NodeReconciliation, series: Series[], horizonDays = DEFAULT_HORIZON_DAYS): ReservationAdvice | undefined {
  const cap = r.capacity?.bytes;
  const obs = r.observedSystem;
  if (cap === undefined || !obs || obs.kernelBytes === undefined) return undefined;
  const arithmetic: ArithmeticLine[] = [];
  const basedOn: string[] = [];
  const unknown: string[] = [];
  arithmetic.push({ label: 'kernel memory no pod is charged for (SUnreclaim + KernelStack + PageTables + Percpu)', bytes: obs.kernelBytes });
  basedOn.push(`the node's /proc/meminfo (kernel memory ${B(obs.kernelBytes)})`);
  const g = growthPerDay(series, 'meminfo:SUnreclaim');
  let growth = 0;
  if (g) {
    growth = g.bytesPerDay * horizonDays;
    arithmetic.push({ label: `SUnreclaim growth over ${horizonDays} days (${B(g.bytesPerDay)}/day over ${g.points} captures)`, bytes: growth, line: g.line });
    basedOn.push(`a series of ${g.points} captures in which SUnreclaim grows`);
  } else unknown.push(`growth: no timed series shows kernel memory growing, so nothing is added for the next ${horizonDays} days`);
  const systemReserved = roundUp(obs.kernelBytes + growth);
  let kube = 0;
  if (obs.daemonsBytes !== undefined) {
    kube = obs.daemonsBytes;
    arithmetic.push({ label: 'kubelet + container runtime working sets (Summary API system containers)', bytes: kube });
    basedOn.push('the kubelet Summary API\'s system containers');
  } else unknown.push('the kubelet\'s and the container runtime\'s memory: the capture has no Summary API (kubectl get --raw /api/v1/nodes/NODE/proxy/stats/summary); kubeReserved is the smallest step until it is known');
  const kubeReserved = roundUp(kube);
  const hard = r.eviction?.thresholds.find((t) => t.kind === 'hard');
  const evictionHard = hard?.bytes ?? 100 * MI;
  if (!hard || hard.isDefault) unknown.push('evictionHard: not configured in the capture, so the kubelet\'s default memory.available<100Mi is kept');
  const allocatableBytes = cap - systemReserved - kubeReserved - evictionHard;
  // Pods filling the new allocatable leave what was reserved; the kernel and daemons take what they were seen to take.
  const availableWhenFull = cap - allocatableBytes - obs.totalBytes - growth;
  const projected = { allocatableBytes, availableWhenFullBytes: availableWhenFull, evictionDistanceBytes: availableWhenFull - evictionHard };
  if (allocatableBytes <= 0) unknown.push(`the kernel and daemons seen need more than the node has (${B(cap)}): no reservation leaves room for pods; the node is too small or the kernel memory is a leak to fix first`);
  const evictionRaw = hard && !hard.isDefault ? hard.raw : mi(evictionHard);
  const snippet = [
    'apiVersion: kubelet.config.k8s.io/v1beta1',
    'kind: KubeletConfiguration',
    'systemReserved:',
    `  memory: ${mi(systemReserved)}`,
    'kubeReserved:',
    `  memory: ${mi(kubeReserved)}`,
    'evictionHard:',
    `  memory.available: ${evictionRaw}`,
    '',
  ].join('\n');
  return { systemReservedBytes: systemReserved, kubeReservedBytes: kubeReserved, evictionHardBytes: evictionHard, snippet, arithmetic, basedOn, unknown, projected };
}

const DENTRY_INODE = /^(dentry|.*inode_cache|inode_cache|ext4_inode_cache|xfs_inode|btrfs_inode|proc_inode_cache|shmem_inode_cache|sock_inode_cache|nfs_inode_cache|ovl_inode)$/;

/** vm.vfs_cache_pressure, when dentry and inode caches are most of slab and a series shows them growing. */
export function adviseVfsCachePressure(slab: SlabMetrics | undefined, series: Series[]): Advice['vfsCachePressure'] {
  if (!slab || !slab.totalSlabBytes) return undefined;
  const di = slab.caches.filter((c) => DENTRY_INODE.test(c.name));
  const bytes = di.reduce((t, c) => t + c.slabBytes, 0);
  if (bytes / slab.totalSlabBytes < 0.5) return undefined;
  const grows = growthPerDay(series, 'meminfo:SReclaimable') ?? growthPerDay(series, 'slab:dentry');
  if (!grows) return undefined;
  return {
    text: `Dentry and inode caches hold ${B(bytes)}, ${Math.round((bytes / slab.totalSlabBytes) * 100)} % of slab, and reclaimable slab grows ${B(grows.bytesPerDay)}/day. They are reclaimable, but reclaim frees page cache first: vm.vfs_cache_pressure=200 (default 100) makes it take dentries and inodes sooner. Look for what creates them (short-lived files, negative dentries from lookups of missing paths) before tuning.`,
    line: di.sort((a, b) => b.slabBytes - a.slabBytes)[0]?.line,
  };
}

/** MemoryQoS (memory.high below the limit) for pods whose working set near the limit is mostly page cache. */
export function adviseMemoryQos(r: NodeReconciliation): Advice['memoryQos'] {
  const pods = r.pods.filter((p) => (p.limitShare ?? 0) >= 0.8 && (p.cacheShare ?? 0) >= 0.5);
  if (!pods.length) return undefined;
  return {
    text: `${pods.length} pod${pods.length === 1 ? '' : 's'} near ${pods.length === 1 ? 'its' : 'their'} limit hold mostly page cache and kernel memory (working set − RSS ≥ 50 %): reclaim at the limit is what they wait on, and a kill can follow. On cgroup v2, the MemoryQoS feature gate sets memory.high = requests + memoryThrottlingFactor (0.9) × (limits − requests), so the kernel throttles and reclaims before the limit. Otherwise raise the limit, or make the app write less page cache (O_DIRECT, fadvise).`,
    pods: pods.map((p) => p.key),
    line: pods[0].workingSetLine,
  };
}
