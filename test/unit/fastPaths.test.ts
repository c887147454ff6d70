/**
 * The hot paths of issue 15 say what the slow paths say: the splitter's one-scan line test, and the
 * parse of an earlier capture of a series that makes fields for its peek keys only. No timing here:
 * speed is measured by `npm run bench`.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isBareCommand, isNoise, lineShape, quickShape, quickShapeAt, readPrompt } from '../../src/formats/bundle';
import { readEpochLine, readTimestampLine } from '../../src/formats/timestamps';
import { parseMeminfo, parseMemoryEvents, parseVmstat, peekColumns } from '../../src/formats/keyValue';
import { LineTable } from '../../src/formats/lines';
import { KvColumns } from '../../src/formats/kvColumns';
import type { SourceLine } from '../../src/formats/lines';
import { trackedKeys } from '../../src/formats/seriesKeys';
import { parseDocument } from '../../src/formats/parse';
import type { KeyValueSection } from '../../src/model';

const WORDS = ['aggr', 'grep', 'date', 'cat', 'sudo', 'vmstat', 'free', 'top', 'exit', 'nr_free_pages', 'pgfault', 'MemTotal', 'HugePages_Total',
  'Active(file)', 'memory.limit_in_bytes', 'hierarchical_memory_limit', 'some', 'full', 'Node', 'meminfo', 'T12', 'kB', 'KB', 'max'];
const PIECES = [...WORDS, ' ', '  ', '\t', ':', '.', '-', '+', '0', '7', '123456', '9223372036854771712', 'x', 'Z', '(', ')', '_', '#', '$', '=', '/', '>', '`', '\u00a0'];
const line = fc.array(fc.constantFrom(...PIECES), { maxLength: 8 }).map((a) => a.join(''));

describe('quickShape', () => {
  test('a line it names has that shape and no boundary test takes it', () => {
    fc.assert(fc.property(line, (text) => {
      const q = quickShape(text);
      if (!q) return;
      assert.equal(lineShape(text), q === 1 ? 'kv' : 'meminfo', text);
      assert.ok(!isBareCommand(text) && !isNoise(text) && !readTimestampLine(text) && !readEpochLine(text), text);
      assert.ok(!/[#$=/>`]/.test(text) && readPrompt(text) === undefined, text);
      assert.ok(!/^\s*(?:```|~~~)|^\s*_{10,}\s*$/.test(text), text);
    }), { numRuns: 20000 });
  });

  test('on a range it reads the same as on the slice with trailing blanks taken off', () => {
    fc.assert(fc.property(line, fc.constantFrom('', ' ', '\t ', '  '), fc.string({ maxLength: 3 }), (text, blanks, before) => {
      const whole = before + text + blanks;
      assert.equal(quickShapeAt(whole, before.length, whole.length), quickShape(text.replace(/[ \t]+$/, '')), JSON.stringify(whole));
    }), { numRuns: 5000 });
  });

  test('the lines it is for', () => {
    assert.equal(quickShape('nr_free_pages 123'), 1);
    assert.equal(quickShape('MemTotal:       16384000 kB'), 2);
    assert.equal(quickShape('HugePages_Total:       0'), 2);
    assert.equal(quickShape('aggr 5'), 0);
    assert.equal(quickShape('grep 5'), 0);
    assert.equal(quickShape('memory.foo: 5'), 0);
  });
});

describe('the parse of an earlier capture (peek)', () => {
  const sl = (lines: string[]): SourceLine[] => lines.map((text, i) => ({ line: i, text, col: 0 }));
  const vmLine = fc.oneof(
    fc.constantFrom('nr_free_pages 12', 'pgfault 99', 'pgmajfault 1', 'nr_shmem 4', 'drop_slab 2', 'foo_bar 5', 'foo_bar 6', 'nr_free_pages 13'),
    fc.tuple(fc.constantFrom('pgfault', 'nr_slab_unreclaimable', 'unknown_key', 'memory.limit_in_bytes', 'hierarchical_memory_limit'), fc.constantFrom('1', '-5', '99999999999999999999', 'x', '922337203685477171', ''), fc.constantFrom('', ' extra', ' ')).map(([k, v, r]) => `${k} ${v}${r}`),
    fc.constantFrom('', 'junk', '  '),
  );
  const miLine = fc.oneof(
    fc.constantFrom('MemTotal:  100 kB', 'MemFree:  5 kB', 'Foo:  5 kB', 'Foo:  6 kB', 'Hugepagesize:  1024 kB', 'HugePages_Total:  3', 'HugePages_Surp:  1', 'MemTotal:  7 kB'),
    fc.tuple(fc.constantFrom('MemAvailable', 'Bar', 'Hugepagesize'), fc.constantFrom('1', '-3', 'x', ''), fc.constantFrom('', ' kB', ' MB', ' kB extra', ' kB Baz: 4 kB')).map(([k, v, u]) => `${k}: ${v}${u}`),
    fc.constantFrom('', 'junk line', 'MemFree:  1 kB Cached:  2 kB'),
  );
  const same = (parse: typeof parseVmstat, kind: 'vmstat' | 'meminfo' | 'memory-events', lines: string[]) => {
    const keep = new Set(trackedKeys(kind));
    const full = parse(sl(lines), { pageSize: 4096 });
    const peek = parse(sl(lines), { pageSize: 4096, keep });
    assert.deepEqual(peek.problems, full.problems, lines.join('\n'));
    for (const k of keep) assert.deepEqual(JSON.parse(JSON.stringify(peek.first.get(k) ?? null)), JSON.parse(JSON.stringify(full.first.get(k) ?? null)), `${k} in\n${lines.join('\n')}`);
  };
  test('vmstat: the same problems and the same kept fields', () => {
    fc.assert(fc.property(fc.array(vmLine, { maxLength: 12 }), (lines) => same(parseVmstat, 'vmstat', lines)), { numRuns: 3000 });
  });
  test('meminfo: the same problems and the same kept fields', () => {
    fc.assert(fc.property(fc.array(miLine, { maxLength: 12 }), (lines) => same(parseMeminfo, 'meminfo', lines)), { numRuns: 3000 });
  });
  const columns = (kind: 'vmstat' | 'meminfo', lines: string[], col: number) => {
    const keep = new Set(trackedKeys(kind));
    const prefix = 'p'.repeat(col);
    const table = new LineTable(['header', ...lines.map((l) => prefix + l)].join('\n'));
    const nos = lines.map((_, i) => i + 1);
    const r = peekColumns(kind, table.text, table.starts, table.ends, nos, col, { pageSize: 4096, keep });
    if (!r) return false;
    const src = nos.map((n) => ({ line: n, text: table.get(n).slice(col), col }));
    const full = (kind === 'vmstat' ? parseVmstat : parseMeminfo)(src, { pageSize: 4096, keep });
    assert.deepEqual(r.problems, full.problems, lines.join('\n'));
    for (const k of keep) assert.deepEqual(JSON.parse(JSON.stringify(r.first.get(k) ?? null)), JSON.parse(JSON.stringify(full.first.get(k) ?? null)), `${k} in\n${lines.join('\n')}`);
    return true;
  };
  test('read by offsets (peekColumns): the parser\'s problems and kept fields, or nothing', () => {
    let read = 0;
    fc.assert(fc.property(fc.array(vmLine, { maxLength: 12 }), fc.constantFrom(0, 3), (lines, col) => { if (columns('vmstat', lines, col)) read++; }), { numRuns: 3000 });
    fc.assert(fc.property(fc.array(miLine, { maxLength: 12 }), fc.constantFrom(0, 3), (lines, col) => { if (columns('meminfo', lines, col)) read++; }), { numRuns: 3000 });
    assert.ok(read > 500, `only ${read} inputs were read by offsets`);
    assert.ok(columns('vmstat', ['nr_free_pages 1', 'pgfault 2', '  pgfault 3  ', 'foo 4', 'foo 5'], 0));
    assert.ok(columns('meminfo', ['MemTotal:  1 kB', 'Hugepagesize: 2048 kB', 'HugePages_Total:  3', 'MemTotal: 2 kB', 'Hugepagesize: 1024 kB'], 0));
  });
  test('with the splitter\'s columns (kvColumns.ts): what it reads by scanning, line for line', () => {
    const both = (kind: 'vmstat' | 'meminfo', lines: string[]) => {
      const keep = new Set(trackedKeys(kind));
      const table = new LineTable(['header', ...lines].join('\n'));
      const nos = lines.map((_, i) => i + 1);
      const cols = new KvColumns(table.length);
      // As the splitter does: each line it takes on its fast path has been through quickShapeAt with the columns.
      let recorded = 0;
      for (const n of nos) if (quickShapeAt(table.text, table.starts[n], table.ends[n], cols, n)) recorded++;
      const scanned = peekColumns(kind, table.text, table.starts, table.ends, nos, 0, { pageSize: 4096, keep });
      const read = peekColumns(kind, table.text, table.starts, table.ends, nos, 0, { pageSize: 4096, keep }, cols);
      assert.deepEqual(JSON.parse(JSON.stringify(read ?? null)), JSON.parse(JSON.stringify(scanned ?? null)), lines.join('\n'));
      if (read) assert.deepEqual(JSON.parse(JSON.stringify([...read.first])), JSON.parse(JSON.stringify([...scanned!.first])), lines.join('\n'));
      return recorded;
    };
    const extra = fc.constantFrom('MemTotal:  -5 kB', 'nr_free_pages +3', 'MemFree:  5kB', 'nr_limit_x 4', 'Mem_limit:  4 kB', 'pgfault 1234567890123456', 'MemTotal: 1234567890123456 kB',
      `pgfault ${'9'.repeat(15)}`, `${'x'.repeat(300)} 5`, 'pgfault 5  ', 'MemTotal:\t\t5 kB\t');
    let recorded = 0;
    fc.assert(fc.property(fc.array(fc.oneof(vmLine, extra), { maxLength: 12 }), (lines) => { recorded += both('vmstat', lines); }), { numRuns: 3000 });
    fc.assert(fc.property(fc.array(fc.oneof(miLine, extra), { maxLength: 12 }), (lines) => { recorded += both('meminfo', lines); }), { numRuns: 3000 });
    assert.ok(recorded > 5000, `only ${recorded} lines went through the columns`);
  });
  test('memory.events too', () => {
    same(parseMemoryEvents, 'memory-events', ['low 1', 'oom 2', 'oom 3', 'junk', 'oom_kill x']);
  });
  test('a series: the earlier capture peeks and reads its lines again on demand, problems included once', () => {
    const cap = (t: string, extra: string) => `${t}\n==> /proc/vmstat <==\nnr_free_pages 1\npgfault 2\n${extra}\npgfault 3\n\n==> /proc/meminfo <==\nMemTotal: 10 kB\nFoo: 1 kB\nFoo: x kB\n`;
    const d = parseDocument(cap('2026-01-01T00:00:00+00:00', 'odd 1 2') + cap('2026-01-01T00:01:00+00:00', 'odd 3 4'));
    const vm = d.sections.filter((s) => s.kind === 'vmstat') as KeyValueSection[];
    assert.equal(vm.length, 2);
    assert.deepEqual(Object.keys(vm[0].peek ?? {}), ['pgfault', 'nr_free_pages']);
    assert.equal(vm[0].fields.length, 4);
    assert.equal(d.problems.filter((p) => /appears twice/.test(p.message)).length, 2);
    assert.equal(d.problems.filter((p) => /Unexpected text/.test(p.message)).length, 2);
  });
});

describe('a series of named captures is split first; the other sides are still found beside it', () => {
  const cap = (t: string) => `${t}\n==> /proc/meminfo <==\nMemTotal: 1000 kB\nMemFree: 500 kB\n\n==> /proc/vmstat <==\nnr_free_pages 125\npgfault 9\n`;
  const series = cap('2026-01-01T00:00:00+00:00') + cap('2026-01-01T00:01:00+00:00');
  test('with nothing else: only kernel captures, the same as before', () => {
    const d = parseDocument(series);
    assert.deepEqual(d.sections.map((s) => s.kind), ['meminfo', 'vmstat', 'meminfo', 'vmstat']);
    assert.deepEqual(d.problems, []);
  });
  test('a /proc/PID/status, kubectl top, free(1) and Prometheus text between the captures are found as before', () => {
    const status = '==> /proc/1234/status <==\nName:\tjava\nPid:\t1234\nVmPeak:\t 900 kB\nVmSize:\t 800 kB\nVmHWM:\t 600 kB\nVmRSS:\t 500 kB\nRssAnon:\t 400 kB\nRssFile:\t 100 kB\nThreads:\t12\n';
    const top = '$ kubectl top node\nNAME     CPU(cores)   CPU%   MEMORY(bytes)   MEMORY%\nnode-1   250m         6%     1200Mi          31%\n';
    const free = '$ free -b\n               total        used        free      shared  buff/cache   available\nMem:      1024000      300000      500000        1000      224000      700000\nSwap:           0           0           0\n';
    const prom = '# HELP node_memory_MemTotal_bytes Memory information field MemTotal_bytes.\n# TYPE node_memory_MemTotal_bytes gauge\nnode_memory_MemTotal_bytes 1.024e+06\n';
    for (const [name, extra, kind] of [['status', status, 'proc-status'], ['kubectl top', top, 'kubectl-top'], ['free', free, 'meminfo'], ['prometheus', prom, 'meminfo']] as const) {
      const d = parseDocument(`${cap('2026-01-01T00:00:00+00:00')}\n${extra}\n${cap('2026-01-01T00:01:00+00:00')}`);
      const kinds = d.sections.map((s) => s.kind as string);
      assert.ok(kinds.filter((k) => k === kind).length >= (kind === 'meminfo' ? 3 : 1), `${name}: ${kinds.join(', ')}`);
      assert.equal(kinds.filter((k) => k === 'vmstat').length, 2, name);
    }
    // A status file glued under the meminfo header (two files catted with one header): found as before.
    const clean = 'VmPeak:\t 900 kB\nVmSize:\t 800 kB\nVmHWM:\t 600 kB\nVmRSS:\t 500 kB\nRssAnon:\t 400 kB\nRssFile:\t 100 kB\nThreads:\t12\nTgid:\t1234\nPPid:\t1\n';
    const glued = series.replace('MemFree: 500 kB\n', `MemFree: 500 kB\n${clean}`);
    assert.ok(parseDocument(glued).sections.some((s) => s.kind === 'proc-status'));
  });
});
