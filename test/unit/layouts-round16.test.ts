// Layouts and stories first seen in wild round 16: slabtop out of a mail (blank lines between rows, a row broken
// before its name), a v1 OOM whose failcnt runs into the millions, and a shell session named for an OOM that
// holds a memory.stat. Inline texts are fixtures written here in those layouts.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText } from '../../src/analysis/analyze';
import type { SlabinfoSection } from '../../src/model';
import { expectFires } from './helpers';

describe('slabtop as a mailer leaves it', () => {
  const t = [' Active / Total Caches (% used)     : 152 / 217 (70.0%)', ' Active / Total Size (% used)       : 5828768.08K / 5996848.72K (97.2%)', '',
    '  OBJS ACTIVE  USE OBJ SIZE  SLABS OBJ/SLAB CACHE SIZE NAME', '', '80253888 80253888 100%    0.06K 1253967       64   5015868K iommu_iova', '',
    '105468 105106  99%    0.04K   1034      102      4136K', 'selinux_inode_security', ' 73080  73080 100%    0.13K   2436       30      9744K kernfs_node_cache', '',
    ' 10812  10812 100%    0.04K    106      102       424K Acpi-Namespace', ''].join('\n');

  test('blank lines between rows and a name on the line after its row: one slabtop section, every cache read', () => {
    const a = analyzeText(t);
    const s = a.parsed.sections.filter((x): x is SlabinfoSection => x.kind === 'slabinfo');
    assert.equal(s.length, 1);
    assert.deepEqual(s[0].caches.map((c) => [c.name, c.numObjs, c.line, c.nameSpan.line]), [['iommu_iova', 80253888, 5, 5], ['selinux_inode_security', 105468, 7, 8], ['kernfs_node_cache', 73080, 9, 9], ['Acpi-Namespace', 10812, 11, 11]]);
    assert.deepEqual(a.parsed.problems.filter((p) => p.severity !== 'info'), []);
    assert.equal(a.metrics.series.length, 0);
  });

  test('a cut slabtop: the top cache in objects against the summary, with its CACHE SIZE beside', () => {
    const f = expectFires(t, 'slabinfo/dominant-cache', 'warning', 5);
    assert.match(f.message, /^iommu_iova holds 4\.56 GiB in objects \(4\.78 GiB in slabs, slabtop's CACHE SIZE\), 80 % of all slab \(5\.72 GiB in objects, slabtop's summary\)/);
  });
});

describe('a v1 memcg OOM at its limit for long', () => {
  test('failcnt in the millions and memory+swap below its own limit are said', () => {
    const cg = '/ecs/f209/15e2';
    const t = [`[Wed Feb 19 06:41:03 2025] Task in ${cg} killed as a result of limit of ${cg}`, '[Wed Feb 19 06:41:03 2025] memory: usage 1048576kB, limit 1048576kB, failcnt 34667727',
      '[Wed Feb 19 06:41:03 2025] memory+swap: usage 1048576kB, limit 2097152kB, failcnt 0', ''].join('\n');
    const f = expectFires(t, 'oom-report/killed', 'critical');
    assert.match(f.message, /The cgroup used 1\.00 GiB of a 1\.00 GiB limit, and it had been refused a charge 34,667,727 times \(failcnt\).*memory\+swap was at 1\.00 GiB of its 2\.00 GiB, so memory itself was the limit hit\./);
    assert.doesNotMatch(expectFires(t.replace('34667727', '12'), 'oom-report/killed', 'critical').message, /refused a charge/);
  });
});

describe('a file named for an OOM that holds a shell session and a memory.stat', () => {
  test('the name does not make the session a kernel log: the memory.stat after it is read', () => {
    const t = '# echo $$ > tasks \n/dev/memctl/a# echo 10M > memory.limit_in_bytes \n/dev/memctl/a# dd if=/dev/zero of=/tmp/f count=20 bs=1M\nKilled\n/dev/memctl/a# cat memory.stat \ncache 9265152\nrss 143360\ninactive_file 9261056\nactive_file 4096\n';
    const a = analyzeText(t, { fileName: 'premature-memcg-oom.txt' });
    const stat = a.parsed.sections.find((x) => x.kind === 'memory-stat');
    assert.ok(stat, a.parsed.sections.map((x) => x.kind).join(','));
    assert.equal(stat.source, 'memory.stat');
    assert.equal(a.parsed.sections.filter((x) => x.kind === 'oom-report').length, 0);
  });
});

describe('a zone just below its low watermark beside a roomy one', () => {
  test('the note says the node is not short, and names the zone that has room', () => {
    // Fixture in 5.x's /proc/zoneinfo layout (mm/vmstat.c zoneinfo_show_print), two zones of node 0.
    const zone = (name: string, free: number, min: number, low: number, high: number, managed: number) => `Node 0, zone ${name.padStart(8)}\n  pages free     ${free}\n        min      ${min}\n        low      ${low}\n        high     ${high}\n        spanned  ${managed}\n        present  ${managed}\n        managed  ${managed}\n`;
    const t = zone('DMA32', 731977, 5000, 6250, 7500, 765000) + zone('Normal', 8846, 7104, 8880, 10656, 500000);
    const f = expectFires(t, 'zoneinfo/below-watermark', 'info', undefined, { fileName: 'zoneinfo' });
    assert.match(f.message, /Node 0 zone Normal has 8846 pages \(34\.6 MiB\) free, below its low watermark of 8880 pages.*The node is not short: DMA32 has 731977 pages \(2\.79 GiB\) free, above its high watermark/);
  });
});
