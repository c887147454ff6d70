// Layouts first seen in wild rounds 11a and 11c: a cgroup directory's other files, numfmt'd memory.stat,
// a quoted free table, awk over slabinfo, a capture pasted right after a command's output, top before 3.3.10,
// and a zone kswapd cannot balance. Inline texts are fixtures written here in the layouts those captures show.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { analyzeText } from '../../src/analysis/analyze';
import { parseDocument } from '../../src/formats/parse';
import type { KeyValueSection, OpaqueSection } from '../../src/model';
import { renderText } from '../../src/report/text';

const wild = (name: string) => readFileSync(path.join(process.cwd(), 'test', 'wild', 'captures', name), 'utf8');
const alarms = (t: string) => analyzeText(t).findings.filter((f) => f.severity !== 'info').map((f) => f.rule);

describe('a cgroup directory read with grep', () => {
  test('cpu.max `max 100000` is the cpu controller\'s, no memory event; cgroup.pressure is a switch, not PSI; a sysctl number is kept', () => {
    const t = '/sys/fs/cg/x/memory.events:max 0\n/sys/fs/cg/x/cpu.max:max 100000\n/sys/fs/cg/x/cgroup.pressure:1\n/proc/sys/vm/min_free_kbytes:91820\n/proc/sys/vm/lowmem_reserve_ratio:256   256     32      0       0\n';
    const a = analyzeText(t);
    assert.deepEqual(a.findings.filter((f) => f.severity !== 'info'), []);
    assert.deepEqual(a.parsed.sections.map((s) => [s.kind, s.variant]), [['memory-events', undefined], ['unknown', 'other-cgroup-file'], ['unknown', 'other-cgroup-file'], ['cgroup-value', 'min_free_kbytes'], ['unknown', 'setting']]);
    assert.deepEqual(a.parsed.problems.filter((p) => p.severity !== 'info'), []);
    assert.ok(a.parsed.problems.some((p) => p.line === 1 && /a file of the cpu controller, not of memory/.test(p.message)));
    assert.deepEqual(alarms(wild('cgroup-v2-grep-H-full-paths-empty-cgroup-6.7-rc1-memory-max-max-zswap-numa-stat-sysctl-zram-lsblk-free-t-503g-idle-healthy.txt')), []);
  });

  test('memory.failcnt, a count, is in the metrics as a value', () => {
    const a = analyzeText('memory.failcnt:0\nmemory.usage_in_bytes:639549440\n');
    assert.deepEqual(a.metrics.cgroupValues.map((c) => [c.file, c.bytes, c.value]), [['memory.failcnt', undefined, 0], ['memory.usage_in_bytes', 639549440, undefined]]);
  });
});

describe('memory.stat through numfmt', () => {
  test('`file 24.2G` is read as 24.2 GiB, said once as approximate; an unknown key with a suffix is not memory.stat', () => {
    const d = parseDocument('file 24.2G\ninactive_file 21.8G\nactive_file 2.5G\nslab 625.6M\nslab_reclaimable 625.6M\n');
    const s = d.sections[0] as KeyValueSection;
    assert.deepEqual([s.kind, s.byKey.file.raw, s.byKey.file.unit, s.byKey.file.bytes, s.byKey.slab.bytes], ['memory-stat', '24.2G', 'GiB', 24.2 * 2 ** 30, 625.6 * 2 ** 20]);
    assert.equal(d.problems.filter((p) => /numfmt/.test(p.message)).length, 1);
    assert.notEqual(parseDocument('speed 24.2G\nlatency 3.1M\n').sections[0].kind, 'memory-stat');
  });
});

