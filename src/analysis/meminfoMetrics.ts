/**
 * Where the memory went, from /proc/meminfo: a breakdown of MemTotal, the
 * "used" numbers people compare, and what the kubelet counts.
 *
 * Missing is unknown, not zero: a part whose keys the capture lacks is left
 * out (and named in `missing`); the unaccounted remainder is computed only
 * when every part it subtracts is known. A grep'd subset or a truncated paste
 * therefore never shows "100 % unaccounted".
 */
import type { KeyValueSection } from '../model';
import { bytesOf } from './fields';
import { kubeletNodeMemory, type KubeletNodeMemory, type RootCgroupInputs } from './kubelet';
import { procpsFree, type ProcpsFree } from './procps';

export interface BreakdownPart {
  key: string;
  label: string;
  bytes: number;
  /**
   * Counted in the kubelet's node working set under `MeminfoMetrics.kubelet`'s
   * formula (what `kubectl top node` shows). Undefined when no formula applies.
   */
  inNodeWorkingSet?: boolean;
  /** meminfo keys the part is computed from (for hovers and links). */
  from: string[];
}

export interface UsedNumbers {
  /** procps-ng free ≥ 4.0.1 "used": MemTotal − MemAvailable (MemFree standing in for a missing or impossible MemAvailable). */
  free4?: number;
  /** procps-ng free 3.3.12–4.0.0 "used": MemTotal − MemFree − Buffers − (Cached + SReclaimable), or total − free when negative. */
  free33?: number;
  /** What a free(1) table printed itself: its used column (or the old `-/+ buffers/cache` line's). */
  freePrinted?: { bytes: number; label: string };
  /** kubelet node working set (see `MeminfoMetrics.kubelet` for its formula). */
  kubeletWorkingSet?: number;
  /** kubelet memory.available = MemTotal − working set. */
  kubeletAvailable?: number;
}

export interface MeminfoMetrics {
  totalBytes: number;
  availableBytes?: number;
  freeBytes?: number;
  /** Parts whose keys are present; adds up to MemTotal only when `complete`. */
  breakdown: BreakdownPart[];
  /**
   * What the breakdown's shares are of: MemTotal, or the parts' own sum when free -h rounded each column
   * so that they add up to more than its rounded total (14Gi = 12Gi + 2.3Gi + 179Mi); shares never pass 100 %.
   */
  breakdownOfBytes: number;
  /** True when every core key is present and the unaccounted remainder is known. */
  complete: boolean;
  /** A meminfo from before 2.6.18: the LRU lists, Slab and PageTables are all it counts (no AnonPages, no split of slab). */
  lruOnly?: true;
  /** Core keys the capture lacks (breakdown parts and rules that need them stay silent). */
  missing: string[];
  used: UsedNumbers;
  /** Slab + KernelStack + PageTables + SecPageTables + Percpu, when Slab or its halves are present. */
  kernelBytes?: number;
  /** The part the kernel cannot give back: SUnreclaim + KernelStack + PageTables + SecPageTables + Percpu. */
  unreclaimableKernelBytes?: number;
  /** The kubelet's node numbers, with the formula used (and the other runtime's, where it differs). */
  kubelet?: KubeletNodeMemory;
  /** Bytes outside the kubelet's node working set, other than free memory and inactive page cache. */
  outsideWorkingSetBytes?: number;
  /** Unaccounted per the rule catalog's formula (may be negative when counters overlap); undefined when an input is absent. */
  unaccountedBytes?: number;
  /** Vendor lines placed as device memory (ION_heap, Gpu, Zram …), and their sum. */
  deviceKeys?: string[];
  deviceBytes?: number;
  /** The capture is an Android kernel's (vendor lines, or CMA beside the shadow call stack). */
  android?: boolean;
  /** free(1)'s columns as procps-ng prints them, and what it substituted for absent keys. */
  free: ProcpsFree['mem'];
  freeAssumed: string[];
  /** Size of every huge page pool: Hugetlb (all sizes) where present, else HugePages_Total × Hugepagesize. */
  hugetlbBytes: number;
}

