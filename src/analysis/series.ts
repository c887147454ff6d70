/**
 * Series: two or more captures of the same kind (and source) in one document.
 * Sizes that grow steadily and counter rates (rule-catalog.md §series).
 */
import type { Field, KeyValueSection, OpaqueSection, Section, SlabinfoSection, VmstatTable, SarTable } from '../model';
import { EVENT_TRACKS, MEMINFO_TRACKS, seriesGroupKey, STAT_TRACKS, VMSTAT_COUNTERS, VMSTAT_SIZES } from '../formats/seriesKeys';
import { timeOf } from '../formats/timestamps';
import { slabMetrics } from './slabMetrics';

/** One point of a track, for readers that want an object (few points: messages, tests). */
export interface SeriesPoint { section: number; line: number; time?: number; value: number }

/**
 * One followed number across the captures, as columns: a day of per-minute captures is ~50 000 points,
 * and an object per point was ~35 MiB of the week's analysis (issue 15, bench/PROFILE.md).
 */
export interface SeriesTrack {
  /** `meminfo:SUnreclaim`, `slab:dentry`, `vmstat:pgmajfault/s`, `pressure:memory.some.avg10`. */
  id: string;
  label: string;
  unit: 'bytes' | 'count' | 'percent' | '/s';
  /** Number of points, in capture order. */
  length: number;
  /** The section index and 0-based line each point was read from. */
  section: Uint32Array;
  line: Uint32Array;
  value: Float64Array;
  /** Capture times in ms since the epoch: present when the series is timed. */
  time?: Float64Array;
}

/** Point `i` of a track as an object. */
export function pointAt(t: SeriesTrack, i: number): SeriesPoint {
  const p: SeriesPoint = { section: t.section[i], line: t.line[i], value: t.value[i] };
  if (t.time) p.time = t.time[i];
  return p;
}

/** Collects a track's points, then freezes them into columns. */
class TrackBuilder {
  private readonly sections: number[] = [];
  private readonly lines: number[] = [];
  private readonly values: number[] = [];
  private readonly times: number[] = [];
  constructor(private readonly timed: boolean) {}
  get length(): number { return this.values.length; }
  push(section: number, line: number, time: number | undefined, value: number): void {
    this.sections.push(section); this.lines.push(line); this.values.push(value);
    if (this.timed) this.times.push(time!);
  }
  track(id: string, label: string, unit: SeriesTrack['unit']): SeriesTrack {
    const t: SeriesTrack = { id, label, unit, length: this.values.length, section: Uint32Array.from(this.sections), line: Uint32Array.from(this.lines), value: Float64Array.from(this.values) };
    if (this.timed) t.time = Float64Array.from(this.times);
    return t;
  }
}

export interface Series {
  /** Kind and source that group the captures. */
  key: string;
  kind: string;
  sections: number[];
  /** A table's rows (vmstat N, sar): the points are its samples, all in `sections[0]`. */
  samples?: number;
  /** True when every capture has a time; rates need times. */
  timed: boolean;
  /** Times are a clock with no date (a table's `19:17:37`): milliseconds from midnight of a day the capture does not name. */
  clockOnly?: boolean;
  tracks: SeriesTrack[];
}

/**
 * A table's row times when they are a clock without a date (`19:17:37`, sar's `05:08:43 PM`): milliseconds
 * from midnight, a day added each time the clock goes back (a table that runs past midnight).
 */
export function clockTimes(texts: (string | undefined)[]): number[] | undefined {
  const out: number[] = [];
  let day = 0;
  for (const t of texts) {
    const m = t === undefined ? null : /^(\d{1,2}):(\d\d):(\d\d)(?:\s*([AP]M))?$/i.exec(t.trim());
    if (!m) return undefined;
    let h = Number(m[1]);
    if (m[4]) h = (h % 12) + (m[4].toUpperCase() === 'PM' ? 12 : 0);
    let ms = ((h * 60 + Number(m[2])) * 60 + Number(m[3])) * 1000 + day;
    if (out.length && ms < out[out.length - 1]) { day += 86_400_000; ms += 86_400_000; }
    out.push(ms);
  }
  return out;
}

const MEMINFO_SERIES = MEMINFO_TRACKS.filter((k) => k !== 'MemTotal');

function groupKey(s: Section): string | undefined {
  // A value the session wrote is what it asked for, not a reading: no point of a series.
  if ((s as KeyValueSection).written) return undefined;
  return seriesGroupKey(s.kind, s.source, s.variant, s.kind === 'pressure' ? s.resource : undefined);
}

