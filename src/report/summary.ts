/** Headline facts of an analysis, shared by the text, Markdown and status-bar renderers. */
import type { Analysis } from '../analysis/analyze';
import type { Finding, Severity } from '../model';
import { formatBytes as B, formatPercent as P } from '../humanFormat';
import { oomTitle } from './oomTitle';

export const SEVERITY_ORDER: Severity[] = ['critical', 'warning', 'info'];

export function worstSeverity(findings: Finding[]): Severity | undefined {
  return SEVERITY_ORDER.find((s) => findings.some((f) => f.severity === s));
}

export function findingsBySeverity(findings: Finding[]): [Severity, Finding[]][] {
  return SEVERITY_ORDER.map((s) => [s, findings.filter((f) => f.severity === s)] as [Severity, Finding[]]).filter(([, l]) => l.length);
}

/** One line for a status bar: "available 1.2 GiB (8 %) · 2 critical". */
export function headline(a: Analysis): string {
  const parts: string[] = [];
  const m = a.metrics.meminfo;
  if (m?.availableBytes !== undefined) parts.push(`available ${B(m.availableBytes)} (${P(m.availableBytes / m.totalBytes)})`);
  else if (a.metrics.cgroups[0]) parts.push(`working set ${B(a.metrics.cgroups[0].workingSetBytes)}`);
  else if (a.metrics.oom[0]) parts.push(oomTitle(a.metrics.oom[0].event).replace(/ \(pid [^)]*\)$/, ''));
  const counts = findingsBySeverity(a.findings).map(([s, l]) => `${l.length} ${s}`);
  parts.push(counts.length ? counts.join(', ') : 'no red flags');
  return parts.join(' · ');
}

/** `meminfo (lines 1–52, /proc/meminfo, 2026-11-24T14:25:56Z)` */
export function describeSection(s: { kind: string; variant?: string; source?: string; startLine: number; endLine: number; capturedAt?: string }): string {
  const kind = s.kind === 'vmstat-table' ? 'vmstat table' : s.kind === 'sar-table' ? 'sar report' : s.variant && s.kind !== 'pressure' ? `${s.kind} ${s.variant}` : s.kind === 'pressure' && s.variant ? `pressure (${s.variant})` : s.kind;
  const bits = [`lines ${s.startLine + 1}–${s.endLine + 1}`];
  if (s.source) bits.push(s.source);
  if (s.capturedAt) bits.push(s.capturedAt);
  return `${kind} (${bits.join(', ')})`;
}
