/**
 * What sits where on the lines of a Kubernetes section: each cell, key and value
 * with the knowledge entry that explains it. Hovers and "reveal the line" read these.
 */
import type { K8sEvent, K8sMemoryStats, KubernetesSection, Span } from '../../model';

export interface K8sHit {
  /** Knowledge table (`kubectl-top`, `kubelet-summary`, `node-describe`, `kubelet-config`, `k8s-events`) and key in it. */
  kind: string;
  key: string;
  span: Span;
  raw?: string;
  bytes?: number;
  percent?: number;
  /** Whose value it is: `node worker-1`, `pod default/web`, `container app`. */
  owner?: string;
  event?: K8sEvent;
}

const KINDS = new Set(['kubectl-top', 'kubelet-summary', 'node-describe', 'kubelet-config', 'k8s-events']);
export function isKubernetesSection(s: { kind: string }): boolean {
  return KINDS.has(s.kind);
}

const whole = (line: number, start = 0, end = 1 << 20): Span => ({ line, start, end });

function memoryHits(out: K8sHit[], m: K8sMemoryStats | undefined, owner: string): void {
  if (!m) return;
  for (const [key, sp] of Object.entries(m.spans)) {
    const v = (m as unknown as Record<string, unknown>)[key];
    const hit: K8sHit = { kind: 'kubelet-summary', key, span: sp, owner, raw: String(v ?? '') };
    if (typeof v === 'number' && /Bytes$/.test(key)) hit.bytes = v;
    out.push(hit);
    const ks = m.keySpans?.[key];
    if (ks) out.push({ ...hit, span: ks });
  }
}

