/**
 * kmemlens fleet [--json] DIR|FILE... — one row per node snapshot, worst first. Files are analysed in
 * parallel on worker threads (one per core); each worker reads its files and sends back plain rows.
 * kmemlens fleet --prometheus URL [--since 24h] [--step 5m] [--match RE] [--save DIR] — the same rows
 * for every node_exporter instance of a Prometheus server: each node's history is fetched as a series
 * snapshot (into DIR, or a temporary folder removed afterwards) and analysed the same way.
 * Exit: 0 rows printed, 2 usage error, a Prometheus error, or no capture among the files.
 */
import { parseArgs } from 'node:util';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { listTargets, nodeHistory, parseDuration, PrometheusError } from '../prometheus/history';
import { Worker } from 'node:worker_threads';
import { analyzeText, isCapture } from '../analysis/analyze';
import { fleetRow, renderFleet, sortFleet, type FleetRow } from '../report/fleet';
import type { CliIO } from './main';

/** Every regular, non-hidden file under the arguments (directories walked, sorted for a stable order). */
export function fleetFiles(paths: string[]): string[] {
  const out: string[] = [];
  const walk = (p: string) => {
    const st = statSync(p);
    if (st.isDirectory()) { for (const e of readdirSync(p).sort()) if (!e.startsWith('.')) walk(join(p, e)); }
    else if (st.isFile()) out.push(p);
  };
  for (const p of paths) walk(p);
  return out;
}

/** The row of one file (what a worker does for each file it is given). */
export function rowOfFile(file: string): FleetRow {
  let text: string;
  try { text = readFileSync(file, 'utf8'); } catch (e) { return { file, node: file, findings: 0, error: `cannot read: ${(e as Error).message}` }; }
  const a = analyzeText(text, { fileName: file });
  if (!isCapture(a.parsed)) return { file, node: file, findings: 0, error: 'not a kernel memory capture' };
  return fleetRow(file, a);
}

/** Splits the files over `threads` workers running `entry` (this CLI's own bundle), in order. */
function inWorkers(entry: string, files: string[], threads: number): Promise<FleetRow[]> {
  const parts: string[][] = Array.from({ length: threads }, () => []);
  files.forEach((f, i) => parts[i % threads].push(f));
  return Promise.all(parts.filter((p) => p.length).map((part) => new Promise<FleetRow[]>((resolve, reject) => {
    const w = new Worker(entry, { workerData: { kmemlensFleet: part } });
    w.once('message', (rows: FleetRow[]) => resolve(rows));
    w.once('error', reject);
    w.once('exit', (code) => { if (code !== 0) reject(new Error(`fleet worker exited with ${code}`)); });
  }))).then((r) => r.flat());
}

export const FLEET_USAGE = `  kmemlens fleet [--json] [--threads N] DIR|FILE...
                             one row per node snapshot, worst first (worker threads, one per core)
  kmemlens fleet --prometheus URL [--since 24h] [--step 5m] [--match REGEX] [--save DIR]
                 [--token-env NAME] [--json]
                             the same rows for every node_exporter instance of a Prometheus server
                             (--match: instances or node labels); --save keeps each node's history
`;

interface FleetValues { json?: boolean; threads?: string; prometheus?: string; since?: string; step?: string; match?: string; save?: string; 'token-env'?: string }

/** A file name for an instance (`10.0.3.17:9100` → `10.0.3.17_9100.txt`). */
export const instanceFile = (instance: string) => `${instance.replace(/[^\w.-]+/g, '_')}.txt`;

/** Every instance's history written into `dir`; returns file → the node's name (its node label, else the instance). Four requests at a time. */
async function fetchFleet(v: FleetValues, dir: string, io: CliIO): Promise<Map<string, string>> {
  const url = v.prometheus!;
  const token = io.env[v['token-env'] ?? 'KMEMLENS_PROMETHEUS_TOKEN'] || undefined;
  let targets = await listTargets({ url, token });
  if (v.match) { const re = new RegExp(v.match); targets = targets.filter((t) => re.test(t.instance) || (t.node !== undefined && re.test(t.node))); }
  const instances = targets.map((t) => t.instance);
  const nameOf = new Map(targets.map((t) => [t.instance, t.node ?? t.instance]));
  if (!instances.length) throw new PrometheusError(`Prometheus at ${url} has no node_exporter instance${v.match ? ` matching /${v.match}/` : ''} (no node_memory_MemTotal_bytes series)`);
  const since = parseDuration(v.since ?? '24h')!;
  const stepSeconds = parseDuration(v.step ?? '5m')! / 1000;
  const end = Date.now();
  const files = new Map<string, string>();
  let next = 0; let done = 0;
  const worker = async () => {
    while (next < instances.length) {
      const instance = instances[next++];
      const file = join(dir, instanceFile(instance));
      try {
        const { text } = await nodeHistory({ url, instance, start: end - since, end, stepSeconds, token });
        writeFileSync(file, text);
        files.set(file, nameOf.get(instance)!);
      } catch (e) {
        // One node without data must not hide the others: its row says why.
        if (!(e instanceof PrometheusError) || /refused|cannot reach/.test(e.message)) throw e;
        files.set(`!${nameOf.get(instance)}`, e.message);
      }
      io.stderr(`kmemlens: fetched ${++done} of ${instances.length} nodes\n`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(4, instances.length) }, worker));
  return files;
}

