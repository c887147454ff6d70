/**
 * kmemlens fleet [--json] DIR|FILE... — one row per node snapshot, worst first. Files are analysed in
 * parallel on worker threads (one per core); each worker reads its files and sends back plain rows.
 * Exit: 0 rows printed, 2 usage error or no capture among the files.
 */
import { parseArgs } from 'node:util';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
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

export async function runFleet(args: string[], io: CliIO, workerEntry?: string): Promise<number> {
  let values: { json?: boolean; threads?: string }; let positionals: string[];
  try { ({ values, positionals } = parseArgs({ args, allowPositionals: true, strict: true, options: { json: { type: 'boolean' }, threads: { type: 'string' } } })); }
  catch (e) { io.stderr(`kmemlens: ${(e as Error).message}\n`); return 2; }
  if (!positionals.length) { io.stderr('kmemlens: fleet needs a DIR or FILE... of node snapshots\n'); return 2; }
  let files: string[];
  try { files = fleetFiles(positionals); } catch (e) { io.stderr(`kmemlens: ${(e as Error).message}\n`); return 2; }
  const threads = Math.max(1, Math.min(values.threads ? Number(values.threads) || 1 : availableParallelism(), files.length));
  const rows = sortFleet(workerEntry && threads > 1 ? await inWorkers(workerEntry, files, threads) : files.map(rowOfFile));
  if (!rows.some((r) => !r.error)) { io.stderr(`kmemlens: none of the ${files.length} files is a kernel memory capture\n`); return 2; }
  io.stdout(values.json ? JSON.stringify(rows, null, 2) + '\n' : renderFleet(rows));
  return 0;
}
