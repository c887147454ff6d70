/** Which language id fits a text: one kind → that kind's language, several → kmem-snapshot. */
import type { ParsedDocument } from '../model';

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
    || ('fields' in s && (s.peek !== undefined || s.fields.length >= 3)));
  if (!strong || covered < Math.min(lines, 3) * 0.5) return undefined;
  const kinds = new Set(known.map((s) => s.kind));
  if (kinds.size === 1 && parsed.sections.length === 1) {
    const k = known[0].kind;
    return (LANGUAGE_IDS as readonly string[]).includes(k) ? (k as LanguageId) : 'kmem-snapshot';
  }
  return 'kmem-snapshot';
}
