import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument } from '../../src/formats/parse';
import { analyzeText } from '../../src/analysis/analyze';
import { isMangledSentinel } from '../../src/formats/keyValue';
import type { KeyValueSection, PressureSection, SlabinfoSection } from '../../src/model';
import { fixture } from './helpers';

const kv = (s: unknown) => s as KeyValueSection;

describe('odd files', () => {
  test('2.4 meminfo: the byte table above the key lines is no problem; the key lines are read', () => {
    const text = fixture('fixture-meminfo-2.4-table.meminfo');
    for (const d of [parseDocument(text), parseDocument(text, { fileName: 'fixture-meminfo-2.4-table.meminfo' })]) {
      assert.deepEqual(d.problems, []);
      assert.deepEqual(d.sections.map((s) => s.kind), ['meminfo']);
      const f = kv(d.sections[0]).byKey;
      assert.deepEqual([f.MemTotal.bytes, f.Cached.bytes, f.SwapFree.bytes, f.Inact_dirty.value], [255252 * 1024, 173160 * 1024, 523432 * 1024, 110524]);
      assert.equal(f.Mem, undefined);
    }
  });

  test('vmstat -s: its memory lines are meminfo\'s keys; sums, counters and ticks are known and not read as values', () => {
    // A fixture in procps-ng 4.0.2's layout (checked against the real vmstat -s in test/oracle).
    const t = ['$ vmstat -s', '     24683568 K total memory', '       469556 K used memory', '       764952 K active memory', '      1012996 K inactive memory', '     22451980 K free memory',
      '        13024 K buffer memory', '      2077592 K swap cache', '      4194300 K total swap', '            0 K used swap', '      4194300 K free swap', '      1624363 non-nice user cpu ticks',
      '     36999561 K paged in', '            0 pages swapped in', '     76416412 CPU context switches', '   1796231406 boot time', '       336030 forks', ''].join('\n');
    const d = parseDocument(t);
    assert.deepEqual(d.sections.map((x) => [x.kind, x.variant]), [['meminfo', 'vmstat-s']]);
    const f = kv(d.sections[0]).byKey;
    assert.deepEqual(Object.fromEntries(Object.entries(f).map(([k, v]) => [k, v.bytes])), { MemTotal: 24683568 * 1024, Active: 764952 * 1024, Inactive: 1012996 * 1024, MemFree: 22451980 * 1024, Buffers: 13024 * 1024, SwapTotal: 4194300 * 1024, SwapFree: 4194300 * 1024 });
    // "swap cache" is procps's Cached + SReclaimable, not SwapCached: not read as either.
    assert.equal(f.SwapCached, undefined);
    assert.equal(f.Cached, undefined);
    // 24683568 KiB is above 2^24: procps rounded it through a float, and the tool says so.
    assert.ok(d.problems.some((p) => /32-bit float: MemTotal, MemFree are 16 GiB or more/.test(p.message)), JSON.stringify(d.problems));
    assert.ok(d.problems.every((p) => p.severity === 'info'));
    // The hover tells what the key is (its knowledge is meminfo's).
    const m = kv(parseDocument(t.replace(' M total', ' K total').replace(' K total memory', ' M total memory')).sections[0]).byKey.MemTotal;
    assert.equal(m.unit, 'MiB');
    assert.deepEqual(analyzeText(t).findings.filter((x) => x.severity !== 'info'), []);
  });

  test('PSI under a bare cgroup path, indented, taken twice; and a PSI line a mailer wrapped before its total', () => {
    // Fixtures in the layouts of real pastes (test/wild cgroup-v2-seven-cgroups-…, psi-grep-R-proc-pressure-…).
    const labelled = 'system/memory.pressure\n    some avg10=54.41 avg60=59.28 avg300=69.46 total=7347640237\n    full avg10=27.45 avg60=22.19 avg300=29.28 total=3287847481\n  ->\n    some avg10=77.25 avg60=73.24 avg300=69.63 total=7619662740\n    full avg10=23.04 avg60=25.26 avg300=27.97 total=3401421903\n';
    const d = parseDocument(labelled);
    assert.deepEqual(d.sections.map((x) => [x.kind, x.source]), [['pressure', 'system/memory.pressure'], ['pressure', 'system/memory.pressure']]);
    assert.deepEqual(d.sections.map((x) => (x as PressureSection).some?.avg10), [54.41, 77.25]);
    assert.deepEqual(d.problems.filter((p) => p.severity !== 'info'), []);
    const f = analyzeText(labelled).findings.find((x) => x.rule === 'pressure/memory-some');
    assert.match(f?.message ?? '', /At least one task in system was stalled on memory 77\.25 %/);
    const wrapped = '     $ grep -R . /proc/pressure/\n     /proc/pressure/io:some avg10=26.20 avg60=10.10 avg300=3.10 \ntotal=48330841502\n     /proc/pressure/io:full avg10=26.20 avg60=10.10 avg300=3.10 \ntotal=48067233340\n     /proc/pressure/memory:some avg10=0.00 avg60=0.00 avg300=0.00 \ntotal=2530206336\n';
    const w = parseDocument(wrapped);
    const io = w.sections.find((x) => x.kind === 'pressure' && (x as PressureSection).resource === 'io') as PressureSection | undefined;
    assert.ok(io, JSON.stringify(w.sections.map((x) => [x.kind, x.source])));
    assert.deepEqual([io.some?.avg10, io.some?.total, io.full?.total], [26.2, 48330841502, 48067233340]);
    assert.equal(io.some!.spans.total.line, 2);
    assert.deepEqual(w.problems.filter((p) => p.severity !== 'info'), []);
  });

  test('pre-upstream PSI: "aggr N" then some/full with three averages', () => {
    const d = parseDocument('aggr 316016073\nsome 0.00 0.03 0.05\nfull 0.01 0.02 0.04\n', { fileName: 'memory.pressure' });
    const s = d.sections[0] as PressureSection;
    assert.deepEqual([s.kind, s.resource, s.layout, s.aggregateTotal], ['pressure', 'memory', 'pre-upstream', 316016073]);
    assert.deepEqual([s.some!.avg10, s.some!.avg60, s.some!.avg300, s.full!.avg300], [0, 0.03, 0.05, 0.04]);
    assert.ok(Number.isNaN(s.some!.total));
    assert.deepEqual(d.problems.map((p) => [p.line, p.severity]), [[0, 'info']]);
    assert.match(d.problems[0].message, /before Linux 4\.20/);
    // By content alone it is one PSI section too.
    const c = parseDocument('aggr 316016073\nsome 0.00 0.03 0.05\nfull 0.01 0.02 0.04\n');
    assert.deepEqual(c.sections.map((x) => [x.kind, (x as PressureSection).layout]), [['pressure', 'pre-upstream']]);
  });

  test('pre-upstream PSI: memdelay\'s bare total and two lines of averages', () => {
    const d = parseDocument('2489084\n41.61 47.28 29.66\n0.00 0.00 0.00\n', { fileName: '/proc/mempressure' });
    const s = d.sections[0] as PressureSection;
    assert.deepEqual([s.kind, s.layout, s.aggregateTotal, s.some!.avg10, s.full!.avg10], ['pressure', 'pre-upstream', 2489084, 41.61, 0]);
    assert.equal(d.problems.filter((p) => p.severity !== 'info').length, 0);
  });

  test('an empty file says what it is when its name tells', () => {
    const reclaim = parseDocument('', { fileName: '/sys/fs/cgroup/kubepods.slice/memory.reclaim' });
    assert.equal(reclaim.problems.length, 1);
    assert.match(reclaim.problems[0].message, /memory\.reclaim is write-only/);
    const stat = parseDocument('\n', { fileName: 'memory.stat' });
    assert.match(stat.problems[0].message, /^Empty memory\.stat/);
    const cur = parseDocument('', { fileName: 'pod.memory.current' });
    assert.match(cur.problems[0].message, /^Empty memory\.current \(pod\.memory\.current\)/);
    const any = parseDocument('', { fileName: 'notes.txt' });
    assert.match(any.problems[0].message, /^Empty \(notes\.txt\): there is nothing to read/);
    // Under a tail header too.
    const headed = parseDocument('==> /sys/fs/cgroup/memory.reclaim <==\n\n==> /proc/pressure/memory <==\nsome avg10=0.00 avg60=0.00 avg300=0.00 total=0\n');
    assert.match(headed.problems[0].message, /memory\.reclaim is write-only/);
  });

  test('a v1 limit that is the "no limit" sentinel with a digit lost: a warning, read as no limit', () => {
    assert.ok(isMangledSentinel('922337203685477171'));
    assert.ok(isMangledSentinel('922337203685471712'));
    assert.ok(!isMangledSentinel('9223372036854771712'));
    assert.ok(!isMangledSentinel('1073741824'));
    const d = parseDocument('922337203685477171\n', { fileName: 'memory.limit_in_bytes' });
    const f = kv(d.sections[0]).fields[0];
    assert.equal(f.unlimited, true);
    assert.deepEqual(d.problems.map((p) => [p.line, p.severity, p.start, p.end]), [[0, 'warning', 0, 18]]);
    assert.match(d.problems[0].message, /digit lost/);
    const st = parseDocument('cache 0\nrss 4096\nhierarchical_memory_limit 922337203685477171\n', { fileName: 'memory.stat' });
    assert.equal(kv(st.sections[0]).byKey.hierarchical_memory_limit.unlimited, true);
    assert.deepEqual(st.problems.map((p) => [p.line, p.severity]), [[2, 'warning']]);
    // A real large limit and the exact sentinel say nothing.
    assert.deepEqual(parseDocument('9223372036854771712\n', { fileName: 'memory.limit_in_bytes' }).problems, []);
    assert.deepEqual(parseDocument('107374182400\n', { fileName: 'memory.limit_in_bytes' }).problems, []);
    // LLONG_MAX, as older kernels print hierarchical_* of an unlimited cgroup (a real docker memory.stat): no limit, no word.
    const llong = parseDocument('cache 11492564992\nrss 1930993664\nhierarchical_memory_limit 9223372036854775807\nhierarchical_memsw_limit 9223372036854775807\n', { fileName: 'memory.stat' });
    assert.deepEqual(llong.problems, []);
    assert.equal(kv(llong.sections[0]).byKey.hierarchical_memory_limit.unlimited, true);
    assert.equal(analyzeText('cache 11492564992\nrss 1930993664\nhierarchical_memory_limit 9223372036854775807\n', { fileName: 'memory.stat' }).metrics.cgroups[0].noLimitFrom, 'hierarchical_memory_limit');
  });

  test('meminfo through paste - -: two entries a line, counts with no unit too, quoted', () => {
    const text = '> > MemTotal:       528235648 kB    MemFree:        20002732 kB\n> > HugePages_Total:       0    HugePages_Free:        0\n> > Hugepagesize:       2048 kB    DirectMap4k:      123456 kB\n';
    const d = parseDocument(text);
    assert.deepEqual(d.problems, []);
    const f = kv(d.sections[0]).byKey;
    assert.deepEqual([f.MemTotal.value, f.MemFree.value, f.HugePages_Total.value, f.HugePages_Free.value, f.DirectMap4k.bytes], [528235648, 20002732, 0, 0, 123456 * 1024]);
    const line = text.split('\n')[0];
    assert.equal(line.slice(f.MemFree.keySpan.start, f.MemFree.keySpan.end), 'MemFree');
    assert.equal(line.slice(f.MemFree.valueSpan.start, f.MemFree.valueSpan.end), '20002732');
  });

  test('talosctl dmesg: node, facility and level, a bracketed ISO stamp and a colon', () => {
    const d = parseDocument('10.200.70.91: kern:    info: [2025-06-04T04:51:57.572293906Z]: memory: usage 4194304kB, limit 4194304kB, failcnt 2084326\n10.200.70.91: kern:    info: [2025-06-04T04:51:57.575463906Z]: swap: usage 0kB, limit 9007199254740988kB, failcnt 0\n');
    const s = d.sections[0] as import('../../src/model').OomReportSection;
    assert.equal(s.kind, 'oom-report');
    assert.deepEqual([s.events[0].memcgLimitBytes, s.events[0].swapUsageBytes, s.events[0].timeIso, s.capturedAt], [4194304 * 1024, 0, '2025-06-04T04:51:57.572Z', '2025-06-04T04:51:57.572Z']);
  });
});

