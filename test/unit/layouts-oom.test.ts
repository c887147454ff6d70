import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument } from '../../src/formats/parse';
import type { OomReportSection } from '../../src/model';
import { fixture } from './helpers';
import { analyzeText } from '../../src/analysis/analyze';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { oomTitle } from '../../src/report/oomTitle';

const oom = (text: string) => {
  const d = parseDocument(text);
  const s = d.sections.filter((x) => x.kind === 'oom-report') as OomReportSection[];
  assert.equal(s.length, 1, JSON.stringify(d.sections.map((x) => [x.kind, x.startLine, x.endLine])));
  return { d, s: s[0], e: s[0].events };
};
const TRIGGER = 'java invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0';

describe('old OOM layouts', () => {
  test('pre-4.19 task table: a [ pid ] header with no "Tasks state" title', () => {
    const text = [
      `[ 50.1] ${TRIGGER}`,
      '[ 50.2] [ pid ]   uid  tgid total_vm      rss nr_ptes nr_pmds swapents oom_score_adj name',
      '[ 50.3] [  321]     0   321    11000      300      25       3        0         -1000 systemd-udevd',
      '[ 50.4] [ 4242]  1000  4242  2000000   900000    1800       8       12             0 java',
      '[ 50.5] Out of memory: Kill process 4242 (java) score 901 or sacrifice child',
      '[ 50.6] Killed process 4242 (java) total-vm:8000000kB, anon-rss:3600000kB, file-rss:0kB, shmem-rss:0kB',
    ].join('\n');
    const { d, e } = oom(text);
    assert.deepEqual(d.problems, []);
    assert.equal(e.length, 1);
    assert.equal(e[0].taskTableLine, 1);
    assert.deepEqual(e[0].tasks.map((t) => [t.pid, t.uid, t.totalVmPages, t.rssPages, t.swapEntsPages, t.oomScoreAdj, t.name, t.pgtablesBytes]), [
      [321, 0, 11000, 300, 0, -1000, 'systemd-udevd', undefined],
      [4242, 1000, 2000000, 900000, 12, 0, 'java', undefined],
    ]);
    assert.deepEqual([e[0].victimPid, e[0].killLine, e[0].victimAnonRssBytes], [4242, 5, 3600000 * 1024]);
  });

  test('2.6.32 (oom_adj, "Killed process N, UID U, (name)") and 2.6.18 (oomkilladj, "or a child") in one log', () => {
    const text = fixture('fixture-oom-2.6.32-rhel6-and-2.6.18-layouts.txt');
    const { d, e } = oom(text);
    assert.deepEqual(d.problems, []);
    assert.equal(e.length, 2);
    const [a, b] = e;
    assert.deepEqual([a.invoker, a.gfpMask, a.order, a.invokerOomScoreAdj], ['java', '0x201da', 0, 0]);
    assert.deepEqual([a.victimPid, a.victimName, a.victimUid, a.victimTotalVmBytes, a.victimAnonRssBytes], [1234, 'java', 500, 9661320 * 1024, 7321200 * 1024]);
    assert.deepEqual(a.tasks.map((t) => [t.pid, t.rssPages, t.oomScoreAdj, t.name]), [[512, 141, -1000, 'udevd'], [1234, 1830300, 0, 'java']]);
    assert.equal(a.memInfoPages!.active_anon, 1830461);
    assert.equal(a.memInfoPages!.slab_unreclaimable, 10012);
    assert.deepEqual([b.invoker, b.invokerOomScoreAdj, b.victimPid, b.victimName, b.killLine], ['httpd', 0, 2345, 'httpd', 24]);
    assert.ok(b.startLine > a.endLine);
  });
});

describe('wrapped lines', () => {
  test('a kill line wrapped by a terminal (cut mid-number) and a trigger wrapped by a mail client', () => {
    const text = [
      '[ 9.1] java invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0,',
      'oom_score_adj=968',
      '[ 9.2] oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=abc,mems_allowed=0,oom_memcg=/kubepods/pod1,task_memcg=/kubepods/pod1/c1,task=java,pid=77,',
      'uid=1000',
      '[ 9.3] Memory cgroup out of memory: Killed process 77 (java) total-vm:5612348kB, anon-rss:10342',
      '12kB, file-rss:21504kB, shmem-rss:0kB, UID:1000 pgtables:2412kB oom_score_adj:968',
    ].join('\n');
    const { d, e } = oom(text);
    assert.deepEqual(d.problems, []);
    assert.equal(e.length, 1);
    assert.deepEqual([e[0].invokerOomScoreAdj, e[0].victimUid, e[0].taskMemcg], [968, 1000, '/kubepods/pod1/c1']);
    assert.deepEqual([e[0].victimAnonRssBytes, e[0].victimFileRssBytes, e[0].victimOomScoreAdj, e[0].victimPgtablesBytes], [1034212 * 1024, 21504 * 1024, 968, 2412 * 1024]);
    assert.deepEqual(e[0].wrappedLines, [1, 3, 5]);
    assert.equal(e[0].endLine, 5);
  });

  test('a wrapped task table row', () => {
    const text = [
      `[ 9.1] ${TRIGGER}`,
      '[ 9.2] Tasks state (memory values in pages):',
      '[ 9.3] [  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name',
      '[ 9.4] [     77]  1000    77  1403087   263929  2469',
      '888        0           968 java',
      '[ 9.5] Out of memory: Killed process 77 (java) total-vm:4kB, anon-rss:4kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0',
    ].join('\n');
    const { d, e } = oom(text);
    assert.deepEqual(d.problems, []);
    assert.deepEqual(e[0].tasks.map((t) => [t.pid, t.rssPages, t.pgtablesBytes, t.oomScoreAdj, t.name]), [[77, 263929, 2469888, 968, 'java']]);
  });

  test('an unprefixed line that makes no known line is not joined', () => {
    const text = `[ 9.1] ${TRIGGER}\nsome note typed by a person\n[ 9.2] Out of memory: Killed process 77 (java) total-vm:4kB, anon-rss:4kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0\n`;
    const { e } = oom(text);
    assert.equal(e[0].wrappedLines, undefined);
    assert.equal(e[0].invokerOomScoreAdj, 0);
  });
});

