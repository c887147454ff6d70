/**
 * Hover text for any field, key, column, slab cache, PSI token or OOM report
 * line: the knowledge entry, the value in human units beside the raw value,
 * its share of MemTotal or of the cgroup's usage, and the findings on that line.
 */
import type { Analysis } from '../analysis/analyze';
import { bytesOf } from '../analysis/fields';
import { kubernetesFromCgroup, qosFromOomScoreAdj, roleFromOomScoreAdj } from '../analysis/kubernetes';

const ROLE_TEXT = { 'pod-sandbox': 'the pod sandbox (pause) of a pod of any QoS class', 'node-daemon': 'a node daemon (kubelet, kube-proxy)', 'never-killed': 'exempt from the OOM killer' } as const;
/** What an oom_score_adj tells on a Kubernetes node; the cgroup path, when it names a class, is the better witness. */
function adjMeaning(adj: number): string {
  const role = roleFromOomScoreAdj(adj);
  if (role) return ` → ${ROLE_TEXT[role]}`;
  const q = qosFromOomScoreAdj(adj);
  return q ? ` → Kubernetes QoS **${q}**${adj === -997 ? ' (or a node-critical pod of any class)' : ''}` : '';
}
import { slabCacheSize } from '../analysis/slabMetrics';
import { unitLabel } from '../formats/units';
import { formatBytes as B, formatCount as N, formatPercent as P } from '../humanFormat';
import { meminfoNumbers } from './hoverMeminfo';
import { NUMASTAT_PROCESS_ROWS } from '../knowledge/numastat';
import { allocationRowHover } from './hoverAllocation';
import { buddyFree } from '../analysis/zoneMetrics';
import { lookupKnowledge, type KnowledgeEntry } from '../knowledge';
import type { Field, KeyValueSection, OomReportSection, Section, OpaqueSection, SarTable, Span, VmstatTable } from '../model';
import { RULES_BY_ID, ruleDocUrl } from '../rules/catalog';
import { describeSection } from '../report/summary';
import type { LineIndex } from './locate';
import { kubernetesHover, reconciliationHover } from './hoverKubernetes';
import { processHover } from './hoverProcess';
import { pagetypeHover } from './hoverPagetype';
import { isProcessSection } from '../formats/process';
import { metricOf } from '../formats/prometheus';
import { range, type Range } from './lsp';

export interface HoverResult { contents: string; range?: Range }

const ICON: Record<string, string> = { critical: '$(error)', warning: '$(warning)', info: '$(info)' };

/** `shown` is the name as written, for entries that describe a family (`kmalloc-*`, any other cache). */
function entryText(e: KnowledgeEntry | undefined, fallbackName: string, shown?: string): string[] {
  if (!e) return [`**${fallbackName}**`, '', 'Not in the knowledge base: a key this kernel prints that Kernel Memory Lens has no notes for yet. Unknown keys are normal; newer kernels add fields.'];
  const family = shown !== undefined && shown !== e.name ? (e.name === '*' ? '' : ` (${e.name})`) : undefined;
  const out = [family !== undefined ? `**${shown}** — ${e.title}${family}` : `**${e.name}** — ${e.title}`, '', e.what];
  if (e.kubernetes) out.push('', `**Kubernetes:** ${e.kubernetes}`);
  if (e.worry) out.push('', `**Worry when:** ${e.worry}`);
  out.push('', `*${e.since ? `Since kernel ${e.since} · ` : ''}${e.source}*`);
  return out;
}

function knowledgeKind(s: Section): string {
  if (s.kind === 'memory-events') return s.variant === 'swap' ? 'swap-events' : 'memory-events';
  return s.kind;
}

