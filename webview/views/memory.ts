/** Memory: the meminfo breakdown adding up to MemTotal, and the "used" numbers side by side. */
import type { ChartConfiguration } from 'chart.js';
import { formatBytes, formatPercent } from '../../src/humanFormat';
import type { ViewModel } from '../protocol';
import { figure, hatch, type ViewContext } from './charts';
import { h, section, table } from './dom';

const INVISIBLE = ' (not in kubectl top)';

const outside = (b: { key: string; inNodeWorkingSet?: boolean }) => b.inNodeWorkingSet === false && b.key !== 'free' && b.key !== 'pageCacheInactive';

export function renderMemory(ctx: ViewContext, m: ViewModel): HTMLElement {
  const mi = m.meminfo!;
  const p = ctx.palette;
  const root = h('div', { class: 'view memory' });
  const parts = mi.breakdown.filter((b) => b.bytes > 0);
  // Fixed colour per part, so the same part keeps its colour across snapshots and themes.
  const colorOf: Record<string, string> = {
    free: p.green, pageCache: p.blue, shmem: p.purple, anon: p.orange, swapCached: p.yellow,
    slabReclaimable: p.yellow, slabUnreclaimable: p.red, kernelStack: p.purple, pageTables: p.blue, percpu: p.green, hugetlb: p.orange, unaccounted: p.muted,
  };
  const config: ChartConfiguration<'bar'> = {
    type: 'bar',
    data: {
      labels: ['MemTotal'],
      datasets: parts.map((b) => {
        const color = colorOf[b.key] ?? p.fg;
        return {
          label: b.label + (outside(b) ? INVISIBLE : ''),
          data: [b.bytes],
          backgroundColor: outside(b) ? hatch(color, p.bg) : color,
          borderColor: color, borderWidth: 1,
        };
      }),
    },
    options: {
      indexAxis: 'y',
      scales: {
        x: { stacked: true, min: 0, max: mi.breakdownOfBytes, ticks: { callback: (v) => formatBytes(Number(v)) } },
        y: { stacked: true, ticks: { display: false } },
      },
      plugins: {
        legend: { position: 'bottom', labels: { boxWidth: 14 } },
        tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${formatBytes(Number(c.raw))} (${formatPercent(Number(c.raw) / mi.breakdownOfBytes)})` } },
      },
    },
  };
  root.appendChild(figure(ctx, {
    name: 'memory-breakdown', title: `Where MemTotal (${formatBytes(mi.totalBytes)}) goes`,
    note: `Hatched parts are used memory that the kubelet's node working set (kubectl top node) leaves out${mi.kubeletFormula ? `, by ${mi.kubeletFormula}` : ''}.${mi.missing.length ? ` Not shown, the capture lacks: ${mi.missing.join(', ')}.` : ''}`,
    height: 230, config,
    tableHead: ['Part', 'Bytes', 'Share of MemTotal', "In the kubelet's working set", 'From'],
    tableRows: mi.breakdown.map((b) => [b.label, formatBytes(b.bytes), formatPercent(b.bytes / mi.breakdownOfBytes), b.inNodeWorkingSet === undefined ? 'unknown' : b.inNodeWorkingSet ? 'yes' : 'no', b.from.join(', ')]),
    numeric: [false, true, true, false, false],
  }));

  const u = mi.used;
  const rows: [string, number | undefined, string][] = [
    ['free (procps 4.x) "used"', u.free4, 'MemTotal − MemAvailable: counts reclaimable cache and slab as free.'],
    ['free (procps 3.3) "used"', u.free33, 'MemTotal − MemFree − Buffers − (Cached + SReclaimable): counts unreclaimable slab and kernel memory as used.'],
    ['kubelet working set', u.kubeletWorkingSet, `Root cgroup usage − inactive_file: what kubectl top node and evictions use (${mi.kubeletFormula ?? 'formula unknown'}).`],
    ...(mi.kubeletAlternative ? [['kubelet working set, other runtime', mi.kubeletAlternative.workingSetBytes, `With ${mi.kubeletAlternative.label}.`] as [string, number, string]] : []),
    ['kubelet memory.available', u.kubeletAvailable, 'MemTotal − working set: the eviction signal.'],
  ];
  const present = rows.filter((r) => r[1] !== undefined);
  if (present.length) {
    root.appendChild(section('"Used", as each tool computes it',
      h('p', { class: 'note' }, 'They differ because each tool subtracts a different idea of "free": reclaimable cache, slab and inactive file pages land on different sides.'),
      table('Used memory as each tool computes it', ['Number', 'Bytes', 'Share', 'How'], present.map(([n, b, why]) => [n, formatBytes(b!), formatPercent(b! / mi.totalBytes), why]), { numeric: [false, true, true, false] })));
  }
  root.appendChild(section('Kernel memory',
    h('p', {}, [
      mi.kernelBytes !== undefined ? `Kernel (slab, stacks, page tables, per-CPU): ${formatBytes(mi.kernelBytes)}` : 'Kernel memory: unknown (the capture lacks its keys)',
      mi.unreclaimableKernelBytes !== undefined ? ` · of which the kernel cannot reclaim ${formatBytes(mi.unreclaimableKernelBytes)}` : '',
      mi.outsideWorkingSetBytes !== undefined ? ` · used but outside the kubelet's working set: ${formatBytes(mi.outsideWorkingSetBytes)} (${formatPercent(mi.outsideWorkingSetBytes / mi.totalBytes)} of MemTotal).` : '.',
    ].join(''))));
  return root;
}
