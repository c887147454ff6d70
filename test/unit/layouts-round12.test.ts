// Layouts and stories first seen in wild round 12b: slabinfo rows wrapped by a mailer or a terminal, markdown
// bold around a row, csh and tcsh prompts, a heading underlined with `=`, a poster's long paragraphs, a zoneinfo
// followed by a vmstat excerpt, a sliver of a zone, shattered free lists, a big writer under the dirty ratio, and
// `paste - -` meminfo. Inline texts are fixtures written here in the layouts those captures show.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText } from '../../src/analysis/analyze';
import { toJsonReport } from '../../src/report/json';
import { clockTimes } from '../../src/analysis/series';
import { parseDocument } from '../../src/formats/parse';
import type { SlabinfoSection } from '../../src/model';
import { procpsFree } from '../../src/analysis/procps';
import type { KeyValueSection } from '../../src/model';

const slab = (t: string) => parseDocument(t).sections.filter((s): s is SlabinfoSection => s.kind === 'slabinfo');

describe('slabinfo rows as mail and terminals leave them', () => {
  test('a row wrapped after `: tunables N` is joined to its `… : slabdata` tail, with spans on both lines', () => {
    const t = 'Slabinfo (top users):\n=====================\n\next3_inode_cache  1405201 1615312    480    8    1 : tunables   54  \n27    8 : slabdata 201914 201914      0\ndentry_cache      1505485 1864917    144   27    1 : tunables  120  \n60    8 : slabdata  69071  69071      0\n';
    const d = parseDocument(t);
    const s = d.sections.find((x): x is SlabinfoSection => x.kind === 'slabinfo')!;
    assert.deepEqual(s.caches.map((c) => [c.name, c.numObjs, c.numSlabs]), [['ext3_inode_cache', 1615312, 201914], ['dentry_cache', 1864917, 69071]]);
    assert.deepEqual(s.caches[0].columnSpans.map((x) => x.line), [3, 3, 3, 3, 3, 4, 4]);
    assert.deepEqual(d.problems.filter((p) => p.severity !== 'info'), []);
  });

  test('`sla      bdata` split by a terminal copy is one anchor; `**row**` markdown bold is not in the name', () => {
    const [s] = slab('size-8192          10170  10171   8192    1    2 : tunables    8    4    0 : sla                    bdata  10170  10171      0\n');
    assert.deepEqual(s.caches.map((c) => [c.name, c.activeSlabs, c.numSlabs]), [['size-8192', 10170, 10171]]);
    const [b] = slab('ndpi_flows          1661   2592   2616   12    8 : tunables    0    0    0 : slabdata    216    216      0\n**ndpi_ctinfo       4147038 4147038    176   23    1 : tunables    0    0    0 : slabdata 180306 180306      0**\n');
    assert.deepEqual(b.caches.map((c) => c.name), ['ndpi_flows', 'ndpi_ctinfo']);
    assert.equal(b.caches[1].nameSpan.start, 2);
  });

  test('`% grep` and `[~]2 grep` prompts each open a capture of the file; a blank line then words end it', () => {
    const row = (n: number) => `size-8192          ${n}  ${n}   8192    1    2 : tunables    8    4    0 : slabdata  ${n}  ${n}      0\n`;
    const t = `% grep 8192 /proc/slabinfo\n${row(240)}\nRepeated checks showed it slowly go up to 252.\n\n% grep 8192 /proc/slabinfo\n${row(10170)}[~]2 grep 8192 /proc/slabinfo\n${row(10233)}[~]2 grep 8192 /proc/slabinfo\n${row(10300)}\nThat is as fast as I could check them.\n`;
    const a = analyzeText(t);
    const secs = a.parsed.sections.filter((s): s is SlabinfoSection => s.kind === 'slabinfo');
    assert.deepEqual(secs.map((s) => [s.source, s.caches[0].activeObjs]), [['/proc/slabinfo', 240], ['/proc/slabinfo', 10170], ['/proc/slabinfo', 10233], ['/proc/slabinfo', 10300]]);
    assert.deepEqual(a.parsed.problems.filter((p) => p.severity !== 'info').map((p) => p.message), []);
    // Four captures, every step up, and the last two hold a rise of 40×: a leak, though a median of slopes sees little.
    const g = a.findings.find((f) => f.rule === 'series/steady-growth');
    assert.equal(g?.severity, 'warning');
    assert.match(g!.message, /held over the last two captures/);
  });
});

