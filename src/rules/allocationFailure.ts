/**
 * Page allocation failures (mm/page_alloc.c warn_alloc, mm/vmalloc.c): what was asked, what the report's own
 * Mem-Info and buddy lists say of it (fragmentation or shortage, CMA the request may not use), and who asked.
 */
import type { AllocationFailure, OomReportSection } from '../model';
import { allocCallerText, callerName } from '../knowledge/allocCallers';
import { gfpZoneFlags } from '../knowledge/gfp';
import { formatBytes as B, formatCount as N } from '../humanFormat';
import type { RuleContext } from './context';

const kB = (n: number) => B(n * 1024);

/**
 * SLUB failures no report went with (mm/slub.c slab_out_of_memory): the cache that could not grow, and what it
 * already held (slabs × 2^order pages). One cache of gigabytes is where the memory went.
 */
function slubGrowthRule(s: OomReportSection, ctx: RuleContext): void {
  const held = (f: NonNullable<OomReportSection['slubFailures']>[number]) => (f.slabs !== undefined && f.order !== undefined ? f.slabs * 2 ** f.order * ctx.pageSize : undefined);
  const top = [...(s.slubFailures ?? [])].filter((f) => f.cache !== '?').sort((a, b) => (held(b) ?? 0) - (held(a) ?? 0))[0];
  if (!top) return;
  const bytes = held(top);
  const big = bytes !== undefined && bytes >= 2 ** 30;
  // After a page allocation failure, SLUB's lines are its echo (the slab could not get that page): said by that failure.
  if (!big && (s.allocationFailures?.length || s.events.length)) return;
  ctx.report('oom-report/allocation-failure', big ? 'warning' : 'info', s.index, top.line,
    `SLUB could not grow the slab cache ${top.cache}${top.gfp ? ` (gfp ${top.gfp})` : ''}: a kernel allocation failed and its caller saw ENOMEM; no process was killed for it.${bytes !== undefined ? ` The cache already held ${N(top.slabs!)} slabs of ${B(2 ** top.order! * ctx.pageSize)} (order ${top.order}), ${B(bytes)}${top.objs !== undefined ? `, ${N(top.objs)} objects${top.bufferSize ? ` of ${B(top.bufferSize)}` : ''} with ${N(top.freeObjs ?? 0)} free` : ''}.` : ''}${big ? ` One cache that large is where the memory went: whatever allocates ${top.cache} (its name says the subsystem or module) is leaking, not user space. /proc/slabinfo over time shows it grow; unloading the module or a reboot gives it back.` : ''}`,
    { data: { ...(bytes !== undefined ? { bytes } : {}), slabs: top.slabs ?? -1 } });
}

