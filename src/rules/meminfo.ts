/** meminfo rules (rule-catalog.md §meminfo; thresholds in facts §5). */
import type { KeyValueSection } from '../model';
import { containerExec } from '../formats/commands';
import { bytesOf, lineOf, sum } from '../analysis/fields';
import { belowZero } from '../formats/numbers';
import { CORE_KEYS, type MeminfoMetrics } from '../analysis/meminfoMetrics';
import { formatBytes as B, formatCount as N, formatPercent as P } from '../humanFormat';
import { level, type RuleContext } from './context';

/** Sizes that can never exceed MemTotal (MemAvailable and MemFree can, in a container's virtualised view). */
const IMPOSSIBLE_ABOVE_TOTAL = ['Buffers', 'Cached', 'SwapCached', 'Active', 'Inactive', 'AnonPages', 'Mapped', 'Shmem', 'Slab', 'SReclaimable', 'SUnreclaim', 'KernelStack', 'PageTables'];

/** What rules know of the node beyond its meminfo (sysctls captured beside it). */
export interface NodeFacts {
  sysctl?: Record<string, number>;
  /** Active xfs_buf objects in a slabinfo of the same moment: XFS buffer pages are in no meminfo counter. */
  xfsBufObjects?: number;
}

export function meminfoRules(s: KeyValueSection, m: MeminfoMetrics, ctx: RuleContext, node: NodeFacts = {}): void {
  const total = m.totalBytes;
  const totalLine = lineOf(s, 'MemTotal')!;
  const rel = (key: string, what = key) => (lineOf(s, key) !== undefined ? [{ line: lineOf(s, key)!, message: `${what}: ${B(bytesOf(s, key) ?? 0)}` }] : []);
  const b = (k: string) => bytesOf(s, k) ?? 0;

  const avail = bytesOf(s, 'MemAvailable');
  if (avail !== undefined) {
    const id = 'meminfo/low-available';
    const share = avail / total;
    // A share alone misjudges big nodes: 5 % of 566 GiB is 28 GiB of room. Both the share and the size must be low.
    const byShare = level(share * 100, ctx.th(id, 'warning'), ctx.th(id, 'critical'), true);
    const bySize = level(avail, ctx.th(id, 'warningBytes'), ctx.th(id, 'criticalBytes'), true);
    const sev = byShare === 'critical' && bySize === 'critical' ? 'critical' : byShare && bySize ? 'warning' : undefined;
    // An idle huge page pool is taken from MemTotal and never counts as available: when it is most of the
    // node, it is the answer, not AnonPages.
    const hpIdle = s.byKey.HugePages_Free && s.byKey.Hugepagesize ? Math.max(0, (bytesOf(s, 'HugePages_Free') ?? 0) - (bytesOf(s, 'HugePages_Rsvd') ?? 0)) : 0;
    const where = hpIdle >= 0.25 * total
      ? `The huge page pool holds ${B(hpIdle)} that no one uses (HugePages_Free − HugePages_Rsvd): that is where the memory is. Lower vm.nr_hugepages (or the hugepages= boot parameter) to what is really mapped.`
      : 'Look at AnonPages, Shmem and SUnreclaim to see who holds the rest.';
    // free or meminfo read inside a container (`lxc exec NAME -- free -h`): the container's view (LXCFS), not the node's.
    const inside = containerExec(s.source);
    const where2 = inside ? ` This is the view inside ${inside.name} (${inside.tool} exec), its own limit as LXCFS or the runtime shows it, not the node's: the container is full, and its cgroup's memory.stat says what fills it.` : '';
    if (sev) ctx.report(id, sev, s.index, lineOf(s, 'MemAvailable')!,
      `Only ${B(avail)} available (${P(share)} of ${B(total)} MemTotal).${where2} ${ctx.kubernetes ? 'The kubelet evicts pods when memory.available drops below its threshold (100Mi by default) and the OOM killer follows.' : 'Reclaim stalls come next and then the OOM killer (on a Kubernetes node the kubelet evicts pods first, below memory.available 100Mi by default).'}${inside ? '' : ` ${where}`}`,
      { related: rel('MemTotal'), data: { availableBytes: avail, totalBytes: total, share } });
  } else if (s.byKey.MemFree && s.byKey.Buffers && s.byKey.Cached) {
    // No MemAvailable (kernels before 3.14, free's older layout): free + buffers + cache is the most that could
    // be available (Cached holds tmpfs, and not every cached page can go). Only when even that is low is it said.
    const id = 'meminfo/low-available';
    const shmem = bytesOf(s, 'Shmem') ?? 0;
    const sreclaim = s.variant === 'free' ? 0 : bytesOf(s, 'SReclaimable') ?? 0;
    const upper = availableBound(s)!;
    const share = upper / total;
    const byShare = level(share * 100, ctx.th(id, 'warning'), ctx.th(id, 'critical'), true);
    const bySize = level(upper, ctx.th(id, 'warningBytes'), ctx.th(id, 'criticalBytes'), true);
    const sev = byShare === 'critical' && bySize === 'critical' ? 'critical' : byShare && bySize ? 'warning' : undefined;
    if (sev) ctx.report(id, sev, s.index, lineOf(s, 'MemFree')!,
      `At most ${B(upper)} could be available (${P(share)} of ${B(total)}): this ${s.variant === 'free' ? 'free table' : 'meminfo'} has no MemAvailable, and free + buffers + cache${shmem ? ' − shared' : ''}${sreclaim ? ' + reclaimable slab' : ''} is its upper bound (${shmem ? 'dirty pages in it cannot be dropped either' : 'tmpfs and dirty pages in it cannot be dropped'}). Find who holds the rest: the largest RSS (top, ps), Shmem, Slab.`,
      { related: rel('MemTotal'), data: { availableBytes: upper, totalBytes: total, share, upperBound: 1 } });
    else if (shmem >= 0.25 * total) ctx.report(id, 'info', s.index, lineOf(s, 'Shmem') ?? lineOf(s, 'MemFree')!,
      `${B(shmem)} is shared memory (${s.variant === 'free' ? 'free\'s shared column' : 'Shmem'}: tmpfs, /dev/shm, shared mappings), ${P(shmem / total)} of ${B(total)}, and it is counted inside the page cache, which no reclaim drops${bytesOf(s, 'SwapTotal') ? '' : ' (and there is no swap to page it out)'}. ${s.variant === 'free' ? 'free\'s -/+ buffers/cache line counts it as free-able; ' : ''}at most ${B(upper)} (${P(share)}) could be available. Find the files that hold it (df on tmpfs mounts, ipcs -m).`,
      { related: rel('MemTotal'), data: { availableBytes: upper, totalBytes: total, share, upperBound: 1, shmemBytes: shmem } });
  }

  // LXCFS and similar compute a few fields for the container (MemTotal, MemFree, MemAvailable) and pass the
  // rest through from the host or leave them 0: a view no running kernel prints.
  const view = containerView(s, total);
  if (view) ctx.report('meminfo/container-view', 'info', s.index, view.line,
    `${view.why}: this meminfo was read inside a container (LXCFS or similar) and mixes the container's own numbers with the host's or with zeros, not the node's. Rules that compare host counters with this MemTotal are left out. Capture from the host (kubectl debug node/NAME, then chroot /host).`,
    { related: rel('MemTotal'), data: { totalBytes: total } });

  // A counter below zero printed unsigned (2^64 − N kB): said once, in its own words, whatever the key.
  const wrapped = new Set<string>();
  for (const f of s.fields) {
    const under = f.value > 2 ** 53 ? belowZero(f.raw) : undefined;
    if (under === undefined || wrapped.has(f.key)) continue;
    wrapped.add(f.key);
    ctx.report('meminfo/impossible-value', 'warning', s.index, f.line,
      `${f.key} reads ${f.raw} ${f.unit}, which is 2^64 − ${under}: the kernel's ${f.key} counter went ${under} ${f.unit} below zero and is printed unsigned. An accounting bug, not memory: nothing is ${f.key === 'Dirty' || f.key === 'Writeback' ? 'waiting to be written because of it, though the writeback throttle that reads this counter may stall every writer' : 'held because of it'}. Numbers derived from it are wrong; report the kernel bug and read the other fields as they are.`,
      { data: { belowZero: under } });
  }
  // A size above MemTotal cannot be right: a counter that went negative and wrapped (2.4-era Cached), or a damaged paste.
  for (const key of IMPOSSIBLE_ABOVE_TOTAL) {
    if (wrapped.has(key)) continue;
    const v = bytesOf(s, key);
    if (v !== undefined && v > total) ctx.report('meminfo/impossible-value', view ? 'info' : 'warning', s.index, lineOf(s, key)!,
      view
        ? `${key} is ${B(v)}, more than this view's MemTotal (${B(total)}): in a container's meminfo that is the host's counter beside the container's total, not a broken kernel. Nothing is concluded from it.`
        : `${key} is ${B(v)} (${s.byKey[key].raw} ${s.byKey[key].unit}), more than MemTotal (${B(total)}): no kernel can hold that. The counter went negative and wrapped${v >= 2 ** 41 ? ' (it is close to 2^32 kB)' : ''}, or the paste is damaged. Numbers derived from it are wrong; read the machine another way.`,
      { related: rel('MemTotal'), data: { bytes: v, totalBytes: total } });
  }
  // CommitLimit and Committed_AS may pass MemTotal (swap, overcommit_ratio), but not by a hundred times and a
  // petabyte: such a value went negative and wrapped. CommitLimit does so when the huge page pool is larger than
  // the RAM it is taken from (mm/util.c vm_commit_limit: (totalram − hugetlb) × ratio / 100 + swap, unsigned).
  for (const key of ['CommitLimit', 'Committed_AS']) {
    const v = bytesOf(s, key);
    if (v === undefined || v < 2 ** 50 || v < 100 * (total + (bytesOf(s, 'SwapTotal') ?? 0)) || view) continue;
    const pool = (s.byKey.HugePages_Total?.value ?? 0) * (bytesOf(s, 'Hugepagesize') ?? 0);
    const why = key === 'CommitLimit' && pool >= total
      ? ` The huge page pool (${s.byKey.HugePages_Total!.value} × ${B(bytesOf(s, 'Hugepagesize')!)} = ${B(pool)}) is at least MemTotal (${B(total)}): its pages sit outside MemTotal, and CommitLimit, computed as (RAM − huge pages) × overcommit_ratio + swap, went below zero and wrapped. A kernel accounting bug, not memory use.`
      : ' The counter went below zero and wrapped: an accounting bug, not memory use.';
    ctx.report('meminfo/impossible-value', 'warning', s.index, lineOf(s, key)!,
      `${key} is ${s.byKey[key].raw} ${s.byKey[key].unit} (${B(v)}), more than a hundred times RAM and swap together.${why} Overcommit decisions built on it (vm.overcommit_memory=2) are wrong.`,
      { related: rel('MemTotal'), data: { bytes: v, totalBytes: total } });
  }
  // The rest compares kernel-wide counters with MemTotal: in a mixed view those comparisons say nothing.
  if (view) return;

  // A grep that kept Slab and SReclaimable but not SUnreclaim: the difference is SUnreclaim (fs/proc/meminfo.c prints Slab as their sum).
  const derived = !s.byKey.SUnreclaim && s.byKey.Slab && s.byKey.SReclaimable;
  const sunreclaim = bytesOf(s, 'SUnreclaim') ?? (derived ? Math.max(0, b('Slab') - b('SReclaimable')) : undefined);
  if (sunreclaim !== undefined) {
    const id = 'meminfo/unreclaimable-slab-high';
    const share = sunreclaim / total;
    const sev = level(share * 100, ctx.th(id, 'warning'), ctx.th(id, 'critical'));
    if (sev) ctx.report(id, sev, s.index, lineOf(s, derived ? 'Slab' : 'SUnreclaim')!,
      `Unreclaimable slab is ${B(sunreclaim)}${derived ? ' (Slab − SReclaimable: the capture has no SUnreclaim line)' : ''}, ${P(share)} of MemTotal (${B(total)}): the kernel cannot free it under pressure and kubectl top never shows it. Capture /proc/slabinfo as root to find the cache, and capture again later to see whether it grows.`,
      { related: rel('MemTotal'), data: { sunreclaimBytes: sunreclaim, totalBytes: total, share } });
    const lruKeys = ['Active', 'Inactive', 'Unevictable'];
    // The kernel runs this test when memory is exhausted; on an idle node with little on the LRU lists and
    // most of RAM free it says nothing, so SUnreclaim must also be a real share of MemTotal.
    if (lruKeys.some((k) => s.byKey[k]) && share * 100 > ctx.th('meminfo/unreclaimable-slab-exceeds-lru', 'share')) {
      const lru = sum(...lruKeys.map((k) => bytesOf(s, k)));
      if (sunreclaim > lru) ctx.report('meminfo/unreclaimable-slab-exceeds-lru', 'critical', s.index, lineOf(s, derived ? 'Slab' : 'SUnreclaim')!,
        `Unreclaimable slab (${B(sunreclaim)}) exceeds every page on the LRU lists together (Active + Inactive + Unevictable = ${B(lru)}): the kernel's own test for dumping "Unreclaimable slab info" at OOM time. The kernel, not user space, holds the memory; rank /proc/slabinfo caches.`,
        { related: lruKeys.flatMap((k) => rel(k)), data: { sunreclaimBytes: sunreclaim, lruBytes: lru } });
    }
  }

  // Committed_AS above CommitLimit is normal in the default heuristic mode (vm.overcommit_memory=0) and
  // in mode 1; only mode 2 enforces the limit (Documentation/mm/overcommit-accounting.rst).
  const commit = bytesOf(s, 'Committed_AS'); const limit = bytesOf(s, 'CommitLimit');
  const mode = node.sysctl?.['vm.overcommit_memory'];
  if (commit !== undefined && limit !== undefined && commit > limit) {
    const enforced = mode === 2;
    ctx.report('meminfo/overcommitted', enforced ? 'warning' : 'info', s.index, lineOf(s, 'Committed_AS')!,
      enforced
        ? `Committed_AS (${B(commit)}) is above CommitLimit (${B(limit)}) with vm.overcommit_memory=2: the kernel enforces the limit, so new allocations fail with ENOMEM. Raise vm.overcommit_ratio (or add swap), or find the process that reserves the most (VmSize in /proc/PID/status).`
        : `Committed_AS (${B(commit)}) is above CommitLimit (${B(limit)}). ${mode === undefined ? 'The capture does not show vm.overcommit_memory; in' : `vm.overcommit_memory=${mode}:`}${mode === undefined ? ' the default mode (0)' : ''} the kernel does not enforce this limit, so this is memory promised, not used, and common on nodes without swap. It matters only with vm.overcommit_memory=2.`,
      { related: rel('CommitLimit'), data: { committedBytes: commit, limitBytes: limit, ...(mode !== undefined ? { overcommitMemory: mode } : {}) } });
  }

  const swapTotal = bytesOf(s, 'SwapTotal'); const swapFree = bytesOf(s, 'SwapFree');
  if (swapTotal && swapFree !== undefined) {
    const id = 'meminfo/swap-used';
    const used = swapTotal - swapFree; const share = used / swapTotal;
    // Swapped-out memory half the size of RAM with next to nothing free: the anonymous memory does not fit,
    // whatever share of a large swap device that is.
    const availKnown = bytesOf(s, 'MemAvailable');
    const paging = used >= 0.5 * total && b('MemFree') < 0.05 * total && (availKnown === undefined || availKnown < 0.1 * total);
    const sev = level(share * 100, ctx.th(id, 'warning'), ctx.th(id, 'critical')) ?? (paging ? 'warning' : undefined);
    // Three quarters of RAM available, and four times what all the swap holds: what is in swap was pushed out earlier and has not
    // been needed since (a page comes back on its first touch), and nothing now needs the swap that is left.
    // Without MemAvailable (old kernels, old top and free), free + buffers + cache stands in for it: an upper bound.
    const room = availKnown ?? availableBound(s);
    if (sev && room !== undefined && room >= 0.75 * total && room >= 4 * swapTotal) {
      // Full swap stays a warning: there is no room left for the next shortage's anonymous pages.
      ctx.report(id, sev === 'critical' ? 'warning' : 'info', s.index, lineOf(s, 'SwapFree')!,
        `${B(used)} of ${B(swapTotal)} swap in use (${P(share)}), while ${availKnown !== undefined ? `${B(room)} of memory is available (${P(room / total)})` : `up to ${B(room)} of memory (${P(room / total)}) could be available, by free + buffers + cache for want of MemAvailable`}: pages pushed out during an earlier shortage that nothing has touched since; each comes back on first use. Not a shortage now${sev === 'critical' ? ', but with swap this full the next one has nowhere to put anonymous pages and goes to the OOM killer sooner' : ''}. pswpin in /proc/vmstat over two captures says whether they are still being read back; swapoff -a && swapon -a moves them into memory at once.`,
        { related: rel('SwapTotal'), data: { usedBytes: used, totalBytes: swapTotal, share } });
    } else if (sev) ctx.report(id, sev, s.index, lineOf(s, 'SwapFree')!,
      `${B(used)} of ${B(swapTotal)} swap in use (${P(share)})${paging ? `, ${P(used / total)} of RAM, with ${B(b('MemFree'))} free: the node's anonymous memory does not fit in it and pages in and out` : ''}. When swap is full the OOM killer is the only way out (systemd-oomd acts at 90 %). Check pswpin/pswpout in /proc/vmstat over two captures: a steady rate is thrashing.`,
      { related: rel('SwapTotal'), data: { usedBytes: used, totalBytes: swapTotal, share } });
  }

  if (s.byKey.Dirty) {
    const id = 'meminfo/dirty-high';
    const dirty = b('Dirty') + b('Writeback'); const share = dirty / total;
    // A sequential writer keeps up to vm.dirty_ratio (20 % by default) dirty: a few GiB of it drain in seconds.
    // A warning when the backlog is large in size too, or past the default ratio.
    // A large backlog matters when it is much of what MemAvailable promises: that memory must be written
    // before it can be reclaimed. With far more available than dirty it is a big writer under the ratio.
    const avail = bytesOf(s, 'MemAvailable');
    const large = dirty >= ctx.th(id, 'warningBytes');
    const plenty = large && avail !== undefined && dirty * 2 <= avail;
    const big = (large && !plenty) || share * 100 > ctx.th(id, 'ratio');
    const calm = plenty ? ` MemAvailable (${B(avail!)}) is more than twice that: a large writer at work under vm.dirty_ratio (20 % of available memory by default), not a shortage. It matters if the disk falls behind (io PSI, Writeback growing) or memory runs short.`
      : ' At this size that is a writer at work (vm.dirty_ratio allows 20 % by default) and drains in seconds on a healthy disk.';
    if (share * 100 > ctx.th(id, 'warning') && share <= 1) ctx.report(id, big ? 'warning' : 'info', s.index, lineOf(s, 'Dirty')!,
      `${B(dirty)} of page cache is dirty or under writeback (${P(share)} of MemTotal): it cannot be reclaimed until written.${big ? '' : calm} Check vm.dirty_ratio and disk latency (io PSI).`,
      { related: rel('Writeback'), data: { dirtyBytes: dirty, share } });
  }

  const hw = bytesOf(s, 'HardwareCorrupted');
  if (hw) ctx.report('meminfo/hardware-corrupted', 'critical', s.index, lineOf(s, 'HardwareCorrupted')!,
    `${B(hw)} of RAM was taken out of use as corrupted by the hardware: the DIMM is failing. Check the machine-check log (rasdaemon, mcelog) and plan to replace the memory or drain the node.`, { data: { bytes: hw } });

  // Idle huge pages are Free − Rsvd: reserved pages are promised to a mapping that has not touched them yet
  // (Documentation/admin-guide/mm/hugetlbpage.rst).
  const hpFree = bytesOf(s, 'HugePages_Free');
  if (hpFree) {
    const id = 'meminfo/hugepages-idle';
    const idle = Math.max(0, hpFree - (bytesOf(s, 'HugePages_Rsvd') ?? 0));
    const share = idle / total;
    const pages = s.byKey.HugePages_Free.value - (s.byKey.HugePages_Rsvd?.value ?? 0);
    if (share * 100 > ctx.th(id, 'info')) ctx.report(id, 'info', s.index, lineOf(s, 'HugePages_Free')!,
      `${B(idle)} of the default-size huge page pool is neither in use nor reserved (HugePages_Free − HugePages_Rsvd${s.byKey.HugePages_Free.unit === 'hugepages' ? ` = ${pages} pages` : ''}, ${P(share)} of MemTotal); ordinary allocations cannot use it. If no pod requests hugepages-${s.byKey.Hugepagesize ? B(bytesOf(s, 'Hugepagesize')!).replace(' ', '') : '2Mi'}, lower vm.nr_hugepages.`,
      { related: rel('HugePages_Total'), data: { bytes: idle, share } });
  }

  // Missing is unknown: without every input the remainder is not computed, and the rule stays silent.
  if (m.unaccountedBytes !== undefined) {
    const id = 'meminfo/unaccounted-memory';
    const share = m.unaccountedBytes / total;
    const device = m.deviceKeys?.length ? `, the device lines (${m.deviceKeys.map((k) => `${k} ${B(bytesOf(s, k) ?? 0)}`).join(', ')})` : '';
    // A board of under 1 GiB or a 32-bit kernel with high memory (TVs, routers, set-top boxes) is like Android:
    // its GPU, video and display drivers take pages outside every meminfo line.
    const board = !m.android && (s.byKey.HighTotal !== undefined || total < 2 ** 30);
    if ((m.android || board) && share * 100 > ctx.th(id, 'warning') && share * 100 <= ctx.th(id, 'android')) ctx.report(id, 'info', s.index, totalLine,
      m.android
        ? `${B(m.unaccountedBytes)} (${P(share)} of MemTotal) is in no counter${device}. On an Android kernel that is usual: GPU and DMA-BUF buffers, camera and modem carve-outs are taken from the page allocator outside every meminfo line; /sys/kernel/dmabuf/buffers (or dmabuf_dump) says who holds them.`
        : `${B(m.unaccountedBytes)} (${P(share)} of MemTotal) is in no counter${device}. On a small or 32-bit board (a TV, a router, a set-top box) that is usual: GPU, video and display drivers take pages from the allocator outside every meminfo line${s.byKey.VmallocUsed ? ` (VmallocUsed, ${B(bytesOf(s, 'VmallocUsed')!)}, counts their mappings on 32-bit)` : ''}; the drivers' debugfs or the vendor's tools say who holds them. It becomes a story when it grows between captures.`,
      { data: { bytes: m.unaccountedBytes, share } });
    else if (share * 100 > ctx.th(id, m.android || board ? 'android' : 'warning')) ctx.report(id, 'warning', s.index, totalLine,
      `${B(m.unaccountedBytes)} (${P(share)} of MemTotal) is in no counter: ${m.lruOnly ? `MemTotal minus free, the Active and Inactive lists, Slab and PageTables, all that a kernel before 2.6.18 counts (its lists hold process memory and every cache). On such a kernel the rest is the kernel's own pages outside slab (buffers for I/O, drivers) or pages lost off the lists: a leak when it grows` : `MemTotal minus free, the LRU lists, slab, kernel stacks, page tables, per-CPU, every huge page pool (${B(m.hugetlbBytes)})${s.byKey.Zswap ? ', the zswap pool' : ''}${device}`}. ${m.lruOnly ? 'Capture it again later: growth between captures is memory leaking outside every counter.' : `${m.android ? 'On this Android kernel the owners are most likely GPU and DMA-BUF buffers (/sys/kernel/dmabuf/buffers, dmabuf_dump) or a driver leak. ' : ''}${node.xfsBufObjects ? `The slabinfo beside it counts ${N(node.xfsBufObjects)} xfs_buf objects: XFS metadata buffers keep their pages outside these counters, so a large XFS file system's metadata cache is a likely owner (it shrinks under pressure; watch it against the xfs_buf count). Other owners: ` : 'Who takes pages outside these counters: '}the ZFS ARC (OpenZFS keeps its cache there; it shrinks under pressure, and /proc/spl/kstat/zfs/arcstats gives its size), drivers (GPU, RDMA, a balloon driver), or a leak outside slab. Check arcstats on a ZFS host, else the driver's own tools and VmallocUsed.`}`,
      { data: { bytes: m.unaccountedBytes, share } });
  }

  // A paste cut short: say how much the lines shown place, and that the rest cannot be judged from it.
  if (!m.complete && m.missing.length <= CORE_KEYS.length / 2) {
    const id = 'meminfo/unaccounted-memory';
    const placed = m.breakdown.reduce((t, p) => t + p.bytes, 0);
    const rest = total - placed;
    if (rest / total * 100 > ctx.th(id, 'warning')) ctx.report(id, 'info', s.index, totalLine,
      `The lines shown place ${B(placed)} of MemTotal (${B(total)}); ${B(rest)} (${P(rest / total)}) cannot be placed because the capture lacks ${m.missing.join(', ')}${s.byKey.HugePages_Total || s.byKey.Hugetlb ? '' : ' and the huge page lines'}.${heldOutOfSight(s, rest)} Nothing more is concluded from absent lines: ${s.byKey.MemUsed ? 'capture the whole node file, whose HugePages lines count a pool reserved on this node, to see where it is' : 'capture the whole /proc/meminfo (and /proc/slabinfo as root) to see where it is'}.`,
      { data: { placedBytes: placed, restBytes: rest } });
  }

  // Only what the kernel cannot give back is a share to worry about: reclaimable slab (dentries,
  // inodes) is returned under pressure and counted in MemAvailable.
  const kid = 'meminfo/kernel-share-high';
  if (m.unreclaimableKernelBytes !== undefined) {
    const kshare = m.unreclaimableKernelBytes / total;
    if (kshare * 100 > ctx.th(kid, 'warning')) ctx.report(kid, 'warning', s.index, lineOf(s, 'SUnreclaim') ?? totalLine,
      `Kernel memory that cannot be reclaimed (SUnreclaim + KernelStack + PageTables${s.byKey.SecPageTables ? ' + SecPageTables' : ''}${s.byKey.Percpu ? ' + Percpu' : ''}) is ${B(m.unreclaimableKernelBytes)}, ${P(kshare)} of MemTotal. ${m.kubelet && m.kubelet.formula !== 'runc-1.0' ? 'The kubelet\'s node working set leaves it out, so kubectl top node looks healthier than the node is.' : 'No pod is charged for most of it.'} Rank /proc/slabinfo caches and count threads (KernelStack).`,
      { related: ['KernelStack', 'PageTables', 'Percpu'].flatMap((k) => rel(k)), data: { bytes: m.unreclaimableKernelBytes, share: kshare } });
  }
}


/** Why a meminfo is a container's virtualised view (LXCFS), and the line that shows it; undefined for a kernel's own. */
/**
 * A 32-bit kernel with high memory (HighTotal > 0): the kernel's own allocations (slab, page tables, buffer
 * heads, kernel stacks) can only use low memory, so it can run out of it, and OOM-kill, with HighFree to
 * spare (Documentation/mm/highmem.rst). Read from LowTotal and LowFree alone, so a grep of
 * those lines is judged too; a 64-bit meminfo (HighTotal 0, LowFree = MemFree) never is.
 */
/**
 * A meminfo without MemTotal (`grep HugePages /proc/meminfo`): no share can be judged, but an idle huge page pool
 * of a gigabyte or more is said, at the size the capture gives or the x86 default of 2 MiB, named as assumed.
 */
export function idleHugepagesWithoutTotal(s: KeyValueSection, ctx: RuleContext): void {
  const free = s.byKey.HugePages_Free;
  if (!free || s.byKey.MemTotal || free.unit !== 'hugepages') return;
  const pages = free.value - (s.byKey.HugePages_Rsvd?.value ?? 0);
  const size = bytesOf(s, 'Hugepagesize');
  const bytes = pages * (size ?? 2 * 2 ** 20);
  if (!(bytes >= 2 ** 30)) return;
  const total = s.byKey.HugePages_Total?.value;
  ctx.report('meminfo/hugepages-idle', 'info', s.index, free.line,
    `${N(pages)} huge pages of the default-size pool are neither in use nor reserved (HugePages_Free − HugePages_Rsvd${total ? `, of ${N(total)} in the pool` : ''}): ${B(bytes)}${size ? '' : ' at 2 MiB each (the x86 default; Hugepagesize is not in the capture)'} that ordinary allocations cannot use. Without MemTotal its share of the machine is unknown. A database's SGA or a VM takes its pool at start: if nothing will, lower vm.nr_hugepages.`,
    { data: { bytes, pages } });
}

