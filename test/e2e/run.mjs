#!/usr/bin/env node
// npm run test:e2e — global setup once (code-server install, npm run package), then every
// test/e2e/*.test.mjs with node:test, one file at a time, under an overall time limit.
// Extra arguments go to node --test (e.g. --test-name-pattern="^4 ").
import { spawn } from 'node:child_process';
import { readdirSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, phase, ensureCodeServer, chromiumPath, run } from './lib/codeServer.mjs';
import { RESULTS } from './lib/workbench.mjs';

const LIMIT_MS = Number(process.env.KMEMLENS_E2E_TIME_LIMIT_S ?? 540) * 1000;
const t0 = Date.now();
try {
  chromiumPath();
  mkdirSync(RESULTS, { recursive: true });
  await phase('install code-server (cached in .e2e-cache)', ensureCodeServer);
  await phase('npm run package', () => run('npm', ['run', 'package'], { timeoutMs: 180_000 }));
} catch (e) {
  console.error(`[e2e] setup failed: ${e.message}`);
  process.exit(1);
}
const files = readdirSync(join(ROOT, 'test/e2e')).filter((f) => f.endsWith('.test.mjs')).sort().map((f) => `test/e2e/${f}`);
const child = spawn(process.execPath, ['--test', '--test-concurrency=1', ...process.argv.slice(2), ...files], {
  cwd: ROOT, stdio: 'inherit', detached: true, env: { ...process.env, KMEMLENS_E2E_PREPARED: '1' },
});
const timer = setTimeout(() => {
  console.error(`[e2e] the run passed its ${LIMIT_MS / 1000} s limit; stopping it`);
  try { process.kill(-child.pid, 'SIGTERM'); } catch {}
  setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch {} }, 10_000).unref();
}, LIMIT_MS - (Date.now() - t0));
const stop = () => { try { process.kill(-child.pid, 'SIGTERM'); } catch {} };
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
child.on('exit', (code, sig) => {
  clearTimeout(timer);
  console.error(`[e2e] total ${((Date.now() - t0) / 1000).toFixed(1)} s; screenshots in ${RESULTS}`);
  process.exit(code ?? (sig ? 1 : 0));
});
