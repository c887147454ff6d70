// Installs and runs code-server for the e2e harness and the demo.
// Follows /work/shared/reference/e2e-recipe.md: code-server 4.100.3 from npm on Node 20, in its own
// cached dir; ripgrep cache seeded with Debian's rg; node-gyp pointed at /usr's Node headers.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync, rmSync, openSync, closeSync, copyFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import net from 'node:net';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const CS_VERSION = '4.100.3';
const RIPGREP_PKG_VERSION = '1.15.11'; // @vscode/ripgrep pinned by code-server 4.100.3
const RIPGREP_ASSET = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';
export const CS_DIR = process.env.KMEMLENS_CODE_SERVER_DIR || join(ROOT, '.e2e-cache', `code-server-${CS_VERSION}`);
export const CS_BIN = join(CS_DIR, 'node_modules', '.bin', 'code-server');

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Logs a phase with its duration. */
export async function phase(name, fn) {
  const t0 = Date.now();
  process.stderr.write(`[e2e] ${name} …\n`);
  try {
    const r = await fn();
    process.stderr.write(`[e2e] ${name}: ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
    return r;
  } catch (e) {
    process.stderr.write(`[e2e] ${name}: FAILED after ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
    throw e;
  }
}

function which(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).stdout.trim();
}

export function chromiumPath() {
  const p = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!existsSync(p)) {
    throw new Error(`Chromium not found at ${p}. Install it (apt-get install -y chromium) or set CHROMIUM_PATH.`);
  }
  return p;
}

/** Fails loudly with what to install when something the code-server install needs is missing. */
export function checkPrerequisites({ forInstall }) {
  const missing = [];
  const major = Number(process.versions.node.split('.')[0]);
  if (major !== 20) missing.push(`Node 20 (code-server ${CS_VERSION} requires exactly Node 20; this is ${process.version})`);
  if (forInstall) {
    if (!which('rg')) missing.push('ripgrep (apt-get install -y ripgrep) — seeds @vscode/ripgrep, which cannot download offline');
    if (!which('make') || !which('g++')) missing.push('build-essential (apt-get install -y build-essential) — node-gyp builds native modules');
    if (!which('python3')) missing.push('python3 (apt-get install -y python3) — node-gyp');
    if (!existsSync('/usr/include/krb5.h') && !existsSync('/usr/include/gssapi/gssapi.h')) missing.push('libkrb5-dev (apt-get install -y libkrb5-dev) — the kerberos module');
    if (!process.env.npm_config_nodedir && !existsSync('/usr/include/node/node_version.h')) missing.push('Node headers in /usr/include/node (the Debian/NodeSource nodejs package) or npm_config_nodedir');
  }
  if (missing.length) throw new Error(`e2e prerequisites missing:\n  - ${missing.join('\n  - ')}`);
}

/** Runs a command with a time limit, showing output only when it fails. */
export function run(cmd, args, { cwd = ROOT, env = process.env, timeoutMs = 120_000, label = `${cmd} ${args.join(' ')}` } = {}) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    const timer = setTimeout(() => {
      try { process.kill(-child.pid, 'SIGKILL'); } catch {}
      reject(new Error(`${label}: timed out after ${timeoutMs / 1000} s\n${out.slice(-4000)}`));
    }, timeoutMs);
    child.on('error', (e) => { clearTimeout(timer); reject(new Error(`${label}: ${e.message}`)); });
    child.on('exit', (code, sig) => {
      clearTimeout(timer);
      if (code === 0) resolvePromise(out);
      else reject(new Error(`${label}: exit ${code ?? sig}\n${out.slice(-4000)}`));
    });
  });
}

