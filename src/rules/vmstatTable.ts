/**
 * `vmstat N` tables: swap traffic per second is the rate a single /proc/vmstat cannot give. The first row
 * of a run averages since boot (procps vmstat.c new_format divides by the jiffies since boot), so only the
 * rows after it say what happens now.
 */
import type { OpaqueSection, VmstatSample, VmstatTable } from '../model';
import { formatBytes as B, formatCount as N } from '../humanFormat';
import type { RuleContext } from './context';

export function vmstatTableRules(s: OpaqueSection, ctx: RuleContext): void {
  const t = s.vmstatTable;
  if (!t) return;
  livelockRule(s, t, ctx);
  swappingRule(s, t, ctx);
}

/** System CPU near all of it with free memory at the bottom: allocations spin in reclaim. */
function livelockRule(s: OpaqueSection, t: VmstatTable, ctx: RuleContext): void {
  const id = 'vmstat/reclaim-livelock';
  // The rates of the first row (CPU shares too) average since boot; free is a snapshot in every row.
  const now = t.samples.filter((x) => !x.sinceBoot && x.values.sy !== undefined && x.values.free !== undefined);
  if (!now.length) return;
  const sy = now.reduce((a, x) => a + x.values.sy, 0) / now.length;
  const bytes = (x: VmstatSample, k: string) => (x.values[k] ?? 0) * t.unitBytes;
  const exhausted = (x: VmstatSample) => bytes(x, 'free') <= ctx.th(id, 'free') || bytes(x, 'free') <= 0.05 * (bytes(x, 'free') + bytes(x, 'buff') + bytes(x, 'cache'));
  if (sy < ctx.th(id, 'system') || !now.every(exhausted)) return;
  const last = now[now.length - 1];
  const runnable = Math.max(...now.map((x) => x.values.r ?? 0));
  const swap = bytes(last, 'swpd');
  const noSwapIo = now.every((x) => !x.values.si && !x.values.so);
  ctx.report(id, 'warning', s.index, last.spans.sy?.line ?? last.line,
    `The CPUs are ${Math.round(sy)} % in the kernel (sy) over ${now.length} interval${now.length === 1 ? '' : 's'} with ${B(bytes(last, 'free'))} free (cache ${B(bytes(last, 'cache'))})${runnable ? ` and up to ${runnable} runnable tasks` : ''}: allocations are looping in reclaim and compaction.${swap ? ` ${B(swap)} is in swap${noSwapIo ? ' and nothing moves to or from it (si, so are 0): reclaim is not even swapping' : ''}.` : ''} This is the livelock before (or instead of) the OOM killer: find what fills memory; memory PSI shows the stall.`,
    { data: { system: sy, freeBytes: bytes(last, 'free') } });
}

/**
 * si and so both above 0 in every interval, and swap holds over four times the free, buffers and cache left:
 * what is left (in the table's unit), else undefined.
 */
function squeezed(now: VmstatSample[], t: VmstatTable): number | undefined {
  if (!['swpd', 'free', 'cache'].every((c) => t.columns.includes(c))) return undefined;
  if (!now.every((x) => (x.values.si ?? 0) > 0 && (x.values.so ?? 0) > 0)) return undefined;
  const last = now[now.length - 1].values;
  const room = (last.free ?? 0) + (last.buff ?? 0) + (last.cache ?? 0);
  return (last.swpd ?? 0) > 4 * room ? room : undefined;
}

function swappingRule(s: OpaqueSection, t: VmstatTable, ctx: RuleContext): void {
  const id = 'vmstat/swapping';
  const pages = (kib: number) => (kib * t.unitBytes) / ctx.pageSize;
  const swap = (x: VmstatSample) => (x.values.si ?? 0) + (x.values.so ?? 0);
  const now = t.samples.filter((x) => !x.sinceBoot && (x.values.si !== undefined || x.values.so !== undefined));
  const perSec = (n: number) => `${B(n * t.unitBytes)}/s`;
  if (now.length) {
    const mean = (k: 'si' | 'so') => now.reduce((a, x) => a + (x.values[k] ?? 0), 0) / now.length;
    const rate = pages(mean('si') + mean('so'));
    const swapping = now.filter((x) => swap(x) > 0).length;
    if (!swapping) return;
    const peak = now.reduce((a, x) => (swap(x) > swap(a) ? x : a));
    const blocked = now.reduce((a, x) => a + (x.values.b ?? 0), 0) / now.length;
    const wait = now.reduce((a, x) => a + (x.values.wa ?? 0), 0) / now.length;
    const both = now.some((x) => (x.values.si ?? 0) > 0) && now.some((x) => (x.values.so ?? 0) > 0);
    const over = `${now.length} interval${now.length === 1 ? '' : 's'}`;
    const left = squeezed(now, t);
    const head = `Swapping in ${swapping} of ${over}: ${perSec(mean('si'))} in and ${perSec(mean('so'))} out on average (si, so), ${N(Math.round(rate))} pages/s; the busiest row moved ${perSec(swap(peak))}.`;
    if (rate > ctx.th(id, 'rate')) {
      const stall = blocked >= 1 || wait >= 10 ? ` ${blocked.toFixed(1)} tasks blocked on I/O and ${Math.round(wait)} % of CPU time waiting for it, on average.` : '';
      ctx.report(id, 'warning', s.index, peak.spans.si?.line ?? peak.line,
        `${head}${both ? ' Pages go out and come back: the working set does not fit in memory (thrashing).' : ''}${stall} Find the cgroups that use swap (memory.swap.current) and what grew; memory PSI shows the stall.`,
        { data: { rate, intervals: now.length }, endLine: now[now.length - 1].line });
    } else if (left !== undefined) {
      // Below the rate, but in and out in every interval with RAM's free and cache a small part of what is in
      // swap: the working set does not fit, and only the rate is low (a small or slow machine).
      const last = now[now.length - 1];
      const room = left * t.unitBytes;
      ctx.report(id, 'warning', s.index, peak.spans.si?.line ?? peak.line,
        `${head} Pages go out and come back in every interval while only ${B(room)} is free or cache beside ${B((last.values.swpd ?? 0) * t.unitBytes)} in swap: the working set does not fit in memory (thrashing at a low rate; the cache has nothing left to give). Find what grew (the largest RSS, memory.swap.current per cgroup); memory PSI shows the stall.`,
        { data: { rate, intervals: now.length }, endLine: last.line });
    } else {
      ctx.report(id, 'info', s.index, peak.line, `${head} Below ${ctx.th(id, 'rate')} pages/s: light swap traffic, worth watching if it lasts.`, { data: { rate, intervals: now.length } });
    }
    return;
  }
  // One row alone: the average since boot, which says nothing about now.
  const first = t.samples.find((x) => x.sinceBoot && swap(x) > 0);
  if (first) ctx.report(id, 'info', s.index, first.line, `The first vmstat row averages since boot: ${perSec(first.values.si ?? 0)} in and ${perSec(first.values.so ?? 0)} out (si, so). It cannot tell whether the node swaps now: run vmstat with a delay (vmstat 1 10) and read the rows after the first.`, { data: { rate: pages(swap(first)) } });
}
