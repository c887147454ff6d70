/** `kubectl get node NAME -o yaml` / `-o json` (k8s.io/api core/v1 Node): the status a describe prints, as the API holds it. */
import type { NodeCondition, NodeDescribeSection, Problem } from '../../model';
import type { SourceLine } from '../lines';
import { quantity } from './quantity';
import { asMap, asSeq, get, getPair, nodeLine, nodeSpan, pairs, readTree, scalarString, type YNode } from './tree';

export type NodeFields = Pick<NodeDescribeSection, 'nodeName' | 'nodeNameLine' | 'capacity' | 'allocatable' | 'conditions' | 'pods' | 'events' | 'systemInfo'>;

/** True for JSON/YAML text of a Node object (or a List of them). */
export function looksLikeNodeObject(text: string): boolean {
  return /(?:^|\n)\s*"?kind"?\s*:\s*"?Node"?\s*,?\s*(?:\n|$)/.test(text) && /"?(?:allocatable|capacity|nodeInfo)"?\s*:/.test(text);
}

export function parseNodeObject(src: SourceLine[], problems: Problem[]): NodeFields {
  const t = readTree(src, 'This Node object');
  problems.push(...t.problems);
  const out: NodeFields = { capacity: {}, allocatable: {}, conditions: [], pods: [], events: [], systemInfo: {} };
  let root = asMap(t.root);
  // `kubectl get nodes -o yaml`: a List; its first Node is read.
  const items = asSeq(get(root, 'items'));
  if (items) root = asMap(items.items.find((i) => scalarString(get(asMap(i), 'kind')) === 'Node') ?? items.items[0]);
  if (!root) return out;
  const meta = asMap(get(root, 'metadata'));
  const namePair = getPair(meta, 'name');
  const name = scalarString(namePair?.value);
  if (name) { out.nodeName = name; out.nodeNameLine = nodeLine(t, namePair!.key) ?? 0; }
  const status = asMap(get(root, 'status'));
  for (const which of ['capacity', 'allocatable'] as const) {
    for (const { key, pair } of pairs(asMap(get(status, which)))) {
      const raw = scalarString(pair.value);
      const sp = nodeSpan(t, pair.value);
      if (raw === undefined || !sp) continue;
      const q = { ...quantity(raw, sp), line: nodeLine(t, pair.key) ?? sp.line };
      out[which][key] = q;
      if (!Number.isFinite(q.bytes)) problems.push({ line: sp.line, start: sp.start, end: sp.end, severity: 'warning', message: `status.${which}.${key}: \`${raw}\` is not a Kubernetes quantity.` });
    }
  }
  for (const item of asSeq(get(status, 'conditions'))?.items ?? []) {
    const m = asMap(item);
    if (!m) continue;
    const typePair = getPair(m, 'type');
    const c: NodeCondition = { type: scalarString(typePair?.value) ?? '?', status: scalarString(get(m, 'status')) ?? '?', line: nodeLine(t, typePair?.key) ?? nodeLine(t, m as unknown as YNode) ?? 0 };
    const reason = scalarString(get(m, 'reason')); if (reason) c.reason = reason;
    const message = scalarString(get(m, 'message')); if (message) c.message = message;
    out.conditions.push(c);
  }
  for (const { key, pair } of pairs(asMap(get(status, 'nodeInfo')))) {
    const v = scalarString(pair.value);
    if (v !== undefined) out.systemInfo[key] = { value: v, line: nodeLine(t, pair.key) ?? 0 };
  }
  return out;
}
