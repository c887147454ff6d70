// OpenMetrics as a capture: a real node_exporter's /metrics on this machine, re-encoded as OpenMetrics
// by the official Python client (Debian's python3-prometheus-client, test/oracle/tools/to-openmetrics.py).
// Both encodings of the same scrape must read back into the same meminfo and vmstat numbers, and the
// OpenMetrics `# EOF` must end the exposition so a capture pasted below it is read on its own.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { analyzeText } from '../../src/analysis/analyze';
import type { KeyValueSection } from '../../src/model';

const which = (c: string) => spawnSync('sh', ['-c', `command -v ${c}`], { encoding: 'utf8' }).stdout.trim();
const EXPORTER = which('prometheus-node-exporter') || which('node_exporter');
const PYTHON = '/usr/bin/python3'; // Debian's, where python3-prometheus-client is installed
const started: ChildProcess[] = [];
let text = '';

const freePort = () => new Promise<number>((resolve, reject) => {
  const s = createServer();
  s.once('error', reject);
  s.listen(0, '127.0.0.1', () => { const p = (s.address() as { port: number }).port; s.close(() => resolve(p)); });
});

before(async () => {
  assert.ok(EXPORTER, 'prometheus-node-exporter not found (apt-get install -y prometheus-node-exporter)');
  assert.equal(spawnSync(PYTHON, ['-c', 'import prometheus_client']).status, 0, 'python3-prometheus-client not found (apt-get install -y python3-prometheus-client)');
  const addr = `127.0.0.1:${await freePort()}`;
  started.push(spawn(EXPORTER, [`--web.listen-address=${addr}`, '--collector.disable-defaults', '--collector.meminfo', '--collector.vmstat', '--collector.pressure'], { stdio: 'ignore' }));
  for (let i = 0; i < 100 && !text; i++) {
    text = await fetch(`http://${addr}/metrics`).then((r) => r.text()).catch(() => '');
    if (!text) await new Promise((r) => setTimeout(r, 100));
  }
  assert.match(text, /^node_memory_MemTotal_bytes /m);
}, { timeout: 30_000 });

after(() => { for (const p of started) p.kill('SIGTERM'); });

const openMetrics = (t: string) => {
  const r = spawnSync(PYTHON, [join(process.cwd(), 'test', 'oracle', 'tools', 'to-openmetrics.py')], { input: t, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
};
const values = (s: KeyValueSection | undefined) => Object.fromEntries((s?.fields ?? []).map((f) => [f.key, f.bytes ?? f.value]));
const section = (text2: string, kind: string) => analyzeText(text2).parsed.sections.find((s) => s.kind === kind) as KeyValueSection | undefined;

test('the same scrape as text and as OpenMetrics reads back into the same meminfo and vmstat numbers', () => {
  const om = openMetrics(text);
  assert.match(om, /^# EOF\s*$/m);
  assert.match(om, /^# TYPE node_pressure_memory_stalled_seconds counter$/m, 'the OpenMetrics counter family drops _total');
  const mem = values(section(text, 'meminfo'));
  assert.equal(mem.MemTotal, Number(/^MemTotal:\s+(\d+) kB/m.exec(readFileSync('/proc/meminfo', 'utf8'))![1]) * 1024, 'MemTotal is this machine\'s');
  assert.deepEqual(values(section(om, 'meminfo')), mem);
  const vm = values(section(text, 'vmstat'));
  assert.ok('oom_kill' in vm && 'pgmajfault' in vm);
  assert.deepEqual(values(section(om, 'vmstat')), vm);
  const a = analyzeText(om);
  assert.ok(a.parsed.problems.some((p) => /PSI as totals/.test(p.message)), 'the PSI totals note');
  assert.deepEqual(a.parsed.problems.filter((p) => p.severity !== 'info'), []);
});

test('# EOF ends the exposition: two scrapes back to back are two captures, and a /proc/meminfo pasted below is a third', () => {
  const om = openMetrics(text);
  const below = readFileSync('/proc/meminfo', 'utf8');
  const a = analyzeText(`${om}${om}${below}`);
  const eof = om.split('\n').findIndex((l) => l.startsWith('# EOF'));
  const mems = a.parsed.sections.filter((s) => s.kind === 'meminfo');
  assert.deepEqual(mems.map((s) => [s.variant ?? 'file', s.startLine > eof, s.startLine > 2 * eof + 1]), [['prometheus', false, false], ['prometheus', true, false], ['file', true, true]]);
  assert.deepEqual(a.parsed.problems.filter((p) => /duplicate|twice|again/i.test(p.message)), [], 'no key is read twice');
});