export function allocationFailureRules(s: OomReportSection, ctx: RuleContext): void {
  slubGrowthRule(s, ctx);
  for (const f of s.allocationFailures ?? []) {
    if (f.vmallocBytes === 0) {
      // mm/vmalloc.c __vmalloc_node_range refuses a zero size before it looks for memory: the caller's size is wrong.
      ctx.report('oom-report/allocation-failure', 'warning', s.index, f.line,
        `${f.task ?? 'A task'} asked vmalloc for 0 bytes (mode ${f.mode}), which the kernel refuses before it looks for memory: a bug in the caller, whose size came out as zero, not a shortage (whatever the report says of free memory). The caller saw ENOMEM; ${f.caller ? `the call trace names ${f.caller} as the caller: report it upstream.` : 'the call trace names the caller (a driver, usually) to report upstream.'}`,
        { data: { bytes: 0 } });
      continue;
    }
    const purpose = f.caller ? allocCallerText(f.caller) : undefined;
    const from = f.caller ? ` The call trace names ${callerName(f.caller)} as the caller${purpose ? `: ${purpose}` : ''}.` : '';
    if (f.vmallocBytes !== undefined && f.vmapSpaceLine !== undefined) {
      // The vmalloc range is a fixed window of kernel addresses (about 120 MiB on 32-bit x86 by default).
      ctx.report('oom-report/allocation-failure', 'warning', s.index, f.line,
        `${f.task ?? 'A task'} could not vmalloc ${B(f.vmallocBytes)} (mode ${f.mode}) because the kernel's vmalloc address range is full, not memory: "vmap allocation … failed: use vmalloc=<size>" (line ${f.vmapSpaceLine + 1}) says no room was left in that window, which is small on 32-bit kernels (about 120 MiB by default). Boot with a larger vmalloc= (at the cost of low memory), find what holds the vmalloc space (/proc/vmallocinfo), or move to a 64-bit kernel.${from}`,
        { related: [{ line: f.vmapSpaceLine, message: 'vmap allocation failed' }], data: { bytes: f.vmallocBytes, addressSpace: 1 } });
      continue;
    }
    if (f.vmallocBytes !== undefined) {
      ctx.report('oom-report/allocation-failure', 'warning', s.index, f.line,
        `${f.task ?? 'A task'} could not vmalloc ${B(f.vmallocBytes)} (mode ${f.mode}). vmalloc needs no contiguous memory, so this is not fragmentation: the node (or the task's cgroup, whose kernel memory is charged) had no pages to give, or the allocation was not allowed to retry (__GFP_NORETRY). No process was killed for it; the caller saw ENOMEM.${from}`,
        { data: { bytes: f.vmallocBytes } });
      continue;
    }
    const bytes = 2 ** f.order * ctx.pageSize;
    // mode 0x0 asks for nothing, not even to wait: in every kernel's layout an allocation that may not sleep (old GFP_NOWAIT).
    const noFlags = /^0x0+$/.test(f.mode);
    const atomic = /GFP_ATOMIC|GFP_NOWAIT/.test(f.mode) || noFlags;
    const cma = cmaShare(f);
    if (f.order === 0 && cma && !gfpZoneFlags(f.mode).movable && cma.cmaKb * 2 >= cma.freeKb) {
      // CMA pageblocks serve movable allocations only (mm/page_alloc.c: ALLOC_CMA is set for movable requests).
      ctx.report('oom-report/allocation-failure', 'warning', s.index, f.line,
        `${f.task ?? 'A task'} could not get a single page (order 0, mode ${f.mode}) while ${kB(cma.freeKb)} was free: ${kB(cma.cmaKb)} of it is in CMA blocks (${cma.from}), which only movable allocations may use, and this one is not movable, so ${kB(Math.max(0, cma.freeKb - cma.cmaKb))} was left to it. Not a lack of memory but of the right kind: a smaller CMA area (the cma= boot parameter or the device tree's reserved region) or a higher vm.min_free_kbytes leaves more for the kernel's own allocations.${from}`,
        { data: { order: 0, cmaKb: cma.cmaKb, freeKb: cma.freeKb } });
      continue;
    }
    if (f.stallMs !== undefined) { allocationStall(s, f, ctx, from); continue; }
    if (f.order === 0) {
      // A single page: no contiguity is asked, so this is no fragmentation but a zone with nothing above its watermark.
      const lists = buddyAtOrder(f, ctx.pageSize / 1024);
      // The high-order atomic reserve ((H) blocks, mm/page_alloc.c reserve_highatomic_pageblock) serves high-order
      // atomic requests only; an order-0 request never falls back into it (the fallback lists leave it out).
      if (lists && lists.freeKb > 0 && lists.highAtomicKb >= 0.9 * lists.freeKb) {
        const usableZones = (f.zones ?? []).filter((z) => lists.names.includes(z.zone));
        const above = usableZones.filter((z) => z.freeKb > z.minKb);
        ctx.report('oom-report/allocation-failure', 'warning', s.index, f.line,
          `${f.task ?? 'A task'} could not get a single page (order 0, mode ${f.mode}): ${lists.highAtomicKb >= lists.freeKb ? 'every' : 'nearly every'} free block of ${lists.zones} was in the high-order atomic reserve (${kB(lists.highAtomicKb)} of ${kB(lists.freeKb)} in (H) blocks in the buddy lists), which only high-order atomic allocations take from; an order-0 request never does, and the kernel gives the reserve back only after reclaim has failed, which ${atomic ? 'an allocation that may not sleep cannot wait for' : 'had not happened yet'}.${above.length ? ` The zone lines still count those pages as free (${above.map((z) => `${z.zone} ${kB(z.freeKb)} against min ${kB(z.minKb)}`).join(', ')}), so the watermark check passed with nothing left to take.` : ''} Not fragmentation: the rest of memory was in use; look at what fills it (the Mem-Info lines of the report).${from}`,
          { data: { order: 0, bytes, freeKb: lists.freeKb, highAtomicKb: lists.highAtomicKb } });
        continue;
      }
      // The zone lines of the zones the request may use (the buddy lines' zones).
      const usable = (f.zones ?? []).filter((z) => lists?.names.includes(z.zone));
      const counted = usable.reduce((t, z) => t + z.freeKb, 0);
      const unmanaged = usable.length > 0 && usable.every((z) => z.countersKb?.managed === 0);
      // The buddy lines are summed from the free lists under the zone lock when the report is written; the zone lines'
      // free: is the NR_FREE_PAGES counter, which each CPU updates in batches (mm/vmstat.c stat_threshold), so it lags.
      const lagging = counted > usable.reduce((t, z) => t + z.minKb, 0);
      const empty = lists !== undefined && lists.freeKb === 0;
      const look = empty && unmanaged
        ? ` The report's zone lines say why: ${lists.zones} manages no memory at all (managed:0kB${usable[0].countersKb?.present ? ` of present:${usable[0].countersKb.present}kB` : ''}), so its free lists are empty however much the other zones hold: a boot-time layout problem (the zone's range, mem= or a kernel change), not memory pressure.`
        : empty
        ? ` The report's buddy lists say so: ${lists.zones} held no free block at all (0 kB)${lagging ? `, although its zone lines count ${kB(counted)} free, above min: that counter is updated by each CPU in batches and lags the lists, which are what an allocation takes from` : ''}. Look at reclaim (kswapd, swap that stays unused) and at what fills memory.`
        : ' Memory pressure, then: look at free against min in the report\'s zone lines, at reclaim (kswapd, swap that stays unused) and at what fills memory.';
      ctx.report('oom-report/allocation-failure', 'warning', s.index, f.line,
        `${f.task ?? 'A task'} could not get a single page (order 0, mode ${f.mode}${noFlags ? ': no flag, so it could not sleep' : ''}). That is not fragmentation: the zones it may use had no free page above their watermarks${/NOMEMALLOC/.test(f.mode) ? ', and __GFP_NOMEMALLOC kept it out of the reserves' : atomic ? ', and an allocation that may not sleep cannot reclaim' : ''}.${look}${from}`,
        { data: { order: 0, bytes, ...(lists ? { freeKb: lists.freeKb } : {}) } });
      continue;
    }
    const costly = f.order > 3;
    const keptOf = (b: ReturnType<typeof buddyAtOrder>) => b?.kept ? `; lowmem_reserve keeps ${b.kept.names.join(' and ')}'s ${kB(b.kept.freeKb)} free from this request` : '';
    const frag = buddyAtOrder(f, ctx.pageSize / 1024);
    // The report's own buddy lists: plenty free, almost none of it in blocks this large.
    const fragmented = frag !== undefined && frag.freeKb >= 64 * bytes / 1024 && frag.largeKb < 0.02 * frag.freeKb;
    const kept = keptOf(frag);
    // The zone lines of the zones the request may use: above min there, the zones were not short as a whole.
    const zoneLines = (f.zones ?? []).filter((z) => frag?.names.includes(z.zone));
    const aboveMin = zoneLines.length > 0 && zoneLines.every((z) => z.freeKb > z.minKb);
    // Kernels before 4.4 also failed an order-N request whose free memory, less each smaller order's blocks in
    // turn, fell under min halved once per order (mm/page_alloc.c __zone_watermark_ok; 4.4 checks order 0 only).
    const oldCheckFails = aboveMin && zoneLines.every((z) => {
      const b = f.buddyZones?.find((x) => x.zone === z.zone && x.node === z.node);
      if (!b) return false;
      let free = z.freeKb - (2 ** f.order - 1) * (ctx.pageSize / 1024);
      let min = z.minKb;
      if (free <= min) return true;
      for (let o = 0; o < f.order; o++) { free -= b.byOrderKb[o] ?? 0; min /= 2; if (free <= min) return true; }
      return false;
    });
    // Without buddy lists, Mem-Info's free count still says whether memory itself was short.
    const freePages = f.memInfoPages?.free;
    const short = frag === undefined && freePages !== undefined && freePages * ctx.pageSize < 4 * bytes;
    const why = costly ? ` Above order 3 (PAGE_ALLOC_COSTLY_ORDER) the kernel gives up rather than invoke the OOM killer${short ? '' : ', so this is fragmentation more often than shortage'}.`
      : atomic ? ' It was not allowed to sleep, so it could neither reclaim nor compact.' : '';
    const evidence = short ? ` Mem-Info shows only ${B(freePages! * ctx.pageSize)} free in all (free:${freePages} pages), under four times what was asked: memory itself was short, not only large blocks of it. Look at what holds it (slab_unreclaimable and the LRU counts in the same lines).`
      : frag === undefined ? ` Free memory can be plentiful while no free block is large enough: check /proc/buddyinfo for free blocks of order ${f.order} and above.`
      : fragmented ? ` The report's buddy lists show why: ${frag.zones} had ${kB(frag.freeKb)} free, but only ${kB(frag.largeKb)} of it in blocks of ${B(bytes)} or more${kept}. Fragmentation, not a shortage.`
      : frag.largeKb < 0.02 * frag.freeKb ? ` The report's buddy lists show little free at all (${frag.zones}, ${kB(frag.freeKb)}), ${kB(frag.largeKb)} of it in blocks of ${B(bytes)} or more: a shortage of memory first, then of large blocks; look at what fills memory.`
      : oldCheckFails ? ` The report's buddy lists show ${kB(frag.largeKb)} free in blocks of ${B(bytes)} or more (${frag.zones}, ${kB(frag.freeKb)} free in all${kept}) and the zone lines show each above its min watermark, but nearly all of that free memory is in smaller blocks: before 4.4 an order-${f.order} request also needs the free memory left after each smaller order's blocks to stay above min halved once per order (mm/page_alloc.c __zone_watermark_ok), and no zone passed. Fragmentation, not a shortage.`
      : aboveMin ? ` The report's buddy lists show ${kB(frag.largeKb)} free in blocks of ${B(bytes)} or more (${frag.zones}, ${kB(frag.freeKb)} free in all${kept}), and the zone lines show each above its min watermark: the blocks were there when the report was written, so the request gave up early (its mode${/NORETRY|NOWARN/.test(f.mode) ? ' allows no retry' : ' limits how hard it tries'}) or lost a race for them, rather than finding memory short.`
      : ` The report's buddy lists show ${kB(frag.largeKb)} free in blocks of ${B(bytes)} or more (${frag.zones}, ${kB(frag.freeKb)} free in all${kept}): blocks that large existed, so the zones were short of free memory as a whole (below their watermarks), not only fragmented.`;
    // A machine under 1 GiB (the report's `N pages RAM`): large blocks are scarce there, and a higher min_free_kbytes costs a
    // share of it that a big machine would not notice; the buffer's owner is the better place to fix it.
    const ram = f.ramPages ? f.ramPages * ctx.pageSize : undefined;
    const small = ram !== undefined && ram < 2 ** 30;
    const size = small ? ` The machine is small: ${B(ram!)} of RAM (${f.ramPages} pages${f.reservedPages ? `, ${f.reservedPages} of them reserved` : ''})${f.balloonKb ? `, ${kB(f.balloonKb)} of it ballooned out to the hypervisor` : ''}. A block of ${B(bytes)} is scarce on that little memory, and raising vm.min_free_kbytes would cost a share of it: have the driver allocate its buffer once at start or a smaller one, or give the machine more memory.` : '';
    const advice = short || small ? '' : ' A higher vm.min_free_kbytes and compaction (echo 1 > /proc/sys/vm/compact_memory; vm.compaction_proactiveness from 5.9) keep larger blocks free.';
    ctx.report('oom-report/allocation-failure', costly || atomic || fragmented || oldCheckFails ? 'warning' : 'info', s.index, f.line,
      `${f.task ?? 'A task'} could not get ${B(bytes)} of contiguous memory (order ${f.order}, mode ${f.mode}): the allocation failed and its caller saw ENOMEM; this is not an OOM kill.${why}${evidence}${f.swapTotalKb && f.swapFreeKb !== undefined && f.swapFreeKb <= 0.02 * f.swapTotalKb ? ` Swap was full too (${kB(f.swapFreeKb)} free of ${kB(f.swapTotalKb)}).` : ''}${size}${advice}${from}`,
      { data: { order: f.order, bytes, ...(frag ? { freeKb: frag.freeKb, largeKb: frag.largeKb } : {}) } });
  }
}