export async function runFleet(args: string[], io: CliIO, workerEntry?: string): Promise<number> {
  let values: FleetValues; let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args, allowPositionals: true, strict: true, options: {
      json: { type: 'boolean' }, threads: { type: 'string' }, prometheus: { type: 'string' }, since: { type: 'string' }, step: { type: 'string' },
      match: { type: 'string' }, save: { type: 'string' }, 'token-env': { type: 'string' },
    } }));
  } catch (e) { io.stderr(`kmemlens: ${(e as Error).message}\n\nUsage:\n${FLEET_USAGE}`); return 2; }
  const usage = (m: string) => { io.stderr(`kmemlens: ${m}\n\nUsage:\n${FLEET_USAGE}`); return 2; };
  let files: string[];
  let fromPrometheus: Map<string, string> | undefined;
  let temporary: string | undefined;
  if (values.prometheus !== undefined) {
    if (positionals.length) return usage('fleet takes either --prometheus URL or DIR|FILE..., not both');
    if (!/^https?:\/\//.test(values.prometheus)) return usage('--prometheus expects the http(s)://HOST:PORT of the Prometheus server');
    if (!parseDuration(values.since ?? '24h')) return usage(`--since expects a duration such as 30m, 24h or 7d, got "${values.since}"`);
    const step = parseDuration(values.step ?? '5m');
    if (!step || step < 1000) return usage(`--step expects a duration of a second or more, such as 1m or 5m, got "${values.step}"`);
    if (values.match !== undefined) { try { new RegExp(values.match); } catch (e) { return usage(`--match is not a regular expression: ${(e as Error).message}`); } }
    const dir = values.save ?? (temporary = mkdtempSync(join(tmpdir(), 'kmemlens-fleet-')));
    try {
      mkdirSync(dir, { recursive: true });
      fromPrometheus = await fetchFleet(values, dir, io);
    } catch (e) {
      if (temporary) rmSync(temporary, { recursive: true, force: true });
      if (e instanceof PrometheusError) { io.stderr(`kmemlens: ${e.message}\n`); return 2; }
      io.stderr(`kmemlens: ${(e as Error).message}\n`); return 2;
    }
    files = [...fromPrometheus.keys()].filter((f) => !f.startsWith('!'));
  } else {
    if (values.since || values.step || values.match || values.save || values['token-env']) return usage('--since, --step, --match, --save and --token-env go with --prometheus URL');
    if (!positionals.length) return usage('fleet needs a DIR or FILE... of node snapshots');
    try { files = fleetFiles(positionals); } catch (e) { io.stderr(`kmemlens: ${(e as Error).message}\n`); return 2; }
  }
  const threads = Math.max(1, Math.min(values.threads ? Number(values.threads) || 1 : availableParallelism(), files.length));
  let rows = workerEntry && threads > 1 ? await inWorkers(workerEntry, files, threads) : files.map(rowOfFile);
  if (fromPrometheus) {
    // The node is the instance; a fetched file is the row's file only when it is kept.
    rows = rows.map((r) => ({ ...r, node: fromPrometheus!.get(r.file) ?? r.node, file: temporary ? `prometheus:${fromPrometheus!.get(r.file)}` : r.file }));
    for (const [k, why] of fromPrometheus) if (k.startsWith('!')) rows.push({ file: `prometheus:${k.slice(1)}`, node: k.slice(1), findings: 0, error: why });
    if (temporary) rmSync(temporary, { recursive: true, force: true });
  }
  rows = sortFleet(rows);
  if (!rows.some((r) => !r.error)) { io.stderr(`kmemlens: none of the ${rows.length} ${fromPrometheus ? 'nodes has data' : 'files is a kernel memory capture'}\n`); return 2; }
  io.stdout(values.json ? JSON.stringify(rows, null, 2) + '\n' : renderFleet(rows));
  return 0;
}
