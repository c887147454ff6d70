/**
 * The rule catalog (../shared/reference/rule-catalog.md, version 1): ids,
 * default severities and thresholds, and each rule's documentation. Rule ids
 * are part of the product's interface: never rename one.
 */
import type { Severity, SeveritySetting } from '../model';

export interface Threshold {
  /** Default value; percentages as percent (10 = 10 %). */
  value: number;
  unit: '%' | 'bytes' | 'count' | '/s' | 'ratio';
  description: string;
}

export interface RuleInfo {
  id: string;
  /** Section kind it reads (or `series`). */
  kind: string;
  title: string;
  /** The severity it raises by default; two-level rules name both. */
  severity: Severity;
  levels?: Severity[];
  thresholds: Record<string, Threshold>;
  /** What it means, why it matters on a Kubernetes node, what to do. */
  doc: { means: string; why: string; next: string };
}

const t = (value: number, unit: Threshold['unit'], description: string): Threshold => ({ value, unit, description });

export const RULES: readonly RuleInfo[] = [
  {
    id: 'meminfo/low-available', kind: 'meminfo', title: 'Low available memory', severity: 'warning', levels: ['info', 'warning', 'critical'],
    thresholds: {
      warning: t(10, '%', 'MemAvailable (or sar -r kbavail) below this share of MemTotal'), critical: t(5, '%', 'MemAvailable below this share of MemTotal'),
      warningBytes: t(8 * 1024 ** 3, 'bytes', 'and below this size (a big node with a small share free still has room)'), criticalBytes: t(2 * 1024 ** 3, 'bytes', 'and below this size, for critical'),
    },
    doc: {
      means: 'The kernel estimates that little memory can be handed to new work without swapping or killing. Without MemAvailable (kernels before 3.14, old free tables) the bound is free + buffers + cache − shared + reclaimable slab; when shared memory is a quarter of RAM or more and the bound is not low, that is said as information (free\'s -/+ line counts tmpfs as free-able). A kernel memory dump with no kill (a report\'s Mem-Info pasted alone) whose page cache is gone (under 1 % of its counts) and free under 5 % is a warning too, naming the largest holder.',
      why: 'Below the kubelet\'s eviction threshold (memory.available, 100Mi by default) pods get evicted; below the kernel\'s watermarks the OOM killer runs.',
      next: 'Find who holds the memory: anon (processes), Shmem (tmpfs, emptyDir medium: Memory), SUnreclaim (kernel slab). Compare with kubectl top node, which hides kernel memory.',
    },
  },
  {
    id: 'meminfo/unreclaimable-slab-high', kind: 'meminfo', title: 'Unreclaimable slab is large', severity: 'warning', levels: ['warning', 'critical'],
    thresholds: { warning: t(10, '%', 'SUnreclaim above this share of MemTotal'), critical: t(25, '%', 'SUnreclaim above this share of MemTotal') },
    doc: {
      means: 'Kernel objects that cannot be freed under pressure take a large share of RAM.',
      why: 'No pod is charged for most of it on the node view, kubectl top never shows it, and the kernel cannot reclaim it: a slab leak ends in OOM kills.',
      next: 'Capture /proc/slabinfo (as root) and rank caches by size; take a second capture later to see which grows.',
    },
  },
  {
    id: 'meminfo/unreclaimable-slab-exceeds-lru', kind: 'meminfo', title: 'Unreclaimable slab exceeds all LRU pages', severity: 'critical',
    thresholds: { share: t(5, '%', 'and SUnreclaim above this share of MemTotal (an idle node has few LRU pages and much free memory)') },
    doc: {
      means: 'SUnreclaim is larger than every page on the LRU lists together: the same test the kernel uses to decide to print "Unreclaimable slab info" in an OOM report (mm/oom_kill.c).',
      why: 'Most of the memory is held by the kernel itself; user space has little left to reclaim.',
      next: 'Rank /proc/slabinfo caches; look for a driver or subsystem leaking (skbuff, kmalloc-*, conntrack).',
    },
  },
  {
    id: 'meminfo/overcommitted', kind: 'meminfo', title: 'Committed memory exceeds the commit limit', severity: 'warning',
    thresholds: {},
    doc: {
      means: 'Committed_AS (memory promised to processes) is above CommitLimit.',
      why: 'Only enforced with vm.overcommit_memory=2, where allocations then fail with ENOMEM; in the default mode it shows how much is promised but not yet touched.',
      next: 'Check sysctl vm.overcommit_memory; with mode 2, raise vm.overcommit_ratio or add swap, or find the process reserving memory.',
    },
  },
  {
    id: 'meminfo/lowmem-exhausted', kind: 'meminfo', title: 'Low memory nearly gone (32-bit highmem kernel)', severity: 'warning', levels: ['warning'],
    thresholds: { warning: t(5, '%', 'LowFree below this share of LowTotal, when HighTotal is above 0') },
    doc: {
      means: 'A 32-bit kernel splits memory into low memory, which the kernel maps permanently, and high memory, which only user pages and page cache can use. Almost none of the low part is free.',
      why: 'Slab, page tables, buffer heads and kernel stacks can only come from low memory: when it is gone the OOM killer runs even with high memory free, which is the classic OOM of large 32-bit machines.',
      next: 'Read Slab and the largest caches (slabtop) and the page tables; lowmem_reserve_ratio and vm.min_free_kbytes only buy time. A 64-bit kernel removes the split.',
    },
  },
  {
    id: 'meminfo/swap-used', kind: 'meminfo', title: 'Swap is filling up', severity: 'warning', levels: ['info', 'warning', 'critical'],
    thresholds: { warning: t(50, '%', 'used swap above this share of SwapTotal'), critical: t(90, '%', 'used swap above this share of SwapTotal') },
    doc: {
      means: 'A large part of the swap space is in use. With three quarters of MemTotal or more available, and at least four times the swap size, it is information (a warning when swap is past the critical share): pages pushed out during an earlier shortage that nothing has touched since.',
      why: 'A full swap leaves the OOM killer as the only way out; systemd-oomd acts at 90 % swap used by default.',
      next: 'Look at pswpin/pswpout rates in /proc/vmstat: sustained swapping is thrashing.',
    },
  },
  {
    id: 'meminfo/dirty-high', kind: 'meminfo', title: 'Many dirty pages', severity: 'warning', levels: ['info', 'warning'],
    thresholds: { warning: t(10, '%', 'Dirty + Writeback above this share of MemTotal (information below the next two)'), warningBytes: t(8 * 1024 ** 3, 'bytes', 'a warning when the backlog is at least this large and more than half of MemAvailable'), ratio: t(20, '%', 'a warning at any size above this share (the default vm.dirty_ratio)') },
    doc: {
      means: 'A lot of page cache waits to be written to disk.',
      why: 'Dirty pages cannot be reclaimed until written; writers get throttled and reclaim stalls.',
      next: 'Check vm.dirty_ratio / vm.dirty_background_ratio and disk latency (io PSI).',
    },
  },
  {
    id: 'meminfo/hardware-corrupted', kind: 'meminfo', title: 'Corrupted memory detected', severity: 'critical',
    thresholds: {},
    doc: {
      means: 'The kernel took pages out of use because the hardware reported them as bad.',
      why: 'Failing RAM: more errors and crashes are likely.',
      next: 'Check the machine check log (rasdaemon, mcelog) and plan to replace the DIMM or the node.',
    },
  },
  {
    id: 'meminfo/hugepages-idle', kind: 'meminfo', title: 'Reserved huge pages sit idle', severity: 'info',
    thresholds: { info: t(10, '%', 'free huge pages above this share of MemTotal') },
    doc: {
      means: 'Pre-allocated hugetlb pages are free: ordinary allocations cannot use them.',
      why: 'That memory is gone for pods that do not request hugepages-2Mi/1Gi, yet it looks "used".',
      next: 'Lower vm.nr_hugepages if no workload needs them.',
    },
  },
  {
    id: 'meminfo/unaccounted-memory', kind: 'meminfo', title: 'Memory outside every counter', severity: 'warning',
    thresholds: { warning: t(10, '%', 'unaccounted share of MemTotal'), android: t(25, '%', 'the same on an Android kernel, where GPU and DMA-BUF buffers and firmware carve-outs are in no counter') },
    doc: {
      means: 'MemTotal minus free, the LRU lists, slab, kernel stacks, page tables, percpu, hugetlb, the zswap pool and any device lines the kernel prints (ION_heap, Gpu, Zram) leaves a large remainder. A meminfo from before 2.6.18 (no AnonPages) counts only its Active and Inactive lists, Slab and PageTables, and the remainder is what those leave.',
      why: 'Memory taken directly from the page allocator by drivers (GPU, RDMA, virtio balloon) or leaked is visible nowhere else.',
      next: 'Check driver memory (nvidia-smi, /sys/kernel/debug), the balloon driver, and VmallocUsed.',
    },
  },
  {
    id: 'meminfo/kernel-share-high', kind: 'meminfo', title: 'Kernel memory is a large share', severity: 'warning',
    thresholds: { warning: t(30, '%', 'kernel memory above this share of MemTotal') },
    doc: {
      means: 'Slab, kernel stacks, page tables, percpu and vmalloc together hold a large part of RAM.',
      why: 'kubectl top and pod metrics never show this memory; the node can run out while pods look small.',
      next: 'Break it down: slabinfo for Slab, thread counts for KernelStack, process count and RSS for PageTables.',
    },
  },
  {
    id: 'meminfo/impossible-value', kind: 'meminfo', title: 'A value that cannot be right', severity: 'warning', levels: ['info', 'warning'],
    thresholds: {},
    doc: {
      means: 'A size in this meminfo is larger than MemTotal (for example Cached at 4294822460 kB on a 1 GB machine), a CommitLimit wrapped below zero, or a sar report prints a negative size or a share above 100 %: the counter went negative and wrapped, or the paste is damaged. Information when sar shows pages reclaimed with none scanned: that sysstat misreads the kernel\'s scan counters, so its reclaim efficiency means nothing.',
      why: 'Every number derived from it (used, available, the breakdown) is wrong; a broken counter is an accounting bug, not memory use.',
      next: 'Read the machine with another source (free, SysRq show-memory, vmstat) and report the kernel bug; do not act on this capture\'s numbers.',
    },
  },
  {
    id: 'meminfo/container-view', kind: 'meminfo', title: 'Captured inside a container', severity: 'info',
    thresholds: {},
    doc: {
      means: 'MemAvailable above MemTotal (or LXCFS-style values): this meminfo is a virtualised, per-container view.',
      why: 'The numbers are not the node\'s: conclusions about the node would be wrong.',
      next: 'Capture from the host: kubectl debug node/NAME, then read /host/proc/meminfo or chroot /host.',
    },
  },
  {
    id: 'slabinfo/skbuff-leak-signature', kind: 'slabinfo', title: 'Socket buffer leak signature', severity: 'warning',
    thresholds: { objects: t(100000, 'count', 'skbuff objects above this'), tolerance: t(15, '%', 'kmalloc class within this of the skbuff count'), share: t(10, '%', 'and skbuff heads with that class above this share of all slab') },
    doc: {
      means: 'skbuff_head_cache holds very many objects, and a cache that can hold packet data (kmalloc-512 to kmalloc-8k, or skbuff_small_head since 6.3) holds about as many, together a real share of slab: socket buffers and their data kept and never freed. Packet data also lives in page fragments, which slabinfo cannot show. A heuristic, not a verdict.',
      why: 'Network driver or protocol leaks grow unreclaimable slab until the node OOMs.',
      next: 'Take a second capture: do both grow together? Check driver versions, ss -m for socket memory, and /proc/net/sockstat.',
    },
  },
  {
    id: 'slabinfo/dentry-inode-heavy', kind: 'slabinfo', title: 'dentry and inode caches dominate slab', severity: 'info',
    thresholds: { share: t(50, '%', 'share of total slab'), bytes: t(1024 ** 3, 'bytes', 'and above this size') },
    doc: {
      means: 'Directory entry and inode caches hold most of the slab: typical of small-file or log-heavy workloads.',
      why: 'Reclaimable, but counted as used by many tools; negative dentries can grow without bound.',
      next: 'Check /proc/sys/fs/dentry-state (negative dentries); vm.vfs_cache_pressure raises reclaim of these caches.',
    },
  },
  {
    id: 'slabinfo/conntrack-heavy', kind: 'slabinfo', title: 'Many conntrack entries', severity: 'warning',
    thresholds: { objects: t(104858, 'count', 'without a captured nf_conntrack_max: entries above this (80 % of kube-proxy\'s floor of 131072)'), share: t(80, '%', 'entries above this share of a captured nf_conntrack_max') },
    doc: {
      means: 'The connection-tracking table is close to its capacity. kube-proxy sets nf_conntrack_max to the larger of 131072 and 32768 per core, so a few hundred thousand entries are normal on a big node: the rule judges against a captured /proc/sys/net/netfilter/nf_conntrack_max, and without it only warns of a table near kube-proxy\'s floor, as information.',
      why: 'kube-proxy (iptables/ipvs) depends on conntrack; when the table is full packets are dropped ("nf_conntrack: table full").',
      next: 'Compare with sysctl net.netfilter.nf_conntrack_max and nf_conntrack_count; look for connection churn.',
    },
  },
  {
    id: 'slabinfo/kmalloc-lockstep', kind: 'slabinfo', title: 'kmalloc caches in lockstep (leak pattern)', severity: 'warning', levels: ['warning'],
    thresholds: { classes: t(3, 'count', 'at least this many kmalloc size classes'), objects: t(100_000, 'count', 'each with at least this many live objects'), tolerance: t(2, '%', 'counts within this share of each other'), bytes: t(256 * 1024 ** 2, 'bytes', 'together at least this size (or 2 % of MemTotal, whichever is lower)') },
    doc: {
      means: 'Several generic kmalloc caches of different sizes hold the same number of live objects, hundreds of thousands each.',
      why: 'Unrelated callers do not line up like that: one code path allocates a set of buffers of these sizes together, over and over, and never frees them. No shrinker gives kmalloc memory back, so it only grows.',
      next: 'Capture slabinfo again to see them grow together; find the caller with kmemleak, or boot with slab_debug=U (slub_debug=U before 6.2) and read /sys/kernel/slab/<cache>/alloc_calls; a recent driver or module update is the usual suspect.',
    },
  },
  {
    id: 'slabinfo/dominant-cache', kind: 'slabinfo', title: 'One cache dominates slab', severity: 'warning',
    thresholds: { share: t(40, '%', 'share of total slab bytes'), bytes: t(256 * 1024 ** 2, 'bytes', 'and above this size'), nodeShare: t(2, '%', 'or above this share of MemTotal, whichever is lower (small nodes)') },
    doc: {
      means: 'A single cache (or kmalloc size class) holds a large part of all slab memory. A cache the kernel reclaims under pressure (dentry, inode caches, buffer_head, radix_tree_node, kmalloc-rcl-*) is information; an unreclaimable one is a warning. The size floor scales down with the node.',
      why: 'Steady growth of an unreclaimable cache is how kernel leaks show; a big reclaimable cache is the kernel using free memory, and only its growth over a series is a story.',
      next: 'Capture again later: a cache that keeps growing is a leak suspect. /sys/kernel/slab/<name>/ has details (reclaim_account, aliases).',
    },
  },
  {
    id: 'slabinfo/dying-cgroups', kind: 'slabinfo', title: 'Slab caches copied for dying cgroups', severity: 'warning',
    thresholds: { objects: t(20000, 'count', 'kmem_cache objects above this (one object per slab cache)') },
    doc: {
      means: 'kmem_cache holds one object per slab cache. Before kernel 5.9 every memory cgroup got its own copy of each cache it allocated from, and a deleted cgroup lived on ("dying") while any of its objects did: hundreds of thousands of kmem_cache objects mean that many copies, pinned by cgroups that pods and cron jobs left behind.',
      why: 'Dying cgroups pin their slab pages and per-CPU memory (Percpu in meminfo grows with them) and slow every walk over the cgroup tree: the node loses memory no pod is charged for.',
      next: 'Count them: nr_dying_descendants in /sys/fs/cgroup/cgroup.stat (v2) or num_cgroups in /proc/cgroups. Kernels from 5.9 share caches across cgroups; on older kernels cgroup.memory=nokmem avoids the copies.',
    },
  },
  {
    id: 'slabinfo/zfs-arc', kind: 'slabinfo', title: 'The ZFS ARC holds much of the memory', severity: 'warning',
    thresholds: { bytes: t(8 * 1024 ** 3, 'bytes', 'ZFS and SPL caches above this size (without a MemTotal)'), share: t(25, '%', 'or above this share of MemTotal') },
    doc: {
      means: 'ZFS on Linux keeps its ARC and metadata in SPL slab caches (zio_buf_*, zio_data_buf_*, dnode_t, dmu_buf_impl_t, arc_buf_hdr_t, sa_cache, zfs_znode_cache, abd_t), not in the page cache.',
      why: 'The kernel does not count the ARC in MemAvailable or Cached and does not reclaim it like page cache: the ARC gives memory back only through its own shrinker, often too slowly for the kubelet\'s eviction and the OOM killer, so a node can kill while gigabytes sit in the ARC.',
      next: 'Cap it with the zfs_arc_max module parameter (/sys/module/zfs/parameters/zfs_arc_max); read arcstats (/proc/spl/kstat/zfs/arcstats: size, c_max) to see the ARC\'s own view.',
    },
  },
  {
    id: 'slabinfo/unreadable', kind: 'slabinfo', title: 'slabinfo could not be read', severity: 'warning',
    thresholds: {},
    doc: {
      means: 'The capture holds "Permission denied", only the header, or nothing.',
      why: '/proc/slabinfo is readable by root only (mode 0400).',
      next: 'Capture as root: sudo cat /proc/slabinfo, or from a privileged kubectl debug node pod.',
    },
  },
  {
    id: 'memory-stat/reclaim-thrashing', kind: 'memory-stat', title: 'Reclaim thrashes in this cgroup', severity: 'warning',
    thresholds: { scanned: t(1000000, 'count', 'pages scanned (pgscan) before efficiency is judged'), efficiency: t(25, '%', 'pgsteal of pgscan below this') },
    doc: {
      means: 'The cgroup\'s reclaim scanned many pages and freed few (pgsteal / pgscan), and most of what it freed was read back (workingset_refault), while anonymous memory fills the cgroup. Or reclaim freed well, but at least half of it was read back and the refaults come to ten times the page cache it holds now: its files do not fit beside its heap. Or (cgroup v2) kswapd never scanned it, so all reclaim was for its own limit, and the file pages read back come to at least twice its page cache, most of them activated again at once (workingset_activate_file): pages still in use were dropped.',
      why: 'At its limit with no swap, only the cgroup\'s small page cache can be reclaimed, and the program needs it again at once: every allocation waits in reclaim.',
      next: 'Raise memory.high / memory.max, allow swap, or find the heap growth; memory.pressure shows the stall time.',
    },
  },
  {
    id: 'memory-stat/disagrees-with-usage', kind: 'memory-stat', title: 'memory.stat adds up to more than memory.current', severity: 'info',
    thresholds: {},
    doc: {
      means: 'The parts memory.stat lists (anon, file, kernel) add up to more than a tenth above the memory.current (or usage_in_bytes) read beside it.',
      why: 'memory.current is exact when read; memory.stat is flushed lazily and may come from another moment of the paste. Shares of the usage from such a pair would be over 100 %, so the share rules stay silent for it.',
      next: 'Read both files together (cat memory.current memory.stat) while the workload runs.',
    },
  },
  {
    id: 'memory-stat/page-cache-heavy', kind: 'memory-stat', title: 'Page cache fills the cgroup', severity: 'info',
    thresholds: { share: t(50, '%', 'file − shmem above this share of usage') },
    doc: {
      means: 'Most of the cgroup\'s memory is reclaimable page cache.',
      why: 'The limit can be reached through file I/O while the heap is fine; the kernel reclaims it first, but it inflates usage.',
      next: 'Look at working set (usage − inactive_file) rather than usage; check what the container reads and writes.',
    },
  },
  {
    id: 'memory-stat/active-file-in-working-set', kind: 'memory-stat', title: 'Active page cache inflates the working set', severity: 'warning',
    thresholds: { share: t(25, '%', 'active_file above this share of the working set') },
    doc: {
      means: 'active_file is a large part of the working set that kubectl top and the kubelet use.',
      why: 'The kubelet counts active page cache as used (kubernetes issue 43916): eviction and kubectl top overstate pressure.',
      next: 'Expect the kernel to reclaim it under pressure; do not size limits from kubectl top alone.',
    },
  },
  {
    id: 'memory-stat/shmem-heavy', kind: 'memory-stat', title: 'Shared memory / tmpfs is large', severity: 'warning', levels: ['info', 'warning'],
    thresholds: { share: t(20, '%', 'shmem above this share of usage') },
    doc: {
      means: 'tmpfs, emptyDir with medium: Memory or shared memory holds much of the cgroup\'s memory. A warning for a cgroup with a limit, information for one without (nothing it could hit). On v1 kernels with no shmem line it is estimated as the anonymous LRU pages that are not rss.',
      why: 'It cannot be reclaimed without swap and counts against the container limit.',
      next: 'Check emptyDir volumes with medium: Memory and /dev/shm use; set sizeLimit.',
    },
  },
  {
    id: 'memory-stat/kernel-heavy', kind: 'memory-stat', title: 'Kernel memory is a large share of the cgroup', severity: 'warning',
    thresholds: { share: t(30, '%', 'kernel memory above this share of usage') },
    doc: {
      means: 'Slab, kernel stacks, page tables and socket buffers charged to the cgroup are large.',
      why: 'Invisible in application metrics, still counted against the limit: a container can be OOM-killed with a small heap.',
      next: 'Look at slab_unreclaimable, sock and kernel_stack; many threads or sockets are common causes.',
    },
  },
  {
    id: 'memory-stat/dirty-writeback', kind: 'memory-stat', title: 'Dirty page cache fills the cgroup', severity: 'warning', levels: ['info', 'warning'],
    thresholds: { share: t(30, '%', 'file_dirty + file_writeback above this share of usage') },
    doc: {
      means: 'Much of the cgroup\'s memory is page cache waiting to be written, and either reclaim frees little of what it scans (pgsteal / pgscan below half) or memory.events shows the limit hit or OOM kills.',
      why: 'Dirty pages cannot be dropped until written back; a writer faster than its storage fills the limit with them and the kernel kills although the heap is small. The story is writeback, not "page cache makes the working set look big".',
      next: 'Faster or less contended storage; lower vm.dirty_bytes / vm.dirty_background_bytes; or set memory.high below memory.max (MemoryQoS) so throttling and writeback start before the limit.',
    },
  },
  {
    id: 'memory-events/oom-kill', kind: 'memory-events', title: 'OOM kills in this cgroup', severity: 'critical', levels: ['info', 'warning', 'critical'],
    thresholds: {},
    doc: {
      means: 'Processes in this cgroup (or below it) were killed by an OOM killer. When the capture\'s kernel log holds those kills (an OOM report whose cgroup is this one or below it), the report carries the critical finding and this one is information (as many kills counted as the log shows) or a warning (more counted than the log shows): one kill, one critical finding. Kills with no `oom` and no `max` event were chosen by a node-wide OOM or a limit above this cgroup (oom counts OOMs of this cgroup\'s limit and those below it, oom_kill the victims in its subtree whatever chose them), and the message says so.',
      why: 'In Kubernetes the container shows OOMKilled (exit code 137) and restarts.',
      next: 'Find the kill in dmesg; compare the limit with the working set; raise the limit or fix the growth.',
    },
  },
  {
    id: 'cgroup-value/counter-below-zero', kind: 'cgroup-value', title: 'The cgroup\'s usage counter went below zero', severity: 'critical',
    thresholds: {},
    doc: {
      means: 'memory.current (v1: memory.usage_in_bytes) reads 2^64 − N: more was uncharged from the cgroup than was charged, and the negative count is printed unsigned (mm/page_counter.c page_counter_cancel warns when it happens).',
      why: 'To the kernel the cgroup is far above any limit, so every charge fails: whatever runs in it is OOM-killed at once, however little it uses. No workload causes this; it is a kernel accounting bug.',
      next: 'Raising the limit does not help. Move the work to a new cgroup (or restart the pod), find the page_counter WARNING and its call trace in the kernel log, and update the kernel.',
    },
  },
  {
    id: 'cgroup-value/at-limit', kind: 'cgroup-value', title: 'The cgroup is at its limit', severity: 'warning',
    thresholds: { share: t(95, '%', 'memory.current (usage_in_bytes) of memory.max (limit_in_bytes)') },
    doc: {
      means: 'A cgroup\'s one-value files read together: its usage is at its limit, or its peak (memory.peak, max_usage_in_bytes) reached it.',
      why: 'At the limit the kernel reclaims inside the cgroup and, failing that, OOM-kills in it (Kubernetes: OOMKilled).',
      next: 'Read its memory.stat for what fills it (page cache is reclaimable, anon is not) and memory.events for oom_kill; raise the limit or find the growth.',
    },
  },
  {
    id: 'cgroup-value/killed-at-limit', kind: 'cgroup-value', title: 'A command was killed at its cgroup\'s limit', severity: 'warning',
    thresholds: { share: t(80, '%', 'the cgroup\'s usage (memory.current, usage_in_bytes or memory.stat\'s sum) of its limit, beside the shell\'s "Killed"') },
    doc: {
      means: 'A shell session shows a command dying of SIGKILL (bash prints "Killed", exit status 137) while the cgroup files it read show the cgroup at or near its memory limit (memory.max, limit_in_bytes, or a limit the session wrote with echo).',
      why: 'The memory cgroup\'s OOM killer sends SIGKILL and the shell reports only "Killed"; the kernel log has the report. When page cache is most of the cgroup at that moment, reclaim could not free it in time: the cache of the writes was dirty or under writeback, which kernels before 3.6 could not wait for in a memory cgroup.',
      next: 'Read the memcg OOM report in dmesg and memory.stat\'s dirty and writeback during the run; give the writer a limit with room for its I/O, write with O_DIRECT, or update a kernel older than 3.6.',
    },
  },
  {
    id: 'cgroup-value/mostly-swapped', kind: 'cgroup-value', title: 'The cgroup lives mostly in swap', severity: 'warning',
    thresholds: {},
    doc: {
      means: 'memory.swap.current is 64 MiB or more and at least memory.current: more of the cgroup is in swap than in memory.',
      why: 'Every page its processes touch must be read back from swap first: the work slows to the speed of the swap device long before any OOM kill, and kubectl top (memory.current) shows a small, healthy-looking number.',
      next: 'Give the cgroup the memory it needs (memory.max), or bound its swap with memory.swap.max; with docker, --memory-swap equal to --memory allows no swap.',
    },
  },
  {
    id: 'memory-stat/swapping', kind: 'memory-stat', title: 'The cgroup pages out to stay under its limit (v1)', severity: 'warning', levels: ['info', 'warning'],
    thresholds: {},
    doc: {
      means: 'cgroup v1 memory.stat counts swap (64 MiB or more, a quarter or more of what the cgroup holds in memory): the cgroup met its memory limit by paging out. A warning for a container with a limit, information elsewhere.',
      why: 'Its processes wait on swap-ins for the pages they touch: slow work, then an OOM kill when memory + swap (memory.memsw.limit_in_bytes) is full too.',
      next: 'Give the cgroup the memory it needs, or bound memory + swap with memory.memsw.limit_in_bytes (docker --memory-swap).',
    },
  },
  {
    id: 'memory-events/limit-hit', kind: 'memory-events', title: 'The cgroup reached its limit', severity: 'warning',
    thresholds: {},
    doc: {
      means: 'Usage reached memory.max (max) or an allocation was about to fail (oom).',
      why: 'At the limit the kernel reclaims the cgroup\'s own memory, adding latency, and kills when that fails.',
      next: 'Compare memory.max with usage and working set; check memory.stat for page cache vs anon.',
    },
  },
  {
    id: 'memory-events/swap-full', kind: 'memory-events', title: 'The cgroup cannot swap out any more', severity: 'warning', levels: ['info', 'warning'],
    thresholds: {},
    doc: {
      means: 'memory.swap.events counts swap-outs that failed: `max` when the cgroup\'s swap use would pass memory.swap.max, `fail` when no swap could be had (that limit, or swap full on the node) (cgroup-v2.rst).',
      why: 'Once swap is full, anonymous memory can only stay in RAM: reclaim finds nothing more to take, so the cgroup stalls at memory.high and is OOM-killed at memory.max. With Kubernetes LimitedSwap the pod\'s swap share is fixed by its request.',
      next: 'Read anon in memory.stat: growing anonymous memory with full swap is a leak or an undersized limit. Raise the memory limit (and so the swap share), or fix the growth; swap only delays the kill.',
    },
  },
  {
    id: 'memory-events/throttled', kind: 'memory-events', title: 'Throttled at memory.high', severity: 'info',
    thresholds: {},
    doc: {
      means: 'The cgroup went over memory.high and was throttled into reclaim.',
      why: 'With Kubernetes MemoryQoS the kubelet sets memory.high below the limit; throttling shows as latency.',
      next: 'Compare memory.high with usage; expect slowdowns rather than kills.',
    },
  },
  {
    id: 'pressure/memory-full', kind: 'pressure', title: 'All tasks stalled on memory', severity: 'warning', levels: ['warning', 'critical'],
    thresholds: { warning: t(10, '%', 'full avg10 at or above'), critical: t(50, '%', 'full avg10 at or above') },
    doc: {
      means: 'For this share of the last 10 s every runnable task was waiting for memory: thrashing.',
      why: 'systemd-oomd kills at full avg10 > 60 % for 30 s by default; work stops progressing long before the OOM killer runs.',
      next: 'Look for reclaim (pgscan, pgsteal), refaults and swap activity; reduce memory or raise limits.',
    },
  },
  {
    id: 'pressure/memory-some', kind: 'pressure', title: 'Tasks stalled on memory', severity: 'warning', levels: ['warning', 'critical'],
    thresholds: { warning: t(20, '%', 'some avg10 at or above'), critical: t(50, '%', 'some avg10 at or above') },
    doc: {
      means: 'For this share of the last 10 s at least one task was waiting for memory.',
      why: 'Latency grows with reclaim and refaults even when nothing is killed.',
      next: 'Check the full line and reclaim counters; find the cgroup with the highest memory.pressure.',
    },
  },
  {
    id: 'pressure/io-full', kind: 'pressure', title: 'All tasks stalled on I/O', severity: 'warning',
    thresholds: { warning: t(20, '%', 'full avg10 at or above') },
    doc: {
      means: 'For this share of the last 10 s every runnable task waited for I/O.',
      why: 'Often the other face of memory pressure: evicted page cache and swap are read back from disk.',
      next: 'Check refaults (workingset_refault_file) and swap-ins; check disk latency.',
    },
  },
  {
    id: 'pressure/cpu-some', kind: 'pressure', title: 'Tasks waiting for CPU', severity: 'warning',
    thresholds: { warning: t(50, '%', 'some avg10 at or above') },
    doc: {
      means: 'For this share of the last 10 s at least one task was runnable but waiting for a CPU.',
      why: 'CPU saturation or CFS throttling makes reclaim and everything else slower.',
      next: 'Check CPU limits (throttling) and node load.',
    },
  },
  {
    id: 'pressure/impossible-total', kind: 'pressure', title: 'PSI total beyond any uptime', severity: 'warning',
    thresholds: { years: t(50, 'count', 'a total stall time above this many years cannot be real') },
    doc: {
      means: 'The `total=` of a some or full line (stall time in microseconds, kernel/sched/psi.c) is longer than any machine has been running.',
      why: 'The counter is wall-clock time, never more than the uptime: such a value means the kernel\'s PSI accounting went wrong, and the averages beside it are suspect too.',
      next: 'Read /proc/pressure/* beside it; upgrade or report the kernel; do not act on this file\'s numbers.',
    },
  },
  {
    id: 'pressure/sustained', kind: 'pressure', title: 'Pressure lasts, not a spike', severity: 'info',
    thresholds: {},
    doc: {
      means: 'The 5-minute average is itself above the warning level and at least half the 10-second one.',
      why: 'A long-lasting stall, not a burst: it will not go away by itself.',
      next: 'Treat as an ongoing incident; look at what changed in the last minutes.',
    },
  },
  {
    id: 'vmstat/oom-kills', kind: 'vmstat', title: 'OOM kills since boot', severity: 'warning',
    thresholds: {},
    doc: {
      means: 'The kernel OOM killer has run since boot (global and cgroup kills).',
      why: 'Every kill is a container restart or a lost process.',
      next: 'Read dmesg for the "Killed process" lines; compare two captures for the rate.',
    },
  },
  {
    id: 'vmstat/swapping', kind: 'vmstat', title: 'Swapping', severity: 'info', levels: ['info', 'warning'],
    thresholds: { rate: t(100, '/s', 'pswpin + pswpout pages per second, in a series (a vmstat table: si + so)') },
    doc: {
      means: 'Pages have moved to and from swap (one /proc/vmstat: since boot; a series, or the rows of a `vmstat N` table after its first: the current rate).',
      why: 'Sustained swapping is thrashing: latency for everything on the node.',
      next: 'Watch the rate over a series of captures; find the cgroups with swap usage.',
    },
  },
  {
    id: 'vmstat/reclaim-inefficient', kind: 'vmstat', title: 'Reclaim scans far more than it frees', severity: 'warning',
    thresholds: { scan: t(100000, '/s', 'pages scanned per second (kswapd and direct) to judge at all'), efficiency: t(10, '%', 'pages reclaimed per page scanned, below which reclaim is spinning') },
    doc: {
      means: 'Over the intervals of a sar -B report, the kernel scanned many pages per second (pgscank/s + pgscand/s) and reclaimed few of them (pgsteal/s; sar prints the ratio as %vmeff).',
      why: 'Scanning that frees little burns CPU in kswapd (or in the allocating tasks) while memory stays short: the pages it finds are in use, locked, dirty or under writeback, or the reclaimable memory is in a zone or node that is not short.',
      next: 'Look at what the scanned memory is (Active/Inactive, Dirty and Writeback in /proc/meminfo; which zone is low in zoneinfo), kswapd\'s CPU in top, and whether a NUMA node or a cgroup is the one under pressure.',
    },
  },
  {
    id: 'vmstat/reclaim-livelock', kind: 'vmstat', title: 'CPUs spin in the kernel with memory exhausted', severity: 'warning',
    thresholds: { system: t(90, '%', 'system CPU (vmstat sy) averaged over the intervals'), free: t(64 * 1024 * 1024, 'bytes', 'free memory (vmstat free) at or below which memory counts as exhausted (or 5 % of free + buff + cache)') },
    doc: {
      means: 'A vmstat N table shows the CPUs almost entirely in the kernel (sy) while free memory sits at the bottom: allocations loop in reclaim and compaction instead of making progress.',
      why: 'This is the livelock before the OOM killer acts, or instead of it: every task that allocates spins in direct reclaim, the machine stops responding, and nothing is killed because reclaim keeps freeing a page now and then.',
      next: 'Find what fills memory (meminfo, slabinfo, the largest processes); memory PSI shows the stall. A user-space killer (systemd-oomd, earlyoom) acting on PSI, or a lower memory limit for the culprit, ends it sooner than the kernel does.',
    },
  },
  {
    id: 'vmstat/direct-reclaim', kind: 'vmstat', title: 'Direct reclaim', severity: 'info', levels: ['info', 'warning'],
    thresholds: {},
    doc: {
      means: 'Allocating tasks had to reclaim memory themselves (allocstall, pgscan_direct). A warning when they scanned more pages since boot than kswapd did (at least a million), or when the counters rise across a series or a sar -B report shows pgscand/s in most intervals.',
      why: 'Direct reclaim is latency in the allocating process: kswapd could not keep up.',
      next: 'In a series, rising counters mean ongoing pressure; consider vm.min_free_kbytes / watermark_scale_factor.',
    },
  },
  {
    id: 'vmstat/compaction-failing', kind: 'vmstat', title: 'Direct compaction fails', severity: 'warning',
    thresholds: { stalls: t(10000, 'count', 'direct compactions since boot before the share is judged'), share: t(50, '%', 'compact_fail of compact_stall') },
    doc: {
      means: 'Allocating tasks had to compact memory themselves (compact_stall) and most attempts found no contiguous block (compact_fail, mm/compaction.c).',
      why: 'Each stall is latency in the task that allocates; transparent huge page faults then fall back to small pages, high-order kernel allocations fail. Free memory can be plentiful while none of it is contiguous.',
      next: 'Read /proc/buddyinfo or /proc/pagetypeinfo for free blocks by order; THP defrag to madvise or defer; vm.compaction_proactiveness; a higher vm.min_free_kbytes.',
    },
  },
  {
    id: 'vmstat/pinned-pages', kind: 'vmstat', title: 'Pages are pinned and cannot be reclaimed', severity: 'warning',
    thresholds: { bytes: t(1024 ** 3, 'bytes', 'pages pinned now (nr_foll_pin_acquired − nr_foll_pin_released, in pages × page size)') },
    doc: {
      means: 'The kernel counts the pages pinned with pin_user_pages() (FOLL_PIN) and the pins released, both since boot (mm/gup.c, since 5.10); their difference is what is pinned now.',
      why: 'A pinned page stays where it is: reclaim, swap, migration and compaction all skip it. VFIO guests, RDMA and io_uring fixed buffers pin memory on purpose while they run; pins left after their process exits are a leak that only a reboot undoes.',
      next: 'List what pins memory (VFIO guests, RDMA registrations, io_uring rings, GPU drivers); if the count stays after the work stops, look for a kernel or driver fix and reboot.',
    },
  },
  {
    id: 'vmstat/numa-miss', kind: 'vmstat', title: 'Allocations spill to another NUMA node', severity: 'warning', levels: ['info', 'warning'],
    thresholds: { info: t(2, '%', 'numa_miss of all allocations since boot (numa_hit + numa_miss)'), warning: t(10, '%', 'the same share for a warning') },
    doc: {
      means: 'numa_miss counts pages a task wanted from one node and got from another because its own node had too little free memory (Documentation/admin-guide/numastat.rst); summed over nodes it equals numa_foreign.',
      why: 'A node that keeps running out pushes its allocations to the far node: slower memory for those tasks, and reclaim on one node while the other has room. Interleaved allocations are not misses, so a high share means one node is full, not a policy.',
      next: 'Look at each node\'s free memory (numastat -m, /sys/devices/system/node/node*/meminfo): a page cache, hugepage pool or one large process on one node; place the workload with numactl or cpusets, or spread its memory (numactl --interleave).',
    },
  },
  {
    id: 'vmstat/major-faults', kind: 'vmstat', title: 'Many major page faults', severity: 'warning',
    thresholds: { rate: t(500, '/s', 'pgmajfault per second') },
    doc: {
      means: 'Pages are read back from disk at a high rate.',
      why: 'Evicted code and data being refaulted: the working set does not fit.',
      next: 'Check workingset_refault_* and memory pressure.',
    },
  },
  {
    id: 'vmstat/slab-unreclaimable-high', kind: 'vmstat', title: 'Unreclaimable slab rivals process memory', severity: 'warning',
    thresholds: { warning: t(30, '%', 'unreclaimable slab above this share of the pages vmstat counts'), rival: t(10, '%', 'share above which unreclaimable slab as large as anonymous memory is flagged') },
    doc: {
      means: 'With no /proc/meminfo beside it, vmstat alone shows nr_slab_unreclaimable holding a large share of the pages it counts (free, LRU lists, slab, page tables), or as much as all anonymous memory.',
      why: 'Unreclaimable slab is kernel memory no pod is charged for in full and that reclaim cannot free; on a healthy node it is a small fraction of process memory.',
      next: 'Capture /proc/meminfo and /proc/slabinfo (as root) on the same host and rank the caches; a second capture shows whether it grows.',
    },
  },
  {
    id: 'vmstat/caches-dropped', kind: 'vmstat', title: 'Caches dropped by hand', severity: 'info',
    thresholds: {},
    doc: {
      means: 'Someone wrote to /proc/sys/vm/drop_caches since boot.',
      why: 'Explains sudden drops of page cache and slab; a cron job doing it hides the real memory picture.',
      next: 'Find who does it (cron, a DaemonSet) and why.',
    },
  },
  {
    id: 'oom-report/killed', kind: 'oom-report', title: 'A process was OOM-killed', severity: 'critical', levels: ['warning', 'critical'],
    thresholds: {},
    doc: {
      means: 'The kernel OOM killer killed a process; the report tells which, why and who else held memory. A warning when only the memory part of a report is in the capture, or when the kill was asked for (order=-1: SysRq-F), not forced by a shortage.',
      why: 'A memcg kill is a container limit (Kubernetes: OOMKilled, exit code 137); a global kill means the node itself ran out. A memcg report whose usage lines show every limit under 80 % full is said as spurious (a charge that failed earlier, or a page fault blamed on the cgroup), and a global report with 90 % of RAM reserved (Mem-Info\'s pages reserved) blames the reservation, not what fills the rest.',
      next: 'For memcg kills compare the limit with the task table; for global kills look at the biggest tasks and kernel memory.',
    },
  },
  {
    id: 'oom-report/low-memory-killer', kind: 'oom-report', title: 'Android\'s low-memory killer killed processes', severity: 'warning', levels: ['info', 'warning', 'critical'],
    thresholds: { cached: t(900, 'count', 'oom_score_adj from which a victim is a cached app (Android\'s CACHED_APP_MIN_ADJ)'), foreground: t(200, 'count', 'oom_score_adj below which a victim was visible to the user (critical)') },
    doc: {
      means: 'Android\'s low-memory killer (the staging driver lowmemorykiller.c before kernel 4.12, or lmkd in user space) killed processes: it picks the highest oom_score_adj whenever free memory and the file cache fall below its minfree level for that adj. The kernel\'s OOM killer did not run.',
      why: 'Killing cached apps (adj 900 and up) is how Android makes room and is routine in small doses; a burst of kills, or kills of services and visible apps (lower adj), means memory is short for what runs.',
      next: 'Look at what grows while the kills happen (the processes\' RSS in ps or dumpsys meminfo) and at the minfree levels (/sys/module/lowmemorykiller/parameters/minfree, or lmkd\'s ro.lmk.* properties).',
    },
  },
  {
    id: 'oom-report/userspace-kill', kind: 'oom-report', title: 'systemd-oomd killed a unit', severity: 'critical',
    thresholds: {},
    doc: {
      means: 'systemd-oomd, a user-space killer, stopped a whole cgroup (a unit, a scope, a session) before the kernel ran out of memory: memory pressure (PSI) of a monitored cgroup stayed above its limit (ManagedOOMMemoryPressure=kill, 60 % for 30 s by default on most distributions), or swap use passed SwapUsedLimit (ManagedOOMSwap=kill, 90 %).',
      why: 'Every process of the unit is gone at once and the kernel logs no OOM report: dmesg is quiet, only the journal tells.',
      next: 'Find what filled memory in that unit (its memory.current, memory.stat); raise the limits in oomd.conf or the slice\'s ManagedOOMMemoryPressureLimit=, give the unit memory.high, or add swap headroom.',
    },
  },
  {
    id: 'oom-report/no-killable', kind: 'oom-report', title: 'The OOM killer killed nothing (no killable task, or a panic)', severity: 'critical',
    thresholds: {},
    doc: {
      means: '"Out of memory and no killable processes": every task was unkillable (oom_score_adj −1000, kernel threads) or already dying, so the killer chose no victim; on a global OOM the kernel then panics ("System is deadlocked on memory"). Also a report that ends in a panic with no kill (vm.panic_on_oom).',
      why: 'Nothing in user space could give memory back: the memory is held by the kernel (slab, drivers) or by protected tasks, and the node stops or reboots.',
      next: 'Read the report\'s Mem-Info and slab dump for the kernel consumer; check which tasks have oom_score_adj −1000; kdump (if loaded) keeps the crashed kernel\'s memory for analysis.',
    },
  },
  {
    id: 'oom-report/slab-dominated', kind: 'oom-report', title: 'Unreclaimable slab dominated at OOM time', severity: 'warning',
    thresholds: {},
    doc: {
      means: 'The kernel found unreclaimable slab larger than all LRU pages and dumped the top caches.',
      why: 'The kernel, not user space, held the memory: killing processes frees little.',
      next: 'Look at the named caches; a leaking driver or subsystem is the usual cause.',
    },
  },
  {
    id: 'oom-report/allocation-profile', kind: 'oom-report', title: 'Allocation profiling names who held the memory', severity: 'info', levels: ['info', 'warning'],
    thresholds: {},
    doc: {
      means: 'A 6.10+ kernel with CONFIG_MEM_ALLOC_PROFILING prints, in show_mem (an OOM report, an allocation failure, SysRq-m), the ten call sites holding the most memory (mm/show_mem.c, lib/alloc_tag.c). Each is the kernel\'s own (slab pages, vmalloc, drivers, modules) or processes\' memory and page cache (anonymous faults, shmem, file and swap cache folios).',
      why: 'Mem-Info sums memory by kind; the profile says which code holds it. When the kernel\'s own allocations are more than twice the rest, killing processes frees little. A file system\'s cache outside the page cache (OpenZFS\'s ARC) shows here and in no meminfo line.',
      next: 'Read /proc/allocinfo for the full list (sort -g); for a module that holds the most, its own tunables (zfs_arc_max for OpenZFS) or a fix for its leak.',
    },
  },
  {
    id: 'allocinfo/profile', kind: 'allocinfo', title: 'Allocation profiling: the kernel\'s own memory against processes\'', severity: 'info', levels: ['info', 'warning'],
    thresholds: {},
    doc: {
      means: '/proc/allocinfo (6.10+, CONFIG_MEM_ALLOC_PROFILING; lib/alloc_tag.c) lists every call site\'s bytes and live allocations; a paste usually keeps the largest rows (sort -g | tail). The rows are split as in the OOM report\'s block: the kernel\'s own (slab pages counted once, drivers and modules) against processes\' memory and page cache.',
      why: 'It names the code that holds memory the meminfo counters only sum: a driver\'s buffers, a file system\'s own cache (OpenZFS), page_ext or per-CPU areas.',
      next: 'Capture it again later: a call site that only grows is a leak (allocinfo/site-growing). For a module that holds the most, its tunables or a fix for its leak.',
    },
  },
  {
    id: 'allocinfo/site-growing', kind: 'allocinfo', title: 'A kernel call site keeps more memory than before', severity: 'warning',
    thresholds: { factor: t(2, 'ratio', 'bytes of a call site in the last allocinfo snapshot over the first'), share: t(1, '%', 'its growth, as a share of MemTotal when a meminfo is beside it'), bytes: t(256 * 2 ** 20, 'bytes', 'its growth when no MemTotal is in the capture') },
    doc: {
      means: 'The same call site (file, line and function) in two /proc/allocinfo snapshots of one machine holds at least twice as much memory in the later one, and the growth is a real share of memory.',
      why: 'Kernel memory that only grows is the usual sign of a leak in a driver or subsystem (a NIC driver\'s page pool, a file system\'s objects); no reclaim gives it back. Sites that allocate for processes or the page cache grow with the workload and are not judged.',
      next: 'Capture /proc/allocinfo again under the same load; if the site keeps growing, report it upstream with these lines (the driver\'s maintainers), and reload the module or reboot to free it.',
    },
  },
  {
    id: 'oom-report/allocation-failure', kind: 'oom-report', title: 'A page allocation failed', severity: 'warning', levels: ['info', 'warning'],
    thresholds: {},
    doc: {
      means: 'The kernel log shows "page allocation failure: order:N": an allocation of 2^N contiguous pages failed. No process was killed for it. When the report carries its buddy lists, the finding says whether the zones the mode allows had blocks that large (a shortage) or plenty free in smaller blocks only (fragmentation, a warning); information for small orders without that evidence. A lower zone whose lowmem_reserve keeps its free memory from the request is left out of that count, and free blocks that sit in the CMA area or the high-order atomic reserve ((C) and (H) in the buddy lists), which the request may not use, are said as such. A SLUB failure alone ("SLUB: Unable to allocate memory", a slab cache that could not grow) names the cache and what it held (slabs × 2^order pages); a warning from 1 GiB.',
      why: 'Requests above order 3 and allocations that may not sleep (GFP_ATOMIC) fail instead of reclaiming or invoking the OOM killer: a sign of fragmentation or of a burst in interrupt context, often in network drivers, while free memory looks plentiful.',
      next: 'Read /proc/buddyinfo for free blocks of that order; raise vm.min_free_kbytes, let compaction run (vm.compact_memory), or make the driver use smaller buffers.',
    },
  },
  {
    id: 'oom-report/allocation-stall', kind: 'oom-report', title: 'A page allocation stalled for seconds', severity: 'warning', levels: ['warning'],
    thresholds: {},
    doc: {
      means: 'The kernel log shows "page allocation stalls for Nms" (kernels 4.9 to 4.14 write it once an allocation has retried for 10 s, and every 10 s after): the allocation had not failed, it was still reclaiming and retrying. The finding says how long, which zones were at their min watermark, and what the report\'s Mem-Info says held memory (page cache left, anonymous memory, shmem, swap).',
      why: 'An allocation that waits seconds means every task that allocates waits as well: the machine thrashes, reading its own code back from disk, and stays unresponsive until reclaim wins or the OOM killer runs, which can take minutes.',
      next: 'Find what holds memory (the largest RSS, shmem and tmpfs) and lower it or add memory; a user-space OOM killer (earlyoom, systemd-oomd) or memory.high on the heavy cgroup ends such a stall sooner than the kernel does.',
    },
  },
  {
    id: 'buddyinfo/fragmented', kind: 'buddyinfo', title: 'Free memory is fragmented', severity: 'info', levels: ['info', 'warning'],
    thresholds: { order: t(4, 'count', 'blocks of this order (2^order pages) or more count as large'), share: t(25, '%', 'large blocks below this share of the free memory'), severe: t(1, '%', 'a warning when large blocks are below this share of at least 256 MiB free') },
    doc: {
      means: 'The zone with the most free memory holds it mostly in small blocks (buddyinfo counts free blocks of 2^order pages): large contiguous allocations cannot be served without compaction.',
      why: 'Huge pages, network drivers and some file systems need contiguous blocks; on a long-lived node their allocations stall in compaction or fail (a "page allocation failure: order:N"), while free memory looks plentiful. It is a warning when the document shows such a failure that no zone could serve, or when no zone of the node has a single free block of the large order (above PAGE_ALLOC_COSTLY_ORDER, 3), or when 99 % of a node\'s free memory (256 MiB or more) sits in blocks below it: then nearly every such allocation compacts first and atomic ones fail.',
      next: 'Compare with the allocation failures in the kernel log; raise vm.min_free_kbytes, let proactive compaction run (vm.compaction_proactiveness), or drain and reboot a node that runs for months.',
    },
  },
  {
    id: 'buddyinfo/unmovable-pageblocks', kind: 'buddyinfo', title: 'Most of a zone\'s pageblocks are unmovable', severity: 'warning',
    thresholds: { share: t(50, '%', 'Unmovable pageblocks above this share of a zone of 1 GiB or more') },
    doc: {
      means: 'pagetypeinfo\'s "Number of blocks type" table shows more than half of a large zone\'s pageblocks owned by the Unmovable type: kernel allocations that can never move (slab, driver and balloon pages, page tables) are spread over most of the zone.',
      why: 'A healthy zone is mostly Movable. Unmovable blocks cannot be compacted into huge pages or freed by reclaim; when they cover most of a zone, something in the kernel holds that much (a balloon driver, a leak outside slab) and high-order allocations fail there for good.',
      next: 'Set it beside meminfo: memory in no counter of the same size points at a driver (the VMware or virtio balloon, GPU, RDMA). Check the balloon\'s stats and the host\'s memory reservation; a reboot clears scattering by a burst that has passed.',
    },
  },
  {
    id: 'zoneinfo/below-watermark', kind: 'zoneinfo', title: 'A zone is below its watermark', severity: 'warning', levels: ['info', 'warning'],
    thresholds: {},
    doc: {
      means: 'A zone\'s free pages are below its low watermark (kswapd reclaims: information) or below min (allocations reclaim themselves: a warning). zoneinfo prints both in pages; a memory dump with no kill (SysRq-m, or a report\'s zone lines pasted alone) prints them in kB and is judged the same, naming zsmalloc\'s share (zspages: zram and zswap) when it holds most of the zone.',
      why: 'Below min every allocation in the zone pays for reclaim and compaction (latency, memory PSI); only atomic allocations may use the reserve below it, and those fail next.',
      next: 'Look at memory PSI, allocstall and pgscan_direct in vmstat; vm.watermark_scale_factor and vm.min_free_kbytes set the gap between the watermarks.',
    },
  },
  {
    id: 'threads/reclaim-busy', kind: 'threads', title: 'The kernel\'s reclaim or compaction threads are busy', severity: 'warning',
    thresholds: { warning: t(10, '%', 'CPU of one kswapd, kcompactd or khugepaged thread, in percent of one CPU') },
    doc: {
      means: 'A top, htop or ps row shows kswapd (reclaim for one NUMA node), kcompactd (compaction for one node) or khugepaged (collapsing pages into transparent huge pages) using a tenth of a CPU or more. They sleep while memory is plentiful and in large free blocks.',
      why: 'kswapd busy with little available means the node is short and evicts page cache that is read straight back (I/O wait follows); kswapd or kcompactd busy with plenty free means high-order requests (transparent huge pages, network buffers) keep waking them on fragmented memory. Either way CPU goes to the kernel and allocations wait.',
      next: 'Compare MemAvailable, pgscan_kswapd/pgsteal_kswapd and compact_stall/compact_fail in /proc/vmstat, and buddyinfo; set transparent_hugepage/defrag to defer or madvise, or raise vm.min_free_kbytes when free memory is fragmented; find what fills memory when it is short.',
    },
  },
  {
    id: 'kubernetes/top-hides-kernel', kind: 'kubernetes', title: 'kubectl top hides memory the kernel holds', severity: 'warning',
    thresholds: { warning: t(10, '%', 'memory in use that the node working set leaves out, as a share of MemTotal') },
    doc: {
      means: 'MemTotal − MemAvailable (what the kernel says is in use) is well above the working set kubectl top node and the Summary API print. The working set is the root cgroup\'s usage minus inactive file; under runc ≥ 1.2 that usage is anon + file, so slab, kernel stacks and page tables are not in it.',
      why: 'The scheduler and dashboards see a node with room while the kernel has less to give; kernel memory grows unseen until the node OOMs or evicts.',
      next: 'Read SUnreclaim and /proc/slabinfo on the node; size systemReserved from the kernel memory shown (the reservation advice does it).',
    },
  },
  {
    id: 'kubernetes/eviction-near', kind: 'kubernetes', title: 'Eviction threshold near or crossed', severity: 'warning', levels: ['warning', 'critical'],
    thresholds: { warning: t(5, '%', 'memory.available minus the hard threshold below this share of capacity') },
    doc: {
      means: 'memory.available (capacity − the node working set) is close to the kubelet\'s evictionHard threshold, below a soft threshold, or the node reports MemoryPressure or evictions.',
      why: 'At the hard threshold the kubelet evicts pods at once (BestEffort first, then Burstable above requests); evicting pods frees their memory, not the kernel\'s, so evictions can go on.',
      next: 'Find what fills the node (the breakdown: pods, daemons, kernel); reserve the kernel memory in systemReserved so the scheduler stops placing pods into it.',
    },
  },
  {
    id: 'kubernetes/reservation-too-small', kind: 'kubernetes', title: 'Reservation smaller than kernel and system memory', severity: 'warning',
    thresholds: {},
    doc: {
      means: 'capacity − allocatable − evictionHard (systemReserved + kubeReserved) is less than the kernel memory no pod is charged for plus the kubelet\'s and runtime\'s working sets.',
      why: 'The scheduler promises pods memory the kernel is already using: when pods fill allocatable the node crosses the eviction threshold or OOMs.',
      next: 'Apply the advised KubeletConfiguration (Kernel Memory: Copy Kubelet Reservation, or kmemlens advise) and restart the kubelet; node allocatable shrinks accordingly.',
    },
  },
  {
    id: 'kubernetes/limits-overcommit', kind: 'kubernetes', title: 'Pod memory limits overcommit allocatable', severity: 'info', levels: ['info', 'warning'],
    thresholds: { info: t(100, '%', 'sum of memory limits above this share of allocatable'), warning: t(150, '%', 'for a warning') },
    doc: {
      means: 'The pods on the node may together use more memory than allocatable (describe node\'s Allocated resources, limits column).',
      why: 'Limits are not reserved: if pods grow toward their limits together, the node runs out before any pod hits its own limit, and the kernel or the kubelet picks the victim.',
      next: 'Set requests closer to real use, or limits closer to requests for the big pods (Guaranteed QoS); spread them with anti-affinity.',
    },
  },
  {
    id: 'kubernetes/pod-near-limit', kind: 'kubernetes', title: 'Pod working set near its limit', severity: 'warning', levels: ['warning', 'critical'],
    thresholds: { warning: t(90, '%', 'working set above this share of the memory limit'), critical: t(98, '%', 'for critical') },
    doc: {
      means: 'A pod\'s working set (what kubectl top pod shows) is close to the sum of its containers\' memory limits.',
      why: 'At the limit the kernel reclaims the pod\'s own page cache (latency) and kills inside the pod when that fails: OOMKilled, exit code 137.',
      next: 'Look at what the working set holds (anon vs active page cache, memory.stat); raise the limit or fix the growth.',
    },
  },
  {
    id: 'kubernetes/working-set-page-cache', kind: 'kubernetes', title: 'Working set inflated by page cache', severity: 'info', levels: ['info', 'warning'],
    thresholds: { share: t(50, '%', '(working set − RSS) above this share of the working set'), near: t(80, '%', 'a warning when the working set is also above this share of the limit') },
    doc: {
      means: 'Most of a pod\'s working set is not its processes\' RSS: active page cache (and kernel memory) charged to its cgroup, which the working set counts.',
      why: 'The pod looks close to its limit, and the kubelet may evict it, for cache the kernel could reclaim; near the limit, reclaim stalls writes and reads.',
      next: 'Enable MemoryQoS (memory.high below the limit) on cgroup v2, or raise the limit; an app writing many files can use O_DIRECT or fadvise(DONTNEED).',
    },
  },
  {
    id: 'kubernetes/pod-oomkilled', kind: 'kubernetes', title: 'Pod OOMKilled', severity: 'critical',
    thresholds: {},
    doc: {
      means: 'An event or the pod\'s status says a container was OOMKilled (exit code 137), or the kubelet logged an OOMKilling / SystemOOM event.',
      why: 'The container was killed by the kernel at its limit (memcg OOM) or by a node-wide OOM; the kubelet restarts it and backs off.',
      next: 'Read the kernel\'s OOM report for that pod (dmesg): its memcg stats say whether anon, page cache, socket buffers or kernel memory filled the limit. When the report is in the same document, the finding points at it.',
    },
  },
  // ── The process (issue 14): JVM, Go, and any process against its cgroup ──
  {
    id: 'jvm/non-heap-exceeds-headroom', kind: 'jvm-nmt', title: 'JVM non-heap memory does not fit beside -Xmx', severity: 'warning', levels: ['warning', 'critical'],
    thresholds: { warning: t(80, '%', 'committed non-heap (NMT total − Java Heap) above this share of the headroom (limit − max heap)'), critical: t(100, '%', 'for critical: max heap + non-heap beyond the limit') },
    doc: {
      means: 'Native Memory Tracking counts what the JVM commits outside the Java heap (thread stacks, Metaspace, code cache, GC structures, direct buffers in Other); beside the maximum heap (-Xmx) it nearly fills, or overfills, the container\'s memory limit.',
      why: 'The heap can grow to -Xmx at any time; when heap and non-heap together pass the cgroup limit the kernel kills the JVM (OOMKilled, exit 137) with no Java OutOfMemoryError and no heap dump.',
      next: 'Lower -Xmx (or MaxRAMPercentage), cap the category that takes the room (MaxMetaspaceSize, MaxDirectMemorySize, fewer threads or a smaller -Xss, ReservedCodeCacheSize), or raise the limit. Compare NMT\'s committed total with the cgroup\'s memory.current: the rest is glibc malloc arenas and libraries NMT does not see.',
    },
  },
  {
    id: 'jvm/metaspace-uncapped-growing', kind: 'jvm-nmt', title: 'Metaspace has no cap and grows', severity: 'warning',
    thresholds: { growth: t(10, '%', 'Class/Metaspace committed growth since the NMT baseline') },
    doc: {
      means: 'The flags set no MaxMetaspaceSize, and NMT\'s diff shows class metadata growing since the baseline.',
      why: 'Without a cap Metaspace grows until the container limit: classes generated at run time (proxies, scripting, reloaded deployments) that are never unloaded are a native leak the heap settings do not bound.',
      next: 'Set -XX:MaxMetaspaceSize so a leak fails as a Java OutOfMemoryError: Metaspace with a stack trace, and look for class loaders that are never released (jcmd PID VM.classloader_stats).',
    },
  },
  {
    id: 'jvm/thread-stacks-large', kind: 'jvm-nmt', title: 'Thread stacks take a large share', severity: 'warning',
    thresholds: { share: t(20, '%', 'threads × stack size above this share of the memory limit (or of the committed total without one)'), threads: t(1000, 'count', 'or more threads than this') },
    doc: {
      means: 'Each Java thread reserves a stack of -Xss (1 MiB by default on 64-bit Linux); many threads can commit a large part of the container\'s memory outside the heap.',
      why: 'Stacks grow as threads go deeper and are charged to the cgroup; thread pools that grow without bound are a classic non-heap OOMKill.',
      next: 'Bound the thread pools; lower -Xss where deep recursion is not needed; count threads by name with jcmd PID Thread.print.',
    },
  },
  {
    id: 'jvm/direct-buffers-uncapped', kind: 'jvm-flags', title: 'Direct buffers are not capped', severity: 'info', levels: ['info', 'warning'],
    thresholds: { share: t(10, '%', 'a warning when NMT Other (direct buffers) is above this share of the limit') },
    doc: {
      means: 'MaxDirectMemorySize is not set, so NIO direct buffers may grow as large as the maximum heap, outside it.',
      why: 'Netty, gRPC and NIO clients allocate direct buffers; with no cap heap plus direct memory can reach twice -Xmx before anything fails in Java.',
      next: 'Set -XX:MaxDirectMemorySize to what the application needs, so a leak fails as OutOfMemoryError: Direct buffer memory.',
    },
  },
  {
    id: 'jvm/nmt-growth', kind: 'jvm-nmt', title: 'Native memory grew since the baseline', severity: 'warning',
    thresholds: { growth: t(10, '%', 'NMT total committed growth since the baseline'), floor: t(64 * 1024 ** 2, 'bytes', 'and by at least this much') },
    doc: {
      means: 'VM.native_memory summary.diff shows the JVM\'s committed memory grew since the baseline; the category that grew most is named.',
      why: 'Growth outside the heap is what heap dumps never show: thread leaks (Thread), class leaks (Class), direct buffers (Other), JIT (Compiler, Code).',
      next: 'Take another diff later: steady growth in one category is the leak; read that category\'s detail with NativeMemoryTracking=detail.',
    },
  },
  {
    id: 'go/heap-rss-gap', kind: 'go-memstats', title: 'Go RSS far above the live heap', severity: 'warning',
    thresholds: { share: t(50, '%', 'RSS − (HeapInuse + StackInuse) above this share of RSS'), floor: t(64 * 1024 ** 2, 'bytes', 'and above this size') },
    doc: {
      means: 'The kernel charges the process much more than the Go heap in use: idle spans not yet returned to the OS (HeapIdle − HeapReleased), fragmentation, goroutine stacks, or memory outside the Go heap (cgo, mmap).',
      why: 'The cgroup counts RSS, not the live heap: a service that freed a large heap keeps being charged until the scavenger returns the pages, and may be OOMKilled while its heap looks small.',
      next: 'Compare HeapIdle − HeapReleased (retained), StackInuse and Sys − HeapSys; set GOMEMLIMIT under the limit so the scavenger returns memory in time; debug.FreeOSMemory() releases at once.',
    },
  },
  {
    id: 'go/next-gc-beyond-limit', kind: 'go-memstats', title: 'Go\'s next GC comes after the cgroup limit', severity: 'warning', levels: ['warning', 'critical'],
    thresholds: { warning: t(90, '%', 'NextGC (the heap goal) above this share of the memory limit'), critical: t(100, '%', 'for critical: the goal is past the limit') },
    doc: {
      means: 'With GOGC alone the heap may grow to NextGC (twice the live heap at GOGC=100) before the collector runs; here that goal is at or beyond the container\'s limit, and no GOMEMLIMIT is set below it.',
      why: 'The kernel kills the process before Go collects: the garbage that would have been freed takes the cgroup past memory.max.',
      next: 'Set GOMEMLIMIT 10–15 % under the limit (the finding gives the number), so the collector runs harder as the heap nears it.',
    },
  },
  {
    id: 'go/many-goroutine-stacks', kind: 'go-memstats', title: 'Goroutine stacks are large', severity: 'warning',
    thresholds: { bytes: t(256 * 1024 ** 2, 'bytes', 'StackInuse above this size'), share: t(25, '%', 'or above this share of Sys') },
    doc: {
      means: 'Goroutine stacks (StackInuse) take a lot of memory: many goroutines, or some with deep stacks.',
      why: 'Stacks are not in the heap the GC paces on; a goroutine leak grows them until the limit.',
      next: 'Count goroutines (/debug/pprof/goroutine?debug=1) and find the ones that never return.',
    },
  },
  {
    id: 'process/rss-growing', kind: 'process', title: 'A process grows across ps or top samples', severity: 'warning',
    thresholds: { growth: t(50, '%', 'RSS growth from the first paste to the last'), bytes: t(100 * 1024 * 1024, 'bytes', 'and at least this much') },
    doc: {
      means: 'The same process (same PID and command) appears in two or more `ps aux` outputs or top samples of the document (`top -b -n N` too), and its resident size (ps RSS, top RES) grew by half or more, and by at least 100 MiB, from the first to the last.',
      why: 'A process that only grows is a leak or an unbounded cache; without a limit it takes the node\'s memory until the OOM killer or an eviction stops it.',
      next: 'Capture its /proc/PID/status and smaps_rollup (or the runtime\'s own report: jcmd VM.native_memory, Go MemStats) to see which part grows; set a memory limit so it is stopped before the node is.',
    },
  },
  {
    id: 'process/rss-near-limit', kind: 'proc-status', title: 'Process RSS near its cgroup limit', severity: 'warning', levels: ['warning', 'critical'],
    thresholds: { warning: t(85, '%', 'VmRSS above this share of the cgroup\'s memory limit'), critical: t(95, '%', 'for critical') },
    doc: {
      means: 'One process\'s resident memory is close to the limit of the cgroup it is charged to (memory.max, memory.limit_in_bytes).',
      why: 'Page cache can be reclaimed at the limit; a process\'s anonymous memory cannot without swap: the next allocations end in an OOM kill inside the container.',
      next: 'See which part grows (the runtime\'s heap and non-heap, smaps regions); raise the limit or bound the runtime (-Xmx, GOMEMLIMIT).',
    },
  },
  {
    id: 'process/swap-in-use', kind: 'proc-status', title: 'Process memory is in swap', severity: 'info', levels: ['info', 'warning'],
    thresholds: { share: t(10, '%', 'a warning when VmSwap is above this share of VmRSS + VmSwap') },
    doc: {
      means: 'Part of the process is swapped out (VmSwap).',
      why: 'Swapped pages come back with a major fault when touched: latency, and for a garbage-collected runtime, collections that page the heap back in.',
      next: 'Check the node\'s swap and the cgroup\'s memory.swap.max; for a JVM or Go heap, keep the heap below what fits in memory.',
    },
  },
  {
    id: 'series/steady-growth', kind: 'series', title: 'Steady growth', severity: 'warning',
    thresholds: { steps: t(80, '%', 'share of steps that grow, for series of fewer than 8 captures'), growth: t(5, '%', 'trend growth over the series above (a warning; a clean rise over 6 h or more is info from a fifth of it)'), confidence: t(99, '%', 'Mann–Kendall confidence that the series rises, for 8 captures or more') },
    doc: {
      means: 'A size rises across the captures: for 8 captures or more by a robust trend (the Theil–Sen slope, with a Mann–Kendall test that the rise is not noise), so a slow leak shows under sample jitter larger than each step; for shorter series when most steps rise.',
      why: 'Steady growth is how leaks look (SUnreclaim a few hundred MB a day for weeks); at this rate the node or cgroup will run out.',
      next: 'Identify the owner (slab cache, cgroup, process) and project when it hits the limit.',
    },
  },
  {
    id: 'series/total-changed', kind: 'series', title: 'MemTotal changed between captures', severity: 'info',
    thresholds: {},
    doc: {
      means: 'The captures of one meminfo or free series do not have the same MemTotal (more than 1 % apart).',
      why: 'A VM resized (WSL\'s memory setting, a cloud resize), a balloon driver or memory hot-plug changes the total: sizes before and after are not one quantity, and memory in use (MemTotal − MemAvailable) moves with the total, not with a leak.',
      next: 'Compare each capture with its own total; look for the resize in the host\'s or hypervisor\'s log.',
    },
  },
  {
    id: 'series/counter-reset', kind: 'series', title: 'Counters restarted between captures', severity: 'info',
    thresholds: {},
    doc: {
      means: 'A counter that only grows (vmstat\'s since boot, memory.events\' since the cgroup was made) is lower in a capture than in the one before it.',
      why: 'The machine rebooted, or the cgroup was removed and made again, between the two: what the earlier capture says is of another run, and a rate taken across the restart would be wrong (the tool counts from the restart).',
      next: 'Look for the reboot (last reboot, journalctl --list-boots) or the restart of the container between the captures.',
    },
  },
  {
    id: 'series/counter-rate', kind: 'series', title: 'Counter rate over the series', severity: 'warning',
    thresholds: {},
    doc: {
      means: 'A counter (major faults, swap, OOM kills, memory.events) rises faster than its rule allows.',
      why: 'Rates, not totals since boot, show what is happening now.',
      next: 'Follow the matching rule\'s advice.',
    },
  },
];

