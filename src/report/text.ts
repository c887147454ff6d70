/** The terminal report: breakdown first, then findings by severity, then input problems. */
import { usedIsTotalMinusAvailable } from '../analysis/meminfoMetrics';
import { adviceLines, kubernetesLines } from './kubernetes';
import { processLines, processTitle } from './process';
import type { Analysis } from '../analysis/analyze';
import type { KeyValueSection } from '../model';
import { formatBytes as B, formatPercent as P } from '../humanFormat';
import { describeSection, findingsBySeverity } from './summary';
import { isDumpOnly, oomTitle } from './oomTitle';

export interface TextStyle {
  color: boolean;
}

const CODES = { red: 31, yellow: 33, cyan: 36, dim: 2, bold: 1, green: 32 } as const;

export function renderText(file: string, a: Analysis, style: TextStyle = { color: false }): string {
  const c = (code: keyof typeof CODES, s: string) => (style.color ? `\x1b[${CODES[code]}m${s}\x1b[0m` : s);
  const out: string[] = [];
  const m = a.metrics;
  out.push(c('bold', `Kernel Memory Lens — ${file}`));
  out.push(c('dim', a.parsed.sections.map((s) => describeSection(s)).join('\n')));
  out.push('');
  if (m.meminfo) {
    const mi = m.meminfo;
    out.push(c('bold', `Where the memory went (MemTotal ${B(mi.totalBytes)})`));
    const width = 40;
    for (const p of mi.breakdown) {
      if (p.bytes <= 0) continue;
      const share = p.bytes / mi.breakdownOfBytes;
      const bar = '█'.repeat(Math.max(share > 0.005 ? 1 : 0, Math.round(share * width)));
      const outside = p.inNodeWorkingSet === false && p.key !== 'free' && p.key !== 'pageCacheInactive';
      out.push(`  ${p.label.padEnd(40)} ${B(p.bytes).padStart(10)} ${P(share).padStart(6)} ${outside ? c('yellow', bar) : c('green', bar)}${outside ? c('dim', ' (outside the kubelet\'s working set)') : ''}`);
    }
    if (mi.breakdownOfBytes !== mi.totalBytes) out.push(c('dim', `  ${/[KMGT]i?B?\b|\d[.,]\d/.test(JSON.stringify((a.parsed.sections[mi.section] as KeyValueSection | undefined)?.fields.map((f) => f.raw) ?? [])) ? 'free -h rounded each column' : 'free\'s columns do not add up to its total'}: they add up to ${B(mi.breakdownOfBytes)}, so the shares are of that sum.`));
    if (!mi.complete) out.push(c('dim', `  Not shown, the capture lacks: ${mi.missing.join(', ')}. No remainder is computed from absent keys.`));
    if (mi.outsideWorkingSetBytes !== undefined) out.push(`  ${'Used, but outside the kubelet\'s working set'.padEnd(40)} ${B(mi.outsideWorkingSetBytes).padStart(10)} ${P(mi.outsideWorkingSetBytes / mi.totalBytes).padStart(6)}`);
    out.push('');
    const ways = [mi.used.freePrinted, mi.used.free4, mi.used.free33, mi.kubelet].filter((x) => x !== undefined).length;
    out.push(c('bold', ways >= 3 || ways === 0 ? '"Used", three ways' : `"Used", ${ways === 1 ? 'one way' : 'two ways'} (the capture lacks what the others need)`));
    if (mi.used.freePrinted) out.push(`  ${mi.used.freePrinted.label.padEnd(54)} ${B(mi.used.freePrinted.bytes).padStart(10)}`);
    if (mi.used.free4 !== undefined) out.push(`  free(1) 4.x  total − available                        ${B(mi.used.free4).padStart(10)}`);
    for (const a of mi.freeAssumed) out.push(c('dim', `               ${a}`));
    if (mi.used.free33 !== undefined) out.push(`  free(1) 3.3  total − free − buffers − (cached + sreclaim) ${B(mi.used.free33).padStart(7)}`);
    const k = mi.kubelet;
    if (k) {
      out.push(`  kubelet      working set = usage − inactive_file       ${B(k.workingSetBytes).padStart(10)}  (memory.available ${B(k.availableBytes)})`);
      out.push(c('dim', `               ${k.label}; from ${k.from}`));
      if (k.alternative) out.push(c('dim', `               with ${k.alternative.label}: working set ${B(k.alternative.workingSetBytes)}, memory.available ${B(k.alternative.availableBytes)}`));
    }
    if (mi.used.free4 === undefined && mi.used.free33 === undefined && !mi.used.freePrinted && !k) {
      // Keys that are there but indented: free(1) would not find them, which is not the same as absent.
      const unread = mi.freeAssumed.some((a) => a.includes('not at the start of its line'));
      // A node's own meminfo (or numastat -m, numactl -H): free(1) and the kubelet read /proc/meminfo, never these.
      const node = a.parsed.sections[mi.section] as KeyValueSection | undefined;
      const nodeView = node?.byKey.MemUsed !== undefined || node?.variant === 'numastat' || node?.variant === 'numactl';
      const oneNode = (node?.variant === 'numastat' || node?.variant === 'numactl') && node.byNode?.nodes.length === 1;
      const tool = node?.variant === 'numastat' || node?.variant === 'numactl';
      out.push(c('dim', oneNode ? '  Not computed: numastat and numactl print no MemAvailable (this machine\'s one node is the whole machine); free(1) and the kubelet read /proc/meminfo.'
        : tool ? `  Not computed: ${node?.variant === 'numastat' ? 'numastat -m' : 'numactl -H'} prints no MemAvailable (its total is the whole machine, its columns the nodes); free(1) and the kubelet read /proc/meminfo.`
        : nodeView ? '  Not computed: this is one NUMA node\'s view (no MemAvailable); free(1) and the kubelet read /proc/meminfo, the whole machine.'
        : unread
        ? '  Not computed: free(1) reads none of these keys as they are printed here (above), and the capture lacks the keys the kubelet\'s formula needs.'
        : '  Unknown: the capture lacks MemAvailable, MemFree/Buffers/Cached and the keys the kubelet\'s formula needs.'));
    }
    // Why they differ, said only for the ways shown.
    if (k && (mi.used.free4 !== undefined || mi.used.free33 !== undefined)) out.push(c('dim', '  They differ because active page cache counts as used for the kubelet, while free 4.x counts every reclaimable page as available, and the kubelet leaves slab and other kernel memory out of the root usage.'));
    else if (mi.used.freePrinted && mi.used.free4 !== undefined && mi.totalBytes && usedIsTotalMinusAvailable(mi.used.freePrinted.bytes, mi.totalBytes, mi.availableBytes)) out.push(c('dim', '  The same number: this free\'s used column is total − available (procps-ng 4.0.1 and later), not total − free − buff/cache as older free printed.'));
    else if (mi.used.freePrinted && mi.used.free4 !== undefined && mi.used.freePrinted.bytes !== mi.used.free4) out.push(c('dim', '  They differ because free\'s used column is total − free − buff/cache (every cache page counted as free), while total − available uses the kernel\'s estimate (MemAvailable, mm/show_mem.c si_mem_available), which leaves out the watermark reserve, tmpfs (Shmem) and what of the cache and slab it does not count as reclaimable.'));
    out.push('');
  }
  for (const cg of m.cgroups) {
    out.push(c('bold', `Cgroup ${cg.source ?? '(memory.stat)'} — ${cg.variant}`));
    const usage = cg.usageKnown ? `usage ${B(cg.usageBytes)}${cg.usageExact ? '' : ` (${cg.usageFrom})`}` : `usage unknown (no ${cg.variant === 'v1' ? 'memory.usage_in_bytes, rss or cache' : 'memory.current, anon or file'} in the capture)`;
    const ws = cg.workingSetKnown ? `working set ${B(cg.workingSetBytes)} (usage − inactive_file, what kubectl top pod shows)` : cg.usageKnown ? 'working set unknown (no inactive_file in the capture: usage − inactive_file is what kubectl top pod shows)' : 'working set unknown';
    out.push(`  ${usage} · ${ws}${cg.limitBytes !== undefined ? ` · limit ${B(cg.limitBytes)}` : ''}`);
    for (const p of cg.breakdown) if (p.bytes > 0) out.push(`  ${p.label.padEnd(40)} ${B(p.bytes).padStart(10)} ${P(p.bytes / (cg.usageBytes || 1)).padStart(6)}`);
    if (cg.path !== '/' && cg.variant === 'v2') out.push(c('dim', '  Every part above is charged to the cgroup, kernel memory and sockets included: all of it counts in memory.current, the working set and the limit (cAdvisor).'));
    out.push('');
  }
  if (m.kubernetes) {
    out.push(c('bold', 'Kubernetes beside the kernel'), ...kubernetesLines(m.kubernetes).map((l) => `  ${l}`));
    const adv = adviceLines(m.kubernetes);
    if (adv.length) out.push('', ...adv.map((l) => `  ${l}`));
    out.push('');
  }
  for (const p of m.processes ?? []) {
    out.push(c('bold', processTitle(p)), ...processLines(p).map((l) => `  ${l}`), '');
  }
  if (m.slabinfo) {
    const shown = m.slabinfo.rowsShown;
    out.push(c('bold', shown
      ? `Top slab caches (slabtop's summary: ${B(m.slabinfo.totalObjectBytes)} in objects${shown.totalCaches !== undefined ? ` in ${shown.totalCaches} caches` : ''}; the ${shown.caches} rows shown hold ${B(shown.objectBytes)}, ${B(shown.slabBytes)} in slabs)`
      : `Top slab caches (total ${B(m.slabinfo.totalSlabBytes)} in slabs, ${B(m.slabinfo.totalObjectBytes)} in objects)`));
    for (const g of m.slabinfo.groups.slice(0, 10)) out.push(`  ${g.group.padEnd(32)} ${B(g.slabBytes).padStart(10)} ${String(g.objects).padStart(10)} objs${g.caches.length > 1 ? c('dim', ` (${g.caches.length} caches)`) : ''}`);
    out.push('');
  }
  if (m.pressure.length) {
    out.push(c('bold', 'Pressure (PSI, % of time stalled)'));
    for (const p of m.pressure) for (const t of ['some', 'full'] as const) {
      const l = p[t]; if (!l) continue;
      out.push(`  ${`${p.resource} ${t}`.padEnd(14)} avg10 ${l.avg10.toFixed(2).padStart(6)}  avg60 ${l.avg60.toFixed(2).padStart(6)}  avg300 ${l.avg300.toFixed(2).padStart(6)}`);
    }
    out.push('');
  }
  for (const o of m.oom) {
    out.push(c('bold', `${oomTitle(o.event)} — ${o.event.userspace ? 'user space (systemd-oomd)' : o.scope === 'memcg' ? 'cgroup limit' : isDumpOnly(o.event) ? (o.event.sysrqShowMemLine !== undefined ? 'the state of memory when it was asked for' : 'the state of memory when it was printed (a node-wide OOM, an allocation failure or SysRq-m print it)') : o.scope === 'global' ? 'node out of memory' : 'unknown scope'}`));
    if (o.event.invoker) out.push(`  invoked by ${o.event.invoker}${o.event.gfpMask ? ` (gfp_mask=${o.event.gfpMask}${o.event.order !== undefined ? `, order ${o.event.order}` : ''})` : ''}`);
    if (o.limitedCgroup) out.push(`  limited cgroup ${o.limitedCgroup}`);
    if (o.kubernetes) out.push(`  pod ${o.kubernetes.podUid ?? '?'}${o.kubernetes.containerId ? ` · container ${o.kubernetes.containerId.slice(0, 12)}` : ''}${o.qos ? ` · QoS ${o.qos}` : ''}`);
    else if (o.qos) out.push(`  QoS ${o.qos} (from oom_score_adj)`);
    const mi = o.event.memInfoPages;
    if (mi) {
      // Only what the Mem-Info lines hold: a report cut after two lines leaves the rest unknown, not 0 B.
      const pg = (...keys: string[]) => (keys.every((k) => mi[k] !== undefined) ? B(keys.reduce((t, k) => t + mi[k] * a.pageSize, 0)) : undefined);
      // 2.6.1x–2.6.2x print `Active:N inactive:N … free:N slab:N`: one LRU pair for user and cache pages, one slab count.
      const old = mi.active_anon === undefined && mi.Active !== undefined;
      const wanted = old
        ? [['free', pg('free')], ['LRU (user and cache, not split before 2.6.28)', pg('Active', 'inactive')], ['slab', pg('slab')], ['dirty + writeback', pg('dirty', 'writeback')]]
        : [['free', pg('free')], ['anon', pg('active_anon', 'inactive_anon')], ['page cache', pg('active_file', 'inactive_file')], ['shmem', pg('shmem')], ['slab unreclaimable', pg('slab_unreclaimable')]];
      const parts = wanted.filter((p): p is [string, string] => p[1] !== undefined);
      if (parts.length) out.push(`  ${o.event.sysrqShowMemLine !== undefined ? 'node when asked' : 'node at the kill'}: ${parts.map(([k, v]) => `${k} ${v}`).join(' · ')}${parts.length < wanted.length ? ' (the rest of Mem-Info is not in the capture)' : ''}`);
    }
    for (const t of o.tasksByRss.slice(0, 5)) out.push(`  ${String(t.pid).padStart(8)} ${t.name.padEnd(24)} rss ${B(t.rssBytes).padStart(10)}`);
    out.push('');
  }
  for (const s of m.series) out.push(c('dim', `Series: ${s.samples !== undefined ? `${s.samples} ${s.kind} rows` : `${s.sections.length} ${s.kind} captures`}${s.timed ? (s.clockOnly ? ' (clock times, no date)' : '') : ' (no times: order only)'}`));
  if (m.series.length) out.push('');

  const groups = findingsBySeverity(a.findings);
  out.push(c('bold', groups.length ? 'Red flags' : 'No red flags'));
  for (const [sev, list] of groups) {
    const color = sev === 'critical' ? 'red' : sev === 'warning' ? 'yellow' : 'cyan';
    for (const f of list) out.push(`  ${c(color, sev.toUpperCase().padEnd(8))} ${file}:${f.line + 1}  ${c('bold', f.rule)}\n           ${f.message}`);
  }
  const problems = a.parsed.problems;
  if (problems.length) {
    out.push('');
    out.push(c('bold', `Input problems (${problems.length})`));
    for (const p of problems.slice(0, 50)) out.push(`  ${file}:${p.line + 1}  ${p.severity === 'error' ? c('red', 'error') : p.severity}  ${p.message}`);
    if (problems.length > 50) out.push(`  … and ${problems.length - 50} more`);
  }
  return out.join('\n') + '\n';
}
