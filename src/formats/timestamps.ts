/**
 * Timestamp lines that separate repeated captures: `date` (default C locale
 * output, 12- or 24-hour), `date -Is`/`-Ins`/`--rfc-3339`, and `date +%s`.
 * Returns ISO 8601; without a known zone, the time is local (no offset).
 */
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const ZONES: Record<string, string> = { UTC: 'Z', GMT: 'Z', Z: 'Z' };

const ISO_RE = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d)(?::(\d\d)(?:[.,](\d+))?)?\s*(Z|[+-]\d\d:?\d\d)?$/;
// Tue Nov 24 14:25:56 UTC 2026 | Tue 24 Nov 2026 02:25:56 PM UTC | Tue Nov 24 02:25:56 PM UTC 2026
const DATE_RE = /^(?:[A-Za-z]{3},?\s+)?(?:([A-Za-z]{3})\s+(\d{1,2})|(\d{1,2})\s+([A-Za-z]{3})(?:\s+(\d{4}))?)\s+(\d{1,2}):(\d\d):(\d\d)(?:\s*([AP]M))?(?:\s+([A-Z]{1,5}|[+-]\d{4}))?(?:\s+(\d{4}))?$/;

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function offsetText(zone: string | undefined): string {
  if (!zone) return '';
  if (ZONES[zone]) return ZONES[zone];
  const m = /^([+-])(\d\d):?(\d\d)$/.exec(zone);
  return m ? `${m[1]}${m[2]}:${m[3]}` : '';
}

/** ISO text when the whole line is a timestamp, else undefined. */
export function readTimestampLine(line: string): string | undefined {
  // Cheap rejections first (hot path: every line of a capture passes here): a time has `hh:mm`.
  if (line.length < 10 || line.length > 64) return undefined;
  const colon = line.indexOf(':');
  if (colon < 0 || line.indexOf(':', colon + 1) < 0 && !/T\d\d:\d\d/.test(line)) return undefined;
  const t = line.trim();
  if (t.length < 10 || t.length > 48) return undefined;
  let m = ISO_RE.exec(t);
  if (m) {
    const [, y, mo, d, h, mi, s = '00', frac, zone] = m;
    if (+mo < 1 || +mo > 12 || +d < 1 || +d > 31 || +h > 23 || +mi > 59) return undefined;
    return `${y}-${mo}-${d}T${h}:${mi}:${s}${frac ? `.${frac.slice(0, 3).padEnd(3, '0')}` : ''}${offsetText(zone)}`;
  }
  m = DATE_RE.exec(t);
  if (m) {
    const monthText = (m[1] ?? m[4]).toLowerCase();
    const month = MONTHS.indexOf(monthText);
    const day = Number(m[2] ?? m[3]);
    const year = Number(m[5] ?? m[11]);
    let hour = Number(m[6]);
    if (month < 0 || !year || day < 1 || day > 31 || hour > 23) return undefined;
    if (m[9] === 'PM' && hour < 12) hour += 12;
    if (m[9] === 'AM' && hour === 12) hour = 0;
    return `${year}-${pad(month + 1)}-${pad(day)}T${pad(hour)}:${m[7]}:${m[8]}${offsetText(m[10])}`;
  }
  return undefined;
}

/** `date +%s` (2001–2100); only meaningful where a bare number is not a value. */
export function readEpochLine(line: string): string | undefined {
  const m = /^\s*(\d{9,10})(?:\.(\d+))?\s*$/.exec(line);
  if (!m) return undefined;
  const s = Number(m[1]);
  if (s < 978307200 || s > 4102444800) return undefined;
  return new Date(s * 1000).toISOString().replace('.000Z', 'Z');
}

/** Milliseconds since the epoch for an ISO text from above (local times read as UTC). */
export function timeOf(iso: string | undefined): number | undefined {
  if (!iso) return undefined;
  const withZone = /Z|[+-]\d\d:\d\d$/.test(iso) ? iso : `${iso}Z`;
  const t = Date.parse(withZone);
  return Number.isFinite(t) ? t : undefined;
}
