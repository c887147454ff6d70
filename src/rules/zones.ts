/**
 * buddyinfo and zoneinfo rules: is free memory there in blocks large enough (mm/page_alloc.c, the buddy
 * allocator), and is any zone below the watermarks that wake kswapd (low) or make allocations reclaim
 * themselves (min) (Documentation/admin-guide/sysctl/vm.rst, min_free_kbytes and watermark_scale_factor).
 */
import type { BuddyZone, OpaqueSection } from '../model';
import { buddyFree, largestFreeOrder } from '../analysis/zoneMetrics';
import { formatBytes as B, formatCount as N, formatPercent as P } from '../humanFormat';
import type { RuleContext } from './context';

/** Orders of the page allocation failures in the same document, for the buddyinfo story. */
export interface ZoneFacts { failedOrders?: { order: number; line: number }[] }

/** A transparent huge page is a block of the pageblock order: 9 with 4 KiB pages (2 MiB). */
const HUGE_ORDER = 9;

/** pagetypeinfo's block census: a large zone whose pageblocks are mostly Unmovable (mm/vmstat.c pagetypeinfo_showblockcount). */
function unmovableRule(s: OpaqueSection, ctx: RuleContext): void {
  const id = 'buddyinfo/unmovable-pageblocks';
  const blockBytes = 2 ** (s.pageblockOrder ?? HUGE_ORDER) * ctx.pageSize;
  const hit = (s.pageblocks ?? []).map((z) => ({ z, total: Object.values(z.byType).reduce((t, n) => t + n, 0), unmovable: z.byType.Unmovable ?? 0 }))
    .filter((x) => x.total * blockBytes >= 2 ** 30 && x.unmovable / x.total * 100 > ctx.th(id, 'share'))
    .sort((a, b) => b.unmovable - a.unmovable);
  if (!hit.length) return;
  // One finding for the census, on the zone with the most unmovable blocks; the others are named beside it.
  const [top, ...rest] = hit;
  const others = rest.length ? ` ${rest.map((x) => `Zone ${x.z.zone} too: ${N(x.unmovable)} of ${N(x.total)} (${P(x.unmovable / x.total)})`).join('; ')}.` : '';
  ctx.report(id, 'warning', s.index, top.z.line,
    `Node ${top.z.node} zone ${top.z.zone}: ${N(top.unmovable)} of its ${N(top.total)} pageblocks (${P(top.unmovable / top.total)}, ${B(top.unmovable * blockBytes)}) are Unmovable, against ${N(top.z.byType.Movable ?? 0)} Movable.${others} Kernel memory that can never move (slab, driver or balloon pages, page tables) is spread over most of the zone: compaction cannot build huge pages there, and reclaim cannot free it. Set it beside meminfo (memory in no counter of a like size points at a balloon or another driver).`,
    { related: rest.map((x) => ({ line: x.z.line, message: `${x.z.zone}: ${N(x.unmovable)} Unmovable pageblocks` })), data: { unmovable: top.unmovable, total: top.total, bytes: top.unmovable * blockBytes } });
}