export function lowmemRule(s: KeyValueSection, ctx: RuleContext): void {
  const id = 'meminfo/lowmem-exhausted';
  const high = bytesOf(s, 'HighTotal'); const lowTotal = bytesOf(s, 'LowTotal'); const lowFree = bytesOf(s, 'LowFree');
  if (!high || !lowTotal || lowFree === undefined) return;
  const share = lowFree / lowTotal;
  if (share * 100 >= ctx.th(id, 'warning')) return;
  const highFree = bytesOf(s, 'HighFree');
  // Slab lives in low memory on a 32-bit kernel (kmalloc needs a direct mapping): its share of LowTotal is the usual culprit.
  const slab = bytesOf(s, 'Slab');
  const slabPart = slab !== undefined && slab / lowTotal >= 0.25 ? ` Slab alone holds ${B(slab)}, ${P(slab / lowTotal)} of low memory: even its reclaimable caches (inodes, dentries) pin it until reclaimed.` : '';
  ctx.report(id, 'warning', s.index, lineOf(s, 'LowFree')!,
    `Only ${B(lowFree)} of ${B(lowTotal)} low memory is free (${P(share)}) on a 32-bit kernel with ${B(high)} of high memory${highFree !== undefined ? ` (${B(highFree)} of it free)` : ''}: slab, page tables and buffers must all fit in low memory, and when it runs out the OOM killer runs whatever HighFree says.${slabPart} Look at Slab and the largest caches (slabtop); the lasting fix is a 64-bit kernel.`,
    { related: lineOf(s, 'LowTotal') !== undefined ? [{ line: lineOf(s, 'LowTotal')!, message: `LowTotal: ${B(lowTotal)}` }] : [], data: { lowFreeBytes: lowFree, lowTotalBytes: lowTotal, share } });
}

