/**
 * The one entry of the core: createKmemService(config) → an object of
 * features over plain text. No editor, no DOM, no Node APIs.
 */
import { analyzeDocument, type Analysis } from './analysis/analyze';
import { toDiagnostics } from './features/diagnostics';
import { hoverAt } from './features/hover';
import { inlayHints } from './features/inlayHints';
import { languageFor } from './features/detectLanguage';
import { LineIndex } from './features/locate';
import { codeLenses, documentSymbols, foldingRanges, keepOutlineFieldsOnly } from './features/symbols';
import { toViewModel } from './features/viewModel';
import { parseDocument, parseLines } from './formats/parse';
import { LineTable } from './formats/lines';
import { DEFAULT_PAGE_SIZE } from './formats/units';
import type { RuleConfig } from './rules/catalog';
import { renderMarkdown } from './report/markdown';

export interface KmemConfig {
  rules: RuleConfig;
  pageSize: number;
  /** Base URL of docs/rules.md for codeDescription links. */
  docBase?: string;
}

export const DEFAULT_CONFIG: KmemConfig = { rules: {}, pageSize: DEFAULT_PAGE_SIZE };

/** One analysed document: parse once, serve every feature from it. */
export interface AnalysedDocument {
  uri: string;
  version: number;
  analysis: Analysis;
  index: LineIndex;
  /** The document's lines as offsets into its text (no string per line is kept). */
  lines: LineTable;
}

export function createKmemService(initial: KmemConfig = DEFAULT_CONFIG) {
  let config = initial;
  const lineLen = (d: AnalysedDocument) => (n: number) => d.lines.lineLength(n);
  return Object.freeze({
    get config() { return config; },
    setConfig(c: KmemConfig) { config = c; },
    analyse(uri: string, version: number, text: string, fileName?: string): AnalysedDocument {
      const lines = new LineTable(text);
      const parsed = parseLines(lines, { fileName, pageSize: config.pageSize });
      const analysis = analyzeDocument(parsed, { pageSize: config.pageSize, rules: config.rules });
      keepOutlineFieldsOnly(parsed.sections);
      return { uri, version, analysis, index: new LineIndex(parsed.sections), lines };
    },
    detectLanguage(text: string, fileName?: string) { return languageFor(parseDocument(text, { fileName })); },
    diagnostics: (d: AnalysedDocument) => toDiagnostics(d.analysis, d.uri, (n) => d.lines.get(n), config.docBase),
    hover: (d: AnalysedDocument, line: number, character: number) => hoverAt(d.analysis, d.index, line, character, d.lines.get(line), config.docBase),
    inlayHints: (d: AnalysedDocument, from: number, to: number) => inlayHints(d.analysis, from, to, lineLen(d)),
    symbols: (d: AnalysedDocument) => documentSymbols(d.analysis, lineLen(d), (n) => d.lines.get(n)),
    folding: (d: AnalysedDocument) => foldingRanges(d.analysis),
    codeLenses: (d: AnalysedDocument) => codeLenses(d.analysis, d.uri),
    viewModel: (d: AnalysedDocument, title: string) => toViewModel(d.analysis, title, config.rules, config.docBase),
    markdown: (d: AnalysedDocument, title: string) => renderMarkdown(title, d.analysis),
  });
}

export type KmemService = ReturnType<typeof createKmemService>;
export type { Analysis };
