// The nasty inputs of fixtures/hostile/: every one parses and analyses without
// throwing, problems point at the lines that are wrong, and nothing is lost.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeText } from '../../src/analysis/analyze';
import { splitLines } from '../../src/formats/lines';
import { toViewModel } from '../../src/features/viewModel';

const dir = join(process.cwd(), 'fixtures', 'hostile');
const read = (name: string) => readFileSync(join(dir, name), 'utf8');
const analyse = (name: string) => analyzeText(read(name), { fileName: name });
const problemLines = (name: string) => new Set(analyse(name).parsed.problems.map((p) => p.line + 1));

test('every hostile fixture analyses, and every problem is on a real line', () => {
  const files = readdirSync(dir);
  assert.ok(files.length >= 12, `expected the hostile corpus, found ${files.length} files`);
  for (const f of files) {
    const text = read(f);
    const a = analyzeText(text, { fileName: f });
    const lines = splitLines(text).length;
    for (const p of a.parsed.problems) assert.ok(p.line >= 0 && p.line < lines, `${f}: problem on line ${p.line} of ${lines}`);
    for (const s of a.parsed.sections) assert.ok(s.startLine <= s.endLine && s.endLine < lines, `${f}: section ${s.kind} ${s.startLine}-${s.endLine}`);
    // The view model is JSON-safe (no Infinity, no cycles) for every input.
    assert.doesNotThrow(() => JSON.parse(JSON.stringify(toViewModel(a, f))));
  }
});

test('NUL bytes are shown visibly in messages, on their lines', () => {
  const a = analyse('nul-bytes.meminfo');
  const onLine2 = a.parsed.problems.filter((p) => p.line === 1);
  assert.ok(onLine2.length > 0);
  assert.ok(onLine2.some((p) => p.message.includes('␀')), onLine2.map((p) => p.message).join('\n'));
  assert.equal(a.parsed.sections[0].kind, 'meminfo');
});

test('a 400-digit number and fractional or negative sizes are problems on their lines', () => {
  assert.deepEqual([...problemLines('huge-numbers.meminfo')].sort(), [1, 2, 4]);
  const neg = analyse('negative-and-fractional.meminfo');
  const lines = new Set(neg.parsed.problems.map((p) => p.line + 1));
  for (const l of [2, 3, 4]) assert.ok(lines.has(l), `line ${l} should carry a problem`);
  assert.match(neg.parsed.problems.find((p) => p.line === 1)!.message, /negative/);
});

test('duplicate keys in a memory.stat file stay one section, with a problem per repeat', () => {
  const a = analyse('duplicate-keys.memory.stat');
  assert.equal(a.parsed.sections.length, 1);
  assert.deepEqual(a.parsed.problems.map((p) => p.line + 1), [3, 4]);
  assert.match(a.parsed.problems[0].message, /anon appears twice/);
});

test('ten thousand empty headers each get a problem on their own line', () => {
  const a = analyse('ten-thousand-headers.txt');
  assert.equal(a.parsed.problems.length, 10000);
  assert.equal(a.parsed.problems[9999].line, 9999);
});

test('markup in slab and process names survives as plain data', () => {
  const slab = analyse('script-names.slabinfo');
  const s = slab.parsed.sections[0];
  assert.equal(s.kind, 'slabinfo');
  const names = s.kind === 'slabinfo' ? s.caches.map((c) => c.name) : [];
  assert.ok(names.includes('<script>alert(1)</script>'));
  assert.ok(names.includes('キャッシュ_ünïcødé'));
  assert.deepEqual([...problemLines('script-names.slabinfo')].sort(), [6, 7]);
  const oom = analyse('script-process-names.oom.txt');
  assert.equal(oom.metrics.oom[0].event.victimName, '<img src=x onerror=alert(1)>');
  assert.ok(oom.parsed.problems.some((p) => p.line === 4 && /task table row/.test(p.message)));
});

test('truncated vmstat rows are problems; the readable rows are still read', () => {
  const a = analyse('truncated-rows.vmstat');
  assert.deepEqual([...problemLines('truncated-rows.vmstat')].sort(), [2, 3, 5]);
  assert.equal(a.metrics.vmstat?.counters.nr_dirty, 5);
});

test('CR-only line endings and a BOM read like LF', () => {
  const cr = analyse('cr-only.meminfo');
  assert.equal(cr.parsed.problems.length, 0);
  assert.equal(cr.parsed.lineCount, 5);
  assert.ok(cr.findings.some((f) => f.rule === 'meminfo/unreclaimable-slab-high' && f.line === 3));
  const bom = analyse('bom-crlf.meminfo');
  assert.equal(bom.parsed.problems.length, 0);
  assert.equal(bom.metrics.meminfo?.totalBytes, 16384000 * 1024);
});

test('binary junk and a 5 MB line are not captures, and say so at the first line', () => {
  const junk = analyse('binary-junk.meminfo');
  assert.ok(junk.parsed.problems.length > 0);
  const big = analyse('one-5mb-line.txt');
  assert.equal(big.parsed.problems[0].line, 0);
  assert.ok(big.parsed.problems[0].message.length < 400, 'messages abbreviate long text');
});
