/**
 * What sits above a block a pre-pass found by content (Kubernetes output, a process's files): the
 * `==> PATH <==` header or the command that printed it, and the nearest timestamp line, read the way
 * the splitter reads them for its own sections.
 */
import { readTimestampLine } from './timestamps';

const HEADER_RE = /^==> (.+) <==\s*$/;
const isBlank = (t: string) => t.trim() === '';

export interface HeadedBlock { start: number; headerLine?: number; source?: string; detectedBy: 'content' | 'prompt' | 'header' }

/**
 * Looks up to three blank, date or `skip` lines above the block for a header or a command line (as
 * `command` reads one); names the block's source from it.
 */
export function attachHeader(b: HeadedBlock, get: (n: number) => string, floor: number, command: (t: string) => string | undefined, skip?: RegExp): void {
  for (let k = b.start - 1, skipped = 0; k >= floor && skipped <= 3; k--) {
    const t = get(k);
    if (isBlank(t) || readTimestampLine(t.trim()) || skip?.test(t)) { skipped++; continue; }
    const h = HEADER_RE.exec(t.trim());
    if (h) { b.headerLine = k; b.source = h[1].trim(); b.detectedBy = 'header'; return; }
    const cmd = command(t);
    if (cmd) { b.headerLine = k; b.source = cmd; b.detectedBy = 'prompt'; }
    return;
  }
}

/** The nearest timestamp line above (as the splitter dates its sections), within 500 lines. */
export function capturedAbove(line: number, get: (n: number) => string): string | undefined {
  for (let k = line - 1; k >= Math.max(0, line - 500); k--) {
    const t = get(k);
    if (t.length < 10 || t.length > 64) continue;
    const ts = readTimestampLine(t);
    if (ts) return ts;
  }
  return undefined;
}
