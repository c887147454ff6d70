/**
 * memory.events rules (rule-catalog.md §memory-events; cgroup-v2.rst).
 *
 * One cgroup, one finding per rule: memory.events (this cgroup and its
 * descendants) and memory.events.local (this cgroup only) describe the same
 * kills, and `oom_group_kill` counts group-kill events, not processes (each
 * also counts its processes in `oom_kill`).
 */
import type { KeyValueSection } from '../model';
import { lineOf, valueOf } from '../analysis/fields';
import { formatCount as N } from '../humanFormat';
import type { CgroupFiles } from '../world/model';
import type { RuleContext } from './context';

/** Kills the capture's kernel log shows, by the cgroup the OOM report names. */
export interface LoggedKill { path: string; line: number; count: number }

/** The logged kills in `path` or below it (memory.events is hierarchical); none when the path is unknown. */
function loggedIn(path: string, kills: readonly LoggedKill[]): LoggedKill[] {
  if (!path) return [];
  return kills.filter((k) => path === '/' || k.path === path || k.path.startsWith(`${path}/`));
}

export function memoryEventsRules(c: CgroupFiles, ctx: RuleContext, logged: readonly LoggedKill[] = []): void {
  // Report on the hierarchical file when there is one; .local adds how many were in this cgroup itself.
  const s: KeyValueSection = c.events ?? c.eventsLocal!;
  const local = c.events ? c.eventsLocal : undefined;
  const where = s.source ? ` in ${s.source.replace(/\/memory\.events(\.local)?$/, '')}` : '';
  const scope = s === c.eventsLocal ? ' (this cgroup only, memory.events.local)' : ' (this cgroup and its children)';
  // kubepods is the parent of every pod: its limit is the node's allocatable (the kubelet's node allocatable cgroup).
  const allocatable = /^\/kubepods(\.slice)?$/.test(c.path) ? ' This is the node\'s allocatable: all pods together reached what the kubelet allows them.' : '';

  const kills = valueOf(s, 'oom_kill') ?? 0;
  const groups = valueOf(s, 'oom_group_kill') ?? 0;
  if (kills > 0 || groups > 0) {
    const localKills = local ? valueOf(local, 'oom_kill') : undefined;
    const group = groups > 0 ? ` in ${N(groups)} group kill${groups === 1 ? '' : 's'} (memory.oom.group: the whole cgroup is killed together)` : '';
    const own = localKills !== undefined ? ` ${N(localKills)} of them in this cgroup itself (memory.events.local), the rest in its children.` : '';
    // The same kills told by an OOM report in this capture: that report is the critical finding.
    const inLog = loggedIn(c.path, logged);
    const shown = inLog.reduce((t, k) => t + k.count, 0);
    const counted = Math.max(kills, groups);
    const severity = !inLog.length ? 'critical' : counted > shown ? 'warning' : 'info';
    // oom counts OOMs of this cgroup's limit or a limit below it (mm/memcontrol.c MEMCG_OOM); oom_kill counts the victims
    // in its subtree whatever OOM chose them (MEMCG_OOM_KILL on the victim's memcg). Kills with no oom and no max event:
    // a node-wide OOM, or a limit above this cgroup, chose them.
    const hasLimitKeys = s.byKey.oom !== undefined && s.byKey.max !== undefined;
    const fromOutside = hasLimitKeys && kills > 0 && (valueOf(s, 'oom') ?? 0) === 0 && (valueOf(s, 'max') ?? 0) === 0;
    const link = fromOutside && !inLog.length ? ' None of them was for this cgroup\'s limit or a limit below it (oom 0, max 0): a node-wide OOM, or the limit of a cgroup above this one, chose them (a victim\'s own cgroup may be gone since). The kernel log\'s OOM report says which; compare the node\'s memory, not this limit, with the working set.'
      : !inLog.length ? ' Find the kill in the kernel log and compare the limit with the working set.'
      : counted > shown ? ` The kernel log in this capture shows ${N(shown)} of them (line ${inLog[0].line + 1}): ${N(counted - shown)} more happened here that it does not show; the cgroup is being killed repeatedly.`
      : ` ${shown === 1 ? 'That is the kill' : 'Those are the kills'} the OOM report at line ${inLog[0].line + 1} tells (its finding is the critical one).`;
    ctx.report('memory-events/oom-kill', severity, s.index, lineOf(s, kills > 0 ? 'oom_kill' : 'oom_group_kill')!,
      `${N(kills)} process${kills === 1 ? ' was' : 'es were'} OOM-killed${where}${scope}${group}.${own}${fromOutside ? '' : allocatable} In Kubernetes the container shows OOMKilled (exit code 137).${link}`,
      { related: [...inLog.slice(0, 3).map((k) => ({ line: k.line, message: 'the kill in the kernel log' })), ...(groups > 0 && kills > 0 ? [{ line: lineOf(s, 'oom_group_kill')!, message: `oom_group_kill: ${N(groups)} event(s)` }] : []), ...(local && localKills !== undefined ? [{ line: lineOf(local, 'oom_kill')!, message: `memory.events.local oom_kill: ${N(localKills)}` }] : [])], data: { count: kills, groupKills: groups } });
  }
  const max = valueOf(s, 'max') ?? 0; const oom = valueOf(s, 'oom') ?? 0;
  if (max > 0 || oom > 0) ctx.report('memory-events/limit-hit', 'warning', s.index, lineOf(s, max > 0 ? 'max' : 'oom')!,
    `The cgroup hit its limit${where}: max ${N(max)} time(s)${oom ? `, and the kernel found nothing left to reclaim (oom) ${N(oom)} time(s)` : ''}. At the limit the kernel reclaims the cgroup's own memory (latency) and kills when that fails. Compare memory.max with usage and working set.`,
    { related: oom && max ? [{ line: lineOf(s, 'oom')!, message: `oom: ${N(oom)}` }] : undefined, data: { max, oom } });
  const high = valueOf(s, 'high');
  if (high && high > 0) ctx.report('memory-events/throttled', 'info', s.index, lineOf(s, 'high')!,
    `Throttled at memory.high ${N(high)} time(s)${where}: the cgroup was pushed into reclaim (with Kubernetes MemoryQoS the kubelet sets memory.high below the limit). Expect latency rather than kills.`,
    { data: { count: high } });
}

