// The pure half of capture (issue 13): the script (read-only, and what it prints reads back right),
// argv splitting of KMEMLENS_SSH, ~/.ssh/config hosts, names refused before they reach ssh or kubectl,
// error messages from the tools' real stderr, durations and the interval refusal.
// The script also runs here for real (dash, mawk) over a made-up root of fixture files.
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { analyzeText, isCapture } from '../../src/analysis/analyze';
import { captureFiles, captureScript, KERNEL_LOG_LINES, OOM_AWK } from '../../src/capture/script';
import { checkDestination, resolveSshCommand, splitCommandLine, sshArgv, sshConfigHosts } from '../../src/capture/ssh';
import { checkImage, checkNamespace, checkNodeName, debugArgv, debugPodName, deleteArgv, parseNodeNames, stripDebugNoise, DEFAULT_IMAGE } from '../../src/capture/kubernetes';
import { CaptureError, captureWarnings, classifyKubectl, classifySsh, imagePullFailure } from '../../src/capture/errors';
import { captureFileName, checkTarget } from '../../src/capture/target';
import { dropSeenOomReports, intervalRefusal, planSeries } from '../../src/capture/series';
import { captureCommand, captureScript as pasteScript } from '../../extension/client/captureCommand';
import { CORPUS, fixture } from './helpers';

const refused = (fn: () => unknown, code = 'invalid-argument') => assert.throws(fn, (e: unknown) => e instanceof CaptureError && e.code === code);

/** The script with its double-quoted strings (echo texts, the awk program) taken out: what the shell runs. */
function unquoted(script: string): string {
  return script.replace(/"(?:\\.|[^"\\])*"/g, '""');
}