describe('pasting artefacts first seen in the wild corpus', () => {
  test('NO-BREAK SPACE padding (format=flowed mail) reads as spaces; every offset stays the document\'s', () => {
    const text = 'MemTotal:\u00a0\u00a0\u00a0\u00a0 493554824 kB\nMemFree:\u00a0\u00a0\u00a0\u00a0\u00a0 484492920 kB\n';
    const d = parseDocument(text);
    assert.deepEqual(d.problems, []);
    const f = kv(d.sections[0]).byKey.MemFree;
    assert.equal(f.value, 484492920);
    assert.equal(text.slice(f.valueSpan.start + text.indexOf('\n') + 1, f.valueSpan.end + text.indexOf('\n') + 1), '484492920');
  });

  test('a free table wrapped by a mailer: `available` and the last number on lines of their own', () => {
    const text = '# free\n               total        used        free      shared  buff/cache  \navailable\nMem:         3977448      615760      410332       14580     2951356    \n3045304\nSwap:        1564668           0     1564668\n';
    const d = parseDocument(text);
    const s = kv(d.sections.find((x) => x.kind === 'meminfo')!);
    assert.equal(s.variant, 'free');
    assert.deepEqual([s.byKey.MemTotal.value, s.byKey.MemAvailable.value, s.byKey.MemAvailable.line, s.byKey.SwapFree.value], [3977448, 3045304, 4, 1564668]);
  });

  test('a sentence between captures is information, not a broken capture; junk among captures still warns', () => {
    const cap = 'MemTotal:  1000 kB\nMemFree:   500 kB\n';
    const d = parseDocument(`before the test the meminfo is:\n\n${cap}\nafter echo 3 > /proc/sys/vm/drop_caches\n${cap}`);
    assert.deepEqual(d.problems.map((p) => [p.line, p.severity]), [[0, 'info'], [5, 'info']]);
    assert.match(d.problems[0].message, /^Text between captures \(1 line\): words, not values/);
    const junk = parseDocument(`x9f 33 11 20 7\n\n${cap}`);
    assert.deepEqual(junk.problems.map((p) => p.severity), ['warning']);
  });
});

