// Layouts and stories first seen in wild round 14: slabtop under a comma-decimal locale and cut by `head`, an
// Android kernel log with logcat times and HiSilicon's `[N.s][pid:…]` prefix, a fork failing on a fragmented DMA
// zone, global OOMs with full swap, no swap and a preforking pool, a pod's victim deep in swap, and a v2 cgroup
// thrashing its page cache against its own limit. Inline texts are fixtures written here in those layouts.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText } from '../../src/analysis/analyze';
import { readLogPrefix } from '../../src/formats/logPrefix';
import type { OomReportSection, SlabinfoSection } from '../../src/model';
import { taskGroups } from '../../src/analysis/oomTasks';
import { callerName, allocCallerText } from '../../src/knowledge/allocCallers';
import { expectFires, expectQuiet } from './helpers';

describe('slabtop as a locale and a pipe leave it', () => {
  const head = [' Active / Total Objects (% used)    : 3424282 / 3461230 (98,9%)', ' Active / Total Slabs (% used)      : 507294 / 507294 (100,0%)',
    ' Active / Total Caches (% used)     : 341 / 386 (88,3%)', ' Active / Total Size (% used)       : 15543458,94K / 15549019,20K (100,0%)',
    ' Minimum / Average / Maximum Object : 0,01K / 4,49K / 10,25K', '', '  OBJS ACTIVE USE OBJ SIZE SLABS OBJ/SLAB CACHE SIZE NAME                     '];
  const rows = ['1901280 1901280 100%    8,00K 475320        4  15210240K kmalloc-rnd-07-8k', ' 170310  170106  99%    0,19K   4055       42     32440K dentry'];

  test('comma decimals (`0,19K`, `98,9%`) are read as decimals, with no problem raised', () => {
    const a = analyzeText(['# slabtop -o | head -10', ...head, ...rows, ''].join('\n'));
    const s = a.parsed.sections.find((x): x is SlabinfoSection => x.kind === 'slabinfo')!;
    assert.deepEqual(s.caches.map((c) => [c.name, c.objSize, c.numObjs]), [['kmalloc-rnd-07-8k', 8192, 1901280], ['dentry', 195, 170310]]);
    assert.equal(s.slabtopSummary?.totalSizeBytes, Math.round(15549019.2 * 1024));
    assert.equal(s.slabtopSummary?.minObjectBytes, 10);
    assert.deepEqual(a.parsed.problems.filter((p) => p.severity !== 'info'), []);
    expectQuiet(['# slabtop -o | head -10', ...head, ...rows, ''].join('\n'), 'slabinfo/unreadable');
  });

  test('fewer rows than the summary\'s caches is a cut paste: shares are of the summary\'s total, and a lone variant is named as written', () => {
    const f = expectFires([...head, ...rows, ''].join('\n'), 'slabinfo/dominant-cache', 'warning');
    // 14.5 GiB of 15549019.20K (14.8 GiB): 98 %, not 100 % of the two rows shown.
    assert.match(f.message, /^kmalloc-rnd-07-8k \(kmalloc-8k\) holds 14\.5 GiB, 98 % of all slab \(14\.8 GiB\)/);
  });
});

