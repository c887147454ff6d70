/**
 * The process reconciled with its cgroup (issue 14 §2–3): the story each document tells, with the
 * numbers that tell it. The process outputs are real (test/process/captures, made on this machine by
 * test/process/gen; test/wild/process, pasted in public issues); the cgroup limit beside them is a
 * fixture line (`memory.max`), the size the story needs, or the one the post names.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { analyzeText } from '../../src/analysis/analyze';
import { toViewModel } from '../../src/features/viewModel';

const CAPTURES = join(process.cwd(), 'test', 'process', 'captures');
const WILD = join(process.cwd(), 'test', 'wild', 'process', 'captures');
const cap = (f: string) => readFileSync(join(CAPTURES, f), 'utf8');
const wild = (f: string) => readFileSync(join(WILD, f), 'utf8');
const MiB = 1024 * 1024;
/** A fixture cgroup limit, as `tail -n +1 /sys/fs/cgroup/memory.max` prints it. */
const limit = (bytes: number) => `==> /sys/fs/cgroup/memory.max <==\n${bytes}\n`;
/** A `KEY=NNNKB` number of an NMT line, in bytes. */
const kb = (text: string, re: RegExp) => Number(re.exec(text)![1]) * 1024;
const rules = (t: string) => analyzeText(t).findings.map((f) => `${f.severity} ${f.rule}`);

const jvmDoc = (extra = '') => [
  '$ cat /proc/7477/status', cap('jdk17-proc-status.txt'),
  '$ jcmd 7477 VM.flags', cap('jdk17-vm-flags.txt'),
  '$ jcmd 7477 VM.native_memory summary', cap('jdk17-nmt-summary.txt'),
  '$ jcmd 7477 VM.native_memory summary.diff', cap('jdk17-nmt-summary-diff.txt'),
  extra,
].join('\n');

