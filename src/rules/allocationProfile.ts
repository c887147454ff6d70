/**
 * show_mem's allocation profiling (`Memory allocations:`, CONFIG_MEM_ALLOC_PROFILING, 6.10+): the call sites
 * holding the most memory when the report was printed. Split into the kernel's own allocations and those that
 * are processes' memory or page cache (knowledge/allocTags.ts), it says who held memory, which Mem-Info only
 * sums. OpenZFS's ARC, for one, is kernel memory there (spl_kmem_cache_alloc, abd_alloc_chunks) and no meminfo
 * cache line.
 */
import type { AllocationTag, OomReportSection, OpaqueSection } from '../model';
import { BALLOON_SITES, MODULE_NOTES, SLAB_PAGE_SITES, USER_MEMORY_SITES } from '../knowledge/allocTags';
import { formatBytes as B, formatCount as N } from '../humanFormat';
import type { RuleContext } from './context';

export function allocationProfileRules(s: OomReportSection, ctx: RuleContext): void {
  // A failure's Mem-Info (and its block) sits in an event of its own too: one finding per block.
  const seen = new Set<AllocationTag[]>();
  for (const b of [...(s.allocationFailures ?? []), ...s.events]) {
    const rows = b.allocations;
    if (!rows?.length || seen.has(rows)) continue;
    seen.add(rows);
    const ram = 'ramPages' in b && b.ramPages ? b.ramPages * ctx.pageSize : undefined;
    profile('oom-report/allocation-profile', rows, s.index, b.allocationsLine ?? rows[0].line, ram, ctx, 'Allocation profiling names the');
  }
}

/**
 * /proc/allocinfo pasted (`sort -g | tail`): the same split of its largest rows; and a call site that grew between two
 * snapshots of one machine, which is how a kernel or driver leak shows (allocinfo/site-growing).
 */
export function allocinfoRules(sections: OpaqueSection[], ctx: RuleContext, memTotalBytes?: number): void {
  for (const s of sections) profile('allocinfo/profile', s.allocations!, s.index, s.startLine, memTotalBytes, ctx, '/proc/allocinfo lists, of the rows pasted, the');
  if (sections.length < 2) return;
  const id = 'allocinfo/site-growing';
  const first = sections[0]; const last = sections[sections.length - 1];
  const key = (r: AllocationTag) => `${r.file}:${r.lineNo} ${r.func}`;
  const before = new Map(first.allocations!.map((r) => [key(r), r]));
  const floor = memTotalBytes ? (ctx.th(id, 'share') / 100) * memTotalBytes : ctx.th(id, 'bytes');
  // Sites that allocate for processes and the page cache grow with the workload: only the kernel's own are judged.
  const grown = last.allocations!.filter((r) => USER_MEMORY_SITES[r.func] === undefined).map((r) => ({ r, was: before.get(key(r)) }))
    .filter((x) => x.was && x.r.bytes >= ctx.th(id, 'factor') * x.was.bytes && x.r.bytes - x.was.bytes >= floor)
    .sort((a, b) => (b.r.bytes - b.was!.bytes) - (a.r.bytes - a.was!.bytes));
  for (const { r, was } of grown.slice(0, 3)) {
    ctx.report(id, 'warning', last.index, r.line,
      `${r.func}${r.module ? ` [${r.module}]` : ''} (${r.file}:${r.lineNo}) grew from ${B(was!.bytes)} to ${B(r.bytes)} between the first and last allocinfo snapshots (${N(was!.calls)} → ${N(r.calls)} live allocations). It is the kernel's own memory${r.module ? `, held by the ${r.module} module` : ''}: a call site that only grows is a leak in it (or a cache without a limit). Capture /proc/allocinfo again under the same load; if it keeps growing, report it with these lines, and reload the module or reboot to get the memory back.`,
      { related: [{ line: was!.line, message: `earlier: ${B(was!.bytes)}` }], data: { fromBytes: was!.bytes, toBytes: r.bytes } });
  }
}

function profile(id: string, rows: AllocationTag[], section: number, line: number, ram: number | undefined, ctx: RuleContext, lead: string): void {
  const total = rows.reduce((t, r) => t + r.bytes, 0);
  if (total <= 0) return;
  const sum = (x: AllocationTag[]) => x.reduce((t, r) => t + r.bytes, 0);
  const user = rows.filter((r) => USER_MEMORY_SITES[r.func] !== undefined);
  const balloon = rows.filter((r) => BALLOON_SITES[r.func] !== undefined);
  const slab = rows.filter((r) => SLAB_PAGE_SITES.has(r.func));
  const other = rows.filter((r) => USER_MEMORY_SITES[r.func] === undefined && BALLOON_SITES[r.func] === undefined && !SLAB_PAGE_SITES.has(r.func));
  // Slab objects are tagged at their callers and slab pages at alloc_slab_page: the kernel held at least the larger.
  const kernelAtLeast = Math.max(sum(slab), sum(other));
  const uBytes = sum(user);
  const name = (r: AllocationTag) => `${r.func}${r.module ? ` [${r.module}]` : ''} ${B(r.bytes)}`;
  const byModule = new Map<string, number>();
  for (const r of other) if (r.module) byModule.set(r.module, (byModule.get(r.module) ?? 0) + r.bytes);
  const modules = [...byModule].sort((a, b) => b[1] - a[1]);
  const zfsModules = modules.filter(([m]) => MODULE_NOTES[m] === 'OpenZFS');
  const zfs = zfsModules.length ? ` OpenZFS (${zfsModules.map(([m, x]) => `${m} ${B(x)}`).join(', ')}) is most likely its ARC: kernel memory that no meminfo cache line counts; it shrinks under pressure, and zfs_arc_max caps it.` : '';
  const heavy = kernelAtLeast > uBytes && kernelAtLeast >= (ram ? 0.1 * ram : 2 ** 30);
  const verdict = heavy ? ` The kernel's own allocations held at least ${B(kernelAtLeast)}, more than processes' memory and page cache in these rows: what fills memory is the kernel's, and killing processes would free little of it.` : '';
  const slabText = slab.length ? `slab pages ${B(sum(slab))} (${[...new Set(slab.map((r) => r.func))].join(', ')}; the slab objects of other rows live inside them, so rows overlap)` : '';
  const otherText = other.length ? `${other.slice(0, 4).map(name).join(', ')}${modules.length ? ` (modules: ${modules.map(([m, x]) => `[${m}] ${B(x)}`).join(', ')})` : ''}` : '';
  const balloonText = balloon.length ? ` ${balloon.map((r) => `${B(r.bytes)} went to ${BALLOON_SITES[r.func]}`).join('; ')}, given back to the hypervisor.` : '';
  ctx.report(id, heavy ? 'warning' : 'info', section, line,
    `${lead} ${rows.length} call sites holding the most memory. The kernel's own: ${[slabText, otherText].filter(Boolean).join('; ') || 'none'}. Processes' memory and page cache: ${B(uBytes)}${user.length ? ` (${user.slice(0, 3).map(name).join(', ')})` : ''}.${balloonText}${zfs}${verdict}`,
    { data: { totalBytes: total, kernelAtLeastBytes: kernelAtLeast, userBytes: uBytes } });
}
