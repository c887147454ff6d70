/**
 * The kernel's memory threads in top or ps rows: kswapd (mm/vmscan.c) sleeps until a zone of its node falls
 * below the low watermark, or an allocation of a higher order wakes it; kcompactd (mm/compaction.c) runs when
 * kswapd needs contiguous blocks; khugepaged (mm/khugepaged.c) scans a few thousand pages per pass and sleeps
 * between passes. A tenth of a CPU or more on one of them means that work never rests.
 */
import type { MemoryThreadRow, OpaqueSection } from '../model';
import { formatBytes as B, formatPercent as P } from '../humanFormat';
import type { RuleContext } from './context';

/** What the rest of the document says about free memory, for the story. */
export interface ThreadFacts {
  totalBytes?: number;
  availableBytes?: number;
  freeBytes?: number;
}

const ROLE: Record<string, string> = {
  kswapd: 'reclaims memory',
  kcompactd: 'compacts memory',
  khugepaged: 'collapses small pages into transparent huge pages',
};

export function memoryThreadRules(sections: OpaqueSection[], facts: ThreadFacts, ctx: RuleContext): void {
  const id = 'threads/reclaim-busy';
  const min = ctx.th(id, 'warning');
  // One finding per thread: top -b repeats every row per sample, and the busiest sample tells it.
  const busiest = new Map<string, { row: MemoryThreadRow; section: number; samples: number }>();
  for (const s of sections) for (const row of s.threads ?? []) {
    const b = busiest.get(row.name);
    if (!b) busiest.set(row.name, { row, section: s.index, samples: 1 });
    else { b.samples++; if (row.cpuPercent > b.row.cpuPercent) { b.row = row; b.section = s.index; } }
  }
  for (const { row, section, samples } of busiest.values()) {
    if (row.cpuPercent < min) continue;
    const family = /^[a-z]+/.exec(row.name)![0].replace(/\d+$/, '');
    const node = /^(?:kswapd|kcompactd)(\d+)/.exec(row.name)?.[1];
    const over = row.layout === 'ps' ? 'on average over its life (ps)' : samples > 1 ? `in the busiest of ${samples} samples` : 'in this sample';
    // BusyBox top prints a share of all CPUs together: on a small box that is a whole core or more.
    const of = row.layout === 'busybox' ? 'of all CPUs together (BusyBox top)' : 'of a CPU';
    const head = `${row.name} used ${row.cpuPercent} % ${of} ${over}: the kernel ${ROLE[family] ?? 'works'}${node !== undefined ? ` for NUMA node ${node}` : ''} nearly without pause.`;
    ctx.report(id, 'warning', section, row.line, `${head}${story(family, facts)}`, { data: { cpuPercent: row.cpuPercent } });
  }
}

function story(family: string, f: ThreadFacts): string {
  const short = f.availableBytes !== undefined && f.totalBytes ? f.availableBytes / f.totalBytes < 0.1 : false;
  const plenty = f.freeBytes !== undefined && (f.totalBytes ? f.freeBytes / f.totalBytes >= 0.2 : f.freeBytes >= 2 ** 30);
  const freeText = f.freeBytes !== undefined ? `${B(f.freeBytes)}${f.totalBytes ? ` (${P(f.freeBytes / f.totalBytes)})` : ''} is free` : '';
  if (family === 'kswapd' && short) return ` Only ${B(f.availableBytes!)} (${P(f.availableBytes! / f.totalBytes!)}) is available: the node is short of memory, and reclaim evicts page cache that is read straight back (thrashing; I/O wait follows). Find what holds the memory before the OOM killer does.`;
  if (plenty && family === 'khugepaged') return ` Yet ${freeText}: this is no shortage. Each collapse needs a free 2 MiB block, and with free memory in small blocks it compacts first. Read buddyinfo; transparent_hugepage/enabled or defrag set to madvise keeps it to the programs that ask.`;
  if (plenty) return ` Yet ${freeText}: high-order requests (transparent huge pages, network buffers) keep the kernel reclaiming and compacting because free memory is in small blocks. Read buddyinfo; transparent_hugepage/defrag set to defer or madvise, or a higher vm.min_free_kbytes, calm it.`;
  if (family === 'khugepaged') return ' With fragmented memory every collapse compacts first. Check /sys/kernel/mm/transparent_hugepage/enabled and defrag (madvise keeps khugepaged to the programs that ask) and buddyinfo.';
  return ' Compare MemAvailable, pgscan_kswapd and pgsteal_kswapd in /proc/vmstat, and memory PSI, from the same moment.';
}
