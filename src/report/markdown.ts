/** The Markdown report (CLI `--markdown`, "Export Report as Markdown"). */
import { adviceLines, kubernetesLines } from './kubernetes';
import { processLines, processTitle } from './process';
import type { Analysis } from '../analysis/analyze';
import { formatBytes as B, formatPercent as P } from '../humanFormat';
import { describeSection, findingsBySeverity } from './summary';
import { oomTitle } from './oomTitle';

const esc = (s: string) => s.replace(/[|\\`*_<>[\]]/g, (c) => `\\${c}`);

export function renderMarkdown(file: string, a: Analysis): string {
  const out: string[] = [];
  const m = a.metrics;
  out.push(`# Kernel Memory Lens report: ${esc(file)}`, '');
  out.push('## Sections', '');
  for (const s of a.parsed.sections) out.push(`- ${esc(describeSection(s))}`);
  out.push('');
  if (m.meminfo) {
    out.push(`## Where the memory went (MemTotal ${B(m.meminfo.totalBytes)})`, '', '| part | size | share | in the kubelet\'s working set |', '|---|---:|---:|---|');
    for (const p of m.meminfo.breakdown) if (p.bytes > 0) out.push(`| ${p.label} | ${B(p.bytes)} | ${P(p.bytes / m.meminfo.breakdownOfBytes)} | ${p.inNodeWorkingSet === undefined ? '?' : p.inNodeWorkingSet ? 'yes' : 'no'} |`);
    if (!m.meminfo.complete) out.push('', `Not shown, the capture lacks: ${esc(m.meminfo.missing.join(', '))}.`);
    out.push('');
    const u = m.meminfo.used;
    out.push('| "used" as computed by | value |', '|---|---:|');
    if (u.free4 !== undefined) out.push(`| free 4.x: total − available | ${B(u.free4)} |`);
    if (u.free33 !== undefined) out.push(`| free 3.3: total − free − buffers − cache | ${B(u.free33)} |`);
    const k = m.meminfo.kubelet;
    if (k) out.push(`| kubelet working set (${esc(k.label)}) | ${B(k.workingSetBytes)} |`);
    if (k?.alternative) out.push(`| kubelet working set (${esc(k.alternative.label)}) | ${B(k.alternative.workingSetBytes)} |`);
    out.push('');
  }
  for (const cg of m.cgroups) {
    out.push(`## Cgroup ${esc(cg.source ?? '(memory.stat)')}`, '', `Usage ${B(cg.usageBytes)}${cg.usageExact ? '' : ` (${esc(cg.usageFrom)})`}, working set ${B(cg.workingSetBytes)}${cg.limitBytes !== undefined ? `, limit ${B(cg.limitBytes)}` : ''}.`, '');
  }
  if (m.slabinfo) {
    out.push('## Top slab caches', '', '| cache | size | objects |', '|---|---:|---:|');
    for (const g of m.slabinfo.groups.slice(0, 10)) out.push(`| ${esc(g.group)} | ${B(g.slabBytes)} | ${g.objects} |`);
    out.push('');
  }
  if (m.pressure.length) {
    out.push('## Pressure', '', '| resource | line | avg10 | avg60 | avg300 |', '|---|---|---:|---:|---:|');
    for (const p of m.pressure) for (const t of ['some', 'full'] as const) { const l = p[t]; if (l) out.push(`| ${p.resource} | ${t} | ${l.avg10.toFixed(2)} | ${l.avg60.toFixed(2)} | ${l.avg300.toFixed(2)} |`); }
    out.push('');
  }
  for (const o of m.oom) {
    out.push(`## ${esc(oomTitle(o.event))}`, '');
    out.push(`- scope: ${o.scope}${o.limitedCgroup ? `, limited cgroup \`${o.limitedCgroup}\`` : ''}`);
    if (o.kubernetes) out.push(`- pod ${o.kubernetes.podUid ?? '?'}, container ${o.kubernetes.containerId ?? '?'}, QoS ${o.qos ?? '?'}`);
    out.push('');
  }
  if (m.kubernetes) {
    out.push('## Kubernetes beside the kernel', '', '```text', ...kubernetesLines(m.kubernetes), '```', '');
    const adv = adviceLines(m.kubernetes);
    if (adv.length) out.push('```text', ...adv, '```', '');
  }
  for (const p of m.processes ?? []) out.push(`## ${esc(processTitle(p))}`, '', '```text', ...processLines(p), '```', '');
  out.push('## Red flags', '');
  const groups = findingsBySeverity(a.findings);
  if (!groups.length) out.push('None.');
  for (const [sev, list] of groups) for (const f of list) out.push(`- **${sev}** \`${f.rule}\` (line ${f.line + 1}): ${esc(f.message)}`);
  if (a.parsed.problems.length) {
    out.push('', '## Input problems', '');
    for (const p of a.parsed.problems.slice(0, 100)) out.push(`- line ${p.line + 1} (${p.severity}): ${esc(p.message)}`);
  }
  return out.join('\n') + '\n';
}
