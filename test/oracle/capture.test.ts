// Capture for real (issue 13): this machine through /bin/sh, checked against /proc/meminfo read beside
// it; a recorded series read back as three moments; SSH through the real ssh to a real sshd (Debian's
// openssh-server) started here on a free localhost port with throwaway keys and stopped here; kubectl
// (the real one) without a cluster, for the errors a user meets; and the CLI (dist/cli.js, built by
// `npm run build`) for -o FILE, --every/--for and its exit 2 paths.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { analyzeText, isCapture } from '../../src/analysis/analyze';
import { capture, CaptureError, listNodes, recordSeries, sshHosts, type Capture, type CaptureTarget } from '../../src/capture';

const CLI = join(process.cwd(), 'dist', 'cli.js');
const SSHD = '/usr/sbin/sshd';
const which = (c: string) => spawnSync('sh', ['-c', `command -v ${c}`], { encoding: 'utf8' }).stdout.trim();
const KUBECTL = which('kubectl');
const dir = mkdtempSync(join(tmpdir(), 'kmemlens-capture-'));
let sshd: ChildProcess | undefined;
let port = 0;
let closedPort = 0;
const cfg = join(dir, 'ssh_config');
const sshEnv = (line = `ssh -F ${cfg}`) => ({ ...process.env, KMEMLENS_SSH: line });

const freePort = () => new Promise<number>((resolve, reject) => {
  const s = createServer();
  s.once('error', reject);
  s.listen(0, '127.0.0.1', () => { const p = (s.address() as { port: number }).port; s.close(() => resolve(p)); });
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const canConnect = (p: number) => new Promise<boolean>((resolve) => {
  const c = createConnection({ host: '127.0.0.1', port: p }, () => { c.destroy(); resolve(true); });
  c.once('error', () => resolve(false));
});
function cli(args: string[], env: NodeJS.ProcessEnv = process.env): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env, timeout: 90_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const meminfoKeys = (text: string) => [...text.matchAll(/^([\w()]+):/gm)].map((m) => m[1]);
const memTotalKb = () => Number(/^MemTotal:\s+(\d+) kB/m.exec(readFileSync('/proc/meminfo', 'utf8'))![1]);
const noProblems = (text: string) => analyzeText(text).parsed.problems.filter((p) => p.severity !== 'info').map((p) => `${p.line}: ${p.message}`);
const rejects = async (p: Promise<unknown>, code: string, re: RegExp) => {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof CaptureError, String(e));
    assert.equal(e.code, code, e.message);
    assert.match(e.message, re);
    return true;
  });
};

/** The cgroup this process is in, as the capture keys it: v1's memory line, else v2's `0::` line. */
function ownCgroup(): string | undefined {
  const lines = readFileSync('/proc/self/cgroup', 'utf8').split('\n');
  const v1 = lines.map((l) => /^\d+:([^:]*):(.*)$/.exec(l)).find((m) => m && m[1].split(',').includes('memory'));
  if (v1 && existsSync('/sys/fs/cgroup/memory')) return v1[2] || '/';
  const v2 = lines.map((l) => /^0::(.*)$/.exec(l)).find(Boolean);
  return v2 && existsSync('/sys/fs/cgroup/cgroup.controllers') ? v2[1] || '/' : undefined;
}

