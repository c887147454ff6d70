/** What an empty capture means, from its file name. */
import { baseName, kindFromPath } from './paths';

/** Files that hold nothing to read: writing to them is an action. */
const WRITE_ONLY: Record<string, string> = {
  'memory.reclaim': 'memory.reclaim is write-only (Linux 5.19+): writing a size makes the cgroup reclaim that much; reading it gives nothing, or EINVAL',
  'memory.force_empty': 'memory.force_empty (cgroup v1) is write-only: writing 0 reclaims all it can; reading it gives EINVAL',
  'cgroup.kill': 'cgroup.kill is write-only (Linux 5.14+): writing 1 kills every process in the cgroup; reading it gives nothing',
  drop_caches: '/proc/sys/vm/drop_caches is write-only: writing 1, 2 or 3 drops caches; reading it gives nothing (or "Permission denied")',
  compact_memory: '/proc/sys/vm/compact_memory is write-only: writing 1 compacts memory; reading it gives nothing',
};

const KIND_LABEL: Record<string, string> = {
  meminfo: '/proc/meminfo', slabinfo: '/proc/slabinfo', 'memory-stat': 'memory.stat', 'memory-events': 'memory.events', pressure: 'PSI pressure file',
  vmstat: '/proc/vmstat', 'oom-report': 'kernel log', 'cgroup-value': 'cgroup value file', buddyinfo: '/proc/buddyinfo', zoneinfo: '/proc/zoneinfo', 'numa-stat': 'memory.numa_stat',
};

/** The message for a file with nothing in it; `name` is its path when known. */
export function emptyFileMessage(name: string | undefined): string {
  const base = name ? baseName(name) : undefined;
  if (base && WRITE_ONLY[base]) return `Empty: ${WRITE_ONLY[base]}.`;
  const hint = name ? kindFromPath(name) : undefined;
  if (hint) {
    const what = hint.kind === 'cgroup-value' && hint.variant ? hint.variant : KIND_LABEL[hint.kind] ?? hint.kind;
    const why = hint.kind === 'cgroup-value' || hint.kind === 'memory-stat' || hint.kind === 'memory-events' || hint.kind === 'pressure'
      ? 'the file could not be read (no permission, a controller that is not enabled, or a cgroup removed while it was read) or the capture was cut'
      : hint.kind === 'oom-report' ? 'no kernel messages were captured (dmesg needs root where kernel.dmesg_restrict=1)'
      : 'the file could not be read, or the capture was cut';
    return `Empty ${what}${name && what !== name ? ` (${name})` : ''}: ${why}.`;
  }
  return `Empty${name ? ` (${name})` : ''}: there is nothing to read; expected a kernel memory capture.`;
}
