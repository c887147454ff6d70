/**
 * JSON and YAML with source ranges (the `yaml` package reads both: JSON is
 * YAML's flow style). A truncated paste still yields what was read before the
 * break, and the break becomes a problem on its line.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YNode, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { Problem, Span } from '../../model';
import type { SourceLine } from '../lines';
import { OffsetMap } from './text';

export type { YNode };

export interface Tree {
  root: YNode | null;
  map: OffsetMap;
  problems: Problem[];
  /** Offset from which the text may be cut (a truncated paste): scalars ending there are not trusted. */
  cutAt?: number;
}

export function readTree(src: SourceLine[], what: string): Tree {
  const map = new OffsetMap(src);
  const problems: Problem[] = [];
  let root: YNode | null = null;
  let cutAt: number | undefined;
  try {
    const doc = parseDocument(map.text, { lineCounter: new LineCounter(), prettyErrors: false, strict: false, uniqueKeys: false, keepSourceTokens: false });
    root = (doc.contents as YNode | null) ?? null;
    const first = doc.errors[0];
    if (first) {
      const at = Math.min(first.pos[0], Math.max(0, map.text.length - 1));
      const sp = map.span(at, first.pos[1]);
      const cut = first.code === 'MISSING_CHAR' || first.code === 'BAD_INDENT' || first.code === 'UNEXPECTED_TOKEN' ? ' (a cut or garbled paste?)' : '';
      problems.push({ line: sp.line, start: sp.start, end: Math.max(sp.end, sp.start + 1), severity: 'warning', message: `${what} stops being valid ${/^\s*[{[]/.test(map.text) ? 'JSON' : 'YAML'} here${cut}: ${first.message.split('\n')[0]}. What was read before this point is kept.` });
      cutAt = first.pos[0];
    }
  } catch (e) {
    problems.push({ line: src[0]?.line ?? 0, severity: 'warning', message: `${what} could not be read: ${(e as Error).message}` });
  }
  return { root, map, problems, cutAt };
}

export function asMap(n: unknown): YAMLMap | undefined { return isMap(n) ? n : undefined; }
export function asSeq(n: unknown): YAMLSeq | undefined { return isSeq(n) ? n : undefined; }

/** The pairs of a map with a plain key text. */
export function pairs(m: YAMLMap | undefined): { key: string; pair: Pair<unknown, unknown> }[] {
  if (!m) return [];
  const out: { key: string; pair: Pair<unknown, unknown> }[] = [];
  for (const p of m.items as Pair<unknown, unknown>[]) {
    const k = isScalar(p.key) ? String(p.key.value) : undefined;
    if (k !== undefined) out.push({ key: k, pair: p });
  }
  return out;
}

export function get(m: YAMLMap | undefined, key: string): unknown {
  if (!m) return undefined;
  for (const p of m.items as Pair<unknown, unknown>[]) if (isScalar(p.key) && String(p.key.value) === key) return p.value;
  return undefined;
}

export function getPair(m: YAMLMap | undefined, key: string): Pair<unknown, unknown> | undefined {
  if (!m) return undefined;
  for (const p of m.items as Pair<unknown, unknown>[]) if (isScalar(p.key) && String(p.key.value) === key) return p;
  return undefined;
}

export function scalarString(n: unknown): string | undefined {
  return isScalar(n) && n.value !== null && n.value !== undefined ? String(n.value) : undefined;
}

/** A number scalar (or a string of digits), unless the paste may have cut it. */
export function scalarNumber(t: Tree, n: unknown): number | undefined {
  if (!isScalar(n)) return undefined;
  if (t.cutAt !== undefined && n.range && n.range[1] >= t.cutAt && n.range[1] >= t.map.text.trimEnd().length) return undefined;
  const v = typeof n.value === 'number' ? n.value : typeof n.value === 'string' && /^\d+$/.test(n.value) ? Number(n.value) : NaN;
  return Number.isFinite(v) ? v : undefined;
}

export function nodeSpan(t: Tree, n: unknown): Span | undefined {
  const r = (n as YNode | null | undefined)?.range;
  return r ? t.map.span(r[0], r[1]) : undefined;
}

export function nodeLine(t: Tree, n: unknown): number | undefined {
  const r = (n as YNode | null | undefined)?.range;
  return r ? t.map.line(r[0]) : undefined;
}

/** The raw text of a node's source (a flow collection, a list), one line at most. */
export function nodeText(t: Tree, n: unknown): string {
  if (isScalar(n)) return n.value === null ? '' : String(n.value);
  if (isSeq(n)) return n.items.map((i) => nodeText(t, i)).join(',');
  if (isMap(n) && !n.items.length) return '{}';
  const r = (n as YNode | null | undefined)?.range;
  return r ? t.map.text.slice(r[0], r[1]).split('\n')[0].trim() : '';
}
