/** OOM report rules (rule-catalog.md §oom-report; mm/oom_kill.c, mm/memcontrol.c, mm/page_alloc.c warn_alloc). */
import type { AllocationFailure, OomEvent, OomReportSection } from '../model';
import type { DecodedOom } from '../analysis/oomMetrics';
import { CAUSE_TEXT } from '../analysis/oomStory';
import { taskGroups } from '../analysis/oomTasks';
import { allocCallerText, callerName } from '../knowledge/allocCallers';
import { formatBytes as B, formatCount as N, formatPercent as P } from '../humanFormat';
import type { RuleContext } from './context';

const known = (x: number | undefined) => x !== undefined;

const kB = (n: number) => B(n * 1024);

/** The zones that could not serve, from Mem-Info: CMA pages an unmovable allocation may not take, low memory on 32-bit. */
function zoneText(story: DecodedOom['story']): string {
  const short = story.zonesShort;
  if (!short?.length) return '';
  const z = short[0];
  const cma = z.cmaKb > 0 && z.usableKb < z.minKb && z.freeKb >= z.minKb;
  const head = cma
    ? ` Zone ${z.zone} shows ${kB(z.freeKb)} free, but ${kB(z.cmaKb)} of it is CMA, which only movable allocations may use: ${kB(Math.max(0, z.usableKb))} usable, below its min watermark of ${kB(z.minKb)}.`
    : ` Zone ${z.zone} had ${kB(z.freeKb)} free, below its min watermark of ${kB(z.minKb)}.`;
  // HighMem (32-bit) and Movable zones serve user pages only: kernel allocations never fall back to them.
  const userOnly = story.roomiestZone && /^(HighMem|Movable)$/.test(story.roomiestZone.zone);
  const other = userOnly
    ? ` Zone ${story.roomiestZone!.zone} still had ${kB(story.roomiestZone!.freeKb)} free, but it serves user pages only, never the kernel's own allocations: the node ran out of the memory the kernel may use, not of memory.`
    : '';
  const fix = cma ? ' A smaller CMA area (the cma= boot parameter, or the board\'s overlay) leaves the kernel more.'
    : story.roomiestZone?.zone === 'HighMem' ? ' On 32-bit the kernel has only the low ~896 MiB: a 64-bit kernel, or fewer kernel users of low memory (drivers, page tables), is the fix.'
    : '';
  return head + other + lowmemText(story) + fix;
}

/** What fills low memory on a 32-bit HighMem kernel, from the short zone's own counters. */
function lowmemText(story: DecodedOom['story']): string {
  const l = story.lowmem;
  if (!l) return '';
  const listed = l.parts.reduce((t, [, kb]) => t + kb, 0);
  const head = ` In ${l.zone}${l.presentKb ? ` (${kB(l.presentKb)})` : ''}: ${l.parts.map(([n, kb]) => `${n} ${kB(kb)}`).join(', ')}.`;
  const rest = l.presentKb ? l.presentKb - listed : 0;
  // i386 and ARM32 keep a 32-byte struct page for every page of RAM in low memory (mem_map).
  const pageArray = l.ramPages !== undefined ? l.ramPages * 32 : undefined;
  const tail = rest > 0.25 * (l.presentKb ?? 0) && pageArray !== undefined && pageArray > 0.1 * (l.presentKb ?? 0) * 1024
    ? ` The other ${kB(rest)} is outside these counters: with ${N(l.ramPages!)} pages of RAM, the kernel's page array (32 bytes a page) alone takes about ${B(pageArray)} of low memory.`
    : rest > 0.25 * (l.presentKb ?? 0) ? ` The other ${kB(rest)} is in none of the counters this report shows for the zone: kernel allocations (slab, page tables, drivers) or reserved at boot.` : '';
  return head + tail;
}