/** memory.swap.events (cgroup-v2.rst): swap-outs refused at memory.swap.max (`max`) or with no swap to give (`fail`). */
export function swapEventsRules(c: CgroupFiles, ctx: RuleContext): void {
  const s = c.swapEvents;
  if (!s) return;
  const max = valueOf(s, 'max') ?? 0; const fail = valueOf(s, 'fail') ?? 0;
  if (!(max > 0 || fail > 0)) return;
  const where = s.source && /\//.test(s.source) ? ` in ${s.source.replace(/\/memory\.swap\.events$/, '')}` : '';
  const throttled = c.events ? valueOf(c.events, 'high') ?? 0 : 0;
  const atLimit = c.events ? (valueOf(c.events, 'max') ?? 0) + (valueOf(c.events, 'oom') ?? 0) : 0;
  // Alone, a swap limit reached says swap is spoken for; beside throttling or a memory limit hit, it is why the cgroup cannot give memory back.
  ctx.report('memory-events/swap-full', throttled > 0 || atLimit > 0 ? 'warning' : 'info', s.index, lineOf(s, fail > 0 ? 'fail' : 'max')!,
    `Swap-outs failed${where}: ${fail > 0 ? `fail ${N(fail)}` : ''}${fail > 0 && max > 0 ? ', ' : ''}${max > 0 ? `max ${N(max)} (at memory.swap.max)` : ''} in memory.swap.events. The cgroup's swap is used up, so its anonymous memory can only stay in RAM${throttled > 0 ? `; with memory.high throttling ${N(throttled)} time(s), it stalls now` : ''}, and at memory.max it is OOM-killed. Read anon in memory.stat for the growth; raise the limit or fix the leak.`,
    { data: { max, fail, throttled } });
}