describe('memory.oom.group and odd endings', () => {
  test('a memory.oom.group kill is one event with every task killed', () => {
    const text = [
      `[ 37.1][ T9185] ${TRIGGER}`,
      '[ 37.2][ T9185] memory: usage 51200kB, limit 51200kB, failcnt 125',
      '[ 37.3][ T9185] oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/test1,task_memcg=/test1,task=a.out,pid=9188,uid=0',
      '[ 37.4][ T9185] Memory cgroup out of memory: Killed process 9188 (a.out) total-vm:14456kB, anon-rss:10324kB, file-rss:504kB, shmem-rss:0kB',
      '[ 37.5][ T9185] Tasks in /test1 are going to be killed due to memory.oom.group set',
      '[ 37.6][   T54] oom_reaper: reaped process 9188 (a.out), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB',
      '[ 37.7][ T9185] Memory cgroup out of memory: Killed process 1 (systemd) total-vm:43400kB, anon-rss:1228kB, file-rss:3992kB, shmem-rss:0kB',
      '[ 37.8][ T9185] OOM victim 9188 (a.out) is already exiting. Skip',
      '[ 37.9][ T9185] Memory cgroup out of memory: Killed process 9182 (a.out) total-vm:14456kB, anon-rss:76kB, file-rss:588kB, shmem-rss:0kB',
      '[ 38.0][   T54] oom_reaper: reaped process 9182 (a.out), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB',
    ].join('\n');
    const { d, e } = oom(text);
    assert.deepEqual(d.problems, []);
    assert.equal(e.length, 1);
    const ev = e[0];
    assert.deepEqual([ev.groupKill, ev.oomGroup, ev.victimPid, ev.killLine], [true, '/test1', 9188, 3]);
    assert.deepEqual(ev.killed!.map((k) => [k.pid, k.name, k.anonRssBytes, k.line]), [[9188, 'a.out', 10324 * 1024, 3], [1, 'systemd', 1228 * 1024, 6], [9182, 'a.out', 76 * 1024, 8]]);
    assert.equal(ev.endLine, 9);
  });

  test('no victim line: "Task in X killed as a result of limit of Y" with the usage', () => {
    const text = '[ 5.0] Task in /kubepods/burstable/pod1/c1 killed as a result of limit of /kubepods/burstable/pod1\n[ 5.1] memory: usage 262144kB, limit 262144kB, failcnt 40\n';
    const { e } = oom(text);
    assert.equal(e.length, 1);
    assert.deepEqual([e[0].taskMemcg, e[0].oomMemcg, e[0].memcgOom, e[0].memcgUsageBytes, e[0].memcgLimitBytes, e[0].uptimeSeconds], ['/kubepods/burstable/pod1/c1', '/kubepods/burstable/pod1', true, 262144 * 1024, 262144 * 1024, 5]);
  });

  test('a lone oom-kill:constraint line is an event naming its victim', () => {
    const { e } = oom('oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=c1,mems_allowed=0,oom_memcg=/kubepods/pod1,task_memcg=/kubepods/pod1/c1,task=manager,pid=966,uid=0');
    assert.deepEqual(e.map((x) => [x.victimName, x.victimPid, x.victimUid, x.oomMemcg, x.constraint]), [['manager', 966, 0, '/kubepods/pod1', 'CONSTRAINT_MEMCG']]);
  });

  test('a task table whose header and rows a terminal wrapped (the tails indented, columns aligned) is read column by column', () => {
    // The shape of a real `dmesg -T` paste (test/wild oom-memcg-v1-6.8-mglru-…): 6.8's rss_anon/rss_file/rss_shmem columns.
    const p = '[Wed Mar 13 11:16:48 2024]';
    const text = `${p} dd invoked oom-killer: gfp_mask=0x101c4a(GFP_NOFS), order=3, oom_score_adj=0\n${p} Tasks state (memory values in pages):\n${p} [  pid  ]   uid  tgid total_vm      rss\nrss_anon rss_file rss_shmem pgtables_bytes swapents oom_score_adj name\n${p} [   6911]     0  6911    55506      640\n 256      384         0    73728        0             0 dd\n`;
    const { d, e } = oom(text);
    assert.deepEqual(e[0].tasks.map((t) => [t.pid, t.name, t.rssPages, t.rssAnonPages, t.rssFilePages, t.pgtablesBytes]), [[6911, 'dd', 640, 256, 384, 73728]]);
    assert.ok(!d.problems.some((x) => /task table row could not be read/.test(x.message)), JSON.stringify(d.problems));
  });

  test('a 2.6.1x show_mem dump without its Mem-info line is a memory dump: its counts read (mapped-anon, mapped-file), no kill claimed', () => {
    const text = 'Free pages:       85048kB (0kB HighMem)\nActive:6438386 inactive:1742978 dirty:0 writeback:0 unstable:0 free:21262 slab:7758 mapped-file:984 mapped-anon:7948245 pagetables:16991\nNode 0 DMA free:0kB min:0kB low:0kB high:0kB active:0kB inactive:0kB present:0kB pages_scanned:0 all_unreclaimable? no\nlowmem_reserve: 0 0 16160 16160\n';
    const a = analyzeText(text);
    const s = a.parsed.sections.find((x): x is OomReportSection => x.kind === 'oom-report')!;
    assert.ok(s, JSON.stringify(a.parsed.sections.map((x) => x.kind)));
    const e = s.events[0];
    assert.deepEqual([e.memInfoPages?.['mapped-anon'], e.memInfoPages?.['mapped-file'], e.memInfoPages?.free], [7948245, 984, 21262]);
    assert.match(oomTitle(e), /^Memory dump only/);
    assert.ok(!a.findings.some((f) => f.rule === 'oom-report/killed'), a.findings.map((f) => f.rule).join(', '));
    assert.deepEqual(a.parsed.problems.filter((p) => p.severity !== 'info'), []);
  });

  test('a file named for an OOM whose lines are no report (top rows) is read by its content', () => {
    const top = '  PID USER      PR  NI    VIRT    RES    SHR S  %CPU  %MEM     TIME+ COMMAND\n21988 mysql     15   0   31.0g    30g   4540 S   1.7  97.3 362:58.01 mysqld\n 5318 root      15   0   12872   1260    832 R   0.7   0.0   0:00.02 top\n';
    const a = analyzeText(top, { fileName: 'oom-debug.txt' });
    assert.deepEqual(a.parsed.sections.map((x) => [x.kind, x.variant]), [['unknown', 'process-rows']]);
    // A real report under that name is still one.
    assert.equal(analyzeText('[ 5.0] java invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\n', { fileName: 'oom-debug.txt' }).parsed.sections[0].kind, 'oom-report');
  });

  test('the 2.6.32–2.6.35 trigger, ending in oom_adj= alone, gives its mask and order (its oom_adj is not an oom_score_adj)', () => {
    const { e } = oom('[2006013.230723] mysqld invoked oom-killer: gfp_mask=0x201da, order=0, oom_adj=0\n[2006013.230735] Call Trace:\n');
    assert.deepEqual([e[0].invoker, e[0].gfpMask, e[0].order, e[0].invokerOomScoreAdj], ['mysqld', '0x201da', 0, undefined]);
  });

  test('the constraint key in another case (a web page\'s `cOnstraint=`) is still the constraint line', () => {
    const { e } = oom('oom-kill:cOnstraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=emulator,mems_allowed=0-1,oom_memcg=/machine.slice,task_memcg=/machine.slice/x.scope,task=kvm,pid=2016872,uid=0');
    assert.deepEqual(e.map((x) => [x.victimName, x.victimPid, x.oomMemcg, x.constraint]), [['kvm', 2016872, '/machine.slice', 'CONSTRAINT_MEMCG']]);
  });

  test('a report cut before its kill line keeps what it has', () => {
    const text = `[ 5.0] ${TRIGGER}\n[ 5.1] memory: usage 1024kB, limit 1024kB, failcnt 3\n[ 5.2] Memory cgroup stats for /a:\n[ 5.3] anon 1048576\n[ 5.4] Tasks state (memory values in pages):\n[ 5.5] [  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name\n[ 5.6] [    12]     0    12      100       50        4096        0             0 java\n`;
    const { d, e } = oom(text);
    assert.equal(e.length, 1);
    assert.deepEqual([e[0].memcgLimitBytes, e[0].memcgStats!.anon, e[0].tasks.length, e[0].victimPid], [1024 * 1024, 1048576, 1, undefined]);
    assert.deepEqual(d.problems.map((p) => [p.line, p.severity]), [[6, 'info']]);
  });

  test('oom_reaper: unable to reap marks a stuck reap on the victim\'s event', () => {
    const text = `[ 5.0] ${TRIGGER}\n[ 5.1] Out of memory: Killed process 77 (java) total-vm:4kB, anon-rss:4kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0\n[ 6.0] oom_reaper: unable to reap pid:77 (java)\n`;
    const { e } = oom(text);
    assert.deepEqual([e.length, e[0].reaperStuck, e[0].reaperLine, e[0].endLine], [1, true, 2, 2]);
  });

  test('a page allocation failure is a note on the section, not an OOM kill', () => {
    const text = [
      'Sep  8 16:40:44 host kernel: chrome: page allocation failure: order:7, mode:0x40a20(GFP_ATOMIC|__GFP_COMP), nodemask=(null)',
      'Sep  8 16:40:44 host kernel: CPU: 0 PID: 156918 Comm: chrome Not tainted 5.13.14 #5',
      'Sep  8 16:40:44 host kernel: Mem-Info:',
      'Sep  8 16:40:44 host kernel: active_anon:5244 inactive_anon:1494070 isolated_anon:0#012 active_file:1098885 inactive_file:4703460',
      'Sep  8 16:41:00 host kernel: swapper/0: page allocation failure. order:1, mode:0x20',
    ].join('\n');
    const { d, s, e } = oom(text);
    assert.deepEqual(e, []);
    assert.deepEqual(d.problems, []);
    assert.deepEqual(s.allocationFailures!.map((f) => [f.task, f.order, f.mode, f.line, f.endLine]), [
      ['chrome', 7, '0x40a20(GFP_ATOMIC|__GFP_COMP)', 0, 3], ['swapper/0', 1, '0x20', 4, 4],
    ]);
    assert.deepEqual(s.allocationFailures![0].memInfoPages, { active_anon: 5244, inactive_anon: 1494070, isolated_anon: 0, active_file: 1098885, inactive_file: 4703460 });
  });

  test('a wrapped, quoted allocation failure followed by an OOM kill', () => {
    const text = [
      '> Sep  8 16:40:44 host kernel: chrome: page allocation failure: order:7,',
      '> mode:0x40a20(GFP_ATOMIC|__GFP_COMP), nodemask=(null)',
      `> Sep  8 16:40:45 host kernel: ${TRIGGER}`,
      '> Sep  8 16:40:45 host kernel: Mem-Info:',
      '> Sep  8 16:40:45 host kernel: active_anon:1 inactive_anon:2 isolated_anon:0',
      '> Sep  8 16:40:45 host kernel: Out of memory: Killed process 77 (java) total-vm:4kB, anon-rss:4kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0',
    ].join('\n');
    const { d, s, e } = oom(text);
    assert.deepEqual(d.problems, []);
    assert.deepEqual(s.allocationFailures!.map((f) => [f.order, f.mode, f.endLine]), [[7, '0x40a20(GFP_ATOMIC|__GFP_COMP)', 1]]);
    assert.deepEqual(e.map((x) => [x.victimPid, x.startLine, x.memInfoPages]), [[77, 2, { active_anon: 1, inactive_anon: 2, isolated_anon: 0 }]]);
  });
});

