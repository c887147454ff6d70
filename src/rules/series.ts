/** Series rules: steady growth and counter rates (rule-catalog.md §series, §vmstat). */
import type { KeyValueSection, Section, Severity } from '../model';
import { counterIncrease, counterRate, type Series } from '../analysis/series';
import { VMSTAT_COUNTERS, EVENT_TRACKS } from '../formats/seriesKeys';
import { trendOf, zFor } from '../analysis/trend';
import { bytesOf } from '../analysis/fields';
import { formatBytes as B, formatCount as N, formatDuration, formatPercent as P } from '../humanFormat';
import type { RuleContext } from './context';

/**
 * Before / after captures (2 to 7 of them, a test run, `echo 3 > drop_caches` between): unreclaimable kernel
 * memory that at least doubled and is still near its peak in the last capture. No trend needs to be steady
 * for that: the rise is held. Returns true when it reported, so the steady-growth test does not say it again.
 */
function heldRise(t: Series['tracks'][number], ctx: RuleContext): boolean {
  const n = t.length;
  if (!HELD_TRACKS.test(t.id) || n < 2 || n >= 8) return false;
  const first = t.value[0]; const last = t.value[n - 1];
  let peak = -Infinity;
  for (let i = 0; i < n; i++) if (t.value[i] > peak) peak = t.value[i];
  if (t.time && t.time[n - 1] - t.time[0] < 60_000) return false;
  if (!(first > 0) || last < 2 * first || last < 0.9 * peak || last - first < HELD_MIN_BYTES) return false;
  ctx.report('series/steady-growth', 'warning', t.section[n - 1], t.line[n - 1],
    `${t.label} went from ${B(first)} in the first capture to ${B(last)} in the last (${(last / first).toFixed(1)}×) and stayed near its peak: unreclaimable kernel memory that does not come back after the work (nor after drop_caches) is held, not cached. ${t.id === 'meminfo:Percpu' ? 'Per-CPU memory held like this is usually dying cgroups (deleted, still pinned by charged pages): count nr_dying_descendants in /sys/fs/cgroup/cgroup.stat.' : 'Find the cache that holds it (slabtop, /proc/slabinfo) and what the work left behind; dying cgroups show as Percpu growth beside it.'}`,
    { related: [{ line: t.line[0], message: `first capture: ${B(first)}` }], data: { first, last, perHour: NaN, z: NaN } });
  return true;
}

/** A per-second rate for a message: small rates keep their decimals (0.35/s is not 0/s). */
const perSecond = (r: number) => (Math.abs(r) >= 100 ? N(r) : r.toFixed(Math.abs(r) >= 10 ? 1 : 2));

const GROWTH_TRACKS = /^(meminfo:(SUnreclaim|Slab|AnonPages|Shmem|Percpu|InUse)|memory-stat:(kernel|anon|shmem|slab|slab_unreclaimable|total_rss)|slab:.*|vmstat:nr_slab_unreclaimable)$/;

/** Kernel memory that reclaim cannot give back: a step up in it that stays is held, not cached. */
const HELD_TRACKS = /^(meminfo:(SUnreclaim|Percpu)|memory-stat:(slab_unreclaimable|kernel)|vmstat:nr_slab_unreclaimable)$/;
/** A held step must be at least this large to be a story (a few MiB of slab come and go). */
const HELD_MIN_BYTES = 256 * 2 ** 20;

/**
 * MemTotal that differs between captures of one series: the machine was resized (a VM's or WSL's memory setting,
 * a balloon, memory hot-plug), so sizes before and after are not one quantity. Returns true when said: growth
 * of memory in use (MemTotal − MemAvailable) is then not a story.
 */
