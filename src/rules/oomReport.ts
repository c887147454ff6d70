/** OOM report rules (rule-catalog.md §oom-report; mm/oom_kill.c). */
import type { OomReportSection } from '../model';
import type { DecodedOom } from '../analysis/oomMetrics';
import { formatBytes as B } from '../formats/units';
import type { RuleContext } from './context';

export function oomReportRules(s: OomReportSection, decoded: DecodedOom[], ctx: RuleContext): void {
  for (const d of decoded) {
    const e = d.event;
    const line = e.killLine ?? e.constraintLine ?? e.triggerLine ?? e.startLine;
    if (e.victimPid !== undefined || e.killLine !== undefined) {
      const who = `${e.victimName ?? 'a process'}${e.victimPid !== undefined ? ` (pid ${e.victimPid})` : ''}`;
      const scope = d.scope === 'memcg' ? `a cgroup limit${e.oomMemcg ? ` (${e.oomMemcg})` : ''}` : d.scope === 'global' ? 'the whole node running out of memory (global OOM)' : 'an OOM';
      const k8s = d.kubernetes ? ` Kubernetes: pod ${d.kubernetes.podUid ?? '?'}${d.kubernetes.containerId ? `, container ${d.kubernetes.containerId.slice(0, 12)}` : ''}${d.qos ? `, QoS ${d.qos}${d.nodeCritical ? ' (a node-critical pod: oom_score_adj −997)' : ''}` : ''}.` : d.qos ? ` QoS from oom_score_adj: ${d.qos}.` : '';
      const mem = d.victimRssBytes !== undefined ? ` It held ${B(d.victimRssBytes)} resident (anon ${B(e.victimAnonRssBytes ?? 0)}, file ${B(e.victimFileRssBytes ?? 0)}, shmem ${B(e.victimShmemRssBytes ?? 0)}).` : '';
      const limit = e.memcgLimitBytes !== undefined ? ` The cgroup used ${B(e.memcgUsageBytes ?? 0)} of a ${B(e.memcgLimitBytes)} limit.` : '';
      const next = d.scope === 'memcg' ? ' Compare the limit with the task table; raise the limit or find the growth.' : ' Look at the largest tasks and at kernel memory (slab) in the report.';
      ctx.report('oom-report/killed', 'critical', s.index, line,
        `OOM killer killed ${who} because of ${scope}.${k8s}${mem}${limit}${next}`,
        { related: [e.triggerLine, e.constraintLine].filter((l): l is number => l !== undefined && l !== line).map((l) => ({ line: l, message: l === e.triggerLine ? `triggered by ${e.invoker}` : 'constraint and cgroups' })), data: { pid: e.victimPid ?? -1, rssBytes: d.victimRssBytes ?? 0 } });
    }
    if (e.slabDumpLine !== undefined) {
      const top = [...e.unreclaimableSlab].sort((a, b) => b.totalBytes - a.totalBytes).slice(0, 3);
      ctx.report('oom-report/slab-dominated', 'warning', s.index, e.slabDumpLine,
        `The kernel found unreclaimable slab larger than all LRU pages and dumped its caches${top.length ? `; the largest: ${top.map((r) => `${r.name} ${B(r.totalBytes)}`).join(', ')}` : ''}. Killing processes frees little when the kernel holds the memory: look for a leaking driver or subsystem.`,
        { related: top.map((r) => ({ line: r.line, message: `${r.name}: ${B(r.totalBytes)}` })) });
    }
  }
}
