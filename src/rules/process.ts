/**
 * Process rules (issue 14 §3): a JVM's non-heap against the room its limit leaves, Metaspace,
 * thread stacks, direct buffers, NMT growth; Go's RSS against its heap, its next GC against the
 * limit, its stacks; any process's RSS near its cgroup limit and its swap. Each reads one process's
 * picture (analysis/process.ts); a rule whose inputs are absent stays silent.
 */
import type { JvmFlagsSection, JvmNmtSection } from '../model';
import type { ProcessPicture } from '../analysis/process';
import type { ProcessView } from '../world/process';
import { formatBytes as B, formatPercent as P } from '../humanFormat';
import { level, type RuleContext } from './context';

const MiB = 1024 * 1024;
/** A JVM flag as people write it: 256m, 2g. */
const flagSize = (b: number) => (b % (1024 * MiB) === 0 ? `${b / (1024 * MiB)}g` : `${Math.max(1, Math.round(b / MiB))}m`);
/** GOMEMLIMIT as the runtime reads it (runtime/debug SetMemoryLimit: MiB and GiB suffixes). */
const goLimit = (b: number) => (b % (1024 * MiB) === 0 ? `${b / (1024 * MiB)}GiB` : `${Math.floor(b / MiB)}MiB`);

function limitText(x: ProcessPicture): string {
  if (x.cgroupHow === 'pod-spec') return `${B(x.limitBytes!)} limits.memory of ${x.cgroupPath}`;
  return `${B(x.limitBytes!)} cgroup limit${x.cgroupPath && x.cgroupPath !== '/' ? ` of ${x.cgroupPath}` : ''}`;
}

export function processRules(p: ProcessView, x: ProcessPicture, ctx: RuleContext): void {
  if (x.jvm) jvmRules(p, x, ctx);
  if (x.go) goRules(p, x, ctx);
  const status = p.status;
  if (status && x.rssBytes !== undefined && x.limitBytes) {
    const share = x.rssBytes / x.limitBytes;
    const sev = level(share * 100, ctx.th('process/rss-near-limit', 'warning'), ctx.th('process/rss-near-limit', 'critical'));
    if (sev) ctx.report('process/rss-near-limit', sev, status.index, status.byKey.VmRSS?.line ?? status.startLine,
      `${x.name ?? 'The process'}${x.pid !== undefined ? ` (pid ${x.pid})` : ''} has ${B(x.rssBytes)} resident, ${P(share)} of the ${limitText(x)}${x.usageBytes !== undefined ? ` (the cgroup uses ${B(x.usageBytes)} in all)` : ''}. Anonymous memory cannot be reclaimed without swap: the next growth is an OOM kill.`,
      { data: { rss: x.rssBytes, limit: x.limitBytes, share } });
  }
  if (status && x.swapBytes && x.swapBytes > 0) {
    const share = x.swapBytes / ((x.rssBytes ?? 0) + x.swapBytes);
    const sev = share * 100 > ctx.th('process/swap-in-use', 'share') ? 'warning' : 'info';
    ctx.report('process/swap-in-use', sev, status.index, status.byKey.VmSwap?.line ?? status.startLine,
      `${B(x.swapBytes)} of ${x.name ?? 'the process'} is in swap (${P(share)} of its memory): touching it costs a major fault each page.`, { data: { swap: x.swapBytes, share } });
  }
}

function nmtLine(s: JvmNmtSection | undefined, category?: string): number | undefined {
  if (!s) return undefined;
  if (category) return s.categories.find((c) => c.name === category)?.line ?? s.total?.line;
  return s.total?.line ?? s.startLine;
}

