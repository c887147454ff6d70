/**
 * Hover knowledge for cgroup memory files: memory.stat (v2 and v1, including
 * the generated v1 `total_*` keys), memory.events(.local), memory.swap.events
 * and single-value files (memory.current, memory.max, memory.limit_in_bytes...).
 * Facts from Documentation/admin-guide/cgroup-v2.rst, cgroup-v1/memory.rst and
 * mm/memcontrol.c; texts are our own wording. Units come from src/formats/units.ts.
 */
import type { KnowledgeEntry, KnowledgeTable } from './types';
import { entry, table, type Rest } from './types';

const V2 = 'Documentation/admin-guide/cgroup-v2.rst (memory.stat)';
const V2_CODE = `${V2}; mm/memcontrol.c memory_stats[]`;
const V1 = 'Documentation/admin-guide/cgroup-v1/memory.rst §5.2 (memory.stat)';
const V1V2 = `${V2}; ${V1}`;
const V2_EVENTS = 'Documentation/admin-guide/cgroup-v2.rst (memory.events)';
const V2_SWAP_EVENTS = 'Documentation/admin-guide/cgroup-v2.rst (memory.swap.events)';
const V2_FILES = 'Documentation/admin-guide/cgroup-v2.rst (memory interface files)';
const V1_FILES = 'Documentation/admin-guide/cgroup-v1/memory.rst';

const e = entry;

const WS_K8S =
  'The kubelet and cAdvisor compute the working set as usage − inactive_file (v1: usage_in_bytes − total_inactive_file); kubectl top and container_memory_working_set_bytes show that number, and it is what eviction ranks pods by.';
const COUNTER = 'A cumulative event counter since the cgroup was created: compare two snapshots to get a rate.';

// Kubernetes pkg/volume/configmap (plain emptyDir: node disk), pkg/volume/secret,
// pkg/volume/projected, pkg/volume/downwardapi (emptyDir medium Memory: tmpfs).
// A tmpfs page is charged to the cgroup of the task that wrote it (kubernetes PR 25306).
const TMPFS_K8S =
  'emptyDir volumes with medium: Memory and /dev/shm inside the pod land here and count fully toward the container limit and working set, charged to the container that writes the files. Secret, downward API and projected volumes (including service-account tokens) are tmpfs too, but the kubelet writes them, so their small size is charged outside the pod. ConfigMap volumes are not tmpfs at all: they are files on the node\'s disk under the kubelet directory.';

// mm/filemap.c filemap_fault(): PGMAJFAULT whenever the page is not in the page
// cache, first reads included; refaults are the workingset_refault_* counters.
const MAJFAULT_WHAT =
  'Faults that had to wait for I/O: a file page not yet in the page cache (including the first touch of a mapped file or program binary) or a page coming back from swap.';
const MAJFAULT_WORRY =
  'A high rate alone is not thrashing: starting programs and reading mmap()ed files fault in pages for the first time. Thrashing is pages coming back soon after eviction, which workingset_refault_file and workingset_refault_anon count (and memory.pressure shows as stall time); near the limit, rising refaults with major faults mean the container re-reads its own evicted data.';

