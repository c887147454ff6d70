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
