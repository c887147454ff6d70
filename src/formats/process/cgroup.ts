/**
 * /proc/PID/cgroup (kernel/cgroup/cgroup.c proc_cgroup_show; Documentation/admin-guide/cgroup-v2.rst,
 * "Processes"): `hierarchy-ID:controller-list:cgroup-path`, one line per v1 hierarchy, and `0::/path`
 * for the unified (v2) hierarchy.
 */
import type { ProcCgroupEntry, ProcCgroupSection, Problem } from '../../model';
import type { SourceLine } from '../lines';
import { kubernetesFromCgroup } from '../../analysis/kubernetes';
import { notALine, sp } from './fields';

const LINE = /^(\s*)(\d+):([^:\s]*):(\/.*)$/;

export type CgroupFields = Pick<ProcCgroupSection, 'version' | 'entries' | 'memoryPath' | 'memoryLine' | 'kubernetes'>;

export function parseProcCgroup(src: SourceLine[], problems: Problem[]): CgroupFields {
  const entries: ProcCgroupEntry[] = [];
  for (const l of src) {
    if (!l.text.trim()) continue;
    const m = LINE.exec(l.text.trimEnd());
    if (!m) { problems.push(notALine(l, '/proc/PID/cgroup', '"N:controllers:/path" (v1, "4:memory:/kubepods/…") or "0::/path" (v2)')); continue; }
    const h = m[1].length;
    const c = h + m[2].length + 1;
    const p = c + m[3].length + 1;
    entries.push({ line: l.line, hierarchy: Number(m[2]), controllers: m[3] ? m[3].split(',') : [], path: m[4], spans: { hierarchy: sp(l, h, h + m[2].length), controllers: sp(l, c, c + m[3].length), path: sp(l, p, p + m[4].length) } });
  }
  const v2 = entries.find((e) => e.hierarchy === 0 && !e.controllers.length);
  const v1 = entries.filter((e) => e !== v2);
  const out: CgroupFields = { version: v2 && v1.length ? 'hybrid' : v2 ? 'v2' : 'v1', entries };
  const mem = v1.find((e) => e.controllers.includes('memory')) ?? v2;
  if (mem) {
    out.memoryPath = mem.path; out.memoryLine = mem.line;
    const k = kubernetesFromCgroup(mem.path) ?? kubernetesFromCgroup(entries.find((e) => /kubepods/.test(e.path))?.path);
    if (k) out.kubernetes = k;
  }
  return out;
}
