/** Reads the `kmemlens.*` settings into server settings, rejecting malformed values. */
import type { SeveritySetting } from '../../src/model';
import { RULES_BY_ID } from '../../src/rules/catalog';

export interface ServerSettings {
  rules: Record<string, SeveritySetting>;
  thresholds: Record<string, number>;
  pageSize: number;
  inlayHints: boolean;
  codeLens: boolean;
  /** Above this many characters, costly per-token features are dropped. */
  largeDocumentBytes: number;
  debounceMs: number;
}

const SEVERITIES = new Set(['off', 'info', 'warning', 'critical']);

export function readSettings(raw: unknown): ServerSettings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const rules: Record<string, SeveritySetting> = {};
  if (r.rules && typeof r.rules === 'object') for (const [k, v] of Object.entries(r.rules as object)) if (RULES_BY_ID.has(k) && SEVERITIES.has(v as string)) rules[k] = v as SeveritySetting;
  const thresholds: Record<string, number> = {};
  if (r.thresholds && typeof r.thresholds === 'object') for (const [k, v] of Object.entries(r.thresholds as object)) {
    const [id, name] = [k.slice(0, k.lastIndexOf('.')), k.slice(k.lastIndexOf('.') + 1)];
    if (typeof v === 'number' && Number.isFinite(v) && RULES_BY_ID.get(id)?.thresholds[name]) thresholds[k] = v;
  }
  const num = (v: unknown, d: number, ok: (n: number) => boolean) => (typeof v === 'number' && ok(v) ? v : d);
  const inlay = r.inlayHints as { enabled?: unknown } | undefined;
  return {
    rules, thresholds,
    pageSize: num(r.pageSize, 4096, (n) => Number.isInteger(n) && n >= 512 && (n & (n - 1)) === 0),
    inlayHints: inlay?.enabled !== false,
    codeLens: (r.codeLens as { enabled?: unknown } | undefined)?.enabled !== false,
    largeDocumentBytes: num(r.largeDocumentSize, 2 * 1024 * 1024, (n) => n > 0),
    debounceMs: num(r.debounceMs, 150, (n) => n >= 0 && n <= 5000),
  };
}
