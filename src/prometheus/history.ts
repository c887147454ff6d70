/**
 * A node's history from a Prometheus server (issue 12 §2): range queries over the HTTP API
 * (/api/v1/query_range), written as the series snapshot the tool already reads — a `date -Is`
 * line and `==> /proc/meminfo <==` / `==> /proc/vmstat <==` blocks per step — so the Trends tab
 * and the series rules work on it unchanged. Node APIs (fetch) live here, not in the pure core.
 *
 * Prometheus returns at most 11 000 points per series per query (web/api/v1/api.go): long ranges
 * are fetched in chunks of CHUNK_POINTS steps. The bearer token is sent, never written out.
 */
import { meminfoKey } from '../formats/prometheus';

export interface HistoryOptions {
  url: string;
  instance: string;
  /** Range end (default now) and start, in ms since the epoch. */
  end?: number;
  start: number;
  stepSeconds: number;
  token?: string;
  /** Called after each chunk: done of total. */
  progress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

export class PrometheusError extends Error {}

const CHUNK_POINTS = 10_000;
const SELECTOR = (instance: string) => `{__name__=~"node_memory_.+|node_vmstat_.+",instance=${JSON.stringify(instance)}}`;

interface RangeResult { metric: Record<string, string>; values: [number, string][] }

async function get(o: Pick<HistoryOptions, 'url' | 'token' | 'signal'>, path: string, params: Record<string, string>): Promise<unknown> {
  const u = new URL(path, o.url.endsWith('/') ? o.url : `${o.url}/`);
  for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
  let r: Response;
  try {
    r = await fetch(u, { headers: o.token ? { Authorization: `Bearer ${o.token}` } : {}, signal: o.signal });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw new PrometheusError('cancelled');
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    throw new PrometheusError(`cannot reach Prometheus at ${o.url}: ${cause?.code ?? cause?.message ?? (e as Error).message}`);
  }
  if (r.status === 401 || r.status === 403) throw new PrometheusError(`Prometheus at ${o.url} refused the request (${r.status} ${r.statusText}): give a bearer token (KMEMLENS_PROMETHEUS_TOKEN, or the kmemlens.prometheus.tokenEnv setting)`);
  let body: { status?: string; data?: unknown; error?: string };
  try { body = await r.json() as typeof body; } catch { throw new PrometheusError(`${u.origin} answered ${r.status} with something that is not the Prometheus API (is the URL right?)`); }
  if (!r.ok || body.status !== 'success') throw new PrometheusError(`Prometheus at ${o.url} answered ${r.status}: ${body.error ?? 'error'}`);
  return body.data;
}

/** The values of the `instance` label that have node_exporter memory metrics (the node picker). */
export async function listInstances(o: Pick<HistoryOptions, 'url' | 'token' | 'signal'>): Promise<string[]> {
  const data = await get(o, 'api/v1/label/instance/values', { 'match[]': 'node_memory_MemTotal_bytes' });
  return (data as string[]).slice().sort();
}

/** Labels a scrape config commonly gives the node's name (Kubernetes service discovery relabelling, static labels). */
const NODE_LABELS = ['node', 'kubernetes_node', 'nodename', 'hostname', 'host'];

export interface Target { instance: string; node?: string }

/** Each instance with node_exporter memory metrics, and the node name its labels give (the picker shows both). */
export async function listTargets(o: Pick<HistoryOptions, 'url' | 'token' | 'signal'>): Promise<Target[]> {
  const data = await get(o, 'api/v1/series', { 'match[]': 'node_memory_MemTotal_bytes', start: String(Date.now() / 1000 - 86400) }) as Record<string, string>[];
  const byInstance = new Map<string, Target>();
  for (const labels of data) {
    if (!labels.instance) continue;
    const node = NODE_LABELS.map((k) => labels[k]).find(Boolean);
    const t = byInstance.get(labels.instance) ?? { instance: labels.instance };
    if (node && !t.node) t.node = node;
    byInstance.set(labels.instance, t);
  }
  return [...byInstance.values()].sort((a, b) => a.instance.localeCompare(b.instance));
}

/** An instance, or a node name a target's labels give, to the instance. */
export async function resolveInstance(o: Pick<HistoryOptions, 'url' | 'token' | 'signal'>, name: string): Promise<string> {
  const targets = await listTargets(o);
  if (targets.some((t) => t.instance === name)) return name;
  const byNode = targets.filter((t) => t.node === name);
  if (byNode.length === 1) return byNode[0].instance;
  if (byNode.length > 1) throw new PrometheusError(`node ${JSON.stringify(name)} has ${byNode.length} node_exporter instances (${byNode.map((t) => t.instance).join(', ')}): give one with --instance`);
  return name;
}

/** /proc/meminfo's own first lines first (fs/proc/meminfo.c order), then the rest by name. */
const FIRST = ['MemTotal', 'MemFree', 'MemAvailable', 'Buffers', 'Cached', 'SwapCached', 'Active', 'Inactive', 'Active(anon)', 'Inactive(anon)', 'Active(file)', 'Inactive(file)'];
const rank = (k: string) => { const i = FIRST.indexOf(k); return i < 0 ? FIRST.length : i; };


/** Fetches the range and writes the series snapshot text. Throws PrometheusError with a clear message. */
export async function nodeHistory(o: HistoryOptions): Promise<{ text: string; points: number }> {
  const end = o.end ?? Date.now();
  if (!(o.stepSeconds > 0)) throw new PrometheusError('the step must be a positive number of seconds');
  if (!(o.start < end)) throw new PrometheusError('the range is empty: its start is not before its end');
  const stepMs = o.stepSeconds * 1000;
  const chunks: [number, number][] = [];
  for (let t = o.start; t <= end; t += CHUNK_POINTS * stepMs) chunks.push([t, Math.min(end, t + (CHUNK_POINTS - 1) * stepMs)]);
  // ts (s) → meminfo lines and vmstat lines.
  const byTime = new Map<number, { mem: Map<string, number>; vm: Map<string, number> }>();
  for (let i = 0; i < chunks.length; i++) {
    const [a, b] = chunks[i];
    const data = await get(o, 'api/v1/query_range', { query: SELECTOR(o.instance), start: String(a / 1000), end: String(b / 1000), step: String(o.stepSeconds) }) as { result: RangeResult[] };
    // The target's own labels (job, instance, and any a scrape config adds, such as `node`) are those of
    // MemTotal; a series with more (per-NUMA-node meminfo, per-device series) is not the node's total.
    const targetLabels = data.result.find((s) => s.metric.__name__ === 'node_memory_MemTotal_bytes')?.metric;
    const labelCount = targetLabels ? Object.keys(targetLabels).length : 3;
    for (const s of data.result) {
      const name = s.metric.__name__ ?? '';
      if (name.startsWith('node_memory_numa_')) continue;
      if (Object.keys(s.metric).length !== labelCount || (targetLabels && Object.entries(s.metric).some(([k, v]) => k !== '__name__' && targetLabels[k] !== v))) continue;
      for (const [ts, v] of s.values) {
        let at = byTime.get(ts);
        if (!at) { at = { mem: new Map(), vm: new Map() }; byTime.set(ts, at); }
        const value = Number(v);
        if (!Number.isFinite(value)) continue;
        const bytes = /^node_memory_(.+)_bytes$/.exec(name);
        if (bytes) at.mem.set(meminfoKey(bytes[1]), value);
        else if (name.startsWith('node_memory_')) at.mem.set(name.slice('node_memory_'.length), value);
        else if (name.startsWith('node_vmstat_')) at.vm.set(name.slice('node_vmstat_'.length), value);
      }
    }
    o.progress?.(i + 1, chunks.length);
  }
  if (!byTime.size) {
    const known = await listInstances(o).catch((): string[] => []);
    throw new PrometheusError(known.includes(o.instance)
      ? `no node_memory_* samples for instance ${o.instance} in that range`
      : `unknown instance ${JSON.stringify(o.instance)}: Prometheus has node_exporter memory metrics for ${known.length ? known.slice(0, 10).join(', ') + (known.length > 10 ? ', …' : '') : 'no instance at all'}`);
  }
  const out: string[] = [];
  for (const ts of [...byTime.keys()].sort((x, y) => x - y)) {
    const at = byTime.get(ts)!;
    out.push('$ date -Is', new Date(ts * 1000).toISOString().replace(/\.\d{3}Z$/, '+00:00'), '$ tail -n +1 /proc/meminfo /proc/vmstat', '==> /proc/meminfo <==');
    // node_exporter multiplied kB lines by 1024; HugePages_* are counts.
    for (const [k, v] of [...at.mem].sort((x, y) => rank(x[0]) - rank(y[0]) || x[0].localeCompare(y[0]))) out.push(/^HugePages_/.test(k) ? `${k}: ${v}` : `${k}: ${Math.round(v / 1024)} kB`);
    out.push('', '==> /proc/vmstat <==');
    for (const [k, v] of at.vm) out.push(`${k} ${v}`);
    out.push('');
  }
  return { text: out.join('\n'), points: byTime.size };
}

/** `24h`, `90m`, `7d`, `30s` → ms. */
export function parseDuration(s: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$/.exec(s.trim());
  if (!m) return undefined;
  return Number(m[1]) * { ms: 1, s: 1e3, m: 6e4, h: 3.6e6, d: 8.64e7, w: 6.048e8 }[m[2] as 'ms'];
}
