/** A cgroup known only by its one-value files (memory.current / max / peak, v1's usage / limit / max_usage). */
import type { CgroupFiles } from '../world/model';
import type { CgroupValues } from '../analysis/cgroupMetrics';
import { formatBytes as B, formatPercent as P } from '../humanFormat';
import type { RuleContext } from './context';

export function cgroupValueRules(c: CgroupFiles, v: CgroupValues, ctx: RuleContext): void {
  const id = 'cgroup-value/at-limit';
  const max = v.max;
  if (max === undefined || !(max > 0)) return;
  const usageFile = c.values['memory.current'] ?? c.values['memory.usage_in_bytes'];
  const peakFile = c.values['memory.peak'] ?? c.values['memory.max_usage_in_bytes'];
  const atUsage = v.current !== undefined && v.current / max * 100 >= ctx.th(id, 'share');
  const atPeak = v.peak !== undefined && v.peak >= max;
  if (!atUsage && !atPeak) return;
  const at = (atUsage ? usageFile : peakFile) ?? usageFile ?? peakFile;
  if (!at) return;
  ctx.report(id, 'warning', at.index, at.fields[0]?.line ?? at.startLine,
    `${c.path === '' || c.path === '.' ? 'This cgroup' : `The cgroup ${c.path}`} is at its limit of ${B(max)}: ${[
      v.current !== undefined ? `usage ${B(v.current)} (${P(v.current / max)})` : '',
      atPeak ? `its peak ${B(v.peak!)} reached the limit` : '',
    ].filter(Boolean).join(', ')}. At the limit the kernel reclaims inside the cgroup and then OOM-kills in it: read its memory.stat for what fills it (page cache can be reclaimed, anonymous memory cannot) and memory.events for oom_kill.`,
    { data: { maxBytes: max, usageBytes: v.current ?? -1 } });
}
