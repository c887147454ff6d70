/**
 * The Kubernetes side of a document (issue 11): finds its blocks, parses each
 * into its section, and hides their lines from the kernel-capture splitter.
 */
import type { K8sEvent, K8sEventsSection, KubectlTopSection, KubeletConfigSection, KubeletSummarySection, KubernetesSection, NodeDescribeSection, Problem } from '../../model';
import type { LineSource } from '../lines';
import { readTimestampLine } from '../timestamps';
import { parseDescribe } from './describe';
import { findKubernetesBlocks, mayHaveKubernetes, type KubeBlock } from './detect';
import { evictionEvents, parseEventsTable, parseGetPods, parseKubeletLog } from './events';
import { parseConfigTree, parseFlags } from './kubeletConfig';
import { parseNodeObject } from './nodeObject';
import { parseSummary } from './summary';
import { blockLines } from './text';
import { parseTop } from './top';

export { findKubernetesBlocks, mayHaveKubernetes, type KubeBlock };
export { quantityValue, quantity, k8sValue, millicores, percentValue, isQuantity } from './quantity';

export interface KubernetesPart {
  /** Sections in line order; `index` is set by the caller when merging. */
  sections: KubernetesSection[];
  problems: Problem[];
  /** The lines the splitter must not see (the blocks and their headers). */
  blocks: KubeBlock[];
}

function base(b: KubeBlock) {
  const s: Record<string, unknown> = { index: 0, kind: b.kind, startLine: b.start, endLine: b.end, detectedBy: b.detectedBy };
  if (b.source) s.source = b.source;
  if (b.headerLine !== undefined) s.headerLine = b.headerLine;
  if (b.capturedAt) s.capturedAt = b.capturedAt;
  return s;
}

/** Parses one block into its section. Never throws: a parser error becomes a problem on the block's first line. */
export function parseBlock(lines: LineSource, b: KubeBlock, problems: Problem[]): KubernetesSection {
  const src = blockLines(lines, b.start, b.end);
  try {
    switch (b.kind) {
      case 'kubectl-top': {
        const r = parseTop(src, problems);
        if (!r.rows.length) problems.push({ line: r.tableLine, severity: 'info', message: 'A kubectl top header with no rows under it: nothing to read.' });
        return { ...base(b), ...r } as KubectlTopSection;
      }
      case 'kubelet-summary': return { ...base(b), ...parseSummary(src, problems) } as KubeletSummarySection;
      case 'node-describe': {
        if (b.variant === 'describe') {
          const r = parseDescribe(src, problems);
          for (const e of r.node.events) if (r.node.nodeName && !e.node) e.node = r.node.nodeName;
          return { ...base(b), format: 'describe', ...r.node } as NodeDescribeSection;
        }
        return { ...base(b), format: b.variant, ...parseNodeObject(src, problems) } as NodeDescribeSection;
      }
      case 'kubelet-config': {
        if (b.variant === 'flags') return { ...base(b), format: 'flags', ...parseFlags(src) } as KubeletConfigSection;
        const { configz, ...r } = parseConfigTree(src, problems);
        return { ...base(b), format: configz ? 'configz' : b.variant === 'yaml' ? 'yaml' : 'json', ...r } as KubeletConfigSection;
      }
      case 'k8s-events': default: {
        if (b.variant === 'pod-describe') {
          const r = parseDescribe(src, problems);
          const s = { ...base(b), variant: 'pod-describe', events: r.podEvents } as K8sEventsSection;
          // The command may name what the paste left out: `kubectl -n NS describe pod NAME`.
          const cmd = fromCommand(b.source);
          r.pod.name ??= cmd.pod;
          r.pod.namespace ??= cmd.namespace;
          for (const e of r.podEvents) { if (r.pod.name && !e.pod) e.pod = r.pod.name; if (r.pod.namespace && !e.namespace) e.namespace = r.pod.namespace; }
          const pod: NonNullable<K8sEventsSection['pod']> = { line: r.pod.line, containers: r.pod.containers };
          if (r.pod.name) pod.name = r.pod.name;
          if (r.pod.namespace) pod.namespace = r.pod.namespace;
          if (r.pod.qosClass) pod.qosClass = r.pod.qosClass;
          s.pod = pod;
          return s;
        }
        if (b.variant === 'status-message') {
          // The message may be wrapped over lines; it starts at "The node"; a pod name may stand before it (`-o jsonpath`).
          const first = src[0].text;
          const at = first.search(/The node (?:was low on resource|had condition)/);
          const text = [first.slice(at), ...src.slice(1).map((l) => l.text.trim())].join(' ').replace(/\s+/g, ' ').trim();
          const e: K8sEvent = { line: src[0].line, reason: 'Evicted' };
          const who = /^\s*(\S+)\s+Evicted\s+$/.exec(first.slice(0, at));
          if (who) e.pod = who[1];
          Object.assign(e, fromCommand(b.source));
          return { ...base(b), variant: 'pod-describe', events: evictionEvents(text, e) } as K8sEventsSection;
        }
        const events = b.variant === 'kubelet-log' ? parseKubeletLog(src, problems) : b.variant === 'get-pods' ? parseGetPods(src) : parseEventsTable(src, problems);
        return { ...base(b), variant: b.variant, events } as K8sEventsSection;
      }
    }
  } catch (e) {
    problems.push({ line: b.start, severity: 'warning', message: `This ${b.kind} block could not be read (${(e as Error).message}); please report it.` });
    return { ...base(b), kind: 'k8s-events', variant: 'kubectl-events', events: [] } as unknown as K8sEventsSection;
  }
}

