/** OOM report rules (rule-catalog.md §oom-report; mm/oom_kill.c, mm/memcontrol.c, mm/page_alloc.c warn_alloc). */
import type { OomEvent, OomReportSection } from '../model';
import type { DecodedOom } from '../analysis/oomMetrics';
import { CAUSE_TEXT } from '../analysis/oomStory';
import { allocationFailureRules } from './allocationFailure';
import { allocationProfileRules } from './allocationProfile';
import { memcgSwapText, noKillableAdvice, poolText, reservedText, swapText, systemdText, victimSwapText, zoneText } from './oomText';
import { formatBytes as B, formatCount as N, formatPercent as P } from '../humanFormat';
import type { RuleContext } from './context';

const known = (x: number | undefined) => x !== undefined;

const kB = (n: number) => B(n * 1024);

export function oomReportRules(s: OomReportSection, decoded: DecodedOom[], ctx: RuleContext): void {
  lowMemoryKillerRule(s, decoded.filter((d) => d.event.lowMemoryKiller), ctx);
  allocationProfileRules(s, ctx);
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
    if (!isKill && !e.userspace) dumpZoneRule(s, e, ctx);
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
      const named = victimLabel(e);
      const head = named ? `OOM killer killed ${named}`
        : `The OOM killer was invoked${e.invoker ? ` by ${e.invoker}` : ''} (the capture stops before it names a victim)`;
      ctx.report('oom-report/killed', 'critical', s.index, line,
        `${head}, but the report's watermarks cannot be right: zone ${z.zone}'s min is ${kB(z.minKb)}, more than the zone could ever hold. Its managed-page counter went below zero and wrapped (a kernel bug: memory hot-unplug, a balloon driver or DIMM removal moving pages between zones), so allocations fail the watermark check with ${kB(free)} free in the zones listed. Not a shortage, and nothing in the report caused it: report the kernel bug (zoneinfo's managed line shows the wrapped count); a reboot clears it.`,
        { related: story.corruptZones.slice(1).map((x) => ({ line: x.line, message: `${x.zone}: min ${kB(x.minKb)}` })), data: { pid: e.victimPid ?? -1, killed: e.killed?.length ?? 1, corrupt: 1 } });
    } else if (isKill && d.scope === 'global' && /^0x0+\b/.test(e.gfpMask ?? '') && story.zonesAboveHigh) {
      // mm/oom_kill.c pagefault_out_of_memory: a fault returned VM_FAULT_OOM, so the killer ran with no allocation
      // behind it (gfp_mask 0). 5.16 stopped that ("mm, oom: do not trigger out_of_memory from the #PF"): the fault is retried.
      const victim = victimLabel(e) ?? 'a process the capture does not name';
      const slub = e.slubFailures?.find((f) => f.memcg !== undefined) ?? e.slubFailures?.[0];
      const where = slub ? ` The SLUB failures just before it (cache ${slub.cache}${slub.memcg !== undefined ? ` in memory cgroup ${slub.memcg}, id ${slub.memcgId}` : ''}, line ${slub.line + 1}) say where: a kernel-memory allocation${slub.memcg !== undefined ? ' charged to that cgroup' : ''} failed, the fault that needed it returned VM_FAULT_OOM, and a process elsewhere paid for it.` : '';
      ctx.report('oom-report/killed', 'critical', s.index, line,
        `OOM killer killed ${victim} although the node was not out of memory: it was invoked from the page-fault path (gfp_mask=0x0, pagefault_out_of_memory) while every zone in the report was above its high watermark (${kB(story.zonesAboveHigh.freeKb)} free). A page fault failed with VM_FAULT_OOM, and kernels before 5.16 then ran the global OOM killer anyway (later ones retry the fault).${where} Find what returned VM_FAULT_OOM (a memory cgroup's kernel-memory limit, a driver's fault handler); a kernel from 5.16 on no longer kills for it.`,
        { data: { pid: e.victimPid ?? -1, killed: e.killed?.length ?? 1, spurious: 1 } });
    } else if (isKill && e.order === -1) {
      // mm/oom_kill.c moom_callback: SysRq-F runs the killer with order -1 whatever memory is free.
      const free = e.memInfoPages?.free;
      const victim = victimLabel(e) ?? 'the process with the highest score';
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
      // Usage lines far under every limit, and none of the stories below that explain a kill there.
      const spurious = d.scope === 'memcg' && farBelowLimit(e) && !memswHit(e) && e.memcgUsageBelowZeroKb === undefined && e.limitWrite === undefined;
      const limit = e.memcgUsageBelowZeroKb !== undefined
        ? ` The cgroup's usage counter reads 2^64 − ${e.memcgUsageBelowZeroKb} kB: it went below zero (a kernel accounting bug; a page_counter warning before the report shows where) and is printed unsigned, so the kernel sees the cgroup far above its ${e.memcgLimitBytes !== undefined ? B(e.memcgLimitBytes) : ''} limit however little it holds, and kills whatever runs in it. Raising the limit does not help: move the work to a new cgroup and report the kernel bug.`
        : memswHit(e) ? ` The cgroup hit its memory+swap limit (memory.memsw.limit_in_bytes): ${B(e.memswUsageBytes!)} of ${B(e.memswLimitBytes!)}, failed ${e.memswFailcnt} times, with memory itself at ${B(e.memcgUsageBytes!)} of ${B(e.memcgLimitBytes!)}: its share of swap was full, so nothing more could be swapped out.`
        : e.limitWrite !== undefined && e.memcgLimitBytes !== undefined ? ` memory.max was lowered below what the cgroup held: the kill comes from the write itself (memory_max_write in the call trace${e.invoker ? `, by ${e.invoker}` : ''}), at ${e.memcgUsageBytes !== undefined ? B(e.memcgUsageBytes) : 'an unknown amount'} used against the new ${B(e.memcgLimitBytes)} limit. The kernel reclaims, then kills, until the cgroup fits.`
        : spurious ? ` The cgroup used ${B(e.memcgUsageBytes!)} of its ${B(e.memcgLimitBytes!)} limit (${P(e.memcgUsageBytes! / e.memcgLimitBytes!)})${e.memswLimitBytes !== undefined && e.memswLimitBytes < 2 ** 60 && e.memswUsageBytes !== undefined ? `, memory+swap ${B(e.memswUsageBytes)} of ${B(e.memswLimitBytes)}` : ''} when the report was written: far from full, so no limit was hit at that moment. The kill answers a charge that failed earlier (and whose memory was freed since) or a page fault that failed for another reason and was blamed on the cgroup${e.faultOomLine !== undefined ? ` (mem_cgroup_oom_synchronize in the call trace, line ${e.faultOomLine + 1}: the OOM was handled at the end of a page fault, as kernels since 3.12 do, after the charge that failed)` : ''}. A spurious OOM, a kernel bug of its era, not a workload that outgrew its limit: raising the limit would not stop it, a newer kernel does.`
        : e.memcgLimitBytes !== undefined ? ` The cgroup used ${e.memcgUsageBytes !== undefined ? B(e.memcgUsageBytes) : 'an unknown amount'} of a ${B(e.memcgLimitBytes)} limit${failText(e)}.` : '';
      // A victim holding well under the anonymous memory the report lists: others held the rest. A fork of it
      // (a Redis BGSAVE or AOF rewrite, a forking server) counts its copy-on-write pages again as they change.
      const share = story.cause === 'anon' && e.victimAnonRssBytes !== undefined && story.causeBytes && e.victimAnonRssBytes < 0.6 * story.causeBytes
        ? ` The victim held ${B(e.victimAnonRssBytes)} of the ${B(story.causeBytes)} of anonymous memory: other processes held the rest, perhaps a fork of it (a Redis BGSAVE or AOF rewrite, a preforking server), whose copy-on-write pages are counted again as either side writes them.` : '';
      // Shared memory that is also unevictable (ramfs, SHM_LOCK, mlock) is beyond swap's reach too.
      const locked = story.cause === 'shmem' && (e.memcgStats?.unevictable ?? 0) >= 0.9 * (e.memcgStats?.shmem ?? Infinity);
      // On a 32-bit HighMem kernel the anonymous memory sits in HighMem: what filled low memory is said by zoneText.
      // Nearly all RAM reserved (Mem-Info's `N pages reserved`): the little left is all the report lists, so what fills that
      // is no cause, and no kill frees the rest.
      const starved = d.scope === 'global' && bootStarved(e);
      const causeText = story.cause === 'page-cache' && d.scope === 'global' ? 'page cache that reclaim gave up on (the zones say all_unreclaimable)' : story.cause ? CAUSE_TEXT[story.cause] : '';
      const cause = story.cause && !constrained && !story.lowmem && !starved && !spurious ? ` What filled it: ${locked ? causeText.replace(', which only swap can free', ', locked in memory (unevictable), which not even swap can free') : causeText}, ${B(story.causeBytes!)} (${P(story.causeBytes! / story.ofBytes!)} of ${d.scope === 'global' ? 'the memory the report lists' : 'the usage'}).` : '';
      const next = e.memcgUsageBelowZeroKb !== undefined || spurious ? '' : starved
        ? ` Nothing in the report filled memory: ${B((e.ramPages! - e.reservedPages!) * ctx.pageSize)} was all there was${e.invoker === 'kthreadd' || e.invoker === 'swapper' ? `, and ${e.invoker}, a kernel thread, asked while the machine was still booting, before any user task ran` : ''}. Reserve less at boot (crashkernel=, hugepages=, memmap=, a firmware carve-out); early in boot, memory not yet handed to the allocator (deferred struct page init on large NUMA machines) is counted here as well.`
        : constrained ? ' Check the allocating task\'s cpuset.mems or numactl binding: bound to a node that lacks memory it can use (a Movable-only node serves no kernel or unmovable allocation), it OOMs while the machine has plenty.'
        : e.allocatingTask ? ' vm.oom_kill_allocating_task is set: the kernel killed the task that was allocating, not the one holding the most memory, so whatever filled memory is still running. Set it back to 0, or find the largest task in the report.'
        : story.allocatable ? ' Lower pods\' limits or raise allocatable (kubeReserved, systemReserved), and find which pods grew.'
        : story.cause === 'sock' ? ' Look at the socket backlog (ss -m in the pod): a reader that stopped reading, or a send queue to a slow peer.'
        : story.cause === 'page-cache' && d.scope === 'global' ? ' The kernel drops clean cache before it kills, so this cache could not be dropped: files mapped and in use, pages pinned by a file system or driver, or reclaim giving up on the zones too early (a kernel bug of its era). Look at what holds those files (lsof, the file system\'s own caches) and at the kernel version.'
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
        `${head}${k8s}${mem}${clampedChoice(e, ctx.pageSize)}${victimSwapText(e, d.scope, ctx.pageSize)}${oneOfGroup}${systemdText(e)}${limit}${cause}${d.scope === 'memcg' ? memcgSwapText(e, story.cause) : ''}${zoneText(story)}${d.scope === 'global' ? swapText(e, zoneText(story) ? undefined : story.cause) + reservedText(e, ctx.pageSize) : ''}${next}`,
        { related: [e.triggerLine, e.constraintLine].filter((l): l is number => l !== undefined && l !== line).map((l) => ({ line: l, message: l === e.triggerLine ? `triggered by ${e.invoker ?? 'an allocation'}` : 'constraint and cgroups' })),
          data: { pid: e.victimPid ?? -1, ...(d.victimRssBytes !== undefined ? { rssBytes: d.victimRssBytes } : {}), killed: group?.length ?? 1, ...(story.causeBytes !== undefined ? { causeBytes: story.causeBytes } : {}) } });
    }
    if (e.slabDumpLine !== undefined) {
      const top = [...e.unreclaimableSlab].sort((a, b) => b.totalBytes - a.totalBytes).slice(0, 3);
      ctx.report('oom-report/slab-dominated', 'warning', s.index, e.slabDumpLine,
        `The kernel found unreclaimable slab larger than all LRU pages and dumped its caches${top.length ? `; the largest: ${top.map((r) => `${r.name} ${B(r.totalBytes)}`).join(', ')}` : ''}. Killing processes frees little when the kernel holds the memory: look for a leaking driver or subsystem.`,
        { related: top.map((r) => ({ line: r.line, message: `${r.name}: ${B(r.totalBytes)}` })) });
    } else if (story.cause === 'slab' && e.memInfoPages?.slab_unreclaimable !== undefined && !bootStarved(e)) {
      // No "Unreclaimable slab info" block (older kernels, a cut paste), but Mem-Info shows the same thing.
      ctx.report('oom-report/slab-dominated', 'warning', s.index, e.startLine,
        `Mem-Info at the kill shows ${B(story.causeBytes!)} of unreclaimable slab (slab_unreclaimable:${e.memInfoPages.slab_unreclaimable} pages), more than every page on the LRU lists: the kernel held the memory. Rank /proc/slabinfo caches on the node.`,
        { data: { bytes: story.causeBytes! } });
    }
  }
  allocationFailureRules(s, ctx);

}

