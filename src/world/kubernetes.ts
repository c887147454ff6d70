/**
 * The Kubernetes side of the captured world (issue 11): what kubectl and the
 * kubelet printed about the node, put together once so that the reconciliation
 * and the rules read one picture. Pods are keyed by `namespace/name` (the
 * namespace is '' when the output does not print one) and merged from every
 * source that names them: the Summary API, `kubectl top pod`, describe node's
 * pod table, `kubectl describe pod`, and events.
 */
import type { K8sEvent, K8sEventsSection, K8sQuantity, KubectlTopSection, KubeletConfigSection, KubeletSummarySection, NodeDescribeSection, Section, SummaryContainer, TopRow } from '../model';

export interface PodView {
  key: string;
  namespace?: string;
  name: string;
  uid?: string;
  /** Working set: the Summary API's pod memory, else the sum of `kubectl top pod` rows. */
  workingSetBytes?: number;
  workingSetFrom?: 'summary' | 'kubectl-top';
  workingSetLine?: number;
  usageBytes?: number;
  rssBytes?: number;
  requestsBytes?: number;
  limitsBytes?: number;
  /** Line of the limit (describe node's pod table, or describe pod's Limits). */
  limitLine?: number;
  qosClass?: string;
  /** Each container's working set, from the Summary API or `kubectl top pod --containers`. */
  containers: { name: string; workingSetBytes?: number; rssBytes?: number; line: number }[];
  /** OOMKilled / Evicted / OOMKilling events and terminated states naming this pod. */
  events: K8sEvent[];
}

export interface KubernetesWorld {
  /** `kubectl top node` rows, `kubectl top pod` rows (the last table of each kind wins). */
  topNodes: { section: KubectlTopSection; row: TopRow }[];
  topPods?: KubectlTopSection;
  summary?: KubeletSummarySection;
  node?: NodeDescribeSection;
  config?: KubeletConfigSection;
  /** Every event or event-like line, with the section it is in. */
  events: { section: number; event: K8sEvent }[];
  pods: Map<string, PodView>;
  /** Indexes of every Kubernetes section. */
  sections: number[];
}

const K8S_KINDS = new Set(['kubectl-top', 'kubelet-summary', 'node-describe', 'kubelet-config', 'k8s-events']);

export function isKubernetesSection(s: Section): boolean {
  return K8S_KINDS.has(s.kind);
}

const bytesOfQ = (q: K8sQuantity | undefined) => (q && Number.isFinite(q.bytes) ? q.bytes : undefined);

export function buildKubernetesWorld(sections: Section[]): KubernetesWorld | undefined {
  const w: KubernetesWorld = { topNodes: [], events: [], pods: new Map(), sections: [] };
  for (const s of sections) {
    if (!isKubernetesSection(s)) continue;
    w.sections.push(s.index);
    switch (s.kind) {
      case 'kubectl-top':
        if (s.target === 'node') w.topNodes = s.rows.map((row) => ({ section: s, row }));
        else w.topPods = s;
        break;
      case 'kubelet-summary': w.summary = s; break;
      case 'node-describe':
        w.node = s;
        for (const e of s.events) w.events.push({ section: s.index, event: e });
        break;
      case 'kubelet-config': w.config = s; break;
      case 'k8s-events':
        for (const e of s.events) w.events.push({ section: s.index, event: e });
        break;
    }
  }
  if (!w.sections.length) return undefined;
  collectPods(w, sections);
  return w;
}

function podOf(w: KubernetesWorld, namespace: string | undefined, name: string): PodView {
  // A pod named without its namespace matches the one pod of that name in any namespace.
  const key = `${namespace ?? ''}/${name}`;
  let p = w.pods.get(key);
  if (!p && namespace === undefined) p = [...w.pods.values()].find((x) => x.name === name);
  if (!p && namespace !== undefined) {
    const bare = w.pods.get(`/${name}`);
    if (bare) { w.pods.delete(`/${name}`); bare.key = key; bare.namespace = namespace; w.pods.set(key, bare); p = bare; }
  }
  if (!p) { p = { key, namespace, name, containers: [], events: [] }; w.pods.set(key, p); }
  return p;
}

