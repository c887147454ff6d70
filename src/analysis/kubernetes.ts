/**
 * Kubernetes identities from cgroup paths and oom_score_adj
 * (kubelet pkg/kubelet/qos/policy.go; cgroupfs and systemd cgroup drivers).
 */
import type { KubernetesRef } from '../model';

export type QosClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

const UID = /pod([0-9a-f]{8}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{12})/i;
const CONTAINER = /(?:^|\/)(?:cri-containerd-|docker-|crio-|containerd-)?([0-9a-f]{64})(?:\.scope)?$/i;

/**
 * `/kubepods/burstable/pod<uid>/<id>` (cgroupfs) or
 * `/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod<uid>.slice/cri-containerd-<id>.scope` (systemd).
 */
export function kubernetesFromCgroup(path: string | undefined): KubernetesRef | undefined {
  if (!path || !/kubepods/.test(path)) return undefined;
  const ref: KubernetesRef = {};
  const uid = UID.exec(path);
  if (uid) ref.podUid = uid[1].replace(/_/g, '-').toLowerCase();
  const cid = CONTAINER.exec(path);
  if (cid) ref.containerId = cid[1].toLowerCase();
  if (/burstable/i.test(path)) ref.qosFromPath = 'Burstable';
  else if (/besteffort/i.test(path)) ref.qosFromPath = 'BestEffort';
  else if (uid) ref.qosFromPath = 'Guaranteed'; // Guaranteed pods sit directly under kubepods
  return ref;
}

/**
 * QoS class from oom_score_adj (pkg/kubelet/qos/policy.go): 1000 BestEffort,
 * −997 Guaranteed (kubernetes PR 71269; node-critical pods of any class get it
 * too), 3..999 Burstable (clamped to 1000 + guaranteedOOMScoreAdj; 2 before
 * that PR). −998 is not a class: containerd and CRI-O give it to the pod
 * sandbox (pause) of every pod. A cgroup path that names the class wins.
 */
export function qosFromOomScoreAdj(adj: number | undefined): QosClass | undefined {
  if (adj === undefined) return undefined;
  if (adj === 1000) return 'BestEffort';
  if (adj === -997) return 'Guaranteed';
  if (adj >= 2 && adj <= 999) return 'Burstable';
  return undefined;
}

/** What an oom_score_adj says about a process on a Kubernetes node, beyond the QoS class. */
export function roleFromOomScoreAdj(adj: number | undefined): 'pod-sandbox' | 'node-daemon' | 'never-killed' | undefined {
  if (adj === -998) return 'pod-sandbox';
  if (adj === -999) return 'node-daemon'; // kubelet and kube-proxy (pkg/kubelet/qos/policy.go KubeletOOMScoreAdj, KubeProxyOOMScoreAdj)
  if (adj === -1000) return 'never-killed'; // OOM_SCORE_ADJ_MIN (include/uapi/linux/oom.h)
  return undefined;
}

/** The QoS class of a process: the cgroup path's when it names one, else the oom_score_adj's. */
export function qosOf(adj: number | undefined, ref: KubernetesRef | undefined): { qos?: QosClass; from?: 'cgroup path' | 'oom_score_adj'; nodeCritical?: boolean } {
  const byAdj = qosFromOomScoreAdj(adj);
  if (ref?.qosFromPath) {
    // −997 in a Burstable or BestEffort cgroup: a node-critical pod (priority system-node-critical or higher).
    return { qos: ref.qosFromPath, from: 'cgroup path', ...(adj === -997 && ref.qosFromPath !== 'Guaranteed' ? { nodeCritical: true } : {}) };
  }
  // Without a pod path only the values the kubelet alone sets tell a class: 1000 (BestEffort) and −997
  // (Guaranteed). 2…999 is also systemd's default for user services (200) and many programs' own choice.
  return byAdj && byAdj !== 'Burstable' ? { qos: byAdj, from: 'oom_score_adj' } : {};
}

/** Burstable request ≈ (1000 − adj) × capacity / 1000 (policy.go), given the node's MemTotal. */
export function requestFromOomScoreAdj(adj: number, capacityBytes: number): number | undefined {
  if (adj < 2 || adj > 999 || !(capacityBytes > 0)) return undefined;
  return ((1000 - adj) * capacityBytes) / 1000;
}
