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
  | KubernetesKind;

/** The Kubernetes side of a node (issue 11): what kubectl and the kubelet print. */
export type KubernetesKind = 'kubectl-top' | 'kubelet-summary' | 'node-describe' | 'kubelet-config' | 'k8s-events';

/** Recognised, but not analysed yet: reported as such, never as "not a capture". */
export type RecognisedKind = 'buddyinfo' | 'zoneinfo' | 'numa-stat';

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
  | 'flag'; // 0/1 switches

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
  /** The Mem-Info first lines that followed, in pages. */
  memInfoPages?: Record<string, number>;
  endLine: number;
  /** A vmalloc failure (mm/vmalloc.c): the size asked for, in bytes; pages need not be contiguous. */
  vmallocBytes?: number;
}

export interface OomEvent {
  /** Line of the first line belonging to this event. */
  startLine: number;
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
  swapUsageBytes?: number;
  swapLimitBytes?: number;
  /** `Memory cgroup stats for /path:` and what followed, as bytes where sizes. */
  memcgStatsPath?: string;
  memcgStats?: Record<string, number>;
  /** Global Mem-Info first line values, in pages. */
  memInfoPages?: Record<string, number>;
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
  /** v1 `kmem: usage …kB, limit …kB`: kernel memory charged to the memcg. */
  kmemUsageBytes?: number;
  kmemLimitBytes?: number;
  /** Only the OOM killer's stack is in the capture (`mem_cgroup_out_of_memory`, `oom_kill_process` …). */
  stackOnly?: boolean;
  /** Lines joined to the line above them (wrapped by a terminal or mail client). */
  wrappedLines?: number[];
}

export interface OomReportSection extends SectionBase {
  kind: 'oom-report';
  events: OomEvent[];
  /** Page allocation failures in the same log: reported, not counted as OOM kills. */
  allocationFailures?: AllocationFailure[];
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
  node: number;
  zone: string;
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
  /** zoneinfo: every zone's free pages and watermarks. */
  zones?: ZoneWatermarks[];
  /** memory.numa_stat: each key by node. */
  numa?: NumaStatRow[];
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
  /** `kubectl get events`, kubelet log lines (klog/journal), or `kubectl describe pod`. */
  variant: 'kubectl-events' | 'kubelet-log' | 'pod-describe';
  events: K8sEvent[];
  /** describe pod: the pod's name, namespace, QoS class, and each container's memory requests/limits. */
  pod?: { name?: string; namespace?: string; qosClass?: string; line: number; containers: { name: string; line: number; memoryRequests?: K8sQuantity; memoryLimits?: K8sQuantity; restartCount?: number }[] };
}

export type KubernetesSection = KubectlTopSection | KubeletSummarySection | NodeDescribeSection | KubeletConfigSection | K8sEventsSection;

export type Section = KeyValueSection | SlabinfoSection | PressureSection | OomReportSection | OpaqueSection | KubernetesSection;

/** What `parseDocument` returns: never throws, whatever the text. */
export interface ParsedDocument {
  sections: Section[];
  problems: Problem[];
  lineCount: number;
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
}