/** Keys without which no breakdown adds up. Era-dependent keys (Percpu, SecPageTables, Hugetlb, Zswap) count as 0 when absent. */
export const CORE_KEYS = ['MemFree', 'Buffers', 'Cached', 'SwapCached', 'AnonPages', 'Shmem', 'SReclaimable', 'SUnreclaim', 'KernelStack', 'PageTables'];

/**
 * `free: false` (an earlier capture of a series, judged by the rules and then dropped): free(1)'s
 * columns are not computed (no rule reads them; they cost a third of the metrics in 64-bit arithmetic).
 */
/**
 * Vendor meminfo lines for driver-held pages (Android common kernels and SoC vendors): ION and DMA-BUF
 * heaps and their pools, the GPU's pages, the zram store (zsmalloc), Qualcomm's KGSL.
 */
const DEVICE_KEYS = ['ION_heap', 'ION_heap_pool', 'IonTotalUsed', 'Gpu', 'GPUTotalUsed', 'KgslShmem', 'Zram'];
const ANDROID_KEYS = ['ION_heap', 'IonTotalCache', 'RbinTotal', 'ZeroedFree', 'KgslShmem', 'GPUTotalUsed', 'ION_heap_pool'];
function isAndroid(has: (k: string) => boolean): boolean {
  return ANDROID_KEYS.some(has) || (has('CmaTotal') && has('ShadowCallStack'));
}

/**
 * free's used column is total − available (procps-ng 4.0.1 and later, free.c) when it matches that to the table's
 * rounding (a unit of -m, a few digits of -h): half a percent of the total.
 */
export function usedIsTotalMinusAvailable(used: number, total: number, available: number | undefined): boolean {
  return available !== undefined && Math.abs(used - (total - available)) <= 0.005 * total;
}

/**
 * free's own partition: used, buff/cache and free (procps-ng ≥ 3.3.10), or, in the older layout, used by
 * programs (the -/+ buffers/cache line), buffers, cached and free. Undefined when free printed too little.
 */
function freePartition(s: KeyValueSection, total: number): BreakdownPart[] | undefined {
  const p = s.freePrinted;
  const free = bytesOf(s, 'MemFree');
  if (!p || free === undefined) return undefined;
  if (p.layout === 'buff/cache') {
    if (p.buffCacheBytes === undefined) return undefined;
    // procps-ng 4.0.1 and later print used = total − available, which overlaps buff/cache: the partition takes
    // total − free − buff/cache instead, so its parts add up to the total.
    if (p.usedBytes !== undefined && usedIsTotalMinusAvailable(p.usedBytes, total, bytesOf(s, 'MemAvailable')) && p.usedBytes + free + p.buffCacheBytes > total * 1.005) {
      return [
        { key: 'used', label: 'Used, without buff/cache (total − free − buff/cache)', bytes: Math.max(0, total - free - p.buffCacheBytes), from: ['total', 'free', 'buff/cache'] },
        { key: 'pageCache', label: 'Buffers and cache (free\'s buff/cache)', bytes: p.buffCacheBytes, from: ['buff/cache'] },
        { key: 'free', label: 'Free', bytes: free, from: ['MemFree'] },
      ];
    }
    const used = p.usedBytes ?? Math.max(0, total - free - p.buffCacheBytes);
    return [
      { key: 'used', label: 'Used (free\'s used column)', bytes: used, from: ['used'] },
      { key: 'pageCache', label: 'Buffers and cache (free\'s buff/cache)', bytes: p.buffCacheBytes, from: ['buff/cache'] },
      { key: 'free', label: 'Free', bytes: free, from: ['MemFree'] },
    ];
  }
  const buffers = bytesOf(s, 'Buffers'); const cached = bytesOf(s, 'Cached');
  if (buffers === undefined || cached === undefined) return undefined;
  const used = p.usedBytes ?? Math.max(0, total - free - buffers - cached);
  return [
    { key: 'used', label: 'Used, without buffers/cache (-/+ line)', bytes: used, from: ['-/+ buffers/cache'] },
    { key: 'buffers', label: 'Buffers', bytes: buffers, from: ['Buffers'] },
    { key: 'pageCache', label: 'Cached (page cache, tmpfs included)', bytes: cached, from: ['Cached'] },
    { key: 'free', label: 'Free', bytes: free, from: ['MemFree'] },
  ];
}