before(async () => {
  assert.ok(existsSync(CLI), 'dist/cli.js is missing: run npm run build first');
  assert.equal(process.getuid?.(), 0, 'the SSH oracle logs in as root (PermitRootLogin prohibit-password): run as root');
  assert.ok(existsSync(SSHD), 'sshd not found (apt-get install -y openssh-server)');
  assert.ok(which('setpriv'), 'setpriv not found (apt-get install -y util-linux)');
  for (const k of ['host_key', 'user_key', 'other_key']) {
    const r = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'kmemlens-test', '-f', join(dir, k)], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  }
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(dir, 'user_key.pub'), 'utf8'));
  chmodSync(join(dir, 'authorized_keys'), 0o600);
  port = await freePort();
  closedPort = await freePort();
  writeFileSync(join(dir, 'sshd_config'), [
    `Port ${port}`, 'ListenAddress 127.0.0.1', `HostKey ${join(dir, 'host_key')}`, 'PidFile none',
    `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`, 'PermitRootLogin prohibit-password', 'PasswordAuthentication no',
    'KbdInteractiveAuthentication no', 'UsePAM no', 'StrictModes no', '',
  ].join('\n'));
  const host = (name: string, key: string) => [`Host ${name}`, '  HostName 127.0.0.1', `  Port ${port}`, `  User ${userInfo().username}`, `  IdentityFile ${join(dir, key)}`,
    '  IdentitiesOnly yes', '  StrictHostKeyChecking no', '  UserKnownHostsFile /dev/null', '  LogLevel ERROR', ''].join('\n');
  writeFileSync(cfg, host('kml-test', 'user_key') + host('kml-badkey', 'other_key'));
  const log = openSync(join(dir, 'sshd.log'), 'w');
  // sshd wants its privilege separation directory (/run/sshd), which only a started ssh service makes:
  // when it is missing, sshd runs in a private mount namespace with a /run of its own (exec: same pid).
  const args = ['-D', '-e', '-f', join(dir, 'sshd_config')];
  sshd = existsSync('/run/sshd') ? spawn(SSHD, args, { stdio: ['ignore', log, log] })
    : spawn('unshare', ['-m', 'sh', '-c', 'mount -t tmpfs kmemlens-sshd /run && mkdir -m 755 /run/sshd && exec "$0" "$@"', SSHD, ...args], { stdio: ['ignore', log, log] });
  closeSync(log);
  for (let i = 0; !(await canConnect(port)); i++) {
    assert.ok(i < 100 && sshd.exitCode === null, `sshd did not start: ${readFileSync(join(dir, 'sshd.log'), 'utf8')}`);
    await sleep(100);
  }
}, { timeout: 60_000 });