export function oomReportRules(s: OomReportSection, decoded: DecodedOom[], ctx: RuleContext): void {
  lowMemoryKillerRule(s, decoded.filter((d) => d.event.lowMemoryKiller), ctx);
  for (const d of decoded) {
    const e = d.event;
    if (e.lowMemoryKiller) continue;
    const line = e.killLine ?? e.constraintLine ?? e.triggerLine ?? e.startLine;
    const story = d.story;
    // A kill is a kill even when the victim line is missing: a lone constraint line, `Task in … killed`, a cut report.
    const isKill = e.victimPid !== undefined || e.killLine !== undefined || e.constraintLine !== undefined || e.triggerLine !== undefined || e.memcgUsageBytes !== undefined || e.memcgUsageBelowZeroKb !== undefined || !!e.killed?.length || !!e.stackOnly
      // The memcg stats block is printed as the killer picks its victim (mm/oom_kill.c dump_header).
      || (e.memcgStatsPath !== undefined && d.scope === 'memcg')
      // The task dump is printed only by the OOM killer (mm/oom_kill.c dump_tasks).
      || (e.taskTableLine !== undefined && (!!e.zones?.length || e.swapTotalKb !== undefined || e.ramPages !== undefined));
    if (e.userspace) {
      const u = e.userspace;
      const count = u.processes !== undefined ? `${u.processes} process${u.processes === 1 ? '' : 'es'} of ` : '';
      const why = u.reason === 'memory-pressure' && u.pressurePercent !== undefined
        ? `memory pressure of ${u.pressureOf} was ${u.pressurePercent.toFixed(2)} % > ${u.limitPercent!.toFixed(2)} % for more than ${u.duration} (its ManagedOOMMemoryPressure limit)`
        : u.reason === 'memory-pressure' && u.limitPercent !== undefined ? `memory pressure of ${u.pressureOf} stayed above ${u.limitPercent} % for more than ${u.duration} with reclaim (its ManagedOOMMemoryPressure limit)`
        : u.reason === 'swap' ? `swap use passed its limit (ManagedOOMSwap=kill, SwapUsedLimit)${u.swapUsage ? `; the unit it chose used ${u.swapUsage} of swap` : ''}${u.considered !== undefined ? ` (${u.considered} cgroups considered)` : ''}`
        : 'its memory pressure or swap limit was passed';
      const advice = 'The kernel logged no OOM: look in that unit for what filled memory (memory.current, memory.stat), and raise the limit in oomd.conf or the slice, set memory.high on the unit, or add swap headroom.';
      const what = u.cgroup ?? u.unit;
      if (what === undefined && u.processes === undefined) {
        // systemd 248 logs the decision only; which cgroup it killed is in the lines after (a unit stopping, a container dying).
        ctx.report('oom-report/userspace-kill', 'warning', s.index, u.line,
          `systemd-oomd (in user space, not the kernel) went to kill a cgroup under ${u.pressureOf ?? 'a monitored slice'} because ${why}. The capture does not name what it killed (systemd 248 logs no kill line): the units that stop just after this line are the likely ones. ${advice}`,
          { data: { processes: -1 } });
        continue;
      }
      ctx.report('oom-report/userspace-kill', 'critical', s.index, u.line,
        `systemd-oomd (in user space, not the kernel) killed ${count}${what ?? 'a unit'} because ${why}. ${advice}`,
        { data: { processes: u.processes ?? -1 } });
      continue;
    }
    if ((e.noKillableLine !== undefined || e.panicLine !== undefined) && e.killLine === undefined && e.victimPid === undefined && !e.killed?.length) {
      const cause = story.cause ? ` What held the memory: ${CAUSE_TEXT[story.cause]}, ${B(story.causeBytes!)} (${P(story.causeBytes! / story.ofBytes!)} of ${d.scope === 'global' ? 'the memory the report lists' : 'the usage'}).` : '';
      const what = e.noKillableLine !== undefined
        ? `found no process it could kill (every task was protected, a kernel thread, or already exiting)${e.panic !== undefined ? `, and the kernel panicked: "${e.panic}"` : ''}.`
        : `killed nothing: the kernel panicked instead ("${e.panic}")${/panic_on_oom/.test(e.panic ?? '') ? ', because vm.panic_on_oom is set' : ''}.`;
      ctx.report('oom-report/no-killable', 'critical', s.index, e.noKillableLine ?? e.panicLine!,
        `The OOM killer${e.invoker ? `, invoked by ${e.invoker},` : ''} ${what}${cause}${zoneText(story)}${reservedText(e, ctx.pageSize)}${e.noKillableLine !== undefined ? noKillableAdvice(e, story.cause, ctx.pageSize) : ' With vm.panic_on_oom set, every OOM reboots the node: set it to 0 unless a reboot is the recovery you want, and find what filled memory.'}`,
        { related: [e.triggerLine, e.panicLine].filter((l): l is number => l !== undefined && l !== (e.noKillableLine ?? e.panicLine)).map((l) => ({ line: l, message: l === e.panicLine ? 'kernel panic' : `triggered by ${e.invoker ?? 'an allocation'}` })) });
    } else if (isKill && story.corruptZones) {
      // mm/page_alloc.c setup_per_zone_wmarks scales min by the zone's managed pages: a managed count below zero wraps it.
      const z = story.corruptZones[0];
      const free = e.zones?.reduce((t, x) => t + x.freeKb, 0) ?? 0;
      const named = e.victimName !== undefined || e.victimPid !== undefined;
      const head = named ? `OOM killer killed ${e.victimName ?? 'a process'}${e.victimPid !== undefined ? ` (pid ${e.victimPid})` : ''}`
        : `The OOM killer was invoked${e.invoker ? ` by ${e.invoker}` : ''} (the capture stops before it names a victim)`;
      ctx.report('oom-report/killed', 'critical', s.index, line,
        `${head}, but the report's watermarks cannot be right: zone ${z.zone}'s min is ${kB(z.minKb)}, more than the zone could ever hold. Its managed-page counter went below zero and wrapped (a kernel bug: memory hot-unplug, a balloon driver or DIMM removal moving pages between zones), so allocations fail the watermark check with ${kB(free)} free in the zones listed. Not a shortage, and nothing in the report caused it: report the kernel bug (zoneinfo's managed line shows the wrapped count); a reboot clears it.`,
        { related: story.corruptZones.slice(1).map((x) => ({ line: x.line, message: `${x.zone}: min ${kB(x.minKb)}` })), data: { pid: e.victimPid ?? -1, killed: e.killed?.length ?? 1, corrupt: 1 } });
    } else if (isKill && d.scope === 'global' && /^0x0+\b/.test(e.gfpMask ?? '') && story.zonesAboveHigh) {
      // mm/oom_kill.c pagefault_out_of_memory: a fault returned VM_FAULT_OOM, so the killer ran with no allocation
      // behind it (gfp_mask 0). 5.16 stopped that ("mm, oom: do not trigger out_of_memory from the #PF"): the fault is retried.
      const victim = e.victimName !== undefined || e.victimPid !== undefined ? `${e.victimName ?? 'a process'}${e.victimPid !== undefined ? ` (pid ${e.victimPid})` : ''}` : 'a process the capture does not name';
      const slub = e.slubFailures?.find((f) => f.memcg !== undefined) ?? e.slubFailures?.[0];
      const where = slub ? ` The SLUB failures just before it (cache ${slub.cache}${slub.memcg !== undefined ? ` in memory cgroup ${slub.memcg}, id ${slub.memcgId}` : ''}, line ${slub.line + 1}) say where: a kernel-memory allocation${slub.memcg !== undefined ? ' charged to that cgroup' : ''} failed, the fault that needed it returned VM_FAULT_OOM, and a process elsewhere paid for it.` : '';
      ctx.report('oom-report/killed', 'critical', s.index, line,
        `OOM killer killed ${victim} although the node was not out of memory: it was invoked from the page-fault path (gfp_mask=0x0, pagefault_out_of_memory) while every zone in the report was above its high watermark (${kB(story.zonesAboveHigh.freeKb)} free). A page fault failed with VM_FAULT_OOM, and kernels before 5.16 then ran the global OOM killer anyway (later ones retry the fault).${where} Find what returned VM_FAULT_OOM (a memory cgroup's kernel-memory limit, a driver's fault handler); a kernel from 5.16 on no longer kills for it.`,
        { data: { pid: e.victimPid ?? -1, killed: e.killed?.length ?? 1, spurious: 1 } });
    } else if (isKill && e.order === -1) {
      // mm/oom_kill.c moom_callback: SysRq-F runs the killer with order -1 whatever memory is free.
      const free = e.memInfoPages?.free;
      const victim = e.victimName !== undefined || e.victimPid !== undefined ? `${e.victimName ?? 'a process'}${e.victimPid !== undefined ? ` (pid ${e.victimPid})` : ''}` : 'the process with the highest score';
      ctx.report('oom-report/killed', 'warning', s.index, line,
        `The OOM killer killed ${victim} because it was asked to, not for want of memory: order=-1 marks a kill forced with SysRq-F (echo f > /proc/sysrq-trigger, or Alt-SysRq-F on a console), which takes the task with the highest score however much is free${free !== undefined ? ` (${B(free * ctx.pageSize)} was free at the time)` : ''}. Who sent it (an operator, or a watchdog script that uses SysRq) is the story; the victim is only the largest process.`,
        { data: { pid: e.victimPid ?? -1, killed: e.killed?.length ?? 1, forced: 1 } });
    } else if (isKill) {
      const group = e.killed && e.killed.length > 1 ? e.killed : undefined;
      const who = group
        ? `${group.length} processes of ${e.oomGroup ?? 'the cgroup'} together (memory.oom.group), ${group.slice(0, 3).map((k) => `${k.name} (pid ${k.pid})`).join(', ')}${group.length > 3 ? ', …' : ''}`
        : e.victimFromReaper ? `${e.victimName} (pid ${e.victimPid}; the "Killed process" line is not in the capture, the oom_reaper line after it names whom it reaped)`
        : (e.victimName !== undefined || e.victimPid !== undefined) && e.killLine === undefined ? `${e.victimName ?? 'a process'}${e.victimPid !== undefined ? ` (pid ${e.victimPid})` : ''}, or a child of it (the report names its choice, but the capture stops before the "Killed process" line)`
        : e.victimName !== undefined || e.victimPid !== undefined ? `${e.victimName ?? 'a process'}${e.victimPid !== undefined ? ` (pid ${e.victimPid})` : ''}`
        : e.stackOnly ? 'a process the capture does not name (only the OOM killer\'s call stack is in it: capture the whole kernel log around this time)'
        : 'a process the capture does not name (the victim line is missing: the report is cut short or only partly pasted)';
      // CONSTRAINT_CPUSET / CONSTRAINT_MEMORY_POLICY (mm/oom_kill.c constrained_alloc): only the nodes the task may use ran out.
      const constrained = e.constraint === 'CONSTRAINT_CPUSET' || e.constraint === 'CONSTRAINT_MEMORY_POLICY';
      const scope = constrained
        ? `the memory nodes its ${e.constraint === 'CONSTRAINT_CPUSET' ? 'cpuset' : 'memory policy'} allows running out (${e.constraint}${e.memsAllowed !== undefined ? `, mems_allowed=${e.memsAllowed}` : ''}), not the whole node: memory on other nodes may be free, and the task killed may not even use those nodes`
        : story.allocatable
        ? `the node's allocatable: ${e.oomMemcg} is the parent of every pod, so all pods together reached the memory the kubelet allows them, not one pod's limit`
        : d.scope === 'memcg' ? `a cgroup limit${e.oomMemcg ? ` (${e.oomMemcg})` : e.memcgStatsPath ? ` (${e.memcgStatsPath})` : ''}`
        : d.scope === 'global' ? 'the whole node running out of memory (global OOM)' : 'an OOM';
      const k8s = d.kubernetes && !story.allocatable ? ` Kubernetes: pod ${d.kubernetes.podUid ?? '?'}${d.kubernetes.containerId ? `, container ${d.kubernetes.containerId.slice(0, 12)}` : ''}${d.qos ? `, QoS ${d.qos}${d.nodeCritical ? ' (a node-critical pod: oom_score_adj −997)' : ''}` : ''}.` : d.qos ? ` QoS from oom_score_adj: ${d.qos}.` : '';
      const parts = [['anon', e.victimAnonRssBytes], ['file', e.victimFileRssBytes], ['shmem', e.victimShmemRssBytes]].filter((p): p is [string, number] => known(p[1] as number | undefined));
      // memory.oom.group with one kill line: the kernel killed the whole cgroup, of which the capture names this task.
      const oneOfGroup = e.groupKill && !group ? ` memory.oom.group is set on ${e.oomGroup ?? 'its cgroup'}: the kernel kills every task in it together (the capture names ${e.killed?.length === 1 || e.victimPid !== undefined ? 'this one' : 'none'}).` : '';
      const mem = d.victimRssBytes !== undefined && !group ? ` It held ${B(d.victimRssBytes)} resident${parts.length ? ` (${parts.map(([k, v]) => `${k} ${B(v)}`).join(', ')})` : ''}.` : '';
      const limit = e.memcgUsageBelowZeroKb !== undefined
        ? ` The cgroup's usage counter reads 2^64 − ${e.memcgUsageBelowZeroKb} kB: it went below zero (a kernel accounting bug; a page_counter warning before the report shows where) and is printed unsigned, so the kernel sees the cgroup far above its ${e.memcgLimitBytes !== undefined ? B(e.memcgLimitBytes) : ''} limit however little it holds, and kills whatever runs in it. Raising the limit does not help: move the work to a new cgroup and report the kernel bug.`
        : memswHit(e) ? ` The cgroup hit its memory+swap limit (memory.memsw.limit_in_bytes): ${B(e.memswUsageBytes!)} of ${B(e.memswLimitBytes!)}, failed ${e.memswFailcnt} times, with memory itself at ${B(e.memcgUsageBytes!)} of ${B(e.memcgLimitBytes!)}: its share of swap was full, so nothing more could be swapped out.`
        : e.limitWrite !== undefined && e.memcgLimitBytes !== undefined ? ` memory.max was lowered below what the cgroup held: the kill comes from the write itself (memory_max_write in the call trace${e.invoker ? `, by ${e.invoker}` : ''}), at ${e.memcgUsageBytes !== undefined ? B(e.memcgUsageBytes) : 'an unknown amount'} used against the new ${B(e.memcgLimitBytes)} limit. The kernel reclaims, then kills, until the cgroup fits.`
        : e.memcgLimitBytes !== undefined ? ` The cgroup used ${e.memcgUsageBytes !== undefined ? B(e.memcgUsageBytes) : 'an unknown amount'} of a ${B(e.memcgLimitBytes)} limit.` : '';
      // A victim holding well under the anonymous memory the report lists: others held the rest. A fork of it
      // (a Redis BGSAVE or AOF rewrite, a forking server) counts its copy-on-write pages again as they change.
      const share = story.cause === 'anon' && e.victimAnonRssBytes !== undefined && story.causeBytes && e.victimAnonRssBytes < 0.6 * story.causeBytes
        ? ` The victim held ${B(e.victimAnonRssBytes)} of the ${B(story.causeBytes)} of anonymous memory: other processes held the rest, perhaps a fork of it (a Redis BGSAVE or AOF rewrite, a preforking server), whose copy-on-write pages are counted again as either side writes them.` : '';
      // Shared memory that is also unevictable (ramfs, SHM_LOCK, mlock) is beyond swap's reach too.
      const locked = story.cause === 'shmem' && (e.memcgStats?.unevictable ?? 0) >= 0.9 * (e.memcgStats?.shmem ?? Infinity);
      // On a 32-bit HighMem kernel the anonymous memory sits in HighMem: what filled low memory is said by zoneText.
      const cause = story.cause && !constrained && !story.lowmem ? ` What filled it: ${locked ? CAUSE_TEXT[story.cause].replace(', which only swap can free', ', locked in memory (unevictable), which not even swap can free') : CAUSE_TEXT[story.cause]}, ${B(story.causeBytes!)} (${P(story.causeBytes! / story.ofBytes!)} of ${d.scope === 'global' ? 'the memory the report lists' : 'the usage'}).` : '';
      const next = e.memcgUsageBelowZeroKb !== undefined ? '' : constrained ? ' Check the allocating task\'s cpuset.mems or numactl binding: bound to a node that lacks memory it can use (a Movable-only node serves no kernel or unmovable allocation), it OOMs while the machine has plenty.'
        : e.allocatingTask ? ' vm.oom_kill_allocating_task is set: the kernel killed the task that was allocating, not the one holding the most memory, so whatever filled memory is still running. Set it back to 0, or find the largest task in the report.'
        : story.allocatable ? ' Lower pods\' limits or raise allocatable (kubeReserved, systemReserved), and find which pods grew.'
        : story.cause === 'sock' ? ' Look at the socket backlog (ss -m in the pod): a reader that stopped reading, or a send queue to a slow peer.'
        : story.cause === 'page-cache' ? ' The kernel should have dropped clean cache before killing: look for cache it could not drop (mapped files, a reader racing the limit), or set memory.high below the limit so reclaim starts earlier.'
        : story.cause === 'dirty-writeback' ? ' Faster storage, lower vm.dirty_ratio / dirty_bytes, or memory.high below the limit so writeback starts sooner.'
        : story.cause === 'kernel' || story.cause === 'slab' ? ' Killing processes frees little here: find the kernel consumer (slab caches, threads).'
        : e.limitWrite !== undefined ? ` Whoever wrote memory.max (a systemd-run -p MemoryMax=, a resource manager, a script's tee) set it below the cgroup's need: raise it back, or free memory in the cgroup before lowering it.${locked ? ' No reclaim could have made it fit.' : ''}`
        : story.cause === 'shmem' ? `${locked ? ' It is unevictable as well (unevictable ≈ shmem in the stats: locked with SHM_LOCK or mlock, or ramfs), so not even swap can free it.' : ''} Killing a process frees shared memory only when it was its last user: find the files (tmpfs, an emptyDir with medium: Memory, /dev/shm; a VM sandbox's guest RAM) and size the limit for them or move them to disk.`
        : d.scope === 'memcg' ? (e.tasks.length ? ' Compare the limit with the task table; raise the limit or find the growth.' : ' Raise the limit or find the growth; the whole report (its task table) names the largest processes.')
        : e.tasks.length ? poolText(e, d.victimRssBytes, ctx.pageSize) ?? ' Look at the largest tasks and at kernel memory (slab) in the report.'
        : e.memInfoPages ? `${share} This report has no task table (vm.oom_dump_tasks is 0, or the paste left it out) to name the other holders; ps or the cgroups' memory.current at the time would.`
        : ' The whole report (its task table and Mem-Info) names the largest tasks and the kernel\'s share.';
      // Only the memory part of a memcg report (usage lines, the stats block): no invocation, no choice, no
      // kill, no task table. A fragment of a kill, or the same dump printed by something else: said as such.
      const fragment = e.triggerLine === undefined && e.constraintLine === undefined && e.killLine === undefined && e.victimPid === undefined
        && e.selectionLine === undefined && !e.killed?.length && !e.stackOnly && e.taskTableLine === undefined && !e.zones?.length
        // `Task in X killed as a result of limit of Y` says a kill happened.
        && !(e.taskMemcg !== undefined && e.oomMemcg !== undefined);
      if (fragment) {
        ctx.report('oom-report/killed', 'warning', s.index, line,
          `The memory part of a memcg OOM report, with no line that invokes the OOM killer or names a victim: ${scope.replace(/^a cgroup limit/, 'the cgroup')}${limit ? ` was at its limit:${limit.replace(/^ The cgroup/, '')}` : ' was at its limit.'}${k8s}${cause}${next.replace(/^ Killing processes frees little here: /, ' ')} Paste the report from its "invoked oom-killer" line through "Killed process" to see whether a kill followed.`,
          { data: { pid: -1, killed: 0, ...(story.causeBytes !== undefined ? { causeBytes: story.causeBytes } : {}) } });
        continue;
      }
      // Only the invocation (and its call trace) survived: the killer ran, but no line says whom it took.
      const invokedOnly = (e.triggerLine !== undefined || e.taskTableLine !== undefined) && e.killLine === undefined && e.constraintLine === undefined && e.victimPid === undefined && e.victimName === undefined && !e.killed?.length && e.memcgUsageBytes === undefined;
      const ran = e.triggerLine !== undefined ? `was invoked${e.invoker ? ` by ${e.invoker}` : ''}` : `ran (its task dump starts at line ${e.taskTableLine! + 1})`;
      const head = invokedOnly ? `The OOM killer ${ran} because of ${scope}; the capture stops before it names a victim (cut short, or only partly pasted).` : `OOM killer killed ${who} because of ${scope}.`;
      // The killer invoked again right after a report that found nothing to kill and retried the fault: the same livelock.
      const loopOf = invokedOnly ? decoded.slice(0, decoded.indexOf(d)).reverse().find((p) => p.event.faultRetryLine !== undefined && p.event.noKillableLine !== undefined) : undefined;
      if (loopOf) {
        ctx.report('oom-report/killed', 'warning', s.index, line,
          `The OOM killer was invoked again${e.invoker ? ` by ${e.invoker}` : ''} after the fault was retried: the livelock the report at line ${loopOf.event.noKillableLine! + 1} describes (no task it may kill), one more turn of it, not a new kill.`,
          { related: [{ line: loopOf.event.noKillableLine!, message: 'no killable processes' }], data: { pid: -1, killed: 0 } });
        continue;
      }
      ctx.report('oom-report/killed', 'critical', s.index, line,
        `${head}${k8s}${mem}${victimSwapText(e, d.scope, ctx.pageSize)}${oneOfGroup}${systemdText(e)}${limit}${cause}${zoneText(story)}${d.scope === 'global' ? swapText(e) + reservedText(e, ctx.pageSize) : ''}${next}`,
        { related: [e.triggerLine, e.constraintLine].filter((l): l is number => l !== undefined && l !== line).map((l) => ({ line: l, message: l === e.triggerLine ? `triggered by ${e.invoker ?? 'an allocation'}` : 'constraint and cgroups' })),
          data: { pid: e.victimPid ?? -1, ...(d.victimRssBytes !== undefined ? { rssBytes: d.victimRssBytes } : {}), killed: group?.length ?? 1, ...(story.causeBytes !== undefined ? { causeBytes: story.causeBytes } : {}) } });
    }
    if (e.slabDumpLine !== undefined) {
      const top = [...e.unreclaimableSlab].sort((a, b) => b.totalBytes - a.totalBytes).slice(0, 3);
      ctx.report('oom-report/slab-dominated', 'warning', s.index, e.slabDumpLine,
        `The kernel found unreclaimable slab larger than all LRU pages and dumped its caches${top.length ? `; the largest: ${top.map((r) => `${r.name} ${B(r.totalBytes)}`).join(', ')}` : ''}. Killing processes frees little when the kernel holds the memory: look for a leaking driver or subsystem.`,
        { related: top.map((r) => ({ line: r.line, message: `${r.name}: ${B(r.totalBytes)}` })) });
    } else if (story.cause === 'slab' && e.memInfoPages?.slab_unreclaimable !== undefined) {
      // No "Unreclaimable slab info" block (older kernels, a cut paste), but Mem-Info shows the same thing.
      ctx.report('oom-report/slab-dominated', 'warning', s.index, e.startLine,
        `Mem-Info at the kill shows ${B(story.causeBytes!)} of unreclaimable slab (slab_unreclaimable:${e.memInfoPages.slab_unreclaimable} pages), more than every page on the LRU lists: the kernel held the memory. Rank /proc/slabinfo caches on the node.`,
        { data: { bytes: story.causeBytes! } });
    }
  }
  for (const f of s.allocationFailures ?? []) {
    if (f.vmallocBytes === 0) {
      // mm/vmalloc.c __vmalloc_node_range refuses a zero size before it looks for memory: the caller's size is wrong.
      ctx.report('oom-report/allocation-failure', 'warning', s.index, f.line,
        `${f.task ?? 'A task'} asked vmalloc for 0 bytes (mode ${f.mode}), which the kernel refuses before it looks for memory: a bug in the caller, whose size came out as zero, not a shortage (whatever the report says of free memory). The caller saw ENOMEM; ${f.caller ? `the call trace names ${f.caller} as the caller: report it upstream.` : 'the call trace names the caller (a driver, usually) to report upstream.'}`,
        { data: { bytes: 0 } });
      continue;
    }
    const purpose = f.caller ? allocCallerText(f.caller) : undefined;
    const from = f.caller ? ` The call trace names ${callerName(f.caller)} as the caller${purpose ? `: ${purpose}` : ''}.` : '';
    if (f.vmallocBytes !== undefined) {
      ctx.report('oom-report/allocation-failure', 'warning', s.index, f.line,
        `${f.task ?? 'A task'} could not vmalloc ${B(f.vmallocBytes)} (mode ${f.mode}). vmalloc needs no contiguous memory, so this is not fragmentation: the node (or the task's cgroup, whose kernel memory is charged) had no pages to give, or the allocation was not allowed to retry (__GFP_NORETRY). No process was killed for it; the caller saw ENOMEM.${from}`,
        { data: { bytes: f.vmallocBytes } });
      continue;
    }
    const bytes = 2 ** f.order * ctx.pageSize;
    const atomic = /GFP_ATOMIC|GFP_NOWAIT/.test(f.mode);
    const cma = cmaShare(f);
    if (f.order === 0 && cma && !movable(f.mode) && cma.cmaKb * 2 >= cma.freeKb) {
      // CMA pageblocks serve movable allocations only (mm/page_alloc.c: ALLOC_CMA is set for movable requests).
      ctx.report('oom-report/allocation-failure', 'warning', s.index, f.line,
        `${f.task ?? 'A task'} could not get a single page (order 0, mode ${f.mode}) while ${kB(cma.freeKb)} was free: ${kB(cma.cmaKb)} of it is in CMA blocks (${cma.from}), which only movable allocations may use, and this one is not movable, so ${kB(Math.max(0, cma.freeKb - cma.cmaKb))} was left to it. Not a lack of memory but of the right kind: a smaller CMA area (the cma= boot parameter or the device tree's reserved region) or a higher vm.min_free_kbytes leaves more for the kernel's own allocations.${from}`,
        { data: { order: 0, cmaKb: cma.cmaKb, freeKb: cma.freeKb } });
      continue;
    }
    if (f.order === 0) {
      // A single page: no contiguity is asked, so this is no fragmentation but a zone with nothing above its watermark.
      ctx.report('oom-report/allocation-failure', 'warning', s.index, f.line,
        `${f.task ?? 'A task'} could not get a single page (order 0, mode ${f.mode}). That is not fragmentation: the zones it may use had no free page above their watermarks${/NOMEMALLOC/.test(f.mode) ? ', and __GFP_NOMEMALLOC kept it out of the reserves' : atomic ? ', and an allocation that may not sleep cannot reclaim' : ''}. Memory pressure, then: look at free against min in the report\'s zone lines, at reclaim (kswapd, swap that stays unused) and at what fills memory.${from}`,
        { data: { order: 0, bytes } });
      continue;
    }
    const costly = f.order > 3;
    const frag = buddyAtOrder(f);
    // The report's own buddy lists: plenty free, almost none of it in blocks this large.
    const fragmented = frag !== undefined && frag.freeKb >= 64 * bytes / 1024 && frag.largeKb < 0.02 * frag.freeKb;
    // Without buddy lists, Mem-Info's free count still says whether memory itself was short.
    const freePages = f.memInfoPages?.free;
    const short = frag === undefined && freePages !== undefined && freePages * ctx.pageSize < 4 * bytes;
    const why = costly ? ` Above order 3 (PAGE_ALLOC_COSTLY_ORDER) the kernel gives up rather than invoke the OOM killer${short ? '' : ', so this is fragmentation more often than shortage'}.`
      : atomic ? ' It was not allowed to sleep, so it could neither reclaim nor compact.' : '';
    const evidence = short ? ` Mem-Info shows only ${B(freePages! * ctx.pageSize)} free in all (free:${freePages} pages), under four times what was asked: memory itself was short, not only large blocks of it. Look at what holds it (slab_unreclaimable and the LRU counts in the same lines).`
      : frag === undefined ? ` Free memory can be plentiful while no free block is large enough: check /proc/buddyinfo for free blocks of order ${f.order} and above.`
      : fragmented ? ` The report's buddy lists show why: ${frag.zones} had ${kB(frag.freeKb)} free, but only ${kB(frag.largeKb)} of it in blocks of ${B(bytes)} or more. Fragmentation, not a shortage.`
      : frag.largeKb < 0.02 * frag.freeKb ? ` The report's buddy lists show little free at all (${frag.zones}, ${kB(frag.freeKb)}), ${kB(frag.largeKb)} of it in blocks of ${B(bytes)} or more: a shortage of memory first, then of large blocks; look at what fills memory.`
      : ` The report's buddy lists show ${kB(frag.largeKb)} free in blocks of ${B(bytes)} or more (${frag.zones}, ${kB(frag.freeKb)} free in all): blocks that large existed, so the zones were short of free memory as a whole (below their watermarks), not only fragmented.`;
    ctx.report('oom-report/allocation-failure', costly || atomic || fragmented ? 'warning' : 'info', s.index, f.line,
      `${f.task ?? 'A task'} could not get ${B(bytes)} of contiguous memory (order ${f.order}, mode ${f.mode}): the allocation failed and its caller saw ENOMEM; this is not an OOM kill.${why}${evidence}${f.swapTotalKb && f.swapFreeKb !== undefined && f.swapFreeKb <= 0.02 * f.swapTotalKb ? ` Swap was full too (${kB(f.swapFreeKb)} free of ${kB(f.swapTotalKb)}).` : ''}${short ? '' : ' A higher vm.min_free_kbytes and compaction (echo 1 > /proc/sys/vm/compact_memory; vm.compaction_proactiveness from 5.9) keep larger blocks free.'}${from}`,
      { data: { order: f.order, bytes, ...(frag ? { freeKb: frag.freeKb, largeKb: frag.largeKb } : {}) } });
  }
}