describe('a series whose every capture reads the whole kernel log', () => {
  test('each kill is one event, kept where it first appears; a kill first seen in a later capture is counted', () => {
    const dmesg = fixture('memcg-oom-kubepods-burstable-dmesg.txt');
    const once = analyzeText(`2026-12-02T10:00:00+00:00\n==> dmesg <==\n${dmesg}\n`);
    const twice = analyzeText(`2026-12-02T10:00:00+00:00\n==> dmesg <==\n${dmesg}\n2026-12-02T10:00:10+00:00\n==> dmesg <==\n${dmesg}\n`);
    assert.ok(once.metrics.oom.length >= 1);
    assert.equal(twice.metrics.oom.length, once.metrics.oom.length);
    assert.equal(twice.findings.filter((f) => f.rule === 'oom-report/killed').length, once.findings.filter((f) => f.rule === 'oom-report/killed').length);
    assert.ok(twice.metrics.oom.every((o) => o.section === twice.parsed.sections.find((s) => s.kind === 'oom-report')!.index), 'kept in the first capture');
    // The first capture without the kills, the second with them: counted once, in the second.
    const later = analyzeText(`2026-12-02T10:00:00+00:00\n==> /proc/meminfo <==\n${fixture('kernel-3.2-no-memavailable.meminfo')}\n2026-12-02T10:00:10+00:00\n==> dmesg <==\n${dmesg}\n`);
    assert.equal(later.metrics.oom.length, once.metrics.oom.length);
  });
});

