// Hover texts from the core service, with a cursor marker `|` in inline documents
// (the style of vscode-css-languageservice's hover tests).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createKmemService } from '../../src';

const svc = createKmemService();

/** Hover at the `|` in `doc` (the marker is removed); returns the Markdown or undefined. */
function hoverAt(doc: string): string | undefined {
  const at = doc.indexOf('|');
  const text = doc.slice(0, at) + doc.slice(at + 1);
  const before = text.slice(0, at).split('\n');
  const d = svc.analyse('file:///t', 1, text);
  return svc.hover(d, before.length - 1, before[before.length - 1].length)?.contents;
}

test('a slabinfo header column explains the column', () => {
  const h = hoverAt('slabinfo - version: 2.1\n# name            <active_objs> <num_objs> <obj|size> <objperslab> <pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>\ndentry 100 120 192 21 1 : tunables 0 0 0 : slabdata 6 6 0\n');
  assert.match(h ?? '', /^\*\*objsize\*\*/);
});

test('a slabinfo row: the name explains the cache with both sizes, a number explains its column', () => {
  const row = 'dentry            402000 410508    192   21    1 : tunables    0    0    0 : slabdata  19548  19548      0';
  const onName = hoverAt(`slabinfo - version: 2.1\nden|${row.slice(3)}\n`);
  assert.match(onName ?? '', /dentry/);
  assert.match(onName ?? '', /76\.4 MiB\*\* in slabs/);
  const onSize = hoverAt(`slabinfo - version: 2.1\n${row.replace(' 192 ', ' 1|92 ')}\n`);
  assert.match(onSize ?? '', /^\*\*objsize\*\*/);
  assert.match(onSize ?? '', /Value here: \*\*192\*\*/);
});

test('a slab cache hover names the cache as written, with its family when a pattern matched', () => {
  const row = (name: string) => `${name} 100 120 8192 1 2 : tunables 8 4 0 : slabdata 100 120 0`;
  const legacy = hoverAt(`slabinfo - version: 2.1\nsi|${row('size-8192').slice(2)}\n`) ?? '';
  assert.match(legacy, /^\*\*size-8192\*\* — Generic kmalloc size class \(SLAB before 2\.6\.22\) \(size-\*\)/);
  const kmalloc = hoverAt(`slabinfo - version: 2.1\nkm|${row('kmalloc-8k').slice(2)}\n`) ?? '';
  assert.match(kmalloc, /^\*\*kmalloc-8k\*\* — Generic kmalloc size class \(kmalloc-\*\)/);
  const unknown = hoverAt(`slabinfo - version: 2.1\nmy|${row('mydriver_cache').slice(2)}\n`) ?? '';
  assert.match(unknown, /^\*\*mydriver_cache\*\* — Slab cache\n/);
  assert.doesNotMatch(unknown, /\*\*\*\*/);
});

test('an OOM report: Mem-Info tokens in pages and kB, and the memcg stats block', () => {
  const oom = readFileSync(join(process.cwd(), 'fixtures', 'memcg-oom-kubepods-burstable-dmesg.txt'), 'utf8');
  const lines = oom.split('\n');
  const statLine = lines.findIndex((l) => / anon \d+$/.test(l));
  const d = svc.analyse('file:///oom', 1, oom);
  const h = svc.hover(d, statLine, lines[statLine].indexOf('anon') + 1)?.contents ?? '';
  assert.match(h, /\*\*anon\*\*/);
  assert.match(h, /At OOM time: \*\*1012 MiB\*\*/);
  const global = readFileSync(join(process.cwd(), '..', 'shared', 'corpus', 'oom-report', 'oomanalyser-archlinux-6.1.1-global.txt'), 'utf8');
  const g = svc.analyse('file:///g', 1, global);
  const gl = global.split('\n');
  const pages = gl.findIndex((l) => l.startsWith('active_anon:'));
  assert.match(svc.hover(g, pages, 2)?.contents ?? '', /active_anon\*\* at OOM time: \*\*5\.39 GiB\*\* \(`1413442` pages/);
  const node = gl.findIndex((l) => l.startsWith('Node 0 active_anon:'));
  assert.match(svc.hover(g, node, 10)?.contents ?? '', /\(`\d+` kB\)/);
  // `…KB` is kB too (mm/show_mem.c prints reserved_highatomic with a capital K), and hugepages_total is a count of huge pages.
  const zone = gl.findIndex((l) => l.includes('reserved_highatomic:0KB'));
  assert.match(svc.hover(g, zone, gl[zone].indexOf('reserved_highatomic') + 2)?.contents ?? '', /\(`0` kB\)/);
  const huge = gl.findIndex((l) => l.includes('hugepages_total='));
  assert.match(svc.hover(g, huge, gl[huge].indexOf('hugepages_total') + 2)?.contents ?? '', /`0` huge pages/);
});

test('a meminfo field shows its share of MemTotal; a blank line shows nothing', () => {
  const h = hoverAt('MemTotal:  16000000 kB\nMemFree:    1000000 kB\nMemAvailable: 8000000 kB\nShm|em:  1600000 kB\n');
  assert.match(h ?? '', /10 % of MemTotal/);
  assert.equal(hoverAt('MemTotal:  16000000 kB\n|\nMemFree: 1 kB\nMemAvailable: 2 kB\n'), undefined);
});

test('MemTotal shows used as each tool computes it, the kubelet formula, and what a cut capture cannot tell', () => {
  const sample = readFileSync(join(process.cwd(), 'fixtures', 'sample-node-snapshot.txt'), 'utf8');
  const lines = sample.split('\n');
  const at = lines.findIndex((l) => l.startsWith('MemTotal:'));
  const h = svc.hover(svc.analyse('file:///s', 1, sample), at, 2)?.contents ?? '';
  assert.match(h, /procps-ng ≥ 4\.0\.1\) used = MemTotal − MemAvailable: \*\*14\.5 GiB\*\*/);
  assert.match(h, /runc ≥ 1\.2/);
  assert.match(h, /runc 1\.0–1\.1/);
  const cut = hoverAt('Mem|Total:  16000000 kB\nMemFree:    1000000 kB\nMemAvailable: 8000000 kB\nBuffers: 1000 kB\nCached: 200000 kB\n');
  assert.match(cut ?? '', /Not computed, the capture lacks SwapCached, AnonPages/);
  assert.match(cut ?? '', /kubelet working set: unknown/);
});

