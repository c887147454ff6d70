/** vmstat rules for one capture: counters since boot (rule-catalog.md §vmstat). */
import type { KeyValueSection } from '../model';
import { lineOf, valueOf } from '../analysis/fields';
import { formatBytes as B, formatCount as N, formatPercent as P } from '../humanFormat';
import type { RuleContext } from './context';

export function vmstatRules(s: KeyValueSection, ctx: RuleContext, opts: { hasMeminfo?: boolean; memTotalBytes?: number; pageSize?: number } = {}): void {
  if (!opts.hasMeminfo) unreclaimableSlab(s, ctx);
  pinnedPages(s, ctx, opts.memTotalBytes, opts.pageSize ?? 4096);

  const oom = valueOf(s, 'oom_kill');
  if (oom && oom > 0) ctx.report('vmstat/oom-kills', 'warning', s.index, lineOf(s, 'oom_kill')!,
    `The OOM killer has killed ${N(oom)} process${oom === 1 ? '' : 'es'} since boot (global and cgroup kills). Read dmesg for the "Killed process" lines; a second capture gives the rate.`, { data: { count: oom } });

  const swapped = (valueOf(s, 'pswpin') ?? 0) + (valueOf(s, 'pswpout') ?? 0);
  if (swapped > 0) ctx.report('vmstat/swapping', 'info', s.index, lineOf(s, s.byKey.pswpout?.value ? 'pswpout' : 'pswpin')!,
    `${N(swapped)} pages have moved to or from swap since boot (pswpin + pswpout). One capture cannot tell whether this is happening now: capture twice to get the rate (warning above ${ctx.th('vmstat/swapping', 'rate')} pages/s).`, { data: { pages: swapped } });

  const stalls = s.fields.filter((f) => /^allocstall(_|$)/.test(f.key) && f.value > 0);
  const direct = s.fields.filter((f) => /^pgscan_direct(_|$)/.test(f.key) && f.value > 0);
  if (stalls.length || direct.length) {
    const lead = stalls[0] ?? direct[0];
    const nStall = stalls.reduce((t, f) => t + f.value, 0);
    const nScan = direct.reduce((t, f) => t + f.value, 0);
    // Direct reclaim scanning more than kswapd over the whole uptime: the background reclaimer never keeps up.
    // Only a large direct scan is compared (per-zone pgscan_kswapd_* on kernels before 4.8).
    const kswapd = nScan < 1_000_000 ? 0 : valueOf(s, 'pgscan_kswapd') ?? s.fields.filter((f) => f.key.startsWith('pgscan_kswapd_')).reduce((t, f) => t + f.value, 0);
    const behind = nScan >= 1_000_000 && nScan > kswapd;
    // A handful of stalls over the whole uptime (a burst at boot, one big allocation) is no story.
    if (nStall >= 100 || nScan >= 100_000) ctx.report('vmstat/direct-reclaim', behind ? 'warning' : 'info', s.index, lead.line,
      `Allocating tasks had to reclaim memory themselves since boot: ${N(nStall)} allocation stalls${direct.length || s.fields.some((f) => /^pgscan_direct(_|$)/.test(f.key)) ? `, ${N(nScan)} pages scanned by direct reclaim` : ' (no pgscan_direct line in the capture, so how much it scanned is unknown)'}${behind ? `, more than kswapd scanned in the background (${N(kswapd)}): kswapd cannot keep up, and every allocation that waits pays the latency. Raise vm.watermark_scale_factor or vm.min_free_kbytes so kswapd starts earlier, and find what allocates so fast (huge page faults, a burst of page cache)` : '. That is latency in the allocating process; in a series, rising counters mean ongoing pressure'}.`,
      { related: [...stalls, ...direct].filter((f) => f !== lead).slice(0, 4).map((f) => ({ line: f.line, message: `${f.key}: ${N(f.value)}` })), data: { allocstall: nStall, pgscanDirect: nScan } });
  }

  numaMiss(s, ctx);
  compaction(s, ctx);

  const dropped = ['drop_pagecache', 'drop_slab'].filter((k) => (valueOf(s, k) ?? 0) > 0);
  if (dropped.length) ctx.report('vmstat/caches-dropped', 'info', s.index, lineOf(s, dropped[0])!,
    `Someone wrote to /proc/sys/vm/drop_caches since boot (${dropped.map((k) => `${k} ${N(valueOf(s, k)!)}`).join(', ')}): sudden drops of page cache or slab may come from that, not from the workload.`);
}

