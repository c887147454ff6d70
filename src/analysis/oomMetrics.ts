/** An OOM event decoded for people: scope, Kubernetes identity, QoS, memory at the time. */
import type { KubernetesRef, OomEvent, OomTask } from '../model';
import { oomStory, type OomStory } from './oomStory';
import { kubernetesFromCgroup, qosOf, roleFromOomScoreAdj, type QosClass } from './kubernetes';

export interface DecodedOom {
  event: OomEvent;
  scope: 'memcg' | 'global' | 'unknown';
  /** The report was cut before its scope line; the scope is its neighbour's in the same burst. */
  scopeInferred?: boolean;
  /** The cgroup whose limit was hit (memcg OOM). */
  limitedCgroup?: string;
  kubernetes?: KubernetesRef;
  qos?: QosClass;
  /** Where the QoS class came from: the cgroup path wins over oom_score_adj. */
  qosFrom?: 'cgroup path' | 'oom_score_adj';
  /** −997 under a Burstable or BestEffort path: a node-critical pod. */
  nodeCritical?: boolean;
  /** The victim's role told by oom_score_adj (−998 pod sandbox, −999 node daemon). */
  role?: 'pod-sandbox' | 'node-daemon' | 'never-killed';
  victimRssBytes?: number;
  /** What the report's own evidence says filled the memory, and whether the node's allocatable was hit. */
  story: OomStory;
  /** Tasks sorted by rss, largest first, with bytes. */
  tasksByRss: (OomTask & { rssBytes: number; swapBytes: number })[];
}

export function decodeOom(e: OomEvent, pageSize: number): DecodedOom {
  // `Memory cgroup stats for` is printed only for a memcg OOM (mm/oom_kill.c dump_header: show_mem otherwise).
  const scope = e.constraint === 'CONSTRAINT_MEMCG' || e.memcgOom || e.memcgLimitBytes !== undefined || (e.memcgStatsPath !== undefined && e.constraint === undefined) ? 'memcg'
    : e.globalOom || e.constraint === 'CONSTRAINT_NONE' || e.memInfoPages || e.zones?.length || e.swapTotalKb !== undefined || e.ramPages !== undefined ? 'global' : 'unknown';
  const cg = e.taskMemcg ?? e.oomMemcg ?? e.memcgStatsPath;
  const kubernetes = kubernetesFromCgroup(cg) ?? kubernetesFromCgroup(e.oomMemcg);
  const victimTask = e.tasks.find((t) => t.pid === e.victimPid);
  const adj = e.victimOomScoreAdj ?? victimTask?.oomScoreAdj;
  // A cgroup path that is not a pod's (a login session, a system service, the root) says this is no pod: no QoS from oom_score_adj.
  const q = cg !== undefined && !kubernetes ? {} as ReturnType<typeof qosOf> : qosOf(adj, kubernetes);
  const role = roleFromOomScoreAdj(adj);
  const rss = e.victimAnonRssBytes !== undefined ? (e.victimAnonRssBytes ?? 0) + (e.victimFileRssBytes ?? 0) + (e.victimShmemRssBytes ?? 0)
    : victimTask ? victimTask.rssPages * pageSize : undefined;
  const out: DecodedOom = {
    event: e, scope, story: oomStory(e, pageSize),
    tasksByRss: e.tasks.map((t) => ({ ...t, rssBytes: t.rssPages * pageSize, swapBytes: t.swapEntsPages * pageSize })).sort((a, b) => b.rssBytes - a.rssBytes),
  };
  if (scope === 'memcg' && (e.oomMemcg ?? e.memcgStatsPath)) out.limitedCgroup = e.oomMemcg ?? e.memcgStatsPath;
  if (kubernetes) out.kubernetes = kubernetes;
  if (q.qos) { out.qos = q.qos; out.qosFrom = q.from; }
  if (q.nodeCritical) out.nodeCritical = true;
  if (role) out.role = role;
  if (rss !== undefined) out.victimRssBytes = rss;
  return out;
}
