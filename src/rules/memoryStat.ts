/** memory.stat rules (rule-catalog.md §memory-stat). */
import type { KeyValueSection } from '../model';
import type { CgroupMetrics } from '../analysis/cgroupMetrics';
import { lineOf } from '../analysis/fields';
import { formatBytes as B, formatCount as N, formatPercent as P } from '../humanFormat';
import type { RuleContext } from './context';

/** Where a memory.stat sits: its cgroup path and whether a limit bounds it. */
export interface CgroupPlace {
  path: string;
  limited: boolean;
  /** The same cgroup's memory.events in the same moment (oom_kill, max), when captured. */
  events?: { oomKill?: number; max?: number };
}

/**
 * Page cache in the working set and charged kernel memory matter for a
 * container that a limit bounds; for the root, a systemd slice or session,
 * or a cgroup without a limit they are only information.
 */
function bounded(place: CgroupPlace): boolean {
  if (place.path === '/') return false;
  if (/(^|\/)(user\.slice|session-[^/]*\.scope|init\.scope)(\/|$)/.test(place.path)) return false;
  return place.limited;
}

const sumKeys = (s: KeyValueSection, re: RegExp): number | undefined => {
  const f = s.fields.filter((x) => re.test(x.key));
  return f.length ? f.reduce((t, x) => t + x.value, 0) : undefined;
};

