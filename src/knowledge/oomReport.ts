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

const QOS =
  'Kubernetes encodes the QoS class in oom_score_adj: 1000 = BestEffort, -997 = Guaranteed (also node-critical pods), 3..999 = Burstable, set to about 1000 − 1000 × memory request / node capacity, so request ≈ (1000 − adj) × capacity / 1000. Processes outside pods (kubelet, container runtime) get strongly negative values such as -999.';

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
  e('gfp_mask', 'Allocation flags',
    'Flags of the failed allocation, printed as hex plus decoded names: GFP_KERNEL (kernel allocation that may sleep), GFP_HIGHUSER_MOVABLE (an ordinary user page, the most common), __GFP_ACCOUNT (charged to a memory cgroup) and so on.',
    {
      worry: 'A kernel-only mask (GFP_KERNEL, GFP_ATOMIC) with plenty of user memory around suggests kernel memory or fragmentation trouble rather than a greedy process.',
      source: `${OOM}; include/linux/gfp_types.h`,
    }),
  e('order', 'Allocation order',
    'Size of the failed request as a power of two in pages: 0 is a single page, 3 is 8 contiguous pages, 9 is a 2 MiB huge page.',
    {
      worry: 'order > 0 with a lot of free memory means fragmentation: check the buddy lines in the report or /proc/buddyinfo, and compact_* in /proc/vmstat. Memory-cgroup OOMs are not raised for failed high-order allocations.',
      source: OOM, rules: ['oom-report/killed'],
    }),
  e('oom_score_adj', 'OOM score adjustment',
    'Per-process bias added to the OOM badness score, from -1000 (never kill) to 1000 (kill first). Each unit shifts the score by a thousandth of the memory available to the OOM context.',
    { kubernetes: QOS, source: `${OOM}; Documentation/filesystems/proc.rst (oom_score_adj)`, rules: ['oom-report/killed'] }),
  e('Mem-Info', 'Node memory summary (global OOM)',
    'System-wide memory state at OOM time: LRU sizes, dirty/writeback, slab, free pages (first line in pages), then per-node and per-zone details in kB with watermarks, free-block lists by order, hugepage pools, page cache, swap and total RAM. Printed for global OOMs.',
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
    'One row per process eligible for killing in the OOM context (the whole node, or only the limited cgroup), with its memory usage. Sizes are pages except pgtables_bytes; disabled when vm.oom_dump_tasks is 0.',
    { source: TASKS }),
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
    'Resident file-backed pages mapped by the victim (binaries, libraries, mmap()ed files); shared with the page cache, so killing frees little of it.',
    { source: OOM }),
  e('shmem-rss', 'Victim shared memory',
    'Resident shared-memory/tmpfs pages mapped by the victim. They stay in memory after the kill as long as the files or segments exist.',
    { kubernetes: 'Large values with emptyDir medium: Memory mean killing the process does not free the memory; the pod must be deleted.', source: OOM }),
  e('pgtables', 'Victim page tables',
    'Memory used by the victim\'s page tables, freed with the process.',
    { source: OOM }),
  e('oom_reaper', 'OOM reaper',
    'The kernel thread that frees the victim\'s anonymous memory right away without waiting for it to exit. The line confirms the memory was reclaimed (rss values now 0).',
    { worry: 'A report without a following reaper line, or repeated OOMs right after, can mean the victim was stuck (for example in uninterruptible I/O).', source: OOM }),
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
