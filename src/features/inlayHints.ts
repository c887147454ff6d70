/**
 * Inlay hints: human sizes after raw kB / bytes / pages values, shares of
 * MemTotal, and computed bytes at the end of each slabinfo row.
 */
import type { Analysis } from '../analysis/analyze';
import { bytesOf } from '../analysis/fields';
import { slabCacheSize } from '../analysis/slabMetrics';
import { formatBytes as B, formatPercent as P } from '../humanFormat';
import type { KeyValueSection } from '../model';
import type { Position } from './lsp';

export interface PlainInlayHint { position: Position; label: string; paddingLeft?: boolean; tooltip?: string }

const NO_SHARE = /^(MemTotal|VmallocTotal|DirectMap|Hugepagesize|CommitLimit|Committed_AS|SwapTotal|SwapFree)/;

export function inlayHints(a: Analysis, fromLine: number, toLine: number, lineLength: (n: number) => number, limit = 2000): PlainInlayHint[] {
  const out: PlainInlayHint[] = [];
  for (const s of a.parsed.sections) {
    if (s.endLine < fromLine || s.startLine > toLine) continue;
    if ('fields' in s) {
      const kv = s as KeyValueSection;
      const total = s.kind === 'meminfo' ? bytesOf(kv, 'MemTotal') : undefined;
      for (const f of kv.fields) {
        if (f.line < fromLine || f.line > toLine) continue;
        if (f.bytes === undefined || !Number.isFinite(f.bytes) || f.unlimited) continue;
        if (f.bytes === 0 || (f.unit === 'bytes' && f.bytes < 1024)) continue; // nothing to translate
        const share = total && !NO_SHARE.test(f.key) && f.bytes > 0 ? ` · ${P(f.bytes / total)}` : '';
        out.push({ position: { line: f.line, character: lineLength(f.line) }, label: `≈ ${B(f.bytes)}${share}`, paddingLeft: true });
        if (out.length >= limit) return out;
      }
    } else if (s.kind === 'slabinfo') {
      for (const c of s.caches) {
        if (c.line < fromLine || c.line > toLine) continue;
        const z = slabCacheSize(c, a.pageSize);
        out.push({ position: { line: c.line, character: lineLength(c.line) }, label: `= ${B(z.slabBytes)}`, paddingLeft: true, tooltip: `num_slabs × pagesperslab × ${a.pageSize} B = ${B(z.slabBytes)}; num_objs × objsize = ${B(z.objectBytes)}` });
        if (out.length >= limit) return out;
      }
    }
  }
  return out;
}