/** Every hit of a Kubernetes section (a few per line). */
export function kubernetesHits(s: KubernetesSection): K8sHit[] {
  const out: K8sHit[] = [];
  switch (s.kind) {
    case 'kubectl-top':
      for (const c of s.columns) out.push({ kind: 'kubectl-top', key: c.name, span: c.span });
      for (const r of s.rows) {
        const owner = `${s.target} ${r.namespace ? `${r.namespace}/` : ''}${r.pod ? `${r.pod}/` : ''}${r.name}`;
        for (const c of r.cells) {
          const hit: K8sHit = { kind: 'kubectl-top', key: c.column, span: c.span, owner };
          if (c.column === 'MEMORY(bytes)' && r.memory) { hit.raw = r.memory.raw; hit.bytes = r.memory.bytes; }
          if ((c.column === 'MEMORY%' || c.column === 'MEMORY(%)') && r.memoryPercent !== undefined) hit.percent = r.memoryPercent;
          if ((c.column === 'CPU%' || c.column === 'CPU(%)') && r.cpuPercent !== undefined) hit.percent = r.cpuPercent;
          if (c.column === 'CPU(cores)' && r.cpuMillicores !== undefined) hit.raw = `${r.cpuMillicores}m`;
          out.push(hit);
        }
      }
      break;
    case 'kubelet-summary':
      memoryHits(out, s.node, `node ${s.nodeName ?? ''}`.trim());
      for (const c of s.systemContainers) memoryHits(out, c.memory, `system container ${c.name}`);
      for (const p of s.pods) {
        const who = `${p.namespace ? `${p.namespace}/` : ''}${p.name}`;
        memoryHits(out, p.memory, `pod ${who}`);
        for (const c of p.containers) memoryHits(out, c.memory, `container ${c.name} of pod ${who}`);
      }
      break;
    case 'node-describe': {
      const owner = s.nodeName ? `node ${s.nodeName}` : 'the node';
      for (const [which, rec] of [['capacity', s.capacity], ['allocatable', s.allocatable]] as const) {
        for (const [k, q] of Object.entries(rec)) {
          const hit: K8sHit = { kind: 'node-describe', key: k === 'memory' ? `${which}.memory` : which === 'capacity' ? 'Capacity' : 'Allocatable', span: q.span, raw: q.raw, owner };
          if (k === 'memory' && Number.isFinite(q.bytes)) hit.bytes = q.bytes;
          out.push(hit, { ...hit, span: whole(q.line, 0, q.span.start) });
        }
      }
      for (const c of s.conditions) out.push({ kind: 'node-describe', key: c.type, span: whole(c.line), raw: c.status, owner });
      if (s.allocated) {
        const a = s.allocated;
        if (a.requests) out.push({ kind: 'node-describe', key: 'Memory Requests', span: a.requests.span, raw: a.requests.raw, bytes: a.requests.bytes, ...(a.requestsPercent !== undefined ? { percent: a.requestsPercent } : {}), owner: `all pods on ${owner}` });
        if (a.limits) out.push({ kind: 'node-describe', key: 'Memory Limits', span: a.limits.span, raw: a.limits.raw, bytes: a.limits.bytes, ...(a.limitsPercent !== undefined ? { percent: a.limitsPercent } : {}), owner: `all pods on ${owner}` });
        out.push({ kind: 'node-describe', key: 'Allocated resources', span: whole(a.line), owner });
      }
      for (const p of s.pods) {
        const who = `pod ${p.namespace ? `${p.namespace}/` : ''}${p.name}`;
        if (p.memoryRequests) out.push({ kind: 'node-describe', key: 'Memory Requests', span: p.memoryRequests.span, raw: p.memoryRequests.raw, bytes: p.memoryRequests.bytes, owner: who });
        if (p.memoryLimits) out.push({ kind: 'node-describe', key: 'Memory Limits', span: p.memoryLimits.span, raw: p.memoryLimits.raw, bytes: p.memoryLimits.bytes, owner: who });
        out.push({ kind: 'node-describe', key: 'Non-terminated Pods', span: whole(p.line), owner: who });
      }
      for (const ev of s.events) out.push({ kind: 'k8s-events', key: ev.reason, span: whole(ev.line), event: ev, owner });
      for (const [k, v] of Object.entries(s.systemInfo)) out.push({ kind: 'node-describe', key: k, span: whole(v.line), raw: v.value, owner });
      break;
    }
    case 'kubelet-config': {
      const maps = [['systemReserved', s.systemReserved], ['kubeReserved', s.kubeReserved], ['evictionHard', s.evictionHard], ['evictionSoft', s.evictionSoft], ['evictionSoftGracePeriod', s.evictionSoftGracePeriod]] as const;
      for (const [name, rec] of maps) {
        for (const [k, v] of Object.entries(rec)) {
          const hit: K8sHit = { kind: 'kubelet-config', key: k, span: v.span, raw: v.raw, owner: name };
          if (v.bytes !== undefined) hit.bytes = v.bytes;
          if (v.percent !== undefined) hit.percent = v.percent;
          out.push(hit, { ...hit, span: whole(v.line, 0, v.span.start) });
        }
      }
      for (const [k, v] of Object.entries(s.settings)) {
        const hit: K8sHit = { kind: 'kubelet-config', key: k, span: v.span, raw: v.raw };
        if (v.bytes !== undefined && !/Period|Factor|maxPods|PidsLimit|oomScoreAdj/.test(k)) hit.bytes = v.bytes;
        out.push(hit, { ...hit, span: whole(v.line, 0, v.span.start) });
      }
      break;
    }
    case 'k8s-events':
      for (const ev of s.events) out.push({ kind: 'k8s-events', key: ev.reason, span: whole(ev.line), event: ev });
      if (s.pod) {
        for (const c of s.pod.containers) {
          if (c.memoryLimits) out.push({ kind: 'k8s-events', key: 'Limits', span: c.memoryLimits.span, raw: c.memoryLimits.raw, bytes: c.memoryLimits.bytes, owner: `container ${c.name}` });
          if (c.memoryRequests) out.push({ kind: 'k8s-events', key: 'Requests', span: c.memoryRequests.span, raw: c.memoryRequests.raw, bytes: c.memoryRequests.bytes, owner: `container ${c.name}` });
        }
      }
      break;
  }
  return out;
}

/** The hit under `character` on `line` (the narrowest), else undefined. */
export function hitAt(hits: K8sHit[], character: number): K8sHit | undefined {
  let best: K8sHit | undefined;
  for (const h of hits) {
    if (character < h.span.start || character > h.span.end) continue;
    if (!best || h.span.end - h.span.start < best.span.end - best.span.start) best = h;
  }
  return best;
}