function valueLine(f: Field, pageSize: number): string {
  if (f.unlimited) return `\`${f.raw}\` — no limit`;
  if (!Number.isFinite(f.value)) return `\`${f.raw}\``;
  if (f.bytes !== undefined) {
    // A value that carries its own unit (free -h's `9.7Gi`, top's scaled cells) is shown as written, without a second one.
    const unit = /[A-Za-z]$/.test(f.raw) ? 'as written' : f.unit === 'kB' ? 'kB' : f.unit === 'bytes' ? 'bytes' : unitLabel(f.unit, pageSize);
    return `**${B(f.bytes)}** — \`${f.raw}\` ${unit}${f.unit === 'hugepages' ? ` (× huge page size)` : ''}`;
  }
  return `**${N(f.value)}** ${f.unit === 'count' ? '(count)' : f.unit === 'flag' ? '(0 or 1)' : ''}`;
}

function findingsOn(a: Analysis, line: number, docBase?: string): string[] {
  const fs = a.findings.filter((f) => f.line === line || f.related?.some((r) => r.line === line));
  if (!fs.length) return [];
  return ['', '---', ...fs.map((f) => `${ICON[f.severity]} **${f.severity}** [\`${f.rule}\`](${ruleDocUrl(f.rule, docBase)}) ${RULES_BY_ID.get(f.rule)?.title ?? ''}${f.line === line ? '' : ' (related)'}\n\n${f.message}`)];
}