function containerView(s: KeyValueSection, total: number): { why: string; line: number } | undefined {
  const avail = bytesOf(s, 'MemAvailable');
  if (avail !== undefined && avail > total) return { why: `MemAvailable (${B(avail)}) is larger than MemTotal (${B(total)})`, line: lineOf(s, 'MemAvailable')! };
  const stack = s.byKey.KernelStack; const tables = s.byKey.PageTables;
  if (stack && tables && stack.value === 0 && tables.value === 0) return { why: 'KernelStack and PageTables are both 0, which no running kernel reports', line: stack.line };
  // A kernel always has slab (kmem_cache itself is one); 0 beside a non-zero SReclaimable or SUnreclaim is not a sum.
  const slab = s.byKey.Slab;
  if (slab && slab.value === 0) {
    const parts = ['SReclaimable', 'SUnreclaim'].filter((k) => (s.byKey[k]?.value ?? 0) > 0);
    return { why: parts.length ? `Slab is 0 while ${parts.join(' and ')} ${parts.length > 1 ? 'are' : 'is'} not` : 'Slab is 0, which no running kernel reports', line: slab.line };
  }
  return undefined;
}

/**
 * What a paste cut before Slab still tells: MemAvailable counts free pages, the file LRU and reclaimable
 * slab, less the low watermarks (mm/show_mem.c si_mem_available), so what it holds beyond free + file LRU
 * bounds the reclaimable part of the unplaced rest. The rest is held: unreclaimable slab, page tables,
 * a huge page pool or driver pages. Which of them, only the absent lines say (a reserved 1 GiB hugetlb
 * pool and a slab leak look the same here), so this stays information.
 */