describe('OOM reports from the wild corpus (test/wild): layouts first seen there', () => {
  const wild = (name: string) => readFileSync(path.join(process.cwd(), 'test', 'wild', 'captures', name), 'utf8');

  test('a trigger and a task header wrapped right after a word by a mail client; a lowercase Mem-Info zone line does not end the report', () => {
    const a = analyzeText(wild('oom-global-arm64-5.4-kmemleak-object-2.4g-no-killable-panic-mail-wrapped.txt'));
    assert.deepEqual(a.parsed.sections.map((s) => s.kind), ['oom-report']);
    const second = a.metrics.oom[1];
    assert.equal(second.event.invoker, 'systemd');
    assert.equal(second.event.triggerLine, 7);
    assert.equal(second.event.tasks.length, 55);
    assert.equal(second.event.memInfoPages?.slab_unreclaimable, 795718);
  });

  test('"Out of memory and no killable processes" and the panic: no kill, a finding of its own', () => {
    const text = [
      '[ 5.1] systemd invoked oom-killer: gfp_mask=0x40cc0(GFP_KERNEL|__GFP_COMP), order=1, oom_score_adj=0',
      '[ 5.2] Mem-Info:',
      '[ 5.3] active_anon:100 inactive_anon:100 isolated_anon:0',
      '[ 5.3]  slab_reclaimable:10 slab_unreclaimable:9000',
      '[ 5.4] Out of memory and no killable processes...',
      '[ 5.5] Kernel panic - not syncing: System is deadlocked on memory',
    ].join('\n');
    const a = analyzeText(text);
    assert.deepEqual(a.findings.map((f) => [f.rule, f.severity, f.line]), [['oom-report/slab-dominated', 'warning', 0], ['oom-report/no-killable', 'critical', 4]]);
    const f = a.findings.find((x) => x.rule === 'oom-report/no-killable')!;
    assert.match(f.message, /invoked by systemd, found no process it could kill .*the kernel panicked: "System is deadlocked on memory"/);
    assert.deepEqual(a.parsed.problems, []);
    assert.equal(a.metrics.oom[0].event.panicLine, 5);
  });

  test('a syslog prefix elided to "... kernel:" and the 2.6 "Mem-info:" block: a global report with its invoker', () => {
    const a = analyzeText(wild('oom-global-2.6.24-i386-highmem-lowmem-exhausted-xorg-nvidia-elided-prefix-partial.txt'));
    const d = a.metrics.oom[0];
    assert.equal(d.event.invoker, 'Xorg');
    assert.equal(d.scope, 'global');
    assert.deepEqual([d.event.memInfoPages?.Active, d.event.memInfoPages?.free, d.event.memInfoPages?.slab], [375022, 30100, 11726]);
  });

  test('v1 one-line memcg stats wrapped mid-number: joined, and the dirty page cache is the cause', () => {
    const a = analyzeText(wild('oom-memcg-k8s-v1-4.x-cp-init-512m-dirty-page-cache-503m-wrapped-partial.txt'));
    const d = a.metrics.oom[0];
    assert.equal(d.event.memcgStats?.rss, 448 * 1024);
    assert.equal(d.event.memcgStats?.dirty, 503316 * 1024);
    assert.equal(d.story.cause, 'dirty-writeback');
    assert.match(a.findings.find((f) => f.rule === 'oom-report/killed')!.message, /dirty page cache waiting for writeback/);
  });

  test('a "Memory cgroup stats for" block alone is a memcg OOM: scope, pod and what filled it (shmem)', () => {
    const a = analyzeText(wild('oom-memcg-k8s-syslog-kata-pod-shmem-34g-stats-only-partial.txt'));
    const d = a.metrics.oom[0];
    assert.equal(d.scope, 'memcg');
    assert.equal(d.kubernetes?.podUid, '4f1cafb2-ae77-4900-bf22-043b19bb4ea4');
    assert.equal(d.story.cause, 'shmem');
    // Only the memory part of the report: the cgroup at its limit and what filled it, a warning, not a kill.
    const f = a.findings.find((x) => x.rule === 'oom-report/killed')!;
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /^The memory part of a memcg OOM report, with no line that invokes the OOM killer or names a victim/);
    assert.match(f.message, /shared memory \/ tmpfs .*31\.7 GiB .*find the files/);
    assert.doesNotMatch(f.message, /task table;/);
    // The same dump printed by hand (no OOM at all), its path wrapped onto the next line: the same reading.
    const hand = analyzeText(wild('memory-stat-v2-memcg-oom-meminfo-k8s-scope-7.4g-limit-full-of-page-cache-7g-irq-sock-charge-udp-drops.txt'));
    assert.equal(hand.metrics.oom[0].event.memcgStatsPath, '/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-podb8f4f0e9_fb95_4f2d_8443_e6a78f235c9a.slice/docker-9e7cad93b2e0774d49148474989b41fe6d67a5985d059d08d9d64495f1539a81.scope');
    assert.deepEqual(hand.findings.filter((x) => x.rule === 'oom-report/killed').map((x) => x.severity), ['warning']);
    // `Task in X killed as a result of limit of Y` says a kill happened: still critical.
    const taskIn = analyzeText('[ 1.0] Task in /docker/a killed as a result of limit of /docker/a\n[ 1.1] memory: usage 102360kB, limit 102400kB, failcnt 125402\n');
    assert.equal(taskIn.findings.find((x) => x.rule === 'oom-report/killed')!.severity, 'critical');
  });
});

