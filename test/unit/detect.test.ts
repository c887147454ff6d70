import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from '../../src/formats/parse';
import type { KeyValueSection, OpaqueSection, PressureSection, Section, SlabinfoSection } from '../../src/model';
import { CORPUS, corpusFiles, fixture, lineOf } from './helpers';

const brief = (s: Section) => ({ kind: s.kind, variant: s.variant, source: s.source, startLine: s.startLine, endLine: s.endLine, capturedAt: s.capturedAt });

describe('single captures by content and file name', () => {
  const cases: [string, string, string | undefined][] = [
    ['kernel-3.2-no-memavailable.meminfo', 'meminfo', undefined],
    ['kernel-6.1-arm64-secpagetables-tab.meminfo', 'meminfo', undefined],
    ['numa-node1.meminfo', 'meminfo', undefined],
    ['slub-6.6-kmalloc-rnd-cg.slabinfo', 'slabinfo', undefined],
    ['permission-denied.slabinfo', 'slabinfo', undefined],
    ['kubepods-burstable-pod.memory.stat', 'memory-stat', 'v2'],
    ['docker-container-v1.memory.stat', 'memory-stat', 'v1'],
    ['kubepods-burstable-pod.memory.events', 'memory-events', undefined],
    ['kubepods-burstable-pod.memory.events.local', 'memory-events', 'local'],
    ['kubepods-burstable-pod.memory.swap.events', 'memory-events', 'swap'],
    ['kernel-5.4-cpu-some-only.pressure', 'pressure', 'cpu'],
    ['kernel-6.1-irq-full-only.pressure', 'pressure', 'irq'],
    ['thrashing-node-memory.pressure', 'pressure', 'memory'],
    ['io-heavy-node-io.pressure', 'pressure', 'io'],
    ['node-6.1.vmstat', 'vmstat', undefined],
    ['memcg-oom-kubepods-burstable-dmesg.txt', 'oom-report', undefined],
    ['global-oom-unreclaimable-slab-dmesg-T.txt', 'oom-report', undefined],
    ['journalctl-short-iso-oom.txt', 'oom-report', undefined],
    ['syslog-kernel-oom.txt', 'oom-report', undefined],
    ['dmesg-T-german-locale-oom.txt', 'oom-report', undefined],
  ];
  for (const [name, kind, variant] of cases) {
    test(`${name} is one ${kind}${variant ? ` (${variant})` : ''} section with no problem`, () => {
      const text = fixture(name);
      const d = parseDocument(text, { fileName: name });
      assert.equal(d.sections.length, 1, JSON.stringify(d.sections.map(brief)));
      assert.equal(d.sections[0].kind, kind);
      assert.equal(d.sections[0].variant, variant);
      assert.deepEqual(d.problems, []);
      assert.equal(d.sections[0].startLine, 0);
      assert.equal(d.sections[0].endLine, text.trimEnd().split('\n').length - 1);
    });
  }

  test('PSI without a name: the line set decides (some only = cpu, full only = irq, both = memory, assumed)', () => {
    const cpu = parseDocument(fixture('kernel-5.4-cpu-some-only.pressure')).sections[0] as PressureSection;
    assert.deepEqual([cpu.resource, cpu.resourceFrom], ['cpu', 'line-set']);
    const irq = parseDocument(fixture('kernel-6.1-irq-full-only.pressure')).sections[0] as PressureSection;
    assert.deepEqual([irq.resource, irq.resourceFrom], ['irq', 'line-set']);
    const mem = parseDocument(fixture('io-heavy-node-io.pressure')).sections[0] as PressureSection;
    assert.deepEqual([mem.resource, mem.resourceFrom], ['memory', 'assumed']);
    const named = parseDocument(fixture('io-heavy-node-io.pressure'), { fileName: '/proc/pressure/io' }).sections[0] as PressureSection;
    assert.deepEqual([named.resource, named.resourceFrom], ['io', 'name']);
  });

  test('memory.stat v1 vs v2 by keys alone', () => {
    assert.equal(parseDocument(fixture('docker-container-v1.memory.stat')).sections[0].variant, 'v1');
    assert.equal(parseDocument(fixture('kubepods-burstable-pod.memory.stat')).sections[0].variant, 'v2');
  });

  test('a one-value file is a cgroup value named by the file', () => {
    const d = parseDocument('max\n', { fileName: '/sys/fs/cgroup/kubepods.slice/memory.high' });
    assert.deepEqual(d.sections.map((s) => [s.kind, s.variant, s.detectedBy]), [['cgroup-value', 'memory.high', 'file-name']]);
  });

  test('text that is not a capture is unknown, with a warning naming what was expected', () => {
    const d = parseDocument('hello world\nthis is a README\n');
    assert.deepEqual(d.sections.map((s) => s.kind), ['unknown']);
    assert.equal(d.problems.length, 1);
    assert.match(d.problems[0].message, /Not a kernel memory capture/);
    assert.match(d.problems[0].message, /expected .*meminfo.*slabinfo/);
  });

  test('empty text gives no sections and no problems', () => {
    for (const t of ['', '\n', '\r\n\r\n', '\ufeff']) {
      const d = parseDocument(t);
      assert.deepEqual(d.sections, []);
      assert.deepEqual(d.problems, []);
    }
  });
});

