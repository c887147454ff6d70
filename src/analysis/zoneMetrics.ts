/** Free memory of a buddyinfo zone by block order (mm/vmstat.c frag_show_print: one count per order). */
import type { BuddyZone } from '../model';

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