/**
 * warn_alloc's "page allocation stalls for Nms" (mm/page_alloc.c __alloc_pages_slowpath, 4.9 to 4.14): written once an
 * allocation has retried for 10 s and every 10 s after; the allocation had not failed. Every allocating task stalls alike.
 */
function allocationStall(s: OomReportSection, f: AllocationFailure, ctx: RuleContext, from: string): void {
  const bytes = 2 ** f.order * ctx.pageSize;
  const pages = (n: number | undefined) => (n === undefined ? undefined : n * ctx.pageSize);
  const lists = buddyAtOrder(f, ctx.pageSize / 1024);
  const zones = (f.zones ?? []).filter((z) => !lists || lists.names.includes(z.zone));
  const below = zones.filter((z) => z.freeKb <= z.minKb);
  const mi = f.memInfoPages;
  const file = mi && mi.active_file !== undefined && mi.inactive_file !== undefined ? pages(mi.active_file + mi.inactive_file) : undefined;
  const anon = mi && mi.active_anon !== undefined && mi.inactive_anon !== undefined ? pages(mi.active_anon + mi.inactive_anon) : undefined;
  const shmem = pages(mi?.shmem);
  const ram = f.ramPages ? f.ramPages * ctx.pageSize : undefined;
  const held = file !== undefined && anon !== undefined
    ? ` Page cache was down to ${B(file)}${ram && file < 0.02 * ram ? ` (under 2 % of ${B(ram)}: programs re-read their own code from disk)` : ''} while anonymous memory held ${B(anon)}${shmem ? ` and shmem (tmpfs) ${B(shmem)}` : ''}: the working set did not fit.`
    : '';
  const swap = f.swapTotalKb ? ` Swap: ${kB(f.swapFreeKb ?? 0)} free of ${kB(f.swapTotalKb)}.` : '';
  ctx.report('oom-report/allocation-stall', 'warning', s.index, f.line,
    `${f.task ?? 'A task'} had waited ${(f.stallMs! / 1000).toFixed(1)} s for ${f.order === 0 ? 'a single page' : `${B(bytes)} of contiguous memory`} (order ${f.order}, mode ${f.mode}) and was still trying: direct reclaim and retries took that long, and every task that allocated then stalled alike, so the machine was thrashing close to an OOM, with no process killed yet.${below.length ? ` ${below.map((z) => `Zone ${z.zone} had ${kB(z.freeKb)} free, at or under its min watermark of ${kB(z.minKb)}`).join('; ')}.` : ''}${held}${swap} Find what holds memory (the largest RSS, shmem) or add memory; an early OOM kill (earlyoom, systemd-oomd, memory.high on the heavy cgroup) ends such a stall sooner than the kernel does.${from}`,
    { data: { order: f.order, bytes, stallMs: f.stallMs! } });
}

