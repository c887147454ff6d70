/** `kmemlens explain`: a knowledge entry as terminal text. */
import type { KnowledgeEntry } from '../knowledge';

export function renderExplain(kind: string, e: KnowledgeEntry): string {
  const lines = [`${e.name} — ${e.title}  (${kind})`, '', `  ${e.what}`];
  if (e.kubernetes) lines.push('', `  Kubernetes: ${e.kubernetes}`);
  if (e.worry) lines.push('', `  Worry when: ${e.worry}`);
  if (e.rules?.length) lines.push('', `  Rules: ${e.rules.join(', ')}`);
  lines.push('', `  ${e.since ? `Since kernel ${e.since}. ` : ''}Source: ${e.source}`, '');
  return lines.join('\n');
}
