/**
 * The plain data the whole product passes around: parsed sections, fields,
 * problems, findings and metrics. No behaviour lives here.
 *
 * Conventions
 * - Lines are 0-based (as in LSP); the CLI's JSON adds 1.
 * - Columns are UTF-16 offsets into the original line, end exclusive.
 * - Sizes are held in bytes (`bytes`); the value as written and its unit stay
 *   on the field (`value`, `unit`) so hovers can show both.
 */

/** Kinds of capture the detector knows. Ids double as VS Code language ids. */
export type AnalysedKind =
  | 'meminfo'
  | 'slabinfo'
  | 'memory-stat'
  | 'memory-events'
  | 'pressure'
  | 'vmstat'
  | 'oom-report'
  | 'cgroup-value'
  | KubernetesKind
  | ProcessKind;

/** The Kubernetes side of a node (issue 11): what kubectl and the kubelet print. */
export type KubernetesKind = 'kubectl-top' | 'kubelet-summary' | 'node-describe' | 'kubelet-config' | 'k8s-events';

/** Recognised, but not analysed yet: reported as such, never as "not a capture". */
export type RecognisedKind = 'buddyinfo' | 'zoneinfo' | 'numa-stat' | 'vmstat-table' | 'sar-table';

export type SectionKind = AnalysedKind | RecognisedKind | 'unknown';


/** The unit a value is written in, in its source file. */
export type SourceUnit =
  | 'kB' // KiB (meminfo, vmstat pgpgin/pgpgout, nr_kernel_stack)
  | 'bytes'
  | 'MiB' // free -m, and free -h's M suffix
  | 'GiB' // free -g, free -h's G
  | 'TiB' // free -h's T
  | 'pages' // base pages (page size configurable, default 4 KiB)
  | 'hugepages' // counts of huge pages (meminfo HugePages_*, vmstat THP counters)
  | 'count' // events or objects
  | 'percent'
  | 'us' // microseconds (PSI total)
  | 'flag' // 0/1 switches
  | 'ns' // nanoseconds (Go's LastGC, PauseTotalNs)
  | 'text'; // a value that is not a number (`Name: java`, `State: S (sleeping)`); `value` is NaN

/** A half-open column span on one line. */
export interface Span {
  line: number;
  start: number;
  end: number;
}

/** One `key value [unit]` entry of a key/value capture. */
export interface Field {
  key: string;
  /** The value text as written (`"16384"`, `"max"`). */
  raw: string;
  /** The number as written in `unit`; NaN when the value is not a number. */
  value: number;
  unit: SourceUnit;
  /** Canonical size in bytes, for size fields. Undefined for counts and flags. */
  bytes?: number;
  /** True for `max` (v2) and the v1 "unlimited" sentinel. */
  unlimited?: boolean;
  line: number;
  keySpan: Span;
  valueSpan: Span;
  unitSpan?: Span;
}

/** A line the parser could not read as its section's format. */
export interface Problem {
  line: number;
  /** Columns, when narrower than the whole line. */
  start?: number;
  end?: number;
  message: string;
  severity: 'error' | 'warning' | 'info';
}

interface SectionBase {
  /** Index of the section in its document. */
  index: number;
  kind: SectionKind;
  variant?: string;
  /** Path the capture came from (header, grep prefix or prompt), when known. */
  source?: string;
  /** First and last line of the section's content (headers excluded). */
  startLine: number;
  endLine: number;
  /** The header line that named the section (`==> … <==`, prompt), if any. */
  headerLine?: number;
  /** ISO 8601 capture time, from the nearest timestamp line above. */
  capturedAt?: string;
  /** The host the shell prompt above named (`kube-gateway:~$ free -m`), when it did. */
  host?: string;
  /** Why the detector chose this kind, for hovers and the CLI. */
  detectedBy: 'content' | 'file-name' | 'header' | 'prompt';
  /** Quoted by a mail or forum (`> `, `| ` before every line): columns count from the original line. */
  quoted?: boolean;
}

export interface KeyValueSection extends SectionBase {
  kind: 'meminfo' | 'memory-stat' | 'memory-events' | 'vmstat' | 'cgroup-value';
  /**
   * Every field. For a capture that a later capture of the same series
   * follows, `fields` and `byKey` are read again on first access (a day of
   * captures would otherwise hold a million field objects); `peek` holds the
   * keys the series needs.
   */
  fields: Field[];
  /** First field of each key (duplicates are problems). */
  byKey: Record<string, Field>;
  /** Set on earlier captures of a series: the fields the series follows, kept eagerly. */
  peek?: Record<string, Field>;
  /** A free(1) table: the sums free printed, which are no meminfo key (variant `free`). */
  freePrinted?: FreePrinted;
  /** A one-value file the session wrote (`echo 10M > memory.limit_in_bytes`): the value set, not one read back. */
  written?: boolean;
  /** A meminfo excerpt completed by the free table beside it (world/build.ts): that table's section index. */
  completedFrom?: number;
  /** `numastat -m` (variant `numastat`): each key's bytes on each node, in the order of `nodes`; fields hold the Total column. */
  byNode?: { nodes: number[]; bytes: Record<string, number[]>; counts?: Record<string, number[]> };
}

/**
 * What free(1) printed beside the meminfo values it read: its `used` and `buff/cache` (procps-ng ≥ 3.3.10:
 * used = total − free − buff/cache, buff/cache = Buffers + Cached + SReclaimable), or, in the older layout,
 * the `-/+ buffers/cache` line's used (total − free − buffers − cached).
 */
export interface FreePrinted {
  layout: 'buff/cache' | 'buffers-cached';
  usedBytes?: number;
  usedLine?: number;
  buffCacheBytes?: number;
}

export interface SlabCache {
  name: string;
  activeObjs: number;
  numObjs: number;
  objSize: number;
  objPerSlab: number;
  pagesPerSlab: number;
  activeSlabs: number;
  numSlabs: number;
  line: number;
  nameSpan: Span;
  /** Spans of the numeric columns, in the order above (objSize … numSlabs). */
  columnSpans: Span[];
  /** slabtop's CACHE SIZE column, in bytes (exact: slabs × slab size). */
  cacheSizeBytes?: number;
}

