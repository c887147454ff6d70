/** Trends: line charts over time (or capture index) of the tracks of each series, decimated. */
import type { ChartConfiguration } from 'chart.js';
import { formatBytes, formatCount } from '../../src/formats/units';
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

function pickTracks(s: Series): ViewTrack[] {
  const last = (t: ViewTrack) => t.points[t.points.length - 1]?.v ?? 0;
  if (s.kind === 'meminfo') {
    const chosen = MEMINFO.map((k) => s.tracks.find((t) => t.label === k || t.id === `meminfo:${k}`)).filter((t): t is ViewTrack => !!t);
    return chosen.length ? chosen : s.tracks.slice(0, MAX_TRACKS);
  }
  if (s.kind === 'slabinfo') return [...s.tracks].sort((a, b) => last(b) - last(a)).slice(0, 5);
  return s.tracks.slice(0, MAX_TRACKS);
}

const timeLabel = (ms: number) => new Date(ms).toISOString().slice(5, 16).replace('T', ' ');

export function hasTrends(m: ViewModel): boolean {
  return m.series.some((s) => s.tracks.some((t) => t.points.length > 1));
}

export function renderTrends(ctx: ViewContext, m: ViewModel): HTMLElement {
  const p = ctx.palette;
  const root = h('div', { class: 'view trends' });
  m.series.forEach((s, si) => {
    const tracks = pickTracks(s);
    const units = [...new Set(tracks.map((t) => t.unit))];
    for (const unit of units) {
      const list = tracks.filter((t) => t.unit === unit);
      if (!list.length) continue;
      const xOf = s.timed ? (pt: { t?: number; i: number }) => pt.t ?? pt.i : (pt: { i: number }) => pt.i;
      const config: ChartConfiguration<'line'> = {
        type: 'line',
        data: {
          datasets: list.map((t, i) => ({
            label: t.label,
            data: t.points.map((pt) => ({ x: xOf(pt), y: pt.v })),
            borderColor: p.series[i % p.series.length], backgroundColor: p.series[i % p.series.length],
            borderWidth: 1.5, pointRadius: t.points.length > 60 ? 0 : 2, tension: 0,
          })),
        },
        options: {
          parsing: false, normalized: true, spanGaps: true,
          interaction: { mode: 'nearest', axis: 'x', intersect: false },
          scales: {
            x: { type: 'linear', ticks: { maxTicksLimit: 8, callback: (v) => (s.timed ? timeLabel(Number(v)) : `#${Number(v) + 1}`) }, title: { display: !s.timed, text: 'capture' } },
            y: { ticks: { callback: (v) => formatValue(unit, Number(v)) } },
          },
          plugins: {
            decimation: { enabled: true, algorithm: 'lttb', samples: 600 },
            legend: { position: 'bottom', labels: { boxWidth: 14 } },
            tooltip: { callbacks: { title: (items) => (s.timed ? new Date(Number(items[0]?.parsed.x)).toISOString() : `capture #${Number(items[0]?.parsed.x) + 1}`), label: (x) => `${x.dataset.label}: ${formatValue(unit, Number(x.parsed.y))}` } },
          },
        },
      };
      const n = Math.max(...list.map((t) => t.points.length));
      let head: string[]; let rows: (string | number)[][];
      if (n <= FULL_TABLE_POINTS) {
        head = [s.timed ? 'Time' : 'Capture', ...list.map((t) => t.label)];
        rows = list[0].points.map((pt, k) => [s.timed && pt.t !== undefined ? new Date(pt.t).toISOString() : `#${pt.i + 1}`, ...list.map((t) => (t.points[k] ? formatValue(unit, t.points[k].v) : '—'))]);
      } else {
        head = ['Track', 'Points', 'First', 'Last', 'Min', 'Max'];
        rows = list.map((t) => {
          let lo = Infinity; let hi = -Infinity;
          for (const pt of t.points) { if (pt.v < lo) lo = pt.v; if (pt.v > hi) hi = pt.v; }
          return [t.label, t.points.length, formatValue(unit, t.points[0].v), formatValue(unit, t.points[t.points.length - 1].v), formatValue(unit, lo), formatValue(unit, hi)];
        });
      }
      root.appendChild(figure(ctx, {
        name: `trend-${si + 1}-${s.kind}-${unit === '/s' ? 'rate' : unit}`,
        title: `${s.kind} ${s.key.split(':').slice(1).filter(Boolean).join(' ')} — ${s.captures} captures${s.timed ? '' : ' (untimed: x is the capture number)'}`,
        height: 260, config, tableHead: head, tableRows: rows, numeric: head.map((_, i) => i > 0),
      }));
    }
  });
  return root;
}
