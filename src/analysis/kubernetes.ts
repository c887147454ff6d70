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

/** QoS class from oom_score_adj: 1000 BestEffort, −997 (older −998) Guaranteed, 2..999 Burstable. */
export function qosFromOomScoreAdj(adj: number | undefined): QosClass | undefined {
  if (adj === undefined) return undefined;
  if (adj === 1000) return 'BestEffort';
  if (adj === -997 || adj === -998) return 'Guaranteed';
  if (adj >= 2 && adj <= 999) return 'Burstable';
  return undefined;
}

/** Burstable request ≈ (1000 − adj) × capacity / 1000 (policy.go), given the node's MemTotal. */
export function requestFromOomScoreAdj(adj: number, capacityBytes: number): number | undefined {
  if (adj < 2 || adj > 999 || !(capacityBytes > 0)) return undefined;
  return ((1000 - adj) * capacityBytes) / 1000;
}