export function meminfoMetrics(s: KeyValueSection, root: RootCgroupInputs = {}, opts: { free?: boolean } = {}): MeminfoMetrics | undefined {
  const total = bytesOf(s, 'MemTotal');
  if (!total) return undefined;
  const has = (k: string) => bytesOf(s, k) !== undefined;
  const b = (k: string) => bytesOf(s, k) ?? 0;
  // A per-node meminfo (drivers/base/node.c, and numastat -m that lines them up) has no Buffers nor Cached, but
  // FilePages: the node's file pages with shmem and swap cache in them. MemUsed is printed by those files only.
  const nodeFile = !has('Cached') && has('FilePages') && has('MemUsed');
  // Before 2.6.18 (no AnonPages, Bounce nor NFS_Unstable yet) the LRU lists held process memory and every cache alike, and
  // Slab and PageTables were the kernel's only counters: those lines are the whole file, not a paste that lost some.
  const lruOnly = !has('AnonPages') && !has('Bounce') && !has('NFS_Unstable') && !has('Active(anon)')
    && ['MemFree', 'Buffers', 'Cached', 'Active', 'Inactive', 'Slab', 'PageTables', 'Committed_AS'].every(has);
  // Their swap cache is inside FilePages (older kernels print no SwapCached there): counted with the cache, not missing.
  const missing = lruOnly ? [] : CORE_KEYS.filter((k) => !has(k) && !(nodeFile && (k === 'Buffers' || k === 'Cached' || k === 'SwapCached')));
  // A 2.6-era or pre-2.6.19 meminfo has Slab but not its halves.
  const slabSplit = has('SReclaimable') && has('SUnreclaim');
  const slabTotal = slabSplit ? b('SReclaimable') + b('SUnreclaim') : bytesOf(s, 'Slab');
  // Hugetlb (kernel 5.x+) covers every pool size; HugePages_* only the default size.
  const hugetlb = has('Hugetlb') ? b('Hugetlb') : b('HugePages_Total');
  const kubelet = kubeletNodeMemory(s, root);
  const ws = kubelet?.formula;
  const inWs = (key: string): boolean | undefined => {
    if (!ws) return undefined;
    if (ws === 'runc-1.0') return key !== 'free' && key !== 'pageCacheInactive';
    return key === 'anon' || key === 'shmem' || key === 'swapCached' || key === 'pageCacheActive' || key === 'pageCacheLocked';
  };
  const parts: BreakdownPart[] = [];
  const part = (key: string, label: string, bytes: number | undefined, from: string[]) => {
    if (bytes === undefined) return;
    const p: BreakdownPart = { key, label, bytes, from };
    const w = inWs(key);
    if (w !== undefined) p.inNodeWorkingSet = w;
    parts.push(p);
  };
  const opt = (k: string) => (has(k) ? b(k) : undefined);
  part('free', 'Free', opt('MemFree'), ['MemFree']);
  // Page cache with shmem still in it: Cached + Buffers, or a node's FilePages less its swap cache.
  const files = nodeFile ? { bytes: b('FilePages') - b('SwapCached'), from: has('SwapCached') ? ['FilePages', 'SwapCached'] : ['FilePages'] }
    : has('Cached') && has('Buffers') ? { bytes: b('Cached') + b('Buffers'), from: ['Cached', 'Buffers'] } : undefined;
  if (files && has('Shmem')) {
    const cache = Math.max(0, files.bytes - b('Shmem'));
    if (has('Inactive(file)')) {
      const inactive = Math.min(cache, b('Inactive(file)'));
      // mlock'd file pages sit on the unevictable list, in neither file list: cache beyond Active(file) + Inactive(file),
      // up to Unevictable (mm/mlock.c). Reclaim cannot take them, so they are said apart from the active cache.
      const beyond = has('Active(file)') ? cache - inactive - b('Active(file)') : 0;
      const locked = has('Unevictable') && beyond > 0.01 * total ? Math.min(beyond, b('Unevictable')) : 0;
      part('pageCacheActive', 'Page cache, active (without shmem)', cache - inactive - locked, [...files.from, 'Shmem', 'Inactive(file)']);
      part('pageCacheInactive', 'Page cache, inactive', inactive, ['Inactive(file)']);
      if (locked > 0) part('pageCacheLocked', 'Page cache, locked (mlock, unevictable: cannot be reclaimed)', locked, [files.from[0], 'Active(file)', 'Inactive(file)', 'Unevictable']);
    } else part('pageCache', 'Page cache (without shmem)', cache, [...files.from, 'Shmem']);
  } else if (files) {
    // No Shmem line (kernels before 2.6.32, or a subset): Cached then holds tmpfs too, so it is said, not subtracted.
    part('pageCache', 'Page cache (tmpfs included: no Shmem line)', files.bytes, files.from);
  }
  part('shmem', 'Shmem / tmpfs', opt('Shmem'), ['Shmem']);
  part('anon', 'Anonymous (process memory)', opt('AnonPages'), ['AnonPages']);
  part('swapCached', 'Swap cache', opt('SwapCached'), ['SwapCached']);
  if (slabSplit) {
    part('slabReclaimable', 'Slab, reclaimable', b('SReclaimable'), ['SReclaimable']);
    part('slabUnreclaimable', 'Slab, unreclaimable', b('SUnreclaim'), ['SUnreclaim']);
  } else part('slab', 'Slab', slabTotal, ['Slab']);
  part('kernelStack', 'Kernel stacks', has('KernelStack') ? b('KernelStack') + b('ShadowCallStack') : undefined, ['KernelStack', 'ShadowCallStack']);
  part('pageTables', 'Page tables', has('PageTables') ? b('PageTables') + b('SecPageTables') : undefined, ['PageTables', 'SecPageTables']);
  if (has('Percpu')) part('percpu', 'Per-CPU allocations', b('Percpu'), ['Percpu']);
  if (hugetlb > 0 || has('HugePages_Total')) part('hugetlb', 'HugeTLB pools', hugetlb, ['Hugetlb', 'HugePages_Total', 'Hugepagesize']);
  // The zswap pool (compressed pages, zsmalloc) is in no LRU and no slab.
  if (has('Zswap')) part('zswap', 'Zswap pool (compressed)', b('Zswap'), ['Zswap']);
  // Vendor kernels (Android) print what their drivers hold beside the upstream keys: ION/DMA-BUF heaps,
  // the GPU, the zram store. Those pages are in no upstream counter, so they are placed, not left over.
  const device = DEVICE_KEYS.filter(has);
  const deviceBytes = device.reduce((t, k) => t + b(k), 0);
  if (device.length) part('device', `Device memory (${device.join(', ')})`, deviceBytes, device);
  let complete = missing.length === 0;
  // A free(1) table is its own partition of MemTotal: what it printed, not what its few keys imply.
  const printed = s.variant === 'free' ? freePartition(s, total) : undefined;
  if (printed) { parts.length = 0; parts.push(...printed); complete = true; }
  else if (lruOnly) {
    // Buffers, Cached and SwapCached are on the lists: said inside them, not again beside.
    parts.length = 0;
    part('free', 'Free', b('MemFree'), ['MemFree']);
    part('lru', 'Active + Inactive (processes and caches)', b('Active') + b('Inactive'), ['Active', 'Inactive']);
    part('slab', 'Slab', b('Slab'), ['Slab']);
    part('pageTables', 'Page tables', b('PageTables'), ['PageTables']);
    if (hugetlb > 0) part('hugetlb', 'HugeTLB pools', hugetlb, ['HugePages_Total', 'Hugepagesize']);
    const known = parts.reduce((t, p) => t + p.bytes, 0);
    part('unaccounted', 'On no counter (outside slab and the lists)', Math.max(0, total - known), []);
  } else if (complete) {
    const known = parts.reduce((t, p) => t + p.bytes, 0);
    part('unaccounted', 'Unaccounted (drivers, vmalloc, other)', Math.max(0, total - known), []);
  }

  const lruKeys = ['Active', 'Inactive', 'Unevictable'];
  const unaccountedInputs = ['MemFree', ...lruKeys, 'KernelStack', 'PageTables'];
  const unaccountedBytes = lruOnly ? total - (b('MemFree') + b('Active') + b('Inactive') + b('Slab') + b('PageTables') + hugetlb)
    : slabTotal !== undefined && unaccountedInputs.every(has)
    ? total - (b('MemFree') + lruKeys.reduce((t, k) => t + b(k), 0) + slabTotal + b('KernelStack') + b('PageTables') + b('SecPageTables') + b('Percpu') + hugetlb + b('Zswap') + deviceBytes)
    : undefined;
  const stacksAndTables = has('KernelStack') && has('PageTables') ? b('KernelStack') + b('PageTables') + b('SecPageTables') + b('Percpu') : undefined;
  const kernelBytes = slabTotal !== undefined && stacksAndTables !== undefined ? slabTotal + stacksAndTables : undefined;
  const unreclaimableKernelBytes = has('SUnreclaim') && stacksAndTables !== undefined ? b('SUnreclaim') + stacksAndTables : undefined;

  const available = bytesOf(s, 'MemAvailable');
  const free = bytesOf(s, 'MemFree');
  const used: UsedNumbers = {};
  // free(1) exactly as procps-ng prints it (./procps.ts, checked against the real binary in test/oracle).
  // A free(1) table, vmstat -s or numastat -m is a tool's own output, not a file free would read: its numbers are the numbers, nothing is assumed.
  const pf: Pick<ProcpsFree, 'mem' | 'usedBefore401' | 'assumed'> = opts.free === false ? { mem: {}, assumed: [] }
    : s.variant === 'free' || s.variant === 'vmstat-s' || s.variant === 'numastat' || s.variant === 'numactl' || nodeFile ? { mem: total && available !== undefined ? { total, available, used: total - available, ...(free !== undefined ? { free } : {}) } : {}, assumed: [] }
    : procpsFree(s);
  if (pf.mem.used !== undefined) used.free4 = pf.mem.used;
  if (s.freePrinted?.usedBytes !== undefined) used.freePrinted = { bytes: s.freePrinted.usedBytes, label: s.freePrinted.layout === 'buff/cache' ? 'free(1) as printed (its used column)' : 'free(1) as printed (-/+ buffers/cache)' };
  // A table whose used column counts cache as used (old top: used = total − free) still prints free, buffers and cached:
  // what the -/+ buffers/cache line of its day would say comes from those columns.
  else if (s.variant === 'free' && total && free !== undefined && has('Buffers') && has('Cached')) used.freePrinted = { bytes: total - free - b('Buffers') - b('Cached'), label: 'from its columns: total − free − buffers − cached' };
  // The 3.3.12–4.0.0 "used" needs Buffers and Cached: procps would read 0 for them, which is not the truth.
  if (pf.usedBefore401 !== undefined && has('Buffers') && has('Cached')) used.free33 = pf.usedBefore401;
  const freeAssumed = pf.assumed.filter((a) => !a.startsWith('Line text not given'));
  if (kubelet) { used.kubeletWorkingSet = kubelet.workingSetBytes; used.kubeletAvailable = kubelet.availableBytes; }
  const outsideWorkingSetBytes = kubelet && complete
    ? parts.filter((p) => p.inNodeWorkingSet === false && p.key !== 'free' && p.key !== 'pageCacheInactive').reduce((t, p) => t + p.bytes, 0)
    : undefined;
  const partsSum = parts.reduce((t, p) => t + p.bytes, 0);
  return {
    totalBytes: total, availableBytes: available, freeBytes: free, breakdown: parts, breakdownOfBytes: printed && partsSum > total ? partsSum : total, complete, missing, used,
    kernelBytes, unreclaimableKernelBytes, kubelet, outsideWorkingSetBytes, unaccountedBytes, hugetlbBytes: hugetlb, free: pf.mem, freeAssumed,
    ...(device.length ? { deviceKeys: device, deviceBytes } : {}),
    ...(lruOnly ? { lruOnly: true as const } : {}),
    ...(isAndroid(has) ? { android: true } : {}),
  };
}
