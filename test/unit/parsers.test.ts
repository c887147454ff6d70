import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument } from '../../src/formats/parse';
import type { Field, OomReportSection, PressureSection, SlabinfoSection, Span } from '../../src/model';
import { fixture, kv, lineOf, slabinfo } from './helpers';

/** The text a span covers. */
const at = (text: string, s: Span) => text.split(/\r\n|\r|\n/)[s.line].slice(s.start, s.end);
const field = (text: string, key: string, fileName?: string): Field => {
  const d = parseDocument(text, { fileName });
  const f = kv(d.sections[0]).byKey[key];
  assert.ok(f, `no field ${key}`);
  return f;
};

describe('meminfo', () => {
  const six = fixture('kernel-6.1-arm64-secpagetables-tab.meminfo');

  test('kB values become bytes; spans cover key, value and unit', () => {
    const f = field(six, 'MemTotal');
    assert.deepEqual([f.raw, f.value, f.unit, f.bytes, f.line], ['251544064', 251544064, 'kB', 251544064 * 1024, 0]);
    assert.equal(at(six, f.keySpan), 'MemTotal');
    assert.equal(at(six, f.valueSpan), '251544064');
    assert.equal(at(six, f.unitSpan!), 'kB');
  });

  test('HugePages_* are counts of Hugepagesize pages', () => {
    const total = field(six, 'HugePages_Total');
    const free = field(six, 'HugePages_Free');
    assert.deepEqual([total.value, total.unit, total.bytes, total.unitSpan], [64, 'hugepages', 64 * 2048 * 1024, undefined]);
    assert.deepEqual([free.value, free.bytes], [60, 60 * 2048 * 1024]);
    assert.equal(field(six, 'Hugepagesize').bytes, 2048 * 1024);
    // A 1 GiB default huge page size scales the counts.
    const gig = 'MemTotal: 100000000 kB\nHugePages_Total:       4\nHugePages_Free:        1\nHugepagesize:    1048576 kB\n';
    assert.equal(field(gig, 'HugePages_Total').bytes, 4 * 1024 ** 3);
    assert.equal(field(gig, 'HugePages_Free').bytes, 1024 ** 3);
  });

  test('ShadowCallStack with no space after the colon', () => {
    const f = field(six, 'ShadowCallStack');
    const line = lineOf(six, 'ShadowCallStack:');
    assert.deepEqual([f.value, f.bytes, f.line], [12345678, 12345678 * 1024, line]);
    assert.deepEqual(f.keySpan, { line, start: 0, end: 15 });
    assert.deepEqual(f.valueSpan, { line, start: 16, end: 24 });
  });

  test('SecPageTables with a TAB after the colon', () => {
    assert.ok(six.includes('SecPageTables:\t'));
    const f = field(six, 'SecPageTables');
    assert.deepEqual([f.value, f.unit, f.bytes], [0, 'kB', 0]);
    assert.equal(at(six, f.valueSpan), '0');
  });

  test('per-NUMA lines: "Node 1 Key:" gives the bare key, spans after the prefix', () => {
    const text = fixture('numa-node1.meminfo');
    const f = field(text, 'MemTotal');
    assert.deepEqual([f.value, f.bytes], [65964020, 65964020 * 1024]);
    assert.equal(at(text, f.keySpan), 'MemTotal');
    assert.equal(f.keySpan.start, 'Node 1 '.length);
    const hp = field(text, 'HugePages_Free');
    assert.deepEqual([hp.unit, hp.bytes], ['hugepages', 500 * 2 * 1024 * 1024]);
  });

  test('3.x without MemAvailable: no MemAvailable field, no problem', () => {
    const d = parseDocument(fixture('kernel-3.2-no-memavailable.meminfo'));
    assert.equal(kv(d.sections[0]).byKey.MemAvailable, undefined);
    assert.equal(kv(d.sections[0]).fields.length, 42);
    assert.deepEqual(d.problems, []);
  });

  test('VmallocTotal wider than its column still reads exactly', () => {
    assert.equal(field(six, 'VmallocTotal').value, 133143592960);
  });

  test('problems: wrong unit, junk line, missing value, duplicate key, negative size', () => {
    // Under a header the file is one capture, so a repeated key is a duplicate (without one it starts a new capture).
    const text = '==> /proc/meminfo <==\nMemTotal:       16000000 kB\nMemFree:         4000000 MB\nthis is not meminfo\nBuffers:\nMemTotal:       16000001 kB\nCached:           -12 kB\n';
    const d = parseDocument(text);
    assert.equal(d.sections.length, 1);
    const byLine = new Map(d.problems.map((p) => [p.line, p]));
    assert.deepEqual([...byLine.keys()].sort(), [2, 3, 4, 5, 6]);
    assert.match(byLine.get(2)!.message, /kB/);
    assert.equal(at(text, { line: 2, start: byLine.get(2)!.start!, end: byLine.get(2)!.end! }), 'MB');
    assert.match(byLine.get(3)!.message, /expected "Name:  value kB"/);
    assert.match(byLine.get(4)!.message, /Buffers has no value/);
    assert.match(byLine.get(5)!.message, /appears twice.*line 2/);
    assert.equal(byLine.get(5)!.severity, 'warning');
    assert.match(byLine.get(6)!.message, /negative/);
    // The first MemTotal is the one used; the rest still parsed.
    const s = kv(d.sections[0]);
    assert.equal(s.byKey.MemTotal.value, 16000000);
    assert.equal(s.byKey.Cached.value, -12);
  });
});