/** Mem-Info says 90 % or more of RAM was reserved: the kernel ran on the rest (mm/show_mem.c `pages reserved`). */
function bootStarved(e: OomEvent): boolean {
  return !!e.ramPages && e.reservedPages !== undefined && e.reservedPages >= 0.9 * e.ramPages;
}

/** The victim as the report names it, or undefined when no line does. */
function victimLabel(e: OomEvent): string | undefined {
  return e.victimName !== undefined || e.victimPid !== undefined ? `${e.victimName ?? 'a process'}${e.victimPid !== undefined ? ` (pid ${e.victimPid})` : ''}` : undefined;
}

/**
 * failcnt counts charges refused at the limit since the cgroup was made (mm/page_counter.c): each one sent the
 * cgroup into reclaim. Millions of them say it had lived at its limit long before the kill.
 */
function failText(e: OomEvent): string {
  const n = e.memcgFailcnt;
  // v1's unlimited memsw is the 2^63-rounded sentinel printed in kB: no limit to compare with.
  // Within 2 % of its limit, memory+swap was full as well: its swap allowance was spent, so reclaim could swap nothing out.
  // A memory+swap limit equal to the memory limit (Kubernetes, docker without --memory-swap) allows no swap: nothing to say.
  const known = e.memswLimitBytes !== undefined && e.memswLimitBytes < 2 ** 60 && e.memswUsageBytes !== undefined
    && (e.memcgLimitBytes === undefined || e.memswLimitBytes >= e.memcgLimitBytes + 2 ** 20);
  const memsw = !known ? ''
    : e.memswUsageBytes! < 0.98 * e.memswLimitBytes! ? `; memory+swap was at ${B(e.memswUsageBytes!)} of its ${B(e.memswLimitBytes!)}, so memory itself was the limit hit`
    : `; memory+swap was full as well (${B(e.memswUsageBytes!)} of its ${B(e.memswLimitBytes!)}${e.memswFailcnt !== undefined ? `, failcnt ${N(e.memswFailcnt)}` : ''}): its swap allowance was spent too, so reclaim could swap nothing more out`;
  if (n === undefined || n < 100_000) return memsw;
  return `, and it had been refused a charge ${N(n)} times (failcnt): each sent it into reclaim, so it lived at its limit long before this kill${memsw}`;
}