test('a buddyinfo line: free blocks by order, with their sizes', () => {
  const h = hoverAt('Node 0, zone   Nor|mal   4381   1093    185   1530    567    102      4      0      0      0      0\n');
  assert.match(h ?? '', /Node 0, zone Normal\*\*: 126 MiB free/);
  assert.match(h ?? '', /\| 3 \| 32\.0 KiB \| 1,530 \| 47\.8 MiB \|/);
});

test('a memory.numa_stat line: the key split by node', () => {
  const svc2 = createKmemService();
  const text = 'anon N0=1330585600 N1=1141161984\nfile N0=4531773440 N1=4001075200\n';
  const h = svc2.hover(svc2.analyse('file:///memory.numa_stat', 1, text), 0, 2)?.contents ?? '';
  assert.match(h, /\*\*anon\*\* by NUMA node: 2\.30 GiB in all/);
  assert.match(h, /node 1: \*\*1\.06 GiB\*\* \(46 %\)/);
});

test('a free row holds several fields: the hover explains the one under the cursor', () => {
  const table = (row: string) => `$ free -m\n               total        used        free      shared  buff/cache   available\n${row}\n`;
  assert.match(hoverAt(table('Mem:           15|887        6411         505         153        9301        9476')) ?? '', /\*\*MemTotal\*\*/);
  assert.match(hoverAt(table('Mem:           15887        6411         505         153        9301        9|476')) ?? '', /\*\*MemAvailable\*\*/);
  assert.match(hoverAt(table('Mem:           15887        6411         5|05         153        9301        9476')) ?? '', /\*\*MemFree\*\*/);
});

test('MemTotal of a free table says what free printed as used, and nothing of keys "lacking" (the table is its own partition)', () => {
  const doc = '$ free\n             total       used       free     shared    buffers     cached\nMem:      1228|6456   11715372     571084          0      81912    6545228\n-/+ buffers/cache:    5088232    7198224\nSwap:     24571408      54528   24516880\n';
  const h = hoverAt(doc) ?? '';
  assert.match(h, /free\(1\) as printed \(-\/\+ buffers\/cache\): \*\*4\.85 GiB\*\* \(41 %\)/);
  assert.doesNotMatch(h, /the capture lacks/);
});