export function buddyinfoRules(s: OpaqueSection, ctx: RuleContext, facts: ZoneFacts = {}): void {
  unmovableRule(s, ctx);
  const zones = s.buddy ?? [];
  if (!zones.length) return;
  const id = 'buddyinfo/fragmented';
  const fromOrder = ctx.th(id, 'order');
  const failed = (facts.failedOrders ?? []).filter((f) => f.order > 0);
  // An allocation falls back from zone to zone on its node (Normal → DMA32), so the node is judged over all
  // its zones; the finding sits on the zone with the most free memory.
  const nodes = new Map<number, BuddyZone[]>();
  for (const z of zones) (nodes.get(z.node) ?? nodes.set(z.node, []).get(z.node)!).push(z);
  for (const list of nodes.values()) {
    const z = list.reduce((a, b) => (buddyFree(b) > buddyFree(a) ? b : a));
    const free = list.reduce((t, x) => t + buddyFree(x), 0);
    if (free <= 0) continue;
    const high = list.reduce((t, x) => t + buddyFree(x, fromOrder), 0);
    const share = high / free;
    const largest = Math.max(...list.map(largestFreeOrder));
    const unmet = failed.filter((f) => largest < f.order);
    // Huge pages need a free block of the pageblock order (9 with 4 KiB pages: 2 MiB). With a gigabyte free and
    // under 5 % of it in such blocks, nearly every THP fault and khugepaged collapse compacts first.
    const hugeFree = list.reduce((t, x) => t + buddyFree(x, HUGE_ORDER), 0);
    const thpStarved = free * ctx.pageSize >= 2 ** 30 && hugeFree / free < 0.05;
    if (share * 100 >= ctx.th(id, 'share') && !unmet.length && !thpStarved) continue;
    // No block above PAGE_ALLOC_COSTLY_ORDER (3) on the whole node: every larger allocation there compacts
    // first, and one that may not sleep (GFP_ATOMIC: network receive buffers, some drivers) fails outright.
    // DMA (the first 16 MiB) is held back by lowmem_reserve from nearly every allocation: its blocks do not count.
    const none = list.filter((x) => x.zone !== 'DMA').reduce((t, x) => t + buddyFree(x, fromOrder), 0) === 0 && list.some((x) => x.zone !== 'DMA');
    // Nearly all of a sizeable free pool in blocks of 32 KiB or less: compaction has next to nothing to start from.
    const shattered = !none && share * 100 < ctx.th(id, 'severe') && free * ctx.pageSize >= 256 * 2 ** 20;
    const where = list.length > 1 ? ` (${list.map((x) => x.zone).join(', ')})` : ` zone ${z.zone}`;
    const head = `Node ${z.node}${where}: ${B(free * ctx.pageSize)} free, ${share * 100 >= ctx.th(id, 'share') ? '' : 'but only '}${P(share)} of it in blocks of order ${fromOrder} (${B(2 ** fromOrder * ctx.pageSize)}) or more; the largest free block is order ${largest} (${B(2 ** largest * ctx.pageSize)}).`;
    const why = unmet.length ? ` The page allocation failure of order ${unmet[0].order} in this document needed a block no zone of this node has.`
      : none ? ` ${list.some((x) => x.zone === 'DMA' && buddyFree(x, fromOrder) > 0) ? 'Apart from DMA (kept for the few allocations that need it), no' : 'No'} zone of this node has a single free block of order ${fromOrder} or more: every allocation that large compacts memory first, and one that cannot wait (atomic: network buffers, drivers) fails with a page allocation failure.`
      : shattered ? ` ${P(1 - share)} of the free memory is in blocks below order ${fromOrder}: nearly every larger allocation on this node compacts first, and atomic ones (network buffers, drivers) fail.`
      : '';
    const thp = thpStarved ? ` Only ${B(hugeFree * ctx.pageSize)} of it is in blocks of order ${HUGE_ORDER} (${B(2 ** HUGE_ORDER * ctx.pageSize)}) or more, the size of a transparent huge page: every huge page fault and khugepaged collapse must compact first (latency, and kcompactd/khugepaged CPU).` : '';
    // THP starvation alone stays information: the free lists do not say whether huge pages are in use.
    ctx.report(id, unmet.length || none || shattered ? 'warning' : 'info', s.index, z.line,
      `${head}${why}${thp} Memory is fragmented: large contiguous allocations (huge pages, network buffers) must wait for compaction. vm.compaction_proactiveness, a higher vm.min_free_kbytes, or a reboot of a long-lived node help.`,
      { related: unmet.map((f) => ({ line: f.line, message: `allocation failure of order ${f.order}` })), data: { freeBytes: free * ctx.pageSize, share, largestOrder: largest } });
  }
}

/** How a zone is named in a message; a zone whose `Node N, zone NAME` line was cut off says so. */
function zoneLabel(z: { node: number; zone: string; headless?: boolean }): string {
  return z.headless ? 'A zone whose "Node N, zone NAME" line is not in the capture' : `Node ${z.node} zone ${z.zone}`;
}