describe("the poster's notes after a value", () => {
  test('`(unchanged)` after a memory.events value and `----- note` after a meminfo count are notes (information); the values are read; other text stays an error', () => {
    const ev = parseDocument('$ cat memory.events\nlow      5399469   (unchanged)\nhigh 0\nmax      112303    (unchanged)\noom 0\noom_kill 0\n');
    const s = ev.sections.find((x) => x.kind === 'memory-events') as unknown as { byKey: Record<string, Field> };
    assert.deepEqual([s.byKey.low.value, s.byKey.max.value], [5399469, 112303]);
    assert.deepEqual(ev.problems.map((p) => p.severity), ['info', 'info']);
    const mi = parseDocument('# cat /proc/meminfo\nMemTotal:       527617788 kB\nHugePages_Total:   252557   ----- 预分配太多\nHugepagesize:       2048 kB\n');
    const m = mi.sections[0] as unknown as { byKey: Record<string, Field> };
    assert.equal(m.byKey.HugePages_Total.value, 252557);
    assert.deepEqual(mi.problems.map((p) => [p.severity, /read as a note/.test(p.message)]), [['info', true]]);
    assert.equal(parseDocument('$ cat memory.events\nlow 5 then 6\nhigh 0\nmax 1\noom 0\noom_kill 0\n').problems[0]?.severity, 'error');
  });
});

describe('memory.stat', () => {
  const v2 = fixture('kubepods-burstable-pod.memory.stat');
  const v1 = fixture('docker-container-v1.memory.stat');

  test('v2 state items are bytes, events are counts', () => {
    const anon = field(v2, 'anon');
    assert.deepEqual([anon.value, anon.unit, anon.bytes], [402653184, 'bytes', 402653184]);
    assert.equal(at(v2, anon.keySpan), 'anon');
    assert.equal(at(v2, anon.valueSpan), '402653184');
    for (const k of ['pgfault', 'pgmajfault', 'workingset_refault_file', 'pgscan_direct', 'thp_fault_alloc', 'zswpin']) {
      const f = field(v2, k);
      assert.equal(f.unit, 'count', k);
      assert.equal(f.bytes, undefined, k);
    }
    assert.equal(field(v2, 'kernel_stack').bytes, 1146880);
  });

  test('v1: total_* keys, counters, and the unlimited sentinel', () => {
    const limit = field(v1, 'hierarchical_memory_limit');
    assert.deepEqual([limit.value, limit.unlimited], [1073741824, undefined]);
    const memsw = field(v1, 'hierarchical_memsw_limit');
    assert.equal(memsw.unlimited, true);
    assert.equal(memsw.raw, '9223372036854771712');
    assert.deepEqual([field(v1, 'total_rss').bytes, field(v1, 'total_inactive_file').bytes], [521830400, 101163008]);
    for (const k of ['pgpgin', 'total_pgpgin', 'pgfault', 'total_pgmajfault']) assert.equal(field(v1, k).unit, 'count', k);
    assert.deepEqual(parseDocument(v1).problems, []);
  });

  test('problems: a value that is not a number, text after the value', () => {
    const text = 'anon 1000\nfile lots\nshmem 4096 bytes\n';
    const d = parseDocument(text, { fileName: 'memory.stat' });
    assert.deepEqual(d.problems.map((p) => p.line), [1, 2]);
    assert.match(d.problems[0].message, /Expected a whole number for file, found "lots"/);
    assert.match(d.problems[1].message, /Unexpected text after shmem/);
  });
});