test('a kswapd row of top: what the thread does, its CPU, and the finding on it', () => {
  // A fixture in procps-ng top's default layout.
  const doc = '  PID USER      PR  NI    VIRT    RES    SHR S  %CPU  %MEM     TIME+ COMMAND\n   49 root      20   0       0      0      0 R  6|6.1   0.0   2:23.56 kswapd0\n 2316 phablet   20   0  720672   6372      0 S   1.0   0.7   0:08.30 ubuntu-push-cli\n';
  const h = hoverAt(doc) ?? '';
  assert.match(h, /Background reclaim thread/);
  assert.match(h, /\*\*kswapd0\*\* \(pid 49\): 66\.1 % of one CPU over top's last interval/);
  assert.match(h, /threads\/reclaim-busy/);
  // The other process's row explains nothing.
  assert.equal(hoverAt(doc.replace('6|6.1', '66.1').replace('1.0   0.7', '1|.0   0.7')), undefined);
});

test('a vmstat table: a column name explains the column; a cell gives its value in the table\'s unit', () => {
  // A fixture in procps-ng vmstat's default layout, with its command line (-S M).
  const doc = '$ vmstat -S M 1 3\nprocs -----------memory---------- ---swap-- -----io---- -system-- ------cpu-----\n r  b   swpd   free   buff  cache   si   so    bi    bo   in   cs us sy id wa st\n 2  0    200    150     20    900   90   90   120   300 1500 2600 10  5 85  0  0\n 2  5    210    140     20    880   30   4|0  2000   300 1500 2600 10  5 45 40  0\n';
  const onCell = hoverAt(doc) ?? '';
  assert.match(onCell, /Swapped out per second/);
  assert.match(onCell, /\*\*40 MiB\/s\*\* = 40\.0 MiB\/s/);
  assert.match(onCell, /vmstat\/swapping/);
  const onHeader = hoverAt(doc.replace('ca|che', 'cache').replace('4|0', '40').replace('  cache   si', '  ca|che   si')) ?? '';
  assert.match(onHeader, /Page cache/);
  const sinceBoot = hoverAt(doc.replace('4|0', '40').replace('   90   90   120', '   90   9|0   120')) ?? '';
  assert.match(sinceBoot, /first row: the average since boot/);
});

test('a sar report: a column explains itself; a cell, also on a row wrapped by a mailer, gives its value and time', () => {
  // A fixture in sysstat's layout, wrapped as in a real paste (test/wild sar-B-r-W-187g-…).
  const doc = '04:00:00 PM  pgpgin/s pgpgout/s   fault/s  majflt/s  pgfree/s\npgscank/s pgscand/s pgsteal/s    %vmeff\n04:00:00 PM   6570.43  37504.61   1937.60      0.20 337274.24\n10817339.49      0.00  10623.60      0.1|0\n';
  const h = hoverAt(doc) ?? '';
  assert.match(h, /Reclaim efficiency/);
  assert.match(h, /\*\*0\.1\*\* at 04:00:00 PM/);
  assert.match(hoverAt(doc.replace('0.1|0', '0.10').replace('pgscank/s', 'pgsca|nk/s')) ?? '', /Pages scanned by kswapd per second/);
});

test('pagetypeinfo: its headings, a migrate type\'s free row and the pageblock census are explained', () => {
  // Fixture in 3.10's layout (mm/vmstat.c pagetypeinfo_show).
  const doc = (at: string) => ['Page block order: 9', 'Pages per block:  512', '', 'Free pages count per migrate type at order       0      1      2',
    'Node    0, zone   Normal, type    Unmovable  15016   9903   5654', 'Node    0, zone   Normal, type      Movable 106989 160315  64278', '',
    'Number of blocks type     Unmovable  Reclaimable      Movable', 'Node 0, zone    DMA32          961           43          524', 'Node 0, zone   Normal        10261          217         4370', ''].join('\n').replace(at, at.replace(/^(.)/, '$1|'));
  assert.match(hoverAt(doc('Page block order')) ?? '', /^\*\*Page block order\*\* — Size of a pageblock[\s\S]*A pageblock here: \*\*512 pages, 2\.00 MiB\*\*/);
  const free = hoverAt(doc('Unmovable  15016')) ?? '';
  assert.match(free, /^\*\*Node 0, zone Normal, Unmovable blocks\*\*: 224 MiB free/);
  assert.match(free, /\| 2 \| 16\.0 KiB \| 5,654 \| 88\.3 MiB \|/);
  assert.match(free, /\*\*Unmovable\*\* — Migrate type: memory that cannot move/);
  const census = hoverAt(doc('10261')) ?? '';
  assert.match(census, /^\*\*Node 0, zone Normal\*\*: 14,848 pageblocks of 2\.00 MiB, by migrate type/);
  assert.match(census, /\| Unmovable \| 10,261 \| 20\.0 GiB \| 69 % \|/);
  // The cursor on DMA32's Movable count names Movable, not the zone's digits.
  assert.match(hoverAt(doc('524')) ?? '', /\*\*Movable\*\* — Migrate type: memory that can move/);
});

test('OOM report lines beyond the kill: swap and RAM with their values, a failed slab, the retried fault, rows without their header', () => {
  // Fixtures in the layouts of 3.10 (Mem-Info's tail) and 6.18 (a journal excerpt).
  const tail = 'kernel: Free swap  = 0kB\nkernel: Total swap = 8388604kB\nkernel: 16678438 pages RAM\nkernel: 334767 pages reserved\nkernel: [ pid ]   uid  tgid total_vm      rss nr_ptes swapents oom_score_adj name\nkernel: [ 1050]     0  1050    36493       50      71       44             0 systemd-journal\n';
  const swap = hoverAt(tail.replace('Free swap', 'Free sw|ap')) ?? '';
  assert.match(swap, /^\*\*Free swap\*\* — Swap left at the time/);
  assert.match(swap, /At the time: \*\*0 B free of 8\.00 GiB\*\* \(swap full\)/);
  assert.match(hoverAt(tail.replace('16678438 pages', '166784|38 pages')) ?? '', /RAM \*\*63\.6 GiB\*\*, of which reserved \*\*1\.28 GiB\*\* \(2\.0 %\)/);
  const loop = 'kernel: [   6826]     0  6826       78        0        0        0         0    24576        0         -1000 tini\nkernel: Out of memory and no killable processes...\nkernel: Huh VM_FAULT_OOM leaked out to the #PF handler. Retrying PF\n';
  assert.match(hoverAt(loop.replace('Huh VM', 'Huh V|M')) ?? '', /^\*\*VM_FAULT_OOM leaked\*\* — A page fault failed with no OOM of its own/);
  assert.match(hoverAt(loop.replace('no killable', 'no kil|lable')) ?? '', /^\*\*no killable processes\*\*/);
  const row = hoverAt(loop.replace(' tini', ' ti|ni')) ?? '';
  assert.match(row, /^\*\*Task tini\*\* \(pid 6826\) at OOM time\n\noom_score_adj -1000 → exempt from the OOM killer/);
  assert.match(hoverAt('[ 1.0] SLUB: Unable to allocate m|emory on node -1, gfp=0x6000c0(GFP_KERNEL)\n[ 1.0]   cache: dentry(100:12G), object size: 192, buffer size: 192, default order: 0, min order: 0\n[ 1.1] bash invoked oom-killer: gfp_mask=0x0(), order=0, oom_score_adj=0\n') ?? '', /^\*\*SLUB: Unable to allocate memory\*\* — A slab cache could not grow/);
});

test('a free -h cell that carries its own unit is shown as written, with no second unit after it', () => {
  const h = hoverAt('$ free -h\n               total        used        free      shared  buff/cache   available\nMem:           9.|7Gi       557Mi       9.1Gi       3.1Mi       275Mi       9.2Gi\nSwap:          8.0Gi          0B       8.0Gi\n');
  assert.match(h ?? '', /\*\*9\.70 GiB\*\* — `9\.7Gi` as written/);
  assert.doesNotMatch(h ?? '', /`9\.7Gi` GiB/);
  const kb = hoverAt('MemTotal:       1|6000000 kB\nMemFree:        8000000 kB\n');
  assert.match(kb ?? '', /`16000000` kB/);
});

test('an allocation profiling row explains its call site, in /proc/allocinfo and in an OOM report\'s Memory allocations', () => {
  const allocinfo = hoverAt('# sort -g /proc/allocinfo\n    85098496     4486 mm/slub.c:2452 func:alloc_slab_page\n   191594496    46776 mm/memory.c:1056 func:folio_prealloc\n  11|05125376   139252 drivers/net/ethernet/intel/ice/ice_txrx.c:681 [ice] func:ice_alloc_mapped_page\n');
  assert.match(allocinfo ?? '', /^\*\*ice_alloc_mapped_page\*\* \[ice\] — drivers\/net\/ethernet\/intel\/ice\/ice_txrx\.c:681/);
  assert.match(allocinfo ?? '', /\*\*1\.03 GiB\*\* held \(`1105125376` bytes\) in 139,252 live allocations, 7\.75 KiB each on average/);
  assert.match(allocinfo ?? '', /the kernel's own memory, allocated by the ice module/);
  const oom = hoverAt('[ 30.98] Memory allocations:\n[ 30.98]     38.4 MiB     5505 mm/slub.c:3075 func:alloc_slab_page\n[ 30.98]     3|1.9 MiB     7943 mm/readahead.c:189 func:ractl_alloc_folio\n');
  assert.match(oom ?? '', /\*\*31\.9 MiB\*\* held \(`31\.9 MiB`\) in 7,943 live allocations/);
  assert.match(oom ?? '', /processes' memory or page cache: page cache read ahead/);
});

test('a cache whose objects are fewer than its slabs could hold says SLUB fell back to smaller slabs, and what they hold', () => {
  // The hotsos host's proc_inode_cache row (test/wild slabinfo-2.1-hotsos-numa-host-…): 230,395 slabs of 51 objects, 3,116,040 objects.
  const row = 'proc_i|node_cache 3116040 3116040    632   51    8 : tunables    0    0    0 : slabdata 230395 230395      0';
  const h = hoverAt(`slabinfo - version: 2.1\n${row}\n`);
  assert.match(h ?? '', /\*\*7\.03 GiB\*\* in slabs/);
  assert.match(h ?? '', /SLUB fell back to smaller slabs .* They most likely hold \*\*1\.86 GiB\*\*/);
});
