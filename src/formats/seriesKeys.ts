/**
 * What makes captures one series, and which keys a series follows. Shared by
 * the parser (which keeps only these keys of earlier captures in memory) and
 * the series analysis (which draws them).
 */
import type { PsiResource, SectionKind } from '../model';

/** Captures with the same key form a series (same kind, same file, same variant/resource). */
export function seriesGroupKey(kind: SectionKind, source: string | undefined, variant: string | undefined, resource?: PsiResource): string | undefined {
  switch (kind) {
    case 'meminfo': case 'vmstat': case 'slabinfo': return `${kind}:${source ?? ''}`;
    case 'memory-stat': case 'memory-events': case 'cgroup-value': return `${kind}:${source ?? ''}:${variant ?? ''}`;
    case 'pressure': return `pressure:${source ?? ''}:${resource ?? ''}`;
    default: return undefined;
  }
}

export const MEMINFO_TRACKS = ['MemAvailable', 'MemFree', 'SUnreclaim', 'SReclaimable', 'Slab', 'AnonPages', 'Shmem', 'Cached', 'KernelStack', 'PageTables', 'Committed_AS', 'MemTotal'];
export const STAT_TRACKS = ['anon', 'file', 'kernel', 'shmem', 'slab', 'slab_unreclaimable', 'sock', 'total_rss', 'total_cache'];
export const VMSTAT_COUNTERS = ['pgmajfault', 'pswpin', 'pswpout', 'oom_kill', 'pgscan_direct', 'allocstall_normal', 'pgfault', 'workingset_refault_file', 'workingset_refault_anon'];
export const VMSTAT_SIZES = ['nr_slab_unreclaimable', 'nr_slab_reclaimable', 'nr_anon_pages', 'nr_shmem'];
export const EVENT_TRACKS = ['oom_kill', 'oom', 'max', 'high', 'low', 'oom_group_kill'];

/** Keys of a key/value capture that a series needs from every capture. */
export function trackedKeys(kind: SectionKind): readonly string[] {
  switch (kind) {
    case 'meminfo': return MEMINFO_TRACKS;
    case 'memory-stat': return STAT_TRACKS;
    case 'vmstat': return [...VMSTAT_COUNTERS, ...VMSTAT_SIZES];
    case 'memory-events': return EVENT_TRACKS;
    default: return [];
  }
}