/** How much of the free memory a failure's report shows is CMA: from the zone lines' free_cma, else the buddy lists' `(C)` blocks. */
function cmaShare(f: AllocationFailure): { freeKb: number; cmaKb: number; from: string } | undefined {
  const zones = f.zones?.filter((z) => z.freeCmaKb !== undefined);
  if (zones?.length) return { freeKb: zones.reduce((t, z) => t + z.freeKb, 0), cmaKb: zones.reduce((t, z) => t + z.freeCmaKb!, 0), from: 'free_cma in the zone lines' };
  const buddy = f.buddyZones?.filter((z) => z.freeKb > 0);
  if (buddy?.length) return { freeKb: buddy.reduce((t, z) => t + z.freeKb, 0), cmaKb: buddy.reduce((t, z) => t + z.cmaOnlyKb, 0), from: 'the buddy lists\' (C) blocks' };
  return undefined;
}

/** The zone a request aims at: its highest allowed zone among those the report printed (knowledge/gfp.ts). */
function targetZone(mode: string, printed: string[]): string | undefined {
  const g = gfpZoneFlags(mode);
  if (g.dma) return 'DMA';
  if (g.dma32) return printed.includes('DMA32') ? 'DMA32' : undefined;
  const allowed = printed.filter((z) => (z !== 'HighMem' && z !== 'Movable') || (g.highmem && (z === 'HighMem' || (z === 'Movable' && g.movable))));
  return allowed[allowed.length - 1];
}

