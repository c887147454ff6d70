/**
 * A cgroup's memory from memory.stat and the one-value files beside it:
 * usage, working set (what `kubectl top` and the kubelet use), limit.
 * Formulas: cgroup-v2.rst, cgroup-v1/memory.rst, cAdvisor (facts App. D).
 */
import type { KeyValueSection } from '../model';
import { bytesOf, sum } from './fields';

export interface CgroupPart { key: string; label: string; bytes: number; from: string[] }

export interface CgroupMetrics {
  variant: 'v1' | 'v2';
  usageBytes: number;
  /** True when usage came from memory.current / usage_in_bytes; false when approximated from memory.stat. */
  usageExact: boolean;
  /** False when nothing gives the usage (no memory.current, none of rss/cache or anon/file): usageBytes is no number to show. */
  usageKnown: boolean;
  /** False when inactive_file is not in the capture: the working set (usage − inactive_file) is then unknown, not the usage. */
  workingSetKnown: boolean;
  usageFrom: string;
  inactiveFileBytes: number;
  workingSetBytes: number;
  limitBytes?: number;
  /** Where the capture says this cgroup has no limit (memory.max, hierarchical_memory_limit); absent when it does not say. */
  noLimitFrom?: string;
  highBytes?: number;
  peakBytes?: number;
  anonBytes: number;
  fileBytes: number;
  shmemBytes: number;
  /** v1 without a shmem key: shmem estimated as the anonymous LRU pages that are not rss (tmpfs pages sit there). */
  shmemEstimated?: boolean;
  activeFileBytes: number;
  /** `kernel`, or the sum of its parts where absent. */
  kernelBytes: number;
  breakdown: CgroupPart[];
}

/** One-value files that belong with a memory.stat (same directory, or the only ones). */
export interface CgroupValues {
  current?: number;
  max?: number;
  /** The file that says there is no limit (memory.max `max`, v1's unlimited sentinel), when one does. */
  maxUnlimitedIn?: string;
  /** memory.current (or usage_in_bytes) reads 2^64 − N: a counter below zero, so the usage is unknown. */
  currentBelowZeroIn?: string;
  high?: number;
  peak?: number;
}

