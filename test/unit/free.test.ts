/**
 * procps free(1) output read as meminfo numbers (src/formats/free.ts), on the real pastes in
 * test/wild/kubernetes (each posted beside kubectl top or the Summary API of the same node).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { analyzeText } from '../../src/analysis/analyze';
import type { KeyValueSection } from '../../src/model';

const W = path.join(__dirname, '..', 'wild', 'kubernetes', 'captures');
const read = (f: string) => readFileSync(path.join(W, f), 'utf8');
const MI = 1024 * 1024;
const freeOf = (text: string) => analyzeText(text).parsed.sections.find((s): s is KeyValueSection => s.kind === 'meminfo' && s.variant === 'free');

describe('free(1) output', () => {
  test('free -m behind a host prompt: MiB from the flag, the prompt is the header, no "not a capture" problem', () => {
    const text = read('kubectl-top-node-7-nodes-vs-free-gateway-32g-meminfo.txt');
    const a = analyzeText(text);
    const s = freeOf(text)!;
    assert.equal(s.headerLine, 0);
    assert.equal(s.byKey.MemTotal.bytes, 32174 * MI);
    assert.equal(s.byKey.MemAvailable.bytes, 415 * MI);
    assert.equal(s.byKey.MemTotal.unit, 'MiB');
    assert.equal(s.byKey.SwapTotal.bytes, 0);
    assert.deepEqual(a.parsed.problems, []);
    // 415 MiB available of 31.4 GiB: the story of this node.
    assert.ok(a.findings.some((f) => f.rule === 'meminfo/low-available' && f.severity === 'critical'));
  });

  test('a table whose line breaks were lost (one line: header, Mem:, -/+ buffers/cache:, Swap:) is read by its row labels, each value at its place in the line', () => {
    // Fixture: the layout of procps 3.2's free as a web page flattened it.
    const line = ' total used free shared buffers cached Mem: 1288720 361448 927272 0 27844 187632 -/+ buffers/cache: 145972 1142748 Swap: 522104 0 522104';
    const f = freeOf(line)!;
    assert.ok(f, 'a free section');
    const v = (k: string) => f.byKey[k]?.value;
    assert.deepEqual([v('MemTotal'), v('MemFree'), v('Shmem'), v('Buffers'), v('Cached'), v('SwapTotal'), v('SwapFree')], [1288720, 927272, 0, 27844, 187632, 522104, 522104]);
    const c = f.byKey.Cached;
    assert.equal(line.slice(c.valueSpan.start, c.valueSpan.end), '187632');
    assert.equal(line.slice(f.byKey.SwapFree.valueSpan.start, f.byKey.SwapFree.valueSpan.end), '522104');
    assert.equal(f.byKey.SwapFree.valueSpan.start, line.lastIndexOf('522104'));
    const a = analyzeText(line);
    assert.deepEqual(a.parsed.problems.filter((p) => p.severity !== 'info'), []);
    assert.deepEqual(a.findings.filter((x) => x.severity !== 'info'), []);
    // A sentence that only names the columns is not a table.
    assert.equal(freeOf('the columns are total used free shared buffers cached, then Mem: and Swap:'), undefined);
  });

  test('a loop of free (`while true; do free; sleep 60; done`): every table has its command, they are one series, and memory in use growing is steady growth', () => {
    // Fixture in the layout of procps-ng 3.3 free, used growing by ~2 GB a table on a 62 GB box.
    const table = (used: number) => `              total        used        free      shared  buff/cache   available\nMem:       62880028 ${String(used).padStart(11)} ${String(61500000 - used).padStart(11)}       95508     1369712 ${String(62880028 - used - 500000).padStart(11)}\nSwap:             0           0           0`;
    const text = `$ while true; do free; sleep 60; done\n${[5909424, 9803196, 12532152, 14393964, 15684068, 16577944].map(table).join('\n')}\n`;
    const a = analyzeText(text);
    const frees = a.parsed.sections.filter((s) => s.kind === 'meminfo');
    assert.equal(frees.length, 6);
    assert.ok(frees.every((s) => s.source === 'free'), frees.map((s) => s.source).join(', '));
    assert.ok(!a.parsed.problems.some((p) => /command line is not in the capture/.test(p.message)));
    const s = a.metrics.series.find((x) => x.kind === 'meminfo')!;
    const used = s.tracks.find((t) => t.id === 'meminfo:InUse')!;
    assert.equal(used.length, 6);
    assert.equal(used.value[0], (5909424 + 500000) * 1024);
    const g = a.findings.find((f) => f.rule === 'series/steady-growth');
    assert.ok(g && g.severity === 'warning', a.findings.map((f) => f.rule).join(', '));
    assert.match(g.message, /in use \(MemTotal − MemAvailable\) grew in 5 of 5 steps/);
    // A /proc/meminfo series follows AnonPages instead: no in-use track there.
    const mi = (anon: number) => `MemTotal: 16000000 kB\nMemFree: 8000000 kB\nMemAvailable: ${12000000 - anon} kB\nAnonPages: ${anon} kB\n`;
    const b = analyzeText(`==> /proc/meminfo <==\n${mi(1000000)}\n==> /proc/meminfo <==\n${mi(1100000)}\n`);
    assert.ok(!b.metrics.series[0].tracks.some((t) => t.id === 'meminfo:InUse'));
  });

  test('where the memory went is free\'s own partition: used, buff/cache and free (3.3.10+), or the -/+ buffers/cache used, buffers, cached and free (older)', () => {
    // Fixtures in the two layouts (numbers of real pastes in test/wild: the 12 GB superuser box, the 251 GiB host).
    const old = analyzeText('$ free\n             total       used       free     shared    buffers     cached\nMem:      12286456   11715372     571084          0      81912    6545228\n-/+ buffers/cache:    5088232    7198224\nSwap:     24571408      54528   24516880\n');
    const mo = old.metrics.meminfo!;
    assert.ok(mo.complete);
    assert.deepEqual(mo.breakdown.map((p) => [p.key, p.bytes / 1024]), [['used', 5088232], ['buffers', 81912], ['pageCache', 6545228], ['free', 571084]]);
    assert.equal(mo.breakdown.reduce((t, p) => t + p.bytes, 0), mo.totalBytes, 'the parts are MemTotal');
    assert.deepEqual(mo.used.freePrinted, { bytes: 5088232 * 1024, label: 'free(1) as printed (-/+ buffers/cache)' });
    const now = analyzeText('$ free -h\n               total        used        free      shared  buff/cache   available\nMem:           251Gi        15Gi        49Gi       1.2Gi       188Gi       236Gi\nSwap:          8.0Gi       1.7Gi       6.3Gi\n');
    const mn = now.metrics.meminfo!;
    assert.deepEqual(mn.breakdown.map((p) => [p.key, p.bytes / 2 ** 30]), [['used', 15], ['pageCache', 188], ['free', 49]]);
    assert.equal(mn.used.freePrinted!.bytes, 15 * 2 ** 30);
    // free -w prints buffers and cache apart: their sum is buff/cache.
    const wide = analyzeText('$ free -w\n               total        used        free      shared     buffers       cache   available\nMem:        16000000     4000000     2000000      100000      500000     9500000    11000000\nSwap:              0           0           0\n');
    assert.equal(wide.metrics.meminfo!.breakdown.find((p) => p.key === 'pageCache')!.bytes, 10_000_000 * 1024);
  });

  test('free with no flag is KiB (its default); with no command line KiB is assumed and the parse says so', () => {
    const s = freeOf(read('kubelet-summary-node-memory-jq-kube-minion3-9g-meminfo.txt'))!;
    assert.equal(s.byKey.MemTotal.bytes, 9207436 * 1024);
    const bare = analyzeText(read('kubectl-top-node-hetzner-k3s-4g-67pct-vs-free-partial-meminfo.txt'));
    assert.equal(freeOf(read('kubectl-top-node-hetzner-k3s-4g-67pct-vs-free-partial-meminfo.txt'))!.byKey.MemAvailable.bytes, 2916296 * 1024);
    assert.ok(bare.parsed.problems.some((p) => p.severity === 'info' && /read as KiB/.test(p.message)));
  });

  test('free -h: suffixes in powers of 1024, markdown bold removed, and the sizes said to be approximate', () => {
    const text = read('kubectl-top-node-k8s-107-100pct-vs-free-125g-meminfo.txt');
    const s = freeOf(text)!;
    assert.equal(s.byKey.MemTotal.bytes, 125 * 1024 * MI);
    assert.equal(s.byKey.MemFree.bytes, 57 * 1024 * MI, '**57G** read through the bold');
    assert.equal(s.byKey.Shmem.bytes, 4 * 1024 * MI);
    assert.ok(analyzeText(text).parsed.problems.some((p) => /approximate/.test(p.message)));
  });

  test('beside kubectl top node: the prompt\'s host picks the row (the 32 GB gateway hides 25 GiB from Kubernetes); with four rows and no host, nothing is paired and no alarm is raised', () => {
    const gw = analyzeText(`${read('kubectl-top-node-7-nodes-vs-free-gateway-32g.txt')}\n${read('kubectl-top-node-7-nodes-vs-free-gateway-32g-meminfo.txt')}`);
    const k = gw.metrics.kubernetes!;
    assert.equal(k.kubectlTop?.bytes, 9895 * MI);
    assert.equal(k.hiddenBytes, (32174 - 415) * MI - 9895 * MI);
    assert.ok(gw.findings.some((f) => f.rule === 'kubernetes/top-hides-kernel'));
    // free has no kernel lines: the difference is not split into guessed parts.
    assert.deepEqual(k.why.map((w) => w.label.split(':')[0]), ['not placed']);
    assert.equal(k.why[0].bytes, k.hiddenBytes);
    const big = analyzeText(`${read('kubectl-top-node-k3s-4-nodes-vs-free-server-257g.txt')}\n${read('kubectl-top-node-k3s-4-nodes-vs-free-server-257g-meminfo.txt')}`);
    assert.equal(big.metrics.kubernetes!.kubectlTop, undefined);
    assert.match(big.metrics.kubernetes!.notes.join(' '), /lists 4 nodes and nothing says which one/);
    assert.ok(!big.findings.some((f) => f.severity !== 'info'), big.findings.map((f) => f.rule).join(', '));
  });
});

describe('free -h shares', () => {
  const table = (mem: string) => `               total        used        free      shared  buff/cache   available\nMem:   ${mem}\nSwap:          8.0Gi       8.0Gi       224Ki\n`;
  test('rounded columns that add up to more than the rounded total: the shares are of their sum and stay at 100 %', () => {
    // The mini PC of test/wild (free-h-uptime-14g-…): 12Gi + 2.3Gi + 179Mi is 14.5 GiB against a printed 14Gi.
    const m = analyzeText(table('14Gi        12Gi       179Mi       3.0Mi       2.3Gi       2.1Gi')).metrics.meminfo!;
    assert.equal(m.totalBytes, 14 * 1024 * MI);
    const sum = m.breakdown.reduce((t, p) => t + p.bytes, 0);
    assert.equal(m.breakdownOfBytes, sum);
    assert.ok(Math.abs(m.breakdown.reduce((t, p) => t + p.bytes / m.breakdownOfBytes, 0) - 1) < 1e-9);
  });
  test('an exact table (free -m, whose used is total − free − buff/cache) keeps MemTotal as the base', () => {
    const m = analyzeText(`$ free -m\n${table('15884        5002        1227         395        9654       10102')}`).metrics.meminfo!;
    assert.equal(m.totalBytes, 15884 * MI);
    assert.equal(m.breakdownOfBytes, m.totalBytes);
  });
});

describe('free\'s command line', () => {
  const table = '             total       used       free     shared    buffers     cached\nMem:         64394       1407      62987          4         49        359\n-/+ buffers/cache:        997      63397\nSwap:       102399          0     102399\n';
  test('a blank line between the command and its table still names the unit', () => {
    const s = freeOf(`$ free -m\n\n${table}`)!;
    assert.equal(s.source, 'free -m');
    assert.equal(s.byKey.MemTotal.bytes, 64394 * MI);
  });
  test('`free -g` above a table whose total would be 63 TiB in GiB: read as MiB, and said', () => {
    const a = analyzeText(`> free -g\n\n${table}`);
    const s = a.parsed.sections.find((x): x is KeyValueSection => x.kind === 'meminfo')!;
    assert.equal(s.byKey.MemTotal.bytes, 64394 * MI);
    assert.ok(a.parsed.problems.some((p) => /says free -g, but read in GiB its Mem total \(64394\) would be 63 TiB: the numbers fit MiB/.test(p.message)));
    // A real free -g of a large machine stays GiB.
    assert.equal(freeOf(`$ free -g\n${table.replace(/64394/g, '503').replace('62987', '400')}`)!.byKey.MemTotal.bytes, 503 * 1024 * MI);
  });
});

test('top\'s summary: its used and buff/cache are free\'s partition of the total', () => {
  const m = analyzeText('KiB Mem :  3881880 total,   123632 free,   642924 used,  3115324 buff/cache\nKiB Swap:  2097148 total,  2097148 free,        0 used.  2943836 avail Mem \n').metrics.meminfo!;
  assert.deepEqual(m.breakdown.map((p) => [p.key, p.bytes]), [['used', 642924 * 1024], ['pageCache', 3115324 * 1024], ['free', 123632 * 1024]]);
  assert.equal(m.used.freePrinted?.bytes, 642924 * 1024);
});
