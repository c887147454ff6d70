import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { analyzeText } from '../../src/analysis/analyze';
import { RULES } from '../../src/rules/catalog';
import { byRule, expectFires, expectQuiet, FIRED, fixture, lineOf, meminfo, slabinfo, slabRow } from './helpers';

const CATALOG = path.join(process.cwd(), '..', 'shared', 'reference', 'rule-catalog.md');
const MiB = 1024 * 1024;

const CORPUS_DIR = path.join(process.cwd(), '..', 'shared', 'corpus');

/** Rules that the tests below make fire; checked against the catalog at the end. */
const EXERCISED = [
  'meminfo/low-available', 'meminfo/unreclaimable-slab-high', 'meminfo/unreclaimable-slab-exceeds-lru', 'meminfo/overcommitted',
  'meminfo/swap-used', 'meminfo/dirty-high', 'meminfo/hardware-corrupted', 'meminfo/hugepages-idle', 'meminfo/unaccounted-memory',
  'meminfo/kernel-share-high', 'meminfo/container-view', 'meminfo/impossible-value', 'meminfo/lowmem-exhausted',
  'slabinfo/skbuff-leak-signature', 'slabinfo/dentry-inode-heavy', 'slabinfo/conntrack-heavy', 'slabinfo/dominant-cache', 'slabinfo/kmalloc-lockstep', 'slabinfo/unreadable', 'slabinfo/dying-cgroups', 'slabinfo/zfs-arc',
  'memory-stat/page-cache-heavy', 'memory-stat/active-file-in-working-set', 'memory-stat/shmem-heavy', 'memory-stat/kernel-heavy', 'memory-stat/dirty-writeback', 'memory-stat/reclaim-thrashing', 'memory-stat/disagrees-with-usage',
  'memory-events/oom-kill', 'memory-events/limit-hit', 'memory-events/throttled', 'memory-events/swap-full', 'cgroup-value/at-limit', 'cgroup-value/counter-below-zero', 'cgroup-value/killed-at-limit',
  'pressure/memory-full', 'pressure/memory-some', 'pressure/io-full', 'pressure/cpu-some', 'pressure/sustained', 'pressure/impossible-total',
  'vmstat/oom-kills', 'vmstat/swapping', 'vmstat/direct-reclaim', 'vmstat/major-faults', 'vmstat/caches-dropped', 'vmstat/slab-unreclaimable-high', 'vmstat/numa-miss', 'vmstat/pinned-pages', 'vmstat/compaction-failing', 'vmstat/reclaim-inefficient', 'vmstat/reclaim-livelock',
  'oom-report/killed', 'oom-report/slab-dominated', 'oom-report/allocation-failure', 'oom-report/allocation-stall', 'cgroup-value/mostly-swapped', 'memory-stat/swapping', 'oom-report/allocation-profile', 'allocinfo/profile', 'allocinfo/site-growing', 'oom-report/no-killable', 'oom-report/userspace-kill', 'oom-report/low-memory-killer',
  'buddyinfo/fragmented', 'buddyinfo/unmovable-pageblocks', 'zoneinfo/below-watermark', 'threads/reclaim-busy',
  'kubernetes/top-hides-kernel', 'kubernetes/eviction-near', 'kubernetes/reservation-too-small', 'kubernetes/limits-overcommit',
  'kubernetes/pod-near-limit', 'kubernetes/working-set-page-cache', 'kubernetes/pod-oomkilled',
  'series/steady-growth', 'series/counter-rate', 'series/total-changed', 'series/counter-reset',
  'jvm/non-heap-exceeds-headroom', 'jvm/metaspace-uncapped-growing', 'jvm/thread-stacks-large', 'jvm/direct-buffers-uncapped', 'jvm/nmt-growth',
  'go/heap-rss-gap', 'go/next-gc-beyond-limit', 'go/many-goroutine-stacks', 'process/rss-near-limit', 'process/swap-in-use', 'process/rss-growing',
];