after(() => {
  sshd?.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

describe('this machine', () => {
  test('one capture: MemTotal and the meminfo keys as /proc/meminfo has them, the root cgroup and this process\'s own, nothing the parser calls a problem', async () => {
    const before = readFileSync('/proc/meminfo', 'utf8');
    const c = await capture({ kind: 'local' });
    const total = memTotalKb();
    const a = analyzeText(c.text);
    assert.ok(isCapture(a.parsed));
    assert.deepEqual(noProblems(c.text), []);
    assert.equal(a.world.moments.length, 1);
    const m = a.world.moments[0];
    assert.ok(m.capturedAt && Number.isFinite(Date.parse(m.capturedAt)), `dated ${m.capturedAt}`);
    assert.equal(m.meminfo?.byKey.MemTotal?.value, total);
    assert.equal(a.metrics.meminfo?.totalBytes, total * 1024);
    assert.deepEqual(m.meminfo!.fields.map((f) => f.key), meminfoKeys(before));
    assert.ok(m.vmstat?.byKey.nr_free_pages, 'vmstat');
    assert.ok(m.slabinfo, 'slabinfo (root reads it)');
    if (existsSync('/proc/pressure/memory')) assert.ok(m.pressure.some((p) => p.resource === 'memory'), 'PSI');
    assert.ok(m.cgroups.has('/'), `cgroups: ${[...m.cgroups.keys()].join(', ')}`);
    const own = ownCgroup();
    if (own) assert.ok(m.cgroups.has(own), `own cgroup ${own} in ${[...m.cgroups.keys()].join(', ')}`);
    assert.deepEqual(c.warnings, []);
  });

  test('a recorded series of three captures, one a second, reads as three moments in time order', async () => {
    const got: Capture[] = [];
    const n = await recordSeries({ kind: 'local' }, { everyMs: 1000, count: 3 }, { onCapture: (c) => { got.push(c); } });
    assert.equal(n, 3);
    const a = analyzeText(got.map((c) => c.text).join(''));
    assert.deepEqual(noProblems(got.map((c) => c.text).join('')), []);
    assert.equal(a.world.moments.length, 3);
    const times = a.world.moments.map((m) => Date.parse(m.capturedAt!));
    assert.ok(times[0] < times[1] && times[1] < times[2], a.world.moments.map((m) => m.capturedAt).join(' '));
    const s = a.metrics.series.find((x) => x.kind === 'meminfo');
    assert.ok(s?.timed && s.sections.length === 3, 'a timed meminfo series of 3');
    for (const m of a.world.moments) assert.ok(m.cgroups.has('/'));
  });

  test('without dmesg on PATH the kernel log is read from /dev/kmsg, with no error', async () => {
    const bin = join(dir, 'bin-no-dmesg');
    mkdirSync(bin, { recursive: true });
    for (const c of ['sh', 'cat', 'date', 'awk', 'dd', 'head']) symlinkSync(realpathSync(which(c)), join(bin, c));
    const c = await capture({ kind: 'local' }, { env: { ...process.env, PATH: bin } });
    const log = c.text.slice(c.text.indexOf('==> dmesg <==\n') + 14);
    assert.doesNotMatch(log, /not found|not permitted|denied/i, log.slice(0, 200));
    assert.deepEqual(c.warnings, []);
    assert.deepEqual(noProblems(c.text), []);
  });

  test('an unprivileged user: slabinfo (and, under dmesg_restrict, the kernel log) not readable is a warning, the capture still succeeds', () => {
    const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, CLI, 'capture'], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /warning: \/proc\/slabinfo was not readable \(it is root-only, mode 0400\)/);
    if (readFileSync('/proc/sys/kernel/dmesg_restrict', 'utf8').trim() === '1') assert.match(r.stderr, /warning: the kernel log was not readable \(dmesg: .*not permitted\)/);
    const a = analyzeText(r.stdout);
    assert.equal(a.metrics.meminfo?.totalBytes, memTotalKb() * 1024);
    assert.ok(a.findings.some((f) => f.rule === 'slabinfo/unreadable'), 'the analysis says so too');
    assert.deepEqual(noProblems(r.stdout), []);
  });

  test('kmemlens capture -o FILE, and --every 1s --for 3s to stdout with progress on stderr', () => {
    const out = join(dir, 'local.kmem');
    const one = cli(['capture', '-o', out]);
    assert.equal(one.code, 0, one.stderr);
    assert.equal(one.stdout, '');
    assert.match(one.stderr, /captured this machine in [\d.]+ s: .*local\.kmem/);
    assert.equal(analyzeText(readFileSync(out, 'utf8')).metrics.meminfo?.totalBytes, memTotalKb() * 1024);
    const series = cli(['capture', '--every', '1s', '--for', '3s']);
    assert.equal(series.code, 0, series.stderr);
    assert.match(series.stderr, /recording 3 captures of this machine, one every 1s/);
    assert.match(series.stderr, /capture 3 of 3/);
    assert.equal(analyzeText(series.stdout).world.moments.length, 3);
    // The analysis side of the same CLI reads the file.
    const read = cli(['analyze', '--fail-on', 'never', out]);
    assert.equal(read.code, 0, read.stderr);
  });

  test('exit 2 with the reason: options that do not go together, bad durations, names that could inject', () => {
    const cases: [string[], RegExp][] = [
      [['capture', '--every', '1s'], /--every and --for go together/],
      [['capture', '--every', 'soon', '--for', '1m'], /--every expects a duration/],
      [['capture', '--every', '1m', '--for', '10s'], /shorter than --every/],
      [['capture', '--ssh', 'h', '--node', 'n1'], /choose one of --ssh DEST and --node NODE/],
      [['capture', '--image', 'busybox'], /options of --node/],
      [['capture', '--node', 'n1;touch /tmp/kmemlens-pwned'], /refusing node name/],
      [['capture', '--node', 'n1', '--image', 'busybox --privileged'], /refusing image/],
      [['capture', `--ssh=-oProxyCommand=touch ${join(dir, 'pwned')}`], /refusing SSH destination "-oProxyCommand=.*it starts with "-"/],
      [['capture', '--timeout', '0s'], /--timeout expects/],
      [['capture', 'extra'], /Unexpected argument|positional/i],
    ];
    for (const [args, re] of cases) {
      const r = cli(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, re, args.join(' '));
    }
    assert.ok(!existsSync(join(dir, 'pwned')) && !existsSync('/tmp/kmemlens-pwned'), 'nothing ran');
  });
});

describe('SSH to a real sshd', () => {
  test('a capture over SSH reads this machine (the sshd is here): MemTotal equal', async () => {
    const c = await capture({ kind: 'ssh', destination: 'kml-test' }, { env: sshEnv() });
    assert.deepEqual(noProblems(c.text), []);
    const a = analyzeText(c.text);
    assert.equal(a.metrics.meminfo?.totalBytes, memTotalKb() * 1024);
    assert.ok(a.world.moments[0].cgroups.has('/'));
  });

  test('the hosts offered: the config file read from disk, its Include globs followed (relative to the base, absolute ones too)', () => {
    mkdirSync(join(dir, 'conf.d'), { recursive: true });
    writeFileSync(join(dir, 'conf.d', 'b.conf'), 'Host from-b\n');
    writeFileSync(join(dir, 'conf.d', 'a.conf'), 'Host from-a *.wild\n');
    writeFileSync(join(dir, 'conf.d', 'skip.txt'), 'Host not-included\n');
    const main = join(dir, 'main_config');
    writeFileSync(main, `Host first\nInclude conf.d/*.conf\nInclude ${cfg}\nInclude conf.d/missing-*\n`);
    assert.deepEqual(sshHosts(main, dir), ['first', 'from-a', 'from-b', 'kml-test', 'kml-badkey']);
    assert.deepEqual(sshHosts(join(dir, 'no-such-config'), dir), []);
  });

  test('the setting (sshCommand) wins over KMEMLENS_SSH', async () => {
    const c = await capture({ kind: 'ssh', destination: 'kml-test', sshCommand: `ssh -F ${cfg}` }, { env: sshEnv('/nonexistent/ssh') });
    assert.ok(isCapture(analyzeText(c.text).parsed));
  });

  test('kmemlens capture --ssh DEST -o FILE', () => {
    const out = join(dir, 'ssh.kmem');
    const r = cli(['capture', '--ssh', 'kml-test', '-o', out], sshEnv());
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /captured kml-test \(SSH\)/);
    assert.deepEqual(noProblems(readFileSync(out, 'utf8')), []);
  });

  test('a closed port, a key the server does not take, an ssh that is not there: exit 2 naming the problem', async () => {
    const closed = cli(['capture', '--ssh', 'kml-test'], sshEnv(`ssh -F ${cfg} -p ${closedPort}`));
    assert.equal(closed.code, 2, closed.stderr);
    assert.match(closed.stderr, new RegExp(`cannot reach kml-test over SSH: 127\\.0\\.0\\.1 refused the connection on port ${closedPort}`));
    assert.equal(closed.stdout, '');
    const key = cli(['capture', '--ssh', 'kml-badkey'], sshEnv());
    assert.equal(key.code, 2, key.stderr);
    assert.match(key.stderr, /SSH to kml-badkey refused the login \(publickey\)/);
    const missing = cli(['capture', '--ssh', 'kml-test'], sshEnv('/nonexistent/bin/ssh -F x'));
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /\/nonexistent\/bin\/ssh is not on PATH/);
    await rejects(capture({ kind: 'ssh', destination: 'kml-test', sshCommand: '/nonexistent/bin/ssh' }), 'not-on-path', /not on PATH/);
  });

  test('an interval shorter than one capture: the series stops after the first, which is kept (exit 2)', () => {
    // The user's ssh, wrapped so that a capture takes longer than a second.
    const slow = `sh -c 'sleep 1.2; exec ssh "$@"' sh -F ${cfg}`;
    const out = join(dir, 'slow.kmem');
    const r = cli(['capture', '--ssh', 'kml-test', '--every', '1s', '--for', '3s', '-o', out], sshEnv(slow));
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /one capture of kml-test \(SSH\) took [\d.]+ s, longer than the interval \(--every 1\.00 s\): stopped after that first capture, which is kept/);
    const a = analyzeText(readFileSync(out, 'utf8'));
    assert.equal(a.world.moments.length, 1);
    assert.ok(a.metrics.meminfo);
  });

  test('a timeout and a cancel kill the whole process group the capture started', async () => {
    for (const how of ['timeout', 'cancel'] as const) {
      const pidFile = join(dir, `${how}.pid`);
      const hang = `sh -c 'echo $$ > ${pidFile}; sleep 30; true' sh`;
      const ac = new AbortController();
      const p = capture({ kind: 'ssh', destination: 'kml-test', sshCommand: hang }, how === 'timeout' ? { timeoutMs: 1500 } : { signal: ac.signal });
      if (how === 'cancel') { while (!existsSync(pidFile) || !readFileSync(pidFile, 'utf8').trim()) await sleep(50); ac.abort(); }
      await rejects(p, how === 'timeout' ? 'timeout' : 'cancelled', how === 'timeout' ? /did not finish within 1\.50 s/ : /was cancelled/);
      const pgid = Number(readFileSync(pidFile, 'utf8'));
      // The group (the wrapper and its sleep) is gone once init has reaped the orphans.
      let alive = true;
      for (let i = 0; alive && i < 100; i++) {
        try { process.kill(-pgid, 0); await sleep(50); } catch (e) { alive = (e as NodeJS.ErrnoException).code !== 'ESRCH'; }
      }
      assert.equal(alive, false, `process group ${pgid} still alive after ${how}`);
    }
  });
});