export interface SlabinfoSection extends SectionBase {
  kind: 'slabinfo';
  version?: string;
  /** True when the header says `(statistics)` (CONFIG_DEBUG_SLAB). */
  statistics: boolean;
  caches: SlabCache[];
  /** "Permission denied", header only, or empty. */
  unreadable?: 'permission-denied' | 'header-only' | 'empty';
  /**
   * Cache fields that are derived, not printed (slabtop: objSize from `0.19K`,
   * pagesPerSlab from CACHE SIZE ÷ SLABS ÷ page size, activeSlabs = SLABS).
   */
  approximate?: (keyof SlabCache)[];
  /** slabtop's header summary (` Active / Total Objects (% used) : a / b`), sizes in bytes. */
  slabtopSummary?: Partial<Record<'activeObjects' | 'totalObjects' | 'activeSlabs' | 'totalSlabs' | 'activeCaches' | 'totalCaches' | 'activeSizeBytes' | 'totalSizeBytes' | 'minObjectBytes' | 'avgObjectBytes' | 'maxObjectBytes', number>>;
}

export type PsiResource = 'memory' | 'cpu' | 'io' | 'irq' | 'unknown';

export interface PsiLine {
  type: 'some' | 'full';
  avg10: number;
  avg60: number;
  avg300: number;
  /** Cumulative stall time, microseconds. */
  total: number;
  line: number;
  typeSpan: Span;
  /** Spans of avg10, avg60, avg300, total (key=value tokens). */
  spans: { avg10: Span; avg60: Span; avg300: Span; total: Span };
}

export interface PressureSection extends SectionBase {
  kind: 'pressure';
  resource: PsiResource;
  /** How the resource was decided. */
  resourceFrom: 'name' | 'line-set' | 'assumed';
  some?: PsiLine;
  full?: PsiLine;
  /** The layout of the PSI patches before 4.20 (`aggr N` / bare numbers): line totals are NaN. */
  layout?: 'pre-upstream';
  /** The pre-upstream first line's cumulative stall time, as printed. */
  aggregateTotal?: number;
}

export type OomConstraint = 'CONSTRAINT_NONE' | 'CONSTRAINT_CPUSET' | 'CONSTRAINT_MEMORY_POLICY' | 'CONSTRAINT_MEMCG' | string;

export interface OomTask {
  pid: number;
  uid: number;
  tgid: number;
  totalVmPages: number;
  rssPages: number;
  /** Bytes, despite the table's "memory values in pages" title. */
  pgtablesBytes?: number;
  swapEntsPages: number;
  oomScoreAdj: number;
  name: string;
  rssAnonPages?: number;
  rssFilePages?: number;
  rssShmemPages?: number;
  line: number;
}

export interface OomSlabRow {
  name: string;
  usedBytes: number;
  totalBytes: number;
  line: number;
}

/** A Kubernetes identity decoded from a cgroup path. */
export interface KubernetesRef {
  podUid?: string;
  containerId?: string;
  qosFromPath?: 'Guaranteed' | 'Burstable' | 'BestEffort';
}

/** One task killed: the victim, or each member of a memory.oom.group kill. */
export interface OomKill {
  pid: number;
  name: string;
  line: number;
  uid?: number;
  totalVmBytes?: number;
  anonRssBytes?: number;
  fileRssBytes?: number;
  shmemRssBytes?: number;
  pgtablesBytes?: number;
  oomScoreAdj?: number;
}

/** `NAME: page allocation failure: order:N, mode:0x…` (mm/page_alloc.c warn_alloc): not an OOM kill. */
export interface AllocationFailure {
  line: number;
  /** The task that failed to allocate. */
  task?: string;
  order: number;
  /** The gfp mode as printed, `0x40cc0(GFP_KERNEL|__GFP_COMP)`. */
  mode: string;
  /** `page allocation stalls for Nms` (4.9–4.14): the allocation had been retrying this long, it had not failed. */
  stallMs?: number;
  /** The Mem-Info first lines that followed, in pages. */
  memInfoPages?: Record<string, number>;
  /** Allocation profiling's top call sites, when show_mem printed them (6.10+). */
  allocations?: AllocationTag[];
  allocationsLine?: number;
  /** Mem-Info's `N pages RAM` and `N pages reserved`, and a balloon driver's share (`Balloon:NkB` on a node line). */
  ramPages?: number;
  reservedPages?: number;
  balloonKb?: number;
  endLine: number;
  /** A vmalloc failure (mm/vmalloc.c): the size asked for, in bytes; pages need not be contiguous. */
  vmallocBytes?: number;
  /** A `vmap allocation for size N failed: use vmalloc=<size>` line before it: the vmalloc address range was full. */
  vmapSpaceLine?: number;
  /** The first call-trace frame outside the allocator (`siw_qp_modify [siw]`): who asked. */
  caller?: string;
  /** The Mem-Info zone lines that followed. */
  zones?: OomZone[];
  /** The first block size of a buddy line that followed (`6*64kB`), in kB: one page. */
  buddyPageKb?: number;
  buddyPageLine?: number;
  buddyZones?: OomBuddyZone[];
  /** Mem-Info's `Free swap  = NkB` and `Total swap = NkB` (mm/show_mem.c), in kB. */
  swapFreeKb?: number;
  swapTotalKb?: number;
}

/** A Mem-Info buddy line (`Node 0 DMA: 408*64kB (C) 408*128kB (C) … = 3348992kB`): free kB, and how much is in CMA blocks only. */
export interface OomBuddyZone {
  zone: string;
  node?: number;
  freeKb: number;
  /** Blocks whose migrate types are `(C)` alone: usable by movable allocations only. */
  cmaOnlyKb: number;
  /** Blocks whose migrate types are `(H)` alone: the high-order atomic reserve (mm/page_alloc.c reserve_highatomic_pageblock). */
  highAtomicOnlyKb?: number;
  /** Free kB in blocks of each order (index = order; the first term is one page). */
  byOrderKb: number[];
  line: number;
}

