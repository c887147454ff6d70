/** Free memory of a buddyinfo zone by block order (mm/vmstat.c frag_show_print: one count per order). */
import type { BuddyZone, OpaqueSection } from '../model';

/** Free pages of a zone held in blocks of order `fromOrder` or more (all of them from 0). */
export function buddyFree(z: BuddyZone, fromOrder = 0): number {
  let t = 0;
  for (let k = fromOrder; k < z.free.length; k++) t += z.free[k] * 2 ** k;
  return t;
}

export function largestFreeOrder(z: BuddyZone): number {
  for (let k = z.free.length - 1; k >= 0; k--) if (z.free[k] > 0) return k;
  return -1;
}


/** What the JSON and the viewer carry of a zone: free memory and, per source, its blocks or its watermarks, in bytes. */
export interface ZoneMetrics {
  section: number;
  source: 'buddyinfo' | 'zoneinfo';
  node: number;
  zone: string;
  freeBytes?: number;
  /** buddyinfo: free blocks per order (count of 2^order-page blocks), and the largest order with one. */
  freeBlocks?: number[];
  largestOrder?: number;
  /** zoneinfo: the watermarks and the zone's size. */
  minBytes?: number;
  lowBytes?: number;
  highBytes?: number;
  managedBytes?: number;
  /** zoneinfo: the lowest watermark free is under. */
  below?: 'min' | 'low' | 'high';
}

export function zoneMetrics(s: OpaqueSection, pageSize: number): ZoneMetrics[] {
  const b = (pages: number | undefined) => (pages === undefined ? undefined : pages * pageSize);
  if (s.kind === 'buddyinfo') return (s.buddy ?? []).map((z) => ({ section: s.index, source: 'buddyinfo', node: z.node, zone: z.zone, freeBytes: buddyFree(z) * pageSize, freeBlocks: [...z.free], largestOrder: largestFreeOrder(z) }));
  return (s.zones ?? []).map((z) => ({
    section: s.index, source: 'zoneinfo', node: z.node, zone: z.zone, freeBytes: b(z.free), minBytes: b(z.min), lowBytes: b(z.low), highBytes: b(z.high), managedBytes: b(z.managed ?? z.present),
    below: z.free === undefined ? undefined : z.min !== undefined && z.free < z.min ? 'min' : z.low !== undefined && z.free < z.low ? 'low' : z.high !== undefined && z.free < z.high ? 'high' : undefined,
  }));
}
