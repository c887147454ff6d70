// Stories first told right in wild round 21 (test/wild, 2026-12-07): each test reads the real capture from
// test/wild/captures; the inline texts are fixtures written here in the kernel's layouts.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { analyzeText } from '../../src/analysis/analyze';
import { renderText } from '../../src/report/text';
import type { OomReportSection } from '../../src/model';

const DIR = path.join(__dirname, '..', 'wild', 'captures');
const wild = (start: string) => {
  const name = readdirSync(DIR).find((f) => f.startsWith(start));
  assert.ok(name, start);
  return { name, text: readFileSync(path.join(DIR, name), 'utf8') };
};
const findings = (text: string, fileName?: string) => analyzeText(text, { fileName }).findings;
const only = (text: string, rule: string, fileName?: string) => {
  const f = findings(text, fileName).filter((x) => x.rule === rule);
  assert.equal(f.length, 1, `${rule}: ${f.length} findings`);
  return f[0];
};

describe('wild round 21', () => {
  test('a mailer-quoted 2.6-style "page allocation failure. order:0" is a report; mode 0x0 may not sleep, and empty buddy lists beat the lagging zone count', () => {
    const { text } = wild('allocfail-ppc64-power7-3.8-rc1');
    const f = only(text, 'oom-report/allocation-failure');
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /^swapper could not get a single page \(order 0, mode 0x0: no flag, so it could not sleep\)/);
    assert.match(f.message, /zone DMA held no free block at all \(0 kB\), although its zone lines count 18\.2 MiB free/);
    assert.match(f.message, /iommu_alloc_coherent/);
    assert.doesNotMatch(f.message, /look at free against min/);
  });

  test('a DMA zone that manages nothing is a boot-time layout, read from zone lines a terminal wrapped mid-word; a zone at its min is no counter lag', () => {
    const loongson = only(wild('allocfail-mips64-loongson-2e').text, 'oom-report/allocation-failure');
    assert.match(loongson.message, /zone DMA \(the only one __GFP_DMA allows\) manages no memory at all \(managed:0kB of present:16384kB\)/);
    assert.doesNotMatch(loongson.message, /lags the lists|402 MiB/);
    const ppc32 = only(wild('allocfail-6.9-ppc32-powermac').text, 'oom-report/allocation-failure');
    assert.match(ppc32.message, /zone DMA held no free block at all \(0 kB\)\./);
    assert.doesNotMatch(ppc32.message, /lags the lists/);
  });

  test('a zone line whose buddy lists hold blocks keeps the old advice (fixture)', () => {
    const text = ['kworker/0:1: page allocation failure: order:0, mode:0x20', 'Node 0 Normal free:1200kB min:1100kB low:1300kB high:1500kB', 'Node 0 Normal: 3*4kB 1*8kB 0*16kB = 20kB'].join('\n');
    const f = only(text, 'oom-report/allocation-failure');
    assert.match(f.message, /look at free against min/);
    assert.doesNotMatch(f.message, /no free block at all/);
  });

  test('12 GiB left in swap while 490 GiB is available is information, not a warning', () => {
    const { text } = wild('meminfo-free-g-503g-arm64');
    const f = only(text, 'meminfo/swap-used');
    assert.equal(f.severity, 'info');
    assert.match(f.message, /12\.0 GiB of 15\.0 GiB swap in use \(80 %\), while 490 GiB of memory is available \(97 %\)/);
    assert.ok(!findings(text).some((x) => x.severity !== 'info'), 'no warning on the healthy host');
  });

  test('an early-boot OOM with 99.8 % of RAM reserved blames the reservation, not 4.56 MiB of slab', () => {
    const { text } = wild('oom-global-ppc64-4.4-64k-pages-early-boot');
    const all = findings(text);
    assert.ok(!all.some((x) => x.rule === 'oom-report/slab-dominated'), all.map((x) => x.rule).join(', '));
    const f = only(text, 'oom-report/killed');
    assert.match(f.message, /99\.8 % of RAM was reserved at boot \(817,481 of 819,200 pages/);
    assert.match(f.message, /Nothing in the report filled memory: 107 MiB was all there was, and kthreadd, a kernel thread, asked while the machine was still booting/);
    assert.doesNotMatch(f.message, /What filled it|find the kernel consumer/);
  });

  test('a 3.10 memcg OOM far under its limit is spurious; the wrapped selection line and stats lines are read without a log prefix', () => {
    const { text } = wild('oom-memcg-v1-3.10-lxc-vm-a-usage-52m');
    const a = analyzeText(text);
    const e = (a.parsed.sections.find((s) => s.kind === 'oom-report') as OomReportSection).events[0];
    assert.equal(e.victimPid, 31826);
    assert.equal(e.victimName, 'php5-fpm');
    assert.equal(e.memcgStats?.rss_huge, 14336 * 1024);
    assert.equal(e.memcgStats?.unevictable, 0);
    assert.equal(e.faultOomLine, 14);
    const f = only(text, 'oom-report/killed');
    assert.match(f.message, /The cgroup used 51\.9 MiB of its 256 MiB limit \(20 %\), memory\+swap 51\.9 MiB of 512 MiB when the report was written: far from full/);
    assert.match(f.message, /mem_cgroup_oom_synchronize in the call trace, line 15/);
    assert.doesNotMatch(f.message, /memory itself was the limit hit|What filled it|raise the limit or find the growth/);
  });

  test('a memcg report at its limit keeps its story (fixture)', () => {
    const text = ['java invoked oom-killer: gfp_mask=0xd0, order=0, oom_score_adj=0', 'Task in /lxc/a killed as a result of limit of /lxc/a',
      'memory: usage 262144kB, limit 262144kB, failcnt 10', 'memory+swap: usage 262144kB, limit 9007199254740988kB, failcnt 0',
      'Memory cgroup out of memory: Kill process 12 (java) score 990 or sacrifice child', 'Killed process 12 (java) total-vm:900000kB, anon-rss:250000kB, file-rss:0kB'].join('\n');
    const f = only(text, 'oom-report/killed');
    assert.match(f.message, /The cgroup used 256 MiB of a 256 MiB limit/);
    assert.doesNotMatch(f.message, /far from full/);
  });

  test('a line without a log prefix is joined to the next only when it starts as a known line and does not end as one (fixture)', () => {
    // Whole lines stay apart: the selection line ends as it should, and the next line is a kill of its own.
    const text = ['Memory cgroup out of memory: Kill process 7 (a) score 5 or sacrifice child', 'Killed process 7 (a) total-vm:100kB, anon-rss:50kB, file-rss:0kB'].join('\n');
    const e = (analyzeText(text).parsed.sections[0] as OomReportSection).events[0];
    assert.equal(e.victimPid, 7);
    assert.notEqual(e.killLine, undefined);
  });

  test('SysRq-m on 2.6.3 is one memory dump from its "SysRq : Show Memory" line, and a pre-2.6.18 meminfo places its 1.34 GiB on no counter', () => {
    const { text } = wild('meminfo-sysrq-m-2g-2.6.3');
    const a = analyzeText(text);
    const dump = a.parsed.sections.find((s) => s.kind === 'oom-report')!;
    assert.equal(dump.startLine, 2);
    assert.match(renderText('x', a), /SysRq-m memory dump[^\n]*\n  node when asked: free 3\.20 MiB/);
    const m = a.metrics.meminfo!;
    assert.equal(m.lruOnly, true);
    assert.deepEqual(m.missing, []);
    assert.deepEqual(m.breakdown.map((p) => p.key), ['free', 'lru', 'slab', 'pageTables', 'unaccounted']);
    assert.equal(m.unaccountedBytes, (2073896 - 3452 - 627896 - 17340 - 19044 - 4316) * 1024);
    const f = only(text, 'meminfo/unaccounted-memory');
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /1\.34 GiB \(68 % of MemTotal\) is in no counter: MemTotal minus free, the Active and Inactive lists, Slab and PageTables, all that a kernel before 2\.6\.18 counts/);
    assert.doesNotMatch(f.message, /ZFS|kernel stacks/);
  });

  test('a modern meminfo cut before AnonPages is not read as a pre-2.6.18 one (fixture)', () => {
    const text = ['MemTotal: 16000000 kB', 'MemFree: 1000000 kB', 'Buffers: 1000 kB', 'Cached: 2000000 kB', 'Active: 4000000 kB', 'Inactive: 2000000 kB', 'Active(anon): 3000000 kB', 'Slab: 100000 kB', 'PageTables: 1000 kB', 'Committed_AS: 9000000 kB'].join('\n');
    const m = analyzeText(text).metrics.meminfo!;
    assert.equal(m.lruOnly, undefined);
    assert.ok(m.missing.includes('AnonPages'));
  });

  test('memory.events with kills but no oom and no max event: chosen by a node-wide OOM or a limit above it', () => {
    const { text, name } = wild('memory-events-v2-system-slice');
    const f = only(text, 'memory-events/oom-kill', name);
    assert.match(f.message, /^5 processes were OOM-killed/);
    assert.match(f.message, /None of them was for this cgroup's limit or a limit below it \(oom 0, max 0\): a node-wide OOM, or the limit of a cgroup above this one/);
    const own = only('low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\n', 'memory-events/oom-kill', 'memory.events');
    assert.doesNotMatch(own.message, /None of them/);
  });
});