export function codeServerInstalled() {
  return existsSync(CS_BIN) && existsSync(join(CS_DIR, 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules')) && existsSync(join(CS_DIR, '.installed'));
}

/** Installs code-server into CS_DIR once (about a minute), reusing it afterwards. */
export async function ensureCodeServer() {
  checkPrerequisites({ forInstall: !codeServerInstalled() });
  if (codeServerInstalled()) return CS_BIN;
  rmSync(CS_DIR, { recursive: true, force: true });
  mkdirSync(CS_DIR, { recursive: true });
  const tmp = mkdtempSync(join(tmpdir(), 'kmemlens-cs-install-'));
  try {
    // Seed @vscode/ripgrep's download cache with Debian's rg: its cache is <os.tmpdir()>/vscode-ripgrep-cache-<ver>.
    const rgCache = join(tmp, `vscode-ripgrep-cache-${RIPGREP_PKG_VERSION}`);
    const stage = join(tmp, 'stage');
    mkdirSync(rgCache, { recursive: true });
    mkdirSync(stage, { recursive: true });
    copyFileSync(which('rg'), join(stage, 'rg'));
    await run('tar', ['czf', join(rgCache, RIPGREP_ASSET), '-C', stage, 'rg']);
    writeFileSync(join(CS_DIR, 'package.json'), JSON.stringify({ name: 'e2e-code-server', private: true, version: '0.0.0' }, null, 2));
    const env = {
      ...process.env,
      TMPDIR: tmp,
      npm_config_yes: 'true',
      npm_config_unsafe_perm: 'true',
      npm_config_nodedir: process.env.npm_config_nodedir || '/usr',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1',
    };
    await run('npm', ['install', '--no-save', '--no-package-lock', `code-server@${CS_VERSION}`], { cwd: CS_DIR, env, timeoutMs: 6 * 60_000, label: `npm install code-server@${CS_VERSION}` });
    if (!existsSync(join(CS_DIR, 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules'))) {
      throw new Error(`code-server's postinstall did not run (no lib/vscode/node_modules in ${CS_DIR}); check npm_config_unsafe_perm and the build tools`);
    }
    const v = await run(CS_BIN, ['--version'], { env: { ...env, XDG_CONFIG_HOME: join(tmp, 'xdg'), XDG_DATA_HOME: join(tmp, 'xdg') }, timeoutMs: 30_000 });
    if (!v.includes(CS_VERSION)) throw new Error(`code-server --version printed ${v}`);
    writeFileSync(join(CS_DIR, '.installed'), v);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return CS_BIN;
}

export const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.settings.enableNaturalLanguageSearch': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'update.showReleaseNotes': false,
  'security.workspace.trust.enabled': false,
  'security.workspace.trust.startupPrompt': 'never',
  'git.enabled': false,
  'git.autoRepositoryDetection': false,
  'npm.autoDetect': 'off',
  'typescript.disableAutomaticTypeAcquisition': true,
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'window.commandCenter': false,
  'window.title': 'e2e',
  'editor.hover.delay': 100,
  'editor.minimap.enabled': false,
  'workbench.editor.enablePreview': false,
  'workbench.colorTheme': 'Default Dark Modern',
  'files.hotExit': 'off',
  'workbench.editor.untitled.hint': 'hidden',
  'editor.accessibilitySupport': 'off',
  'notebook.experimental.generateCode': false,
};

export function freePort() {
  return new Promise((res, rej) => {
    const s = net.createServer();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => res(port)); });
  });
}

/** Layout of one run's temp root. */
export function makeRunRoot(prefix = 'kmemlens-e2e-') {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const dirs = { root, ud: join(root, 'user-data'), ext: join(root, 'extensions'), xdg: join(root, 'xdg'), tmp: join(root, 'tmp'), ws: join(root, 'workspaces'), cfg: join(root, 'config.yaml'), log: join(root, 'code-server.log') };
  for (const d of [dirs.ud, join(dirs.ud, 'User'), dirs.ext, dirs.xdg, dirs.tmp, dirs.ws]) mkdirSync(d, { recursive: true });
  writeFileSync(dirs.cfg, 'auth: none\ncert: false\n');
  writeUserSettings(dirs, {});
  return dirs;
}

export function writeUserSettings(dirs, extra) {
  writeFileSync(join(dirs.ud, 'User', 'settings.json'), JSON.stringify({ ...USER_SETTINGS, ...extra }, null, 2));
}

function csEnv(dirs, extraEnv = {}) {
  return { ...process.env, XDG_CONFIG_HOME: dirs.xdg, XDG_DATA_HOME: dirs.xdg, TMPDIR: dirs.tmp, ...extraEnv };
}

export async function installVsix(dirs, vsix) {
  const common = ['--config', dirs.cfg, '--extensions-dir', dirs.ext, '--user-data-dir', dirs.ud];
  await run(CS_BIN, [...common, '--install-extension', vsix, '--force'], { env: csEnv(dirs), timeoutMs: 60_000, label: 'code-server --install-extension' });
  const list = await run(CS_BIN, [...common, '--list-extensions', '--show-versions'], { env: csEnv(dirs), timeoutMs: 60_000 });
  if (!/kernel-memory-lens\.kernel-memory-lens@/.test(list)) throw new Error(`the .vsix did not install; --list-extensions printed:\n${list}`);
  return list.trim();
}

// code-server runs in its own process group, so a killed test process would leave it behind:
// kill every group still running when this process exits or is told to stop.
const liveGroups = new Set();
let exitHooks = false;
function installExitHooks() {
  if (exitHooks) return;
  exitHooks = true;
  const killAll = () => { for (const pid of liveGroups) { try { process.kill(-pid, 'SIGKILL'); } catch {} } liveGroups.clear(); };
  process.on('exit', killAll);
  // On a signal, only act if nobody else handles it (the demo stops and cleans up by itself).
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => { if (process.listenerCount(sig) > 1) return; killAll(); process.exit(130); });
}

