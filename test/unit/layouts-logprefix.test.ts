import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { clockToIso, readLogPrefix, splitRsyslogEscapes } from '../../src/formats/logPrefix';
import { parseDocument } from '../../src/formats/parse';
import type { OomReportSection } from '../../src/model';

const KILL = 'Out of memory: Killed process 4242 (java) total-vm:8000kB, anon-rss:4000kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:40kB oom_score_adj:0';
const TRIGGER = 'java invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0';
/** The message after the prefix, and the prefix's facts. */
const read = (line: string) => { const p = readLogPrefix(line); return { msg: line.slice(p.length), ...p }; };
const events = (text: string) => {
  const d = parseDocument(text);
  const s = d.sections.find((x) => x.kind === 'oom-report') as OomReportSection | undefined;
  assert.ok(s, `no oom-report section in ${JSON.stringify(d.sections.map((x) => x.kind))}`);
  return { d, s, e: s.events };
};

describe('log prefixes', () => {
  test('syslog and journal with fractional seconds', () => {
    const s = read(`Jan  2 03:04:05.123456 host kernel: ${KILL}`);
    assert.equal(s.msg, KILL);
    assert.equal(s.clock, 'Jan  2 03:04:05.123456');
    assert.equal(s.iso, undefined, 'syslog has no year');
    const j = read(`2024-01-02T03:04:05.123456+00:00 host kernel: ${KILL}`);
    assert.equal(j.msg, KILL);
    assert.equal(j.iso, '2024-01-02T03:04:05.123+00:00');
  });

  test('syslog with no host name', () => {
    const p = read(`Aug 19 00:32:04 kernel: [ 9610.328772] ${KILL}`);
    assert.deepEqual([p.msg, p.clock, p.uptime], [KILL, 'Aug 19 00:32:04', 9610.328772]);
  });

  test('dmesg -x facility and level', () => {
    const a = read(`kern  :err   : [  12.34] ${KILL}`);
    assert.deepEqual([a.msg, a.facility, a.level, a.uptime], [KILL, 'kern', 'err', 12.34]);
    const b = read(`kern  :info  : ${KILL}`);
    assert.deepEqual([b.msg, b.facility, b.level], [KILL, 'kern', 'info']);
  });

  test('dmesg -T in German, Chinese, French and English', () => {
    for (const [clock, iso] of [
      ['Di Mär  5 10:11:12 2024', '2024-03-05T10:11:12'], ['二 3月  5 10:11:12 2024', '2024-03-05T10:11:12'],
      ['mar. déc.  3 01:02:03 2024', '2024-12-03T01:02:03'], ['Tue Nov 24 03:12:07 2026', '2026-11-24T03:12:07'],
      ['Do Dez  3 14:02:11 2026', '2026-12-03T14:02:11'],
    ]) {
      const p = read(`[${clock}] ${KILL}`);
      assert.equal(p.msg, KILL, clock);
      assert.equal(p.clock, clock);
      assert.equal(p.iso, iso, clock);
    }
    assert.equal(clockToIso('Xyz Foo  3 14:02:11 2026'), undefined, 'an unknown month gives no date');
    assert.equal(clockToIso('Nov 24 03:12:07'), undefined);
  });

  test('caller ids and printk levels', () => {
    assert.deepEqual([read(`[  123.456789][ T1234] ${KILL}`).msg, read(`[  123.456789][ T1234] ${KILL}`).uptime], [KILL, 123.456789]);
    assert.equal(read(`[ C3] ${KILL}`).msg, KILL);
    assert.equal(read(`[   T77] ${KILL}`).msg, KILL);
    const l = read(`<6>[  1.2] ${KILL}`);
    assert.deepEqual([l.msg, l.level, l.uptime], [KILL, 'info', 1.2]);
    assert.deepEqual([read(`<4>${KILL}`).msg, read(`<4>${KILL}`).level], [KILL, 'warn']);
  });

  test('email quoting, CI timestamps, hypervisor guest logs', () => {
    assert.equal(read(`> [  1.2] ${KILL}`).msg, KILL);
    assert.equal(read(`>> > [  1.2] ${KILL}`).msg, KILL);
    const ci = read(`2024-01-01T12:00:00.1234567Z [  1.2] ${KILL}`);
    assert.deepEqual([ci.msg, ci.uptime, ci.iso], [KILL, 1.2, '2024-01-01T12:00:00.123Z']);
    const ciSyslog = read(`2024-01-01T12:00:00.1234567Z Jan  2 03:04:05 host kernel: ${KILL}`);
    assert.equal(ciSyslog.msg, KILL);
    const vm = read(`2024-01-01T12:00:00.123Z In(05) vcpu-5 - Guest: <6>[  1.2] ${KILL}`);
    assert.deepEqual([vm.msg, vm.uptime, vm.iso], [KILL, 1.2, '2024-01-01T12:00:00.123Z']);
    const old = read(`2024-01-01T12:00:00.123-08:00| vcpu-0| I005: Guest: [  1.2] ${KILL}`);
    assert.deepEqual([old.msg, old.iso], [KILL, '2024-01-01T12:00:00.123-08:00']);
    // A journal line with a Z stamp is the journal's, not a CI prefix.
    const z = read(`2024-01-02T03:04:05.5Z host kernel: ${KILL}`);
    assert.deepEqual([z.msg, z.clock], [KILL, '2024-01-02T03:04:05.5Z']);
  });

  test('grep and grep -n prefixes before a log line', () => {
    assert.equal(read(`/var/log/kern.log:123:Jan  2 03:04:05 host kernel: ${KILL}`).msg, KILL);
    assert.equal(read(`/var/log/kern.log:Jan  2 03:04:05 host kernel: ${KILL}`).msg, KILL);
    assert.equal(read(`kern.log.1:[  1.2] ${KILL}`).msg, KILL);
    assert.equal(read(`17:[  1.2] ${KILL}`).msg, KILL);
    // Not a log line: nothing is taken.
    assert.equal(readLogPrefix('MemTotal:  1000 kB').length, 0);
    assert.equal(readLogPrefix('/proc/meminfo:MemTotal:  1000 kB').length, 0);
  });

  test('rsyslog #012 splits one line into its records, #011 keeps columns', () => {
    assert.deepEqual(splitRsyslogEscapes('a#012b#012c'), [{ text: 'a', offset: 0 }, { text: 'b', offset: 5 }, { text: 'c', offset: 10 }]);
    assert.deepEqual(splitRsyslogEscapes('x#011y'), [{ text: 'x    y', offset: 0 }]);
    const text = [
      `Jan  2 03:04:05 node1 kernel: [ 100.1] ${TRIGGER}`,
      'Jan  2 03:04:05 node1 kernel: [ 100.2] memory: usage 1024kB, limit 1024kB, failcnt 9',
      'Jan  2 03:04:05 node1 kernel: [ 100.3] Memory cgroup stats for /kubepods/pod1:#012anon 1048576#012file 4096#012kernel 8192',
      'Jan  2 03:04:05 node1 kernel: [ 100.4] Tasks state (memory values in pages):#012[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name#012[   4242]     0  4242     2000     1000        40960        0             0 java',
      `Jan  2 03:04:05 node1 kernel: [ 100.5] ${KILL}`,
    ].join('\n');
    const { d, e } = events(text);
    assert.deepEqual(d.problems, []);
    assert.equal(e.length, 1);
    assert.deepEqual(e[0].memcgStats, { anon: 1048576, file: 4096, kernel: 8192 });
    assert.deepEqual(e[0].tasks.map((t) => [t.pid, t.rssPages, t.name, t.line]), [[4242, 1000, 'java', 3]]);
    assert.equal(e[0].taskTableLine, 3);
  });
});

