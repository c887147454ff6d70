// A node's history from a real Prometheus (Debian's prometheus) scraping a real node_exporter, both
// started here on free localhost ports with temporary storage and stopped here. The exporter serves a
// procfs whose SUnreclaim grows every second; `kmemlens prometheus` fetches the range and the series it
// writes must read back with the exporter's numbers and tell the growth story. Also the error paths a
// user meets: an unknown instance, an unreachable server, a server that refuses the request (401).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeText } from '../../src/analysis/analyze';
import { runPrometheus } from '../../src/cli/prometheus';
import { runFleet, instanceFile } from '../../src/cli/fleet';
import type { FleetRow } from '../../src/report/fleet';
import type { CliIO } from '../../src/cli/main';
import { alertRules } from '../../src/prometheus/alerts';
import { listTargets } from '../../src/prometheus/history';

const which = (c: string) => spawnSync('sh', ['-c', `command -v ${c}`], { encoding: 'utf8' }).stdout.trim();
const PROM = which('prometheus');
const EXPORTER = which('prometheus-node-exporter') || which('node_exporter');
const CORPUS_MEMINFO = join(process.cwd(), '..', 'shared', 'corpus', 'meminfo', 'telegraf-mem-normal-16G.meminfo');
const dir = mkdtempSync(join(tmpdir(), 'kmemlens-prometheus-'));
const procfs = join(dir, 'proc');
mkdirSync(procfs);
// A second node, healthy and still: the fleet has a leaking node and a quiet one.
const HEALTHY_MEMINFO = join(process.cwd(), '..', 'shared', 'corpus', 'meminfo', 'gopsutil-intelcorei5-directmap1G.meminfo');
const procfs2 = join(dir, 'proc2');
mkdirSync(procfs2);
let instance2 = '';
const started: ChildProcess[] = [];
let promUrl = '';
let instance = '';
let tick: NodeJS.Timeout | undefined;
let sunreclaim = 153956;