// ---------------------------------------------------------------------------
// cgroup v1 keys that have a `total_` twin. Keys that v1 shares with v2
// (shmem, pgfault, the LRU lists...) get v1-specific wording here for the
// generated total_* entries; the main table keeps the v2 text for the plain key.
// ---------------------------------------------------------------------------
const v1Counters: KnowledgeEntry[] = [
  e('cache', 'Page cache (v1)',
    'Page cache charged to the cgroup, including tmpfs/shmem pages. The v2 equivalent is `file`.',
    {
      kubernetes: 'cAdvisor reports it as container_memory_cache. Only its inactive part is left out of the working set.',
      worry: 'When cache minus shmem is more than half of usage, the limit is being filled by page cache (rule memory-stat/page-cache-heavy).',
      source: V1, rules: ['memory-stat/page-cache-heavy'],
    }),
  e('rss', 'Anonymous memory (v1)',
    'Anonymous memory and swap cache charged to the cgroup, transparent huge pages included; despite the name it is not the process RSS (mapped file pages are in mapped_file). The v2 equivalent is `anon`.',
    {
      kubernetes: 'cAdvisor reports it as container_memory_rss. The part of the container that only swap or an OOM kill can free.',
      source: V1,
    }),
  e('rss_huge', 'Anonymous transparent huge pages (v1)',
    'Anonymous memory backed by transparent huge pages; a subset of rss. The v2 equivalent is `anon_thp`.',
    { source: V1 }),
  e('shmem', 'Shared memory and tmpfs',
    'tmpfs, shared-memory and shared anonymous pages charged to this cgroup. They are part of the page cache counter but sit on the anon LRU lists and can only leave RAM through swap or deletion.',
    {
      kubernetes: TMPFS_K8S,
      worry: 'Above 20 % of usage (rule memory-stat/shmem-heavy).',
      source: V1V2, rules: ['memory-stat/shmem-heavy'],
    }),
  e('mapped_file', 'Mapped file pages (v1)',
    'Page cache of this cgroup currently mapped into processes (libraries, mmap()ed files, mapped tmpfs). rss + mapped_file approximates the resident set size of the cgroup. The v2 equivalent is `file_mapped`.',
    { kubernetes: 'cAdvisor reports it as container_memory_mapped_file.', source: V1 }),
  e('dirty', 'Dirty page cache (v1)',
    'Page cache of this cgroup modified but not yet written to storage. The v2 equivalent is `file_dirty`.',
    { source: V1 }),
  e('writeback', 'Page cache under writeback (v1)',
    'Page cache of this cgroup queued or in flight to storage. The v2 equivalent is `file_writeback`.',
    { source: V1 }),
  e('swap', 'Swap used (v1)',
    'Swap space used by this cgroup\'s pages. Present only when swap accounting is enabled. The v2 equivalent is the file memory.swap.current.',
    { kubernetes: 'cAdvisor reports it as container_memory_swap.', source: V1 }),
  e('pgpgin', 'Pages charged (v1)',
    'Number of times a page was charged to the cgroup (an anon page mapped or a cache page added). An event count, not disk I/O. v2 drops this key.',
    { source: V1 }),
  e('pgpgout', 'Pages uncharged (v1)',
    'Number of times a page was uncharged from the cgroup. An event count; pgpgin − pgpgout roughly tracks the change in usage. v2 drops this key.',
    { source: V1 }),
  e('pgfault', 'Page faults',
    `Page faults taken by processes in the cgroup, minor and major together. Minor faults are cheap (the page was already in memory or just needed zeroing). ${COUNTER}`,
    { kubernetes: 'cAdvisor exposes it as container_memory_failures_total{failure_type="pgfault"}.', source: V1V2 }),
  e('pgmajfault', 'Major page faults',
    `${MAJFAULT_WHAT} ${COUNTER}`,
    {
      kubernetes: 'cAdvisor exposes it as container_memory_failures_total{failure_type="pgmajfault"}.',
      worry: MAJFAULT_WORRY,
      source: `${V1V2}; mm/filemap.c`,
    }),
  e('inactive_anon', 'Inactive anonymous memory',
    'Anonymous and shmem pages on the inactive anon LRU: cold, first to be swapped out if swap exists.',
    { kubernetes: 'Counted in the working set; the kubelet subtracts only inactive file pages.', source: V1V2 }),
  e('active_anon', 'Active anonymous memory',
    'Anonymous and shmem pages on the active anon LRU: recently used heap, stacks and tmpfs.',
    { source: V1V2 }),
  e('inactive_file', 'Inactive page cache',
    'Page cache on the inactive file LRU: the first and cheapest memory to reclaim when the cgroup nears its limit.',
    { kubernetes: WS_K8S, source: V1V2 }),
  e('active_file', 'Active page cache',
    'Page cache on the active file LRU: files accessed repeatedly. Reclaimable, but only after the kernel first deactivates it.',
    {
      kubernetes: 'Counted as used by the kubelet and cAdvisor (only inactive file pages are subtracted), so cache-heavy pods look bigger than they are (kubernetes issue 43916).',
      worry: 'Above 25 % of the working set the kubelet\'s numbers overstate pressure (rule memory-stat/active-file-in-working-set).',
      source: V1V2, rules: ['memory-stat/active-file-in-working-set'],
    }),
  e('unevictable', 'Unevictable memory',
    'Pages of the cgroup that reclaim must skip: mlocked memory, ramfs, locked shared memory.',
    { source: V1V2 }),
];

const v1TotalOverrides: Record<string, Partial<KnowledgeEntry>> = {
  inactive_file: {
    kubernetes: 'On cgroup v1 the kubelet and cAdvisor use total_inactive_file (not inactive_file) to compute the working set: memory.usage_in_bytes − total_inactive_file, floored at 0. This is the number behind kubectl top and eviction.',
  },
  cache: {
    kubernetes: 'cAdvisor reads total_cache for container_memory_cache when hierarchy is on (always, in practice).',
  },
  rss: {
    kubernetes: 'cAdvisor reads total_rss for container_memory_rss when hierarchy is on (always, in practice).',
  },
  mapped_file: { kubernetes: 'cAdvisor reads total_mapped_file for container_memory_mapped_file.' },
  swap: { kubernetes: 'cAdvisor reads total_swap for container_memory_swap.' },
};

function lowerFirst(s: string): string {
  return s.length > 1 && /[A-Z][a-z]/.test(s.slice(0, 2)) ? s[0]!.toLowerCase() + s.slice(1) : s;
}

function makeTotal(local: KnowledgeEntry): KnowledgeEntry {
  const over = v1TotalOverrides[local.name] ?? {};
  const title = local.title.replace(/ \(v1\)$/, '');
  return {
    ...local,
    ...over,
    name: `total_${local.name}`,
    title: `Hierarchical ${lowerFirst(title)} (v1)`,
    what: `${local.what} The total_ form sums this cgroup and all of its descendants, while the plain key covers this cgroup alone; prefer total_ when reading a pod or QoS-level cgroup.`,
    source: V1,
  };
}

/** Generated cgroup v1 `total_<counter>` entries. */
export const memoryStatV1TotalKnowledge: KnowledgeTable = table(v1Counters.map(makeTotal));

const v1Only = new Set(['cache', 'rss', 'rss_huge', 'mapped_file', 'dirty', 'writeback', 'swap', 'pgpgin', 'pgpgout']);