describe('event time and section capture time from the log prefix', () => {
  test('dmesg -T (German): time as printed, timeIso, section capturedAt', () => {
    const { s, e } = events(`[Di Mär  5 10:11:12 2024] ${TRIGGER}\n[Di Mär  5 10:11:13 2024] ${KILL}\n`);
    assert.deepEqual([e[0].time, e[0].timeIso], ['Di Mär  5 10:11:13 2024', '2024-03-05T10:11:13']);
    assert.equal(s.capturedAt, '2024-03-05T10:11:13');
  });

  test('the log date wins over a date line above the paste', () => {
    const { s } = events(`Tue Mar  5 12:00:00 UTC 2024\n2024-03-05T10:11:12.5+01:00 node1 kernel: ${TRIGGER}\n2024-03-05T10:11:12.6+01:00 node1 kernel: ${KILL}\n`);
    assert.equal(s.capturedAt, '2024-03-05T10:11:12.600+01:00');
  });

  test('uptime only: uptimeSeconds, no capturedAt from the log', () => {
    const { s, e } = events(`[  77.5] ${TRIGGER}\n[  77.6] ${KILL}\n`);
    assert.deepEqual([e[0].uptimeSeconds, e[0].time, e[0].timeIso, s.capturedAt], [77.6, undefined, undefined, undefined]);
  });

  test('syslog with no year keeps the date line above as capturedAt', () => {
    const { s, e } = events(`2024-03-05T12:00:00Z\nMar  5 10:11:12 node1 kernel: ${KILL}\n`);
    assert.equal(e[0].time, 'Mar  5 10:11:12');
    assert.equal(s.capturedAt, '2024-03-05T12:00:00Z');
  });

  test('every layout of the brief reads the same event', () => {
    const layouts = [
      (m: string) => `Jan  2 03:04:05.123456 host kernel: ${m}`,
      (m: string) => `2024-01-02T03:04:05.123456+00:00 host kernel: ${m}`,
      (m: string) => `kern  :err   : [  12.34] ${m}`,
      (m: string) => `kern  :info  : ${m}`,
      (m: string) => `[二 3月  5 10:11:12 2024] ${m}`,
      (m: string) => `[  123.456789][ T1234] ${m}`,
      (m: string) => `[ C3] ${m}`,
      (m: string) => `<4>[  1.2] ${m}`,
      (m: string) => `> [  1.2] ${m}`,
      (m: string) => `>> [  1.2] ${m}`,
      (m: string) => `2024-01-01T12:00:00.1234567Z [  1.2] ${m}`,
      (m: string) => `2024-01-01T12:00:00.123Z In(05) vcpu-5 - Guest: <6>[  1.2] ${m}`,
      (m: string) => `/var/log/kern.log:12:Jan  2 03:04:05 host kernel: ${m}`,
    ];
    for (const f of layouts) {
      const { d, e } = events(`${f(TRIGGER)}\n${f(KILL)}\n`);
      assert.equal(d.sections.length, 1, f('…'));
      assert.deepEqual(e.map((x) => [x.invoker, x.victimPid, x.victimName, x.victimAnonRssBytes]), [['java', 4242, 'java', 4000 * 1024]], f('…'));
      assert.deepEqual(d.problems, [], f('…'));
    }
  });
});

