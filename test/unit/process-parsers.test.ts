// The process side (issue 14 §1): /proc/PID/status, smaps_rollup, smaps, cgroup, JVM NMT / flags /
// heap, Go MemStats / expvar / gctrace. The captures in test/process/captures are real outputs made
// on a machine by test/process/gen/make-captures.sh (see its README); expected numbers are read from
// their text with plain regexes, so a new run of the script keeps these tests meaningful.
// Texts written here (bad lines, kubepods paths) are marked as written for the test.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from '../../src/formats/parse';
import { LineTable } from '../../src/formats/lines';
import { mayHaveProcess } from '../../src/formats/process';
import { processHits } from '../../src/formats/process/hits';
import { analyzeText } from '../../src/analysis/analyze';
import { LineIndex } from '../../src/features/locate';
import { hoverAt } from '../../src/features/hover';
import { documentSymbols } from '../../src/features/symbols';
import { lookupKnowledge, searchKnowledge } from '../../src/knowledge';
import type { GoMemStatsSection, JvmFlagsSection, JvmHeapSection, JvmNmtSection, ParsedDocument, ProcCgroupSection, ProcStatusSection, Section, SmapsRollupSection, SmapsSection, Span } from '../../src/model';
import { meminfo } from './helpers';

const DIR = path.join(process.cwd(), 'test', 'process', 'captures');
const read = (name: string) => readFileSync(path.join(DIR, name), 'utf8');
function only<T extends Section>(p: ParsedDocument, kind: T['kind']): T {
  const s = p.sections.filter((x) => x.kind === kind);
  assert.equal(s.length, 1, `one ${kind} section, got ${p.sections.map((x) => x.kind).join(', ')}`);
  return s[0] as T;
}
const at = (text: string, sp: Span) => text.split('\n')[sp.line].slice(sp.start, sp.end);
/** `Key:  N kB` of a capture, read with a plain regex: the expected value in bytes. */
function kb(text: string, key: string): number {
  const m = new RegExp(`^${key.replace(/[()]/g, '\\$&')}:\\s+(\\d+) kB$`, 'm').exec(text);
  assert.ok(m, `${key} in capture`);
  return Number(m[1]) * 1024;
}
const JDKS = ['jdk17', 'jdk25'];
const NMT_SUMMARIES = ['jdk17-nmt-summary.txt', 'jdk25-nmt-summary.txt'];

describe('detection is cheap and does not take other captures', () => {
  test('no marker: the pre-pass answers no with one regex', () => {
    assert.equal(mayHaveProcess(new LineTable(meminfo())), false);
    assert.equal(mayHaveProcess(new LineTable(read('jdk17-proc-status.txt'))), true);
  });
  test('meminfo alone stays meminfo (VmallocTotal is not a status key)', () => {
    const p = parseDocument(meminfo());
    assert.deepEqual(p.sections.map((s) => s.kind), ['meminfo']);
  });
});

describe('/proc/PID/status', () => {
  for (const f of ['jdk17-proc-status.txt', 'jdk25-proc-status.txt', 'go-proc-status.txt']) {
    test(`${f}: sizes in bytes, VmRSS = RssAnon + RssFile + RssShmem as the kernel prints it`, () => {
      const text = read(f);
      const p = parseDocument(text);
      const s = only<ProcStatusSection>(p, 'proc-status');
      assert.equal(p.problems.length, 0, JSON.stringify(p.problems));
      assert.equal(s.startLine, 0);
      assert.equal(s.endLine, text.trimEnd().split('\n').length - 1);
      for (const k of ['VmPeak', 'VmSize', 'VmHWM', 'VmRSS', 'RssAnon', 'RssFile', 'RssShmem', 'VmData', 'VmStk', 'VmPTE', 'VmSwap']) assert.equal(s.byKey[k].bytes, kb(text, k), k);
      const b = s.byKey;
      assert.equal(b.VmRSS.bytes, b.RssAnon.bytes! + b.RssFile.bytes! + b.RssShmem.bytes!);
      assert.equal(s.pid, Number(/^Pid:\s+(\d+)$/m.exec(text)![1]));
      assert.equal(s.name, /^Name:\s+(\S+)$/m.exec(text)![1]);
      // Non-memory lines are kept, without bytes.
      assert.equal(b.State.unit, 'text');
      assert.equal(b.State.bytes, undefined);
      assert.equal(b.voluntary_ctxt_switches.unit, 'count');
      assert.equal(b.Threads.value, Number(/^Threads:\s+(\d+)$/m.exec(text)![1]));
      // Spans: the key and the number as printed.
      assert.equal(at(text, b.VmRSS.keySpan), 'VmRSS');
      assert.equal(at(text, b.VmRSS.valueSpan), String(b.VmRSS.value));
      assert.equal(at(text, b.VmRSS.unitSpan!), 'kB');
    });
  }
  test('the JVM started 20 + 180 idle threads: Threads counts them', () => {
    const s = only<ProcStatusSection>(parseDocument(read('jdk17-proc-status.txt')), 'proc-status');
    assert.ok(s.byKey.Threads.value >= 200, String(s.byKey.Threads.value));
  });
  test('a bad size is a problem at its line, and the rest is read', () => {
    const text = read('jdk17-proc-status.txt').replace(/^VmRSS:.*$/m, 'VmRSS:\t  lots kB'); // written for the test
    const line = text.split('\n').findIndex((l) => l.startsWith('VmRSS'));
    const p = parseDocument(text);
    const s = only<ProcStatusSection>(p, 'proc-status');
    const w = p.problems.filter((x) => x.severity === 'warning');
    assert.equal(w.length, 1);
    assert.equal(w[0].line, line);
    assert.match(w[0].message, /VmRSS should be a size in kB/);
    assert.ok(Number.isNaN(s.byKey.VmRSS.value));
    assert.ok(s.byKey.VmHWM.bytes! > 0);
  });
});

