/**
 * Hover knowledge for the kernel OOM-killer report in dmesg / journal / syslog:
 * line types, fields of the header and kill lines, and the task table columns.
 * Facts from mm/oom_kill.c, mm/memcontrol.c, mm/show_mem.c, mm/slab_common.c
 * and the Kubernetes QoS policy; texts are our own wording.
 */
import type { KnowledgeEntry, KnowledgeTable } from './types';
import { entry, table, type Rest } from './types';

const OOM = 'mm/oom_kill.c';
const MEMCG = 'mm/memcontrol.c';
const SHOW = 'mm/show_mem.c';
const TASKS = 'mm/oom_kill.c dump_tasks()';

const e = entry;

// Kubernetes pkg/kubelet/qos/policy.go: guaranteed -997, besteffort 1000,
// Burstable clamped to 1000 + (-997) = 3 ... 999; -998 is the pod sandbox.
const QOS =
  'Kubernetes encodes the QoS class in oom_score_adj: 1000 = BestEffort; -997 = Guaranteed, and also node-critical pods of any class; 3..999 = Burstable, set to about 1000 − 1000 × memory request / node capacity, so request ≈ (1000 − adj) × capacity / 1000. -998 is not a QoS class: it marks the pod sandbox (pause) process, which every pod has whatever its class (only Kubernetes releases before about 1.14 also gave Guaranteed containers -998). Processes outside pods (kubelet, container runtime) get strongly negative values such as -999.';

// mm/oom_kill.c oom_badness(): get_mm_rss() (anon + file + shmem pages mapped
// by the task) + MM_SWAPENTS + mm_pgtables_bytes() / PAGE_SIZE, then
// oom_score_adj × totalpages / 1000.
const BADNESS =
  'The kernel ranks candidates by resident pages (anon, mapped file and shmem), plus swap entries, plus page-table pages, then adds oom_score_adj thousandths of the memory the OOM context may use. Page cache that the process does not map is not part of any process score.';

const MEMCG_K8S =
  'An oom_memcg under /kubepods (cgroupfs driver) or kubepods.slice (systemd driver) means a container or pod limit was hit: the path carries the pod UID and, at the container level, the container ID. Kubernetes then reports the container as OOMKilled with exit code 137.';

const GLOBAL_K8S =
  'A global OOM means the whole node ran out of memory: kubelet eviction did not free memory in time (it polls every few seconds), or memory outside pods (system daemons, kernel slab, page tables) grew beyond the reserves. Victims are chosen node-wide, BestEffort pods first because of their oom_score_adj.';

