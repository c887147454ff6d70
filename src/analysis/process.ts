/**
 * One process reconciled with its cgroup (issue 14 §2): its RSS and regions, the runtime's own
 * figures (the JVM's heap and non-heap from NMT and its flags; Go's heap phases from MemStats), and
 * the cgroup's usage and limit, side by side in one picture. Plain numbers (bytes); rules and the
 * viewer read this.
 */
import type { Field, NmtCategory } from '../model';
import type { ProcessView } from '../world/process';
import { cgroupValueBytes } from '../world/build';

export interface Part { label: string; bytes: number }

export interface JvmPicture {
  /** -Xmx (MaxHeapSize) from the flags; else the reserved Java Heap of NMT (the JVM reserves exactly the maximum). */
  maxHeapBytes?: number;
  maxHeapFrom?: 'flags' | 'nmt';
  heapCommittedBytes?: number;
  /** NMT total committed − Java Heap committed. */
  nonHeapCommittedBytes?: number;
  totalCommittedBytes?: number;
  /** Non-heap NMT categories by committed bytes, largest first. */
  nonHeap: (Part & { reservedBytes: number; deltaBytes?: number })[];
  threads?: number;
  threadStackBytes?: number;
  /** threads × stack size (what the stacks may commit). */
  stacksMayBytes?: number;
  metaspaceCapped?: boolean;
  maxMetaspaceBytes?: number;
  directCapped?: boolean;
  maxDirectBytes?: number;
  /** summary.diff: total committed change since the baseline, and the category that grew most. */
  committedDeltaBytes?: number;
  grewMost?: Part;
  /** Limit − max heap: what the limit leaves for everything that is not the heap. */
  headroomBytes?: number;
}

export interface GoPicture {
  heapInuseBytes?: number;
  heapIdleBytes?: number;
  heapReleasedBytes?: number;
  /** HeapIdle − HeapReleased: free spans the runtime keeps, still resident (counted by the kernel). */
  retainedBytes?: number;
  heapSysBytes?: number;
  stackInuseBytes?: number;
  sysBytes?: number;
  nextGcBytes?: number;
  numGc?: number;
  /** GOMEMLIMIT when set (pprof and expvar do not show it; an environment line or gctrace's context does). */
  memoryLimitBytes?: number;
  /** The last gctrace cycle: live heap and the goal. */
  lastCycle?: { liveBytes: number; goalBytes: number; line: number };
  /** The GOMEMLIMIT to set under the cgroup limit: 10–15 % below it, rounded down to a MiB. */
  suggestedLimitBytes?: number;
}

export interface ProcessPicture {
  pid?: number;
  name?: string;
  runtime: ProcessView['runtime'];
  rssBytes?: number;
  hwmBytes?: number;
  swapBytes?: number;
  /** RSS by kind (status RssAnon/RssFile/RssShmem), or by smaps groups when smaps is there. */
  rss: Part[];
  /** smaps groups by Rss, largest first (heap, stacks, anonymous, each file). */
  regions: Part[];
  threads?: number;
  /** The cgroup: usage (memory.current / usage_in_bytes) and limit (memory.max / limit_in_bytes). */
  cgroupPath?: string;
  /** How the limit was found: the cgroup /proc/PID/cgroup names, the document's one cgroup limit, or the pod spec's limits.memory (describe pod). */
  cgroupHow?: 'path' | 'only-limit' | 'pod-spec';
  /** The cgroup /proc/PID/cgroup names, and the pod and container it decodes to. */
  cgroupFromProc?: string;
  podUid?: string;
  containerId?: string;
  limitBytes?: number;
  usageBytes?: number;
  jvm?: JvmPicture;
  go?: GoPicture;
}

const MiB = 1024 * 1024;
/** MaxMetaspaceSize's default is the largest size_t: no cap (hotspot globals.hpp). */
const UNCAPPED = 2 ** 60;

const bytes = (f: Field | undefined) => (f?.bytes !== undefined && Number.isFinite(f.bytes) ? f.bytes : undefined);
const num = (f: Field | undefined) => (f && Number.isFinite(f.value) ? f.value : undefined);

