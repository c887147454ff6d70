/** Which language id fits a text: one kind → that kind's language, several → kmem-snapshot. */
import type { ParsedDocument, Section } from '../model';

/**
 * Kubernetes and process output count when unmistakable: a kubectl top header with a row,
 * a Summary JSON with the node's memory, a KubeletConfiguration with a reservation or
 * threshold, a describe node with capacity or allocatable memory, or an event read.
 */
function strongEvidence(s: Section): boolean {
  switch (s.kind) {
    case 'kubectl-top': return s.rows.length >= 1;
    case 'kubelet-summary': return s.node !== undefined || s.pods.some((p) => p.memory !== undefined);
    case 'kubelet-config': return Object.keys(s.evictionHard).length + Object.keys(s.systemReserved).length + Object.keys(s.kubeReserved).length + Object.keys(s.evictionSoft).length > 0 || (s.format !== 'flags' && Object.keys(s.settings).length >= 2);
    case 'node-describe': return s.capacity.memory !== undefined || s.allocatable.memory !== undefined || s.conditions.length > 0 || s.events.length > 0;
    case 'k8s-events': return s.events.length > 0;
    // The process side (issue 14): a report with its numbers, not a stray `Name:` line.
    case 'jvm-nmt': return s.total !== undefined || s.categories.length > 0;
    case 'jvm-flags': return s.flags.length >= 3;
    case 'jvm-heap': return s.spaces.length > 0;
    case 'go-memstats': return s.stats.length >= 3 || s.cycles.length > 0;
    case 'proc-status': return s.entries.filter((e) => e.bytes !== undefined).length >= 3;
    case 'smaps-rollup': return s.entries.length >= 3;
    case 'smaps': return s.mappings.length > 0;
    case 'proc-cgroup': return s.entries.length >= 2;
    // Tools' tables: a vmstat N header with two rows, a sar memory report with a row.
    case 'vmstat-table': return (s.vmstatTable?.samples.length ?? 0) >= 2;
    case 'sar-table': return (s.sarTables ?? []).some((t) => t.samples.length > 0);
    default: return false;
  }
}

export const LANGUAGE_IDS = ['meminfo', 'slabinfo', 'memory-stat', 'memory-events', 'pressure', 'vmstat', 'oom-report', 'kmem-snapshot'] as const;
export type LanguageId = (typeof LANGUAGE_IDS)[number];

/**
 * Decides a language for pasted text. Weak evidence (a single `key: 1` line
 * that also reads as YAML) is not enough: a section must have two readable
 * lines, or a strong marker (slabinfo header, PSI line, OOM report).
 */
export function languageFor(parsed: ParsedDocument): LanguageId | undefined {
  const known = parsed.sections.filter((s) => s.kind !== 'unknown');
  if (!known.length) return undefined;
  const lines = parsed.lineCount;
  const covered = known.reduce((t, s) => t + (s.endLine - s.startLine + 1), 0);
  const strong = known.some((s) => s.kind === 'slabinfo' || s.kind === 'pressure' || s.kind === 'oom-report'
    || ('fields' in s && (s.peek !== undefined || s.fields.length >= 3)) || strongEvidence(s));
  if (!strong || covered < Math.min(lines, 3) * 0.5) return undefined;
  const kinds = new Set(known.map((s) => s.kind));
  if (kinds.size === 1 && parsed.sections.length === 1) {
    const k = known[0].kind;
    return (LANGUAGE_IDS as readonly string[]).includes(k) ? (k as LanguageId) : 'kmem-snapshot';
  }
  return 'kmem-snapshot';
}