export function cgroupMetrics(s: KeyValueSection, values: CgroupValues = {}): CgroupMetrics {
  const v1 = s.variant === 'v1';
  const b = (k: string) => bytesOf(s, k) ?? 0;
  // v1: prefer the hierarchical total_* keys (cAdvisor does with use_hierarchy).
  const h = (k: string) => (v1 ? bytesOf(s, `total_${k}`) ?? b(k) : b(k));
  let usage: number; let usageFrom: string; let usageExact = false;
  const anon = v1 ? h('rss') : b('anon');
  const file = v1 ? h('cache') : b('file');
  // v1 before shmem was in memory.stat (4.x): tmpfs pages are charged as cache but live on the anonymous LRU
  // lists, so anon LRU − rss is (at most) their size (mm/shmem.c adds them to the anon LRU, cache counts them).
  const anonLru = h('active_anon') + h('inactive_anon');
  const shmemEstimated = v1 && bytesOf(s, 'shmem') === undefined && bytesOf(s, 'total_shmem') === undefined && anonLru - (v1 ? h('rss') : 0) >= Math.max(64 * 2 ** 20, 0.05 * h('cache'));
  const shmem = shmemEstimated ? Math.min(anonLru - h('rss'), h('cache')) : h('shmem');
  const slab = bytesOf(s, 'slab') ?? b('slab_reclaimable') + b('slab_unreclaimable');
  // `kernel` (5.18+, mm/memcontrol.c memory_stat_format) holds slab, stacks, page tables, per-CPU and vmalloc,
  // not sockets, which are charged beside it. Older kernels: the sum of those parts.
  const kernel = v1 ? 0 : bytesOf(s, 'kernel') ?? sum(slab, b('kernel_stack'), b('pagetables'), b('sec_pagetables'), b('percpu'), b('vmalloc'));
  const sock = v1 ? 0 : b('sock');
  if (values.current !== undefined && Number.isFinite(values.current)) { usage = values.current; usageFrom = v1 ? 'memory.usage_in_bytes' : 'memory.current'; usageExact = true; }
  else if (v1) { usage = anon + file; usageFrom = `approximate: total_rss + total_cache, ${values.currentBelowZeroIn ? `${values.currentBelowZeroIn} reads below zero` : 'no memory.usage_in_bytes in the capture'}`; }
  else { usage = anon + file + kernel + sock; usageFrom = `approximate: anon + file + kernel + sock, ${values.currentBelowZeroIn ? `${values.currentBelowZeroIn} reads below zero` : 'no memory.current in the capture'}`; }
  const inactiveFile = h('inactive_file');
  const has = (...keys: string[]) => keys.some((k) => s.byKey[k] !== undefined);
  const usageKnown = usageExact || (v1 ? has('rss', 'total_rss', 'cache', 'total_cache') : has('anon', 'file'));
  const workingSetKnown = usageKnown && has('inactive_file', 'total_inactive_file');
  const limitFromStat = v1 ? s.byKey.hierarchical_memory_limit : undefined;
  let limit = values.max;
  if (limit === undefined && limitFromStat && !limitFromStat.unlimited && Number.isFinite(limitFromStat.value)) limit = limitFromStat.value;
  const breakdown: CgroupPart[] = v1
    ? [
        { key: 'anon', label: 'Anonymous (rss)', bytes: anon, from: ['total_rss', 'rss'] },
        { key: 'pageCache', label: 'Page cache (without shmem)', bytes: Math.max(0, file - shmem), from: ['total_cache', 'total_shmem'] },
        { key: 'shmem', label: shmemEstimated ? 'Shmem / tmpfs (estimated: anon LRU − rss)' : 'Shmem / tmpfs', bytes: shmem, from: shmemEstimated ? ['total_active_anon', 'total_inactive_anon', 'total_rss'] : ['total_shmem', 'shmem'] },
      ]
    : [
        { key: 'anon', label: 'Anonymous', bytes: anon, from: ['anon'] },
        { key: 'pageCache', label: 'Page cache (without shmem)', bytes: Math.max(0, file - shmem), from: ['file', 'shmem'] },
        { key: 'shmem', label: 'Shmem / tmpfs', bytes: shmem, from: ['shmem'] },
        { key: 'slab', label: 'Slab', bytes: slab, from: ['slab_reclaimable', 'slab_unreclaimable'] },
        { key: 'kernelOther', label: 'Kernel stacks, page tables, other', bytes: Math.max(0, kernel - slab), from: ['kernel', 'kernel_stack', 'pagetables', 'percpu', 'vmalloc'] },
        { key: 'sock', label: 'Socket buffers', bytes: sock, from: ['sock'] },
      ];
  const accounted = breakdown.reduce((t, p) => t + p.bytes, 0);
  if (usageExact && usage > accounted) breakdown.push({ key: 'other', label: 'Other', bytes: usage - accounted, from: [] });
  return {
    variant: v1 ? 'v1' : 'v2', usageBytes: usage, usageExact, usageKnown, workingSetKnown, usageFrom, inactiveFileBytes: inactiveFile,
    workingSetBytes: Math.max(0, usage - inactiveFile), limitBytes: limit !== undefined && Number.isFinite(limit) ? limit : undefined,
    ...(limit === undefined && (values.maxUnlimitedIn || limitFromStat?.unlimited) ? { noLimitFrom: values.maxUnlimitedIn ?? 'hierarchical_memory_limit' } : {}),
    highBytes: values.high !== undefined && Number.isFinite(values.high) ? values.high : undefined,
    peakBytes: values.peak, anonBytes: anon, fileBytes: file, shmemBytes: shmem, ...(shmemEstimated ? { shmemEstimated } : {}), activeFileBytes: h('active_file'), kernelBytes: kernel, breakdown,
  };
}