/**
 * Zones a lower-zone fallback may not use: a zone keeps lowmem_reserve[target] pages back from requests aimed at
 * a higher zone (mm/page_alloc.c setup_per_zone_lowmem_reserve, checked in zone_watermark_ok), so a zone whose free
 * memory is under min + that reserve serves none of it. The reserve line is indexed by zone; the printed zones are
 * taken in order, which holds when the target zone's own entry is 0.
 */
function protectedZones(f: AllocationFailure, pageKb: number): Set<string> {
  const out = new Set<string>();
  const byNode = new Map<number, NonNullable<AllocationFailure['zones']>>();
  for (const z of f.zones ?? []) { const n = z.node ?? 0; if (!byNode.has(n)) byNode.set(n, []); byNode.get(n)!.push(z); }
  for (const [node, zones] of byNode) {
    const printed = zones.map((z) => z.zone);
    const target = targetZone(f.mode, printed);
    if (!target) continue;
    const ti = printed.indexOf(target);
    if (zones[ti].reservePages?.[ti] !== 0) continue;
    for (let i = 0; i < ti; i++) {
      const r = zones[i].reservePages?.[ti];
      if (r !== undefined && zones[i].freeKb <= zones[i].minKb + r * pageKb) out.add(`${node}:${zones[i].zone}`);
    }
    for (let i = ti + 1; i < zones.length; i++) out.add(`${node}:${zones[i].zone}`);
  }
  return out;
}