export function hoverAt(a: Analysis, index: LineIndex, line: number, character: number, lineText: string, docBase?: string): HoverResult | undefined {
  const item = index.at(line, character);
  const out: string[] = [];
  let r: Range | undefined;
  const whole = () => range(line, lineText.length - lineText.trimStart().length, line, lineText.trimEnd().length);
  /** A line with nothing to explain but findings on it: just the findings (without the separator). */
  const findingsOnly = (): HoverResult | undefined => {
    const f = findingsOn(a, line, docBase);
    return f.length ? { contents: f.slice(2).join('\n'), range: whole() } : undefined;
  };
  if (item.type === 'field') {
    const { section: s, field: f } = item;
    const kind = knowledgeKind(s);
    const name = s.kind === 'cgroup-value' ? (s.variant ?? f.key) : f.key;
    const e = lookupKnowledge(kind, name);
    const [head, ...rest] = entryText(e, name);
    out.push(head, '', valueLine(f, a.pageSize));
    if ((s as KeyValueSection).written) out.push('', 'Written by the session (`echo … >`): the value asked for, not one read back. The kernel reads K, M and G as powers of 1024 (memparse) and keeps a limit in whole pages.');
    const split = (s as KeyValueSection).byNode;
    const perNode = split?.bytes[f.key];
    const counts = split?.counts?.[f.key];
    const tool = s.variant === 'numactl' ? 'numactl -H' : 'numastat';
    if (split && perNode) out.push('', `By NUMA node (${tool}'s columns; the value above is their total): ${perNode.map((b, i) => `node ${split.nodes[i]} **${B(b)}**`).join(', ')}.`);
    if (split && counts) out.push('', `By NUMA node (numastat's columns, in pages; the value above is their sum): ${counts.map((n, i) => `node ${split.nodes[i]} **${N(n)}**`).join(', ')}.`);
    const metric = s.variant === 'prometheus' ? metricOf(s.kind, f.key) : undefined;
    if (metric) out.push('', `From node_exporter: \`${metric}\` is the ${s.kind === 'meminfo' ? `/proc/meminfo line ${f.key}${f.unit === 'bytes' ? ' × 1024' : ''}` : `/proc/vmstat counter ${f.key}`}. PromQL: \`${s.kind === 'vmstat' ? `rate(${metric}[5m])` : `${metric}{instance="NODE"}`}\`.`);
    const share = shareLine(a, s, f);
    if (share) out.push('', share);
    out.push(...rest);
    if (s.kind === 'meminfo') out.push(...meminfoNumbers(a, s as KeyValueSection, f));
    r = range(line, Math.min(f.keySpan.start, f.valueSpan.start), line, Math.max(f.valueSpan.end, f.unitSpan?.end ?? 0, f.keySpan.end));
  } else if (item.type === 'slab') {
    const c = item.cache;
    const size = slabCacheSize(c, a.pageSize);
    // Columns: hovering a number explains that column.
    const cols = ['active_objs', 'num_objs', 'objsize', 'objperslab', 'pagesperslab', 'active_slabs', 'num_slabs'];
    const ci = c.columnSpans.findIndex((sp) => character >= sp.start && character <= sp.end);
    if (ci >= 0) {
      const col = lookupKnowledge('slabinfo', cols[ci]);
      out.push(...entryText(col, cols[ci]), '', `Value here: **${N([c.activeObjs, c.numObjs, c.objSize, c.objPerSlab, c.pagesPerSlab, c.activeSlabs, c.numSlabs][ci])}** in cache \`${c.name}\``);
      r = range(line, c.columnSpans[ci].start, line, c.columnSpans[ci].end);
    } else {
      const e = lookupKnowledge('slab-cache', c.name);
      const [head, ...rest] = entryText(e, c.name, c.name);
      out.push(head, '', `**${B(size.slabBytes)}** in slabs (num_slabs × pagesperslab × ${B(a.pageSize)} pages) · **${B(size.objectBytes)}** in objects (num_objs × objsize)`,
        '', `${N(c.activeObjs)} of ${N(c.numObjs)} objects active · ${c.objSize} bytes each`,
        ...(size.fallbackSlabs ? ['', `Only ${N(c.numObjs)} objects fit its ${N(c.numSlabs)} slabs where ${N(c.numSlabs * c.objPerSlab)} would at ${c.objPerSlab} a slab: SLUB fell back to smaller slabs (a high-order page was not to be had), which slabinfo still counts at ${c.pagesPerSlab} pages each. They most likely hold **${B(size.heldBytes)}**, and the tool counts that.`] : []),
        ...(size.group !== c.name ? ['', `Size class: \`${size.group}\` (variants are summed in the viewer)`] : []), ...rest);
      r = range(line, c.nameSpan.start, line, c.nameSpan.end);
    }
  } else if (item.type === 'psi') {
    const { psi: p, section: s } = item;
    const res = s.kind === 'pressure' ? s.resource : 'unknown';
    const tokens: [string, { start: number; end: number }][] = [['avg10', p.spans.avg10], ['avg60', p.spans.avg60], ['avg300', p.spans.avg300], ['total', p.spans.total]];
    const hit = tokens.find(([, sp]) => character >= sp.start && character <= sp.end);
    const key = hit ? hit[0] : p.type;
    const resE = lookupKnowledge('psi-resource', res);
    out.push(...entryText(lookupKnowledge('pressure', key), key));
    out.push('', `**${res}** ${p.type}: stalled ${p.avg10.toFixed(2)} % of the last 10 s, ${p.avg60.toFixed(2)} % of 60 s, ${p.avg300.toFixed(2)} % of 5 min · total ${(p.total / 1e6).toFixed(1)} s since boot${s.kind === 'pressure' && s.resourceFrom === 'assumed' ? ' · *resource assumed: nothing named it*' : ''}`);
    if (resE && !hit) out.push('', `*${resE.title}:* ${resE.what}`);
    r = hit ? range(line, hit[1].start, line, hit[1].end) : range(line, p.typeSpan.start, line, p.typeSpan.end);
  } else if (item.type === 'k8s') {
    const k = kubernetesHover(item.hits, character, entryText);
    if (!k) return findingsOnly();
    out.push(k.contents);
    if (a.metrics.kubernetes) out.push(...reconciliationHover(a.metrics.kubernetes, line));
    r = k.span.end > k.span.start ? range(line, k.span.start, line, k.span.end) : whole();
  } else if (item.type === 'none' && item.section && isProcessSection(item.section)) {
    const p = processHover(item.section, line, character, lineText, entryText);
    if (!p) return findingsOnly();
    out.push(p.contents);
    r = range(line, p.span.start, line, p.span.end);
  } else if (item.type === 'section') {
    out.push(`**${describeSection(item.section)}**`, '', sectionSummary(a, item.section));
    r = whole();
  } else if (item.section?.kind === 'slabinfo') {
    const text = slabHeaderHover(lineText, character);
    if (!text) return findingsOnly();
    out.push(text.contents);
    r = range(line, text.start, line, text.end);
  } else if (item.section?.kind === 'buddyinfo' && item.section.variant === 'pagetypeinfo' && pagetypeHover(item.section as OpaqueSection, line, lineText, character, a.pageSize, entryText)) {
    const h = pagetypeHover(item.section as OpaqueSection, line, lineText, character, a.pageSize, entryText)!;
    out.push(h.contents);
    r = range(line, h.start, line, h.end);
  } else if (item.section?.kind === 'buddyinfo' && (item.section as OpaqueSection).buddy?.some((z) => z.line === line)) {
    const z = (item.section as OpaqueSection).buddy!.find((x) => x.line === line)!;
    const page = a.pageSize;
    const free = buddyFree(z);
    out.push(`**Node ${z.node}, zone ${z.zone}**: ${B(free * page)} free in blocks of 2^order pages (mm/page_alloc.c, the buddy allocator)`, '',
      '| order | block | free blocks | memory |', '|---:|---:|---:|---:|',
      ...z.free.map((n, k) => `| ${k} | ${B(2 ** k * page)} | ${N(n)} | ${B(n * 2 ** k * page)} |`),
      '', `An allocation of order N needs one free block of order N or more (in this zone or one it may fall back to); a "page allocation failure: order:N" with blocks here means another zone or the watermarks refused it.`);
    r = whole();
  } else if (item.section?.kind === 'numa-stat' && (item.section as OpaqueSection).numa?.some((x) => x.line === line)) {
    const row = (item.section as OpaqueSection).numa!.find((x) => x.line === line)!;
    const total = row.totalBytes ?? row.perNodeBytes.reduce((t, b) => t + b, 0);
    const o = item.section as OpaqueSection;
    const e = o.variant === 'numastat-process' ? undefined : lookupKnowledge('memory-stat', row.key);
    const what = o.process ? `of PID ${o.process.pid} (${o.process.name}) ` : '';
    out.push(`**${row.key}** ${what}by NUMA node: ${B(total)} in all`, '', ...row.perNodeBytes.map((b, n) => `- node ${n}: **${B(b)}**${total > 0 ? ` (${P(b / total)})` : ''}`));
    if (e) out.push('', `*${e.title}:* ${e.what}`);
    if (o.variant === 'numastat-process' && NUMASTAT_PROCESS_ROWS[row.key]) out.push('', `numastat -p (from /proc/PID/numa_maps): ${NUMASTAT_PROCESS_ROWS[row.key]}.`);
    out.push('', 'A workload whose memory sits on one node while its CPUs run on another pays remote-access latency; a node that runs out reclaims or kills although the others have room (numactl --hardware, /sys/devices/system/node/node*/meminfo).');
    r = whole();
  } else if (item.section?.kind === 'sar-table') {
    const text = sarHover((item.section as OpaqueSection).sarTables ?? [], line, lineText, character);
    if (!text) return findingsOnly();
    out.push(...entryText(lookupKnowledge('sar', text.column), text.column), ...(text.value ? ['', text.value] : []));
    r = range(line, text.start, line, text.end);
  } else if (item.section?.kind === 'vmstat-table') {
    const text = vmstatTableHover((item.section as OpaqueSection).vmstatTable, line, lineText, character, a.pageSize);
    if (!text) return findingsOnly();
    out.push(...entryText(lookupKnowledge('vmstat-table', text.column), text.column), ...(text.value ? ['', text.value] : []));
    r = range(line, text.start, line, text.end);
  } else if (item.section?.kind === 'unknown' && (item.section as OpaqueSection).allocations?.some((x) => x.line === line)) {
    out.push(allocationRowHover((item.section as OpaqueSection).allocations!.find((x) => x.line === line)!));
    r = whole();
  } else if (item.section?.kind === 'unknown' && (item.section as OpaqueSection).threads?.some((t) => t.line === line)) {
    const t = (item.section as OpaqueSection).threads!.find((x) => x.line === line)!;
    const family = t.name.replace(/\d+(?::\d+)?$/, '');
    out.push(...entryText(lookupKnowledge('kernel-thread', family), family), '', `**${t.name}** (pid ${t.pid}): ${t.cpuPercent} % ${t.layout === 'busybox' ? 'of all CPUs together over BusyBox top\'s last interval' : `of one CPU ${t.layout === 'ps' ? 'on average since it started (ps)' : 'over top\'s last interval'}`}.`);
    r = range(line, t.cpuSpan.start, line, t.cpuSpan.end);
  } else if (item.section?.kind === 'oom-report') {
    const text = oomLineHover(a, item.section as OomReportSection, line, lineText, character);
    if (!text) return undefined;
    out.push(text);
    r = whole();
  } else return findingsOnly();
  out.push(...findingsOn(a, line, docBase));
  return { contents: out.join('\n'), range: r };
}

