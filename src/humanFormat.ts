/**
 * Numbers for people: sizes in binary units, shares, counts and durations.
 * The one formatting module; the core, the CLI and the webview all use it
 * (the webview imports nothing else from src/ but view-model types).
 */
const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];

/** 1536 → "1.5 KiB". Binary units, three significant digits. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return 'n/a';
  const sign = bytes < 0 ? '-' : '';
  let v = Math.abs(bytes);
  let i = 0;
  while (v >= 1024 && i < UNITS.length - 1) { v /= 1024; i++; }
  const s = i === 0 ? String(Math.round(v)) : v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
  return `${sign}${s} ${UNITS[i]}`;
}

/** 0.1234 → "12.3 %". */
export function formatPercent(fraction: number): string {
  if (!Number.isFinite(fraction)) return 'n/a';
  const p = fraction * 100;
  // Not all is not 100 %: 99.86 % reads 99.9 %, and nearer 100 two decimals (at most 99.99 %).
  if (p >= 99.5 && p < 100) return `${Math.min(p, 99.99).toFixed(p >= 99.95 ? 2 : 1)} %`;
  return `${p >= 10 || p === 0 ? p.toFixed(0) : p.toFixed(1)} %`;
}

/** 1234567 → "1,234,567". */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return 'n/a';
  // Thousands separators by hand: toLocaleString is slow, and every capture of a series formats its messages.
  const r = Math.round(n);
  if (Math.abs(r) >= 1e21) return r.toLocaleString('en-US');
  const digits = String(Math.abs(r));
  let out = '';
  for (let i = digits.length; i > 0; i -= 3) out = (i > 3 ? ',' : '') + digits.slice(Math.max(0, i - 3), i) + out;
  return (r < 0 ? '-' : '') + out;
}

/** Seconds → "3 h 20 min", "45 s". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'n/a';
  const s = Math.abs(seconds);
  if (s < 90) return `${Math.round(s)} s`;
  if (s < 90 * 60) return `${Math.round(s / 60)} min`;
  if (s < 48 * 3600) { const h = Math.floor(s / 3600); const m = Math.round((s - h * 3600) / 60); return m ? `${h} h ${m} min` : `${h} h`; }
  return `${(s / 86400).toFixed(1)} days`;
}
