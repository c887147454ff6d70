/** Pressure: PSI some/full avg10/60/300 per resource, with the rule thresholds drawn as lines. */
import type { ChartConfiguration } from 'chart.js';
import type { ViewModel } from '../protocol';
import { figure, thresholdPlugin, type ThresholdLine, type ViewContext } from './charts';
import { h } from './dom';

const fmt = (v: number) => `${v.toFixed(2)} %`;

export function renderPressure(ctx: ViewContext, m: ViewModel): HTMLElement {
  const p = ctx.palette;
  const root = h('div', { class: 'view pressure' });
  const cats: { label: string; key: string; v: { avg10: number; avg60: number; avg300: number } }[] = [];
  for (const r of m.pressure) {
    const src = m.pressure.filter((x) => x.resource === r.resource).length > 1 && r.source ? ` ${r.source}` : '';
    if (r.some) cats.push({ label: `${r.resource} some${src}`, key: `${r.resource}.some`, v: r.some });
    if (r.full) cats.push({ label: `${r.resource} full${src}`, key: `${r.resource}.full`, v: r.full });
  }
  const lines: ThresholdLine[] = [];
  cats.forEach((c, i) => {
    const t = m.pressureThresholds[c.key];
    if (!t) return;
    lines.push({ category: i, value: t.warning, color: p.yellow, label: `warn ${t.warning} %` });
    if (t.critical !== undefined) lines.push({ category: i, value: t.critical, color: p.red, label: `crit ${t.critical} %` });
  });
  const maxV = Math.max(...cats.map((c) => Math.max(c.v.avg10, c.v.avg60, c.v.avg300)), ...lines.filter((l) => l.color === p.yellow).map((l) => l.value));
  const config: ChartConfiguration<'bar'> = {
    type: 'bar',
    data: {
      labels: cats.map((c) => c.label),
      datasets: [
        { label: 'avg10', data: cats.map((c) => c.v.avg10), backgroundColor: p.red },
        { label: 'avg60', data: cats.map((c) => c.v.avg60), backgroundColor: p.orange },
        { label: 'avg300', data: cats.map((c) => c.v.avg300), backgroundColor: p.blue },
      ],
    },
    options: {
      scales: { y: { min: 0, suggestedMax: Math.min(100, Math.ceil(maxV * 1.15) || 1), title: { display: true, text: '% of time stalled' }, ticks: { callback: (v) => `${v} %` } } },
      plugins: {
        legend: { position: 'bottom' },
        tooltip: { callbacks: { label: (x: { dataset: { label?: string }; raw: unknown }) => `${x.dataset.label}: ${fmt(Number(x.raw))}` } },
        kmemThresholds: { lines },
      } as never,
    },
    plugins: [thresholdPlugin],
  };
  root.appendChild(figure(ctx, {
    name: 'pressure', title: 'Pressure stall information', height: 300, config,
    note: '"some" = at least one task stalled; "full" = all non-idle tasks stalled. Dashed lines are the rule thresholds (warning yellow, critical red).',
    tableHead: ['Resource', 'avg10', 'avg60', 'avg300', 'Warning at', 'Critical at'],
    tableRows: cats.map((c) => {
      const t = m.pressureThresholds[c.key];
      return [c.label, fmt(c.v.avg10), fmt(c.v.avg60), fmt(c.v.avg300), t ? `${t.warning} %` : '—', t?.critical !== undefined ? `${t.critical} %` : '—'];
    }),
    numeric: [false, true, true, true, true, true],
  }));
  return root;
}
