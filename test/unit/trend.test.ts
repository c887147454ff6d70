// The Theil–Sen trend (src/analysis/trend.ts) selects its medians in place instead of sorting:
// it must give exactly what the textbook definition gives (median of all pairwise slopes, sorted).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { trendOf } from '../../src/analysis/trend';

function sortedMedian(xs: number[]): number {
  const a = [...xs].sort((p, q) => p - q);
  const m = a.length >> 1;
  return a.length % 2 ? a[m] : (a[m - 1] + a[m]) / 2;
}

function reference(xs: number[], ys: number[]): { slope: number; start: number; s: number } | undefined {
  const slopes: number[] = [];
  let s = 0;
  for (let i = 0; i < xs.length; i++) for (let j = i + 1; j < xs.length; j++) {
    s += Math.sign(ys[j] - ys[i]);
    if (xs[j] !== xs[i]) slopes.push((ys[j] - ys[i]) / (xs[j] - xs[i]));
  }
  if (!slopes.length) return undefined;
  const slope = sortedMedian(slopes);
  return { slope, start: sortedMedian(ys.map((v, i) => v - slope * (xs[i] - xs[0]))), s };
}

describe('trend: Theil–Sen slope and Mann–Kendall S', () => {
  test('equal to the sorted-median definition on any series up to 200 points (ties, repeats, runs)', () => {
    const value = fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double({ min: -1e12, max: 1e12, noNaN: true }));
    fc.assert(fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), value), { minLength: 3, maxLength: 200 }), (pts) => {
      const xs = pts.map((p) => p[0]).sort((a, b) => a - b);
      const ys = pts.map((p) => p[1]);
      const got = trendOf(xs, ys);
      const want = reference(xs, ys);
      if (!want) { assert.equal(got, undefined); return; }
      assert.ok(got);
      // === (not Object.is): 0 and -0 are the same median.
      assert.ok(got.slope === want.slope, `slope ${got.slope} vs ${want.slope}`);
      assert.ok(got.start === want.start, `start ${got.start} vs ${want.start}`);
      assert.equal(got.s, want.s);
    }), { numRuns: 400 });
  });

  test('a clean line, a sorted and a reversed one: the slope exactly', () => {
    const xs = Array.from({ length: 150 }, (_, i) => i * 60_000);
    assert.equal(trendOf(xs, xs.map((x) => 5 + x * 2))!.slope, 2);
    assert.equal(trendOf(xs, xs.map((x) => 5 - x * 3))!.slope, -3);
    assert.equal(trendOf(xs, xs.map(() => 7))!.slope, 0);
  });
});
