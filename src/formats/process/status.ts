/**
 * /proc/PID/status (fs/proc/array.c proc_pid_status; the Vm* and Rss* lines from task_mem in
 * fs/proc/task_mmu.c; Documentation/filesystems/proc.rst, table 1-2). Sizes are printed in kB.
 */
import type { Field, ProcStatusSection, Problem } from '../../model';
import type { SourceLine } from '../lines';
import { byKeyOf, notALine, readKeyLine } from './fields';

const SIZE = /^(?:Vm[A-Z]\w*|Rss[A-Z]\w*|HugetlbPages)$/;
const COUNT = /^(?:Tgid|Ngid|Pid|PPid|TracerPid|FDSize|Threads|voluntary_ctxt_switches|nonvoluntary_ctxt_switches|NoNewPrivs|Seccomp|Seccomp_filters|CoreDumping|THP_enabled|Kthread)$/;

export type StatusFields = Pick<ProcStatusSection, 'entries' | 'byKey' | 'pid' | 'name'>;

export function parseStatus(src: SourceLine[], problems: Problem[]): StatusFields {
  const entries: Field[] = [];
  for (const l of src) {
    if (!l.text.trim()) continue;
    const f = readKeyLine(l, '/proc/PID/status', (k) => SIZE.test(k), (k) => COUNT.test(k), problems);
    if (f) entries.push(f); else problems.push(notALine(l, '/proc/PID/status', '"Key:\\tvalue" (for example "VmRSS:\\t  1688 kB")'));
  }
  const byKey = byKeyOf(entries, problems, '/proc/PID/status');
  const out: StatusFields = { entries, byKey };
  const pid = byKey.Pid ?? byKey.Tgid;
  if (pid && Number.isFinite(pid.value)) out.pid = pid.value;
  if (byKey.Name) out.name = byKey.Name.raw;
  return out;
}