export const oomReportKnowledge: KnowledgeTable = table([
  // --- header ---
  e('invoked oom-killer', 'OOM killer invoked',
    'First line of the report: the named task tried to allocate memory, reclaim could not free enough, and the kernel started the OOM killer. This task is the one that hit the wall, not necessarily the one that gets killed.',
    {
      kubernetes: 'The invoking task is often an innocent neighbour; read the oom-kill and Killed process lines for the victim.',
      source: OOM, rules: ['oom-report/killed'],
    }),
  // GFP_KERNEL in memcg OOMs: mm/memory.c do_anonymous_page() charges with
  // mem_cgroup_charge(folio, mm, GFP_KERNEL); memory.max writes use GFP_KERNEL, order 0.
  e('gfp_mask', 'Allocation flags',
    'Flags of the allocation (or memory cgroup charge) that failed, printed as hex plus decoded names: GFP_KERNEL (may sleep, may do I/O), GFP_HIGHUSER_MOVABLE (a user page, typical of global OOMs caused by page faults), __GFP_ACCOUNT (charged to a memory cgroup) and so on.',
    {
      kubernetes: 'Container limit OOMs nearly always show gfp_mask=0xcc0(GFP_KERNEL): the kernel charges a user page fault to the cgroup with GFP_KERNEL, and lowering memory.max below usage also OOMs with GFP_KERNEL and order 0. It tells nothing about kernel allocations.',
      worry: 'In a memcg OOM GFP_KERNEL is the normal case. Only in a global OOM is a kernel mask with order > 0 while plenty of memory is free a hint at fragmentation or kernel memory rather than a greedy process; atomic allocations never start the OOM killer.',
      source: `${OOM}; ${MEMCG}; mm/memory.c; include/linux/gfp_types.h`,
    }),
  e('order', 'Allocation order',
    'Size of the failed request as a power of two in pages: 0 is a single page, 3 is 8 contiguous pages, 9 is a 2 MiB huge page.',
    {
      // PAGE_ALLOC_COSTLY_ORDER = 3: mm/page_alloc.c __alloc_pages_may_oom() and
      // mm/memcontrol.c mem_cgroup_oom() both return without killing above it.
      worry: 'order 1 to 3 with a lot of free memory means fragmentation: check the buddy lines in the report or /proc/buddyinfo, and compact_* in /proc/vmstat. The OOM killer only runs for order 0 to 3 (PAGE_ALLOC_COSTLY_ORDER): larger requests, in a memory cgroup or node-wide, simply fail without a kill. order=-1 marks a kill forced through sysrq.',
      source: `${OOM}; mm/page_alloc.c; ${MEMCG}`, rules: ['oom-report/killed'],
    }),
  e('oom_score_adj', 'OOM score adjustment',
    `Per-process bias added to the OOM badness score, from -1000 (never kill) to 1000 (kill first). Each unit shifts the score by a thousandth of the memory available to the OOM context. ${BADNESS}`,
    { kubernetes: QOS, source: `${OOM}; Documentation/filesystems/proc.rst (oom_score_adj)`, rules: ['oom-report/killed'] }),
  e('Mem-Info', 'Node memory summary (global OOM)',
    // mm/show_mem.c prints reserved_highatomic with %luKB (upper case);
    // mm/hugetlb.c hugetlb_show_meminfo_node() prints hugepages_total=%u (a count).
    'System-wide memory state at OOM time: LRU sizes, dirty/writeback, slab, free pages (first line in pages), then per-node and per-zone details in KiB with watermarks, free-block lists by order, hugepage pools, page cache, swap and total RAM. Printed for global OOMs. Two units break the pattern: reserved_highatomic (and free_highatomic) carry an upper-case KB suffix but are KiB like their neighbours, and the hugepages_total=, hugepages_free= and hugepages_surp= values are numbers of huge pages (multiply by hugepages_size= in KiB), not base pages.',
    {
      worry: 'Compare free against the zone min watermark, look for all_unreclaimable? yes, and check whether slab_unreclaimable or shmem dominates.',
      source: SHOW,
    }),
  e('Memory cgroup stats', 'Memory cgroup statistics',
    'The memory.stat of the cgroup that hit its limit, printed in the report (v2 keys in bytes, v1 in its own format). It shows what filled the limit: anon, file, shmem, kernel, slab.',
    {
      kubernetes: 'For a container OOM, look at anon (heap), shmem (emptyDir medium: Memory, /dev/shm) and file/active_file: anon close to the limit means the app really needs more memory.',
      source: MEMCG,
    }),
  e('memory: usage', 'Memory cgroup usage and limit',
    'Usage, limit and failcnt of the memory cgroup at OOM time. Usage at or just under the limit confirms a limit-driven OOM; failcnt counts how often the limit was hit.',
    { kubernetes: 'The limit is the container\'s (or pod\'s) resources.limits.memory.', source: MEMCG }),
  e('swap: usage', 'Memory cgroup swap usage and limit',
    'Swap usage, swap limit and failcnt of the cgroup (cgroup v2). On v1 a memory+swap line and a kmem line appear instead.',
    { kubernetes: 'A swap limit of 0 means pods may not swap on this node.', source: MEMCG }),
  e('Unreclaimable slab info', 'Unreclaimable slab dump',
    'Printed only when unreclaimable slab exceeded all LRU pages together: the kernel judged that kernel objects, not processes, ate the memory. Each row gives a cache with its used and total size.',
    {
      worry: 'Always significant (rule oom-report/slab-dominated): killing processes will not help much. Rank the caches and investigate the top ones (kmalloc classes, skbuff, conntrack, dentry).',
      source: `${OOM}; mm/slab_common.c`, rules: ['oom-report/slab-dominated'],
    }),
  e('Tasks state', 'Task table',
    `One row per process eligible for killing in the OOM context (the whole node, or only the limited cgroup), with its memory usage. Sizes are pages except pgtables_bytes; disabled when vm.oom_dump_tasks is 0. ${BADNESS}`,
    { source: `${TASKS}; mm/oom_kill.c oom_badness()` }),
  e('oom-kill', 'OOM kill summary',
    'One line with the decision context: the constraint, nodemask and cpuset, the cgroup that ran out (oom_memcg) or global_oom, the victim\'s cgroup (task_memcg), and victim name, PID and UID.',
    { kubernetes: `${MEMCG_K8S} ${GLOBAL_K8S}`, source: OOM, rules: ['oom-report/killed'] }),
  e('constraint', 'OOM constraint',
    'Which limit ran out: CONSTRAINT_NONE (whole system), CONSTRAINT_MEMCG (a memory cgroup limit), CONSTRAINT_CPUSET (the allowed memory nodes of a cpuset), CONSTRAINT_MEMORY_POLICY (a NUMA mempolicy).',
    { source: OOM, rules: ['oom-report/killed'] }),
  e('CONSTRAINT_NONE', 'System-wide OOM',
    'No narrower limit applied: the machine as a whole had no reclaimable memory left.',
    { kubernetes: GLOBAL_K8S, source: OOM, rules: ['oom-report/killed'] }),
  e('CONSTRAINT_MEMCG', 'Memory cgroup OOM',
    'A memory cgroup reached its hard limit (memory.max or memory.limit_in_bytes) and reclaim inside it failed; the victim is chosen only among that cgroup\'s processes.',
    { kubernetes: MEMCG_K8S, source: OOM, rules: ['oom-report/killed'] }),
  e('CONSTRAINT_CPUSET', 'cpuset OOM',
    'The allocating task may only use certain NUMA nodes (cpuset.mems) and those ran out, even if other nodes had memory.',
    { kubernetes: 'Can happen with the static CPU/memory manager pinning Guaranteed pods to NUMA nodes.', source: OOM, rules: ['oom-report/killed'] }),
  e('CONSTRAINT_MEMORY_POLICY', 'NUMA policy OOM',
    'The allocation was restricted by a NUMA memory policy (mbind or set_mempolicy) and the allowed nodes were full.',
    { source: OOM, rules: ['oom-report/killed'] }),
  e('oom_memcg', 'Cgroup that ran out',
    'Path of the memory cgroup whose limit was hit; present only for memcg OOMs. It may be a parent of the victim\'s cgroup, for example the pod-level cgroup.',
    { kubernetes: MEMCG_K8S, source: OOM, rules: ['oom-report/killed'] }),
  e('task_memcg', 'Victim\'s cgroup',
    'Memory cgroup the killed process belonged to. Under Kubernetes it names the pod (pod<uid>) and the container (the runtime\'s container ID, or a cri-containerd-<id>.scope unit with the systemd driver).',
    { kubernetes: 'Decode the pod UID and container ID from this path to find the pod (kubectl get pods -A -o json and match metadata.uid).', source: OOM, rules: ['oom-report/killed'] }),
  e('global_oom', 'Global OOM marker',
    'Printed in place of oom_memcg when the OOM was system-wide rather than caused by a cgroup limit.',
    { kubernetes: GLOBAL_K8S, source: OOM, rules: ['oom-report/killed'] }),
  // --- kill line ---
  e('Killed process', 'Victim killed',
    'The process the OOM killer chose and sent SIGKILL, with its memory at the time. Prefixed with "Memory cgroup out of memory" when a cgroup limit caused it, plain "Out of memory" for a global OOM.',
    {
      kubernetes: 'If it was the container\'s main process (or, since Kubernetes 1.28 on cgroup v2, any process, since the whole container is killed as a group) the container restarts with reason OOMKilled and exit code 137.',
      worry: 'Always critical (rule oom-report/killed).',
      source: OOM, rules: ['oom-report/killed'],
    }),
  e('total-vm', 'Victim virtual size',
    'Total virtual address space of the victim. Mostly reservations; not a measure of real memory use.',
    { source: OOM }),
  e('anon-rss', 'Victim anonymous memory',
    'Resident anonymous memory of the victim (heap, stacks): usually the memory the kill actually frees.',
    { source: OOM }),
  e('file-rss', 'Victim mapped file memory',
    'Resident file-backed pages mapped by the victim (binaries, libraries, mmap()ed files). They count in its badness score like any resident page, yet they stay in the page cache after the kill, so killing frees little of them.',
    { source: `${OOM} oom_badness()` }),
  e('shmem-rss', 'Victim shared memory',
    'Resident shared-memory/tmpfs pages mapped by the victim. They stay in memory after the kill as long as the files or segments exist.',
    { kubernetes: 'Large values with emptyDir medium: Memory mean killing the process does not free the memory; the pod must be deleted.', source: OOM }),
  e('pgtables', 'Victim page tables',
    'Memory used by the victim\'s page tables, freed with the process.',
    { source: OOM }),
  // mm/oom_kill.c: queue_oom_reaper() waits OOM_REAPER_DELAY (2*HZ) since 5.18;
  // wake_oom_reaper() skips a victim whose exit_mmap() set MMF_OOM_SKIP;
  // __oom_reap_task_mm() skips VM_HUGETLB|VM_PFNMAP and shared file mappings;
  // "unable to reap pid:" after MAX_OOM_REAP_RETRIES (10) failed mmap_lock attempts.
  e('oom_reaper', 'OOM reaper',
    'A kernel thread that tears down a killed process\'s private memory (anonymous and other non-shared mappings; hugetlb, PFN-mapped and shared file mappings are left alone; mlocked areas only since about 5.18) when the victim cannot exit by itself. "oom_reaper: reaped process N" is printed only when the reaper did that work; it then shows what was left (rss values usually 0).',
    {
      worry: 'A missing reaped line is normal, not a sign of trouble: since about 5.18 the reaper waits two seconds first, and a victim that exits in that time frees its own memory and the reaper logs nothing. The stuck case prints "oom_reaper: unable to reap pid:N" after ten failed attempts to lock the victim\'s address space, and it usually comes with further OOM kills.',
      since: '4.6',
      source: OOM,
    }),
  // --- Mem-Info's closing lines (mm/show_mem.c show_mem, show_swap_cache_info) and the lines around a report ---
  e('Free swap', 'Swap left at the time (Mem-Info)',
    'Free swap  = NkB and Total swap = NkB: the node\'s swap when the report was printed, in KiB. Free swap at 0 with a Total above 0 means anonymous memory had nowhere more to go; Total 0 means the node has no swap at all.',
    { source: `${SHOW} (show_swap_cache_info)` }),
  e('pages RAM', 'Pages of RAM (Mem-Info)',
    'N pages RAM is all the memory the kernel found, in pages of the page size; N pages reserved is the part it never gave to the page allocator (the kernel image, the page array, crashkernel= and firmware carve-outs). N total pagecache pages counts the page cache (swap cache included).',
    { worry: 'Reserved above a quarter of RAM leaves the kernel little to run on: a crash kernel, a small VM with large hugepages= or crashkernel= reservations.', source: `${SHOW} (show_mem)` }),
  e('page allocation failure', 'An allocation failed (not an OOM kill)',
    '"NAME: page allocation failure: order:N, mode:0x…" (2.6 writes "failure. order:N"): a request for 2^N contiguous pages failed and the caller got an error back; the Mem-Info and buddy lists that follow show what was free. No process is killed for it.',
    { worry: 'Above order 3, or for allocations that may not sleep (GFP_ATOMIC), this is usually fragmentation; at order 0 the zones had nothing above their watermarks (rule oom-report/allocation-failure).', source: 'mm/page_alloc.c (warn_alloc)', rules: ['oom-report/allocation-failure'] }),
  e('SLUB: Unable to allocate memory', 'A slab cache could not grow',
    'SLUB could not get pages for a new slab of the named cache; "cache: dentry(100:12G)" names a per-cgroup copy of the cache, with the memory cgroup\'s id and name (kernels before 5.9 kept one copy per cgroup).',
    { worry: 'Just before an OOM report it often says where the trouble is: a cgroup\'s kernel-memory limit refused the slab, and the fault that needed it fails with VM_FAULT_OOM.', source: 'mm/slub.c (slab_out_of_memory)' }),
  e('VM_FAULT_OOM leaked', 'A page fault failed with no OOM of its own',
    '"Huh VM_FAULT_OOM leaked out to the #PF handler. Retrying PF": a fault handler returned VM_FAULT_OOM without the OOM killer having run for it. Since 5.16 the kernel retries the fault instead of running the global killer (earlier kernels killed a process node-wide, gfp_mask=0x0).',
    { worry: 'Repeated with "Out of memory and no killable processes" in a cgroup, the task faults, invokes the killer and retries without end: a livelock until the limit is raised or a protected task frees memory.', since: '5.16', source: `${OOM} (pagefault_out_of_memory)` }),
  e('no killable processes', 'The OOM killer found nothing it may kill',
    '"Out of memory and no killable processes...": every task in the OOM\'s scope is protected (oom_score_adj −1000), a kernel thread, or already exiting. Nothing is killed; a global OOM then panics, a memcg OOM leaves the allocation to fail or retry.',
    { source: `${OOM} (out_of_memory)`, rules: ['oom-report/no-killable'] }),
  // --- Mem-Info tokens whose unit differs from their neighbours ---
  e('hugepages_total', 'Huge page pool of a node (Mem-Info)',
    'From the "Node N hugepages_total=… hugepages_free=… hugepages_surp=… hugepages_size=…kB" line, one per node and huge page size. The first three values are numbers of huge pages, not base pages and not KiB; only hugepages_size is in KiB. Pool size in bytes = hugepages_total × hugepages_size × 1024.',
    {
      worry: 'A large pool with most pages free is memory no ordinary allocation could use when the OOM hit.',
      source: 'mm/hugetlb.c hugetlb_show_meminfo_node(); mm/show_mem.c',
    }),
  e('reserved_highatomic', 'Reserve for high-order atomic allocations (Mem-Info)',
    'Per-zone memory the page allocator set aside so that high-order allocations which cannot sleep still find contiguous blocks. Printed as "reserved_highatomic:NKB": the upper-case KB suffix is still KiB, like the kB fields around it.',
    { source: 'mm/show_mem.c; mm/page_alloc.c' }),
  // --- task table columns ---
  e('pid', 'Process ID',
    'Thread-group leader PID as seen from the host (not the container\'s PID namespace).',
    { source: TASKS }),
  e('uid', 'User ID',
    'Owner UID of the process, as seen from the host.',
    { source: TASKS }),
  e('tgid', 'Thread group ID',
    'Process ID (thread group) of the row.',
    { source: TASKS }),
  e('total_vm', 'Virtual size',
    'Virtual memory size of the process, counted in pages. Reservations, not use.',
    { source: TASKS }),
  e('rss', 'Resident set',
    'Resident memory of the process (anon + file + shmem), counted in pages. It feeds the badness score.',
    { source: TASKS }),
  e('rss_anon', 'Resident anonymous',
    'Resident anonymous pages of the process; newer kernels only.',
    { source: TASKS }),
  e('rss_file', 'Resident file pages',
    'Resident file-backed pages mapped by the process; newer kernels only.',
    { source: TASKS }),
  e('rss_shmem', 'Resident shared memory',
    'Resident shmem/tmpfs pages mapped by the process; newer kernels only.',
    { source: TASKS }),
  e('pgtables_bytes', 'Page-table size',
    'Page-table memory of the process. Despite the header saying the table is in pages, this column is in bytes.',
    { source: TASKS }),
  e('nr_ptes', 'Page-table pages (old kernels)',
    'Older kernels\' column (before pgtables_bytes): page-table pages of the process.',
    { source: TASKS }),
  e('swapents', 'Swap entries',
    'Pages of the process currently in swap, counted in pages. They count toward the badness score.',
    { source: TASKS }),
  e('name', 'Command name',
    'Short command name (comm) of the process, at most 15 characters.',
    { source: TASKS }),
]);