describe('smaps_rollup and smaps', () => {
  for (const j of JDKS) {
    test(`${j}: smaps_rollup's fields and header`, () => {
      const text = read(`${j}-smaps-rollup.txt`);
      const p = parseDocument(text);
      const s = only<SmapsRollupSection>(p, 'smaps-rollup');
      assert.equal(p.problems.length, 0);
      assert.equal(s.header?.line, 0);
      assert.match(at(text, s.header!.span), /^[0-9a-f]+-[0-9a-f]+$/);
      for (const k of ['Rss', 'Pss', 'Pss_Anon', 'Pss_File', 'Pss_Shmem', 'Shared_Clean', 'Private_Dirty', 'Anonymous', 'Swap', 'SwapPss', 'Locked']) assert.equal(s.byKey[k].bytes, kb(text, k), k);
      assert.equal(s.byKey.Pss.bytes, s.byKey.Pss_Anon.bytes! + s.byKey.Pss_File.bytes! + s.byKey.Pss_Shmem.bytes!);
    });
    test(`${j}: smaps grouped by mapping; its Rss total equals smaps_rollup's (both read moments apart)`, () => {
      const text = read(`${j}-smaps.txt`);
      const p = parseDocument(text);
      const s = only<SmapsSection>(p, 'smaps');
      assert.equal(p.problems.length, 0, JSON.stringify(p.problems.slice(0, 3)));
      const headers = text.split('\n').filter((l) => /^[0-9a-f]+-[0-9a-f]+ /.test(l)).length;
      assert.equal(s.mappings.length, headers);
      const rollup = only<SmapsRollupSection>(parseDocument(read(`${j}-smaps-rollup.txt`)), 'smaps-rollup');
      // The kernel sums the same page counts for the rollup; Pss is summed there before rounding to kB.
      const rss = rollup.byKey.Rss.bytes!;
      assert.ok(Math.abs(s.totals.rssBytes - rss) <= rss * 0.01, `${s.totals.rssBytes} vs ${rss}`);
      assert.ok(Math.abs(s.totals.pssBytes - rollup.byKey.Pss.bytes!) <= s.mappings.length * 1024 + rss * 0.01);
      // Groups add up to the totals.
      for (const k of ['rssBytes', 'pssBytes', 'privateDirtyBytes', 'swapBytes'] as const) assert.equal(s.groups.reduce((t, g) => t + g[k], 0), s.totals[k], k);
      const kinds = new Map(s.groups.map((g) => [g.key, g.kind]));
      assert.equal(kinds.get('[heap]'), 'heap');
      assert.equal(kinds.get('[stack]'), 'stack');
      assert.equal(kinds.get('[vdso]/[vvar]'), 'vdso');
      assert.equal(kinds.get('anonymous'), 'anonymous');
      assert.ok([...kinds.keys()].some((k) => /libjvm\.so$/.test(k)));
      // 200 Java threads: their stacks are anonymous mappings, not [stack].
      assert.ok(s.groups.find((g) => g.key === 'anonymous')!.mappings.length >= 200);
      assert.equal(s.groups.find((g) => g.key === '[stack]')!.mappings.length, 1);
      // Every mapping keeps its header line and spans.
      for (const m of s.mappings.slice(0, 50)) {
        assert.equal(at(text, m.spans.address), `${m.start}-${m.end}`);
        assert.equal(at(text, m.spans.perms), m.perms);
        if (m.pathname) assert.equal(at(text, m.spans.pathname!), m.pathname);
        assert.equal(m.values.Size, (parseInt(m.end, 16) - parseInt(m.start, 16)));
      }
    });
  }
  test('a bad smaps value is a problem at its line', () => {
    const lines = read('jdk17-smaps.txt').split('\n');
    const i = lines.findIndex((l, k) => k > 100 && l.startsWith('Rss:'));
    lines[i] = 'Rss:               x kB'; // written for the test
    const p = parseDocument(lines.join('\n'));
    assert.equal(only<SmapsSection>(p, 'smaps').mappings.length, lines.filter((l) => /^[0-9a-f]+-[0-9a-f]+ /.test(l)).length);
    assert.deepEqual(p.problems.map((x) => x.line), [i]);
  });
});