export const RULES_BY_ID: ReadonlyMap<string, RuleInfo> = new Map(RULES.map((r) => [r.id, r]));

/**
 * Default base of the rule documentation: docs/rules.md relative to the
 * project. The language server passes the file URL of the copy shipped in
 * the .vsix instead.
 */
export const RULE_DOCS_URL = 'docs/rules.md';

/** Link to a rule's section of docs/rules.md; `base` lets the server point at the copy shipped in the .vsix. */
export function ruleDocUrl(id: string, base: string = RULE_DOCS_URL): string {
  return `${base}#${ruleAnchor(id)}`;
}

/** The Markdown heading anchor docs/rules.md uses for a rule. */
export function ruleAnchor(id: string): string {
  return id.replace(/[^a-z0-9]+/g, '-');
}

/** User configuration of the rules, as settings and the CLI give it. */
export interface RuleConfig {
  /** `kmemlens.rules`: id → severity or off. */
  severities?: Record<string, SeveritySetting>;
  /** `kmemlens.thresholds`: `id.name` → value in the threshold's unit. */
  thresholds?: Record<string, number>;
}

export function threshold(config: RuleConfig | undefined, id: string, name: string): number {
  const override = config?.thresholds?.[`${id}.${name}`];
  if (typeof override === 'number' && Number.isFinite(override)) return override;
  const th = RULES_BY_ID.get(id)?.thresholds[name];
  if (!th) throw new Error(`unknown threshold ${id}.${name}`);
  return th.value;
}
