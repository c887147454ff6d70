/**
 * Hover knowledge for the kernel's memory threads seen in top, htop or ps rows. Facts from mm/vmscan.c
 * (kswapd), mm/compaction.c (kcompactd), mm/khugepaged.c and
 * Documentation/admin-guide/mm/transhuge.rst; texts are our own wording.
 */
import type { KnowledgeTable } from './types';
import { entry as e, table } from './types';

export const memoryThreadKnowledge: KnowledgeTable = table([
  e('kswapd', 'Background reclaim thread (one per NUMA node)',
    'kswapdN frees memory on node N ahead of need: it wakes when a zone falls below its low watermark, or when an allocation of a higher order finds no block, and reclaims page cache, anonymous memory (to swap) and slab until the zone is above its high watermark.',
    {
      worry: 'A tenth of a CPU or more in top means reclaim never rests (rule threads/reclaim-busy): with little available the node is short and thrashes; with plenty free, high-order requests on fragmented memory keep waking it. Compare pgscan_kswapd and pgsteal_kswapd in /proc/vmstat.',
      source: 'mm/vmscan.c (kswapd, balance_pgdat); Documentation/admin-guide/sysctl/vm.rst (watermark_scale_factor)',
      rules: ['threads/reclaim-busy'],
    }),
  e('kcompactd', 'Background compaction thread (one per NUMA node)',
    'kcompactdN moves movable pages on node N together so that free memory forms larger contiguous blocks; kswapd wakes it when high-order allocations fail, and proactive compaction (vm.compaction_proactiveness, 5.9+) runs it on a timer.',
    {
      worry: 'Busy for long means free memory is fragmented and something keeps asking for large blocks (transparent huge pages, network or driver buffers). See buddyinfo and compact_stall/compact_fail in /proc/vmstat.',
      since: '4.6',
      source: 'mm/compaction.c (kcompactd); Documentation/admin-guide/sysctl/vm.rst (compaction_proactiveness)',
      rules: ['threads/reclaim-busy'],
    }),
  e('khugepaged', 'Transparent huge page collapse thread',
    'khugepaged scans the memory of processes that may use transparent huge pages and collapses runs of small pages into 2 MiB huge pages; it scans a set number of pages per pass (pages_to_scan) and sleeps between passes (scan_sleep_millisecs), and compacts when no 2 MiB block is free.',
    {
      worry: 'Busy for long means it keeps compacting to find 2 MiB blocks. Setting /sys/kernel/mm/transparent_hugepage/enabled (or its khugepaged/defrag) to madvise keeps it to the programs that ask.',
      source: 'mm/khugepaged.c; Documentation/admin-guide/mm/transhuge.rst',
      rules: ['threads/reclaim-busy'],
    }),
]);