/**
 * Free memory in the failure's buddy lists, and how much of it is in blocks of the order asked for or larger,
 * over the zones the mode allows: __GFP_DMA (bit 0x01 in every kernel's gfp layout) allows the DMA zone only,
 * and a lower zone whose lowmem_reserve keeps its free memory from this request is left out (said in `kept`).
 */
function buddyAtOrder(f: AllocationFailure, pageKb = 4): { zones: string; names: string[]; freeKb: number; largeKb: number; highAtomicKb: number; kept?: { names: string[]; freeKb: number } } | undefined {
  const dmaOnly = gfpZoneFlags(f.mode).dma;
  const fenced = dmaOnly ? new Set<string>() : protectedZones(f, pageKb);
  const all = (f.buddyZones ?? []).filter((z) => !dmaOnly || z.zone === 'DMA');
  const zones = all.filter((z) => !fenced.has(`${z.node ?? 0}:${z.zone}`));
  if (!zones.length) return undefined;
  const names = [...new Set(zones.map((z) => z.zone))];
  const keptZones = all.filter((z) => fenced.has(`${z.node ?? 0}:${z.zone}`) && z.freeKb > 0);
  return {
    zones: names.length === 1 ? `zone ${names[0]}${dmaOnly ? ' (the only one __GFP_DMA allows)' : ''}` : `zones ${names.join(', ')}`,
    names,
    freeKb: zones.reduce((t, z) => t + z.freeKb, 0),
    largeKb: zones.reduce((t, z) => t + z.byOrderKb.slice(f.order).reduce((u, kb) => u + (kb ?? 0), 0), 0),
    highAtomicKb: zones.reduce((t, z) => t + (z.highAtomicOnlyKb ?? 0), 0),
    ...(keptZones.length ? { kept: { names: [...new Set(keptZones.map((z) => z.zone))], freeKb: keptZones.reduce((t, z) => t + z.freeKb, 0) } } : {}),
  };
}
