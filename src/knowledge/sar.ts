/**
 * Hover knowledge for the columns of sysstat's sar memory reports (sar -B, -W, -r, -S). Facts from
 * sysstat's man page sar(1) and rd_stats.c/pr_stats.c (which /proc file each column comes from);
 * texts are our own wording.
 */
import type { KnowledgeTable } from './types';
import { entry as e, table } from './types';

const SRC = 'sysstat sar(1); rd_stats.c, pr_stats.c';

export const sarKnowledge: KnowledgeTable = table([
  e('pgpgin/s', 'KiB paged in per second', 'KiB read from disk per second (pgpgin of /proc/vmstat): file reads and swap-in.', { source: SRC }),
  e('pgpgout/s', 'KiB paged out per second', 'KiB written to disk per second (pgpgout): writeback and swap-out.', { source: SRC }),
  e('fault/s', 'Page faults per second', 'Minor and major page faults per second (pgfault); most need no I/O.', { source: SRC }),
  e('majflt/s', 'Major faults per second', 'Faults that had to read the page from disk (pgmajfault): swap-in and first reads of mapped files.', { worry: 'Steady hundreds per second on a node whose working set should fit: it is re-reading what reclaim dropped.', source: SRC, rules: ['vmstat/major-faults'] }),
  e('pgfree/s', 'Pages freed per second', 'Pages put on the free lists per second (pgfree): every free, not only reclaim.', { source: SRC }),
  e('pgscank/s', 'Pages scanned by kswapd per second', 'Pages kswapd examined for reclaim per second (pgscan_kswapd).', { worry: 'Millions per second with pgsteal/s far below: reclaim is spinning (rule vmstat/reclaim-inefficient).', source: SRC, rules: ['vmstat/reclaim-inefficient'] }),
  e('pgscand/s', 'Pages scanned directly per second', 'Pages allocating tasks examined themselves per second (pgscan_direct): direct reclaim, latency in the task that allocates.', { worry: 'Above zero in most intervals (rule vmstat/direct-reclaim).', source: SRC, rules: ['vmstat/direct-reclaim'] }),
  e('pgsteal/s', 'Pages reclaimed per second', 'Pages reclaimed from the page cache and swap per second (pgsteal_*). Older sysstat summed the per-type counters of 5.x kernels twice, so %vmeff could pass 100.', { source: SRC, rules: ['vmstat/reclaim-inefficient'] }),
  e('%vmeff', 'Reclaim efficiency', 'pgsteal / pgscan in percent: how many scanned pages reclaim could free. Near 100 % is good; 0 when nothing was scanned.', { worry: 'Below 10 % while scanning is heavy: the pages scanned are in use, dirty or locked (rule vmstat/reclaim-inefficient). Above 100 % is impossible and a sysstat counting error.', source: SRC, rules: ['vmstat/reclaim-inefficient'] }),
  e('pswpin/s', 'Pages swapped in per second', 'Swap pages read back per second (pswpin).', { worry: 'Steady together with pswpout/s: thrashing (rule vmstat/swapping).', source: SRC, rules: ['vmstat/swapping'] }),
  e('pswpout/s', 'Pages swapped out per second', 'Pages written to swap per second (pswpout).', { source: SRC, rules: ['vmstat/swapping'] }),
  e('kbmemfree', 'Free memory (KiB)', 'MemFree of /proc/meminfo.', { source: SRC }),
  e('kbavail', 'Available memory (KiB)', 'MemAvailable of /proc/meminfo: what can be had without swapping (sysstat 11.6+).', { source: SRC, rules: ['meminfo/low-available'] }),
  e('kbmemused', 'Used memory (KiB)', 'sysstat\'s own sum: MemTotal − MemFree − Buffers − Cached − Slab in recent versions (older ones left Buffers and Cached in), so it differs from free(1)\'s "used".', { source: SRC }),
  e('%memused', 'Used memory (percent)', 'kbmemused as a share of MemTotal.', { source: SRC }),
  e('kbbuffers', 'Buffers (KiB)', 'Buffers of /proc/meminfo.', { source: SRC }),
  e('kbcached', 'Page cache (KiB)', 'Cached of /proc/meminfo.', { source: SRC }),
  e('kbcommit', 'Committed memory (KiB)', 'Committed_AS of /proc/meminfo: memory promised to processes.', { source: SRC, rules: ['meminfo/overcommitted'] }),
  e('%commit', 'Committed memory (percent)', 'kbcommit as a share of RAM plus swap; above 100 % is normal with the default overcommit heuristic.', { source: SRC }),
  e('kbactive', 'Active memory (KiB)', 'Active of /proc/meminfo.', { source: SRC }),
  e('kbinact', 'Inactive memory (KiB)', 'Inactive of /proc/meminfo: the first to be reclaimed.', { source: SRC }),
  e('kbdirty', 'Dirty memory (KiB)', 'Dirty of /proc/meminfo: written but not yet on disk.', { source: SRC, rules: ['meminfo/dirty-high'] }),
  e('kbswpfree', 'Free swap (KiB)', 'SwapFree of /proc/meminfo.', { source: SRC }),
  e('kbswpused', 'Used swap (KiB)', 'SwapTotal − SwapFree.', { source: SRC, rules: ['meminfo/swap-used'] }),
  e('%swpused', 'Used swap (percent)', 'kbswpused as a share of SwapTotal.', { source: SRC }),
  e('kbswpcad', 'Swap cached (KiB)', 'SwapCached of /proc/meminfo: swapped pages also in memory.', { source: SRC }),
]);