describe('an Android kernel log (HiSilicon trees) in a bug report', () => {
  test('logcat\'s time, the printk level, `[N.s]` and `[pid:N,cpuN,comm]` are one prefix, the time kept', () => {
    const p = readLogPrefix('07-13 08:41:51.341 <4>[309805.658142s][pid:1361,cpu5,sManagerService]sManagerService: page allocation failure: order:2, mode:0x2000d1');
    assert.equal(p.clock, '07-13 08:41:51.341');
    assert.equal(p.uptime, 309805.658142);
    assert.equal(p.level, 'warn');
    assert.equal('07-13 08:41:51.341 <4>[309805.658142s][pid:1361,cpu5,sManagerService]'.length, p.length);
    // Continuation lines carry the time alone.
    const q = readLogPrefix('07-13 08:41:51.347 <4>[309805.658264s] active_file:19087 inactive_file:9843 isolated_file:0');
    assert.equal(q.length, '07-13 08:41:51.347 <4>[309805.658264s] '.length);
    // A logcat date followed by ordinary text is not a kernel prefix.
    assert.equal(readLogPrefix('07-13 08:41:51.347 hello world').length, 0);
  });

  const pre = (t: string) => `07-13 08:41:51.347 <4>[309805.658294s][pid:1361,cpu5,sManagerService]${t}`;
  const failure = (dma: string, normal: string) => [
    pre('sManagerService: page allocation failure: order:2, mode:0x2000d1'), pre('Call trace:'),
    pre('[<ffffffc00008a0a4>] dump_backtrace+0x0/0x150'), pre('[<ffffffc00018af54>] warn_alloc_failed+0x10c/0x164'),
    pre('[<ffffffc00018e778>] __alloc_pages_nodemask+0x5b4/0x888'), pre('[<ffffffc00018eb84>] alloc_kmem_pages_node+0x44/0x50'),
    pre('[<ffffffc00009fa78>] copy_process.part.46+0x140/0x15ac'), pre('Mem-Info:'), pre('active_anon:491074 inactive_anon:118072 isolated_anon:0'),
    pre(`DMA: ${dma}`), pre(`Normal: ${normal}`), pre('Free swap  = 0kB'), pre('Total swap = 524284kB'), ''].join('\n');

  test('a fork that fails with hundreds of MiB free in small blocks only is fragmentation, said from the report\'s own buddy lists', () => {
    const t = failure('68324*4kB (UEM) 24706*8kB (UER) 2*16kB (U) 0*32kB 0*64kB 0*128kB = 470976kB', '270*4kB 82*8kB 48*16kB 25*32kB 12*64kB = 4584kB');
    const f = expectFires(t, 'oom-report/allocation-failure', 'warning');
    assert.match(f.message, /^sManagerService could not get 16\.0 KiB of contiguous memory \(order 2, mode 0x2000d1\)/);
    // __GFP_DMA (bit 0x01): the Normal zone's larger blocks do not count.
    assert.match(f.message, /zone DMA \(the only one __GFP_DMA allows\) had 460 MiB free, but only 32\.0 KiB of it in blocks of 16\.0 KiB or more\. Fragmentation, not a shortage\./);
    assert.match(f.message, /Swap was full too \(0 B free of 512 MiB\)/);
    assert.match(f.message, /names copy_process as the caller: fork or clone, for the new task's kernel stack/);
    assert.equal(f.data?.largeKb, 32);
    const [s] = analyzeText(t).parsed.sections.filter((x): x is OomReportSection => x.kind === 'oom-report');
    assert.equal(s.allocationFailures?.[0].task, 'sManagerService');
    assert.deepEqual(s.allocationFailures?.[0].buddyZones?.[0].byOrderKb, [273296, 197648, 32, 0, 0, 0]);
  });

  test('with blocks that large free, the same failure is a shortage and stays information', () => {
    const f = expectFires(failure('100*4kB 50*8kB 200*16kB 100*32kB = 7200kB', '0*4kB = 0kB'), 'oom-report/allocation-failure', 'info');
    assert.match(f.message, /blocks that large existed, so the zones were short of free memory as a whole/);
  });

  test('the caller a trace names: compiler suffixes dropped, known purposes told', () => {
    assert.equal(callerName('copy_process.part.46'), 'copy_process');
    assert.equal(callerName('tcp_sendmsg.isra.3.cold'), 'tcp_sendmsg');
    assert.match(allocCallerText('__alloc_skb') ?? '', /packet buffer/);
    assert.equal(allocCallerText('nvme_probe [nvme]'), undefined);
  });
});

describe('global OOMs: swap, and a pool of processes', () => {
  const row = (pid: number, rss: number, swap: number, name: string) => `kernel: [${String(pid).padStart(6)}]     0 ${pid} ${rss * 2} ${rss} 100 ${swap} 0 ${name}`;
  const report = (swapFree: number, swapTotal: number, tasks: string[], victim: [number, string, number]) => [
    'kernel: apache2 invoked oom-killer: gfp_mask=0x201da, order=0, oom_score_adj=0', 'kernel: Mem-Info:',
    'kernel: active_anon:1800000 inactive_anon:176101 isolated_anon:0', 'kernel:  active_file:1000 inactive_file:1193 isolated_file:0',
    'kernel:  free:5000 slab_reclaimable:1000 slab_unreclaimable:2000', `kernel: Free swap  = ${swapFree}kB`, `kernel: Total swap = ${swapTotal}kB`,
    'kernel: [ pid ]   uid  tgid total_vm      rss nr_ptes swapents oom_score_adj name', ...tasks,
    `kernel: Out of memory: Kill process ${victim[0]} (${victim[1]}) score 400 or sacrifice child`,
    `kernel: Killed process ${victim[0]} (${victim[1]}) total-vm:${victim[2] * 8}kB, anon-rss:${victim[2] * 4}kB, file-rss:0kB`, ''].map((l) => `Apr 12 11:09:17 h ${l}`).join('\n');
  const pool = Array.from({ length: 21 }, (_, i) => row(3000 + i, 54222, 0, 'apache2'));

  test('full swap is said; 21 workers holding more together than the victim are named as the consumer', () => {
    const f = expectFires(report(0, 262140, [...pool, row(25924, 839661, 0, 'mysqld')], [25924, 'mysqld', 839661]), 'oom-report/killed', 'critical');
    assert.match(f.message, /Swap was full as well \(0 B free of 256 MiB\): nothing more could be paged out\./);
    assert.match(f.message, /21 apache2 processes held 4\.34 GiB together, more than mysqld \(3\.20 GiB\)/);
  });

  test('no swap is said as such; swap with room and a single big process say neither', () => {
    const none = expectFires(report(0, 0, [row(22037, 196225, 0, 'java')], [22037, 'java', 196225]), 'oom-report/killed', 'critical');
    assert.match(none.message, /The node has no swap/);
    assert.doesNotMatch(none.message, /not one process/);
    const room = expectFires(report(200000, 262140, [...pool.slice(0, 2), row(25924, 839661, 0, 'mysqld')], [25924, 'mysqld', 839661]), 'oom-report/killed', 'critical');
    assert.doesNotMatch(room.message, /Swap was full|no swap|not one process/);
  });

  test('task groups: rows of one name summed, threads left out', () => {
    const tasks = [{ pid: 1, tgid: 1, rssPages: 10, swapEntsPages: 1, name: 'a', line: 0 }, { pid: 2, tgid: 2, rssPages: 30, swapEntsPages: 0, name: 'a', line: 1 }, { pid: 3, tgid: 2, rssPages: 99, swapEntsPages: 0, name: 'a', line: 2 }, { pid: 4, tgid: 4, rssPages: 5, swapEntsPages: 0, name: 'b', line: 3 }]
      .map((t) => ({ uid: 0, totalVmPages: 0, oomScoreAdj: 0, ...t }));
    assert.deepEqual(taskGroups(tasks, 4096), [{ name: 'a', processes: 2, rssBytes: 40 * 4096, swapBytes: 4096, line: 1 }, { name: 'b', processes: 1, rssBytes: 5 * 4096, swapBytes: 0, line: 3 }]);
  });
});

describe('a pod\'s victim deep in swap', () => {
  test('swap entries above the victim\'s resident set are told as paging inside the cgroup', () => {
    const cg = '/kubepods/pod1788d98a-0700-426a-8701-2312e4cc2163';
    const t = ['[1.0] memory: usage 524288kB, limit 524288kB, failcnt 100', `[1.0] Memory cgroup stats for ${cg}:`, '[1.0] anon 314535936', '[1.0] file 0',
      '[1.0] Tasks state (memory values in pages):', '[1.0] [  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name',
      '[1.0] [  11638]     0 11638  2109807    76320  9076736  1045307          -997 uwsgi',
      `[1.0] oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=x,mems_allowed=0,oom_memcg=${cg},task_memcg=${cg}/c1,task=uwsgi,pid=11638,uid=0`, ''].join('\n');
    const f = expectFires(t, 'oom-report/killed', 'critical');
    assert.match(f.message, /It also had 3\.99 GiB swapped out \(swapents 1045307 in the task table\), more than it held resident: it had been paging heavily inside its cgroup/);
    // A little swap beside a large resident set is not that story.
    assert.doesNotMatch(expectFires(t.replace('1045307', '9000'), 'oom-report/killed', 'critical').message, /swapped out/);
  });
});

describe('a v2 cgroup reclaiming against its own limit', () => {
  const stat = (kswapd: number, activate: number) => ['anon 2579693568', 'file 3929878528', 'kernel 145862656', 'shmem 4096', 'inactive_file 678453248', 'active_file 3251408896',
    'workingset_refault_anon 919214', 'workingset_refault_file 3427513', `workingset_activate_file ${activate}`, 'pgscan 38044843', 'pgsteal 14675136',
    `pgscan_kswapd ${kswapd}`, `pgscan_direct ${38044843 - kswapd}`, 'pgmajfault 708882', ''].join('\n');

  test('no kswapd scan, file refaults 3.6× its cache, 75 % activated again: it thrashes its page cache', () => {
    const f = expectFires(stat(0, 2565873), 'memory-stat/reclaim-thrashing', 'warning');
    assert.match(f.message, /pgscan_kswapd 0: all 38,044,843 pages were scanned for its limit/);
    assert.match(f.message, /3,427,513 file pages it dropped were read back \(13\.1 GiB, 3\.6× the 3\.66 GiB it caches now\); 75 % of them went straight back to the active list/);
    assert.match(f.message, /pgmajfault 708,882\), and 919,214 anonymous pages came back from swap as well/);
    const info = expectFires(stat(0, 2565873), 'memory-stat/active-file-in-working-set', 'info');
    assert.match(info.message, /No limit is in the capture, but its reclaim is all its own \(pgscan_kswapd 0\), so one is being met\./);
  });

  test('node pressure (kswapd scanning it) or refaults that were not reactivated are not this story', () => {
    expectQuiet(stat(1000000, 2565873), 'memory-stat/reclaim-thrashing');
    expectQuiet(stat(0, 100000), 'memory-stat/reclaim-thrashing');
  });
});