describe('free and top in older or quoted layouts', () => {
  test('a free -m table quoted with `> ` is read, with its command', () => {
    const d = parseDocument('> # free -m\n>              total       used       free     shared    buffers     cached\n> Mem:          3788       3697         90          0          1        143\n> -/+ buffers/cache:       3552        235\n> Swap:         4031          5       4026\n');
    const s = d.sections.find((x): x is KeyValueSection => x.kind === 'meminfo')!;
    assert.deepEqual([s.variant, s.source, s.byKey.MemTotal.raw, s.byKey.MemTotal.bytes, s.byKey.MemFree.valueSpan.start], ['free', 'free -m', '3788', 3788 * 2 ** 20, 40]);
  });

  test('top before procps-ng 3.3.10: total, used, free, buffers; the Swap line ends in cached Mem', () => {
    const d = parseDocument('KiB Mem:  31371520 total, 30915136 used,   456384 free,      320 buffers\nKiB Swap:  6284224 total,   115712 used,  6168512 free.    48192 cached Mem\n');
    const s = d.sections.find((x): x is KeyValueSection => x.kind === 'meminfo')!;
    assert.deepEqual(['MemTotal', 'MemFree', 'Buffers', 'SwapTotal', 'SwapFree', 'Cached'].map((k) => s.byKey[k]?.value), [31371520, 456384, 320, 6284224, 6168512, 48192]);
    const old = parseDocument('Mem:   2067836k total,  1975056k used,    92780k free,   113496k buffers\nSwap:  4192924k total,      132k used,  4192792k free,   981072k cached\n');
    assert.equal((old.sections.find((x) => x.kind === 'meminfo') as KeyValueSection).byKey.Cached.bytes, 981072 * 1024);
  });

  test('awk that computes columns of /proc/slabinfo prints its own numbers: command output, not slabinfo', () => {
    const d = parseDocument('# awk \'{print $1":", $2*$4/1024/1024, $3*$4/1024/1024}\' /proc/slabinfo |sort -k 3 -n\nkmalloc-512: 17.2 1170.56\ndentry: 3.1 4.0\n');
    assert.deepEqual(d.sections.map((s) => [s.kind, s.variant]), [['unknown', 'command-output']]);
    assert.deepEqual(d.problems.filter((p) => p.severity !== 'info'), []);
  });
});

describe('a capture right after a command\'s output', () => {
  test('zoneinfo pasted after `numactl -H` output starts its own section; a zone kswapd cannot balance is a warning', () => {
    const t = '# numactl -H\navailable: 1 nodes (3)\nnode 3 size: 15336 MB\nAt that time there are no pages:\nNode 3, zone      DMA\n  per-node stats\n      nr_inactive_anon 0\n      nr_active_file 0\n  pages free     2951\n        min      2821\n        low      3526\n        high     4231\n        present  245760\n        managed  245388\n      nr_zone_inactive_anon 0\n      nr_zone_active_anon 0\n      nr_zone_inactive_file 0\n      nr_zone_active_file 0\n';
    const a = analyzeText(t);
    // numactl -H is read as the node's size (meminfo, variant numactl); the poster's sentence stays text.
    assert.deepEqual(a.parsed.sections.map((s) => `${s.kind}${s.variant ? `/${s.variant}` : ''}`), ['meminfo/numactl', 'unknown', 'zoneinfo']);
    const z = (a.parsed.sections[2] as OpaqueSection).zones![0];
    assert.deepEqual([z.free, z.lru, z.lruFromZone], [2951, { anon: 0, file: 0 }, true]);
    const f = a.findings.find((x) => x.rule === 'zoneinfo/below-watermark')!;
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /LRU lists hold only 0 file and 0 anonymous pages: less than the 1280 pages .* kswapd3 runs without end/);
    // With file pages to reclaim, kswapd can get there: information, as before.
    assert.equal(analyzeText(t.replace('nr_zone_inactive_file 0', 'nr_zone_inactive_file 90000')).findings.find((x) => x.rule === 'zoneinfo/below-watermark')!.severity, 'info');
  });
});

describe('a Mem-Info cut after two lines', () => {
  test('the text report shows what the lines hold, never 0 B for what they do not', () => {
    const a = analyzeText(wild('oom-global-rpi4-armv7-6.1-arch-journal-find-slab-alloc-poster-ellipsis-meminfo-indented-partial.txt'));
    const out = renderText('x', a);
    assert.match(out, /node at the kill: anon 389 MiB · page cache 419 MiB \(the rest of Mem-Info is not in the capture\)/);
    assert.doesNotMatch(out, /free 0 B|slab unreclaimable 0 B/);
  });
});