describe('bundles', () => {
  test('tail -n +1 headers: one section per file, sources, line ranges and the date above', () => {
    const text = fixture('bundle-tail-headers.txt');
    const d = parseDocument(text);
    const at = '2026-11-24T09:14:02Z';
    const header = (p: string) => lineOf(text, `==> ${p} <==`);
    assert.deepEqual(d.sections.map(brief), [
      { kind: 'meminfo', variant: undefined, source: '/proc/meminfo', startLine: header('/proc/meminfo') + 1, endLine: lineOf(text, 'Hugetlb:'), capturedAt: at },
      { kind: 'pressure', variant: 'memory', source: '/proc/pressure/memory', startLine: header('/proc/pressure/memory') + 1, endLine: header('/proc/pressure/memory') + 2, capturedAt: at },
      { kind: 'cgroup-value', variant: 'memory.current', source: '/sys/fs/cgroup/kubepods.slice/memory.current', startLine: 51, endLine: 51, capturedAt: at },
      { kind: 'cgroup-value', variant: 'memory.max', source: '/sys/fs/cgroup/kubepods.slice/memory.max', startLine: 54, endLine: 54, capturedAt: at },
      { kind: 'memory-stat', variant: 'v2', source: '/sys/fs/cgroup/kubepods.slice/memory.stat', startLine: 57, endLine: lineOf(text, 'pgmajfault'), capturedAt: at },
      { kind: 'memory-events', variant: undefined, source: '/sys/fs/cgroup/kubepods.slice/memory.events', startLine: 83, endLine: 88, capturedAt: at },
    ]);
    assert.equal(d.sections[0].headerLine, header('/proc/meminfo'));
    assert.ok(d.sections.every((s) => s.detectedBy === 'header'));
    assert.deepEqual(d.problems, []);
  });

  test('CRLF line endings give the same sections and lines as LF', () => {
    const lf = parseDocument(fixture('bundle-tail-headers.txt'));
    const crlf = parseDocument(fixture('bundle-tail-headers-crlf.txt'));
    assert.ok(fixture('bundle-tail-headers-crlf.txt').includes('\r\n'));
    assert.deepEqual(crlf.sections.map(brief), lf.sections.map(brief));
    assert.deepEqual(crlf.problems, []);
    const a = crlf.sections[0] as KeyValueSection; const b = lf.sections[0] as KeyValueSection;
    assert.deepEqual(a.fields, b.fields);
  });

  test('grep . memory.* prefixes: one section per path, kinds from the file names', () => {
    const text = fixture('bundle-grep-kubepods-slice.txt');
    const d = parseDocument(text);
    const dir = '/sys/fs/cgroup/kubepods.slice/';
    const got = d.sections.map((s) => [s.kind, s.variant, s.source?.replace(dir, ''), s.startLine, s.endLine]);
    assert.deepEqual(got, [
      ['cgroup-value', 'memory.current', 'memory.current', 1, 1],
      ['memory-events', undefined, 'memory.events', 2, 7],
      ['memory-events', 'local', 'memory.events.local', 8, 13],
      ['cgroup-value', 'memory.high', 'memory.high', 14, 14],
      ['cgroup-value', 'memory.low', 'memory.low', 15, 15],
      ['cgroup-value', 'memory.max', 'memory.max', 16, 16],
      ['cgroup-value', 'memory.min', 'memory.min', 17, 17],
      ['numa-stat', undefined, 'memory.numa_stat', 18, 19],
      ['cgroup-value', 'memory.oom.group', 'memory.oom.group', 20, 20],
      ['cgroup-value', 'memory.peak', 'memory.peak', 21, 21],
      ['pressure', 'memory', 'memory.pressure', 22, 23],
      ['memory-stat', 'v2', 'memory.stat', 24, 30],
      ['cgroup-value', 'memory.swap.current', 'memory.swap.current', 31, 31],
      ['memory-events', 'swap', 'memory.swap.events', 32, 34],
      ['cgroup-value', 'memory.swap.max', 'memory.swap.max', 35, 35],
    ]);
    // memory.numa_stat is read too (each key by node): no problem anywhere.
    assert.deepEqual(d.problems, []);
    const numa = d.sections.find((s) => s.kind === 'numa-stat') as OpaqueSection;
    assert.ok(numa.numa && numa.numa.length > 0 && numa.numa.every((r) => r.perNodeBytes.length >= 1));
    // Field spans point past the grep prefix.
    const ev = d.sections[1] as KeyValueSection;
    const line = text.split('\n')[ev.byKey.max.line];
    assert.equal(line.slice(ev.byKey.max.keySpan.start, ev.byKey.max.keySpan.end), 'max');
    assert.equal(line.slice(ev.byKey.max.valueSpan.start, ev.byKey.max.valueSpan.end), '21');
  });

  test('cat /proc/meminfo /proc/vmstat with no header: split by content', () => {
    const text = fixture('bundle-cat-meminfo-vmstat-no-header.txt');
    const d = parseDocument(text);
    const vm = lineOf(text, 'nr_free_pages');
    assert.deepEqual(d.sections.map((s) => [s.kind, s.startLine, s.endLine, s.detectedBy]), [
      ['meminfo', 0, vm - 1, 'content'],
      ['vmstat', vm, text.trimEnd().split('\n').length - 1, 'content'],
    ]);
    assert.deepEqual(d.problems, []);
  });

  test('cat /proc/pressure/* after a prompt (5.13+: cpu some+full, io, memory), trailing bare prompt', () => {
    const d = parseDocument(fixture('bundle-cat-pressure-glob.txt'));
    assert.deepEqual(d.sections.map((s) => [s.kind, (s as PressureSection).resource, s.source, s.startLine, s.endLine, s.headerLine, s.detectedBy]), [
      ['pressure', 'cpu', '/proc/pressure/cpu', 1, 2, 0, 'prompt'],
      ['pressure', 'io', '/proc/pressure/io', 3, 4, 0, 'prompt'],
      ['pressure', 'memory', '/proc/pressure/memory', 5, 6, 0, 'prompt'],
    ]);
    assert.deepEqual(d.problems, [], 'the closing prompt is not part of the memory file');
  });

  test('cat /proc/pressure/* with irq (full only) in between', () => {
    const d = parseDocument(fixture('bundle-cat-pressure-glob-irq.txt'));
    assert.deepEqual(d.sections.map((s) => [(s as PressureSection).resource, s.startLine, s.endLine, !!(s as PressureSection).some, !!(s as PressureSection).full]), [
      ['cpu', 1, 2, true, true],
      ['io', 3, 4, true, true],
      ['irq', 5, 5, false, true],
      ['memory', 6, 7, true, true],
    ]);
    assert.deepEqual(d.problems, []);
  });

  test('a series of 6 timed captures: date -Is, date and date +%s all give ISO times', () => {
    const d = parseDocument(fixture('series-sunreclaim-growth-6-captures.txt'));
    assert.equal(d.sections.length, 6);
    assert.ok(d.sections.every((s) => s.kind === 'meminfo' && s.source === '/proc/meminfo'));
    assert.deepEqual(d.sections.map((s) => s.capturedAt), [
      '2026-11-24T09:00:01+00:00', '2026-11-24T10:00:01Z', '2026-11-24T11:00:01Z',
      '2026-11-24T12:00:01+00:00', '2026-11-24T13:00:01Z', '2026-11-24T14:00:01Z',
    ]);
    for (const s of d.sections) assert.ok(Number.isFinite(Date.parse(s.capturedAt!)));
    assert.deepEqual(d.problems, []);
  });

  test('an empty file under a tail header is an empty section of its kind', () => {
    const text = '==> /proc/slabinfo <==\n\n==> /proc/pressure/memory <==\nsome avg10=0.00 avg60=0.00 avg300=0.00 total=0\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n';
    const d = parseDocument(text);
    assert.deepEqual(d.sections.map((s) => [s.kind, s.source, s.startLine, s.endLine]), [
      ['slabinfo', '/proc/slabinfo', 0, 0],
      ['pressure', '/proc/pressure/memory', 3, 4],
    ]);
    assert.equal((d.sections[0] as SlabinfoSection).unreadable, 'empty');
  });

  test('the sample node snapshot splits into its seven files', () => {
    const d = parseDocument(fixture('sample-node-snapshot.txt'));
    assert.deepEqual(d.sections.map((s) => s.kind), ['meminfo', 'slabinfo', 'vmstat', 'pressure', 'pressure', 'memory-stat', 'memory-events']);
    assert.ok(d.sections.every((s) => s.capturedAt === '2026-11-24T09:14:02+00:00'));
    assert.deepEqual(d.problems, []);
  });
});