// ---------------------------------------------------------------------------
// memory.stat (v2 keys first; v1-only keys after).
// ---------------------------------------------------------------------------
const v2Entries: KnowledgeEntry[] = [
  e('anon', 'Anonymous memory',
    'Memory not backed by a file: heaps, stacks, private anonymous mappings, including anonymous transparent huge pages. tmpfs and shared memory are not here (see shmem). Only swap or killing a process can free it.',
    {
      kubernetes: 'cAdvisor reports it as container_memory_rss on cgroup v2. For the root cgroup the kubelet approximates usage as anon + file.',
      worry: 'If anon alone approaches memory.max, the container really needs more memory (or leaks); page-cache tuning will not help.',
      source: V2_CODE,
    }),
  e('file', 'Page cache (including tmpfs/shmem)',
    'File-backed memory charged to the cgroup: the page cache of files it read or wrote, plus all its tmpfs and shared-memory pages (shmem).',
    {
      kubernetes: 'cAdvisor reports it as container_memory_cache. Only inactive_file is removed from the working set, so active cache counts toward kubectl top and eviction.',
      worry: 'file − shmem above 50 % of usage (rule memory-stat/page-cache-heavy): the limit is being reached by cache (logs, file I/O) rather than heap. Usually harmless, but it can cause reclaim stalls near the limit.',
      source: V2_CODE, rules: ['memory-stat/page-cache-heavy'],
    }),
  // mm/memcontrol.c: `kernel` is MEMCG_KMEM (added in 5.18); socket buffers are
  // charged separately as MEMCG_SOCK and are not part of it.
  e('kernel', 'Kernel memory (total)',
    'Kernel memory charged to the cgroup in one figure: slab, kernel stacks, page tables, per-CPU data, vmalloc and other kernel allocations made on its behalf. Socket buffers are not included: they are charged on their own and shown as `sock`. Not broken down per NUMA node.',
    {
      kubernetes: 'Counted in memory.current and therefore in the limit and working set, but invisible as a separate item in kubectl top.',
      worry: 'Above 30 % of usage (rule memory-stat/kernel-heavy): look at slab_unreclaimable, kernel_stack and pagetables to see what dominates; check sock separately, since it comes on top of this figure.',
      since: '5.18',
      source: V2_CODE, rules: ['memory-stat/kernel-heavy'],
    }),
  e('kernel_stack', 'Kernel stacks',
    'Kernel-mode stacks of the cgroup\'s threads, one per thread, so it tracks the thread count.',
    {
      worry: 'Growth means threads are piling up (thread leak, unbounded pools); the pod pids limit caps it.',
      source: V2_CODE, rules: ['memory-stat/kernel-heavy'],
    }),
  e('pagetables', 'Page tables',
    'Memory for the page tables of the cgroup\'s processes. Large when many processes map big regions (forking servers, databases sharing large buffers without huge pages).',
    { source: V2_CODE, rules: ['memory-stat/kernel-heavy'] }),
  e('sec_pagetables', 'Secondary page tables',
    'Secondary page tables charged to the cgroup, in practice KVM guest (EPT/NPT or stage-2) mappings, e.g. for KubeVirt virtual machines.',
    { since: '≈6.1', source: V2_CODE }),
  e('percpu', 'Per-CPU memory',
    'Per-CPU allocations charged to the cgroup, mainly its own per-CPU statistics. Not broken down per NUMA node.',
    {
      worry: 'Dying cgroups keep their per-CPU memory until fully released; with heavy pod churn it adds up at the parent level.',
      source: V2_CODE,
    }),
  e('sock', 'Socket buffers',
    'Memory of network socket transmit and receive buffers charged to the cgroup. It counts in memory.current but is not part of `kernel`. Not broken down per NUMA node.',
    {
      worry: 'Large values come from many connections or slow readers with big buffers; the cgroup can be throttled on socket memory (memory.events sock_throttled).',
      source: V2_CODE, rules: ['memory-stat/kernel-heavy'],
    }),
  e('vmalloc', 'vmalloc memory',
    'Virtually contiguous kernel memory allocated on behalf of the cgroup. Not broken down per NUMA node.',
    { source: V2_CODE }),
  e('shmem', 'Shared memory and tmpfs',
    'tmpfs, shared-memory and shared anonymous pages charged to the cgroup. Counted inside `file`, but they sit on the anon LRU lists and cannot be dropped like cache: only deleting the files or swapping frees them.',
    {
      kubernetes: TMPFS_K8S,
      worry: 'Above 20 % of usage (rule memory-stat/shmem-heavy): look for files accumulating on tmpfs.',
      source: V1V2, rules: ['memory-stat/shmem-heavy'],
    }),
  e('zswap', 'zswap pool (compressed)',
    'RAM used by zswap for this cgroup\'s compressed pages.',
    { source: V2_CODE }),
  e('zswapped', 'Memory in zswap (original size)',
    'Uncompressed size of the cgroup\'s pages currently stored in zswap; zswapped ÷ zswap is the compression ratio.',
    { source: V2_CODE }),
  e('file_mapped', 'Mapped page cache',
    'Page cache of this cgroup mapped into process address spaces (libraries, mmap()ed files, mapped tmpfs).',
    { kubernetes: 'cAdvisor reports it as container_memory_mapped_file.', source: V2_CODE }),
  e('file_dirty', 'Dirty page cache',
    'Page cache changed by the cgroup but not yet written back. It cannot be reclaimed until written.',
    {
      worry: 'A large share near the limit slows reclaim: the cgroup must wait for writeback before it can free cache.',
      source: V2_CODE,
    }),
  e('file_writeback', 'Page cache under writeback',
    'Page cache of the cgroup queued for or in the middle of writing to storage.',
    { source: V2_CODE }),
  e('swapcached', 'Swap cache',
    'Pages of the cgroup that are in RAM and also still have a copy in swap.',
    { source: V2_CODE }),
  e('anon_thp', 'Anonymous transparent huge pages',
    'Anonymous memory of the cgroup backed by transparent huge pages; a subset of anon.',
    {
      worry: 'With THP "always", sparse allocators can waste most of each huge page and hit the limit early.',
      source: V2_CODE,
    }),
  e('file_thp', 'Page cache in huge pages',
    'File page cache of the cgroup held in transparent huge pages.',
    { source: V2_CODE }),
  e('shmem_thp', 'Shared memory in huge pages',
    'shmem/tmpfs memory of the cgroup held in transparent huge pages.',
    { source: V2_CODE }),
  e('inactive_anon', 'Inactive anonymous memory',
    'Anonymous and shmem pages on the inactive anon LRU: cold, swapped out first when swap exists. LRU totals need not equal the anon/file counters, which are based on page type, not list (shmem sits on anon lists).',
    { kubernetes: 'Counted in the working set; the kubelet subtracts only inactive file pages.', source: V2_CODE }),
  e('active_anon', 'Active anonymous memory',
    'Anonymous and shmem pages on the active anon LRU: recently used heap, stacks and tmpfs.',
    { source: V2_CODE }),
  e('inactive_file', 'Inactive page cache',
    'Page cache on the inactive file LRU: the first and cheapest memory to reclaim when the cgroup nears its limit.',
    { kubernetes: WS_K8S, source: V2_CODE }),
  e('active_file', 'Active page cache',
    'Page cache on the active file LRU: files accessed repeatedly. Reclaimable, but only after the kernel first deactivates it.',
    {
      kubernetes: 'Counted as used by the kubelet and cAdvisor (only inactive_file is subtracted), so cache-heavy pods look bigger than they are and may be evicted first (kubernetes issue 43916).',
      worry: 'Above 25 % of the working set the kubelet\'s numbers overstate pressure (rule memory-stat/active-file-in-working-set).',
      source: V2_CODE, rules: ['memory-stat/active-file-in-working-set'],
    }),
  e('unevictable', 'Unevictable memory',
    'Pages of the cgroup that reclaim must skip: mlocked memory, ramfs, locked shared memory.',
    { source: V1V2 }),
  e('slab_reclaimable', 'Reclaimable slab',
    'Kernel slab objects charged to the cgroup that can be freed under pressure, mostly dentries and inodes of files the cgroup touched.',
    {
      kubernetes: 'Counts toward the container limit; small-file or log-heavy pods can carry a lot of it. The kernel shrinks it when the cgroup nears its limit.',
      source: V2_CODE, rules: ['slabinfo/dentry-inode-heavy'],
    }),
  e('slab_unreclaimable', 'Unreclaimable slab',
    'Kernel slab objects charged to the cgroup that memory pressure cannot free (in-use kernel objects such as sockets, file structures, task structures).',
    {
      worry: 'Steady growth with a stable workload suggests leaking kernel objects (sockets, file descriptors, threads).',
      source: V2_CODE, rules: ['memory-stat/kernel-heavy'],
    }),
  e('slab', 'Slab (total)',
    'Sum of slab_reclaimable and slab_unreclaimable, printed right after them.',
    { source: V2_CODE, rules: ['memory-stat/kernel-heavy'] }),
  e('workingset_refault_anon', 'Refaults of anonymous pages',
    `Swapped-out anonymous pages that were needed again soon after eviction. ${COUNTER}`,
    {
      worry: 'A steady rate means the anon working set does not fit: the cgroup swaps pages out only to pull them back.',
      since: '≈5.9', source: V2_CODE,
    }),
  e('workingset_refault_file', 'Refaults of file pages',
    `Evicted page-cache pages that were read again soon afterwards, detected through shadow entries the kernel leaves behind. ${COUNTER}`,
    {
      worry: 'A steady high rate: the cgroup\'s file working set does not fit within its limit and it is re-reading its own files (thrashing). Raise the limit or reduce file I/O.',
      since: '≈5.9', source: V2_CODE,
    }),
  e('workingset_activate_anon', 'Refaulted anon pages activated',
    `Refaulted anonymous pages judged part of the working set and put straight onto the active list. ${COUNTER}`,
    { since: '≈5.9', source: V2_CODE }),
  e('workingset_activate_file', 'Refaulted file pages activated',
    `Refaulted page-cache pages judged part of the working set and put straight onto the active list. ${COUNTER}`,
    { since: '≈5.9', source: V2_CODE }),
  e('workingset_restore_anon', 'Hot anon pages restored',
    `Refaulted anonymous pages that had been in the active working set before eviction: the clearest sign of memory thrashing. ${COUNTER}`,
    { worry: 'Any steady rate means hot memory is being evicted.', since: '≈5.9', source: V2_CODE }),
  e('workingset_restore_file', 'Hot file pages restored',
    `Refaulted page-cache pages that had been in the active working set before eviction: the clearest sign of file-cache thrashing. ${COUNTER}`,
    { worry: 'Any steady rate means hot cache is being evicted.', since: '≈5.9', source: V2_CODE }),
  e('workingset_nodereclaim', 'Shadow nodes reclaimed',
    `Times the kernel reclaimed the small tree nodes that remember evicted pages (shadow entries), which limits how well refaults can be detected. ${COUNTER}`,
    { source: V2_CODE }),
  e('workingset_refault', 'Refaults (before the anon/file split)',
    `Older kernels' combined count of evicted pages needed again soon after eviction; newer kernels split it into workingset_refault_anon and workingset_refault_file. ${COUNTER}`,
    { worry: 'A steady rate means the working set does not fit in the limit (thrashing).', source: V2_CODE }),
  e('workingset_activate', 'Refaults activated (before the anon/file split)',
    `Older kernels' combined count of refaulted pages put straight onto the active list; newer kernels split it by anon/file. ${COUNTER}`,
    { source: V2_CODE }),
  e('pswpin', 'Pages swapped in',
    `Pages of the cgroup read back from swap. ${COUNTER}`,
    { worry: 'A sustained rate alongside pswpout means the cgroup is swapping its working set.', source: V2_CODE }),
  e('pswpout', 'Pages swapped out',
    `Pages of the cgroup written to swap. ${COUNTER}`,
    { source: V2_CODE }),
  e('pgscan', 'Pages scanned by reclaim',
    `Pages the kernel examined on the inactive lists while reclaiming for this cgroup, from any source. ${COUNTER}`,
    {
      worry: 'A scan rate far above the steal rate (pgsteal/pgscan efficiency well below ~50 %) means reclaim works hard for little: the cgroup is short of reclaimable memory.',
      source: V2_CODE, rules: ['vmstat/direct-reclaim'],
    }),
  e('pgsteal', 'Pages reclaimed',
    `Pages actually freed from this cgroup by reclaim, from any source. ${COUNTER}`,
    { source: V2_CODE }),
  e('pgscan_kswapd', 'Pages scanned by kswapd',
    `Pages scanned for this cgroup by the background reclaimer (kswapd), which works without stalling applications. ${COUNTER}`,
    { source: V2_CODE }),
  e('pgscan_direct', 'Pages scanned by direct reclaim',
    `Pages scanned by the allocating tasks themselves because memory was short (the cgroup was at memory.high/memory.max or the node was low). Every such scan is latency added to an allocation. ${COUNTER}`,
    {
      worry: 'A rising value means processes in the cgroup stall in reclaim; near the limit it usually precedes an OOM kill. Check memory.pressure.',
      source: V2_CODE, rules: ['vmstat/direct-reclaim'],
    }),
  e('pgscan_khugepaged', 'Pages scanned by khugepaged',
    `Pages scanned by reclaim that khugepaged triggered while collapsing transparent huge pages. ${COUNTER}`,
    { source: V2_CODE }),
  e('pgscan_proactive', 'Pages scanned by proactive reclaim',
    `Pages scanned because someone wrote to memory.reclaim (proactive reclaim, e.g. by a memory-tiering or Senpai-style agent). ${COUNTER}`,
    { source: V2_CODE }),
  e('pgsteal_kswapd', 'Pages reclaimed by kswapd',
    `Pages freed from this cgroup by the background reclaimer (kswapd). ${COUNTER}`,
    { source: V2_CODE }),
  e('pgsteal_direct', 'Pages reclaimed by direct reclaim',
    `Pages freed from this cgroup by allocating tasks reclaiming for themselves. ${COUNTER}`,
    { source: V2_CODE, rules: ['vmstat/direct-reclaim'] }),
  e('pgsteal_khugepaged', 'Pages reclaimed for khugepaged',
    `Pages freed by reclaim that khugepaged triggered. ${COUNTER}`,
    { source: V2_CODE }),
  e('pgsteal_proactive', 'Pages reclaimed proactively',
    `Pages freed by writes to memory.reclaim. ${COUNTER}`,
    { source: V2_CODE }),
  e('pgfault', 'Page faults',
    `Page faults taken by processes in the cgroup, minor and major together. Minor faults are cheap (the page was already in memory or just needed zeroing). ${COUNTER}`,
    { kubernetes: 'cAdvisor exposes it as container_memory_failures_total{failure_type="pgfault"}.', source: V1V2 }),
  e('pgmajfault', 'Major page faults',
    `${MAJFAULT_WHAT} ${COUNTER}`,
    {
      kubernetes: 'cAdvisor exposes it as container_memory_failures_total{failure_type="pgmajfault"}.',
      worry: MAJFAULT_WORRY,
      source: `${V1V2}; mm/filemap.c`,
    }),
  e('pgrefill', 'Active pages scanned',
    `Pages the kernel examined on the active lists to decide what to move to the inactive lists. ${COUNTER}`,
    { source: V2_CODE }),
  e('pgactivate', 'Pages activated',
    `Pages promoted to the active LRU lists (accessed again while inactive). ${COUNTER}`,
    { source: V2_CODE }),
  e('pgdeactivate', 'Pages deactivated',
    `Pages demoted from the active to the inactive LRU lists. ${COUNTER}`,
    { source: V2_CODE }),
  e('pglazyfree', 'Pages marked lazy-free',
    `Pages that processes released with MADV_FREE: the kernel may take them back when it needs memory, and until then they still count as charged. ${COUNTER}`,
    {
      kubernetes: 'Runtimes using MADV_FREE (Go 1.12–1.15 by default; GODEBUG=madvdontneed=1 turns it off) keep freed memory in usage until pressure, so the working set looks larger than the live heap.',
      source: V2_CODE,
    }),
  e('pglazyfreed', 'Lazy-free pages reclaimed',
    `MADV_FREE pages actually reclaimed by the kernel. ${COUNTER}`,
    { source: V2_CODE }),
  e('swpin_zero', 'Zero pages swapped in',
    `Swap-ins of pages that were entirely zero and therefore needed no I/O. ${COUNTER}`,
    { source: V2_CODE }),
  e('swpout_zero', 'Zero pages swapped out',
    `Swap-outs of pages that were entirely zero and were recorded without any I/O. ${COUNTER}`,
    { source: V2_CODE }),
  e('zswpin', 'Pages loaded from zswap',
    `Pages brought back from the zswap compressed pool into memory. ${COUNTER}`,
    { source: V2_CODE }),
  e('zswpout', 'Pages stored in zswap',
    `Pages compressed and moved into zswap. ${COUNTER}`,
    { source: V2_CODE }),
  e('zswpwb', 'Pages written back from zswap',
    `Pages zswap evicted to the real swap device because its pool was full or memory.zswap.max was reached. ${COUNTER}`,
    { worry: 'A growing rate means zswap no longer absorbs the swap traffic and real swap I/O takes over.', source: V2_CODE }),
  // mm/memcontrol.c: MEMCG_ZSWAP_INCOMP is a page-count state item, so
  // memcg_page_state_output() prints it × PAGE_SIZE, i.e. in bytes.
  e('zswap_incomp', 'Incompressible memory in zswap',
    'Memory zswap holds as-is for this cgroup because compressing those pages did not make them smaller. A size in bytes like the other memory.stat state items (the kernel counts pages and prints them times the page size), not a page or event count.',
    { source: `${V2_CODE}; mm/zswap.c` }),
  e('thp_fault_alloc', 'THP allocated at fault',
    `Transparent huge pages allocated directly when a fault hit a huge-page-eligible area. ${COUNTER}`,
    { source: V2_CODE }),
  e('thp_collapse_alloc', 'THP allocated by collapse',
    `Transparent huge pages khugepaged assembled from small pages for this cgroup. ${COUNTER}`,
    { source: V2_CODE }),
  e('thp_swpout', 'THP swapped out whole',
    `Transparent huge pages written to swap in one piece, without splitting. ${COUNTER}`,
    { source: V2_CODE }),
  e('thp_swpout_fallback', 'THP split before swap-out',
    `Transparent huge pages that had to be split before swap-out because contiguous swap space could not be found. ${COUNTER}`,
    { source: V2_CODE }),
  e('numa_pages_migrated', 'Pages migrated by NUMA balancing',
    `Pages automatic NUMA balancing moved to the node where they are used. ${COUNTER}`,
    { source: V2_CODE }),
  e('numa_pte_updates', 'NUMA balancing PTE updates',
    `Page-table entries NUMA balancing marked inaccessible to sample where memory is accessed from. ${COUNTER}`,
    { source: V2_CODE }),
  e('numa_hint_faults', 'NUMA hinting faults',
    `Faults taken on those sampled entries, which tell NUMA balancing where memory is used. ${COUNTER}`,
    { source: V2_CODE }),
  e('pgdemote_kswapd', 'Pages demoted by kswapd',
    `Pages background reclaim moved to a slower memory tier (CXL or persistent memory) instead of evicting them. ${COUNTER}`,
    { source: V2_CODE }),
  e('pgdemote_direct', 'Pages demoted by direct reclaim',
    `Pages moved to a slower memory tier by allocating tasks reclaiming for themselves. ${COUNTER}`,
    { source: V2_CODE }),
  e('pgdemote_khugepaged', 'Pages demoted for khugepaged',
    `Pages moved to a slower memory tier by reclaim that khugepaged triggered. ${COUNTER}`,
    { source: V2_CODE }),
  e('pgdemote_proactive', 'Pages demoted proactively',
    `Pages moved to a slower memory tier by writes to memory.reclaim. ${COUNTER}`,
    { source: V2_CODE }),
  e('hugetlb', 'hugetlb memory',
    'hugetlb pages charged to the cgroup. Present only when cgroup2 is mounted with memory_hugetlb_accounting; then these pages count toward memory.current and memory.max too.',
    { source: V2_CODE }),
];

