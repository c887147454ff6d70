/**
 * Kubernetes: what kubectl top shows beside what the kernel holds (one
 * reconciled bar of MemTotal), pods ranked by working set with their limits,
 * the eviction distance, and the kubelet reservation advice with a copy
 * button. Every row reveals its line.
 */
import type { ChartConfiguration } from 'chart.js';
import { formatBytes, formatPercent } from '../../src/humanFormat';
import type { ViewModel } from '../protocol';
import { figure, hatch, type ViewContext } from './charts';
import { activate, button, h, section, table, type Child } from './dom';

export function hasKubernetes(m: ViewModel): boolean {
  return !!m.kubernetes;
}

export function renderKubernetes(ctx: ViewContext, m: ViewModel, documentUri?: string): HTMLElement {
  const k = m.kubernetes!;
  const p = ctx.palette;
  const root = h('div', { class: 'view kubernetes' });
  const jump = (line: number | undefined, label: Child): Child => {
    if (line === undefined) return label;
    const a = h('a', { href: '#', class: 'jump', 'data-line': line }, label);
    activate(a, () => ctx.post({ type: 'reveal', line, documentUri }));
    a.addEventListener('click', (e) => e.preventDefault());
    return a;
  };

  // The headline: what kubectl sees against what the kernel says is in use.
  const head: Child[] = [];
  if (k.kubectlTop) head.push('kubectl top node: ', jump(k.kubectlTop.line, `${formatBytes(k.kubectlTop.bytes)}${k.kubectlTop.percent !== undefined ? ` (${k.kubectlTop.percent} % of allocatable)` : ''}`));
  else if (k.workingSet) head.push('Node working set: ', jump(k.workingSet.line, formatBytes(k.workingSet.bytes)), ` (${k.workingSet.from})`);
  if (k.kernelUsedBytes !== undefined) head.push(' · kernel, MemTotal − MemAvailable: ', formatBytes(k.kernelUsedBytes));
  if (k.hiddenBytes !== undefined && k.memTotalBytes) head.push(' · ', h('strong', { id: 'k8s-hidden' }, `${k.hiddenBytes >= 0 ? 'not shown to Kubernetes' : 'shown beyond what the kernel holds'}: ${formatBytes(Math.abs(k.hiddenBytes))} (${formatPercent(Math.abs(k.hiddenBytes) / k.memTotalBytes)} of MemTotal)`));
  root.appendChild(section(`Kubernetes${k.nodeName ? `: node ${k.nodeName}` : ''}`, h('p', { class: 'headline' }, ...head),
    k.why.length ? table('Why kubectl top and the kernel differ', ['Part', 'Bytes'], k.why.map((w) => [w.label, `${w.bytes < 0 ? '−' : '+'}${formatBytes(Math.abs(w.bytes))}`]), { numeric: [false, true] }) : undefined,
    ...k.notes.map((n) => h('p', { class: 'note warning' }, n))));

  if (k.breakdown && k.memTotalBytes) {
    const total = k.memTotalBytes;
    const colour: Record<string, string> = { pods: p.blue, system: p.purple, 'charged-other': p.orange, kernel: p.red, 'page-cache': p.yellow, free: p.green };
    const ws = k.workingSet?.bytes ?? 0;
    const config: ChartConfiguration<'bar'> = {
      type: 'bar',
      data: {
        labels: ['What the kernel holds', 'What kubectl top shows'],
        datasets: [
          ...k.breakdown.filter((b) => b.bytes > 0).map((b) => ({
            label: b.label, data: [b.bytes, 0],
            backgroundColor: b.id === 'kernel' ? hatch(colour[b.id] ?? p.fg, p.bg) : colour[b.id] ?? p.fg, borderColor: colour[b.id] ?? p.fg, borderWidth: 1,
          })),
          { label: 'node working set (kubectl top)', data: [0, ws], backgroundColor: p.blue, borderColor: p.blue, borderWidth: 1 },
        ],
      },
      options: {
        indexAxis: 'y',
        scales: { x: { stacked: true, min: 0, max: total, ticks: { callback: (v) => formatBytes(Number(v)) } }, y: { stacked: true } },
        plugins: { legend: { position: 'bottom', labels: { boxWidth: 14 } }, tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${formatBytes(Number(c.raw))} (${formatPercent(Number(c.raw) / total)})` } } },
      },
    };
    root.appendChild(figure(ctx, {
      name: 'kubernetes-reconciled', title: `MemTotal (${formatBytes(total)}), reconciled`,
      note: 'The hatched part is kernel memory the kubelet does not charge to any working set, so kubectl top never shows it.',
      height: 200, config,
      tableHead: ['Part', 'Bytes', 'Share of MemTotal', 'How', 'Line'],
      tableRows: k.breakdown.map((b) => [b.label, formatBytes(b.bytes), formatPercent(b.bytes / total), b.how, jump(b.line, b.line !== undefined ? String(b.line + 1) : '')]),
      numeric: [false, true, true, false, true],
    }));
  }

  if (k.eviction) {
    const e = k.eviction;
    root.appendChild(section('Eviction distance',
      h('p', {}, 'memory.available: ', jump(e.line, formatBytes(e.availableBytes)), ` (${e.from})`),
      table('Eviction thresholds', ['Threshold', 'Value', 'Distance', 'Line'], e.thresholds.map((t) => [
        `${t.kind === 'hard' ? 'evictionHard' : 'evictionSoft'} memory.available${t.isDefault ? ' (kubelet default)' : ''}${t.gracePeriod ? `, grace ${t.gracePeriod}` : ''}`,
        `${t.raw} = ${formatBytes(t.bytes)}`,
        t.distanceBytes === undefined ? '' : `${t.distanceBytes < 0 ? '−' : ''}${formatBytes(Math.abs(t.distanceBytes))}${t.distanceBytes < 0 ? ' (crossed)' : ''}`,
        jump(t.line, t.line !== undefined ? String(t.line + 1) : ''),
      ]), { numeric: [false, true, true, true] })));
  }

  if (k.allocatable) {
    const a = k.allocatable;
    const rows: Child[][] = [['capacity', formatBytes(a.capacityBytes)]];
    if (a.systemReservedBytes !== undefined) rows.push(['− systemReserved', formatBytes(a.systemReservedBytes)]);
    if (a.kubeReservedBytes !== undefined) rows.push(['− kubeReserved', formatBytes(a.kubeReservedBytes)]);
    rows.push(['− evictionHard', formatBytes(a.evictionHardBytes)]);
    if (a.computedBytes !== undefined) rows.push(['= allocatable (from the config)', formatBytes(a.computedBytes)]);
    if (a.reportedBytes !== undefined) rows.push([jump(a.reportedLine, `allocatable reported (${a.reportedFrom})`), formatBytes(a.reportedBytes)]);
    if (k.reservedBytes !== undefined) rows.push(['kept for the kernel and daemons', formatBytes(k.reservedBytes)]);
    if (k.observed) rows.push(['kernel and daemons observed', `${formatBytes(k.observed.totalBytes)} (kernel ${k.observed.kernelBytes !== undefined ? formatBytes(k.observed.kernelBytes) : 'unknown'}, daemons ${k.observed.daemonsBytes !== undefined ? formatBytes(k.observed.daemonsBytes) : 'unknown'})`]);
    root.appendChild(section('Allocatable', table('Allocatable = capacity − reservations − evictionHard', ['Term', 'Bytes'], rows, { numeric: [false, true] })));
  }

  const pods = k.pods.filter((x) => x.workingSetBytes !== undefined || x.oomKilled);
  if (pods.length) {
    const t = table('Pods ranked by working set', ['Pod', 'Working set', 'Limit', 'Of limit', 'Not RSS', 'Request'], pods.map((x) => [
      jump(x.line, x.key), x.workingSetBytes !== undefined ? formatBytes(x.workingSetBytes) : '', x.limitsBytes ? formatBytes(x.limitsBytes) : 'none',
      x.limitShare !== undefined ? formatPercent(x.limitShare) : '', x.cacheShare !== undefined ? formatPercent(x.cacheShare) : '', x.requestsBytes !== undefined ? formatBytes(x.requestsBytes) : '',
    ]), { numeric: [false, true, true, true, true, true] });
    t.id = 'k8s-pods';
    root.appendChild(section('Pods', t, pods.some((x) => x.oomKilled) ? h('p', { class: 'note' }, `OOMKilled: ${pods.filter((x) => x.oomKilled).map((x) => x.key).join(', ')}`) : undefined));
  }

  const r = k.reservation;
  if (r) {
    const pre = h('pre', { class: 'snippet', id: 'k8s-reservation' }, r.snippet);
    root.appendChild(section('Kubelet reservation advice',
      h('p', {}, 'Sized from what this capture shows. Copy it into the node\'s KubeletConfiguration and restart the kubelet; nothing is changed for you.'),
      pre,
      button('Copy reservation', () => ctx.post({ type: 'copyText', text: r.snippet, what: 'kubelet reservation' }), { id: 'copy-reservation' }),
      table('The arithmetic', ['Term', 'Bytes'], [
        ...r.arithmetic.map((l) => [jump(l.line, l.label), formatBytes(l.bytes)] as Child[]),
        ['systemReserved.memory (rounded up to 128 MiB)', formatBytes(r.systemReservedBytes)],
        ['kubeReserved.memory', formatBytes(r.kubeReservedBytes)],
        ['evictionHard memory.available', formatBytes(r.evictionHardBytes)],
        ...(r.projected ? [['allocatable with it', formatBytes(r.projected.allocatableBytes)], ['eviction distance when pods fill allocatable', formatBytes(r.projected.evictionDistanceBytes)]] as Child[][] : []),
      ], { numeric: [false, true] }),
      h('p', { class: 'note' }, `Based on: ${r.basedOn.join('; ')}.`),
      ...r.unknown.map((u) => h('p', { class: 'note' }, `Not known: ${u}.`))));
  }
  for (const o of k.otherAdvice) root.appendChild(section(o.title, h('p', {}, o.text), o.line !== undefined ? h('p', {}, jump(o.line, `line ${o.line + 1}`)) : undefined));
  return root;
}
