import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument } from '../../src/formats/parse';
import type { KeyValueSection, PressureSection, Section, SlabinfoSection } from '../../src/model';
import { fixture, meminfo } from './helpers';

const brief = (s: Section) => [s.kind, s.variant, s.source, s.startLine, s.endLine, s.capturedAt];
const PSI = 'some avg10=0.00 avg60=0.00 avg300=0.00 total=0\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0';

describe('slabtop', () => {
  test('slabtop -o with its summary: caches in the slabinfo shape, derived columns marked approximate', () => {
    const text = fixture('fixture-slabtop-o-slub-with-summary.txt');
    const d = parseDocument(text);
    assert.deepEqual(d.problems, []);
    assert.deepEqual(d.sections.map((s) => [s.kind, s.variant]), [['slabinfo', 'slabtop']]);
    const s = d.sections[0] as SlabinfoSection;
    assert.equal(s.caches.length, 5);
    const k = s.caches[0];
    assert.deepEqual([k.name, k.numObjs, k.activeObjs, k.objSize, k.numSlabs, k.activeSlabs, k.objPerSlab, k.pagesPerSlab, k.cacheSizeBytes],
      ['kmalloc-192', 2124486, 2124486, 195, 101166, 101166, 21, 1, 404664 * 1024]);
    assert.equal(s.caches.find((c) => c.name === 'task_struct')!.pagesPerSlab, 8);
    assert.equal(s.caches.find((c) => c.name === 'dma-kmalloc-64')!.pagesPerSlab, 0);
    assert.deepEqual(s.approximate, ['objSize', 'pagesPerSlab', 'activeSlabs']);
    assert.deepEqual(s.slabtopSummary, {
      activeObjects: 9824285, totalObjects: 9902782, activeSlabs: 324643, totalSlabs: 324643, activeCaches: 74, totalCaches: 95,
      activeSizeBytes: Math.round(2888893.34 * 1024), totalSizeBytes: Math.round(2904551.59 * 1024), minObjectBytes: 10, avgObjectBytes: 297, maxObjectBytes: Math.round(18.62 * 1024),
    });
    // Spans: the name and the CACHE SIZE column (standing for pages per slab).
    const line = text.split('\n')[k.line];
    assert.equal(line.slice(k.nameSpan.start, k.nameSpan.end), 'kmalloc-192');
    assert.equal(line.slice(k.columnSpans[4].start, k.columnSpans[4].end), '404664K');
    assert.equal(line.slice(k.columnSpans[2].start, k.columnSpans[2].end), '0.19K');
  });

  test('rows alone (no summary, no header), SLAB era, detected by content', () => {
    const text = '  OBJS ACTIVE  USE OBJ SIZE  SLABS OBJ/SLAB CACHE SIZE NAME\n 35670  35412  99%    0.12K   1189       30      4756K dentry_cache\n  8610   8594  99%    0.54K   1230        7      4920K ext3_inode_cache\n';
    const d = parseDocument(text);
    assert.deepEqual(d.problems, []);
    const s = d.sections[0] as SlabinfoSection;
    assert.deepEqual([s.kind, s.variant, s.caches.map((c) => [c.name, c.pagesPerSlab])], ['slabinfo', 'slabtop', [['dentry_cache', 1], ['ext3_inode_cache', 1]]]);
    const bare = parseDocument(' 35670  35412  99%    0.12K   1189       30      4756K dentry_cache\n');
    assert.deepEqual(bare.sections.map((x) => [x.kind, x.variant]), [['slabinfo', 'slabtop']]);
  });

  test('a slabtop row gone wrong is a problem on its line; a non-4K page size says so', () => {
    const text = '  OBJS ACTIVE  USE OBJ SIZE  SLABS OBJ/SLAB CACHE SIZE NAME\n 35670  35412  99%    0.12K   1189       30      4756K dentry\n 100  200  200%    0.12K   3       30      12K odd\n';
    const d = parseDocument(text, { pageSize: 65536 });
    assert.deepEqual(d.problems.map((p) => [p.line, p.severity]), [[1, 'info'], [2, 'warning'], [2, 'info']]);
    assert.match(d.problems[1].message, /ACTIVE \(200\) exceeds OBJS \(100\)/);
  });

  test('slabinfo after slabtop stays its own section', () => {
    const text = `${fixture('fixture-slabtop-o-slub-with-summary.txt')}\nslabinfo - version: 2.1\n# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>\ndentry            2369308 2369325    192   21    1 : tunables    0    0    0 : slabdata 112825 112825      0\n`;
    const d = parseDocument(text);
    assert.deepEqual(d.sections.map((s) => [s.kind, s.variant, (s as SlabinfoSection).caches.length]), [['slabinfo', 'slabtop', 5], ['slabinfo', undefined, 1]]);
  });
});