describe('vmstat', () => {
  const text = fixture('node-6.1.vmstat');
  test('pages, KiB for pgpgin/pgpgout and nr_kernel_stack, huge pages for THP, counts for events', () => {
    const free = field(text, 'nr_free_pages');
    assert.deepEqual([free.unit, free.bytes], ['pages', 1048576 * 4096]);
    const pgpgin = field(text, 'pgpgin');
    assert.deepEqual([pgpgin.unit, pgpgin.bytes], ['kB', 81234567 * 1024]);
    assert.deepEqual([field(text, 'nr_kernel_stack').unit, field(text, 'nr_kernel_stack').bytes], ['kB', 23008 * 1024]);
    const thp = field(text, 'nr_anon_transparent_hugepages');
    assert.deepEqual([thp.unit, thp.bytes], ['hugepages', 312 * 2 * 1024 * 1024]);
    for (const k of ['pgmajfault', 'pswpin', 'oom_kill', 'allocstall_normal', 'nr_dirtied', 'workingset_refault_file']) assert.equal(field(text, k).unit, 'count', k);
    assert.equal(field(text, 'nr_slab_unreclaimable').bytes, 130496 * 4096);
  });

  test('page size option scales pages', () => {
    const d = parseDocument('nr_free_pages 10\npgfault 5\n', { pageSize: 65536 });
    assert.equal(kv(d.sections[0]).byKey.nr_free_pages.bytes, 655360);
  });
});

describe('cgroup values', () => {
  test('a number of bytes; `max` is unlimited; v1 sentinel is unlimited', () => {
    const n = field('1073741824\n', 'memory.max', '/sys/fs/cgroup/x/memory.max');
    assert.deepEqual([n.value, n.bytes, n.unit, n.unlimited], [1073741824, 1073741824, 'bytes', undefined]);
    const m = field('max\n', 'memory.max', 'memory.max');
    assert.deepEqual([m.raw, m.unlimited, m.bytes], ['max', true, Infinity]);
    assert.deepEqual(m.valueSpan, { line: 0, start: 0, end: 3 });
    const u = field('9223372036854771712\n', 'memory.limit_in_bytes', 'memory.limit_in_bytes');
    assert.equal(u.unlimited, true);
    const flag = field('1\n', 'memory.oom.group', 'memory.oom.group');
    assert.deepEqual([flag.unit, flag.bytes], ['flag', undefined]);
  });

  test('extra lines and junk are problems on their lines', () => {
    const d = parseDocument('12345\n678\n', { fileName: 'memory.current' });
    assert.deepEqual(d.problems.map((p) => [p.line, p.severity]), [[1, 'error']]);
    assert.match(d.problems[0].message, /single value/);
    const j = parseDocument('unlimited\n', { fileName: 'memory.max' });
    assert.equal(j.problems.length, 1);
    assert.match(j.problems[0].message, /whole number/);
  });
});

