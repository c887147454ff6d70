// Stories first told right in wild round 22 (test/wild, 2026-12-08): each test reads the real capture from
// test/wild/captures; the inline texts are fixtures written here in the kernel's layouts.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { analyzeText } from '../../src/analysis/analyze';
import type { OomReportSection } from '../../src/model';

const DIR = path.join(__dirname, '..', 'wild', 'captures');
const wild = (start: string) => {
  const names = readdirSync(DIR).filter((f) => f.startsWith(start));
  assert.equal(names.length, 1, start);
  return { name: names[0], text: readFileSync(path.join(DIR, names[0]), 'utf8') };
};
const only = (text: string, rule: string) => {
  const f = analyzeText(text).findings.filter((x) => x.rule === rule);
  assert.equal(f.length, 1, `${rule}: ${f.length} findings`);
  return f[0];
};
const failures = (text: string) => analyzeText(text).parsed.sections.flatMap((s) => (s.kind === 'oom-report' ? (s as OomReportSection).allocationFailures ?? [] : []));

describe('wild round 22', () => {
  test('"page allocation stalls for 10646ms" (4.9) is a stall of a thrashing laptop, not a failure and not a bare dump', () => {
    const { text } = wild('page-alloc-stall-4.9.13');
    const f = only(text, 'oom-report/allocation-stall');
    assert.match(f.message, /^DOM Worker had waited 10\.6 s for a single page/);
    assert.match(f.message, /Zone DMA32 had 43\.6 MiB free, at or under its min watermark of 43\.6 MiB\. Page cache was down to 7\.21 MiB/);
    assert.equal(analyzeText(text).findings.filter((x) => x.rule === 'oom-report/allocation-failure').length, 0);
  });

  test('order 0 with every free block in the high-order atomic reserve: an Android phone (Samsung\'s [cpu: comm:pid] prefix) and a 190 MB VM', () => {
    const android = wild('allocfail-order0-gfp-atomic-android').text;
    assert.equal(failures(android)[0].task, 'Binder:9343_3');
    assert.match(only(android, 'oom-report/allocation-failure').message, /every free block of zone Normal was in the high-order atomic reserve \(10\.00 MiB of 10\.00 MiB in \(H\) blocks/);
    const vm = wild('page-alloc-failure-4.9-kvm-vm-190m').text;
    assert.match(only(vm, 'oom-report/allocation-failure').message, /every free block of zones DMA, DMA32 was in the high-order atomic reserve .*DMA 924 KiB against min 172 KiB, DMA32 1\.79 MiB against min 1\.27 MiB/);
  });

  test('a media player\'s status line glued before the failure line: the CPU line\'s Comm is the task', () => {
    const { text } = wild('page-alloc-failure-3.10-arm-imx6q');
    assert.equal(failures(text)[0].task, 'swapper/0');
    assert.match(only(text, 'oom-report/allocation-failure').message, /^swapper\/0 could not get a single page .* in CMA blocks/);
  });

  test('order-4 failures above every watermark: DMA is kept back by lowmem_reserve, and the pre-4.4 watermark check names the fragmentation', () => {
    const radeon = only(wild('allocfail-order4-3.13').text, 'oom-report/allocation-failure').message;
    assert.match(radeon, /zones DMA32, Normal had 145 MiB free, but only 1\.81 MiB of it in blocks of 64\.0 KiB or more; lowmem_reserve keeps DMA's 15\.5 MiB free from this request\. Fragmentation, not a shortage\./);
    const fincore = wild('allocfail-order4-gfp-kernel-3.0').text;
    const m = only(fincore, 'oom-report/allocation-failure').message;
    assert.match(m, /before 4\.4 an order-4 request also needs the free memory left after each smaller order's blocks to stay above min halved once per order .* Fragmentation, not a shortage\./);
    assert.doesNotMatch(m, /below their watermarks/);
    // The caller is the first frame outside the allocator and the stack printer (dump_trace, kmem_getpages, fallback_alloc).
    assert.match(m, /names __tracing_open as the caller/);
    // The Normal zone line a mailer wrapped after `free:21840kB` is read whole; its `unevictable:6516` is the zone's, not Mem-Info's.
    const f = failures(fincore)[0];
    assert.deepEqual(f.zones?.map((z) => [z.zone, z.freeKb, z.minKb]), [['DMA', 15880, 256], ['DMA32', 131040, 50368], ['Normal', 21840, 16956]]);
    assert.equal(f.memInfoPages?.unevictable, 7301);
  });

  test('zone lines pasted alone: DMA32 under min with zsmalloc holding 94 % of it', () => {
    const f = only(wild('showmem-zone-lines-only-6.17').text, 'zoneinfo/below-watermark');
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /^Zone DMA32 of node 0 had 3\.43 MiB free when this memory dump was printed, under its min watermark of 3\.82 MiB.*zsmalloc held 895 MiB of it .*94 % of the zone's 956 MiB managed memory/);
    // An empty zone (present:0kB) with the old kernels' fixed min is no zone under min.
    const empty = '[1.0] Node 0 DMA free:36288kB min:11584kB low:14464kB high:17344kB present:8388608kB\n[1.0] Node 0 HighMem free:0kB min:2048kB low:2048kB high:2048kB active:0kB inactive:0kB present:0kB\n';
    assert.equal(analyzeText(empty).findings.filter((x) => x.rule === 'zoneinfo/below-watermark').length, 0);
  });

  test('a memcg report cut above its trigger line: the CPU line before the call trace names the invoker', () => {
    const { text } = wild('oom-memcg-v1-3.10-lxc-vm-a-usage-125m');
    const a = analyzeText(text);
    assert.equal(a.metrics.oom[0].event.invoker, 'mysqld');
    assert.ok(a.parsed.problems.some((p) => /the CPU line names mysqld \(pid 22783\), the task that invoked the OOM killer/.test(p.message)));
  });

  test('a 3.10 meminfo without MemAvailable: reclaimable slab counts toward what could be available, so 14 GiB of dentries is no shortage', () => {
    const a = analyzeText(wild('meminfo-24g-centos7').text);
    assert.deepEqual(a.findings.filter((f) => f.severity !== 'info').map((f) => f.rule), []);
  });
});

describe('wild round 22: premature OOMs', () => {
  test('a global OOM of anonymous memory with 93 % of swap free came early: half the anon sat in Movable, which GFP_KERNEL may not use', () => {
    const m = only(wild('oom-global-4.11-qemu-2g-movable').text, 'oom-report/killed').message;
    assert.match(m, /Yet swap was mostly free \(956 MiB of 1024 MiB\), so that memory could still have been paged out: this OOM came before reclaim got to it\. 976 MiB of the anonymous memory \(51 %\) sat in Movable, which this request \(0x17080c0\(GFP_KERNEL_ACCOUNT/);
    // When a zone story explains the kill (32-bit low memory full of page tables), the swap left is beside the point.
    const lowmem = readdirSync(DIR).find((f) => f.includes('highmem-60g-free-oom-kill-allocating'))!;
    assert.doesNotMatch(only(readFileSync(path.join(DIR, lowmem), 'utf8'), 'oom-report/killed').message, /Yet swap was mostly free/);
  });
});

describe('wild round 22: a 3.0 file server', () => {
  test('task rows a mailer wrapped before a negative oom_score_adj are read, and page cache reclaim gave up on is the blame', () => {
    const { text } = wild('oom-global-3.0-sles11');
    const a = analyzeText(text);
    const e = a.metrics.oom[0].event;
    assert.ok(e.tasks.length >= 70, `${e.tasks.length} task rows`);
    assert.deepEqual([e.tasks[0].pid, e.tasks[0].name, e.tasks[0].oomScoreAdj], [485, 'udevd', -1000]);
    assert.equal(e.allUnreclaimable, true);
    const m = only(text, 'oom-report/killed').message;
    assert.match(m, /What filled it: page cache that reclaim gave up on \(the zones say all_unreclaimable\), 2\.44 GiB/);
    assert.doesNotMatch(m, /no task table/);
  });

  test('page cache is no global cause without that evidence: a CMA-starved order-2 fork and a false OOM from a page fault', () => {
    for (const start of ['oom-global-6.6-rt-arm64-2g-order2', 'oom-memcg-lxc-5.15-syz-adj-1000']) {
      const { text } = wild(start);
      for (const f of analyzeText(text).findings) assert.doesNotMatch(f.message, /page cache that reclaim gave up on|What (?:filled it|held the memory): page cache/, start);
    }
  });
});

describe('wild round 22: the report text', () => {
  test('a 2.6.24 report\'s Mem-Info (Active/inactive, one slab count) is said as it is, not as missing', async () => {
    const { renderText } = await import('../../src/report/text');
    const { name, text } = wild('oom-global-2.6.24-i386-2g-highmem');
    const out = renderText(name, analyzeText(text));
    assert.match(out, /node at the kill: free 47\.6 MiB · LRU \(user and cache, not split before 2\.6\.28\) 1\.87 GiB · slab 25\.6 MiB · dirty \+ writeback 0 B\n/);
  });

  test('old top\'s Mem line (used = total − free) still gives the -/+ buffers/cache used from its own columns, not "unknown"', async () => {
    const { renderText } = await import('../../src/report/text');
    // Fixture in procps 3.2 top's layout.
    const t = 'Mem:  32877652k total, 32616532k used,   261120k free,   189348k buffers\nSwap:  8388604k total,  4194300k used,  4194304k free,   712344k cached\n';
    const out = renderText('top', analyzeText(t));
    assert.match(out, /from its columns: total − free − buffers − cached\s+30\.2 GiB/);
    assert.doesNotMatch(out, /lacks MemAvailable, MemFree\/Buffers\/Cached/);
  });
});

describe('wild round 23', () => {
  test('zoneinfo pasted from below its "Node N, zone" line is read, its zone unnamed; an indented header names it', () => {
    const { text } = wild('zoneinfo-normal-zone-28g');
    const z = analyzeText(text).parsed.sections.flatMap((x) => (x as { zones?: { zone: string; node: number; headless?: boolean; free?: number; min?: number }[] }).zones ?? []);
    assert.deepEqual(z.map((x) => [x.zone, x.headless, x.free, x.min]), [['unnamed', true, 7226981, 10136]]);
    const named = analyzeText(`  Node 0, zone   Normal\n${text}`).parsed.sections.flatMap((x) => (x as { zones?: { zone: string; node: number }[] }).zones ?? []);
    assert.deepEqual(named.map((x) => [x.node, x.zone]), [[0, 'Normal']]);
  });

  test('grep of two containers\' OOM lines, out of order: two events, each usage line with its own stats', () => {
    const a = analyzeText(wild('oom-memcg-v1-grep-two-docker').text);
    assert.deepEqual(a.metrics.oom.map((o) => [o.event.memcgFailcnt, o.event.memcgStatsPath?.slice(8, 16)]), [[2472, '7e29cfc6'], [3078, '43bf7b26']]);
  });

  test('a memory.stat of swap lines alone: usage and working set unknown, never 0 B', async () => {
    const { renderText } = await import('../../src/report/text');
    const { name, text } = wild('memory-stat-v1-docker-grep-swap');
    const out = renderText(name, analyzeText(text));
    assert.match(out, /usage unknown \(no memory\.usage_in_bytes, rss or cache in the capture\) · working set unknown/);
    assert.doesNotMatch(out, /usage 0 B|working set 0 B/);
    const noInactive = renderText('x', analyzeText('anon 1048576000\nfile 52428800\n', { fileName: 'memory.stat' }));
    assert.match(noInactive, /working set unknown \(no inactive_file in the capture/);
  });

  test('numactl -H and numastat -m of one moment are two views, not a series; numastat\'s total is the machine', async () => {
    const { renderText } = await import('../../src/report/text');
    const { name, text } = wild('numactl-numastat-m-1.5t');
    const a = analyzeText(text);
    const out = renderText(name, a);
    assert.doesNotMatch(out, /Series: 2 meminfo captures/);
    assert.match(out, /numastat -m prints no MemAvailable \(its total is the whole machine, its columns the nodes\)/);
  });

  test('a v2 docker scope with 9.6 × its memory in swap, and a v1 container with 589 MiB swapped', () => {
    assert.match(only(wild('cgroup-v2-docker-scope-24m').text, 'cgroup-value/mostly-swapped').message, /208 MiB in swap/);
    assert.equal(only(wild('memory-stat-v1-dotnet-1g').text, 'memory-stat/swapping').severity, 'warning');
  });

  test('a slabinfo header that lost its "# " and a "~#" prompt: the header and the command, not rows and prose', () => {
    const a = analyzeText(wild('slabinfo-go-carbon').text);
    assert.deepEqual(a.parsed.problems.map((p) => p.message), []);
    assert.equal(a.metrics.slabinfo?.caches[0]?.name, 'ext4_groupinfo_4k');
  });

  test('full swap beside 93 % of RAM in free + buffers + cache (old top, no MemAvailable): a warning, not the OOM killer\'s last way out', () => {
    const f = only(wild('top-header-procps3-252g').text, 'meminfo/swap-used');
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /up to 233 GiB of memory \(93 %\) could be available, by free \+ buffers \+ cache for want of MemAvailable/);
  });

  test('low-available frames the kubelet as such only where the document shows a Kubernetes node', () => {
    // Fixtures in /proc/meminfo's layout; the second adds a pod's memory.stat under kubepods.
    const mi = 'MemTotal:       16000000 kB\nMemFree:          100000 kB\nMemAvailable:     150000 kB\n';
    const bare = only(mi, 'meminfo/low-available').message;
    assert.match(bare, /Reclaim stalls come next and then the OOM killer \(on a Kubernetes node the kubelet evicts pods first/);
    const pod = `==> /proc/meminfo <==\n${mi}\n==> /sys/fs/cgroup/kubepods.slice/memory.stat <==\nanon 1048576\nfile 0\n`;
    assert.match(only(pod, 'meminfo/low-available').message, /The kubelet evicts pods when memory\.available drops below/);
  });

  test('unreclaimable slab 180 × all anonymous memory is said as such, not "about as much"', () => {
    const m = only(wild('vmstat-125g-zfs').text, 'vmstat/slab-unreclaimable-high').message;
    assert.match(m, /94 % of the 116 GiB this vmstat counts, 180 × all anonymous memory \(624 MiB\)/);
  });

  test('free -h run inside a container (lxc exec) is that container\'s view, said so; the host\'s table beside it is the node', () => {
    const { text } = wild('cgroup-v2-lxd-container');
    const a = analyzeText(text);
    assert.deepEqual(a.parsed.sections.filter((x) => x.kind === 'meminfo').map((x) => x.source), ['lxc exec test2 -- free -h', 'free -h']);
    assert.match(only(text, 'meminfo/low-available').message, /This is the view inside test2 \(lxc exec\), its own limit as LXCFS or the runtime shows it, not the node's/);
  });

  test('memory+swap 160 kB under its limit is full, not "memory itself was the limit hit"', () => {
    const m = only(wild('oom-memcg-talos-in-docker').text, 'oom-report/killed').message;
    assert.match(m, /memory\+swap was full as well \(4\.00 GiB of its 4\.00 GiB, failcnt 13,544,518\): its swap allowance was spent too/);
    assert.doesNotMatch(m, /so memory itself was the limit hit/);
  });

  test('a here-document fed to docker run is the script, not output: memory.oom_control after its delimiter is read alone', () => {
    const a = analyzeText(wild('cgroup-v1-docker-systemd-scope-memory-oom-control').text);
    const oc = a.parsed.sections.find((x) => x.variant === 'oom_control');
    assert.deepEqual([oc?.startLine, oc?.endLine], [10, 11]);
    assert.deepEqual(a.parsed.problems.map((p) => p.severity), ['info']);
  });
});

describe('wild round 24', () => {
  test('`cmd && free -b` with the first command\'s output between: the table is in bytes', () => {
    const a = analyzeText(wild('free-b-7.4g').text);
    assert.equal(a.metrics.meminfo?.totalBytes, 7910309888);
    assert.ok(!a.parsed.problems.some((p) => /command line is not in the capture/.test(p.message)));
  });

  test('BusyBox free\'s "available 0" on a kernel without MemAvailable is unknown, not a critical shortage', () => {
    const a = analyzeText(wild('free-busybox-ipcam').text);
    assert.deepEqual(a.findings.filter((f) => f.severity !== 'info').map((f) => f.rule), []);
    assert.ok(a.parsed.problems.some((p) => /BusyBox's free prints 0 when the kernel has no MemAvailable/.test(p.message)));
  });

  test('`free && grep Slab… /proc/meminfo`: the excerpt is judged with the table\'s total, and Slab − SReclaimable is the unreclaimable slab', () => {
    const a = analyzeText(wild('free-grep-meminfo-126g').text);
    assert.ok(!a.parsed.problems.some((p) => /Text between captures|command line is not in the capture/.test(p.message)));
    const f = only(wild('free-grep-meminfo-126g').text, 'meminfo/unreclaimable-slab-high');
    assert.equal(f.severity, 'critical');
    assert.match(f.message, /^Unreclaimable slab is 62\.6 GiB \(Slab − SReclaimable: the capture has no SUnreclaim line\), 50 % of MemTotal \(126 GiB\)/);
  });

  test('out_of_memory called by the page allocator is a node-wide OOM even when the capture stops before any victim line', () => {
    for (const start of ['oom-global-5.4-elrepo', 'oom-global-5.13-oracle', 'oom-global-5.15-ubuntu-qemu']) {
      assert.equal(analyzeText(wild(start).text).metrics.oom[0].scope, 'global', start);
    }
    // Called by mem_cgroup_out_of_memory it stays a cgroup's (fixture in 6.1's layout).
    const memcg = ['[1.0] a invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0', '[1.0] Call Trace:', '[1.0]  <TASK>', '[1.0]  dump_stack_lvl+0x1/0x2', '[1.0]  out_of_memory+0x1/0x2', '[1.0]  mem_cgroup_out_of_memory+0x1/0x2', '[1.0]  try_charge_memcg+0x1/0x2'].join('\n');
    assert.notEqual(analyzeText(memcg).metrics.oom[0].scope, 'global');
  });

  test('procps-ng 4\'s free -m (used = total − available): the breakdown adds up to the total and no "-h rounding" is claimed', async () => {
    const { renderText } = await import('../../src/report/text');
    const { name, text } = wild('free-m-31g-proxmox');
    const out = renderText(name, analyzeText(text));
    assert.match(out, /Used, without buff\/cache \(total − free − buff\/cache\)\s+8\.47 GiB/);
    assert.match(out, /The same number: this free's used column is total − available \(procps-ng 4\.0\.1 and later\)/);
    assert.doesNotMatch(out, /free -h rounded|They differ because free's used column is total − free − buff\/cache/);
  });

  test('a SLUB failure alone names the cache that holds the memory: 29,822 slabs of 512 KiB, 14.6 GiB', () => {
    const f = only(wild('slub-alloc-fail-lkrg').text, 'oom-report/allocation-failure');
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /^SLUB could not grow the slab cache p_ed_pids \(gfp 0xa20\(GFP_ATOMIC\)\).*already held 29,822 slabs of 512 KiB \(order 7\), 14\.6 GiB, 29,822 objects of 268 KiB with 0 free\. One cache that large is where the memory went/);
  });

  test('zswap\'s debugfs counters are context, said once, never a cgroup\'s values in bytes', () => {
    const a = analyzeText(wild('zswap-debugfs').text);
    assert.equal(a.parsed.sections.filter((x) => x.kind === 'cgroup-value').length, 0);
    assert.equal(a.parsed.problems.filter((p) => /zswap's debugfs counters/.test(p.message)).length, 1);
    assert.equal(a.metrics.cgroupValues.length, 0);
  });
});

describe('wild round 25', () => {
  test('top\'s numbers cut to their leading digits and a "+" are restored from the line\'s own sums (a 126 GiB host, healthy)', () => {
    const a = analyzeText(wild('top-p-kvm-host-128g').text);
    assert.equal(a.metrics.meminfo?.totalBytes, 131881480 * 1024);
    assert.deepEqual(a.findings.filter((f) => f.severity !== 'info').map((f) => f.rule), []);
    assert.ok(a.parsed.problems.some((p) => /read with 1 digit restored, the count that makes the line add up again/.test(p.message)));
  });

  test('`Sep  8 06:22:08 kernel: oom-kill:constraint=…` (no host): the constraint line keeps the pod\'s cgroup', () => {
    const a = analyzeText(wild('oom-memcg-v1-eks-kubepods').text);
    assert.match(a.metrics.oom[0].limitedCgroup ?? '', /^\/kubepods\/burstable\/podcb4794b7/);
  });

  test('journalctl -r (newest first): the constraint line after its kill line is the same kill, one finding', () => {
    const f = analyzeText(wild('oom-global-haos-10.2-journalctl-newest-first').text).findings.filter((x) => x.rule === 'oom-report/killed');
    assert.equal(f.length, 1);
  });

  test('a fence glued to the first log line, and Mem-Info pasted from its first counts: both read', () => {
    const a = analyzeText(wild('oom-global-acala').text);
    assert.equal(a.metrics.oom[0].event.constraint, 'CONSTRAINT_NONE');
    const m = only(wild('meminfo-oom-show-mem-hyperv').text, 'meminfo/low-available').message;
    assert.match(m, /^This memory dump shows memory used up when it was printed: the page cache is gone \(140 KiB of file pages\) and 13\.4 MiB is free.*The largest holder: unevictable pages/);
  });

  test('a vmstat command a blank line above its table (and a zsh right prompt after it) still names the table\'s unit', () => {
    const a = analyzeText(wild('vmstat-a-and-plain-one-sample').text);
    assert.ok(!a.parsed.problems.some((p) => /vmstat command line is not beside the table/.test(p.message)), a.parsed.problems.map((p) => p.message).join('; '));
  });
});

