/** slabinfo rules (rule-catalog.md §slabinfo). */
import type { SlabinfoSection } from '../model';
import { kmallocSize, type SlabMetrics } from '../analysis/slabMetrics';
import { formatBytes as B, formatCount as N, formatPercent as P } from '../humanFormat';
import type { RuleContext } from './context';

/** What the slab rules know of the node: MemTotal and sysctls captured in the same moment. */
export interface SlabNodeFacts {
  memTotalBytes?: number;
  sysctl?: Record<string, number>;
  /** meminfo's Slab in the same moment: the whole when the slabinfo is a grep of a few caches. */
  meminfoSlabBytes?: number;
}

export function slabinfoRules(s: SlabinfoSection, m: SlabMetrics, ctx: RuleContext, node: SlabNodeFacts = {}): void {
  const first = s.headerLine ?? s.startLine;
  if (s.unreadable) {
    const why = s.unreadable === 'permission-denied' ? 'reading it was refused (Permission denied)' : s.unreadable === 'header-only' ? 'it holds only the header, no caches' : 'it is empty';
    ctx.report('slabinfo/unreadable', 'warning', s.index, first, `This slabinfo capture has no caches: ${why}. /proc/slabinfo is readable by root only (mode 0400); capture it with sudo or from a privileged kubectl debug node pod.`);
    return;
  }
  const total = m.totalSlabBytes || m.totalObjectBytes;
  const size = (c: { slabBytes: number; objectBytes: number }) => (m.totalSlabBytes ? c.slabBytes : c.objectBytes);

  // skbuff leak signature: skbuff heads in lock-step with a cache that can hold packet data. The data of
  // an skb lives in kmalloc-512 … 8k, in page frags (invisible here) or, since 6.3, in skbuff_small_head.
  const skb = m.caches.filter((c) => c.name === 'skbuff_head_cache' || c.name === 'skbuff_fclone_cache');
  const skbObjs = skb.reduce((t, c) => t + c.activeObjects, 0);
  if (skb.length && skbObjs > ctx.th('slabinfo/skbuff-leak-signature', 'objects')) {
    const tol = ctx.th('slabinfo/skbuff-leak-signature', 'tolerance') / 100;
    const skbBytes = skb.reduce((t, c) => t + size(c), 0);
    const match = m.groups.filter((g) => canHoldPacketData(g.group)).find((g) => Math.abs(g.objects - skbObjs) <= tol * skbObjs);
    const share = match && total ? (skbBytes + (m.totalSlabBytes ? match.slabBytes : match.objectBytes)) / total : 0;
    if (match && share * 100 > ctx.th('slabinfo/skbuff-leak-signature', 'share')) ctx.report('slabinfo/skbuff-leak-signature', 'warning', s.index, skb[0].line,
      `Suspicious: skbuff heads hold ${N(skbObjs)} objects and ${match.group} (all variants) holds ${N(match.objects)}, within ${P(tol)} of each other, together ${P(share)} of all slab. Socket buffers whose data stay allocated look like this; a heuristic, not a verdict. Capture again: if both grow together, suspect a driver or protocol leak (compare /proc/net/sockstat).`,
      { related: match.lines.slice(0, 5).map((line) => ({ line, message: `${match.group} variant` })), data: { skbObjects: skbObjs, kmallocObjects: match.objects, share } });
  }

  const di = m.caches.filter((c) => c.name === 'dentry' || c.name === 'dentry_cache' || /inode_cache$|_inode$/.test(c.name));
  const diBytes = di.reduce((t, c) => t + size(c), 0);
  if (di.length && total && diBytes / total * 100 > ctx.th('slabinfo/dentry-inode-heavy', 'share') && diBytes > ctx.th('slabinfo/dentry-inode-heavy', 'bytes')) {
    const lead = di.sort((a, b) => size(b) - size(a))[0];
    ctx.report('slabinfo/dentry-inode-heavy', 'info', s.index, lead.line,
      `dentry and inode caches hold ${B(diBytes)}, ${P(diBytes / total)} of all slab: a small-file or log-heavy workload. Reclaimable, but many tools count it as used. Check negative dentries in /proc/sys/fs/dentry-state; vm.vfs_cache_pressure raises their reclaim.`,
      { related: di.slice(1, 5).map((c) => ({ line: c.line, message: `${c.name}: ${B(size(c))}` })), data: { bytes: diBytes, share: diBytes / total } });
  }

  // kube-proxy sets nf_conntrack_max to max(131072, 32768 × cores) (cmd/kube-proxy conntrack.min, maxPerCore):
  // judge against the captured maximum, and without it only near kube-proxy's floor, as information.
  const ct = m.caches.filter((c) => /^nf_conntrack(_[0-9a-f]+)?$/.test(c.name));
  const ctObjs = ct.reduce((t, c) => t + c.activeObjects, 0);
  const ctMax = node.sysctl?.['net.netfilter.nf_conntrack_max'] ?? node.sysctl?.['net.nf_conntrack_max'];
  if (ct.length && ctMax && ctObjs / ctMax * 100 > ctx.th('slabinfo/conntrack-heavy', 'share')) ctx.report('slabinfo/conntrack-heavy', 'warning', s.index, ct[0].line,
    `nf_conntrack holds ${N(ctObjs)} entries, ${P(ctObjs / ctMax)} of nf_conntrack_max (${N(ctMax)}): when the table is full the kernel drops new connections ("nf_conntrack: table full, dropping packet"). Look for connection churn, or raise kube-proxy's conntrack.maxPerCore.`,
    { data: { objects: ctObjs, max: ctMax } });
  else if (ct.length && !ctMax && ctObjs > ctx.th('slabinfo/conntrack-heavy', 'objects')) ctx.report('slabinfo/conntrack-heavy', 'info', s.index, ct[0].line,
    `nf_conntrack holds ${N(ctObjs)} entries. Whether that is near full depends on net.netfilter.nf_conntrack_max, which this capture does not show: kube-proxy sets it to at least 131072, and 32768 per core above four cores. Compare with sysctl net.netfilter.nf_conntrack_max and nf_conntrack_count.`,
    { data: { objects: ctObjs } });

  // A reclaimable cache (SLAB_RECLAIM_ACCOUNT: dentries, inodes, buffer heads, radix tree nodes) is the kernel
  // using free memory; only its growth over a series is a story (series/steady-growth). The size floor scales
  // down with the node, so one cache at 70 % of a small box's slab is still seen.
  // One kmem_cache object per cache; before 5.9 each memcg had its own copy of every cache it used.
  const kc = m.caches.find((c) => c.name === 'kmem_cache');
  if (kc && kc.activeObjects > ctx.th('slabinfo/dying-cgroups', 'objects')) ctx.report('slabinfo/dying-cgroups', 'warning', s.index, kc.line,
    `kmem_cache holds ${N(kc.activeObjects)} objects, one per slab cache: a kernel keeps a few hundred of its own, so the rest are per-cgroup copies (kernels before 5.9), pinned by cgroups that were deleted but live on while their objects do. Count nr_dying_descendants in /sys/fs/cgroup/cgroup.stat; kernels from 5.9 share caches across cgroups.`,
    { related: m.caches.filter((c) => c.name === 'kmem_cache_node').map((c) => ({ line: c.line, message: `kmem_cache_node: ${N(c.activeObjects)} objects` })), data: { objects: kc.activeObjects } });

  // ZFS keeps its ARC in SPL slab caches, which neither MemAvailable nor page-cache reclaim counts.
  const zfs = m.caches.filter((c) => ZFS_CACHE.test(c.name));
  const zfsBytes = zfs.reduce((t, c) => t + size(c), 0);
  const zfsLimit = node.memTotalBytes ? node.memTotalBytes * ctx.th('slabinfo/zfs-arc', 'share') / 100 : ctx.th('slabinfo/zfs-arc', 'bytes');
  if (zfs.length && zfsBytes > zfsLimit) {
    const lead = [...zfs].sort((a, b) => size(b) - size(a));
    ctx.report('slabinfo/zfs-arc', 'warning', s.index, lead[0].line,
      `ZFS and SPL caches hold ${B(zfsBytes)}${node.memTotalBytes ? `, ${P(zfsBytes / node.memTotalBytes)} of MemTotal` : ''} (${lead.slice(0, 3).map((c) => `${c.name} ${B(size(c))}`).join(', ')}): that is the ZFS ARC and its metadata. MemAvailable does not count it and page-cache reclaim does not free it; it shrinks only through the ARC's own shrinker, often too late for evictions and the OOM killer. Cap it with zfs_arc_max and read /proc/spl/kstat/zfs/arcstats.`,
      { related: lead.slice(1, 5).map((c) => ({ line: c.line, message: `${c.name}: ${B(size(c))}` })), data: { bytes: zfsBytes } });
  }

  lockstepRule(s, m, ctx, node);

  const top = m.groups[0];
  if (top && total) {
    const topBytes = m.totalSlabBytes ? top.slabBytes : top.objectBytes;
    // A grep'd slabinfo (one or a few caches) is not all slab: meminfo's Slab beside it is, when larger.
    const whole = node.meminfoSlabBytes !== undefined && node.meminfoSlabBytes > total && s.caches.length < 10 ? node.meminfoSlabBytes : total;
    const share = topBytes / whole;
    const floor = node.memTotalBytes ? Math.min(ctx.th('slabinfo/dominant-cache', 'bytes'), node.memTotalBytes * ctx.th('slabinfo/dominant-cache', 'nodeShare') / 100) : ctx.th('slabinfo/dominant-cache', 'bytes');
    const reclaimable = isReclaimableCache(top.group);
    // The name the capture shows comes first; a lone kmalloc-rnd-07-8k is named as written, with its class.
    const label = top.caches.length > 1 ? `${top.group} (${top.caches.length} caches)` : top.caches[0] !== top.group ? `${top.caches[0]} (${top.group})` : top.group;
    if (share * 100 > ctx.th('slabinfo/dominant-cache', 'share') && topBytes > floor) ctx.report('slabinfo/dominant-cache', reclaimable ? 'info' : 'warning', s.index, top.lines[0],
      reclaimable
        ? `${label} holds ${B(topBytes)}, ${P(share)} of all slab (${B(whole)}). The kernel reclaims this cache under pressure and counts it in MemAvailable, so it is not lost memory. Only growth across captures, or MemAvailable falling while it grows, would make it a story.`
        : `${label} holds ${B(topBytes)}${!m.totalSlabBytes && top.slabBytes > topBytes ? ` in objects (${B(top.slabBytes)} in slabs, slabtop's CACHE SIZE)` : ''}, ${P(share)} of all slab (${B(whole)}${!m.totalSlabBytes && top.slabBytes > topBytes ? ' in objects, slabtop\'s summary' : ''}), and the kernel cannot reclaim it.${taskHint(s, top.group)} Capture again later: a cache that keeps growing is a leak suspect; /sys/kernel/slab/${top.caches[0]}/ has details.`,
      { related: top.lines.slice(1, 6).map((line) => ({ line, message: `${top.group} variant` })), data: { bytes: topBytes, share, reclaimable: reclaimable ? 1 : 0 } });
  }
}

/**
 * Several kmalloc size classes holding the same number of live objects: one code path allocating a set of
 * buffers of different sizes (a structure and its parts) again and again, and never freeing them. Objects
 * of unrelated callers do not fall within a few percent of each other at hundreds of thousands each.
 */
function lockstepRule(s: SlabinfoSection, m: SlabMetrics, ctx: RuleContext, node: SlabNodeFacts): void {
  const id = 'slabinfo/kmalloc-lockstep';
  const min = ctx.th(id, 'objects'); const tol = ctx.th(id, 'tolerance') / 100;
  const classes = new Map<string, { group: string; active: number; bytes: number; line: number }>();
  for (const c of m.caches) {
    const g = kmallocSize(c.group) !== undefined ? c.group : undefined;
    if (!g) continue;
    const x = classes.get(g) ?? { group: g, active: 0, bytes: 0, line: c.line };
    x.active += c.activeObjects; x.bytes += c.activeBytes;
    classes.set(g, x);
  }
  const big = [...classes.values()].filter((x) => x.active >= min).sort((a, b) => a.active - b.active);
  // The largest run of classes whose counts are within the tolerance of the run's smallest.
  let best: typeof big = [];
  for (let i = 0; i < big.length; i++) {
    let j = i;
    while (j + 1 < big.length && big[j + 1].active <= big[i].active * (1 + tol)) j++;
    if (j - i + 1 > best.length) best = big.slice(i, j + 1);
  }
  const n = ctx.th(id, 'classes');
  if (best.length < n) return;
  const bytes = best.reduce((t, x) => t + x.bytes, 0);
  const floor = node.memTotalBytes ? Math.min(ctx.th(id, 'bytes'), node.memTotalBytes * 0.02) : ctx.th(id, 'bytes');
  if (bytes < floor) return;
  const bySize = [...best].sort((a, b) => (kmallocSize(b.group) ?? 0) - (kmallocSize(a.group) ?? 0));
  ctx.report(id, 'warning', s.index, bySize[0].line,
    `${best.length} kmalloc size classes hold the same number of live objects (${bySize.map((x) => `${x.group} ${N(x.active)}`).join(', ')}; within ${Math.round(tol * 100)} %), ${B(bytes)} together: one code path allocating buffers of these sizes together and never freeing them. That is a kernel leak pattern (a driver or subsystem), not cache. Capture slabinfo again to see them grow together; kmemleak, or slab_debug=U with /sys/kernel/slab/<cache>/alloc_calls, names the caller.`,
    { related: bySize.slice(1, 6).map((x) => ({ line: x.line, message: `${x.group}: ${N(x.active)} objects` })), data: { classes: best.length, bytes } });
}

/** SPL caches of ZFS on Linux (module/os/linux/spl, module/zfs: zio_cache_init, dnode_init, dbuf_init, arc's buf_init). */
const ZFS_CACHE = /^(zio_buf_\d+|zio_data_buf_\d+|zio_cache|zio_link_cache|dnode_t|dmu_buf_impl_t|arc_buf_hdr_t(_full|_l2only)?|arc_buf_t|sa_cache|zfs_znode_cache|zfs_znode_hold_cache|abd_t|zil_lwb_cache|dmu_tx)$/;

/** Caches created with SLAB_RECLAIM_ACCOUNT that shrinkers free under pressure (fs/dcache.c, fs/inode.c, fs/buffer.c, lib/radix-tree.c). */
function isReclaimableCache(name: string): boolean {
  if (name === 'sock_inode_cache' || name === 'shmem_inode_cache') return false; // freed with their sockets and tmpfs files only
  return name === 'dentry' || name === 'dentry_cache' || /inode_cache$|_inode$/.test(name) || name === 'buffer_head' || name === 'radix_tree_node'
    || name === 'ext4_extent_status' || name === 'xfs_ili' || /^kmalloc-rcl-|^kmalloc-reclaim-/.test(name);
}

/** Size classes that can hold an skb's data head (net/core/skbuff.c: kmalloc_reserve, skbuff_small_head since 6.3). */
function canHoldPacketData(group: string): boolean {
  if (group === 'skbuff_small_head') return true;
  const bytes = kmallocSize(group);
  return bytes !== undefined && bytes >= 512 && bytes <= 8192;
}

/** One object per task in each of these (kernel/fork.c: a task_struct, and per process a signal_struct and a cred). */
const TASK_CACHES = ['task_struct', 'signal_cache', 'cred_jar'];

/**
 * task_struct at the top: each object is a task, live or exited and still referenced. When signal_cache and
 * cred_jar hold about as many, they are whole processes that were never freed (zombies nobody reaps, or a
 * reference a module keeps), not threads.
 */
function taskHint(s: SlabinfoSection, group: string): string {
  if (group !== 'task_struct') return '';
  const count = (n: string) => s.caches.find((c) => c.name === n)?.activeObjs;
  const tasks = count('task_struct');
  if (!tasks || tasks < 100_000) return '';
  const alike = TASK_CACHES.slice(1).filter((n) => { const c = count(n); return c !== undefined && Math.abs(c - tasks) <= 0.05 * tasks; });
  return ` Each task_struct is a task: ${N(tasks)} of them${alike.length ? `, with as many ${alike.join(' and ')} objects (one per process), are whole processes` : ' are tasks'} that exist or exited and are still referenced. Count the live ones (ps -eLf | wc -l): the difference is tasks nobody freed, zombies whose parent never reaps them (ps -eo stat | grep -c Z) or a reference leaked by a module or file system.`;
}