describe('a JVM beside its limit (JDK 17, -Xmx64m, threads, direct buffers and generated classes)', () => {
  const nmt = cap('jdk17-nmt-summary.txt');
  const total = kb(nmt, /^Total: reserved=\d+KB, committed=(\d+)KB/m);
  const heap = kb(nmt, /Java Heap \(reserved=\d+KB, committed=(\d+)KB\)/);
  const xmx = Number(/-XX:MaxHeapSize=(\d+)/.exec(cap('jdk17-vm-flags.txt'))![1]);
  const rss = kb(cap('jdk17-proc-status.txt'), /^VmRSS:\s+(\d+) kB/m);

  test('in 256 MiB: the non-heap NMT commits does not fit beside -Xmx (critical), naming the category that takes most', () => {
    const a = analyzeText(jvmDoc(limit(256 * MiB)));
    const f = a.findings.find((x) => x.rule === 'jvm/non-heap-exceeds-headroom')!;
    assert.ok(f, rules(jvmDoc(limit(256 * MiB))).join(', '));
    assert.equal(f.severity, 'critical');
    assert.equal(f.data!.nonHeap, total - heap, 'NMT total committed − Java Heap committed');
    assert.equal(f.data!.maxHeap, xmx, '-Xmx from VM.flags');
    assert.equal(f.data!.headroom, 256 * MiB - xmx);
    const p = a.metrics.processes![0];
    assert.equal(p.pid, 7477);
    assert.equal(p.jvm!.nonHeap[0].label, 'Other', 'direct buffers take the most');
    assert.match(f.message, /Other takes the most/);
    assert.match(jvmDoc(limit(256 * MiB)).split('\n')[f.line], /^-\s+Other \(reserved=/, 'on the Other line of the summary');
    assert.equal(a.parsed.sections[f.section].variant, 'summary');
  });

  test('the same process: RSS near the limit, growth since the baseline, Metaspace uncapped and growing, direct buffers uncapped', () => {
    const a = analyzeText(jvmDoc(limit(256 * MiB)));
    const by = (r: string) => a.findings.find((x) => x.rule === r);
    const near = by('process/rss-near-limit')!;
    assert.equal(near.severity, 'warning');
    assert.equal(near.data!.rss, rss);
    const diff = cap('jdk17-nmt-summary-diff.txt');
    const grew = /^Total: reserved=\d+KB [+-]\d+KB, committed=\d+KB ([+-]\d+)KB/m.exec(diff);
    assert.ok(grew, 'the diff has a total delta');
    assert.equal(by('jvm/nmt-growth')!.data!.delta, Number(grew[1]) * 1024);
    assert.ok(by('jvm/metaspace-uncapped-growing'), 'no MaxMetaspaceSize in VM.flags, Class grew');
    assert.equal(by('jvm/direct-buffers-uncapped')!.severity, 'warning', 'Other is over 10 % of the limit');
  });

  test('without a limit in the document, the rules that need one stay silent; the growth still shows', () => {
    const r = rules(jvmDoc());
    assert.ok(!r.some((x) => /non-heap-exceeds-headroom|rss-near-limit/.test(x)), r.join(', '));
    assert.ok(r.includes('warning jvm/nmt-growth'));
  });

  test('in 1 GiB the same JVM fits: no headroom finding', () => {
    assert.ok(!rules(jvmDoc(limit(1024 * MiB))).some((x) => /non-heap-exceeds-headroom|rss-near-limit/.test(x)));
  });

  test('the view model carries the picture for the Process tab', () => {
    const a = analyzeText(jvmDoc(limit(256 * MiB)));
    const v = toViewModel(a, 'jvm.txt');
    assert.equal(v.processes![0].limitBytes, 256 * MiB);
    assert.equal(v.processes![0].jvm!.heapCommittedBytes, heap);
    assert.equal(v.processes![0].line, 1, 'the status section starts below its prompt');
  });
});

describe('a Go service that freed a large heap (Go 1.19, runtime.GC without FreeOSMemory)', () => {
  const pprof = cap('go-pprof-heap-debug1.txt');
  const n = (k: string) => Number(new RegExp(`^# ${k} = (\\d+)`, 'm').exec(pprof)![1]);
  const rss = kb(cap('go-proc-status.txt'), /^VmRSS:\s+(\d+) kB/m);

  test('RSS far above the live heap: the idle spans not yet returned are named with their numbers', () => {
    const t = ['$ curl -s localhost:6060/debug/pprof/heap?debug=1', pprof, '$ cat /proc/8477/status', cap('go-proc-status.txt'), limit(512 * MiB)].join('\n');
    const a = analyzeText(t);
    const f = a.findings.find((x) => x.rule === 'go/heap-rss-gap')!;
    assert.ok(f, rules(t).join(', '));
    const stack = Number(/^# Stack = (\d+) \//m.exec(pprof)![1]);
    assert.equal(f.data!.gap, rss - n('HeapInuse') - stack);
    assert.equal(a.metrics.processes![0].go!.retainedBytes, n('HeapIdle') - n('HeapReleased'));
    assert.ok(!a.findings.some((x) => x.rule === 'go/next-gc-beyond-limit'), 'NextGC is far under the limit');
  });

  test('gctrace whose goal reaches the limit, and a GOMEMLIMIT above it: set one 12.5 % under the limit', () => {
    const t = ['$ cat /proc/8477/environ | tr "\\0" "\\n"', cap('go-environ.txt'), '$ ./memhog 2>&1', cap('go-gctrace-stderr.txt'), limit(512 * MiB)].join('\n');
    const a = analyzeText(t);
    const f = a.findings.find((x) => x.rule === 'go/next-gc-beyond-limit')!;
    assert.ok(f, rules(t).join(', '));
    assert.equal(f.severity, 'warning');
    assert.equal(f.data!.nextGc, 500 * MiB, 'the last cycle\'s "500 MB goal" (gctrace MB are MiB)');
    assert.match(f.message, /GOMEMLIMIT=448MiB/);
    assert.match(f.message, /GOMEMLIMIT \(768 MiB\) is not below the limit/);
  });
});

describe('published examples from the wild, with the limit their post names', () => {
  test('Stack Overflow: -Xmx128m killed under a 400 MB mem_limit: non-heap nearly fills what is left (warning)', () => {
    const text = wild('jvm-nmt-summary-stackoverflow-docker-xmx128m-461mib-partial.txt');
    const a = analyzeText(`${text}\n${limit(400_000_000)}`);
    const f = a.findings.find((x) => x.rule === 'jvm/non-heap-exceeds-headroom')!;
    assert.ok(f, a.findings.map((x) => x.rule).join(', '));
    assert.equal(f.severity, 'warning');
    assert.equal(f.data!.nonHeap, (367400 - 131072) * 1024);
    assert.equal(f.data!.maxHeap, 131072 * 1024, 'without flags, the Java Heap NMT reserves is the maximum');
  });

  test('Camunda Zeebe in 1 Gi: heap capped at 256 MiB, non-heap 254 MiB: it fits, no alarm', () => {
    const text = wild('jvm-nmt-summary-peak-annotations-camunda-zeebe-1gi-partial.txt');
    const a = analyzeText(`${text}\n${limit(1024 * MiB)}`);
    assert.ok(!a.findings.some((x) => x.rule === 'jvm/non-heap-exceeds-headroom'), a.findings.map((x) => `${x.rule}: ${x.message}`).join('\n'));
    assert.equal(a.metrics.processes![0].jvm!.nonHeapCommittedBytes, (424132 - 164040) * 1024);
  });
});

describe('two processes in one paste', () => {
  test('a JVM\'s files, then a Go service\'s MemStats and its status: each section joins the process it belongs to', () => {
    const t = [jvmDoc(), '$ curl -s localhost:6060/debug/pprof/heap?debug=1', cap('go-pprof-heap-debug1.txt'), '$ cat /proc/8477/status', cap('go-proc-status.txt')].join('\n');
    const a = analyzeText(t);
    const ps = a.metrics.processes!;
    assert.deepEqual(ps.map((p) => [p.name, p.pid, p.runtime]), [['java', 7477, 'jvm'], ['memhog', 8477, 'go']]);
    assert.equal(ps[1].go!.heapInuseBytes, Number(/^# HeapInuse = (\d+)/m.exec(cap('go-pprof-heap-debug1.txt'))![1]));
    assert.equal(ps[0].go, undefined, 'the MemStats above the Go status are not the JVM\'s');
  });
});

describe('the limit from the pod spec when no cgroup file is pasted', () => {
  const describePod = readFileSync(join(process.cwd(), 'fixtures', 'kubernetes', 'fixture-describe-pod-oomkilled.txt'), 'utf8');
  test('kubectl describe pod (fixture: one container, limits.memory 512Mi) beside a JVM\'s NMT: the headroom is 512 MiB − Xmx', () => {
    const a = analyzeText(`${describePod}\n${jvmDoc()}`);
    const p = a.metrics.processes![0];
    assert.equal(p.limitBytes, 512 * MiB);
    assert.equal(p.cgroupHow, 'pod-spec');
    assert.equal(p.cgroupPath, 'container api (pod shop/api-7d4b9c-xyz)');
    assert.equal(p.jvm!.headroomBytes, 512 * MiB - Number(/-XX:MaxHeapSize=(\d+)/.exec(cap('jdk17-vm-flags.txt'))![1]));
  });

  test('a memory.max beside it wins; two containers with limits leave the process without one', () => {
    assert.equal(analyzeText(`${describePod}\n${jvmDoc(limit(256 * MiB))}`).metrics.processes![0].cgroupHow, 'only-limit');
    const two = describePod.replace('QoS Class:', '  sidecar:\n    Limits:\n      memory:  64Mi\nQoS Class:');
    const a = analyzeText(`${two}\n${jvmDoc()}`);
    assert.equal(a.parsed.sections.find((s) => s.kind === 'k8s-events')?.kind, 'k8s-events');
    assert.equal(a.metrics.processes![0].limitBytes, undefined);
  });
});

