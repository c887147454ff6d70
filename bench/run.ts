/**
 * `npm run bench`: measures the targets of the "Speed and toughness" issue on
 * this machine and prints each median beside its target and its reference,
 * measured in the same run. Writes bench/results.json. Not a test: it asserts
 * nothing; it reports.
 *
 * Options: --quick (smaller inputs, fewer runs; for a smoke check), --only=a,b
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { getLanguageService } from 'vscode-json-languageservice';
import { TextDocument } from 'vscode-languageserver-textdocument';
import * as esbuild from 'esbuild';
import { LspTestClient, waitFor } from '../test/server/lspClient';
import { daySeries, jsonOfSize } from './inputs';
import { measureViewerRender } from './viewer';

/**
 * The core is measured as it ships: bundled by esbuild (tsx, which runs this
 * script, adds keepNames wrappers that cost a third of the time in hot loops).
 */
function loadBundledCore(): typeof import('../src/analysis/analyze') {
  const out = path.join(__dirname, '.inputs', 'core.cjs');
  mkdirSync(path.dirname(out), { recursive: true });
  esbuild.buildSync({ entryPoints: [path.join(__dirname, '..', 'src', 'analysis', 'analyze.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', minify: true, outfile: out, logLevel: 'error' });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(out);
}
const { analyzeText } = loadBundledCore();

const quick = process.argv.includes('--quick');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7).split(',');
const want = (name: string) => !only || only.includes(name);
const ROOT = path.resolve(__dirname, '..');
const INPUTS = path.join(__dirname, '.inputs');

interface Row { name: string; input: string; value: number; unit: string; target: string; met: boolean | null; reference?: string; note?: string }
const rows: Row[] = [];
const raw: Record<string, unknown> = {};

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor((s.length - 1) / 2)]; };
const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]; };
const MB = (n: number) => n / 1e6;
const time = (fn: () => void) => { const t = performance.now(); fn(); return performance.now() - t; };
function runs(n: number, fn: () => void): number[] { const out: number[] = []; for (let i = 0; i < n; i++) out.push(time(fn)); return out; }
function row(r: Row) { rows.push(r); console.log(`${r.met === null ? '·' : r.met ? '✓' : '✗'} ${r.name} [${r.input}]: ${r.value.toFixed(r.value < 10 ? 2 : 1)} ${r.unit}  (target ${r.target}${r.reference ? `; ${r.reference}` : ''})${r.note ? `  — ${r.note}` : ''}`); }

function input(name: string, make: () => string): { file: string; text: string } {
  mkdirSync(INPUTS, { recursive: true });
  const file = path.join(INPUTS, name);
  if (!existsSync(file)) writeFileSync(file, make());
  return { file, text: readFileSync(file, 'utf8') };
}

/** Reference: read the file, split lines, parse one integer per line. */
function baseline(file: string): number {
  const text = readFileSync(file, 'utf8');
  let sum = 0;
  for (const line of text.split('\n')) {
    let i = line.length - 1;
    while (i >= 0 && (line.charCodeAt(i) < 48 || line.charCodeAt(i) > 57)) i--;
    let j = i;
    while (j >= 0 && line.charCodeAt(j) >= 48 && line.charCodeAt(j) <= 57) j--;
    if (i >= 0) sum += parseInt(line.slice(j + 1, i + 1), 10);
  }
  return sum;
}