function categoryValue(c: NmtCategory, key: string): number | undefined {
  const v = c.values.find((x) => x.key === key);
  return v?.count ?? v?.bytes;
}

function jvmPicture(p: ProcessView, limit: number | undefined): JvmPicture | undefined {
  if (p.runtime !== 'jvm') return undefined;
  const j: JvmPicture = { nonHeap: [] };
  const nmt = p.nmt ?? p.nmtDiff;
  const heapCat = nmt?.categories.find((c) => c.name === 'Java Heap');
  const L = p.flags?.limits;
  if (L?.maxHeapBytes !== undefined) { j.maxHeapBytes = L.maxHeapBytes; j.maxHeapFrom = 'flags'; }
  else if (heapCat) { j.maxHeapBytes = heapCat.reservedBytes; j.maxHeapFrom = 'nmt'; }
  if (heapCat) j.heapCommittedBytes = heapCat.committedBytes;
  if (nmt?.total) {
    j.totalCommittedBytes = nmt.total.committedBytes;
    if (heapCat) j.nonHeapCommittedBytes = nmt.total.committedBytes - heapCat.committedBytes;
  }
  for (const c of nmt?.categories ?? []) {
    if (c.name === 'Java Heap') continue;
    j.nonHeap.push({ label: c.name, bytes: c.committedBytes, reservedBytes: c.reservedBytes, ...(c.committedDeltaBytes !== undefined ? { deltaBytes: c.committedDeltaBytes } : {}) });
  }
  j.nonHeap.sort((a, b) => b.bytes - a.bytes);
  const thread = nmt?.categories.find((c) => c.name === 'Thread');
  const threads = (thread && categoryValue(thread, 'thread')) ?? num(p.status?.byKey.Threads);
  if (threads !== undefined) j.threads = threads;
  // -Xss / ThreadStackSize; 1 MiB is HotSpot's default on 64-bit Linux (os_linux_x86.cpp, aarch64 alike).
  j.threadStackBytes = L?.threadStackBytes ?? MiB;
  if (threads !== undefined) j.stacksMayBytes = threads * j.threadStackBytes;
  if (p.flags) {
    const meta = L?.maxMetaspaceBytes;
    j.metaspaceCapped = meta !== undefined && meta < UNCAPPED;
    if (j.metaspaceCapped) j.maxMetaspaceBytes = meta;
    j.directCapped = L?.maxDirectMemoryBytes !== undefined;
    if (j.directCapped) j.maxDirectBytes = L!.maxDirectMemoryBytes;
  }
  const diff = p.nmtDiff;
  if (diff?.total?.committedDeltaBytes !== undefined) {
    j.committedDeltaBytes = diff.total.committedDeltaBytes;
    const grew = diff.categories.filter((c) => (c.committedDeltaBytes ?? 0) > 0).sort((a, b) => (b.committedDeltaBytes ?? 0) - (a.committedDeltaBytes ?? 0))[0];
    if (grew) j.grewMost = { label: grew.name, bytes: grew.committedDeltaBytes! };
  }
  if (limit !== undefined && j.maxHeapBytes !== undefined) j.headroomBytes = limit - j.maxHeapBytes;
  return j;
}

