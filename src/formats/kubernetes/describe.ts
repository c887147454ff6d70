/**
 * `kubectl describe node` and `kubectl describe pod` (k8s.io/kubectl/pkg/describe
 * describe.go): `Key:  value` lines, indented blocks (Capacity, Allocatable,
 * System Info, Containers) and tabwriter tables (Conditions, Non-terminated Pods,
 * Allocated resources, Events). Partial pastes (one block, elided `...`) are read too.
 */
import type { DescribedPod, K8sEvent, K8sQuantity, NodeCondition, NodeDescribeSection, Problem } from '../../model';
import type { SourceLine } from '../lines';
import { evictionEvents } from './events';
import { isQuantity, percentValue, quantity } from './quantity';
import { cellAt, headerColumns, keyValueLine, span, tokens, type Token } from './text';

/** Top-level keys of describe node and describe pod. */
export const DESCRIBE_KEYS = new Set([
  'Name', 'Namespace', 'Roles', 'Labels', 'Annotations', 'CreationTimestamp', 'Taints', 'Unschedulable', 'Lease', 'Conditions', 'Addresses',
  'Capacity', 'Allocatable', 'System Info', 'PodCIDR', 'PodCIDRs', 'ProviderID', 'Non-terminated Pods', 'Allocated resources', 'Events',
  'Priority', 'Priority Class Name', 'Runtime Class Name', 'Service Account', 'Node', 'Start Time', 'Status', 'Reason', 'Message', 'IP', 'IPs',
  'Controlled By', 'Containers', 'Init Containers', 'Ephemeral Containers', 'QoS Class', 'Node-Selectors', 'Tolerations', 'Volumes', 'Readiness Gates',
  'Last State', 'State', 'Restart Count', 'Limits', 'Requests', 'Environment', 'Mounts', 'Ready', 'Image', 'Image ID', 'Container ID', 'Port', 'Host Port',
  'Args', 'Command', 'Started', 'Finished', 'Exit Code', 'Nominated Node Name', 'Topology Spread Constraints', 'Pod Template', 'Selector', 'Replicas',
]);
export const NODE_KEYS = new Set(['Roles', 'Taints', 'Unschedulable', 'Lease', 'Addresses', 'Capacity', 'Allocatable', 'System Info', 'PodCIDR', 'PodCIDRs', 'ProviderID', 'Non-terminated Pods', 'Allocated resources']);
export const POD_KEYS = new Set(['Namespace', 'Service Account', 'Node', 'Start Time', 'Status', 'IP', 'IPs', 'Controlled By', 'Containers', 'Init Containers', 'QoS Class', 'Node-Selectors', 'Tolerations', 'Volumes', 'Last State', 'State', 'Restart Count', 'Exit Code', 'Message']);
const TABLES = new Set(['Conditions', 'Non-terminated Pods', 'Allocated resources', 'Events']);

/** System Info labels → the nodeInfo field names (k8s.io/api core/v1 NodeSystemInfo). */
const INFO_NAMES: Record<string, string> = {
  'Machine ID': 'machineID', 'System UUID': 'systemUUID', 'Boot ID': 'bootID', 'Kernel Version': 'kernelVersion', 'OS Image': 'osImage',
  'Operating System': 'operatingSystem', Architecture: 'architecture', 'Container Runtime Version': 'containerRuntimeVersion',
  'Kubelet Version': 'kubeletVersion', 'Kube-Proxy Version': 'kubeProxyVersion',
};

export interface PodContainer { name: string; line: number; memoryRequests?: K8sQuantity; memoryLimits?: K8sQuantity; restartCount?: number; init?: boolean }
export interface DescribeResult {
  node: Pick<NodeDescribeSection, 'nodeName' | 'nodeNameLine' | 'capacity' | 'allocatable' | 'conditions' | 'allocated' | 'pods' | 'events' | 'systemInfo'>;
  pod: { name?: string; namespace?: string; qosClass?: string; line: number; containers: PodContainer[] };
  /** Events of describe pod: terminated states and the Events table. */
  podEvents: K8sEvent[];
  /** Top-level keys seen, to tell node from pod. */
  keys: Set<string>;
}

/** `290Mi (7%)` pairs of a resource table row, from token `from` on. */
function amountPairs(l: SourceLine, t: Token[], from: number): { q: K8sQuantity; percent?: number }[] {
  const out: { q: K8sQuantity; percent?: number }[] = [];
  for (let i = from; i < t.length; i++) {
    if (!isQuantity(t[i].text)) continue;
    const q = quantity(t[i].text, span(l, t[i].start, t[i].end));
    const p = t[i + 1] && /^\(\d+(?:\.\d+)?%\)$/.test(t[i + 1].text) ? percentValue(t[i + 1].text) : undefined;
    if (p !== undefined) i++;
    out.push(p !== undefined ? { q, percent: p } : { q });
  }
  return out;
}