export interface OomEvent {
  /** Line of the first line belonging to this event. */
  startLine: number;
  /** A zone or node line of its Mem-Info ends `all_unreclaimable? yes` (mm/vmscan.c: reclaim gave up on it). */
  allUnreclaimable?: boolean;
  endLine: number;
  triggerLine?: number;
  /** Process that invoked the OOM killer (allocating task). */
  invoker?: string;
  gfpMask?: string;
  order?: number;
  invokerOomScoreAdj?: number;
  kernelVersion?: string;
  /** memcg OOM: `memory: usage …kB, limit …kB, failcnt …`. */
  memcgUsageBytes?: number;
  memcgLimitBytes?: number;
  memcgFailcnt?: number;
  /** v1 `memory+swap: usage …kB, limit …kB, failcnt …` (memory.memsw.*). */
  memswUsageBytes?: number;
  memswLimitBytes?: number;
  memswFailcnt?: number;
  /** `memory: usage 18446744073709537436kB`: the usage counter went N kB below zero (printed unsigned, 2^64 − N). */
  memcgUsageBelowZeroKb?: number;
  swapUsageBytes?: number;
  swapLimitBytes?: number;
  /** `Memory cgroup stats for /path:` and what followed, as bytes where sizes. */
  memcgStatsPath?: string;
  memcgStats?: Record<string, number>;
  /** Global Mem-Info first line values, in pages. */
  memInfoPages?: Record<string, number>;
  /** Mem-Info's per-zone lines (`Node 0 Normal free:…kB min:…kB …`), in kB as printed (mm/show_mem.c). */
  zones?: OomZone[];
  /** The first block size of a Mem-Info buddy line (`Node 0 Normal: 6*64kB (ME) …`), in kB: order 0 is one page. */
  buddyPageKb?: number;
  buddyPageLine?: number;
  buddyZones?: OomBuddyZone[];
  /** Mem-Info's `Free swap  = NkB` and `Total swap = NkB` (mm/show_mem.c), in kB. */
  swapFreeKb?: number;
  swapTotalKb?: number;
  /** Mem-Info's `N pages RAM` and `N pages reserved` (mm/show_mem.c show_mem). */
  /** `SLUB: Unable to allocate memory` warnings just before the report (mm/slub.c slab_out_of_memory): cache and, in `cache: dentry(100:12G)`, the memcg id and name. */
  /** mm/slub.c slab_out_of_memory: the cache that could not grow, its slab order and object size, what it held (all nodes). */
  slubFailures?: { cache: string; memcgId?: number; memcg?: string; line: number; gfp?: string; bufferSize?: number; order?: number; slabs?: number; objs?: number; freeObjs?: number }[];
  /** Task rows whose header is above the capture: only what every layout agrees on (pid first, oom_score_adj and name last). */
  headlessTasks?: { pid: number; oomScoreAdj: number; name: string; line: number }[];
  /** `Huh VM_FAULT_OOM leaked out to the #PF handler. Retrying PF` (mm/oom_kill.c pagefault_out_of_memory, 5.16+). */
  faultRetryLine?: number;
  /** `sysrq: Show Memory` (SysRq-m, drivers/tty/sysrq.c): the dump that follows was asked for, not an OOM's. */
  sysrqShowMemLine?: number;
  ramPages?: number;
  reservedPages?: number;
  unreclaimableSlab: OomSlabRow[];
  slabDumpLine?: number;
  tasks: OomTask[];
  taskTableLine?: number;
  constraint?: OomConstraint;
  constraintLine?: number;
  oomMemcg?: string;
  taskMemcg?: string;
  globalOom?: boolean;
  /** The kill. */
  killLine?: number;
  /** A 4.x / 2.6 selection line (`Kill process N (x) score S or sacrifice child`). */
  selectionLine?: number;
  /** `mems_allowed=` of the constraint line: the memory nodes the allocating task may use. */
  memsAllowed?: string;
  /** `Out of memory (oom_kill_allocating_task)`: vm.oom_kill_allocating_task=1 killed the task that asked, not the largest. */
  allocatingTask?: boolean;
  victimPid?: number;
  victimName?: string;
  victimUid?: number;
  victimTotalVmBytes?: number;
  victimAnonRssBytes?: number;
  victimFileRssBytes?: number;
  victimShmemRssBytes?: number;
  victimPgtablesBytes?: number;
  victimOomScoreAdj?: number;
  /** `Memory cgroup out of memory` prefix (or legacy wording) seen. */
  memcgOom?: boolean;
  reaperLine?: number;
  /** Time from the log prefix of the kill or trigger line, ISO when absolute. */
  time?: string;
  /** Seconds since boot from `[ 123.456]` prefixes. */
  uptimeSeconds?: number;
  /** `time` as ISO 8601, when the log prefix gives a full date (dmesg -T in any locale, journal, CI or hypervisor stamps). */
  timeIso?: string;
  /** memory.oom.group: every task of `oomGroup` was killed; `killed` lists them (the victim first). */
  groupKill?: boolean;
  oomGroup?: string;
  killed?: OomKill[];
  /** `oom_reaper: unable to reap pid:N (name)`: the victim's memory could not be reaped. */
  reaperStuck?: boolean;
  /** Line of `memory_max_write` in the call trace: someone lowered memory.max below the usage. */
  limitWrite?: number;
  /** The call-trace line of mem_cgroup_oom_synchronize: the memcg OOM was handled at the end of a page fault. */
  faultOomLine?: number;
  /** The victim was named only by the oom_reaper line (its "Killed process" line is not in the capture). */
  victimFromReaper?: boolean;
  /** v1 `kmem: usage …kB, limit …kB`: kernel memory charged to the memcg. */
  kmemUsageBytes?: number;
  kmemLimitBytes?: number;
  /** Only the OOM killer's stack is in the capture (`mem_cgroup_out_of_memory`, `oom_kill_process` …). */
  stackOnly?: boolean;
  /** systemd's lines after the kill: the unit it noted, and the rest of the unit it then SIGKILLed (OOMPolicy=stop or kill). */
  systemdUnit?: { unit: string; line: number; killed: { pid: number; name: string; line: number }[] };
  /** A kill by a user-space OOM killer (systemd-oomd), not the kernel's: what it killed and why. */
  userspace?: UserspaceKill;
  /** A kill by Android's low-memory killer (the in-kernel driver, or lmkd in user space): why, in its own terms. */
  lowMemoryKiller?: LowMemoryKill;
  /** `Out of memory and no killable processes...`: the killer found no victim (mm/oom_kill.c out_of_memory). */
  noKillableLine?: number;
  /** `Kernel panic - not syncing: …` in the report (a global OOM with nothing to kill, or panic_on_oom). */
  panicLine?: number;
  panic?: string;
  /** Lines joined to the line above them (wrapped by a terminal or mail client). */
  wrappedLines?: number[];
  /**
   * show_mem's `Memory allocations:` block (CONFIG_MEM_ALLOC_PROFILING, 6.10+; mm/show_mem.c): the ten code
   * locations holding the most memory, by allocation tag, largest first.
   */
  allocations?: AllocationTag[];
  allocationsLine?: number;
  /** `Balloon:NkB` on Mem-Info's node lines (Xen, virtio-balloon): pages the guest gave back to its hypervisor. */
  balloonKb?: number;
}