function shareLine(a: Analysis, s: Section, f: Field): string | undefined {
  if (f.bytes === undefined || !Number.isFinite(f.bytes) || f.bytes <= 0) return undefined;
  if (s.kind === 'meminfo') {
    const total = bytesOf(s as KeyValueSection, 'MemTotal');
    if (!total || f.key === 'MemTotal' || /^(VmallocTotal|DirectMap|Hugepagesize|CommitLimit|Committed_AS|SwapTotal|SwapFree)/.test(f.key)) return undefined;
    return `${P(f.bytes / total)} of MemTotal (${B(total)})`;
  }
  if (s.kind === 'memory-stat') {
    const cg = a.metrics.cgroups.find((c) => c.section === s.index);
    if (!cg || !cg.usageBytes || !cg.usageKnown) return undefined;
    return `${P(f.bytes / cg.usageBytes)} of the cgroup's usage (${B(cg.usageBytes)}${cg.usageExact ? '' : ', approximate'}); working set ${cg.workingSetKnown ? B(cg.workingSetBytes) : 'unknown (no inactive_file in the capture)'}`;
  }
  return undefined;
}

function sectionSummary(a: Analysis, s: Section): string {
  const n = a.findings.filter((f) => f.section === s.index).length;
  const how = { content: 'its content', 'file-name': 'the file name', header: 'the header', prompt: 'the shell command' }[s.detectedBy];
  return `Recognised by ${how}. ${n ? `${n} finding${n === 1 ? '' : 's'}.` : 'No findings.'}`;
}