export function zoneinfoRules(s: OpaqueSection, ctx: RuleContext): void {
  for (const z of s.zones ?? []) {
    if (z.free === undefined || z.min === undefined || z.low === undefined || !(z.managed ?? z.present ?? 1)) continue;
    // Watermarks above the zone's own size come from a managed count gone below zero (printed unsigned): nothing to judge.
    if (z.min > (z.present ?? z.spanned ?? Infinity)) continue;
    const below: 'min' | 'low' | undefined = z.free < z.min ? 'min' : z.free < z.low ? 'low' : undefined;
    if (!below) continue;
    const w = (pages: number) => `${pages} pages (${B(pages * ctx.pageSize)})`;
    // kswapd reclaims until free is above high; a zone whose LRU lists hold less than that gap never gets there,
    // and kswapd spins on it (mm/vmscan.c balance_pgdat; pgdat_balanced is never true).
    const gap = (z.high ?? z.low) - z.free;
    if (z.lru && z.lru.anon + z.lru.file < gap) {
      ctx.report('zoneinfo/below-watermark', 'warning', s.index, z.freeLine ?? z.line,
        `${zoneLabel(z)} has ${w(z.free)} free, below its ${below} watermark of ${w(z[below]!)}, and its LRU lists hold only ${z.lru.file} file and ${z.lru.anon} anonymous pages: less than the ${w(gap)} kswapd must free to reach high. Reclaim cannot balance this zone, so kswapd${z.node !== undefined ? `${z.node}` : ''} runs without end (a CPU at 100 %) and allocations here stall. The memory is held outside the LRU: huge pages reserved on this node (nr_hugepages), slab, or a driver. Release hugepages on the node (/sys/devices/system/node/node${z.node}/hugepages), or lower what pins it.`,
        { data: { freePages: z.free, minPages: z.min, lowPages: z.low, lruPages: z.lru.anon + z.lru.file } });
      continue;
    }
    // A zone of a few MiB beside a big one on the same node (a sliver of Normal above 4 GiB): for order-0 requests
    // zone-based kswapd (before 4.8) had to balance every zone (mm/vmscan.c pgdat_balanced, "For order-0, all
    // zones must be balanced"), so it spins on the sliver while its neighbour has plenty free.
    const size = (x: typeof z) => x.managed ?? x.present ?? 0;
    const node = (s.zones ?? []).filter((x) => x.node === z.node);
    const nodeSize = node.reduce((t, x) => t + size(x), 0);
    const roomy = node.filter((x) => x !== z && x.free !== undefined && x.high !== undefined && x.free > x.high && x.free * ctx.pageSize >= 64 * 2 ** 20 && x.zone !== 'DMA')
      .sort((a, b) => b.free! - a.free!)[0];
    if (roomy && size(z) > 0 && size(z) < 0.01 * nodeSize) {
      ctx.report('zoneinfo/below-watermark', 'warning', s.index, z.freeLine ?? z.line,
        `${zoneLabel(z)} has ${w(z.free)} free, below its ${below} watermark of ${w(z[below]!)}, but the zone is tiny: ${w(size(z))} managed, ${P(size(z) / nodeSize)} of the node, while ${roomy.zone} has ${w(roomy.free!)} free, above its high watermark. The node is not short of memory. Kernels before 4.8 balance every zone for order-0 requests, so kswapd${z.node ?? ''} keeps reclaiming for this sliver and never sleeps (a CPU at 100 %, kswapd_high_wmark_hit_quickly and pageoutrun climbing in /proc/vmstat). A newer kernel, or a memory map without the sliver (mem= or a BIOS setting), ends it.`,
        { related: [{ line: roomy.freeLine ?? roomy.line, message: `${roomy.zone}: ${w(roomy.free!)} free` }], data: { freePages: z.free, minPages: z.min, lowPages: z.low, managedPages: size(z) } });
      continue;
    }
    ctx.report('zoneinfo/below-watermark', below === 'min' ? 'warning' : 'info', s.index, z.freeLine ?? z.line,
      below === 'min'
        ? `${zoneLabel(z)} has ${w(z.free)} free, below its min watermark of ${w(z.min)}: allocations in this zone reclaim or compact memory themselves (direct reclaim stalls) and only atomic allocations may dip into the reserve. Look at memory PSI and allocstall in vmstat at the same time.${roomy ? ` ${roomy.zone} still has ${w(roomy.free!)} free, above its high watermark: allocations that may use it fall back there.` : ''}`
        : `${zoneLabel(z)} has ${w(z.free)} free, below its low watermark of ${w(z.low)}: kswapd is awake and reclaiming until the zone is above high (${z.high !== undefined ? w(z.high) : 'unknown'}). Normal under load; it matters when it lasts (compare captures, pgscan_kswapd in vmstat).${roomy ? ` The node is not short: ${roomy.zone} has ${w(roomy.free!)} free, above its high watermark, and allocations fall back to it.` : ''}`,
      { ...(roomy ? { related: [{ line: roomy.freeLine ?? roomy.line, message: `${roomy.zone}: ${w(roomy.free!)} free` }] } : {}), data: { freePages: z.free, minPages: z.min, lowPages: z.low } });
  }
}