const v1ExtraEntries: KnowledgeEntry[] = [
  e('hierarchical_memory_limit', 'Effective memory limit (v1)',
    'The tightest memory limit that applies to this cgroup, taking all its ancestors into account. A value of 9223372036854771712 (on 4 KiB-page systems) means unlimited.',
    {
      kubernetes: 'For a container this is its resources.limits.memory unless the pod-level cgroup is tighter; an unlimited value means no limit was set (BestEffort, or a Burstable container without a limit).',
      source: V1,
    }),
  e('hierarchical_memsw_limit', 'Effective memory+swap limit (v1)',
    'The tightest memory+swap limit from this cgroup and its ancestors. 9223372036854771712 (on 4 KiB-page systems) means unlimited.',
    { source: V1 }),
  e('recent_rotated_anon', 'Recently rotated anon pages (v1, debug)',
    'Only with CONFIG_DEBUG_VM: recent count of anonymous pages that reclaim found referenced and kept. Feeds the anon/file reclaim balance.',
    { source: V1 }),
  e('recent_rotated_file', 'Recently rotated file pages (v1, debug)',
    'Only with CONFIG_DEBUG_VM: recent count of file pages that reclaim found referenced and kept.',
    { source: V1 }),
  e('recent_scanned_anon', 'Recently scanned anon pages (v1, debug)',
    'Only with CONFIG_DEBUG_VM: recent count of anonymous pages scanned by reclaim; compared with the rotated count to decide how hard to reclaim anon.',
    { source: V1 }),
  e('recent_scanned_file', 'Recently scanned file pages (v1, debug)',
    'Only with CONFIG_DEBUG_VM: recent count of file pages scanned by reclaim.',
    { source: V1 }),
];

