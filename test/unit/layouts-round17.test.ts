// Layouts and stories first seen in wild round 17: metalog's `[kernel]` prefix, a vmalloc failure of a full
// 32-bit vmalloc range, a 6.19 call trace (`_noprof` allocator frames, DMA helpers, `?` frames), a pod whose tasks
// all sit at −998 on a kernel that clamped their scores, uptime and PowerShell lines beside free, a small board's
// unplaced memory, and a SysRq-m dump. Inline texts are fixtures written here in those layouts.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText } from '../../src/analysis/analyze';
import { readLogPrefix } from '../../src/formats/logPrefix';
import type { OomReportSection } from '../../src/model';
import { expectFires } from './helpers';

const failures = (t: string) => analyzeText(t).parsed.sections.flatMap((s) => (s.kind === 'oom-report' ? (s as OomReportSection).allocationFailures ?? [] : []));

describe('allocation failures of 32-bit and 6.19 kernels', () => {
  test('metalog\'s `Jul 16 00:01:17 [kernel] ` is a prefix; a vmalloc failure after "vmap allocation … failed" is the address range, not RAM', () => {
    assert.equal(readLogPrefix('Jul 16 00:01:17 [kernel] Web Content: vmalloc error: size 8192').clock, 'Jul 16 00:01:17');
    const t = ['> Jul 16 00:01:15 [kernel] vmap allocation for size 20480 failed: use vmalloc=<size> to increase size', '>                 - Last output repeated 9 times -',
      '> Jul 16 00:01:17 [kernel] Web Content: vmalloc error: size 8192, vm_struct allocation failed, mode:0xdc0(GFP_KERNEL|__GFP_ZERO), nodemask=(null),cpuset=/,mems_allowed=0', ''].join('\n');
    assert.deepEqual(failures(t).map((f) => [f.task, f.vmallocBytes, f.vmapSpaceLine]), [['Web Content', 8192, 0]]);
    const f = expectFires(t, 'oom-report/allocation-failure', 'warning', 2);
    assert.match(f.message, /^Web Content could not vmalloc 8\.00 KiB .* because the kernel's vmalloc address range is full, not memory/);
  });

  test('the caller is the first reliable frame past the allocator, DMA helpers and `_noprof` frames included', () => {
    const frames = ['dump_stack_lvl+0x5d/0x80', 'warn_alloc+0x162/0x190', '? __alloc_pages_direct_compact+0x1bc/0x220', '__alloc_pages_slowpath.constprop.0+0x566/0x9b0',
      '? kernfs_next_descendant_post+0x1b/0xe0', '__alloc_frozen_pages_noprof+0x31b/0x330', '__dma_direct_alloc_pages.isra.0+0x1b2/0x3b0', 'alloc_single_sgt+0x12a/0x200',
      'dma_alloc_noncontiguous+0x49/0x150', 'usb_alloc_noncoherent+0x45/0xa0', 'uvc_alloc_urb_buffers.part.0+0x95/0x130 [uvcvideo]'];
    const t = ['[30.98] v4l2src0:src: page allocation failure: order:5, mode:0xcc0(GFP_KERNEL), nodemask=(null)', '[30.98] Call Trace:', ...frames.map((x) => `[30.98]  ${x}`), ''].join('\n');
    assert.equal(failures(t)[0].caller, 'uvc_alloc_urb_buffers.part.0 [uvcvideo]');
    assert.match(expectFires(t, 'oom-report/allocation-failure', 'warning').message, /names uvc_alloc_urb_buffers \[uvcvideo\] as the caller/);
  });
});

describe('a pod whose tasks all sit at −998', () => {
  test('a 4 KiB victim beside a 15 GiB task, all at one negative adj: the clamped scores of kernels before 5.9 are named', () => {
    const row = (pid: number, rss: number, name: string) => `[751.9] [${String(pid).padStart(5)}]     0 ${pid}   ${rss * 2}   ${rss}    32768        0          -998 ${name}`;
    const cg = '/kubepods/podf1c273d3-9b36-11ea-b3df-246e9693c184';
    const t = [`[751.9] Task in ${cg}/1f246a3eeea8 killed as a result of limit of ${cg}`, '[751.9] memory: usage 16777216kB, limit 16777216kB, failcnt 52843037',
      '[751.9] [ pid ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name', row(5740, 1, 'pause'), row(58406, 3958000, 'data_sim'),
      '[751.9] Memory cgroup out of memory: Kill process 5740 (pause) score 0 or sacrifice child', '[751.9] Killed process 5740 (pause) total-vm:1028kB, anon-rss:4kB, file-rss:0kB, shmem-rss:0kB', ''].join('\n');
    const f = expectFires(t, 'oom-report/killed', 'critical');
    assert.match(f.message, /The victim held 4\.00 KiB while data_sim \(pid 58406\) held 15\.1 GiB: every task has oom_score_adj -998.*kernels before 5\.9 clamped those to 1/);
    assert.doesNotMatch(expectFires(t.replace(/ -998 data_sim/, ' 0 data_sim'), 'oom-report/killed', 'critical').message, /clamped/);
  });
});

describe('lines beside the captures, small boards, and SysRq-m', () => {
  test('uptime\'s load averages and a PowerShell session are context, at information', () => {
    const t = 'PS C:\\Users\\me> notepad $env:USERPROFILE\\.wslconfig\n\n               total        used        free      shared  buff/cache   available\nMem:            14Gi        12Gi       179Mi       3.0Mi       2.3Gi       2.1Gi\nSwap:          8.0Gi       8.0Gi       224Ki\n 00:12:51 up 9 days,  6:55,  9 users,  load average: 344.28, 338.15, 336.30\n';
    const p = analyzeText(t).parsed.problems;
    assert.deepEqual(p.filter((x) => x.severity !== 'info'), []);
    assert.ok(p.some((x) => /^uptime's load averages/.test(x.message)), p.map((x) => x.message).join(' | '));
    assert.ok(p.some((x) => /^A PowerShell session/.test(x.message)));
  });

  test('a 512 MB 32-bit board\'s unplaced memory is information about its drivers, not a warning naming the ZFS ARC', () => {
    const t = ['MemTotal:         518440 kB', 'MemFree:          176252 kB', 'Buffers:            7832 kB', 'Cached:           129456 kB', 'SwapCached:            0 kB', 'Active:           113532 kB', 'Inactive:         125792 kB',
      'Active(anon):     102020 kB', 'Inactive(anon):     1052 kB', 'Active(file):      11512 kB', 'Inactive(file):   124740 kB', 'Unevictable:           0 kB', 'Mlocked:               0 kB', 'HighTotal:        282624 kB', 'HighFree:           1404 kB',
      'LowTotal:         235816 kB', 'LowFree:          174848 kB', 'SwapTotal:             0 kB', 'SwapFree:              0 kB', 'Dirty:                 0 kB', 'Writeback:             0 kB', 'AnonPages:        102008 kB', 'Mapped:            47572 kB',
      'Shmem:              1064 kB', 'Slab:              12664 kB', 'SReclaimable:       5184 kB', 'SUnreclaim:         7480 kB', 'KernelStack:        2808 kB', 'PageTables:         4188 kB', 'VmallocUsed:      165564 kB', ''].join('\n');
    const f = expectFires(t, 'meminfo/unaccounted-memory', 'info', undefined, { fileName: 'meminfo' });
    assert.match(f.message, /On a small or 32-bit board .* GPU, video and display drivers/);
    assert.doesNotMatch(f.message, /ZFS/);
  });

  test('a SysRq-m dump is the memory when asked, not an OOM', () => {
    const t = ['[1168.5] sysrq: Show Memory', '[1168.5] Mem-Info:', '[1168.5] active_anon:30000 inactive_anon:33000 isolated_anon:0', '[1168.5]  free:87000 free_pcp:100 free_cma:0', ''].join('\n');
    const a = analyzeText(t);
    assert.equal(a.metrics.oom[0].event.sysrqShowMemLine, 0);
    assert.deepEqual(a.findings.filter((x) => x.severity !== 'info'), []);
  });
});
