/**
 * Fleet: one row per node, worst first, as `kmemlens fleet` prints them. A row opens that node
 * (its snapshot file, or its history from Prometheus); a filter narrows the table by node or rule.
 */
import { formatBytes, formatPercent } from '../../src/humanFormat';
import type { FleetRow, FleetView } from '../protocol';
import type { ViewContext } from './charts';
import { activate, h, section } from './dom';

interface Column { title: string; numeric: boolean; show: (r: FleetRow) => string }
const COLUMNS: Column[] = [
  { title: 'Node', numeric: false, show: (r) => r.node },
  { title: 'Worst', numeric: false, show: (r) => (r.error ? 'error' : r.worst ?? 'ok') },
  { title: 'Rule', numeric: false, show: (r) => r.error ?? r.worstRule ?? '' },
  { title: 'Available', numeric: true, show: (r) => (r.memAvailableShare !== undefined ? formatPercent(r.memAvailableShare) : '') },
  { title: 'SUnreclaim', numeric: true, show: (r) => (r.sunreclaimBytes !== undefined ? formatBytes(r.sunreclaimBytes) : '') },
  { title: 'Per day', numeric: true, show: (r) => (r.sunreclaimPerDay !== undefined ? `${r.sunreclaimPerDay >= 0 ? '+' : '−'}${formatBytes(Math.abs(r.sunreclaimPerDay))}` : '') },
  { title: 'Top cache', numeric: false, show: (r) => (r.topCache ? `${r.topCache.name} ${formatBytes(r.topCache.bytes)}` : '') },
  { title: 'PSI full avg10', numeric: true, show: (r) => (r.psiMemoryFullAvg10 !== undefined ? `${r.psiMemoryFullAvg10.toFixed(2)} %` : '') },
  { title: 'OOM kills', numeric: true, show: (r) => (r.oomKills !== undefined ? String(r.oomKills) : '') },
  { title: 'kubectl cannot see', numeric: true, show: (r) => (r.hiddenBytes !== undefined ? formatBytes(r.hiddenBytes) : '') },
];

/** `3 nodes: 1 critical, 1 warning, 1 ok`. */
export function fleetSummary(rows: FleetRow[]): string {
  const count = (p: (r: FleetRow) => boolean) => rows.filter(p).length;
  const parts = [
    ['critical', count((r) => !r.error && r.worst === 'critical')], ['warning', count((r) => !r.error && r.worst === 'warning')],
    ['info', count((r) => !r.error && r.worst === 'info')], ['ok', count((r) => !r.error && !r.worst)], ['unreadable', count((r) => !!r.error)],
  ].filter(([, n]) => n) as [string, number][];
  return `${rows.length} node${rows.length === 1 ? '' : 's'}: ${parts.map(([k, n]) => `${n} ${k}`).join(', ')}`;
}

export function renderFleet(ctx: ViewContext, f: FleetView): HTMLElement {
  const root = h('div', { class: 'view fleet' });
  root.appendChild(h('p', { id: 'fleet-summary' }, `${fleetSummary(f.rows)} — from ${f.source}. Worst first; open a node with its row.`));
  const field = h('vscode-textfield', { placeholder: 'Filter nodes (name or rule)', 'aria-label': 'Filter nodes', id: 'fleet-filter' }) as HTMLElement & { value: string };
  field.value = ctx.state.fleetFilter ?? '';
  const count = h('span', { class: 'muted', 'aria-live': 'polite' });
  const head = h('tr', {}, ...COLUMNS.map((c) => h('th', { scope: 'col', class: c.numeric ? 'num' : undefined }, c.title)));
  const tbody = h('tbody');
  const fill = (q: string) => {
    const needle = q.trim().toLowerCase();
    const shown = needle ? f.rows.filter((r) => r.node.toLowerCase().includes(needle) || (r.worstRule ?? '').toLowerCase().includes(needle)) : f.rows;
    tbody.replaceChildren();
    for (const r of shown) {
      const sev = r.error ? 'error' : r.worst ?? 'ok';
      const tr = h('tr', { class: `node-row sev-${sev}`, 'data-node': r.node, title: r.error ? r.error : `Open ${r.node}` });
      COLUMNS.forEach((c, i) => tr.appendChild(h('td', { class: [c.numeric ? 'num' : '', i === 1 ? `sev sev-${sev}` : ''].filter(Boolean).join(' ') || undefined }, c.show(r))));
      if (!r.error || r.file.startsWith('prometheus:')) activate(tr, () => ctx.post({ type: 'openNode', file: r.file }));
      tbody.appendChild(tr);
    }
    count.textContent = `${shown.length} of ${f.rows.length} nodes`;
  };
  fill(field.value);
  field.addEventListener('input', () => { fill(field.value); ctx.saveState({ fleetFilter: field.value }); });
  const t = h('table', { class: 'data', id: 'fleet-table' }, h('caption', {}, 'Nodes, worst first'), h('thead', {}, head), tbody);
  root.appendChild(section('Nodes', h('div', { class: 'toolbar' }, field, count), h('div', { class: 'table-scroll' }, t)));
  return root;
}
