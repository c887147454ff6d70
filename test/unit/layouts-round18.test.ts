// Layouts first read in this round: numactl's numastat -m (a per-node meminfo in MB) and numastat -p
// (a process's memory by node). Inline texts are fixtures written here in numastat.c's layout; the real
// paste is test/wild/captures/numastat-m-p-1.5t-….
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { analyzeText } from '../../src/analysis/analyze';
import { badness } from '../../src/analysis/oomTasks';
import { renderText } from '../../src/report/text';
import { createKmemService } from '../../src';
import type { KeyValueSection, OpaqueSection } from '../../src/model';
import { expectFires, expectQuiet } from './helpers';

const MB = 2 ** 20;
const SYSTEM = [
  '$ numastat -m',
  '',
  'Per-node system memory usage (in MBs):',
  'Token Unaccepted not in hash table.',
  '                          Node 0          Node 1           Total',
  '                 --------------- --------------- ---------------',
  'MemTotal                64000.00        64000.50       128000.50',
  'MemFree                 30000.25        20000.00        50000.25',
  'MemUsed                 33999.75        44000.50        78000.25',
  'Active                  10000.00        12000.00        22000.00',
  'HugePages_Total          2048.00            0.00         2048.00',
  '',
];
const hover = (text: string, line: number, character: number) => { const svc = createKmemService(); return svc.hover(svc.analyse('file:///n', 1, text), line, character)?.contents ?? ''; };