describe('OOM reports from the wild corpus, round 3', () => {
  const wild = (name: string) => readFileSync(path.join(process.cwd(), 'test', 'wild', 'captures', name), 'utf8');

  test('the kill line\'s prefix says the scope: "Out of memory:" is global, "Memory cgroup out of memory:" a memcg', () => {
    const g = analyzeText('[ 1.0] Out of memory: Kill process 9 (redis) score 900 or sacrifice child\n[ 1.1] Killed process 9, UID 0, (redis) total-vm:100kB, anon-rss:90kB, file-rss:0kB\n');
    assert.deepEqual(g.metrics.oom.map((d) => [d.scope, d.event.victimPid]), [['global', 9]]);
    const a = analyzeText(wild('oom-global-centos7-3.10-oom-kill-allocating-task-grep-context-four-kills-partial.txt'));
    assert.ok(a.metrics.oom.every((d) => d.scope === 'global' && d.event.allocatingTask));
    assert.match(a.findings[0].message, /vm\.oom_kill_allocating_task is set: the kernel killed the task that was allocating/);
  });

  test('selection lines alone, one per restart: each is its own OOM', () => {
    const a = analyzeText(wild('oom-memcg-journal-repeated-java-selection-lines-only-score-1300-every-10min-partial.txt'));
    assert.equal(a.metrics.oom.length, 10);
    assert.deepEqual(a.metrics.oom.slice(0, 2).map((d) => [d.event.victimPid, d.scope]), [[19302, 'memcg'], [78753, 'memcg']]);
  });

  test('"Task in" cut off the line start still names the cgroup', () => {
    const a = analyzeText(wild('oom-memcg-docker-v1-100m-limit-no-task-in-prefix-memsw-kmem-three-counters.txt'));
    assert.equal(a.metrics.oom[0].limitedCgroup, '/docker/8fce98455ffa497e57269ae0520e5277b22f7e0934975523bb60d76ef9467b25');
    assert.equal(a.metrics.oom[0].event.memcgLimitBytes, 102400 * 1024);
  });

  test('Mem-Info zones: CMA that unmovable allocations may not use, and low memory beside a free HighMem', () => {
    const pi = analyzeText(wild('oom-global-rpi-32bit-dma-free-519m-all-cma-highmem-zone-dump-partial.txt'));
    assert.equal(pi.metrics.oom[0].scope, 'global');
    assert.deepEqual(pi.metrics.oom[0].story.zonesShort?.map((z) => [z.zone, z.usableKb, z.minKb]), [['DMA', 519112 - 513592, 10428]]);
    assert.match(pi.findings.find((f) => f.rule === 'oom-report/killed')!.message, /Zone DMA shows 507 MiB free, but 502 MiB of it is CMA/);
    const old = analyzeText(wild('oom-global-2.6.24-i386-highmem-lowmem-exhausted-xorg-nvidia-elided-prefix-partial.txt'));
    assert.deepEqual(old.metrics.oom[0].story.roomiestZone, { zone: 'HighMem', freeKb: 113132 });
    assert.match(old.findings[0].message, /Zone Normal had 3\.64 MiB free, below its min watermark of 3\.66 MiB\. Zone HighMem still had 110 MiB free, but it serves user pages only/);
  });

  test('systemd-oomd kills: the unit, the pressure or the swap, how many processes; no kernel OOM', () => {
    const p = analyzeText(wild('systemd-oomd-ubuntu-22.04-vte-scope-51pct-pressure-12-procs-journal.txt'));
    assert.deepEqual(p.findings.map((f) => [f.rule, f.severity, f.line]), [['oom-report/userspace-kill', 'critical', 0]]);
    assert.match(p.findings[0].message, /killed 12 processes of \/user\.slice\/.*vte-spawn-dbb4a75e-031f-480d-924b-5de5af7579d2\.scope because memory pressure of \/user\.slice\/user-1001\.slice\/user@1001\.service was 51\.07 % > 50\.00 % for more than 20s/);
    const w = analyzeText(wild('systemd-oomd-swap-kill-20.9g-swap-scope-2104-procs-marked-elided-path.txt'));
    assert.equal(w.metrics.oom.length, 1);
    assert.match(w.findings[0].message, /killed 2104 processes of .*swap use passed its limit .*used 20\.9G of swap \(35 cgroups considered\)/);
  });

  test('systemd-oomd in other layouts: short-monotonic journal, a wrapped kill line, a host-less journal, systemd 248 wording', () => {
    // Fixture lines (written here) in journalctl -o short-monotonic's layout, with and without a host.
    const mono = analyzeText('[   77.7] host1 systemd-oomd[659]: Memory pressure for /system.slice is 85.03% > 80.00% for > 2s with reclaim activity\n'
      + '[   77.8] systemd-oomd[659]: Marked /system.slice/a.service for killing due to memory pressure for /system.slice being 85.03% > 80.00% for > 2s with reclaim activity\n'
      + '[   77.9] systemd[1]: a.service: systemd-oomd killed 3 process(es) in this unit.\n');
    assert.deepEqual(mono.metrics.oom.map((d) => [d.event.userspace?.cgroup, d.event.userspace?.pressureOf, d.event.userspace?.processes, d.event.userspace?.unit]), [['/system.slice/a.service', '/system.slice', 3, 'a.service']]);
    assert.match(mono.findings[0].message, /killed 3 processes of \/system\.slice\/a\.service because memory pressure of \/system\.slice was 85\.03 % > 80\.00 %/);
    const wrapped = analyzeText(wild('systemd-oomd-journal-kill-line-hand-wrapped-tmux-server-service-55-processes-56pct.txt'));
    assert.deepEqual(wrapped.findings.map((f) => [f.rule, f.severity]), [['oom-report/userspace-kill', 'critical']]);
    assert.match(wrapped.findings[0].message, /killed 55 processes of \/user\.slice\/.*overdeck-tmux-server\.service because memory pressure of \/user\.slice\/user-1000\.slice\/user@1000\.service was 56\.11 % > 50\.00 % for more than 20s/);
    const old = analyzeText(wild('systemd-oomd-248-rc-fedora-rawhide-old-wording-greater-than-10-no-killed-line-podman-container-died-partial.txt'));
    assert.deepEqual(old.findings.map((f) => [f.rule, f.severity]), [['oom-report/userspace-kill', 'warning']]);
    assert.match(old.findings[0].message, /went to kill a cgroup under \/user\.slice\/user-1000\.slice\/user@1000\.service because memory pressure .* stayed above 10 % for more than 10s .*does not name what it killed/);
  });

  test('oom_score_adj gives no QoS to a task in a login session; digit grouping in a kill line is read', () => {
    const s = analyzeText(wild('oom-global-stress-ng-oom-pipe-user-slice-session-adj-1000-kill-then-journald-invokes-partial.txt'));
    assert.equal(s.metrics.oom[0].qos, undefined);
    const c = analyzeText(wild('oom-global-dmesg-T-en-python-26g-comma-grouped-numbers-wrapped-rows.txt'));
    assert.equal(c.metrics.oom[0].event.victimAnonRssBytes, 15370088 * 1024);
  });
});