export const memoryStatKnowledge: KnowledgeTable = table([
  ...v2Entries,
  ...v1Counters.filter((c) => v1Only.has(c.name)),
  ...v1ExtraEntries,
  ...Object.values(memoryStatV1TotalKnowledge),
]);

// ---------------------------------------------------------------------------
// memory.events / memory.events.local
// ---------------------------------------------------------------------------
const EVENTS_SCOPE =
  'memory.events counts this cgroup and all descendants; memory.events.local counts this cgroup alone.';

export const memoryEventsKnowledge: KnowledgeTable = table([
  e('low', 'Reclaimed despite memory.low',
    `Times the cgroup was reclaimed from even though its usage was under its memory.low protection, usually because protections across the tree are overcommitted. ${EVENTS_SCOPE}`,
    {
      worry: 'Any increase: the memory.low values promised in this subtree exceed what the parent can protect.',
      source: V2_EVENTS,
    }),
  e('high', 'Over memory.high (throttled)',
    `Times usage went above memory.high, so the cgroup's tasks were throttled and pushed into direct reclaim. It is a slowdown, not an OOM. ${EVENTS_SCOPE}`,
    {
      kubernetes: 'With the MemoryQoS feature the kubelet sets memory.high below the container limit, so a growing count means the container is being slowed down before it would be OOM-killed.',
      worry: 'Any increase (rule memory-events/throttled); a fast-growing count means the workload lives at its throttle point.',
      source: V2_EVENTS, rules: ['memory-events/throttled'],
    }),
  e('max', 'Hit memory.max',
    `Times usage was about to exceed memory.max and the kernel had to reclaim directly to stay under it. If reclaim fails the cgroup goes OOM. ${EVENTS_SCOPE}`,
    {
      kubernetes: 'memory.max is the container\'s resources.limits.memory (or the pod-level limit). Rising counts mean the container keeps bumping against its limit.',
      worry: 'Any value above 0 (rule memory-events/limit-hit).',
      source: V2_EVENTS, rules: ['memory-events/limit-hit'],
    }),
  e('oom', 'Out of memory at the limit',
    `Times the cgroup reached its limit, reclaim could not free enough, and an allocation was about to fail, entering the OOM path. Charges above order 3 (more than 8 contiguous pages, PAGE_ALLOC_COSTLY_ORDER) fail without counting here and without a kill. ${EVENTS_SCOPE}`,
    {
      kubernetes: 'Usually followed by oom_kill: the kernel picks a victim inside the limited cgroup. oom without oom_kill can mean the allocation was retried or the OOM killer was disabled.',
      worry: 'Any value above 0 (rule memory-events/limit-hit).',
      source: `${V2_EVENTS}; mm/memcontrol.c mem_cgroup_oom()`, rules: ['memory-events/limit-hit'],
    }),
  e('oom_kill', 'Processes OOM-killed',
    `Processes in this cgroup killed by an OOM killer of any kind: its own limit, an ancestor's limit or a node-wide (global) OOM. ${EVENTS_SCOPE}`,
    {
      kubernetes: 'The runtime watches this counter: when it increases, the container is reported as OOMKilled (exit code 137, signal 9). Since Kubernetes 1.28 on cgroup v2 the kubelet sets memory.oom.group=1, so one kill takes down the whole container; before that a killed child process could leave the container running with no OOMKilled status.',
      worry: 'Any value above 0 is critical (rule memory-events/oom-kill).',
      source: V2_EVENTS, rules: ['memory-events/oom-kill'],
    }),
  e('oom_group_kill', 'Group OOM kills',
    `Times the whole cgroup was killed as one unit because memory.oom.group is 1. ${EVENTS_SCOPE}`,
    {
      kubernetes: 'Expected on Kubernetes 1.28+ with cgroup v2: each container OOM kill is a group kill unless the kubelet runs with singleProcessOOMKill.',
      worry: 'Any value above 0 is critical (rule memory-events/oom-kill).',
      since: '≈5.17', source: V2_EVENTS, rules: ['memory-events/oom-kill'],
    }),
  e('sock_throttled', 'Socket memory throttled',
    `Times network sockets of the cgroup were throttled because the cgroup was under memory pressure. Only on recent kernels. ${EVENTS_SCOPE}`,
    {
      worry: 'Increasing counts explain network slowdowns (smaller windows, dropped packets) in a container near its limit.',
      source: V2_EVENTS,
    }),
]);