const OOM_KEYS: [RegExp, string][] = [
  [/invoked oom-killer:/, 'invoked oom-killer'], [/^\s*Mem-Info:/, 'Mem-Info'], [/Memory cgroup stats for/, 'Memory cgroup stats'],
  [/memory: usage/, 'memory: usage'], [/swap: usage/, 'swap: usage'], [/Unreclaimable slab info/, 'Unreclaimable slab info'],
  [/Tasks state/, 'Tasks state'], [/oom-kill:constraint=/, 'oom-kill'], [/Killed process/, 'Killed process'], [/oom_reaper/, 'oom_reaper'],
  // 2.6.9–2.6.13 open a report with `oom-killer: gfp_mask=0xd0` (no invoking task).
  [/^\s*oom-killer: gfp_mask=/, 'invoked oom-killer'], [/(?:Free|Total) swap\s*=/, 'Free swap'], [/\d+ pages (?:RAM|reserved)|\d+ total pagecache pages/, 'pages RAM'],
  [/page allocation failure[.:]/, 'page allocation failure'], [/SLUB: Unable to allocate memory/, 'SLUB: Unable to allocate memory'],
  [/VM_FAULT_OOM leaked out/, 'VM_FAULT_OOM leaked'], [/Out of memory and no killable processes/, 'no killable processes'],
];