function heldOutOfSight(s: KeyValueSection, rest: number): string {
  const avail = bytesOf(s, 'MemAvailable');
  const free = bytesOf(s, 'MemFree');
  const af = bytesOf(s, 'Active(file)');
  const inf = bytesOf(s, 'Inactive(file)');
  if (avail === undefined || free === undefined || af === undefined || inf === undefined) return '';
  const reclaimable = Math.min(rest, Math.max(0, avail - free - af - inf));
  if (reclaimable > rest / 2) return '';
  const held = 'is held by unreclaimable slab, page tables, a huge page pool or driver pages';
  if (reclaimable === 0) return ` MemAvailable (${B(avail)}) is no more than free + file LRU (${B(free + af + inf)}), so none of the ${B(rest)} is reclaimable: it ${held}.`;
  return ` MemAvailable (${B(avail)}) is only ${B(reclaimable)} above free + file LRU, so at most that much of it is reclaimable: the other ${B(rest - reclaimable)} ${held}.`;
}

/**
 * The most that could be available in a meminfo or free table without MemAvailable (kernels before 3.14, old free and
 * top): free + buffers + cache, less Shmem (tmpfs is inside Cached and no reclaim drops it), plus reclaimable slab
 * (dentries, inodes: si_mem_available in mm/page_alloc.c counts it; free's 3.3.10+ cache already holds it).
 * Undefined without MemFree, Buffers and Cached.
 */
function availableBound(s: KeyValueSection): number | undefined {
  if (!s.byKey.MemFree || !s.byKey.Buffers || !s.byKey.Cached) return undefined;
  const b = (k: string) => bytesOf(s, k) ?? 0;
  return b('MemFree') + b('Buffers') + Math.max(0, b('Cached') - b('Shmem')) + (s.variant === 'free' ? 0 : b('SReclaimable'));
}
