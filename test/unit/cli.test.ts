import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../../src/cli/main';
import { RULES } from '../../src/rules/catalog';
import { fakeIo, fixture, meminfo } from './helpers';

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?$/;

describe('kmemlens analyze --json', () => {
  test('the JSON contract: keys, 1-based lines, ISO capture times', () => {
    const io = fakeIo({ 'node.txt': fixture('sample-node-snapshot.txt') });
    const code = runCli(['analyze', '--json', '--fail-on', 'never', 'node.txt'], io);
    assert.equal(code, 0);
    assert.equal(io.err, '');
    const r = JSON.parse(io.out);
    assert.deepEqual(Object.keys(r).sort(), ['file', 'findings', 'metrics', 'problems', 'sections']);
    assert.equal(r.file, 'node.txt');
    for (const s of r.sections) {
      for (const k of Object.keys(s)) assert.ok(['kind', 'variant', 'source', 'startLine', 'endLine', 'capturedAt'].includes(k), k);
      assert.ok(s.startLine >= 1 && s.startLine <= s.endLine);
      if (s.capturedAt) assert.match(s.capturedAt, ISO);
    }
    assert.deepEqual(r.sections[0], { kind: 'meminfo', source: '/proc/meminfo', startLine: 8, endLine: 63, capturedAt: '2026-11-24T09:14:02+00:00' });
    for (const f of r.findings) {
      for (const k of Object.keys(f)) assert.ok(['rule', 'severity', 'message', 'line', 'endLine'].includes(k), k);
      assert.ok(RULES.some((x) => x.id === f.rule));
      assert.ok(['critical', 'warning', 'info'].includes(f.severity));
    }
    const lines = fixture('sample-node-snapshot.txt').split('\n');
    const sun = r.findings.find((f: { rule: string }) => f.rule === 'meminfo/unreclaimable-slab-high');
    assert.ok(lines[sun.line - 1].startsWith('SUnreclaim:'), '1-based line');
    assert.ok(typeof r.metrics === 'object' && r.metrics.pageSize === 4096);
    assert.equal(r.metrics.meminfo.totalBytes, 16393216 * 1024);
  });

  test('problems are 1-based with line, message and severity', () => {
    const io = fakeIo({ 'm.meminfo': 'MemTotal:  1000 kB\nMemFree: lots kB\n' });
    runCli(['analyze', '--json', '--fail-on', 'never', 'm.meminfo'], io);
    const r = JSON.parse(io.out);
    assert.equal(r.problems.length, 1);
    assert.equal(r.problems[0].line, 2);
    assert.match(r.problems[0].message, /whole number for MemFree/);
    assert.ok(['line', 'message', 'severity'].every((k) => k in r.problems[0]));
  });

  test('several files give an array', () => {
    const io = fakeIo({ a: meminfo(), b: fixture('node-6.1.vmstat') });
    assert.equal(runCli(['analyze', '--json', 'a', 'b'], io), 0);
    const r = JSON.parse(io.out);
    assert.ok(Array.isArray(r));
    assert.deepEqual(r.map((x: { file: string }) => x.file), ['a', 'b']);
  });
});