const containerWs = (c: SummaryContainer) => ({ name: c.name, workingSetBytes: c.memory?.workingSetBytes, rssBytes: c.memory?.rssBytes, line: c.memory?.line ?? c.line });

function collectPods(w: KubernetesWorld, sections: Section[]): void {
  for (const sp of w.summary?.pods ?? []) {
    const p = podOf(w, sp.namespace, sp.name);
    p.uid = sp.uid ?? p.uid;
    const m = sp.memory;
    // A pod's memory is its cgroup's; older kubelets leave it out, and the containers' sum stands in.
    const ws = m?.workingSetBytes ?? (sp.containers.length && sp.containers.every((c) => c.memory?.workingSetBytes !== undefined) ? sp.containers.reduce((t, c) => t + c.memory!.workingSetBytes!, 0) : undefined);
    if (ws !== undefined) { p.workingSetBytes = ws; p.workingSetFrom = 'summary'; p.workingSetLine = m?.spans.workingSetBytes?.line ?? m?.line ?? sp.containers.find((c) => c.memory?.spans.workingSetBytes)?.memory?.spans.workingSetBytes?.line ?? sp.line; }
    p.usageBytes = m?.usageBytes;
    p.rssBytes = m?.rssBytes ?? (sp.containers.every((c) => c.memory?.rssBytes !== undefined) && sp.containers.length ? sp.containers.reduce((t, c) => t + c.memory!.rssBytes!, 0) : undefined);
    p.containers = sp.containers.map(containerWs);
    // cAdvisor's metrics carry each container's limit: the pod's limit is their sum when every container has one.
    const lims = sp.containers.map((c) => c.limitBytes);
    if (lims.length && lims.every((x) => x !== undefined && x > 0)) { p.limitsBytes = lims.reduce<number>((t, x) => t + (x ?? 0), 0); p.limitLine = sp.containers[0].limitLine; }
  }
  const top = w.topPods;
  if (top) {
    for (const r of top.rows) {
      const podName = top.target === 'container' ? r.pod : r.name;
      if (!podName) continue;
      const p = podOf(w, r.namespace, podName);
      const b = bytesOfQ(r.memory);
      if (top.target === 'container') p.containers.push({ name: r.name, workingSetBytes: b, line: r.line });
      if (p.workingSetFrom === 'summary' || b === undefined) continue;
      p.workingSetBytes = (p.workingSetFrom === 'kubectl-top' ? p.workingSetBytes ?? 0 : 0) + b;
      p.workingSetFrom = 'kubectl-top';
      p.workingSetLine ??= r.line;
    }
  }
  for (const d of w.node?.pods ?? []) {
    const p = podOf(w, d.namespace, d.name);
    p.requestsBytes = bytesOfQ(d.memoryRequests) ?? p.requestsBytes;
    const lim = bytesOfQ(d.memoryLimits);
    if (lim) { p.limitsBytes = lim; p.limitLine = d.line; }
  }
  for (const s of sections) {
    if (s.kind !== 'k8s-events') continue;
    const ev = s as K8sEventsSection;
    if (ev.pod?.name) {
      const p = podOf(w, ev.pod.namespace, ev.pod.name);
      if (ev.pod.qosClass) p.qosClass = ev.pod.qosClass;
      const lims = ev.pod.containers.map((c) => bytesOfQ(c.memoryLimits));
      // A pod's limit is the sum of its containers' only when every container has one.
      if (lims.length && lims.every((x) => x !== undefined)) { p.limitsBytes = lims.reduce<number>((t, x) => t + (x ?? 0), 0); p.limitLine = ev.pod.containers.find((c) => c.memoryLimits)?.line; }
      const reqs = ev.pod.containers.map((c) => bytesOfQ(c.memoryRequests));
      if (reqs.some((x) => x !== undefined)) p.requestsBytes = reqs.reduce<number>((t, x) => t + (x ?? 0), 0);
      for (const e of ev.events) if (!e.pod) p.events.push(e);
    }
  }
  for (const { event: e } of w.events) {
    if (!e.pod) continue;
    const [ns, name] = e.pod.includes('/') ? e.pod.split('/', 2) : [e.namespace, e.pod];
    podOf(w, ns, name).events.push(e);
  }
}