/** Starts code-server detached in its own process group; resolves once /healthz answers. */
export async function startCodeServer(dirs, { port, host = '127.0.0.1', env = {}, timeoutMs = 30_000 } = {}) {
  port ??= await freePort();
  const logFd = openSync(dirs.log, 'a');
  const proc = spawn(CS_BIN, [
    '--config', dirs.cfg, '--auth', 'none', '--bind-addr', `${host}:${port}`,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    '--extensions-dir', dirs.ext, '--user-data-dir', dirs.ud,
  ], { env: csEnv(dirs, env), detached: true, stdio: ['ignore', logFd, logFd] });
  closeSync(logFd);
  installExitHooks();
  liveGroups.add(proc.pid);
  let exited = null;
  proc.on('exit', (code, sig) => { exited = code ?? sig; });
  const local = host === '0.0.0.0' ? '127.0.0.1' : host;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited !== null) throw new Error(`code-server exited (${exited}) before it was ready; see ${dirs.log}`);
    try { if ((await fetch(`http://${local}:${port}/healthz`)).ok) break; } catch {}
    if (Date.now() > deadline) { await stopProcessGroup(proc); throw new Error(`code-server did not answer /healthz within ${timeoutMs / 1000} s; see ${dirs.log}`); }
    await sleep(100);
  }
  return { proc, port, url: `http://${local}:${port}` };
}

export async function stopProcessGroup(proc) {
  if (!proc?.pid) return;
  liveGroups.delete(proc.pid);
  const alive = () => { try { process.kill(-proc.pid, 0); return true; } catch { return false; } };
  try { process.kill(-proc.pid, 'SIGTERM'); } catch { return; }
  for (let i = 0; i < 50 && alive(); i++) await sleep(100);
  if (alive()) { try { process.kill(-proc.pid, 'SIGKILL'); } catch {} }
}

/** The extension host log files under the user-data dir. */
export function extHostLogs(dirs) {
  const out = [];
  const logs = join(dirs.ud, 'logs');
  if (!existsSync(logs)) return out;
  for (const stamp of readdirSync(logs)) {
    const d = join(logs, stamp);
    let entries = [];
    try { entries = readdirSync(d); } catch { continue; }
    for (const e of entries) if (e.startsWith('exthost')) {
      const f = join(d, e, 'remoteexthost.log');
      if (existsSync(f)) out.push(f);
    }
  }
  return out;
}

/** Finds the newest .vsix built by `npm run package`. */
export function vsixPath() {
  const pkg = JSON.parse(spawnSync('node', ['-p', 'JSON.stringify(require("./package.json"))'], { cwd: ROOT, encoding: 'utf8' }).stdout);
  return join(ROOT, `${pkg.name}-${pkg.version}.vsix`);
}
