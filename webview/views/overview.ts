/** Overview: headline, available memory vs what `kubectl top` sees, findings by severity. */
import { formatBytes, formatPercent } from '../../src/humanFormat';
import type { ViewFinding, ViewModel } from '../../src/features/viewModel';
import type { ViewContext } from './charts';
import { activate, h, section } from './dom';

const SEVERITIES: { id: ViewFinding['severity']; title: string }[] = [
  { id: 'critical', title: 'Critical' }, { id: 'warning', title: 'Warnings' }, { id: 'info', title: 'Info' },
];

export function renderOverview(ctx: ViewContext, m: ViewModel, documentUri?: string): HTMLElement {
  const root = h('div', { class: 'view overview' });
  root.appendChild(h('p', { class: 'headline', id: 'headline' }, m.headline));

  const mi = m.meminfo;
  if (mi) {
    const rows: [string, string, string][] = [];
    const pct = (b: number) => formatPercent(b / mi.totalBytes);
    rows.push(['MemTotal', formatBytes(mi.totalBytes), '100 %']);
    if (mi.availableBytes !== undefined) rows.push(['MemAvailable (kernel estimate)', formatBytes(mi.availableBytes), pct(mi.availableBytes)]);
    if (mi.used.kubeletAvailable !== undefined) rows.push(['memory.available (kubelet eviction signal)', formatBytes(mi.used.kubeletAvailable), pct(mi.used.kubeletAvailable)]);
    if (mi.used.kubeletWorkingSet !== undefined) rows.push(['Working set (what kubectl top node shows)', formatBytes(mi.used.kubeletWorkingSet), pct(mi.used.kubeletWorkingSet)]);
    if (mi.outsideWorkingSetBytes !== undefined) rows.push(['Used, but outside the kubelet\'s working set', formatBytes(mi.outsideWorkingSetBytes), pct(mi.outsideWorkingSetBytes)]);
    const list = h('dl', { class: 'kv' });
    for (const [k, v, p] of rows) list.append(h('dt', {}, k), h('dd', {}, h('strong', {}, v), ' ', h('span', { class: 'muted' }, `(${p})`)));
    root.appendChild(section('Available memory vs what Kubernetes sees', list,
      h('p', { class: 'note' }, `kubectl top node shows the root cgroup's working set${mi.kubeletFormula ? ` (${mi.kubeletFormula})` : ''}; with cgroup v1 and runc ≥ 1.2 on v2 that leaves out slab, kernel stacks, page tables, per-CPU, HugeTLB and driver memory, yet they reduce what is available.`)));
  }

  const findings = h('div', { class: 'findings' });
  if (!m.findings.length) findings.appendChild(h('p', { class: 'muted' }, 'No findings.'));
  for (const sev of SEVERITIES) {
    const list = m.findings.filter((f) => f.severity === sev.id);
    if (!list.length) continue;
    const ul = h('ul', { class: `finding-list sev-${sev.id}`, 'aria-label': sev.title });
    for (const f of list) {
      const item = h('li', { class: `finding sev-${sev.id}`, 'data-line': f.line, 'data-rule': f.rule, title: `Go to line ${f.line + 1}` },
        h('span', { class: 'sev-dot', 'aria-hidden': 'true' }),
        h('span', { class: 'finding-title' }, f.title),
        h('span', { class: 'finding-line muted' }, ` line ${f.line + 1}`),
        h('div', { class: 'finding-message' }, f.message));
      activate(item, () => ctx.post({ type: 'reveal', line: f.line, documentUri }));
      item.setAttribute('aria-label', `${sev.id}: ${f.title}. ${f.message}. Press Enter to go to line ${f.line + 1}.`);
      const doc = h('a', { href: '#', class: 'rule-doc' }, `Rule ${f.rule}`);
      doc.addEventListener('click', (e) => { e.preventDefault(); e.stopPropagation(); ctx.post({ type: 'openRuleDoc', rule: f.rule }); });
      doc.addEventListener('keydown', (e) => e.stopPropagation());
      item.appendChild(doc);
      ul.appendChild(item);
    }
    findings.append(h('h3', {}, h('vscode-badge', { variant: 'counter' }, list.length), ' ', sev.title), ul);
  }
  root.appendChild(section('Findings', findings));

  if (m.problemCount) {
    root.appendChild(section('Lines that did not parse', h('p', {}, `${m.problemCount} problem(s); see the Problems panel.`)));
  }
  const secs = h('ul', { class: 'sections' });
  for (const s of m.sections) {
    const li = h('li', { class: 'section-link' }, `${s.kind}${s.variant ? ` (${s.variant})` : ''}`, s.source ? h('span', { class: 'muted' }, ` ${s.source}`) : undefined,
      h('span', { class: 'muted' }, ` lines ${s.startLine + 1}–${s.endLine + 1}`), s.capturedAt ? h('span', { class: 'muted' }, ` · ${s.capturedAt}`) : undefined);
    activate(li, () => ctx.post({ type: 'reveal', line: s.startLine, documentUri }));
    secs.appendChild(li);
  }
  if (m.sections.length) root.appendChild(section(`Sections (${m.sections.length})`, secs));
  return root;
}