describe('zone files and labels first seen in the wild corpus, round 4', () => {
  test('/proc/pagetypeinfo: free counts of every migrate type summed per zone, wrapped rows joined', () => {
    const text = '# cat /proc/pagetypeinfo\nPage block order: 9\nPages per block:  512\n\nFree pages count per migrate type at order       0      1      2      3\n     4      5      6      7      8      9     10\nNode    0, zone   Normal, type    Unmovable      1      2      3      4\n     5      6      7      8      9      0      0\nNode    0, zone   Normal, type      Movable     10     20     30     40\n     50     60     70     80     90      0      1\n\nNumber of blocks type     Unmovable      Movable\nNode 0, zone   Normal          100         200\n';
    const d = parseDocument(text);
    assert.deepEqual(d.problems, []);
    const s = d.sections[0] as import('../../src/model').OpaqueSection;
    assert.deepEqual(s.buddy?.map((z) => [z.node, z.zone, z.free]), [[0, 'Normal', [11, 22, 33, 44, 55, 66, 77, 88, 99, 0, 1]]]);
  });

  test('a buddyinfo row wrapped by a mailer keeps its high orders', () => {
    const d = parseDocument('Node 0, zone      DMA      1      1      1      1      1      1      1\n      0      1      1      3\nNode 0, zone   Normal  89147  96397  76496  56407  41671  29289  18142\n   9000   4000      0      0\n', { fileName: 'buddyinfo' });
    assert.deepEqual(d.problems, []);
    assert.deepEqual((d.sections[0] as import('../../src/model').OpaqueSection).buddy?.map((z) => z.free.length), [11, 11]);
  });

  test('a label line (`meminfo:`) names the paste below it; a caller id a space after the time is a prefix; ` free -m` with a leading space is free\'s command', () => {
    const d = parseDocument('meminfo:\nMemTotal:  1000 kB\nMemFree:    500 kB\n');
    assert.deepEqual(d.sections.map((s) => [s.kind, s.source, s.headerLine]), [['meminfo', 'meminfo', 0]]);
    const a = analyzeText('[2681891.757523] [ T416120] b2sum: page allocation failure: order:4, mode:0x40c40(GFP_NOFS|__GFP_COMP), nodemask=(null)\n');
    assert.match(a.findings[0].message, /^b2sum could not get 64\.0 KiB/);
    const f = parseDocument(' free -m\n              total        used        free      shared  buff/cache   available\nMem:          64117        6305         421         147       57390       57184\n');
    assert.equal(kv(f.sections[0]).byKey.MemTotal.bytes, 64117 * 2 ** 20);
  });
});

