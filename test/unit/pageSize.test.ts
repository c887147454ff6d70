// The page size a capture proves (src/formats/pageSize.ts), and counters below zero (numbers.ts belowZero).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { analyzeText } from '../../src/analysis/analyze';
import { parseDocument } from '../../src/formats/parse';
import { belowZero } from '../../src/formats/numbers';
import { procpsFree } from '../../src/analysis/procps';
import type { KeyValueSection } from '../../src/model';

const wild = (name: string) => readFileSync(path.join(process.cwd(), 'test', 'wild', 'captures', name), 'utf8');

// Fixture lines in 5.x's Mem-Info layout (mm/show_mem.c), with 64 KiB pages: free:9580 pages = 613120 kB.
const MEMINFO_64K = [
  '[ 1.0] a.out invoked oom-killer: gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=0',
  '[ 1.1] Mem-Info:',
  '[ 1.2] active_anon:20533 inactive_anon:97 isolated_anon:0',
  '[ 1.2]  free:9580 free_pcp:39 free_cma:0',
  '[ 1.3] Node 0 DMA32 free:613120kB min:91584kB low:114432kB high:137280kB active_anon:1314112kB',
];

describe('the page size a capture proves', () => {
  test('a buddy line\'s first block is one page: 64kB pages read at 64 KiB, with a note at that line', () => {
    const text = [...MEMINFO_64K, '[ 1.4] Node 0 DMA32: 12*64kB (UM) 10*128kB (UM) 5*256kB (UM) = 3328kB', '[ 1.5] Out of memory: Killed process 7 (a.out) total-vm:131072kB, anon-rss:131072kB, file-rss:0kB, shmem-rss:0kB', ''].join('\n');
    const d = parseDocument(text);
    assert.deepEqual([d.pageSize, d.pageSizeClue?.how, d.pageSizeClue?.line], [65536, 'buddy', 5]);
    assert.ok(d.problems.some((p) => p.line === 5 && p.severity === 'info' && /Page size 64 KiB, not 4 KiB: the buddy list's smallest block is 64kB/.test(p.message)));
    const a = analyzeText(text);
    assert.equal(a.pageSize, 65536);
    // Mem-Info's anon pages are 64 KiB each: 20533 + 97 pages = 1.26 GiB, not 80 MiB.
    assert.equal(a.metrics.oom[0].story.causeBytes, (20533 + 97) * 65536);
    // A 4 KiB buddy line changes nothing, and says nothing.
    const four = parseDocument(text.replace('12*64kB (UM) 10*128kB (UM) 5*256kB (UM) = 3328kB', '12*4kB (UM) 10*8kB (UM) 5*16kB (UM) = 208kB').replace('free:613120kB', 'free:38320kB'));
    assert.deepEqual([four.pageSize, four.problems.filter((p) => /Page size/.test(p.message))], [undefined, []]);
  });

  test('without a buddy line: Mem-Info free pages against the zones\' kB, the victim\'s total-vm against its task row, slabinfo, meminfo beside vmstat', () => {
    assert.deepEqual([parseDocument(MEMINFO_64K.join('\n')).pageSize, parseDocument(MEMINFO_64K.join('\n')).pageSizeClue?.how], [65536, 'free-pages']);
    const tasks = ['[ 2.0] Tasks state (memory values in pages):', '[ 2.0] [  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name',
      '[ 2.0] [   1440]     0  1440     2054     2053    65536        0             0 a.out',
      '[ 2.1] Out of memory: Killed process 1440 (a.out) total-vm:131456kB, anon-rss:131392kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:64kB oom_score_adj:0'].join('\n');
    assert.deepEqual([parseDocument(tasks).pageSize, parseDocument(tasks).pageSizeClue?.how], [65536, 'task-table']);
    // SLUB fits 8 kmalloc-8192 objects in one slab page only if pages are 64 KiB.
    const slab = 'slabinfo - version: 2.1\n# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>\nkmalloc-8192         96     96   8192    8    1 : tunables    0    0    0 : slabdata     12     12      0\nkmalloc-64         1024   1024     64   64    1 : tunables    0    0    0 : slabdata      1      1      0\n';
    assert.deepEqual([parseDocument(slab).pageSize, parseDocument(slab).pageSizeClue?.text], [65536, 'kmalloc-8192 fits 8 objects of 8192 B in 1 page']);
    assert.equal(parseDocument(slab.replace('8192    8    1', '8192    4    8')).pageSize, undefined);
    const mv = '==> /proc/meminfo <==\nMemTotal:  3879104 kB\nMemFree:     90624 kB\n==> /proc/vmstat <==\nnr_free_pages 1416\nnr_inactive_anon 10\n';
    assert.deepEqual([parseDocument(mv).pageSize, parseDocument(mv).pageSizeClue?.how], [65536, 'vmstat']);
    assert.equal(parseDocument(mv.replace('1416', '22656')).pageSize, undefined);
  });

  test('real captures: 64K arm64, ppc64 and ia64, 16K MIPS', () => {
    for (const [name, bytes] of [
      ['oom-global-arm64-64k-pages-5.4-e2000q-2g-cma-512m-free-600m-all-cma-panic-on-oom-wrapped-zone-lines.txt', 65536],
      ['allocfail-ppc64-64k-pages-3.10-powerkvm-order0-atomic-tg3-dma-free-3.3g-all-cma-buffers-49g-meminfo-head-elided.txt', 65536],
      ['allocfail-ppc64le-64k-pages-5.10-rc7-vmalloc-0-bytes-siw-blktests-normal-free-5.4g-of-8g-131072-pages-ram.txt', 65536],
      ['oom-global-ia64-64k-pages-2.6.26-mm-split-lru-page01-swap-1.9g-of-2g-free-usex-killed-sp-bsp-trace-missing-colon.txt', 65536],
      ['allocfail-mips64-loongson-2e-16k-pages-3.17-order0-gfp-dma-pata-via-dma-zone-managed-0-normal-free-411m-pipe-quoted-wrapped-mid-word.txt', 16384],
    ] as const) assert.equal(analyzeText(wild(name)).pageSize, bytes, name);
    // The arm64 report: 20533 anon pages of 64 KiB, and CMA free on a wrapped zone line.
    const arm = analyzeText(wild('oom-global-arm64-64k-pages-5.4-e2000q-2g-cma-512m-free-600m-all-cma-panic-on-oom-wrapped-zone-lines.txt'));
    assert.match(arm.findings[0].message, /Zone DMA32 shows 599 MiB free, but 512 MiB of it is CMA/);
  });
});

describe('a counter below zero, printed unsigned', () => {
  test('2^64 − N is read as N below zero; the no-limit sentinels and ordinary numbers are not', () => {
    assert.equal(belowZero('18446744073694965760'), 14585856);
    assert.equal(belowZero('18446744073709288640'), 262976);
    for (const t of ['9223372036854771712', '18446744073709551615', '9223372036854775807', '1234', '99999999999999999999']) assert.equal(belowZero(t), undefined, t);
  });

  test('a meminfo Dirty of 2^64 − N kB is an accounting bug, not a dirty backlog', () => {
    const a = analyzeText('MemTotal:        1033008 kB\nMemFree:           81504 kB\nMemAvailable:     781552 kB\nDirty:          18446744073709288640 kB\nWriteback:             0 kB\n');
    assert.deepEqual(a.findings.filter((f) => f.severity !== 'info').map((f) => f.rule), ['meminfo/impossible-value']);
    assert.match(a.findings[0].message, /^Dirty reads 18446744073709288640 kB, which is 2\^64 − 262976: the kernel's Dirty counter went 262976 kB below zero/);
  });

  test('an OOM report\'s memcg usage below zero names the bug, no cause and no "raise the limit"', () => {
    const a = analyzeText('[ 1.0] Task in /websrv killed as a result of limit of /websrv\n[ 1.1] memory: usage 18446744073709537436kB, limit 16777216kB, failcnt 44\n[ 1.2] Memory cgroup out of memory: Killed process 7 (sh) total-vm:8572kB, anon-rss:136kB, file-rss:0kB, shmem-rss:0kB\n');
    const e = a.metrics.oom[0].event;
    assert.deepEqual([e.memcgUsageBelowZeroKb, e.memcgUsageBytes], [14180, undefined]);
    assert.match(a.findings[0].message, /usage counter reads 2\^64 − 14180 kB: it went below zero/);
    assert.doesNotMatch(a.findings[0].message, /What filled it|raise the limit or find/);
  });
});

describe('`| ` quoting', () => {
  test('a meminfo quoted with `| ` is read, and procps would have read the file before the quote; a markdown table row is not a quote', () => {
    const a = analyzeText('| # cat /proc/meminfo\n| MemTotal:        1033008 kB\n| MemFree:           81504 kB\n| MemAvailable:     781552 kB\n| Buffers:          133104 kB\n| Cached:           660752 kB\n');
    const mi = a.parsed.sections.find((s) => s.kind === 'meminfo');
    assert.ok(mi, a.parsed.sections.map((s) => s.kind).join());
    assert.deepEqual(procpsFree(mi as KeyValueSection).assumed.filter((x) => /not at the start of its line/.test(x)), []);
    const t = parseDocument('| MemTotal | 1033008 kB |\n| MemFree | 81504 kB |\n');
    assert.equal(t.sections.some((s) => s.kind === 'meminfo'), false);
  });
});
