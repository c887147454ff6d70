/** Cgroup: memory.stat breakdown, usage vs working set vs limit, memory.events counts. */
import type { ChartConfiguration } from 'chart.js';
import { formatBytes, formatCount } from '../../src/humanFormat';
import type { ViewModel } from '../protocol';
import { figure, type ViewContext } from './charts';
import { h, section, table } from './dom';

export function renderCgroup(ctx: ViewContext, m: ViewModel): HTMLElement {
  const p = ctx.palette;
  const root = h('div', { class: 'view cgroup' });
  m.cgroups.forEach((c, n) => {
    const title = c.source ?? `memory.stat #${n + 1}`;
    const colors = [p.blue, p.green, p.purple, p.orange, p.red, p.yellow];
    const parts = c.breakdown.filter((b) => b.bytes > 0);
    const breakdown: ChartConfiguration<'bar'> = {
      type: 'bar',
      data: { labels: ['usage'], datasets: parts.map((b, i) => ({ label: b.label, data: [b.bytes], backgroundColor: colors[i % colors.length] })) },
      options: {
        indexAxis: 'y',
        scales: { x: { stacked: true, min: 0, ticks: { callback: (v) => formatBytes(Number(v)) } }, y: { stacked: true, ticks: { display: false } } },
        plugins: { legend: { position: 'bottom', labels: { boxWidth: 14 } }, tooltip: { callbacks: { label: (x) => `${x.dataset.label}: ${formatBytes(Number(x.raw))}` } } },
      },
    };
    const bars: [string, number, string][] = [];
    if (c.usageKnown !== false) bars.push([c.usageExact ? 'Usage' : 'Usage (approx.)', c.usageBytes, p.blue]);
    if (c.workingSetKnown !== false) bars.push(['Working set', c.workingSetBytes, p.orange]);
    if (c.highBytes !== undefined) bars.push(['memory.high', c.highBytes, p.yellow]);
    if (c.limitBytes !== undefined) bars.push(['Limit', c.limitBytes, p.red]);
    const usage: ChartConfiguration<'bar'> = {
      type: 'bar',
      data: { labels: bars.map((b) => b[0]), datasets: [{ label: 'Bytes', data: bars.map((b) => b[1]), backgroundColor: bars.map((b) => b[2]) }] },
      options: {
        indexAxis: 'y',
        scales: { x: { min: 0, ticks: { callback: (v) => formatBytes(Number(v)) } } },
        plugins: { legend: { display: false }, tooltip: { callbacks: { label: (x) => formatBytes(Number(x.raw)) } } },
      },
    };
    const block = section(`${title} (cgroup ${c.variant})`,
      figure(ctx, {
        name: `cgroup-${n + 1}-breakdown`, title: c.usageKnown === false ? 'What the capture shows of the cgroup (its usage is not in it)' : `What the cgroup's ${formatBytes(c.usageBytes)} is made of`, height: 150, config: breakdown,
        tableHead: ['Part', 'Bytes', 'From'], tableRows: c.breakdown.map((b) => [b.label, formatBytes(b.bytes), b.from.join(', ')]), numeric: [false, true, false],
      }),
      figure(ctx, {
        name: `cgroup-${n + 1}-usage`, title: 'Usage vs working set vs limit', height: 40 * bars.length + 50, config: usage,
        note: `Usage from: ${c.usageFrom}. Working set = usage − inactive_file (cAdvisor), what kubectl top pod shows; in a pod's cgroup it includes the kernel memory charged to it (slab, stacks, page tables, sockets). The kubelet and OOM decisions follow it.`,
        tableHead: ['Number', 'Bytes'], tableRows: bars.map((b) => [b[0], formatBytes(b[1])]), numeric: [false, true],
      }));
    root.appendChild(block);
  });
  for (const e of m.memoryEvents) {
    const rows = Object.entries(e.counts).map(([k, v]) => [k, v > 0 && /oom|max/.test(k) ? h('strong', { class: 'bad' }, formatCount(v)) : formatCount(v)]);
    root.appendChild(section(`memory.events${e.source ? ` — ${e.source}` : ''}`,
      h('p', { class: 'note' }, 'Counters since the cgroup was created: max = hit the limit, oom = allocation failed, oom_kill = processes killed.'),
      table('memory.events counts', ['Event', 'Count'], rows, { numeric: [false, true] })));
  }
  return root;
}