/**
 * A victim holding almost nothing while another task holds most, all at one strongly negative oom_score_adj:
 * kernels before 5.9 clamped every negative score to 1 in oom_badness, so all tied and the scan order chose
 * (mm/oom_kill.c; commit 9066e5cfb73c "mm, oom: make the calculation of oom badness more accurate").
 */
function clampedChoice(e: OomEvent, pageSize: number): string {
  const victim = e.tasks.find((t) => t.pid === e.victimPid);
  if (!victim || e.tasks.length < 2) return '';
  const top = [...e.tasks].sort((a, b) => b.rssPages - a.rssPages)[0];
  const adj = victim.oomScoreAdj;
  if (top === victim || adj > -500 || !e.tasks.every((t) => t.oomScoreAdj === adj) || victim.rssPages * 100 > top.rssPages) return '';
  return ` The victim held ${B(victim.rssPages * pageSize)} while ${top.name} (pid ${top.pid}) held ${B(top.rssPages * pageSize)}: every task has oom_score_adj ${adj}, which drives every score below zero, and kernels before 5.9 clamped those to 1: every task tied, and the order of the scan chose, not size. The kill freed nothing and the limit stays full: a newer kernel scores them apart; a less negative oom_score_adj for the workload does too.`;
}

/**
 * A memcg OOM whose usage lines show every limit far from full (under 80 %): no charge could have failed against
 * them when the report was written. kmem at its own limit is a limit hit, so it does not count.
 */
