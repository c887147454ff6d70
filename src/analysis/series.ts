/**
 * Series: two or more captures of the same kind (and source) in one document.
 * Sizes that grow steadily and counter rates (rule-catalog.md §series).
 */
import type { Field, KeyValueSection, Section, SlabinfoSection } from '../model';
import { EVENT_TRACKS, MEMINFO_TRACKS, seriesGroupKey, STAT_TRACKS, VMSTAT_COUNTERS, VMSTAT_SIZES } from '../formats/seriesKeys';
import { timeOf } from '../formats/timestamps';
import { slabMetrics } from './slabMetrics';

export interface SeriesPoint { section: number; line: number; time?: number; value: number }

export interface SeriesTrack {
  /** `meminfo:SUnreclaim`, `slab:dentry`, `vmstat:pgmajfault/s`, `pressure:memory.some.avg10`. */
  id: string;
  label: string;
  unit: 'bytes' | 'count' | 'percent' | '/s';
  points: SeriesPoint[];
}

export interface Series {
  /** Kind and source that group the captures. */
  key: string;
  kind: string;
  sections: number[];
  /** True when every capture has a time; rates need times. */
  timed: boolean;
  tracks: SeriesTrack[];
}

const MEMINFO_SERIES = MEMINFO_TRACKS.filter((k) => k !== 'MemTotal');

function groupKey(s: Section): string | undefined {
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
        const points: SeriesPoint[] = [];
        for (const s of list as KeyValueSection[]) {
          const f = tracked(s, k);
          if (!f) continue;
          const v = bytes ? f.bytes : f.value;
          if (v === undefined || !Number.isFinite(v) || (bytes && v < 0)) continue;
          points.push({ section: s.index, line: f.line, time: at(s), value: v });
        }
        if (points.length >= 2) tracks.push({ id: `${list[0].kind}:${k}`, label: k, unit, points });
      }
    };
    const kind = list[0].kind;
    if (kind === 'meminfo') kv(MEMINFO_SERIES, 'bytes', true);
    else if (kind === 'memory-stat') kv(STAT_TRACKS, 'bytes', true);
    else if (kind === 'cgroup-value') kv([(list[0] as KeyValueSection).fields[0]?.key].filter(Boolean), 'bytes', true);
    else if (kind === 'memory-events') kv(EVENT_TRACKS, 'count', false);
    else if (kind === 'vmstat') { kv(VMSTAT_COUNTERS, 'count', false); kv(VMSTAT_SIZES, 'bytes', true); }
    else if (kind === 'pressure') {
      for (const type of ['some', 'full'] as const) for (const w of ['avg10', 'avg60', 'avg300'] as const) {
        const points = list.flatMap((s) => { const l = s.kind === 'pressure' ? s[type] : undefined; return l ? [{ section: s.index, line: l.line, time: at(s), value: l[w] }] : []; });
        if (points.length >= 2) tracks.push({ id: `pressure:${type}.${w}`, label: `${type} ${w}`, unit: 'percent', points });
      }
    } else if (kind === 'slabinfo') {
      const metrics = (list as SlabinfoSection[]).map((s) => ({ s, m: slabMetrics(s, pageSize) }));
      const last = metrics[metrics.length - 1].m;
      const top = last.groups.slice(0, 8).map((g) => g.group);
      for (const g of top) {
        const points = metrics.flatMap(({ s, m }) => { const x = m.groups.find((y) => y.group === g); return x ? [{ section: s.index, line: x.lines[0], time: at(s), value: x.slabBytes || x.objectBytes }] : []; });
        if (points.length >= 2) tracks.push({ id: `slab:${g}`, label: g, unit: 'bytes', points });
      }
      const totals = metrics.map(({ s, m }) => ({ section: s.index, line: s.startLine, time: at(s), value: m.totalSlabBytes || m.totalObjectBytes }));
      tracks.push({ id: 'slab:total', label: 'all slab', unit: 'bytes', points: totals });
    }
    out.push({ key, kind, sections: list.map((s) => s.index), timed, tracks });
  }
  return out;
}

/** Per-second rate of a counter between the first and last point, when times are known. */
export function counterRate(t: SeriesTrack): number | undefined {
  const a = t.points[0]; const b = t.points[t.points.length - 1];
  if (a.time === undefined || b.time === undefined || b.time <= a.time) return undefined;
  return (b.value - a.value) / ((b.time - a.time) / 1000);
}