describe('public corpus', () => {
  const KIND: Record<string, [string, string?]> = {
    meminfo: ['meminfo'], slabinfo: ['slabinfo'], 'memory-stat-v1': ['memory-stat', 'v1'], 'memory-stat-v2': ['memory-stat', 'v2'],
    'memory-events': ['memory-events'], pressure: ['pressure'], vmstat: ['vmstat'], 'oom-report': ['oom-report'], 'cgroup-values': ['cgroup-value'],
  };
  const RECOGNISED: Record<string, string> = { buddyinfo: 'buddyinfo', zoneinfo: 'zoneinfo' };
  /** SOURCES.tsv marks these as edited/synthetic: their odd lines (0-based) must be problems, no other line. */
  const DAMAGED: Record<string, number[]> = {
    'telegraf-v1-synthetic-negative-dirty.memory.stat': [0, 4],
    'telegraf-v1-multiline-synthetic.memory.max_usage_in_bytes': [1, 2],
  };
  const files = corpusFiles();

  test('the corpus is present and SOURCES.tsv lists every file', () => {
    assert.ok(files.length >= 60, `corpus at ${CORPUS}`);
    const listed = new Set(readFileSync(path.join(CORPUS, 'SOURCES.tsv'), 'utf8').split('\n').slice(1).map((l) => l.split('\t')[0]).filter(Boolean));
    for (const f of files) assert.ok(listed.has(f.name), `${f.name} not in SOURCES.tsv`);
    for (const name of Object.keys(DAMAGED)) assert.ok(files.some((f) => f.name === name));
  });

  for (const f of files) {
    test(`${f.dir}/${f.name}`, () => {
      const text = readFileSync(f.file, 'utf8');
      const d = parseDocument(text, { fileName: f.file });
      assert.ok(d.sections.length >= 1);
      assert.ok(d.sections.every((s) => s.kind !== 'unknown'), 'never "not a capture"');
      const numa = f.name.endsWith('.numa_stat');
      if (RECOGNISED[f.dir] || numa) {
        const kind = numa ? 'numa-stat' : RECOGNISED[f.dir];
        assert.deepEqual(d.sections.map((s) => s.kind), [kind]);
        // buddyinfo, zoneinfo and memory.numa_stat are analysed now: a valid file has no problem, and every zone or key is read.
        assert.deepEqual(d.problems, []);
        const s = d.sections[0] as OpaqueSection;
        if (kind === 'numa-stat') {
          const keys = text.split('\n').filter((l) => l.trim()).length;
          assert.equal(s.numa?.length, keys);
          return;
        }
        const zoneLines = text.split('\n').filter((l) => /^Node \d+, zone/.test(l)).length;
        assert.equal((s.buddy ?? s.zones ?? []).length, zoneLines);
        return;
      }
      const [kind, variant] = KIND[f.dir];
      assert.ok(kind, `unexpected corpus directory ${f.dir}`);
      assert.deepEqual(d.sections.map((s) => s.kind), [kind], JSON.stringify(d.sections.map(brief)));
      if (variant) assert.equal(d.sections[0].variant, variant);
      const odd = DAMAGED[f.name];
      if (odd) {
        assert.deepEqual([...new Set(d.problems.map((p) => p.line))].sort((a, b) => a - b), odd);
        for (const p of d.problems) assert.ok(p.message.length > 20);
        // The rest is still read.
        assert.ok((d.sections[0] as KeyValueSection).fields.length >= 1);
      } else {
        assert.deepEqual(d.problems, []);
      }
      // Content alone (no file name) finds the same kind, except one-value files that need their name.
      const byContent = parseDocument(text);
      assert.ok(byContent.sections.every((s) => s.kind === kind || kind === 'cgroup-value'), `by content: ${byContent.sections.map((s) => s.kind)}`);
    });
  }
});