function farBelowLimit(e: OomEvent): boolean {
  const under = (used: number | undefined, limit: number | undefined) => limit === undefined || limit >= 2 ** 60 || (used !== undefined && used < 0.8 * limit);
  return e.memcgUsageBytes !== undefined && e.memcgLimitBytes !== undefined && e.memcgLimitBytes < 2 ** 60 && e.memcgUsageBytes < 0.8 * e.memcgLimitBytes
    && under(e.memswUsageBytes, e.memswLimitBytes) && under(e.kmemUsageBytes, e.kmemLimitBytes);
}

/** v1: memory+swap at its limit while memory is below its own: the memsw limit was the one hit. */
function memswHit(e: OomEvent): boolean {
  return e.memswUsageBytes !== undefined && e.memswLimitBytes !== undefined && e.memcgUsageBytes !== undefined && e.memcgLimitBytes !== undefined
    && e.memswUsageBytes >= 0.99 * e.memswLimitBytes && e.memcgUsageBytes < 0.99 * e.memcgLimitBytes;
}

/**
 * Processes the oom_reaper reaped with no OOM report above them: killed from user space (Android kernels hand the apps
 * lmkd kills to the reaper, reap_mem_on_sigkill). Their adj is not in the log, so the number of kills is the story.
 */
function reapedKills(s: OomReportSection, kills: DecodedOom[], ctx: RuleContext): void {
  const id = 'oom-report/low-memory-killer';
  const first = kills[0].event.lowMemoryKiller!;
  const names = kills.slice(0, 4).map((d) => `${d.event.victimName ?? '?'} (pid ${d.event.victimPid ?? '?'})`).join(', ') + (kills.length > 4 ? `, and ${kills.length - 4} more` : '');
  const t0 = kills[0].event.time; const t1 = kills[kills.length - 1].event.time;
  const span = !t0 ? '' : t1 && t1 !== t0 ? ` between ${t0} and ${t1}` : ` at ${t0}`;
  ctx.report(id, kills.length > 1 ? 'warning' : 'info', s.index, first.line,
    `${kills.length} process${kills.length === 1 ? ' was' : 'es were'} killed from user space and reaped by the kernel's oom_reaper${span}: ${names}. No OOM report stands above ${kills.length === 1 ? 'its reaper line' : 'their reaper lines'}, so the kernel's OOM killer did not choose ${kills.length === 1 ? 'it' : 'them'}: on Android, lmkd killed them (the kernel reaps what lmkd kills, reap_mem_on_sigkill). ${kills.length > 1 ? 'Several kills close together is memory running short: ' : 'One kill is routine: '}logcat's lowmemorykiller lines give each app's adj and the reason, and dumpsys meminfo what grows.`,
    { data: { kills: kills.length }, related: kills.slice(1).map((d) => ({ line: d.event.lowMemoryKiller!.line, message: 'another reaped process' })) });
}

