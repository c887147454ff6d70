/** The one formatting module: counts with thousands separators as en-US prints them (written by hand for speed). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatCount, formatPercent } from '../../src/humanFormat';

test('formatCount groups thousands as en-US toLocaleString does, rounding first; no "-0"', () => {
  for (const n of [0, 1, 12, 123, 1234, 12345, 123456, 1234567, -1, -1234, -1234567, 999.5, 1e15, 2 ** 53, 1e20, 1e22]) assert.equal(formatCount(n), Math.round(n).toLocaleString('en-US'), String(n));
  assert.equal(formatCount(-0.4), '0');
  assert.equal(formatCount(Number.NaN), 'n/a');
});

test('formatPercent: nearly all is never printed as 100 %', () => {
  assert.deepEqual([0.9986, 0.995, 0.99999, 1, 0.5, 0.05, 0].map(formatPercent), ['99.9 %', '99.5 %', '99.99 %', '100 %', '50 %', '5.0 %', '0 %']);
});