/**
 * Memory the kernel never had: Mem-Info's `N pages reserved` (mm/show_mem.c), taken at boot by the kernel image,
 * the page array, crashkernel= or hugepages= on the command line and firmware carve-outs; and unevictable pages
 * (an initramfs in ramfs, mlock) filling what is left.
 */
function reservedText(e: OomEvent, pageSize: number): string {
  const out: string[] = [];
  if (e.ramPages && e.reservedPages !== undefined && e.reservedPages > 0.25 * e.ramPages) {
    out.push(` ${P(e.reservedPages / e.ramPages)} of RAM was reserved at boot (${N(e.reservedPages)} of ${N(e.ramPages)} pages, ${B(e.reservedPages * pageSize)}): the kernel image and page array, crashkernel= or hugepages= on the command line, firmware carve-outs. The kernel had only the rest to run on.`);
  }
  const z = e.zones?.map((x) => ({ x, managed: x.countersKb?.managed ?? x.countersKb?.present, unevictable: x.countersKb?.unevictable })).find((y) => y.managed && y.unevictable !== undefined && y.unevictable > 0.5 * y.managed);
  if (z) out.push(` In zone ${z.x.zone}, ${kB(z.unevictable!)} of ${kB(z.managed!)} is unevictable (an initramfs unpacked into ramfs, mlocked or pinned pages): reclaim cannot touch it.`);
  return out.join('');
}