function oomLineHover(a: Analysis, s: OomReportSection, line: number, lineText: string, character: number): string | undefined {
  const decoded = a.metrics.oom.find((o) => o.section === s.index && line >= o.event.startLine && line <= o.event.endLine);
  const e = decoded?.event;
  const task = e?.tasks.find((t) => t.line === line);
  const out: string[] = [];
  if (task && decoded) {
    out.push(`**Task ${task.name}** (pid ${task.pid}) at OOM time`, '', `rss **${B(task.rssPages * a.pageSize)}** (${N(task.rssPages)} pages) · virtual ${B(task.totalVmPages * a.pageSize)} · swap ${B(task.swapEntsPages * a.pageSize)}${task.pgtablesBytes !== undefined ? ` · page tables ${B(task.pgtablesBytes)} (pgtables_bytes is bytes, despite the table title)` : ''}`,
      '', `oom_score_adj ${task.oomScoreAdj}${adjMeaning(task.oomScoreAdj)}${task.pid === e!.victimPid ? ' · **the victim**' : ''}`);
    return out.join('\n');
  }
  // show_mem's allocation profiling rows: in an event, or in an allocation failure's Mem-Info.
  const tag = [...s.events, ...(s.allocationFailures ?? [])].flatMap((x) => x.allocations ?? []).find((x) => x.line === line);
  if (tag) return allocationRowHover(tag);
  const headless = e?.headlessTasks?.find((t) => t.line === line);
  if (headless) {
    return [`**Task ${headless.name}** (pid ${headless.pid}) at OOM time`, '', `oom_score_adj ${headless.oomScoreAdj}${adjMeaning(headless.oomScoreAdj)}`,
      '', 'The table\'s header is above the capture: which middle column is rss or swapents differs by kernel, so only the pid, oom_score_adj and name are read.'].join('\n');
  }
  const key = OOM_KEYS.find(([re]) => re.test(lineText));
  const entry = key ? lookupKnowledge('oom-report', key[1]) : undefined;
  if (!entry) {
    const token = memInfoToken(lineText, character, a.pageSize);
    if (token) return token;
    // A line of the memory.stat block the report prints for the cgroup (v2: `key bytes`).
    const stat = /(?:^|\]\s*|^\s+)([a-z_]+) (\d+)\s*$/.exec(lineText);
    const known = stat ? lookupKnowledge('memory-stat', stat[1]) : undefined;
    if (stat && known && e?.memcgStats && stat[1] in e.memcgStats) {
      return [...entryText(known, stat[1]), '', `At OOM time: **${B(Number(stat[2]))}** in cgroup \`${e.memcgStatsPath ?? '?'}\``].join('\n');
    }
    return undefined;
  }
  if (entry) out.push(...entryText(entry, key![1]));
  if (key?.[1] === 'Free swap' && e?.swapTotalKb !== undefined) out.push('', `At the time: **${B((e.swapFreeKb ?? 0) * 1024)} free of ${B(e.swapTotalKb * 1024)}**${e.swapTotalKb > 0 && (e.swapFreeKb ?? 0) <= 0.02 * e.swapTotalKb ? ' (swap full)' : ''}`);
  if (key?.[1] === 'pages RAM' && e?.ramPages !== undefined) out.push('', `RAM **${B(e.ramPages * a.pageSize)}**${e.reservedPages !== undefined ? `, of which reserved **${B(e.reservedPages * a.pageSize)}** (${P(e.reservedPages / e.ramPages)})` : ''}`);
  if (decoded && e && (key?.[1] === 'Killed process' || key?.[1] === 'oom-kill' || key?.[1] === 'invoked oom-killer')) {
    const k8s = decoded.kubernetes ?? kubernetesFromCgroup(e.oomMemcg);
    out.push('', '---', `**Victim:** ${e.victimName ?? '?'} (pid ${e.victimPid ?? '?'}) · ${decoded.scope === 'memcg' ? 'cgroup limit (memcg OOM)' : decoded.scope === 'global' ? 'node out of memory (global OOM)' : 'scope unknown'}`);
    if (decoded.limitedCgroup) out.push('', `**Limited cgroup:** \`${decoded.limitedCgroup}\``);
    if (k8s) out.push('', `**Pod** ${k8s.podUid ?? '?'} · **container** ${k8s.containerId ? k8s.containerId.slice(0, 12) : '?'} · **QoS** ${decoded.qos ?? k8s.qosFromPath ?? '?'}`);
    else if (decoded.qos) out.push('', `**QoS** ${decoded.qos} (from oom_score_adj)`);
    if (decoded.nodeCritical) out.push('', 'oom_score_adj −997 under a non-Guaranteed cgroup: a node-critical pod (priority system-node-critical).');
    if (decoded.victimRssBytes !== undefined) out.push('', `Resident at the kill: ${B(decoded.victimRssBytes)}`);
    if (e.memcgLimitBytes !== undefined) out.push('', `Cgroup usage ${B(e.memcgUsageBytes ?? 0)} of limit ${B(e.memcgLimitBytes)}`);
  }
  return out.join('\n');
}