// ---------------------------------------------------------------------------
// memory.swap.events
// ---------------------------------------------------------------------------
export const swapEventsKnowledge: KnowledgeTable = table([
  e('high', 'Swap over memory.swap.high',
    'Times the cgroup\'s swap usage went above memory.swap.high; further swapping is throttled hard.',
    { source: V2_SWAP_EVENTS }),
  e('max', 'Swap limit reached',
    'Times the cgroup\'s swap usage was about to exceed memory.swap.max and the swap allocation failed, so the page stayed in RAM.',
    {
      kubernetes: 'With NodeSwap in LimitedSwap mode the kubelet derives each container\'s swap.max from its memory request; without swap support it is 0.',
      source: V2_SWAP_EVENTS,
    }),
  e('fail', 'Swap allocation failed',
    'Times a swap allocation failed, either because the system ran out of swap space or because memory.swap.max was hit.',
    { worry: 'Failed swap-outs leave memory pressure unresolved and lead toward OOM.', source: V2_SWAP_EVENTS }),
]);

// ---------------------------------------------------------------------------
// Single-value cgroup files, keyed by file name.
// ---------------------------------------------------------------------------
const UNLIMITED_V2 = 'The literal `max` means no limit.';
const UNLIMITED_V1 = '9223372036854771712 (on 4 KiB-page systems) means unlimited.';