describe('annotated pastes and per-cgroup listings first seen in the wild corpus, round 5', () => {
  test('a note after a value (`-- jumped`, `- 减少`) is information and the value is read; other trailing text stays an error', () => {
    const d = parseDocument('MemTotal:  1000 kB\nMemFree:    500 kB   -- 暴涨\nCached:     100 kB - 没变\nBuffers:     10 kB oops\n');
    const s = kv(d.sections[0]);
    assert.deepEqual([s.byKey.MemFree.value, s.byKey.Cached.value], [500, 100]);
    assert.deepEqual(d.problems.map((p) => [p.line, p.severity]), [[1, 'info'], [2, 'info'], [3, 'error']]);
  });

  test('a slabtop row with a note after the cache name keeps the name', () => {
    const d = parseDocument(' OBJS ACTIVE  USE OBJ SIZE  SLABS OBJ/SLAB CACHE SIZE NAME\n2632305 2632305 100%    0.10K  67495       39    269980K buffer_head    -- 暴涨\n');
    const s = d.sections[0] as SlabinfoSection;
    assert.deepEqual(s.caches.map((c) => c.name), ['buffer_head']);
    assert.deepEqual(d.problems.map((p) => p.severity), ['info']);
  });

  test('`NAME/:` headings with tab-indented `file:value` lines: each file of each cgroup, by its path', () => {
    const d = parseDocument('system/:\n\tmemory.current:8589053952\n\tmemory.high:8589934592\n\tmemory.events:high 441886\n\tmemory.events:max 0\nsystem/base:\n\tmemory.current:7789477888\n');
    assert.deepEqual(d.sections.map((s) => [s.kind, s.source]), [['cgroup-value', 'system/memory.current'], ['cgroup-value', 'system/memory.high'], ['memory-events', 'system/memory.events'], ['cgroup-value', 'system/base/memory.current']]);
    assert.deepEqual(d.problems, []);
    assert.equal(kv(d.sections[0]).fields[0].value, 8589053952);
  });
});

