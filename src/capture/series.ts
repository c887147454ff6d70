/**
 * A recorded series, the pure half: durations, how many captures `--every E --for F` takes, the
 * refusal of an interval shorter than one capture, and the kernel log kept once per OOM report.
 */
import { parseDuration } from '../prometheus/history';
import { CaptureError } from './errors';

export { parseDuration };

export interface SeriesPlan {
  everyMs: number;
  forMs: number;
  /** Captures at 0, E, 2E, … while before F: ceil(F / E). */
  count: number;
}

/** Shortest interval: `date -Is` (the fallback where -Ins is missing) tells captures apart by the second. */
export const MIN_INTERVAL_MS = 1000;

export function planSeries(every: string, forText: string): SeriesPlan {
  const everyMs = parseDuration(every);
  const forMs = parseDuration(forText);
  if (everyMs === undefined) throw new CaptureError('invalid-argument', `--every expects a duration such as 10s, 5m or 1h, got "${every}".`);
  if (forMs === undefined) throw new CaptureError('invalid-argument', `--for expects a duration such as 10m, 1h or 1d, got "${forText}".`);
  if (everyMs < MIN_INTERVAL_MS) throw new CaptureError('invalid-argument', `--every ${every} is too short: captures are told apart by their timestamps, so the interval is 1s at least.`);
  if (forMs < everyMs) throw new CaptureError('invalid-argument', `--for ${forText} is shorter than --every ${every}: that is one capture; leave out --every and --for for a single one.`);
  return { everyMs, forMs, count: Math.ceil(forMs / everyMs) };
}

/** Seconds for people: `0.42 s`, `12 s`. */
export function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms / 1000)} s`;
}

/**
 * The first capture measures how long one takes: an interval shorter than that would make the
 * captures run back to back at a pace nobody asked for, so the series stops there.
 */
export function intervalRefusal(firstCaptureMs: number, everyMs: number, where = 'this target'): CaptureError | undefined {
  if (firstCaptureMs <= everyMs) return undefined;
  const suggest = Math.ceil(firstCaptureMs / 1000) * 2;
  return new CaptureError('interval-too-short', `one capture of ${where} took ${seconds(firstCaptureMs)}, longer than the interval (--every ${seconds(everyMs)}): stopped after that first capture, which is kept. Try --every ${suggest}s or more.`);
}

/** The key of an OOM report: its first lines without their time prefix (dmesg -T's clock can move). */
function reportKey(lines: string[]): string {
  return lines.slice(0, 3).map((l) => l.replace(/^\[[^\]]*\]\s*/, '').trim()).join('\n');
}

/**
 * Every capture reads the whole kernel log, so a series would hold each OOM report once per capture
 * (and count it as many times). This keeps, in `text`, only the reports not seen in `seen` (the keys
 * of earlier captures' reports), and adds the new ones' keys to `seen`.
 */
export function dropSeenOomReports(text: string, seen: Set<string>): string {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l === '==> dmesg <==');
  if (start < 0) return text;
  let end = lines.findIndex((l, i) => i > start && l.startsWith('==> '));
  if (end < 0) end = lines.length;
  const body = lines.slice(start + 1, end);
  let tail = body.length;
  while (tail > 0 && body[tail - 1] === '') tail--;
  const blank = body.splice(tail);
  const reports: string[][] = [];
  const before: string[] = [];
  for (const l of body) {
    if (/invoked oom-killer/.test(l)) reports.push([l]);
    else if (reports.length) reports[reports.length - 1].push(l);
    else before.push(l);
  }
  const kept: string[] = [...before];
  for (const r of reports) {
    const key = reportKey(r);
    if (seen.has(key)) continue;
    seen.add(key);
    kept.push(...r);
  }
  return [...lines.slice(0, start + 1), ...kept, ...blank, ...lines.slice(end)].join('\n');
}