/** One row of allocation profiling: bytes held and live allocations of one call site (lib/alloc_tag.c). */
export interface AllocationTag {
  bytes: number;
  /** The size as printed: raw bytes before 6.11, string_get_size's `38.4 MiB` after. */
  raw: string;
  calls: number;
  file: string;
  lineNo: number;
  module?: string;
  func: string;
  line: number;
}

/** systemd-oomd's journal lines (src/oom/oomd-manager.c): the unit it killed, the pressure or swap that made it. */
export interface UserspaceKill {
  killer: 'systemd-oomd';
  line: number;
  /** The cgroup killed (the unit's path). */
  cgroup?: string;
  reason?: 'memory-pressure' | 'swap';
  /** Memory pressure: the monitored cgroup, its PSI `full` avg as printed, the limit, how long. */
  pressureOf?: string;
  pressurePercent?: number;
  limitPercent?: number;
  duration?: string;
  /** Swap: the candidate's `Swap Usage:` as printed (`20.9G`). */
  swapUsage?: string;
  /** `Considered N cgroups for killing`. */
  considered?: number;
  /** `systemd-oomd killed N process(es) in this unit` (systemd's own line). */
  processes?: number;
  unit?: string;
}

/**
 * Android's low-memory killer: drivers/staging/android/lowmemorykiller.c (kernels before 4.12) kills the
 * process with the highest oom_score_adj when free memory and the file cache fall below its minfree levels;
 * lmkd (system/memory/lmkd) does the same from user space and logs under the same tag.
 */
export interface LowMemoryKill {
  /**
   * `user-space`: only an `oom_reaper: reaped process` line, with the log lines above it and no OOM report among
   * them: a SIGKILL from user space whose memory the reaper freed (Android kernels queue the apps lmkd kills to the
   * reaper, reap_mem_on_sigkill), not a kill by the kernel's OOM killer.
   */
  killer: 'lowmemorykiller' | 'lmkd' | 'user-space';
  line: number;
  /** The victim's adj as printed: oom_score_adj (Android: 0 foreground … 900+ cached apps), or oom_adj (-17…15) where `oomAdjScale`. */
  adj?: number;
  /** The 3.x driver's `send sigkill` line prints oom_adj, not oom_score_adj. */
  oomAdjScale?: boolean;
  /** `to free NkB` (its RSS). */
  toFreeKb?: number;
  /** `on behalf of 'kswapd0'`: the task whose allocation triggered the kill. */
  onBehalfOf?: string;
  /** `cache NkB is below limit NkB for oom_score_adj N`. */
  cacheKb?: number;
  limitKb?: number;
  minAdj?: number;
  /** `Free memory is NkB above reserved`. */
  freeKb?: number;
}

export interface OomZone {
  node?: number;
  zone: string;
  freeKb: number;
  minKb: number;
  lowKb?: number;
  highKb?: number;
  /** Free pages in CMA areas: only movable allocations may use them (mm/page_alloc.c __zone_watermark_ok). */
  freeCmaKb?: number;
  /** Every `name:NkB` counter of the zone line (present, managed, active_anon, slab_unreclaimable …), in kB. */
  countersKb?: Record<string, number>;
  /** The `lowmem_reserve[]:` line under it, in pages: what it keeps back from a request aimed at each zone (by index). */
  reservePages?: number[];
  line: number;
}

export interface OomReportSection extends SectionBase {
  kind: 'oom-report';
  events: OomEvent[];
  /** Page allocation failures in the same log: reported, not counted as OOM kills. */
  allocationFailures?: AllocationFailure[];
  /** SLUB failures no report followed (a slab cache that could not grow, alone). */
  slubFailures?: NonNullable<OomEvent['slubFailures']>;
}

/** One line of /proc/buddyinfo: free blocks of each order (2^order pages) in one zone. */
export interface BuddyZone {
  node: number;
  zone: string;
  /** Count of free blocks, index = order. */
  free: number[];
  line: number;
}

/** One zone of /proc/zoneinfo: free pages against its watermarks (all in pages). */
export interface ZoneWatermarks {
  /** -1 with `headless`: the capture starts below the zone's `Node N, zone NAME` line. */
  node: number;
  zone: string;
  headless?: boolean;
  line: number;
  free?: number;
  freeLine?: number;
  min?: number;
  low?: number;
  high?: number;
  boost?: number;
  managed?: number;
  present?: number;
  spanned?: number;
  /** Pages on the zone's LRU lists (nr_zone_{in,}active_{anon,file}; the zone's nr_* before 4.8): what reclaim can take. */
  lru?: { anon: number; file: number };
  /** lru came from nr_zone_* lines (4.8+), not the node's or older counters. */
  lruFromZone?: boolean;
}

/** One key of memory.numa_stat split by NUMA node, in bytes (v1 counts pages; converted). */
export interface NumaStatRow {
  key: string;
  /** v1 prints the total before the nodes. */
  totalBytes?: number;
  perNodeBytes: number[];
  line: number;
}

/** buddyinfo, zoneinfo, numa_stat and text that is not a capture. */
export interface OpaqueSection extends SectionBase {
  kind: RecognisedKind | 'unknown';
  /** buddyinfo: every zone's free blocks by order. */
  buddy?: BuddyZone[];
  /** pagetypeinfo's `Number of blocks type` table: pageblocks of each migrate type per zone, and `Page block order`. */
  pageblocks?: { node: number; zone: string; byType: Record<string, number>; line: number }[];
  pageblockOrder?: number;
  /** zoneinfo: every zone's free pages and watermarks. */
  zones?: ZoneWatermarks[];
  /** memory.numa_stat, or numastat's tables (variant `numastat-process`: one process's memory by category): each key by node. */
  numa?: NumaStatRow[];
  /** /proc/allocinfo (variant `allocinfo`): allocation profiling by call site, largest first. */
  allocations?: AllocationTag[];
  /** The process a `numastat -p` table is of. */
  process?: { pid: number; name: string };
  /** `vmstat N` output: its columns and one sample per row. */
  vmstatTable?: VmstatTable;
  /** sysstat `sar -B`, `-W`, `-r` or `-S` reports (a paste often holds several): columns and one sample per row. */
  sarTables?: SarTable[];
  /** top/htop or `ps aux` rows of the kernel's memory threads (kswapd, kcompactd, khugepaged) in text that is no capture. */
  threads?: MemoryThreadRow[];
  /** `ps aux` and top rows with RSS (the grep lines of `ps | grep` left out), for a process's growth across samples. */
  processes?: PsProcessRow[];
}

