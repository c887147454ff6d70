/** Slab: the top cache groups as bars, and a sortable, filterable table of every cache. */
import type { ChartConfiguration } from 'chart.js';
import { formatBytes, formatCount, formatPercent } from '../../src/humanFormat';
import type { ViewModel, ViewSlabCache } from '../../src/features/viewModel';
import { figure, type ViewContext } from './charts';
import { activate, h, section } from './dom';

type SortKey = 'name' | 'group' | 'slabBytes' | 'objectBytes' | 'objects' | 'activeObjects' | 'objSize';
interface Column { id: SortKey; title: string; numeric: boolean; show: (c: ViewSlabCache) => string }
const COLUMNS: Column[] = [
  { id: 'name', title: 'Cache', numeric: false, show: (c) => c.name },
  { id: 'group', title: 'Group', numeric: false, show: (c) => c.group },
  { id: 'slabBytes', title: 'Slab memory', numeric: true, show: (c) => formatBytes(c.slabBytes) },
  { id: 'objectBytes', title: 'Object bytes', numeric: true, show: (c) => formatBytes(c.objectBytes) },
  { id: 'objects', title: 'Objects', numeric: true, show: (c) => formatCount(c.objects) },
  { id: 'activeObjects', title: 'Active', numeric: true, show: (c) => formatCount(c.activeObjects) },
  { id: 'objSize', title: 'Object size', numeric: true, show: (c) => formatBytes(c.objSize) },
];
const TOP = 15;

export function renderSlab(ctx: ViewContext, m: ViewModel, documentUri?: string): HTMLElement {
  const s = m.slab!;
  const p = ctx.palette;
  const root = h('div', { class: 'view slab' });
  const top = s.groups.slice(0, TOP);
  const config: ChartConfiguration<'bar'> = {
    type: 'bar',
    data: { labels: top.map((g) => g.group), datasets: [{ label: 'Slab memory', data: top.map((g) => g.slabBytes), backgroundColor: top.map((_, i) => (i === 0 ? p.red : p.blue)) }] },
    options: {
      indexAxis: 'y',
      scales: { x: { ticks: { callback: (v) => formatBytes(Number(v)) } }, y: { ticks: { autoSkip: false } } },
      plugins: { legend: { display: false }, tooltip: { callbacks: { label: (c) => `${formatBytes(Number(c.raw))} (${formatPercent(Number(c.raw) / s.totalSlabBytes)} of ${s.summaryObjectBytes !== undefined ? 'the rows shown' : 'slab'})` } } },
    },
  };
  root.appendChild(figure(ctx, {
    name: 'slab-top-groups', title: s.summaryObjectBytes !== undefined
      ? `Top slab groups (the rows shown: ${formatBytes(s.totalSlabBytes)}; slabtop's total ${formatBytes(s.summaryObjectBytes)} in objects)`
      : `Top slab groups (total ${formatBytes(s.totalSlabBytes)})`, height: Math.max(160, 24 * top.length + 50), config,
    tableHead: ['Group', 'Caches', 'Slab memory', 'Objects'],
    tableRows: top.map((g) => [g.group, g.caches.join(', '), formatBytes(g.slabBytes), formatCount(g.objects)]), numeric: [false, false, true, true],
  }));

  // The table of all caches: filter and sort survive updates (ViewerState).
  const sort = ctx.state.slabSort ?? { column: 'slabBytes', descending: true };
  const filter = ctx.state.slabFilter ?? '';
  const field = h('vscode-textfield', { placeholder: 'Filter caches (name or group)', 'aria-label': 'Filter slab caches', id: 'slab-filter' }) as HTMLElement & { value: string };
  field.value = filter;
  const count = h('span', { class: 'muted', 'aria-live': 'polite' });
  const tbody = h('tbody');
  const thead = h('tr');
  for (const col of COLUMNS) {
    const active = sort.column === col.id;
    const th = h('th', { scope: 'col', class: col.numeric ? 'num' : undefined, 'aria-sort': active ? (sort.descending ? 'descending' : 'ascending') : 'none' });
    const b = h('button', { class: 'sort', type: 'button', 'data-column': col.id }, col.title, active ? (sort.descending ? ' ▼' : ' ▲') : '');
    b.addEventListener('click', () => {
      ctx.saveState({ slabSort: { column: col.id, descending: active ? !sort.descending : col.numeric } });
      ctx.rerender();
    });
    th.appendChild(b);
    thead.appendChild(th);
  }
  const key: SortKey = COLUMNS.find((c) => c.id === sort.column)?.id ?? 'slabBytes';
  const sorted = [...s.caches].sort((a, b) => {
    const x = a[key]; const y = b[key];
    const r = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return sort.descending ? -r : r;
  });
  const fill = (q: string) => {
    const needle = q.trim().toLowerCase();
    const shown = needle ? sorted.filter((c) => c.name.toLowerCase().includes(needle) || c.group.toLowerCase().includes(needle)) : sorted;
    tbody.replaceChildren();
    for (const c of shown) {
      const tr = h('tr', { class: 'cache-row', 'data-name': c.name, title: `Go to line ${c.line + 1}` });
      for (const col of COLUMNS) tr.appendChild(h('td', { class: col.numeric ? 'num' : undefined }, col.show(c)));
      activate(tr, () => ctx.post({ type: 'reveal', line: c.line, documentUri }));
      tr.setAttribute('role', 'row');
      tbody.appendChild(tr);
    }
    count.textContent = `${shown.length} of ${s.caches.length} caches`;
  };
  fill(filter);
  field.addEventListener('input', () => { fill(field.value); ctx.saveState({ slabFilter: field.value }); });
  const t = h('table', { class: 'data', id: 'slab-table' }, h('caption', {}, 'All slab caches'), h('thead', {}, thead), tbody);
  root.appendChild(section('All caches', h('div', { class: 'toolbar' }, field, count), h('div', { class: 'table-scroll' }, t)));
  return root;
}
