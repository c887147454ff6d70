import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyzeText } from '../../src/analysis/analyze';
import { parseDocument } from '../../src/formats/parse';
import type { KeyValueSection, ParsedDocument, PressureSection, SlabinfoSection } from '../../src/model';
import { fixture, fixtureNames } from './helpers';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

const FIXTURES = fixtureNames().map((name) => ({ name, text: fixture(name) }));

/** The process side's real captures (issue 14), the long ones cut to their first 300 lines. */
const PROCESS_DIR = path.join(process.cwd(), 'test', 'process', 'captures');
const PROCESS = readdirSync(PROCESS_DIR).filter((n) => /\.(?:txt|json)$/.test(n) && n !== 'ENVIRONMENT.txt').sort()
  .map((name) => ({ name, text: readFileSync(path.join(PROCESS_DIR, name), 'utf8').split('\n').slice(0, 300).join('\n') }));
/** Lines of the process formats, whole and broken. */
const PROCESS_JUNK = [
  '7477:', 'Native Memory Tracking:', 'Total: reserved=1KB, committed=1KB', 'Total: reserved=1KB +1KB, committed=x', '-  Thread (reserved=1KB, committed=x)',
  '                            (malloc=1KB #', '                            (  Metadata:   )', '(thread #1 +', '# runtime.MemStats', '# HeapIdle = x', '# Stack = 1 /',
  'gc 1 @0.1s 0%: 1+1+1 ms clock, 1 ms cpu, 4->4->4 MB, 4 MB goal, 2 P', 'gc 2 @0.2s 1%: junk ms clock, ', 'heap profile: 1: 2 [3: 4] @ heap/1',
  '{"memstats": {"HeapIdle": 1', '{"cmdline": ["a"], "memstats": {"HeapInuse": 1, "BySize": [{"Size": 0}]}}', '0::/kubepods', '4:memory:/x', '1:name=systemd:/',
  'VmRSS:\t 12 kB', 'VmRSS:\t x kB', 'Threads:\t1', 'Rss: 4 kB', 'Pss: x kB', '00400000-00401000 r-xp 00000000 00:00 0 [heap]', 'VmFlags: rd wr',
  '-XX:MaxHeapSize=1 -XX:+UseG1GC', '-XX:Broken', '[Global flags]', '   size_t MaxHeapSize = 1 {product} {default}', ' garbage-first heap   total 1K, used 1K',
  '  region size 1024K, 3 young (3072K), 1 survivors (1024K)', 'GOMEMLIMIT=1GiB', 'GOMEMLIMIT=lots', 'Baseline taken', '$ jcmd 1 VM.native_memory summary',
  '$ cat /proc/1/status', '==> /proc/1/smaps <==', '$ GODEBUG=gctrace=1 ./x',
];

function checkDocument(text: string): void {
  const d = parseDocument(text);
  assert.equal(d.lineCount, text.replace(/^\ufeff/, '').split(/\r\n|\r|\n/).length);
  for (const p of d.problems) {
    assert.ok(Number.isInteger(p.line) && p.line >= 0 && p.line < d.lineCount, `problem line ${p.line} of ${d.lineCount}`);
    assert.ok(p.message.length > 0);
  }
  for (const s of d.sections) {
    assert.ok(s.startLine >= 0 && s.startLine <= s.endLine && s.endLine < d.lineCount, `section ${s.kind} ${s.startLine}..${s.endLine} of ${d.lineCount}`);
  }
  const a = analyzeText(text);
  for (const f of a.findings) {
    assert.ok(f.line >= 0 && f.line < d.lineCount, `finding ${f.rule} line ${f.line}`);
    assert.ok(f.section >= 0 && f.section < a.parsed.sections.length);
    for (const r of f.related ?? []) assert.ok(r.line >= 0 && r.line < d.lineCount);
  }
}

/** What a document says, independent of its line endings and padding. */
function content(d: ParsedDocument) {
  return d.sections.map((s) => {
    const base = { kind: s.kind, variant: s.variant, source: s.source, startLine: s.startLine, endLine: s.endLine };
    if ('fields' in s) return { ...base, fields: (s as KeyValueSection).fields.map((f) => [f.key, f.raw, f.value, f.unit, f.bytes, f.line]) };
    if (s.kind === 'slabinfo') return { ...base, caches: (s as SlabinfoSection).caches.map((c) => [c.name, c.activeObjs, c.numObjs, c.objSize, c.numSlabs, c.line]) };
    if (s.kind === 'pressure') { const p = s as PressureSection; return { ...base, some: p.some && [p.some.avg10, p.some.total], full: p.full && [p.full.avg10, p.full.total] }; }
    if (s.kind === 'oom-report') return { ...base, events: s.events.map((e) => [e.victimPid, e.victimName, e.killLine, e.tasks.length, e.constraint]) };
    return base;
  });
}