/** The slabinfo header: `slabinfo - version: 2.1` and the `# name <active_objs> …` column names. */
function slabHeaderHover(lineText: string, character: number): { contents: string; start: number; end: number } | undefined {
  if (/^slabinfo - version:/.test(lineText)) {
    return { contents: '**slabinfo version** — the format of /proc/slabinfo: 2.1 on current kernels (2.1 (statistics) with CONFIG_DEBUG_SLAB). Rows are read by their `tunables` and `slabdata` markers, so vendor columns do not break reading.\n\n*mm/slab_common.c*', start: 0, end: lineText.length };
  }
  if (!lineText.startsWith('#')) return undefined;
  const re = /<?([a-z_]+)>?/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(lineText)) !== null) {
    if (character < m.index || character > m.index + m[0].length) continue;
    const entry = lookupKnowledge('slabinfo', m[1]);
    if (!entry) return undefined;
    return { contents: entryText(entry, m[1]).join('\n'), start: m.index, end: m.index + m[0].length };
  }
  return undefined;
}

/**
 * A `key:value` token of the report's Mem-Info block (mm/show_mem.c): page
 * counts on the first lines, kB on the per-node and per-zone lines.
 */
function memInfoToken(lineText: string, character: number, pageSize: number): string | undefined {
  // Mem-Info mixes pages (`active_anon:123`), kB with either suffix (`free:1024kB`, `reserved_highatomic:0KB`)
  // and counts of huge pages (`hugepages_total=2`, sized by `hugepages_size=2048kB`) (mm/show_mem.c, mm/hugetlb.c).
  const re = /([a-z_]+)[:=](\d+)(kB|KB)?/g;
  const hugeKb = Number(/hugepages_size=(\d+)kB/.exec(lineText)?.[1] ?? NaN);
  let m: RegExpExecArray | null;
  while ((m = re.exec(lineText)) !== null) {
    if (character < m.index || character > m.index + m[0].length) continue;
    const [, key, raw, kb] = m;
    const hugeCount = /^(hugepages_total|hugepages_free|hugepages_surp)$/.test(key);
    const bytes = hugeCount ? (Number.isFinite(hugeKb) ? Number(raw) * hugeKb * 1024 : undefined) : Number(raw) * (kb ? 1024 : pageSize);
    const vm = lookupKnowledge('oom-report', key) ?? lookupKnowledge('vmstat', `nr_${key}`) ?? lookupKnowledge('vmstat', key) ?? lookupKnowledge('memory-stat', key);
    const unit = hugeCount ? 'huge pages' : kb ? 'kB' : `pages of ${B(pageSize)}`;
    const head = bytes !== undefined ? `**${key}** at OOM time: **${B(bytes)}** (\`${raw}\` ${unit})` : `**${key}** at OOM time: \`${raw}\` ${unit}`;
    return vm ? [head, '', `*${vm.title}:* ${vm.what}`, '', '*mm/show_mem.c (Mem-Info)*'].join('\n') : [head, '', '*mm/show_mem.c (Mem-Info)*'].join('\n');
  }
  return undefined;
}