describe('shell sessions', () => {
  test('prompts: [root@host dir]#, [dir]#, #cmd, host dir #, user@host:~$, (venv) prompts, ~ # on its own line', () => {
    const prompts = [
      '[root@node1 ~]# cat /proc/pressure/memory', '[proc]# cat /proc/pressure/memory', '#cat /proc/pressure/memory', 'admin proc # cat /proc/pressure/memory', 'root@worker-01 /opt/docker # cat /proc/pressure/memory',
      'user@host:~$ cat /proc/pressure/memory', '(base) [me@gpu01 work]$ cat /proc/pressure/memory', ' ~ # cat /proc/pressure/memory',
    ];
    for (const p of prompts) {
      const d = parseDocument(`${p}\n${PSI}\n`);
      assert.deepEqual(d.sections.map((s) => [s.kind, s.variant, s.headerLine, s.startLine]), [['pressure', 'memory', 0, 1]], p);
      assert.deepEqual(d.problems, [], p);
    }
    const two = parseDocument(`[root@node10.example.org]\n ~ # cat /proc/pressure/memory\n${PSI}\n`);
    assert.deepEqual(two.sections.map((s) => [s.kind, s.source]), [['pressure', '/proc/pressure/memory']]);
    assert.deepEqual(two.problems, []);
  });

  test('commands that print no capture: recognised, never values or timestamps', () => {
    const text = [
      '[root@node1 ~]# uname -a',
      'Linux node1 5.15.0-91-generic #101-Ubuntu SMP Tue Nov 14 13:30:08 UTC 2023 x86_64 x86_64 x86_64 GNU/Linux',
      '[root@node1 ~]# cat /sys/fs/cgroup/kubepods.slice/cgroup.procs',
      '1',
      '1234567890',
      '4242',
      '[root@node1 ~]# cat /proc/sys/fs/dentry-state',
      '2368980 2357899 45      0       2318380 0',
      '[root@node1 ~]# top -b -n 1 | head -5',
      'top - 10:11:12 up 3 days,  2:03,  1 user,  load average: 0.00, 0.01, 0.05',
      'Tasks: 123 total,   1 running, 122 sleeping,   0 stopped,   0 zombie',
      'MiB Mem :  15872.4 total,   1234.5 free,   4567.8 used,  10070.1 buff/cache',
      '1700000000',
      '[root@node1 ~]# cat /proc/pressure/memory',
      PSI,
    ].join('\n');
    const d = parseDocument(text);
    assert.deepEqual(d.sections.map((s) => [s.kind, s.variant, s.source, s.capturedAt]), [
      ['unknown', 'command-output', 'uname -a', undefined],
      ['unknown', 'command-output', 'cat /sys/fs/cgroup/kubepods.slice/cgroup.procs', undefined],
      ['unknown', 'command-output', 'cat /proc/sys/fs/dentry-state', undefined],
      ['unknown', 'command-output', 'top -b -n 1', undefined],
      ['pressure', 'memory', '/proc/pressure/memory', undefined],
    ]);
    assert.deepEqual(d.problems.map((p) => [p.line, p.severity]), [[1, 'info'], [3, 'info'], [7, 'info'], [9, 'info']]);
    assert.match(d.problems[1].message, /Output of `cat \/sys\/fs\/cgroup\/kubepods.slice\/cgroup.procs` \(3 lines\): not a kernel memory capture/);
  });

  test('a sysctl file stays a value (the world model reads it)', () => {
    const d = parseDocument('[root@node1 ~]# cat /proc/sys/vm/overcommit_memory\n2\n');
    assert.deepEqual(d.sections.map((s) => [s.kind, s.source]), [['cgroup-value', '/proc/sys/vm/overcommit_memory']]);
  });

  test('date +%s: a bare number is a time only where a date fits', () => {
    // After a date +%s prompt: time, then the value (which also looks like an epoch).
    const a = parseDocument('# date +%s; cat /sys/fs/cgroup/memory.current\n1732440001\n2147483648\n');
    assert.deepEqual(a.sections.map(brief), [['cgroup-value', 'memory.current', '/sys/fs/cgroup/memory.current', 2, 2, '2024-11-24T09:20:01Z']]);
    assert.equal((a.sections[0] as KeyValueSection).fields[0].value, 2147483648);
    // A loop: time, value, time, value.
    const loop = parseDocument('$ for i in 1 2; do date +%s; cat /sys/fs/cgroup/memory.current; sleep 60; done\n1732440001\n2147483648\n1732440061\n2147487744\n');
    assert.deepEqual(loop.sections.map((s) => [s.startLine, s.capturedAt, (s as KeyValueSection).fields[0].value]), [[2, '2024-11-24T09:20:01Z', 2147483648], [4, '2024-11-24T09:21:01Z', 2147487744]]);
    // Between captures, a plausible epoch dates the next capture.
    const between = parseDocument(`1732440001\n${meminfo()}`);
    assert.equal(between.sections[0].capturedAt, '2024-11-24T09:20:01Z');
    // Not 10 digits, or out of 2005–2040: not a date.
    for (const n of ['999999999', '1000000000', '2300000000']) {
      const d = parseDocument(`${n}\n${meminfo()}`);
      assert.equal(d.sections.find((s) => s.kind === 'meminfo')!.capturedAt, undefined, n);
    }
    // A one-value file named by its path keeps its epoch-looking value.
    const v = parseDocument('1732440001\n', { fileName: 'memory.current' });
    assert.equal((v.sections[0] as KeyValueSection).fields[0].value, 1732440001);
  });

  test('grep -n over several files: PATH:N:line', () => {
    const text = '/proc/pressure/memory:1:some avg10=0.00 avg60=0.00 avg300=0.00 total=0\n/proc/pressure/memory:2:full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n/sys/fs/cgroup/memory.max:1:max\n/proc/meminfo:1:MemTotal:        1000 kB\n/proc/meminfo:10:MemFree:          500 kB\n';
    const d = parseDocument(text);
    assert.deepEqual(d.problems, []);
    assert.deepEqual(d.sections.map((s) => [s.kind, s.variant, s.source]), [['pressure', 'memory', '/proc/pressure/memory'], ['cgroup-value', 'memory.max', '/sys/fs/cgroup/memory.max'], ['meminfo', undefined, '/proc/meminfo']]);
    const m = d.sections[2] as KeyValueSection;
    assert.deepEqual(m.fields.map((f) => [f.key, f.value, f.keySpan.start]), [['MemTotal', 1000, '/proc/meminfo:1:'.length], ['MemFree', 500, '/proc/meminfo:10:'.length]]);
  });

  test('markdown fences and bare command lines are boundaries', () => {
    const d = parseDocument(`slabtop\n\`\`\`\n${fixture('fixture-slabtop-o-slub-with-summary.txt')}\`\`\`\ncat /proc/pressure/memory\n${PSI}\n`);
    assert.deepEqual(d.sections.map((s) => [s.kind, s.variant]), [['slabinfo', 'slabtop'], ['pressure', 'memory']]);
    assert.deepEqual(d.problems.filter((p) => p.severity !== 'info'), []);
  });
});