function goPicture(p: ProcessView, limit: number | undefined): GoPicture | undefined {
  if (p.runtime !== 'go') return undefined;
  const g: GoPicture = {};
  const k = p.go?.byKey ?? {};
  const set = <K extends keyof GoPicture>(key: K, v: GoPicture[K] | undefined) => { if (v !== undefined) g[key] = v; };
  set('heapInuseBytes', bytes(k.HeapInuse));
  set('heapIdleBytes', bytes(k.HeapIdle));
  set('heapReleasedBytes', bytes(k.HeapReleased));
  set('heapSysBytes', bytes(k.HeapSys));
  set('stackInuseBytes', bytes(k.StackInuse));
  set('sysBytes', bytes(k.Sys));
  set('nextGcBytes', bytes(k.NextGC));
  set('numGc', num(k.NumGC));
  if (g.heapIdleBytes !== undefined && g.heapReleasedBytes !== undefined) g.retainedBytes = g.heapIdleBytes - g.heapReleasedBytes;
  const envLimit = [p.goEnv, p.go, p.gctrace].map((s) => s?.memoryLimit).find(Boolean);
  const l = bytes(envLimit);
  // GOMEMLIMIT=off or math.MaxInt64 means no limit.
  if (l !== undefined && l < 2 ** 62) g.memoryLimitBytes = l;
  const cycles = p.gctrace?.cycles ?? [];
  const c = cycles[cycles.length - 1];
  if (c) {
    g.lastCycle = { liveBytes: c.liveBytes, goalBytes: c.goalBytes, line: c.line };
    g.nextGcBytes ??= c.goalBytes;
  }
  // A soft limit 10–15 % under the hard one leaves room for what the Go heap does not count (stacks
  // are counted, but cgo, mmap'd files and the kernel's own charges are not): take 12.5 %.
  if (limit !== undefined) g.suggestedLimitBytes = Math.floor((limit * 0.875) / MiB) * MiB;
  return g;
}

/** A limit from the pod spec (kubectl describe pod's Limits), when no cgroup file gives one. */
export interface SpecLimit { bytes: number; label: string }

export function processPicture(p: ProcessView, specLimit?: SpecLimit): ProcessPicture {
  const st = p.status?.byKey ?? {};
  const roll = p.rollup?.byKey ?? {};
  const out: ProcessPicture = { runtime: p.runtime, rss: [], regions: [] };
  if (p.pid !== undefined) out.pid = p.pid;
  if (p.name) out.name = p.name;
  const rss = bytes(st.VmRSS) ?? bytes(roll.Rss);
  if (rss !== undefined) out.rssBytes = rss;
  const hwm = bytes(st.VmHWM);
  if (hwm !== undefined) out.hwmBytes = hwm;
  const swap = bytes(st.VmSwap) ?? bytes(roll.Swap);
  if (swap !== undefined) out.swapBytes = swap;
  const threads = num(st.Threads);
  if (threads !== undefined) out.threads = threads;
  for (const [key, label] of [['RssAnon', 'anonymous'], ['RssFile', 'file-backed'], ['RssShmem', 'shared memory']] as const) {
    const b = bytes(st[key]);
    if (b !== undefined) out.rss.push({ label, bytes: b });
  }
  for (const g of p.smaps?.groups ?? []) if (g.rssBytes > 0) out.regions.push({ label: g.key, bytes: g.rssBytes });
  out.regions.sort((a, b) => b.bytes - a.bytes);
  if (p.cgroupFile?.memoryPath) out.cgroupFromProc = p.cgroupFile.memoryPath;
  if (p.cgroupFile?.kubernetes?.podUid) out.podUid = p.cgroupFile.kubernetes.podUid;
  if (p.cgroupFile?.kubernetes?.containerId) out.containerId = p.cgroupFile.kubernetes.containerId;
  const cg = p.cgroup?.files;
  if (cg) {
    out.cgroupPath = cg.path;
    out.cgroupHow = p.cgroup!.how;
    const limit = cgroupValueBytes(cg, 'memory.max', 'memory.limit_in_bytes');
    // v1's "unlimited" is a page-rounded 2^63: no limit.
    if (limit !== undefined && limit < 2 ** 62) out.limitBytes = limit;
    const usage = cgroupValueBytes(cg, 'memory.current', 'memory.usage_in_bytes');
    if (usage !== undefined) out.usageBytes = usage;
  }
  if (out.limitBytes === undefined && specLimit) { out.limitBytes = specLimit.bytes; out.cgroupPath = specLimit.label; out.cgroupHow = 'pod-spec'; }
  const jvm = jvmPicture(p, out.limitBytes);
  if (jvm) out.jvm = jvm;
  const go = goPicture(p, out.limitBytes);
  if (go) out.go = go;
  return out;
}
