/**
 * Process: one process's memory against its cgroup limit, by region and by what its runtime says
 * (the JVM's heap and NMT categories; Go's heap phases), with the tables behind the charts.
 */
import type { ChartConfiguration } from 'chart.js';
import { formatBytes, formatPercent } from '../../src/humanFormat';
import type { ViewModel } from '../protocol';
import { figure, type ViewContext } from './charts';
import { h, section, table } from './dom';

type Picture = NonNullable<ViewModel['processes']>[number];
interface Bar { label: string; bytes: number; color: string }

/** One horizontal stacked bar of the parts, and under it the cgroup limit as a bar of its own. */
function stacked(ctx: ViewContext, name: string, title: string, note: string, all: Bar[], limit: number | undefined): HTMLElement {
  const bars = all.filter((b) => b.bytes > 0);
  const total = bars.reduce((s, b) => s + b.bytes, 0);
  const max = Math.max(total, limit ?? 0);
  const rows = limit ? ['this process', 'cgroup limit'] : ['this process'];
  const datasets = bars.map((b) => ({ label: b.label, data: rows.map((_, i) => (i === 0 ? b.bytes : null)), backgroundColor: b.color, borderColor: b.color, borderWidth: 1 }));
  if (limit) datasets.push({ label: `cgroup limit (${formatBytes(limit)})`, data: [null, limit], backgroundColor: ctx.palette.red, borderColor: ctx.palette.red, borderWidth: 1 });
  const config: ChartConfiguration<'bar'> = {
    type: 'bar',
    data: { labels: rows, datasets },
    options: {
      indexAxis: 'y',
      scales: { x: { stacked: true, min: 0, max, ticks: { callback: (v) => formatBytes(Number(v)) } }, y: { stacked: true } },
      plugins: {
        legend: { position: 'bottom', labels: { boxWidth: 14 } },
        tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${formatBytes(Number(c.raw))}${limit ? ` (${formatPercent(Number(c.raw) / limit)} of the limit)` : ''}` } },
      },
    },
  };
  return figure(ctx, {
    name, title, note: `${note}${limit && total > limit ? ` Together ${formatBytes(total)}: ${formatPercent(total / limit)} of the limit.` : ''}`, height: limit ? 220 : 180, config,
    tableHead: ['Part', 'Bytes', limit ? 'Share of the limit' : 'Share'],
    tableRows: [...bars.map((b) => [b.label, formatBytes(b.bytes), formatPercent(b.bytes / (limit ?? total))]), ...(limit ? [['cgroup limit', formatBytes(limit), '100 %']] : [])],
    numeric: [false, true, true],
  });
}

function header(p: Picture, documentUri?: string, post?: ViewContext['post']): HTMLElement {
  const who = `${p.name ?? 'process'}${p.pid !== undefined ? ` (pid ${p.pid})` : ''}`;
  const bits = [
    p.runtime === 'jvm' ? 'JVM' : p.runtime === 'go' ? 'Go' : undefined,
    p.rssBytes !== undefined ? `RSS ${formatBytes(p.rssBytes)}` : undefined,
    p.limitBytes !== undefined ? `limit ${formatBytes(p.limitBytes)}${p.cgroupPath ? ` (${p.cgroupPath}${p.cgroupHow === 'only-limit' ? ', the document\'s one limit' : p.cgroupHow === 'pod-spec' ? ', limits.memory' : ''})` : ''}` : 'no cgroup limit in the document',
    p.usageBytes !== undefined ? `cgroup usage ${formatBytes(p.usageBytes)}` : undefined,
    p.swapBytes ? `swap ${formatBytes(p.swapBytes)}` : undefined,
    p.threads !== undefined ? `${p.threads} threads` : undefined,
    p.podUid ? `pod ${p.podUid}${p.containerId ? `, container ${p.containerId.slice(0, 12)}` : ''}` : p.cgroupFromProc ? `cgroup ${p.cgroupFromProc}` : undefined,
  ].filter(Boolean);
  const jump = h('a', { href: '#', class: 'jump', 'data-line': p.line }, `line ${p.line + 1}`);
  jump.addEventListener('click', (e) => { e.preventDefault(); post?.({ type: 'reveal', line: p.line, documentUri }); });
  return h('p', { class: 'process-head' }, h('strong', {}, who), ` — ${bits.join(' · ')} · `, jump);
}

export function renderProcess(ctx: ViewContext, m: ViewModel, documentUri?: string): HTMLElement {
  const c = ctx.palette;
  const colors = [c.orange, c.blue, c.purple, c.yellow, c.green, c.muted]; // red is the limit's
  const root = h('div', { class: 'view process' });
  for (const [i, p] of (m.processes ?? []).entries()) {
    const block = h('section', { class: 'block', 'data-process': i }, h('h2', {}, p.name ?? `Process ${i + 1}`), header(p, documentUri, ctx.post));
    // Side by side: what the runtime says, what the kernel charges the process, what the cgroup holds and allows.
    const side: [string, number | undefined, string][] = [
      ['Java heap, max (-Xmx)', p.jvm?.maxHeapBytes, p.jvm?.maxHeapFrom === 'nmt' ? 'the Java Heap NMT reserves' : 'VM.flags MaxHeapSize'],
      ['Java heap, committed', p.jvm?.heapCommittedBytes, 'NMT Java Heap'],
      ['JVM non-heap, committed', p.jvm?.nonHeapCommittedBytes, 'NMT total − Java Heap'],
      ['Go heap in use', p.go?.heapInuseBytes, 'MemStats HeapInuse'],
      ['Go idle, not returned', p.go?.retainedBytes, 'HeapIdle − HeapReleased'],
      ['RSS', p.rssBytes, 'VmRSS (or smaps_rollup Rss)'],
      ['cgroup usage', p.usageBytes, 'memory.current / memory.usage_in_bytes'],
      ['cgroup limit', p.limitBytes, 'memory.max / memory.limit_in_bytes'],
    ];
    const shown = side.filter((r) => r[1] !== undefined);
    if (shown.length) block.appendChild(table('Side by side', ['Number', 'Bytes', p.limitBytes ? 'Share of the limit' : '', 'From'], shown.map(([n, b, from]) => [n, formatBytes(b!), p.limitBytes ? formatPercent(b! / p.limitBytes) : '', from]), { numeric: [false, true, true, false], className: 'data side-table' }));
    const j = p.jvm;
    if (j && (j.heapCommittedBytes !== undefined || j.nonHeap.length)) {
      const top = j.nonHeap.slice(0, 5);
      const rest = j.nonHeap.slice(5).reduce((s, x) => s + x.bytes, 0);
      const bars: Bar[] = [
        ...(j.maxHeapBytes !== undefined ? [{ label: `Java heap (max ${formatBytes(j.maxHeapBytes)})`, bytes: j.maxHeapBytes, color: c.blue }] : j.heapCommittedBytes !== undefined ? [{ label: 'Java heap (committed)', bytes: j.heapCommittedBytes, color: c.blue }] : []),
        ...top.map((x, k) => ({ label: x.label, bytes: x.bytes, color: colors[(k + 2) % colors.length] })),
        ...(rest > 0 ? [{ label: 'other categories', bytes: rest, color: c.muted }] : []),
      ];
      block.appendChild(stacked(ctx, `process-${i}-jvm`, 'The JVM: maximum heap and what NMT commits outside it',
        `${j.headroomBytes !== undefined ? `The limit leaves ${formatBytes(j.headroomBytes)} beside the maximum heap; ` : ''}${j.nonHeapCommittedBytes !== undefined ? `NMT commits ${formatBytes(j.nonHeapCommittedBytes)} outside the heap. ` : ''}NMT does not see glibc malloc arenas and libraries.`, bars, p.limitBytes));
      const nmtRows = [
        ...(j.heapCommittedBytes !== undefined ? [['Java Heap', formatBytes(j.maxHeapBytes ?? j.heapCommittedBytes), formatBytes(j.heapCommittedBytes), '']] : []),
        ...j.nonHeap.map((x) => [x.label, formatBytes(x.reservedBytes), formatBytes(x.bytes), x.deltaBytes !== undefined ? `${x.deltaBytes >= 0 ? '+' : '−'}${formatBytes(Math.abs(x.deltaBytes))}` : '']),
      ];
      block.appendChild(h('div', { class: 'table-scroll' }, table('Native Memory Tracking categories', ['Category', 'Reserved', 'Committed', 'Since baseline'], nmtRows, { numeric: [false, true, true, true], className: 'data nmt-table' })));
    }
    const g = p.go;
    if (g && g.heapInuseBytes !== undefined) {
      const other = g.sysBytes !== undefined && g.heapSysBytes !== undefined ? g.sysBytes - g.heapSysBytes - (g.stackInuseBytes ?? 0) : undefined;
      const bars: Bar[] = [
        { label: 'HeapInuse', bytes: g.heapInuseBytes, color: c.blue },
        ...(g.retainedBytes !== undefined ? [{ label: 'HeapIdle − HeapReleased (retained)', bytes: g.retainedBytes, color: c.orange }] : []),
        ...(g.stackInuseBytes ? [{ label: 'StackInuse', bytes: g.stackInuseBytes, color: c.purple }] : []),
        ...(other !== undefined && other > 0 ? [{ label: 'runtime outside the heap', bytes: other, color: c.muted }] : []),
      ];
      block.appendChild(stacked(ctx, `process-${i}-go`, 'Go: the heap phases',
        `HeapReleased (${formatBytes(g.heapReleasedBytes ?? 0)}) is returned to the OS and not resident. ${g.nextGcBytes !== undefined ? `Next GC at ${formatBytes(g.nextGcBytes)}. ` : ''}${g.memoryLimitBytes !== undefined ? `GOMEMLIMIT ${formatBytes(g.memoryLimitBytes)}.` : g.suggestedLimitBytes !== undefined ? `Suggested GOMEMLIMIT: ${formatBytes(g.suggestedLimitBytes)} (12.5 % under the limit).` : ''}`, bars, p.limitBytes));
    }
    const parts = p.regions.length ? p.regions : p.rss;
    if (parts.length) {
      const top = parts.slice(0, 8);
      const rest = parts.slice(8).reduce((s, x) => s + x.bytes, 0);
      block.appendChild(stacked(ctx, `process-${i}-rss`, p.regions.length ? 'Resident memory by mapping (smaps)' : 'Resident memory by kind (status)', 'What the kernel counts resident for this process, against its cgroup limit.',
        [...top.map((x, k) => ({ label: x.label, bytes: x.bytes, color: colors[k % colors.length] })), ...(rest > 0 ? [{ label: `${parts.length - 8} more`, bytes: rest, color: c.muted }] : [])], p.limitBytes));
    }
    root.appendChild(block);
  }
  if (!m.processes?.length) root.appendChild(section('Process', h('p', {}, 'No process in this document.')));
  return root;
}
