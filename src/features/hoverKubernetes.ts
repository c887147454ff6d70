/** Hover text for a line of a Kubernetes section: the entry under the cursor and its value in human units. */
import { hitAt, type K8sHit } from '../formats/kubernetes/hits';
import { formatBytes as B, formatCount as N } from '../humanFormat';
import { lookupKnowledge, type KnowledgeEntry } from '../knowledge';
import type { K8sEvent } from '../model';

type EntryText = (e: KnowledgeEntry | undefined, name: string) => string[];

function valueLine(h: K8sHit): string | undefined {
  const parts: string[] = [];
  if (h.bytes !== undefined && Number.isFinite(h.bytes)) parts.push(`**${B(h.bytes)}**${h.raw ? ` — \`${h.raw}\`` : ''}${h.bytes >= 1024 ? ` (${N(h.bytes)} bytes)` : ''}`);
  else if (h.percent !== undefined) parts.push(`**${h.percent} %**`);
  else if (h.raw) parts.push(`\`${h.raw}\``);
  if (h.percent !== undefined && h.bytes !== undefined) parts.push(`${h.percent} % of allocatable`);
  if (h.owner) parts.push(`— ${h.owner}`);
  return parts.length ? parts.join(' ') : undefined;
}

function eventLines(e: K8sEvent): string[] {
  const out: string[] = [];
  const who = [e.namespace && e.pod ? `${e.namespace}/${e.pod}` : e.pod, e.container ? `container ${e.container}` : undefined, e.node ? `node ${e.node}` : undefined].filter(Boolean).join(' · ');
  if (who) out.push(who);
  const nums: string[] = [];
  if (e.signal) nums.push(`signal \`${e.signal}\``);
  if (e.thresholdBytes !== undefined) nums.push(`threshold **${B(e.thresholdBytes)}**`);
  if (e.observedBytes !== undefined) nums.push(`available **${B(e.observedBytes)}**`);
  if (e.capacityBytes !== undefined) nums.push(`capacity ${B(e.capacityBytes)}`);
  if (e.usageBytes !== undefined) nums.push(`container using **${B(e.usageBytes)}**`);
  if (e.requestBytes !== undefined) nums.push(`request ${e.requestBytes ? B(e.requestBytes) : '0 (none)'}`);
  if (e.exitCode !== undefined) nums.push(`exit code ${e.exitCode}${e.exitCode === 137 ? ' (SIGKILL)' : ''}`);
  if (e.count !== undefined) nums.push(`seen ${e.count}×`);
  if (e.ranked?.length) nums.push(`ranked: ${e.ranked.slice(0, 5).map((p) => `\`${p}\``).join(', ')}${e.ranked.length > 5 ? ' …' : ''}`);
  if (nums.length) out.push(nums.join(' · '));
  return out;
}

export function kubernetesHover(hits: K8sHit[], character: number, entryText: EntryText): { contents: string; span: K8sHit['span'] } | undefined {
  const h = hitAt(hits, character) ?? (hits.some((x) => x.event) ? hits.find((x) => x.event) : undefined);
  if (!h) return undefined;
  const e = lookupKnowledge(h.kind, h.key) ?? (h.key.includes('.') ? lookupKnowledge(h.kind, h.key.split('.').pop()!) : undefined);
  const [head, ...rest] = entryText(e, h.key);
  const out = [head];
  const v = h.event ? undefined : valueLine(h);
  if (v) out.push('', v);
  if (h.event) out.push('', ...eventLines(h.event));
  out.push(...rest);
  const span = h.span.end >= 1 << 20 ? { ...h.span, end: h.span.start } : h.span;
  return { contents: out.join('\n'), span };
}
