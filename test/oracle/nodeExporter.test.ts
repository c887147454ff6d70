// Differential test against the real node_exporter (Debian's prometheus-node-exporter): every
// meminfo and vmstat capture of ../shared/corpus is served to it as its procfs (--path.procfs), one
// node_exporter on a free localhost port scrapes each, and the tool must read the exposition back
// into the same meminfo and vmstat numbers as the capture itself (src/formats/prometheus.ts).
// The exporter this test starts is the only process it stops. It fails, never skips, without the binary.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from '../../src/formats/parse';
import type { Field, KeyValueSection } from '../../src/model';

const CORPUS = join(process.cwd(), '..', 'shared', 'corpus');
const BIN = spawnSync('sh', ['-c', 'command -v prometheus-node-exporter || command -v node_exporter'], { encoding: 'utf8' }).stdout.trim();
const dir = mkdtempSync(join(tmpdir(), 'kmemlens-node-exporter-'));
const procfs = join(dir, 'proc');
mkdirSync(procfs);
let exporter: ChildProcess | undefined;
let port = 0;

const freePort = () => new Promise<number>((resolve, reject) => {
  const s = createServer();
  s.once('error', reject);
  s.listen(0, '127.0.0.1', () => { const p = (s.address() as { port: number }).port; s.close(() => resolve(p)); });
});

async function scrape(): Promise<string> {
  const r = await fetch(`http://127.0.0.1:${port}/metrics`);
  assert.equal(r.status, 200);
  return r.text();
}

before(async () => {
  assert.ok(BIN, 'prometheus-node-exporter not found (apt-get install -y prometheus-node-exporter)');
  // Something to serve before the first capture is written.
  writeFileSync(join(procfs, 'meminfo'), 'MemTotal: 1024 kB\n');
  writeFileSync(join(procfs, 'vmstat'), 'pgfault 1\n');
  port = await freePort();
  exporter = spawn(BIN, [`--web.listen-address=127.0.0.1:${port}`, `--path.procfs=${procfs}`, '--collector.disable-defaults', '--collector.meminfo', '--collector.vmstat', '--collector.vmstat.fields=.*'], { stdio: 'ignore' });
  const t0 = Date.now();
  for (;;) {
    try { await scrape(); break; } catch (e) {
      if (Date.now() - t0 > 10_000) throw new Error(`node_exporter did not answer on port ${port}: ${(e as Error).message}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
});

after(() => {
  exporter?.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

const version = () => spawnSync(BIN, ['--version'], { encoding: 'utf8' }).stderr.split('\n')[0] || spawnSync(BIN, ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0];

for (const name of readdirSync(join(CORPUS, 'meminfo')).filter((f) => f.endsWith('.meminfo'))) {
  test(`meminfo/${name}: node_exporter's node_memory_* read back equal the capture's lines`, async () => {
    const text = readFileSync(join(CORPUS, 'meminfo', name), 'utf8');
    const own = parseDocument(text).sections.find((s): s is KeyValueSection => s.kind === 'meminfo');
    assert.ok(own, 'the capture is read as meminfo');
    writeFileSync(join(procfs, 'meminfo'), text);
    const exposed = parseDocument(await scrape()).sections.find((s): s is KeyValueSection => s.kind === 'meminfo' && s.variant === 'prometheus');
    assert.ok(exposed, `the exposition holds a meminfo (${version()})`);
    let compared = 0;
    for (const f of own.fields) {
      const g: Field | undefined = exposed.byKey[f.key];
      if (f.unit === 'kB') { assert.equal(g?.bytes, f.bytes, `${f.key}: ${f.raw} kB`); compared++; }
      else if (f.unit === 'hugepages') { assert.equal(g?.value, f.value, `${f.key}: ${f.raw} pages`); compared++; }
    }
    assert.ok(compared >= Math.min(3, own.fields.length), `${compared} fields compared`);
  });
}

for (const name of readdirSync(join(CORPUS, 'vmstat')).filter((f) => f.endsWith('.vmstat'))) {
  test(`vmstat/${name}: node_exporter's node_vmstat_* read back equal the capture's counters`, async () => {
    const text = readFileSync(join(CORPUS, 'vmstat', name), 'utf8');
    const own = parseDocument(text).sections.find((s): s is KeyValueSection => s.kind === 'vmstat');
    assert.ok(own);
    writeFileSync(join(procfs, 'vmstat'), text);
    const exposed = parseDocument(await scrape()).sections.find((s): s is KeyValueSection => s.kind === 'vmstat' && s.variant === 'prometheus');
    assert.ok(exposed);
    // Float64 exposition is exact below 2^53; every counter exported must match.
    let compared = 0;
    for (const f of own.fields) {
      const g: Field | undefined = exposed.byKey[f.key];
      if (!g) continue;
      assert.equal(g.value, f.value, f.key);
      compared++;
    }
    assert.ok(compared >= 5, `${compared} counters compared`);
  });
}

test('this machine: a scrape of the real /proc gives MemTotal equal to /proc/meminfo\'s, and the rules run on it', async () => {
  const p2 = await freePort();
  const live = spawn(BIN, [`--web.listen-address=127.0.0.1:${p2}`, '--collector.disable-defaults', '--collector.meminfo', '--collector.vmstat'], { stdio: 'ignore' });
  try {
    let body = '';
    const t0 = Date.now();
    while (!body) {
      try { body = await (await fetch(`http://127.0.0.1:${p2}/metrics`)).text(); } catch { if (Date.now() - t0 > 10_000) throw new Error('no answer'); await new Promise((r) => setTimeout(r, 100)); }
    }
    const mem = parseDocument(body).sections.find((s): s is KeyValueSection => s.kind === 'meminfo')!;
    const total = Number(/^MemTotal:\s+(\d+) kB/m.exec(readFileSync('/proc/meminfo', 'utf8'))![1]) * 1024;
    assert.equal(mem.byKey.MemTotal.bytes, total);
    assert.ok(mem.byKey.MemAvailable.bytes! > 0 && mem.byKey.MemAvailable.bytes! <= total);
  } finally {
    live.kill('SIGTERM');
  }
});
