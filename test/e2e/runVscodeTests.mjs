#!/usr/bin/env node
// npm run test:vscode — the in-editor suite (test/e2e/vscode-suite/index.js) in desktop VS Code via
// @vscode/test-electron 2.5.2, when VSCODE_EXECUTABLE points at a VS Code binary or one can be
// downloaded. Without either (offline CI), the same suite runs in code-server's extension host
// (test/e2e/extensionHost.test.mjs), and the reason is printed. KMEMLENS_VSCODE_HOST=electron makes
// a missing desktop VS Code an error; =code-server skips straight to code-server.
// Desktop VS Code on a machine without a display needs xvfb-run (xvfb-run -a npm run test:vscode).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './lib/codeServer.mjs';

const mode = process.env.KMEMLENS_VSCODE_HOST ?? 'auto';
const suite = join(ROOT, 'test/e2e/vscode-suite/index.js');
const results = join(ROOT, 'test-results/e2e/vscode-suite-electron.json');
const t0 = Date.now();
const say = (m) => console.log(`[test:vscode] ${((Date.now() - t0) / 1000).toFixed(1)} s: ${m}`);

function viaCodeServer(reason) {
  say(`${reason}\n[test:vscode] running the same suite in code-server's extension host instead (test/e2e/extensionHost.test.mjs)`);
  const r = spawnSync(process.execPath, ['--test', 'test/e2e/extensionHost.test.mjs'], { cwd: ROOT, stdio: 'inherit' });
  say(`done (exit ${r.status})`);
  process.exit(r.status ?? 1);
}

if (mode === 'code-server') viaCodeServer('KMEMLENS_VSCODE_HOST=code-server');

const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'inherit' });
if (build.status !== 0) { console.error('[test:vscode] node esbuild.mjs failed'); process.exit(1); }

const { runTests, downloadAndUnzipVSCode } = await import('@vscode/test-electron');
let vscodeExecutablePath = process.env.VSCODE_EXECUTABLE;
if (vscodeExecutablePath && !existsSync(vscodeExecutablePath)) { console.error(`[test:vscode] VSCODE_EXECUTABLE=${vscodeExecutablePath} does not exist`); process.exit(1); }
if (!vscodeExecutablePath) {
  try {
    say('downloading VS Code (stable) with @vscode/test-electron …');
    vscodeExecutablePath = await Promise.race([
      downloadAndUnzipVSCode({ cachePath: join(ROOT, '.e2e-cache', 'vscode-test'), version: process.env.VSCODE_VERSION ?? 'stable' }),
      new Promise((_, rej) => setTimeout(() => rej(new Error('download took longer than 5 min')), 300_000)),
    ]);
  } catch (e) {
    const reason = `no desktop VS Code: VSCODE_EXECUTABLE is not set and the download failed (${String(e.message ?? e).split('\n')[0]})`;
    if (mode === 'electron') { console.error(`[test:vscode] ${reason}`); process.exit(1); }
    viaCodeServer(reason);
  }
}

const work = mkdtempSync(join(tmpdir(), 'kmemlens-vscode-'));
const ws = join(work, 'workspace');
mkdirSync(ws, { recursive: true });
const sample = readFileSync(join(ROOT, 'fixtures/sample-node-snapshot.txt'), 'utf8');
const start = sample.indexOf('MemTotal:');
writeFileSync(join(ws, 'node.meminfo'), sample.slice(start, sample.indexOf('\n\n', start) + 1));
writeFileSync(join(ws, 'node.snapshot.txt'), sample);
rmSync(results, { force: true });
let code = 0;
try {
  say(`running the suite in ${vscodeExecutablePath}`);
  await runTests({
    vscodeExecutablePath,
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: suite,
    extensionTestsEnv: { KMEMLENS_SUITE_RESULTS: results },
    launchArgs: [ws, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes', '--user-data-dir', join(work, 'user-data'), '--extensions-dir', join(work, 'extensions'), ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
  });
} catch (e) {
  console.error(`[test:vscode] ${e.message ?? e}`);
  code = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
if (existsSync(results)) {
  const r = JSON.parse(readFileSync(results, 'utf8'));
  for (const t of r.results) console.log(`[test:vscode] ${t.ok ? 'ok  ' : 'FAIL'} ${t.name} (${t.ms} ms)${t.ok ? '' : `\n${t.error}`}`);
  if (r.failed) code = 1;
} else {
  console.error(`[test:vscode] the suite wrote no results to ${results}`);
  code = 1;
}
say(code ? 'FAILED' : 'passed');
process.exit(code);