describe('a line chopped by the pager', () => {
  test('a constraint line ending in `>` keeps its path without the marker, and says the rest is lost', () => {
    const a = analyzeText('Aug 20 13:44:01 h kernel: oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/user.slice/user-1000.slice/vte-s>\nAug 20 13:44:01 h kernel: Out of memory: Killed process 7 (nix-env) total-vm:5120116kB, anon-rss:5048356kB, file-rss:612kB, shmem-rss:0kB\n');
    assert.equal(a.metrics.oom[0].event.taskMemcg, '/user.slice/user-1000.slice/vte-s');
    assert.ok(a.parsed.problems.some((p) => p.line === 0 && /cut at the screen's width .*task_memcg is only the start of its value/.test(p.message)));
  });
});

describe('a command line without a prompt', () => {
  test('`journalctl … | grep kitty` above the journal it printed is that command, not kernel messages', () => {
    const a = analyzeText(wild('systemd-oomd-fedora-journalctl-grep-kitty-scope-78pct-65-processes-restart.txt'));
    const p = a.parsed.problems.find((x) => x.line === 1)!;
    assert.match(p.message, /^The command that printed what follows \(`journalctl --since "280 minutes ago" \$argv \| grep -i kitty`\)/);
  });
});

describe('task rows without their header', () => {
  test('rows before any header are said once, not read, and do not hide the kill after them', () => {
    const a = analyzeText('Aug 20 13:44:01 h kernel: [1055041]     0 1055041  1280029  1262242  1262089      153         0 10272768        0           200 nix-env\nAug 20 13:44:01 h kernel: [1055244]  1000 1055244     6269     3479     3281      198         0    90112        0             0 atop\nAug 20 13:44:01 h kernel: Out of memory: Killed process 1055041 (nix-env) total-vm:5120116kB, anon-rss:5048356kB, file-rss:612kB, shmem-rss:0kB\n');
    assert.deepEqual(a.parsed.problems.filter((p) => /without their header/.test(p.message)).map((p) => p.line), [0]);
    assert.deepEqual(a.metrics.oom.map((d) => [d.event.victimPid, d.event.tasks.length]), [[1055041, 0]]);
  });
});

describe('writes between captures', () => {
  test('`echo 1g > memory.reclaim` between memory.stat greps is a write, not a broken capture', () => {
    const a = analyzeText(wild('memory-stat-v2-series-four-greps-anon-file-file-mapped-memory-reclaim-swappiness-200-anon-3.4g-to-480m-mapped-file-300m-to-20m-healthy.txt'));
    assert.deepEqual(a.parsed.problems.filter((p) => p.severity !== 'info'), []);
    assert.match(a.parsed.problems.find((p) => p.line === 5)!.message, /^A write between captures \(`echo 1g > memory\.reclaim swappiness=200 > memory\.reclaim`\)/);
    assert.equal(analyzeText('anon 1\nfile 2\n\necho 3 > /proc/sys/vm/drop_caches\n\nanon 1\nfile 2\n').parsed.problems.filter((p) => p.severity !== 'info').length, 0);
  });
});

describe('round 12a layouts', () => {
  test('a kernel-monitor event as kubectl lists it (reason OOMKilling, then the kernel line) is a memcg kill', () => {
    const a = analyzeText('kernel-monitor, gke-node-1\t\t\tWarning\t\tOOMKilling\tMemory cgroup out of memory: Kill process 1371 (node) score 2081 or sacrifice child\nKilled process 1371 (node) total-vm:783352kB, anon-rss:201844kB, file-rss:22852kB\n');
    assert.deepEqual(a.metrics.oom.map((d) => [d.event.victimPid, d.scope]), [[1371, 'memcg']]);
  });

  test('a constraint line continued with backslashes is one line; a lone "." after a value is an artefact', () => {
    const a = analyzeText('Apr 15 23:04:52 h kernel: oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),\\\n    cpuset=d.scope,mems_allowed=0,\\\n    oom_memcg=/ecs.slice/t.slice,\\\n    task=tail,pid=51947,uid=0\nApr 15 23:04:52 h kernel: Memory cgroup out of memory: Killed process 51947 (tail) total-vm:459896kB, anon-rss:458176kB, file-rss:772kB, shmem-rss:0kB\n');
    assert.deepEqual(a.metrics.oom.map((d) => [d.event.oomMemcg, d.event.victimPid, d.scope]), [['/ecs.slice/t.slice', 51947, 'memcg']]);
    const e = analyzeText('low 0\nhigh 0\nmax 21\noom 1\noom_kill 1                       .\n');
    assert.deepEqual(e.parsed.problems.filter((p) => p.severity !== 'info'), []);
  });

  test('a script banner naming a file (=== MEMORY.HIGH ===) heads it', () => {
    const d = parseDocument('=== MEMORY.HIGH ===\n2684354560\n');
    assert.deepEqual(d.sections.map((s) => [s.kind, s.variant, s.source]), [['cgroup-value', 'memory.high', 'memory.high']]);
  });
});

describe('busybox prompts', () => {
  test('`/sys/fs/cgroup/memory $ cat memory.stat` names the file in that directory; a bare `PATH $` ends the paste', () => {
    const d = parseDocument('/ $ cd /sys/fs/cgroup/memory/\n/sys/fs/cgroup/memory $ cat memory.stat\ncache 49627136\nrss 59940864\n/sys/fs/cgroup/memory $\n');
    assert.deepEqual(d.sections.map((s) => [s.kind, s.source, s.startLine, s.endLine]), [['memory-stat', '/sys/fs/cgroup/memory/memory.stat', 2, 3]]);
    assert.deepEqual(d.problems.filter((p) => p.severity !== 'info'), []);
  });
});

describe('cgroup v1 memory+swap', () => {
  test('a kill at the memory+swap limit, with memory below its own, says the memsw limit was hit', () => {
    const t = '[ 1.0] memory: usage 32461112kB, limit 33554432kB, failcnt 0\n[ 1.1] memory+swap: usage 35651584kB, limit 35651584kB, failcnt 24208655\n[ 1.2] Memory cgroup out of memory: Killed process 321688 (java) total-vm:10247356kB, anon-rss:2740520kB, file-rss:0kB, shmem-rss:0kB\n';
    const a = analyzeText(t);
    assert.deepEqual([a.metrics.oom[0].event.memswUsageBytes, a.metrics.oom[0].event.memswLimitBytes], [35651584 * 1024, 35651584 * 1024]);
    assert.match(a.findings[0].message, /hit its memory\+swap limit \(memory\.memsw\.limit_in_bytes\): 34\.0 GiB of 34\.0 GiB, failed 24208655 times, with memory itself at 31\.0 GiB of 32\.0 GiB/);
    assert.match(analyzeText(t.replace('usage 35651584kB', 'usage 33000000kB')).findings[0].message, /The cgroup used 31\.0 GiB of a 32\.0 GiB limit/);
  });
});

describe('mlocked page cache', () => {
  test('cache beyond the two file lists, up to Unevictable, is said apart as locked (it cannot be reclaimed)', () => {
    const a = analyzeText(wild('meminfo-128g-yandex-rtc-node-cached-95g-memavailable-78g-mlocked-28g-no-swap-memkernel-field-healthy.txt'));
    const parts = Object.fromEntries(a.metrics.meminfo!.breakdown.map((p) => [p.key, p.bytes]));
    // Locked: Cached + Buffers − Shmem − Inactive(file) − Active(file), under Unevictable; the active part is then Active(file).
    assert.equal(parts.pageCacheLocked, (99673540 + 431136 - 509500 - 19059472 - 52955964) * 1024);
    assert.equal(parts.pageCacheActive, 52955964 * 1024);
    // Without Unevictable pages, nothing is locked.
    const plain = analyzeText('MemTotal: 1000000 kB\nMemFree: 100000 kB\nBuffers: 0 kB\nCached: 500000 kB\nShmem: 0 kB\nActive(file): 300000 kB\nInactive(file): 200000 kB\nUnevictable: 0 kB\n');
    assert.equal(plain.metrics.meminfo!.breakdown.some((p) => p.key === 'pageCacheLocked'), false);
  });
});

describe('memory.oom.group with one kill line', () => {
  test('the finding says the whole cgroup is killed together, of which the capture names one task', () => {
    const t = '[ 1.0] Memory cgroup out of memory: Killed process 22609 (node) total-vm:9923620kB, anon-rss:4116684kB, file-rss:23132kB, shmem-rss:0kB\n[ 1.1] Tasks in /kubepods.slice/p.slice/c.scope are going to be killed due to memory.oom.group set\n[ 1.2] Memory cgroup out of memory: Killed process 22609 (node) total-vm:9923620kB, anon-rss:4116684kB, file-rss:23132kB, shmem-rss:0kB\n';
    const f = analyzeText(t).findings.find((x) => x.rule === 'oom-report/killed')!;
    assert.match(f.message, /memory\.oom\.group is set on \/kubepods\.slice\/p\.slice\/c\.scope: the kernel kills every task in it together \(the capture names this one\)/);
  });
});

describe('"Used" in the text report', () => {
  test('a free table alone shows two ways, says so, and explains only the two it shows', () => {
    const out = renderText('x', analyzeText('$ free -m\n               total        used        free      shared  buff/cache   available\nMem:            7645         409        1215           1        6020        6517\nSwap:              0           0           0\n'));
    assert.match(out, /"Used", two ways \(the capture lacks what the others need\)/);
    assert.match(out, /free's used column is total − free − buff\/cache/);
    assert.doesNotMatch(out, /for the kubelet/);
  });
});

describe('a prompt that shows its directory', () => {
  test('`root@host:/sys/fs/cgroup/X# cat cpu.pressure` names the file in X', () => {
    const d = parseDocument('root@ip-10-4:/sys/fs/cgroup/kubepods.slice/p.slice# cat cpu.pressure\n\nsome avg10=58.43 avg60=57.45 avg300=57.33 total=27907960587\nfull avg10=58.12 avg60=57.28 avg300=57.17 total=27494547488\n');
    assert.deepEqual(d.sections.map((s) => [s.kind, s.source]), [['pressure', '/sys/fs/cgroup/kubepods.slice/p.slice/cpu.pressure']]);
    // An absolute path stays as written.
    assert.equal(parseDocument('root@h:/tmp# cat /proc/pressure/memory\nsome avg10=0.00 avg60=0.00 avg300=0.00 total=0\n').sections[0].source, '/proc/pressure/memory');
  });
});

describe('systemd after a kill in its unit', () => {
  test('"A process of this unit has been killed by the OOM killer", then SIGKILLs to the rest: the whole unit went down', () => {
    const t = ['Mar 17 22:36:49 h kernel: Out of memory: Killed process 20227 (tail) total-vm:799520kB, anon-rss:797192kB, file-rss:0kB, shmem-rss:0kB',
      'Mar 17 22:36:50 h systemd[1]: docker-fc22.scope: A process of this unit has been killed by the OOM killer.',
      'Mar 17 22:36:50 h systemd[1]: docker-fc22.scope: Killing process 17092 (metrics-server) with signal SIGKILL.',
      'Mar 17 22:36:50 h systemd[1]: docker-fc22.scope: Killing process 17100 (coredns) with signal SIGKILL.', ''].join('\n');
    const a = analyzeText(t);
    assert.deepEqual(a.metrics.oom[0].event.systemdUnit?.killed.map((k) => k.pid), [17092, 17100]);
    assert.match(a.findings[0].message, /systemd then killed the rest of docker-fc22\.scope .*metrics-server \(pid 17092\), coredns \(pid 17100\)/);
    // The note alone (no SIGKILLs: OOMPolicy=continue) adds nothing.
    assert.doesNotMatch(analyzeText(t.split('\n').slice(0, 2).join('\n')).findings[0].message, /systemd then killed/);
  });
});

describe('a script report with banners', () => {
  test('its own figures under `=== USAGE ===` are information; the memory.events under `=== EVENTS ===` are read', () => {
    const a = analyzeText('=== USAGE ===\ncurrent: 2.570 GiB / 5.000 GiB (51.4%)\nswap used: 1.025 GiB\n\n=== EVENTS ===\nlow 0\nhigh 86378\nmax 0\noom 0\noom_kill 0\n');
    assert.deepEqual(a.parsed.problems.filter((p) => p.severity !== 'info'), []);
    assert.match(a.parsed.problems.find((p) => p.line === 0)!.message, /^A script's own report \("USAGE"\)/);
    assert.ok(a.parsed.sections.some((s) => s.kind === 'memory-events'));
  });
});