function jvmRules(p: ProcessView, x: ProcessPicture, ctx: RuleContext): void {
  const j = x.jvm!;
  const nmt = p.nmt ?? p.nmtDiff;
  // Non-heap against the room -Xmx leaves under the limit.
  if (nmt && j.nonHeapCommittedBytes !== undefined && j.maxHeapBytes !== undefined && x.limitBytes) {
    const headroom = x.limitBytes - j.maxHeapBytes;
    const top = j.nonHeap[0];
    const tops = j.nonHeap.slice(0, 3).map((c) => `${c.label} ${B(c.bytes)}`).join(', ');
    const xmx = `-Xmx ${B(j.maxHeapBytes)}${j.maxHeapFrom === 'nmt' ? ' (the Java Heap NMT reserves)' : ''}`;
    if (headroom <= 0) {
      ctx.report('jvm/non-heap-exceeds-headroom', 'critical', nmt.index, nmtLine(nmt)!,
        `The maximum heap alone (${xmx}) is at or above the ${limitText(x)}: the heap can grow into an OOM kill before Java sees any OutOfMemoryError. Lower -Xmx (MaxRAMPercentage) below the limit, leaving room for the ${B(j.nonHeapCommittedBytes)} committed outside the heap.`,
        { data: { limit: x.limitBytes, maxHeap: j.maxHeapBytes, nonHeap: j.nonHeapCommittedBytes, headroom } });
    } else {
      const share = j.nonHeapCommittedBytes / headroom;
      const sev = level(share * 100, ctx.th('jvm/non-heap-exceeds-headroom', 'warning'), ctx.th('jvm/non-heap-exceeds-headroom', 'critical'));
      if (sev) ctx.report('jvm/non-heap-exceeds-headroom', sev, nmt.index, nmtLine(nmt, top?.label)!,
        `Outside the heap the JVM commits ${B(j.nonHeapCommittedBytes)} (${tops}), ${P(share)} of the ${B(headroom)} the ${limitText(x)} leaves beside ${xmx}. ${sev === 'critical' ? 'With the heap at its maximum the process passes the limit: an OOM kill, not a Java OutOfMemoryError.' : 'A little more heap or non-heap growth and the container is killed.'} ${top ? `${top.label} takes the most.` : ''} NMT does not count glibc malloc arenas and libraries: memory.current is higher still.`,
        { data: { limit: x.limitBytes, maxHeap: j.maxHeapBytes, nonHeap: j.nonHeapCommittedBytes, headroom, share } });
    }
  }
  // Metaspace without a cap, growing since the baseline.
  const diff = p.nmtDiff;
  if (p.flags && !j.metaspaceCapped && diff) {
    const cls = diff.categories.find((c) => c.name === 'Class') ?? diff.categories.find((c) => c.name === 'Metaspace');
    if (cls && cls.committedDeltaBytes !== undefined && cls.committedDeltaBytes > 0) {
      const before = cls.committedBytes - cls.committedDeltaBytes;
      const growth = before > 0 ? cls.committedDeltaBytes / before : Infinity;
      const cap = `-XX:MaxMetaspaceSize=${flagSize(Math.max(256 * MiB, Math.ceil((cls.committedBytes * 2) / MiB) * MiB))}`;
      if (growth * 100 > ctx.th('jvm/metaspace-uncapped-growing', 'growth')) ctx.report('jvm/metaspace-uncapped-growing', 'warning', diff.index, cls.line,
        `Class metadata grew by ${B(cls.committedDeltaBytes)} since the baseline (+${P(growth)}, now ${B(cls.committedBytes)} committed) and MaxMetaspaceSize is not set: nothing stops it before the container limit. Set ${cap} and look for class loaders that are never released.`,
        { related: [{ line: p.flags.startLine, message: 'the flags: no MaxMetaspaceSize' }], data: { delta: cls.committedDeltaBytes, committed: cls.committedBytes, growth }, fix: { title: `Copy ${cap}`, text: cap } });
    }
  }
  // Thread stacks: count × -Xss against the limit.
  if (nmt && j.threads !== undefined && j.stacksMayBytes !== undefined) {
    const against = x.limitBytes ?? j.totalCommittedBytes;
    const share = against ? j.stacksMayBytes / against : undefined;
    if ((share !== undefined && share * 100 > ctx.th('jvm/thread-stacks-large', 'share')) || j.threads > ctx.th('jvm/thread-stacks-large', 'threads')) {
      const thread = nmt.categories.find((c) => c.name === 'Thread');
      ctx.report('jvm/thread-stacks-large', 'warning', nmt.index, thread?.line ?? nmtLine(nmt)!,
        `${j.threads} threads × ${B(j.threadStackBytes!)} stacks may take ${B(j.stacksMayBytes)}${share !== undefined ? `, ${P(share)} of the ${x.limitBytes ? limitText(x) : 'committed total'}` : ''}${thread ? ` (NMT's Thread category commits ${B(thread.committedBytes)} now)` : ''}. Bound the thread pools, or lower -Xss where deep stacks are not needed.`,
        { data: { threads: j.threads, stack: j.threadStackBytes!, may: j.stacksMayBytes, share: share ?? NaN } });
    }
  }
  // Direct buffers without a cap.
  const flags: JvmFlagsSection | undefined = p.flags;
  if (flags && j.directCapped === false) {
    const other = nmt?.categories.find((c) => c.name === 'Other');
    const share = other && x.limitBytes ? other.committedBytes / x.limitBytes : undefined;
    const sev = share !== undefined && share * 100 > ctx.th('jvm/direct-buffers-uncapped', 'share') ? 'warning' : 'info';
    ctx.report('jvm/direct-buffers-uncapped', sev, flags.index, flags.startLine,
      `MaxDirectMemorySize is not set: NIO direct buffers may grow as large as the maximum heap${j.maxHeapBytes !== undefined ? ` (${B(j.maxHeapBytes)})` : ''}, outside it${other ? `; NMT's Other (direct buffers) commits ${B(other.committedBytes)} now${share !== undefined ? `, ${P(share)} of the limit` : ''}` : ''}. Set -XX:MaxDirectMemorySize so a leak fails in Java, not as an OOM kill.`,
      { data: { other: other?.committedBytes ?? NaN } });
  }
  // Growth since the baseline.
  if (diff && j.committedDeltaBytes !== undefined && j.totalCommittedBytes !== undefined) {
    const before = j.totalCommittedBytes - j.committedDeltaBytes;
    const growth = before > 0 ? j.committedDeltaBytes / before : 0;
    if (growth * 100 > ctx.th('jvm/nmt-growth', 'growth') && j.committedDeltaBytes >= ctx.th('jvm/nmt-growth', 'floor')) {
      const g = j.grewMost;
      ctx.report('jvm/nmt-growth', 'warning', diff.index, g ? nmtLine(diff, g.label)! : nmtLine(diff)!,
        `The JVM's committed memory grew by ${B(j.committedDeltaBytes)} since the baseline (+${P(growth)}, to ${B(j.totalCommittedBytes)})${g ? `; ${g.label} grew most (+${B(g.bytes)})` : ''}. A steady rise in one category is a native leak the heap does not show.`,
        { data: { delta: j.committedDeltaBytes, total: j.totalCommittedBytes, growth } });
    }
  }
}

function goRules(p: ProcessView, x: ProcessPicture, ctx: RuleContext): void {
  const g = x.go!;
  const stats = p.go;
  const line = (key: string) => stats?.byKey[key]?.line;
  // RSS against what the Go heap uses.
  if (stats && x.rssBytes !== undefined && g.heapInuseBytes !== undefined) {
    const used = g.heapInuseBytes + (g.stackInuseBytes ?? 0);
    const gap = x.rssBytes - used;
    if (gap > ctx.th('go/heap-rss-gap', 'floor') && gap / x.rssBytes * 100 > ctx.th('go/heap-rss-gap', 'share')) {
      const parts = [
        g.retainedBytes !== undefined ? `${B(g.retainedBytes)} idle heap not yet returned to the OS (HeapIdle ${B(g.heapIdleBytes!)} − HeapReleased ${B(g.heapReleasedBytes!)})` : undefined,
        g.sysBytes !== undefined && g.heapSysBytes !== undefined ? `${B(g.sysBytes - g.heapSysBytes)} of runtime memory outside the heap (Sys − HeapSys)` : undefined,
      ].filter(Boolean);
      ctx.report('go/heap-rss-gap', 'warning', stats.index, line('HeapIdle') ?? line('HeapInuse') ?? stats.startLine,
        `The kernel charges ${B(x.rssBytes)} resident but the Go heap uses ${B(g.heapInuseBytes)}${g.stackInuseBytes ? ` and stacks ${B(g.stackInuseBytes)}` : ''}: ${B(gap)} more${parts.length ? `, of which ${parts.join(' and ')}` : ''}. The cgroup counts the resident pages, not the live heap; ${g.memoryLimitBytes === undefined ? 'a GOMEMLIMIT makes the scavenger return them as the process nears it' : 'the scavenger returns them as the process nears GOMEMLIMIT'}.`,
        { related: p.status?.byKey.VmRSS ? [{ line: p.status.byKey.VmRSS.line, message: `VmRSS ${B(x.rssBytes)}` }] : undefined, data: { rss: x.rssBytes, heapInuse: g.heapInuseBytes, gap } });
    }
  }
  // The next GC against the limit, when no soft limit is set under it.
  if (x.limitBytes && g.nextGcBytes !== undefined && (g.memoryLimitBytes === undefined || g.memoryLimitBytes >= x.limitBytes)) {
    const share = g.nextGcBytes / x.limitBytes;
    const sev = level(share * 100, ctx.th('go/next-gc-beyond-limit', 'warning'), ctx.th('go/next-gc-beyond-limit', 'critical'));
    const at = stats ?? p.gctrace;
    if (sev && at) {
      const s = g.suggestedLimitBytes!;
      ctx.report('go/next-gc-beyond-limit', sev, at.index, line('NextGC') ?? g.lastCycle?.line ?? at.startLine,
        `The next collection is due when the heap reaches ${B(g.nextGcBytes)}, ${P(share)} of the ${limitText(x)}${g.memoryLimitBytes !== undefined ? `, and GOMEMLIMIT (${B(g.memoryLimitBytes)}) is not below the limit` : ' and no GOMEMLIMIT is set'}: ${sev === 'critical' ? 'the kernel kills the process before Go collects.' : 'with the rest of the process, the limit comes first.'} Set GOMEMLIMIT=${goLimit(s)} (the limit ${B(x.limitBytes)} − 12.5 %, rounded down to a MiB).`,
        { data: { nextGc: g.nextGcBytes, limit: x.limitBytes, share, suggested: s }, fix: { title: `Copy GOMEMLIMIT=${goLimit(s)}`, text: `GOMEMLIMIT=${goLimit(s)}` } });
    }
  }
  // Goroutine stacks.
  if (stats && g.stackInuseBytes !== undefined) {
    const share = g.sysBytes ? g.stackInuseBytes / g.sysBytes : 0;
    if (g.stackInuseBytes > ctx.th('go/many-goroutine-stacks', 'bytes') || (g.stackInuseBytes > 16 * MiB && share * 100 > ctx.th('go/many-goroutine-stacks', 'share'))) {
      ctx.report('go/many-goroutine-stacks', 'warning', stats.index, line('StackInuse') ?? stats.startLine,
        `Goroutine stacks take ${B(g.stackInuseBytes)}${g.sysBytes ? ` (${P(share)} of the ${B(g.sysBytes)} the runtime holds)` : ''}: many goroutines, or deep ones. Count them with /debug/pprof/goroutine?debug=1; a number that only grows is a leak.`,
        { data: { stacks: g.stackInuseBytes, share } });
    }
  }
}
