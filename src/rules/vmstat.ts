/** vmstat rules for one capture: counters since boot (rule-catalog.md §vmstat). */
import type { KeyValueSection } from '../model';
import { lineOf, valueOf } from '../analysis/fields';
import { formatCount as N } from '../humanFormat';
import type { RuleContext } from './context';

export function vmstatRules(s: KeyValueSection, ctx: RuleContext): void {
  const oom = valueOf(s, 'oom_kill');
  if (oom && oom > 0) ctx.report('vmstat/oom-kills', 'warning', s.index, lineOf(s, 'oom_kill')!,
    `The OOM killer has killed ${N(oom)} process${oom === 1 ? '' : 'es'} since boot (global and cgroup kills). Read dmesg for the "Killed process" lines; a second capture gives the rate.`, { data: { count: oom } });

  const swapped = (valueOf(s, 'pswpin') ?? 0) + (valueOf(s, 'pswpout') ?? 0);
  if (swapped > 0) ctx.report('vmstat/swapping', 'info', s.index, lineOf(s, s.byKey.pswpout?.value ? 'pswpout' : 'pswpin')!,
    `${N(swapped)} pages have moved to or from swap since boot (pswpin + pswpout). One capture cannot tell whether this is happening now: capture twice to get the rate (warning above ${ctx.th('vmstat/swapping', 'rate')} pages/s).`, { data: { pages: swapped } });

  const stalls = s.fields.filter((f) => /^allocstall(_|$)/.test(f.key) && f.value > 0);
  const direct = s.fields.filter((f) => /^pgscan_direct(_|$)/.test(f.key) && f.value > 0);
  if (stalls.length || direct.length) {
    const lead = stalls[0] ?? direct[0];
    const nStall = stalls.reduce((t, f) => t + f.value, 0);
    const nScan = direct.reduce((t, f) => t + f.value, 0);
    ctx.report('vmstat/direct-reclaim', 'info', s.index, lead.line,
      `Allocating tasks had to reclaim memory themselves since boot: ${N(nStall)} allocation stalls, ${N(nScan)} pages scanned by direct reclaim. That is latency in the allocating process; in a series, rising counters mean ongoing pressure.`,
      { related: [...stalls, ...direct].filter((f) => f !== lead).slice(0, 4).map((f) => ({ line: f.line, message: `${f.key}: ${N(f.value)}` })), data: { allocstall: nStall, pgscanDirect: nScan } });
  }

  const dropped = ['drop_pagecache', 'drop_slab'].filter((k) => (valueOf(s, k) ?? 0) > 0);
  if (dropped.length) ctx.report('vmstat/caches-dropped', 'info', s.index, lineOf(s, dropped[0])!,
    `Someone wrote to /proc/sys/vm/drop_caches since boot (${dropped.map((k) => `${k} ${N(valueOf(s, k)!)}`).join(', ')}): sudden drops of page cache or slab may come from that, not from the workload.`);
}
