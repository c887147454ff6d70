/**
 * Kubernetes resource quantities (k8s.io/apimachinery/pkg/api/resource,
 * quantity.go): `616Mi`, `1Gi`, `500M`, `100m`, `1e9`, `129e6`, `1.5Gi`.
 * The one place that knows their suffixes: binary Ki…Ei (1024^n), decimal
 * k…E (1000^n), `m` (1/1000) and decimal exponents (`e3`, `E-2`).
 */
import type { K8sQuantity, K8sValue, Span } from '../../model';

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { '': 1, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };
const QUANTITY_RE = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))([KMGTPE]i|[mkMGTPE]|[eE][+-]?\d+)?$/;

/** The number a quantity stands for (bytes for memory, cores for cpu); NaN when the text is no quantity. */
export function quantityValue(raw: string): number {
  const t = unquote(raw.trim());
  const m = QUANTITY_RE.exec(t);
  if (!m) return NaN;
  const n = Number(m[1]);
  const suffix = m[2] ?? '';
  let factor: number;
  if (suffix in BINARY) factor = BINARY[suffix];
  else if (suffix in DECIMAL) factor = DECIMAL[suffix];
  else factor = 10 ** Number(suffix.slice(1));
  const v = n * factor;
  // Sub-byte remainders (`1.5Ki` is exact, `0.1` is not): bytes are whole, as the API rounds them up.
  return Math.abs(v - Math.round(v)) < 1e-9 ? Math.round(v) : v;
}

/** True for text that reads as a quantity (`<unknown>`, `<none>` and words do not). */
export function isQuantity(raw: string): boolean {
  return QUANTITY_RE.test(unquote(raw.trim()));
}

/** CPU as millicores: `303m` → 303, `2` → 2000, `1.5` → 1500. Undefined when not a quantity. */
export function millicores(raw: string): number | undefined {
  const v = quantityValue(raw);
  return Number.isFinite(v) ? Math.round(v * 1000) : undefined;
}

/** `18%` → 18; undefined otherwise. */
export function percentValue(raw: string): number | undefined {
  const m = /^\(?([+-]?\d+(?:\.\d+)?)%\)?$/.exec(unquote(raw.trim()));
  return m ? Number(m[1]) : undefined;
}

export function unquote(t: string): string {
  return t.length >= 2 && (t[0] === '"' || t[0] === "'") && t[t.length - 1] === t[0] ? t.slice(1, -1) : t;
}

export function quantity(raw: string, span: Span): K8sQuantity {
  return { raw, bytes: quantityValue(raw), span };
}

/**
 * A setting as written: `10%` → percent, a quantity → bytes, anything else
 * (durations such as `1m30s`, words, booleans) → raw only. `duration`: never
 * read as a quantity (`1m` is a minute there, not a milli-byte).
 */
export function k8sValue(raw: string, span: Span, duration = false): K8sValue {
  const v: K8sValue = { raw, span };
  if (duration) return v;
  const p = percentValue(raw);
  if (p !== undefined && /%/.test(raw)) { v.percent = p; return v; }
  const b = quantityValue(raw);
  if (Number.isFinite(b)) v.bytes = b;
  return v;
}