/** A tracked field of a capture, without reading an earlier capture again. */
function tracked(s: KeyValueSection, key: string): Field | undefined {
  return s.peek ? s.peek[key] : s.byKey[key];
}


export function buildSeries(sections: Section[], pageSize: number): Series[] {
  const groups = new Map<string, Section[]>();
  for (const s of sections) {
    const k = groupKey(s);
    if (!k) continue;
    (groups.get(k) ?? groups.set(k, []).get(k)!).push(s);
  }
  const out: Series[] = [];
  for (const [key, list] of groups) {
    if (list.length < 2) continue;
    const times = new Map(list.map((s) => [s.index, timeOf(s.capturedAt)]));
    const timed = list.every((s) => times.get(s.index) !== undefined);
    const at = (s: Section) => (timed ? times.get(s.index) : undefined);
    const tracks: SeriesTrack[] = [];
    // Plain loops: a day of captures is thousands of points per track.
    const kv = (keys: string[], unit: 'bytes' | 'count', bytes: boolean) => {
      for (const k of keys) {
        const b = new TrackBuilder(timed);
        for (const s of list as KeyValueSection[]) {
          const f = tracked(s, k);
          if (!f) continue;
          const v = bytes ? f.bytes : f.value;
          if (v === undefined || !Number.isFinite(v) || (bytes && v < 0)) continue;
          b.push(s.index, f.line, at(s), v);
        }
        if (b.length >= 2) tracks.push(b.track(`${list[0].kind}:${k}`, k, unit));
      }
    };
    const kind = list[0].kind;
    if (kind === 'meminfo') { kv(MEMINFO_SERIES, 'bytes', true); inUse(list as KeyValueSection[], tracks, timed, at); }
    else if (kind === 'memory-stat') kv(STAT_TRACKS, 'bytes', true);
    else if (kind === 'cgroup-value') kv([(list[0] as KeyValueSection).fields[0]?.key].filter(Boolean), 'bytes', true);
    else if (kind === 'memory-events') kv(EVENT_TRACKS, 'count', false);
    else if (kind === 'vmstat') { kv(VMSTAT_COUNTERS, 'count', false); kv(VMSTAT_SIZES, 'bytes', true); }
    else if (kind === 'pressure') {
      for (const type of ['some', 'full'] as const) for (const w of ['avg10', 'avg60', 'avg300'] as const) {
        const b = new TrackBuilder(timed);
        for (const s of list) { const l = s.kind === 'pressure' ? s[type] : undefined; if (l) b.push(s.index, l.line, at(s), l[w]); }
        if (b.length >= 2) tracks.push(b.track(`pressure:${type}.${w}`, `${type} ${w}`, 'percent'));
      }
    } else if (kind === 'slabinfo') {
      const metrics = (list as SlabinfoSection[]).map((s) => ({ s, m: slabMetrics(s, pageSize) }));
      const last = metrics[metrics.length - 1].m;
      const top = last.groups.slice(0, 8).map((g) => g.group);
      for (const g of top) {
        const b = new TrackBuilder(timed);
        for (const { s, m } of metrics) { const x = m.groups.find((y) => y.group === g); if (x) b.push(s.index, x.lines[0], at(s), x.slabBytes || x.objectBytes); }
        if (b.length >= 2) tracks.push(b.track(`slab:${g}`, g, 'bytes'));
      }
      const totals = new TrackBuilder(timed);
      for (const { s, m } of metrics) totals.push(s.index, s.startLine, at(s), m.totalSlabBytes || m.totalObjectBytes);
      tracks.push(totals.track('slab:total', 'all slab', 'bytes'));
    }
    out.push({ key, kind, sections: list.map((s) => s.index), timed, tracks });
  }
  for (const s of sections) {
    const o = s as OpaqueSection;
    if (o.vmstatTable) { const t = vmstatTableSeries(o.index, o.vmstatTable); if (t) out.push(t); }
    o.sarTables?.forEach((t, k) => { const x = sarSeries(o.index, k, t); if (x) out.push(x); });
  }
  return out;
}

/**
 * Memory in use, MemTotal − MemAvailable, when the series has no AnonPages to follow (free's tables, a grep of
 * a few lines): what a loop of `free` shows growing. With AnonPages the growth rules read that instead.
 */
function inUse(list: KeyValueSection[], tracks: SeriesTrack[], timed: boolean, at: (s: Section) => number | undefined): void {
  if (tracks.some((t) => t.id === 'meminfo:AnonPages')) return;
  const b = new TrackBuilder(timed);
  for (const s of list) {
    const total = tracked(s, 'MemTotal')?.bytes; const avail = tracked(s, 'MemAvailable');
    if (total === undefined || avail?.bytes === undefined || !(total > 0) || avail.bytes > total) continue;
    b.push(s.index, avail.line, at(s), total - avail.bytes);
  }
  if (b.length >= 2) tracks.push(b.track('meminfo:InUse', 'in use (MemTotal − MemAvailable)', 'bytes'));
}