export function memoryStatRules(s: KeyValueSection, m: CgroupMetrics, ctx: RuleContext, place: CgroupPlace = { path: '', limited: m.limitBytes !== undefined }): void {
  const pod = bounded(place);
  // v2 reclaim with no kswapd scan at all is the cgroup's own: a limit (or memory.high) is being met.
  const ownReclaim = m.variant !== 'v1' && s.byKey.pgscan_kswapd?.value === 0 && (s.byKey.pgscan?.value ?? 0) >= ctx.th('memory-stat/reclaim-thrashing', 'scanned');
  const unbounded = place.path === '/' ? ' This is the root of the cgroup tree as read (the host\'s root, or a container\'s own cgroup seen from inside it), where no limit applies: information, not a risk.' : !place.limited ? (m.noLimitFrom ? ` This cgroup has no limit (${m.noLimitFrom} says so), so nothing is at risk from it yet.` : ownReclaim ? ' No limit is in the capture, but its reclaim is all its own (pgscan_kswapd 0), so one is being met.' : ' No limit is captured for this cgroup, so nothing is at risk from it yet.') : ' This is not a container with a limit, so it is information only.';
  const v1 = m.variant === 'v1';
  const key = (k: string) => (v1 && s.byKey[`total_${k}`] ? `total_${k}` : k);
  const line = (k: string) => lineOf(s, key(k)) ?? lineOf(s, k) ?? s.startLine;
  const usage = m.usageBytes;
  const usageNote = m.usageExact ? `usage ${B(usage)}` : `usage ≈ ${B(usage)} (${m.usageFrom})`;
  if (usage <= 0) return;
  // memory.current is the page counter, exact at its read; memory.stat's counters are flushed lazily (per-CPU
  // deltas batched, mm/memcontrol.c memcg_rstat_updated) and may come from another moment of the paste.
  // When its parts add up to more than the usage, no share of the usage can be said.
  const parts = m.anonBytes + m.fileBytes + (v1 ? 0 : m.kernelBytes);
  if (m.usageExact && parts > usage * 1.1 && parts - usage >= 2 ** 20) {
    ctx.report('memory-stat/disagrees-with-usage', 'info', s.index, line('anon'),
      `memory.stat's anon + file${v1 ? '' : ' + kernel'} come to ${B(parts)}, more than the cgroup's ${m.usageFrom} (${B(usage)}): the two were not read at the same moment (a cgroup whose processes come and go, a fork bomb, a job ending), or memory.stat's counters lagged behind. Shares of the usage are not given; read both files again together (cat memory.current memory.stat).`,
      { data: { partsBytes: parts, usageBytes: usage } });
    return;
  }

  // v1's `swap` (memory.memsw accounting): what the cgroup paged out to stay under its memory limit.
  const swapped = v1 ? s.byKey[key('swap')]?.bytes : undefined;
  if (swapped !== undefined && swapped >= 64 * 2 ** 20 && swapped >= 0.25 * usage) ctx.report('memory-stat/swapping', pod || swapped >= 0.5 * usage ? 'warning' : 'info', s.index, line('swap'),
    `${B(swapped)} of this cgroup's memory is in swap (${s.byKey.total_swap ? 'total_swap' : 'swap'} in memory.stat), ${P(swapped / usage)} of what it holds in memory (${usageNote}): ${place.limited ? 'it met its memory limit by paging out' : 'it was paged out, at a limit of its own or under the node\'s memory pressure'}, and its processes now wait on swap-ins. Give it the memory it needs, or bound memory + swap with memory.memsw.limit_in_bytes (docker: --memory-swap).`,
    { data: { swapBytes: swapped, usageBytes: usage } });

  // A limit filled by dirty page cache that writeback cannot clear: reclaim finds little it may drop
  // (pgsteal / pgscan low) and the cgroup hits its limit or kills. Not "pressure looks worse than it is".
  const b = (k: string) => s.byKey[k]?.bytes;
  const dirty = (b(v1 ? 'total_dirty' : 'file_dirty') ?? b('dirty') ?? 0) + (b(v1 ? 'total_writeback' : 'file_writeback') ?? b('writeback') ?? 0);
  const scan = s.byKey[key('pgscan')]?.value; const steal = s.byKey[key('pgsteal')]?.value;
  const hit = (place.events?.oomKill ?? 0) > 0 || (place.events?.max ?? 0) > 0;
  const dirtyStory = dirty / usage * 100 > ctx.th('memory-stat/dirty-writeback', 'share') && (hit || (scan !== undefined && steal !== undefined && scan > 0 && steal / scan < 0.5));
  if (dirtyStory) ctx.report('memory-stat/dirty-writeback', pod || hit ? 'warning' : 'info', s.index, line(v1 ? 'dirty' : 'file_dirty'),
    `${B(dirty)} of this cgroup's memory is dirty or under writeback (${P(dirty / usage)} of ${usageNote})${scan !== undefined && steal !== undefined && scan > 0 ? `, and reclaim freed only ${P(steal / scan)} of the pages it scanned (pgsteal / pgscan)` : ''}${hit ? `; the cgroup ${place.events?.oomKill ? `OOM-killed ${place.events.oomKill} time(s)` : `hit memory.max ${place.events?.max} time(s)`}` : ''}. Dirty pages cannot be dropped until written: writeback could not keep up with the writer. Faster storage, lower vm.dirty_bytes / dirty_ratio, or memory.high below the limit so writeback starts sooner.`,
    { data: { dirtyBytes: dirty, usageBytes: usage } });

  // Reclaim that scans and frees little, and what it frees comes right back (workingset_refault): the cgroup
  // sits at its limit with nothing reclaimable but its own small page cache, and thrashes on it.
  const refault = s.byKey[key('workingset_refault')]?.value ?? sumKeys(s, /^workingset_refault_(anon|file)$/);
  const tid = 'memory-stat/reclaim-thrashing';
  if (!dirtyStory && scan !== undefined && steal !== undefined && scan >= ctx.th(tid, 'scanned') && steal / scan * 100 < ctx.th(tid, 'efficiency')
    && refault !== undefined && refault >= 0.5 * steal && m.anonBytes / usage >= 0.8) {
    ctx.report(tid, 'warning', s.index, line('pgscan'),
      `Reclaim in this cgroup scanned ${N(scan)} pages and freed only ${N(steal)} (${P(steal / scan)}), and ${N(refault)} pages came straight back (workingset_refault): it runs at its limit (memory.high or memory.max) with ${P(m.anonBytes / usage)} of its memory anonymous, so reclaim can only take its small page cache, which it needs again at once. That is thrashing: latency for everything in it. Raise memory.high / memory.max, give it swap, or find what grows its heap.`,
      { related: [{ line: line('anon'), message: `anon: ${B(m.anonBytes)}` }], data: { scanned: scan, stolen: steal, refault } });
  } else if (!dirtyStory && scan !== undefined && steal !== undefined && scan >= ctx.th(tid, 'scanned') && refault !== undefined && refault >= 0.5 * steal
    && refault * ctx.pageSize >= 10 * Math.max(m.fileBytes - m.shmemBytes, 1)) {
    // Reclaim frees pages well, but most of what it frees is read back: the file working set does not fit.
    const cache = Math.max(m.fileBytes - m.shmemBytes, 0);
    ctx.report(tid, 'warning', s.index, line(s.byKey.workingset_refault_file ? 'workingset_refault_file' : 'pgscan'),
      `${N(refault)} pages (${B(refault * ctx.pageSize)}) that reclaim took from this cgroup were read back (workingset_refault), ${P(refault / steal)} of the ${N(steal)} it freed, while its page cache now is ${B(cache)}: its files' working set does not fit beside its heap under the limit, so it re-reads them (I/O and latency, memory PSI in the cgroup's memory.pressure). Raise the limit, or read less at once.`,
      { related: [{ line: line('pgscan'), message: `pgscan: ${N(scan)}` }], data: { scanned: scan, stolen: steal, refault } });
  } else if (!dirtyStory && !v1 && scan !== undefined && scan >= ctx.th(tid, 'scanned')) {
    // No kswapd scan at all: every page was scanned by the cgroup's own limit (or memory.reclaim), not by node
    // pressure. File pages it dropped came back several times over what it caches now, and most refaults were
    // activated at once (mm/workingset.c: the refault distance fit the working set), so they were in use.
    const kswapd = s.byKey.pgscan_kswapd?.value; const refaultFile = s.byKey.workingset_refault_file?.value; const activated = s.byKey.workingset_activate_file?.value;
    const cache = Math.max(m.fileBytes - m.shmemBytes, 1);
    if (ownReclaim && kswapd === 0 && refaultFile !== undefined && activated !== undefined && refaultFile * ctx.pageSize >= 2 * cache && activated >= 0.5 * refaultFile) {
      const anonBack = s.byKey.workingset_refault_anon?.value ?? 0;
      const majors = s.byKey.pgmajfault?.value;
      ctx.report(tid, 'warning', s.index, line('workingset_refault_file'),
        `This cgroup reclaims only against its own limit (pgscan_kswapd 0: all ${N(scan)} pages were scanned for its limit, or by writes to memory.reclaim), and ${N(refaultFile)} file pages it dropped were read back (${B(refaultFile * ctx.pageSize)}, ${(refaultFile * ctx.pageSize / cache).toFixed(1)}× the ${B(cache)} it caches now); ${P(activated / refaultFile)} of them went straight back to the active list (workingset_activate_file), so they were still in use. Its files' working set does not fit under the limit beside ${B(m.anonBytes)} of anonymous memory: it thrashes${majors !== undefined ? ` (pgmajfault ${N(majors)})` : ''}${anonBack > 0 ? `, and ${N(anonBack)} anonymous pages came back from swap as well` : ''}. Raise memory.max / memory.high, or shrink the heap.`,
        { related: [{ line: line('pgscan'), message: `pgscan: ${N(scan)}` }, { line: line('workingset_activate_file'), message: `workingset_activate_file: ${N(activated)}` }], data: { scanned: scan, stolen: steal ?? 0, refault: refaultFile } });
    }
  }

  const cache = m.fileBytes - m.shmemBytes;
  if (cache / usage * 100 > ctx.th('memory-stat/page-cache-heavy', 'share')) ctx.report('memory-stat/page-cache-heavy', 'info', s.index, line(v1 ? 'cache' : 'file'),
    `Page cache (${v1 ? 'cache' : 'file'} − shmem${m.shmemEstimated ? ', estimated' : ''}) is ${B(cache)}, ${P(cache / usage)} of ${usageNote}. ${m.limitBytes !== undefined ? 'The limit can be reached by file I/O while the heap is fine' : 'Under a limit, file I/O alone could fill it while the heap is fine'}; the kernel reclaims this first. Judge the ${pod ? 'container' : 'cgroup'} by its working set (${B(m.workingSetBytes)}).`,
    { data: { bytes: cache, usageBytes: usage } });

  if (!dirtyStory && m.workingSetBytes > 0 && s.byKey[key('active_file')] && m.activeFileBytes / m.workingSetBytes * 100 > ctx.th('memory-stat/active-file-in-working-set', 'share')) ctx.report('memory-stat/active-file-in-working-set', pod ? 'warning' : 'info', s.index, line('active_file'),
    `active_file (${B(m.activeFileBytes)}) is ${P(m.activeFileBytes / m.workingSetBytes)} of the working set (${B(m.workingSetBytes)} = usage − inactive_file) that kubectl top and the kubelet use: they count this page cache as used (kubernetes issue 43916), so ${pod ? 'the container looks closer to its limit than its heap is' : 'a container with this stat would look closer to its limit than its heap is'}.${pod ? '' : unbounded}`,
    { related: s.byKey[key('inactive_file')] ? [{ line: line('inactive_file'), message: `inactive_file: ${B(m.inactiveFileBytes)}` }] : undefined, data: { bytes: m.activeFileBytes, workingSetBytes: m.workingSetBytes } });

  if ((s.byKey[key('shmem')] || m.shmemEstimated) && m.shmemBytes / usage * 100 > ctx.th('memory-stat/shmem-heavy', 'share')) ctx.report('memory-stat/shmem-heavy', pod ? 'warning' : 'info', s.index, line(m.shmemEstimated ? 'active_anon' : 'shmem'),
    `shmem is ${B(m.shmemBytes)}${m.shmemEstimated ? ' (no shmem line on this kernel: estimated as the anonymous LRU pages that are not rss, where tmpfs pages sit)' : ''}, ${P(m.shmemBytes / usage)} of ${usageNote}: tmpfs, emptyDir with medium: Memory or shared memory. It cannot be reclaimed without swap and counts against the limit; set a sizeLimit on memory-backed emptyDirs.${pod ? '' : unbounded}`,
    { data: { bytes: m.shmemBytes, usageBytes: usage } });

  // A large share of a nearly empty cgroup is no risk: a warning needs the kernel part to be a real part (5 %) of the limit too.
  const kernelMatters = pod && (m.limitBytes === undefined || !Number.isFinite(m.limitBytes) || m.kernelBytes >= 0.05 * m.limitBytes);
  if (!v1 && m.kernelBytes / usage * 100 > ctx.th('memory-stat/kernel-heavy', 'share')) ctx.report('memory-stat/kernel-heavy', kernelMatters ? 'warning' : 'info', s.index, line(s.byKey.kernel ? 'kernel' : 'slab_unreclaimable'),
    `Kernel memory charged to this cgroup is ${B(m.kernelBytes)}, ${P(m.kernelBytes / usage)} of ${usageNote}: slab, kernel stacks, page tables, per-CPU. Application metrics never show it, but memory.current, the working set and the limit count it (google/cadvisor issue 3081); look at slab_unreclaimable and kernel_stack, and sock beside it.${pod ? (kernelMatters ? '' : ` It is ${P(m.kernelBytes / m.limitBytes!)} of the ${B(m.limitBytes!)} limit, so no risk yet.`) : unbounded}`,
    { data: { bytes: m.kernelBytes, usageBytes: usage } });
}