describe('kubectl without a cluster', () => {
  const empty = join(dir, 'kubeconfig-empty');
  const closedCfg = join(dir, 'kubeconfig-closed');
  const n1: CaptureTarget = { kind: 'kubernetes', node: 'n1' };
  before(() => {
    assert.ok(KUBECTL, 'kubectl not found (apt-get install -y kubernetes-client)');
    writeFileSync(empty, '');
    writeFileSync(closedCfg, [
      'apiVersion: v1', 'kind: Config', 'clusters:', '- cluster:', `    server: https://127.0.0.1:${closedPort}`, '  name: c',
      'contexts:', '- context:', '    cluster: c', '    user: u', '  name: ctx', 'current-context: ctx', 'users:', '- name: u', '  user:', '    token: not-a-secret', '',
    ].join('\n'));
  });
  const env = (kubeconfig: string) => ({ ...process.env, KUBECONFIG: kubeconfig });

  test('no current context: the message says so and how to choose one (API and CLI)', async () => {
    await rejects(capture(n1, { env: env(empty) }), 'no-context', /kubectl has no current context: choose one with kubectl config use-context/);
    await rejects(listNodes({ env: env(empty) }), 'no-context', /no current context/);
    const r = cli(['capture', '--node', 'n1'], env(empty));
    assert.equal(r.code, 2);
    assert.match(r.stderr, /kubectl has no current context/);
  });

  test('an API server that refuses the connection: named, with what to check', async () => {
    await rejects(listNodes({ env: env(closedCfg) }), 'unreachable', new RegExp(`cannot reach the Kubernetes API server at 127\\.0\\.0\\.1:${closedPort} \\(connection refused\\)`));
    const v = spawnSync(KUBECTL, ['version', '--client', '-o', 'json'], { encoding: 'utf8' });
    const minor = Number(/"minor":\s*"(\d+)/.exec(v.stdout)?.[1]);
    // kubectl debug --profile came with kubectl 1.27; an older one (Debian 12 ships 1.20) is named as the problem.
    if (minor >= 27) await rejects(capture(n1, { env: env(closedCfg) }), 'unreachable', /cannot reach the Kubernetes API server at 127\.0\.0\.1/);
    else await rejects(capture(n1, { env: env(closedCfg) }), 'failed', /kubectl 1\.27 or later/);
    const r = cli(['capture', '--node', 'n1', '--namespace', 'default'], env(closedCfg));
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, minor >= 27 ? /cannot reach the Kubernetes API server/ : /kubectl 1\.27 or later/);
  });

  test('no kubectl: "not on PATH"', async () => {
    await rejects(capture(n1, { kubectl: '/nonexistent/kubectl' }), 'not-on-path', /\/nonexistent\/kubectl is not on PATH/);
    const r = cli(['capture', '--node', 'n1'], { ...process.env, PATH: '/nonexistent' });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /kubectl is not on PATH/);
  });
});
