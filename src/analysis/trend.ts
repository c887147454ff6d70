/**
 * A robust trend for a series with jitter: the Theil–Sen slope (the median of
 * the slopes between every pair of points) and the Mann–Kendall test of
 * whether the series rises at all. Sample noise larger than the step between
 * two samples hides a slow leak from "most steps rise"; these two see it.
 *
 * Sen, P. K. (1968), "Estimates of the regression coefficient based on
 * Kendall's tau"; Mann (1945) and Kendall (1975) for the test, with the
 * normal approximation var(S) = n(n − 1)(2n + 5)/18 (no tie correction).
 */
export interface Trend {
  /** Units of value per unit of x (per millisecond when x is time). */
  slope: number;
  /** Theil–Sen intercept at x = first point's x: median of (y − slope·(x − x0)). */
  start: number;
  /** Mann–Kendall S and its normal score Z (positive: rising). */
  s: number;
  z: number;
  /** Points used (long series are thinned evenly to bound the O(n²) pairs). */
  n: number;
}

/** Above this many points the series is thinned evenly: 200 points are 19 900 pairs. */
const MAX_POINTS = 200;

/** The median of `a[0..n)`, reordering `a` in place: selection (Hoare's quickselect), not a sort of 19 900 slopes. */
function median(a: Float64Array, n = a.length): number {
  const m = n >> 1;
  select(a, n, m);
  if (n % 2) return a[m];
  // The element below the median is the largest of the part left of it.
  let below = a[0];
  for (let i = 1; i < m; i++) if (a[i] > below) below = a[i];
  return (below + a[m]) / 2;
}

/** Puts the k-th smallest of `a[0..n)` at `a[k]`, smaller ones before it and larger ones after (finite values). */
function select(a: Float64Array, n: number, k: number): void {
  let lo = 0; let hi = n - 1;
  while (hi > lo) {
    // Median of three as the pivot keeps sorted and reversed input linear.
    const mid = (lo + hi) >> 1;
    const p = Math.max(Math.min(a[lo], a[mid]), Math.min(Math.max(a[lo], a[mid]), a[hi]));
    let i = lo; let j = hi;
    while (i <= j) {
      while (a[i] < p) i++;
      while (a[j] > p) j--;
      if (i <= j) { const t = a[i]; a[i] = a[j]; a[j] = t; i++; j--; }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

export function trendOf(xs: ArrayLike<number>, ys: ArrayLike<number>): Trend | undefined {
  let n = Math.min(xs.length, ys.length);
  if (n < 3) return undefined;
  let x: ArrayLike<number> = xs; let y: ArrayLike<number> = ys;
  if (n > MAX_POINTS) {
    const step = (n - 1) / (MAX_POINTS - 1);
    const sx = new Float64Array(MAX_POINTS); const sy = new Float64Array(MAX_POINTS);
    for (let i = 0; i < MAX_POINTS; i++) { const j = Math.round(i * step); sx[i] = xs[j]; sy[i] = ys[j]; }
    x = sx; y = sy;
    n = MAX_POINTS;
  }
  const slopes = new Float64Array((n * (n - 1)) / 2);
  let count = 0;
  let s = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const dy = y[j] - y[i];
      s += dy > 0 ? 1 : dy < 0 ? -1 : 0;
      const dx = x[j] - x[i];
      if (dx !== 0) slopes[count++] = dy / dx;
    }
  }
  if (!count) return undefined;
  const slope = median(slopes, count);
  const start = median(Float64Array.from(y, (v, i) => v - slope * (x[i] - x[0])));
  const variance = (n * (n - 1) * (2 * n + 5)) / 18;
  const z = s > 0 ? (s - 1) / Math.sqrt(variance) : s < 0 ? (s + 1) / Math.sqrt(variance) : 0;
  return { slope, start, s, z, n };
}

/** One-sided normal quantile for a confidence given in percent (95 → 1.645, 99 → 2.326). */
export function zFor(confidencePercent: number): number {
  // Abramowitz & Stegun 26.2.23 (error below 4.5e-4), enough for a threshold.
  const p = Math.min(Math.max(confidencePercent / 100, 0.5), 0.999999);
  const q = Math.sqrt(-2 * Math.log(1 - p));
  return q - (2.515517 + 0.802853 * q + 0.010328 * q * q) / (1 + 1.432788 * q + 0.189269 * q * q + 0.001308 * q * q * q);
}