const freePort = () => new Promise<number>((resolve, reject) => {
  const s = createServer();
  s.once('error', reject);
  s.listen(0, '127.0.0.1', () => { const p = (s.address() as { port: number }).port; s.close(() => resolve(p)); });
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const io = () => { const o = { out: '', err: '' }; const x: CliIO & { o: typeof o } = { o, stdout: (s) => { o.out += s; }, stderr: (s) => { o.err += s; }, readFile: () => '', readStdin: () => '', isTTY: false, env: {} }; return x; };

function writeMeminfo(): void {
  const text = readFileSync(CORPUS_MEMINFO, 'utf8').replace(/^SUnreclaim:\s+\d+ kB$/m, `SUnreclaim:     ${sunreclaim} kB`);
  writeFileSync(join(procfs, 'meminfo'), text);
}

async function until<T>(what: string, fn: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v) return v;
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

before(async () => {
  assert.ok(PROM, 'prometheus not found (apt-get install -y --no-install-recommends prometheus)');
  assert.ok(EXPORTER, 'prometheus-node-exporter not found (apt-get install -y prometheus-node-exporter)');
  writeMeminfo();
  writeFileSync(join(procfs, 'vmstat'), readFileSync(join(process.cwd(), '..', 'shared', 'corpus', 'vmstat', 'node-exporter-fixture-4.x-nr_alloc_batch.vmstat'), 'utf8'));
  const ne = await freePort();
  instance = `127.0.0.1:${ne}`;
  started.push(spawn(EXPORTER, [`--web.listen-address=${instance}`, `--path.procfs=${procfs}`, '--collector.disable-defaults', '--collector.meminfo', '--collector.vmstat'], { stdio: 'ignore' }));
  writeFileSync(join(procfs2, 'meminfo'), readFileSync(HEALTHY_MEMINFO, 'utf8'));
  writeFileSync(join(procfs2, 'vmstat'), readFileSync(join(procfs, 'vmstat'), 'utf8'));
  instance2 = `127.0.0.1:${await freePort()}`;
  started.push(spawn(EXPORTER, [`--web.listen-address=${instance2}`, `--path.procfs=${procfs2}`, '--collector.disable-defaults', '--collector.meminfo', '--collector.vmstat'], { stdio: 'ignore' }));
  const pp = await freePort();
  // The alert rules kmemlens writes, loaded into this Prometheus.
  writeFileSync(join(dir, 'rules.yml'), alertRules().yaml);
  writeFileSync(join(dir, 'prometheus.yml'), `global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nrule_files:\n  - ${join(dir, 'rules.yml')}\nscrape_configs:\n  - job_name: node\n    static_configs:\n      - targets: ['${instance}']\n        labels:\n          node: worker-leak\n      - targets: ['${instance2}']\n`);
  started.push(spawn(PROM, [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${pp}`], { stdio: 'ignore' }));
  promUrl = `http://127.0.0.1:${pp}`;
  // SUnreclaim grows 20 MiB a second while the test runs: a leak for the series rules to find.
  tick = setInterval(() => { sunreclaim += 20480; writeMeminfo(); }, 1000);
  // A growth story needs a minute and more of captures (series/steady-growth ignores seconds-long rises).
  await until('70 scrapes in Prometheus', async () => {
    const r = await (await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent(`count_over_time(node_memory_SUnreclaim_bytes[2m])`)}`)).json() as { data: { result: { value: [number, string] }[] } };
    return r.data.result.length === 2 && r.data.result.every((x) => Number(x.value[1]) >= 70);
  }, 150_000);
}, { timeout: 180_000 });

after(() => {
  if (tick) clearInterval(tick);
  for (const p of started) p.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

test('kmemlens prometheus: the range comes back as a series snapshot with the exporter\'s numbers, and the growth is found', async () => {
  const x = io();
  const out = join(dir, 'node.snapshot.txt');
  assert.equal(await runPrometheus(['--url', promUrl, '--instance', instance, '--since', '90s', '--step', '1s', '-o', out], x), 0, x.o.err);
  assert.match(x.o.err, /captures of 127\.0\.0\.1:\d+ written/);
  const a = analyzeText(readFileSync(out, 'utf8'));
  assert.deepEqual(a.parsed.problems.filter((p) => p.severity !== 'info'), []);
  const s = a.metrics.series.find((x2) => x2.kind === 'meminfo')!;
  assert.ok(s.timed && s.sections.length >= 10, `${s?.sections.length} timed captures`);
  // MemTotal as written in the capture the exporter served.
  assert.equal(a.metrics.meminfo!.totalBytes, Number(/^MemTotal:\s+(\d+)/m.exec(readFileSync(CORPUS_MEMINFO, 'utf8'))![1]) * 1024);
  const sun = s.tracks.find((t) => t.id === 'meminfo:SUnreclaim')!;
  assert.ok(sun.value[sun.length - 1] > sun.value[0]);
  assert.ok(a.findings.some((f) => f.rule === 'series/steady-growth' && /SUnreclaim|unreclaimable/i.test(f.message)), a.findings.map((f) => f.rule).join(', '));
});

test('kmemlens fleet --prometheus: every instance\'s history analysed, the leaking node first; --save keeps each series; --match narrows', async () => {
  const x = io();
  const saved = join(dir, 'fleet');
  assert.equal(await runFleet(['--prometheus', promUrl, '--since', '90s', '--step', '1s', '--save', saved, '--json', '--threads', '1'], x), 0, x.o.err);
  const rows = JSON.parse(x.o.out) as FleetRow[];
  assert.deepEqual(rows.map((r) => r.node), ['worker-leak', instance2], 'the node label names the node; without one, the instance does');
  // After a minute and a half of +20 MiB/s the leak is both a steady rise and a large SUnreclaim: either may be the worst.
  assert.ok(['series/steady-growth', 'meminfo/unreclaimable-slab-high'].includes(rows[0].worstRule ?? ''), rows[0].worstRule);
  assert.ok(rows[0].sunreclaimPerDay! > 0, 'the leak is measured per day');
  // The vmstat both exporters serve (a node_exporter fixture) has swap and drop_caches counts: info, nothing worse.
  assert.equal(rows[1].worst, 'info', 'the quiet node has no warning');
  const total = Number(/^MemTotal:\s+(\d+)/m.exec(readFileSync(HEALTHY_MEMINFO, 'utf8'))![1]) * 1024;
  const avail = Number(/^MemAvailable:\s+(\d+)/m.exec(readFileSync(HEALTHY_MEMINFO, 'utf8'))![1]) * 1024;
  assert.equal(rows[1].memAvailableShare, avail / total, 'the exporter\'s numbers, read back');
  assert.equal(rows[1].file, join(saved, instanceFile(instance2)));
  assert.match(readFileSync(rows[1].file, 'utf8'), /==> \/proc\/meminfo <==/);
  assert.match(x.o.err, /fetched 2 of 2 nodes/);
  const y = io();
  assert.equal(await runFleet(['--prometheus', promUrl, '--since', '20s', '--step', '1s', '--match', instance2.replace(/\./g, '\\.'), '--json', '--threads', '1'], y), 0, y.o.err);
  const only = JSON.parse(y.o.out) as FleetRow[];
  assert.deepEqual(only.map((r) => [r.node, r.file]), [[instance2, `prometheus:${instance2}`]], 'without --save the histories are not kept');
  const z = io();
  assert.equal(await runFleet(['--prometheus', promUrl, '--match', '^nothing$'], z), 2);
  assert.match(z.o.err, /no node_exporter instance matching/);
});

test('the alert rules kmemlens writes load into that Prometheus and evaluate healthy (/api/v1/rules)', async () => {
  const want = alertRules().alerts.length;
  const rules = await until('the rules evaluated', async () => {
    const r = await (await fetch(`${promUrl}/api/v1/rules`)).json() as { data: { groups: { name: string; rules: { name: string; health: string; lastError?: string }[] }[] } };
    const g = r.data.groups.find((x) => x.name === 'kernel-memory-lens');
    return g && g.rules.length === want && g.rules.every((x) => x.health !== 'unknown') ? g.rules : undefined;
  }, 30_000);
  assert.deepEqual(rules.filter((x) => x.health !== 'ok').map((x) => `${x.name}: ${x.health} ${x.lastError ?? ''}`), []);
});

test('kmemlens prometheus --instance takes the node label too', async () => {
  const x = io();
  const out = join(dir, 'by-node.snapshot.txt');
  assert.equal(await runPrometheus(['--url', promUrl, '--instance', 'worker-leak', '--since', '10s', '--step', '1s', '-o', out], x), 0, x.o.err);
  assert.match(x.o.err, new RegExp(`captures of ${instance.replace(/\./g, '\\.')} \\(node worker-leak\\) written`));
  assert.deepEqual((await listTargets({ url: promUrl })).map((t) => [t.instance, t.node]).sort(), [[instance, 'worker-leak'], [instance2, undefined]].sort());
});

test('an unknown instance, an unreachable server, and bad options: exit 2 with the reason', async () => {
  const x = io();
  assert.equal(await runPrometheus(['--url', promUrl, '--instance', 'nope:9100', '--since', '1m', '--step', '1s'], x), 2);
  assert.match(x.o.err, new RegExp(`unknown instance "nope:9100": Prometheus has node_exporter memory metrics for .*${instance.replace(/\./g, '\\.')}`));
  const closed = await freePort();
  const y = io();
  assert.equal(await runPrometheus(['--url', `http://127.0.0.1:${closed}`, '--instance', instance], y), 2);
  assert.match(y.o.err, /cannot reach Prometheus at http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED/);
  const z = io();
  assert.equal(await runPrometheus(['--url', promUrl, '--instance', instance, '--since', 'yesterday'], z), 2);
  assert.match(z.o.err, /--since expects a duration/);
});

test('a server that refuses the request (basic auth configured, bearer token sent): exit 2 naming the token setting, and the token is not written anywhere', async () => {
  const pp = await freePort();
  // The Prometheus documentation's example bcrypt entry: any request without those credentials gets 401.
  writeFileSync(join(dir, 'web.yml'), 'basic_auth_users:\n  alice: $2y$10$mDwo.lAisC94iLAyP81MCesa29IzH37oigHC/42V2pdJlUprsJPze\n');
  const guarded = spawn(PROM, [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data2')}`, `--web.listen-address=127.0.0.1:${pp}`, `--web.config.file=${join(dir, 'web.yml')}`], { stdio: 'ignore' });
  started.push(guarded);
  await until('the guarded Prometheus', async () => (await fetch(`http://127.0.0.1:${pp}/-/ready`)).status === 401 || undefined, 30_000);
  const x = io();
  x.env.KMEMLENS_PROMETHEUS_TOKEN = 'secret-token-123';
  const out = join(dir, 'refused.txt');
  assert.equal(await runPrometheus(['--url', `http://127.0.0.1:${pp}`, '--instance', instance, '-o', out], x), 2);
  assert.match(x.o.err, /refused the request \(401 Unauthorized\): give a bearer token/);
  assert.doesNotMatch(x.o.err, /secret-token-123/);
  guarded.kill('SIGTERM');
});
