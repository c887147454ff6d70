/**
 * Prometheus text exposition (and OpenMetrics) as a capture (issue 12 §1): what
 * `curl node:9100/metrics` prints. node_exporter's memory and vmstat collectors are
 * /proc/meminfo and /proc/vmstat in metric form, so their samples are read back into
 * meminfo and vmstat sections (variant `prometheus`) and the same rules run on them.
 *
 * - node_memory_<Key>_bytes is the meminfo line <Key> × 1024 (node_exporter
 *   collector/meminfo_linux.go: `(` becomes `_`, `)` is dropped, kB lines get `_bytes`);
 *   HugePages_* are counts.
 * - node_vmstat_<key> is the vmstat line (collector/vmstat_linux.go; by default only
 *   pgfault, pgmajfault, pgpgin, pgpgout, pswpin, pswpout and oom_kill are exported).
 * - OpenMetrics (prometheus.io/docs/specs/om/open_metrics_spec): `# EOF` ends the exposition,
 *   `# UNIT` lines, exemplars after ` # `, timestamps in seconds; a counter family `x` has
 *   samples `x_total` and `x_created` (the latter a start time, not a value to read).
 */
import type { Field, K8sMemoryStats, KeyValueSection, KubeletSummarySection, Problem, Span, SummaryPod } from '../model';
import { LineTable, type LineSource } from './lines';

export interface PromBlock { start: number; end: number; headerLine?: number }

const NUMBER = String.raw`-?(?:\d+(?:\.\d*)?(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?|[-+]?Inf|NaN)`;
/** name{labels} value [timestamp] [# {exemplar labels} value [timestamp]] */
const SAMPLE = new RegExp(String.raw`^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(${NUMBER})(?:\s+-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)?(?:\s+#\s+\{[^}]*\}\s+${NUMBER}(?:\s+\S+)?)?\s*$`);
const COMMENT = /^# (?:HELP|TYPE|UNIT|EOF)\b/;

