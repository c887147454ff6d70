/** Compare: deltas between two snapshots, as a table and a diverging bar chart. */
import type { ChartConfiguration } from 'chart.js';
import { formatBytes } from '../../src/humanFormat';
import type { ViewModel } from '../protocol';
import { figure, type ViewContext } from './charts';
import { h, section, table } from './dom';

export interface CompareData { left: ViewModel; right: ViewModel; leftLabel: string; rightLabel: string }
/** `delta` is undefined when only one snapshot has the number (a missing capture is not a change). */
export interface DeltaRow { area: string; name: string; left?: number; right?: number; delta?: number }

/** Rows of numbers both snapshots may have, keyed by area and name. */
export function compareRows(left: ViewModel, right: ViewModel): DeltaRow[] {
  const rows: DeltaRow[] = [];
  const add = (area: string, l: Map<string, number>, r: Map<string, number>) => {
    for (const name of new Set([...l.keys(), ...r.keys()])) {
      const a = l.get(name); const b = r.get(name);
      rows.push({ area, name, left: a, right: b, delta: a !== undefined && b !== undefined ? b - a : undefined });
    }
  };
  const mem = (m: ViewModel) => {
    const out = new Map<string, number>();
    if (!m.meminfo) return out;
    out.set('MemTotal', m.meminfo.totalBytes);
    if (m.meminfo.availableBytes !== undefined) out.set('MemAvailable', m.meminfo.availableBytes);
    for (const b of m.meminfo.breakdown) out.set(b.label, b.bytes);
    return out;
  };
  add('meminfo', mem(left), mem(right));
  const slab = (m: ViewModel) => new Map((m.slab?.groups ?? []).map((g) => [g.group, g.slabBytes] as [string, number]));
  add('slab', slab(left), slab(right));
  const cg = (m: ViewModel) => {
    const out = new Map<string, number>();
    m.cgroups.forEach((c, i) => {
      const who = c.source ?? `#${i + 1}`;
      if (c.usageKnown !== false) out.set(`${who} usage`, c.usageBytes);
      if (c.workingSetKnown !== false) out.set(`${who} working set`, c.workingSetBytes);
      if (c.limitBytes !== undefined) out.set(`${who} limit`, c.limitBytes);
      for (const b of c.breakdown) out.set(`${who} ${b.label}`, b.bytes);
    });
    return out;
  };
  add('cgroup', cg(left), cg(right));
  return rows;
}

const signed = (v: number) => (v > 0 ? `+${formatBytes(v)}` : v < 0 ? formatBytes(v) : '0');

export function renderCompare(ctx: ViewContext, c: CompareData): HTMLElement {
  const p = ctx.palette;
  const root = h('div', { class: 'view compare' });
  root.appendChild(h('p', { class: 'headline' }, `${c.leftLabel} → ${c.rightLabel}`));
  const rows = compareRows(c.left, c.right);
  const changed = rows.filter((r): r is DeltaRow & { delta: number } => r.delta !== undefined && r.delta !== 0 && r.name !== 'MemTotal')
    .sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta)).slice(0, 20);
  if (changed.length) {
    const config: ChartConfiguration<'bar'> = {
      type: 'bar',
      data: {
        labels: changed.map((r) => `${r.area}: ${r.name}`),
        datasets: [{ label: 'Change', data: changed.map((r) => r.delta), backgroundColor: changed.map((r) => (r.delta > 0 ? p.red : p.green)) }],
      },
      options: {
        indexAxis: 'y',
        // Long labels are shortened on the axis (Chart.js would clip them); the tooltip and the table keep them whole.
        scales: { x: { ticks: { callback: (v) => signed(Number(v)) } }, y: { ticks: { autoSkip: false, callback: (_v, i) => shorten(`${changed[i].area}: ${changed[i].name}`, 34) } } },
        plugins: { legend: { display: false }, tooltip: { callbacks: { title: (items) => `${changed[items[0].dataIndex].area}: ${changed[items[0].dataIndex].name}`, label: (x) => signed(Number(x.raw)) } } },
      },
    };
    root.appendChild(figure(ctx, {
      name: 'compare-deltas', title: 'Largest changes (grew red, shrank green)', height: 24 * changed.length + 60, config,
      tableHead: ['Number', 'Change'], tableRows: changed.map((r) => [`${r.area}: ${r.name}`, signed(r.delta)]), numeric: [false, true],
    }));
  } else {
    root.appendChild(h('p', { class: 'muted' }, 'No numbers changed between the two snapshots.'));
  }
  for (const area of ['meminfo', 'slab', 'cgroup']) {
    const list = rows.filter((r) => r.area === area);
    if (!list.length) continue;
    root.appendChild(section(area === 'meminfo' ? 'meminfo breakdown' : area === 'slab' ? 'Slab groups' : 'Cgroups',
      table(`${area} deltas`, ['Number', c.leftLabel, c.rightLabel, 'Change'],
        list.map((r) => [r.name, r.left !== undefined ? formatBytes(r.left) : '—', r.right !== undefined ? formatBytes(r.right) : '—',
          r.delta === undefined ? h('span', { class: 'muted' }, r.left === undefined ? `only in ${c.rightLabel}` : `only in ${c.leftLabel}`)
            : h('span', { class: r.delta > 0 ? 'grew' : r.delta < 0 ? 'shrank' : 'same' }, signed(r.delta))]),
        { numeric: [false, true, true, true], className: 'data compare-table' })));
  }
  return root;
}

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