describe('OOM reports from the wild corpus, round 5', () => {
  const wild = (name: string) => readFileSync(path.join(process.cwd(), 'test', 'wild', 'captures', name), 'utf8');

  test('a log indented as a whole, a trigger wrapped over three lines, `Killed` / `process N` split by a mailer', () => {
    const a = analyzeText('     [41368.535735] Memory cgroup out of memory: Killed process 128824 (rsync) total-vm:1400kB, anon-rss:100kB, file-rss:0kB, shmem-rss:0kB\n');
    assert.deepEqual(a.metrics.oom.map((d) => [d.event.victimPid, d.scope, d.event.uptimeSeconds]), [[128824, 'memcg', 41368.535735]]);
    const b = analyzeText('[Wed Mar 13 11:16:48 2024] dd invoked oom-killer:\ngfp_mask=0x101c4a(GFP_NOFS|__GFP_HIGHMEM),\norder=3, oom_score_adj=0\n');
    assert.deepEqual([b.metrics.oom[0].event.invoker, b.metrics.oom[0].event.order, b.metrics.oom[0].event.wrappedLines], ['dd', 3, [1, 2]]);
    const c = analyzeText('Jan 25 14:59:30 host kernel: Out of memory: Killed\nprocess 925 (firewalld) total-vm:298292kB, anon-rss:21912kB, file-rss:0kB, shmem-rss:0kB\n');
    assert.deepEqual(c.metrics.oom.map((d) => [d.event.victimName, d.event.victimPid, d.scope]), [['firewalld', 925, 'global']]);
  });

  test('a console message glued after program output, a trigger cut after "invoked oom-killer", a wrapped EFLAGS line', () => {
    const g = analyzeText(wild('oom-global-i386-5.7-next-mkfs-ext4-lowmem-normal-blockdev-cache-highmem-1g-free-wrapped.txt'));
    assert.equal(g.metrics.oom[0].event.invoker, 'mkfs.ext4');
    const e = analyzeText('[ 2786.519080] mem_on_node0 invoked oom-killer\n[ 2787.2] oom-kill:constraint=CONSTRAINT_CPUSET,nodemask=(null),cpuset=test,mems_allowed=0,global_oom,task_memcg=/,task=mem_on_node1,pid=13432,uid=0\n');
    assert.equal(e.metrics.oom[0].event.invoker, 'mem_on_node0');
    const h = analyzeText(wild('oom-global-hyperv-rhel8-4.18-dynamic-memory-balloon-12g-gone-tmpfs-shmem-2.8g-journal-cut-wrapped.txt'));
    assert.deepEqual(h.parsed.sections.map((s) => s.kind), ['oom-report']);
    assert.deepEqual(h.metrics.oom.filter((d) => d.event.victimPid !== undefined).map((d) => [d.event.invoker, d.event.victimName]), [['tuned', 'firewalld']]);
  });

  test('a cpuset- or policy-constrained OOM says only the allowed nodes ran out, and names no node-wide cause', () => {
    const a = analyzeText(wild('oom-global-cpuset-constraint-5.8-docker-movable-node-4-containerd-killed-indented.txt'));
    const f = a.findings.find((x) => x.rule === 'oom-report/killed')!;
    assert.match(f.message, /because of the memory nodes its cpuset allows running out \(CONSTRAINT_CPUSET, mems_allowed=4\), not the whole node/);
    assert.doesNotMatch(f.message, /What filled it/);
  });

  test('a report that ends in a panic_on_oom panic killed nothing', () => {
    const a = analyzeText('[ 1.0] syz invoked oom-killer: gfp_mask=0x0(), order=0, oom_score_adj=1000\n[ 1.1] Kernel panic - not syncing: Out of memory: system-wide panic_on_oom is enabled\n');
    assert.deepEqual(a.findings.map((x) => [x.rule, x.line]), [['oom-report/no-killable', 1]]);
    assert.match(a.findings[0].message, /killed nothing: the kernel panicked instead .*because vm\.panic_on_oom is set/);
  });

  test('no QoS guessed from an oom_score_adj of 2…999 without a pod path; 1000 and −997 still say one', () => {
    const kill = (adj: number) => analyzeText(`[ 1.0] Out of memory: Killed process 9 (x) total-vm:100kB, anon-rss:90kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:${adj}\n`).metrics.oom[0].qos;
    assert.equal(kill(200), undefined);
    assert.equal(kill(1000), 'BestEffort');
    assert.equal(kill(-997), 'Guaranteed');
  });
});

