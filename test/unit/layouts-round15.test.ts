// Layouts and stories first seen in wild round 15: 2.6.1x OOM reports (no invoking task, `Out of Memory: Killed
// process N (x).`, a syslog with a host and no tag), low memory filled on 32-bit HighMem kernels, a costly-order
// failure on a box with almost nothing free, the global killer run from a page fault with memory to spare, a paste
// that starts in Mem-Info's tail, memory reserved at boot, and a crash kernel too small for its drivers. Inline
// texts are fixtures written here in those layouts.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText } from '../../src/analysis/analyze';
import { readLogPrefix } from '../../src/formats/logPrefix';
import type { OomReportSection } from '../../src/model';
import { expectFires } from './helpers';

const events = (t: string) => analyzeText(t).metrics.oom;

describe('2.6.1x OOM reports', () => {
  test('a syslog line with a host and no tag: the host goes, the kernel text stays (also when it looks like a tag)', () => {
    const cut = (l: string) => l.slice(readLogPrefix(l).length);
    assert.equal(cut('Nov 17 06:19:31 sleepy oom-killer: gfp_mask=0xd0'), 'oom-killer: gfp_mask=0xd0');
    assert.equal(cut('Nov 17 06:19:31 sleepy run-crons: page allocation failure. order:0, mode:0x1d2'), 'run-crons: page allocation failure. order:0, mode:0x1d2');
    assert.equal(cut('Nov 17 06:19:31 sleepy Out of Memory: Killed process 6688 (ntpd).'), 'Out of Memory: Killed process 6688 (ntpd).');
    assert.equal(cut('Nov 17 06:19:31 sleepy DMA per-cpu:'), 'DMA per-cpu:');
    // A daemon's line keeps its tag off as before; a line that is no kernel text keeps its host.
    assert.equal(cut('Nov 17 06:19:31 sleepy sshd[123]: Accepted publickey'), 'Accepted publickey');
    assert.equal(cut('Nov 17 06:19:31 sleepy hello there'), 'Nov 17 06:19:31 sleepy hello there');
  });

  const dump = (kill: string) => ['oom-killer: gfp_mask=0xd0', 'Free pages:        9196kB (1856kB HighMem)',
    'Active:12382 inactive:280459 dirty:214 writeback:0 unstable:0 free:2299 slab:220221 mapped:12256 pagetables:122',
    'DMA free:3588kB min:68kB low:84kB high:100kB active:0kB inactive:696kB present:16384kB pages_scanned:1203 all_unreclaimable? yes',
    'Normal free:3744kB min:3756kB low:4692kB high:5632kB active:0kB inactive:368kB present:901120kB pages_scanned:683 all_unreclaimable? yes',
    'HighMem free:96000kB min:512kB low:640kB high:768kB active:50076kB inactive:1121156kB present:1179136kB pages_scanned:0 all_unreclaimable? no',
    'Free swap  = 3610572kB', 'Total swap = 3615236kB', kill, ''].join('\n');

  test('`oom-killer: gfp_mask=` opens a report and `Out of Memory: Killed process N (x).` is its kill', () => {
    const e = events(dump('Out of Memory: Killed process 1188 (exim).'));
    assert.deepEqual(e.map((d) => [d.event.victimName, d.event.victimPid, d.event.gfpMask, d.scope]), [['exim', 1188, '0xd0', 'global']]);
  });

  test('low memory filled by slab on a HighMem kernel: said from the zones and Mem-Info, not "anonymous memory"', () => {
    const f = expectFires(dump('Out of Memory: Killed process 1188 (exim).'), 'oom-report/killed', 'critical');
    assert.match(f.message, /Zone HighMem still had 93\.8 MiB free, but it serves user pages only/);
    assert.match(f.message, /In Normal \(880 MiB\): slab \(all zones; slab is always in low memory\) 860 MiB, LRU pages \(user and cache\) 368 KiB\./);
    assert.doesNotMatch(f.message, /What filled it/);
  });

  test('3.x zone lines: the short zone\'s own counters, and the page array of a 64 GB PAE box', () => {
    const t = ['[1.0] sh invoked oom-killer: gfp_mask=0x2d0, order=1, oom_score_adj=0', '[1.0] Mem-Info:', '[1.0] active_anon:160000 inactive_anon:6000 isolated_anon:0',
      '[1.0] Normal free:3644kB min:3732kB low:4664kB high:5596kB active_anon:0kB inactive_anon:0kB active_file:248kB inactive_file:280kB present:887976kB slab_reclaimable:7408kB slab_unreclaimable:68168kB kernel_stack:43256kB pagetables:94628kB all_unreclaimable? yes',
      '[1.0] HighMem free:63352504kB min:512kB low:67316kB high:134124kB active_anon:641896kB inactive_anon:26988kB present:63554796kB slab_reclaimable:0kB kernel_stack:0kB pagetables:0kB all_unreclaimable? no',
      '[1.0] 16777200 pages RAM', '[1.1] Out of memory: Kill process 6345 (sleep) score 1 or sacrifice child', '[1.1] Killed process 6345 (sleep) total-vm:2000kB, anon-rss:44kB, file-rss:200kB', ''].join('\n');
    const f = expectFires(t, 'oom-report/killed', 'critical');
    assert.match(f.message, /In Normal \(867 MiB\): page tables 92\.4 MiB, slab 73\.8 MiB, kernel stacks 42\.2 MiB, LRU pages \(user and cache\) 528 KiB\. The other 658 MiB is outside these counters: with 16,777,200 pages of RAM, the kernel's page array \(32 bytes a page\) alone takes about 512 MiB/);
    assert.doesNotMatch(f.message, /What filled it: anonymous/);
  });
});

describe('allocation failures and spurious kills', () => {
  test('a costly order with almost nothing free in Mem-Info is a shortage, not fragmentation', () => {
    const t = ['[96.8] ls: page allocation failure: order:5, mode:0xcc0(GFP_KERNEL), nodemask=(null)', '[96.8] Mem-Info:', '[96.8] active_anon:0 inactive_anon:0 isolated_anon:0',
      '[96.8]  slab_reclaimable:0 slab_unreclaimable:284', '[96.8]  free:51 free_pcp:0 free_cma:0', ''].join('\n');
    const f = expectFires(t, 'oom-report/allocation-failure', 'warning');
    assert.match(f.message, /Mem-Info shows only 204 KiB free in all \(free:51 pages\), under four times what was asked: memory itself was short/);
    assert.doesNotMatch(f.message, /fragmentation more often|min_free_kbytes/);
    assert.match(expectFires(t.replace('free:51 ', 'free:90000 '), 'oom-report/allocation-failure', 'warning').message, /fragmentation more often than shortage/);
  });

  const pf = (normalFree: number) => ['[1084.6] SLUB: Unable to allocate memory on node -1, gfp=0x6000c0(GFP_KERNEL)', '[1084.6]   cache: dentry(100:12G), object size: 192, buffer size: 192, default order: 0, min order: 0',
    '[1084.6]   node 0: slabs: 26888, objs: 564648, free: 0', '[1146.8] emerge invoked oom-killer: gfp_mask=0x0(), nodemask=(null), order=0, oom_score_adj=0', '[1146.8] Mem-Info:',
    '[1146.8] active_anon:438779 inactive_anon:41689 isolated_anon:0', `[1146.8] Normal free:${normalFree}kB min:54544kB low:68180kB high:81816kB active_anon:1501764kB`,
    '[1146.8] DMA32 free:1111400kB min:12968kB low:16208kB high:19448kB active_anon:253352kB',
    '[1146.9] Out of memory: Kill process 23437 (QtWebEngineProc) score 12 or sacrifice child', '[1146.9] Killed process 23437 (QtWebEngineProc) total-vm:100kB, anon-rss:16896kB, file-rss:55912kB, shmem-rss:0kB', ''].join('\n');

  test('the killer run from a page fault (gfp 0) with every zone above high: not a shortage, and the SLUB failure before it says where', () => {
    const f = expectFires(pf(118328), 'oom-report/killed', 'critical');
    assert.match(f.message, /killed QtWebEngineProc \(pid 23437\) although the node was not out of memory: it was invoked from the page-fault path \(gfp_mask=0x0, pagefault_out_of_memory\) while every zone in the report was above its high watermark \(1\.17 GiB free\)/);
    assert.match(f.message, /cache dentry in memory cgroup 12G, id 100, line 1/);
    const [s] = analyzeText(pf(118328)).parsed.sections.filter((x): x is OomReportSection => x.kind === 'oom-report');
    assert.deepEqual(s.events[0].slubFailures, [{ cache: 'dentry', memcgId: 100, memcg: '12G', line: 0, gfp: '0x6000c0(GFP_KERNEL)', bufferSize: 192, order: 0, slabs: 26888, objs: 564648, freeObjs: 0 }]);
    // One zone below high: an ordinary global OOM story.
    assert.doesNotMatch(expectFires(pf(60000), 'oom-report/killed', 'critical').message, /not out of memory/);
  });
});

describe('what a report\'s Mem-Info tail and its reservations tell', () => {
  test('a paste that starts in Mem-Info\'s last lines and ends in the task table: the killer ran on a node out of memory and swap', () => {
    const t = ['Oct 22 10:59:07 db kernel: 6336 total pagecache pages', 'Oct 22 10:59:07 db kernel: Free swap  = 0kB', 'Oct 22 10:59:07 db kernel: Total swap = 8388604kB',
      'Oct 22 10:59:07 db kernel: 16678438 pages RAM', 'Oct 22 10:59:07 db kernel: 334767 pages reserved',
      'Oct 22 10:59:07 db kernel: [ pid ]   uid  tgid total_vm      rss nr_ptes swapents oom_score_adj name',
      'Oct 22 10:59:07 db kernel: [ 1050]     0  1050    36493       50      71       44             0 systemd-journal', ''].join('\n');
    const f = expectFires(t, 'oom-report/killed', 'critical');
    assert.match(f.message, /^The OOM killer ran \(its task dump starts at line 6\) because of the whole node running out of memory \(global OOM\); the capture stops before it names a victim/);
    assert.match(f.message, /Swap was full as well \(0 B free of 8\.00 GiB\)/);
    assert.equal(analyzeText(t).metrics.oom[0].event.tasks[0].name, 'systemd-journal');
    assert.doesNotMatch(f.message, /reserved at boot/);
  });

  test('half of RAM reserved at boot, and a zone mostly unevictable, are said; a crash kernel with no task is told as one', () => {
    const t = ['[4.3] swapper/0 invoked oom-killer: gfp_mask=0x6000c0(GFP_KERNEL), nodemask=(null), order=0, oom_score_adj=0', '[4.3] Mem-Info:', '[4.3] active_anon:0 inactive_anon:0 isolated_anon:0',
      '[4.3] Node 0 DMA32 free:1404kB min:1424kB low:1780kB high:2136kB unevictable:58140kB present:195956kB managed:92688kB', '[4.3] 65532 pages RAM', '[4.3] 31973 pages reserved',
      '[4.3] Tasks state (memory values in pages):', '[4.3] [  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name', '[4.3] Out of memory and no killable processes...', ''].join('\n');
    const f = expectFires(t, 'oom-report/no-killable', 'critical');
    assert.match(f.message, /49 % of RAM was reserved at boot \(31,973 of 65,532 pages, 125 MiB\)/);
    assert.match(f.message, /In zone DMA32, 56\.8 MiB of 90\.5 MiB is unevictable/);
    assert.match(f.message, /This was 4\.3 s after boot with no task in the table: user space had not started/);
  });
});

describe('counters that cannot be right, and kills that cannot happen', () => {
  test('a min watermark larger than the zone: corrupt counters, not a shortage, and no cause is blamed', () => {
    const t = ['[238.3] systemd invoked oom-killer: gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=0', '[238.3] Mem-Info:', '[238.3] active_anon:200 inactive_anon:300 isolated_anon:0',
      '[238.3]  slab_reclaimable:2000 slab_unreclaimable:8000', '[238.3] Node 0 DMA32 free:2677864kB min:7004kB low:10028kB high:13052kB present:3129216kB',
      '[238.3] Node 0 Normal free:193448kB min:99395541895224kB low:73886371836733356kB high:147673348131571488kB present:1048576kB', ''].join('\n');
    const f = expectFires(t, 'oom-report/killed', 'critical');
    assert.match(f.message, /^The OOM killer was invoked by systemd \(the capture stops before it names a victim\), but the report's watermarks cannot be right: zone Normal's min is 90\.4 PiB/);
    assert.match(f.message, /with 2\.74 GiB free in the zones listed/);
    assert.doesNotMatch(f.message, /below its min|What filled/);
    assert.equal(analyzeText(t).findings.filter((x) => x.rule === 'oom-report/slab-dominated').length, 0);
  });

  test('task rows without their header still give pid, oom_score_adj and name; all −1000 and a retried fault is a livelock told once', () => {
    const row = (pid: number, name: string) => `Jul  9 02:49:04 target kernel: [   ${pid}]     0  ${pid}       78        0        0        0         0    24576        0         -1000 ${name}`;
    const t = [row(6826, 'tini'), row(6829, 'httpd'), 'Jul  9 02:49:04 target kernel: Out of memory and no killable processes...',
      'Jul  9 02:49:04 target kernel: Huh VM_FAULT_OOM leaked out to the #PF handler. Retrying PF',
      'Jul  9 02:49:04 target kernel: tini invoked oom-killer: gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=-1000',
      'Jul  9 02:49:04 target kernel:  mem_cgroup_out_of_memory+0xc2/0xd0', ''].join('\n');
    const a = analyzeText(t);
    assert.deepEqual(a.metrics.oom[0].event.headlessTasks?.map((x) => [x.pid, x.oomScoreAdj, x.name]), [[6826, -1000, 'tini'], [6829, -1000, 'httpd']]);
    const f = expectFires(t, 'oom-report/no-killable', 'critical');
    assert.match(f.message, /Every task row the capture holds \(2\) has oom_score_adj −1000, which the killer never chooses: tini \(pid 6826\), httpd \(pid 6829\)/);
    assert.match(f.message, /The page fault is then retried \(line 4: "VM_FAULT_OOM leaked out … Retrying PF"\), so the same task invokes the killer again and again: a livelock/);
    const again = expectFires(t, 'oom-report/killed', 'warning');
    assert.match(again.message, /invoked again by tini after the fault was retried: the livelock the report at line 3 describes/);
  });
});

describe('shell traces and free\'s other rows', () => {
  test('bash xtrace (`+ cmd`) is a prompt; free -l\'s Low and High rows are LowTotal/LowFree and HighTotal/HighFree', () => {
    const t = ['+ free -l', '             total       used       free     shared    buffers     cached', 'Mem:      64447796    1086840   63360956          0        664      16428',
      'Low:        375828     367556       8272', 'High:     64071968     719284   63352684', '-/+ buffers/cache:    1069748   63378048', 'Swap:    134217724          0  134217724', '+ ', ''].join('\n');
    const a = analyzeText(t);
    const free = a.parsed.sections.find((x) => x.kind === 'meminfo') as import('../../src/model').KeyValueSection;
    assert.equal(free.source, 'free -l');
    assert.deepEqual(['LowTotal', 'LowFree', 'HighTotal', 'HighFree'].map((k) => free.byKey[k]?.value), [375828, 8272, 64071968, 63352684]);
    assert.deepEqual(a.parsed.problems.filter((p) => p.severity !== 'info'), []);
    assert.match(expectFires(t, 'meminfo/lowmem-exhausted', 'warning').message, /^Only 8\.08 MiB of 367 MiB low memory is free \(2\.2 %\)/);
  });

  test('an old free table\'s shared memory is taken out of what could be available, and said when large', () => {
    const t = (shared: string) => `$ free -h\n             total       used       free     shared    buffers     cached\nMem:           30G        27G       3.6G        ${shared}       228M        15G\n-/+ buffers/cache:        11G        19G\nSwap:           0B         0B         0B\n`;
    const f = expectFires(t('13G'), 'meminfo/low-available', 'info');
    assert.match(f.message, /^13\.0 GiB is shared memory \(free's shared column.*43 % of 30\.0 GiB.*no swap to page it out.*-\/\+ buffers\/cache line counts it as free-able; at most 5\.82 GiB \(19 %\) could be available/);
    assert.equal(analyzeText(t('1G')).findings.filter((x) => x.rule === 'meminfo/low-available').length, 0);
  });
});

describe('pagetypeinfo\'s pageblock census', () => {
  const t = (normalUnmovable: number) => ['Page block order: 9', 'Pages per block:  512', '',
    'Free pages count per migrate type at order       0      1      2      3      4      5      6      7      8      9     10',
    'Node    0, zone   Normal, type    Unmovable  15016   9903   5654   2105    973    340     15      0      0      0      0',
    'Node    0, zone   Normal, type      Movable 106989 160315  64278  26256   9777   1456     45      0      0      0      0', '',
    'Number of blocks type     Unmovable  Reclaimable      Movable      Reserve          CMA      Isolate',
    'Node 0, zone    DMA32          961           43          524            0            0            0',
    `Node 0, zone   Normal        ${normalUnmovable}          217         4370            0            0            0`, ''].join('\n');

  test('the block counts are read; a large zone mostly Unmovable is one warning that names the others', () => {
    const s = analyzeText(t(10261), { fileName: 'pagetypeinfo' }).parsed.sections[0] as import('../../src/model').OpaqueSection;
    assert.equal(s.pageblockOrder, 9);
    assert.deepEqual(s.pageblocks?.map((z) => [z.zone, z.byType.Unmovable, z.byType.Movable]), [['DMA32', 961, 524], ['Normal', 10261, 4370]]);
    const f = expectFires(t(10261), 'buddyinfo/unmovable-pageblocks', 'warning', 9, { fileName: 'pagetypeinfo' });
    assert.match(f.message, /^Node 0 zone Normal: 10,261 of its 14,848 pageblocks \(69 %, 20\.0 GiB\) are Unmovable, against 4,370 Movable\. Zone DMA32 too: 961 of 1,528 \(63 %\)\./);
  });

  test('a healthy census (a tenth unmovable) is quiet', () => {
    const quiet = t(1000).replace('961 ', '40 ');
    assert.equal(analyzeText(quiet, { fileName: 'pagetypeinfo' }).findings.filter((x) => x.rule === 'buddyinfo/unmovable-pageblocks').length, 0);
  });
});

describe('a 2.6.10 syslog whose zone names look like tags', () => {
  test('`host DMA: 4293918298*4kB …`: the buddy line is kernel text, and counts near 2^32 are said once a zone and left out', () => {
    const line = (z: string, n: string) => `Nov 17 06:19:31 sleepy ${z}: ${n}*4kB 4294857581*8kB 4294953437*16kB = 4289547136kB`;
    const t = ['Nov 17 06:19:31 sleepy oom-killer: gfp_mask=0xd0', 'Nov 17 06:19:31 sleepy Active:6506 inactive:6263 dirty:0 writeback:0 unstable:0 free:57 slab:1272 mapped:951 pagetables:76',
      line('DMA', '4293918298'), line('Normal', '4291283343'), 'Nov 17 06:19:31 sleepy Out of Memory: Killed process 6688 (ntpd).',
      'Nov 17 06:19:31 sleepy oom-killer: gfp_mask=0xd0', line('DMA', '4293918298'), 'Nov 17 06:19:31 sleepy Out of Memory: Killed process 22018 (sh).', ''].join('\n');
    const a = analyzeText(t);
    const said = a.parsed.problems.filter((p) => /free-block counts cannot be right/.test(p.message));
    assert.deepEqual(said.map((p) => p.line), [2, 3]);
    assert.match(said[0].message, /4293918298\*4kB is 2\^32 − 1048998 blocks/);
    assert.deepEqual(a.metrics.oom.map((d) => [d.event.victimName, d.event.buddyZones]), [['ntpd', undefined], ['sh', undefined]]);
  });
});