/** Android's low-memory killer: all its kills in the log as one story (one kill is routine, a burst is not). */
function lowMemoryKillerRule(s: OomReportSection, kills: DecodedOom[], ctx: RuleContext): void {
  if (!kills.length) return;
  const id = 'oom-report/low-memory-killer';
  const lmk = kills.map((d) => d.event.lowMemoryKiller!);
  const cached = ctx.th(id, 'cached');
  // Kills known only from the reaper's lines say no adj: they are judged by their number alone.
  if (lmk.every((x) => x.killer === 'user-space')) { reapedKills(s, kills, ctx); return; }
  const adj = (d: DecodedOom) => d.event.victimOomScoreAdj ?? d.event.lowMemoryKiller!.adj ?? 1000;
  const lowest = kills.reduce((a, d) => (adj(d) < adj(a) ? d : a));
  const nCached = kills.filter((d) => adj(d) >= cached).length;
  const who = lmk[0].killer === 'lmkd' ? 'lmkd, in user space' : 'the in-kernel lowmemorykiller driver';
  const shown = (d: DecodedOom) => (d.event.lowMemoryKiller!.oomAdjScale ? `oom_adj ${d.event.lowMemoryKiller!.adj}` : d.event.lowMemoryKiller!.killer === 'user-space' && d.event.victimOomScoreAdj === undefined ? 'adj not logged' : `adj ${adj(d)}`);
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
 * A memory dump with no kill (SysRq-m, or a report's zone lines pasted alone) whose zone lines show a zone under its
 * min watermark: every allocation there reclaims for itself. zsmalloc's pages (`zspages:`, zram and zswap's compressed
 * store) are named when they hold most of that zone.
 */
function dumpZoneRule(s: OomReportSection, e: OomEvent, ctx: RuleContext): void {
  if (!dumpMemInfoRule(s, e, ctx)) dumpZonesBelowMin(s, e, ctx);
}

/**
 * A Mem-Info dump whose own counts show memory used up: the page cache is gone (file LRU under 1 % of what the
 * lines count) and free is under 5 %. The largest holder is named (mm/show_mem.c prints these counts in pages).
 */
function dumpMemInfoRule(s: OomReportSection, e: OomEvent, ctx: RuleContext): boolean {
  const p = e.memInfoPages;
  if (!p || p.free === undefined || p.active_file === undefined || p.inactive_file === undefined) return false;
  const holders: [string, number][] = [
    ['anonymous memory', (p.active_anon ?? 0) + (p.inactive_anon ?? 0)],
    ['unevictable pages (mlock, SHM_LOCK, ramfs: no reclaim frees them)', p.unevictable ?? 0],
    ['unreclaimable slab', p.slab_unreclaimable ?? 0],
    ['reclaimable slab', p.slab_reclaimable ?? 0],
    ['page tables', p.pagetables ?? 0],
  ];
  const file = p.active_file + p.inactive_file;
  const counted = holders.reduce((t, h) => t + h[1], 0) + file + p.free;
  if (counted * ctx.pageSize < 64 * 2 ** 20 || file > 0.01 * counted || p.free > 0.05 * counted) return false;
  const top = holders.sort((a, b) => b[1] - a[1])[0];
  const pg = (n: number) => B(n * ctx.pageSize);
  ctx.report('meminfo/low-available', 'warning', s.index, e.startLine,
    `This memory dump shows memory used up when it was printed: the page cache is gone (${pg(file)} of file pages) and ${pg(p.free)} is free, ${P(p.free / counted)} of the ${pg(counted)} its lines count. The largest holder: ${top[0]}, ${pg(top[1])} (${P(top[1] / counted)}). The lines above it in the log (an OOM kill, an allocation failure) say what followed; ${top[0].startsWith('unevictable') ? 'find what locks it (a ramfs or tmpfs with locked pages, mlockall in a process, a VM\'s locked guest RAM).' : 'find who holds it.'}`,
    { data: { freePages: p.free, filePages: file, countedPages: counted } });
  return true;
}

function dumpZonesBelowMin(s: OomReportSection, e: OomEvent, ctx: RuleContext): void {
  const low = (e.zones ?? []).filter((z) => z.minKb > 0 && z.freeKb < z.minKb && (z.countersKb?.managed ?? 1) > 0 && (z.countersKb?.present ?? 1) > 0);
  if (!low.length) return;
  const z = low[0];
  const managed = z.countersKb?.managed;
  const zs = z.countersKb?.zspages;
  const zsText = zs !== undefined && managed ? (zs >= 0.5 * managed
    ? ` zsmalloc held ${kB(zs)} of it (zspages: the compressed pages of zram or zswap), ${P(zs / managed)} of the zone's ${kB(managed)} managed memory: the compressed store has filled the zone, so compressing more frees nothing. Cap it (zram's mem_limit or a smaller disksize; zswap's max_pool_percent).`
    : ` zsmalloc (zram, zswap) held ${kB(zs)} of it.`) : '';
  ctx.report('zoneinfo/below-watermark', 'warning', s.index, z.line,
    `Zone ${z.node !== undefined ? `${z.zone} of node ${z.node}` : z.zone} had ${kB(z.freeKb)} free when this memory dump was printed, under its min watermark of ${kB(z.minKb)}${low.length > 1 ? ` (and ${low.slice(1).map((x) => x.zone).join(', ')} too)` : ''}: every allocation there reclaims for itself, and only atomic ones may dip below.${zsText}`,
    { data: { freeKb: z.freeKb, minKb: z.minKb, ...(zs !== undefined ? { zspagesKb: zs } : {}) } });
}