describe('the poster\'s words', () => {
  test('a heading underlined with `====` and a paragraph of ten lines are text, not a broken capture', () => {
    const para = Array.from({ length: 10 }, (_, i) => `this is line ${i} of what the poster says about the machine and its leak`).join('\n');
    const t = `Meminfo:\n========\n\nMemTotal:     16377076 kB\nMemFree:       9400604 kB\n\n${para}\n`;
    const d = parseDocument(t);
    assert.deepEqual(d.problems.filter((p) => p.severity !== 'info').map((p) => p.message), []);
    assert.ok(d.problems.some((p) => p.line === 0 && /Text between captures \(2 lines\)/.test(p.message)));
    assert.ok(d.problems.some((p) => p.line === 6 && /Text between captures \(10 lines\)/.test(p.message)));
  });
});

describe('reports that scripts print around the files', () => {
  const infoAt = (t: string, line: number) => { const d = parseDocument(t); assert.deepEqual(d.problems.filter((p) => p.severity !== 'info').map((p) => p.message), []); return d.problems.find((p) => p.line === line)?.message ?? ''; };

  test('machinestate\'s `####` ruler over `# Title` is a script\'s heading; the meminfo under it is read', () => {
    const rule = '#'.repeat(80);
    const t = `${rule}\n# Load\n${rule}\n0.00 0.03 0.01 1/783 6751\n\n${rule}\n# General memory info\n${rule}\nMemTotal:       131889124 kB\nMemFree:        130233912 kB\n`;
    assert.match(infoAt(t, 0), /A script's own report \("Load"\)/);
    assert.ok(parseDocument(t).sections.some((x) => x.kind === 'meminfo'));
  });

  test('fpaste\'s `* ZRAM usage (zramctl --output-all):` names the command; over a table it reads it says so', () => {
    const t = '* Memory usage (free -hm):\n                    total        used        free      shared  buff/cache   available\n     Mem:            30Gi       4.0Gi        22Gi        76Mi       5.2Gi        26Gi\n     \n* ZRAM usage (zramctl --output-all):\n     NAME       DISKSIZE DATA COMPR ALGORITHM\n     /dev/zram0    15.3G   4K   64B zstd\n';
    assert.match(infoAt(t, 0), /A report's heading \("Memory usage"\) naming the command whose output follows \(`free -hm`\)/);
    assert.match(infoAt(t, 4), /The output of `zramctl --output-all` under a report's heading \("ZRAM usage"\)/);
  });

  test('lsblk, zramctl, a zram mm_stat, swapon, df and lscpu are named as what they are', () => {
    const mem = 'MemTotal:       16000000 kB\nMemFree:         8000000 kB\n\n';
    assert.match(infoAt(`${mem}block devices\nNAME            MAJ:MIN RM   SIZE RO TYPE MOUNTPOINT\nsda               8:0    0 372.6G  0 disk\n`, 3), /^lsblk's table of block devices/);
    assert.match(infoAt(`${mem}orig_data_size compr_data_size mem_used_total mem_limit mem_used_max same_pages pages_compacted huge_pages\n    4096       83    12288 189266722816    12288        0        0        0        0\n`, 3), /^A zram device's mm_stat/);
    assert.match(infoAt(`${mem}Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n/dev/dm-1   partition\t8388604\t\t0\t\t-2\n`, 3), /^The swap devices \(swapon\)/);
    assert.match(infoAt('CPU(s):                      128\n  On-line CPU(s) list:       0-127\nThread(s) per core:          2\n\nfree -h\n               total        used        free      shared  buff/cache   available\nMem:           503Gi        63Gi        46Gi       1.2Gi       393Gi       437Gi\n', 0), /^lscpu's description of the CPUs/);
  });

  test('a fence that opens an outline\'s list item (`- \`\`\``) is a fence', () => {
    const t = '- ```\n  free -h\n                 total        used        free      shared  buff/cache   available\n  Mem:           503Gi        38Gi        67Gi        20Gi       397Gi       440Gi\n  Swap:             0B          0B          0B\n  ```\n';
    assert.deepEqual(parseDocument(t).problems.filter((p) => p.severity !== 'info').map((p) => p.message), []);
  });

  test('/proc/cgroups is named, with the memory controller\'s count and what dying cgroups do to it', () => {
    const t = 'MemTotal:       16000000 kB\nMemFree:         8000000 kB\n\n#subsys_name    hierarchy       num_cgroups     enabled\ncpuset  11      1       1\nmemory  5       83      1\n';
    assert.match(infoAt(t, 3), /^\/proc\/cgroups, .* The memory controller counts 83 cgroups; that count includes deleted cgroups/);
  });
});

describe('zones', () => {
  const zone = (name: string, free: number, min: number, low: number, high: number, managed: number) =>
    `Node 0, zone ${name.padStart(8)}\n  pages free     ${free}\n        min      ${min}\n        low      ${low}\n        high     ${high}\n        scanned  0\n        spanned  ${managed}\n        present  ${managed}\n        managed  ${managed}\n`;

  test('a zoneinfo ends at a blank line and a line at the margin: the vmstat excerpt after it is vmstat', () => {
    const t = `${zone('DMA32', 215375, 16226, 20282, 24339, 464223)}\nBesides, these grow in vmstat:\n\npgalloc_dma 17719\nkswapd_high_wmark_hit_quickly 54333233\npageoutrun 54333235\n`;
    assert.deepEqual(parseDocument(t).sections.map((s) => s.kind), ['zoneinfo', 'unknown', 'vmstat']);
  });

  test('the JSON carries each zone: buddyinfo\'s blocks by order, zoneinfo\'s free against its watermarks, in bytes', () => {
    const z = JSON.parse(JSON.stringify(toJsonReport('zoneinfo', analyzeText(zone('Normal', 7, 18, 22, 27, 523), { fileName: 'zoneinfo' })))).metrics.zones;
    assert.deepEqual(z, [{ source: 'zoneinfo', node: 0, zone: 'Normal', freeBytes: 7 * 4096, minBytes: 18 * 4096, lowBytes: 22 * 4096, highBytes: 27 * 4096, managedBytes: 523 * 4096, below: 'min' }]);
    const b = toJsonReport('buddyinfo', analyzeText('Node 0, zone   Normal   3390  51354  17574   6556   1586     26      2      1      0      0      0\n', { fileName: 'buddyinfo' })).metrics.zones as { freeBlocks: number[]; largestOrder: number; freeBytes: number }[];
    assert.deepEqual([b[0].freeBlocks[3], b[0].largestOrder, b[0].freeBytes], [6556, 7, (3390 + 51354 * 2 + 17574 * 4 + 6556 * 8 + 1586 * 16 + 26 * 32 + 2 * 64 + 128) * 4096]);
  });

  test('a sliver of Normal below min beside a roomy DMA32 is kswapd spinning, not a shortage', () => {
    const t = zone('DMA32', 215375, 16226, 20282, 24339, 464223) + zone('Normal', 7, 18, 22, 27, 523);
    const f = analyzeText(t, { fileName: 'zoneinfo' }).findings.find((x) => x.rule === 'zoneinfo/below-watermark')!;
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /the zone is tiny: 523 pages .* while DMA32 has 215375 pages .* free, above its high watermark. The node is not short of memory/);
    // The same Normal zone as most of the node is the ordinary below-min story.
    const big = analyzeText(zone('DMA32', 2000, 16226, 20282, 24339, 464223) + zone('Normal', 7000, 18000, 22000, 27000, 7_000_000), { fileName: 'zoneinfo' }).findings.filter((x) => x.rule === 'zoneinfo/below-watermark');
    assert.ok(big.every((x) => !/tiny/.test(x.message)) && big.some((x) => /below its min watermark/.test(x.message)));
  });
});

describe('meminfo read as free(1) reads it', () => {
  test('`paste - -` puts a field second on its line: procps reads one field per line, and says why', () => {
    const t = 'MemTotal:       528235648 kB    MemFree:        20002732 kB\nMemAvailable:   483890268 kB    Buffers:            7356 kB\nCached:         495416180 kB    SwapCached:            0 kB\n';
    const s = parseDocument(t).sections[0] as KeyValueSection;
    const lines = t.split('\n');
    const f = procpsFree(s, { lineText: (n) => lines[n] });
    assert.ok(f.assumed.some((x) => /^MemFree is present but not at the start of its line \(the second field on a line, as `paste - -` prints\)/.test(x)));
    assert.ok(!f.assumed.some((x) => /MemFree.*per-node/.test(x)));
  });
});

describe('round 13: pastes the wild keeps making', () => {
  test('a meminfo whose lines end in `<br>` (a forum keeping line breaks as HTML) is read', () => {
    const t = '###Memory<br>\n>MemTotal:       131920660 kB<br>\n>MemFree:        97190088 kB<br>\n>MemAvailable:   126386380 kB<br>\n';
    const s = parseDocument(t).sections.find((x): x is KeyValueSection => x.kind === 'meminfo')!;
    assert.deepEqual([s.byKey.MemTotal.value, s.byKey.MemAvailable.value, s.byKey.MemAvailable.unit], [131920660, 126386380, 'kB']);
  });

  const kmsg = (n: number, text: string) => `6,${30574067 + n},${3816544225424 + n},-;${text}`;
  const head = [
    'Task in /kubepods.slice/kubepods-pod9eb0e64e_6e1a_43e4_b372_2603a3cc2941.slice/docker-663f.scope killed as a result of limit of /kubepods.slice/kubepods-pod9eb0e64e_6e1a_43e4_b372_2603a3cc2941.slice',
    'memory: usage 20480kB, limit 20480kB, failcnt 136',
    'Tasks state (memory values in pages):',
    '[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name',
    '[2276312] 65535 2276312      242        1    28672        0          -998 pause',
    '[2292670]     0 2292670   178320     5602   131072        0          -997 main',
  ];

  test('with no "Killed process" line, the oom_reaper line names the victim', () => {
    const t = [...head, 'oom_reaper: reaped process 2292670 (main), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB'].map((x, i) => kmsg(i, x)).join('\n') + '\n';
    const a = analyzeText(t);
    assert.deepEqual(a.metrics.oom.map((o) => [o.event.victimName, o.event.victimPid, o.event.victimFromReaper]), [['main', 2292670, true]]);
    assert.match(a.findings.find((f) => f.rule === 'oom-report/killed')!.message, /killed main \(pid 2292670; the "Killed process" line is not in the capture, the oom_reaper line after it names whom it reaped\)/);
  });

  test('`Killed process N` wrapped before its `(name)` is one kill line', () => {
    const t = '[ 1974.205815] memory: usage 10240kB, limit 10240kB, failcnt 4480498\n[ 1974.205929] Memory cgroup out of memory: Killed process 116849\n(alloc_anon) total-vm:12236kB, anon-rss:6888kB, file-rss:0kB,\n';
    assert.deepEqual(analyzeText(t).metrics.oom.map((o) => [o.event.victimName, o.event.victimPid]), [['alloc_anon', 116849]]);
  });

  test('an excerpt of an OOM loop (trigger first, body stamped earlier) stays one report; tasks at −1000 are why none is killable', () => {
    const p = (us: string, text: string) => `Mar 19 17:21:44 vm kernel: [3054438.${us}] ${text}`;
    const t = [
      p('925903', 'healthAgent invoked oom-killer: gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=-1000'),
      p('925271', 'memory: usage 524288kB, limit 524288kB, failcnt 142151742'),
      p('925274', 'Memory cgroup stats for /system.slice/docker-6952.scope:'),
      p('925284', 'anon 528056320'), p('925284', 'file 0'), p('925284', 'kernel 7852032'),
      p('925289', 'Tasks state (memory values in pages):'),
      p('925289', '[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name'),
      p('925295', '[3738523]     0 3738523  3758148   128911  2760704        0         -1000 healthAgent'),
      p('925297', 'Out of memory and no killable processes...'),
    ].join('\n') + '\n';
    const a = analyzeText(t);
    assert.equal(a.metrics.oom.length, 1);
    const f = a.findings.filter((x) => x.severity === 'critical');
    assert.deepEqual(f.map((x) => x.rule), ['oom-report/no-killable']);
    assert.match(f[0].message, /every task in the table has oom_score_adj −1000, which the killer never chooses: healthAgent \(pid 3738523, 504 MiB resident\)/);
    assert.doesNotMatch(f[0].message, /look at kernel memory/);
  });

  test('a cgroup that re-reads what reclaim took (refaults ten times its page cache) thrashes on its files', () => {
    const t = 'anon 25473024\nfile 31657984\nkernel 0\nshmem 0\ninactive_file 21635072\nactive_file 10027008\nworkingset_refault_anon 0\nworkingset_refault_file 4133635\npgscan 4604435\npgsteal 4142477\n';
    const f = analyzeText(t, { fileName: 'memory.stat' }).findings.find((x) => x.rule === 'memory-stat/reclaim-thrashing');
    assert.equal(f?.severity, 'warning');
    assert.match(f!.message, /were read back .* while its page cache now is 30\.2 MiB/);
    // The same counters with a page cache as large as the refaults: nothing to say.
    const big = t.replace('file 31657984', `file ${4133635 * 4096 / 5}`);
    assert.ok(!analyzeText(big, { fileName: 'memory.stat' }).findings.some((x) => x.rule === 'memory-stat/reclaim-thrashing'));
  });
});

describe('an OOM from lowering memory.max', () => {
  test('memory_max_write in the call trace: the write set the limit below the usage; locked shmem is beyond swap', () => {
    const t = [
      '[144381.714151] tee invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0',
      '[144381.714158] Call Trace:',
      '[144381.714170]  mem_cgroup_out_of_memory+0x134/0x150',
      '[144381.714172]  memory_max_write+0x117/0x1e0',
      '[144381.714174]  kernfs_fop_write_iter+0x11f/0x200',
      '[144381.714221] memory: usage 718396kB, limit 488280kB, failcnt 55166',
      '[144381.714222] Memory cgroup stats for /app.slice/app-thunderbird.scope:',
      '[144381.714285] anon 0', '[144381.714285] file 610512896', '[144381.714287] shmem 610512896', '[144381.714290] unevictable 610512896',
      '[144381.714468] Memory cgroup out of memory: Killed process 265606 (.thunderbird-wr) total-vm:4796944kB, anon-rss:8988kB, file-rss:239484kB, shmem-rss:0kB, UID:1000 pgtables:4056kB oom_score_adj:100',
    ].join('\n') + '\n';
    const a = analyzeText(t);
    assert.equal(a.metrics.oom[0].event.limitWrite, 3);
    const m = a.findings.find((f) => f.rule === 'oom-report/killed')!.message;
    assert.match(m, /memory\.max was lowered below what the cgroup held: the kill comes from the write itself \(memory_max_write in the call trace, by tee\), at 702 MiB used against the new 477 MiB limit/);
    assert.match(m, /locked in memory \(unevictable\), which not even swap can free/);
    assert.doesNotMatch(m, /which only swap can free/);
  });
});

describe('tables with a clock and no date', () => {
  test('clockTimes reads 24-hour and AM/PM clocks and adds a day when the clock goes back', () => {
    assert.deepEqual(clockTimes(['11:59:58 PM', '11:59:59 PM', '12:00:00 AM']), [86_398_000, 86_399_000, 86_400_000]);
    assert.deepEqual(clockTimes(['19:17:37', '19:17:42']), [69_457_000, 69_462_000]);
    assert.equal(clockTimes(['19:17:37', 'Average:']), undefined);
  });

  const sar = (scan: string) => `05:08:42 PM  pgpgin/s pgpgout/s   fault/s  majflt/s  pgfree/s pgscank/s pgscand/s pgsteal/s    %vmeff\n${['05:08:43 PM', '05:08:44 PM', '05:08:45 PM'].map((t, i) => `${t}      0.00      0.00   9707.00      0.00  20938.00      ${scan}      0.00    ${418 + i}.00      0.00`).join('\n')}\n`;

  test('sar rows are a timed series by their clock; pages stolen with none scanned is a sysstat that misreads the kernel', () => {
    const a = analyzeText(sar('0.00'));
    assert.deepEqual(a.metrics.series.map((s) => [s.kind, s.timed, s.clockOnly]), [['sar-table', true, true]]);
    const f = a.findings.find((x) => x.rule === 'meminfo/impossible-value');
    assert.equal(f?.severity, 'info');
    assert.match(f!.message, /this sysstat does not read this kernel's scan counters/);
    assert.ok(!analyzeText(sar('900.00')).findings.some((x) => x.rule === 'meminfo/impossible-value'));
  });
});

describe('a global OOM with no task table', () => {
  test('the victim holds half the anonymous memory: others held the rest, and no table names them', () => {
    const p = (t: string) => `[Sun Jun 29 15:57:11 2025] ${t}`;
    const t = [
      p('node invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=0'),
      p('Mem-Info:'),
      p('active_anon:4355954 inactive_anon:3278865 isolated_anon:0'),
      '                            active_file:170 inactive_file:655 isolated_file:0',
      '                            unevictable:10531 dirty:0 writeback:33',
      p('oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=user.slice,mems_allowed=0,global_oom,task_memcg=/system.slice/docker-97f0.scope,task=redis-server,pid=60540,uid=999'),
      p('Out of memory: Killed process 60540 (redis-server) total-vm:17652600kB, anon-rss:14230956kB, file-rss:128kB, shmem-rss:0kB, UID:999 pgtables:31340kB oom_score_adj:0'),
    ].join('\n') + '\n';
    const m = analyzeText(t).findings.find((f) => f.rule === 'oom-report/killed')!.message;
    assert.match(m, /The victim held 13\.6 GiB of the 29\.1 GiB of anonymous memory: other processes held the rest/);
    assert.match(m, /This report has no task table/);
    assert.doesNotMatch(m, /its task table and Mem-Info\) names/);
  });
});

describe('PSI of a cgroup', () => {
  test('some equal to full in a cgroup\'s memory.pressure is one task, or all behind one limit', () => {
    const t = (full: string) => `$ cat memory.pressure\nsome avg10=17.47 avg60=12.89 avg300=6.87 total=108285216\nfull avg10=${full} avg60=12.89 avg300=6.85 total=107991379\n`;
    assert.match(analyzeText(t('17.47')).findings.find((f) => f.rule === 'pressure/memory-full')!.message, /Some equals full: whenever a task here stalled, every task did/);
    assert.doesNotMatch(analyzeText(t('12.00')).findings.find((f) => f.rule === 'pressure/memory-full')!.message, /Some equals full/);
  });
});

describe('slab held by tasks', () => {
  test('task_struct on top with as many signal_cache and cred_jar objects: processes never freed', () => {
    const t = 'slabtop -s l\n\n OBJS ACTIVE  USE OBJ SIZE  SLABS OBJ/SLAB CACHE SIZE NAME\n1246208 1246174  99%    7.56K 311552        4   9969664K task_struct\n1246362 1246362 100%    1.19K  47937       26   1533984K signal_cache\n1254336 1254336 100%    0.12K  39198       32    156792K kmalloc-128\n1252356 1252356 100%    0.19K  29818       42    238544K cred_jar\n';
    const f = analyzeText(t).findings.find((x) => x.rule === 'slabinfo/dominant-cache')!;
    assert.match(f.message, /Each task_struct is a task: 1,246,174 of them, with as many signal_cache and cred_jar objects \(one per process\), are whole processes/);
  });
});
