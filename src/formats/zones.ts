/**
 * /proc/buddyinfo (free blocks per order and zone, mm/vmstat.c frag_show_print) and
 * /proc/zoneinfo (per-zone free pages against the min/low/high watermarks, zoneinfo_show_print).
 * and a cgroup's memory.numa_stat (each key split by NUMA node: v2 in bytes, v1 `key=total N0=…` in pages).
 * Parsers never throw; a line they cannot read becomes a problem on it.
 */
import type { BuddyZone, NumaStatRow, Problem, ZoneWatermarks } from '../model';
import type { SourceLine } from './lines';

const BUDDY = /^Node\s+(\d+),\s+zone\s+(\S+)((?:\s+\d+)+)\s*$/;

export function parseBuddyinfo(lines: SourceLine[]): { zones: BuddyZone[]; problems: Problem[] } {
  const zones: BuddyZone[] = [];
  const problems: Problem[] = [];
  for (const l of lines) {
    if (!l.text.trim()) continue;
    const m = BUDDY.exec(l.text);
    if (!m) { problems.push({ line: l.line, severity: 'warning', message: 'Expected a buddyinfo line: "Node N, zone NAME" and one count of free blocks per order.' }); continue; }
    zones.push({ node: Number(m[1]), zone: m[2], free: m[3].trim().split(/\s+/).map(Number), line: l.line });
  }
  return { zones, problems };
}

const ZONE_HEAD = /^Node\s+(\d+),\s+zone\s+(\S+)\s*$/;
const PAGES_FREE = /^\s*pages free\s+(\d+)/;
const WATERMARK = /^\s*(min|low|high|managed|present|spanned|boost)\s+(\d+)\s*$/;

export function parseZoneinfo(lines: SourceLine[]): { zones: ZoneWatermarks[]; problems: Problem[] } {
  const zones: ZoneWatermarks[] = [];
  let z: ZoneWatermarks | undefined;
  for (const l of lines) {
    let m: RegExpExecArray | null;
    if ((m = ZONE_HEAD.exec(l.text))) { z = { node: Number(m[1]), zone: m[2], line: l.line }; zones.push(z); continue; }
    if (!z) continue;
    if ((m = PAGES_FREE.exec(l.text))) { z.free = Number(m[1]); z.freeLine = l.line; continue; }
    if ((m = WATERMARK.exec(l.text)) && z.free !== undefined && z[m[1] as 'min'] === undefined) z[m[1] as 'min'] = Number(m[2]);
  }
  return { zones, problems: [] };
}

const NUMA_V2 = /^([a-z_]+)((?:\s+N\d+=\d+)+)\s*$/;
const NUMA_V1 = /^([a-z_]+)=(\d+)((?:\s+N\d+=\d+)*)\s*$/;

export function parseNumaStat(lines: SourceLine[], pageSize: number): { rows: NumaStatRow[]; problems: Problem[] } {
  const rows: NumaStatRow[] = [];
  const problems: Problem[] = [];
  for (const l of lines) {
    const t = l.text.trim();
    if (!t) continue;
    let m: RegExpExecArray | null;
    const nodes = (s: string) => [...s.matchAll(/N(\d+)=(\d+)/g)].map((x) => Number(x[2]));
    if ((m = NUMA_V2.exec(t))) rows.push({ key: m[1], perNodeBytes: nodes(m[2]), line: l.line });
    else if ((m = NUMA_V1.exec(t))) rows.push({ key: m[1], totalBytes: Number(m[2]) * pageSize, perNodeBytes: nodes(m[3]).map((p) => p * pageSize), line: l.line });
    else problems.push({ line: l.line, severity: 'warning', message: 'Expected a memory.numa_stat line: "key N0=… N1=…" (v2) or "key=total N0=…" (v1).' });
  }
  return { rows, problems };
}
