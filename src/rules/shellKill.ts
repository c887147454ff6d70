/**
 * A command the shell says was `Killed` (SIGKILL, exit status 137) in a session whose cgroup files show a
 * memory limit the cgroup had reached: at the limit that kill is the memory cgroup's OOM killer. When page
 * cache is most of what the cgroup holds, reclaim could not free it fast enough: the cache of the writes was
 * dirty. Memory cgroups could not wait for writeback before 3.6 (commit e62e384e9da8, "memcg: prevent OOM with
 * too many dirty pages"), so a small limit and a writer OOM-killed the writer with its cache still there.
 */
import type { OpaqueSection } from '../model';
import type { CgroupMetrics } from '../analysis/cgroupMetrics';
import { formatBytes as B, formatPercent as P } from '../humanFormat';
import type { RuleContext } from './context';

export interface LimitedCgroup { metrics: CgroupMetrics & { section: number; path: string }; statLine: number; memswLimitBytes?: number; limitWritten?: boolean }

export function shellKillRules(killed: OpaqueSection[], cgroups: LimitedCgroup[], ctx: RuleContext): void {
  const id = 'cgroup-value/killed-at-limit';
  for (const k of killed) {
    // The cgroup the session looked at right after the kill, else the one before it.
    const near = cgroups.filter((c) => c.metrics.limitBytes !== undefined && Number.isFinite(c.metrics.limitBytes) && c.metrics.limitBytes > 0);
    const c = near.find((x) => x.metrics.section > k.index) ?? near[near.length - 1];
    if (!c) continue;
    const m = c.metrics;
    const limit = m.limitBytes!;
    const share = (m.usageBytes / limit) * 100;
    if (share < ctx.th(id, 'share')) continue;
    const cmd = k.source && k.source.length > 60 ? `${k.source.slice(0, 57)}…` : k.source ?? 'the command';
    const swap = c.memswLimitBytes !== undefined && c.memswLimitBytes <= limit * 1.05 ? ` with memory+swap limited to ${B(c.memswLimitBytes)} too (no room to swap)` : '';
    const cache = m.usageBytes > 0 && m.fileBytes / m.usageBytes >= 0.5
      ? ` ${B(m.fileBytes)} (${P(m.fileBytes / m.usageBytes)}) of what it holds is page cache${m.inactiveFileBytes > 0 ? `, ${B(m.inactiveFileBytes)} of it inactive` : ''}: cache reclaim could not free in time, which is the cache of writes still dirty or under writeback (memory cgroups could not wait for writeback before Linux 3.6, commit e62e384e9da8). Read memory.stat's dirty and writeback during the writes, and give the writer a limit with room for its I/O or write with O_DIRECT.`
      : ' Read memory.stat for what filled it, and raise the limit or find the growth.';
    ctx.report(id, 'warning', k.index, k.startLine,
      `\`${cmd}\` was killed (the shell's "Killed": SIGKILL) in a cgroup${c.metrics.path ? ` (${c.metrics.path})` : ''} at ${P(share / 100)} of ${c.limitWritten ? `the ${B(limit)} limit the session set` : `its ${B(limit)} limit`}${swap}: most likely the memory cgroup's OOM killer (dmesg has its report).${cache}`,
      { data: { limitBytes: limit, usageBytes: m.usageBytes, fileBytes: m.fileBytes }, related: [{ line: c.statLine, message: `its memory.stat: ${B(m.usageBytes)} charged` }] });
  }
}
