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

function median(xs: number[]): number {
  const a = Float64Array.from(xs).sort();
  const m = a.length >> 1;
  return a.length % 2 ? a[m] : (a[m - 1] + a[m]) / 2;
}

export function trendOf(xs: readonly number[], ys: readonly number[]): Trend | undefined {
  let n = Math.min(xs.length, ys.length);
  if (n < 3) return undefined;
  let x = xs as number[]; let y = ys as number[];
  if (n > MAX_POINTS) {
    const step = (n - 1) / (MAX_POINTS - 1);
    x = []; y = [];
    for (let i = 0; i < MAX_POINTS; i++) { const j = Math.round(i * step); x.push(xs[j]); y.push(ys[j]); }
    n = MAX_POINTS;
  }
  const slopes: number[] = [];
  let s = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const dy = y[j] - y[i];
      s += dy > 0 ? 1 : dy < 0 ? -1 : 0;
      const dx = x[j] - x[i];
      if (dx !== 0) slopes.push(dy / dx);
    }
  }
  if (!slopes.length) return undefined;
  const slope = median(slopes);
  const start = median(y.map((v, i) => v - slope * (x[i] - x[0])));
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
