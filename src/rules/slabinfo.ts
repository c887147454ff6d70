/** slabinfo rules (rule-catalog.md §slabinfo). */
import type { SlabinfoSection } from '../model';
import type { SlabMetrics } from '../analysis/slabMetrics';
import { formatBytes as B, formatCount as N, formatPercent as P } from '../formats/units';
import type { RuleContext } from './context';

export function slabinfoRules(s: SlabinfoSection, m: SlabMetrics, ctx: RuleContext): void {
  const first = s.headerLine ?? s.startLine;
  if (s.unreadable) {
    const why = s.unreadable === 'permission-denied' ? 'reading it was refused (Permission denied)' : s.unreadable === 'header-only' ? 'it holds only the header, no caches' : 'it is empty';
    ctx.report('slabinfo/unreadable', 'warning', s.index, first, `This slabinfo capture has no caches: ${why}. /proc/slabinfo is readable by root only (mode 0400); capture it with sudo or from a privileged kubectl debug node pod.`);
    return;
  }
  const total = m.totalSlabBytes || m.totalObjectBytes;
  const size = (c: { slabBytes: number; objectBytes: number }) => (m.totalSlabBytes ? c.slabBytes : c.objectBytes);

  // skbuff leak signature: skbuff heads in lock-step with one kmalloc class.
  const skb = m.caches.filter((c) => c.name === 'skbuff_head_cache' || c.name === 'skbuff_fclone_cache');
  const skbObjs = skb.reduce((t, c) => t + c.activeObjects, 0);
  if (skb.length && skbObjs > ctx.th('slabinfo/skbuff-leak-signature', 'objects')) {
    const tol = ctx.th('slabinfo/skbuff-leak-signature', 'tolerance') / 100;
    const match = m.groups.filter((g) => g.group.startsWith('kmalloc-')).find((g) => Math.abs(g.objects - skbObjs) <= tol * skbObjs);
    if (match) ctx.report('slabinfo/skbuff-leak-signature', 'warning', s.index, skb[0].line,
      `Suspicious: skbuff heads hold ${N(skbObjs)} objects and ${match.group} (all variants) holds ${N(match.objects)}, within ${P(tol)} of each other. Socket buffers whose data stay allocated look like this; a heuristic, not a verdict. Capture again: if both grow together, suspect a driver or protocol leak.`,
      { related: match.lines.slice(0, 5).map((line) => ({ line, message: `${match.group} variant` })), data: { skbObjects: skbObjs, kmallocObjects: match.objects } });
  }

  const di = m.caches.filter((c) => c.name === 'dentry' || /inode_cache$|_inode$/.test(c.name));
  const diBytes = di.reduce((t, c) => t + size(c), 0);
  if (di.length && total && diBytes / total * 100 > ctx.th('slabinfo/dentry-inode-heavy', 'share') && diBytes > ctx.th('slabinfo/dentry-inode-heavy', 'bytes')) {
    const lead = di.sort((a, b) => size(b) - size(a))[0];
    ctx.report('slabinfo/dentry-inode-heavy', 'info', s.index, lead.line,
      `dentry and inode caches hold ${B(diBytes)}, ${P(diBytes / total)} of all slab: a small-file or log-heavy workload. Reclaimable, but many tools count it as used. Check negative dentries in /proc/sys/fs/dentry-state; vm.vfs_cache_pressure raises their reclaim.`,
      { related: di.slice(1, 5).map((c) => ({ line: c.line, message: `${c.name}: ${B(size(c))}` })), data: { bytes: diBytes, share: diBytes / total } });
  }

  const ct = m.caches.filter((c) => /^nf_conntrack(_[0-9a-f]+)?$/.test(c.name));
  const ctObjs = ct.reduce((t, c) => t + c.activeObjects, 0);
  if (ct.length && ctObjs > ctx.th('slabinfo/conntrack-heavy', 'objects')) ctx.report('slabinfo/conntrack-heavy', 'warning', s.index, ct[0].line,
    `nf_conntrack holds ${N(ctObjs)} entries: kube-proxy depends on this table and drops packets when it is full. Compare with sysctl net.netfilter.nf_conntrack_max and look for connection churn.`,
    { data: { objects: ctObjs } });

  const top = m.groups[0];
  if (top && total) {
    const topBytes = m.totalSlabBytes ? top.slabBytes : top.objectBytes;
    const share = topBytes / total;
    if (share * 100 > ctx.th('slabinfo/dominant-cache', 'share') && topBytes > ctx.th('slabinfo/dominant-cache', 'bytes')) ctx.report('slabinfo/dominant-cache', 'warning', s.index, top.lines[0],
      `${top.group}${top.caches.length > 1 ? ` (${top.caches.length} caches)` : ''} holds ${B(topBytes)}, ${P(share)} of all slab (${B(total)}). One cache this large is how kernel leaks show: capture again later and see whether it grows; /sys/kernel/slab/${top.caches[0]}/ has details.`,
      { related: top.lines.slice(1, 6).map((line) => ({ line, message: `${top.group} variant` })), data: { bytes: topBytes, share } });
  }
}
