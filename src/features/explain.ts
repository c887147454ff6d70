/** Knowledge entries as Markdown, for the "Explain Field…" command. */
import type { KnowledgeEntry } from '../knowledge';

export function explainMarkdown(name: string, hits: { kind: string; entry: KnowledgeEntry }[]): string {
  if (!hits.length) return `# ${name}\n\nNothing known about this name. Try a meminfo field (MemAvailable), a memory.stat key (inactive_file), a vmstat counter (pgmajfault) or a slab cache (dentry).\n`;
  return hits.map(({ kind, entry: e }) => [
    `# ${e.name} — ${e.title}`, '', `*${kind}*`, '', e.what,
    ...(e.kubernetes ? ['', `**Kubernetes:** ${e.kubernetes}`] : []),
    ...(e.worry ? ['', `**Worry when:** ${e.worry}`] : []),
    ...(e.rules?.length ? ['', `**Rules:** ${e.rules.map((r) => `\`${r}\``).join(', ')}`] : []),
    '', `*${e.since ? `Since kernel ${e.since} · ` : ''}Source: ${e.source}*`,
  ].join('\n')).join('\n\n---\n\n') + '\n';
}