describe('the capture script', () => {
  const script = captureScript();

  test('has no single quote and no "!", so sh -c \'…\' and an interactive paste carry it unchanged', () => {
    assert.ok(!script.includes("'"));
    assert.ok(!script.includes('!'));
    assert.ok(script.trimEnd().endsWith('exit 0'), 'ends with exit 0: sh -s under kubectl debug -i must not wait for the end of stdin');
  });

  test('only reads: no redirection but to /dev/null or 2>&1, no command that writes, dd without of=', () => {
    const code = unquoted(script);
    const writes = [...code.matchAll(/\d?>+(&\d|\s*[^\s;|&)]+)?/g)].map((m) => m[0]).filter((r) => !/^(?:\d?>\/dev\/null|2>&1)$/.test(r));
    assert.deepEqual(writes, []);
    for (const w of ['rm', 'mv', 'cp', 'tee', 'touch', 'mkdir', 'rmdir', 'chmod', 'chown', 'ln', 'truncate', 'kill', 'sysctl', 'mount', 'umount', 'modprobe', 'insmod', 'reboot', 'sed', 'install', 'shred', 'printf'])
      assert.doesNotMatch(code, new RegExp(`(^|[\\s;|&({])${w}(\\s|;|$)`, 'm'), w);
    assert.doesNotMatch(code, /\bof=/);
    assert.doesNotMatch(code, /\bdmesg\s+-[a-zA-Z]*[cCD]/, 'dmesg -c/-C/-D clear or disable the kernel log');
  });

  test('reads only /proc, /sys and /dev/kmsg', () => {
    // The own cgroup is compared with the fixed ones in a case pattern: names, not files.
    const paths = [...unquoted(script).replace(/case "" in ""\|[^)]*\)/, '').matchAll(/(?<![\w$}])\/[A-Za-z][\w./-]*/g)].map((m) => m[0]);
    // And the files named in quotes, under the root prefix: "$R/proc/self/cgroup".
    paths.push(...[...script.matchAll(/\$R(\/[^\s"]*)/g)].map((m) => m[1]).filter((p) => p !== '$f' && p !== '/'));
    assert.ok(paths.includes('/proc/self/cgroup') && paths.includes('/proc/loadavg'));
    assert.ok(paths.length > 50);
    assert.deepEqual(paths.filter((p) => !/^\/(?:proc|sys)\/|^\/dev\/(?:null|kmsg)$/.test(p)), []);
  });

  test('lists the node files and the cgroups that matter, v1 and v2, cgroupfs and systemd drivers', () => {
    const files = captureFiles();
    for (const f of ['/proc/meminfo', '/proc/vmstat', '/proc/slabinfo', '/proc/pressure/memory', '/proc/buddyinfo', '/proc/zoneinfo',
      '/sys/fs/cgroup/memory.stat', '/sys/fs/cgroup/kubepods.slice/kubepods-burstable.slice/memory.events', '/sys/fs/cgroup/kubepods/besteffort/memory.current',
      '/sys/fs/cgroup/system.slice/memory.pressure', '/sys/fs/cgroup/memory/memory.usage_in_bytes', '/sys/fs/cgroup/memory/kubepods/burstable/memory.limit_in_bytes',
      '/sys/fs/cgroup/memory/kubepods.slice/kubepods-besteffort.slice/memory.failcnt', '/sys/fs/cgroup/unified/memory.pressure'])
      assert.ok(files.includes(f), f);
    assert.equal(new Set(files).size, files.length, 'no file twice: a repeated file would start a new moment');
  });

  test('refuses a root that is not a plain path', () => {
    assert.throws(() => captureScript({ root: '/host; rm -rf /' }));
    assert.throws(() => captureScript({ root: 'host' }));
    assert.match(captureScript({ root: '/host' }), /^R=\/host;/);
  });

  test('the copy-paste command embeds the same script, single-quoted once', () => {
    assert.equal(pasteScript(), script);
    for (const cmd of [captureCommand('shell'), captureCommand('kubectl', 'n1')]) {
      assert.equal(cmd.split("'").length, 3, cmd);
      assert.ok(cmd.includes(script));
    }
    assert.ok(captureCommand('kubectl', 'n1').includes(`--image=${DEFAULT_IMAGE}`));
  });
});

describe('the script run over a root of fixture files (dash and mawk, as on Debian)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kmemlens-capture-root-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const put = (rel: string, text: string) => { const f = path.join(dir, rel); mkdirSync(path.dirname(f), { recursive: true }); writeFileSync(f, text); };
  const corpus = (rel: string) => readFileSync(path.join(CORPUS, rel), 'utf8');
  const run = (root: string) => {
    const r = spawnSync('/bin/sh', ['-c', captureScript({ root, kernelLog: false })], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '');
    return r.stdout;
  };

  test('cgroup v2, systemd driver: the root, kubepods.slice, its QoS children and the own cgroup are keyed by path; nothing the parser calls a problem', () => {
    const root = path.join(dir, 'v2');
    const meminfo = corpus('meminfo/telegraf-mem-normal-16G.meminfo');
    put('v2/proc/meminfo', meminfo);
    put('v2/proc/vmstat', fixture('node-6.1.vmstat'));
    put('v2/proc/slabinfo', fixture('slub-6.6-kmalloc-rnd-cg.slabinfo'));
    put('v2/proc/pressure/memory', corpus('pressure/procfs-fixture-proc-memory.pressure'));
    put('v2/proc/pressure/io', corpus('pressure/node-exporter-proc-io.pressure'));
    put('v2/proc/loadavg', '0.52 0.58 0.59 1/234 5678\n');
    put('v2/proc/sys/vm/overcommit_memory', '1\n');
    put('v2/proc/self/cgroup', '0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1234.slice/cri-containerd-abcd.scope\n');
    put('v2/sys/fs/cgroup/memory.stat', corpus('memory-stat-v2/telegraf-cgroupv2-6.x-sec_pagetables.memory.stat'));
    put('v2/sys/fs/cgroup/memory.pressure', corpus('pressure/telegraf-cgroupv2.memory.pressure'));
    const ks = 'v2/sys/fs/cgroup/kubepods.slice';
    for (const cg of [ks, `${ks}/kubepods-burstable.slice`, `${ks}/kubepods-besteffort.slice`, `${ks}/kubepods-burstable.slice/kubepods-burstable-pod1234.slice/cri-containerd-abcd.scope`]) {
      put(`${cg}/memory.stat`, fixture('kubepods-burstable-pod.memory.stat'));
      put(`${cg}/memory.events`, fixture('kubepods-burstable-pod.memory.events'));
      put(`${cg}/memory.current`, '1073741824\n');
      put(`${cg}/memory.max`, 'max\n');
    }
    put('v2/sys/fs/cgroup/system.slice/memory.stat', corpus('memory-stat-v2/oomd-system.slice.memory.stat'));
    const out = run(root);
    // The headers name the node's paths, not the root they were read under.
    assert.doesNotMatch(out, new RegExp(root.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    const a = analyzeText(out);
    assert.ok(isCapture(a.parsed));
    assert.deepEqual(a.parsed.problems.filter((p) => p.severity !== 'info').map((p) => p.message), []);
    assert.equal(a.world.moments.length, 1);
    const m = a.world.moments[0];
    assert.ok(m.capturedAt, 'the date line dates the capture');
    assert.equal(m.meminfo?.byKey.MemTotal?.value, Number(/^MemTotal:\s+(\d+)/m.exec(meminfo)![1]));
    assert.ok(m.vmstat && m.slabinfo);
    assert.deepEqual(m.pressure.map((p) => p.resource).sort(), ['io', 'memory']);
    assert.equal(m.sysctl['vm.overcommit_memory'], 1);
    const own = '/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1234.slice/cri-containerd-abcd.scope';
    assert.deepEqual([...m.cgroups.keys()].sort(), ['/', '/kubepods.slice', '/kubepods.slice/kubepods-besteffort.slice', '/kubepods.slice/kubepods-burstable.slice', own, '/system.slice'].sort());
    const kp = m.cgroups.get('/kubepods.slice')!;
    assert.ok(kp.stat && kp.events && kp.values['memory.current'] && kp.values['memory.max']);
    assert.ok(m.cgroups.get('/')!.pressure, 'the root cgroup\'s memory.pressure');
    assert.ok(a.metrics.cgroups.some((c) => c.path === own));
  });

  test('cgroup v1 (hybrid), cgroupfs driver: /sys/fs/cgroup/memory/kubepods/burstable is /kubepods/burstable; the own cgroup comes from the memory line', () => {
    const root = path.join(dir, 'v1');
    put('v1/proc/meminfo', corpus('meminfo/insights-rhel7.1-3.10.meminfo'));
    put('v1/proc/loadavg', '0.52 0.58 0.59 1/234 5678\n');
    put('v1/proc/self/cgroup', '12:memory:/kubepods/besteffort/pod42/0123abcd\n11:cpu,cpuacct:/kubepods/besteffort/pod42/0123abcd\n1:name=systemd:/\n0::/\n');
    const m1 = 'v1/sys/fs/cgroup/memory';
    for (const cg of [m1, `${m1}/kubepods`, `${m1}/kubepods/burstable`, `${m1}/kubepods/besteffort`, `${m1}/kubepods/besteffort/pod42/0123abcd`]) {
      put(`${cg}/memory.stat`, corpus('memory-stat-v1/elastic-docker-container-b29faf21.memory.stat'));
      put(`${cg}/memory.usage_in_bytes`, '536870912\n');
      put(`${cg}/memory.limit_in_bytes`, '9223372036854771712\n');
      put(`${cg}/memory.failcnt`, '0\n');
      put(`${cg}/memory.oom_control`, 'oom_kill_disable 0\nunder_oom 0\noom_kill 0\n');
    }
    put('v1/sys/fs/cgroup/unified/memory.pressure', corpus('pressure/telegraf-cgroupv2.memory.pressure'));
    const a = analyzeText(run(root));
    assert.deepEqual(a.parsed.problems.filter((p) => p.severity !== 'info').map((p) => p.message), []);
    const m = a.world.moments[0];
    assert.deepEqual([...m.cgroups.keys()].sort(), ['/', '/kubepods', '/kubepods/besteffort', '/kubepods/besteffort/pod42/0123abcd', '/kubepods/burstable']);
    const bu = m.cgroups.get('/kubepods/burstable')!;
    assert.equal(bu.stat?.variant, 'v1');
    assert.equal(bu.values['memory.usage_in_bytes']?.fields[0].bytes, 536870912);
    assert.ok(m.cgroups.get('/')!.pressure);
    const limit = a.metrics.cgroupValues.find((v) => v.file === 'memory.limit_in_bytes');
    assert.equal(limit?.unlimited, true, 'the v1 "no limit" sentinel');
  });

  test('an unreadable slabinfo says so under its header; the capture is still one, with a warning', () => {
    const text = ['2026-11-24T09:14:02+00:00', '==> /proc/meminfo <==', corpus('meminfo/telegraf-mem-normal-16G.meminfo').trimEnd(), '',
      '==> /proc/slabinfo <==', 'cat: /proc/slabinfo: Permission denied', '', '==> dmesg <==', 'dmesg: read kernel buffer failed: Operation not permitted', ''].join('\n');
    const w = captureWarnings(text);
    assert.equal(w.length, 2);
    assert.match(w[0], /slabinfo was not readable.*root/);
    assert.match(w[1], /kernel log was not readable \(dmesg: read kernel buffer failed: Operation not permitted\)/);
    const a = analyzeText(text);
    assert.ok(a.findings.some((f) => f.rule === 'slabinfo/unreadable'));
    assert.deepEqual(captureWarnings(fixture('real-node-capture-script-output.txt')), []);
  });
});

describe('the kernel log: each OOM report whole, the latest that fit', () => {
  const awk = (input: string) => {
    const r = spawnSync('/bin/sh', ['-c', `awk "${OOM_AWK}"`], { input, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout;
  };

  test('a report is kept from "invoked oom-killer" to "Killed process", other kernel lines dropped, and it reads as the same OOM', () => {
    for (const f of ['memcg-oom-kubepods-burstable-dmesg.txt', 'global-oom-unreclaimable-slab-dmesg-T.txt']) {
      const src = fixture(f);
      const out = awk(src);
      assert.match(out.split('\n')[0], /invoked oom-killer/, f);
      assert.doesNotMatch(out, /IPv6: ADDRCONF/, f);
      const story = (t: string) => analyzeText(t).metrics.oom.map((o) => [o.event.victimPid, o.event.victimName, o.scope, o.event.tasks.length, o.event.taskMemcg ?? '']);
      const want = story(src);
      const got = story(`==> dmesg <==\n${out}`);
      assert.ok(want.every((w) => typeof w[0] === 'number' && w[1]), JSON.stringify(want));
      assert.ok(want.length >= 1, f);
      assert.deepEqual(got, want, f);
    }
  });

  test('/dev/kmsg records (the fallback without dmesg) are read the same', () => {
    const src = fixture('memcg-oom-kubepods-burstable-dmesg.txt');
    // Documentation/ABI/testing/dev-kmsg: "level,seqnum,timestamp_us,flags;message".
    const kmsg = src.split('\n').filter(Boolean).map((l, i) => l.replace(/^\[\s*(\d+)\.(\d+)\] /, (_m, s: string, us: string) => `4,${100 + i},${s}${us},-;`)).join('\n') + '\n';
    assert.match(kmsg, /^4,100,12290114052,-;IPv6/);
    const out = awk(kmsg);
    assert.match(out, /^4,101,\d+,-;java invoked oom-killer/);
    const victims = analyzeText(`==> dmesg <==\n${out}`).metrics.oom.map((o) => o.event.victimPid);
    assert.deepEqual(victims, [48213, 49877]);
  });

  test('a long log keeps whole reports only, the latest, within the bound', () => {
    const one = readFileSync(path.join(CORPUS, 'oom-report', 'oomanalyser-archlinux-6.1.1-global.txt'), 'utf8').trimEnd().split('\n');
    const log: string[] = [];
    for (let i = 0; i < 6; i++) log.push(`[${1000 + i}.000001] eth0: link up`, ...one.map((l) => `[${1000 + i}.000002] ${l.replace(/473206/g, String(500000 + i))}`));
    const out = awk(log.join('\n') + '\n').trimEnd().split('\n');
    assert.ok(out.length <= KERNEL_LOG_LINES, `${out.length} lines`);
    assert.match(out[0], /invoked oom-killer/);
    assert.equal(out.filter((l) => /invoked oom-killer/.test(l)).length, Math.floor(KERNEL_LOG_LINES / one.length));
    assert.match(out[out.length - 1], /oom_reaper: reaped process 500005/, 'the latest report is the last one kept');
    assert.ok(!out.some((l) => /link up/.test(l)));
  });

  test('in a series, a report already captured is not repeated; a new one is kept', () => {
    const report = fixture('memcg-oom-kubepods-burstable-dmesg.txt');
    const cap = (log: string) => `2026-11-24T09:00:00+00:00\n==> /proc/meminfo <==\nMemTotal: 1 kB\n\n==> dmesg <==\n${log}`;
    const seen = new Set<string>();
    const first = dropSeenOomReports(cap(awk(report)), seen);
    assert.equal(analyzeText(first).metrics.oom.length, 2);
    const second = dropSeenOomReports(cap(awk(report)), seen);
    assert.equal(analyzeText(second).metrics.oom.length, 0);
    assert.ok(second.endsWith('==> dmesg <==\n'), JSON.stringify(second.slice(-40)));
    const later = report.replace(/12467\.(\d+)\] java invoked/, '13000.$1] java invoked').replace(/PID: 49877/g, 'PID: 51000');
    assert.equal(analyzeText(dropSeenOomReports(cap(awk(later)), seen)).metrics.oom.length, 1);
  });
});

describe('KMEMLENS_SSH: a command line split into argv words, no shell', () => {
  test('plain words, quotes and backslashes', () => {
    assert.deepEqual(splitCommandLine('ssh -F /tmp/x/config -p 2222'), ['ssh', '-F', '/tmp/x/config', '-p', '2222']);
    assert.deepEqual(splitCommandLine(`ssh -F '/tmp/my dir/config'  -o "IdentityFile=/k/a b" x\\ y`), ['ssh', '-F', '/tmp/my dir/config', '-o', 'IdentityFile=/k/a b', 'x y']);
    assert.deepEqual(splitCommandLine(`"a \\"q\\" \\\\" 'it''s'`), ['a "q" \\', 'its']);
    assert.deepEqual(splitCommandLine(`''`), ['']);
  });

  test('nothing is expanded or run: $, ~, globs, ; and | stay text', () => {
    assert.deepEqual(splitCommandLine('ssh $HOME ~/x * ;rm -rf /; `id` $(id) | sh'), ['ssh', '$HOME', '~/x', '*', ';rm', '-rf', '/;', '`id`', '$(id)', '|', 'sh']);
  });

  test('an unterminated quote is an error, not a guess', () => {
    refused(() => splitCommandLine(`ssh -F 'x`));
    refused(() => splitCommandLine('ssh -F "x'));
  });

  test('the setting first, then $KMEMLENS_SSH, then ssh', () => {
    assert.deepEqual(resolveSshCommand(undefined, {}), ['ssh']);
    assert.deepEqual(resolveSshCommand(undefined, { KMEMLENS_SSH: 'ssh -F /tmp/c' }), ['ssh', '-F', '/tmp/c']);
    assert.deepEqual(resolveSshCommand('  /opt/ssh -4 ', { KMEMLENS_SSH: 'ssh -F /tmp/c' }), ['/opt/ssh', '-4']);
    assert.deepEqual(resolveSshCommand('', { KMEMLENS_SSH: '' }), ['ssh']);
  });

  test('argv: the user\'s words, BatchMode, --, the destination as one word, sh -s', () => {
    const { file, args } = sshArgv(['ssh', '-F', '/tmp/c'], 'root@node-1', { connectTimeout: 20 });
    assert.equal(file, 'ssh');
    assert.deepEqual(args, ['-F', '/tmp/c', '-T', '-o', 'BatchMode=yes', '-o', 'ConnectTimeout=20', '--', 'root@node-1', 'sh -s']);
  });
});

describe('SSH destinations, node names, namespaces and images: injection refused', () => {
  test('destinations', () => {
    for (const d of ['node-1', 'root@10.0.3.17', 'ec2-user@ip-10-0-3-17.ec2.internal', '::1', 'fe80::1%eth0'.replace('%eth0', ''), 'ssh://admin@bastion.example.com:2222', 'my_alias', 'u@[::1]'.replace('[', '').replace(']', '')])
      assert.equal(checkDestination(d), d);
    for (const d of ['-oProxyCommand=id', '-F/tmp/x', 'host;id', 'host id', '$(id)', '`id`', 'a\nid', '', 'host\'', 'h|sh', 'h&', '%h', 'user@host@x', 'ssh://h -oProxyCommand=id', '../etc'])
      refused(() => checkDestination(d));
    refused(() => sshArgv(['ssh'], '-oProxyCommand=touch /tmp/pwned'));
  });

  test('node names (RFC 1123, as the API server checks them)', () => {
    for (const n of ['node1', 'ip-10-0-3-17.ec2.internal', 'aks-nodepool1-12345678-vmss000000', 'a'])
      assert.equal(checkNodeName(n), n);
    for (const n of ['Node1', 'n1;id', '-n1', 'n1 --image=x', 'n1/../x', 'n1$(id)', 'n1\nid', '', 'a'.repeat(254), 'n1.', '.n1', 'n_1'])
      refused(() => checkNodeName(n));
    assert.equal(checkNamespace('kube-system'), 'kube-system');
    for (const n of ['Default', 'a.b', '-x', 'x;id', 'a'.repeat(64)]) refused(() => checkNamespace(n));
  });

  test('images (the distribution/reference grammar, narrowed)', () => {
    for (const i of ['busybox', 'busybox:1.36', 'library/busybox:1.36.1', 'registry.example.com:5000/tools/busybox:1.36', 'ghcr.io/org/debug-tools@sha256:' + 'a'.repeat(64), 'localhost/x_y__z-w:latest'])
      assert.equal(checkImage(i), i);
    for (const i of ['busybox;id', '--privileged', 'busybox $(id)', 'BusyBox', 'a b', 'busybox:', 'busybox@sha256:xyz', '', '/busybox', 'busybox:1.36\n--x'])
      refused(() => checkImage(i));
  });

  test('kubectl argv: the names as single words, the script on stdin', () => {
    assert.deepEqual(debugArgv({ node: 'n1' }), ['debug', 'node/n1', '--profile=sysadmin', `--image=${DEFAULT_IMAGE}`, '--stdin', '--attach=true', '--', 'chroot', '/host', 'sh', '-s']);
    assert.deepEqual(debugArgv({ node: 'n1', image: 'r.example.com/bb:1', namespace: 'debug' }).slice(3, 6), ['--image=r.example.com/bb:1', '-n', 'debug']);
    refused(() => debugArgv({ node: 'n1', image: 'bb --privileged' }));
    assert.deepEqual(deleteArgv('node-debugger-n1-pdx84', 'debug'), ['delete', 'pod', 'node-debugger-n1-pdx84', '-n', 'debug', '--wait=false', '--ignore-not-found']);
  });

  test('what kubectl prints: the debug pod\'s name (kubectl docs\' own transcript), node lists', () => {
    const out = 'Creating debugging pod node-debugger-mynode-pdx84 with container debugger on node mynode.\n2026-11-24T09:14:02+00:00\n==> /proc/meminfo <==\n';
    assert.equal(debugPodName(out), 'node-debugger-mynode-pdx84');
    assert.equal(stripDebugNoise(out), '2026-11-24T09:14:02+00:00\n==> /proc/meminfo <==\n');
    assert.equal(debugPodName('2026-11-24T09:14:02+00:00\n'), undefined);
    assert.deepEqual(parseNodeNames('node/kind-control-plane\nnode/kind-worker\n\nWarning: x\n'), ['kind-control-plane', 'kind-worker']);
  });
});

describe('targets', () => {
  test('checked before anything runs; a file name for each that opens as a snapshot', () => {
    refused(() => checkTarget({ kind: 'ssh', destination: '-oProxyCommand=id' }));
    refused(() => checkTarget({ kind: 'kubernetes', node: 'n1', namespace: 'Bad_NS' }));
    checkTarget({ kind: 'local' });
    const at = new Date(2026, 10, 24, 9, 14, 2);
    assert.equal(captureFileName({ kind: 'ssh', destination: 'ssh://root@node-1.example.com:2222' }, at), 'kmem-node-1.example.com-20261124-091402.kmem');
    assert.equal(captureFileName({ kind: 'kubernetes', node: 'ip-10-0-3-17.ec2.internal' }, at), 'kmem-ip-10-0-3-17.ec2.internal-20261124-091402.kmem');
    assert.equal(captureFileName({ kind: 'local' }, at, 'my laptop'), 'kmem-my_laptop-20261124-091402.kmem');
  });
});

describe('~/.ssh/config: the hosts offered', () => {
  test('Host entries in order, once each; patterns, negations and Match skipped; Include followed', () => {
    const text = [
      '# work', 'Host bastion', '  HostName 10.0.0.1', 'Host node-1 node-2 *.internal !evil', 'Host=eq-host', '  host "quoted host" node-1 -oProxyCommand=x',
      'Match host x exec "true"', '  User y', 'Include conf.d/*', 'Include ~/.ssh/missing', 'HOST   upper',
    ].join('\n');
    const included: Record<string, string[]> = { 'conf.d/*': ['Host k8s-a\nHost k8s-b\nInclude deeper', 'Host ?bad\n'], deeper: ['Host k8s-c\n'] };
    const asked: string[] = [];
    const hosts = sshConfigHosts(text, (p) => { asked.push(p); return included[p] ?? []; });
    // "quoted host" and -oProxyCommand=x are no destination ssh would take from us: not offered.
    assert.deepEqual(hosts, ['bastion', 'node-1', 'node-2', 'eq-host', 'k8s-a', 'k8s-b', 'k8s-c', 'upper']);
    assert.deepEqual(asked, ['conf.d/*', 'deeper', '~/.ssh/missing']);
    assert.deepEqual(sshConfigHosts('Include self', () => ['Include self\nHost loop']), ['loop'], 'an Include loop ends');
    assert.deepEqual(sshConfigHosts(''), []);
  });
});

describe('errors: one message naming what failed and what to try, from the tools\' real stderr', () => {
  // Printed by OpenSSH 9.2p1 (Debian 12) here, against a closed port, an unknown name, an sshd without our key or host key.
  test('ssh', () => {
    const cases: [string, string, RegExp][] = [
      ['ssh: connect to host 127.0.0.1 port 1: Connection refused\n', 'unreachable', /127\.0\.0\.1 refused the connection on port 1\. Is sshd running/],
      ['ssh: Could not resolve hostname no-such-host.invalid: Name or service not known\n', 'unreachable', /host name no-such-host\.invalid does not resolve/],
      ['Connection timed out during banner exchange\nConnection to 10.255.255.1 port 22 timed out\n', 'unreachable', /timed out\. Check the network/],
      ['Warning: Permanently added \'[127.0.0.1]:38639\' (ED25519) to the list of known hosts.\nroot@127.0.0.1: Permission denied (publickey).\n', 'auth', /refused the login \(publickey\).*ssh-agent/],
      ['No ED25519 host key is known for [127.0.0.1]:38639 and you have requested strict checking.\nHost key verification failed.\n', 'host-key', /host key.*Connect once in a terminal/],
    ];
    for (const [stderr, code, re] of cases) {
      const e = classifySsh(stderr, 255, 'node-1');
      assert.equal(e.code, code, stderr);
      assert.match(e.message, re);
      assert.match(e.message, /node-1/);
    }
    // The remote side's status is not ssh's: a "Permission denied" there is not a refused login.
    assert.equal(classifySsh('cat: x: Permission denied (y)\n', 1, 'node-1').code, 'failed');
    assert.match(classifySsh('kex_exchange_identification: read: Connection reset by peer\n', 255, 'node-1').message, /Connection reset by peer/);
    const sh = classifySsh('bash: line 1: sh: command not found\n', 127, 'node-1');
    assert.equal(sh.code, 'failed');
    assert.match(sh.message, /exit 127.*POSIX sh/);
  });

  test('kubectl', () => {
    // kubectl 1.32 here: an empty KUBECONFIG, then one whose server is a closed port (klog lines and all).
    const noContext = 'error: current-context is not set\n';
    const closed = 'E1202 20:30:09.447029    5988 memcache.go:265] "Unhandled Error" err="couldn\'t get current server API group list: Get \\"https://127.0.0.1:1/api?timeout=32s\\": dial tcp 127.0.0.1:1: connect: connection refused"\nThe connection to the server 127.0.0.1:1 was refused - did you specify the right host or port?\n';
    // apimachinery's NewForbidden and kubectl's error printer; the kubelet's waiting messages as kubectl debug's WarningPrinter prints them.
    const forbidden = 'Error from server (Forbidden): pods is forbidden: User "jane" cannot create resource "pods" in API group "" in the namespace "default"\n';
    const backoff = 'Creating debugging pod node-debugger-n1-x7k2p with container debugger on node n1.\nWarning: container debugger: Back-off pulling image "nosuch.example.com/busybox:1.36"\n';
    const errPull = 'Warning: container debugger: rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nosuch:1": failed to resolve reference "docker.io/library/nosuch:1": docker.io/library/nosuch:1: not found\n';
    const cases: [string, string, RegExp][] = [
      [noContext, 'no-context', /no current context.*use-context/],
      [closed, 'unreachable', /API server at 127\.0\.0\.1:1 \(connection refused\)/],
      [forbidden, 'forbidden', /refused: pods is forbidden: User "jane" cannot create resource "pods".*namespace/],
      [backoff, 'image-pull', /node n1 cannot pull the debug image busybox:1\.36 \(container debugger: Back-off pulling image/],
      [errPull, 'image-pull', /failed to pull and unpack image/],
      ['Error from server (Forbidden): pods "node-debugger-n1-abcde" is forbidden: violates PodSecurity "baseline:latest": host namespaces (hostNetwork=true, hostPID=true, hostIPC=true), hostPath volumes (volume "host-root"), privileged (container "debugger" must not set securityContext.privileged=true)\n', 'forbidden', /default enforces Pod Security "baseline:latest".*--namespace/],
      ['Error from server (NotFound): nodes "n9" not found\n', 'not-found', /node "n9" is not in the cluster.*kubectl get nodes/],
      ['error: You must be logged in to the server (Unauthorized)\n', 'unauthorized', /credentials/],
      ['Error: unknown flag: --profile\nSee \'kubectl debug --help\' for usage.\n', 'failed', /kubectl 1\.27 or later/],
    ];
    for (const [stderr, code, re] of cases) {
      const e = classifyKubectl(stderr, 1, { node: 'n1', image: 'busybox:1.36', namespace: 'default' });
      assert.equal(e.code, code, stderr);
      assert.match(e.message, re, stderr);
    }
    assert.equal(imagePullFailure(backoff), 'Warning: container debugger: Back-off pulling image "nosuch.example.com/busybox:1.36"');
    assert.equal(imagePullFailure('If you don\'t see a command prompt, try pressing enter.\n'), undefined);
  });
});

describe('durations and series', () => {
  test('--every E --for F takes ceil(F / E) captures', () => {
    assert.deepEqual(planSeries('1s', '3s'), { everyMs: 1000, forMs: 3000, count: 3 });
    assert.equal(planSeries('10s', '5m').count, 30);
    assert.equal(planSeries('3s', '10s').count, 4);
    assert.equal(planSeries('1h', '1d').count, 24);
  });

  test('bad durations are refused with the reason', () => {
    for (const [e, f] of [['ten', '1m'], ['10s', 'soon'], ['500ms', '1m'], ['1m', '30s'], ['10', '1m']]) refused(() => planSeries(e, f));
    assert.throws(() => planSeries('500ms', '1m'), /1s at least/);
  });

  test('an interval shorter than one capture is refused, naming both and what to try', () => {
    assert.equal(intervalRefusal(900, 1000), undefined);
    assert.equal(intervalRefusal(1000, 1000), undefined);
    const e = intervalRefusal(1500, 1000, 'node n1 (kubectl debug)')!;
    assert.equal(e.code, 'interval-too-short');
    assert.match(e.message, /one capture of node n1 \(kubectl debug\) took 1\.50 s, longer than the interval \(--every 1\.00 s\).*kept\. Try --every 4s/);
  });
});