const USEFUL = /^(?:# (?:HELP|TYPE) )?(?:node_(?:memory|vmstat|pressure)_|container_memory_)/;

const isExpositionLine = (t: string) => (t.charCodeAt(0) === 35 /* # */ ? COMMENT.test(t) : SAMPLE.test(t));

/** Runs of exposition lines that hold node_exporter memory or vmstat samples. */
export function findPrometheusBlocks(lines: LineSource): PromBlock[] {
  const out: PromBlock[] = [];
  // A whole text without `# HELP`, `# TYPE` or a metric name at a line start has no exposition.
  if (lines instanceof LineTable && !(lines.text.includes('# HELP ') || lines.text.includes('# TYPE ') || /(?:^|\n)(?:node|container)_/.test(lines.text))) return out;
  for (let i = 0; i < lines.length; i++) {
    const t = lines.get(i);
    // Cheap first: exposition starts with `# HELP`/`# TYPE` or a metric name at column 0.
    if (!(t.startsWith('# HELP ') || t.startsWith('# TYPE ') || t.startsWith('node_') || t.startsWith('container_'))) continue;
    if (!isExpositionLine(t)) continue;
    let end = i;
    let useful = USEFUL.test(t);
    while (end + 1 < lines.length && !lines.get(end).startsWith('# EOF')) {
      const n = lines.get(end + 1);
      if (!n.trim() || !isExpositionLine(n)) break;
      end++;
      if (!useful && USEFUL.test(n)) useful = true;
    }
    if (useful && end > i) out.push({ start: i, end });
    i = end;
  }
  return out;
}

/** node_exporter's metric stem → the meminfo key (`Active_anon` → `Active(anon)`; the only keys with parentheses). */
export const meminfoKey = (name: string) => name.replace(/^(Active|Inactive)_(anon|file)$/, '$1($2)');

export interface PromResult { sections: (Omit<KeyValueSection, 'index'> | Omit<KubeletSummarySection, 'index'>)[]; problems: Problem[] }

/** `{a="b",c="d\\"e"}` → labels (Prometheus text format escapes: \\, \", \n). */
function labelsOf(text: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!text) return out;
  for (const m of text.matchAll(/([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"/g)) out[m[1]] = m[2].replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
  return out;
}

/** cAdvisor metric → the Summary API memory key it stands for (the kubelet fills the Summary from cAdvisor). */
const CADVISOR: Record<string, keyof K8sMemoryStats> = {
  container_memory_working_set_bytes: 'workingSetBytes', container_memory_rss: 'rssBytes', container_memory_usage_bytes: 'usageBytes',
};

/** The meminfo and vmstat samples of one block, as sections with the exposition's own lines and spans. */
export function parsePrometheus(lines: LineSource, b: PromBlock): PromResult {
  const mem: Field[] = [];
  const vm: Field[] = [];
  const problems: Problem[] = [];
  let hugeSize: number | undefined;
  // cAdvisor's per-container series (the kubelet's /metrics/cadvisor): pods, their containers and the node's root cgroup.
  const pods = new Map<string, SummaryPod>();
  let nodeMem: K8sMemoryStats | undefined;
  let psiSaid = false;
  // OpenMetrics counter families: their `_total` sample is the value, `_created` is skipped.
  const counters = new Set<string>();
  for (let n = b.start; n <= b.end; n++) {
    const t = lines.get(n);
    if (t.startsWith('# TYPE ')) { const m = /^# TYPE (\S+) counter\s*$/.exec(t); if (m) counters.add(m[1]); continue; }
    if (t.startsWith('container_')) { cadvisorSample(t, n); continue; }
    if (t.startsWith('node_pressure_') && !psiSaid) {
      psiSaid = true;
      problems.push({ line: n, severity: 'info', message: 'node_exporter exports PSI as totals of stalled seconds, not the avg10/avg60 the kernel prints: one scrape gives no rate. Two scrapes give one (rate(node_pressure_memory_stalled_seconds_total[1m])), and the exported alert rules use it.' });
    }
    if (!t.startsWith('node_memory_') && !t.startsWith('node_vmstat_')) continue;
    const m = SAMPLE.exec(t);
    if (!m) continue;
    if (m[2]) continue; // labelled series (numa node, …) are not the node's totals
    const suffix = /_(total|created)$/.exec(m[1]);
    if (suffix && counters.has(m[1].slice(0, -suffix[0].length)) && suffix[1] === 'created') continue;
    const fullName = m[1];
    const name = suffix?.[1] === 'total' && counters.has(fullName.slice(0, -6)) ? fullName.slice(0, -6) : fullName;
    const value = Number(m[3]);
    const keySpan: Span = { line: n, start: 0, end: fullName.length };
    const vStart = t.indexOf(m[3], fullName.length);
    const valueSpan: Span = { line: n, start: vStart, end: vStart + m[3].length };
    if (!Number.isFinite(value)) { problems.push({ line: n, start: valueSpan.start, end: valueSpan.end, severity: 'warning', message: `${name} is ${m[3]}: not a size the rules can read.` }); continue; }
    if (name.startsWith('node_memory_')) {
      const bytesName = /^node_memory_(.+)_bytes$/.exec(name)?.[1];
      const key = meminfoKey(bytesName ?? name.slice('node_memory_'.length));
      if (key === 'Hugepagesize') hugeSize = value;
      mem.push(bytesName
        ? { key, raw: m[3], value, unit: 'bytes', bytes: value, line: n, keySpan, valueSpan }
        : { key, raw: m[3], value, unit: /^HugePages_/.test(key) ? 'hugepages' : 'count', line: n, keySpan, valueSpan });
    } else {
      vm.push({ key: name.slice('node_vmstat_'.length), raw: m[3], value, unit: 'count', line: n, keySpan, valueSpan });
    }
  }
  function cadvisorSample(t: string, n: number): void {
    const m = SAMPLE.exec(t);
    if (!m) return;
    const key = CADVISOR[m[1]];
    const isLimit = m[1] === 'container_spec_memory_limit_bytes';
    if (!key && !isLimit) return;
    const l = labelsOf(m[2]);
    const value = Number(m[3]);
    if (!Number.isFinite(value)) return;
    const vStart = t.lastIndexOf(m[3]);
    const span: Span = { line: n, start: vStart, end: vStart + m[3].length };
    if (l.id === '/' && key) {
      nodeMem ??= { line: n, spans: {} };
      (nodeMem as unknown as Record<string, number>)[key] = value;
      nodeMem.spans[key] = span;
      return;
    }
    const container = l.container ?? l.container_name;
    const podName = l.pod ?? l.pod_name;
    if (!podName || !container || container === 'POD') return;
    const podKey = `${l.namespace ?? ''}/${podName}`;
    let pod = pods.get(podKey);
    if (!pod) { pod = { name: podName, namespace: l.namespace, line: n, containers: [] }; pods.set(podKey, pod); }
    let c = pod.containers.find((x) => x.name === container);
    if (!c) { c = { name: container, line: n }; pod.containers.push(c); }
    if (isLimit) { if (value > 0) { c.limitBytes = value; c.limitLine = n; } return; }
    c.memory ??= { line: n, spans: {} };
    (c.memory as unknown as Record<string, number>)[key] = value;
    c.memory.spans[key] = span;
  }
  // Huge page counts in bytes need the default size, which node_exporter exports as Hugepagesize_bytes.
  if (hugeSize) for (const f of mem) if (f.unit === 'hugepages') f.bytes = f.value * hugeSize;
  const section = (kind: 'meminfo' | 'vmstat', fields: Field[]): Omit<KeyValueSection, 'index'> => {
    const byKey: Record<string, Field> = {};
    for (const f of fields) if (!byKey[f.key]) byKey[f.key] = f;
    return { kind, variant: 'prometheus', source: kind === 'meminfo' ? 'node_exporter node_memory_*' : 'node_exporter node_vmstat_*', startLine: fields[0].line, endLine: fields[fields.length - 1].line, detectedBy: 'content', fields, byKey };
  };
  const sections: PromResult['sections'] = [];
  if (mem.length) sections.push(section('meminfo', mem));
  if (vm.length) sections.push(section('vmstat', vm));
  if (pods.size || nodeMem) {
    const all = [...pods.values()];
    const lines = [...all.map((p) => p.line), nodeMem?.line ?? Infinity];
    const start = Math.min(...lines);
    const end = Math.max(...all.flatMap((p) => p.containers.flatMap((c) => [c.line, c.memory?.line ?? 0, c.limitLine ?? 0])), nodeMem?.line ?? 0);
    const summary: Omit<KubeletSummarySection, 'index'> = { kind: 'kubelet-summary', variant: 'cadvisor', source: 'cAdvisor container_memory_*', startLine: start, endLine: end, detectedBy: 'content', ...(nodeMem ? { node: nodeMem } : {}), systemContainers: [], pods: all };
    sections.push(summary);
  }
  return { sections, problems };
}

/** The PromQL for a field read from node_exporter, for hovers. */
export function metricOf(kind: string, key: string): string | undefined {
  if (kind === 'meminfo') return `node_memory_${key.replace('(', '_').replace(')', '')}${/^HugePages_/.test(key) ? '' : '_bytes'}`;
  if (kind === 'vmstat') return `node_vmstat_${key}`;
  return undefined;
}