/** Mem-Info's swap lines at a global OOM: full swap (nothing more to page out), or none at all. */
function swapText(e: OomEvent): string {
  if (e.swapTotalKb === undefined || e.swapFreeKb === undefined) return '';
  if (e.swapTotalKb === 0) return ' The node has no swap: only page cache and reclaimable kernel memory could be freed before a kill.';
  return e.swapFreeKb <= 0.02 * e.swapTotalKb ? ` Swap was full as well (${kB(e.swapFreeKb)} free of ${kB(e.swapTotalKb)}): nothing more could be paged out.` : '';
}

/** The victim's swap entries in the task table, when they dwarf what it held resident: it had been paging for a while. */
function victimSwapText(e: OomEvent, scope: DecodedOom['scope'], pageSize: number): string {
  const row = e.victimPid !== undefined ? e.tasks.find((t) => t.pid === e.victimPid) : undefined;
  if (!row || row.swapEntsPages * pageSize < 64 * 2 ** 20 || row.swapEntsPages < row.rssPages) return '';
  const where = scope === 'memcg' ? ' inside its cgroup, meeting the limit by swapping first, so the work slowed long before the kill (memory.swap.max, or the kubelet\'s swap behaviour, bounds this)' : '';
  return ` It also had ${B(row.swapEntsPages * pageSize)} swapped out (swapents ${row.swapEntsPages} in the task table), more than it held resident: it had been paging heavily${where}.`;
}