describe('/proc/PID/cgroup', () => {
  test('the machine\'s hybrid layout: v1 controllers and the unified line; the memory controller\'s path', () => {
    const text = read('jdk17-cgroup.txt');
    const s = only<ProcCgroupSection>(parseDocument(text), 'proc-cgroup');
    assert.equal(s.entries.length, text.trim().split('\n').length);
    assert.equal(s.version, 'hybrid');
    assert.equal(s.memoryPath, /^\d+:memory:(\/.*)$/m.exec(text)![1]);
    const e = s.entries[0];
    assert.equal(at(text, e.spans.path), e.path);
  });
  test('v2 under kubepods links to the pod and container (written path, systemd driver)', () => {
    const text = '0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod0b5d1c2a_0000_4000_8000_000000000001.slice/cri-containerd-3f1c0f1bd4b19cbf8c8a6ad8ff0cbd5a2f8e7b7e6d1c0b9a8f7e6d5c4b3a2f1e.scope\n';
    const s = only<ProcCgroupSection>(parseDocument(text), 'proc-cgroup');
    assert.equal(s.version, 'v2');
    assert.equal(s.kubernetes?.podUid, '0b5d1c2a-0000-4000-8000-000000000001');
    assert.equal(s.kubernetes?.qosFromPath, 'Burstable');
    assert.equal(s.kubernetes?.containerId?.slice(0, 12), '3f1c0f1bd4b1');
  });
});

