/**
 * The sentences of an OOM kill's story (rules/oomReport.ts): the zones that could not serve, low memory on
 * 32-bit, swap, memory reserved at boot, a victim deep in swap, a pool of workers, systemd's follow-up kills,
 * and why nothing could be killed. Each returns '' (or undefined) when the report does not show it.
 */
import { gfpZoneFlags } from '../knowledge/gfp';
import type { OomEvent } from '../model';
import type { DecodedOom } from '../analysis/oomMetrics';
import { badness, taskGroups } from '../analysis/oomTasks';
import { formatBytes as B, formatCount as N, formatPercent as P } from '../humanFormat';

const kB = (n: number) => B(n * 1024);

/** The zones that could not serve, from Mem-Info: CMA pages an unmovable allocation may not take, low memory on 32-bit. */
export function zoneText(story: DecodedOom['story']): string {
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

/**
 * Memory the kernel never had: Mem-Info's `N pages reserved` (mm/show_mem.c), taken at boot by the kernel image,
 * the page array, crashkernel= or hugepages= on the command line and firmware carve-outs; and unevictable pages
 * (an initramfs in ramfs, mlock) filling what is left.
 */
export function reservedText(e: OomEvent, pageSize: number): string {
  const out: string[] = [];
  if (e.ramPages && e.reservedPages !== undefined && e.reservedPages > 0.25 * e.ramPages) {
    out.push(` ${P(e.reservedPages / e.ramPages)} of RAM was reserved at boot (${N(e.reservedPages)} of ${N(e.ramPages)} pages, ${B(e.reservedPages * pageSize)}): the kernel image and page array, crashkernel= or hugepages= on the command line, firmware carve-outs. The kernel had only the rest to run on.`);
  }
  const z = e.zones?.map((x) => ({ x, managed: x.countersKb?.managed ?? x.countersKb?.present, unevictable: x.countersKb?.unevictable })).find((y) => y.managed && y.unevictable !== undefined && y.unevictable > 0.5 * y.managed);
  if (z) out.push(` In zone ${z.x.zone}, ${kB(z.unevictable!)} of ${kB(z.managed!)} is unevictable (an initramfs unpacked into ramfs, mlocked or pinned pages): reclaim cannot touch it.`);
  return out.join('');
}

/**
 * A memcg's swap line (`swap: usage N kB, limit M kB`, v2): anonymous memory filled the cgroup while it could still swap
 * (the limit unlimited or far away). Reclaim did not move enough out: the swap device itself was full, or slow
 * (zram compressing), or swappiness kept it from anon. A limit of 2^63 pages-worth is memory.swap.max `max`.
 */
export function memcgSwapText(e: OomEvent, cause: string | undefined): string {
  // A swap limit of 0 (Kubernetes without swap, memory.swap.max 0) is no swap for the cgroup at all: nothing to say.
  if (e.swapUsageBytes === undefined || e.swapLimitBytes === undefined || cause !== 'anon' || e.swapLimitBytes === 0) return '';
  const unlimited = e.swapLimitBytes >= 2 ** 50;
  if (!unlimited && e.swapUsageBytes >= 0.9 * e.swapLimitBytes) return ` Its swap was at its limit too (${B(e.swapUsageBytes)} of ${B(e.swapLimitBytes)}): nothing more of it could be swapped out.`;
  if (e.swapUsageBytes === 0) return '';
  return ` It had ${B(e.swapUsageBytes)} in swap already and ${unlimited ? 'no swap limit' : `room to ${B(e.swapLimitBytes)}`}: reclaim could have swapped more of its anonymous memory out and did not, so the swap device itself was full or too slow for the charge (zram compressing under load), or swappiness kept reclaim off anonymous pages. Check the swap device (swapon --show) and vm.swappiness / memory.swap.max.`;
}

/** Mem-Info's swap lines at a global OOM: full swap (nothing more to page out), or none at all. */
export function swapText(e: OomEvent, cause?: string): string {
  if (e.swapTotalKb === undefined || e.swapFreeKb === undefined) return '';
  if (e.swapTotalKb === 0) return ' The node has no swap: only page cache and reclaimable kernel memory could be freed before a kill.';
  if (e.swapFreeKb <= 0.02 * e.swapTotalKb) return ` Swap was full as well (${kB(e.swapFreeKb)} free of ${kB(e.swapTotalKb)}): nothing more could be paged out.`;
  // Anonymous memory with most of the swap free could still have been paged out: the kill came before reclaim got to it.
  if (cause === 'anon' && e.swapFreeKb >= 0.5 * e.swapTotalKb && e.swapFreeKb >= 256 * 1024) {
    const where = ineligibleAnon(e);
    return ` Yet swap was mostly free (${kB(e.swapFreeKb)} of ${kB(e.swapTotalKb)}), so that memory could still have been paged out: this OOM came before reclaim got to it${where ? `. ${where}` : ': a request that may not use the zone the memory sits in, swapping held back (vm.swappiness, a cgroup\'s memory.swap.max), or a reclaim bug of its kernel'}.`;
  }
  return '';
}

/**
 * Anonymous memory in zones the failing request may not use: GFP_KERNEL (no __GFP_HIGHMEM, knowledge/gfp.ts) cannot be served from Movable or HighMem, so reclaiming there does not help it.
 */
function ineligibleAnon(e: OomEvent): string | undefined {
  const g = gfpZoneFlags(e.gfpMask);
  if (!g.hex || g.highmem) return undefined;
  const anon = (z: NonNullable<OomEvent['zones']>[number]) => (z.countersKb?.active_anon ?? 0) + (z.countersKb?.inactive_anon ?? 0);
  const zones = e.zones ?? [];
  const out = zones.filter((z) => z.zone === 'Movable' || z.zone === 'HighMem');
  const total = zones.reduce((t, z) => t + anon(z), 0);
  const held = out.reduce((t, z) => t + anon(z), 0);
  if (!total || held < 0.3 * total) return undefined;
  return `${kB(held)} of the anonymous memory (${Math.round((held / total) * 100)} %) sat in ${[...new Set(out.map((z) => z.zone))].join(' and ')}, which this request (${e.gfpMask}) may not use, so freeing it would not have served the allocation, and reclaim of the zones it may use did not get far enough`;
}

/** The victim's swap entries in the task table, when they dwarf what it held resident: it had been paging for a while. */
export function victimSwapText(e: OomEvent, scope: DecodedOom['scope'], pageSize: number): string {
  const row = e.victimPid !== undefined ? e.tasks.find((t) => t.pid === e.victimPid) : undefined;
  if (!row || row.swapEntsPages * pageSize < 64 * 2 ** 20 || row.swapEntsPages < row.rssPages) return '';
  const where = scope === 'memcg' ? ' inside its cgroup, meeting the limit by swapping first, so the work slowed long before the kill (memory.swap.max, or the kubelet\'s swap behaviour, bounds this)' : '';
  return ` It also had ${B(row.swapEntsPages * pageSize)} swapped out (swapents ${row.swapEntsPages} in the task table), more than it held resident: it had been paging heavily${where}.`;
}

/** Many processes of one name (a preforking server's workers) holding more together than the victim alone. */
export function poolText(e: OomEvent, victimRss: number | undefined, pageSize: number): string | undefined {
  const adj = adjChoseText(e, pageSize);
  const top = taskGroups(e.tasks, pageSize)[0];
  if (!top || top.processes < 3 || top.name === e.victimName || victimRss === undefined || top.rssBytes <= victimRss) return adj;
  return `${adj ?? ''} The largest consumer in the task table is not one process: ${top.processes} ${top.name} processes held ${B(top.rssBytes)} together, more than ${e.victimName ?? 'the victim'} (${B(victimRss)})${adj ? '' : ', but the killer scores each process alone and took the biggest single one'}. Cap how many ${top.name} workers may run (or what each may grow to), or size memory for all of them.`;
}

/**
 * A victim that is not the largest task but was chosen for its oom_score_adj: the killer's points (./oomTasks.ts
 * badness) with the adj in them, against the largest task's size. totalpages needs the report's RAM line (and
 * its swap) at a global OOM, or the cgroup's limit.
 */
export function adjChoseText(e: OomEvent, pageSize: number): string | undefined {
  const victim = e.victimPid !== undefined ? e.tasks.find((t) => t.pid === e.victimPid) : undefined;
  if (!victim || victim.oomScoreAdj <= 0) return undefined;
  const total = e.memcgLimitBytes !== undefined && e.oomMemcg !== undefined && e.oomMemcg !== '/' ? Math.floor(e.memcgLimitBytes / pageSize)
    : e.ramPages ? e.ramPages + Math.floor((e.swapTotalKb ?? 0) * 1024 / pageSize) : undefined;
  if (!total) return undefined;
  const v = badness(victim, total, pageSize);
  const largest = e.tasks.filter((t) => t.tgid === t.pid && t.pid !== victim.pid).map((t) => ({ t, b: badness(t, total, pageSize) })).sort((a, b) => b.b.size - a.b.size)[0];
  if (!largest || largest.b.size <= 2 * v.size || v.points < largest.b.points) return undefined;
  const adjNote = largest.t.oomScoreAdj ? ` (its own oom_score_adj ${largest.t.oomScoreAdj} included)` : '';
  return ` oom_score_adj ${victim.oomScoreAdj} chose the victim, not its size: ${e.victimName ?? 'it'} held ${B(v.size * pageSize)} (resident, swapped and page tables), ${largest.t.name} (pid ${largest.t.pid}) ${B(largest.b.size * pageSize)}, but the adj adds ${N(Math.trunc((victim.oomScoreAdj * total) / 1000))} points (${victim.oomScoreAdj} thousandths of ${N(total)} pages of RAM${e.swapTotalKb ? ' and swap' : ''}), ${N(v.points)} in all against ${N(largest.b.points)}${adjNote}. The kill freed little of what filled memory; a browser or runtime that raises its children's adj (Chrome's renderers, Android's cached apps) offers them first by design.`;
}

/** systemd stopping the rest of the unit after a kill in it. */
export function systemdText(e: OomEvent): string {
  const u = e.systemdUnit;
  if (!u?.killed.length) return '';
  const names = u.killed.slice(0, 3).map((k) => `${k.name} (pid ${k.pid})`).join(', ') + (u.killed.length > 3 ? `, and ${u.killed.length - 3} more` : '');
  return ` systemd then killed the rest of ${u.unit} (its OOMPolicy stops the unit on an OOM kill): ${names}. One kernel kill took the whole unit down; OOMPolicy=continue keeps the others running.`;
}

/**
 * Why no task could be killed, from the task table: tasks at oom_score_adj −1000 are never chosen
 * (mm/oom_kill.c oom_badness returns LONG_MIN for OOM_SCORE_ADJ_MIN). When they hold the memory, the cgroup
 * loops in OOM until they free it; otherwise the memory is not the processes'.
 */
export function noKillableAdvice(e: OomEvent, cause: string | undefined, pageSize: number): string {
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
