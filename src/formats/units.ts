/**
 * The one place that says which unit each key is printed in. Parsers, hovers
 * and `kmemlens explain` all ask here. Sources are cited per rule.
 */
import { formatBytes } from '../humanFormat';
import type { SourceUnit } from '../model';

export const DEFAULT_PAGE_SIZE = 4096;
/** HPAGE_PMD_NR × 4 KiB on x86-64: the size behind vmstat's THP counters. */
export const DEFAULT_PMD_SIZE = 2 * 1024 * 1024;

/**
 * meminfo (fs/proc/meminfo.c): everything is `kB` except the HugePages_*
 * lines, which are counts of huge pages with no unit.
 */
export function meminfoUnit(key: string, unitText: string | undefined): SourceUnit {
  if (unitText && /^kb$/i.test(unitText)) return 'kB';
  if (/^HugePages_/.test(key)) return 'hugepages';
  return 'count';
}

/**
 * memory.stat (cgroup-v2.rst, mm/memcontrol.c memcg_page_state_unit):
 * state items are bytes; workingset_*, pg*, pswp*, thp_*, numa_*, zswp* and
 * the *_zero swap counters are event counts. The same holds for v1
 * (cgroup-v1/memory.rst §5.2), including its total_* twins.
 */
const statUnitCache = new Map<string, SourceUnit>();
export function memoryStatUnit(key: string): SourceUnit {
  let u = statUnitCache.get(key);
  if (u === undefined) { u = memoryStatUnitOf(key); if (statUnitCache.size < 10000) statUnitCache.set(key, u); }
  return u;
}

function memoryStatUnitOf(key: string): SourceUnit {
  const k = key.replace(/^total_/, '');
  if (/^(pg|pswp|workingset_|thp_|numa_|zswp|swpin_zero|swpout_zero|recent_(rotated|scanned)_)/.test(k)) return 'count';
  return 'bytes';
}

/** Keys printed only by cgroup v1 memory.stat (cgroup-v1/memory.rst §5.2). */
export function isV1StatKey(key: string): boolean {
  return /^(total_|hierarchical_)/.test(key) || /^(cache|rss|rss_huge|mapped_file|dirty|writeback|swap|pgpgin|pgpgout)$/.test(key);
}

// nr_kernel_stack and nr_shadow_call_stack are kept in KiB (include/linux/mmzone.h NR_KERNEL_STACK_KB, NR_KERNEL_SCS_KB).
const VMSTAT_KIB = new Set(['pgpgin', 'pgpgout', 'nr_kernel_stack', 'nr_shadow_call_stack']);
const VMSTAT_HUGE = new Set([
  'nr_anon_transparent_hugepages', 'nr_shmem_hugepages', 'nr_shmem_pmdmapped', 'nr_file_hugepages', 'nr_file_pmdmapped',
]);
/** nr_* items that are cumulative event counts, not current page totals. */
const VMSTAT_NR_EVENTS = /^nr_(vmscan_write|vmscan_immediate_reclaim|dirtied|written|throttled_written|foll_pin_|tlb_|alloc_batch$)/;

/**
 * /proc/vmstat (mm/vmstat.c vmstat_show): node and zone state in pages,
 * THP state divided by HPAGE_PMD_NR, pgpgin/pgpgout and nr_kernel_stack in
 * KiB, everything else an event count.
 */
const vmstatUnitCache = new Map<string, SourceUnit>();
export function vmstatUnit(key: string): SourceUnit {
  let u = vmstatUnitCache.get(key);
  if (u === undefined) { u = vmstatUnitOf(key); if (vmstatUnitCache.size < 10000) vmstatUnitCache.set(key, u); }
  return u;
}

function vmstatUnitOf(key: string): SourceUnit {
  if (VMSTAT_KIB.has(key)) return 'kB';
  if (VMSTAT_HUGE.has(key)) return 'hugepages';
  if (key.startsWith('nr_') && !VMSTAT_NR_EVENTS.test(key)) return 'pages';
  return 'count';
}

/** One-value cgroup files: sizes in bytes except these (cgroup-v2.rst). */
export function cgroupValueUnit(fileName: string): SourceUnit {
  if (/(failcnt|swappiness)$/.test(fileName)) return 'count';
  if (/(oom\.group|use_hierarchy|zswap\.writeback|move_charge_at_immigrate)$/.test(fileName)) return 'flag';
  return 'bytes';
}

/** Bytes for a value in a size unit; undefined for counts, flags, percent, time. */
export function toBytes(value: number, unit: SourceUnit, pageSize = DEFAULT_PAGE_SIZE, hugePageBytes = DEFAULT_PMD_SIZE): number | undefined {
  if (!Number.isFinite(value)) return undefined;
  switch (unit) {
    case 'kB': return value * 1024;
    case 'bytes': return value;
    case 'MiB': return value * 1024 ** 2;
    case 'GiB': return value * 1024 ** 3;
    case 'TiB': return value * 1024 ** 4;
    case 'pages': return value * pageSize;
    case 'hugepages': return value * hugePageBytes;
    default: return undefined;
  }
}

/** Names a unit the way hovers and messages say it. */
export function unitLabel(unit: SourceUnit, pageSize = DEFAULT_PAGE_SIZE): string {
  switch (unit) {
    case 'kB': return 'KiB (printed "kB")';
    case 'bytes': return 'bytes';
    case 'MiB': return 'MiB';
    case 'GiB': return 'GiB';
    case 'TiB': return 'TiB';
    case 'pages': return `pages of ${formatBytes(pageSize)}`;
    case 'hugepages': return 'huge pages';
    case 'count': return 'count';
    case 'percent': return 'percent';
    case 'us': return 'microseconds';
    case 'flag': return '0 or 1';
    case 'ns': return 'nanoseconds';
    case 'text': return 'text';
  }
}
