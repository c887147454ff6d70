// Runs the in-editor suite (test/e2e/vscode-suite/index.js) inside code-server's extension host,
// against the extension installed from the .vsix: the workbench URL payload sets
// extensionDevelopmentPath (the installed folder) and extensionTestsPath (recipe §5c). The suite
// writes its results to KMEMLENS_SUITE_RESULTS, which reaches the extension host through
// code-server's environment; this test fails on any failure listed there.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, sleep } from './lib/codeServer.mjs';
import { startHarness, stopHarness, makeWorkspace, until, sampleMeminfo, fixture, RESULTS } from './lib/workbench.mjs';

const resultsFile = join(RESULTS, 'vscode-suite-results.json');
let h;
before(async () => { rmSync(resultsFile, { force: true }); h = await startHarness({ env: { KMEMLENS_SUITE_RESULTS: resultsFile } }); }, { timeout: 300_000 });
after(async () => { await stopHarness(h); }, { timeout: 30_000 });

test('in-editor suite (vscode API) in code-server\'s extension host', { timeout: 150_000 }, async () => {
  const ws = makeWorkspace(h, 'vscode-suite', { 'node.meminfo': sampleMeminfo(), 'node.snapshot.txt': fixture('sample-node-snapshot.txt') }, { fixtures: false });
  const installed = readdirSync(h.dirs.ext).find((d) => d.startsWith('kernel-memory-lens.kernel-memory-lens-'));
  assert.ok(installed, `the .vsix is not installed in ${h.dirs.ext}`);
  const authority = `vscode-remote://127.0.0.1:${h.server.port}`;
  const payload = [
    ['extensionDevelopmentPath', `${authority}${join(h.dirs.ext, installed)}`],
    ['extensionTestsPath', `${authority}${join(ROOT, 'test/e2e/vscode-suite/index.js')}`],
  ];
  const context = await h.browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const consoleLines = [];
  page.on('console', (m) => { if (/kmemlens-suite/.test(m.text())) consoleLines.push(m.text()); });
  const t0 = Date.now();
  try {
    await page.goto(`${h.server.url}/?folder=${encodeURIComponent(ws)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    await until(() => existsSync(resultsFile), { what: `the suite's results in ${resultsFile} (browser console: ${consoleLines.slice(-5).join(' | ') || 'nothing from the suite'})`, timeout: 120_000, interval: 250 });
    await sleep(200);
  } finally {
    try { await page.screenshot({ path: join(RESULTS, 'vscode-suite-end.png'), timeout: 5_000 }); } catch {}
    try { await page.goto('about:blank', { timeout: 5_000 }); await sleep(500); } catch {}
    await context.close().catch(() => {});
  }
  const r = JSON.parse(readFileSync(resultsFile, 'utf8'));
  process.stderr.write(`[e2e] in-editor suite on ${r.host} ${r.version}: ${r.passed} passed, ${r.failed} failed in ${(r.ms / 1000).toFixed(1)} s (page to results ${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
  for (const t of r.results) process.stderr.write(`[e2e]   ${t.ok ? 'ok  ' : 'FAIL'} ${t.name} (${t.ms} ms)${t.ok ? '' : `\n${t.error}`}\n`);
  assert.ok(r.results.length >= 7, `only ${r.results.length} results`);
  assert.equal(r.failed, 0, r.results.filter((t) => !t.ok).map((t) => `${t.name}: ${t.error}`).join('\n'));
});
