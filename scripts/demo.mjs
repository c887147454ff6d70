#!/usr/bin/env node
// npm run demo — VS Code in the browser (code-server) with the packaged extension installed and a
// workspace holding a copy of fixtures/. Prints the URL; Ctrl+C stops everything it started.
// DEMO_PORT (default: 8080 if free, else any free port), DEMO_HOST (default 127.0.0.1).
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import net from 'node:net';
import {
  ROOT, phase, ensureCodeServer, run, makeRunRoot, installVsix, startCodeServer, stopProcessGroup, freePort, vsixPath,
} from '../test/e2e/lib/codeServer.mjs';

const host = process.env.DEMO_HOST ?? '127.0.0.1';
const portFree = (port) => new Promise((res) => { const s = net.createServer(); s.once('error', () => res(false)); s.listen(port, host, () => s.close(() => res(true))); });

let dirs, server, stopping = false;
async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  console.log('\n[demo] stopping code-server …');
  await stopProcessGroup(server?.proc);
  if (dirs) rmSync(dirs.root, { recursive: true, force: true });
  console.log('[demo] stopped; temp files removed');
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

try {
  await phase('code-server (cached in .e2e-cache)', ensureCodeServer);
  await phase('npm run package', () => run('npm', ['run', 'package'], { timeoutMs: 180_000 }));
  dirs = makeRunRoot('kmemlens-demo-');
  await phase('install the .vsix', () => installVsix(dirs, vsixPath()));
  const ws = join(dirs.ws, 'kernel-memory-lens-demo');
  mkdirSync(ws, { recursive: true });
  cpSync(join(ROOT, 'fixtures'), join(ws, 'fixtures'), { recursive: true });
  const wanted = Number(process.env.DEMO_PORT ?? 8080);
  const port = process.env.DEMO_PORT || (await portFree(wanted)) ? wanted : await freePort();
  server = await phase('start code-server', () => startCodeServer(dirs, { port, host }));
  server.proc.on('exit', (c) => { if (!stopping) { console.error(`[demo] code-server exited (${c}); log: ${dirs.log}`); void stop(1); } });
  console.log(`\n[demo] Kernel Memory Lens is running in VS Code for the browser:\n\n    ${server.url}/?folder=${encodeURIComponent(ws)}\n\n[demo] open fixtures/sample-node-snapshot.txt, then "Kernel Memory: Open Snapshot Viewer".\n[demo] code-server log: ${dirs.log}\n[demo] Ctrl+C stops it.`);
} catch (e) {
  console.error(`[demo] ${e.message}`);
  await stop(1);
}
