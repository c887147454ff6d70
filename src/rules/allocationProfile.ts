/**
 * show_mem's allocation profiling (`Memory allocations:`, CONFIG_MEM_ALLOC_PROFILING, 6.10+): the call sites
 * holding the most memory when the report was printed. Split into the kernel's own allocations and those that
 * are processes' memory or page cache (knowledge/allocTags.ts), it says who held memory, which Mem-Info only
 * sums. OpenZFS's ARC, for one, is kernel memory there (spl_kmem_cache_alloc, abd_alloc_chunks) and no meminfo
 * cache line.
 */
import type { AllocationTag, OomReportSection } from '../model';
import { BALLOON_SITES, MODULE_NOTES, SLAB_PAGE_SITES, USER_MEMORY_SITES } from '../knowledge/allocTags';
import { formatBytes as B } from '../humanFormat';
import type { RuleContext } from './context';

export function allocationProfileRules(s: OomReportSection, ctx: RuleContext): void {
  const id = 'oom-report/allocation-profile';
  // A failure's Mem-Info (and its block) sits in an event of its own too: one finding per block.
  const seen = new Set<AllocationTag[]>();
  for (const b of [...(s.allocationFailures ?? []), ...s.events]) {
    const rows = b.allocations;
    if (!rows?.length || seen.has(rows)) continue;
    seen.add(rows);
    const total = rows.reduce((t, r) => t + r.bytes, 0);
    if (total <= 0) continue;
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
    const ram = 'ramPages' in b && b.ramPages ? b.ramPages * ctx.pageSize : undefined;
    const heavy = kernelAtLeast > uBytes && kernelAtLeast >= (ram ? 0.1 * ram : 2 ** 30);
    const verdict = heavy ? ` The kernel's own allocations held at least ${B(kernelAtLeast)}, more than processes' memory and page cache in these rows: what fills memory is the kernel's, and killing processes would free little of it.` : '';
    const slabText = slab.length ? `slab pages ${B(sum(slab))} (${slab.map((r) => r.func).join(', ')}; the slab objects of other rows live inside them, so rows overlap)` : '';
    const otherText = other.length ? `${other.slice(0, 4).map(name).join(', ')}${modules.length ? ` (modules: ${modules.map(([m, x]) => `[${m}] ${B(x)}`).join(', ')})` : ''}` : '';
    const balloonText = balloon.length ? ` ${balloon.map((r) => `${B(r.bytes)} went to ${BALLOON_SITES[r.func]}`).join('; ')}, given back to the hypervisor.` : '';
    ctx.report(id, heavy ? 'warning' : 'info', s.index, b.allocationsLine ?? rows[0].line,
      `Allocation profiling names the ${rows.length} call sites holding the most memory. The kernel's own: ${[slabText, otherText].filter(Boolean).join('; ') || 'none'}. Processes' memory and page cache: ${B(uBytes)}${user.length ? ` (${user.slice(0, 3).map(name).join(', ')})` : ''}.${balloonText}${zfs}${verdict}`,
      { data: { totalBytes: total, kernelAtLeastBytes: kernelAtLeast, userBytes: uBytes } });
  }
}
