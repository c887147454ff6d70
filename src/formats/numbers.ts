/** Reading numbers from kernel text without losing the user's trust. */

/** Integers above this are not exact in a double (2^53). */
export const MAX_EXACT = Number.MAX_SAFE_INTEGER;

/** cgroup v1 prints "no limit" as PAGE_COUNTER_MAX × 4096 on 4 KiB-page systems. */
export const V1_UNLIMITED = 9223372036854771712;
/**
 * The ways v1 writes "no limit": PAGE_COUNTER_MAX × 4 KiB, LLONG_MAX (older kernels,
 * hierarchical_* of a root), PAGE_COUNTER_MAX × 16 or 64 KiB pages (arm64, ppc64), and
 * ULLONG_MAX (res_counter's RESOURCE_MAX, kernels before 3.19, mm/memcontrol.c then).
 * They stand for "none", so being above 2^53 is no reason for a word on their line.
 */
export const V1_UNLIMITED_TEXTS: readonly string[] = ['9223372036854771712', '9223372036854775807', '9223372036854759424', '9223372036854710272', '18446744073709551615'];

export interface ReadNumber {
  value: number;
  /** Set when the number could be read but needs a word on its line. */
  warning?: string;
}

/** Up to 15 plain digits as a number, else -1 (hot path: no allocation; callers fall back to readInteger). */
export function plainDigits(text: string): number {
  const n = text.length;
  if (n === 0 || n > 15) return -1;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** plainDigits of `text.slice(start, end)`, without making the slice. */
export function plainDigitsAt(text: string, start: number, end: number): number {
  const n = end - start;
  if (n <= 0 || n > 15) return -1;
  let v = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** Reads a decimal integer (sign allowed); undefined when the text is not one. */
export function readInteger(text: string): ReadNumber | undefined {
  // Fast path: up to 15 plain digits is always exact.
  if (text.length > 0 && text.length <= 15) {
    let v = 0;
    let ok = true;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i) - 48;
      if (c < 0 || c > 9) { ok = false; break; }
      v = v * 10 + c;
    }
    if (ok) return { value: v };
  }
  if (!/^[+-]?\d+$/.test(text)) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value)) return { value: NaN, warning: `the number ${abbreviate(text)} is too large to read` };
  const digits = text.replace(/^[+-]?0*/, '').length;
  const under = value > MAX_EXACT ? belowZero(text) : undefined;
  if (under !== undefined) return { value, warning: `the number ${text} is 2^64 − ${under}: a counter that went below zero (−${under}), printed unsigned; no real value is that large` };
  if (Math.abs(value) > MAX_EXACT && value !== V1_UNLIMITED && digits > 16 && !V1_UNLIMITED_TEXTS.includes(text)) {
    return { value, warning: `the number ${abbreviate(text)} is too large to be held exactly; shown approximately` };
  }
  return { value };
}

/** Reads a decimal number with an optional fraction (PSI averages). */
export function readDecimal(text: string): number | undefined {
  if (!/^[+-]?\d+(\.\d+)?$/.test(text)) return undefined;
  const v = Number(text);
  return Number.isFinite(v) ? v : undefined;
}

/** Shortens text for a message and makes control characters visible (NUL → ␀). */
export function abbreviate(text: string, max = 24): string {
  const cut = text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text;
  // eslint-disable-next-line no-control-regex
  return cut.replace(/[\u0000-\u001f\u007f]/g, (c) => String.fromCharCode(c === '\u007f' ? 0x2421 : 0x2400 + c.charCodeAt(0)));
}

const TWO_64 = 2n ** 64n;
/**
 * A counter that went below zero and was printed unsigned: a 64-bit value at or above 2^63 that is no
 * "no limit" sentinel reads as 2^64 − N. Returns N (how far below zero, in the value's unit), else undefined.
 * No size or count the kernel keeps comes near 2^63, so such a number is always an accounting bug
 * (mm/page_counter.c page_counter_cancel warns when it happens to a cgroup).
 */
export function belowZero(raw: string): number | undefined {
  if (raw.length !== 19 && raw.length !== 20) return undefined;
  if (!/^\d+$/.test(raw) || V1_UNLIMITED_TEXTS.includes(raw)) return undefined;
  const v = BigInt(raw);
  if (v < TWO_64 / 2n || v >= TWO_64) return undefined;
  return Number(TWO_64 - v);
}