export const cgroupValueKnowledge: KnowledgeTable = table([
  e('memory.current', 'Current memory usage (v2)',
    'All memory currently charged to the cgroup and its descendants: anon, page cache (file), kernel memory, socket buffers. Absent in the root cgroup.',
    {
      kubernetes: 'cAdvisor\'s container_memory_usage_bytes. kubectl top and the kubelet use memory.current minus inactive_file (the working set), not this raw number, because usage includes reclaimable cache.',
      worry: 'Being close to memory.max is only a problem if the working set is close too; page cache fills any limit.',
      source: V2_FILES,
    }),
  e('memory.peak', 'Peak memory usage (v2)',
    'Highest memory.current seen since the cgroup was created; newer kernels let each opener reset it by writing to the file.',
    {
      kubernetes: 'Shows whether a container came near its limit in the past even if it looks small now.',
      since: '5.19', source: V2_FILES,
    }),
  e('memory.min', 'Hard memory protection (v2)',
    `Memory the cgroup keeps no matter what: the kernel will not reclaim it below this amount, and would rather OOM-kill elsewhere. Default 0. ${UNLIMITED_V2}`,
    {
      kubernetes: 'With the MemoryQoS feature the kubelet sets memory.min from the containers\' memory requests.',
      source: V2_FILES,
    }),
  e('memory.low', 'Best-effort memory protection (v2)',
    `Below this usage the cgroup is reclaimed only when no unprotected memory is left elsewhere. Default 0. ${UNLIMITED_V2}`,
    { source: V2_FILES }),
  e('memory.high', 'Memory throttle limit (v2)',
    `Soft ceiling: above it the cgroup is throttled and forced to reclaim, but never OOM-killed for exceeding it. ${UNLIMITED_V2}`,
    {
      kubernetes: 'Left at `max` unless the MemoryQoS feature gate is on; then the kubelet places it between the memory request and the limit (or node allocatable) using memoryThrottlingFactor (default 0.9), so the container slows down before it is OOM-killed.',
      worry: 'Usage pinned at memory.high with a rising memory.events high count means the workload is being throttled.',
      source: V2_FILES, rules: ['memory-events/throttled'],
    }),
  e('memory.max', 'Hard memory limit (v2)',
    `Usage may not exceed this. At the limit the kernel reclaims; if that fails it OOM-kills inside this cgroup. ${UNLIMITED_V2}`,
    {
      kubernetes: 'Set from resources.limits.memory for the container cgroup (and the sum of the containers\' limits for the pod cgroup). `max` means the container has no memory limit and can only be stopped by node eviction or a global OOM.',
      source: V2_FILES, rules: ['memory-events/limit-hit', 'memory-events/oom-kill'],
    }),
  e('memory.swap.current', 'Current swap usage (v2)',
    'Swap space used by the cgroup and its descendants.',
    { kubernetes: 'cAdvisor reports it as container_memory_swap on cgroup v2.', source: V2_FILES }),
  e('memory.swap.max', 'Swap limit (v2)',
    `Maximum swap the cgroup may use. ${UNLIMITED_V2} 0 disables swap for the cgroup.`,
    {
      kubernetes: 'When pods may not swap (NoSwap) the kubelet sets 0; with NodeSwap LimitedSwap it is derived from the container\'s memory request.',
      source: V2_FILES,
    }),
  e('memory.swap.peak', 'Peak swap usage (v2)',
    'Highest memory.swap.current seen since the cgroup was created (resettable per opener on newer kernels).',
    { since: '6.5', source: V2_FILES }),
  e('memory.swap.high', 'Swap throttle limit (v2)',
    `Above this swap usage, further swapping is throttled heavily; meant to let a userspace agent act before swap runs out. ${UNLIMITED_V2}`,
    { source: V2_FILES }),
  e('memory.zswap.current', 'Current zswap usage (v2)',
    'Memory the zswap compressed pool uses for this cgroup.',
    { source: V2_FILES }),
  e('memory.zswap.max', 'zswap limit (v2)',
    `Maximum zswap pool size for the cgroup; beyond it pages are written to the real swap device. ${UNLIMITED_V2} 0 disables zswap for the cgroup.`,
    { source: V2_FILES }),
  e('memory.oom.group', 'Kill the whole group on OOM (v2)',
    '1 means an OOM kill in this cgroup kills all its processes together instead of one victim; 0 kills a single task.',
    {
      kubernetes: 'Since Kubernetes 1.28 the kubelet sets 1 on container cgroups (cgroup v2), so an OOM takes down the whole container; the kubelet flag singleProcessOOMKill (1.32) restores single-process kills.',
      source: V2_FILES,
    }),
  e('memory.usage_in_bytes', 'Memory usage (v1)',
    'Memory charged to the cgroup, page cache included. The kernel documents it as approximate (it batches per-CPU charges); the sum of rss + cache (+ swap) from memory.stat is more precise.',
    {
      kubernetes: 'cAdvisor\'s container_memory_usage_bytes on v1. The working set is usage_in_bytes − total_inactive_file, and that is what kubectl top and eviction use.',
      source: V1_FILES,
    }),
  e('memory.limit_in_bytes', 'Hard memory limit (v1)',
    `Hard limit on memory usage; exceeding it after reclaim triggers an OOM kill inside the cgroup. ${UNLIMITED_V1}`,
    {
      kubernetes: 'Set from resources.limits.memory; the unlimited value means the container has no limit.',
      source: V1_FILES, rules: ['memory-events/oom-kill'],
    }),
  e('memory.max_usage_in_bytes', 'Peak memory usage (v1)',
    'Highest usage_in_bytes recorded since the cgroup was created or since the file was last reset (by writing 0).',
    { source: V1_FILES }),
  e('memory.soft_limit_in_bytes', 'Soft limit (v1)',
    `Best-effort target: under global memory pressure the kernel reclaims cgroups above their soft limit first. Not a guarantee and not enforced otherwise. ${UNLIMITED_V1}`,
    { source: V1_FILES }),
  e('memory.kmem.usage_in_bytes', 'Kernel memory usage (v1)',
    'Kernel memory (slab, stacks, page tables...) charged to the cgroup; already included in usage_in_bytes. Deprecated interface.',
    { source: V1_FILES }),
  e('memory.kmem.limit_in_bytes', 'Kernel memory limit (v1)',
    `Separate limit for kernel memory. Deprecated; recent kernels ignore writes to it. ${UNLIMITED_V1}`,
    { source: V1_FILES }),
  e('memory.memsw.usage_in_bytes', 'Memory + swap usage (v1)',
    'Memory plus swap charged to the cgroup. Present only with swap accounting enabled.',
    { source: V1_FILES }),
  e('memory.memsw.limit_in_bytes', 'Memory + swap limit (v1)',
    `Limit on memory plus swap together (not swap alone, unlike v2 memory.swap.max). ${UNLIMITED_V1}`,
    { source: V1_FILES }),
  e('memory.failcnt', 'Limit hits (v1)',
    'Times usage reached memory.limit_in_bytes and a charge had to wait for reclaim. It counts hits, not OOM kills; cache-heavy cgroups climb this steadily without any harm.',
    {
      kubernetes: 'cAdvisor\'s container_memory_failcnt. Compare with memory.oom_control oom_kill to see whether hits turned into kills.',
      source: V1_FILES, rules: ['memory-events/limit-hit'],
    }),
]);