/**
 * The table `vmstat [-S unit] [-a] [-w] [-t] DELAY [COUNT]` prints (procps vmstat.c new_format): memory
 * columns in `unit`, si/so in `unit` per second, bi/bo in 1 KiB blocks per second, CPU columns in percent.
 * The first row after a header averages since boot; the rows after it cover one DELAY each.
 */
export interface VmstatTable {
  /** Column names of the last header line read (`r b swpd free buff cache si so bi bo in cs us sy id wa st`). */
  columns: string[];
  /** The unit of the memory and swap columns, from `-S`: 1024 (KiB, the default), 1000, 1048576 or 1000000. */
  unitBytes: number;
  /** How the unit was decided. */
  unitFrom: 'default' | 'command';
  samples: VmstatSample[];
  /** Lines of the column-name headers (vmstat prints them again every screenful). */
  headerLines: number[];
}

export interface VmstatSample {
  line: number;
  /** The row's numbers by column name. */
  values: Record<string, number>;
  /** Each column's cell on the line. */
  spans: Record<string, Span>;
  /** The first row after a header: averages since boot (si, so, bi, bo, in, cs, CPU), not the last interval. */
  sinceBoot: boolean;
  /** `vmstat -t`: the row's time as printed. */
  time?: string;
}

/**
 * One report of sysstat's sar (`sar -B` paging, `-W` swapping, `-r` memory, `-S` swap space): a header of
 * column names after the time, then one row per interval and an `Average:` row. Rates are per second,
 * sizes in KiB (sysstat pr_stats.c), as printed.
 */
export interface SarTable {
  columns: string[];
  samples: SarSample[];
  /** The `Average:` row, when printed. */
  average?: SarSample;
  headerLines: number[];
}

export interface SarSample {
  line: number;
  /** `04:00:00 PM` as printed, or `Average:`. */
  time: string;
  values: Record<string, number>;
  spans: Record<string, Span>;
}

/** One `ps aux` or top row: a process and its resident size (ps RSS, top RES), as printed. */
export interface PsProcessRow {
  pid: number;
  /** The command line, without `ps auxf`'s tree drawing. */
  command: string;
  /** ps's RSS or top's RES, in KiB (top's m/g/t suffixes scaled). */
  rssKiB: number;
  memPercent: number;
  line: number;
}

/** One process row of a memory kernel thread, as top, htop or ps printed it. */
export interface MemoryThreadRow {
  /** `kswapd0`, `kcompactd1`, `khugepaged` (brackets of a full command line dropped). */
  name: string;
  pid: number;
  /** %CPU as printed (a decimal comma read as a point): top's over its last interval, ps's over the thread's life, BusyBox top's of all CPUs. */
  cpuPercent: number;
  layout: 'top' | 'ps' | 'busybox';
  line: number;
  cpuSpan: Span;
}

// ── The Kubernetes side (issue 11) ─────────────────────────────────────────

/**
 * A Kubernetes resource quantity as written (`616Mi`, `1Gi`, `500M`, `1073741824`,
 * `"1.5Gi"`), with its bytes (k8s.io/apimachinery resource.Quantity: Ki = 1024,
 * k = 1000, m = 1/1000). `bytes` is NaN when the text is not a quantity.
 */
export interface K8sQuantity {
  raw: string;
  bytes: number;
  span: Span;
}

/** A setting as written in a KubeletConfiguration or describe output: a quantity or a percentage. */
export interface K8sValue {
  raw: string;
  span: Span;
  /** For quantities. */
  bytes?: number;
  /** For `10%` eviction thresholds. */
  percent?: number;
}

/** One data row of `kubectl top node` / `kubectl top pod [-A] [--containers]`. */
export interface TopRow {
  line: number;
  /** NAME for nodes and pods; NAME (the container) with --containers. */
  name: string;
  nameSpan: Span;
  namespace?: string;
  /** POD column of `--containers`. */
  pod?: string;
  cpuMillicores?: number;
  cpuPercent?: number;
  memory?: K8sQuantity;
  memoryPercent?: number;
  memoryPercentSpan?: Span;
  /** Every cell, with the column header it sits under (for hovers). */
  cells: { column: string; span: Span }[];
}

export interface KubectlTopSection extends SectionBase {
  kind: 'kubectl-top';
  /** `kubectl top node`, `kubectl top pod`, or `kubectl top pod --containers`. */
  target: 'node' | 'pod' | 'container';
  /** Line of the `NAME CPU(cores) …` header and its columns. */
  tableLine: number;
  columns: { name: string; span: Span }[];
  rows: TopRow[];
}

/** The `memory` object of the kubelet Summary API (k8s.io/kubelet/pkg/apis/stats/v1alpha1 MemoryStats). */
export interface K8sMemoryStats {
  line: number;
  time?: string;
  usageBytes?: number;
  workingSetBytes?: number;
  rssBytes?: number;
  availableBytes?: number;
  pageFaults?: number;
  majorPageFaults?: number;
  /** Span of each key's value, by key name (`workingSetBytes`). */
  spans: Record<string, Span>;
  /** Span of each key (the quoted name), by key name. */
  keySpans?: Record<string, Span>;
}

export interface SummaryContainer {
  name: string;
  line: number;
  memory?: K8sMemoryStats;
  /** cAdvisor's container_spec_memory_limit_bytes (the Summary API itself has no limits). */
  limitBytes?: number;
  limitLine?: number;
}

export interface SummaryPod {
  name: string;
  namespace?: string;
  uid?: string;
  line: number;
  memory?: K8sMemoryStats;
  containers: SummaryContainer[];
}

export interface KubeletSummarySection extends SectionBase {
  kind: 'kubelet-summary';
  nodeName?: string;
  node?: K8sMemoryStats;
  /** kubelet, runtime, pods, misc (the node's system containers). */
  systemContainers: SummaryContainer[];
  pods: SummaryPod[];
}

