/**
 * Page allocation failures (mm/page_alloc.c warn_alloc, mm/vmalloc.c): what was asked, what the report's own
 * Mem-Info and buddy lists say of it (fragmentation or shortage, CMA the request may not use), and who asked.
 */
import type { AllocationFailure, OomReportSection } from '../model';
import { allocCallerText, callerName } from '../knowledge/allocCallers';
import { formatBytes as B } from '../humanFormat';
import type { RuleContext } from './context';

const kB = (n: number) => B(n * 1024);

export function allocationFailureRules(s: OomReportSection, ctx: RuleContext): void {
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
    if (f.order === 0 && cma && !movable(f.mode) && cma.cmaKb * 2 >= cma.freeKb) {
      // CMA pageblocks serve movable allocations only (mm/page_alloc.c: ALLOC_CMA is set for movable requests).
      ctx.report('oom-report/allocation-failure', 'warning', s.index, f.line,
        `${f.task ?? 'A task'} could not get a single page (order 0, mode ${f.mode}) while ${kB(cma.freeKb)} was free: ${kB(cma.cmaKb)} of it is in CMA blocks (${cma.from}), which only movable allocations may use, and this one is not movable, so ${kB(Math.max(0, cma.freeKb - cma.cmaKb))} was left to it. Not a lack of memory but of the right kind: a smaller CMA area (the cma= boot parameter or the device tree's reserved region) or a higher vm.min_free_kbytes leaves more for the kernel's own allocations.${from}`,
        { data: { order: 0, cmaKb: cma.cmaKb, freeKb: cma.freeKb } });
      continue;
    }
    if (f.order === 0) {
      // A single page: no contiguity is asked, so this is no fragmentation but a zone with nothing above its watermark.
      const lists = buddyAtOrder(f);
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
    const frag = buddyAtOrder(f);
    // The report's own buddy lists: plenty free, almost none of it in blocks this large.
    const fragmented = frag !== undefined && frag.freeKb >= 64 * bytes / 1024 && frag.largeKb < 0.02 * frag.freeKb;
    // Without buddy lists, Mem-Info's free count still says whether memory itself was short.
    const freePages = f.memInfoPages?.free;
    const short = frag === undefined && freePages !== undefined && freePages * ctx.pageSize < 4 * bytes;
    const why = costly ? ` Above order 3 (PAGE_ALLOC_COSTLY_ORDER) the kernel gives up rather than invoke the OOM killer${short ? '' : ', so this is fragmentation more often than shortage'}.`
      : atomic ? ' It was not allowed to sleep, so it could neither reclaim nor compact.' : '';
    const evidence = short ? ` Mem-Info shows only ${B(freePages! * ctx.pageSize)} free in all (free:${freePages} pages), under four times what was asked: memory itself was short, not only large blocks of it. Look at what holds it (slab_unreclaimable and the LRU counts in the same lines).`
      : frag === undefined ? ` Free memory can be plentiful while no free block is large enough: check /proc/buddyinfo for free blocks of order ${f.order} and above.`
      : fragmented ? ` The report's buddy lists show why: ${frag.zones} had ${kB(frag.freeKb)} free, but only ${kB(frag.largeKb)} of it in blocks of ${B(bytes)} or more. Fragmentation, not a shortage.`
      : frag.largeKb < 0.02 * frag.freeKb ? ` The report's buddy lists show little free at all (${frag.zones}, ${kB(frag.freeKb)}), ${kB(frag.largeKb)} of it in blocks of ${B(bytes)} or more: a shortage of memory first, then of large blocks; look at what fills memory.`
      : ` The report's buddy lists show ${kB(frag.largeKb)} free in blocks of ${B(bytes)} or more (${frag.zones}, ${kB(frag.freeKb)} free in all): blocks that large existed, so the zones were short of free memory as a whole (below their watermarks), not only fragmented.`;
    // A machine under 1 GiB (the report's `N pages RAM`): large blocks are scarce there, and a higher min_free_kbytes costs a
    // share of it that a big machine would not notice; the buffer's owner is the better place to fix it.
    const ram = f.ramPages ? f.ramPages * ctx.pageSize : undefined;
    const small = ram !== undefined && ram < 2 ** 30;
    const size = small ? ` The machine is small: ${B(ram!)} of RAM (${f.ramPages} pages${f.reservedPages ? `, ${f.reservedPages} of them reserved` : ''})${f.balloonKb ? `, ${kB(f.balloonKb)} of it ballooned out to the hypervisor` : ''}. A block of ${B(bytes)} is scarce on that little memory, and raising vm.min_free_kbytes would cost a share of it: have the driver allocate its buffer once at start or a smaller one, or give the machine more memory.` : '';
    const advice = short || small ? '' : ' A higher vm.min_free_kbytes and compaction (echo 1 > /proc/sys/vm/compact_memory; vm.compaction_proactiveness from 5.9) keep larger blocks free.';
    ctx.report('oom-report/allocation-failure', costly || atomic || fragmented ? 'warning' : 'info', s.index, f.line,
      `${f.task ?? 'A task'} could not get ${B(bytes)} of contiguous memory (order ${f.order}, mode ${f.mode}): the allocation failed and its caller saw ENOMEM; this is not an OOM kill.${why}${evidence}${f.swapTotalKb && f.swapFreeKb !== undefined && f.swapFreeKb <= 0.02 * f.swapTotalKb ? ` Swap was full too (${kB(f.swapFreeKb)} free of ${kB(f.swapTotalKb)}).` : ''}${size}${advice}${from}`,
      { data: { order: f.order, bytes, ...(frag ? { freeKb: frag.freeKb, largeKb: frag.largeKb } : {}) } });
  }
}

