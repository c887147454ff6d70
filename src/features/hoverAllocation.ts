/**
 * The hover of one allocation profiling row (/proc/allocinfo, or show_mem's `Memory allocations:` in an OOM report):
 * what the call site is, what it holds, and whether that is the kernel's own memory or processes'.
 */
import type { AllocationTag } from '../model';
import { BALLOON_SITES, SLAB_PAGE_SITES, USER_MEMORY_SITES } from '../knowledge/allocTags';
import { formatBytes as B, formatCount as N } from '../humanFormat';

export function allocationRowHover(r: AllocationTag): string {
  const kind = USER_MEMORY_SITES[r.func] ? `processes' memory or page cache: ${USER_MEMORY_SITES[r.func]}`
    : BALLOON_SITES[r.func] ? `pages given back to the hypervisor by ${BALLOON_SITES[r.func]}`
    : SLAB_PAGE_SITES.has(r.func) ? 'the slab caches\' own pages (mm/slub.c): the objects that other rows allocate from slab live inside them'
    : `the kernel's own memory${r.module ? `, allocated by the ${r.module} module` : ''}`;
  return [`**${r.func}**${r.module ? ` [${r.module}]` : ''} — ${r.file}:${r.lineNo}`, '',
    `**${B(r.bytes)}** held (\`${r.raw}\`${/^\d+$/.test(r.raw) ? ' bytes' : ''}) in ${N(r.calls)} live allocation${r.calls === 1 ? '' : 's'}${r.calls > 0 ? `, ${B(r.bytes / r.calls)} each on average` : ''}.`, '',
    `This call site holds ${kind}. Allocation profiling (CONFIG_MEM_ALLOC_PROFILING, lib/alloc_tag.c) counts what each site allocated and has not freed; one that only grows from one capture to the next is a leak.`].join('\n');
}