export interface NodeCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  line: number;
}

/** A pod row of describe node's "Non-terminated Pods" table, memory columns only. */
export interface DescribedPod {
  namespace?: string;
  name: string;
  line: number;
  memoryRequests?: K8sQuantity;
  memoryLimits?: K8sQuantity;
}

/** A Kubernetes event or an event-like log line, wherever it was printed. */
export interface K8sEvent {
  line: number;
  /** Evicted, OOMKilling, OOMKilled, SystemOOM, EvictionThresholdMet, NodeHasInsufficientMemory, or the kubelet's eviction log ('eviction'). */
  reason: string;
  type?: string;
  namespace?: string;
  pod?: string;
  container?: string;
  node?: string;
  message?: string;
  /** As printed (`5m`, `2024-01-02T03:04:05Z`, a klog `I0102 03:04:05.123456`). */
  time?: string;
  exitCode?: number;
  /** Eviction: the signal (`memory.available`) and the numbers the message gives. */
  signal?: string;
  observedBytes?: number;
  thresholdBytes?: number;
  /** A describe pod terminated state: `Last State` or `State`. */
  state?: 'last' | 'current';
  /** Eviction message: what the container was using and its request (`was using 1730516Ki, request is 0`). */
  usageBytes?: number;
  requestBytes?: number;
  /** `25m (x3 over 46m)`: how many times the event was seen. */
  count?: number;
  /** The resource an eviction message names (`memory`, `ephemeral-storage`). */
  resource?: string;
  /** The eviction manager's observation: the signal's capacity (`capacity: 65973468Ki`). */
  capacityBytes?: number;
  /** "pods ranked for eviction": the pods in the kubelet's order (`ns/name`). */
  ranked?: string[];
  /** describe pod: the terminated state's Started and Finished, as printed. */
  started?: string;
  finished?: string;
  /** describe pod: the container is an init container. */
  initContainer?: boolean;
}

export interface NodeDescribeSection extends SectionBase {
  kind: 'node-describe';
  format: 'describe' | 'yaml' | 'json';
  nodeName?: string;
  nodeNameLine?: number;
  /** capacity.memory, allocatable.memory (other resources kept too, by name). */
  capacity: Record<string, K8sQuantity & { line: number }>;
  allocatable: Record<string, K8sQuantity & { line: number }>;
  conditions: NodeCondition[];
  /** "Allocated resources": the memory row. */
  allocated?: { line: number; requests?: K8sQuantity; requestsPercent?: number; limits?: K8sQuantity; limitsPercent?: number };
  pods: DescribedPod[];
  events: K8sEvent[];
  /** status.nodeInfo / System Info: kernelVersion, containerRuntimeVersion, kubeletVersion, osImage. */
  systemInfo: Record<string, { value: string; line: number }>;
}

export interface KubeletConfigSection extends SectionBase {
  kind: 'kubelet-config';
  /** KubeletConfiguration YAML, its JSON, /configz (`{"kubeletconfig": {…}}`), or kubelet command-line flags (`--eviction-hard=…`). */
  format: 'yaml' | 'json' | 'configz' | 'flags';
  systemReserved: Record<string, K8sValue & { line: number }>;
  kubeReserved: Record<string, K8sValue & { line: number }>;
  evictionHard: Record<string, K8sValue & { line: number }>;
  evictionSoft: Record<string, K8sValue & { line: number }>;
  evictionSoftGracePeriod: Record<string, K8sValue & { line: number }>;
  /** Any other top-level setting read: enforceNodeAllocatable, memoryThrottlingFactor, cgroupDriver, cgroupsPerQOS, evictionMinimumReclaim… */
  settings: Record<string, K8sValue & { line: number }>;
}

export interface K8sEventsSection extends SectionBase {
  kind: 'k8s-events';
  /** `kubectl get events`, kubelet log lines (klog/journal), `kubectl describe pod`, or `kubectl get pods` (a pod whose STATUS is OOMKilled or Evicted is an event). */
  variant: 'kubectl-events' | 'kubelet-log' | 'pod-describe' | 'get-pods';
  events: K8sEvent[];
  /** describe pod: the pod's name, namespace, QoS class, and each container's memory requests/limits. */
  pod?: { name?: string; namespace?: string; qosClass?: string; line: number; containers: { name: string; line: number; memoryRequests?: K8sQuantity; memoryLimits?: K8sQuantity; restartCount?: number }[] };
}

export type KubernetesSection = KubectlTopSection | KubeletSummarySection | NodeDescribeSection | KubeletConfigSection | K8sEventsSection;

// ── The process side (issue 14) ────────────────────────────────────────────
//
// What one process says about its memory: /proc/PID/status, smaps_rollup and smaps, its cgroup
// file, the JVM's Native Memory Tracking, flags and heap (jcmd), and the Go runtime's MemStats
// (pprof heap?debug=1, expvar /debug/vars, GODEBUG=gctrace=1). Sizes are bytes in `bytes`; each
// number keeps its text, unit and span (`Field`). None of these sections has a `fields` property:
// code that reads key/value captures (`'fields' in s`) leaves them alone.

export type ProcessKind = 'proc-status' | 'smaps-rollup' | 'smaps' | 'proc-cgroup' | 'jvm-nmt' | 'jvm-flags' | 'jvm-heap' | 'go-memstats';

/** /proc/PID/status (fs/proc/array.c, task_mem in fs/proc/task_mmu.c): every `Key:\tvalue` line. */
export interface ProcStatusSection extends SectionBase {
  kind: 'proc-status';
  /** `Pid:` (else `Tgid:`), and `Name:` (the command, at most 15 characters). */
  pid?: number;
  name?: string;
  /** Every line: sizes (`VmRSS: 1688 kB`) with `bytes`; counts (`Threads: 1`) as 'count'; the rest (`State: S (sleeping)`, `Uid: 0 0 0 0`) as 'text'. */
  entries: Field[];
  /** First entry of each key. */
  byKey: Record<string, Field>;
}

/** /proc/PID/smaps_rollup (Linux 4.14+): the `[rollup]` header, then the sums of every mapping's smaps fields. */
export interface SmapsRollupSection extends SectionBase {
  kind: 'smaps-rollup';
  /** The header: lowest mapping start, highest mapping end (hex, as printed). */
  header?: { line: number; start: string; end: string; span: Span };
  entries: Field[];
  byKey: Record<string, Field>;
}

