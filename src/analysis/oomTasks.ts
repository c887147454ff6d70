/**
 * The OOM report's task table (mm/oom_kill.c dump_tasks) summed by command name: a preforking server's
 * workers or a pool of PHP children are one consumer to the operator, but the killer scores each process
 * alone (oom_badness: rss + swap entries + page tables of one mm).
 */
import type { OomTask } from '../model';

export interface TaskGroup {
  name: string;
  processes: number;
  rssBytes: number;
  swapBytes: number;
  /** Line of the group's largest row. */
  line: number;
}

/** Rows grouped by name, largest resident set first. Rows of threads (pid ≠ tgid, some 2.6 kernels) are left out: they share one mm. */
export function taskGroups(tasks: readonly OomTask[], pageSize: number): TaskGroup[] {
  const by = new Map<string, TaskGroup & { top: number }>();
  for (const t of tasks) {
    if (t.tgid !== t.pid) continue;
    let g = by.get(t.name);
    if (!g) by.set(t.name, (g = { name: t.name, processes: 0, rssBytes: 0, swapBytes: 0, line: t.line, top: -1 }));
    g.processes++;
    g.rssBytes += t.rssPages * pageSize;
    g.swapBytes += t.swapEntsPages * pageSize;
    if (t.rssPages > g.top) { g.top = t.rssPages; g.line = t.line; }
  }
  return [...by.values()].map(({ top: _top, ...g }) => g).sort((a, b) => b.rssBytes - a.rssBytes);
}

/**
 * A task row's oom_badness (mm/oom_kill.c): rss + swap entries + page tables in pages, plus oom_score_adj ×
 * totalpages / 1000, where totalpages is RAM + swap at a global OOM, the limit in a memory cgroup. The size
 * part alone is what the kill frees.
 */
export function badness(t: OomTask, totalPages: number, pageSize: number): { size: number; points: number } {
  const size = t.rssPages + t.swapEntsPages + Math.floor((t.pgtablesBytes ?? 0) / pageSize);
  return { size, points: size + Math.trunc((t.oomScoreAdj * totalPages) / 1000) };
}
