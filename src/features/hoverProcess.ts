/**
 * Hover text for a line of a process section (issue 14): the knowledge entry of the key or value
 * under the cursor, the value in human units beside the text as printed, and the sums that
 * explain it (VmRSS's parts, an smaps group, an NMT category's share, HeapIdle − HeapReleased).
 */
import { isProcessSection } from '../formats/process';
import { processHitAt, processHits, smapsLineHits, type ProcessHit } from '../formats/process/hits';
import { formatBytes as B, formatCount as N } from '../humanFormat';
import { lookupKnowledge, type KnowledgeEntry } from '../knowledge';
import type { ProcessSection, Section, Span } from '../model';

type EntryText = (e: KnowledgeEntry | undefined, name: string) => string[];

const cache = new WeakMap<object, Map<number, ProcessHit[]>>();

/** The hits on `line` of a process section (built once per section; smaps lines read on demand). */
export function processLineHits(s: Section, line: number, lineText: string): ProcessHit[] {
  if (!isProcessSection(s)) return [];
  if (s.kind === 'smaps') return smapsLineHits(s, line, lineText);
  let byLine = cache.get(s);
  if (!byLine) {
    byLine = new Map();
    for (const h of processHits(s as ProcessSection)) {
      const cur = byLine.get(h.span.line);
      if (cur) cur.push(h); else byLine.set(h.span.line, [h]);
    }
    cache.set(s, byLine);
  }
  return byLine.get(line) ?? [];
}

function valueLine(h: ProcessHit): string | undefined {
  const parts: string[] = [];
  const raw = h.raw !== undefined && h.raw !== '' ? `\`${h.raw.length > 80 ? `${h.raw.slice(0, 80)}…` : h.raw}\`` : '';
  if (h.bytes !== undefined && Number.isFinite(h.bytes)) parts.push(`**${B(h.bytes)}**${raw ? ` — ${raw}${h.unit && h.unit !== 'bytes' && !/[A-Za-z]$/.test(h.raw ?? '') ? ` ${h.unit === 'kB' ? 'KiB' : h.unit}` : ''}` : ''}${h.bytes >= 1024 ? ` (${N(h.bytes)} bytes)` : ''}`);
  else if (h.count !== undefined && Number.isFinite(h.count)) parts.push(`**${N(h.count)}**${h.unit === 'ns' ? ' ns' : ''}`);
  else if (h.percent !== undefined) parts.push(`**${h.percent} %**`);
  else if (raw) parts.push(raw);
  if (h.percent !== undefined && (h.bytes !== undefined || h.count !== undefined)) parts.push(`(${h.percent} %)`);
  if (h.delta !== undefined) parts.push(`· ${h.delta >= 0 ? '+' : '−'}${h.bytes !== undefined ? B(Math.abs(h.delta)) : N(Math.abs(h.delta))} since the baseline`);
  if (h.owner) parts.push(`— ${h.owner}`);
  return parts.length ? parts.join(' ') : undefined;
}

export function processHover(s: Section, line: number, character: number, lineText: string, entryText: EntryText): { contents: string; span: Span } | undefined {
  const hits = processLineHits(s, line, lineText);
  const h = processHitAt(hits, character) ?? hits.find((x) => x.span.end >= 1 << 20);
  if (!h) return undefined;
  const e = lookupKnowledge(h.kind, h.key);
  const [head, ...rest] = entryText(e, h.label ?? h.key);
  const out = [h.label && h.label !== h.key && e ? `${head} · \`${h.label}\`` : head];
  const v = valueLine(h);
  if (v) out.push('', v);
  for (const n of h.notes ?? []) out.push('', n);
  out.push(...rest);
  const span = h.span.end >= 1 << 20 ? { ...h.span, start: 0, end: lineText.trimEnd().length } : h.span;
  return { contents: out.join('\n'), span };
}
