/** What a file name or path says about the capture inside it. */
import type { PsiResource, SectionKind } from '../model';

export interface PathHint {
  kind: SectionKind;
  variant?: string;
  resource?: PsiResource;
}

/** One-value cgroup files (v2 and v1) read as `cgroup-value`, variant = file name. */
const CGROUP_VALUE_FILES = new Set([
  'memory.current', 'memory.peak', 'memory.min', 'memory.low', 'memory.high', 'memory.max',
  'memory.swap.current', 'memory.swap.max', 'memory.swap.peak', 'memory.swap.high',
  'memory.zswap.current', 'memory.zswap.max', 'memory.zswap.writeback', 'memory.oom.group',
  'memory.usage_in_bytes', 'memory.limit_in_bytes', 'memory.max_usage_in_bytes', 'memory.soft_limit_in_bytes',
  'memory.kmem.usage_in_bytes', 'memory.kmem.limit_in_bytes', 'memory.kmem.max_usage_in_bytes', 'memory.kmem.failcnt',
  'memory.kmem.tcp.usage_in_bytes', 'memory.kmem.tcp.limit_in_bytes',
  'memory.memsw.usage_in_bytes', 'memory.memsw.limit_in_bytes', 'memory.memsw.max_usage_in_bytes', 'memory.memsw.failcnt',
  'memory.failcnt', 'memory.use_hierarchy', 'memory.swappiness', 'memory.move_charge_at_immigrate',
]);

const OTHER_CGROUP_FILE = /^(?:cgroup|cpu|cpuset|io|pids|hugetlb|rdma|misc)\.[a-z_.]+$/;

const BARE_NAMES = new Set(['meminfo', 'slabinfo', 'vmstat', 'buddyinfo', 'zoneinfo', 'pagetypeinfo']);

export function baseName(path: string): string {
  const trimmed = path.replace(/[\\/]+$/, '');
  const i = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  return i >= 0 ? trimmed.slice(i + 1) : trimmed;
}

/**
 * Kind from a path such as `/proc/meminfo`, `memory.stat`,
 * `/sys/fs/cgroup/kubepods.slice/memory.pressure` or `node1.meminfo`.
 * Undefined when the name says nothing.
 */
/** `oom.log`, `node-oom-kill.txt`, `oomkiller.log`: a name about the OOM killer (not `room`, `oomctl`, `oomd`). */
const OOM_NAME = /(?:^|[-_.\s])oom(?:s|-?kills?|-?killer|_kill|-?report)?(?:[-_.\s]|$)/;

export function kindFromPath(path: string): PathHint | undefined {
  const p = path.trim();
  if (!p) return undefined;
  const name = baseName(p).toLowerCase();
  const ext = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1) : '';

  if (name === 'meminfo' || ext === 'meminfo') return { kind: 'meminfo' };
  if (name === 'slabinfo' || ext === 'slabinfo') return { kind: 'slabinfo' };
  if (name === 'vmstat' || ext === 'vmstat') return { kind: 'vmstat' };
  if (name === 'buddyinfo' || ext === 'buddyinfo') return { kind: 'buddyinfo' };
  if (name === 'zoneinfo' || ext === 'zoneinfo') return { kind: 'zoneinfo' };
  if (name === 'pagetypeinfo') return { kind: 'buddyinfo', variant: 'pagetypeinfo' };
  if (name.endsWith('memory.numa_stat') || ext === 'numa_stat') return { kind: 'numa-stat' };
  if (name.endsWith('memory.stat')) return { kind: 'memory-stat' };
  if (name.endsWith('memory.events') || name.endsWith('memory.events.local')) return { kind: 'memory-events', variant: name.endsWith('.local') ? 'local' : undefined };
  if (name.endsWith('memory.swap.events')) return { kind: 'memory-events', variant: 'swap' };
  // cgroup v1: `oom_kill_disable`, `under_oom`, `oom_kill` (cgroup-v1/memory.rst §10); the per-cgroup slabinfo.
  if (name.endsWith('memory.oom_control')) return { kind: 'memory-events', variant: 'oom_control' };
  if (name.endsWith('memory.kmem.slabinfo')) return { kind: 'slabinfo', variant: 'memcg' };
  // cgroup.pressure (6.5+) is the switch that turns PSI on for the cgroup (1 or 0), not PSI.
  if (name === 'cgroup.pressure') return { kind: 'unknown', variant: 'other-cgroup-file' };
  if (name.endsWith('.pressure') || /\/pressure\/(cpu|io|irq|memory)$/.test(p) || name === 'mempressure') {
    return { kind: 'pressure', resource: resourceFromName(p) };
  }
  for (const f of CGROUP_VALUE_FILES) if (name === f || name.endsWith(`.${f}`) || name.endsWith(`-${f}`)) return { kind: 'cgroup-value', variant: f };
  // The other controllers' files in a cgroup directory (`grep . *`): `cpu.max` holds `max 100000`, no memory event.
  if (OTHER_CGROUP_FILE.test(name)) return { kind: 'unknown', variant: 'other-cgroup-file' };
  // zswap's debugfs counters (mm/zswap.c): pages and events, no cgroup's values and no setting.
  if (/^\/sys\/kernel\/debug\/zswap\//.test(p)) return { kind: 'unknown', variant: 'zswap-debugfs' };
  // A kernel setting (a sysctl, a module parameter, a /sys/kernel/mm knob): a number is kept as a sysctl, the rest is context.
  if (/^\/(?:proc\/sys|sys\/module|sys\/kernel|sys\/block)\//.test(p)) return { kind: 'unknown', variant: 'setting' };
  if (/^(dmesg|kern\.log|syslog|messages|journal)/.test(name) || ext === 'dmesg' || OOM_NAME.test(name)) return { kind: 'oom-report' };
  return undefined;
}

/** `memory.pressure`, `/proc/pressure/io`, `cpu.pressure` → resource. */
export function resourceFromName(path: string): PsiResource {
  const p = path.toLowerCase();
  if (/mempressure$/.test(p)) return 'memory';
  // The last word naming a resource: `/proc/pressure/io`, `cpu.pressure`, `node1-cpu.pressure`.
  const words = baseName(p).split(/[-._]/);
  for (let i = words.length - 1; i >= 0; i--) if (/^(memory|cpu|io|irq)$/.test(words[i])) return words[i] as PsiResource;
  return 'unknown';
}

/** True when a token looks like a capture file path (for `grep` prefixes and prompts). */
export function looksLikeCapturePath(token: string): boolean {
  // Fast reject: a path has a slash or a dot, or is one of the bare /proc names.
  if (!token || (token.indexOf('/') < 0 && token.indexOf('.') < 0 && !BARE_NAMES.has(token))) return false;
  if (/\s/.test(token)) return false;
  if (kindFromPath(token) && kindFromPath(token)!.kind !== 'oom-report') return true;
  return /^\/(proc|sys)\//.test(token);
}
