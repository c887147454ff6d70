/**
 * What an OOM report's own evidence says caused the kill: the memcg stats
 * block (`Memory cgroup stats for …`), the memcg usage lines, and for a
 * global OOM the Mem-Info page counts. The victim's RSS alone misleads when
 * the limit was filled by socket buffers, kernel memory or page cache.
 *
 * Unknown stays unknown: a cause is named only from values the report holds.
 */
import type { OomEvent } from '../model';

export type OomCause = 'anon' | 'page-cache' | 'dirty-writeback' | 'shmem' | 'sock' | 'kernel' | 'slab';

export interface OomStory {
  cause?: OomCause;
  /** The bytes behind the cause, and what they are measured against. */
  causeBytes?: number;
  ofBytes?: number;
  /** `oom_memcg=/kubepods` (or `/kubepods.slice`): the node's allocatable was hit, not one pod's limit. */
  allocatable?: boolean;
  /** No `Killed process` line: the victim is unknown (cut short, or a lone constraint / Task in line). */
  victimMissing?: boolean;
  /**
   * Zones whose free memory, without the CMA pages an unmovable allocation may not take, was below
   * their min watermark, and the roomiest other zone: on 32-bit and CMA-heavy boards the kernel runs out
   * of low memory while HighMem or CMA still look free.
   */
  zonesShort?: { zone: string; usableKb: number; freeKb: number; cmaKb: number; minKb: number; line: number }[];
  roomiestZone?: { zone: string; freeKb: number };
  /**
   * 32-bit with HighMem: low memory ran out while HighMem was free. What the short zone's own line says
   * fills it (kernel-only memory, in kB), and the node's RAM in pages (its page array lives in low memory).
   */
  lowmem?: { zone: string; presentKb?: number; parts: [string, number][]; ramPages?: number };
  /** Every zone of the report is at or above its high watermark: the node was not short when the killer ran. */
  zonesAboveHigh?: { freeKb: number };
  /** Zones whose min watermark is more than the zone could ever hold: corrupt counters, not a shortage. */
  corruptZones?: { zone: string; minKb: number; line: number }[];
}

/** Above this share of usage (memcg) or of user memory (global), one kind of memory is the cause. */
const DOMINANT = 0.5;
/** Dirty + writeback above this share of usage, with page cache dominant: writeback is the bottleneck. */
const DIRTY = 0.3;

const first = (stats: Record<string, number>, ...keys: string[]) => {
  for (const k of keys) if (stats[k] !== undefined) return stats[k];
  return undefined;
};

