/**
 * vmstat N and sar tables as series: their rows become tracks for the viewer's Trends tab (sizes in bytes
 * by the table's unit, rates as printed), on real captures of the wild corpus.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { analyzeText } from '../../src/analysis/analyze';
import { toViewModel } from '../../src/features/viewModel';

const WILD = path.join(__dirname, '..', 'wild', 'captures');
const analyse = (f: string) => analyzeText(readFileSync(path.join(WILD, f), 'utf8'), { fileName: f });

describe('tables as series', () => {
  test('vmstat -t -w: one track per memory column over the rows after the since-boot row, timed by the rows\' clock', () => {
    const a = analyse('vmstat-table-procps4-wide-timestamp-gu-column-wordpress-load-crlf.txt');
    const s = a.metrics.series.find((x) => x.kind === 'vmstat-table')!;
    assert.ok(s, a.metrics.series.map((x) => x.kind).join(', '));
    assert.equal(s.samples, 10, 'eleven rows, the first since boot');
    assert.ok(s.timed);
    const free = s.tracks.find((t) => t.id === 'vmstat-table:free')!;
    // The first row after the header is since boot: the track starts at the row after it.
    const table = a.parsed.sections[s.sections[0]] as { vmstatTable?: { samples: { values: Record<string, number>; sinceBoot: boolean }[] } };
    const rows = table.vmstatTable!.samples.filter((r) => !r.sinceBoot);
    assert.equal(free.value[0], rows[0].values.free * 1024);
    assert.equal(free.value[free.length - 1], rows[rows.length - 1].values.free * 1024);
    assert.equal(free.time![1] - free.time![0], 1000, 'one second apart');
    const vm = toViewModel(a, 'x');
    const vs = vm.series.find((x) => x.kind === 'vmstat-table')!;
    assert.equal(vs.samples, 10);
    assert.equal(vs.tracks.find((t) => t.id === 'vmstat-table:cache')!.unit, 'bytes');
  });

  test('sar -B with mail-wrapped rows: each column a track (rates per second as printed), timed by its clock, with no new alarm from the tracks', () => {
    const a = analyse('sar-B-r-W-187g-nfsd-server-6.12-kswapd-pgscank-10m-per-s-vmeff-0.1pct-cache-138g-free-3.9g-wrapped.txt');
    const sar = a.metrics.series.filter((x) => x.kind === 'sar-table');
    assert.ok(sar.length >= 1);
    const scan = sar.flatMap((x) => x.tracks).find((t) => t.id === 'sar:pgscank/s')!;
    assert.equal(scan.unit, '/s');
    assert.equal(scan.value[0], 10817339.49);
    assert.ok(sar.every((x) => x.timed && x.clockOnly));
    const mem = sar.flatMap((x) => x.tracks).find((t) => t.id === 'sar:kbmemfree');
    if (mem) assert.equal(mem.unit, 'bytes');
    assert.ok(!a.findings.some((f) => f.rule.startsWith('series/')), a.findings.map((f) => f.rule).join(', '));
  });
});
