/**
 * The page size a capture proves. Counts in pages (an OOM report's Mem-Info and task table, vmstat,
 * zoneinfo, slabinfo's pagesperslab) are bytes only at the machine's page size, and arm64, ppc64, ia64
 * and MIPS kernels run with 16 or 64 KiB pages: read at 4 KiB, every such number is 4 or 16 times too small.
 * A setting cannot know the page size of a paste from another machine; some captures say it themselves.
 */
import type { KeyValueSection, OomReportSection, PageSizeClue, ParsedDocument, SlabinfoSection } from '../model';

/** Base page sizes Linux is built with (arch/Kconfig PAGE_SIZE_*: 4, 8 on sparc64/alpha, 16, 64 KiB). */
const PAGE_SIZES = [4096, 8192, 16384, 65536];

/** A ratio of bytes to pages within 3 % of a page size: that page size. */
function nearPageSize(bytesPerPage: number): number | undefined {
  return PAGE_SIZES.find((p) => Math.abs(bytesPerPage - p) <= p * 0.03);
}

/**
 * The first clue in the document, strongest kind first:
 * 1. an OOM report's or allocation failure's buddy line, whose first block is one page (`6*64kB`:
 *    mm/show_mem.c prints every order from 0);
 * 2. Mem-Info's `free:N` pages against the zones' `free:…kB`;
 * 3. a killed process's total-vm in kB against its task-table row in pages;
 * 4. raw slabinfo: objects per slab × object size cannot exceed the slab's pages (a bound, used when
 *    4 KiB pages cannot hold them);
 * 5. meminfo's MemFree against vmstat's nr_free_pages of the same moment.
 */
export function pageSizeClue(doc: ParsedDocument): PageSizeClue | undefined {
  const oom = doc.sections.filter((s): s is OomReportSection => s.kind === 'oom-report');
  for (const s of oom) {
    for (const r of [...s.events, ...(s.allocationFailures ?? [])]) {
      if (r.buddyPageKb !== undefined && r.buddyPageLine !== undefined) {
        const bytes = nearPageSize(r.buddyPageKb * 1024);
        if (bytes) return { bytes, line: r.buddyPageLine, how: 'buddy', text: `the buddy list's smallest block is ${r.buddyPageKb}kB` };
      }
    }
  }
  for (const s of oom) {
    for (const r of [...s.events, ...(s.allocationFailures ?? [])]) {
      const pages = r.memInfoPages?.free;
      const zones = r.zones;
      if (!pages || !zones?.length) continue;
      const kb = zones.reduce((t, z) => t + z.freeKb, 0);
      const bytes = nearPageSize((kb * 1024) / pages);
      if (bytes) return { bytes, line: zones[0].line, how: 'free-pages', text: `Mem-Info's free:${pages} pages are the zones' ${kb} kB free` };
    }
  }
  for (const s of oom) {
    for (const e of s.events) {
      const row = e.victimPid !== undefined && e.victimTotalVmBytes ? e.tasks.find((t) => t.pid === e.victimPid && t.totalVmPages > 0) : undefined;
      if (!row || e.killLine === undefined) continue;
      const bytes = nearPageSize(e.victimTotalVmBytes! / row.totalVmPages);
      if (bytes) return { bytes, line: e.killLine, how: 'task-table', text: `the victim's total-vm of ${e.victimTotalVmBytes! / 1024} kB is ${row.totalVmPages} pages in the task table` };
    }
  }
  const slab = doc.sections.find((s): s is SlabinfoSection => s.kind === 'slabinfo' && s.variant !== 'slabtop' && !s.approximate?.length && s.caches.length > 0);
  if (slab) {
    // The page size each cache needs at least; the largest need is a floor for all (SLAB keeps its metadata off the slab, so ≤).
    let need = 0; let line = -1; let name = '';
    for (const c of slab.caches) {
      if (c.pagesPerSlab <= 0 || c.objPerSlab <= 0) continue;
      const n = (c.objPerSlab * c.objSize) / c.pagesPerSlab;
      if (n > need) { need = n; line = c.line; name = c.name; }
    }
    const bytes = need > PAGE_SIZES[0] ? PAGE_SIZES.find((p) => p >= need) : undefined;
    if (bytes) {
      const c = slab.caches.find((x) => x.line === line)!;
      return { bytes, line, how: 'slabinfo', text: `${name} fits ${c.objPerSlab} objects of ${c.objSize} B in ${c.pagesPerSlab} page${c.pagesPerSlab === 1 ? '' : 's'}` };
    }
  }
  const meminfo = doc.sections.find((s): s is KeyValueSection => s.kind === 'meminfo' && s.variant === undefined);
  const vmstat = meminfo && doc.sections.find((s): s is KeyValueSection => s.kind === 'vmstat' && (s.capturedAt === meminfo.capturedAt));
  const memFree = meminfo?.byKey.MemFree; const nrFree = vmstat?.byKey.nr_free_pages;
  if (memFree && nrFree && nrFree.value > 0 && memFree.value > 0) {
    const bytes = nearPageSize((memFree.value * 1024) / nrFree.value);
    if (bytes) return { bytes, line: nrFree.line, how: 'vmstat', text: `nr_free_pages ${nrFree.value} is meminfo's MemFree of ${memFree.value} kB` };
  }
  return undefined;
}