const JUNK = [
  '', '   ', '\t', '==> /proc/meminfo <==', '==> <==', '$ cat /proc/slabinfo', 'root@host:~# tail -n +1 /proc/*', 'root@host:~#', '#', '$',
  '2026-11-24T09:00:00+00:00', 'Tue Nov 24 10:00:01 UTC 2026', '1795518001', 'max', '0', '-1', '99999999999999999999999',
  'MemTotal: 1 kB', 'Node 0 MemTotal: 5 kB', 'HugePages_Total: x', 'some avg10=1.00 avg60=1.00 avg300=1.00 total=1', 'full avg10=999 avg60=1 avg300=1 total=-1',
  'slabinfo - version: 2.1', 'dentry 1 2 3 : tunables 0 0 0 : slabdata 1', 'kmalloc-1k 1 1 1024 32 8 : tunables 0 0 0 : slabdata 1 1 0',
  'anon 1', 'nr_free_pages 1', 'oom_kill 1', 'Node 0, zone   Normal   1 2 3 4 5 6 7 8 9 10 11',
  '[ 1.0] x invoked oom-killer: gfp_mask=0x0, order=0, oom_score_adj=0', '[ 1.1] Killed process 1 (x) total-vm:1kB', '[ 1.2] Tasks state (memory values in pages):',
  '[ 1.3] [  12]  0  12  1', '[ 1.4] oom-kill:constraint=CONSTRAINT_MEMCG,oom_memcg=/kubepods/pod', '/sys/fs/cgroup/memory.stat:anon 5', '/proc/meminfo:MemTotal: 1 kB',
  'Permission denied', '\u0000\u0001', 'ünïcødé: 12 kB', '\ud83d\ude00 emoji',
];

type Mutation = { op: 'delete' | 'duplicate' | 'insert'; at: number; junk: number } | { op: 'truncate'; at: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constantFrom('delete' as const, 'duplicate' as const, 'insert' as const), at: fc.nat(), junk: fc.nat(JUNK.length - 1) }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
);

function mutate(text: string, muts: Mutation[], ending: string, bom: boolean): string {
  let lines = text.split('\n');
  for (const m of muts) {
    const i = lines.length ? m.at % lines.length : 0;
    if (m.op === 'delete') lines.splice(i, 1);
    else if (m.op === 'duplicate') lines.splice(i, 0, lines[i] ?? '');
    else if (m.op === 'insert') lines.splice(i, 0, JUNK[m.junk]);
    else { const joined = lines.join('\n'); lines = joined.slice(0, m.at % (joined.length + 1)).split('\n'); }
  }
  return (bom ? '\ufeff' : '') + lines.join(ending);
}