export function oomStory(e: OomEvent, pageSize: number): OomStory {
  const story: OomStory = {};
  const cg = e.oomMemcg ?? e.memcgStatsPath;
  if (cg && /^\/kubepods(\.slice)?\/?$/.test(cg)) story.allocatable = true;
  if (e.victimPid === undefined && e.victimName === undefined && !e.killed?.length) story.victimMissing = true;

  // A min watermark above the zone's own size (or above a petabyte) is a wrapped counter: managed pages below zero.
  const corrupt = e.zones?.filter((z) => z.minKb > 2 ** 40 || (z.countersKb?.present !== undefined && z.countersKb.present > 0 && z.minKb > z.countersKb.present));
  if (corrupt?.length) story.corruptZones = corrupt.map((z) => ({ zone: z.zone, minKb: z.minKb, line: z.line }));
  const zones = e.zones?.filter((z) => !corrupt?.includes(z));
  if (zones?.length) {
    const short = zones.filter((z) => z.freeKb - (z.freeCmaKb ?? 0) < z.minKb)
      .map((z) => ({ zone: z.zone, usableKb: z.freeKb - (z.freeCmaKb ?? 0), freeKb: z.freeKb, cmaKb: z.freeCmaKb ?? 0, minKb: z.minKb, line: z.line }));
    if (short.length) {
      story.zonesShort = short;
      const other = zones.filter((z) => !short.some((x) => x.line === z.line)).sort((a, b) => (b.freeKb - (b.freeCmaKb ?? 0)) - (a.freeKb - (a.freeCmaKb ?? 0)))[0];
      if (other && other.freeKb - (other.freeCmaKb ?? 0) > 4 * other.minKb) story.roomiestZone = { zone: other.zone, freeKb: other.freeKb - (other.freeCmaKb ?? 0) };
    }
  }

  if (e.zones?.length && e.zones.every((z) => z.highKb !== undefined && z.freeKb >= z.highKb)) story.zonesAboveHigh = { freeKb: e.zones.reduce((t, z) => t + z.freeKb, 0) };
  // A kernel with a HighMem zone (32-bit) whose low zones ran short: whatever HighMem holds, the kernel cannot use it.
  const highmem = e.zones?.some((z) => z.zone === 'HighMem' && (z.countersKb?.present ?? 1) > 0);
  if (highmem && story.zonesShort?.some((z) => z.zone !== 'HighMem')) story.lowmem = lowmemParts(e, story.zonesShort.filter((z) => z.zone !== 'HighMem'), pageSize);

  const s = e.memcgStats;
  if (s) {
    // v2 keys (anon, file, kernel, sock, file_dirty …) or v1 ones (rss, cache, dirty …), bytes as decoded.
    const anon = first(s, 'anon', 'total_rss', 'rss');
    const file = first(s, 'file', 'total_cache', 'cache');
    const shmem = first(s, 'shmem', 'total_shmem');
    const sock = first(s, 'sock');
    const dirty = (first(s, 'file_dirty', 'total_dirty', 'dirty') ?? 0) + (first(s, 'file_writeback', 'total_writeback', 'writeback') ?? 0);
    const slabU = first(s, 'slab_unreclaimable');
    const kernel = first(s, 'kernel') ?? (slabU !== undefined ? slabU + (first(s, 'kernel_stack') ?? 0) + (first(s, 'pagetables') ?? 0) + (first(s, 'percpu') ?? 0) : undefined);
    // A usage counter below zero leaves nothing to weigh the stats against: no cause is named.
    const usage = e.memcgUsageBelowZeroKb !== undefined ? undefined : e.memcgUsageBytes ?? ((anon ?? 0) + (file ?? 0) + (kernel ?? 0) + (sock ?? 0) || undefined);
    // v1: `kmem: usage` counts the kernel memory charged to the memcg; at its own limit it fails first.
    if (usage && e.kmemUsageBytes !== undefined && (e.kmemUsageBytes >= DOMINANT * usage || (e.kmemLimitBytes !== undefined && e.kmemUsageBytes >= e.kmemLimitBytes))) {
      story.cause = 'kernel'; story.causeBytes = e.kmemUsageBytes; story.ofBytes = usage;
    }
    if (usage) {
      const pick = (cause: OomCause, bytes: number | undefined, of = usage, share = DOMINANT) => {
        if (story.cause || bytes === undefined || !(bytes >= share * of)) return;
        story.cause = cause; story.causeBytes = bytes; story.ofBytes = of;
      };
      pick('sock', sock);
      pick('kernel', kernel);
      // Page cache filled the limit, and much of it is dirty: reclaim must wait for writeback.
      if (file !== undefined && file - (shmem ?? 0) >= DOMINANT * usage) pick('dirty-writeback', dirty, usage, DIRTY);
      pick('shmem', shmem);
      pick('page-cache', file !== undefined ? file - (shmem ?? 0) : undefined);
      pick('anon', anon);
    }
  } else if (e.memInfoPages) {
    // Global: Mem-Info counts pages; the kernel dumps slab when it exceeds the LRU pages (mm/oom_kill.c).
    const p = e.memInfoPages;
    const lru = ['active_anon', 'inactive_anon', 'active_file', 'inactive_file', 'unevictable'].reduce((t, k) => t + (p[k] ?? 0), 0);
    const slab = p.slab_unreclaimable;
    if (slab !== undefined && (slab > lru || e.slabDumpLine !== undefined)) {
      story.cause = 'slab'; story.causeBytes = slab * pageSize; story.ofBytes = (lru + slab) * pageSize;
    } else if (lru > 0) {
      const anon = (p.active_anon ?? 0) + (p.inactive_anon ?? 0) - (p.shmem ?? 0);
      if (p.shmem !== undefined && p.shmem >= DOMINANT * lru) { story.cause = 'shmem'; story.causeBytes = p.shmem * pageSize; story.ofBytes = lru * pageSize; }
      else if (anon >= DOMINANT * lru) { story.cause = 'anon'; story.causeBytes = anon * pageSize; story.ofBytes = lru * pageSize; }
      else if (e.allUnreclaimable && story.zonesShort?.length && !story.lowmem && (e.order ?? 0) <= 3 && p.active_file !== undefined && p.inactive_file !== undefined && p.active_file + p.inactive_file >= DOMINANT * lru) {
        // A node-wide OOM with the page cache most of the LRU, a zone under min and reclaim given up on (all_unreclaimable):
        // clean cache is dropped before any kill, so this is cache reclaim could not free (dirty or under writeback, mapped
        // and in use, pinned by a file system or driver). Without that evidence the cache is no cause (fragmentation, CMA,
        // a false OOM from a page fault).
        const file = p.active_file + p.inactive_file;
        const dirty = (p.dirty ?? 0) + (p.writeback ?? 0);
        story.cause = dirty >= DIRTY * file ? 'dirty-writeback' : 'page-cache';
        story.causeBytes = (story.cause === 'dirty-writeback' ? dirty : file) * pageSize; story.ofBytes = lru * pageSize;
      }
    }
  }
  // With corrupt watermarks nothing the report counts caused the kill.
  if (story.corruptZones) { delete story.cause; delete story.causeBytes; delete story.ofBytes; }
  return story;
}

