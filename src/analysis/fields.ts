/** Small helpers to read parsed key/value sections. */
import type { KeyValueSection } from '../model';

/** A field's size in bytes, when present, a finite number and not negative. */
export function bytesOf(s: KeyValueSection | undefined, key: string): number | undefined {
  const f = s?.byKey[key];
  if (!f || f.bytes === undefined || !Number.isFinite(f.bytes) || f.bytes < 0) return undefined;
  return f.bytes;
}

/** A field's value as written (counts, events). */
export function valueOf(s: KeyValueSection | undefined, key: string): number | undefined {
  const f = s?.byKey[key];
  if (!f || !Number.isFinite(f.value)) return undefined;
  return f.value;
}

/** Line of a key, for findings and related information. */
export function lineOf(s: KeyValueSection, key: string): number | undefined {
  return s.byKey[key]?.line;
}

export function sum(...xs: (number | undefined)[]): number {
  let t = 0;
  for (const x of xs) if (x !== undefined && Number.isFinite(x)) t += x;
  return t;
}