describe('robustness', () => {
  test('arbitrary strings: never throw, lines in range', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (s) => { checkDocument(s); }), { numRuns: 200 });
  });

  test('arbitrary lines built from capture-like pieces', () => {
    fc.assert(fc.property(fc.array(fc.oneof(fc.constantFrom(...JUNK), fc.string({ maxLength: 30 })), { maxLength: 40 }), fc.constantFrom('\n', '\r\n', '\r'), (ls, eol) => {
      checkDocument(ls.join(eol));
    }), { numRuns: 200 });
  });

  test('grep and tail dumps of arbitrary /proc and /sys files (names the product does not know included)', () => {
    const segment = fc.oneof(fc.constantFrom('sys', 'fs', 'cgroup', 'memory', 'kubepods', 'proc', 'pressure', 'node0'), fc.stringMatching(/^[a-z0-9_.-]{1,12}$/));
    const file = fc.oneof(fc.constantFrom('memory.stat', 'memory.events', 'memory.max', 'memory.oom_control', 'memory.kmem.slabinfo', 'memory.numa_stat', 'meminfo', 'io', 'cpu.pressure'), fc.stringMatching(/^memory\.[a-z_.]{1,16}$/));
    const path = fc.tuple(fc.array(segment, { minLength: 1, maxLength: 4 }), file).map(([dirs, f]) => `/${dirs.join('/')}/${f}`);
    const grepLine = fc.tuple(path, fc.oneof(fc.constantFrom(...JUNK), fc.string({ maxLength: 20 }))).map(([p, c]) => `${p}:${c}`);
    const headed = fc.tuple(path, fc.array(fc.constantFrom(...JUNK), { maxLength: 5 })).map(([p, ls]) => [`==> ${p} <==`, ...ls].join('\n'));
    fc.assert(fc.property(fc.array(fc.oneof(grepLine, headed), { maxLength: 30 }), (parts) => { checkDocument(parts.join('\n')); }), { numRuns: 300 });
  });

  test('mutated fixtures: deletions, duplications, junk, truncation, CRLF/CR/BOM', () => {
    fc.assert(fc.property(
      fc.constantFrom(...FIXTURES), fc.array(mutation, { maxLength: 6 }), fc.constantFrom('\n', '\r\n', '\r'), fc.boolean(),
      (f, muts, eol, bom) => { checkDocument(mutate(f.text, muts, eol, bom)); },
    ), { numRuns: 400 });
  });

  test('every fixture as is satisfies the invariants', () => {
    for (const f of FIXTURES) checkDocument(f.text);
  });

  test('process captures (issue 14) as they are, and mutated: deletions, duplications, junk, truncation, CRLF/CR/BOM', () => {
    for (const f of PROCESS) checkDocument(f.text);
    fc.assert(fc.property(
      fc.constantFrom(...PROCESS), fc.array(mutation, { maxLength: 6 }), fc.constantFrom('\n', '\r\n', '\r'), fc.boolean(),
      (f, muts, eol, bom) => { checkDocument(mutate(f.text, muts, eol, bom)); },
    ), { numRuns: 300 });
  });

  test('arbitrary lines built from process-format pieces', () => {
    fc.assert(fc.property(fc.array(fc.oneof(fc.constantFrom(...PROCESS_JUNK), fc.constantFrom(...JUNK), fc.string({ maxLength: 30 })), { maxLength: 40 }), fc.constantFrom('\n', '\r\n'), (ls, eol) => {
      checkDocument(ls.join(eol));
    }), { numRuns: 300 });
  });

  test('process captures spliced into each other (blocks cut anywhere, pasted anywhere)', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.constantFrom(...PROCESS), fc.nat(), fc.nat(60)), { minLength: 1, maxLength: 5 }), (parts) => {
      checkDocument(parts.map(([f, from, len]) => { const ls = f.text.split('\n'); const a = from % ls.length; return ls.slice(a, a + len).join('\n'); }).join('\n'));
    }), { numRuns: 200 });
  });
});

/** The numbers a process section holds, for the round trips. */
function processContent(d: ParsedDocument) {
  return d.sections.map((s) => {
    const x = s as unknown as Record<string, unknown>;
    const pick = (k: string) => JSON.stringify(x[k], (key, v) => (key === 'index' ? undefined : v));
    return { kind: s.kind, startLine: s.startLine, endLine: s.endLine, body: ['entries', 'categories', 'total', 'stats', 'cycles', 'mappings', 'groups', 'flags', 'spaces', 'limits'].map(pick).join('|') };
  });
}

describe('round trips', () => {
  test('process captures: CRLF, CR, BOM and trailing spaces give the same sections, numbers and spans', () => {
    fc.assert(fc.property(fc.constantFrom(...PROCESS), fc.constantFrom('\r\n', '\r', '\n'), fc.boolean(), fc.constantFrom('', ' ', '  ', '\t'), (f, eol, bom, pad) => {
      const plain = f.text.replace(/\r\n/g, '\n');
      const changed = (bom ? '\ufeff' : '') + plain.split('\n').map((l) => (l ? l + pad : l)).join(eol);
      assert.deepEqual(processContent(parseDocument(changed)), processContent(parseDocument(plain)), f.name);
    }), { numRuns: 150 });
  });

  test('CRLF, CR, BOM and trailing spaces give the same sections, fields and values', () => {
    fc.assert(fc.property(
      fc.constantFrom(...FIXTURES), fc.constantFrom('\r\n', '\r', '\n'), fc.boolean(), fc.constantFrom('', ' ', '  ', '\t'),
      (f, eol, bom, pad) => {
        const plain = f.text.replace(/\r\n/g, '\n');
        const changed = (bom ? '\ufeff' : '') + plain.split('\n').map((l) => (l ? l + pad : l)).join(eol);
        assert.deepEqual(content(parseDocument(changed)), content(parseDocument(plain)), f.name);
        const a = analyzeText(changed).findings.map((x) => [x.rule, x.severity, x.line]);
        const b = analyzeText(plain).findings.map((x) => [x.rule, x.severity, x.line]);
        assert.deepEqual(a, b, f.name);
      },
    ), { numRuns: 250 });
  });
});
