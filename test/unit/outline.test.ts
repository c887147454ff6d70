/**
 * The outline of a series once the service has analysed it: the earlier captures keep their outline
 * fields as positions only (features/symbols.ts keepOutlineFieldsOnly), and the outline read back from
 * the lines must be the one the full fields give.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createKmemService } from '../../src';
import { analyzeText } from '../../src/analysis/analyze';
import { documentSymbols } from '../../src/features/symbols';
import { daySeries } from '../../bench/inputs';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures');

function both(text: string) {
  const lines = text.split('\n');
  const full = documentSymbols(analyzeText(text), (n) => lines[n]?.length ?? 0);
  const d = createKmemService().analyse('file:///series.txt', 1, text);
  return { full, compacted: createKmemService().symbols(d), earlier: d.analysis.parsed.sections.filter((s) => 'peek' in s && s.peek).length };
}

describe('outline of an analysed series', () => {
  test('generated per-minute captures (meminfo, vmstat, PSI): the compacted outline equals the full one', () => {
    const { full, compacted, earlier } = both(daySeries(40));
    assert.ok(earlier >= 70, `${earlier} earlier captures compacted`);
    assert.deepEqual(compacted, full);
    // Earlier captures still list their key fields, with the values as written.
    const firstMeminfo = compacted.find((s) => /meminfo/.test(s.name))!;
    assert.ok(firstMeminfo.children!.some((c) => c.name === 'MemAvailable' && /^\d+$/.test(c.detail ?? '')), JSON.stringify(firstMeminfo.children?.slice(0, 3)));
  });

  test('a fixture series with headers and timestamps: the same outline', () => {
    const text = readFileSync(path.join(FIXTURES, 'series-sunreclaim-growth-6-captures.txt'), 'utf8');
    const { full, compacted, earlier } = both(text);
    assert.ok(earlier >= 5);
    assert.deepEqual(compacted, full);
  });
});
