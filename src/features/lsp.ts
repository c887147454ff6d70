/**
 * LSP-shaped plain types (structurally identical to the protocol's), so the
 * core can produce editor data without importing vscode-languageserver.
 */
export interface Position { line: number; character: number }
export interface Range { start: Position; end: Position }
export const DiagnosticSeverity = { Error: 1, Warning: 2, Information: 3, Hint: 4 } as const;
export type DiagnosticSeverity = (typeof DiagnosticSeverity)[keyof typeof DiagnosticSeverity];

export function range(line: number, start: number, endLine: number, end: number): Range {
  return { start: { line, character: start }, end: { line: endLine, character: end } };
}
