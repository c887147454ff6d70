/** Trends: line charts over time (or capture index) of the tracks of each series, decimated. */
import type { ChartConfiguration } from 'chart.js';
import { formatBytes, formatCount } from '../../src/humanFormat';
import type { ViewModel, ViewTrack } from '../../src/features/viewModel';
import { figure, type ViewContext } from './charts';
import { h } from './dom';

type Series = ViewModel['series'][number];
const MEMINFO = ['MemAvailable', 'SUnreclaim', 'Slab', 'AnonPages'];
const MAX_TRACKS = 6;
/** Above this many points the table lists a summary per track instead of every point. */
const FULL_TABLE_POINTS = 120;

export function formatValue(unit: ViewTrack['unit'], v: number): string {
  switch (unit) {
    case 'bytes': return formatBytes(v);
    case 'percent': return `${v.toFixed(2)} %`;
    case '/s': return `${v.toFixed(2)}/s`;
    default: return formatCount(v);
  }
}

/**
 * Counters (events since boot) say little as raw totals: in a timed series they
 * are drawn as a rate per second between captures.
 */
export function asRate(t: ViewTrack): ViewTrack {
  const points: ViewTrack['points'] = [];
  for (let k = 1; k < t.points.length; k++) {
    const a = t.points[k - 1]; const b = t.points[k];
    if (a.t === undefined || b.t === undefined || b.t <= a.t) continue;
    points.push({ i: b.i, t: b.t, v: Math.max(0, (b.v - a.v) / ((b.t - a.t) / 1000)), line: b.line });
  }
  return { id: `${t.id}/s`, label: `${t.label}/s`, unit: '/s', points };
}

/** The steady-growth projection: the last point carried forward at the rate the rule measured, for as long again as the series. */
function projection(t: ViewTrack, timed: boolean): { x: number; y: number }[] | undefined {
  if (!timed || t.growthPerHour === undefined || t.points.length < 2) return undefined;
  const first = t.points[0]; const last = t.points[t.points.length - 1];
  if (first.t === undefined || last.t === undefined) return undefined;
  const span = last.t - first.t;
  return [{ x: last.t, y: last.v }, { x: last.t + span, y: last.v + (t.growthPerHour * span) / 3.6e6 }];
}

function pickTracks(s: Series): ViewTrack[] {
  const last = (t: ViewTrack) => t.points[t.points.length - 1]?.v ?? 0;
  if (s.kind === 'meminfo') {
    const chosen = MEMINFO.map((k) => s.tracks.find((t) => t.label === k || t.id === `meminfo:${k}`)).filter((t): t is ViewTrack => !!t);
    return chosen.length ? chosen : s.tracks.slice(0, MAX_TRACKS);
  }
  if (s.kind === 'slabinfo') return [...s.tracks].sort((a, b) => last(b) - last(a)).slice(0, 5);
  return s.tracks.slice(0, MAX_TRACKS);
}

// A clock with no date (a table's rows) is labelled by its time of day alone.
const timeLabel = (ms: number, clockOnly?: boolean) => new Date(ms).toISOString().slice(clockOnly ? 11 : 5, 16).replace('T', ' ');

export function hasTrends(m: ViewModel): boolean {
  return m.series.some((s) => s.tracks.some((t) => t.points.length > 1));
}

