/**
 * The rows of `numastat -p PID` (numactl numastat.c, show_process_info): /proc/PID/numa_maps summed by
 * node, each mapping filed by the first of these words its line holds, else under Private.
 */
export const NUMASTAT_PROCESS_ROWS: Record<string, string> = {
  Huge: 'huge-page mappings (numa_maps lines marked `huge`: hugetlbfs and SHM_HUGETLB, counted in huge pages); transparent huge pages inside ordinary mappings are under Private',
  Heap: 'the `[heap]` mapping (brk): the C allocator\'s main arena',
  Stack: 'the `[stack]` mapping of the main thread (other threads\' stacks are anonymous mappings, under Private)',
  Private: 'every other mapping: anonymous memory, mapped files and shared libraries, thread stacks',
  Total: 'the sum of the rows above',
};