describe('shell sessions first seen in the wild corpus', () => {
  const PSI = 'some avg10=87.32 avg60=86.44 avg300=56.96 total=272053462\nfull avg10=87.32 avg60=86.44 avg300=56.96 total=272053075';
  test('`$ cat ` with the path wrapped onto the next line names the file (cpu.pressure is cpu, not memory)', () => {
    const d = parseDocument(`[fitzy@~]$ cat \n/sys/fs/cgroup/a.slice/b.service/cpu.pressure\n${PSI}\n\nCompare to the system-wide CPU pressure measurement:\n`);
    const p = d.sections.filter((s) => s.kind === 'pressure') as PressureSection[];
    assert.deepEqual(p.map((s) => [s.resource, s.source, s.startLine]), [['cpu', '/sys/fs/cgroup/a.slice/b.service/cpu.pressure', 2]]);
    assert.deepEqual(d.problems.map((x) => x.severity), ['info']);
  });

  test('a bare `cat PATH` line names what follows; a `user:tag:/dir/#` prompt before a known command is a prompt', () => {
    const d = parseDocument('cat /sys/fs/cgroup/memory/lxc/c1/memory.usage_in_bytes\n217899008\nBut\n');
    assert.deepEqual(d.sections.filter((s) => s.kind !== 'unknown').map((s) => [s.kind, s.variant, s.source]), [['cgroup-value', 'memory.usage_in_bytes', '/sys/fs/cgroup/memory/lxc/c1/memory.usage_in_bytes']]);
    const g = parseDocument('root:done:/home/b/x/# cat /proc/meminfo\nMemTotal: 1000 kB\nMemFree: 500 kB\n');
    assert.deepEqual(g.sections.map((s) => [s.kind, s.source, s.headerLine]), [['meminfo', '/proc/meminfo', 0]]);
    assert.deepEqual(g.problems, []);
  });

  test('oomctl prints systemd-oomd\'s state, not a kernel capture (and a name with "oomctl" in it is no OOM log)', () => {
    const d = parseDocument('# oomctl\nDry Run: no\nSwap Used Limit: 90.00%\n', { fileName: 'psi-oomctl.txt' });
    assert.deepEqual(d.sections.map((s) => [s.kind, s.variant]), [['unknown', 'command-output']]);
  });
});

