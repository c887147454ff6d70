#!/usr/bin/env node
// `npm test`: every layer of the test pyramid, in order, each timed. A layer that
// fails fails the run; later layers still run so one CI log shows everything.
import { spawnSync } from 'node:child_process';

const layers = [
  ['types', 'typecheck'],
  ['build', 'build'],
  ['core (unit, corpus, properties)', 'test:unit'],
  ['oracle (procps free and slabtop, node_exporter, promtool)', 'test:oracle'],
  ['language server (LSP over stdio, Neovim)', 'test:server'],
  ['webview (headless Chromium)', 'test:webview'],
  ['end to end (packaged .vsix in code-server)', 'test:e2e'],
];
const only = process.env.KMEMLENS_TEST_LAYERS?.split(',');
const results = [];
for (const [name, script] of layers) {
  if (only && !only.includes(script)) continue;
  const t0 = Date.now();
  console.log(`\n=== ${name}: npm run ${script}`);
  const r = spawnSync('npm', ['run', '--silent', script], { stdio: 'inherit', shell: false });
  const ok = r.status === 0;
  results.push({ name, script, ok, seconds: (Date.now() - t0) / 1000 });
  console.log(`=== ${name}: ${ok ? 'ok' : `FAILED (exit ${r.status ?? r.signal})`} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}
console.log('\nTest layers:');
for (const r of results) console.log(`  ${r.ok ? 'ok    ' : 'FAILED'} ${r.seconds.toFixed(1).padStart(6)} s  ${r.name}`);
const failed = results.filter((r) => !r.ok);
if (failed.length) console.log(`\nFailed layers: ${failed.map((r) => r.script).join(', ')}`);
process.exitCode = failed.length ? 1 : 0;
