/**
 * /proc/buddyinfo (free blocks per order and zone, mm/vmstat.c frag_show_print) and
 * /proc/zoneinfo (per-zone free pages against the min/low/high watermarks, zoneinfo_show_print).
 * Parsers never throw; a line they cannot read becomes a problem on it.
 */
import type { BuddyZone, Problem, ZoneWatermarks } from '../model';
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