describe('pastes first seen in the wild corpus, round 4', () => {
  test('a command continued with a backslash: its next lines are the command, a dashed separator is a boundary', () => {
    const text = "$ echo && cat /proc/meminfo | grep Mem && \\\n  echo '----------------'   && \\\n  cat /proc/meminfo | grep Swap\n\nMemTotal:        3971860 kB\nMemFree:         3055476 kB\nMemAvailable:    3252152 kB\n----------------\nSwapTotal:       1048576 kB\nSwapFree:        1048576 kB\n";
    const d = parseDocument(text);
    assert.deepEqual(d.problems, []);
    assert.deepEqual(d.sections.map((s) => [s.kind, s.startLine]), [['meminfo', 4], ['meminfo', 8]]);
  });

  test('a whole meminfo indented by a notebook (4 spaces) is read', () => {
    const d = parseDocument(meminfo().split('\n').map((l) => (l ? `    ${l}` : l)).join('\n'));
    assert.deepEqual(d.sections.map((s) => s.kind), ['meminfo']);
    assert.deepEqual(d.problems, []);
    assert.ok((d.sections[0] as KeyValueSection).byKey.MemTotal);
  });
});

describe('a poster\'s shell and markdown', () => {
  test('brace expansion names each file in order; ULLONG_MAX is v1\'s old "no limit"; markdown emphasis around the paste is no part of a value', () => {
    // A fixture in the shape of a real paste (test/wild memory-stat-v1-ltp-mx6q-…): `_…_` italics around it.
    const t = '_root@mx6q:~# cat /dev/memcg/1/memory.{usage_in_bytes,stat}\n4325376\ncache 0\nrss 4194304\nhierarchical_memory_limit 18446744073709551615\ntotal_unevictable 0_\n';
    const d = parseDocument(t);
    assert.deepEqual(d.sections.map((s) => [s.kind, s.source]), [['cgroup-value', '/dev/memcg/1/memory.usage_in_bytes'], ['memory-stat', '/dev/memcg/1/memory.stat']]);
    const stat = d.sections[1] as KeyValueSection;
    assert.equal(stat.byKey.hierarchical_memory_limit.unlimited, true);
    assert.equal(stat.byKey.total_unevictable.value, 0);
    assert.deepEqual(d.problems.map((p) => [p.severity, p.line]), [['info', 5]]);
    assert.match(d.problems[0].message, /markdown emphasis/);
    // A number with letters glued to it is still an error.
    assert.equal(parseDocument('cache 0\nrss 12x\n', { fileName: 'memory.stat' }).problems[0]?.severity, 'error');
  });
});

describe('the poster\'s words after a capture', () => {
  test('after a blank line, a line that is no meminfo line ends a named meminfo even with numbers in it; a sentence with numbers between captures is prose', () => {
    const text = '# cat /proc/meminfo | grep HugePages\nHugePages_Total: 600\nHugePages_Free: 600\nHugePages_Rsvd: 0\n\nNext, I boot up this 1.007GB SGA:\n\n# cat /proc/meminfo | grep HugePages\nHugePages_Total:   600\nHugePages_Free:    276\nHugePages_Rsvd:    195\n\nIf my buffers are 700 MB and my variable SGA component is 324 MB, why are 512 pages in use?\n\n# cat /proc/meminfo | grep HugePages\nHugePages_Total:   600\nHugePages_Free:    237\n';
    const d = parseDocument(text);
    assert.deepEqual(d.sections.filter((s) => s.kind === 'meminfo').map((s) => [s.startLine, s.endLine]), [[1, 3], [8, 10], [15, 16]]);
    assert.deepEqual(d.problems.filter((p) => p.severity !== 'info'), []);
    // A table row is no sentence, numbers and words alike.
    assert.equal(parseDocument('Mem: 32177 31850 326 0 84 289 total used free shared\n').problems.some((p) => /words, not values/.test(p.message)), false);
  });
});