/**
 * Pages pinned now: nr_foll_pin_acquired − nr_foll_pin_released (mm/gup.c counts both since 5.10, in pages).
 * A pinned page cannot be reclaimed, swapped, migrated or compacted. VFIO guests, RDMA registrations and
 * io_uring's fixed buffers hold pins while they run; pins with none of those running are a leak.
 */
function pinnedPages(s: KeyValueSection, ctx: RuleContext, memTotalBytes: number | undefined, pageSize: number): void {
  const id = 'vmstat/pinned-pages';
  const acquired = valueOf(s, 'nr_foll_pin_acquired');
  const released = valueOf(s, 'nr_foll_pin_released');
  if (acquired === undefined || released === undefined || acquired <= released) return;
  const bytes = (acquired - released) * pageSize;
  if (bytes < ctx.th(id, 'bytes')) return;
  const share = memTotalBytes ? `, ${P(bytes / memTotalBytes)} of MemTotal` : '';
  ctx.report(id, 'warning', s.index, lineOf(s, 'nr_foll_pin_acquired')!,
    `${N(acquired - released)} pages (${B(bytes)}${share}) are pinned now: nr_foll_pin_acquired ${N(acquired)} against nr_foll_pin_released ${N(released)}. A pinned page cannot be reclaimed, swapped, migrated or compacted. VFIO passthrough guests, RDMA memory registrations and io_uring fixed buffers hold pins while they run; if none of those is running, or the pins stay after the process that took them exits, a driver leaks them (GPU drivers have) and only a reboot or a fixed kernel gives the memory back.`,
    { related: [{ line: lineOf(s, 'nr_foll_pin_released')!, message: `released: ${N(released)}` }], data: { pages: acquired - released, bytes } });
}

/** Direct compaction (mm/compaction.c; compact_stall, compact_fail) that fails more often than it succeeds. */
function compaction(s: KeyValueSection, ctx: RuleContext): void {
  const id = 'vmstat/compaction-failing';
  const stall = valueOf(s, 'compact_stall');
  const fail = valueOf(s, 'compact_fail');
  if (stall === undefined || fail === undefined || !(stall >= ctx.th(id, 'stalls'))) return;
  const share = fail / stall;
  if (share * 100 < ctx.th(id, 'share')) return;
  const alloc = valueOf(s, 'thp_fault_alloc'); const fallback = valueOf(s, 'thp_fault_fallback');
  const thp = alloc !== undefined && fallback !== undefined && alloc + fallback > 0 ? ` Huge page faults got a huge page ${N(alloc)} times and fell back to small pages ${N(fallback)} times (${P(fallback / (alloc + fallback))}).` : '';
  ctx.report(id, 'warning', s.index, lineOf(s, 'compact_fail')!,
    `Direct compaction ran ${N(stall)} times since boot and failed ${N(fail)} of them (${P(share)}): allocations that need contiguous memory (transparent huge pages, network and driver buffers) stall while the kernel moves pages, then fall back or fail. Memory is fragmented, not short.${thp} Set /sys/kernel/mm/transparent_hugepage/defrag to madvise or defer so faults do not compact, let proactive compaction run (vm.compaction_proactiveness), or raise vm.min_free_kbytes.`,
    { related: ['compact_stall', 'thp_fault_fallback'].flatMap((k) => (lineOf(s, k) !== undefined ? [{ line: lineOf(s, k)!, message: `${k}: ${N(valueOf(s, k)!)}` }] : [])), data: { stalls: stall, fails: fail, share } });
}

