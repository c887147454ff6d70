/** memory.events rules (rule-catalog.md §memory-events; cgroup-v2.rst). */
import type { KeyValueSection } from '../model';
import { lineOf, valueOf } from '../analysis/fields';
import { formatCount as N } from '../formats/units';
import type { RuleContext } from './context';

export function memoryEventsRules(s: KeyValueSection, ctx: RuleContext): void {
  if (s.variant === 'swap') return; // memory.swap.events: high/max/fail of swap, not memory
  const where = s.source ? ` in ${s.source}` : '';
  const local = s.variant === 'local' ? ' (this cgroup only, .local)' : ' (this cgroup and its children)';
  for (const k of ['oom_kill', 'oom_group_kill']) {
    const n = valueOf(s, k);
    if (n && n > 0) ctx.report('memory-events/oom-kill', 'critical', s.index, lineOf(s, k)!,
      `${N(n)} process${n === 1 ? ' was' : 'es were'} OOM-killed${where}${local}${k === 'oom_group_kill' ? ' as a group (memory.oom.group)' : ''}. In Kubernetes the container shows OOMKilled (exit code 137). Find the kill in dmesg and compare the limit with the working set.`,
      { data: { count: n } });
  }
  const max = valueOf(s, 'max') ?? 0; const oom = valueOf(s, 'oom') ?? 0;
  if (max > 0 || oom > 0) ctx.report('memory-events/limit-hit', 'warning', s.index, lineOf(s, max > 0 ? 'max' : 'oom')!,
    `The cgroup hit its limit${where}: max ${N(max)} time(s)${oom ? `, and an allocation was about to fail (oom) ${N(oom)} time(s)` : ''}. At the limit the kernel reclaims the cgroup's own memory (latency) and kills when that fails. Compare memory.max with usage and working set.`,
    { related: oom && max ? [{ line: lineOf(s, 'oom')!, message: `oom: ${N(oom)}` }] : undefined, data: { max, oom } });
  const high = valueOf(s, 'high');
  if (high && high > 0) ctx.report('memory-events/throttled', 'info', s.index, lineOf(s, 'high')!,
    `Throttled at memory.high ${N(high)} time(s)${where}: the cgroup was pushed into reclaim (with Kubernetes MemoryQoS the kubelet sets memory.high below the limit). Expect latency rather than kills.`,
    { data: { count: high } });
}