describe('log prefixes first seen in the wild corpus', () => {
  test('a syslog prefix elided to "... kernel:" (the poster hid the date and host)', () => {
    const p = read(`... kernel: [430837.193448] ${TRIGGER}`);
    assert.deepEqual([p.msg, p.uptime], [TRIGGER, 430837.193448]);
    // An ellipsis that is not a syslog prefix stays text.
    assert.equal(read('... and then it died').length, 0);
  });

  test('a syslog prefix cut to "kernel:" alone, and rsyslog\'s empty second tag ("kernel: : [ 12.3]")', () => {
    const p = read(`kernel: ${TRIGGER}`);
    assert.equal(p.msg, TRIGGER);
    assert.equal(events(`kernel: ${TRIGGER}\nkernel: Call Trace:\n`).e[0].invoker, 'java');
    const q = read(`Dec 27 09:19:05 2013 kernel: : [277622.359064] ${TRIGGER}`);
    assert.deepEqual([q.msg, q.clock, q.uptime], [TRIGGER, 'Dec 27 09:19:05', 277622.359064]);
    // A word "kernel:" inside prose is not a prefix; nor a colon that starts the message itself.
    assert.equal(read('kernelversion: 5.4').length, 0);
    assert.equal(read(`Aug 19 00:32:04 host app: : not a kernel line`).msg, ': not a kernel line');
  });

  test('OpenWrt logread: a full date and facility.level before the program', () => {
    const p = read(`Fri Aug  7 08:24:06 2026 kern.err kernel: [13579.902481] ${KILL}`);
    assert.deepEqual([p.msg, p.clock, p.iso, p.uptime], [KILL, 'Fri Aug  7 08:24:06 2026', '2026-08-07T08:24:06', 13579.902481]);
  });

  test('journalctl -o verbose MESSAGE= fields and markdown bold are taken off', () => {
    assert.equal(read(`    MESSAGE=${KILL}`).msg, KILL);
    const b = read(`**Fri Aug  7 08:24:06 2026 kern.info kernel: [13579.902296] ${KILL}`);
    assert.equal(b.msg, KILL);
    const { e } = events(`Thu 2023-02-02 11:49:13.015489 CET [s=1d8f;i=10823659]\n    MESSAGE=${KILL.replace('Out of memory', 'Memory cgroup out of memory')}\n`);
    assert.deepEqual(e.map((x) => [x.victimPid, x.memcgOom]), [[4242, true]]);
  });
});