/** How smaps mappings are grouped: by what the pathname column says. */
export type SmapsGroupKind = 'heap' | 'stack' | 'anonymous' | 'vdso' | 'file' | 'other';

/**
 * One mapping of /proc/PID/smaps: its header line and its `Key: N kB` lines. The numbers are kept
 * as bytes by key (not as Field objects: a JVM prints thousands of mappings); `readSmapsLine`
 * (formats/process/smaps.ts) gives any of its lines back as a Field with spans.
 */
export interface SmapsMapping {
  /** The header line (`7f…-7f… rw-p 00000000 00:00 0   [heap]`) and the mapping's last line. */
  line: number;
  endLine: number;
  start: string;
  end: string;
  perms: string;
  offset: string;
  dev: string;
  inode: number;
  /** The pathname column as printed (`[heap]`, `/usr/lib/…/libc.so.6`, `/memfd:x (deleted)`); absent for anonymous memory. */
  pathname?: string;
  /** Key of the group it is summed into (`[heap]`, `[stack]`, `anonymous`, `[vdso]/[vvar]`, the file's path). */
  group: string;
  groupKind: SmapsGroupKind;
  spans: { address: Span; perms: Span; pathname?: Span };
  /** Every `Key: N kB` value in bytes (Size, Rss, Pss, Private_Dirty, Swap, …); counts (THPeligible, ProtectionKey) as printed. */
  values: Record<string, number>;
  /** `VmFlags:` two-letter flags (rd wr mr mw me gd ac …). */
  vmFlags?: string[];
}

/** The mappings of one group, summed (bytes). */
export interface SmapsGroup {
  key: string;
  kind: SmapsGroupKind;
  /** Index of each of its mappings in `SmapsSection.mappings`. */
  mappings: number[];
  sizeBytes: number;
  rssBytes: number;
  pssBytes: number;
  privateDirtyBytes: number;
  swapBytes: number;
}

export interface SmapsSection extends SectionBase {
  kind: 'smaps';
  mappings: SmapsMapping[];
  /** Heap, stacks, anonymous, vdso/vvar, then files, in order of Rss (largest first). */
  groups: SmapsGroup[];
  totals: { mappings: number; sizeBytes: number; rssBytes: number; pssBytes: number; privateDirtyBytes: number; swapBytes: number };
}

/** One line of /proc/PID/cgroup: `hierarchy-ID:controller-list:cgroup-path` (v2: `0::/path`). */
export interface ProcCgroupEntry {
  line: number;
  hierarchy: number;
  /** v1: `memory`, `cpu,cpuacct`, `name=systemd`; v2: none. */
  controllers: string[];
  path: string;
  spans: { hierarchy: Span; controllers: Span; path: Span };
}

export interface ProcCgroupSection extends SectionBase {
  kind: 'proc-cgroup';
  /** v2 only (`0::/…`), v1 only, or both (hybrid: v1 controllers and the unified `0::` line). */
  version: 'v1' | 'v2' | 'hybrid';
  entries: ProcCgroupEntry[];
  /** The cgroup that charges the process's memory: v1's `memory` controller line, else the v2 line. */
  memoryPath?: string;
  memoryLine?: number;
  /** The pod and container that path names (analysis/kubernetes.ts kubernetesFromCgroup). */
  kubernetes?: KubernetesRef;
}

/** One number of an NMT report: `reserved=1057512KB`, `#111320`, `+8402KB`, `waste=12782KB =36.65%`. */
export interface NmtValue {
  /** `reserved`, `committed`, `malloc`, `malloc.count`, `malloc.peak`, `mmap.reserved`, `stack.committed`, `arena`, `classes`, `instance classes`, `thread`, `Metadata.used`, `tracking overhead`, `readonly`… */
  key: string;
  raw: string;
  /** Sizes in bytes (the report's scale: KB = 1024). */
  bytes?: number;
  /** Counts (`#111320`, `classes #9245`). */
  count?: number;
  /** `summary.diff`: the change since the baseline, in bytes for sizes, in units for counts. */
  delta?: number;
  /** A waste line's share (`=36.65%`). */
  percent?: number;
  unit: SourceUnit;
  span: Span;
  /** The name as printed before `=` or `#` (`reserved`, `classes`), when there is one. */
  keySpan?: Span;
  deltaSpan?: Span;
}

/** One category of an NMT summary (`-  Thread (reserved=…, committed=…)` and its lines in parentheses). */
export interface NmtCategory {
  /** As printed: `Java Heap`, `Class`, `Thread`, `Code`, `GC`, `Other`, `Metaspace`, `Shared class space`… */
  name: string;
  line: number;
  endLine: number;
  nameSpan: Span;
  reservedBytes: number;
  committedBytes: number;
  /** summary.diff: the changes of the header line. */
  reservedDeltaBytes?: number;
  committedDeltaBytes?: number;
  /** Every number of the category's lines, header included, in order. */
  values: NmtValue[];
  /** Sub-headings without numbers: `(  Metadata:   )`, `(  Class space:)`. */
  subHeadings?: { name: string; span: Span }[];
}

export interface JvmNmtSection extends SectionBase {
  kind: 'jvm-nmt';
  /** `summary` or `summary.diff`; `detail`: the summary part of a detail report (the rest is not read); `baseline`: the answer to `VM.native_memory baseline`. */
  variant: 'summary' | 'diff' | 'detail' | 'baseline';
  /** The `PID:` line jcmd prints first. */
  pid?: number;
  /** The report's scale: `KB` (default), `MB`, `GB` (1024-based), or `B`. */
  scale: 'B' | 'KB' | 'MB' | 'GB';
  /** `Total: reserved=…, committed=…` and its malloc/mmap lines. */
  total?: { line: number; reservedBytes: number; committedBytes: number; reservedDeltaBytes?: number; committedDeltaBytes?: number; values: NmtValue[] };
  categories: NmtCategory[];
  /** `Native Memory Tracking is not enabled`, `… is disabled`, or a baseline answer: said, nothing read. */
  message?: { line: number; text: string };
}