describe('JVM Native Memory Tracking', () => {
  for (const f of NMT_SUMMARIES) {
    test(`${f}: Total committed equals the sum of the categories as printed; every number read`, () => {
      const text = read(f);
      const p = parseDocument(text);
      const s = only<JvmNmtSection>(p, 'jvm-nmt');
      assert.equal(p.problems.length, 0, JSON.stringify(p.problems));
      assert.equal(s.variant, 'summary');
      assert.equal(s.scale, 'KB');
      assert.equal(s.pid, Number(/^(\d+):$/m.exec(text)![1]));
      const total = /^Total: reserved=(\d+)KB, committed=(\d+)KB$/m.exec(text)!;
      assert.equal(s.total!.reservedBytes, Number(total[1]) * 1024);
      assert.equal(s.total!.committedBytes, Number(total[2]) * 1024);
      const heads = [...text.matchAll(/^-\s+(.+?) \(reserved=(\d+)KB, committed=(\d+)KB/gm)];
      assert.deepEqual(s.categories.map((c) => c.name), heads.map((h) => h[1]));
      assert.deepEqual(s.categories.map((c) => c.committedBytes), heads.map((h) => Number(h[3]) * 1024));
      // Categories under 1 KB are omitted from the print: the sum may fall short by less than 1 KB each.
      const sum = s.categories.reduce((t, c) => t + c.committedBytes, 0);
      assert.ok(s.total!.committedBytes - sum >= 0 && s.total!.committedBytes - sum < 1024 * 10, `${s.total!.committedBytes} vs ${sum}`);
      const thread = s.categories.find((c) => c.name === 'Thread')!;
      const count = thread.values.find((v) => v.key === 'thread' || v.key === 'threads')!;
      assert.equal(count.count, Number(/\(threads? #(\d+)\)/.exec(text)![1]));
      assert.ok(count.count! >= 200);
      assert.equal(thread.values.find((v) => v.key === 'stack.committed')!.bytes, Number(/\(stack: reserved=\d+KB, committed=(\d+)KB/.exec(text)![1]) * 1024);
      const cls = s.categories.find((c) => c.name === 'Class')!;
      assert.equal(cls.values.find((v) => v.key === 'classes')!.count, Number(/\(classes #(\d+)\)/.exec(text)![1]));
      assert.equal(cls.values.find((v) => v.key === 'malloc.count')!.count, Number(/Class[\s\S]*?\(malloc=\d+KB(?: tag=Class)? #(\d+)\)/.exec(text)![1]));
      assert.ok(cls.values.some((v) => v.key === 'Metadata.used') && cls.values.some((v) => v.key === 'Class space.committed'));
      const waste = cls.values.find((v) => v.key === 'Metadata.waste')!;
      assert.equal(waste.percent, Number(/waste=\d+KB =([\d.]+)%/.exec(text)![1]));
      // Direct buffers: 40 MiB allocated by the program, in Other.
      assert.ok(s.categories.find((c) => c.name === 'Other')!.committedBytes >= 40 * 2 ** 20);
      // Spans cover the numbers as printed.
      const r = s.categories[0].values.find((v) => v.key === 'reserved')!;
      assert.equal(at(text, r.span), `${r.bytes! / 1024}KB`);
      assert.equal(at(text, r.keySpan!), 'reserved');
      assert.equal(at(text, s.categories[1].nameSpan), 'Class');
    });
  }
  test('summary.diff: the +/- changes of every number (JDK 17 prints the arena change without a unit)', () => {
    for (const j of JDKS) {
      const text = read(`${j}-nmt-summary-diff.txt`);
      const p = parseDocument(text);
      const s = only<JvmNmtSection>(p, 'jvm-nmt');
      assert.equal(p.problems.length, 0, JSON.stringify(p.problems));
      assert.equal(s.variant, 'diff');
      const total = /^Total: reserved=\d+KB ([+-]\d+)KB, committed=\d+KB ([+-]\d+)KB$/m.exec(text)!;
      assert.equal(s.total!.reservedDeltaBytes, Number(total[1]) * 1024);
      assert.equal(s.total!.committedDeltaBytes, Number(total[2]) * 1024);
      const thread = s.categories.find((c) => c.name === 'Thread')!;
      assert.equal(thread.values.find((v) => /^threads?$/.test(v.key))!.delta, Number(/\(threads? #\d+ \+(\d+)\)/.exec(text)![1]));
      const arena = thread.values.find((v) => v.key === 'arena')!;
      assert.equal(arena.delta, Number(/\(arena=\d+KB \+(\d+)(?:KB)? #/.exec(text)![1]) * 1024);
      const java = s.categories.find((c) => c.name === 'Java Heap')!;
      assert.equal(java.committedDeltaBytes, undefined, 'no change printed, none read');
    }
  });
  test('scale=MB: MB is 1024 × 1024 bytes; the total agrees with the categories within their rounding', () => {
    const text = read('jdk17-nmt-summary-scale-mb.txt');
    const s = only<JvmNmtSection>(parseDocument(text), 'jvm-nmt');
    assert.equal(s.scale, 'MB');
    assert.equal(s.categories[0].committedBytes, Number(/Java Heap \(reserved=\d+MB, committed=(\d+)MB/.exec(text)![1]) * 2 ** 20);
    const sum = s.categories.reduce((t, c) => t + c.committedBytes, 0);
    assert.ok(Math.abs(s.total!.committedBytes - sum) <= s.categories.length * 2 ** 20);
  });
  test('detail: the summary part is read, the map and call sites are kept in the block unread', () => {
    const text = read('jdk25-nmt-detail.txt');
    const p = parseDocument(text);
    const s = only<JvmNmtSection>(p, 'jvm-nmt');
    assert.equal(s.variant, 'detail');
    assert.equal(p.sections.length, 1);
    assert.equal(p.problems.length, 0);
    assert.ok(s.categories.length >= 15);
    assert.equal(s.endLine, text.trimEnd().split('\n').length - 1);
  });
  test('baseline: the answer is a jvm-nmt section with its message', () => {
    const s = only<JvmNmtSection>(parseDocument(read('jdk17-nmt-baseline.txt')), 'jvm-nmt');
    assert.equal(s.variant, 'baseline');
    assert.match(s.message!.text, /^Baseline (?:taken|succeeded)$/);
  });
  test('a garbled line in a summary is a problem at its line; the categories around it are read', () => {
    const lines = read('jdk17-nmt-summary.txt').split('\n');
    const i = lines.findIndex((l) => /^-\s+Code /.test(l)) + 1;
    lines[i] = '               garbage here !!'; // written for the test
    const p = parseDocument(lines.join('\n'));
    const s = only<JvmNmtSection>(p, 'jvm-nmt');
    assert.deepEqual(p.problems.map((x) => x.line), [i]);
    assert.ok(s.categories.some((c) => c.name === 'GC'));
  });
});

describe('JVM flags and heap', () => {
  test('VM.flags: -Xmx64m is MaxHeapSize 67108864; booleans; NativeMemoryTracking as text', () => {
    const text = read('jdk17-vm-flags.txt');
    const s = only<JvmFlagsSection>(parseDocument(text), 'jvm-flags');
    assert.equal(s.format, 'vm-flags');
    assert.equal(s.limits.maxHeapBytes, 64 * 2 ** 20);
    assert.equal(s.byName.UseG1GC.value, 1);
    assert.equal(s.byName.NativeMemoryTracking.raw, 'summary');
    assert.equal(at(text, s.byName.MaxHeapSize.valueSpan), '67108864');
    assert.equal(at(text, s.byName.MaxHeapSize.nameSpan), 'MaxHeapSize');
    assert.equal(s.flags.length, (text.match(/-XX:/g) ?? []).length);
  });
  test('VM.flags -all and PrintFlagsFinal: every row, types and origins; stack size in KB; MaxDirectMemorySize 0 is no limit of its own', () => {
    for (const f of ['jdk17-vm-flags-all.txt', 'jdk25-vm-flags-all.txt', 'jdk17-print-flags-final.txt']) {
      const text = read(f);
      const p = parseDocument(text);
      const s = only<JvmFlagsSection>(p, 'jvm-flags');
      assert.equal(p.problems.length, 0, `${f}: ${JSON.stringify(p.problems.slice(0, 2))}`);
      assert.equal(s.format, 'flags-final');
      assert.equal(s.flags.length, text.split('\n').filter((l) => /\{[^}]*\}\s*$/.test(l)).length);
      const tss = Number(/ThreadStackSize\s+= (\d+)/.exec(text)![1]);
      assert.equal(s.limits.threadStackBytes, tss * 1024);
      assert.equal(s.byName.MaxHeapSize.type, 'size_t');
      assert.ok(s.byName.MaxHeapSize.origin);
      assert.equal(s.limits.maxDirectMemoryBytes, undefined);
      assert.equal(s.byName.MaxDirectMemorySize.value, 0);
    }
    const final = only<JvmFlagsSection>(parseDocument(read('jdk17-print-flags-final.txt')), 'jvm-flags');
    assert.match(final.jvmVersion ?? '', /^17\./);
  });
  test('GC.heap_info: G1 (JDK 17) and Parallel (JDK 25) spaces, used and committed', () => {
    const g1 = read('jdk17-gc-heap-info.txt');
    const s = only<JvmHeapSection>(parseDocument(g1), 'jvm-heap');
    assert.equal(s.collector, 'G1');
    const heap = s.spaces.find((x) => x.name === 'garbage-first heap')!;
    const m = /total (\d+)K, used (\d+)K/.exec(g1)!;
    assert.equal(heap.totalBytes, Number(m[1]) * 1024);
    assert.equal(heap.usedBytes, Number(m[2]) * 1024);
    const region = s.spaces.find((x) => x.name === 'region size')!;
    assert.equal(region.regionBytes, 1024 * 1024);
    assert.equal(region.youngRegions, Number(/(\d+) young/.exec(g1)![1]));
    const meta = s.spaces.find((x) => x.name === 'Metaspace')!;
    const mm = /Metaspace\s+used (\d+)K, committed (\d+)K, reserved (\d+)K/.exec(g1)!;
    assert.deepEqual([meta.usedBytes, meta.committedBytes, meta.reservedBytes], [Number(mm[1]) * 1024, Number(mm[2]) * 1024, Number(mm[3]) * 1024]);
    assert.equal(s.spaces.find((x) => x.name === 'class space')!.parent, 'Metaspace');
    const par = only<JvmHeapSection>(parseDocument(read('jdk25-gc-heap-info.txt')), 'jvm-heap');
    assert.equal(par.collector, 'Parallel');
    assert.deepEqual(par.spaces.filter((x) => x.parent === 'PSYoungGen').map((x) => x.name), ['eden space', 'from space', 'to space']);
    const eden = par.spaces.find((x) => x.name === 'eden space')!;
    assert.equal(eden.usedPercent, Number(/eden space \d+K, +(\d+)% used/.exec(read('jdk25-gc-heap-info.txt'))![1]));
  });
});

describe('Go runtime', () => {
  const raw = (text: string, key: string) => Number(new RegExp(`^# ${key} = (\\d+)$`, 'm').exec(text)![1]);
  test('pprof heap?debug=1: the MemStats block; HeapIdle large, HeapReleased lagging after runtime.GC', () => {
    const text = read('go-pprof-heap-debug1.txt');
    const p = parseDocument(text);
    const s = only<GoMemStatsSection>(p, 'go-memstats');
    assert.equal(p.problems.length, 0, JSON.stringify(p.problems));
    assert.equal(s.variant, 'pprof');
    assert.equal(s.startLine, 0, 'the profile records belong to the block');
    for (const k of ['HeapInuse', 'HeapIdle', 'HeapReleased', 'NextGC', 'HeapSys', 'Sys', 'HeapAlloc']) assert.equal(s.byKey[k].bytes, raw(text, k), k);
    const b = s.byKey;
    assert.equal(b.HeapSys.bytes, b.HeapInuse.bytes! + b.HeapIdle.bytes!);
    assert.ok(b.HeapIdle.bytes! > 300 * 2 ** 20, 'the freed 400 MiB is idle');
    assert.ok(b.HeapReleased.bytes! < b.HeapIdle.bytes! / 2, 'and mostly not yet released');
    const stack = /^# Stack = (\d+) \/ (\d+)$/m.exec(text)!;
    assert.deepEqual([b.StackInuse.bytes, b.StackSys.bytes], [Number(stack[1]), Number(stack[2])]);
    assert.equal(b.NumGC.value, raw(text, 'NumGC'));
    assert.equal(b.LastGC.unit, 'ns');
    assert.equal(at(text, b.HeapIdle.valueSpan), String(b.HeapIdle.bytes));
    assert.equal(s.profile?.sampleRate, 1048576);
  });
  test('expvar /debug/vars: memstats and cmdline, numbers equal to JSON.parse', () => {
    const text = read('go-debug-vars.json');
    const json = JSON.parse(text) as { memstats: Record<string, number>; cmdline: string[] };
    const s = only<GoMemStatsSection>(parseDocument(text), 'go-memstats');
    assert.equal(s.variant, 'expvar');
    for (const k of ['HeapInuse', 'HeapIdle', 'HeapReleased', 'NextGC', 'StackSys', 'Sys']) assert.equal(s.byKey[k].bytes, json.memstats[k], k);
    assert.equal(s.byKey.NumGC.value, json.memstats.NumGC);
    assert.deepEqual(s.cmdline, json.cmdline);
    assert.equal(at(text, s.byKey.HeapIdle.keySpan), 'HeapIdle');
    assert.equal(at(text, s.byKey.HeapIdle.valueSpan), String(json.memstats.HeapIdle));
  });
  test('gctrace (Go 1.19: stacks and globals): every cycle, MB as MiB, the forced one', () => {
    const text = read('go-gctrace-stderr.txt');
    const s = only<GoMemStatsSection>(parseDocument(text), 'go-memstats');
    const lines = text.split('\n').filter((l) => /^gc \d+ @/.test(l));
    assert.equal(s.cycles.length, lines.length);
    const last = s.cycles[s.cycles.length - 1];
    const m = /(\d+)->(\d+)->(\d+) MB, (\d+) MB goal, (\d+) MB stacks, (\d+) MB globals, (\d+) P/.exec(lines[lines.length - 1])!;
    assert.deepEqual([last.heapStartBytes, last.heapEndBytes, last.liveBytes, last.goalBytes, last.stacksBytes, last.globalsBytes, last.procs], [1, 2, 3, 4, 5, 6].map((i) => Number(m[i]) * 2 ** 20).concat(Number(m[7])));
    assert.equal(last.forced, true);
    assert.equal(at(text, last.spans.live), m[3]);
    assert.equal(at(text, last.spans.goal), m[4]);
  });
  test('GOMEMLIMIT from the environment: 768MiB in bytes', () => {
    const s = only<GoMemStatsSection>(parseDocument(read('go-environ.txt')), 'go-memstats');
    assert.equal(s.memoryLimit?.bytes, 768 * 2 ** 20);
    assert.equal(s.memoryLimit?.unit, 'MiB');
  });
  test('a gctrace line in an unknown layout is a problem at its line', () => {
    const text = `${read('go-gctrace-stderr.txt').trimEnd()}\ngc 9 @0.300s 0%: 0.02+0.5+0.003 ms clock, something else entirely\n`; // last line written for the test
    const p = parseDocument(text);
    assert.deepEqual(p.problems.map((x) => x.line), [text.trimEnd().split('\n').length - 1]);
  });
});

describe('pasted among other captures', () => {
  const nmt = read('jdk17-nmt-summary.txt').trimEnd();
  const status = read('jdk17-proc-status.txt').trimEnd();
  const mem = meminfo().trimEnd();
  const n = (t: string) => t.split('\n').length;
  test('meminfo + NMT + status behind prompts: three sections with their ranges', () => {
    const text = ['$ cat /proc/meminfo', mem, '$ jcmd 7477 VM.native_memory summary', nmt, '$ cat /proc/7477/status', status, ''].join('\n');
    const p = parseDocument(text);
    assert.deepEqual(p.sections.map((s) => [s.kind, s.headerLine, s.startLine, s.endLine, s.source]), [
      ['meminfo', 0, 1, n(mem), '/proc/meminfo'],
      ['jvm-nmt', n(mem) + 1, n(mem) + 2, n(mem) + 1 + n(nmt), 'jcmd 7477 VM.native_memory summary'],
      ['proc-status', n(mem) + n(nmt) + 2, n(mem) + n(nmt) + 3, n(mem) + n(nmt) + 2 + n(status), 'cat /proc/7477/status'],
    ]);
    assert.equal(p.problems.length, 0, JSON.stringify(p.problems));
  });
  test('the same without any header, blank lines between', () => {
    const text = [mem, '', nmt, '', status].join('\n');
    const p = parseDocument(text);
    assert.deepEqual(p.sections.map((s) => [s.kind, s.startLine, s.endLine]), [
      ['meminfo', 0, n(mem) - 1], ['jvm-nmt', n(mem) + 1, n(mem) + n(nmt)], ['proc-status', n(mem) + n(nmt) + 2, n(mem) + n(nmt) + 1 + n(status)]]);
  });
  test('tail -n +1 status smaps_rollup cgroup: each behind its ==> header', () => {
    const text = read('jdk17-tail-status-rollup-cgroup.txt');
    const p = parseDocument(text);
    assert.deepEqual(p.sections.map((s) => [s.kind, s.detectedBy, s.source?.replace(/\d+/, 'PID')]), [['proc-status', 'header', '/proc/PID/status'], ['smaps-rollup', 'header', '/proc/PID/smaps_rollup'], ['proc-cgroup', 'header', '/proc/PID/cgroup']]);
    assert.equal(p.problems.length, 0);
  });
  test('jcmd VM.flags, GC.heap_info, pprof and gctrace behind prompts, after a kubectl top', () => {
    const top = 'NAME   CPU(cores)   MEMORY(bytes)\nweb-1  3m           415Mi';
    const text = ['$ kubectl top pod', top, '$ jcmd 1 VM.flags', read('jdk17-vm-flags.txt').trimEnd(), '$ jcmd 1 GC.heap_info', read('jdk17-gc-heap-info.txt').trimEnd(), '$ curl -s localhost:6060/debug/pprof/heap?debug=1', read('go-pprof-heap-debug1.txt').trimEnd(), '$ GODEBUG=gctrace=1 ./server', read('go-gctrace-stderr.txt').trimEnd(), ''].join('\n');
    const p = parseDocument(text);
    assert.deepEqual(p.sections.map((s) => [s.kind, s.detectedBy]), [['kubectl-top', 'prompt'], ['jvm-flags', 'prompt'], ['jvm-heap', 'prompt'], ['go-memstats', 'prompt'], ['go-memstats', 'prompt']]);
    // The PID jcmd printed wins over the one typed.
    assert.equal((p.sections[1] as JvmFlagsSection).pid, Number(/^(\d+):$/m.exec(read('jdk17-vm-flags.txt'))![1]));
    assert.equal(p.sections[1].source, 'jcmd 1 VM.flags');
    assert.equal(p.problems.length, 0, JSON.stringify(p.problems));
  });
  test('a describe pod next to a status: Name: does not make the status a describe block', () => {
    const pod = 'Name:         web-1\nNamespace:    default\nQoS Class:    Burstable\n'; // written for the test
    const p = parseDocument(`${pod}\n${status}\n`);
    assert.deepEqual(p.sections.map((s) => s.kind), ['k8s-events', 'proc-status']);
    assert.equal((p.sections[1] as ProcStatusSection).byKey.VmRSS.bytes, kb(status, 'VmRSS'));
  });
});

describe('hovers and outline', () => {
  const FILES = ['jdk17-proc-status.txt', 'jdk17-smaps-rollup.txt', 'jdk17-cgroup.txt', 'jdk17-nmt-summary.txt', 'jdk25-nmt-summary-diff.txt', 'jdk17-vm-flags.txt', 'jdk17-gc-heap-info.txt', 'jdk25-gc-heap-info.txt', 'go-pprof-heap-debug1.txt', 'go-debug-vars.json', 'go-gctrace-stderr.txt', 'go-environ.txt'];
  test('every field of every capture has a knowledge entry of its own', () => {
    for (const f of FILES) {
      const s = parseDocument(read(f)).sections[0];
      const hits = processHits(s as never);
      assert.ok(hits.length > 0, f);
      for (const h of hits) {
        if (h.kind === 'jvm-flags') continue; // every flag reads the catch-all at least; the memory ones below
        assert.ok(lookupKnowledge(h.kind, h.key), `${f}: no entry for ${h.kind} ${h.key}`);
      }
    }
    for (const k of ['MaxHeapSize', 'MaxMetaspaceSize', 'MaxDirectMemorySize', 'ThreadStackSize']) assert.ok(lookupKnowledge('jvm-flags', k)?.name === k);
    assert.ok(lookupKnowledge('jvm-flags', 'G1ConcRefinementThreads'), 'catch-all');
    assert.ok(searchKnowledge('HeapReleased').some((x) => x.kind === 'go-memstats'));
    assert.ok(searchKnowledge('VmRSS').some((x) => x.kind === 'proc-status'));
  });
  test('hovering each line of a status, a summary and a gctrace explains it', () => {
    for (const f of ['jdk17-proc-status.txt', 'jdk17-nmt-summary.txt', 'go-gctrace-stderr.txt', 'jdk17-smaps.txt']) {
      const text = f.endsWith('smaps.txt') ? read(f).split('\n').slice(0, 120).join('\n') : read(f);
      const a = analyzeText(text);
      const idx = new LineIndex(a.parsed.sections);
      const lines = text.split('\n');
      let hovered = 0;
      lines.forEach((l, i) => {
        if (!/[A-Za-z]/.test(l) || /^\d+:$/.test(l) || /^Native Memory Tracking:|^\(Omitting/.test(l)) return;
        const col = l.search(/[A-Za-z]/);
        const h = hoverAt(a, idx, i, col, l);
        assert.ok(h, `${f}:${i + 1} ${l}`);
        assert.doesNotMatch(h.contents, /Not in the knowledge base/, `${f}:${i + 1} ${l}`);
        hovered++;
      });
      assert.ok(hovered > 5, f);
    }
  });
  test('a hover shows the value in bytes, the change of a diff, and the sums', () => {
    const text = read('jdk17-nmt-summary-diff.txt');
    const a = analyzeText(text);
    const lines = text.split('\n');
    const i = lines.findIndex((l) => /^-\s+Thread /.test(l));
    const h = hoverAt(a, new LineIndex(a.parsed.sections), i, lines[i].indexOf('committed=') + 12, lines[i])!;
    assert.match(h.contents, /\*\*committed\*\* — Committed/);
    assert.match(h.contents, /since the baseline/);
    const st = read('jdk17-proc-status.txt');
    const sa = analyzeText(st);
    const sl = st.split('\n');
    const j = sl.findIndex((l) => l.startsWith('VmRSS'));
    assert.match(hoverAt(sa, new LineIndex(sa.parsed.sections), j, 1, sl[j])!.contents, /RssAnon \+ RssFile \+ RssShmem = \d+ kB/);
  });
  test('outline: NMT categories, smaps groups, status fields, GC cycles', () => {
    const sym = (f: string) => { const t = read(f); const a = analyzeText(t); const ls = t.split('\n'); return documentSymbols(a, (n) => ls[n]?.length ?? 0)[0]; };
    assert.deepEqual(sym('jdk17-nmt-summary.txt').children!.slice(0, 3).map((c) => c.name), ['Total', 'Java Heap', 'Class']);
    assert.deepEqual(sym('jdk17-smaps.txt').children!.slice(0, 4).map((c) => c.name), ['[heap]', '[stack]', 'anonymous', '[vdso]/[vvar]']);
    assert.ok(sym('jdk17-proc-status.txt').children!.some((c) => c.name === 'VmRSS'));
    assert.equal(sym('go-gctrace-stderr.txt').children!.filter((c) => /^gc \d+/.test(c.name)).length, read('go-gctrace-stderr.txt').split('\n').filter((l) => l.startsWith('gc ')).length);
  });
});