function core(): void {
  const n = quick ? 1 : 3;
  const json = getLanguageService({});
  for (const [label, minutes] of [['1 day', 1440], ['1 week', 10080]] as const) {
    if (quick && minutes > 1440) continue;
    const { file, text } = input(`series-${minutes}.txt`, () => daySeries(minutes));
    const bytes = Buffer.byteLength(text);
    const ours = median(runs(minutes > 1440 ? Math.min(n, 2) : n, () => analyzeText(readFileSync(file, 'utf8'), { fileName: file })));
    const base = median(runs(n, () => baseline(file)));
    const jsonText = jsonOfSize(bytes);
    const jsonMs = median(runs(minutes > 1440 ? 1 : n, () => json.parseJSONDocument(TextDocument.create('file:///x.json', 'json', 1, jsonText))));
    const tp = MB(bytes) / (ours / 1000); const tpBase = MB(bytes) / (base / 1000); const tpJson = MB(bytes) / (jsonMs / 1000);
    raw[`core-${minutes}`] = { bytes, oursMs: ours, baselineMs: base, jsonMs };
    row({ name: 'core throughput vs baseline', input: `${label}, ${MB(bytes).toFixed(1)} MB`, value: tp / tpBase, unit: '× baseline', target: '≥ 0.5 ×', met: tp / tpBase >= 0.5, reference: `ours ${tp.toFixed(1)} MB/s, baseline ${tpBase.toFixed(1)} MB/s` });
    row({ name: 'core throughput vs vscode-json-languageservice', input: `${label}, ${MB(bytes).toFixed(1)} MB`, value: tp / tpJson, unit: '× JSON parse', target: '≥ 2 ×', met: tp >= 2 * tpJson, reference: `JSON ${tpJson.toFixed(1)} MB/s` });
  }
  // Growth: 1×, 4×, 16× the day series.
  const factors = quick ? [1, 2, 4] : [1, 4, 16];
  const times: number[] = [];
  for (const f of factors) {
    const { text } = input(`series-${1440 * f}.txt`, () => daySeries(1440 * f));
    times.push(median(runs(f >= 16 ? 2 : n, () => analyzeText(text))));
  }
  raw.growth = { factors, ms: times };
  for (let i = 1; i < factors.length; i++) {
    const predicted = times[0] * factors[i];
    row({ name: 'core cost growth', input: `${factors[i]}× day vs 1×`, value: times[i] / predicted, unit: '× linear prediction', target: '≤ 1.3 ×', met: times[i] / predicted <= 1.3, reference: `${times[i].toFixed(0)} ms vs ${predicted.toFixed(0)} ms predicted` });
  }
}

/**
 * Hostile inputs stay linear too: each fixture of fixtures/hostile repeated 4× and 16×
 * (the first copy can be read differently from the rest, so both sizes hold several).
 */
function hostile(): void {
  const dir = path.join(ROOT, 'fixtures', 'hostile');
  for (const name of ['one-5mb-line.txt', 'ten-thousand-headers.txt', 'binary-junk.meminfo', 'script-names.slabinfo']) {
    const base = readFileSync(path.join(dir, name), 'utf8');
    const few = base.repeat(4);
    const many = base.repeat(16);
    analyzeText(many, { fileName: name }); // warm up: these inputs take milliseconds, JIT would dominate
    const t4 = median(runs(quick ? 3 : 9, () => analyzeText(few, { fileName: name })));
    const t16 = median(runs(quick ? 3 : 9, () => analyzeText(many, { fileName: name })));
    const ratio = t16 / Math.max(0.05, 4 * t4);
    row({ name: 'hostile input cost growth', input: `${name}, 16× vs 4×`, value: ratio, unit: '× linear prediction', target: '≤ 1.3 ×', met: ratio <= 1.3, reference: `${t4.toFixed(1)} ms → ${t16.toFixed(1)} ms` });
  }
}