function totalChanged(series: Series, sections: Section[], ctx: RuleContext): boolean {
  if (series.kind !== 'meminfo') return false;
  const list = series.sections.map((i) => sections[i] as KeyValueSection);
  const totals = list.map((x) => ({ x, b: (x.peek ?? x.byKey).MemTotal?.bytes })).filter((t): t is { x: KeyValueSection; b: number } => t.b !== undefined && t.b > 0);
  if (totals.length < 2) return false;
  const lo = Math.min(...totals.map((t) => t.b)); const hi = Math.max(...totals.map((t) => t.b));
  if (hi <= lo * 1.01) return false;
  const first = totals[0]; const last = totals[totals.length - 1];
  const at = (last.x.peek ?? last.x.byKey).MemTotal!;
  ctx.report('series/total-changed', 'info', last.x.index, at.line,
    `MemTotal is not the same in every capture: ${B(first.b)} in the first, ${B(last.b)} in the last${totals.length > 2 ? ` (from ${B(lo)} to ${B(hi)})` : ''}. The machine was resized between them (a VM's or WSL's memory setting, a balloon driver, memory hot-plug), so their sizes are not one series: each capture's shares are of its own total.`,
    { related: [{ line: (first.x.peek ?? first.x.byKey).MemTotal!.line, message: `first: ${B(first.b)}` }], data: { firstBytes: first.b, lastBytes: last.b } });
  return true;
}

/** Counters since boot that every vmstat capture can be compared by (pins are counted since 5.10). */
const RESET_KEYS: Record<string, readonly string[]> = { vmstat: [...VMSTAT_COUNTERS, 'nr_foll_pin_acquired', 'nr_foll_pin_released'], 'memory-events': EVENT_TRACKS };

/**
 * A counter since boot (vmstat) or since the cgroup was made (memory.events) that falls from one capture to the next:
 * the counters restarted, so the machine rebooted (or the cgroup was made again) between them. Said once, at the
 * first capture after it; rates around it add what was counted after the restart.
 */
function counterReset(series: Series, sections: Section[], ctx: RuleContext): void {
  const keys = RESET_KEYS[series.kind];
  if (!keys) return;
  const list = series.sections.map((i) => sections[i] as KeyValueSection);
  for (let i = 1; i < list.length; i++) {
    const a = list[i - 1].peek ?? list[i - 1].byKey; const b = list[i].peek ?? list[i].byKey;
    const fell = keys.find((k) => a[k] && b[k] && Number.isFinite(a[k].value) && b[k].value < a[k].value);
    if (!fell) continue;
    const what = series.kind === 'vmstat' ? 'the machine rebooted between them (vmstat counts since boot)' : 'the cgroup was removed and made again between them (memory.events counts since the cgroup was made)';
    ctx.report('series/counter-reset', 'info', list[i].index, b[fell].line,
      `${fell} fell from ${N(a[fell].value)} to ${N(b[fell].value)} between two captures${list[i - 1].capturedAt && list[i].capturedAt ? ` (${list[i - 1].capturedAt} and ${list[i].capturedAt})` : ''}: counters restarted, so ${what}. What a capture before it says is of another run; rates over the series count from the restart.`,
      { related: [{ line: a[fell].line, message: `before: ${N(a[fell].value)}` }], data: { before: a[fell].value, after: b[fell].value } });
    return;
  }
}

