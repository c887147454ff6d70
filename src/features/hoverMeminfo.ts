/**
 * The derived numbers of a meminfo capture, for the hover on MemTotal and MemAvailable: "used" as
 * each tool computes it, the kubelet's working set with the formula behind it, and what the capture
 * cannot tell because keys are missing (rules that need them stay silent).
 */
import type { Field, KeyValueSection } from '../model';
import type { Analysis } from '../analysis/analyze';
import { meminfoMetrics } from '../analysis/meminfoMetrics';
import { formatBytes as B, formatPercent as P } from '../humanFormat';

export function meminfoNumbers(a: Analysis, s: KeyValueSection, f: Field): string[] {
  if (f.key !== 'MemTotal' && f.key !== 'MemAvailable') return [];
  const latest = a.metrics.meminfo?.section === s.index ? a.metrics.meminfo : undefined;
  const root = a.world.moments.find((m) => m.meminfo?.index === s.index)?.cgroups.get('/')?.stat;
  const m = latest ?? meminfoMetrics(s, { stat: root });
  if (!m) return [];
  const pct = (b: number) => P(b / m.totalBytes);
  const out: string[] = ['', '---', '**Used, as each tool computes it**', ''];
  if (m.used.freePrinted) out.push(`- ${m.used.freePrinted.label}: **${B(m.used.freePrinted.bytes)}** (${pct(m.used.freePrinted.bytes)})`);
  if (m.used.free4 !== undefined) out.push(`- \`free\` (procps-ng ≥ 4.0.1) used = MemTotal − MemAvailable: **${B(m.used.free4)}** (${pct(m.used.free4)})`);
  for (const note of m.freeAssumed) out.push(`  - ${note}`);
  if (m.used.free33 !== undefined) out.push(`- \`free\` (procps-ng 3.3.12–4.0.0) used = MemTotal − MemFree − Buffers − (Cached + SReclaimable): **${B(m.used.free33)}**`);
  const k = m.kubelet;
  if (k) {
    out.push(`- kubelet working set = root usage − inactive_file: **${B(k.workingSetBytes)}**, memory.available **${B(k.availableBytes)}** — ${k.label}, from ${k.from}`);
    if (k.alternative) out.push(`  - with ${k.alternative.label}: working set **${B(k.alternative.workingSetBytes)}**, memory.available **${B(k.alternative.availableBytes)}**`);
    if (m.outsideWorkingSetBytes !== undefined && m.outsideWorkingSetBytes > 0) out.push(`- used but outside that working set (kernel memory, huge page pools, unaccounted): **${B(m.outsideWorkingSetBytes)}** (${pct(m.outsideWorkingSetBytes)}) — \`kubectl top node\` does not show it`);
  } else out.push('- kubelet working set: unknown (needs AnonPages, Cached, Buffers and Inactive(file), or the root memory.stat)');
  // A free table is its own partition (used, buff/cache, free): nothing is left to place.
  if (m.missing.length && !m.complete) out.push('', `*Not computed, the capture lacks ${m.missing.join(', ')}:* the breakdown's remainder (unaccounted) and the rules that need these keys stay silent rather than count them as 0.`);
  return out;
}
