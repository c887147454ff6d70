/**
 * The kubelet's node memory numbers, computed the way the kubelet gets them:
 * cAdvisor reads the root cgroup through the runtime's cgroup library, and the
 * eviction manager subtracts the working set from capacity.
 *
 * - Working set = usage − inactive_file, floored at 0
 *   (google/cadvisor container/libcontainer/handler.go, setMemoryStats:
 *   `total_inactive_file` on v1, `inactive_file` on v2).
 * - memory.available = capacity (MemTotal) − working set
 *   (kubernetes pkg/kubelet/eviction/helpers.go, makeSignalObservations).
 * - Root usage on cgroup v2, where the root has no memory.current:
 *   opencontainers/cgroups fs2/memory.go rootStatsFromMeminfo (runc ≥ 1.2)
 *   sums memory.stat `anon + file`; runc 1.0–1.1 (libcontainer/cgroups/fs2,
 *   statsFromMeminfo) used MemTotal − MemFree from /proc/meminfo.
 * - Root usage on cgroup v1: memory.usage_in_bytes, which at the root is
 *   rss + cache (mm/memcontrol.c mem_cgroup_usage for the root memcg).
 */
import type { KeyValueSection } from '../model';
import { bytesOf } from './fields';

export type KubeletFormula = 'runc-1.2' | 'runc-1.0' | 'v1-usage' | 'v1-stat';

export interface KubeletNodeEstimate {
  formula: KubeletFormula;
  /** What the formula is, in words, for hovers and reports. */
  label: string;
  usageBytes: number;
  inactiveFileBytes: number;
  workingSetBytes: number;
  /** MemTotal − working set: the eviction signal. */
  availableBytes: number;
  /** Where the inputs came from. */
  from: 'root memory.stat' | 'root memory.usage_in_bytes' | 'meminfo (estimate of the root memory.stat)';
}

export interface KubeletNodeMemory extends KubeletNodeEstimate {
  cgroupVersion: 'v1' | 'v2' | 'unknown';
  /** The other runtime's formula, where it gives a different number (v2: runc 1.0–1.1 against ≥ 1.2). */
  alternative?: KubeletNodeEstimate;
}

const FORMULA_LABEL: Record<KubeletFormula, string> = {
  'runc-1.2': 'root usage = memory.stat anon + file (cgroup v2, runc ≥ 1.2 / opencontainers/cgroups)',
  'runc-1.0': 'root usage = MemTotal − MemFree (cgroup v2, runc 1.0–1.1)',
  'v1-usage': 'root usage = memory.usage_in_bytes (cgroup v1)',
  'v1-stat': 'root usage = total_rss + total_cache (cgroup v1, memory.stat)',
};

const estimate = (formula: KubeletFormula, usage: number, inactive: number, total: number, from: KubeletNodeEstimate['from']): KubeletNodeEstimate => {
  const ws = Math.max(0, usage - inactive);
  return { formula, label: FORMULA_LABEL[formula], usageBytes: usage, inactiveFileBytes: inactive, workingSetBytes: ws, availableBytes: total - ws, from };
};

export interface RootCgroupInputs {
  stat?: KeyValueSection;
  /** v1 memory.usage_in_bytes of the root, when captured. */
  usageInBytes?: number;
}

/**
 * The node's working set and memory.available as the kubelet computes them.
 * Undefined when the inputs are absent (no MemTotal, or neither a root
 * memory.stat nor the meminfo keys that stand in for it).
 */
export function kubeletNodeMemory(meminfo: KeyValueSection | undefined, root: RootCgroupInputs = {}): KubeletNodeMemory | undefined {
  const total = bytesOf(meminfo, 'MemTotal');
  if (!total) return undefined;
  const free = bytesOf(meminfo, 'MemFree');
  const stat = root.stat;
  if (stat && stat.variant === 'v1') {
    const inactive = bytesOf(stat, 'total_inactive_file') ?? bytesOf(stat, 'inactive_file');
    if (inactive === undefined) return undefined;
    if (root.usageInBytes !== undefined) return { cgroupVersion: 'v1', ...estimate('v1-usage', root.usageInBytes, inactive, total, 'root memory.usage_in_bytes') };
    const rss = bytesOf(stat, 'total_rss') ?? bytesOf(stat, 'rss'); const cache = bytesOf(stat, 'total_cache') ?? bytesOf(stat, 'cache');
    if (rss === undefined || cache === undefined) return undefined;
    return { cgroupVersion: 'v1', ...estimate('v1-stat', rss + cache, inactive, total, 'root memory.stat') };
  }
  let main: KubeletNodeEstimate | undefined;
  let version: KubeletNodeMemory['cgroupVersion'] = 'unknown';
  let inactive: number | undefined;
  if (stat) {
    const anon = bytesOf(stat, 'anon'); const file = bytesOf(stat, 'file');
    inactive = bytesOf(stat, 'inactive_file');
    if (anon !== undefined && file !== undefined && inactive !== undefined) { main = estimate('runc-1.2', anon + file, inactive, total, 'root memory.stat'); version = 'v2'; }
  }
  if (!main) {
    // Without the root memory.stat, meminfo stands in for it: anon = AnonPages
    // (NR_ANON_MAPPED), file = Cached + Buffers + SwapCached (NR_FILE_PAGES,
    // fs/proc/meminfo.c), inactive_file = Inactive(file).
    const anon = bytesOf(meminfo, 'AnonPages'); const cached = bytesOf(meminfo, 'Cached'); const buffers = bytesOf(meminfo, 'Buffers');
    inactive = bytesOf(meminfo, 'Inactive(file)');
    if (anon === undefined || cached === undefined || buffers === undefined || inactive === undefined) return undefined;
    main = estimate('runc-1.2', anon + cached + buffers + (bytesOf(meminfo, 'SwapCached') ?? 0), inactive, total, 'meminfo (estimate of the root memory.stat)');
  }
  const out: KubeletNodeMemory = { cgroupVersion: version, ...main };
  if (free !== undefined && inactive !== undefined) {
    const alt = estimate('runc-1.0', total - free, inactive, total, main.from);
    if (alt.workingSetBytes !== main.workingSetBytes) out.alternative = alt;
  }
  return out;
}