export function renderTrends(ctx: ViewContext, m: ViewModel): HTMLElement {
  const p = ctx.palette;
  const root = h('div', { class: 'view trends' });
  m.series.forEach((s, si) => {
    // The user's choice of tracks for this series (kept in the state), else the default pick.
    const chosen = ctx.state.trendTracks?.[s.key];
    const picked = chosen ? s.tracks.filter((t) => chosen.includes(t.id)) : pickTracks(s);
    root.appendChild(trackChooser(ctx, s, new Set(picked.map((t) => t.id))));
    const tracks = picked.map((t) => (s.timed && t.unit === 'count' ? asRate(t) : t)).filter((t) => t.points.length > 1);
    // A table's points are its rows; a series' are its captures.
    const point = s.samples !== undefined ? 'row' : 'capture';
    const units = [...new Set(tracks.map((t) => t.unit))];
    for (const unit of units) {
      const list = tracks.filter((t) => t.unit === unit);
      if (!list.length) continue;
      const xOf = s.timed ? (pt: { t?: number; i: number }) => pt.t ?? pt.i : (pt: { i: number }) => pt.i;
      const config: ChartConfiguration<'line'> = {
        type: 'line',
        data: {
          datasets: [
            ...list.map((t, i) => ({
              label: t.label,
              data: t.points.map((pt) => ({ x: xOf(pt), y: pt.v })),
              borderColor: p.series[i % p.series.length], backgroundColor: p.series[i % p.series.length],
              borderWidth: 1.5, pointRadius: t.points.length > 60 ? 0 : 2, tension: 0,
            })),
            // Dashed: where a steadily growing size is heading (series/steady-growth).
            ...list.flatMap((t, i) => {
              const proj = projection(t, s.timed);
              return proj ? [{ label: `${t.label} projected (+${formatValue(unit, t.growthPerHour!)}/h)`, data: proj, borderColor: p.series[i % p.series.length], backgroundColor: p.series[i % p.series.length], borderDash: [6, 4], borderWidth: 1.5, pointRadius: 0, tension: 0 }] : [];
            }),
          ],
        },
        options: {
          parsing: false, normalized: true, spanGaps: true,
          interaction: { mode: 'nearest', axis: 'x', intersect: false },
          scales: {
            x: { type: 'linear', ticks: { maxTicksLimit: 8, callback: (v) => (s.timed ? timeLabel(Number(v), s.clockOnly) : `#${Number(v) + 1}`) }, title: { display: !s.timed, text: point } },
            y: { ticks: { callback: (v) => formatValue(unit, Number(v)) } },
          },
          plugins: {
            decimation: { enabled: true, algorithm: 'lttb', samples: 600 },
            legend: { position: 'bottom', labels: { boxWidth: 14 } },
            tooltip: { callbacks: { title: (items) => (s.timed ? new Date(Number(items[0]?.parsed.x)).toISOString() : `${point} #${Number(items[0]?.parsed.x) + 1}`), label: (x) => `${x.dataset.label}: ${formatValue(unit, Number(x.parsed.y))}` } },
          },
        },
      };
      const n = Math.max(...list.map((t) => t.points.length));
      let head: string[]; let rows: (string | number)[][];
      if (n <= FULL_TABLE_POINTS) {
        head = [s.timed ? 'Time' : point === 'row' ? 'Row' : 'Capture', ...list.map((t) => t.label)];
        rows = list[0].points.map((pt, k) => [s.timed && pt.t !== undefined ? new Date(pt.t).toISOString() : `#${pt.i + 1}`, ...list.map((t) => (t.points[k] ? formatValue(unit, t.points[k].v) : '—'))]);
      } else {
        head = ['Track', 'Points', 'First', 'Last', 'Min', 'Max'];
        rows = list.map((t) => {
          let lo = Infinity; let hi = -Infinity;
          for (const pt of t.points) { if (pt.v < lo) lo = pt.v; if (pt.v > hi) hi = pt.v; }
          return [t.label, t.points.length, formatValue(unit, t.points[0].v), formatValue(unit, t.points[t.points.length - 1].v), formatValue(unit, lo), formatValue(unit, hi)];
        });
      }
      const projected = list.filter((t) => projection(t, s.timed));
      if (projected.length) root.appendChild(h('p', { class: 'note' }, `Dashed: ${projected.map((t) => `${t.label} projected at ${formatValue(unit, t.growthPerHour!)} per hour`).join('; ')} (series/steady-growth).`));
      root.appendChild(figure(ctx, {
        name: `trend-${si + 1}-${s.kind}-${unit === '/s' ? 'rate' : unit}`,
        title: s.samples !== undefined
          ? `${s.kind === 'sar-table' ? 'sar' : 'vmstat'} table — ${s.samples} rows${s.timed ? '' : ' (x is the row number)'}`
          : `${s.kind} ${s.key.split(':').slice(1).filter(Boolean).join(' ')} — ${s.captures} captures${s.timed ? '' : ' (untimed: x is the capture number)'}`,
        height: 260, config, tableHead: head, tableRows: rows, numeric: head.map((_, i) => i > 0),
      }));
    }
  });
  return root;
}

/** Checkboxes to choose which of a series' tracks are drawn (keyboard-operable native inputs). */
/** Choosers left open stay open across the re-render a choice causes. */
const openChoosers = new Set<string>();

function trackChooser(ctx: ViewContext, s: Series, on: Set<string>): HTMLElement {
  const box = h('details', { class: 'track-chooser', open: openChoosers.has(s.key) }, h('summary', {}, `Tracks (${on.size} of ${s.tracks.length}) — ${s.kind} ${s.key.split(':').slice(1).filter(Boolean).join(' ')}`));
  box.addEventListener('toggle', () => { if (box.open) openChoosers.add(s.key); else openChoosers.delete(s.key); });
  const list = h('div', { class: 'track-list' });
  for (const t of s.tracks) {
    const input = h('input', { type: 'checkbox', 'data-track': t.id }) as HTMLInputElement;
    input.checked = on.has(t.id);
    input.addEventListener('change', () => {
      const next = new Set(on);
      if (input.checked) next.add(t.id); else next.delete(t.id);
      ctx.saveState({ trendTracks: { ...(ctx.state.trendTracks ?? {}), [s.key]: s.tracks.filter((x) => next.has(x.id)).map((x) => x.id) } });
      ctx.rerender();
    });
    list.appendChild(h('label', {}, input, ` ${t.label}`));
  }
  box.appendChild(list);
  return box;
}
