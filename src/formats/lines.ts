/** A line of a section as its parser sees it: the content after any prefix. */
export interface SourceLine {
  /** 0-based line number in the document. */
  line: number;
  /** Text after any `grep` path prefix or log prefix. */
  text: string;
  /** Column in the original line where `text` starts. */
  col: number;
}

/**
 * Splits text into lines on CRLF, LF or lone CR (old Mac files, some pastes),
 * so that line numbers agree with the editor's. A leading BOM is dropped.
 */
export function splitLines(text: string): string[] {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return text.split(/\r\n|\r|\n/);
}

/** Splits on runs of spaces and tabs, keeping each token's start column. */
export function tokenize(text: string, col = 0): { text: string; start: number; end: number }[] {
  const out: { text: string; start: number; end: number }[] = [];
  const re = /[^ \t]+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) out.push({ text: m[0], start: col + m.index, end: col + m.index + m[0].length });
  return out;
}

/** Read access to a document's lines by number. */
export interface LineSource {
  readonly length: number;
  /** The text of line `n` without its line break; '' when out of range. */
  get(n: number): string;
}

/**
 * A document's lines as offsets into its text: two 4-byte numbers a line
 * instead of a string object a line, so a 70 MB capture costs 22 MB of
 * offsets, not hundreds of MB of line strings. Same breaks as splitLines
 * (CRLF, LF, lone CR; a leading BOM is skipped).
 */
export class LineTable implements LineSource {
  readonly starts: Uint32Array;
  readonly ends: Uint32Array;
  readonly length: number;
  readonly text: string;

  constructor(text: string) {
    // Mailers pad columns with NO-BREAK SPACE (format=flowed, web archives): a space to every parser.
    // One code unit for one, so every offset and range stays the document's own.
    if (text.includes('\u00a0')) text = text.replace(/\u00a0/g, ' ');
    this.text = text;
    const n = text.length;
    let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    if (text.indexOf('\r') < 0) {
      // LF only (nearly every capture): the engine's indexOf scans far faster than a loop.
      let breaks = 0;
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) breaks++;
      this.length = breaks + 1;
      this.starts = new Uint32Array(this.length);
      this.ends = new Uint32Array(this.length);
      let line = 0;
      for (let i = text.indexOf('\n', start); i >= 0; i = text.indexOf('\n', i + 1)) {
        this.starts[line] = start;
        this.ends[line] = i;
        line++;
        start = i + 1;
      }
      this.starts[line] = Math.min(start, n);
      this.ends[line] = n;
      return;
    }
    let breaks = 0;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) breaks++;
    }
    this.length = breaks + 1;
    this.starts = new Uint32Array(this.length);
    this.ends = new Uint32Array(this.length);
    let line = 0;
    for (let i = start; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || c === 13) {
        this.starts[line] = start;
        this.ends[line] = i;
        line++;
        if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
        start = i + 1;
      }
    }
    this.starts[line] = Math.min(start, n);
    this.ends[line] = n;
  }

  get(n: number): string {
    return n >= 0 && n < this.length ? this.text.slice(this.starts[n], this.ends[n]) : '';
  }

  lineLength(n: number): number {
    return n >= 0 && n < this.length ? this.ends[n] - this.starts[n] : 0;
  }
}

/** The poster's own mark for lines left out: `...`, `…`, `[snip]`, `[...]`, `<snip>`, `-- snip --`. */
export const ELISION = /^\s*(?:(?:#|\/\/)\s*)?(?:\.{3,}|…+|\[(?:\.{3}|…|snip(?:ped)?|cut|truncated)\]|<snip>|\(\.{3}\)|-+ ?snip ?-+)\s*$/i;
export const ELIDED_MESSAGE = 'The poster\'s "…": lines were left out of the paste here, so the capture around it is incomplete.';