describe('top summary lines', () => {
  test('top\'s KiB Mem and KiB Swap lines are read as free\'s numbers (avail Mem is MemAvailable); its other lines are information', () => {
    const text = 'Tasks: 181 total,   2 running, 129 sleeping,   0 stopped,   0 zombie\nKiB Mem :   938748 total,    46416 free,   839752 used,    52580 buff/cache\nKiB Swap:        0 total,        0 free,        0 used.    57068 avail Mem \n';
    const a = analyzeText(text);
    const s = a.parsed.sections.find((x) => x.kind === 'meminfo') as KeyValueSection;
    assert.deepEqual([s.variant, s.source, s.byKey.MemTotal.bytes, s.byKey.MemAvailable.bytes, s.byKey.MemAvailable.line], ['free', 'top', 938748 * 1024, 57068 * 1024, 2]);
    assert.deepEqual(a.findings.map((f) => [f.rule, f.severity]), [['meminfo/low-available', 'warning']]);
    assert.deepEqual(a.parsed.problems.map((p) => p.severity), ['info']);
    // Equal numbers on one line are each their own field: SwapFree's 0 is not SwapTotal's.
    assert.deepEqual([s.byKey.SwapTotal.valueSpan.start, s.byKey.SwapFree.valueSpan.start, s.byKey.MemAvailable.valueSpan.start], [17, 33, 59]);
  });
});

describe('round 7 of the wild corpus', () => {
  test('old free (`buffers cached` columns): cached is Cached; a lone `$` after the table is a boundary, no problem', () => {
    const d = parseDocument('$ free\n             total       used       free     shared    buffers     cached\nMem:        507484     457668      49816          0      43760     186816\n-/+ buffers/cache:     227092     280392\nSwap:      1052248          0    1052248\n$\n');
    const s = kv(d.sections.find((x) => x.kind === 'meminfo')!);
    assert.deepEqual([s.byKey.Cached?.value, s.byKey.Buffers?.value], [186816, 43760]);
    assert.deepEqual(d.problems.filter((p) => p.severity !== 'info'), []);
  });

  test('a slabtop screen stays one capture under a file name that says OOM', () => {
    const d = parseDocument('  OBJS ACTIVE  USE OBJ SIZE  SLABS OBJ/SLAB CACHE SIZE NAME\n25820620 23138538  89%    0.14K 922165       28   3688660K btrfs_extent_map\n', { fileName: 'slabtop-oom-6.6.txt' });
    assert.deepEqual(d.sections.map((s) => [s.kind, s.variant, s.startLine, s.endLine]), [['slabinfo', 'slabtop', 0, 1]]);
  });

  test('an order-0 allocation failure is memory pressure, not fragmentation, and a warning', () => {
    const a = analyzeText('[ 1.0] kswapd0: page allocation failure: order:0, mode:0x52800(GFP_NOWAIT|__GFP_NOWARN|__GFP_NOMEMALLOC), nodemask=(null)\n');
    assert.deepEqual(a.findings.map((f) => [f.rule, f.severity]), [['oom-report/allocation-failure', 'warning']]);
    assert.match(a.findings[0].message, /^kswapd0 could not get a single page .*That is not fragmentation.*__GFP_NOMEMALLOC kept it out of the reserves/);
  });
});