/** The vmstat column under the cursor, on a header line or a row, and the value in its unit. */
function vmstatTableHover(t: VmstatTable | undefined, line: number, lineText: string, character: number, _pageSize: number): { column: string; value?: string; start: number; end: number } | undefined {
  if (!t) return undefined;
  if (t.headerLines.includes(line)) {
    const m = [...lineText.matchAll(/\S+/g)].find((x) => character >= x.index! && character <= x.index! + x[0].length);
    return m && t.columns.includes(m[0]) ? { column: m[0], start: m.index!, end: m.index! + m[0].length } : undefined;
  }
  const row = t.samples.find((x) => x.line === line);
  if (!row) return undefined;
  const hit = (Object.entries(row.spans) as [string, Span][]).find(([, sp]) => character >= sp.start && character <= sp.end);
  if (!hit) return undefined;
  const [column, sp] = hit;
  const v = row.values[column];
  const unit = t.unitBytes === 1024 ? 'KiB' : t.unitBytes === 1_048_576 ? 'MiB' : t.unitBytes === 1000 ? 'kB' : 'MB';
  const sized = ['swpd', 'free', 'buff', 'cache', 'inact', 'active'].includes(column);
  const rate = column === 'si' || column === 'so';
  const text = sized ? `**${N(v)} ${unit}** = ${B(v * t.unitBytes)}${t.unitFrom === 'default' ? ' (KiB assumed: no vmstat command line with -S beside the table)' : ''}`
    : rate ? `**${N(v)} ${unit}/s** = ${B(v * t.unitBytes)}/s${row.sinceBoot ? ' · *first row: the average since boot*' : ''}`
    : column === 'bi' || column === 'bo' ? `**${N(v)} KiB/s**${row.sinceBoot ? ' · *first row: the average since boot*' : ''}`
    : ['us', 'sy', 'id', 'wa', 'st', 'gu'].includes(column) ? `**${v} %**` : `**${N(v)}**`;
  return { column, value: text, start: sp.start, end: sp.end };
}

/** The sar column under the cursor, on a header line or a row (its wrapped tail too), with the value. */
function sarHover(tables: SarTable[], line: number, lineText: string, character: number): { column: string; value?: string; start: number; end: number } | undefined {
  for (const t of tables) {
    if (t.headerLines.includes(line)) {
      const m = [...lineText.matchAll(/\S+/g)].find((x) => character >= x.index! && character <= x.index! + x[0].length);
      if (m && t.columns.includes(m[0])) return { column: m[0], start: m.index!, end: m.index! + m[0].length };
      continue;
    }
    for (const row of [...t.samples, ...(t.average ? [t.average] : [])]) {
      const hit = (Object.entries(row.spans) as [string, Span][]).find(([, sp]) => sp.line === line && character >= sp.start && character <= sp.end);
      if (!hit) continue;
      const [column, sp] = hit;
      const v = row.values[column];
      const text = /^kb/.test(column) ? `**${N(v)} KiB** = ${B(v * 1024)} at ${row.time}` : `**${v}** at ${row.time}`;
      return { column, value: text, start: sp.start, end: sp.end };
    }
  }
  return undefined;
}
