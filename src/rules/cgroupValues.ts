/** A cgroup known only by its one-value files (memory.current / max / peak, v1's usage / limit / max_usage). */
import type { CgroupPart, CgroupValues } from '../analysis/cgroupMetrics';
import type { CgroupFiles } from '../world/model';
import { formatBytes as B, formatPercent as P } from '../humanFormat';
import type { RuleContext } from './context';
import { belowZero } from '../formats/numbers';

/** A usage counter below zero (2^64 − N): judged for every cgroup, whatever else it has. */
export function counterBelowZeroRule(c: CgroupFiles, v: CgroupValues, ctx: RuleContext): boolean {
  const usageFile = c.values['memory.current'] ?? c.values['memory.usage_in_bytes'];
  const usage = usageFile?.fields[0];
  const under = usage ? belowZero(usage.raw) : undefined;
  if (usage && under !== undefined) {
    ctx.report('cgroup-value/counter-below-zero', 'critical', usageFile!.index, usage.line,
      `${usage.key} reads ${usage.raw}, which is 2^64 − ${under}: ${c.path === '' || c.path === '.' ? 'this cgroup\'s' : `the cgroup ${c.path}'s`} charge counter went ${B(under)} below zero and is printed unsigned. To the kernel it is far above ${v.max !== undefined && Number.isFinite(v.max) ? `its limit of ${B(v.max)}` : 'any limit'}, so every charge fails and whatever runs in it is OOM-killed at once, however little it uses. A kernel accounting bug (look for a page_counter WARNING in the kernel log), not memory use: raising the limit does not help; move the work to a new cgroup.`,
      { data: { belowZeroBytes: under } });
    return true;
  }
  return false;
}

/** `parts`: the breakdown of the memory.stat beside the files, when there is one: what fills the cgroup is then said. */
function fills(parts: CgroupPart[] | undefined): string {
  const top = parts?.filter((p) => p.key !== 'other' && p.bytes > 0).sort((a, b) => b.bytes - a.bytes).slice(0, 3);
  if (!top?.length) return 'read its memory.stat for what fills it (page cache can be reclaimed, anonymous memory cannot) and memory.events for oom_kill.';
  return `its memory.stat says what fills it: ${top.map((p) => `${p.label.replace(/ \(.*\)$/, '').toLowerCase()} ${B(p.bytes)}`).join(', ')} (page cache can be reclaimed; anonymous memory and shmem only to swap). memory.events counts the kills.`;
}

export function cgroupValueRules(c: CgroupFiles, v: CgroupValues, ctx: RuleContext, parts?: CgroupPart[]): void {
  const id = 'cgroup-value/at-limit';
  const usageFile = c.values['memory.current'] ?? c.values['memory.usage_in_bytes'];
  const max = v.max;
  if (max === undefined || !(max > 0)) return;
  const peakFile = c.values['memory.peak'] ?? c.values['memory.max_usage_in_bytes'];
  const atUsage = v.current !== undefined && v.current / max * 100 >= ctx.th(id, 'share');
  const atPeak = v.peak !== undefined && v.peak >= max;
  if (!atUsage && !atPeak) return;
  const at = (atUsage ? usageFile : peakFile) ?? usageFile ?? peakFile;
  if (!at) return;
  ctx.report(id, 'warning', at.index, at.fields[0]?.line ?? at.startLine,
    `${c.path === '' || c.path === '.' ? 'This cgroup' : `The cgroup ${c.path}`} is at its limit of ${B(max)}: ${[
      v.current !== undefined ? `usage ${B(v.current)} (${P(v.current / max)})` : '',
      atPeak ? `its peak ${B(v.peak!)} reached the limit` : '',
    ].filter(Boolean).join(', ')}. At the limit the kernel reclaims inside the cgroup and then OOM-kills in it: ${fills(parts)}`,
    { data: { maxBytes: max, usageBytes: v.current ?? -1 } });
}

/**
 * memory.swap.current at or above memory.current (v2): the cgroup lives mostly in swap, and every touch of those pages
 * is a swap-in. memory.swap.max `max` leaves it unbounded (docker's --memory-swap equal to --memory means swap 0).
 */
export function swappedOutRule(c: CgroupFiles, v: CgroupValues, ctx: RuleContext): void {
  const swapFile = c.values['memory.swap.current'];
  const swap = swapFile?.fields[0];
  if (!swap || swap.bytes === undefined || !Number.isFinite(swap.bytes) || v.current === undefined || !Number.isFinite(v.current)) return;
  if (swap.bytes < 64 * 2 ** 20 || swap.bytes < v.current) return;
  const maxFile = c.values['memory.swap.max']?.fields[0];
  const unbounded = maxFile?.raw === 'max';
  ctx.report('cgroup-value/mostly-swapped', 'warning', swapFile!.index, swap.line,
    `${c.path === '' || c.path === '.' ? 'This cgroup' : `The cgroup ${c.path}`} has ${B(swap.bytes)} in swap (memory.swap.current), ${(swap.bytes / Math.max(v.current, 1)).toFixed(1)} × what it holds in memory (memory.current ${B(v.current)}): it lives mostly in swap, so its processes wait on a swap-in for nearly every page they touch. ${unbounded ? 'memory.swap.max is max: nothing bounds its swap. ' : ''}Give it the memory it needs (memory.max), or bound its swap with memory.swap.max (docker: --memory-swap equal to --memory allows none).`,
    { data: { swapBytes: swap.bytes, currentBytes: v.current } });
}