/** Many processes of one name (a preforking server's workers) holding more together than the victim alone. */
function poolText(e: OomEvent, victimRss: number | undefined, pageSize: number): string | undefined {
  const top = taskGroups(e.tasks, pageSize)[0];
  if (!top || top.processes < 3 || top.name === e.victimName || victimRss === undefined || top.rssBytes <= victimRss) return undefined;
  return ` The largest consumer in the task table is not one process: ${top.processes} ${top.name} processes held ${B(top.rssBytes)} together, more than ${e.victimName ?? 'the victim'} (${B(victimRss)}), but the killer scores each process alone and took the biggest single one. Cap how many ${top.name} workers may run (or what each may grow to), or size memory for all of them.`;
}

/** systemd stopping the rest of the unit after a kill in it. */
function systemdText(e: OomEvent): string {
  const u = e.systemdUnit;
  if (!u?.killed.length) return '';
  const names = u.killed.slice(0, 3).map((k) => `${k.name} (pid ${k.pid})`).join(', ') + (u.killed.length > 3 ? `, and ${u.killed.length - 3} more` : '');
  return ` systemd then killed the rest of ${u.unit} (its OOMPolicy stops the unit on an OOM kill): ${names}. One kernel kill took the whole unit down; OOMPolicy=continue keeps the others running.`;
}