function eventCount(age: string): number | undefined {
  const m = /\(x(\d+) over /.exec(age);
  return m ? Number(m[1]) : undefined;
}

export function parseDescribe(src: SourceLine[], problems: Problem[]): DescribeResult {
  const r: DescribeResult = {
    node: { capacity: {}, allocatable: {}, conditions: [], pods: [], events: [], systemInfo: {} },
    pod: { line: src[0]?.line ?? 0, containers: [] }, podEvents: [], keys: new Set(),
  };
  let top = '';
  const stack: { indent: number; key: string; value?: string }[] = [];
  let table: { cols: Token[]; header: SourceLine } | undefined;
  let container: PodContainer | undefined;
  let state: { kind: 'last' | 'current'; terminated: boolean; event?: K8sEvent } | undefined;
  for (const l of src) {
    const text = l.text;
    if (!text.trim() || /^\s*(?:\.\s*){2,}$/.test(text)) continue;
    const indent = text.length - text.trimStart().length;
    const kv = keyValueLine(text);
    if (indent === 0 && kv && DESCRIBE_KEYS.has(kv.key.text)) {
      top = kv.key.text;
      r.keys.add(top);
      stack.length = 0;
      table = undefined;
      if (top !== 'Last State' && top !== 'State') state = undefined;
    } else if (indent === 0 && !kv) { top = ''; continue; }
    if (TABLES.has(top) && indent > 0) { readTableLine(r, top, l, () => table, (t) => { table = t; }, problems); continue; }
    if (TABLES.has(top) && indent === 0 && top === 'Events' && kv?.value?.text === '<none>') continue;
    if (!kv) continue;
    while (stack.length && stack[stack.length - 1].indent >= indent) stack.pop();
    const parent = stack[stack.length - 1]?.key;
    stack.push({ indent, key: kv.key.text, value: kv.value?.text });
    const key = kv.key.text;
    const value = kv.value;
    const vspan = value ? span(l, value.start, value.end) : undefined;
    if (stack.length === 1) {
      if (key === 'Name' && value) { r.node.nodeName = value.text; r.node.nodeNameLine = l.line; r.pod.name = value.text; r.pod.line = l.line; }
      else if (key === 'Namespace' && value) r.pod.namespace = value.text;
      else if (key === 'QoS Class' && value) r.pod.qosClass = value.text;
      else if (key === 'Message' && value && /low on resource|had condition|exceeds its request/.test(value.text)) {
        r.podEvents.push(...evictionEvents(value.text, { line: l.line, reason: 'Evicted' }));
      }
    }
    if ((top === 'Capacity' || top === 'Allocatable') && indent > 0 && value && vspan) {
      const q = { ...quantity(value.text, vspan), line: l.line };
      (top === 'Capacity' ? r.node.capacity : r.node.allocatable)[key] = q;
      if (!Number.isFinite(q.bytes)) problems.push({ line: l.line, start: vspan.start, end: vspan.end, severity: 'warning', message: `${top} ${key}: \`${value.text}\` is not a Kubernetes quantity (16393216Ki, 16Gi).` });
    } else if (top === 'System Info' && indent > 0 && value) {
      r.node.systemInfo[INFO_NAMES[key] ?? key.replace(/[\s-]+(\w)/g, (_m, c: string) => c.toUpperCase()).replace(/^\w/, (c) => c.toLowerCase())] = { value: value.text, line: l.line };
    } else if ((parent === 'Containers' || parent === 'Init Containers' || parent === 'Ephemeral Containers') && !value) {
      container = { name: key, line: l.line };
      if (parent === 'Init Containers') container.init = true;
      r.pod.containers.push(container);
      state = undefined;
    } else if (key === 'State' || key === 'Last State') {
      state = { kind: key === 'State' ? 'current' : 'last', terminated: value?.text === 'Terminated' };
    } else if ((parent === 'State' || parent === 'Last State') && state?.terminated) {
      if (key === 'Reason' && value) {
        state.event = { line: l.line, reason: value.text, state: state.kind };
        if (container) state.event.container = container.name;
        if (container?.init) state.event.initContainer = true;
        if (r.pod.name) state.event.pod = r.pod.name;
        if (r.pod.namespace) state.event.namespace = r.pod.namespace;
        r.podEvents.push(state.event);
      } else if ((key === 'Started' || key === 'Finished') && value && state.event) {
        if (key === 'Started') state.event.started = value.text; else state.event.finished = value.text;
      } else if (key === 'Exit Code' && value && /^-?\d+$/.test(value.text)) {
        if (state.event) state.event.exitCode = Number(value.text);
        else { state.event = { line: l.line, reason: 'Terminated', state: state.kind, exitCode: Number(value.text), ...(container ? { container: container.name } : {}) }; r.podEvents.push(state.event); }
      }
    } else if (key === 'Restart Count' && value && container && /^\d+$/.test(value.text)) {
      container.restartCount = Number(value.text);
    } else if (key === 'memory' && (parent === 'Limits' || parent === 'Requests') && value && vspan && container) {
      const q = quantity(value.text, vspan);
      if (parent === 'Limits') container.memoryLimits = q; else container.memoryRequests = q;
    }
  }
  return r;
}

function readTableLine(r: DescribeResult, top: string, l: SourceLine, getTable: () => { cols: Token[]; header: SourceLine } | undefined, setTable: (t: { cols: Token[]; header: SourceLine }) => void, problems: Problem[]): void {
  const text = l.text;
  if (/^\s*\(Total limits may be over 100 percent/.test(text)) return;
  if (/^\s*-{2,}(\s+-{2,})*\s*$/.test(text)) return;
  const table = getTable();
  if (!table) { setTable({ cols: headerColumns(text), header: l }); return; }
  const cols = table.cols;
  const names = cols.map((c) => c.text);
  const t = tokens(text);
  if (top === 'Conditions') {
    const at = (n: string) => { const i = names.indexOf(n); return i >= 0 ? cellAt(text, cols, i)?.text : undefined; };
    const c: NodeCondition = { type: at('Type') ?? t[0]?.text ?? '?', status: at('Status') ?? t[1]?.text ?? '?', line: l.line };
    const reason = at('Reason'); if (reason) c.reason = reason;
    const message = at('Message'); if (message) c.message = message;
    r.node.conditions.push(c);
  } else if (top === 'Non-terminated Pods') {
    if (!names.some((n) => /^Memory Requests$/i.test(n))) return;
    const first = t.findIndex((x, i) => i > 0 && isQuantity(x.text) && /^\(\d+(?:\.\d+)?%\)$/.test(t[i + 1]?.text ?? ''));
    if (first < 1) { problems.push({ line: l.line, severity: 'info', message: 'This row of Non-terminated Pods does not read as NAMESPACE NAME and request/limit pairs: not read.' }); return; }
    const pairs = amountPairs(l, t, first);
    const p: DescribedPod = { name: t[first - 1].text, line: l.line };
    if (first >= 2) p.namespace = t[0].text;
    const mi = names.findIndex((n) => /^Memory Requests$/i.test(n));
    const ci = names.findIndex((n) => /^CPU Requests$/i.test(n));
    const off = ci >= 0 && mi > ci ? mi - ci : 2;
    if (pairs[off]) p.memoryRequests = pairs[off].q;
    if (pairs[off + 1]) p.memoryLimits = pairs[off + 1].q;
    r.node.pods.push(p);
  } else if (top === 'Allocated resources') {
    const old = names[0] === 'CPU Requests' && names.includes('Memory Requests');
    if (!old && t[0]?.text !== 'memory') return;
    const pairs = amountPairs(l, t, old ? 0 : 1);
    const off = old ? names.indexOf('Memory Requests') : 0;
    const a: NonNullable<NodeDescribeSection['allocated']> = { line: l.line };
    if (pairs[off]) { a.requests = pairs[off].q; if (pairs[off].percent !== undefined) a.requestsPercent = pairs[off].percent; }
    if (pairs[off + 1]) { a.limits = pairs[off + 1].q; if (pairs[off + 1].percent !== undefined) a.limitsPercent = pairs[off + 1].percent; }
    r.node.allocated = a;
  } else if (top === 'Events') {
    const lower = names.map((n) => n.toLowerCase().replace(/\s+/g, ''));
    const at = (...ns: string[]) => { for (const n of ns) { const i = lower.indexOf(n); if (i >= 0) { const c = cellAt(text, cols, i); if (c) return c.text; } } return undefined; };
    const reason = at('reason');
    if (!reason) return;
    const e: K8sEvent = { line: l.line, reason };
    const type = at('type'); if (type) e.type = type;
    const age = at('age', 'lastseen'); if (age) { e.time = age; const n = eventCount(age) ?? (at('count') ? Number(at('count')) : undefined); if (n !== undefined && Number.isFinite(n)) e.count = n; }
    const message = at('message');
    for (const x of message ? evictionEvents(message, e) : [e]) { r.node.events.push(x); r.podEvents.push(x); }
  }
}
