/**
 * What makes captures one series, and which keys a series follows. Shared by
 * the parser (which keeps only these keys of earlier captures in memory) and
 * the series analysis (which draws them).
 */
import type { PsiResource, SectionKind } from '../model';

/** Captures with the same key form a series (same kind, same file, same variant/resource). */
export function seriesGroupKey(kind: SectionKind, source: string | undefined, variant: string | undefined, resource?: PsiResource): string | undefined {
  switch (kind) {
    // Two tools' views of one moment (numactl -H beside numastat -m, free beside /proc/meminfo) are no series.
    case 'meminfo': return `${kind}:${source ?? ''}:${variant ?? ''}`;
    case 'vmstat': case 'slabinfo': return `${kind}:${source ?? ''}`;
    case 'memory-stat': case 'memory-events': case 'cgroup-value': return `${kind}:${source ?? ''}:${variant ?? ''}`;
    case 'pressure': return `pressure:${source ?? ''}:${resource ?? ''}`;
    default: return undefined;
  }
}

export const MEMINFO_TRACKS = ['MemAvailable', 'MemFree', 'SUnreclaim', 'SReclaimable', 'Slab', 'AnonPages', 'Shmem', 'Cached', 'KernelStack', 'PageTables', 'Percpu', 'Committed_AS', 'MemTotal'];
export const STAT_TRACKS = ['anon', 'file', 'kernel', 'shmem', 'slab', 'slab_unreclaimable', 'sock', 'total_rss', 'total_cache'];
export const VMSTAT_COUNTERS = ['pgmajfault', 'pswpin', 'pswpout', 'zswpin', 'zswpout', 'oom_kill', 'pgscan_direct', 'allocstall_normal', 'pgfault', 'workingset_refault_file', 'workingset_refault_anon'];
export const VMSTAT_SIZES = ['nr_slab_unreclaimable', 'nr_slab_reclaimable', 'nr_anon_pages', 'nr_shmem'];
export const EVENT_TRACKS = ['oom_kill', 'oom', 'max', 'high', 'low', 'oom_group_kill'];

/**
 * Keys the per-capture rules and their metrics read (rules/, analysis/meminfoMetrics, kubelet, procps,
 * cgroupMetrics). Every capture of a series is judged from these without reading it again.
 */
const MEMINFO_RULE_KEYS = ['Buffers', 'SwapCached', 'Active', 'Inactive', 'Active(file)', 'Inactive(file)', 'Unevictable', 'Mapped',
  'SwapTotal', 'SwapFree', 'Dirty', 'Writeback', 'CommitLimit', 'SecPageTables', 'ShadowCallStack', 'HardwareCorrupted',
  'HugePages_Total', 'HugePages_Free', 'HugePages_Rsvd', 'Hugepagesize', 'Hugetlb', 'Zswap', 'VmallocUsed'];
const STAT_RULE_KEYS = ['slab_reclaimable', 'kernel_stack', 'pagetables', 'sec_pagetables', 'percpu', 'vmalloc', 'inactive_file', 'active_file',
  'rss', 'cache', 'total_shmem', 'total_inactive_file', 'total_active_file', 'hierarchical_memory_limit'];
const VMSTAT_RULE_KEYS = ['drop_pagecache', 'drop_slab', 'nr_foll_pin_acquired', 'nr_foll_pin_released', 'nr_free_pages', 'nr_active_anon', 'nr_inactive_anon', 'nr_active_file', 'nr_inactive_file', 'nr_unevictable', 'nr_page_table_pages'];

/** Keys of a key/value capture that a series needs from every capture: what it tracks and what its rules read. */
export function trackedKeys(kind: SectionKind): readonly string[] {
  switch (kind) {
    case 'meminfo': return MEMINFO_KEYS;
    case 'memory-stat': return STAT_KEYS;
    case 'vmstat': return VMSTAT_KEYS;
    case 'memory-events': return EVENT_TRACKS;
    default: return [];
  }
}

const MEMINFO_KEYS = [...MEMINFO_TRACKS, ...MEMINFO_RULE_KEYS];
const STAT_KEYS = [...STAT_TRACKS, ...STAT_RULE_KEYS];
const VMSTAT_KEYS = [...VMSTAT_COUNTERS, ...VMSTAT_SIZES, ...VMSTAT_RULE_KEYS];
