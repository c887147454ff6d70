/** The process picture as lines, for the text and Markdown reports (issue 14). */
import type { ProcessPicture } from '../analysis/process';
import { formatBytes as B, formatPercent as P } from '../humanFormat';

export function processLines(p: ProcessPicture): string[] {
  const out: string[] = [];
  const of = (b: number) => (p.limitBytes ? ` (${P(b / p.limitBytes)} of the limit)` : '');
  out.push([
    p.rssBytes !== undefined ? `RSS ${B(p.rssBytes)}${of(p.rssBytes)}` : 'RSS unknown',
    p.limitBytes !== undefined ? `cgroup limit ${B(p.limitBytes)}${p.cgroupPath ? ` (${p.cgroupPath})` : ''}` : 'no cgroup limit in the document',
    p.usageBytes !== undefined ? `cgroup usage ${B(p.usageBytes)}` : undefined,
    p.swapBytes ? `swap ${B(p.swapBytes)}` : undefined,
  ].filter(Boolean).join(' · '));
  if (p.rss.length) out.push(`resident: ${p.rss.map((r) => `${r.label} ${B(r.bytes)}`).join(', ')}`);
  if (p.regions.length) out.push(`largest mappings: ${p.regions.slice(0, 5).map((r) => `${r.label} ${B(r.bytes)}`).join(', ')}`);
  const j = p.jvm;
  if (j) {
    out.push(`JVM heap: max ${j.maxHeapBytes !== undefined ? B(j.maxHeapBytes) : '?'}${j.maxHeapFrom === 'nmt' ? ' (NMT reserved)' : ''}, committed ${j.heapCommittedBytes !== undefined ? B(j.heapCommittedBytes) : '?'}`);
    if (j.nonHeapCommittedBytes !== undefined) out.push(`JVM non-heap committed (NMT): ${B(j.nonHeapCommittedBytes)}${j.headroomBytes !== undefined ? ` of the ${B(j.headroomBytes)} the limit leaves beside the max heap` : ''}: ${j.nonHeap.slice(0, 5).map((c) => `${c.label} ${B(c.bytes)}`).join(', ')}`);
    if (j.threads !== undefined) out.push(`threads: ${j.threads} × ${B(j.threadStackBytes ?? 0)} stack`);
    if (j.committedDeltaBytes !== undefined) out.push(`since the NMT baseline: ${j.committedDeltaBytes >= 0 ? '+' : '−'}${B(Math.abs(j.committedDeltaBytes))}${j.grewMost ? `, most in ${j.grewMost.label} (+${B(j.grewMost.bytes)})` : ''}`);
  }
  const g = p.go;
  if (g) {
    const parts = [
      g.heapInuseBytes !== undefined ? `HeapInuse ${B(g.heapInuseBytes)}` : undefined,
      g.retainedBytes !== undefined ? `idle not returned ${B(g.retainedBytes)}` : undefined,
      g.heapReleasedBytes !== undefined ? `released ${B(g.heapReleasedBytes)}` : undefined,
      g.stackInuseBytes !== undefined ? `stacks ${B(g.stackInuseBytes)}` : undefined,
      g.sysBytes !== undefined ? `Sys ${B(g.sysBytes)}` : undefined,
    ].filter(Boolean);
    if (parts.length) out.push(`Go heap: ${parts.join(', ')}`);
    if (g.nextGcBytes !== undefined) out.push(`next GC at ${B(g.nextGcBytes)}${of(g.nextGcBytes)}${g.memoryLimitBytes !== undefined ? `; GOMEMLIMIT ${B(g.memoryLimitBytes)}` : '; no GOMEMLIMIT'}${g.suggestedLimitBytes !== undefined ? `; to set: GOMEMLIMIT=${Math.floor(g.suggestedLimitBytes / 1048576)}MiB` : ''}`);
  }
  return out;
}

export const processTitle = (p: ProcessPicture) => `${p.name ?? 'Process'}${p.pid !== undefined ? ` (pid ${p.pid})` : ''}${p.runtime === 'jvm' ? ', JVM' : p.runtime === 'go' ? ', Go' : ''}`;