/** v1: memory+swap at its limit while memory is below its own: the memsw limit was the one hit. */
function memswHit(e: OomEvent): boolean {
  return e.memswUsageBytes !== undefined && e.memswLimitBytes !== undefined && e.memcgUsageBytes !== undefined && e.memcgLimitBytes !== undefined
    && e.memswUsageBytes >= 0.99 * e.memswLimitBytes && e.memcgUsageBytes < 0.99 * e.memcgLimitBytes;
}

/** How much of the free memory a failure's report shows is CMA: from the zone lines' free_cma, else the buddy lists' `(C)` blocks. */
function cmaShare(f: AllocationFailure): { freeKb: number; cmaKb: number; from: string } | undefined {
  const zones = f.zones?.filter((z) => z.freeCmaKb !== undefined);
  if (zones?.length) return { freeKb: zones.reduce((t, z) => t + z.freeKb, 0), cmaKb: zones.reduce((t, z) => t + z.freeCmaKb!, 0), from: 'free_cma in the zone lines' };
  const buddy = f.buddyZones?.filter((z) => z.freeKb > 0);
  if (buddy?.length) return { freeKb: buddy.reduce((t, z) => t + z.freeKb, 0), cmaKb: buddy.reduce((t, z) => t + z.cmaOnlyKb, 0), from: 'the buddy lists\' (C) blocks' };
  return undefined;
}

