// Captures of several machines in one paste: pdsh / clush (`host: line`) and dshbak (a dashed box per host).
// The texts are fixtures written here in those tools' layouts (pdsh(1), dshbak(1)).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText } from '../../src/analysis/analyze';
import type { KeyValueSection, OomReportSection } from '../../src/model';

const MEMINFO = (total: number, avail: number) => [
  `MemTotal:       ${total} kB`, 'MemFree:         1203412 kB', `MemAvailable:   ${avail} kB`, 'Buffers:          210044 kB',
  'Cached:          9800412 kB', 'SwapCached:            0 kB', 'Active:          6100288 kB', 'Inactive:        5012400 kB',
  'AnonPages:       1890024 kB', 'Shmem:             81200 kB', 'Slab:             601200 kB', 'SReclaimable:     402100 kB',
  'SUnreclaim:       199100 kB', 'SwapTotal:             0 kB', 'SwapFree:              0 kB',
];
const sections = (text: string) => analyzeText(text).parsed.sections;
const meminfos = (text: string) => sections(text).filter((s): s is KeyValueSection => s.kind === 'meminfo');

describe('several machines in one paste', () => {
  test('pdsh: one meminfo per host, named by it, every value read after the host prefix', () => {
    const text = ['$ pdsh -w node[01-02] cat /proc/meminfo', ...MEMINFO(16303428, 12800100).map((l) => `node01: ${l}`), ...MEMINFO(32606856, 30100200).map((l) => `node02: ${l}`)].join('\n');
    const mi = meminfos(text);
    assert.deepEqual(mi.map((s) => [s.source, s.byKey.MemTotal?.value, s.byKey.MemAvailable?.value]), [['node01', 16303428, 12800100], ['node02', 32606856, 30100200]]);
    // The key's span starts after `node02: `, on its own line.
    const f = mi[1].byKey.MemTotal!;
    assert.deepEqual([f.keySpan.line, f.keySpan.start, f.keySpan.end], [16, 8, 16]);
  });

  test('pdsh on vmstat and on dmesg: the kind and the OOM report are read through the prefix', () => {
    const vm = sections(['c1: nr_free_pages 120400', 'c1: nr_inactive_anon 9800', 'c1: pgscan_direct 0', 'c2: nr_free_pages 90400', 'c2: nr_inactive_anon 19800', 'c2: pgscan_direct 12'].join('\n'));
    assert.deepEqual(vm.map((s) => [s.kind, s.source]), [['vmstat', 'c1'], ['vmstat', 'c2']]);
    const oom = [
      '[ 812.100201] java invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0',
      '[ 812.100244] memory: usage 1048576kB, limit 1048576kB, failcnt 12',
      '[ 812.100301] Memory cgroup out of memory: Killed process 4242 (java) total-vm:8000kB, anon-rss:4000kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:40kB oom_score_adj:0',
    ].map((l) => `gpu-07: ${l}`).join('\n');
    const s = sections(oom).find((x): x is OomReportSection => x.kind === 'oom-report');
    assert.ok(s);
    assert.deepEqual([s.events[0]?.victimPid, s.events[0]?.memcgLimitBytes, s.events[0]?.memcgUsageBytes], [4242, 1073741824, 1073741824]);
  });

  test('dshbak: each dashed box names the host (or the hosts, with -c) of the capture below it', () => {
    const box = (h: string) => ['----------------', h, '----------------'];
    const mi = meminfos([...box('node01'), ...MEMINFO(16303428, 12800100), ...box('node[02-03]'), ...MEMINFO(32606856, 30100200)].join('\n'));
    assert.deepEqual(mi.map((s) => [s.source, s.byKey.MemTotal?.value]), [['node01', 16303428], ['node[02-03]', 32606856]]);
  });

  test('not a host prefix: a meminfo line, a kernel line, one `name: 123` line alone', () => {
    assert.deepEqual(meminfos(MEMINFO(16303428, 12800100).join('\n')).map((s) => s.source), [undefined]);
    const one = sections('node01: 12345\nsomething else: here');
    assert.ok(!one.some((s) => s.source === 'node01'), JSON.stringify(one.map((s) => [s.kind, s.source])));
  });
});