describe('exit codes', () => {
  const critical = meminfo({ HardwareCorrupted: 4 });
  const warning = meminfo({ MemAvailable: 1_500_000 });
  const info = meminfo({ MemAvailable: 16_000_001 });

  test('0 when nothing reaches --fail-on, 1 when something does', () => {
    const run = (text: string, ...args: string[]) => runCli(['analyze', ...args, 'f'], fakeIo({ f: text }));
    assert.equal(run(meminfo()), 0);
    assert.equal(run(critical), 1, 'default fail-on is critical');
    assert.equal(run(warning), 0);
    assert.equal(run(warning, '--fail-on', 'warning'), 1);
    assert.equal(run(info, '--fail-on', 'warning'), 0);
    assert.equal(run(info, '--fail-on', 'info'), 1);
    assert.equal(run(critical, '--fail-on', 'never'), 0);
  });

  test('--rule ID=off and severity overrides change the outcome', () => {
    const io = fakeIo({ f: critical });
    assert.equal(runCli(['analyze', '--json', '--rule', 'meminfo/hardware-corrupted=off', 'f'], io), 0);
    assert.ok(!JSON.parse(io.out).findings.some((f: { rule: string }) => f.rule === 'meminfo/hardware-corrupted'));
    assert.equal(runCli(['analyze', '--rule', 'meminfo/low-available=critical', 'f'], fakeIo({ f: warning })), 1);
    assert.equal(runCli(['analyze', '--threshold', 'meminfo/low-available.critical=10', 'f'], fakeIo({ f: warning })), 1);
  });

  test('2 for usage errors, with the usage text', () => {
    const cases: string[][] = [
      [], ['frobnicate'], ['analyze'], ['analyze', '--fail-on', 'sometimes', 'f'], ['analyze', '--json', '--markdown', 'f'],
      ['analyze', '--rule', 'meminfo/nope=off', 'f'], ['analyze', '--rule', 'meminfo/low-available=loud', 'f'],
      ['analyze', '--threshold', 'meminfo/low-available.nope=3', 'f'], ['analyze', '--page-size', '1000', 'f'], ['analyze', '--bogus', 'f'], ['explain'],
    ];
    for (const argv of cases) {
      const io = fakeIo({ f: meminfo() });
      assert.equal(runCli(argv, io), 2, argv.join(' '));
      if (argv.length) assert.match(io.err, /Usage:/, argv.join(' '));
    }
  });

  test('a file (or -) as the first argument is analysed as `analyze` would; a word that is neither says so', () => {
    const files = { 'node.txt': fixture('sample-node-snapshot.txt') };
    const viaAnalyze = fakeIo(files);
    const code = runCli(['analyze', '--json', 'node.txt'], viaAnalyze);
    const bare = fakeIo(files);
    assert.equal(runCli(['node.txt', '--json'], bare), code);
    assert.equal(bare.out, viaAnalyze.out);
    const stdin = fakeIo({}, meminfo());
    assert.equal(runCli(['-'], stdin), 0);
    assert.match(stdin.out, /MemAvailable|meminfo/);
    const typo = fakeIo(files);
    assert.equal(runCli(['analyse', 'node.txt'], typo), 2);
    assert.match(typo.err, /unknown command "analyse" \(and no file of that name/);
  });

  test('2 for input that is not a capture, saying what was expected; 2 for a missing file', () => {
    const io = fakeIo({ 'notes.txt': 'shopping list\nmilk\n' });
    assert.equal(runCli(['analyze', 'notes.txt'], io), 2);
    assert.match(io.err, /notes\.txt is not a kernel memory capture: expected meminfo, slabinfo/);
    // `key: number` lines that are YAML or INI, not meminfo, are not a capture either.
    const yaml = fakeIo({ 'values.txt': 'replicas: 3\nport: 8080\ntimeout: 30\n' });
    assert.equal(runCli(['analyze', 'values.txt'], yaml), 2);
    assert.match(yaml.err, /values\.txt is not a kernel memory capture/);
    const missing = fakeIo();
    assert.equal(runCli(['analyze', 'nope.txt'], missing), 2);
    assert.match(missing.err, /cannot read nope\.txt/);
  });

  test('buddyinfo, zoneinfo and numa_stat are captures, with no problem on a valid file', () => {
    const io = fakeIo({ ns: 'anon N0=1048576 N1=2097152\nfile N0=4096 N1=8192\n' });
    assert.equal(runCli(['analyze', '--json', 'ns'], io), 0);
    const r = JSON.parse(io.out);
    assert.deepEqual(r.sections.map((s: { kind: string }) => s.kind), ['numa-stat']);
    assert.deepEqual(r.problems, []);
    const bi = fakeIo({ bi: 'Node 0, zone      DMA      1      1      1      0      2      1      1      0      1      1      3\n' });
    assert.equal(runCli(['analyze', '--json', 'bi'], bi), 0);
    assert.deepEqual(JSON.parse(bi.out).problems, []);
  });
});

describe('input and output forms', () => {
  test('- reads standard input', () => {
    const io = fakeIo({}, fixture('kubepods-burstable-pod.memory.events'));
    assert.equal(runCli(['analyze', '--json', '-'], io), 1);
    const r = JSON.parse(io.out);
    assert.equal(r.file, '<stdin>');
    assert.ok(r.findings.some((f: { rule: string; line: number }) => f.rule === 'memory-events/oom-kill' && f.line === 5));
  });

  test('--markdown and the text report name the findings', () => {
    const md = fakeIo({ f: meminfo({ HardwareCorrupted: 4 }) });
    runCli(['analyze', '--markdown', 'f'], md);
    assert.match(md.out, /^#/m);
    assert.match(md.out, /meminfo\/hardware-corrupted/);
    const text = fakeIo({ f: meminfo({ HardwareCorrupted: 4 }) });
    runCli(['analyze', 'f'], text);
    assert.match(text.out, /meminfo\/hardware-corrupted/);
    assert.doesNotMatch(text.out, /\x1b\[/, 'no colour when not a TTY');
  });

  test('explain SUnreclaim', () => {
    const io = fakeIo();
    assert.equal(runCli(['explain', 'SUnreclaim'], io), 0);
    assert.match(io.out, /SUnreclaim/);
    assert.match(io.out, /reclaim/i);
    const none = fakeIo();
    assert.equal(runCli(['explain', 'NoSuchThingAtAll'], none), 2);
    assert.match(none.err, /nothing known about "NoSuchThingAtAll"/);
  });

  test('rules lists every rule, with overrides applied', () => {
    const io = fakeIo();
    assert.equal(runCli(['rules'], io), 0);
    for (const r of RULES) assert.ok(io.out.includes(r.id), r.id);
    const json = fakeIo();
    assert.equal(runCli(['rules', '--json', '--threshold', 'meminfo/low-available.warning=15', '--rule', 'vmstat/swapping=off'], json), 0);
    const list = JSON.parse(json.out);
    assert.equal(list.length, RULES.length);
    assert.equal(list.find((r: { id: string }) => r.id === 'meminfo/low-available').thresholds.warning.value, 15);
    assert.equal(list.find((r: { id: string }) => r.id === 'vmstat/swapping').severity, 'off');
  });
});

describe('kmemlens advise', () => {
  const bundle = fixture('kubernetes/fixture-top-node-meminfo-slab-leak.txt');
  const [top, mi] = [bundle.slice(0, bundle.indexOf('$ cat /proc/meminfo')), bundle.slice(bundle.indexOf('$ cat /proc/meminfo'))];

  test('two files side by side (kubectl top node, /proc/meminfo) are read as one node: the snippet and its arithmetic, exit 0', () => {
    const io = fakeIo({ 'top.txt': top, 'meminfo.txt': mi.replace(/^\$ cat \/proc\/meminfo\n/, '') });
    assert.equal(runCli(['advise', 'top.txt', 'meminfo.txt'], io), 0, io.err);
    assert.match(io.out, /kubectl top node: 900 MiB \(23 % of allocatable\)/);
    assert.match(io.out, /systemReserved:\n {4}memory: 2176Mi\n {2}kubeReserved:\n {4}memory: 128Mi/);
    assert.match(io.out, /Not known: the kubelet's and the container runtime's memory/);
  });

  test('--json: 1-based lines, the reservation and the kubernetes findings', () => {
    const io = fakeIo({ 'b.txt': bundle });
    assert.equal(runCli(['advise', '--json', 'b.txt'], io), 0);
    const r = JSON.parse(io.out);
    assert.equal(r.kubernetes.kubectlTop.line, 3, 'the kubectl top row is line 3');
    assert.equal(r.kubernetes.advice.reservation.systemReservedBytes, 2176 * 1024 * 1024);
    assert.ok(r.findings.some((f: { rule: string; line: number }) => f.rule === 'kubernetes/top-hides-kernel' && f.line === 3));
  });

  test('--horizon takes a number of days (else a usage error); without a Kubernetes side it says what is missing (exit 2)', () => {
    const io = fakeIo({ 'b.txt': bundle, 'm.meminfo': fixture('sample-node-snapshot.txt') });
    assert.equal(runCli(['advise', '--horizon', 'soon', 'b.txt'], io), 2);
    assert.match(io.err, /--horizon expects a number of days/);
    const io2 = fakeIo({ 'm.meminfo': meminfo({}) });
    assert.equal(runCli(['advise', 'm.meminfo'], io2), 2);
    assert.match(io2.err, /lack the Kubernetes side/);
  });
});

describe('kmemlens alerts', () => {
  test('a Prometheus rule file: one alert per rule level PromQL can express, thresholds and severities from the options, runbook links', async () => {
    const { parse } = await import('yaml');
    const io = fakeIo({});
    assert.equal(runCli(['alerts', '--threshold', 'meminfo/unreclaimable-slab-high.warning=12', '--rule', 'vmstat/oom-kills=off', '--runbook-base', 'https://example.invalid/rules.md'], io), 0);
    const rules = parse(io.out).groups[0].rules as { alert: string; expr: string; labels: Record<string, string>; annotations: Record<string, string> }[];
    const slab = rules.find((r) => r.alert === 'KmemlensMeminfoUnreclaimableSlabHigh')!;
    assert.equal(slab.expr, '100 * node_memory_SUnreclaim_bytes / node_memory_MemTotal_bytes > 12');
    assert.equal(slab.labels.severity, 'warning');
    assert.equal(slab.annotations.runbook_url, 'https://example.invalid/rules.md#meminfo-unreclaimable-slab-high');
    assert.ok(!rules.some((r) => r.labels.kmemlens_rule === 'vmstat/oom-kills'));
    assert.ok(rules.some((r) => r.alert === 'KmemlensKubernetesPodNearLimitCritical'));
    const bad = fakeIo({});
    assert.equal(runCli(['alerts', 'node.txt'], bad), 2);
    assert.match(bad.err, /alerts takes no FILE/);
  });
});
