/** OOM: the victim card, memory at the time, and the task table sorted by RSS. */
import type { ChartConfiguration } from 'chart.js';
import { formatBytes, formatCount } from '../../src/humanFormat';
import type { ViewModel } from '../protocol';
import { figure, type ViewContext } from './charts';
import { activate, h, section } from './dom';

const TOP = 12;

export function renderOom(ctx: ViewContext, m: ViewModel, documentUri?: string): HTMLElement {
  const p = ctx.palette;
  const root = h('div', { class: 'view oom' });
  m.oom.forEach((o, n) => {
    const card = h('dl', { class: 'kv victim-card' });
    const add = (k: string, v: string | number | undefined) => { if (v !== undefined && v !== '') card.append(h('dt', {}, k), h('dd', {}, String(v))); };
    add('Process', o.victim);
    add('PID', o.pid);
    add('Scope', o.scope === 'memcg' ? 'cgroup limit (memcg OOM)' : o.scope === 'global' ? 'whole node (global OOM)' : o.scope);
    add('Constraint', o.constraint);
    add('Limited cgroup', o.limitedCgroup);
    add('Task cgroup', o.taskCgroup);
    add('Pod UID', o.podUid);
    add('Container ID', o.containerId);
    add('QoS class', o.qos);
    add('oom_score_adj', o.oomScoreAdj);
    add('Invoked by', o.invoker);
    add('Allocation order', o.order);
    add('Time', o.time);
    const heading = h('h2', {}, `OOM kill${m.oom.length > 1 ? ` ${n + 1}` : ''}: `, h('span', { class: 'victim-name' }, o.victim ?? 'unknown process'));
    const jump = h('a', { href: '#', class: 'jump' }, `line ${o.line + 1}`);
    activate(jump, () => ctx.post({ type: 'reveal', line: o.line, documentUri }));
    jump.addEventListener('click', (e) => e.preventDefault());
    root.appendChild(h('section', { class: 'block' }, heading, h('p', {}, 'Kill message at ', jump), card));

    const mem: [string, number | undefined][] = [
      ['Victim RSS', o.victimRssBytes], ['anon-rss', o.anonRssBytes], ['file-rss', o.fileRssBytes], ['shmem-rss', o.shmemRssBytes],
      ['memcg usage', o.memcgUsageBytes], ['memcg limit', o.memcgLimitBytes],
    ];
    const memRows = mem.filter((r): r is [string, number] => r[1] !== undefined);
    if (memRows.length) {
      root.appendChild(section('Memory at the time', h('dl', { class: 'kv' }, ...memRows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, formatBytes(v))]))));
    }
    if (o.nodeMemory) {
      // Mem-Info (mm/show_mem.c): where the node's memory was when the killer ran.
      const order = ['free', 'active_anon', 'inactive_anon', 'active_file', 'inactive_file', 'shmem', 'slab_reclaimable', 'slab_unreclaimable', 'pagetables', 'unevictable', 'dirty', 'writeback', 'mapped'];
      const rows = order.filter((k) => o.nodeMemory![k] !== undefined).map((k) => [k, o.nodeMemory![k]] as [string, number]);
      if (rows.length) root.appendChild(section('Node memory at the time (Mem-Info)', h('dl', { class: 'kv' }, ...rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, formatBytes(v))]))));
    }
    if (o.tasks.length) {
      const top = o.tasks.slice(0, TOP);
      const config: ChartConfiguration<'bar'> = {
        type: 'bar',
        data: {
          labels: top.map((t) => `${t.name} (${t.pid})`),
          datasets: [
            { label: 'RSS', data: top.map((t) => t.rssBytes), backgroundColor: top.map((t) => (t.pid === o.pid ? p.red : p.blue)) },
            { label: 'Swap', data: top.map((t) => t.swapBytes), backgroundColor: p.purple },
          ],
        },
        options: {
          indexAxis: 'y',
          scales: { x: { stacked: true, ticks: { callback: (v) => formatBytes(Number(v)) } }, y: { stacked: true, ticks: { autoSkip: false } } },
          plugins: { legend: { position: 'bottom' }, tooltip: { callbacks: { label: (x) => `${x.dataset.label}: ${formatBytes(Number(x.raw))}` } } },
        },
      };
      root.appendChild(figure(ctx, {
        name: `oom-${n + 1}-tasks`, title: `Largest tasks at the kill (victim in red)`, height: 24 * top.length + 70, config,
        tableHead: ['Process', 'PID', 'RSS', 'Swap'], tableRows: top.map((t) => [t.name, t.pid, formatBytes(t.rssBytes), formatBytes(t.swapBytes)]), numeric: [false, true, true, true],
      }));
      const body = h('tbody');
      for (const t of [...o.tasks].sort((a, b) => b.rssBytes - a.rssBytes)) {
        const tr = h('tr', { class: t.pid === o.pid ? 'task-row victim' : 'task-row', 'data-pid': t.pid, title: `Go to line ${t.line + 1}` },
          h('td', {}, t.name), h('td', { class: 'num' }, t.pid), h('td', { class: 'num' }, formatBytes(t.rssBytes)), h('td', { class: 'num' }, formatBytes(t.swapBytes)),
          h('td', { class: 'num' }, t.pgtablesBytes !== undefined ? formatBytes(t.pgtablesBytes) : '—'), h('td', { class: 'num' }, t.oomScoreAdj));
        activate(tr, () => ctx.post({ type: 'reveal', line: t.line, documentUri }));
        tr.setAttribute('role', 'row');
        body.appendChild(tr);
      }
      const head = h('tr', {}, ...['Process', 'PID', 'RSS', 'Swap', 'Page tables', 'oom_score_adj'].map((c, i) => h('th', { scope: 'col', class: i ? 'num' : undefined }, c)));
      root.appendChild(section(`Tasks (${formatCount(o.tasks.length)}, by RSS)`, h('div', { class: 'table-scroll' }, h('table', { class: 'data oom-tasks' }, h('caption', {}, 'Tasks listed in the OOM report'), h('thead', {}, head), body))));
    }
  });
  return root;
}