/** numa_miss against numa_hit (mm/vmstat.c NUMA counters): the share of allocations their node could not serve. */
function numaMiss(s: KeyValueSection, ctx: RuleContext): void {
  const id = 'vmstat/numa-miss';
  const hit = valueOf(s, 'numa_hit');
  const miss = valueOf(s, 'numa_miss');
  if (hit === undefined || miss === undefined || !Number.isFinite(hit) || !Number.isFinite(miss) || miss <= 0) return;
  const all = hit + miss;
  // Fewer than a million allocations is a node that just booted: no share to judge.
  if (all < 1e6) return;
  const share = miss / all;
  const severity = share * 100 >= ctx.th(id, 'warning') ? 'warning' : share * 100 >= ctx.th(id, 'info') ? 'info' : undefined;
  if (!severity) return;
  const foreign = valueOf(s, 'numa_foreign');
  ctx.report(id, severity, s.index, lineOf(s, 'numa_miss')!,
    `${P(share)} of page allocations since boot (${N(miss)} of ${N(all)}) came from another NUMA node than the one asked for: a node ran short of free memory and its allocations spilled to the far node, which is slower to reach. Check each node's free memory (numastat -m) for what fills one node; a second capture tells whether it is still happening.`,
    { related: foreign !== undefined && lineOf(s, 'numa_foreign') !== undefined ? [{ line: lineOf(s, 'numa_foreign')!, message: `numa_foreign: ${N(foreign)} (the same spills, counted at the node that was asked)` }] : [], data: { share, miss, hit } });
}

/**
 * vmstat alone has no MemTotal: the pages it counts (free, the LRU lists, slab, page tables;
 * include/linux/mmzone.h node and zone stat items) stand in for it. Every input must be present.
 */
function unreclaimableSlab(s: KeyValueSection, ctx: RuleContext): void {
  const id = 'vmstat/slab-unreclaimable-high';
  const keys = ['nr_free_pages', 'nr_active_anon', 'nr_inactive_anon', 'nr_active_file', 'nr_inactive_file', 'nr_slab_reclaimable', 'nr_slab_unreclaimable'];
  const v = keys.map((k) => valueOf(s, k));
  if (v.some((x) => x === undefined || !Number.isFinite(x))) return;
  const [free, aa, ia, af, inf, srec, sun] = v as number[];
  const counted = free + aa + ia + af + inf + srec + sun + (valueOf(s, 'nr_unevictable') ?? 0) + (valueOf(s, 'nr_page_table_pages') ?? 0);
  if (!counted || !sun) return;
  const share = sun / counted;
  const anon = aa + ia;
  const rivals = sun >= 0.9 * anon && share * 100 > ctx.th(id, 'rival');
  if (share * 100 <= ctx.th(id, 'warning') && !rivals) return;
  const page = ctx.pageSize;
  ctx.report(id, 'warning', s.index, lineOf(s, 'nr_slab_unreclaimable')!,
    `Unreclaimable slab holds ${B(sun * page)} (${N(sun)} pages), ${P(share)} of the ${B(counted * page)} this vmstat counts${rivals ? (sun <= 1.5 * anon ? `, about as much as all anonymous memory (${B(anon * page)})` : `, ${sun >= 10 * anon ? `${N(Math.round(sun / Math.max(anon, 1)))} ×` : 'more than'} all anonymous memory (${B(anon * page)})`) : ''}. Reclaim cannot free it and no process's RSS shows it; a container's working set counts only the part charged to that container. Capture /proc/meminfo and /proc/slabinfo on the same host to find the cache; a second capture shows whether it grows.`,
    { related: ['nr_anon_pages', 'nr_free_pages'].flatMap((k) => (lineOf(s, k) !== undefined ? [{ line: lineOf(s, k)!, message: `${k}: ${N(valueOf(s, k)!)} pages` }] : [])), data: { bytes: sun * page, share } });
}