/** One JVM flag: `-XX:MaxHeapSize=67108864` (VM.flags) or a `-XX:+PrintFlagsFinal` / `VM.flags -all` row. */
export interface JvmFlag {
  name: string;
  raw: string;
  /** Numbers as printed (booleans 1/0); NaN for strings. */
  value: number;
  /** Size flags (MaxHeapSize, MaxMetaspaceSize, MaxDirectMemorySize, ThreadStackSize in KB…), in bytes. */
  bytes?: number;
  /** PrintFlagsFinal: the type column (`size_t`, `intx`, `bool`, `ccstr`) and the origin (`{default}`, `{ergonomic}`, `{command line}`). */
  type?: string;
  origin?: string;
  line: number;
  nameSpan: Span;
  valueSpan: Span;
}

export interface JvmFlagsSection extends SectionBase {
  kind: 'jvm-flags';
  /** `jcmd PID VM.flags` (one line of -XX: options) or the table of `-XX:+PrintFlagsFinal` / `VM.flags -all`. */
  format: 'vm-flags' | 'flags-final';
  pid?: number;
  /** `java -XX:+PrintFlagsFinal -version` also prints the version (`17.0.15`). */
  jvmVersion?: string;
  flags: JvmFlag[];
  byName: Record<string, JvmFlag>;
  /** The limits that bound the JVM's memory, in bytes, when the flags say them (MaxDirectMemorySize 0 means "as MaxHeapSize"). */
  limits: { maxHeapBytes?: number; maxMetaspaceBytes?: number; maxDirectMemoryBytes?: number; threadStackBytes?: number; reservedCodeCacheBytes?: number; compressedClassSpaceBytes?: number };
}

/** One line of GC.heap_info: a heap, generation, space or region summary. */
export interface JvmHeapSpace {
  /** As printed: `garbage-first heap`, `region size`, `PSYoungGen`, `eden space`, `ParOldGen`, `def new generation`, `Metaspace`, `class space`, `ZHeap`… */
  name: string;
  line: number;
  nameSpan: Span;
  /** Indented under the line above (eden under PSYoungGen, class space under Metaspace). */
  parent?: string;
  totalBytes?: number;
  usedBytes?: number;
  committedBytes?: number;
  reservedBytes?: number;
  capacityBytes?: number;
  maxCapacityBytes?: number;
  /** `eden space 13312K, 23% used`. */
  usedPercent?: number;
  /** G1: `region size 1024K, 3 young (3072K), 1 survivors (1024K)`. */
  regionBytes?: number;
  youngRegions?: number;
  youngBytes?: number;
  survivorRegions?: number;
  survivorBytes?: number;
  /** Every number on the line, as `NmtValue`s (key `total`, `used`, `young`, …). */
  values: NmtValue[];
}

export interface JvmHeapSection extends SectionBase {
  kind: 'jvm-heap';
  pid?: number;
  /** From the first line: G1, Parallel, Serial, Shenandoah, Z, Epsilon; undefined when unknown. */
  collector?: string;
  spaces: JvmHeapSpace[];
}

/** One `GODEBUG=gctrace=1` line (runtime/mgc.go): `gc 8 @0.273s 0%: … ms clock, … ms cpu, 400->400->16 MB, 500 MB goal, 0 MB stacks, 0 MB globals, 2 P (forced)`. */
export interface GoGcCycle {
  line: number;
  /** GC number, seconds since start, share of CPU time spent in GC since start (%). */
  n: number;
  atSeconds: number;
  gcCpuPercent: number;
  /** Heap at the start of the cycle, at the end of mark, and live (marked) heap; the next goal. */
  heapStartBytes: number;
  heapEndBytes: number;
  liveBytes: number;
  goalBytes: number;
  /** Go 1.19+: scannable stacks and globals. */
  stacksBytes?: number;
  globalsBytes?: number;
  procs: number;
  forced: boolean;
  /** Each number's span, by name (`heapStart`, `goal`, `stacks`, `procs`…). */
  spans: Record<string, Span>;
}

export interface GoMemStatsSection extends SectionBase {
  kind: 'go-memstats';
  /** `# runtime.MemStats` of /debug/pprof/heap?debug=1; the memstats of expvar's /debug/vars; gctrace lines; GOMEMLIMIT/GOGC settings alone. */
  variant: 'pprof' | 'expvar' | 'gctrace' | 'env';
  /** runtime.MemStats by its field names (pprof's `Stack = a / b` gives StackInuse and StackSys); sizes in bytes. */
  stats: Field[];
  byKey: Record<string, Field>;
  /** pprof: `heap profile: 16: 14681504 [353: 368051616] @ heap/1048576` (in-use and allocated objects and bytes, sampling rate). */
  profile?: { line: number; inuseObjects: number; inuseBytes: number; allocObjects: number; allocBytes: number; sampleRate?: number };
  cycles: GoGcCycle[];
  /** expvar's `cmdline`. */
  cmdline?: string[];
  /** `GOMEMLIMIT=768MiB` / `GOGC=…` seen in the text (an environment dump, a unit file, a pod spec line). */
  memoryLimit?: Field;
  gogc?: Field;
}

export type ProcessSection = ProcStatusSection | SmapsRollupSection | SmapsSection | ProcCgroupSection | JvmNmtSection | JvmFlagsSection | JvmHeapSection | GoMemStatsSection;

export type Section = KeyValueSection | SlabinfoSection | PressureSection | OomReportSection | OpaqueSection | KubernetesSection | ProcessSection;

/** What `parseDocument` returns: never throws, whatever the text. */
export interface ParsedDocument {
  sections: Section[];
  problems: Problem[];
  lineCount: number;
  /** The page size the page counts were read at, when the capture proved one (else the configured one applies). */
  pageSize?: number;
  pageSizeClue?: PageSizeClue;
}

/** Where a capture shows its page size (formats/pageSize.ts). */
export interface PageSizeClue {
  bytes: number;
  line: number;
  how: 'buddy' | 'free-pages' | 'task-table' | 'slabinfo' | 'vmstat';
  /** What the line shows, for the note (`the buddy list's smallest block is 64kB`). */
  text: string;
}

export type Severity = 'critical' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';

export interface RelatedLine {
  line: number;
  message: string;
}

/** A red flag raised by a rule. */
export interface Finding {
  rule: string;
  severity: Severity;
  message: string;
  line: number;
  endLine?: number;
  /** Index of the section the evidence is in. */
  section: number;
  related?: RelatedLine[];
  /** The numbers used, by name, for reports and charts. */
  data?: Record<string, number>;
  /** A setting to copy (a quick fix): `GOMEMLIMIT=448MiB`, `-XX:MaxMetaspaceSize=256m`. Never written into the document. */
  fix?: { title: string; text: string };
}
