/**
 * sysstat sar memory reports: the rates of one node over time, which a single /proc/vmstat cannot give.
 * sar -W counts pages swapped per second, sar -B pages scanned and stolen per second (pr_stats.c), so
 * they are judged with the thresholds the same /proc/vmstat counters have in a series.
 */
import type { OpaqueSection, SarTable } from '../model';
import { formatBytes as B, formatCount as N, formatPercent as P } from '../humanFormat';
import { level } from './context';
import type { RuleContext } from './context';

const mean = (t: SarTable, k: string) => {
  const xs = t.samples.filter((x) => x.values[k] !== undefined);
  if (!xs.length) return t.average?.values[k];
  return xs.reduce((a, x) => a + x.values[k], 0) / xs.length;
};
const rate = (n: number) => (n >= 100 ? N(Math.round(n)) : n.toFixed(n >= 10 ? 1 : 2));

export function sarTableRules(s: OpaqueSection, ctx: RuleContext): void {
  for (const t of s.sarTables ?? []) {
    const rows = t.samples.length ? t.samples : t.average ? [t.average] : [];
    if (!rows.length) continue;
    // A size below zero, or a share above 100 % (%vmeff aside, said below), cannot be right: a counter that
    // wrapped or a sysstat that misread its kernel (2.4-era swap totals). Nothing derived from it holds.
    // %commit is kbcommit over RAM + swap (sysstat pr_stats.c): above 100 % is overcommit, which is normal.
    const bad = [...rows, ...(t.average && t.samples.length ? [t.average] : [])].flatMap((x) => Object.entries(x.values)
      .filter(([k, v]) => (/^kb/.test(k) && v < 0) || (/^%(?!vmeff|commit)/.test(k) && v > 100.5)).map(([k, v]) => ({ x, k, v })));
    if (bad.length) {
      const first = bad[0];
      ctx.report('meminfo/impossible-value', 'warning', s.index, first.x.spans[first.k]?.line ?? first.x.line,
        `sar printed ${[...new Set(bad.map((b) => `${b.k} ${b.v}`))].slice(0, 3).join(', ')}${first.x.time === 'Average:' ? ' (averages)' : ` at ${first.x.time}`}: ${/^kb/.test(first.k) ? 'a size below zero' : 'a share above 100 %'} cannot be right. The counter wrapped, or this sysstat misreads this kernel's files; do not act on those columns (read /proc/meminfo instead).`,
        { data: { value: first.v } });
    }
    const span = `${rows.length} interval${rows.length === 1 ? '' : 's'}${rows.length > 1 ? ` (${rows[0].time} to ${rows[rows.length - 1].time})` : ''}`;
    const busiest = (k: string) => rows.reduce((a, x) => ((x.values[k] ?? 0) > (a.values[k] ?? 0) ? x : a));
    // sar -r: kbavail (MemAvailable) against the total, which sar does not print but %memused gives
    // (kbmemused × 100 / %memused). The lowest interval is judged, with low-available's thresholds.
    if (t.columns.includes('kbavail') && t.columns.includes('%memused')) {
      const id = 'meminfo/low-available';
      const low = rows.filter((x) => x.values.kbavail !== undefined && (x.values['%memused'] ?? 0) > 0 && x.values.kbmemused > 0)
        .reduce<typeof rows[number] | undefined>((a, x) => (!a || x.values.kbavail < a.values.kbavail ? x : a), undefined);
      if (low) {
        const total = (low.values.kbmemused * 100) / low.values['%memused'] * 1024;
        const avail = low.values.kbavail * 1024;
        const share = avail / total;
        const byShare = level(share * 100, ctx.th(id, 'warning'), ctx.th(id, 'critical'), true);
        const bySize = level(avail, ctx.th(id, 'warningBytes'), ctx.th(id, 'criticalBytes'), true);
        const sev = byShare === 'critical' && bySize === 'critical' ? 'critical' : byShare && bySize ? 'warning' : undefined;
        if (sev) ctx.report(id, sev, s.index, low.spans.kbavail?.line ?? low.line,
          `Only ${B(avail)} available at ${low.time} (sar -r kbavail; ${P(share)} of about ${B(total)}, the total kbmemused and %memused imply). The kubelet evicts below its threshold and the OOM killer follows: see what grew in the intervals before.`,
          { data: { availableBytes: avail, totalBytes: total, share } });
      }
    }
    if (t.columns.includes('pswpin/s') || t.columns.includes('pswpout/s')) {
      const sin = mean(t, 'pswpin/s') ?? 0;
      const sout = mean(t, 'pswpout/s') ?? 0;
      const id = 'vmstat/swapping';
      if (sin + sout > ctx.th(id, 'rate')) {
        const at = busiest('pswpout/s');
        ctx.report(id, 'warning', s.index, at.line, `Swapping at ${rate(sin)} pages/s in and ${rate(sout)} out on average over ${span} (sar -W pswpin/s, pswpout/s; threshold ${ctx.th(id, 'rate')}/s)${sin > 0 && sout > 0 ? ': pages go out and come back, the working set does not fit (thrashing)' : ''}. Find the cgroups that use swap and what grew.`, { data: { rate: sin + sout } });
      } else if (sin + sout > 0) {
        ctx.report(id, 'info', s.index, rows[0].line, `Light swap traffic over ${span}: ${rate(sin)} pages/s in and ${rate(sout)} out on average (sar -W), below ${ctx.th(id, 'rate')}/s.`, { data: { rate: sin + sout } });
      }
    }
    if (t.columns.includes('pgscank/s') || t.columns.includes('pgscand/s')) {
      const kswapd = mean(t, 'pgscank/s') ?? 0;
      const direct = mean(t, 'pgscand/s') ?? 0;
      const steal = mean(t, 'pgsteal/s');
      const scanned = kswapd + direct;
      // sysstat before 12.x summed pgsteal_* with the pgsteal_anon/_file totals of 5.x kernels: more stolen than scanned.
      const doubled = rows.some((x) => (x.values['%vmeff'] ?? 0) > 100);
      const note = doubled ? ` (%vmeff above 100 % is impossible: this sysstat counts pgsteal twice on this kernel, so halve pgsteal/s)` : '';
      const ineff = 'vmstat/reclaim-inefficient';
      if (steal !== undefined && scanned >= ctx.th(ineff, 'scan')) {
        const eff = (doubled ? steal / 2 : steal) / scanned;
        if (eff * 100 < ctx.th(ineff, 'efficiency')) {
          const at = busiest(kswapd >= direct ? 'pgscank/s' : 'pgscand/s');
          ctx.report(ineff, 'warning', s.index, at.line,
            `Reclaim scanned ${rate(scanned)} pages/s on average over ${span} (${rate(kswapd)} by kswapd, ${rate(direct)} directly) and reclaimed ${rate(doubled ? steal / 2 : steal)} of them (${(eff * 100).toFixed(eff < 0.01 ? 2 : 1)} %, sar -B)${note}: it is spinning on memory it cannot free. ${kswapd >= direct ? 'kswapd burns a CPU doing it.' : 'Allocating tasks stall doing it.'} Find what the scanned memory is (dirty, under writeback, in use) and which node or zone is short.`,
            { data: { scanned, efficiency: eff } });
        }
      }
      // Every page reclaimed was scanned first (mm/vmscan.c shrink_folio_list counts both): stolen with nothing
      // scanned means this sysstat does not read this kernel's pgscan counters, and %vmeff means nothing.
      const stolenUnscanned = rows.filter((x) => (x.values['pgsteal/s'] ?? 0) > 0 && !(x.values['pgscank/s'] ?? 0) && !(x.values['pgscand/s'] ?? 0));
      if (steal !== undefined && steal > 0 && scanned === 0 && stolenUnscanned.length) {
        const at = stolenUnscanned[0];
        ctx.report('meminfo/impossible-value', 'info', s.index, at.spans['pgsteal/s']?.line ?? at.line,
          `sar shows pages reclaimed (pgsteal/s ${rate(steal)} on average over ${span}) while pgscank/s and pgscand/s stay 0: the kernel scans every page it reclaims, so this sysstat does not read this kernel's scan counters, and %vmeff is meaningless here. Read pgscan_* and pgsteal_* from /proc/vmstat twice to judge reclaim.`,
          { data: { value: steal } });
      }
      const directRows = rows.filter((x) => (x.values['pgscand/s'] ?? 0) > 0).length;
      if (direct > 0) {
        const warn = directRows * 2 >= rows.length;
        ctx.report('vmstat/direct-reclaim', warn ? 'warning' : 'info', s.index, busiest('pgscand/s').line,
          `Direct reclaim in ${directRows} of ${span}: allocating tasks scanned ${rate(direct)} pages/s themselves on average (sar -B pgscand/s; kswapd ${rate(kswapd)}/s)${note}. ${warn ? 'Allocations are reclaiming memory right now, which is latency for the workload.' : 'Brief: worth watching if it returns.'}`,
          { data: { rate: direct } });
      }
    }
  }
}