/**
 * Free memory in the failure's buddy lists, and how much of it is in blocks of the order asked for or larger,
 * over the zones the mode allows: __GFP_DMA (bit 0x01 in every kernel's gfp layout) allows the DMA zone only.
 */
function buddyAtOrder(f: AllocationFailure): { zones: string; freeKb: number; largeKb: number } | undefined {
  const hex = /^0x([0-9a-fA-F]+)/.exec(f.mode);
  const dmaOnly = /__GFP_DMA\b(?!32)/.test(f.mode) || (hex !== null && (parseInt(hex[1], 16) & 0x01) !== 0);
  const zones = (f.buddyZones ?? []).filter((z) => !dmaOnly || z.zone === 'DMA');
  if (!zones.length) return undefined;
  const names = [...new Set(zones.map((z) => z.zone))];
  return {
    zones: names.length === 1 ? `zone ${names[0]}${dmaOnly ? ' (the only one __GFP_DMA allows)' : ''}` : `zones ${names.join(', ')}`,
    freeKb: zones.reduce((t, z) => t + z.freeKb, 0),
    largeKb: zones.reduce((t, z) => t + z.byOrderKb.slice(f.order).reduce((u, kb) => u + (kb ?? 0), 0), 0),
  };
}

/** __GFP_MOVABLE is bit 0x08 in every kernel's gfp layout (include/linux/gfp_types.h ___GFP_MOVABLE). */
function movable(mode: string): boolean {
  const hex = /^0x([0-9a-fA-F]+)/.exec(mode);
  return /MOVABLE/.test(mode) || (hex !== null && (parseInt(hex[1], 16) & 0x08) !== 0);
}