describe('numastat -m', () => {
  test('the system table is a meminfo of its Total column in MB (2^20 bytes), with each node kept, and numastat\'s key notes are no problem', () => {
    const a = analyzeText(SYSTEM.join('\n'));
    const s = a.parsed.sections.find((x): x is KeyValueSection => x.kind === 'meminfo')!;
    assert.equal(s.variant, 'numastat');
    assert.equal(s.headerLine, 0);
    assert.equal(s.source, 'numastat -m');
    assert.equal(s.byKey.MemTotal.raw, '128000.50');
    assert.equal(s.byKey.MemTotal.bytes, Math.round(128000.5 * MB));
    // numastat converts huge page counts to MB itself (numastat.c multiplies HugePages_ rows by the huge page size).
    assert.equal(s.byKey.HugePages_Total.bytes, 2048 * MB);
    assert.deepEqual(s.byNode?.nodes, [0, 1]);
    assert.deepEqual(s.byNode?.bytes.MemFree, [Math.round(30000.25 * MB), 20000 * MB]);
    assert.deepEqual(a.parsed.problems.map((p) => p.message), ['numastat -m prints no MemAvailable (the per-node meminfo files have none): what is available is unknown here, not MemFree.']);
    // No MemAvailable: nothing is said to be available, and free(1)'s numbers are not made up from MemFree.
    assert.equal(a.metrics.meminfo?.used.free4, undefined);
    assert.deepEqual(a.findings.filter((f) => f.severity !== 'info').map((f) => f.rule), []);
  });

  test('a MemTotal hover gives each node\'s share; MemUsed is explained', () => {
    assert.match(hover(SYSTEM.join('\n'), 6, 2), /By NUMA node \(numastat's columns; the value above is their total\): node 0 \*\*62\.5 GiB\*\*, node 1 \*\*62\.5 GiB\*\*/);
    assert.match(hover(SYSTEM.join('\n'), 8, 2), /MemTotal − MemFree of one NUMA node/);
  });

  test('a row with a cell missing is said at its line and not read; -c prints integers', () => {
    const t = [...SYSTEM.slice(4, 7), 'MemFree                 30000        ', 'Active                  10000           12000           22000', ''].join('\n');
    const a = analyzeText(t);
    const s = a.parsed.sections.find((x): x is KeyValueSection => x.kind === 'meminfo')!;
    assert.equal(s.byKey.Active.bytes, 22000 * MB);
    assert.equal(s.byKey.MemFree, undefined);
    assert.ok(a.parsed.problems.some((p) => p.line === 3 && p.severity === 'warning' && /numastat row "MemFree" should have 3 numbers .* got 1/.test(p.message)));
  });
});

describe('numastat -p', () => {
  test('one PID\'s table: its rows by node, the PID and name from the title, and the Total row', () => {
    const t = ['Per-node process memory usage (in MBs) for PID 3635 (llama-server)', '                           Node 0          Node 1           Total', '                  --------------- --------------- ---------------',
      'Huge                    385692.00            0.00       385692.00', 'Private                   3096.67            5.54         3102.21', '----------------  --------------- --------------- ---------------',
      'Total                   388826.62            5.54       388832.16', ''].join('\n');
    const a = analyzeText(t);
    const s = a.parsed.sections.find((x): x is OpaqueSection => x.kind === 'numa-stat')!;
    assert.equal(s.variant, 'numastat-process');
    assert.deepEqual(s.process, { pid: 3635, name: 'llama-server' });
    assert.deepEqual(s.numa?.map((r) => [r.key, r.totalBytes]), [['Huge', 385692 * MB], ['Private', Math.round(3102.21 * MB)], ['Total', Math.round(388832.16 * MB)]]);
    assert.deepEqual(a.parsed.problems, []);
    const h = hover(t, 3, 1);
    assert.match(h, /\*\*Huge\*\* of PID 3635 \(llama-server\) by NUMA node: 377 GiB in all/);
    assert.match(h, /node 0: \*\*377 GiB\*\* \(100 %\)/);
    assert.match(h, /numa_maps lines marked `huge`/);
  });

  test('a table of Total rows without numastat\'s columns is no numastat', () => {
    const a = analyzeText('Name        Total\n----------  -----\nfoo         12\n');
    assert.ok(!a.parsed.sections.some((s) => s.variant === 'numastat' || s.variant === 'numastat-process'));
  });
});

describe('a node\'s own meminfo (/sys/devices/system/node/nodeN/meminfo)', () => {
  // Fixture in the layout of the SPDK CI paste in test/wild (node0-meminfo-grep-H-…): grep -H prefixes, a cut before Slab.
  const node = (extra: string[] = []) => ['MemTotal:       32828664 kB', 'MemFree:         3562848 kB', 'MemUsed:        29265816 kB', 'Active(file):     111668 kB', 'Inactive(file):   239632 kB',
    'FilePages:        366896 kB', 'AnonPages:        118900 kB', 'Shmem:              1648 kB', 'KernelStack:        8152 kB', ...extra]
    .map((l) => `/sys/devices/system/node/node0/meminfo:Node 0 ${l}`).join('\n') + '\n';
  test('FilePages is the page cache (no Buffers nor Cached there), and free(1)\'s numbers are not made up', () => {
    const m = analyzeText(node()).metrics.meminfo!;
    const cache = m.breakdown.filter((p) => p.key.startsWith('pageCache')).reduce((t, p) => t + p.bytes, 0);
    assert.equal(cache, (366896 - 1648) * 1024);
    assert.ok(m.breakdown.find((p) => p.key === 'pageCacheInactive')?.from.includes('Inactive(file)'));
    assert.ok(!m.missing.includes('Cached') && !m.missing.includes('Buffers'));
    assert.deepEqual(m.freeAssumed, []);
    assert.equal(m.used.free4, undefined);
  });
  test('memory the lines shown cannot place is information that names the node file\'s huge page lines', () => {
    const f = expectFires(node(), 'meminfo/unaccounted-memory', 'info', 0);
    assert.match(f.message, /27\.4 GiB \(88 %\) cannot be placed because the capture lacks .* and the huge page lines\. .*capture the whole node file, whose HugePages lines count a pool reserved on this node/);
    // With its huge page lines the pool is placed: nothing is left to say.
    expectQuiet(node(['HugePages_Total: 14000', 'HugePages_Free:      0', 'SwapCached: 0 kB', 'SReclaimable: 100000 kB', 'SUnreclaim: 50000 kB', 'PageTables: 2000 kB']), 'meminfo/unaccounted-memory');
  });
});

describe('oom_reaper lines with no OOM report above them', () => {
  // Fixture in the layout of the Android 5.4 dmesg -T in test/wild (allocfail-android-5.4-qgki-holi-…).
  const reaped = (pid: number, name: string) => `[Sat Jun  8 01:41:08 2024] oom_reaper: reaped process ${pid} (${name}), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB`;
  test('each is a kill from user space (lmkd), one warning for them all, no kernel OOM kill', () => {
    const t = ['[Sat Jun  8 01:41:08 2024] binder: 2693:2706 ioctl c0306201 74886dba78 returned -14', reaped(2693, 'hj.zwh'), '[Sat Jun  8 01:41:08 2024] binder_alloc: 31804: binder_alloc_buf, no vma',
      reaped(31804, 'e.process.gapps'), '[Sat Jun  8 01:41:08 2024] init: Untracked pid 2712 received signal 9', reaped(14433, 'ocess.gservices'), ''].join('\n');
    const a = analyzeText(t);
    assert.deepEqual(a.metrics.oom.map((d) => [d.event.victimName, d.event.lowMemoryKiller?.killer]), [['hj.zwh', 'user-space'], ['e.process.gapps', 'user-space'], ['ocess.gservices', 'user-space']]);
    assert.ok(!a.findings.some((f) => f.rule === 'oom-report/killed'));
    const f = expectFires(t, 'oom-report/low-memory-killer', 'warning', 1);
    assert.match(f.message, /^3 processes were killed from user space and reaped by the kernel's oom_reaper at Sat Jun {2}8 01:41:08 2024: hj\.zwh \(pid 2693\), e\.process\.gapps \(pid 31804\), ocess\.gservices \(pid 14433\)\. No OOM report stands above/);
  });
  test('a reaper line that starts the capture is a kill whose report was cut off, as before', () => {
    const a = analyzeText(`${reaped(2693, 'hj.zwh')}\n`);
    assert.equal(a.metrics.oom[0].event.lowMemoryKiller, undefined);
    assert.equal(a.metrics.oom[0].event.victimFromReaper, true);
    expectFires(`${reaped(2693, 'hj.zwh')}\n`, 'oom-report/killed', 'critical');
  });
});

describe('a victim chosen for its oom_score_adj, not its size', () => {
  test('the 6.0 X1 Carbon OOM: chrome at adj 300 held 184 MiB against 779 MiB of the largest task; the points are shown', () => {
    const file = 'oom-global-6.0.11-arch-x1c-7.7g-swap-8g-full-file-cache-0-chrome-renderer-adj-300-17m-then-systemd-kills-session-scope-870-procs-journal-partial.txt';
    const t = readFileSync(path.join(process.cwd(), 'test', 'wild', 'captures', file), 'utf8');
    const f = expectFires(t, 'oom-report/killed', 'critical');
    assert.match(f.message, /oom_score_adj 300 chose the victim, not its size: chrome held 184 MiB \(resident, swapped and page tables\), Isolated Web Co \(pid 188662\) 779 MiB, but the adj adds 1,238,341 points \(300 thousandths of 4,127,806 pages of RAM and swap\)/);
    assert.doesNotMatch(f.message, /took the biggest single one/);
  });
  test('badness: size in pages plus adj × totalpages / 1000 (mm/oom_kill.c)', () => {
    const row = { pid: 1, uid: 0, tgid: 1, totalVmPages: 0, rssPages: 1000, swapEntsPages: 500, pgtablesBytes: 8192, oomScoreAdj: -500, name: 'x', line: 0 };
    assert.deepEqual(badness(row, 10_000, 4096), { size: 1502, points: 1502 - 5000 });
  });
});

describe('numastat\'s other tables and numactl -H', () => {
  test('plain numastat is the vmstat NUMA counters by node, summed, so the numa-miss rule reads them; HTML <pre> tags fence it', () => {
    const t = ['<pre><code>                           node0           node1', 'numa_hit                67798958        57342158', 'numa_miss               30000000        10000000',
      'numa_foreign                   0               0', 'interleave_hit           5451975         5605664', 'local_node              67791294        51731637', 'other_node                  7664         5610521', '</code></pre>', ''].join('\n');
    const a = analyzeText(t);
    const s = a.parsed.sections.find((x): x is KeyValueSection => x.kind === 'vmstat')!;
    assert.equal(s.variant, 'numastat');
    assert.equal(s.byKey.numa_hit.value, 67798958 + 57342158);
    assert.equal(s.byKey.numa_interleave.value, 5451975 + 5605664);
    assert.deepEqual(s.byNode?.counts?.numa_miss, [30000000, 10000000]);
    assert.deepEqual(a.parsed.problems, []);
    expectFires(t, 'vmstat/numa-miss', 'warning', 2);
    assert.match(hover(t, 1, 2), /By NUMA node \(numastat's columns, in pages; the value above is their sum\): node 0 \*\*67,798,958\*\*, node 1 \*\*57,342,158\*\*/);
  });

  test('numactl -H: node sizes and free memory in MB, summed into MemTotal and MemFree; its distance matrix is part of it', () => {
    const t = ['$ numactl -H', 'available: 2 nodes (0-1)', 'node 0 cpus: 0 1 2 3', 'node 0 size: 130958 MB', 'node 0 free: 121570 MB', 'node 1 cpus: 4 5 6 7', 'node 1 size: 131072 MB', 'node 1 free: 126148 MB',
      'node distances:', 'node   0   1 ', '  0:  10  21 ', '  1:  21  10 ', ''].join('\n');
    const a = analyzeText(t);
    const s = a.parsed.sections.find((x): x is KeyValueSection => x.kind === 'meminfo')!;
    assert.equal(s.variant, 'numactl');
    assert.equal(s.source, 'numactl -H');
    assert.equal(s.byKey.MemTotal.bytes, (130958 + 131072) * MB);
    assert.deepEqual(s.byNode?.bytes.MemFree, [121570 * MB, 126148 * MB]);
    assert.deepEqual(a.parsed.problems, []);
    assert.deepEqual(a.metrics.meminfo?.freeAssumed, []);
  });

  test('a folded numastat -mc (no Total column) sums its node columns, and says so; numastat -V and `# [...]` are context', () => {
    const t = ['$ numastat -V', 'numastat version: 20130723: Jan 30 2024', '$ numastat -mc', '', 'Per-node system memory usage (in MBs):', '                 Node 0 Node 1 Node 2',
      '                 ------ ------ ------', 'MemTotal         490303  97280      0', 'MemFree          161993  97272      0', '# [...]', ''].join('\n');
    const a = analyzeText(t);
    const s = a.parsed.sections.find((x): x is KeyValueSection => x.kind === 'meminfo')!;
    assert.equal(s.byKey.MemTotal.value, 587583);
    assert.deepEqual(s.byNode?.bytes.MemTotal, [490303 * MB, 97280 * MB, 0]);
    assert.ok(a.parsed.problems.some((p) => p.line === 5 && /Total column is not here .* each total is the sum of the node columns shown/.test(p.message)));
    assert.deepEqual(a.parsed.problems.filter((p) => p.severity !== 'info'), []);
  });

  test('a /proc/meminfo beside a node view is the one the breakdown describes', () => {
    const t = ['$ cat /proc/meminfo', 'MemTotal:       601685376 kB', 'MemFree:        265489792 kB', 'MemAvailable:   551693760 kB', '$ numactl -H', 'available: 1 nodes (0)', 'node 0 size: 587583 MB', 'node 0 free: 259267 MB', ''].join('\n');
    assert.equal(analyzeText(t).metrics.meminfo?.availableBytes, 551693760 * 1024);
  });
});

describe('allocation profiling in show_mem (Memory allocations:, 6.10+)', () => {
  const rows = (prefix: string, raw: boolean) => [
    `${prefix}Memory allocations${raw ? '' : ' (profiling is currently turned on)'}:`,
    `${prefix}    ${raw ? '3176243200' : '38.4 MiB'}   247900 mm/slub.c:2264 func:alloc_slab_page`,
    `${prefix}    ${raw ? '1047212032' : '999 MiB'}   511334 fs/xfs/xfs_icache.c:82 [xfs] func:xfs_inode_alloc`,
    `${prefix}     ${raw ? '21667840' : '20.7 MiB'}     5290 mm/memory.c:1048 func:folio_prealloc`, ''].join('\n');
  test('both layouts are read: raw bytes (6.10) and string_get_size (later), module and function kept', () => {
    for (const raw of [true, false]) {
      const a = analyzeText(rows('May 30 14:08:26 host kernel: ', raw));
      const e = a.metrics.oom[0]?.event;
      assert.deepEqual(e?.allocations?.map((r) => [r.func, r.module, r.calls]), [['alloc_slab_page', undefined, 247900], ['xfs_inode_alloc', 'xfs', 511334], ['folio_prealloc', undefined, 5290]]);
      assert.equal(e?.allocations?.[0].bytes, raw ? 3176243200 : Math.round(38.4 * 2 ** 20));
    }
  });
  test('the kernel\'s own allocations held far more than processes: a warning that counts overlapping slab rows once', () => {
    const f = expectFires(rows('May 30 14:08:26 host kernel: ', true), 'oom-report/allocation-profile', 'warning', 0);
    assert.match(f.message, /slab pages 2\.96 GiB \(alloc_slab_page; the slab objects of other rows live inside them, so rows overlap\); xfs_inode_alloc \[xfs\] 999 MiB/);
    assert.match(f.message, /held at least 2\.96 GiB, more than processes' memory and page cache/);
    // Processes' memory larger than the kernel's: information.
    expectFires(rows('', true).replace('21667840', '9000000000'), 'oom-report/allocation-profile', 'info', 0);
  });
  test('a journal in another locale (`déc. 08 12:07:18 host kernel:`) is a kernel log', () => {
    const a = analyzeText(rows('déc. 08 12:07:18 bestosprec kernel: ', false));
    assert.equal(a.parsed.sections[0].kind, 'oom-report');
  });
});

describe('an allocation failure on a small machine', () => {
  test('the Qubes 6.19 VM: its size, reserved pages and balloon are said, and min_free_kbytes is not the first advice', () => {
    const file = 'allocfail-6.19.5-qubes-xen-hvm-300m-v4l2src-uvcvideo-order5-gfp-kernel-dma32-free-8.7m-nothing-above-64k-balloon-16m-alloc-profiling-qp-decoded.txt';
    const t = readFileSync(path.join(process.cwd(), 'test', 'wild', 'captures', file), 'utf8');
    const f = expectFires(t, 'oom-report/allocation-failure', 'warning');
    assert.match(f.message, /The machine is small: 283 MiB of RAM \(72535 pages, 18876 of them reserved\), 16\.0 MiB of it ballooned out to the hypervisor\./);
    assert.doesNotMatch(f.message, /A higher vm\.min_free_kbytes/);
  });
});

describe('/proc/allocinfo', () => {
  const dir = path.join(process.cwd(), 'test', 'wild', 'captures');
  const read = (prefix: string) => readFileSync(path.join(dir, readdirSync(dir).find((f) => f.startsWith(prefix))!), 'utf8');
  test('sort -g | tail rows are read (a mailer-wrapped row included), largest first, with the command that printed them', () => {
    const a = analyzeText(read('allocinfo-6.15-ice-x810-hypervisor-fresh-boot'));
    const s = a.parsed.sections.find((x): x is OpaqueSection => x.variant === 'allocinfo')!;
    assert.equal(s.allocations?.length, 15);
    assert.deepEqual(s.allocations!.slice(0, 2).map((r) => [r.func, r.module, r.bytes, r.calls]), [['ractl_alloc_folio', undefined, 1621598208, 395848], ['ice_alloc_mapped_page', 'ice', 1105125376, 139252]]);
    assert.equal(s.source, 'sort -g /proc/allocinfo| tail -n 15');
    assert.deepEqual(a.parsed.problems.filter((p) => p.severity !== 'info'), []);
  });
  test('the two snapshots of the E810 host, in order: the ice driver\'s call site tripled, a warning', () => {
    const two = `${read('allocinfo-6.15-ice-x810-hypervisor-fresh-boot')}\n${read('allocinfo-6.15-ice-x810-hypervisor-after-6-days')}`;
    const f = analyzeText(two).findings.filter((x) => x.rule === 'allocinfo/site-growing');
    assert.ok(f.some((x) => /^ice_alloc_mapped_page \[ice\] .* grew from 1\.03 GiB to 3\.11 GiB/.test(x.message)), f.map((x) => x.message).join('\n'));
    assert.ok(!f.some((x) => /ractl_alloc_folio|__filemap_get_folio|folio_prealloc/.test(x.message)));
  });
});

describe('a value written at a prompt that names its directory', () => {
  test('`root@pi:/sys/fs/cgroup/s8test# echo "200000" > memory.max` is that cgroup\'s file, and no series with the value read back', () => {
    const t = 'root@pi:/sys/fs/cgroup/s8test# echo "200000" > memory.max\nroot@pi:/sys/fs/cgroup/s8test# cat memory.max\n196608\n';
    const a = analyzeText(t);
    assert.deepEqual(a.parsed.sections.map((s) => [s.source, (s as KeyValueSection).written ?? false, (s as KeyValueSection).fields[0].bytes]), [['/sys/fs/cgroup/s8test/memory.max', true, 200000], ['/sys/fs/cgroup/s8test/memory.max', false, 196608]]);
    assert.deepEqual(a.metrics.series, []);
  });
});

describe('a memory.oom.group kill wrapped by a mailer', () => {
  test('one event of every member, the group line joined across its wrap, and a kill line wrapped before ", shmem-rss" keeps its sizes', () => {
    const file = 'oom-memcg-v2-6.11-rc6-build-kernel-tmpfs-kill-lines-cc1-5646-then-memory-oom-group-kills-kbench-time-make-duplicated-lines-gmail-wrapped-qp-decoded-partial.txt';
    const t = readFileSync(path.join(process.cwd(), 'test', 'wild', 'captures', file), 'utf8');
    const a = analyzeText(t);
    const kills = a.findings.filter((f) => f.rule === 'oom-report/killed');
    assert.equal(kills.length, 1);
    assert.match(kills[0].message, /killed 6 processes of \/build-kernel-tmpfs together \(memory\.oom\.group\)/);
    const make = a.metrics.oom.flatMap((d) => d.event.killed ?? []).find((k) => k.pid === 4736);
    assert.deepEqual([make?.anonRssBytes, make?.fileRssBytes], [1152 * 1024, 2984 * 1024]);
  });
});

describe('a memcg OOM with swap to spare', () => {
  test('the 6.11 build cgroup: 168 MiB in swap and no swap limit is said, and the invoker is in the text report', () => {
    const file = 'oom-memcg-v2-6.11-rc6-build-kernel-tmpfs-470m-limit-anon-423m-anon-thp-238m-swap-168m-zram-cc1-invoker-gmail-wrapped-cut-in-task-table-qp-decoded-partial.txt';
    const t = readFileSync(path.join(process.cwd(), 'test', 'wild', 'captures', file), 'utf8');
    const a = analyzeText(t);
    const f = a.findings.find((x) => x.rule === 'oom-report/killed')!;
    assert.match(f.message, /It had 168 MiB in swap already and no swap limit: reclaim could have swapped more/);
    assert.match(renderText('x', a), /invoked by cc1 \(gfp_mask=0xcc0\(GFP_KERNEL\), order 0\)/);
    // A swap line at its limit says so instead.
    const full = t.replace('swap: usage 171812kB, limit 9007199254740988kB', 'swap: usage 171812kB, limit 171812kB');
    assert.match(analyzeText(full).findings.find((x) => x.rule === 'oom-report/killed')!.message, /Its swap was at its limit too \(168 MiB of 168 MiB\)/);
  });
});

describe('a meminfo indented as a whole (a book, a mail)', () => {
  test('free(1)\'s numbers are computed as procps would on the file, not "present but not at the start of its line"', () => {
    const t = ['MemTotal:       527035420 kB', 'MemFree:        523934248 kB', 'MemAvailable:   522525312 kB', 'Buffers:           26236 kB', 'Cached:           383776 kB', 'SwapCached:            0 kB', 'SwapTotal:       2097148 kB', 'SwapFree:        2097148 kB']
      .map((l) => `        ${l}`).join('\n') + '\n';
    const m = analyzeText(t).metrics.meminfo!;
    assert.equal(m.used.free4, (527035420 - 522525312) * 1024);
    assert.ok(!m.freeAssumed.some((x) => /not at the start of its line|kernel before 3\.14/.test(x)), m.freeAssumed.join('\n'));
  });
});

describe('several nodes\' meminfo run together (cat node*/meminfo)', () => {
  test('each node is a section of its own, named by its node, with no key "twice"', () => {
    const node = (n: number, total: number) => [`Node ${n} MemTotal:       ${total} kB`, `Node ${n} MemFree:        53030372 kB`, `Node ${n} MemUsed:        81151968 kB`, `Node ${n} FilePages:      70000000 kB`].join('\n');
    const a = analyzeText(`$ cat /sys/devices/system/node/node*/meminfo\n${node(0, 134182340)}\n${node(1, 134217728)}\n`);
    assert.deepEqual(a.parsed.sections.map((s) => [s.kind, s.source, (s as KeyValueSection).byKey.MemTotal?.value]), [
      ['meminfo', '/sys/devices/system/node/node0/meminfo', 134182340], ['meminfo', '/sys/devices/system/node/node1/meminfo', 134217728]]);
    assert.deepEqual(a.parsed.problems.filter((p) => /twice/.test(p.message)), []);
    assert.ok(!a.findings.some((f) => f.rule === 'series/total-changed'));
  });
});