describe('slabinfo', () => {
  const text = fixture('slub-6.6-kmalloc-rnd-cg.slabinfo');
  const s = parseDocument(text).sections[0] as SlabinfoSection;

  test('version, rows and every column', () => {
    assert.deepEqual([s.version, s.statistics, s.caches.length], ['2.1', false, 22]);
    const c = s.caches.find((x) => x.name === 'ext4_inode_cache')!;
    assert.deepEqual(
      [c.activeObjs, c.numObjs, c.objSize, c.objPerSlab, c.pagesPerSlab, c.activeSlabs, c.numSlabs, c.line],
      [38250, 38250, 1176, 27, 8, 1417, 1417, lineOf(text, 'ext4_inode_cache')],
    );
    assert.equal(at(text, c.nameSpan), 'ext4_inode_cache');
    assert.deepEqual(c.columnSpans.map((sp) => at(text, sp)), ['38250', '38250', '1176', '27', '8', '1417', '1417']);
  });

  test('long names shift the columns; names may hold ":" and "-"', () => {
    for (const name of ['f2fs_xattr_entry-254:48', 'kvm_async_pf_kmem_cache', 'skbuff_fclone_cache']) {
      const c = s.caches.find((x) => x.name === name);
      assert.ok(c, name);
      assert.equal(at(text, c.nameSpan), name);
    }
    const f2 = s.caches.find((x) => x.name === 'f2fs_xattr_entry-254:48')!;
    assert.deepEqual([f2.objSize, f2.objPerSlab, f2.pagesPerSlab], [56, 73, 1]);
    const skb = s.caches.find((x) => x.name === 'skbuff_fclone_cache')!;
    assert.deepEqual(skb.columnSpans.map((sp) => at(text, sp)), ['256', '256', '512', '32', '4', '8', '8']);
  });

  test('a row with too few fields is a problem naming the expected layout; the rest is read', () => {
    const t = slabinfo(['dentry 100 200', 'kmalloc-64  1000   1024     64   64    1 : tunables    0    0    0 : slabdata     16     16      0']);
    const d = parseDocument(t);
    assert.equal(d.problems.length, 1);
    assert.equal(d.problems[0].line, 2);
    assert.match(d.problems[0].message, /Not a slabinfo row: expected "name active_objs/);
    assert.match(d.problems[0].message, /3 fields/);
    assert.equal((d.sections[0] as SlabinfoSection).caches.length, 1);
  });

  test('statistics header, vendor 2.2 version and active > num', () => {
    const t = 'slabinfo - version: 2.2 (statistics)\ndentry 300 200 192 21 1 : tunables 0 0 0 : slabdata 10 10 0 0\n';
    const d = parseDocument(t);
    const sec = d.sections[0] as SlabinfoSection;
    assert.deepEqual([sec.version, sec.statistics, sec.caches.length], ['2.2', true, 1]);
    assert.deepEqual(d.problems.map((p) => [p.line, p.severity]), [[1, 'warning']]);
    assert.match(d.problems[0].message, /active_objs \(300\) exceeds num_objs \(200\)/);
  });

  test('Permission denied and header only are unreadable, not problems', () => {
    const denied = parseDocument(fixture('permission-denied.slabinfo'), { fileName: 'permission-denied.slabinfo' });
    assert.equal((denied.sections[0] as SlabinfoSection).unreadable, 'permission-denied');
    assert.deepEqual(denied.problems, []);
    const header = parseDocument(slabinfo([]));
    assert.equal((header.sections[0] as SlabinfoSection).unreadable, 'header-only');
  });
});

describe('PSI', () => {
  test('avg (percent) and total (microseconds) with spans', () => {
    const text = fixture('thrashing-node-memory.pressure');
    const p = parseDocument(text, { fileName: 'memory.pressure' }).sections[0] as PressureSection;
    assert.deepEqual([p.some!.avg10, p.some!.avg60, p.some!.avg300, p.some!.total], [61.27, 55.10, 41.93, 981237741]);
    assert.deepEqual([p.full!.avg10, p.full!.total, p.full!.line], [52.30, 772019338, 1]);
    assert.equal(at(text, p.some!.typeSpan), 'some');
    assert.equal(at(text, p.full!.spans.avg10), 'avg10=52.30');
    assert.equal(at(text, p.full!.spans.avg300), 'avg300=35.02');
    assert.equal(at(text, p.full!.spans.total), 'total=772019338');
  });

  test("oomd's pre-upstream `total N` spelling", () => {
    const text = 'some avg10=1.11 avg60=2.22 avg300=3.33 total 134829384400\nfull avg10=0.50 avg60=0.40 avg300=0.30 total 12\n';
    const d = parseDocument(text, { fileName: 'memory.pressure' });
    assert.deepEqual(d.problems, []);
    const p = d.sections[0] as PressureSection;
    assert.equal(p.some!.total, 134829384400);
    assert.equal(at(text, p.some!.spans.total), 'total 134829384400');
  });

  test('out-of-range avg, a bad total and a second some are problems on their lines', () => {
    const text = '==> /proc/pressure/memory <==\nsome avg10=101.00 avg60=0.00 avg300=0.00 total=0\nfull avg10=1.00 avg60=0.00 avg300=0.00 total=-5\nsome avg10=1.00 avg60=0.00 avg300=0.00 total=7\nsome avg10=2.00 avg60=0.00 avg300=0.00 total=8\n';
    const d = parseDocument(text);
    assert.equal(d.sections.length, 1);
    assert.deepEqual(d.problems.map((p) => p.line), [1, 2, 4]);
    assert.match(d.problems[0].message, /avg10 must be a percentage from 0 to 100/);
    assert.match(d.problems[1].message, /total must be a whole number of microseconds/);
    assert.match(d.problems[2].message, /second "some"/);
    const p = d.sections[0] as PressureSection;
    assert.equal(p.some!.total, 7);
  });
});

describe('OOM reports', () => {
  test('memcg OOM in a kubepods burstable pod: victim, constraint, cgroups, stats, task table, kill, reaper', () => {
    const text = fixture('memcg-oom-kubepods-burstable-dmesg.txt');
    const o = parseDocument(text).sections[0] as OomReportSection;
    assert.equal(o.events.length, 2, 'two events in one log');
    const e = o.events[0];
    const pod = '/kubepods/burstable/pod1e2f3a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b';
    assert.equal(e.triggerLine, lineOf(text, '[12345.678901] java invoked'));
    assert.deepEqual([e.invoker, e.gfpMask, e.order, e.invokerOomScoreAdj, e.kernelVersion], ['java', '0xcc0(GFP_KERNEL)', 0, 968, '5.15.0-1051-aws']);
    assert.deepEqual([e.memcgUsageBytes, e.memcgLimitBytes, e.memcgFailcnt, e.swapLimitBytes], [1048576 * 1024, 1048576 * 1024, 2381, 0]);
    assert.equal(e.memcgStatsPath, pod);
    assert.equal(e.memcgStats!.anon, 1061158912);
    assert.equal(e.memcgStats!.slab_unreclaimable, 7528448);
    assert.deepEqual([e.constraint, e.oomMemcg, e.globalOom], ['CONSTRAINT_MEMCG', pod, undefined]);
    assert.match(e.taskMemcg!, /\/3f9e1c2b7a6d[0-9a-f]{52}$/);
    assert.deepEqual([e.victimPid, e.victimName, e.victimUid, e.memcgOom], [48213, 'java', 1000, true]);
    assert.deepEqual([e.victimTotalVmBytes, e.victimAnonRssBytes, e.victimFileRssBytes, e.victimShmemRssBytes], [5612348 * 1024, 1034212 * 1024, 21504 * 1024, 0]);
    assert.deepEqual([e.victimPgtablesBytes, e.victimOomScoreAdj], [2412 * 1024, 968]);
    assert.equal(e.killLine, lineOf(text, '[12345.679160] Memory cgroup out of memory'));
    assert.equal(e.reaperLine, lineOf(text, '[12345.712345] oom_reaper'));
    assert.equal(e.uptimeSeconds, 12345.67916);
    assert.deepEqual(e.tasks.map((t) => [t.pid, t.uid, t.tgid, t.totalVmPages, t.rssPages, t.pgtablesBytes, t.swapEntsPages, t.oomScoreAdj, t.name]), [
      [48190, 65535, 48190, 255, 1, 28672, 0, -998, 'pause'],
      [48213, 1000, 48213, 1403087, 263929, 2469888, 0, 968, 'java'],
    ]);
    assert.equal(e.tasks[1].pgtablesBytes, e.victimPgtablesBytes, 'pgtables_bytes is bytes, as the kill line says');
    const e2 = o.events[1];
    assert.deepEqual([e2.victimPid, e2.memcgFailcnt, e2.reaperLine, e2.tasks.length], [49877, 2512, undefined, 2]);
    assert.ok(e2.startLine > e.endLine);
  });

  test('dmesg -T global OOM (6.x): Mem-Info pages, unreclaimable slab, rss_anon columns', () => {
    const text = fixture('global-oom-unreclaimable-slab-dmesg-T.txt');
    const d = parseDocument(text);
    assert.deepEqual(d.problems, []);
    const e = (d.sections[0] as OomReportSection).events[0];
    assert.deepEqual([e.time, e.kernelVersion, e.constraint, e.globalOom, e.memcgOom], ['Tue Nov 24 03:12:07 2026', '6.8.0-1015-aws', 'CONSTRAINT_NONE', true, false]);
    assert.deepEqual([e.memInfoPages!.slab_unreclaimable, e.memInfoPages!.active_file, e.memInfoPages!.free], [3712345, 103, 21011]);
    assert.equal(e.slabDumpLine, lineOf(text, '[Tue Nov 24 03:12:07 2026] Unreclaimable slab info:'));
    assert.deepEqual(e.unreclaimableSlab.map((r) => [r.name, r.usedBytes, r.totalBytes]), [
      ['kmalloc-2k', 6291456 * 1024, 6291712 * 1024], ['skbuff_head_cache', 3932160 * 1024, 3932416 * 1024],
      ['kmalloc-256', 98304 * 1024, 98560 * 1024], ['kernfs_node_cache', 13120 * 1024, 13260 * 1024],
    ]);
    const ne = e.tasks.find((t) => t.name === 'node_exporter')!;
    assert.deepEqual([ne.rssPages, ne.rssAnonPages, ne.rssFilePages, ne.rssShmemPages, ne.pgtablesBytes, ne.oomScoreAdj], [9877, 9801, 76, 0, 335872, 1000]);
    assert.deepEqual([e.victimPid, e.victimName, e.victimOomScoreAdj], [4521, 'node_exporter', 1000]);
  });

  test('journalctl short-iso, syslog and German dmesg -T prefixes', () => {
    const j = (parseDocument(fixture('journalctl-short-iso-oom.txt')).sections[0] as OomReportSection).events;
    assert.deepEqual(j.map((e) => [e.victimPid, e.victimName, e.time]), [[7712, 'stress-ng', '2026-11-24T03:12:07+0000']]);
    assert.equal(j[0].memcgStats!.anon, 532037632);
    const s = (parseDocument(fixture('syslog-kernel-oom.txt')).sections[0] as OomReportSection).events;
    assert.deepEqual(s.map((e) => [e.victimPid, e.time, e.uptimeSeconds, e.victimOomScoreAdj]), [[30112, 'Nov 24 03:12:07', 106464.880402, -997]]);
    assert.equal(s[0].memcgStats!.rss, 2075348 * 1024, 'v1 stats on one line, KB units');
    const g = (parseDocument(fixture('dmesg-T-german-locale-oom.txt')).sections[0] as OomReportSection).events;
    assert.deepEqual(g.map((e) => [e.victimPid, e.victimName, e.time, e.globalOom, e.victimShmemRssBytes]), [[9921, 'postgres', 'Do Dez  3 14:02:11 2026', true, 1048576 * 1024]]);
  });

  test('a report with no kill line says so on its last line', () => {
    const text = '[ 10.000001] bash invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\n[ 10.000002] memory: usage 10kB, limit 10kB, failcnt 1\n';
    const d = parseDocument(text);
    assert.deepEqual(d.problems.map((p) => [p.line, p.severity]), [[1, 'info']]);
    assert.match(d.problems[0].message, /no "Killed process" line/);
  });

  test('an unreadable task table row is a problem naming the columns', () => {
    const text = '[ 1.0] x invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\n[ 1.1] Tasks state (memory values in pages):\n[ 1.2] [  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name\n[ 1.3] [    12]     0    12  lots\n[ 1.4] Out of memory: Killed process 12 (x) total-vm:4kB, anon-rss:4kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0\n';
    const d = parseDocument(text);
    assert.deepEqual(d.problems.map((p) => p.line), [3]);
    assert.match(d.problems[0].message, /expected pid uid tgid total_vm rss pgtables_bytes swapents oom_score_adj name/);
  });
});