/** Android's low-memory killer: all its kills in the log as one story (one kill is routine, a burst is not). */
function lowMemoryKillerRule(s: OomReportSection, kills: DecodedOom[], ctx: RuleContext): void {
  if (!kills.length) return;
  const id = 'oom-report/low-memory-killer';
  const lmk = kills.map((d) => d.event.lowMemoryKiller!);
  const cached = ctx.th(id, 'cached');
  const adj = (d: DecodedOom) => d.event.victimOomScoreAdj ?? d.event.lowMemoryKiller!.adj ?? 1000;
  const lowest = kills.reduce((a, d) => (adj(d) < adj(a) ? d : a));
  const nCached = kills.filter((d) => adj(d) >= cached).length;
  const who = lmk[0].killer === 'lmkd' ? 'lmkd, in user space' : 'the in-kernel lowmemorykiller driver';
  const shown = (d: DecodedOom) => (d.event.lowMemoryKiller!.oomAdjScale ? `oom_adj ${d.event.lowMemoryKiller!.adj}` : `adj ${adj(d)}`);
  const names = kills.slice(0, 4).map((d) => `${d.event.victimName ?? '?'} (pid ${d.event.victimPid ?? '?'}, ${shown(d)})`).join(', ') + (kills.length > 4 ? `, and ${kills.length - 4} more` : '');
  const freed = lmk.reduce((t, x) => t + (x.toFreeKb ?? 0), 0);
  const trigger = lmk.find((x) => x.cacheKb !== undefined && x.limitKb !== undefined);
  const behalf = [...new Set(lmk.map((x) => x.onBehalfOf).filter(Boolean))];
  const why = trigger ? ` It kills when the file cache falls below the minfree level of an adj (here ${trigger.cacheKb} kB < ${trigger.limitKb} kB for adj ${trigger.minAdj})${behalf.length ? `, checked as ${behalf.join(', ')} reclaimed` : ''}.` : '';
  const mix = nCached === kills.length ? ` ${kills.length > 1 ? 'All were cached apps' : 'It was a cached app'} (adj ${cached} or more), which Android kills by design; ${kills.length > 1 ? `${kills.length} in one log is memory running short.` : 'one alone is routine.'}`
    : ` ${nCached ? `${nCached} were cached apps; ` : ''}${lowest.event.victimName ?? '?'} at ${shown(lowest)} was ${adj(lowest) < ctx.th(id, 'foreground') ? 'visible to the user' : 'a service or a recent app, not a cached one'}: memory is short for what runs.`;
  // One cached app killed is Android making room (information); more, or any other app, is a warning; a visible one critical.
  const sev = adj(lowest) < ctx.th(id, 'foreground') ? 'critical' : kills.length > 1 || nCached < kills.length ? 'warning' : 'info';
  ctx.report(id, sev, s.index, lmk[0].line,
    `Android's low-memory killer (${who}) killed ${kills.length} process${kills.length === 1 ? '' : 'es'}: ${names}${freed ? `, freeing ${B(freed * 1024)} in all` : ''}.${why}${mix} The kernel's OOM killer did not run: find what grows (RSS in ps or dumpsys meminfo).`,
    { data: { kills: kills.length, lowestAdj: adj(lowest) }, related: lmk.slice(1).map((x) => ({ line: x.line, message: 'a kill by the same killer' })) });
}

/**
 * Why no task could be killed, from the task table: tasks at oom_score_adj −1000 are never chosen
 * (mm/oom_kill.c oom_badness returns LONG_MIN for OOM_SCORE_ADJ_MIN). When they hold the memory, the cgroup
 * loops in OOM until they free it; otherwise the memory is not the processes'.
 */
function noKillableAdvice(e: OomEvent, cause: string | undefined, pageSize: number): string {
  // pagefault_out_of_memory (5.16+) retries the fault instead of killing: with nothing killable the task faults,
  // invokes the killer and is retried again, without end.
  const loop = e.faultRetryLine !== undefined ? ` The page fault is then retried (line ${e.faultRetryLine + 1}: "VM_FAULT_OOM leaked out … Retrying PF"), so the same task invokes the killer again and again: a livelock that lasts until a protected task frees memory or the limit is raised.` : '';
  const rows = e.headlessTasks;
  if (!e.tasks.length && rows?.length) {
    const prot = rows.filter((t) => t.oomScoreAdj === -1000);
    if (prot.length) return ` ${prot.length === rows.length ? `Every task row the capture holds (${rows.length})` : `${prot.length} of the ${rows.length} task rows the capture holds`} has oom_score_adj −1000, which the killer never chooses: ${prot.slice(0, 3).map((t) => `${t.name} (pid ${t.pid})`).join(', ')}${prot.length > 3 ? ', …' : ''}. A container whose processes all inherit −1000 (set on its init, or by its runtime) can never be OOM-killed.${loop} Give the workload a normal oom_score_adj, or raise the limit.`;
  }
  return noKillableTable(e, cause, pageSize) + loop;
}

function noKillableTable(e: OomEvent, cause: string | undefined, pageSize: number): string {
  const held = e.tasks.filter((t) => t.oomScoreAdj === -1000).sort((a, b) => b.rssPages - a.rssPages);
  const rss = held.reduce((t, x) => t + x.rssPages * pageSize, 0);
  if (held.length && (cause === 'anon' || cause === 'shmem' || rss > 0)) {
    const top = held.slice(0, 3).map((t) => `${t.name} (pid ${t.pid}, ${B(t.rssPages * pageSize)} resident)`).join(', ');
    return ` The memory is the processes' own, and ${held.length === e.tasks.length ? 'every task in the table' : `${held.length} of the table's ${e.tasks.length} tasks`} has oom_score_adj −1000, which the killer never chooses: ${top}. Allocations loop in OOM until such a task frees memory itself. Lower their protection (oom_score_adj), or raise the limit.`;
  }
  // Seconds after boot with an empty task table: no user space yet, so the kernel alone needed more than it had.
  if (e.uptimeSeconds !== undefined && e.uptimeSeconds < 30 && !e.tasks.length) {
    return ` This was ${e.uptimeSeconds.toFixed(1)} s after boot with no task in the table: user space had not started, so the kernel itself (its drivers, their buffers) needed more memory than the machine gave it. A crash kernel or a small VM: raise crashkernel= (or the VM's memory), or load fewer drivers there.`;
  }
  return ' User space could not give the memory back: look at kernel memory (slab, drivers) in the report and at tasks with oom_score_adj −1000.';
}
