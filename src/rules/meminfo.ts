/** meminfo rules (rule-catalog.md §meminfo; thresholds in facts §5). */
import type { KeyValueSection } from '../model';
import { bytesOf, lineOf, sum } from '../analysis/fields';
import type { MeminfoMetrics } from '../analysis/meminfoMetrics';
import { formatBytes as B, formatPercent as P } from '../formats/units';
import { level, type RuleContext } from './context';

export function meminfoRules(s: KeyValueSection, m: MeminfoMetrics, ctx: RuleContext): void {
  const total = m.totalBytes;
  const totalLine = lineOf(s, 'MemTotal')!;
  const rel = (key: string, what = key) => (lineOf(s, key) !== undefined ? [{ line: lineOf(s, key)!, message: `${what}: ${B(bytesOf(s, key) ?? 0)}` }] : []);
  const b = (k: string) => bytesOf(s, k) ?? 0;

  const avail = bytesOf(s, 'MemAvailable');
  if (avail !== undefined) {
    const id = 'meminfo/low-available';
    const share = avail / total;
    const sev = level(share * 100, ctx.th(id, 'warning'), ctx.th(id, 'critical'), true);
    if (sev) ctx.report(id, sev, s.index, lineOf(s, 'MemAvailable')!,
      `Only ${B(avail)} available (${P(share)} of ${B(total)} MemTotal). The kubelet evicts pods when memory.available drops below its threshold (100Mi by default) and the OOM killer follows. Look at AnonPages, Shmem and SUnreclaim to see who holds the rest.`,
      { related: rel('MemTotal'), data: { availableBytes: avail, totalBytes: total, share } });
    if (avail > total) ctx.report('meminfo/container-view', 'info', s.index, lineOf(s, 'MemAvailable')!,
      `MemAvailable (${B(avail)}) is larger than MemTotal (${B(total)}): this meminfo was read inside a container (LXCFS or similar) and shows a virtualised view, not the node's. Capture from the host (kubectl debug node/NAME, then chroot /host).`,
      { related: rel('MemTotal'), data: { availableBytes: avail, totalBytes: total } });
  }

  // LXCFS and similar fill only the fields they compute: a real kernel never reports zero kernel stacks and page tables.
  const stack = s.byKey.KernelStack; const tables = s.byKey.PageTables;
  if (stack && tables && stack.value === 0 && tables.value === 0 && !(avail !== undefined && avail > total)) ctx.report('meminfo/container-view', 'info', s.index, stack.line,
    `KernelStack and PageTables are both 0, which no running kernel reports: this meminfo looks like a container's virtualised view (LXCFS or similar), not the node's. Capture from the host (kubectl debug node/NAME, then chroot /host).`,
    { related: [{ line: tables.line, message: 'PageTables: 0' }] });

  const sunreclaim = bytesOf(s, 'SUnreclaim');
  if (sunreclaim !== undefined) {
    const id = 'meminfo/unreclaimable-slab-high';
    const share = sunreclaim / total;
    const sev = level(share * 100, ctx.th(id, 'warning'), ctx.th(id, 'critical'));
    if (sev) ctx.report(id, sev, s.index, lineOf(s, 'SUnreclaim')!,
      `Unreclaimable slab is ${B(sunreclaim)}, ${P(share)} of MemTotal (${B(total)}): the kernel cannot free it under pressure and kubectl top never shows it. Capture /proc/slabinfo as root to find the cache, and capture again later to see whether it grows.`,
      { related: rel('MemTotal'), data: { sunreclaimBytes: sunreclaim, totalBytes: total, share } });
    const lruKeys = ['Active', 'Inactive', 'Unevictable'];
    if (lruKeys.some((k) => s.byKey[k])) {
      const lru = sum(...lruKeys.map((k) => bytesOf(s, k)));
      if (sunreclaim > lru) ctx.report('meminfo/unreclaimable-slab-exceeds-lru', 'critical', s.index, lineOf(s, 'SUnreclaim')!,
        `Unreclaimable slab (${B(sunreclaim)}) exceeds every page on the LRU lists together (Active + Inactive + Unevictable = ${B(lru)}): the kernel's own test for dumping "Unreclaimable slab info" at OOM time. The kernel, not user space, holds the memory; rank /proc/slabinfo caches.`,
        { related: lruKeys.flatMap((k) => rel(k)), data: { sunreclaimBytes: sunreclaim, lruBytes: lru } });
    }
  }

  const commit = bytesOf(s, 'Committed_AS'); const limit = bytesOf(s, 'CommitLimit');
  if (commit !== undefined && limit !== undefined && commit > limit) ctx.report('meminfo/overcommitted', 'warning', s.index, lineOf(s, 'Committed_AS')!,
    `Committed_AS (${B(commit)}) is above CommitLimit (${B(limit)}), ${P(commit / limit)} of it. This is enforced only with vm.overcommit_memory=2, where new allocations then fail with ENOMEM; in the default mode it shows memory promised but not necessarily used. Check sysctl vm.overcommit_memory.`,
    { related: rel('CommitLimit'), data: { committedBytes: commit, limitBytes: limit } });

  const swapTotal = bytesOf(s, 'SwapTotal'); const swapFree = bytesOf(s, 'SwapFree');
  if (swapTotal && swapFree !== undefined) {
    const id = 'meminfo/swap-used';
    const used = swapTotal - swapFree; const share = used / swapTotal;
    const sev = level(share * 100, ctx.th(id, 'warning'), ctx.th(id, 'critical'));
    if (sev) ctx.report(id, sev, s.index, lineOf(s, 'SwapFree')!,
      `${B(used)} of ${B(swapTotal)} swap in use (${P(share)}). When swap is full the OOM killer is the only way out (systemd-oomd acts at 90 %). Check pswpin/pswpout in /proc/vmstat over two captures: a steady rate is thrashing.`,
      { related: rel('SwapTotal'), data: { usedBytes: used, totalBytes: swapTotal, share } });
  }

  if (s.byKey.Dirty) {
    const id = 'meminfo/dirty-high';
    const dirty = b('Dirty') + b('Writeback'); const share = dirty / total;
    if (share * 100 > ctx.th(id, 'warning')) ctx.report(id, 'warning', s.index, lineOf(s, 'Dirty')!,
      `${B(dirty)} of page cache is dirty or under writeback (${P(share)} of MemTotal): it cannot be reclaimed until written. Check vm.dirty_ratio and disk latency (io PSI).`,
      { related: rel('Writeback'), data: { dirtyBytes: dirty, share } });
  }

  const hw = bytesOf(s, 'HardwareCorrupted');
  if (hw) ctx.report('meminfo/hardware-corrupted', 'critical', s.index, lineOf(s, 'HardwareCorrupted')!,
    `${B(hw)} of RAM was taken out of use as corrupted by the hardware: the DIMM is failing. Check the machine-check log (rasdaemon, mcelog) and plan to replace the memory or drain the node.`, { data: { bytes: hw } });

  const hpFree = bytesOf(s, 'HugePages_Free');
  if (hpFree) {
    const id = 'meminfo/hugepages-idle';
    const share = hpFree / total;
    if (share * 100 > ctx.th(id, 'info')) ctx.report(id, 'info', s.index, lineOf(s, 'HugePages_Free')!,
      `${B(hpFree)} of reserved huge pages are free (${s.byKey.HugePages_Free.value} pages, ${P(share)} of MemTotal); ordinary allocations cannot use them. If no pod requests hugepages, lower vm.nr_hugepages.`,
      { related: rel('HugePages_Total'), data: { bytes: hpFree, share } });
  }

  if (s.byKey.MemFree && (s.byKey.Active || s.byKey.Inactive)) {
    const id = 'meminfo/unaccounted-memory';
    const share = m.unaccountedBytes / total;
    if (share * 100 > ctx.th(id, 'warning')) ctx.report(id, 'warning', s.index, totalLine,
      `${B(m.unaccountedBytes)} (${P(share)} of MemTotal) is in no counter: MemTotal minus free, LRU lists, slab, kernel stacks, page tables, percpu and hugetlb. Drivers that take pages directly (GPU, RDMA, balloon) or a leak outside slab. Check driver tools and VmallocUsed.`,
      { data: { bytes: m.unaccountedBytes, share } });
  }

  const kid = 'meminfo/kernel-share-high';
  const kshare = m.kernelBytes / total;
  if (kshare * 100 > ctx.th(kid, 'warning')) ctx.report(kid, 'warning', s.index, lineOf(s, 'Slab') ?? lineOf(s, 'SUnreclaim') ?? totalLine,
    `Kernel memory (Slab + KernelStack + PageTables + SecPageTables + Percpu + VmallocUsed) is ${B(m.kernelBytes)}, ${P(kshare)} of MemTotal: kubectl top and pod metrics never show it. Break it down with slabinfo and thread counts.`,
    { related: ['KernelStack', 'PageTables', 'VmallocUsed'].flatMap((k) => rel(k)), data: { bytes: m.kernelBytes, share: kshare } });
}