/**
 * What fills the exhausted low zone: its own counters where the zone line has them (3.x and later print
 * slab, kernel stacks and page tables per zone), else slab from Mem-Info, which is always low memory.
 */
function lowmemParts(e: OomEvent, short: NonNullable<OomStory['zonesShort']>, pageSize: number): OomStory['lowmem'] {
  const z = e.zones?.find((x) => x.line === (short.find((y) => y.zone !== 'DMA') ?? short[0]).line);
  if (!z) return undefined;
  const c = z.countersKb ?? {};
  const parts: [string, number][] = [];
  const add = (name: string, kb: number | undefined) => { if (kb !== undefined && kb > 0) parts.push([name, kb]); };
  if (c.slab_unreclaimable !== undefined || c.slab_reclaimable !== undefined) add('slab', (c.slab_reclaimable ?? 0) + (c.slab_unreclaimable ?? 0));
  else {
    const p = e.memInfoPages ?? {};
    const slab = p.slab ?? (p.slab_reclaimable !== undefined || p.slab_unreclaimable !== undefined ? (p.slab_reclaimable ?? 0) + (p.slab_unreclaimable ?? 0) : undefined);
    add('slab (all zones; slab is always in low memory)', slab !== undefined ? slab * pageSize / 1024 : undefined);
  }
  add('page tables', c.pagetables);
  add('kernel stacks', c.kernel_stack);
  const lru = ['active_anon', 'inactive_anon', 'active_file', 'inactive_file', 'active', 'inactive', 'unevictable'].reduce((t, k) => t + (c[k] ?? 0), 0);
  add('LRU pages (user and cache)', lru);
  if (!parts.length) return undefined;
  parts.sort((a, b) => b[1] - a[1]);
  return { zone: z.zone, ...(c.managed ?? c.present ? { presentKb: c.managed ?? c.present } : {}), parts, ...(e.ramPages !== undefined ? { ramPages: e.ramPages } : {}) };
}

/** The cause in words, for messages and hovers. */
export const CAUSE_TEXT: Record<OomCause, string> = {
  anon: 'anonymous memory (the processes\' own heaps and stacks)',
  'page-cache': 'page cache: file I/O filled the limit and could not be reclaimed fast enough',
  'dirty-writeback': 'dirty page cache waiting for writeback: writeback could not keep up, and dirty pages cannot be dropped',
  shmem: 'shared memory / tmpfs (an emptyDir with medium: Memory, /dev/shm), which only swap can free',
  sock: 'socket buffers: network memory charged to the cgroup, not the victim\'s RSS',
  kernel: 'kernel memory charged to the cgroup (slab, kernel stacks, page tables)',
  slab: 'unreclaimable kernel slab: the kernel, not user space, held the memory',
};
