/**
 * The kubelet Summary API (`/stats/summary`, k8s.io/kubelet/pkg/apis/stats/v1alpha1
 * types.go): the node's memory, its system containers (kubelet, runtime, pods,
 * misc) and every pod's and container's memory. Also a lone MemoryStats object
 * (`jq .node.memory`).
 */
import type { K8sMemoryStats, KubeletSummarySection, Problem, SummaryContainer, SummaryPod } from '../../model';
import type { SourceLine } from '../lines';
import { asMap, asSeq, get, getPair, nodeLine, nodeSpan, pairs, readTree, scalarNumber, scalarString, type Tree } from './tree';

export const MEMORY_KEYS = ['time', 'availableBytes', 'usageBytes', 'workingSetBytes', 'rssBytes', 'pageFaults', 'majorPageFaults'] as const;

export type SummaryFields = Pick<KubeletSummarySection, 'nodeName' | 'node' | 'systemContainers' | 'pods'>;

function memoryStats(t: Tree, pairNode: { key: unknown; value: unknown } | undefined): K8sMemoryStats | undefined {
  const m = asMap(pairNode?.value);
  if (!m) return undefined;
  const stats: K8sMemoryStats = { line: nodeLine(t, pairNode?.key) ?? nodeLine(t, m) ?? 0, spans: {}, keySpans: {} };
  for (const { key, pair } of pairs(m)) {
    const vs = nodeSpan(t, pair.value);
    const ks = nodeSpan(t, pair.key);
    if (key === 'time') { const s = scalarString(pair.value); if (s) stats.time = s; }
    else if ((MEMORY_KEYS as readonly string[]).includes(key)) {
      const n = scalarNumber(t, pair.value);
      if (n === undefined) continue;
      (stats as unknown as Record<string, number>)[key] = n;
    } else continue;
    if (vs) stats.spans[key] = vs;
    if (ks) stats.keySpans![key] = ks;
  }
  return stats;
}

function containers(t: Tree, seq: unknown): SummaryContainer[] {
  const out: SummaryContainer[] = [];
  for (const item of asSeq(seq)?.items ?? []) {
    const m = asMap(item);
    if (!m) continue;
    const c: SummaryContainer = { name: scalarString(get(m, 'name')) ?? '?', line: nodeLine(t, getPair(m, 'name')?.key) ?? nodeLine(t, m) ?? 0 };
    const mem = memoryStats(t, getPair(m, 'memory'));
    if (mem) c.memory = mem;
    out.push(c);
  }
  return out;
}

/** True when a JSON object's keys say Summary API: `node` with nodeName/systemContainers, `pods` with podRef, or a MemoryStats object. */
export function looksLikeSummary(text: string): boolean {
  return (/"node"\s*:/.test(text) && /"(?:nodeName|systemContainers)"\s*:/.test(text)) || /"podRef"\s*:/.test(text)
    || (/"workingSetBytes"\s*:/.test(text) && /"(?:usageBytes|availableBytes)"\s*:/.test(text));
}

export function parseSummary(src: SourceLine[], problems: Problem[]): SummaryFields {
  const t = readTree(src, 'This kubelet Summary API output');
  problems.push(...t.problems);
  const out: SummaryFields = { systemContainers: [], pods: [] };
  const root = asMap(t.root);
  if (!root) return out;
  const node = asMap(get(root, 'node'));
  if (node) {
    const name = scalarString(get(node, 'nodeName'));
    if (name) out.nodeName = name;
    const mem = memoryStats(t, getPair(node, 'memory'));
    if (mem) out.node = mem;
    out.systemContainers = containers(t, get(node, 'systemContainers'));
  } else if (get(root, 'workingSetBytes') !== undefined || get(root, 'usageBytes') !== undefined) {
    // `jq .node.memory` (or any one MemoryStats): read as the node's.
    const mem = memoryStats(t, { key: undefined, value: root });
    if (mem) out.node = mem;
  }
  for (const item of asSeq(get(root, 'pods'))?.items ?? []) {
    const m = asMap(item);
    if (!m) continue;
    const ref = asMap(get(m, 'podRef'));
    const pod: SummaryPod = { name: scalarString(get(ref, 'name')) ?? '?', line: nodeLine(t, getPair(ref, 'name')?.key) ?? nodeLine(t, m) ?? 0, containers: containers(t, get(m, 'containers')) };
    const ns = scalarString(get(ref, 'namespace'));
    if (ns) pod.namespace = ns;
    const uid = scalarString(get(ref, 'uid'));
    if (uid) pod.uid = uid;
    const mem = memoryStats(t, getPair(m, 'memory'));
    if (mem) pod.memory = mem;
    out.pods.push(pod);
  }
  return out;
}
