/** One OOM event's title, as the report, the outline and the summary say it. */
import type { OomEvent } from '../model';

export function oomTitle(e: OomEvent): string {
  if (e.userspace) {
    const unit = e.userspace.unit ?? e.userspace.cgroup?.split('/').pop() ?? '?';
    return `systemd-oomd kill: ${unit}${e.userspace.processes !== undefined ? ` (${e.userspace.processes} processes)` : ''}`;
  }
  if (e.noKillableLine !== undefined && e.victimPid === undefined) return `OOM: no killable process${e.panic !== undefined ? ', kernel panic' : ''}`;
  // Only the memory dump (`Free pages:`, `Active:… inactive:…`, zone lines): an OOM report's Mem-Info, or SysRq-m's show_mem.
  if (e.sysrqShowMemLine !== undefined && isDumpOnly(e)) return 'SysRq-m memory dump (sysrq: Show Memory): asked for, no OOM';
  if (isDumpOnly(e)) return 'Memory dump only (an OOM report\'s Mem-Info or SysRq-m): no line says what was killed';
  // No line names the victim (a paste cut short, only the invocation or the memory part): say so, not `? (pid ?)`.
  if (e.victimName === undefined && e.victimPid === undefined && !e.killed?.length) return 'OOM (no line of the capture names a victim)';
  return `OOM kill: ${e.victimName ?? '?'} (pid ${e.victimPid ?? '?'})`;
}

/** Only show_mem's lines: no trigger, constraint or kill line, no victim. */
export function isDumpOnly(e: OomEvent): boolean {
  // The task dump (mm/oom_kill.c dump_tasks) is the OOM killer's own: with it, this is no SysRq-m dump.
  return e.triggerLine === undefined && e.killLine === undefined && e.constraintLine === undefined && e.victimPid === undefined && !e.killed?.length && e.taskTableLine === undefined && !!(e.memInfoPages || e.zones?.length);
}
