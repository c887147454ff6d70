/** PSI rules (rule-catalog.md §pressure; Documentation/accounting/psi.rst). */
import type { PressureSection, PsiLine } from '../model';
import type { RuleContext } from './context';

const pct = (n: number) => `${n.toFixed(2)} %`;

const YEAR_US = 365.25 * 24 * 3600 * 1e6;

export function pressureRules(s: PressureSection, ctx: RuleContext): void {
  const res = s.resource;
  const assumed = s.resourceFrom === 'assumed' ? ' (read as memory pressure: nothing named the resource)' : '';
  // A cgroup's PSI file says whose tasks stalled: name it (the node's /proc/pressure needs no name).
  const at = s.source && !/^\/proc\/pressure\//.test(s.source) && /\//.test(s.source) ? ` in ${s.source.replace(/\/[^/]*$/, '')}` : '';
  const check = (id: string, line: PsiLine | undefined, levels: [string, number | undefined][], text: (sev: string) => string) => {
    if (!line) return;
    const warn = ctx.th(id, 'warning');
    const crit = levels.find(([n]) => n === 'critical') ? ctx.th(id, 'critical') : undefined;
    const sev = crit !== undefined && line.avg10 >= crit ? 'critical' : line.avg10 >= warn ? 'warning' : undefined;
    if (!sev) return;
    ctx.report(id, sev, s.index, line.line, text(sev), { data: { avg10: line.avg10, avg60: line.avg60, avg300: line.avg300 } });
    // Sustained: avg300 itself at the warning level and at least half of avg10.
    if (line.avg300 >= warn && line.avg300 >= line.avg10 / 2) ctx.report('pressure/sustained', 'info', s.index, line.line,
      `The 5-minute average (${pct(line.avg300)}) is at the warning level of ${id} and ${line.avg10 ? `${Math.round((line.avg300 / line.avg10) * 100)} %` : 'all'} of the 10-second one: pressure has lasted minutes, not a spike.`,
      { data: { avg10: line.avg10, avg300: line.avg300 } });
  };
  // `total` is stall time in µs since the cgroup or the boot began: wall-clock time, so never more than the uptime.
  const bad = [s.some, s.full].find((l) => l && Number.isFinite(l.total) && l.total > ctx.th('pressure/impossible-total', 'years') * YEAR_US);
  if (bad) {
    ctx.report('pressure/impossible-total', 'warning', s.index, bad.line,
      `This PSI file's total stall time is ${bad.total} µs, about ${Math.round(bad.total / YEAR_US)} years: more than any machine has been up. PSI accounting is broken here (a kernel bug), so its averages cannot be trusted either. Compare with /proc/pressure/${res === 'unknown' ? 'memory' : res} and report it against the kernel.`,
      { data: { total: bad.total } });
    return;
  }
  if (res === 'memory' || res === 'unknown') {
    // some = full in a cgroup: whenever one of its tasks stalled, all did (one busy task, or all behind one limit).
    const cgroup = !!s.source && /memory\.pressure$/.test(s.source);
    const lockstep = cgroup && s.some && s.full && s.some.avg10 - s.full.avg10 <= Math.max(0.5, 0.03 * s.some.avg10);
    const alike = lockstep ? ' Some equals full: whenever a task here stalled, every task did, so it has one busy task, or all of them wait behind the same limit. In a cgroup that is throttling at memory.high or reclaim at memory.max (memory.events counts high and max); the first is slowness by design, not a kill on the way.' : '';
    check('pressure/memory-full', s.full, [['warning', 0], ['critical', 0]], () =>
      `All non-idle tasks${at} were stalled on memory ${pct(s.full!.avg10)} of the last 10 s (avg60 ${pct(s.full!.avg60)}, avg300 ${pct(s.full!.avg300)})${assumed}: thrashing.${alike} systemd-oomd kills at 60 % over 30 s by default. Look at reclaim (pgscan/pgsteal), refaults and swap.`);
    check('pressure/memory-some', s.some, [['warning', 0], ['critical', 0]], () =>
      `At least one task${at} was stalled on memory ${pct(s.some!.avg10)} of the last 10 s (avg60 ${pct(s.some!.avg60)}, avg300 ${pct(s.some!.avg300)})${assumed}: reclaim and refaults add latency. Check the full line and which cgroup's memory.pressure is highest.`);
  } else if (res === 'io') {
    check('pressure/io-full', s.full, [['warning', 0]], () =>
      `All non-idle tasks${at} waited for I/O ${pct(s.full!.avg10)} of the last 10 s (avg300 ${pct(s.full!.avg300)}). Under memory pressure this is often evicted page cache and swap being read back: check workingset_refault_file and pswpin.`);
  } else if (res === 'cpu') {
    check('pressure/cpu-some', s.some, [['warning', 0]], () =>
      `Tasks${at} waited for a CPU ${pct(s.some!.avg10)} of the last 10 s (avg300 ${pct(s.some!.avg300)}): CPU saturation or CFS throttling slows reclaim and everything else. Check CPU limits and node load.`);
  }
}