describe('a meminfo paste cut before Slab', () => {
  // Fixture: the first lines of a 64 GiB meminfo, as an htop-era paste stops.
  const cut = (avail: number) => `MemTotal:       67108864 kB\nMemFree:         4194304 kB\nMemAvailable:   ${avail} kB\nBuffers:          100000 kB\nCached:          4000000 kB\nActive(anon):     200000 kB\nInactive(anon):   100000 kB\nActive(file):    2000000 kB\nInactive(file):  2000000 kB\nUnevictable:           0 kB\nMlocked:               0 kB\nSwapTotal:             0 kB\nSwapFree:              0 kB\nDirty:               100 kB\nWriteback:             0 kB\nAnonPages:        300000 kB\nMapped:           100000 kB\nShmem:             10000 kB\n`;

  test('what MemAvailable holds beyond free + file LRU bounds the reclaimable part of the unplaced rest', () => {
    const some = expectFires(cut(9194304), 'meminfo/unaccounted-memory', 'info');
    assert.match(some.message, /MemAvailable \(8\.77 GiB\) is only 977 MiB above free \+ file LRU, so at most that much of it is reclaimable/);
    // MemAvailable below free + file LRU (it subtracts the watermarks): none of it, said so, not "only 0 B".
    const none = expectFires(cut(7000000), 'meminfo/unaccounted-memory', 'info');
    assert.match(none.message, /MemAvailable \(6\.68 GiB\) is no more than free \+ file LRU \(7\.81 GiB\), so none of the .* is reclaimable: it is held by/);
    assert.doesNotMatch(none.message, /only 0 B/);
  });
});