/** How much of the free memory a failure's report shows is CMA: from the zone lines' free_cma, else the buddy lists' `(C)` blocks. */
function cmaShare(f: AllocationFailure): { freeKb: number; cmaKb: number; from: string } | undefined {
  const zones = f.zones?.filter((z) => z.freeCmaKb !== undefined);
  if (zones?.length) return { freeKb: zones.reduce((t, z) => t + z.freeKb, 0), cmaKb: zones.reduce((t, z) => t + z.freeCmaKb!, 0), from: 'free_cma in the zone lines' };
  const buddy = f.buddyZones?.filter((z) => z.freeKb > 0);
  if (buddy?.length) return { freeKb: buddy.reduce((t, z) => t + z.freeKb, 0), cmaKb: buddy.reduce((t, z) => t + z.cmaOnlyKb, 0), from: 'the buddy lists\' (C) blocks' };
  return undefined;
}

/**
 * Free memory in the failure's buddy lists, and how much of it is in blocks of the order asked for or larger,
 * over the zones the mode allows: __GFP_DMA (bit 0x01 in every kernel's gfp layout) allows the DMA zone only.
 */
function buddyAtOrder(f: AllocationFailure): { zones: string; names: string[]; freeKb: number; largeKb: number } | undefined {
  const hex = /^0x([0-9a-fA-F]+)/.exec(f.mode);
  const dmaOnly = /__GFP_DMA\b(?!32)/.test(f.mode) || (hex !== null && (parseInt(hex[1], 16) & 0x01) !== 0);
  const zones = (f.buddyZones ?? []).filter((z) => !dmaOnly || z.zone === 'DMA');
  if (!zones.length) return undefined;
  const names = [...new Set(zones.map((z) => z.zone))];
  return {
    zones: names.length === 1 ? `zone ${names[0]}${dmaOnly ? ' (the only one __GFP_DMA allows)' : ''}` : `zones ${names.join(', ')}`,
    names,
    freeKb: zones.reduce((t, z) => t + z.freeKb, 0),
    largeKb: zones.reduce((t, z) => t + z.byOrderKb.slice(f.order).reduce((u, kb) => u + (kb ?? 0), 0), 0),
  };
}

/** __GFP_MOVABLE is bit 0x08 in every kernel's gfp layout (include/linux/gfp_types.h ___GFP_MOVABLE). */
function movable(mode: string): boolean {
  const hex = /^0x([0-9a-fA-F]+)/.exec(mode);
  return /MOVABLE/.test(mode) || (hex !== null && (parseInt(hex[1], 16) & 0x08) !== 0);
}
