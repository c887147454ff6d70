/** The lines of a Kubernetes block as its parsers read them, and the spans they report. */
import type { Span } from '../../model';
import type { LineSource, SourceLine } from '../lines';

const QUOTE = /^(?:>[ \t]?)+/;

/**
 * Lines `start..end` (inclusive) with any email quote (`> `) taken off (its
 * length goes to `col`) and Markdown bold (`**100%**`) blanked to spaces, so
 * columns stay where they were on the original line.
 */
export function blockLines(lines: LineSource, start: number, end: number): SourceLine[] {
  const out: SourceLine[] = [];
  for (let n = start; n <= end; n++) out.push(cleanLine(n, lines.get(n)));
  return out;
}

export function cleanLine(n: number, raw: string): SourceLine {
  const q = raw.charCodeAt(0) === 62 ? QUOTE.exec(raw) : null;
  let col = q ? q[0].length : 0;
  let text = q ? raw.slice(col) : raw;
  if (text.indexOf('**') >= 0) {
    // Bold opening the line would shift its indentation: it is taken off (and counted in `col`); inside, blanked.
    if (text.startsWith('**')) { text = text.slice(2); col += 2; }
    text = text.replace(/\*\*/g, '  ');
  }
  if (text.indexOf('\t') >= 0) text = text.replace(/\t/g, ' ');
  return { line: n, text, col };
}

export function span(l: SourceLine, start: number, end: number): Span {
  return { line: l.line, start: l.col + start, end: l.col + end };
}

export interface Token { text: string; start: number; end: number }

/** Whitespace-separated tokens with their columns in `text` (not yet shifted by `col`). */
export function tokens(text: string): Token[] {
  const out: Token[] = [];
  const re = /\S+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) out.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  return out;
}

/** Columns of a table header where cells are separated by two or more spaces (`CPU Requests  CPU Limits`). */
export function headerColumns(text: string): Token[] {
  const out: Token[] = [];
  const re = /\S+(?: \S+)*/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) out.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  return out;
}

/** The cell of a tabwriter row under header column `i`: from its start to the next column's start, trimmed. */
export function cellAt(text: string, cols: Token[], i: number): Token | undefined {
  const from = cols[i].start;
  const to = i + 1 < cols.length ? cols[i + 1].start : text.length;
  if (from >= text.length) return undefined;
  const raw = text.slice(from, to);
  const lead = raw.length - raw.trimStart().length;
  const t = raw.trim();
  if (!t) return undefined;
  return { text: t, start: from + lead, end: from + lead + t.length };
}

/** `  key:   value` → key, value and their columns; undefined for other lines. */
export function keyValueLine(text: string): { indent: number; key: Token; value?: Token } | undefined {
  const m = /^(\s*)([^:\s][^:]*?):(?:\s+(.*?))?\s*$/.exec(text);
  if (!m) return undefined;
  const indent = m[1].length;
  const key = { text: m[2], start: indent, end: indent + m[2].length };
  if (m[3] === undefined || m[3] === '') return { indent, key };
  const vs = text.indexOf(m[3], key.end + 1);
  return { indent, key, value: { text: m[3], start: vs, end: vs + m[3].length } };
}

/**
 * Offsets in a block's joined text (`lines.map(text).join('\n')`) back to
 * document lines and columns: what JSON and YAML parsers report.
 */
export class OffsetMap {
  readonly text: string;
  private readonly starts: number[] = [];
  constructor(private readonly src: SourceLine[]) {
    let off = 0;
    for (const l of src) { this.starts.push(off); off += l.text.length + 1; }
    this.text = src.map((l) => l.text).join('\n');
  }
  /** The index in `src` of the line holding `offset`. */
  index(offset: number): number {
    let lo = 0; let hi = this.starts.length - 1;
    while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (this.starts[mid] <= offset) lo = mid; else hi = mid - 1; }
    return lo;
  }
  line(offset: number): number { return this.src[this.index(offset)]?.line ?? 0; }
  /** A span for [from, to) when on one line (else up to that line's end). */
  span(from: number, to: number): Span {
    const i = this.index(from);
    const l = this.src[i];
    const s = from - this.starts[i];
    const e = Math.min(to - this.starts[i], l.text.length);
    return { line: l.line, start: l.col + s, end: l.col + Math.max(e, s) };
  }
}
