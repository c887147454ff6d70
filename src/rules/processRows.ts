/**
 * `ps aux` or top pasted more than once (or `top -b -n N`): the same process's resident size from sample to sample. A process that
 * grows between pastes is the story of most "memory keeps growing" reports, which no kernel file tells.
 */
import type { OpaqueSection, PsProcessRow } from '../model';
import { formatBytes as B } from '../humanFormat';
import type { RuleContext } from './context';

export function processRowsRules(sections: OpaqueSection[], ctx: RuleContext): void {
  const id = 'process/rss-growing';
  const seen = new Map<string, { row: PsProcessRow; section: number }[]>();
  for (const s of sections) for (const row of s.processes ?? []) {
    const key = `${row.pid}|${row.command}`;
    // A PID seen again in the same section is top -b's next sample.
    (seen.get(key) ?? seen.set(key, []).get(key)!).push({ row, section: s.index });
  }
  for (const list of seen.values()) {
    if (list.length < 2) continue;
    const first = list[0].row;
    const last = list[list.length - 1];
    const grew = (last.row.rssKiB - first.rssKiB) * 1024;
    if (first.rssKiB <= 0 || grew < ctx.th(id, 'bytes') || (last.row.rssKiB / first.rssKiB - 1) * 100 < ctx.th(id, 'growth')) continue;
    const name = last.row.command.length > 60 ? `${last.row.command.slice(0, 57)}…` : last.row.command;
    ctx.report(id, 'warning', last.section, last.row.line,
      `PID ${last.row.pid} (${name}) grew from ${B(first.rssKiB * 1024)} resident (${first.memPercent} % of memory) to ${B(last.row.rssKiB * 1024)} (${last.row.memPercent} %) across ${list.length} samples (ps or top): it only grows. A leak or an unbounded cache; capture its /proc/PID/status and smaps_rollup (or the runtime's own report) to see which part grows, and give it a memory limit.`,
      { data: { fromBytes: first.rssKiB * 1024, toBytes: last.row.rssKiB * 1024 }, related: list.slice(0, -1).map((x) => ({ line: x.row.line, message: `${B(x.row.rssKiB * 1024)} here` })) });
  }
}