/**
 * vmstat N's memory and swap columns over its rows (the first row after each header is since boot, so it is
 * left out). Sizes in bytes by the table's unit; si, so, bi and bo stay per second in that unit, as printed.
 */
const VMSTAT_TABLE_TRACKS: { col: string; unit: SeriesTrack['unit']; label: string }[] = [
  { col: 'free', unit: 'bytes', label: 'free' }, { col: 'cache', unit: 'bytes', label: 'cache' }, { col: 'buff', unit: 'bytes', label: 'buff' },
  { col: 'swpd', unit: 'bytes', label: 'swpd' }, { col: 'inact', unit: 'bytes', label: 'inact' }, { col: 'active', unit: 'bytes', label: 'active' },
  { col: 'si', unit: '/s', label: 'si (swapped in)' }, { col: 'so', unit: '/s', label: 'so (swapped out)' },
  { col: 'wa', unit: 'percent', label: 'wa (CPU waiting on I/O)' },
];

function vmstatTableSeries(index: number, t: VmstatTable): Series | undefined {
  const rows = t.samples.filter((r) => !r.sinceBoot);
  if (rows.length < 2) return undefined;
  const dated = rows.map((r) => timeOf(r.time?.replace(' ', 'T')));
  const clock = dated.every((x) => x !== undefined) ? undefined : clockTimes(rows.map((r) => r.time));
  const times: (number | undefined)[] = clock ?? dated;
  const timed = times.every((x) => x !== undefined);
  const tracks: SeriesTrack[] = [];
  for (const { col, unit, label } of VMSTAT_TABLE_TRACKS) {
    if (!t.columns.includes(col)) continue;
    const b = new TrackBuilder(timed);
    rows.forEach((r, i) => { const v = r.values[col]; if (Number.isFinite(v)) b.push(index, r.line, times[i], unit === 'bytes' ? v * t.unitBytes : v); });
    if (b.length >= 2) tracks.push(b.track(`vmstat-table:${col}`, label, unit));
  }
  return tracks.length ? { key: `vmstat-table:${index}`, kind: 'vmstat-table', sections: [index], samples: rows.length, timed, ...(clock ? { clockOnly: true } : {}), tracks } : undefined;
}

/** sar's memory columns (KiB in sysstat pr_stats.c) as bytes, rates and shares as printed; rows carry a clock, no date. */
const SAR_BYTES = /^kb/;
function sarSeries(index: number, k: number, t: SarTable): Series | undefined {
  if (t.samples.length < 2) return undefined;
  const clock = clockTimes(t.samples.map((r) => r.time));
  const tracks: SeriesTrack[] = [];
  for (const col of t.columns) {
    const unit: SeriesTrack['unit'] = SAR_BYTES.test(col) ? 'bytes' : col.startsWith('%') ? 'percent' : col.endsWith('/s') ? '/s' : 'count';
    const b = new TrackBuilder(clock !== undefined);
    t.samples.forEach((r, i) => { const v = r.values[col]; if (Number.isFinite(v)) b.push(index, r.line, clock?.[i], unit === 'bytes' ? v * 1024 : v); });
    if (b.length >= 2) tracks.push(b.track(`sar:${col}`, col, unit));
  }
  return tracks.length ? { key: `sar-table:${index}:${k}`, kind: 'sar-table', sections: [index], samples: t.samples.length, timed: clock !== undefined, ...(clock ? { clockOnly: true } : {}), tracks } : undefined;
}

/** Per-second rate of a counter between the first and last point, when times are known. */
export function counterRate(t: SeriesTrack): number | undefined {
  const n = t.length - 1;
  if (!t.time || n < 1 || t.time[n] <= t.time[0]) return undefined;
  return counterIncrease(t) / ((t.time[n] - t.time[0]) / 1000);
}

/**
 * How much a counter since boot rose over a series. A counter that falls restarted (a reboot, a cgroup made again):
 * the value after the fall is what it counted since, so that step adds the new value, not a negative delta.
 */
export function counterIncrease(t: SeriesTrack): number {
  let sum = 0;
  for (let i = 1; i < t.length; i++) sum += t.value[i] >= t.value[i - 1] ? t.value[i] - t.value[i - 1] : t.value[i];
  return sum;
}
