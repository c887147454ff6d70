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
    assert.deepEqual(s.events[0].slubFailures, [{ cache: 'dentry', memcgId: 100, memcg: '12G', line: 0 }]);
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