describe('kernel messages around a report', () => {
  test('a driver line right before a page allocation failure is information (what led to it), not "not a capture"', () => {
    const text = ' i40e 0000:1a:00.0 xgbe0: Changing Rx descriptor count from 512 to 4096\n ethtool: page allocation failure: order:5, mode:0x60c0c0(GFP_KERNEL|__GFP_COMP|__GFP_ZERO), nodemask=(null)\n ethtool cpuset=/ mems_allowed=0\n';
    const d = parseDocument(text);
    assert.ok(d.sections.some((s) => s.kind === 'oom-report'));
    assert.deepEqual(d.problems.filter((p) => p.line === 0).map((p) => [p.severity, /just before the report/.test(p.message)]), [['info', true]]);
  });
});

describe('the poster\'s ellipsis', () => {
  test('a line of "..." or "[snip]" after a capture is lines left out (information), not "not a capture"', () => {
    for (const mark of ['...', '…', '[snip]', '[...]']) {
      const d = parseDocument(`${meminfo()}${mark}\n`);
      const p = d.problems.find((x) => x.line === d.lineCount - 2 || /left out/.test(x.message));
      assert.ok(p && p.severity === 'info' && /left out of the paste/.test(p.message), `${mark}: ${JSON.stringify(d.problems)}`);
    }
    // A sentence is not an ellipsis.
    assert.ok(!parseDocument(`${meminfo()}... and then it was killed by the OOM killer, twice\n`).problems.some((x) => /left out of the paste/.test(x.message)));
  });
});

describe('a pipe inside a quoted pattern', () => {
  test("egrep 'High|Low' /proc/meminfo names meminfo (the | is the pattern's, not a pipe); a real pipe still ends the command", () => {
    const d = parseDocument("# egrep 'High|Low' /proc/meminfo\nHighTotal:     5111780 kB\nHighFree:         1172 kB\nLowTotal:       795688 kB\nLowFree:         16788 kB\n");
    const s = d.sections.find((x) => x.kind === 'meminfo') as KeyValueSection;
    assert.ok(s, JSON.stringify(d.sections.map(brief)));
    assert.equal(s.source, '/proc/meminfo');
    assert.equal(s.byKey.LowFree.value, 16788);
    const piped = parseDocument('$ cat /proc/meminfo | grep -E "Low|High"\nLowFree:         16788 kB\n');
    assert.equal(piped.sections.find((x) => x.kind === 'meminfo')?.source, '/proc/meminfo');
  });
});

describe('watch, adb shells and prose in any script', () => {
  test('watch\'s title names the capture and dates it; an adb prompt with its exit status; a Chinese sentence between captures is prose', () => {
    // Fixtures in the layouts of real pastes (test/wild meminfo-series-32g-watch-…, meminfo-16g-android-15-…).
    const t = `- 执行 dd 命令前，/proc/meminfo 的初始状态\n\nEvery 1.0s: cat /proc/meminfo                                    Wed May 23 13:43:16 2018\n\n${meminfo()}\n130|sun:/ # cat /proc/meminfo\n${meminfo()}`;
    const d = parseDocument(t);
    const mi = d.sections.filter((s) => s.kind === 'meminfo');
    assert.deepEqual(mi.map((s) => [s.source, s.capturedAt]), [['/proc/meminfo', '2018-05-23T13:43:16'], ['/proc/meminfo', '2018-05-23T13:43:16']]);
    assert.deepEqual(d.problems.filter((p) => p.severity !== 'info'), []);
    assert.ok(d.problems.some((p) => p.line === 0 && /Text between captures/.test(p.message)));
  });
});

describe('a comment naming the file below', () => {
  test('`# /sys/fs/cgroup/X/cpu.pressure` heads the block as `==> PATH <==` does; a comment that is no file path stays a note', () => {
    const d = parseDocument(`# /sys/fs/cgroup/system.slice/cpu.pressure\n${PSI}\n`);
    assert.deepEqual(d.sections.map((s) => [s.kind, (s as PressureSection).resource, s.source, s.headerLine]), [['pressure', 'cpu', '/sys/fs/cgroup/system.slice/cpu.pressure', 0]]);
    const n = parseDocument(`# memory before the test\n${PSI}\n`);
    assert.deepEqual(n.sections.filter((s) => s.kind === 'pressure').map((s) => [(s as PressureSection).resource, s.source]), [['memory', undefined]]);
  });
});
