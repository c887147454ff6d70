/**
 * Where the memory went, from /proc/meminfo: a breakdown that adds up to
 * MemTotal, the "used" numbers people compare, and what Kubernetes cannot see.
 */
import type { KeyValueSection } from '../model';
import { bytesOf, sum } from './fields';

export interface BreakdownPart {
  key: string;
  label: string;
  bytes: number;
  /** False for memory `kubectl top` and pod metrics never show (kernel memory, hugetlb, unaccounted). */
  visibleToKubernetes: boolean;
  /** meminfo keys the part is computed from (for hovers and links). */
  from: string[];
}

export interface UsedNumbers {
  /** procps free 4.x: MemTotal − MemAvailable. */
  free4?: number;
  /** procps free 3.3: MemTotal − MemFree − Buffers − Cached. */
  free33?: number;
  /** kubelet node working set: root usage − inactive_file (needs memory.stat). */
  kubeletWorkingSet?: number;
  /** kubelet memory.available = MemTotal − working set. */
  kubeletAvailable?: number;
}

export interface MeminfoMetrics {
  totalBytes: number;
  availableBytes?: number;
  freeBytes?: number;
  breakdown: BreakdownPart[];
  used: UsedNumbers;
  /** Slab + KernelStack + PageTables + SecPageTables + Percpu + VmallocUsed. */
  kernelBytes: number;
  /** Bytes `kubectl top` cannot see (kernel memory, hugetlb, unaccounted). */
  invisibleBytes: number;
  /** Unaccounted per the rule catalog's formula (may be negative when counters overlap). */
  unaccountedBytes: number;
}

export function meminfoMetrics(s: KeyValueSection, rootWorkingSet?: number): MeminfoMetrics | undefined {
  const total = bytesOf(s, 'MemTotal');
  if (!total) return undefined;
  const b = (k: string) => bytesOf(s, k) ?? 0;
  const shmem = b('Shmem');
  const hugePages = bytesOf(s, 'HugePages_Total') ?? 0;
  const hugetlb = Math.max(hugePages, b('Hugetlb'));
  const parts: BreakdownPart[] = [
    { key: 'free', label: 'Free', bytes: b('MemFree'), visibleToKubernetes: true, from: ['MemFree'] },
    { key: 'pageCache', label: 'Page cache (without shmem)', bytes: Math.max(0, b('Cached') + b('Buffers') - shmem), visibleToKubernetes: true, from: ['Cached', 'Buffers', 'Shmem'] },
    { key: 'shmem', label: 'Shmem / tmpfs', bytes: shmem, visibleToKubernetes: true, from: ['Shmem'] },
    { key: 'anon', label: 'Anonymous (process memory)', bytes: b('AnonPages'), visibleToKubernetes: true, from: ['AnonPages'] },
    { key: 'swapCached', label: 'Swap cache', bytes: b('SwapCached'), visibleToKubernetes: true, from: ['SwapCached'] },
    { key: 'slabReclaimable', label: 'Slab, reclaimable', bytes: b('SReclaimable'), visibleToKubernetes: false, from: ['SReclaimable'] },
    { key: 'slabUnreclaimable', label: 'Slab, unreclaimable', bytes: b('SUnreclaim'), visibleToKubernetes: false, from: ['SUnreclaim'] },
    { key: 'kernelStack', label: 'Kernel stacks', bytes: b('KernelStack') + b('ShadowCallStack'), visibleToKubernetes: false, from: ['KernelStack'] },
    { key: 'pageTables', label: 'Page tables', bytes: b('PageTables') + b('SecPageTables'), visibleToKubernetes: false, from: ['PageTables', 'SecPageTables'] },
    { key: 'percpu', label: 'Per-CPU allocations', bytes: b('Percpu'), visibleToKubernetes: false, from: ['Percpu'] },
    { key: 'hugetlb', label: 'HugeTLB pool', bytes: hugetlb, visibleToKubernetes: false, from: ['HugePages_Total', 'Hugepagesize', 'Hugetlb'] },
  ];
  const known = parts.reduce((t, p) => t + p.bytes, 0);
  parts.push({ key: 'unaccounted', label: 'Unaccounted (drivers, vmalloc, other)', bytes: Math.max(0, total - known), visibleToKubernetes: false, from: [] });

  const kernelBytes = sum(b('Slab') || b('SReclaimable') + b('SUnreclaim'), b('KernelStack'), b('PageTables'), b('SecPageTables'), b('Percpu'), b('VmallocUsed'));
  const lru = sum(b('Active'), b('Inactive'), b('Unevictable'));
  const unaccountedBytes = total - sum(b('MemFree'), lru, b('Slab') || b('SReclaimable') + b('SUnreclaim'), b('KernelStack'), b('PageTables'), b('SecPageTables'), b('Percpu'), hugePages);

  const available = bytesOf(s, 'MemAvailable');
  const free = bytesOf(s, 'MemFree');
  const used: UsedNumbers = {};
  if (available !== undefined) used.free4 = total - available;
  if (free !== undefined) used.free33 = total - free - b('Buffers') - b('Cached');
  if (rootWorkingSet !== undefined) { used.kubeletWorkingSet = rootWorkingSet; used.kubeletAvailable = total - rootWorkingSet; }
  return {
    totalBytes: total, availableBytes: available, freeBytes: free, breakdown: parts, used, kernelBytes,
    invisibleBytes: parts.filter((p) => !p.visibleToKubernetes).reduce((t, p) => t + p.bytes, 0),
    unaccountedBytes,
  };
}