describe('log prefixes first seen in the wild corpus, round 6', () => {
  test('a klog line relaying dmesg --reltime output (minikube): both prefixes off, the message read', () => {
    const p = read(`I0601 23:23:10.447437   13604 utils.go:240] > [  +0.000005] ${KILL}`);
    assert.equal(p.msg, KILL);
  });
});

describe('log prefixes of journal output modes, forwarders and log viewers', () => {
  const MSG = 'memory: usage 1048576kB, limit 1048576kB, failcnt 2381';
  test('journalctl -o short-full and -o short-unix: host and tag off, the time kept as a date', () => {
    const f = read(`Tue 2024-01-02 03:04:05 UTC ip-10-0-1-2 kernel: ${KILL}`);
    assert.deepEqual([f.msg, f.iso], [KILL, '2024-01-02T03:04:05Z']);
    const u = read(`1704164645.123456 ip-10-0-1-2 kernel: ${KILL}`);
    assert.deepEqual([u.msg, u.iso], [KILL, '2024-01-02T03:04:05.123Z']);
  });

  test('RFC 5424 syslog and a raw syslog record with its PRI in front', () => {
    const r = read(`<4>1 2024-01-02T03:04:05.123Z ip-10-0-1-2 kernel - - - ${KILL}`);
    assert.deepEqual([r.msg, r.iso], [KILL, '2024-01-02T03:04:05.123Z']);
    const p = read(`<4>Jan  2 03:04:05 ip-10-0-1-2 kernel: [12345.678992] ${KILL}`);
    assert.deepEqual([p.msg, p.uptime], [KILL, 12345.678992]);
    // A printk level alone is not a syslog PRI: `<4>` before a message stays a level.
    assert.deepEqual([read(`<4>${KILL}`).msg, read(`<4>${KILL}`).level], [KILL, 'warn']);
  });

  test('dmesg -H / -e: the minute stamp (`[Dec 8 12:07]`, `[Dec12 12:07]`) and the relative times after it', () => {
    assert.equal(read(`[Dec 8 12:07] ${KILL}`).msg, KILL);
    assert.equal(read(`[Dec12 12:07] ${KILL}`).msg, KILL);
    assert.equal(read(`[  +0.000021] ${KILL}`).msg, KILL);
  });

  test('a CI or exported-log stamp before a dmesg line whose message starts "word:" keeps the word', () => {
    // The ISO syslog layout read `[12345.678992]` as a host and `memory:` as a tag, losing the usage line.
    assert.equal(read(`2024-01-02T03:04:05.019Z [12345.678992] ${MSG}`).msg, MSG);
    assert.equal(read(`2024-01-02T03:04:05.019Z\t[12345.678992] ${MSG}`).msg, MSG);
    assert.equal(read(`2024-01-02 03:04:05.019\t${MSG}`).msg, MSG);
    assert.equal(read(`[2024-01-02T03:04:05.019Z] [12345.678992] ${MSG}`).msg, MSG);
    assert.equal(read(`[2024-01-02T03:04:05.019Z] [12345.678992] ${MSG}`).iso, '2024-01-02T03:04:05.019Z');
  });

  test('cat -n line numbers and a TAB-indented log are taken off; a TAB-indented table row is not a log line', () => {
    assert.equal(read(`    12\t[12345.678992] ${MSG}`).msg, MSG);
    assert.equal(read(`\t[12345.678992] ${MSG}`).msg, MSG);
    assert.equal(readLogPrefix('    12\t34').length, 0);
    assert.equal(readLogPrefix('\tMemTotal: 1 kB').length, 0);
  });

  test('a memcg OOM behind each of these prefixes keeps its victim, limit and usage', () => {
    const body = [TRIGGER, MSG, 'Memory cgroup out of memory: Killed process 4242 (java) total-vm:8000kB, anon-rss:4000kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:40kB oom_score_adj:0'];
    const prefixes = [
      (i: number) => `Tue 2024-01-02 03:04:0${i} UTC n1 kernel: `,
      (i: number) => `170416464${i}.000001 n1 kernel: `,
      (i: number) => `<4>1 2024-01-02T03:04:0${i}.1Z n1 kernel - - - `,
      (i: number) => `2024-01-02T03:04:0${i}.1Z\t[1234.00${i}] `,
      (i: number) => `[Jan 2 03:0${i}] `,
    ];
    for (const p of prefixes) {
      const { e } = events(body.map((l, i) => p(i) + l).join('\n'));
      assert.equal(e.length, 1, p(0));
      assert.deepEqual([e[0].victimPid, e[0].memcgLimitBytes, e[0].memcgUsageBytes], [4242, 1073741824, 1073741824], p(0));
    }
  });
});