async function server(): Promise<void> {
  // Diagnostics after open: 1 MB and 10 MB (--only=server-open; the 10 MB one also measures hovers).
  for (const [label, minutes] of want('server') || want('server-open') ? [['1 MB', 182], ['10 MB', 1800]] as const : []) {
    const { text } = input(`series-${minutes}.txt`, () => daySeries(minutes));
    const c = await LspTestClient.start({ settings: { debounceMs: 0 } });
    try {
      const ms: number[] = [];
      for (let i = 0; i < (quick ? 2 : 5); i++) {
        const uri = `file:///bench/open-${minutes}-${i}.txt`;
        const before = c.diagnostics.length;
        const t = performance.now();
        await c.open(uri, text);
        await waitFor(() => c.diagnostics.slice(before).find((d) => d.uri === uri), 'diagnostics', 60000, 1);
        ms.push(performance.now() - t);
        await c.close(uri);
      }
      const target = minutes < 1000 ? 50 : 500;
      row({ name: 'server: didOpen → publishDiagnostics', input: `${label} (${MB(text.length).toFixed(1)} MB)`, value: median(ms), unit: 'ms (median)', target: `< ${target} ms`, met: median(ms) < target });
      if (minutes > 1000) {
        // Hover on random fields of the 10 MB document, over stdio.
        const uri = 'file:///bench/hover.txt';
        const before = c.diagnostics.length;
        await c.open(uri, text);
        await waitFor(() => c.diagnostics.slice(before).find((d) => d.uri === uri), 'diagnostics', 60000, 1);
        const lines = text.split('\n');
        const targets: number[] = [];
        for (let i = 0; i < lines.length && targets.length < 4000; i += 7) if (/^[A-Za-z_]+[:\s]/.test(lines[i])) targets.push(i);
        const h: number[] = [];
        let seed = 7;
        for (let k = 0; k < (quick ? 200 : 1000); k++) {
          seed = (seed * 1103515245 + 12345) & 0x7fffffff;
          const line = targets[seed % targets.length];
          const t = performance.now();
          const r = await c.request('textDocument/hover', { textDocument: { uri }, position: { line, character: 2 } });
          h.push(performance.now() - t);
          if (!r) throw new Error(`no hover on line ${line}: ${lines[line]}`);
        }
        raw.hover = { n: h.length, p50: pct(h, 50), p99: pct(h, 99) };
        row({ name: 'server: hover p50', input: '10 MB series', value: pct(h, 50), unit: 'ms', target: '< 1 ms', met: pct(h, 50) < 1 });
        row({ name: 'server: hover p99', input: '10 MB series', value: pct(h, 99), unit: 'ms', target: '< 5 ms', met: pct(h, 99) < 5 });
      }
    } finally { await c.stop(); }
  }

  // One-character edits on a 100 KB document, debounce 0 (--only=server-edit).
  if (want('server') || want('server-edit')) {
    const { text } = input('series-18.txt', () => daySeries(18));
    const c = await LspTestClient.start({ settings: { debounceMs: 0 } });
    try {
      const uri = 'file:///bench/edit.txt';
      await c.open(uri, text);
      await c.waitForPublish(uri, () => true, 'first diagnostics', 10000);
      const ms: number[] = [];
      for (let i = 0; i < (quick ? 50 : 300); i++) {
        const before = c.diagnostics.length;
        const t = performance.now();
        const v = await c.change(uri, [{ range: { start: { line: 1 + (i % 40), character: 0 }, end: { line: 1 + (i % 40), character: 0 } }, text: i % 2 ? '' : ' ' }]);
        await waitFor(() => c.diagnostics.slice(before).find((d) => d.uri === uri && d.version === v), 'edit diagnostics', 10000, 1);
        ms.push(performance.now() - t);
      }
      raw.edit = { bytes: text.length, p50: pct(ms, 50), p99: pct(ms, 99) };
      row({ name: 'server: edit → diagnostics p99', input: `${(text.length / 1024).toFixed(0)} KB document`, value: pct(ms, 99), unit: 'ms', target: '< 30 ms', met: pct(ms, 99) < 30, reference: `p50 ${pct(ms, 50).toFixed(1)} ms` });
    } finally { await c.stop(); }
  }

  // Resident memory with a 70 MB series open (--only=server-memory).
  const memory = !quick && (want('server') || want('server-memory'));
  if (memory) {
    // What the analysis itself keeps (after a full GC), separate from transport and heap high-water mark.
    const { file } = input('series-12600.txt', () => daySeries(12600));
    const svc = path.join(INPUTS, 'service.cjs');
    esbuild.buildSync({ entryPoints: [path.join(ROOT, 'src', 'index.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', minify: true, outfile: svc, logLevel: 'error' });
    const r = JSON.parse(execFileSync(process.execPath, ['--expose-gc', path.join(__dirname, 'retained.cjs'), svc, file], { encoding: 'utf8', maxBuffer: 1 << 20 }));
    raw.retained = r;
    row({ name: 'core: heap kept by an analysed document', input: `${MB(r.textBytes).toFixed(0)} MB series (text not counted)`, value: r.retainedBytes / r.textBytes, unit: '× document size', target: 'reported (part of the 4 × budget)', met: null, reference: `${(r.retainedBytes / 2 ** 20).toFixed(0)} MiB for ${r.sections} sections` });
  }
  if (memory) {
    const { text } = input('series-12600.txt', () => daySeries(12600));
    const c = await LspTestClient.start({ settings: {} });
    try {
      const uri = 'file:///bench/big.txt';
      await c.open(uri, text);
      await c.waitForPublish(uri, () => true, 'diagnostics on 70 MB', 180000);
      const rssOf = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${c.child.pid}/status`, 'utf8'))![1]);
      const atPublish = rssOf();
      // Then the document sits open: the server gives the parse's pages back once it is idle (extension/server/memory.ts).
      const samples: number[] = [];
      for (let i = 0; i < 12; i++) { await new Promise((r) => setTimeout(r, 250)); samples.push(Math.round(rssOf() / 1024)); }
      const rssKb = rssOf();
      const ratio = (rssKb * 1024) / text.length;
      raw.memory = { bytes: text.length, rssBytes: rssKb * 1024, rssAtPublishBytes: atPublish * 1024, rssMiBEvery250ms: samples };
      row({ name: 'server: resident memory', input: `${MB(text.length).toFixed(0)} MB series open`, value: ratio, unit: '× document size', target: '< 4 ×', met: ratio < 4, reference: `RSS ${(rssKb / 1024).toFixed(0)} MiB 3 s after the diagnostics, ${(atPublish / 1024).toFixed(0)} MiB (${((atPublish * 1024) / text.length).toFixed(1)} ×) when they arrive` });
    } finally { await c.stop(); }
  }
}

/**
 * kmemlens fleet on 1 000 node snapshots of about 200 KB each (issue 12 §4), through the bundled CLI on
 * worker threads (one per core), beside the same run on one thread.
 */
function fleet(): void {
  const n = quick ? 100 : 1000;
  const dir = path.join(INPUTS, `fleet-${n}`);
  if (!existsSync(path.join(dir, `node-${n - 1}.txt`))) {
    mkdirSync(dir, { recursive: true });
    for (let i = 0; i < n; i++) writeFileSync(path.join(dir, `node-${i}.txt`), daySeries(36, i + 1));
  }
  const bytes = readdirSync(dir).reduce((t, f) => t + statSync(path.join(dir, f)).size, 0);
  const cli = path.join(ROOT, 'dist', 'cli.js');
  const run = (threads: number) => time(() => { execFileSync(process.execPath, [cli, 'fleet', '--json', '--threads', String(threads), dir], { maxBuffer: 1 << 28 }); });
  const all = median(runs(quick ? 1 : 2, () => run(os.availableParallelism())));
  const one = median(runs(1, () => run(1)));
  raw.fleet = { snapshots: n, bytes, allMs: all, oneThreadMs: one };
  row({ name: 'fleet: kmemlens fleet', input: `${n} snapshots, ${MB(bytes).toFixed(0)} MB`, value: all / 1000, unit: 's', target: 'reported', met: null, reference: `${os.availableParallelism()} worker threads; one thread ${(one / 1000).toFixed(1)} s (${(one / all).toFixed(2)} × faster)` });
}

function bundles(): void {
  const dist = path.join(ROOT, 'dist');
  for (const f of ['extension.js', 'server.js', 'webview.js', 'cli.js']) {
    const p = path.join(dist, f);
    if (!existsSync(p)) continue;
    const size = statSync(p).size;
    const text = readFileSync(p, 'utf8');
    const note = f === 'extension.js' ? `${/chart\.js|Chart\.register/.test(text) ? 'contains chart code!' : 'no chart code'}, ${/parseMeminfo|splitLinesIntoSections/.test(text) ? 'contains the parsers!' : 'no parsers'}` : undefined;
    row({ name: `bundle ${f}`, input: 'dist/', value: size / 1024, unit: 'KiB', target: f === 'extension.js' ? 'no parser, no chart code' : 'reported', met: f === 'extension.js' ? !/Chart\.register/.test(text) && !/splitLinesIntoSections/.test(text) : null, note });
  }
  const vsix = readdirSync(ROOT).find((f) => f.endsWith('.vsix'));
  if (vsix) row({ name: 'bundle .vsix', input: vsix, value: statSync(path.join(ROOT, vsix)).size / 1024, unit: 'KiB', target: 'reported', met: null });
}

async function main(): Promise<void> {
  execFileSync(process.execPath, ['esbuild.mjs', '--production'], { cwd: ROOT, stdio: 'inherit' });
  const machine = { cpus: os.cpus().length, model: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}` };
  console.log(`Kernel Memory Lens benchmark — ${machine.cpus} × ${machine.model}, ${machine.memoryGiB} GiB, Node ${machine.node}${quick ? ' (quick)' : ''}\n`);
  if (want('core')) core();
  if (want('hostile')) hostile();
  if (want('server') || want('server-open') || want('server-edit') || want('server-memory')) await server();
  if (want('viewer')) {
    const r = await measureViewerRender(quick);
    if (r) {
      raw.viewer = r;
      row({ name: 'viewer: first render', input: `1 week series, ${r.lines} lines × ${r.points} points`, value: r.medianMs, unit: 'ms (median)', target: '< 200 ms', met: r.medianMs < 200, reference: `runs ${r.runs.map((x) => x.toFixed(0)).join(', ')} ms` });
    }
  }
  if (want('fleet')) fleet();
  if (want('bundles')) bundles();
  const out = { date: new Date().toISOString(), machine, quick, rows, raw };
  writeFileSync(path.join(__dirname, 'results.json'), JSON.stringify(out, null, 2) + '\n');
  const missed = rows.filter((r) => r.met === false);
  console.log(`\n${rows.filter((r) => r.met).length} targets met, ${missed.length} missed${missed.length ? `: ${missed.map((r) => r.name).join('; ')}` : ''}. Wrote bench/results.json.`);
}

void main().catch((e) => { console.error(e); process.exitCode = 1; });