describe('OOM reports from the wild corpus, round 8', () => {
  test('a syslog paste indented as a whole (a markdown code block) keeps its prefix off', () => {
    const a = analyzeText('    Mar 13 13:18:41 newmth kernel: [630250.830734] Out of memory: Kill process 16886 (ruby) score 750 or sacrifice child\n    Mar 13 13:18:41 newmth kernel: [630250.830740] Killed process 16886 (ruby) total-vm:5029280kB, anon-rss:3025732kB, file-rss:0kB\n');
    assert.deepEqual(a.metrics.oom.map((d) => [d.event.victimName, d.event.victimPid, d.scope]), [['ruby', 16886, 'global']]);
  });

  test('a report cut right after its invocation says the killer was invoked, not whom it killed', () => {
    const a = analyzeText('[ 5.0] java invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\n[ 5.1] CPU: 1 PID: 77 Comm: java\n');
    assert.match(a.findings[0].message, /^The OOM killer was invoked by java because of an OOM; the capture stops before it names a victim/);
  });

  test('a free table with no command line and a total too small to be KiB is read as MiB, and says so', () => {
    const d = parseDocument('              total        used        free      shared  buff/cache   available\nMem:           3895        3470         130           1         294         204\nSwap:             0           0           0\n');
    const s = d.sections[0] as import('../../src/model').KeyValueSection;
    assert.equal(s.byKey.MemTotal.bytes, 3895 * 2 ** 20);
    assert.ok(d.problems.some((p) => /read as MiB \(free -m\)/.test(p.message)));
  });
});