describe('meminfo rules at their edges (MemTotal 16 000 000 kB)', () => {
  test('the healthy base raises nothing', () => {
    assert.deepEqual(analyzeText(meminfo()).findings, []);
  });

  test('low-available: < 10 % warning, < 5 % critical', () => {
    const id = 'meminfo/low-available';
    expectQuiet(meminfo({ MemAvailable: 1_600_000 }), id);
    const t = meminfo({ MemAvailable: 1_599_999 });
    const f = expectFires(t, id, 'warning', lineOf(t, 'MemAvailable:'));
    assert.match(f.message, /1\.53 GiB available \(10.0 % of 15\.3 GiB/);
    expectFires(meminfo({ MemAvailable: 800_000 }), id, 'warning');
    expectFires(meminfo({ MemAvailable: 799_999 }), id, 'critical');
    expectQuiet(meminfo({ MemAvailable: null }), id);
    // A 566 GiB machine with 5.8 % (32.7 GiB) available has room: both the share and the size must be low.
    expectQuiet(meminfo({ MemTotal: 593_481_760, MemFree: 23_000_000, MemAvailable: 34_258_672 }), id);
    expectFires(meminfo({ MemTotal: 593_481_760, MemFree: 2_000_000, MemAvailable: 3_000_000 }), id, 'warning');
    expectFires(meminfo({ MemTotal: 593_481_760, MemFree: 1_000_000, MemAvailable: 1_500_000 }), id, 'critical');
  });

  test('unreclaimable-slab-high: > 10 % warning, > 25 % critical', () => {
    const id = 'meminfo/unreclaimable-slab-high';
    expectQuiet(meminfo({ SUnreclaim: 1_600_000 }), id);
    const t = meminfo({ SUnreclaim: 1_600_001 });
    expectFires(t, id, 'warning', lineOf(t, 'SUnreclaim:'));
    expectFires(meminfo({ SUnreclaim: 4_000_000 }), id, 'warning');
    expectFires(meminfo({ SUnreclaim: 4_000_001 }), id, 'critical');
  });

  test('unreclaimable-slab-exceeds-lru: SUnreclaim > Active + Inactive + Unevictable', () => {
    const id = 'meminfo/unreclaimable-slab-exceeds-lru';
    const base = { Active: 1_000_000, Inactive: 900_000, Unevictable: 100_000 };
    expectQuiet(meminfo({ ...base, SUnreclaim: 2_000_000 }), id);
    const t = meminfo({ ...base, SUnreclaim: 2_000_001 });
    const f = expectFires(t, id, 'critical', lineOf(t, 'SUnreclaim:'));
    // An idle 342 GB server: 5.6 GiB of SUnreclaim above 2.3 GiB of LRU pages is no story (1.6 % of RAM).
    expectQuiet(meminfo({ MemTotal: 358_000_000, MemFree: 345_000_000, MemAvailable: 346_000_000, Active: 1_200_000, Inactive: 1_000_000, Unevictable: 0, SUnreclaim: 5_830_000 }), id);
    assert.deepEqual(f.related?.map((r) => r.line), [lineOf(t, 'Active:'), lineOf(t, 'Inactive:'), lineOf(t, 'Unevictable:')]);
  });

  test('overcommitted: info in the default heuristic mode, a warning only where the capture shows vm.overcommit_memory=2', () => {
    const id = 'meminfo/overcommitted';
    expectQuiet(meminfo({ Committed_AS: 8_000_000 }), id);
    const t = meminfo({ Committed_AS: 8_000_001 });
    const f = expectFires(t, id, 'info', lineOf(t, 'Committed_AS:'));
    assert.match(f.message, /does not show vm\.overcommit_memory/);
    const strict = `==> /proc/sys/vm/overcommit_memory <==\n2\n==> /proc/meminfo <==\n${t}`;
    const g = expectFires(strict, id, 'warning', lineOf(strict, 'Committed_AS:'));
    assert.match(g.message, /ENOMEM/);
    const heuristic = `==> /proc/sys/vm/overcommit_memory <==\n0\n==> /proc/meminfo <==\n${t}`;
    assert.match(expectFires(heuristic, id, 'info').message, /vm\.overcommit_memory=0/);
  });

  test('low-available without MemAvailable (before 3.14, old free): free + buffers + cache is the upper bound, said only when even that is low', () => {
    const id = 'meminfo/low-available';
    const old = (free: number, buffers: number, cached: number) => `MemTotal:     16000000 kB\nMemFree:      ${free} kB\nBuffers:      ${buffers} kB\nCached:       ${cached} kB\nSwapTotal:    0 kB\nSwapFree:     0 kB\n`;
    const f = expectFires(old(200_000, 50_000, 250_000), id, 'critical', 1);
    assert.match(f.message, /^At most 488 MiB could be available \(3\.1 % of 15\.3 GiB\): this meminfo has no MemAvailable/);
    expectQuiet(old(200_000, 50_000, 4_000_000), id);
    // Reclaimable slab (dentries, inodes) is given back under pressure: 14 GiB of it is room, not a shortage.
    expectQuiet(`${old(200_000, 50_000, 250_000)}Slab:         14800000 kB\nSReclaimable: 14500000 kB\nSUnreclaim:     300000 kB\n`, id);
    assert.match(expectFires(`${old(200_000, 50_000, 250_000)}SReclaimable:    20000 kB\n`, id, 'critical').message, /^At most 508 MiB .* free \+ buffers \+ cache \+ reclaimable slab is its upper bound/);
    // With MemAvailable present the kernel's own estimate is used, not the bound.
    expectQuiet(meminfo({ MemFree: 100_000, Buffers: 10_000, Cached: 100_000, MemAvailable: 5_000_000 }), id);
    // free's older layout (no available column): the same bound, from free's own cells.
    const t = '$ free -m\n             total       used       free     shared    buffers     cached\nMem:         32177      31850        326          0         84        289\n-/+ buffers/cache:      31476        700\nSwap:          511        261        250\n';
    assert.match(expectFires(t, id, 'critical').message, /^At most 699 MiB could be available \(2\.2 % of 31\.4 GiB\): this free table/);
  });

  test('lowmem-exhausted: LowFree under 5 % of LowTotal on a 32-bit kernel with high memory, from those lines alone; never on 64-bit (HighTotal 0)', () => {
    const id = 'meminfo/lowmem-exhausted';
    const lines = (lowFree: number, high = 5_111_780) => `# egrep 'High|Low' /proc/meminfo\nHighTotal:     ${high} kB\nHighFree:         1172 kB\nLowTotal:       795688 kB\nLowFree:   ${lowFree} kB\n`;
    const f = expectFires(lines(16_788), id, 'warning', 4);
    assert.match(f.message, /16\.4 MiB of 777 MiB low memory is free \(2\.1 %\)/);
    expectFires(meminfo({ HighTotal: 12_000_000, HighFree: 9_000_000, LowTotal: 880_000, LowFree: 30_000 }), id, 'warning');
    expectQuiet(lines(40_000), id);
    // 64-bit: LowTotal is all of memory and LowFree is MemFree; 4 % free there is a full page cache, not lowmem.
    expectQuiet(lines(16_788, 0), id);
    expectQuiet(meminfo({ HighTotal: 0, HighFree: 0, LowTotal: 16_000_000, LowFree: 100_000 }), id);
  });

  test('swap-used: > 50 % warning, > 90 % critical, quiet without swap', () => {
    const id = 'meminfo/swap-used';
    // MemAvailable under three quarters of MemTotal: the swapped pages may be needed.
    const swap = { SwapTotal: 2_000_000 };
    expectQuiet(meminfo({ ...swap, SwapFree: 1_000_000 }), id);
    const t = meminfo({ ...swap, SwapFree: 999_999 });
    expectFires(t, id, 'warning', lineOf(t, 'SwapFree:'));
    expectFires(meminfo({ ...swap, SwapFree: 200_000 }), id, 'warning');
    expectFires(meminfo({ ...swap, SwapFree: 199_999 }), id, 'critical');
    expectQuiet(meminfo({ SwapTotal: 0, SwapFree: 0 }), id);
  });

  test('swap-used: stale pages in swap while most of memory is available are information (a full swap stays a warning)', () => {
    const id = 'meminfo/swap-used';
    // MemAvailable 12 000 000 kB: three quarters of MemTotal and six times the swap.
    const avail = { MemAvailable: 12_000_000 };
    const calm = expectFires(meminfo({ ...avail, SwapTotal: 2_000_000, SwapFree: 400_000 }), id, 'info');
    assert.match(calm.message, /pushed out during an earlier shortage/);
    assert.doesNotMatch(calm.message, /nowhere to put/);
    assert.match(expectFires(meminfo({ ...avail, SwapTotal: 2_000_000, SwapFree: 100_000 }), id, 'warning').message, /nowhere to put anonymous pages/);
    // Under three quarters of MemTotal available, or under four times the swap: a warning as before.
    expectFires(meminfo({ SwapTotal: 1_000_000, SwapFree: 400_000, MemAvailable: 11_999_999 }), id, 'warning');
    expectFires(meminfo({ SwapTotal: 3_000_001, SwapFree: 1_000_000, MemAvailable: 12_000_000 }), id, 'warning');
  });

  test('dirty-high: Dirty + Writeback > 10 % is information; a warning from 8 GiB or above 20 % (vm.dirty_ratio)', () => {
    const id = 'meminfo/dirty-high';
    expectQuiet(meminfo({ Dirty: 1_000_000, Writeback: 600_000 }), id);
    const t = meminfo({ Dirty: 1_000_000, Writeback: 600_001 });
    assert.match(expectFires(t, id, 'info', lineOf(t, 'Dirty:')).message, /a writer at work/);
    expectFires(meminfo({ Dirty: 3_000_000, Writeback: 200_001 }), id, 'warning'); // 20.0…% of 16 GB
    // A 512 GB host with 84 GB dirty (16 %) and 480 GB available: a big writer under the ratio, information.
    const calm = meminfo({ MemTotal: 528_235_648, MemFree: 400_000_000, MemAvailable: 480_000_000, Dirty: 88_422_072, Writeback: 948_756 });
    assert.match(expectFires(calm, id, 'info').message, /more than twice that/);
    // The same backlog when it is most of what is available: a warning by size.
    expectFires(meminfo({ MemTotal: 528_235_648, MemFree: 40_000_000, MemAvailable: 150_000_000, Dirty: 88_422_072, Writeback: 948_756 }), id, 'warning');
    // Without MemAvailable (before 3.14) the size alone decides.
    expectFires(meminfo({ MemTotal: 528_235_648, MemFree: 400_000_000, MemAvailable: null, Dirty: 88_422_072, Writeback: 948_756 }), id, 'warning');
  });

  test('hardware-corrupted: > 0', () => {
    const id = 'meminfo/hardware-corrupted';
    expectQuiet(meminfo({ HardwareCorrupted: 0 }), id);
    const t = meminfo({ HardwareCorrupted: 4 });
    expectFires(t, id, 'critical', lineOf(t, 'HardwareCorrupted:'));
  });

  test('hugepages-idle: HugePages_Free × Hugepagesize > 10 % (counts, not kB)', () => {
    const id = 'meminfo/hugepages-idle';
    expectQuiet(meminfo({ HugePages_Total: 800, HugePages_Free: 781 }), id); // 1 599 488 kB
    const t = meminfo({ HugePages_Total: 800, HugePages_Free: 782 }); // 1 601 536 kB
    expectFires(t, id, 'info', lineOf(t, 'HugePages_Free:'));
    // grep HugePages /proc/meminfo (no MemTotal, no Hugepagesize), as the Exadata paste in test/wild: at 2 MiB, said as assumed.
    const grep = 'HugePages_Total:   159427\nHugePages_Free:    76189\nHugePages_Rsvd:      153\nHugePages_Surp:        0\n';
    assert.match(expectFires(grep, id, 'info', 1).message, /^76,036 huge pages .*: 149 GiB at 2 MiB each \(the x86 default; Hugepagesize is not in the capture\)/);
    assert.match(expectFires(`${grep}Hugepagesize:    1048576 kB\n`, id, 'info', 1).message, /: 74\.3 TiB that ordinary/);
    expectQuiet('HugePages_Total:   600\nHugePages_Free:    500\nHugePages_Rsvd:      0\n', id);
  });

  test('unaccounted-memory: remainder > 10 % of MemTotal', () => {
    const id = 'meminfo/unaccounted-memory';
    // base remainder is 1 120 000 kB; lowering MemFree by 480 000 makes it exactly 10 %.
    expectQuiet(meminfo({ MemFree: 3_520_000 }), id);
    const t = meminfo({ MemFree: 3_519_999 });
    expectFires(t, id, 'warning', lineOf(t, 'MemTotal:'));
  });

  test('kernel-share-high: only what the kernel cannot reclaim, SUnreclaim + stacks + page tables + percpu > 30 %', () => {
    const id = 'meminfo/kernel-share-high';
    // 20 000 + 50 000 + 10 000 + SUnreclaim = 4 800 000 kB is exactly 30 %.
    expectQuiet(meminfo({ SUnreclaim: 4_720_000 }), id);
    const t = meminfo({ SUnreclaim: 4_720_001 });
    expectFires(t, id, 'warning', lineOf(t, 'SUnreclaim:'));
    // A healthy node with 50 % of RAM in reclaimable dentries and inodes earns no alarm.
    expectQuiet(meminfo({ SReclaimable: 8_000_000, Slab: 8_300_000, MemAvailable: 9_600_000 }), id);
    // VmallocUsed no longer counts: with VMAP_STACK it holds the kernel stacks again.
    expectQuiet(meminfo({ VmallocUsed: 6_000_000 }), id);
  });

  test('impossible-value: a size above MemTotal is a wrapped counter, not memory', () => {
    const id = 'meminfo/impossible-value';
    expectQuiet(meminfo(), id);
    const t = meminfo({ Cached: 4_294_822_460 });
    assert.match(expectFires(t, id, 'warning', lineOf(t, 'Cached:')).message, /went negative and wrapped/);
  });

  test('impossible-value: a CommitLimit wrapped below zero by a huge page pool larger than MemTotal (the 2011 SGI paste in test/wild)', () => {
    const id = 'meminfo/impossible-value';
    // Overcommitting by a few times RAM is a legal CommitLimit (a large vm.overcommit_ratio): quiet.
    expectQuiet(meminfo({ CommitLimit: 64_000_000 }), id);
    const t = meminfo({ CommitLimit: 737869762947802600, HugePages_Total: 32, HugePages_Free: 32, Hugepagesize: 1_048_576, MemTotal: 32_395_508 });
    const f = expectFires(t, id, 'warning', lineOf(t, 'CommitLimit:'));
    assert.match(f.message, /huge page pool \(32 × 1\.00 GiB = 32\.0 GiB\) is at least MemTotal/);
    assert.match(byRule(meminfo({ Committed_AS: 2 ** 52 }), id)[0]?.message ?? '', /went below zero and wrapped/);
  });

  test('container-view: MemAvailable > MemTotal', () => {
    const id = 'meminfo/container-view';
    expectQuiet(meminfo({ MemAvailable: 16_000_000 }), id);
    const t = meminfo({ MemAvailable: 16_000_001 });
    expectFires(t, id, 'info', lineOf(t, 'MemAvailable:'));
  });

  test('container-view: Slab 0 beside host slab counters (LXCFS) is a view; its host values raise no alarm', () => {
    const id = 'meminfo/container-view';
    // A fixture in the shape of an old LXCFS view: a 256 MB container's totals beside the 4 GB host's slab and LRU.
    const t = meminfo({ MemTotal: 262_144, MemFree: 173_640, MemAvailable: 173_640, Slab: 0, SReclaimable: 101_908, SUnreclaim: 701_888, Active: 830_952 });
    assert.match(expectFires(t, id, 'info', lineOf(t, 'Slab:')).message, /^Slab is 0 while SReclaimable and SUnreclaim are not: this meminfo was read inside a container/);
    assert.deepEqual(analyzeText(t).findings.filter((f) => f.severity !== 'info').map((f) => f.rule), []);
    assert.equal(byRule(t, 'meminfo/impossible-value')[0].severity, 'info');
    // The same numbers with a real Slab sum are a kernel's: the host values are impossible, and say so.
    const real = meminfo({ MemTotal: 262_144, MemFree: 173_640, MemAvailable: 173_640, Slab: 803_796, SReclaimable: 101_908, SUnreclaim: 701_888, Active: 830_952 });
    expectQuiet(real, id);
    assert.equal(byRule(real, 'meminfo/impossible-value')[0].severity, 'warning');
  });

  test('unaccounted-memory on Android: device lines (ION_heap, Gpu, Zram) are placed; the rest is information up to 25 %', () => {
    const id = 'meminfo/unaccounted-memory';
    const base = { MemTotal: 16_000_000, MemFree: 2_000_000, Active: 4_000_000, Inactive: 4_000_000, Unevictable: 0, Slab: 1_000_000, KernelStack: 50_000, PageTables: 150_000, CmaTotal: 600_000, ShadowCallStack: 5_000 };
    // 4.8 GB outside the counters, 4 GB of it in device lines: 0.8 GB (5 %) left, quiet.
    expectQuiet(meminfo({ ...base, ION_heap: 3_000_000, Gpu: 500_000, Zram: 500_000 }), id);
    // 2.4 GB (15 %) with no device lines on an Android kernel: information, naming DMA-BUF.
    const a = meminfo({ ...base, MemFree: 4_400_000 });
    assert.match(expectFires(a, id, 'info').message, /On an Android kernel that is usual: GPU and DMA-BUF buffers/);
    // The same share on a server kernel (no CMA, no shadow call stack) is a warning.
    const { CmaTotal: _c, ShadowCallStack: _s, ...server } = base;
    expectFires(meminfo({ ...server, MemFree: 4_400_000 }), id, 'warning');
  });

  test('low-available names an idle huge page pool when it holds the memory', () => {
    const t = meminfo({ MemTotal: 16_000_000, MemFree: 100_000, MemAvailable: 0, HugePages_Total: 7_000, HugePages_Free: 7_000, HugePages_Rsvd: 0, Hugepagesize: 2048 });
    assert.match(expectFires(t, 'meminfo/low-available', 'critical').message, /The huge page pool holds 13\.7 GiB that no one uses/);
  });

  test('swap-used: swapped-out memory half the size of RAM with almost nothing free is a warning at any swap share', () => {
    const t = meminfo({ MemTotal: 501_800, MemFree: 13_808, MemAvailable: null, SwapTotal: 2_097_148, SwapFree: 1_756_088 });
    assert.match(expectFires(t, 'meminfo/swap-used', 'warning').message, /16 %\), 68 % of RAM, with 13\.5 MiB free: the node's anonymous memory does not fit/);
    expectQuiet(meminfo({ MemTotal: 501_800, MemFree: 100_000, MemAvailable: null, SwapTotal: 2_097_148, SwapFree: 1_756_088 }), 'meminfo/swap-used');
  });

  test('cgroup-value/at-limit: usage within 5 % of the limit, or a peak that reached it, read from the files of one directory', () => {
    const id = 'cgroup-value/at-limit';
    const t = 'sh-4.2$ pwd\n/sys/fs/cgroup/memory/kubepods/burstable/pod1\nsh-4.2$ cat memory.usage_in_bytes\n501346304\nsh-4.2$ cat memory.limit_in_bytes\n524288000\n';
    assert.match(expectFires(t, id, 'warning', 3).message, /^The cgroup \/kubepods\/burstable\/pod1 is at its limit of 500 MiB: usage 478 MiB \(96 %\)/);
    expectQuiet(t.replace('501346304', '400000000'), id);
    expectFires(`${t.replace('501346304', '400000000')}sh-4.2$ cat memory.max_usage_in_bytes\n524292096\n`, id, 'warning');
  });

  test('cgroup-value/killed-at-limit: the shell\'s "Killed" in a session whose cgroup sits at the limit it set; page cache is named when it fills the cgroup', () => {
    const id = 'cgroup-value/killed-at-limit';
    // Fixture in the layout of the 3.2 session in test/wild (memory-stat-v1-3.2-10m-…): echo writes, dd, Killed, cat memory.stat.
    const session = (cache: number, rss: number, killed = 'Killed') => ['/dev/memctl/a# echo 10M > memory.limit_in_bytes', '/dev/memctl/a# echo 10M > memory.memsw.limit_in_bytes',
      '/dev/memctl/a# dd if=/dev/zero of=/tmp/f count=20 bs=1M', killed, '/dev/memctl/a# cat memory.stat', `cache ${cache}`, `rss ${rss}`, 'mapped_file 0', `inactive_file ${cache - 4096}`, 'active_file 4096', ''].join('\n');
    const a = analyzeText(session(9265152, 143360));
    assert.deepEqual(a.metrics.cgroupValues.map((c) => [c.file, c.bytes]), [['memory.limit_in_bytes', 10 * 2 ** 20], ['memory.memsw.limit_in_bytes', 10 * 2 ** 20]]);
    const f = expectFires(session(9265152, 143360), id, 'warning', 3);
    assert.match(f.message, /^`dd if=\/dev\/zero of=\/tmp\/f count=20 bs=1M` was killed .* at 90 % of the 10\.0 MiB limit the session set with memory\+swap limited to 10\.0 MiB too .*8\.84 MiB \(98 %\) of what it holds is page cache.*before Linux 3\.6/);
    // Anonymous memory that fills the cgroup: the kill is said without the cache story.
    assert.doesNotMatch(expectFires(session(143360, 9265152), id, 'warning').message, /page cache/);
    // Far below the limit, the kill is not the cgroup's; a job's `[1]+  Killed  cmd` line is read the same.
    expectQuiet(session(1_000_000, 100_000), id);
    expectFires(session(9265152, 143360, '[1]+  Killed                  dd if=/dev/zero of=/tmp/f count=20 bs=1M'), id, 'warning', 3);
    // A written value that is no size is said at its line, not read.
    assert.ok(analyzeText('# echo 10X > memory.limit_in_bytes\n').parsed.problems.some((p) => p.line === 0 && /should be a number \(with a K, M or G suffix\) or max, got "10X"/.test(p.message)));
  });

  test('cgroup-value/counter-below-zero: a usage counter of 2^64 − N is a kernel bug that kills, never "no limit" nor "at the limit"', () => {
    const id = 'cgroup-value/counter-below-zero';
    // Fixture in `grep . *` layout (file:value), as the 4.15 paste in test/wild shows it.
    const t = 'memory.current:18446744073694965760\nmemory.max:17179869184\nmemory.stat:anon 0\nmemory.stat:file 0\nmemory.stat:slab 593920\n';
    const f = expectFires(t, id, 'critical', 0);
    assert.match(f.message, /^memory\.current reads 18446744073694965760, which is 2\^64 − 14585856: .*13\.9 MiB below zero.*its limit of 16\.0 GiB.*raising the limit does not help/);
    expectQuiet(t, 'cgroup-value/at-limit');
    const a = analyzeText(t);
    assert.deepEqual(a.metrics.cgroupValues.filter((c) => c.file === 'memory.current').map((c) => c.unlimited), [false]);
    // The no-limit sentinels stay what they are: v1's PAGE_COUNTER_MAX × 4096 and ULLONG_MAX.
    expectQuiet('memory.limit_in_bytes:9223372036854771712\nmemory.usage_in_bytes:18446744073709551615\n', id);
    // A nearly empty cgroup under a 16 GiB limit is no risk from its kernel memory, whatever its share.
    assert.equal(a.findings.find((x) => x.rule === 'memory-stat/kernel-heavy')?.severity ?? 'info', 'info');
  });

  test('memory-events/swap-full: memory.swap.events max or fail above 0, with memory.high throttling named', () => {
    const id = 'memory-events/swap-full';
    const t = '==> memory.events <==\nlow 0\nhigh 86378\nmax 0\noom 0\noom_kill 0\n==> memory.swap.events <==\nhigh 0\nmax 382\nfail 382\n';
    assert.match(expectFires(t, id, 'warning', 9).message, /^Swap-outs failed: fail 382, max 382 \(at memory\.swap\.max\) in memory\.swap\.events\..*memory\.high throttling 86,378 time\(s\), it stalls now/);
    expectQuiet(t.replace('max 382\nfail 382', 'max 0\nfail 0'), id);
  });

  test('severity overrides, off, and threshold overrides', () => {
    const t = meminfo({ MemAvailable: 1_599_999 });
    expectFires(t, 'meminfo/low-available', 'critical', undefined, { rules: { severities: { 'meminfo/low-available': 'critical' } } });
    expectFires(t, 'meminfo/low-available', 'info', undefined, { rules: { severities: { 'meminfo/low-available': 'info' } } });
    expectQuiet(t, 'meminfo/low-available', { rules: { severities: { 'meminfo/low-available': 'off' } } });
    const quiet = meminfo({ MemAvailable: 3_000_000 });
    expectQuiet(quiet, 'meminfo/low-available');
    expectFires(quiet, 'meminfo/low-available', 'warning', undefined, { rules: { thresholds: { 'meminfo/low-available.warning': 20 } } });
    expectFires(quiet, 'meminfo/low-available', 'critical', undefined, { rules: { thresholds: { 'meminfo/low-available.warning': 30, 'meminfo/low-available.critical': 20, 'meminfo/low-available.criticalBytes': 4 * 1024 ** 3 } } });
    // Turning one rule off leaves the others alone.
    const both = meminfo({ MemAvailable: 1_599_999, HardwareCorrupted: 4 });
    expectFires(both, 'meminfo/hardware-corrupted', 'critical', undefined, { rules: { severities: { 'meminfo/low-available': 'off' } } });
  });
});

describe('slabinfo rules', () => {
  test('dominant-cache: a grep of one slabinfo line beside a meminfo measures against meminfo\'s Slab, not that line alone', () => {
    const wild = readFileSync(path.join(process.cwd(), 'test', 'wild', 'captures', 'meminfo-slabinfo-94g-series-three-greps-xfs-inode-5m-objs-4.8g-evicted-by-600g-file-read-partial.txt'), 'utf8');
    assert.match(expectFires(wild, 'slabinfo/dominant-cache', 'info').message, /^xfs_inode holds 4\.77 GiB, 78 % of all slab \(6\.15 GiB\)/);
  });

  const filler = (pages: number) => slabRow('vm_area_struct', pages * 17, pages * 17, 232, 17, 1, pages);

  test('kmalloc-lockstep: three or more kmalloc classes with the same live count (within 2 %, 100 000 each, 256 MiB together); the real ROCm slabtop', () => {
    const id = 'slabinfo/kmalloc-lockstep';
    const k = (size: number, objs: number) => slabRow(`kmalloc-${size}`, objs, objs, size, 4096 / size, 1, Math.ceil(objs / (4096 / size)));
    const t = slabinfo([k(1024, 300_000), k(512, 302_000), k(256, 303_500), k(64, 120_000), filler(1000)]);
    const f = expectFires(t, id, 'warning', lineOf(t, 'kmalloc-1024 '));
    assert.match(f.message, /^3 kmalloc size classes hold the same number of live objects \(kmalloc-1k 300,000, kmalloc-512 302,000, kmalloc-256 303,500; within 2 %\)/);
    expectQuiet(slabinfo([k(1024, 300_000), k(512, 302_000), k(256, 330_000), filler(1000)]), id);
    expectQuiet(slabinfo([k(128, 90_000), k(64, 90_500), k(32, 91_000)]), id);
    expectQuiet(slabinfo([k(64, 300_000), k(32, 301_000), k(16, 302_000)]), id); // under 256 MiB together
    const rocm = readFileSync(path.join(process.cwd(), 'test', 'wild', 'captures', 'slabtop-kmalloc-1024-leak-rocm-desktop.txt'), 'utf8');
    assert.match(expectFires(rocm, id, 'warning').message, /^4 kmalloc size classes .*kmalloc-1k 1,069,376/);
  });

  test('skbuff-leak-signature: > 100 000 skbuffs and one kmalloc class (variants summed) within ±15 %', () => {
    const id = 'slabinfo/skbuff-leak-signature';
    const skb = (n: number) => slabRow('skbuff_head_cache', n, n, 256, 32, 2, Math.ceil(n / 32));
    const k1 = (name: string, n: number) => slabRow(name, n, n, 1024, 32, 8, Math.ceil(n / 32));
    expectQuiet(slabinfo([skb(100_000), k1('kmalloc-1k', 100_000)]), id);
    const t = slabinfo([skb(100_001), k1('kmalloc-1k', 100_001)]);
    const f = expectFires(t, id, 'warning', 2);
    assert.match(f.message, /Suspicious/);
    // Split over variants: no single cache matches, the class does.
    const split = slabinfo([skb(200_000), k1('kmalloc-1k', 80_000), k1('kmalloc-cg-1k', 60_000), k1('kmalloc-rnd-03-1k', 40_000), k1('dma-kmalloc-1k', 10_000), k1('kmalloc-rcl-1k', 10_000)]);
    const g = expectFires(split, id, 'warning');
    assert.match(g.message, /kmalloc-1k \(all variants\) holds 200,000/);
    expectFires(slabinfo([skb(200_000), k1('kmalloc-1024', 229_000)]), id, 'warning');
    expectQuiet(slabinfo([skb(200_000), k1('kmalloc-1024', 231_000)]), id);
    expectQuiet(slabinfo([skb(200_000), k1('kmalloc-1024', 169_000)]), id);
    // A count coincidence with a class too small for packet data is no signature.
    const k256 = (n: number) => slabRow('kmalloc-256', n, n, 256, 32, 2, Math.ceil(n / 32));
    expectQuiet(slabinfo([skb(200_000), k256(200_000)]), id);
    // Since 6.3 small heads have their own cache.
    const small = (n: number) => slabRow('skbuff_small_head', n, n, 640, 25, 4, Math.ceil(n / 25));
    expectFires(slabinfo([skb(200_000), small(200_000)]), id, 'warning');
    // Both together a sliver of a big slab: not a story.
    expectQuiet(slabinfo([skb(200_000), k1('kmalloc-1k', 200_000), filler(3_000_000)]), id);
  });

  test('dentry-inode-heavy: > 50 % of slab and > 1 GiB', () => {
    const id = 'slabinfo/dentry-inode-heavy';
    const dentry = (pages: number) => slabRow('dentry', pages * 21, pages * 21, 192, 21, 1, pages);
    expectQuiet(slabinfo([dentry(300_000), filler(300_000)]), id); // 50 %
    const t = slabinfo([dentry(300_000), slabRow('ext4_inode_cache', 100, 100, 1176, 27, 8, 4), filler(299_000)]);
    expectFires(t, id, 'info', 2);
    expectQuiet(slabinfo([dentry(262_144), filler(1_000)]), id); // exactly 1 GiB
    expectFires(slabinfo([dentry(262_145), filler(1_000)]), id, 'info');
  });

  // kube-proxy: nf_conntrack_max = max(131072, 32768 × cores) (cmd/kube-proxy/app/conntrack.go, options conntrack.min/maxPerCore).
  test('conntrack-heavy: against a captured nf_conntrack_max; without it, info near kube-proxy\'s floor only', () => {
    const id = 'slabinfo/conntrack-heavy';
    const ct = (name: string, n: number) => slabRow(name, n, n, 320, 25, 2, Math.ceil(n / 25));
    expectQuiet(slabinfo([ct('nf_conntrack', 104_858)]), id);
    assert.match(expectFires(slabinfo([ct('nf_conntrack', 104_859)]), id, 'info', 2).message, /does not show/);
    expectFires(slabinfo([ct('nf_conntrack', 60_000), ct('nf_conntrack_ffffffff81e2c880', 44_859)]), id, 'info');
    expectQuiet(slabinfo([ct('nf_conntrack_expect', 200_000)]), id);
    const withMax = (n: number, max: number) => `==> /proc/sys/net/netfilter/nf_conntrack_max <==\n${max}\n==> /proc/slabinfo <==\n${slabinfo([ct('nf_conntrack', n)])}`;
    // A 16-core node: 524288 slots; 300 000 entries are 57 %.
    expectQuiet(withMax(300_000, 524_288), id);
    assert.match(expectFires(withMax(450_000, 524_288), id, 'warning').message, /of nf_conntrack_max \(524,288\)/);
  });

  test('dominant-cache: one cache or kmalloc class > 40 % of slab and > 256 MiB', () => {
    const id = 'slabinfo/dominant-cache';
    const big = (pages: number) => slabRow('kmalloc-2k', pages * 2, pages * 2, 2048, 16, 8, pages / 8);
    const spread = (pages: number) => ['vm_area_struct', 'anon_vma_chain', 'radix_tree_node'].map((name, i) => {
      const p = i < 2 ? Math.floor(pages / 3) : pages - 2 * Math.floor(pages / 3);
      return slabRow(name, p * 17, p * 17, 232, 17, 1, p);
    });
    expectQuiet(slabinfo([big(80_000), ...spread(120_000)]), id); // 40 %
    const t = slabinfo([big(80_000), ...spread(119_999)]);
    expectFires(t, id, 'warning', 2);
    expectQuiet(slabinfo([big(65_536), filler(10)]), id); // exactly 256 MiB
    expectFires(slabinfo([big(65_544), filler(10)]), id, 'warning');
    // A reclaimable cache is information: the kernel gives it back under pressure.
    const dentry = (pages: number) => slabRow('dentry', pages * 21, pages * 21, 192, 21, 1, pages);
    assert.match(expectFires(slabinfo([dentry(200_000), filler(10_000)]), id, 'info').message, /reclaims this cache/);
    // A small box: 1 GiB of RAM, 50 MiB of slab, one unreclaimable cache at 70 % of it. The floor is 2 % of MemTotal.
    const smallNode = `==> /proc/meminfo <==\n${meminfo({ MemTotal: 1_048_576, MemFree: 200_000, MemAvailable: 500_000, Slab: 51_200, SReclaimable: 10_000, SUnreclaim: 41_200 })}==> /proc/slabinfo <==\n${slabinfo([big(8_960), filler(3_840)])}`;
    expectFires(smallNode, id, 'warning');
    expectQuiet(slabinfo([big(8_960), filler(3_840)]), id);
  });

  test('dying-cgroups: kmem_cache with far more objects than a kernel has caches', () => {
    const id = 'slabinfo/dying-cgroups';
    const kc = (n: number) => slabRow('kmem_cache', n, n, 384, 21, 2, Math.ceil(n / 21));
    expectQuiet(slabinfo([kc(20_000), filler(100)]), id);
    const f = expectFires(slabinfo([kc(20_001), filler(100)]), id, 'warning', 2);
    assert.match(f.message, /cgroup\.stat/);
  });

  test('zfs-arc: ZFS and SPL caches above 25 % of MemTotal (or 8 GiB without one) are the ARC, which MemAvailable does not count', () => {
    const id = 'slabinfo/zfs-arc';
    const zio = (pages: number) => slabRow('zio_buf_16384', pages / 4, pages / 4, 16384, 1, 4, pages / 4);
    expectQuiet(slabinfo([zio(2_097_152), filler(1000)]), id); // exactly 8 GiB
    assert.match(expectFires(slabinfo([zio(2_097_156), filler(1000)]), id, 'warning', 2).message, /zfs_arc_max/);
    const node16 = (pages: number) => `==> /proc/meminfo <==\n${meminfo()}==> /proc/slabinfo <==\n${slabinfo([zio(pages), filler(1000)])}`;
    expectFires(node16(1_000_004), id, 'warning'); // 3.8 GiB of a 15.3 GiB node: 25 %
    expectQuiet(node16(976_560), id);
  });

  test('unreadable: Permission denied, header only, empty file under a header', () => {
    const id = 'slabinfo/unreadable';
    const f = expectFires(fixture('permission-denied.slabinfo'), id, 'warning', 0, { fileName: 'slabinfo' });
    assert.match(f.message, /Permission denied/);
    assert.match(expectFires(slabinfo([]), id, 'warning').message, /only the header/);
    assert.match(expectFires('==> /proc/slabinfo <==\n\n', id, 'warning').message, /empty/);
    expectQuiet(slabinfo([filler(10)]), id);
  });
});

describe('memory-stat rules (v2, usage approximated as anon + file + kernel)', () => {
  const stat = (v: Record<string, number>) => Object.entries({ anon: 0, file: 0, kernel: 0, shmem: 0, inactive_file: 0, active_file: 0, ...v })
    .map(([k, n]) => `${k} ${n * MiB}`).join('\n') + '\n';

  test('page-cache-heavy: file − shmem > 50 % of usage', () => {
    const id = 'memory-stat/page-cache-heavy';
    expectQuiet(stat({ anon: 400, file: 500, kernel: 100, inactive_file: 500 }), id);
    const t = stat({ anon: 400, file: 501, kernel: 100, inactive_file: 501 });
    const f = expectFires(t, id, 'info', 1);
    assert.match(f.message, /approximate/);
  });

  // A pod's files with its limit beside them: the header shifts the stat's lines by one.
  const POD = '/sys/fs/cgroup/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1.slice';
  const inPod = (text: string, limit: string | undefined = String(2048 * MiB)) => `==> ${POD}/memory.stat <==\n${text}${limit !== undefined ? `==> ${POD}/memory.max <==\n${limit}\n` : ''}`;

  test('disagrees-with-usage: memory.stat\'s parts more than 10 % (and 1 MiB) above memory.current; no share rule speaks then', () => {
    const id = 'memory-stat/disagrees-with-usage';
    const pair = (current: number) => `==> ${POD}/memory.current <==\n${current * MiB}\n${inPod(stat({ anon: 11, file: 0, kernel: 5 }), undefined)}`;
    expectQuiet(pair(16 / 1.1), id);
    const f = expectFires(pair(4), id, 'info', lineOf(pair(4), 'anon'));
    assert.match(f.message, /come to 16\.0 MiB, more than the cgroup's memory\.current \(4\.00 MiB\)/);
    assert.ok(!analyzeText(pair(4)).findings.some((x) => x.rule === 'memory-stat/kernel-heavy'));
  });

  test('active-file-in-working-set: active_file > 25 % of usage − inactive_file; a warning only for a cgroup with a limit', () => {
    const id = 'memory-stat/active-file-in-working-set';
    expectQuiet(inPod(stat({ anon: 600, file: 400, kernel: 100, inactive_file: 300, active_file: 200 })), id); // 200 / 800
    const t = stat({ anon: 600, file: 401, kernel: 100, inactive_file: 301, active_file: 201 }); // 201 / 800
    expectFires(inPod(t), id, 'warning', 6);
    // The same numbers in a cgroup without a limit, at the root, or in a login session are information.
    assert.match(expectFires(inPod(t, 'max'), id, 'info', 6).message, /This cgroup has no limit \(memory\.max says so\)/);
    assert.match(expectFires(`==> ${POD}/memory.stat <==\n${t}`, id, 'info', 6).message, /No limit is captured for this cgroup/);
    assert.match(expectFires(`==> /sys/fs/cgroup/memory.stat <==\n${t}`, id, 'info', 6).message, /root of the cgroup tree as read.*where no limit applies/);
    const session = `==> /sys/fs/cgroup/user.slice/user-1000.slice/session-3.scope/memory.stat <==\n${t}==> /sys/fs/cgroup/user.slice/user-1000.slice/session-3.scope/memory.max <==\n${2048 * MiB}\n`;
    expectFires(session, id, 'info', 6);
    expectFires(t, id, 'info', 5);
  });

  test('shmem-heavy: shmem > 20 % of usage', () => {
    const id = 'memory-stat/shmem-heavy';
    expectQuiet(stat({ anon: 700, file: 200, kernel: 100, shmem: 200 }), id);
    // A warning under a limit; with no limit in the capture, information.
    expectFires(inPod(stat({ anon: 699, file: 201, kernel: 100, shmem: 201 })), id, 'warning');
    expectFires(stat({ anon: 699, file: 201, kernel: 100, shmem: 201 }), id, 'info', 3);
  });

  test('shmem-heavy on v1 with no shmem line: estimated as anon LRU − rss, and taken out of the page cache', () => {
    // Fixture in 3.10's layout: 68.5 GiB on the anonymous LRU beyond rss, charged as cache (tmpfs).
    const t = 'cache 134325506048\nrss 695980032\ninactive_anon 4218880\nactive_anon 74202603520\ninactive_file 8365199360\nactive_file 52449439744\nhierarchical_memory_limit 137438953472\n';
    const f = expectFires(t, 'memory-stat/shmem-heavy', 'warning', 3, { fileName: 'memory.stat' });
    assert.match(f.message, /^shmem is 68\.5 GiB \(no shmem line on this kernel: estimated as the anonymous LRU pages that are not rss/);
    const m = analyzeText(t, { fileName: 'memory.stat' }).metrics.cgroups[0];
    assert.deepEqual(m.breakdown.map((p) => [p.key, Math.round(p.bytes / 2 ** 30 * 10) / 10]), [['anon', 0.6], ['pageCache', 56.6], ['shmem', 68.5]]);
    // With memory.usage_in_bytes beside it, 98 % of v1's hierarchical_memory_limit is at its limit, said with what fills it.
    const at = expectFires(`==> memory.usage_in_bytes <==\n135021858816\n\n==> memory.stat <==\n${t}`, 'cgroup-value/at-limit', 'warning', 1);
    assert.match(at.message, /at its limit of 128 GiB: usage 126 GiB \(98 %\).*its memory\.stat says what fills it: shmem \/ tmpfs 68\.5 GiB, page cache 56\.6 GiB, anonymous 664 MiB/);
    // A v1 stat whose anon LRU is its rss holds no such estimate.
    expectQuiet(t.replace('active_anon 74202603520', 'active_anon 691761152'), 'memory-stat/shmem-heavy', { fileName: 'memory.stat' });
  });

  test('kernel-heavy: kernel > 30 % of usage, or its parts when `kernel` is absent', () => {
    const id = 'memory-stat/kernel-heavy';
    expectQuiet(inPod(stat({ anon: 600, file: 100, kernel: 300 })), id);
    expectFires(inPod(stat({ anon: 600, file: 100, kernel: 301 })), id, 'warning', 3);
    const parts = `anon ${600 * MiB}\nfile ${100 * MiB}\nslab_unreclaimable ${250 * MiB}\nkernel_stack ${51 * MiB}\n`;
    expectFires(inPod(parts), id, 'warning', 3);
    expectFires(`==> /sys/fs/cgroup/memory.stat <==\n${parts}`, id, 'info', 3);
  });

  test('reclaim-thrashing: reclaim scans a lot, frees a tenth, and what it frees comes back, in an all-anonymous cgroup', () => {
    const id = 'memory-stat/reclaim-thrashing';
    const raw = (v: Record<string, number>) => `${Object.entries({ anon: 8_113_229_824, file: 39_735_296, kernel: 10_000_000, shmem: 0, inactive_file: 20_000_000, active_file: 19_000_000, pgscan: 4_218_254, pgsteal: 430_005, workingset_refault: 401_874, ...v }).map(([k, n]) => `${k} ${n}`).join('\n')}\n`;
    assert.match(expectFires(raw({}), id, 'warning').message, /^Reclaim in this cgroup scanned 4,218,254 pages and freed only 430,005 \(10 %\), and 401,874 pages came straight back/);
    expectQuiet(raw({ workingset_refault: 1_000 }), id); // no refaults: what it freed stayed free
    expectQuiet(raw({ anon: 2_000_000_000, file: 6_000_000_000 }), id); // mostly cache
    // Efficient reclaim whose pages nearly all come back, 300 times the page cache it holds: the files do not fit.
    assert.match(expectFires(raw({ pgsteal: 3_000_000, workingset_refault: 2_900_000 }), id, 'warning').message, /^2,900,000 pages \(11\.1 GiB\) that reclaim took from this cgroup were read back/);
    expectQuiet(raw({ pgsteal: 3_000_000, workingset_refault: 1_400_000 }), id); // efficient, and under half came back
  });

  test('dirty-writeback: a limit filled by dirty cache with OOM kills is writeback that could not keep up, not a big-looking working set', () => {
    const id = 'memory-stat/dirty-writeback';
    const st = stat({ anon: 300, file: 700, kernel: 24, active_file: 500, inactive_file: 150, file_dirty: 250, file_writeback: 80, shmem: 0 });
    const events = `==> ${POD}/memory.events <==\nlow 0\nhigh 0\nmax 40\noom 3\noom_kill 3\noom_group_kill 0\n`;
    const t = inPod(st, String(1024 * MiB)) + events;
    const f = expectFires(t, id, 'warning');
    assert.match(f.message, /writeback could not keep up/);
    assert.match(f.message, /OOM-killed 3 time/);
    expectQuiet(t, 'memory-stat/active-file-in-working-set');
    // The same cgroup without kills and with reclaim finding plenty to free is not this story.
    expectQuiet(inPod(stat({ anon: 300, file: 700, kernel: 24, active_file: 500, inactive_file: 150, file_dirty: 250, file_writeback: 80, shmem: 0 }), String(1024 * MiB)), id);
  });

  test('v1 uses total_* keys', () => {
    const v1 = fixture('docker-container-v1.memory.stat');
    // total_rss 498 MiB + total_cache 142 MiB; inactive_file 96 MiB: no rule fires on this healthy container.
    for (const id of ['memory-stat/page-cache-heavy', 'memory-stat/shmem-heavy', 'memory-stat/kernel-heavy', 'memory-stat/active-file-in-working-set']) expectQuiet(v1, id);
    const heavy = 'cache 900\nrss 100\ntotal_cache 9000000\ntotal_rss 1000000\ntotal_shmem 0\ntotal_inactive_file 8000000\ntotal_active_file 1000000\n';
    expectFires(heavy, 'memory-stat/page-cache-heavy', 'info', 2);
  });
});

describe('swap inside a cgroup', () => {
  test('mostly-swapped: memory.swap.current at or above memory.current (64 MiB or more), with memory.swap.max max said', () => {
    const t = (swap: number, max = 'max') => `# cat memory.swap.max\n${max}\n# cat memory.current memory.swap.current\n22798336\n${swap}\n`;
    const f = expectFires(t(218423296), 'cgroup-value/mostly-swapped', 'warning', 4);
    assert.match(f.message, /208 MiB in swap \(memory\.swap\.current\), 9\.6 × what it holds in memory \(memory\.current 21\.7 MiB\).*memory\.swap\.max is max/);
    assert.doesNotMatch(expectFires(t(218423296, '268435456'), 'cgroup-value/mostly-swapped', 'warning', 4).message, /swap\.max is max/);
    expectQuiet(t(20000000), 'cgroup-value/mostly-swapped');
    expectQuiet(t(60 * 2 ** 20), 'cgroup-value/mostly-swapped');
  });

  test('swapping (v1): swap in memory.stat, a warning at half of what the cgroup holds or in a container with a limit', () => {
    const stat = (swap: number, limit = '9223372036854771712') => `cache 0\nrss 920088576\nswap ${swap}\nhierarchical_memory_limit ${limit}\ntotal_cache 0\ntotal_rss 920088576\ntotal_swap ${swap}\n`;
    const f = expectFires(stat(617717760), 'memory-stat/swapping', 'warning', 6);
    assert.match(f.message, /^589 MiB of this cgroup's memory is in swap \(total_swap in memory\.stat\), 67 % of what it holds/);
    expectFires(stat(300_000_000), 'memory-stat/swapping', 'info', 6);
    assert.match(expectFires(stat(300_000_000, '1073741824'), 'memory-stat/swapping', 'warning', 6).message, /it met its memory limit by paging out/);
    expectQuiet(stat(50_000_000), 'memory-stat/swapping');
  });
});

describe('memory-events rules', () => {
  test('oom-kill, limit-hit and throttled on their lines', () => {
    const t = fixture('kubepods-burstable-pod.memory.events');
    expectFires(t, 'memory-events/oom-kill', 'critical', 4, { fileName: 'memory.events' });
    const limit = expectFires(t, 'memory-events/limit-hit', 'warning', 2, { fileName: 'memory.events' });
    assert.deepEqual(limit.related?.map((r) => r.line), [3]);
    expectFires(t, 'memory-events/throttled', 'info', 1, { fileName: 'memory.events' });
    const group = 'low 0\nhigh 0\nmax 0\noom 0\noom_kill 0\noom_group_kill 1\n';
    assert.match(expectFires(group, 'memory-events/oom-kill', 'critical', 5).message, /1 group kill/);
    expectFires('low 0\nhigh 0\nmax 0\noom 1\noom_kill 0\n', 'memory-events/limit-hit', 'warning', 3);
  });

  test('oom-kill in kubepods.slice: the node\'s allocatable, hierarchical and .local as one finding', () => {
    const t = fixture('bundle-grep-kubepods-slice.txt');
    const f = expectFires(t, 'memory-events/oom-kill', 'critical');
    assert.match(f.message, /node's allocatable/);
    assert.match(f.message, /0 of them in this cgroup itself/);
  });

  test('kills the capture\'s kernel log tells are one finding: memory.events defers to the report, or says how many more it counted', () => {
    // Fixture: an OOM report's constraint line in a pod cgroup, then the parent's memory.events.
    const cg = '/kubepods.slice/kubepods-pod1.slice';
    const log = `[ 9.0] oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=c1,mems_allowed=0,oom_memcg=${cg},task_memcg=${cg}/cri-containerd-c1.scope,task=java,pid=4242,uid=0\n[ 9.0] Memory cgroup out of memory: Killed process 4242 (java) total-vm:100kB, anon-rss:50kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:-997\n\n`;
    const events = (n: number, path = '/sys/fs/cgroup/kubepods.slice/kubepods-pod1.slice') => `==> ${path}/memory.events <==\nlow 0\nhigh 0\nmax 3\noom 1\noom_kill ${n}\n`;
    const one = expectFires(log + events(1), 'memory-events/oom-kill', 'info');
    assert.match(one.message, /That is the kill the OOM report at line 2 tells/);
    expectFires(log + events(1), 'oom-report/killed', 'critical');
    const more = expectFires(log + events(4), 'memory-events/oom-kill', 'warning');
    assert.match(more.message, /shows 1 of them \(line 2\): 3 more happened here/);
    // The parent counts its children's kills (hierarchical); another cgroup's kill is not these.
    expectFires(log + events(1, '/sys/fs/cgroup/kubepods.slice'), 'memory-events/oom-kill', 'info');
    expectFires(log + events(1, '/sys/fs/cgroup/system.slice'), 'memory-events/oom-kill', 'critical');
  });

  test('a usage counter below zero is no usage: memory.stat\'s shares use its parts and say why', () => {
    const t = '==> memory.current <==\n18446744073694965760\n\n==> memory.stat <==\nanon 393216\nfile 0\nkernel 200000\nsock 0\ninactive_file 0\nactive_file 0\n';
    const c = analyzeText(t).metrics.cgroups[0];
    assert.equal(c.usageBytes, 393216 + 200000);
    assert.match(c.usageFrom, /memory\.current reads below zero/);
  });

  test('all zero stays quiet; memory.swap.events alone (no throttling, no limit hit) is information', () => {
    const zero = fixture('kubepods-burstable-pod.memory.events.local');
    const swap = fixture('kubepods-burstable-pod.memory.swap.events');
    assert.deepEqual(analyzeText(zero, { fileName: 'memory.events.local' }).findings, []);
    assert.deepEqual(analyzeText(swap, { fileName: 'memory.swap.events' }).findings.map((f) => [f.rule, f.severity]), [['memory-events/swap-full', 'info']]);
  });
});

describe('pressure rules (≥ thresholds on avg10)', () => {
  const psi = (name: string, some: [number, number] | undefined, full: [number, number] | undefined) =>
    `==> ${name} <==\n` + (some ? `some avg10=${some[0].toFixed(2)} avg60=0.00 avg300=${some[1].toFixed(2)} total=1000\n` : '') + (full ? `full avg10=${full[0].toFixed(2)} avg60=0.00 avg300=${full[1].toFixed(2)} total=500\n` : '');
  const mem = '/proc/pressure/memory';

  test('one cgroup\'s memory.pressure and io.pressure are both judged (the io file does not hide the memory one)', () => {
    // Fixture in the layout of a real paste (test/wild cgroup-v2-memory-pressure-full-78-…): two PSI files of one cgroup.
    const t = '# cat memory.pressure\nsome avg10=78.50 avg60=84.99 avg300=84.53 total=5702440903\nfull avg10=78.50 avg60=84.99 avg300=84.53 total=5702116959\n# cat io.pressure\nsome avg10=0.00 avg60=0.00 avg300=0.00 total=78051391\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=78049640\n';
    expectFires(t, 'pressure/memory-full', 'critical', 2);
    expectFires(t.replace('io.pressure\nsome avg10=0.00', 'io.pressure\nsome avg10=0.00').replace('full avg10=0.00', 'full avg10=35.00'), 'pressure/io-full', 'warning', 5);
    assert.deepEqual(analyzeText(t).metrics.pressure.map((p) => p.resource).sort(), ['io', 'memory']);
  });

  test('memory-full: 10 % warning, 50 % critical; message cites systemd-oomd', () => {
    const id = 'pressure/memory-full';
    expectQuiet(psi(mem, [9.99, 0], [9.99, 0]), id);
    const f = expectFires(psi(mem, [0, 0], [10, 0]), id, 'warning', 2);
    assert.match(f.message, /systemd-oomd/);
    expectFires(psi(mem, [0, 0], [49.99, 0]), id, 'warning');
    expectFires(psi(mem, [0, 0], [50, 0]), id, 'critical');
  });

  test('memory-some: 20 % warning, 50 % critical', () => {
    const id = 'pressure/memory-some';
    expectQuiet(psi(mem, [19.99, 0], [0, 0]), id);
    expectFires(psi(mem, [20, 0], [0, 0]), id, 'warning', 1);
    expectFires(psi(mem, [50, 0], [0, 0]), id, 'critical', 1);
    // Same numbers in a cgroup memory.pressure.
    expectFires(psi('/sys/fs/cgroup/kubepods.slice/memory.pressure', [50, 0], [0, 0]), id, 'critical', 1);
  });

  test('io-full and cpu-some only for their resources', () => {
    expectQuiet(psi('/proc/pressure/io', [0, 0], [19.99, 0]), 'pressure/io-full');
    expectFires(psi('/proc/pressure/io', [0, 0], [20, 0]), 'pressure/io-full', 'warning', 2);
    expectQuiet(psi('/proc/pressure/io', [60, 0], [0, 0]), 'pressure/memory-some');
    expectQuiet(psi('/proc/pressure/cpu', [49.99, 0], undefined), 'pressure/cpu-some');
    expectFires(psi('/proc/pressure/cpu', [50, 0], [0, 0]), 'pressure/cpu-some', 'warning', 1);
    expectFires(fixture('io-heavy-node-io.pressure'), 'pressure/io-full', 'warning', 1, { fileName: '/proc/pressure/io' });
    assert.deepEqual(analyzeText(fixture('kernel-6.1-irq-full-only.pressure'), { fileName: 'irq.pressure' }).findings, []);
  });

  test('sustained: avg300 ≥ the warning level and ≥ half of avg10, a separate info on the same line', () => {
    const id = 'pressure/sustained';
    const t = psi(mem, [0, 0], [30, 15]);
    expectFires(t, id, 'info', 2);
    expectFires(t, 'pressure/memory-full', 'warning', 2);
    expectQuiet(psi(mem, [0, 0], [30, 14.99]), id); // below half of avg10
    expectQuiet(psi(mem, [0, 0], [12, 9.99]), id); // below the warning level
    expectQuiet(psi(mem, [0, 0], [9, 40]), id); // avg10 does not fire
    const both = analyzeText(fixture('thrashing-node-memory.pressure'), { fileName: 'memory.pressure' }).findings;
    assert.deepEqual(both.map((f) => [f.rule, f.severity, f.line]), [
      ['pressure/memory-some', 'critical', 0], ['pressure/sustained', 'info', 0],
      ['pressure/memory-full', 'critical', 1], ['pressure/sustained', 'info', 1],
    ]);
  });
});

describe('vmstat rules', () => {
  const vm = (v: Record<string, number>) => Object.entries({ nr_free_pages: 100000, pgmajfault: 10, pswpin: 0, pswpout: 0, allocstall_normal: 0, pgscan_direct: 0, oom_kill: 0, drop_pagecache: 0, drop_slab: 0, ...v })
    .map(([k, n]) => `${k} ${n}`).join('\n') + '\n';

  test('one snapshot: oom-kills, swapping (info), direct-reclaim (info), caches-dropped', () => {
    assert.deepEqual(analyzeText(vm({})).findings, []);
    expectFires(vm({ oom_kill: 1 }), 'vmstat/oom-kills', 'warning', 6);
    expectFires(vm({ pswpin: 1 }), 'vmstat/swapping', 'info', 2);
    expectFires(vm({ pswpout: 5 }), 'vmstat/swapping', 'info', 3);
    // A handful of stalls since boot is no story; a hundred stalls or 100 000 pages scanned are.
    expectQuiet(vm({ pgscan_direct: 99_999 }), 'vmstat/direct-reclaim');
    expectQuiet(vm({ allocstall_normal: 99, pgscan_direct: 1 }), 'vmstat/direct-reclaim');
    expectFires(vm({ pgscan_direct: 100_000 }), 'vmstat/direct-reclaim', 'info', 5);
    expectFires(vm({ allocstall_normal: 100, pgscan_direct: 1 }), 'vmstat/direct-reclaim', 'info', 4);
    expectFires(vm({ drop_slab: 2 }), 'vmstat/caches-dropped', 'info', 8);
    assert.deepEqual(analyzeText(fixture('node-6.1.vmstat')).findings, []);
  });

  test('pinned-pages: FOLL_PIN pins acquired and not released, a warning from 1 GiB, silent when they balance', () => {
    const id = 'vmstat/pinned-pages';
    const f = expectFires(vm({ nr_foll_pin_acquired: 7_502_048, nr_foll_pin_released: 2048 }), id, 'warning', 9);
    assert.match(f.message, /^7,500,000 pages \(28\.6 GiB\) are pinned now: nr_foll_pin_acquired 7,502,048 against nr_foll_pin_released 2,048/);
    assert.equal(f.related?.[0].line, 10);
    expectQuiet(vm({ nr_foll_pin_acquired: 5344, nr_foll_pin_released: 5344 }), id);
    expectQuiet(vm({ nr_foll_pin_acquired: 262_144, nr_foll_pin_released: 1 }), id);
    // Beside a meminfo the share of MemTotal is given; 64 KiB pages count as such.
    assert.match(expectFires(`${meminfo()}\n${vm({ nr_foll_pin_acquired: 1_000_000, nr_foll_pin_released: 0 })}`, id, 'warning').message, /\(3\.81 GiB, 25 % of MemTotal\) are pinned now/);
  });

  test('numa-miss: the share of allocations since boot another node served; a warning at 10 %, information at 2 %, silent on a fresh node', () => {
    const f = expectFires(vm({ numa_hit: 800_000_000, numa_miss: 200_000_000, numa_foreign: 200_000_000 }), 'vmstat/numa-miss', 'warning', 10);
    assert.match(f.message, /^20 % of page allocations since boot \(200,000,000 of 1,000,000,000\)/);
    assert.equal(f.related?.[0].line, 11);
    expectFires(vm({ numa_hit: 970_000_000, numa_miss: 30_000_000 }), 'vmstat/numa-miss', 'info');
    expectQuiet(vm({ numa_hit: 990_000_000, numa_miss: 10_000_000 }), 'vmstat/numa-miss');
    expectQuiet(vm({ numa_hit: 500_000, numa_miss: 400_000 }), 'vmstat/numa-miss');
    expectQuiet(vm({ numa_miss: 400_000_000 }), 'vmstat/numa-miss');
    // A real sosreport (canonical/hotsos test data): a two-node 500 GB host, 18.6 % of allocations off-node.
    const wild = readFileSync(path.join(process.cwd(), 'test', 'wild', 'captures', 'vmstat-500g-numa-swap-1.3t-each-way-numa-miss-23pct-hotsos.txt'), 'utf8');
    assert.match(expectFires(wild, 'vmstat/numa-miss', 'warning').message, /^19 % of page allocations since boot \(157,317,999,877 of 843,786,062,760\)/);
  });

  test('compaction-failing: most direct compactions since boot failed (10 000 at least); direct-reclaim is a warning when it out-scans kswapd', () => {
    const f = expectFires(vm({ compact_stall: 205_761, compact_fail: 182_420, thp_fault_alloc: 20_263_113, thp_fault_fallback: 3_368_635 }), 'vmstat/compaction-failing', 'warning', 10);
    assert.match(f.message, /^Direct compaction ran 205,761 times since boot and failed 182,420 of them \(89 %\).*fell back to small pages 3,368,635 times \(14 %\)/);
    expectQuiet(vm({ compact_stall: 9_999, compact_fail: 9_000 }), 'vmstat/compaction-failing');
    expectQuiet(vm({ compact_stall: 3_003_324, compact_fail: 680_686 }), 'vmstat/compaction-failing');
    assert.match(expectFires(vm({ pgscan_direct: 395_327_492, pgscan_kswapd: 36_878_966 }), 'vmstat/direct-reclaim', 'warning').message, /more than kswapd scanned in the background \(36,878,966\): kswapd cannot keep up/);
    expectFires(vm({ pgscan_direct: 3_456_789, pgscan_kswapd: 45_678_901 }), 'vmstat/direct-reclaim', 'info');
  });

  test('slab-unreclaimable-high: vmstat alone, against the pages it counts; silent beside a meminfo or with an input missing', () => {
    const lru = { nr_active_anon: 300000, nr_inactive_anon: 100000, nr_active_file: 200000, nr_inactive_file: 200000, nr_slab_reclaimable: 50000 };
    // 12.5 % of the counted pages, as much as anon: flagged (rival).
    expectFires(vm({ ...lru, nr_slab_unreclaimable: 400000, nr_free_pages: 2_000_000 }), 'vmstat/slab-unreclaimable-high', 'warning', 14);
    // 37 % of the counted pages, less than anon: flagged (share).
    expectFires(vm({ ...lru, nr_slab_unreclaimable: 1_800_000, nr_free_pages: 500000, nr_active_anon: 2_000_000 }), 'vmstat/slab-unreclaimable-high', 'warning', 14);
    // A healthy share: silent.
    assert.deepEqual(analyzeText(vm({ ...lru, nr_slab_unreclaimable: 40000 })).findings, []);
    // An input missing: unknown, silent.
    const { nr_inactive_file: _gone, ...partial } = lru;
    assert.deepEqual(analyzeText(vm({ ...partial, nr_slab_unreclaimable: 900000 })).findings.map((f) => f.rule), []);
    // A meminfo in the same capture speaks for the node: the vmstat rule stays silent.
    const withMeminfo = `==> /proc/meminfo <==\nMemTotal: 16000000 kB\nMemFree: 8000000 kB\nMemAvailable: 9000000 kB\n==> /proc/vmstat <==\n${vm({ ...lru, nr_slab_unreclaimable: 900000, nr_free_pages: 500000 })}`;
    assert.ok(!analyzeText(withMeminfo).findings.some((f) => f.rule === 'vmstat/slab-unreclaimable-high'));
  });

  const series = (a: Record<string, number>, b: Record<string, number>) =>
    `$ date -Is\n2026-11-24T09:00:00+00:00\n$ cat /proc/vmstat\n${vm(a)}$ date -Is\n2026-11-24T09:01:00+00:00\n$ cat /proc/vmstat\n${vm(b)}`;

  test('series: major-faults > 500/s, swapping > 100 pages/s, direct reclaim rising', () => {
    expectQuiet(series({ pgmajfault: 0 }, { pgmajfault: 30_000 }), 'vmstat/major-faults'); // 500/s
    const t = series({ pgmajfault: 0 }, { pgmajfault: 30_001 });
    const f = expectFires(t, 'vmstat/major-faults', 'warning', lineOf(t, 'pgmajfault', 10));
    assert.equal(Math.round(f.data!.rate * 1000), 500017);
    const quietSwap = series({ pswpin: 0, pswpout: 0 }, { pswpin: 3000, pswpout: 3000 });
    assert.deepEqual(byRule(quietSwap, 'vmstat/swapping').map((x) => x.severity), ['info']);
    const swap = series({ pswpin: 0, pswpout: 0 }, { pswpin: 3000, pswpout: 3001 });
    assert.deepEqual(byRule(swap, 'vmstat/swapping').map((x) => x.severity).sort(), ['info', 'warning']);
    const reclaim = series({ pgscan_direct: 100_000 }, { pgscan_direct: 100_600 });
    assert.deepEqual(byRule(reclaim, 'vmstat/direct-reclaim').map((x) => x.severity).sort(), ['info', 'warning']);
    const flat = series({ pgscan_direct: 100_000 }, { pgscan_direct: 100_000 });
    assert.deepEqual(byRule(flat, 'vmstat/direct-reclaim').map((x) => x.severity), ['info']);
  });
});

describe('allocinfo rules', () => {
  // Fixtures in the layout of the E810 hypervisor's snapshots in test/wild (allocinfo-6.15-ice-x810-…): sort -g | tail, a wrapped row.
  const snap = (ice: number, pcpu: number, cache: number) => ['# sort -g /proc/allocinfo | tail -n 5', `   ${pcpu}   17344 mm/percpu-vm.c:95 func:pcpu_alloc_pages`,
    `   ${cache}    34528 mm/filemap.c:1978 func:__filemap_get_folio`, '    85098496     4486 mm/slub.c:2452 func:alloc_slab_page', `  ${ice}   139252 drivers/net/ethernet/intel/ice/ice_txrx.c:681`, '[ice] func:ice_alloc_mapped_page', ''].join('\n');
  test('allocinfo/profile: the pasted rows split into the kernel\'s own and processes\' memory', () => {
    const f = expectFires(snap(1105125376, 71041024, 4141426688), 'allocinfo/profile', 'info', 1);
    assert.match(f.message, /^\/proc\/allocinfo lists, of the rows pasted, the 4 call sites .*ice_alloc_mapped_page \[ice\] 1\.03 GiB.*Processes' memory and page cache: 3\.86 GiB \(__filemap_get_folio 3\.86 GiB\)/);
    // The kernel's own above processes' memory and 1 GiB: a warning.
    expectFires(snap(1105125376, 71041024, 141426688), 'allocinfo/profile', 'warning', 1);
  });
  test('allocinfo/site-growing: a kernel call site that doubled between snapshots by a real share; page cache growth is not judged', () => {
    const id = 'allocinfo/site-growing';
    const two = `${snap(1105125376, 71041024, 141426688)}\n${snap(3341238272, 499384320, 1014710272)}`;
    const found = analyzeText(two).findings.filter((f) => f.rule === id);
    assert.deepEqual(found.map((f) => f.message.split(' ')[0]), ['pcpu_alloc_pages', 'ice_alloc_mapped_page']);
    assert.match(found[1].message, /grew from 1\.03 GiB to 3\.11 GiB .*\(139,252 → 139,252 live allocations\)\. It is the kernel's own memory, held by the ice module/);
    // Only the ice driver's site: pcpu stays as it was.
    expectFires(`${snap(1105125376, 71041024, 141426688)}\n${snap(3341238272, 71041024, 1014710272)}`, id, 'warning', 11);
    expectQuiet(`${snap(1105125376, 71041024, 141426688)}\n${snap(1205125376, 71041024, 941426688)}`, id);
    // Beside a meminfo the floor is 1 % of MemTotal: 250 MiB of growth on a 1 TiB machine is not enough.
    expectQuiet(`MemTotal:       1073741824 kB\nMemFree:  1000000 kB\n${snap(262144000, 71041024, 1)}\n${snap(524288000, 71041024, 1)}`, id);
  });
});

describe('oom-report rules', () => {
  test('allocation-profile: show_mem\'s top call sites split into the kernel\'s own and processes\' memory; OpenZFS named', () => {
    // Fixture in the layout of the NixOS journal in test/wild (showmem-alloc-profiling-…): human sizes, module tags.
    const t = ['Memory allocations:', '    12.4 GiB   655535 mm/slub.c:2463 func:alloc_slab_page', '    6.84 GiB  7860490 module/os/linux/spl/spl-kmem-cache.c:1224 [spl] func:spl_kmem_cache_alloc',
      '    5.75 GiB   376848 module/os/linux/zfs/abd_os.c:298 [zfs] func:abd_alloc_chunks', '    5.42 GiB  1420491 mm/memory.c:1063 func:folio_prealloc', ''].join('\n');
    const f = expectFires(t, 'oom-report/allocation-profile', 'warning', 0);
    assert.match(f.message, /Processes' memory and page cache: 5\.42 GiB \(folio_prealloc 5\.42 GiB\)\. OpenZFS \(spl 6\.84 GiB, zfs 5\.75 GiB\) is most likely its ARC/);
    assert.match(f.message, /held at least 12\.6 GiB/);
    expectFires(t.replace('5.42 GiB  1420491 mm/memory.c', '50.0 GiB  1420491 mm/memory.c'), 'oom-report/allocation-profile', 'info', 0);
  });

  test('killed: memcg kill names the pod UID, container id and QoS', () => {
    const t = fixture('memcg-oom-kubepods-burstable-dmesg.txt');
    const hits = byRule(t, 'oom-report/killed');
    assert.equal(hits.length, 2);
    assert.ok(hits.every((h) => h.severity === 'critical'));
    assert.equal(hits[0].line, lineOf(t, '[12345.679160]'));
    assert.match(hits[0].message, /java \(pid 48213\)/);
    assert.match(hits[0].message, /pod 1e2f3a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b/);
    assert.match(hits[0].message, /container 3f9e1c2b7a6d/);
    assert.match(hits[0].message, /QoS Burstable/);
    assert.match(hits[0].message, /cgroup limit \(\/kubepods\/burstable\/pod1e2f3a4b/);
    assert.deepEqual(hits[0].related?.map((r) => r.line), [lineOf(t, '[12345.678901]'), lineOf(t, '[12345.679102]')]);
    FIRED.add('oom-report/killed');
  });

  test('killed: global OOM of a BestEffort pod (systemd driver path); Guaranteed from -997', () => {
    const g = expectFires(fixture('global-oom-unreclaimable-slab-dmesg-T.txt'), 'oom-report/killed', 'critical');
    assert.match(g.message, /global OOM/);
    assert.match(g.message, /pod 7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f, container 9a8b7c6d5e4f, QoS BestEffort/);
    assert.match(expectFires(fixture('syslog-kernel-oom.txt'), 'oom-report/killed', 'critical', 7).message, /QoS Guaranteed/);
    assert.match(expectFires(fixture('dmesg-T-german-locale-oom.txt'), 'oom-report/killed', 'critical', 3).message, /postgres \(pid 9921\)/);
  });

  test('slab-dominated: on the "Unreclaimable slab info" line, naming the top caches', () => {
    const t = fixture('global-oom-unreclaimable-slab-dmesg-T.txt');
    const f = expectFires(t, 'oom-report/slab-dominated', 'warning', lineOf(t, '[Tue Nov 24 03:12:07 2026] Unreclaimable slab info:'));
    assert.match(f.message, /kmalloc-2k 6\.00 GiB, skbuff_head_cache 3\.75 GiB/);
    expectQuiet(fixture('memcg-oom-kubepods-burstable-dmesg.txt'), 'oom-report/slab-dominated');
  });

  // Fixtures below are written for these tests in the kernel's formats (mm/memcontrol.c mem_cgroup_print_oom_*,
  // mm/oom_kill.c dump_oom_summary), not captured.
  const POD = '/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod0a1b2c3d_4e5f_6071_8293_a4b5c6d7e8f9.slice';
  const memcgReport = (stats: string, usageKb: number, limitKb: number, victim = 'Killed process 4242 (server) total-vm:900000kB, anon-rss:40000kB, file-rss:2000kB, shmem-rss:0kB, UID:1000 pgtables:400kB oom_score_adj:900') => [
    '[ 100.000001] server invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=900',
    `[ 100.000002] memory: usage ${usageKb}kB, limit ${limitKb}kB, failcnt 12`,
    '[ 100.000003] swap: usage 0kB, limit 0kB, failcnt 0',
    `[ 100.000004] Memory cgroup stats for ${POD}:`,
    ...stats.trim().split('\n').map((l, i) => `[ 100.0001${String(i).padStart(2, '0')}] ${l}`),
    `[ 100.000200] oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=x,mems_allowed=0,oom_memcg=${POD},task_memcg=${POD}/cri-containerd-ab.scope,task=server,pid=4242,uid=1000`,
    ...(victim ? [`[ 100.000201] Memory cgroup out of memory: ${victim}`] : []),
  ].join('\n') + '\n';
  const GiB = 1024 ** 3;

  test('killed: the memcg stats are the evidence: socket buffers filled the limit while the victim is small', () => {
    const t = memcgReport(`anon ${Math.round(0.1 * GiB)}\nfile ${Math.round(0.05 * GiB)}\nkernel ${Math.round(0.05 * GiB)}\nsock ${Math.round(0.8 * GiB)}\nshmem 0\nfile_dirty 0\nfile_writeback 0`, 1048576, 1048576);
    const f = expectFires(t, 'oom-report/killed', 'critical');
    assert.match(f.message, /socket buffers/);
    assert.match(f.message, /819 MiB|820 MiB|0\.80 GiB/);
    assert.match(f.message, /ss -m/);
  });

  test('killed: dirty page cache that writeback could not clear is its own story', () => {
    const t = memcgReport(`anon ${Math.round(0.2 * GiB)}\nfile ${Math.round(0.75 * GiB)}\nkernel ${Math.round(0.05 * GiB)}\nsock 0\nshmem 0\nfile_dirty ${Math.round(0.35 * GiB)}\nfile_writeback ${Math.round(0.1 * GiB)}`, 1048576, 1048576);
    assert.match(expectFires(t, 'oom-report/killed', 'critical').message, /writeback could not keep up/);
    const clean = memcgReport(`anon ${Math.round(0.2 * GiB)}\nfile ${Math.round(0.75 * GiB)}\nkernel ${Math.round(0.05 * GiB)}\nsock 0\nshmem 0\nfile_dirty 0\nfile_writeback 0`, 1048576, 1048576);
    assert.match(expectFires(clean, 'oom-report/killed', 'critical').message, /page cache: file I\/O filled the limit/);
  });

  test('killed: oom_memcg=/kubepods.slice is the node\'s allocatable, not one pod\'s limit', () => {
    const t = memcgReport(`anon ${Math.round(7 * GiB)}\nfile ${Math.round(0.5 * GiB)}\nkernel ${Math.round(0.4 * GiB)}\nsock 0\nshmem 0`, 8 * 1048576, 8 * 1048576)
      .replaceAll(`oom_memcg=${POD}`, 'oom_memcg=/kubepods.slice').replace(`Memory cgroup stats for ${POD}:`, 'Memory cgroup stats for /kubepods.slice:');
    const f = expectFires(t, 'oom-report/killed', 'critical');
    assert.match(f.message, /node's allocatable/);
    assert.doesNotMatch(f.message, /Kubernetes: pod/);
  });

  test('killed: a report without its victim line is still a kill, with what is known; unknown sizes are not 0 B', () => {
    const t = memcgReport(`anon ${Math.round(0.9 * GiB)}\nfile ${Math.round(0.05 * GiB)}\nkernel ${Math.round(0.05 * GiB)}\nsock 0\nshmem 0`, 1048576, 1048576, '');
    const f = expectFires(t, 'oom-report/killed', 'critical');
    assert.match(f.message, /1\.00 GiB limit/);
    assert.match(f.message, /anonymous memory/);
    assert.doesNotMatch(f.message, /0 B/);
  });

  test('no-killable: a report that ends in "no killable processes" is critical and no kill; a kill in the same log is still one', () => {
    const noVictim = '[ 5.1] systemd invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\n[ 5.4] Out of memory and no killable processes...\n';
    expectFires(noVictim, 'oom-report/no-killable', 'critical', 1);
    expectQuiet(noVictim, 'oom-report/killed');
    const kill = '[ 4.1] java invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\n[ 4.2] Out of memory: Killed process 77 (java) total-vm:1000kB, anon-rss:900kB, file-rss:0kB, shmem-rss:0kB\n';
    expectFires(kill + noVictim, 'oom-report/killed', 'critical', 1);
    expectFires(kill + noVictim, 'oom-report/no-killable', 'critical', 3);
    expectQuiet(kill, 'oom-report/no-killable');
  });

  test('userspace-kill: a systemd-oomd kill is critical, says the unit and why; the unit line alone is one too', () => {
    const pressure = 'Jan 1 00:00:00 h systemd-oomd[1]: Killed /system.slice/app.service due to memory pressure for /system.slice being 72.50% > 60.00% for > 30s with reclaim activity\n';
    assert.match(expectFires(pressure, 'oom-report/userspace-kill', 'critical', 0).message, /killed \/system\.slice\/app\.service because memory pressure of \/system\.slice was 72\.50 % > 60\.00 % for more than 30s/);
    expectQuiet(pressure, 'oom-report/killed');
    const unit = 'Jan 1 00:00:00 h systemd[1]: app.service: systemd-oomd killed 3 process(es) in this unit.\n';
    assert.match(expectFires(pressure + unit, 'oom-report/userspace-kill', 'critical', 0).message, /killed 3 processes of \/system\.slice\/app\.service/);
    assert.match(expectFires(unit, 'oom-report/userspace-kill', 'critical', 0).message, /killed 3 processes of app\.service/);
  });

  test('killed: order=-1 is a kill asked for with SysRq-F, a warning that names no shortage', () => {
    // Fixture in 5.4's layout (mm/oom_kill.c moom_callback runs the killer from a kworker).
    const t = ['[1.0] kworker/0:0 invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=-1, oom_score_adj=0', '[1.0] Workqueue: events moom_callback', '[1.0] Mem-Info:',
      '[1.0] active_anon:19000 inactive_anon:500 isolated_anon:0', '[1.0]  free:227215 free_pcp:100 free_cma:0',
      '[1.1] Out of memory: Killed process 955 (gnome-shell) total-vm:3000000kB, anon-rss:77868kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:900kB oom_score_adj:0', ''].join('\n');
    const f = expectFires(t, 'oom-report/killed', 'warning');
    assert.match(f.message, /killed gnome-shell \(pid 955\) because it was asked to, not for want of memory: order=-1 marks a kill forced with SysRq-F.*\(888 MiB was free at the time\)/);
    assert.doesNotMatch(f.message, /global OOM|What filled it/);
    expectFires(t.replace('order=-1', 'order=0'), 'oom-report/killed', 'critical');
  });

  test('allocation-failure: an order-7 GFP_ATOMIC failure is a warning about fragmentation, not an OOM kill', () => {
    const t = ['[ 5.1] chrome: page allocation failure: order:7, mode:0x40a20(GFP_ATOMIC|__GFP_COMP), nodemask=(null)', '[ 5.2] CPU: 0 PID: 15 Comm: chrome Not tainted 5.13.14 #5', '[ 5.3] Mem-Info:', '[ 5.4] active_anon:1000 inactive_anon:200 isolated_anon:0', ''].join('\n');
    const f = expectFires(t, 'oom-report/allocation-failure', 'warning', 0);
    assert.match(f.message, /512 KiB/);
    assert.match(f.message, /buddyinfo/);
    expectQuiet(t, 'oom-report/killed');
  });

  test('allocation-stall: "page allocation stalls for Nms" (4.9–4.14) is a stall, not a failure: how long, the zone at min, what held memory', () => {
    // Fixture in 4.9's layout (mm/page_alloc.c warn_alloc from __alloc_pages_slowpath).
    const t = ['[9.0] DOM Worker: page allocation stalls for 10646ms, order:0, mode:0x24280ca(GFP_HIGHUSER_MOVABLE|__GFP_ZERO)', '[9.0] CPU: 0 PID: 30909 Comm: DOM Worker Not tainted 4.9.13 #5', '[9.0] Mem-Info:',
      '[9.0] active_anon:308454 inactive_anon:154809 isolated_anon:224', '[9.0]  active_file:869 inactive_file:978 isolated_file:0', '[9.0]  mapped:1999 shmem:156254 pagetables:2929 bounce:0', '[9.0]  free:13192 free_pcp:0 free_cma:0',
      '[9.0] DMA free:8084kB min:356kB low:444kB high:532kB present:15984kB managed:15900kB', 'lowmem_reserve[]: 0 1933 1933 1933',
      '[9.0] DMA32 free:44684kB min:44696kB low:55868kB high:67040kB present:2038464kB managed:1986592kB', 'lowmem_reserve[]: 0 0 0 0',
      '[9.0] DMA: 25*4kB (UME) 10*8kB (E) 8*16kB (UME) 5*32kB (UME) 5*64kB (UME) 5*128kB (UE) 4*256kB (UME) 3*512kB (UME) 2*1024kB (ME) 1*2048kB (M) 0*4096kB = 8084kB',
      '[9.0] DMA32: 11170*4kB (UME) 1*8kB (U) 0*16kB 0*32kB 0*64kB 0*128kB 0*256kB 0*512kB 0*1024kB 0*2048kB 0*4096kB = 44688kB',
      '[9.0] Free swap  = 1829288kB', '[9.0] Total swap = 1945596kB', '[9.0] 513612 pages RAM', ''].join('\n');
    const f = expectFires(t, 'oom-report/allocation-stall', 'warning', 0);
    assert.match(f.message, /^DOM Worker had waited 10\.6 s for a single page \(order 0, mode 0x24280ca\(GFP_HIGHUSER_MOVABLE\|__GFP_ZERO\)\) and was still trying/);
    assert.match(f.message, /Zone DMA32 had 43\.6 MiB free, at or under its min watermark of 43\.6 MiB\. Page cache was down to 7\.21 MiB \(under 2 % of 1\.96 GiB/);
    assert.match(f.message, /anonymous memory held 1\.77 GiB and shmem \(tmpfs\) 610 MiB/);
    // DMA keeps 1933 pages back from a request aimed at DMA32: its 7.9 MiB free is under min + that reserve, so it is no zone at min to name.
    assert.doesNotMatch(f.message, /Zone DMA had/);
    expectQuiet(t, 'oom-report/allocation-failure');
  });

  test('allocation-failure: order 0 with every free block in the high-order atomic reserve ((H)) says so, not "no free page above the watermarks"', () => {
    // Fixture in 4.19's layout.
    const t = (tag: string) => ['[1.0] Binder:93_3: page allocation failure: order:0, mode:0x480020(GFP_ATOMIC), nodemask=(null)', '[1.0] Mem-Info:', '[1.0]  free:2727 free_pcp:1035 free_cma:178',
      '[1.0] Normal free:10908kB min:6192kB low:44388kB high:47060kB present:3000000kB managed:2900000kB', '[1.0] lowmem_reserve[]: 0 0',
      `[1.0] Normal: 505*4kB (${tag}) 357*8kB (${tag}) 201*16kB (${tag}) 65*32kB (${tag}) 1*64kB (${tag}) 0*128kB 0*256kB 0*512kB 0*1024kB 0*2048kB 0*4096kB = 10236kB`, ''].join('\n');
    const f = expectFires(t('H'), 'oom-report/allocation-failure', 'warning', 0);
    assert.match(f.message, /every free block of zone Normal was in the high-order atomic reserve \(10\.00 MiB of 10\.00 MiB in \(H\) blocks/);
    assert.match(f.message, /Normal 10\.7 MiB against min 6\.05 MiB\), so the watermark check passed with nothing left to take/);
    assert.doesNotMatch(expectFires(t('UME'), 'oom-report/allocation-failure', 'warning', 0).message, /high-order atomic reserve/);
  });

  test('allocation-failure: a lower zone that lowmem_reserve keeps from the request is left out of the large blocks, so fragmentation is named', () => {
    // Fixture in 3.13's layout: DMA's 15.5 MiB in large blocks is kept back (3912 pages) from a GFP_KERNEL request.
    const t = ['[1.0] java: page allocation failure: order:4, mode:0x10c0d0', '[1.0] Mem-Info:',
      '[1.0] DMA free:15900kB min:264kB low:328kB high:396kB present:15992kB managed:15908kB', '[1.0] lowmem_reserve[]: 0 3217 3912 3912',
      '[1.0] DMA32 free:121552kB min:55360kB low:69200kB high:83040kB present:3378212kB managed:3297176kB', '[1.0] lowmem_reserve[]: 0 0 694 694',
      '[1.0] Normal free:25312kB min:11952kB low:14940kB high:17928kB present:720896kB managed:710860kB', '[1.0] lowmem_reserve[]: 0 0 0 0',
      '[1.0] DMA: 1*4kB 1*8kB 1*16kB 0*32kB 2*64kB 1*128kB 1*256kB 0*512kB 1*1024kB 1*2048kB 3*4096kB = 15900kB',
      '[1.0] DMA32: 15828*4kB 6392*8kB 1098*16kB 17*32kB 8*64kB 0*128kB 0*256kB 0*512kB 0*1024kB 0*2048kB 0*4096kB = 133072kB',
      '[1.0] Normal: 4058*4kB 1196*8kB 180*16kB 37*32kB 21*64kB 0*128kB 0*256kB 0*512kB 0*1024kB 0*2048kB 0*4096kB = 31208kB', ''].join('\n');
    const f = expectFires(t, 'oom-report/allocation-failure', 'warning', 0);
    assert.match(f.message, /zones DMA32, Normal had 160 MiB free, but only 1\.81 MiB of it in blocks of 64\.0 KiB or more; lowmem_reserve keeps DMA's 15\.5 MiB free from this request\. Fragmentation, not a shortage\./);
  });

  test('allocation-failure: vmalloc of 0 bytes is a bug in the caller the trace names, not a shortage', () => {
    // Fixture in 5.10's layout (mm/vmalloc.c __vmalloc_node_range), with ppc64 and x86 frames.
    const t = (frame: string) => ['[ 9.1] kworker/u16:2: vmalloc: allocation failure: 0 bytes, mode:0xdc0(GFP_KERNEL|__GFP_ZERO), nodemask=(null)', '[ 9.2] Call Trace:',
      '[ 9.3] [c000000007eeb3b0] [c00000000044cf4c] warn_alloc+0x12c/0x1c0', '[ 9.4] [c000000007eeb450] [c000000000442f9c] __vmalloc_node_range+0x24c/0x3e0', '[ 9.5] vzalloc+0x58/0x70', `[ 9.6] ${frame}`, '[ 9.7] rdma_accept+0x144/0x340 [rdma_cm]', ''].join('\n');
    const f = expectFires(t('[c000000007eeb570] [c008000000f499ec] siw_qp_modify+0x604/0x7f0 [siw]'), 'oom-report/allocation-failure', 'warning', 0);
    assert.match(f.message, /asked vmalloc for 0 bytes .*a bug in the caller.*names siw_qp_modify \[siw\] as the caller/);
    // An x86 `? name` frame is a stale address the unwinder could not place: the reliable frame after it is the caller,
    // and it is used only when no reliable frame follows.
    assert.match(expectFires(t(' ? my_probe+0x10/0x20'), 'oom-report/allocation-failure', 'warning', 0).message, /names rdma_accept \[rdma_cm\] as the caller/);
    assert.match(expectFires(t(' ? my_probe+0x10/0x20').replace(/\n\[ 9\.7\][^\n]*/, ''), 'oom-report/allocation-failure', 'warning', 0).message, /names my_probe as the caller/);
    const order = analyzeText('[ 1.0] swapper/0: page allocation failure: order:3, mode:0x40cc0(GFP_KERNEL|__GFP_COMP)\n[ 1.1] Call Trace:\n[ 1.2]  dump_stack_lvl+0x1/0x2\n[ 1.3]  __alloc_pages+0x1/0x2\n[ 1.4]  kmalloc_large+0x1/0x2\n[ 1.5]  nvme_probe+0x1/0x2 [nvme]\n');
    assert.match(order.findings[0].message, /The call trace names nvme_probe \[nvme\] as the caller\./);
  });
});

describe('Android\'s low-memory killer', () => {
  const id = 'oom-report/low-memory-killer';
  // Fixtures in the driver's layout (drivers/staging/android/lowmemorykiller.c), as a real paste shows it (test/wild oom-android-tv-…).
  const kill = (name: string, pid: number, adj: number) => `<6>lowmemorykiller: Killing '${name}' (${pid}), adj ${adj},\n<6>   to free 20784kB on behalf of 'kswapd0' (442) because\n<6>   cache 32112kB is below limit 32384kB for oom_score_adj ${adj}\n<6>   Free memory is 17432kB above reserved\n`;

  test('the kills of one log are one story: cached apps a warning, a visible app critical; not the kernel OOM killer', () => {
    const t = kill('d.play.games.ui', 2613, 1000) + kill('android.youtube', 2578, 764);
    const f = expectFires(t, id, 'warning', 0);
    assert.match(f.message, /killed 2 processes: d\.play\.games\.ui \(pid 2613, adj 1000\), android\.youtube \(pid 2578, adj 764\), freeing 40\.6 MiB/);
    assert.match(f.message, /32112 kB < 32384 kB for adj 1000\), checked as kswapd0 reclaimed/);
    assert.match(f.message, /android\.youtube at adj 764 was a service or a recent app/);
    expectQuiet(t, 'oom-report/killed');
    const events = analyzeText(t).metrics.oom;
    assert.deepEqual(events.map((d) => [d.event.victimName, d.event.victimPid, d.event.invoker, d.scope]), [['d.play.games.ui', 2613, 'kswapd0', 'global'], ['android.youtube', 2578, 'kswapd0', 'global']]);
    assert.equal(expectFires(kill('com.android.launcher', 900, 0), id, 'critical').data!.lowestAdj, 0);
  });

  test('the 3.x driver\'s sigkill line and lmkd\'s user-space line', () => {
    const old = '<4>[ 5321.1] lowmemorykiller: send sigkill to 1234 (com.example.app), adj 15, size 5000\n';
    assert.match(expectFires(old, id, 'info').message, /com\.example\.app \(pid 1234, oom_adj 15\)/);
    assert.equal(byRule(old.replace('1234 (com', '1235 (com') + old, id)[0].severity, 'warning');
    // logcat -v brief prefixes lmkd's line with its tag.
    assert.equal(byRule('I/lowmemorykiller(  512): Kill \'com.x\' (5678), uid 10100, oom_score_adj 906 to free 44972kB rss\n', id).length, 1);
    // oom_adj 0 is the foreground app (oom_score_adj 0).
    expectFires(old.replace('adj 15', 'adj 0'), id, 'critical');
    const lmkd = '05-01 10:00:00.123   512   512 I lowmemorykiller: Kill \'com.google.android.gm\' (5678), uid 10100, oom_score_adj 906 to free 44972kB rss, 10000kB swap; reason: low watermark is breached\n';
    const f = expectFires(lmkd, id, 'info');
    assert.match(f.message, /lmkd, in user space\) killed 1 process: com\.google\.android\.gm \(pid 5678, adj 906\), freeing 43\.9 MiB/);
    assert.match(f.message, /one alone is routine/);
  });
});

describe('buddyinfo and zoneinfo rules', () => {
  test('unmovable-pageblocks: a 20 GiB zone 69 % Unmovable in pagetypeinfo\'s block census', () => {
    // Fixture in 3.10's layout (mm/vmstat.c pagetypeinfo_showblockcount).
    const t = 'Page block order: 9\nPages per block:  512\n\nFree pages count per migrate type at order       0      1\nNode    0, zone   Normal, type      Movable 106989 160315\n\nNumber of blocks type     Unmovable  Reclaimable      Movable      Reserve          CMA      Isolate\nNode 0, zone   Normal        10261          217         4370            0            0            0\n';
    assert.match(expectFires(t, 'buddyinfo/unmovable-pageblocks', 'warning', 7).message, /10,261 of its 14,848 pageblocks \(69 %, 20\.0 GiB\)/);
    expectQuiet(t.replace('10261', '400'), 'buddyinfo/unmovable-pageblocks');
  });

  test('fragmented: free memory of a node in small blocks only; a warning when an allocation failure needed a larger one', () => {
    // Real captures: the "fragmented" insights node has a fragmented Normal zone, but DMA32 beside it keeps
    // 89 % of its free memory in blocks of 64 KiB or more, and allocations fall back to it: the node is not.
    for (const f of ['insights-1node-fragmented.buddyinfo', 'insights-2node-4zones.buddyinfo', 'procfs-fixture-no-trailing-space.buddyinfo']) {
      expectQuiet(readFileSync(path.join(CORPUS_DIR, 'buddyinfo', f), 'utf8'), 'buddyinfo/fragmented', { fileName: 'buddyinfo' });
    }
    // A fixture of a long-lived node: 1.9 GiB free, almost all of it in blocks of 4 to 16 KiB.
    const t = 'Node 0, zone      DMA      1      1      0      0      2      1      1      0      1      1      3\nNode 0, zone    DMA32   2000   1500    800    100     10      1      0      0      0      0      0\nNode 0, zone   Normal 180000 140000  30000   2000    100     20      2      0      0      0      0\n';
    const f = expectFires(t, 'buddyinfo/fragmented', 'info', 2, { fileName: 'buddyinfo' });
    assert.match(f.message, /largest free block is order 10/);
    // A fixture: an order-10 failure in the log, and no order-10 block on the node.
    const withFailure = `==> /proc/buddyinfo <==\n${t}==> dmesg <==\n[ 9.1] kworker: page allocation failure: order:10, mode:0x40cc0(GFP_KERNEL|__GFP_COMP), nodemask=(null)\n`;
    expectFires(withFailure, 'buddyinfo/fragmented', 'info');
    const noBig = t.replace('      1      1      3\n', '      0      0      0\n');
    const g = expectFires(`==> /proc/buddyinfo <==\n${noBig}==> dmesg <==\n[ 9.1] kworker: page allocation failure: order:8, mode:0x40cc0(GFP_KERNEL|__GFP_COMP), nodemask=(null)\n`, 'buddyinfo/fragmented', 'warning');
    assert.match(g.message, /order 8 in this document needed a block/);
    // A fixture: the node's zones hold nothing of order 4 or more at all (DMA emptied too): a warning without a failure.
    const nothingLarge = 'Node 0, zone      DMA      1      1      0      1      0      0      0      0      0      0      0\nNode 0, zone   Normal 180000 140000  30000   2000      0      0      0      0      0      0      0\n';
    const h = expectFires(nothingLarge, 'buddyinfo/fragmented', 'warning', 1, { fileName: 'buddyinfo' });
    assert.match(h.message, /No zone of this node has a single free block of order 4 or more/);
    // One order-4 block left is not "none", but 99 % of 2.3 GiB in blocks below 64 KiB is still a warning.
    const one = expectFires(nothingLarge.replace('2000      0', '2000      1'), 'buddyinfo/fragmented', 'warning', 1, { fileName: 'buddyinfo' });
    assert.match(one.message, /of the free memory is in blocks below order 4/);
    assert.doesNotMatch(one.message, /No zone of this node/);
    // The same shape with under 256 MiB free is too little to judge: information (fixture `t` above, 1.1 % in large blocks, is too).
    expectFires('Node 0, zone   Normal  18000  14000   3000    200      1      0      0      0      0      0      0\n', 'buddyinfo/fragmented', 'info', 0, { fileName: 'buddyinfo' });
  });

  test('below-watermark: free under min is a warning, under low information, above low quiet', () => {
    const zone = (free: number) => `Node 0, zone   Normal\n  pages free     ${free}\n        min      11000\n        low      13750\n        high     16500\n        spanned  7864320\n        present  7864320\n        managed  7700000\n`;
    const id = 'zoneinfo/below-watermark';
    expectQuiet(zone(13750), id, { fileName: 'zoneinfo' });
    expectFires(zone(13749), id, 'info', 1, { fileName: 'zoneinfo' });
    assert.match(expectFires(zone(10999), id, 'warning', 1, { fileName: 'zoneinfo' }).message, /below its min watermark/);
    for (const f of ['node-exporter-fixture.zoneinfo', 'procfs-fixture.zoneinfo']) expectQuiet(readFileSync(path.join(CORPUS_DIR, 'zoneinfo', f), 'utf8'), id, { fileName: 'zoneinfo' });
  });
});

describe('the kernel\'s memory threads in top and ps rows', () => {
  const id = 'threads/reclaim-busy';
  // Fixtures in procps-ng top's default layout (PID USER PR NI VIRT RES SHR S %CPU %MEM TIME+ COMMAND).
  const header = '  PID USER      PR  NI    VIRT    RES    SHR S  %CPU  %MEM     TIME+ COMMAND';
  const row = (pid: number, cpu: string, cmd: string) => `${String(pid).padStart(5)} root      20   0       0      0      0 R  ${cpu}   0.0  12:01.33 ${cmd}`;
  const topSummary = (availMiB: number) => `top - 10:00:01 up 3 days,  1 user,  load average: 4.1, 3.9, 3.0\nMiB Mem :   7823.4 total,    120.0 free,   7300.0 used,    403.4 buff/cache\nMiB Swap:      0.0 total,      0.0 free,      0.0 used.    ${availMiB}.0 avail Mem\n\n`;

  test('kswapd at 10 % of a CPU or more is a warning; below, the rows are context only', () => {
    const quiet = `${header}\n${row(1234, ' 9.9', 'java')}\n${row(49, ' 9.9', 'kswapd0')}\n`;
    expectQuiet(quiet, id);
    const p = analyzeText(quiet).parsed.problems;
    assert.ok(p.every((x) => x.severity === 'info'), JSON.stringify(p));
    assert.match(p[0].message, /Process rows \(2\).*kswapd0 9\.9 %/);
    const busy = `${topSummary(210)}${header}\n${row(49, '66.1', 'kswapd0')}\n${row(1234, ' 3.0', 'java')}\n`;
    const f = expectFires(busy, id, 'warning', lineOf(busy, '   49'));
    assert.match(f.message, /kswapd0 used 66\.1 % of a CPU in this sample/);
    assert.match(f.message, /NUMA node 0/);
    // The top summary beside it: 210 MiB of 7.6 GiB available, a node short of memory.
    assert.match(f.message, /Only 210 MiB \(2\.7 %\) is available: the node is short of memory/);
    assert.equal(f.data!.cpuPercent, 66.1);
  });

  test('with plenty free the story is fragmentation, not shortage; khugepaged and kcompactd are read too', () => {
    const t = `${topSummary(6000).replace('120.0 free', '5800.0 free')}${header}\n${row(101, '12.9', 'kswapd0')}\n${row(89, '11.6', 'khugepaged')}\n${row(55, '10.0', 'kcompactd0')}\n`;
    const hits = byRule(t, id);
    assert.deepEqual(hits.map((h) => h.message.split(' ')[0]), ['kswapd0', 'khugepaged', 'kcompactd0']);
    const k = hits.find((h) => h.message.startsWith('kswapd0'))!;
    assert.match(k.message, /Yet 5\.66 GiB \(74 %\) is free: high-order requests/);
    assert.match(hits.find((h) => h.message.startsWith('khugepaged'))!.message, /no shortage\. Each collapse needs a free 2 MiB block/);
    assert.match(hits.find((h) => h.message.startsWith('kcompactd0'))!.message, /compacts memory for NUMA node 0/);
  });

  test('layouts: a decimal comma and a command wrapped onto its own line, htop, ps aux over the thread\'s life, top -b samples', () => {
    // The wrapped shape of a real paste (test/wild pagetypeinfo-top-30g-…): rows without a header, `[kswapd0]` on the next line.
    const wrapped = 'Those are also constantly running on this system:\n  101 root      20   0       0      0      0 S  12,9  0,0  40:38.45\n[kswapd0]\n';
    assert.match(expectFires(wrapped, id, 'warning', 1).message, /kswapd0 used 12\.9 %/);
    // BusyBox top (a real paste's layout, test/wild top-busybox-openelec-…): a share of all CPUs.
    const busybox = ' PID  PPID USER     STAT   VSZ %VSZ CPU %CPU COMMAND\n   32     2 root     RW       0  0.0   0 49.9 [kswapd0]\n  613     1 root     S    1409m 84.7   1  4.5 /usr/lib/xbmc/xbmc.bin --standalone\n';
    assert.match(expectFires(busybox, id, 'warning', 1).message, /49\.9 % of all CPUs together \(BusyBox top\) in this sample/);
    const htop = '  PID USER      PRI  NI  VIRT   RES   SHR S CPU% MEM%   TIME+  Command\n   76 root       20   0     0     0     0 R 25.0  0.0  1:02.11 kcompactd1\n';
    assert.match(expectFires(htop, id, 'warning', 1).message, /kcompactd1 used 25 % of a CPU.*NUMA node 1/);
    const ps = 'USER       PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\nroot        38 14.2  0.0      0     0 ?        S    Nov01 950:12 [kswapd0]\nroot       812  0.1  0.4 123456 33000 ?        Ssl  Nov01   1:02 /usr/bin/containerd\n';
    assert.match(expectFires(ps, id, 'warning', 1).message, /on average over its life \(ps\)/);
    expectQuiet(ps.replace('14.2', ' 4.2'), id);
    // top -b -n 3: one finding for the thread, from its busiest sample.
    const samples = [30.5, 80.2, 41.0].map((c) => `${header}\n${row(49, c.toFixed(1), 'kswapd0')}\n`).join('\n');
    const s = expectFires(samples, id, 'warning', lineOf(samples, '   49', lineOf(samples, header, 1)));
    assert.match(s.message, /80\.2 % of a CPU in the busiest of 3 samples/);
  });

  test('the threshold is the user\'s, and text that only looks like columns is not a process row', () => {
    const t = `${header}\n${row(49, '15.0', 'kswapd0')}\n`;
    expectQuiet(t, id, { rules: { thresholds: { [`${id}.warning`]: 20 } } });
    // An OOM task table row and a pidstat-like line are not top rows.
    expectQuiet('[  49]     0    49        0        0        0        0             0 kswapd0\n12:00:01 AM     0        49    0.00   66.10    0.00    0.00   66.10     1  kswapd0\n', id);
  });
});

describe('ps aux pasted more than once', () => {
  const id = 'process/rss-growing';
  // Fixtures in the layout of a real paste (test/wild ps-microshift-…): `ps auxwwwf | egrep` twice.
  const ps = (rss: number, mem: string) => `[root@host ~]# ps auxwwwf|egrep -i 'COMMAND|quarkus'\nUSER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\nroot       46397  0.0  0.0   3332  1764 pts/0    S+   18:58   0:00  |   \\_ grep -E --color=auto -i COMMAND|quarkus\n1000130+   46263  0.1  ${mem} 994964 ${rss} ?        Ssl  18:58   0:00  \\_ ./application -Dquarkus.http.host=0.0.0.0\n\n`;

  test('the same process growing by half and 100 MiB or more between pastes is a warning; steady or small growth is not', () => {
    const t = ps(45212, '1.2') + ps(2197216, '58.8');
    const f = expectFires(t, id, 'warning', lineOf(t, '1000130+', lineOf(t, '[root', 1)));
    assert.match(f.message, /PID 46263 \(\.\/application -Dquarkus\.http\.host=0\.0\.0\.0\) grew from 44\.2 MiB resident \(1\.2 % of memory\) to 2\.10 GiB \(58\.8 %\) across 2 samples \(ps or top\)/);
    expectQuiet(ps(45212, '1.2') + ps(46000, '1.2'), id);
    expectQuiet(ps(400000, '10') + ps(500000, '12'), id);
    // One paste alone tells no growth.
    expectQuiet(ps(2197216, '58.8'), id);
    // top -b -n 2: the same PID in both samples of one section, RES with top's suffixes.
    const top = (res: string, mem: string) => `  PID USER      PR  NI    VIRT    RES    SHR S  %CPU  %MEM     TIME+ COMMAND\n 4242 app       20   0   12.3g   ${res}  12345 S   3.0  ${mem}   1:02.33 java\n`;
    const f2 = expectFires(`${top('512000', '3.1')}\n${top('1.5g', '9.6')}`, id, 'warning');
    assert.match(f2.message, /PID 4242 \(java\) grew from 500 MiB resident \(3\.1 % of memory\) to 1\.50 GiB \(9\.6 %\)/);
  });
});

describe('vmstat N tables', () => {
  const id = 'vmstat/swapping';
  // Fixtures in procps-ng vmstat's default layout; the first row averages since boot.
  const groups = 'procs -----------memory---------- ---swap-- -----io---- -system-- ------cpu-----';
  const names = ' r  b   swpd   free   buff  cache   si   so    bi    bo   in   cs us sy id wa st';
  const row = (si: number, so: number, b = 0, wa = 0) => ` 2  ${b} 204800 160000  20000 900000 ${si} ${so}   120   300 1500 2600 10  5 ${85 - wa} ${wa}  0`;
  const table = (rows: string[], command = '$ vmstat 1 5') => `${command}\n${groups}\n${names}\n${rows.join('\n')}\n`;

  test('swap in and out over the intervals is a warning; the since-boot first row is left out', () => {
    const t = table([row(90000, 90000), row(2048, 4096, 5, 40), row(3072, 2048, 6, 50), row(1024, 1024, 4, 30)]);
    const a = analyzeText(t);
    assert.deepEqual(a.parsed.sections.map((s) => s.kind), ['vmstat-table']);
    assert.ok(!a.parsed.problems.some((p) => p.severity !== 'info'), JSON.stringify(a.parsed.problems));
    const f = expectFires(t, id, 'warning', lineOf(t, row(2048, 4096, 5, 40)));
    // (2048 + 3072 + 1024) / 3 KiB in and (4096 + 2048 + 1024) / 3 out, per second: 13 312 / 3 KiB = 1 109 pages/s.
    assert.match(f.message, /Swapping in 3 of 3 intervals: 2\.00 MiB\/s in and 2\.33 MiB\/s out on average/);
    assert.equal(Math.round(f.data!.rate), Math.round((2048 + 3072 + 1024 + 4096 + 2048 + 1024) / 3 / 4));
    assert.match(f.message, /thrashing/);
    assert.match(f.message, /5\.0 tasks blocked on I\/O and 40 % of CPU time waiting/);
  });

  test('reclaim-livelock: the CPUs in the kernel with free memory at the bottom; a busy kernel with memory free is not it', () => {
    const id2 = 'vmstat/reclaim-livelock';
    // The shape of a real paste (test/wild vmstat-table-quoted-2g-…): 100 % sy, 13 MiB free, swap idle.
    const spin = (sy: number, free: number) => ` 46  0 1076432  ${free}   2844 216648    0    0     0     0  621  229  0 ${sy}  ${100 - sy}  0  0`;
    const t = table([spin(100, 13636), spin(100, 13636), spin(98, 13000)]);
    const f = expectFires(t, id2, 'warning', lineOf(t, spin(98, 13000)));
    assert.match(f.message, /99 % in the kernel \(sy\) over 2 intervals with 12\.7 MiB free/);
    assert.match(f.message, /nothing moves to or from it/);
    expectQuiet(table([spin(100, 13636), spin(100, 900000), spin(100, 900000)]), id2);
    expectQuiet(table([spin(50, 13636), spin(50, 13636)]), id2);
  });

  test('slow thrashing: in and out in every interval below the rate, with swap over four times the free and cache left, is a warning', () => {
    // The shape of a real paste (test/wild vmstat-table-collapsed-…): 12 MiB free, 47 MiB cache, 2.5 GB in swap.
    const starved = (si: number, so: number, cache = 47128) => ` 2 0 2573144 12404 1140 ${cache} ${si} ${so} 185 299 3173 3705 92 8 0 0 0`;
    const t = table([starved(185, 263), starved(192, 187)]);
    const f = expectFires(t, id, 'warning', lineOf(t, starved(192, 187)));
    assert.match(f.message, /every interval while only 59\.3 MiB is free or cache beside 2\.45 GiB in swap/);
    // The same traffic with a cache to give back, or swap only going out: light traffic (information).
    expectFires(table([starved(185, 263, 900000), starved(192, 187, 900000)]), id, 'info');
    expectFires(table([starved(185, 263), starved(0, 187)]), id, 'info');
  });

  test('light swap traffic is information, none is quiet, and one row alone is the average since boot', () => {
    expectFires(table([row(0, 0), row(0, 100), row(0, 0)]), id, 'info');
    expectQuiet(table([row(500, 800), row(0, 0), row(0, 0)]), id);
    const one = expectFires(table([row(500, 800)], '$ vmstat'), id, 'info');
    assert.match(one.message, /averages since boot.*run vmstat with a delay/);
  });

  test('units: -S M makes the memory and swap columns MiB; no command line is KiB, said', () => {
    const t = table([row(0, 0), row(100, 100), row(100, 100)], '$ vmstat -S M 2 3');
    // 200 MiB/s is 51 200 pages/s.
    assert.equal(expectFires(t, id, 'warning').data!.rate, 51200);
    const bare = `${groups}\n${names}\n${row(0, 0)}\n${row(1024, 1024)}\n`;
    const a = analyzeText(bare);
    assert.ok(a.parsed.problems.some((p) => /read as KiB, vmstat's default/.test(p.message)));
    assert.equal(byRule(bare, id)[0].data!.rate, 512);
  });

  test('layouts: a header printed again mid-run, -a, -t timestamps, -w widths, the old w column, and -y', () => {
    const again = `${groups}\n${names}\n${row(9999, 9999)}\n${row(0, 0)}\n${groups}\n${names}\n${row(4096, 4096)}\n`;
    // The row after the second header is an interval, not another since-boot row.
    assert.equal(byRule(again, id)[0].data!.intervals, 2);
    const a = ' r  b   swpd   free  inact active   si   so    bi    bo   in   cs us sy id wa st';
    assert.equal(byRule(`${groups}\n${a}\n${row(0, 0)}\n${row(800, 800)}\n`, id)[0].severity, 'warning');
    const ts = `${groups} -----timestamp-----\n${names}                 UTC\n${row(0, 0)} 2024-05-01 10:00:00\n${row(800, 800)} 2024-05-01 10:00:01\n`;
    const sec = analyzeText(ts).parsed.sections[0] as import('../../src/model').OpaqueSection;
    assert.equal(sec.vmstatTable!.samples[1].time, '2024-05-01 10:00:01');
    assert.equal(sec.vmstatTable!.samples[1].values.so, 800);
    const wide = '--procs-- -----------------------memory---------------------- ---swap-- -----io---- -system-- --------cpu--------\n   r    b         swpd         free         buff        cache   si   so    bi    bo   in   cs  us  sy  id  wa  st  gu\n   1    0            0     12000000       300000      4000000    0    0     5    20  100  200   1   1  98   0   0   0\n   1    0            0     12000000       300000      4000000 2000 2000     5    20  100  200   1   1  98   0   0   0\n';
    assert.equal(byRule(wide, id)[0].severity, 'warning');
    const old = 'procs                      memory    swap          io     system         cpu\n r  b  w   swpd   free   buff  cache  si  so    bi    bo   in    cs  us  sy  id\n 1  0  0  10000  20000   3000  40000   0   0     1     1  100   100   1   1  98\n 1  0  0  10000  20000   3000  40000 900 900     1     1  100   100   1   1  98\n';
    assert.equal(byRule(old, id)[0].severity, 'warning');
    // A collector's layout (Oracle ExaWatcher): the time first, under a `--time--` group.
    const exa = '--time-- procs -----------memory---------- ---swap-- -----io---- --system-- -----cpu-----\n          r  b   swpd   free   buff  cache   si   so    bi    bo   in   cs us sy id wa st\n21:21:49  2  0    376 141000624 945216 8464640    0    0     2   806 31414 37894  2  1 97  0  0\t\n21:21:54  5  0    376 140984384 945232 8465164 1200 1300     3   283 36567 40997  2  1 98  0  0\t\n';
    const exaTable = (analyzeText(exa).parsed.sections[0] as import('../../src/model').OpaqueSection).vmstatTable!;
    assert.deepEqual([exaTable.samples[1].time, exaTable.samples[1].values.free, exaTable.samples[1].values.so], ['21:21:54', 140984384, 1300]);
    assert.equal(byRule(exa, id)[0].severity, 'warning');
    // vmstat -y prints no since-boot row: every row is an interval.
    assert.equal(byRule(table([row(800, 800)], '$ vmstat -y 1 1'), id)[0].severity, 'warning');
  });
});

describe('sar memory reports', () => {
  // Fixtures in sysstat's layout (pr_stats.c), one with its rows wrapped by a mailer as in a real paste
  // (test/wild sar-B-r-W-187g-…).
  const b = (rows: [number, number, number, number][]) => `Linux 6.1.0 (node) 05/01/2025 _x86_64_ (32 CPU)\n\n04:00:00 PM  pgpgin/s pgpgout/s   fault/s  majflt/s  pgfree/s pgscank/s pgscand/s pgsteal/s    %vmeff\n${rows.map(([k, d, st, eff], i) => `04:${10 + i}:00 PM   6570.43  37504.61   1937.60      0.20 337274.24 ${k.toFixed(2)} ${d.toFixed(2)} ${st.toFixed(2)} ${eff.toFixed(2)}`).join('\n')}\n`;

  test('kswapd scanning millions of pages a second and stealing few is reclaim-inefficient; efficient reclaim is not', () => {
    const t = b([[10817339.49, 0, 10623.6, 0.1], [8464619.82, 0, 7756.98, 0.09]]);
    const a = analyzeText(t);
    assert.deepEqual(a.parsed.sections.map((x) => x.kind), ['sar-table']);
    const f = expectFires(t, 'vmstat/reclaim-inefficient', 'warning', lineOf(t, '04:10:00 PM'));
    assert.match(f.message, /scanned 9,640,980 pages\/s on average over 2 intervals/);
    assert.match(f.message, /kswapd burns a CPU/);
    expectQuiet(b([[200000, 0, 150000, 75], [200000, 0, 150000, 75]]), 'vmstat/reclaim-inefficient');
    // Below the scan threshold nothing is judged.
    expectQuiet(b([[5000, 0, 10, 0.2]]), 'vmstat/reclaim-inefficient');
  });

  test('direct scanning in most intervals is a warning, and an impossible %vmeff is explained', () => {
    const t = b([[0, 141, 274, 194.33], [0, 65, 130, 200]]);
    const f = expectFires(t, 'vmstat/direct-reclaim', 'warning');
    assert.match(f.message, /Direct reclaim in 2 of 2 intervals/);
    assert.match(f.message, /counts pgsteal twice/);
    assert.equal(byRule(b([[0, 141, 274, 50], [0, 0, 0, 0], [0, 0, 0, 0]]), 'vmstat/direct-reclaim')[0].severity, 'info');
  });

  test('a negative size or a share above 100 % in sar -r is an impossible value (the 2.4.20 paste in test/wild)', () => {
    const t = '15:50:00    kbmemfree kbmemused  %memused kbmemshrd kbbuffers  kbcached kbswpfree kbswpused  %swpused\nAverage:        14025   6159259     99.77         0     16786   4682172  10386017 -10299677    4962552.26\n';
    const f = expectFires(t, 'meminfo/impossible-value', 'warning', 1);
    assert.match(f.message, /sar printed kbswpused -10299677, %swpused 4962552\.26 \(averages\)/);
    expectQuiet(t.replace('-10299677    4962552.26', '   120000       1.14'), 'meminfo/impossible-value');
  });

  test('sar -r: kbavail low against the total %memused implies is low-available; plenty is quiet', () => {
    const r = (avail: number, used: number, pct: string) => `00:00:02    kbmemfree   kbavail kbmemused  %memused kbbuffers  kbcached\n00:10:01      2751536  ${avail}  ${used}     ${pct}   1807816  13886772\n`;
    expectQuiet(r(20160848, 11453448, '35.25'), 'meminfo/low-available');
    const f = expectFires(r(900000, 30000000, '92.00'), 'meminfo/low-available', 'critical', 1);
    assert.match(f.message, /Only 879 MiB available at 00:10:01 \(sar -r kbavail; 2\.8 % of about 31\.1 GiB/);
  });

  test('sar -W: swap in and out above the rate is swapping; headers and rows wrapped by a mailer are joined', () => {
    const w = '04:00:00 PM  pswpin/s pswpout/s\n04:10:00 PM    120.00    300.00\n04:20:00 PM     80.00    240.00\nAverage:       100.00    270.00\n';
    const f = expectFires(w, 'vmstat/swapping', 'warning');
    assert.match(f.message, /Swapping at 100 pages\/s in and 270 out on average over 2 intervals/);
    const wrapped = '04:00:00 PM kbmemfree   kbavail kbmemused  %memused kbbuffers\nkbcached  kbcommit   %commit  kbactive   kbinact   kbdirty\n04:00:00 PM   3942896 180501232   2652336      1.35  29594476\n138477148   3949924      1.50  48038428 120797592     13324\n';
    const sec = analyzeText(wrapped).parsed.sections[0] as import('../../src/model').OpaqueSection;
    const table = sec.sarTables![0];
    assert.equal(table.columns.length, 11);
    assert.deepEqual([table.samples[0].values.kbcached, table.samples[0].values.kbdirty, table.samples[0].spans.kbdirty.line], [138477148, 13324, 3]);
  });
});

describe('series rules', () => {
  test('total-changed: two free tables of one machine resized between them (WSL\'s memory setting)', () => {
    // Fixture in procps-ng 4's free -h layout, as a WSL session shows it before and after a .wslconfig change.
    const free = (total: string, avail: string) => `$ free -h\n               total        used        free      shared  buff/cache   available\nMem:           ${total}       595Mi       6.9Gi       3.1Mi       283Mi       ${avail}\nSwap:          2.0Gi          0B       2.0Gi\n`;
    const t = free('7.6Gi', '7.0Gi') + '\n' + free('9.7Gi', '9.1Gi');
    const f = expectFires(t, 'series/total-changed', 'info', 7);
    assert.match(f.message, /^MemTotal is not the same in every capture: 7\.60 GiB in the first, 9\.70 GiB in the last\. The machine was resized/);
    expectQuiet(free('7.6Gi', '7.0Gi') + '\n' + free('7.6Gi', '6.0Gi'), 'series/total-changed');
  });

  test('steady-growth: SUnreclaim over 6 captures, with a per-hour rate and a projection', () => {
    const t = fixture('series-sunreclaim-growth-6-captures.txt');
    const hits = byRule(t, 'series/steady-growth');
    const su = hits.find((h) => /^SUnreclaim/.test(h.message));
    assert.ok(su, hits.map((h) => h.message).join('\n'));
    assert.equal(su.severity, 'warning');
    assert.equal(su.line, lineOf(t, 'SUnreclaim:', lineOf(t, '1795528801')));
    // 321 984 kB → 471 552 kB over 5 h: the Theil–Sen slope is within 1 % of the straight line.
    const line = ((471552 - 321984) * 1024) / 5;
    assert.ok(Math.abs(su.data!.perHour - line) / line < 0.01, String(su.data!.perHour));
    assert.match(su.message, /grew in 5 of 5 steps/);
    assert.match(su.message, /29\.\d MiB per hour/);
    assert.match(su.message, /MemAvailable reaches 10 % of MemTotal in about/);
    FIRED.add('series/steady-growth');
    // Only the latest capture feeds the one-shot rules: one finding per rule, not six.
    assert.ok(analyzeText(t).findings.every((f) => f.section === 5));
  });

  test('steady-growth stays quiet on a recording of seconds: a program starting is no leak, and no per-hour rate comes of it', () => {
    const cap = (ts: string, su: number) => `$ date -Is\n${ts}\n$ cat /proc/meminfo\n${meminfo({ SUnreclaim: su })}`;
    const seconds = [0, 1, 2, 3, 4].map((i) => `2026-11-24T09:00:0${i}Z`);
    expectQuiet(seconds.map((t, i) => cap(t, 100_000 + i * 20_000)).join(''), 'series/steady-growth');
    const minutes = [0, 1, 2, 3, 4].map((i) => `2026-11-24T09:0${i}:00Z`);
    expectFires(minutes.map((t, i) => cap(t, 100_000 + i * 20_000)).join(''), 'series/steady-growth', 'warning');
  });

  test('steady-growth stays quiet at ≤ 5 % overall or < 80 % of steps growing', () => {
    const cap = (ts: string, su: number) => `$ date -Is\n${ts}\n$ cat /proc/meminfo\n${meminfo({ SUnreclaim: su })}`;
    const times = ['2026-11-24T09:00:00Z', '2026-11-24T10:00:00Z', '2026-11-24T11:00:00Z', '2026-11-24T12:00:00Z', '2026-11-24T13:00:00Z', '2026-11-24T14:00:00Z'];
    const run = (vals: number[]) => vals.map((v, i) => cap(times[i], v)).join('');
    expectQuiet(run([100_000, 101_000, 102_000, 103_000, 104_000, 105_000]), 'series/steady-growth'); // +5 % trend
    expectFires(run([100_000, 101_010, 102_020, 103_030, 104_040, 105_050]), 'series/steady-growth', 'warning'); // +5.05 %
    // One high last sample does not make a trend (Theil–Sen is robust to it).
    expectQuiet(run([100_000, 101_000, 102_000, 103_000, 104_000, 130_000]), 'series/steady-growth');
    expectQuiet(run([100_000, 120_000, 119_000, 118_000, 150_000, 160_000]), 'series/steady-growth'); // 3 of 5 steps
    expectFires(run([100_000, 120_000, 119_000, 130_000, 150_000, 160_000]), 'series/steady-growth', 'warning'); // 4 of 5
    // Untimed: still a finding, without a rate.
    const untimed = [100_000, 110_000, 120_000].map((v) => `$ cat /proc/meminfo\n${meminfo({ SUnreclaim: v })}`).join('');
    const u = expectFires(untimed, 'series/steady-growth', 'warning');
    assert.doesNotMatch(u.message, /per hour/);
  });

  test('steady-growth, held: before / after captures where unreclaimable kernel memory doubled and stayed (a test run, drop_caches between)', () => {
    const run = (vals: number[]) => vals.map((v) => `$ cat /proc/meminfo\n${meminfo({ SUnreclaim: v })}`).join('');
    // 0.5 → 5.1 → 5.1 GB: one step up, then flat (drop_caches did not bring it back).
    const f = expectFires(run([506_172, 5_134_876, 5_127_620]), 'series/steady-growth', 'warning');
    assert.match(f.message, /^SUnreclaim went from 494 MiB in the first capture to 4\.89 GiB in the last \(10\.1×\) and stayed near its peak/);
    // Before and after only: the same.
    expectFires(run([506_172, 5_134_876]), 'series/steady-growth', 'warning');
    // It came back down, it only grew 50 %, or it grew by less than 256 MiB: quiet.
    expectQuiet(run([506_172, 5_134_876, 600_000]), 'series/steady-growth');
    expectQuiet(run([2_000_000, 3_000_000]), 'series/steady-growth');
    expectQuiet(run([100_000, 300_000]), 'series/steady-growth');
    // The real capture (linux-mm, a 470 GB arm64 host): SUnreclaim after the test and after drop_caches.
    const wild = readFileSync(path.join(process.cwd(), 'test', 'wild', 'captures', 'meminfo-470g-arm64-zombie-memcg-percpu-1.8g-sunreclaim-5g-before-after-drop-caches.txt'), 'utf8');
    expectFires(wild, 'series/steady-growth', 'warning', 130);
  });

  test('impossible-total: a PSI total of centuries is a broken counter, and its averages are not judged', () => {
    const psi = (total: number) => `==> /sys/fs/cgroup/a.slice/memory.pressure <==\nsome avg10=80.00 avg60=70.00 avg300=60.00 total=${total}\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=10\n`;
    const f = expectFires(psi(8367757640799118), 'pressure/impossible-total', 'warning', 1);
    assert.match(f.message, /about 265 years/);
    expectQuiet(psi(8367757640799118), 'pressure/memory-some');
    expectQuiet(psi(3_000_000_000_000), 'pressure/impossible-total'); // 35 days
    expectFires(psi(3_000_000_000_000), 'pressure/memory-some', 'critical');
  });

  test('unaccounted-memory names XFS buffers when the slabinfo beside it counts many xfs_buf', () => {
    const wild = readFileSync(path.join(process.cwd(), 'test', 'wild', 'captures', 'meminfo-slabinfo-256g-xfs-backup-server-xfs-inode-30g-dentry-35m-shrinker-stalls.txt'), 'utf8');
    assert.match(expectFires(wild, 'meminfo/unaccounted-memory', 'warning').message, /counts 3,523,341 xfs_buf objects: XFS metadata buffers keep their pages outside these counters/);
    assert.doesNotMatch(expectFires(wild.slice(0, wild.indexOf('# cat /proc/slabinfo')), 'meminfo/unaccounted-memory', 'warning').message, /xfs_buf/);
  });

  // A leak of 300 MB a day under ±60 MB of sample noise: the step between two 30-minute samples (6 MB) is
  // far below the noise, so "most steps rise" fails; the robust trend does not.
  test('steady-growth: a slow leak under jitter over days is a warning; noise alone and a flat line are quiet; a clean 6 h line is info', () => {
    const KiB = 1024; const MB = 1e6 / KiB;
    let seed = 7;
    const noise = () => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return (seed / 2 ** 31 - 0.5) * 2; };
    const series = (n: number, stepMinutes: number, at: (i: number) => number) => Array.from({ length: n }, (_, i) =>
      `$ date -Is\n${new Date(Date.UTC(2026, 10, 20) + i * stepMinutes * 60_000).toISOString()}\n$ cat /proc/meminfo\n${meminfo({ SUnreclaim: Math.round(at(i)) })}`).join('');
    const leak = series(96, 30, (i) => 2000 * MB + (300 * MB / 48) * i + 60 * MB * noise());
    const f = expectFires(leak, 'series/steady-growth', 'warning');
    assert.match(f.message, /Theil–Sen/);
    const perDay = f.data!.perHour * 24 / 1e6;
    assert.ok(perDay > 250 && perDay < 350, `${perDay} MB a day`);
    expectQuiet(series(96, 30, () => 2000 * MB + 60 * MB * noise()), 'series/steady-growth');
    expectQuiet(series(96, 30, () => 2000 * MB), 'series/steady-growth');
    // 2 % over 6 hours, every step up: too small for a warning, worth a line.
    assert.equal(byRule(series(13, 30, (i) => 2000 * MB * (1 + 0.02 * i / 12)), 'series/steady-growth')[0]?.severity, 'info');
  });

  test('steady-growth on Percpu tells the dying-cgroups story; zswap round trips are swapping too', () => {
    const times = Array.from({ length: 6 }, (_, i) => `2026-11-24T${String(9 + i).padStart(2, '0')}:00:00Z`);
    const percpu = times.map((ts, i) => `$ date -Is\n${ts}\n$ cat /proc/meminfo\n${meminfo({ Percpu: 10_000 + 2_000 * i })}`).join('');
    assert.match(expectFires(percpu, 'series/steady-growth', 'warning').message, /dying cgroups/);
    const vm = (i: number) => `nr_free_pages 100000\npgmajfault 10\npswpin 0\npswpout 0\nzswpin ${1_000_000 + 720_000 * i}\nzswpout ${2_000_000 + 720_000 * i}\n`;
    const zs = [0, 1].map((i) => `$ date -Is\n${times[i]}\n$ cat /proc/vmstat\n${vm(i)}`).join('');
    assert.match(byRule(zs, 'vmstat/swapping')[0]?.message ?? '', /zswap thrashing: 400 pages\/s/);
  });

  test('counter-rate: memory.events oom_kill rising over a timed series, severity of the matching rule', () => {
    const ev = (n: number) => `low 0\nhigh 0\nmax ${n}\noom ${n}\noom_kill ${n}\noom_group_kill 0\n`;
    const t = `$ date +%s\n1795510800\n$ cat /sys/fs/cgroup/kubepods.slice/memory.events\n${ev(1)}$ date +%s\n1795514400\n$ cat /sys/fs/cgroup/kubepods.slice/memory.events\n${ev(4)}`;
    const hits = byRule(t, 'series/counter-rate');
    assert.deepEqual(hits.map((h) => h.severity).sort(), ['critical', 'warning', 'warning']);
    const kill = hits.find((h) => /oom_kill/.test(h.message))!;
    assert.equal(kill.data!.perHour, 3);
    assert.match(kill.message, /memory-events\/oom-kill/);
    FIRED.add('series/counter-rate');
    const flat = `$ date +%s\n1795510800\n$ cat /sys/fs/cgroup/x/memory.events\n${ev(1)}$ date +%s\n1795514400\n$ cat /sys/fs/cgroup/x/memory.events\n${ev(1)}`;
    expectQuiet(flat, 'series/counter-rate');
    const off = byRule(t, 'series/counter-rate', { rules: { severities: { 'memory-events/oom-kill': 'info' } } });
    assert.equal(off.find((h) => /oom_kill/.test(h.message))!.severity, 'info');
  });

  test('counter-reset: a counter since boot that falls between captures is a reboot; rates count from the restart', () => {
    const vm = (fault: number, swap: number) => `nr_free_pages 100000\npgfault ${fault}\npgmajfault 10\npswpin ${swap}\npswpout ${swap}\n`;
    const at = (s: number, body: string) => `$ date +%s\n${1795510800 + s}\n$ cat /proc/vmstat\n${body}`;
    const t = at(0, vm(9_000_000, 5_000_000)) + at(100, vm(50_000, 40_000));
    const f = expectFires(t, 'series/counter-reset', 'info', 14);
    assert.match(f.message, /^pswpin fell from 5,000,000 to 40,000 between two captures .*the machine rebooted between them/);
    // The swap rate counts what was swapped since the restart (40 000 in and 40 000 out over 100 s), not a negative delta.
    assert.match(byRule(t, 'vmstat/swapping').find((h) => h.severity === 'warning')?.message ?? '', /Swapping at 800 pages\/s over the series/);
    expectQuiet(at(0, vm(1_000, 0)) + at(100, vm(2_000, 0)), 'series/counter-reset');
  });
});

describe('kubernetes rules (fixtures; the real captures are in k8s-reconcile.test.ts)', () => {
  const MI = 1024 * 1024;
  const leak = readFileSync(path.join(__dirname, '..', '..', 'fixtures', 'kubernetes', 'fixture-top-node-meminfo-slab-leak.txt'), 'utf8');
  const summary = (memory: Record<string, number>, pods: { name: string; uid: string; ws: number; rss: number }[] = []) => JSON.stringify({
    node: { nodeName: 'node-1', memory },
    pods: pods.map((p) => ({ podRef: { name: p.name, namespace: 'shop', uid: p.uid }, memory: { workingSetBytes: p.ws, rssBytes: p.rss }, containers: [] })),
  }, null, 2);
  const describePod = (limit: string, oom = false) => `Name:             web-1\nNamespace:        shop\nQoS Class:        Burstable\nContainers:\n  app:\n${oom ? '    Last State:     Terminated\n      Reason:       OOMKilled\n      Exit Code:    137\n' : ''}    Limits:\n      memory:  ${limit}\n`;

  test('top-hides-kernel and reservation-too-small on kubectl top node beside a meminfo with 2.1 GiB of unreclaimable slab', () => {
    expectFires(leak, 'kubernetes/top-hides-kernel', 'warning', 2);
    expectFires(leak, 'kubernetes/reservation-too-small', 'warning', 2);
  });

  test('eviction-near from the Summary API against the configured hard threshold', () => {
    const cfg = 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nevictionHard:\n  memory.available: 200Mi\n';
    expectFires(`${summary({ availableBytes: 150 * MI, workingSetBytes: 3800 * MI })}\n${cfg}`, 'kubernetes/eviction-near', 'critical');
    expectFires(`${summary({ availableBytes: 300 * MI, workingSetBytes: 3650 * MI })}\n${cfg}`, 'kubernetes/eviction-near', 'warning');
    expectQuiet(`${summary({ availableBytes: 3000 * MI, workingSetBytes: 950 * MI })}\n${cfg}`, 'kubernetes/eviction-near');
  });

  test('limits-overcommit from describe node\'s Allocated resources', () => {
    const d = 'Name:               node-1\nRoles:              worker\nCapacity:\n  memory:             4030464Ki\nAllocatable:\n  memory:             3928064Ki\nAllocated resources:\n  Resource           Requests      Limits\n  --------           --------      ------\n  memory             1000Mi (26%)  6905Mi (180%)\n';
    expectFires(d, 'kubernetes/limits-overcommit', 'warning');
  });

  test('pod-near-limit and working-set-page-cache from the Summary API and describe pod', () => {
    const t = `${summary({ availableBytes: 3000 * MI, workingSetBytes: 900 * MI }, [{ name: 'web-1', uid: 'u-1', ws: 500 * MI, rss: 100 * MI }])}\n${describePod('512Mi')}`;
    expectFires(t, 'kubernetes/pod-near-limit', 'warning');
    expectFires(t, 'kubernetes/working-set-page-cache', 'warning');
    expectQuiet(`${summary({ availableBytes: 3000 * MI, workingSetBytes: 900 * MI }, [{ name: 'web-1', uid: 'u-1', ws: 200 * MI, rss: 180 * MI }])}\n${describePod('512Mi')}`, 'kubernetes/pod-near-limit');
  });

  test('pod-oomkilled: critical alone; info, pointing at the kernel\'s report, when the report of the same pod UID is there (one kill, one alarm)', () => {
    const uid = '1234abcd-5678-90ab-cdef-1234567890ab';
    const alone = expectFires(describePod('512Mi', true), 'kubernetes/pod-oomkilled', 'critical');
    assert.match(alone.message, /shop\/web-1, container app|shop\/web-1/);
    const kernel = `[ 100.000000] app invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=985\n[ 100.000100] memory: usage 524288kB, limit 524288kB, failcnt 12\n[ 100.000200] oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=cri-containerd-abc.scope,mems_allowed=0,oom_memcg=/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${uid.replace(/-/g, '_')}.slice,task_memcg=/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${uid.replace(/-/g, '_')}.slice/cri-containerd-abc.scope,task=app,pid=4242,uid=0\n[ 100.000300] Memory cgroup out of memory: Killed process 4242 (app) total-vm:1000000kB, anon-rss:500000kB, file-rss:1000kB, shmem-rss:0kB, UID:0 pgtables:1200kB oom_score_adj:985\n`;
    const both = `${summary({ availableBytes: 3000 * MI, workingSetBytes: 900 * MI }, [{ name: 'web-1', uid, ws: 100 * MI, rss: 90 * MI }])}\n${describePod('512Mi', true)}${kernel}`;
    const linked = expectFires(both, 'kubernetes/pod-oomkilled', 'info');
    assert.match(linked.message, /kernel's report of the same pod/);
    assert.equal(byRule(both, 'oom-report/killed').length, 1, 'the kernel report keeps its one critical');
  });
});


// Process rules on real outputs (test/process/captures, made by test/process/gen): the cgroup limit is a
// fixture line sized at each edge; "fixture" marks the two captures edited here (a flag added, VmSwap set).
describe('process rules at their edges (a real JDK 17 and a real Go 1.19 process)', () => {
  const cap = (f: string) => readFileSync(path.join(process.cwd(), 'test', 'process', 'captures', f), 'utf8');
  const MiB = 1024 * 1024;
  const limit = (b: number) => `==> /sys/fs/cgroup/memory.max <==\n${Math.round(b)}\n`;
  const status = cap('jdk17-proc-status.txt');
  const flags = cap('jdk17-vm-flags.txt');
  const nmt = cap('jdk17-nmt-summary.txt');
  const diff = cap('jdk17-nmt-summary-diff.txt');
  const jvm = (extra: string, o: { status?: string; flags?: string } = {}) => ['$ cat /proc/7477/status', o.status ?? status, '$ jcmd 7477 VM.flags', o.flags ?? flags, '$ jcmd 7477 VM.native_memory summary', nmt, '$ jcmd 7477 VM.native_memory summary.diff', diff, extra].join('\n');
  const kbOf = (t: string, re: RegExp) => Number(re.exec(t)![1]) * 1024;
  const xmx = Number(/-XX:MaxHeapSize=(\d+)/.exec(flags)![1]);
  const nonHeap = kbOf(nmt, /^Total: reserved=\d+KB, committed=(\d+)KB/m) - kbOf(nmt, /Java Heap \(reserved=\d+KB, committed=(\d+)KB\)/);
  const rss = kbOf(status, /^VmRSS:\s+(\d+) kB/m);

  test('jvm/non-heap-exceeds-headroom: above 80 % of limit − Xmx a warning, past the limit critical', () => {
    const id = 'jvm/non-heap-exceeds-headroom';
    expectQuiet(jvm(limit(xmx + nonHeap / 0.8 + MiB)), id);
    expectFires(jvm(limit(xmx + nonHeap / 0.8 - MiB)), id, 'warning');
    expectFires(jvm(limit(xmx + nonHeap - MiB)), id, 'critical');
    expectFires(jvm(limit(xmx)), id, 'critical');
  });

  test('process/rss-near-limit: VmRSS above 85 % of the limit a warning, above 95 % critical', () => {
    const id = 'process/rss-near-limit';
    expectQuiet(jvm(limit(rss / 0.84)), id);
    expectFires(jvm(limit(rss / 0.86)), id, 'warning', lineOf(jvm(''), 'VmRSS:'));
    expectFires(jvm(limit(rss / 0.96)), id, 'critical');
  });

  test('jvm/thread-stacks-large: threads × Xss above 20 % of the limit', () => {
    const id = 'jvm/thread-stacks-large';
    const stacks = Number(/\(thread #(\d+)\)/.exec(nmt)![1]) * MiB;
    expectQuiet(jvm(limit(stacks / 0.19)), id);
    const f = expectFires(jvm(limit(stacks / 0.21)), id, 'warning');
    assert.equal(f.data!.may, stacks);
  });

  test('jvm/direct-buffers-uncapped: info without a limit; a warning when Other passes 10 % of it; quiet with the cap (fixture flags)', () => {
    const id = 'jvm/direct-buffers-uncapped';
    expectFires(jvm(''), id, 'info');
    const other = kbOf(nmt, /Other \(reserved=\d+KB, committed=(\d+)KB\)/);
    expectFires(jvm(limit(other / 0.11)), id, 'warning');
    expectFires(jvm(limit(other / 0.09)), id, 'info');
    expectQuiet(jvm('', { flags: flags.trimEnd() + ' -XX:MaxDirectMemorySize=134217728\n' }), id);
  });

  test('jvm/metaspace-uncapped-growing and jvm/nmt-growth on the real diff; quiet with MaxMetaspaceSize (fixture flags) and above the growth thresholds', () => {
    expectFires(jvm(''), 'jvm/metaspace-uncapped-growing', 'warning');
    expectQuiet(jvm('', { flags: flags.trimEnd() + ' -XX:MaxMetaspaceSize=268435456\n' }), 'jvm/metaspace-uncapped-growing');
    const g = expectFires(jvm(''), 'jvm/nmt-growth', 'warning');
    expectQuiet(jvm(''), 'jvm/nmt-growth', { rules: { thresholds: { 'jvm/nmt-growth.growth': Math.ceil(g.data!.growth * 100) } } });
    expectQuiet(jvm(''), 'jvm/nmt-growth', { rules: { thresholds: { 'jvm/nmt-growth.floor': g.data!.delta + 1 } } });
  });

  test('process/swap-in-use: info, and a warning above 10 % of RSS + swap (fixture status with VmSwap set)', () => {
    const id = 'process/swap-in-use';
    expectQuiet(jvm(''), id);
    const withSwap = (kb: number) => status.replace(/^VmSwap:\s+\d+ kB$/m, `VmSwap:\t${kb} kB`);
    expectFires(jvm('', { status: withSwap(1024) }), id, 'info');
    expectFires(jvm('', { status: withSwap(Math.ceil(rss / 1024 / 8)) }), id, 'warning');
  });

  const pprof = cap('go-pprof-heap-debug1.txt');
  const goStatus = cap('go-proc-status.txt');
  const goDoc = (extra = '') => ['$ curl -s localhost:6060/debug/pprof/heap?debug=1', pprof, '$ cat /proc/8477/status', goStatus, extra].join('\n');
  const trace = (extra: string) => ['$ cat /proc/8477/environ', cap('go-environ.txt'), '$ ./memhog', cap('go-gctrace-stderr.txt'), extra].join('\n');

  test('go/heap-rss-gap: RSS − HeapInuse − StackInuse above half of RSS', () => {
    const id = 'go/heap-rss-gap';
    const f = expectFires(goDoc(), id, 'warning', lineOf(goDoc(), '# HeapIdle'));
    expectQuiet(goDoc(), id, { rules: { thresholds: { 'go/heap-rss-gap.share': Math.ceil((f.data!.gap / f.data!.rss) * 100) } } });
  });

  test('go/next-gc-beyond-limit: the heap goal above 90 % of the limit a warning, past it critical', () => {
    const id = 'go/next-gc-beyond-limit';
    const goal = 500 * MiB; // the last gctrace cycle's goal
    expectQuiet(trace(limit(goal / 0.89)), id);
    expectFires(trace(limit(goal / 0.91)), id, 'warning');
    expectFires(trace(limit(goal - MiB)), id, 'critical');
  });

  test('go/many-goroutine-stacks: StackInuse above its threshold', () => {
    const id = 'go/many-goroutine-stacks';
    const stack = Number(/^# Stack = (\d+) \//m.exec(pprof)![1]);
    expectQuiet(goDoc(), id);
    expectFires(goDoc(), id, 'warning', undefined, { rules: { thresholds: { 'go/many-goroutine-stacks.bytes': stack - 1 } } });
  });
});

describe('the catalog', () => {
  // catalog.ts is the source of truth now; the first catalog's ids are interface and are never renamed or removed.
  test('RULES in src/rules/catalog.ts keep every id of the first catalog (rule-catalog.md), with no duplicates', () => {
    const md = readFileSync(CATALOG, 'utf8');
    const ids = [...md.matchAll(/^\| ([a-z-]+\/[a-z-]+) \|/gm)].map((m) => m[1]);
    assert.ok(ids.length >= 30);
    const ours = RULES.map((r) => r.id);
    assert.deepEqual(ids.filter((id) => !ours.includes(id)), []);
    assert.equal(new Set(ours).size, ours.length, 'no duplicate ids');
  });

  test('severities and levels agree with the catalog', () => {
    const md = readFileSync(CATALOG, 'utf8');
    for (const m of md.matchAll(/^\| ([a-z-]+\/[a-z-]+) \|.*\| ([a-z /]+) \|$/gm)) {
      const rule = RULES.find((r) => r.id === m[1]);
      assert.ok(rule, m[1]);
      const levels = m[2].split('/').map((x) => x.trim());
      // src/rules/catalog.ts is the source of truth now: it keeps the first catalog's levels and may add lower ones
      // (an information level where the wild corpus showed the same signal on healthy machines).
      if (levels.length === 2) assert.deepEqual(rule.levels?.filter((l) => levels.includes(l)), levels, m[1]);
      else if (levels[0] !== 'as that rule') assert.equal(rule.severity, levels[0], m[1]);
    }
  });

  test('every catalog rule is exercised by a firing test above', () => {
    assert.deepEqual([...EXERCISED].sort(), RULES.map((r) => r.id).sort());
    const missing = EXERCISED.filter((id) => !FIRED.has(id));
    assert.deepEqual(missing, [], 'rules listed but not seen firing');
  });
});
