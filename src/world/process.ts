/**
 * The process side of the captured world (issue 14): each process a document describes, from
 * whatever it holds of it (/proc/PID/status, smaps_rollup, smaps, /proc/PID/cgroup, jcmd's NMT,
 * flags and heap, Go's MemStats and gctrace), and the cgroup that charges it.
 *
 * Sections name their process by pid where they can (status, jcmd's `PID:` line); a section that
 * names none belongs to the process whose sections are nearest above it, else the first one.
 */
import type {
  GoMemStatsSection, JvmFlagsSection, JvmHeapSection, JvmNmtSection, ProcCgroupSection, ProcStatusSection, Section, SmapsRollupSection, SmapsSection,
} from '../model';
import type { CgroupFiles, World } from './model';

export interface ProcessView {
  pid?: number;
  name?: string;
  runtime: 'jvm' | 'go' | 'other';
  /** Indexes of the sections that describe it, in document order. */
  sections: number[];
  status?: ProcStatusSection;
  rollup?: SmapsRollupSection;
  smaps?: SmapsSection;
  cgroupFile?: ProcCgroupSection;
  /** The latest NMT summary (or detail); a summary.diff separately. */
  nmt?: JvmNmtSection;
  nmtDiff?: JvmNmtSection;
  flags?: JvmFlagsSection;
  heap?: JvmHeapSection;
  /** MemStats from pprof or expvar; gctrace lines; GOMEMLIMIT/GOGC seen alone. */
  go?: GoMemStatsSection;
  gctrace?: GoMemStatsSection;
  goEnv?: GoMemStatsSection;
  /** The cgroup whose limit binds it, when the document has one (see linkCgroup). */
  cgroup?: { files: CgroupFiles; how: 'path' | 'only-limit' };
}

const PROCESS_KINDS = new Set(['proc-status', 'smaps-rollup', 'smaps', 'proc-cgroup', 'jvm-nmt', 'jvm-flags', 'jvm-heap', 'go-memstats']);

const pidOf = (s: Section): number | undefined => {
  switch (s.kind) {
    case 'proc-status': return (s as ProcStatusSection).pid;
    case 'jvm-nmt': return (s as JvmNmtSection).pid;
    case 'jvm-flags': return (s as JvmFlagsSection).pid;
    case 'jvm-heap': return (s as JvmHeapSection).pid;
    default: return undefined;
  }
};

function place(p: ProcessView, s: Section): void {
  p.sections.push(s.index);
  switch (s.kind) {
    case 'proc-status': { const x = s as ProcStatusSection; p.status = x; p.name ??= x.name; return; }
    case 'smaps-rollup': p.rollup = s as SmapsRollupSection; return;
    case 'smaps': p.smaps = s as SmapsSection; return;
    case 'proc-cgroup': p.cgroupFile = s as ProcCgroupSection; return;
    case 'jvm-nmt': { const x = s as JvmNmtSection; if (x.variant === 'diff') p.nmtDiff = x; else if (x.variant !== 'baseline' && x.categories.length) p.nmt = x; p.runtime = 'jvm'; return; }
    case 'jvm-flags': p.flags = s as JvmFlagsSection; p.runtime = 'jvm'; return;
    case 'jvm-heap': p.heap = s as JvmHeapSection; p.runtime = 'jvm'; return;
    case 'go-memstats': {
      const x = s as GoMemStatsSection;
      if (x.variant === 'gctrace') p.gctrace = x; else if (x.variant === 'env') p.goEnv = x; else p.go = x;
      if (p.runtime === 'other') p.runtime = 'go';
      return;
    }
  }
}

/** Normalises a cgroup path as the world keys it (`/kubepods.slice/…`, no trailing slash). */
const normalise = (path: string) => (path.length > 1 ? path.replace(/\/+$/, '') : path);

/**
 * The cgroup that charges a process: the one its /proc/PID/cgroup names, when the document holds
 * that cgroup's files; else, when exactly one cgroup of the document has a limit (memory.max or
 * memory.limit_in_bytes beside the process's own files, as users paste them), that one.
 */
function linkCgroup(p: ProcessView, world: World): void {
  const last = world.moments[world.moments.length - 1];
  if (!last) return;
  const path = p.cgroupFile?.memoryPath;
  if (path) {
    const files = last.cgroups.get(normalise(path));
    if (files) { p.cgroup = { files, how: 'path' }; return; }
  }
  const limited = [...last.cgroups.values()].filter((c) => c.values['memory.max'] || c.values['memory.limit_in_bytes']);
  if (limited.length === 1) p.cgroup = { files: limited[0], how: 'only-limit' };
}

/** Which runtime a section belongs to, if any: a Go section never joins a JVM, nor a JVM section a Go process. */
const runtimeOf = (s: Section): ProcessView['runtime'] | undefined => (s.kind.startsWith('jvm-') ? 'jvm' : s.kind === 'go-memstats' ? 'go' : undefined);

export function buildProcesses(sections: Section[], world: World): ProcessView[] {
  const processes: ProcessView[] = [];
  const byPid = new Map<number, ProcessView>();
  const own = sections.filter((s) => PROCESS_KINDS.has(s.kind));
  // Sections that name their pid make the processes; the others join the nearest one that fits.
  for (const s of own) {
    const pid = pidOf(s);
    if (pid === undefined) continue;
    let p = byPid.get(pid);
    if (!p) { p = { pid, runtime: 'other', sections: [] }; byPid.set(pid, p); processes.push(p); }
    place(p, s);
  }
  const lines = new Map(processes.map((p) => [p, p.sections.map((i) => sections[i].startLine)]));
  for (const s of own) {
    if (pidOf(s) !== undefined) continue;
    const rt = runtimeOf(s);
    const fits = processes.filter((p) => !rt || p.runtime === rt || p.runtime === 'other');
    const distance = (p: ProcessView) => Math.min(...(lines.get(p) ?? [Infinity]).map((l) => Math.abs(l - s.startLine)));
    let best = fits.sort((a, b) => distance(a) - distance(b))[0];
    if (!best || (rt && best.runtime !== 'other' && best.runtime !== rt)) {
      best = { runtime: 'other', sections: [] };
      processes.push(best);
      lines.set(best, []);
    }
    place(best, s);
    lines.get(best)!.push(s.startLine);
  }
  for (const p of processes) {
    p.sections.sort((a, b) => a - b);
    linkCgroup(p, world);
  }
  return processes.sort((a, b) => a.sections[0] - b.sections[0]);
}