export function seriesRules(series: Series, sections: Section[], ctx: RuleContext): void {
  counterReset(series, sections, ctx);
  const resized = totalChanged(series, sections, ctx);
  const stepsShare = ctx.th('series/steady-growth', 'steps') / 100;
  const growthMin = ctx.th('series/steady-growth', 'growth') / 100;
  const zMin = zFor(ctx.th('series/steady-growth', 'confidence'));
  const lastSection = sections[series.sections[series.sections.length - 1]];
  for (const t of series.tracks) {
    // Memory in use is measured against MemTotal: a resize moves it without any growth.
    if (resized && t.id === 'meminfo:InUse') continue;
    if (heldRise(t, ctx)) continue;
    if (!GROWTH_TRACKS.test(t.id) || t.id === 'slab:total' || t.length < 3) continue;
    const n = t.length; const v = t.value;
    let grew = 0;
    for (let i = 1; i < n; i++) if (v[i] > v[i - 1]) grew++;
    const timed = t.time !== undefined;
    // A robust trend (Theil–Sen slope, Mann–Kendall test) sees a leak under sample noise larger than each step.
    const tr = trendOf(t.time ?? Float64Array.from({ length: n }, (_, i) => i), v);
    if (!tr) continue;
    const span = t.time ? t.time[n - 1] - t.time[0] : n - 1;
    const first = tr.start; const last = tr.start + tr.slope * span;
    if (!(first > 0)) continue;
    // Under 8 captures a median of slopes overlooks one early low sample (a cache at 2 MiB, then 80 MiB and
    // climbing): a rise from the first capture that the last two both hold counts too. One high last sample
    // alone still does not.
    const held = tr.n < 8 && v[0] > 0 ? Math.min(v[n - 1], v[n - 2]) / v[0] - 1 : -Infinity;
    const growth = Math.max((last - first) / first, held);
    const significant = tr.n >= 8 ? tr.z >= zMin : grew / (n - 1) >= stepsShare;
    if (!significant || !(tr.slope > 0)) continue;
    // Seconds of captures (a recording that just started, a program starting) say nothing of a leak, and a
    // per-hour rate from them is noise: a timed rise must last a minute at least.
    if (timed && span < 60_000) continue;
    const hours = timed ? span / 3.6e6 : undefined;
    // A clean rise over six hours or more is worth saying even when it is small.
    const severity: Severity | undefined = growth > growthMin ? 'warning' : hours !== undefined && hours >= 6 && growth > growthMin / 5 ? 'info' : undefined;
    if (!severity) continue;
    const perHour = hours ? (last - first) / hours : undefined;
    let projection = '';
    if (perHour && lastSection.kind === 'meminfo') {
      const s = lastSection as KeyValueSection;
      const avail = bytesOf(s, 'MemAvailable'); const total = bytesOf(s, 'MemTotal');
      if (avail !== undefined && total) {
        const room = avail - 0.1 * total;
        projection = room > 0 ? ` At this rate MemAvailable reaches 10 % of MemTotal in about ${formatDuration((room / perHour) * 3600)}.` : ' MemAvailable is already below 10 % of MemTotal.';
      }
    }
    const how = tr.n >= 8
      ? `rises steadily under the noise (Theil–Sen trend from ${B(first)} to ${B(last)}, +${P(growth)}; Mann–Kendall z = ${tr.z.toFixed(1)}, ${grew} of ${n - 1} steps up)`
      : `grew in ${grew} of ${n - 1} steps, from ${B(v[0])} to ${B(v[n - 1])} (+${P(growth)}${held === growth ? ', held over the last two captures' : ''})`;
    ctx.report('series/steady-growth', severity, t.section[n - 1], t.line[n - 1],
      `${t.label} ${how}${perHour ? `, about ${B(perHour)} per hour (${B(perHour * 24)} a day)` : ''}.${projection} ${t.id === 'meminfo:Percpu' ? 'Per-CPU memory that grows with time is often dying cgroups: deleted cgroups pinned by their charged pages, each holding per-CPU counters; count nr_dying_descendants in /sys/fs/cgroup/cgroup.stat, and read it beside SUnreclaim.' : 'Steady growth is how leaks look: find the owner.'}`,
      { related: [{ line: t.line[0], message: `first capture: ${B(v[0])}` }], data: { first, last, perHour: perHour ?? NaN, z: tr.z } });
  }
  if (!series.timed) return;
  const track = (id: string) => series.tracks.find((t) => t.id === id);
  const lastLine = (id: string) => { const t = track(id)!; return { section: t.section[t.length - 1], line: t.line[t.length - 1] }; };
  if (series.kind === 'vmstat') {
    const maj = track('vmstat:pgmajfault'); const rate = maj && counterRate(maj);
    if (rate !== undefined && rate > ctx.th('vmstat/major-faults', 'rate')) ctx.report('vmstat/major-faults', 'warning', lastLine('vmstat:pgmajfault').section, lastLine('vmstat:pgmajfault').line,
      `${N(rate)} major page faults per second over the series (threshold ${N(ctx.th('vmstat/major-faults', 'rate'))}/s): pages are read back from disk, the working set does not fit. Check refaults and memory pressure.`, { data: { rate } });
    const sin = track('vmstat:pswpin'); const sout = track('vmstat:pswpout');
    const swapRate = (sin ? counterRate(sin) ?? 0 : 0) + (sout ? counterRate(sout) ?? 0 : 0);
    if ((sin || sout) && swapRate > ctx.th('vmstat/swapping', 'rate')) { const p = lastLine(sout ? 'vmstat:pswpout' : 'vmstat:pswpin'); ctx.report('vmstat/swapping', 'warning', p.section, p.line,
      `Swapping at ${perSecond(swapRate)} pages/s over the series (pswpin + pswpout, threshold ${ctx.th('vmstat/swapping', 'rate')}/s): the node is thrashing.`, { data: { rate: swapRate } }); }
    // zswap: pages stored into and loaded back from the compressed pool (mm/zswap.c); a steady round trip is
    // thrashing that pswpin/pswpout never show, paid in CPU instead of disk.
    const zin = track('vmstat:zswpin'); const zout = track('vmstat:zswpout');
    const zRate = (zin ? counterRate(zin) ?? 0 : 0) + (zout ? counterRate(zout) ?? 0 : 0);
    if (zin && zout && (counterRate(zin) ?? 0) > 0 && zRate > ctx.th('vmstat/swapping', 'rate')) { const p = lastLine('vmstat:zswpin'); ctx.report('vmstat/swapping', 'warning', p.section, p.line,
      `zswap thrashing: ${perSecond(zRate)} pages/s go into the compressed pool and come back (zswpout + zswpin, threshold ${ctx.th('vmstat/swapping', 'rate')}/s). The working set does not fit in RAM; the cost is CPU for compression rather than disk I/O, and it shows in memory PSI.`, { data: { rate: zRate } }); }
    for (const id of ['vmstat:pgscan_direct', 'vmstat:allocstall_normal']) {
      const t = track(id); const r = t && counterRate(t);
      if (r && r > 0) { const p = lastLine(id); ctx.report('vmstat/direct-reclaim', 'warning', p.section, p.line,
        `${t!.label} rises by ${perSecond(r)}/s over the series: allocations are reclaiming memory themselves right now, which is latency for the workload.`, { data: { rate: r } }); break; }
    }
  }
  const rising: [string, string, Severity][] = series.kind === 'vmstat' ? [['vmstat:oom_kill', 'vmstat/oom-kills', 'warning']]
    : series.kind === 'memory-events' ? [['memory-events:oom_kill', 'memory-events/oom-kill', 'critical'], ['memory-events:oom_group_kill', 'memory-events/oom-kill', 'critical'], ['memory-events:max', 'memory-events/limit-hit', 'warning'], ['memory-events:oom', 'memory-events/limit-hit', 'warning'], ['memory-events:high', 'memory-events/throttled', 'info']] : [];
  for (const [id, rule, sev] of rising) {
    const t = track(id); if (!t) continue;
    const delta = counterIncrease(t);
    const r = counterRate(t);
    // The rate takes the matching rule's severity, and is silent when the user turned that rule off.
    const matched = ctx.config.severities?.[rule];
    if (matched === 'off') continue;
    if (delta > 0 && r !== undefined) { const p = lastLine(id); ctx.report('series/counter-rate', matched ?? sev, p.section, p.line,
      `${t.label} rose by ${N(delta)} over the series (${(r * 3600).toFixed(1)} per hour), matching ${rule}: this is happening now, not only since boot.`, { related: [{ line: t.line[0], message: `first capture: ${N(t.value[0])}` }], data: { delta, perHour: r * 3600 } }); }
  }
}
