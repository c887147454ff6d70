/** Findings and input problems as LSP diagnostics (one severity mapping). */
import type { Analysis } from '../analysis/analyze';
import type { Severity } from '../model';
import { ruleDocUrl } from '../rules/catalog';
import { DiagnosticSeverity, range, type Range } from './lsp';

export interface PlainDiagnostic {
  range: Range;
  severity: DiagnosticSeverity;
  code?: string;
  codeDescription?: { href: string };
  source: string;
  message: string;
  /** A setting the quick fix copies (Finding.fix). */
  data?: { fix: { title: string; text: string } };
  relatedInformation?: { location: { uri: string; range: Range }; message: string }[];
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = { critical: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information };
const PROBLEM: Record<string, DiagnosticSeverity> = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information };

/** `lineText(n)` gives a line's text so ranges can skip leading spaces. */
export function toDiagnostics(a: Analysis, uri: string, lineText: (n: number) => string, docBase?: string, limit = 5000): PlainDiagnostic[] {
  const lineRange = (n: number): Range => {
    const t = lineText(n) ?? '';
    const start = t.length - t.trimStart().length;
    return range(n, start, n, Math.max(start, Math.min(t.trimEnd().length, 10000)));
  };
  const out: PlainDiagnostic[] = a.findings.map((f) => ({
    range: f.endLine !== undefined ? range(f.line, lineRange(f.line).start.character, f.endLine, lineRange(f.endLine).end.character) : lineRange(f.line),
    severity: SEVERITY[f.severity], code: f.rule, codeDescription: { href: ruleDocUrl(f.rule, docBase) }, source: 'kmemlens', message: f.message,
    ...(f.fix ? { data: { fix: f.fix } } : {}),
    ...(f.related?.length ? { relatedInformation: f.related.map((r) => ({ location: { uri, range: lineRange(r.line) }, message: r.message })) } : {}),
  }));
  for (const p of a.parsed.problems) {
    if (out.length >= limit) break;
    out.push({ range: p.start !== undefined ? range(p.line, p.start, p.line, Math.min(p.end ?? p.start, p.start + 10000)) : lineRange(p.line), severity: PROBLEM[p.severity], source: 'kmemlens', message: p.message });
  }
  return out;
}