describe('OOM titles', () => {
  test('a report with no victim line is titled so, not "? (pid ?)"', async () => {
    const { oomTitle } = await import('../../src/report/oomTitle');
    const a = analyzeText('[ 5.0] java invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\n');
    assert.equal(oomTitle(a.metrics.oom[0].event), 'OOM (no line of the capture names a victim)');
    const k = analyzeText('[ 1.0] Out of memory: Killed process 9 (x) total-vm:100kB, anon-rss:90kB, file-rss:0kB, shmem-rss:0kB\n');
    assert.equal(oomTitle(k.metrics.oom[0].event), 'OOM kill: x (pid 9)');
  });
});

describe('journal layouts', () => {
  test('journalctl\'s multi-line message: the memcg stats lines indented under the first, without the prefix, are read', () => {
    // A fixture in the layout of a real paste (test/wild oom-memcg-v2-docker-8m-…).
    const t = ['May 17 19:54:29 vm kernel: apk invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0',
      'May 17 19:54:29 vm kernel: memory: usage 8192kB, limit 8192kB, failcnt 282377',
      'May 17 19:54:29 vm kernel: Memory cgroup stats for /system.slice/docker-31.scope:',
      'May 17 19:54:29 vm kernel: anon 7688192', '                            file 49152', '                            sock 0',
      'May 17 19:54:29 vm kernel: Memory cgroup out of memory: Killed process 3974 (apk) total-vm:8000kB, anon-rss:7508kB, file-rss:588kB, shmem-rss:0kB, UID:0 pgtables:60kB oom_score_adj:0', ''].join('\n');
    const e = analyzeText(t).metrics.oom[0].event;
    assert.deepEqual(e.memcgStats, { anon: 7688192, file: 49152, sock: 0 });
    assert.equal(e.victimName, 'apk');
  });
});

describe('order', () => {
  test('a report pasted out of order is read in the order of its uptime stamps; a reboot between two reports is not reordered', () => {
    // A fixture in the shape of a real paste (test/wild oom-passenger-ruby-…): the trigger pasted after the kill.
    const t = ['[630250.830734] Out of memory: Kill process 16886 (ruby) score 750 or sacrifice child',
      '[630250.830790] Killed process 16886 (ruby) total-vm:5029280kB, anon-rss:3025732kB, file-rss:0kB',
      '[630250.830457] PassengerAgent invoked oom-killer: gfp_mask=0x2084d0, order=0, oom_score_adj=0', ''].join('\n');
    const events = analyzeText(t).metrics.oom;
    assert.deepEqual(events.map((d) => [d.event.invoker, d.event.victimName, d.event.startLine, d.event.endLine]), [['PassengerAgent', 'ruby', 0, 2]]);
    // Uptime falling by more than a second is another boot (or another log): two reports, as pasted.
    const reboot = ['[ 900.1] a invoked oom-killer: gfp_mask=0x0, order=0, oom_score_adj=0', '[ 900.2] Killed process 1 (a) total-vm:1kB, anon-rss:1kB, file-rss:0kB',
      '[  12.1] b invoked oom-killer: gfp_mask=0x0, order=0, oom_score_adj=0', '[  12.2] Killed process 2 (b) total-vm:1kB, anon-rss:1kB, file-rss:0kB', ''].join('\n');
    assert.deepEqual(analyzeText(reboot).metrics.oom.map((d) => [d.event.invoker, d.event.victimName]), [['a', 'a'], ['b', 'b']]);
  });
});