/** The pod and namespace a `kubectl describe pod NAME -n NS` command names. */
export function fromCommand(cmd: string | undefined): { pod?: string; namespace?: string } {
  const out: { pod?: string; namespace?: string } = {};
  if (!cmd || !/\b(?:kubectl|oc|k)\b/.test(cmd)) return out;
  const ns = /(?:^|\s)(?:-n\s*|--namespace[=\s])([a-z0-9][a-z0-9-]*)/.exec(cmd);
  if (ns) out.namespace = ns[1];
  const pod = /\bdescribe\s+(?:pods?|po)(?:\/|\s+)(?:-\S+\s+)*([a-z0-9][\w.-]*)/.exec(cmd.replace(/\s-n\s*\S+/, ''));
  if (pod) out.pod = pod[1];
  return out;
}

/** Every Kubernetes block of the document, parsed; empty (and cheap) when the text has no marker. */
export function parseKubernetes(lines: LineSource): KubernetesPart {
  const problems: Problem[] = [];
  if (!mayHaveKubernetes(lines)) return { sections: [], problems, blocks: [] };
  const blocks = findKubernetesBlocks(lines);
  return { sections: blocks.map((b) => parseBlock(lines, b, problems)), problems, blocks };
}

/**
 * The document as the splitter must see it: each block's first line (its
 * header, when it has one) reads as a fence (a boundary that closes the open
 * section), the rest as blank lines; a date line between header and block stays.
 */
export class MaskedLines implements LineSource {
  readonly length: number;
  private readonly from: Int32Array;
  private readonly start: Int32Array;
  private readonly to: Int32Array;
  constructor(private readonly inner: LineSource, blocks: readonly Pick<KubeBlock, 'start' | 'end' | 'headerLine'>[]) {
    this.length = inner.length;
    this.from = Int32Array.from(blocks, (b) => b.headerLine ?? b.start);
    this.start = Int32Array.from(blocks, (b) => b.start);
    this.to = Int32Array.from(blocks, (b) => b.end);
  }
  get(n: number): string {
    let lo = 0; let hi = this.from.length - 1; let found = -1;
    while (lo <= hi) { const mid = (lo + hi) >> 1; if (this.from[mid] <= n) { found = mid; lo = mid + 1; } else hi = mid - 1; }
    if (found < 0 || n > this.to[found]) return this.inner.get(n);
    if (n === this.from[found]) return '```';
    if (n >= this.start[found]) return '';
    const t = this.inner.get(n);
    return readTimestampLine(t) ? t : '';
  }
}
