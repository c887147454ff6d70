import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../../src/cli/main';
import { fakeIo, fixture } from './helpers';

const json = (files: Record<string, string>, name: string) => {
  const io = fakeIo(files);
  runCli(['analyze', '--json', '--fail-on', 'never', name], io);
  assert.equal(io.err, '');
  return JSON.parse(io.out);
};

describe('JSON: numbers above 2^53 and OOM details', () => {
  test('a one-value file above 2^53 keeps its digits in "raw"', () => {
    const r = json({ 'memory.limit_in_bytes': '9223372036854771712\n' }, 'memory.limit_in_bytes');
    const v = r.metrics.cgroupValues[0];
    assert.equal(v.raw, '9223372036854771712');
    assert.equal(v.bytes, 9223372036854771712, 'the number stays beside it');
    const small = json({ 'memory.max': '1073741824\n' }, 'memory.max');
    assert.equal(small.metrics.cgroupValues[0].raw, undefined, 'no raw for exact numbers');
  });

  test('vmstat counters above 2^53 as written, in vmstatRaw', () => {
    const vm = fixture('node-6.1.vmstat').replace(/^pgfault \d+$/m, 'pgfault 18446744073709551615');
    assert.ok(vm.includes('pgfault 18446744073709551615'));
    const r = json({ 'node.vmstat': vm }, 'node.vmstat');
    assert.deepEqual(r.metrics.vmstatRaw, { pgfault: '18446744073709551615' });
    assert.equal(typeof r.metrics.vmstat.pgfault, 'number');
  });

  test('each OOM event: time, invoker, memcg stats, memory and swap, the task table; big limits exact', () => {
    const text = [
      '[Di Mär  5 10:11:12 2024] java invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=968',
      '[Di Mär  5 10:11:12 2024] CPU: 2 PID: 77 Comm: java Not tainted 5.15.0-1051-aws #56-Ubuntu',
      '[Di Mär  5 10:11:12 2024] memory: usage 1048576kB, limit 1048576kB, failcnt 2381',
      '[Di Mär  5 10:11:12 2024] swap: usage 0kB, limit 9007199254740988kB, failcnt 0',
      '[Di Mär  5 10:11:12 2024] Memory cgroup stats for /kubepods/pod1:',
      '[Di Mär  5 10:11:12 2024] anon 1061158912',
      '[Di Mär  5 10:11:12 2024] Tasks state (memory values in pages):',
      '[Di Mär  5 10:11:12 2024] [  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name',
      '[Di Mär  5 10:11:12 2024] [     77]  1000    77  1403087   263929        2469888        0           968 java',
      '[Di Mär  5 10:11:12 2024] oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=c1,mems_allowed=0,oom_memcg=/kubepods/pod1,task_memcg=/kubepods/pod1/c1,task=java,pid=77,uid=1000',
      '[Di Mär  5 10:11:13 2024] Memory cgroup out of memory: Killed process 77 (java) total-vm:5612348kB, anon-rss:1034212kB, file-rss:21504kB, shmem-rss:0kB, UID:1000 pgtables:2412kB oom_score_adj:968',
    ].join('\n');
    const r = json({ 'dmesg.txt': text }, 'dmesg.txt');
    const o = r.metrics.oom[0];
    // The existing keys are still there.
    for (const k of ['victim', 'pid', 'scope', 'line', 'tasks', 'memcgUsageBytes', 'memcgLimitBytes']) assert.ok(k in o, k);
    assert.deepEqual([o.time, o.timeIso], ['Di Mär  5 10:11:13 2024', '2024-03-05T10:11:13']);
    assert.deepEqual(o.invoker, { name: 'java', gfpMask: '0xcc0(GFP_KERNEL)', order: 0, oomScoreAdj: 968, line: 1 });
    assert.deepEqual(o.memory, { usageBytes: 1048576 * 1024, limitBytes: 1048576 * 1024, failcnt: 2381 });
    assert.equal(o.swap.usageBytes, 0);
    assert.equal(o.swap.limitBytesRaw, (9007199254740988n * 1024n).toString());
    assert.deepEqual(o.memcgStats, { path: '/kubepods/pod1', stats: { anon: 1061158912 } });
    assert.deepEqual(o.taskTable, [{ pid: 77, uid: 1000, tgid: 77, totalVmPages: 1403087, rssPages: 263929, rssBytes: 263929 * 4096, swapEntsPages: 0, oomScoreAdj: 968, name: 'java', line: 9, pgtablesBytes: 2469888 }]);
    assert.equal(o.kernelVersion, '5.15.0-1051-aws');
    assert.equal(r.sections[0].capturedAt, '2024-03-05T10:11:13');
  });

  test('allocation failures and group kills appear in the JSON', () => {
    const text = [
      '[ 1.0] chrome: page allocation failure: order:7, mode:0x40a20(GFP_ATOMIC|__GFP_COMP), nodemask=(null)',
      '[ 37.1] a.out invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0',
      '[ 37.4] Memory cgroup out of memory: Killed process 9188 (a.out) total-vm:14456kB, anon-rss:10324kB, file-rss:504kB, shmem-rss:0kB',
      '[ 37.5] Tasks in /test1 are going to be killed due to memory.oom.group set',
      '[ 37.7] Memory cgroup out of memory: Killed process 1 (systemd) total-vm:43400kB, anon-rss:1228kB, file-rss:3992kB, shmem-rss:0kB',
    ].join('\n');
    const r = json({ 'kern.log': text }, 'kern.log');
    assert.deepEqual(r.metrics.allocationFailures, [{ task: 'chrome', order: 7, mode: '0x40a20(GFP_ATOMIC|__GFP_COMP)', line: 1, endLine: 1 }]);
    assert.equal(r.metrics.oom.length, 1);
    assert.deepEqual(r.metrics.oom[0].groupKill.killed.map((k: { pid: number; line: number }) => [k.pid, k.line]), [[9188, 3], [1, 5]]);
    assert.equal(r.metrics.oom[0].groupKill.cgroup, '/test1');
  });
});
