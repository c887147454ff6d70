/**
 * /proc/buddyinfo (free blocks per order and zone, mm/vmstat.c frag_show_print) and
 * /proc/zoneinfo (per-zone free pages against the min/low/high watermarks, zoneinfo_show_print).
 * and a cgroup's memory.numa_stat (each key split by NUMA node: v2 in bytes, v1 `key=total N0=…` in pages).
 * Parsers never throw; a line they cannot read becomes a problem on it.
 */
import type { OpaqueSection, BuddyZone, NumaStatRow, Problem, ZoneWatermarks } from '../model';
import type { SourceLine } from './lines';

const BUDDY = /^Node\s+(\d+),\s+zone\s+(\S+)((?:\s+\d+)+)\s*$/;

/** A row's tail wrapped by a mailer or a narrow terminal: counts alone on the next line. */
const COUNTS_ONLY = /^\s*\d+(?:\s+\d+)*\s*$/;

export function parseBuddyinfo(lines: SourceLine[]): { zones: BuddyZone[]; problems: Problem[] } {
  const zones: BuddyZone[] = [];
  const problems: Problem[] = [];
  for (const l of lines) {
    if (!l.text.trim()) continue;
    const m = BUDDY.exec(l.text);
    const last = zones[zones.length - 1];
    if (!m && last && last.free.length < MAX_ORDERS && COUNTS_ONLY.test(l.text)) { last.free.push(...l.text.trim().split(/\s+/).map(Number)); continue; }
    if (!m) { problems.push({ line: l.line, severity: 'warning', message: 'Expected a buddyinfo line: "Node N, zone NAME" and one count of free blocks per order.' }); continue; }
    zones.push({ node: Number(m[1]), zone: m[2], free: m[3].trim().split(/\s+/).map(Number), line: l.line });
  }
  return { zones, problems };
}

/** MAX_ORDER is 11 (orders 0–10) on most kernels, 13 on some arm64 and ppc64 ones. */
const MAX_ORDERS = 13;
const PAGETYPE_ROW = /^Node\s+(\d+),\s+zone\s+(\S+),\s+type\s+(\S+)((?:\s+\d+)*)\s*$/;

const BLOCKS_HEADER = /^Number of blocks type((?:\s+[A-Za-z-]+)+)\s*$/;
const BLOCKS_ROW = /^Node\s+(\d+),\s+zone\s+(\S+)((?:\s+\d+)+)\s*$/;

/**
 * /proc/pagetypeinfo (mm/vmstat.c): the first table's free blocks per order for each migrate type, summed
 * here per zone, which is what buddyinfo prints; and the `Number of blocks type` table
 * (pagetypeinfo_showblockcount): how many pageblocks of 2^`Page block order` pages each migrate type owns.
 */
export function parsePagetypeinfo(lines: SourceLine[]): { zones: BuddyZone[]; pageblocks: NonNullable<OpaqueSection['pageblocks']>; pageblockOrder?: number; problems: Problem[] } {
  const pageblocks: NonNullable<OpaqueSection['pageblocks']> = [];
  let pageblockOrder: number | undefined;
  let types: string[] | undefined;
  const zones: BuddyZone[] = [];
  const byZone = new Map<string, BuddyZone>();
  let inFree = false;
  let row: number[] | undefined;
  const flush = (z: BuddyZone | undefined, counts: number[] | undefined) => {
    if (!z || !counts) return;
    counts.forEach((c, i) => { z.free[i] = (z.free[i] ?? 0) + c; });
  };
  let zone: BuddyZone | undefined;
  for (const l of lines) {
    const t = l.text;
    const order = /^Page block order:\s*(\d+)/.exec(t);
    if (order) { pageblockOrder = Number(order[1]); continue; }
    if (/^Free pages count per migrate type/.test(t)) { inFree = true; continue; }
    const head = BLOCKS_HEADER.exec(t);
    if (head) { flush(zone, row); row = undefined; inFree = false; types = head[1].trim().split(/\s+/); continue; }
    if (types) {
      const b = BLOCKS_ROW.exec(t);
      if (b) {
        const counts = b[3].trim().split(/\s+/).map(Number);
        const byType: Record<string, number> = {};
        types.forEach((ty, i) => { if (counts[i] !== undefined) byType[ty] = counts[i]; });
        pageblocks.push({ node: Number(b[1]), zone: b[2], byType, line: l.line });
      }
      continue;
    }
    if (!inFree) continue;
    const m = PAGETYPE_ROW.exec(t);
    if (m) {
      flush(zone, row);
      const key = `${m[1]}|${m[2]}`;
      zone = byZone.get(key);
      if (!zone) { zone = { node: Number(m[1]), zone: m[2], free: [], line: l.line }; byZone.set(key, zone); zones.push(zone); }
      row = m[4].trim() ? m[4].trim().split(/\s+/).map(Number) : [];
      continue;
    }
    // The header's and a row's wrapped tails.
    if (row && row.length < MAX_ORDERS && COUNTS_ONLY.test(t)) row.push(...t.trim().split(/\s+/).map(Number));
  }
  flush(zone, row);
  return { zones, pageblocks, ...(pageblockOrder !== undefined ? { pageblockOrder } : {}), problems: [] };
}

const ZONE_HEAD = /^\s*Node\s+(\d+),\s+zone\s+(\S+)\s*$/;
const PAGES_FREE = /^\s*pages free\s+(\d+)/;
const WATERMARK = /^\s*(min|low|high|managed|present|spanned|boost)\s+(\d+)\s*$/;

const LRU_LINE = /^\s*nr_(zone_)?(?:in)?active_(anon|file)\s+(\d+)\s*$/;

export function parseZoneinfo(lines: SourceLine[]): { zones: ZoneWatermarks[]; problems: Problem[] } {
  const zones: ZoneWatermarks[] = [];
  let z: ZoneWatermarks | undefined;
  for (const l of lines) {
    let m: RegExpExecArray | null;
    if ((m = ZONE_HEAD.exec(l.text))) { z = { node: Number(m[1]), zone: m[2], line: l.line }; zones.push(z); continue; }
    // A paste that starts below its `Node N, zone NAME` line: the zone is read, its node and name stay unknown.
    if (!z && PAGES_FREE.test(l.text)) { z = { node: -1, zone: 'unnamed', headless: true, line: l.line }; zones.push(z); }
    if (!z) continue;
    if ((m = PAGES_FREE.exec(l.text))) { z.free = Number(m[1]); z.freeLine = l.line; continue; }
    if ((m = WATERMARK.exec(l.text)) && z.free !== undefined && z[m[1] as 'min'] === undefined) { z[m[1] as 'min'] = Number(m[2]); continue; }
    // The zone's LRU lists (4.8+: nr_zone_*; before, the zone's own nr_*; the node's nr_* of a 4.8+ "per-node stats" block are skipped).
    if ((m = LRU_LINE.exec(l.text))) {
      const zoneOwn = m[1] !== undefined;
      if (!zoneOwn && z.lruFromZone) continue;
      if (zoneOwn && !z.lruFromZone) { z.lru = { anon: 0, file: 0 }; z.lruFromZone = true; }
      if (!zoneOwn && z.free === undefined) continue;
      z.lru ??= { anon: 0, file: 0 };
      z.lru[m[2] as 'anon' | 'file'] += Number(m[3]);
    }
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
