/**
 * The language server: LSP wiring only. Every handler fetches the analysed
 * document and calls the core service. Runs with --stdio or --node-ipc, so any
 * LSP client (VS Code, Neovim, Helix, Emacs) can use it.
 */
import { pathToFileURL } from 'node:url';
import * as path from 'node:path';
import { inspect } from 'node:util';
import {
  CodeActionKind, createConnection, StreamMessageWriter, DidChangeConfigurationNotification, ProposedFeatures, TextDocuments, TextDocumentSyncKind,
  type CodeAction, type Diagnostic, type DocumentSymbol, type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createKmemService, type AnalysedDocument } from '../../src';
import { parseDocument } from '../../src/formats/parse';
import { languageFor } from '../../src/features/detectLanguage';
import { worstSeverity, headline } from '../../src/report/summary';
import { RULES_BY_ID } from '../../src/rules/catalog';
import { allKnowledge, searchKnowledge } from '../../src/knowledge';
import { explainMarkdown } from '../../src/features/explain';
import {
  AnalysisChangedNotification, DetectRequest, ExplainRequest, MarkdownReportRequest, ReservationRequest, ViewModelRequest,
  type AnalysisChangedParams, type ExplainParams, type ExplainResult, type DetectParams, type DetectResult, type MarkdownReportParams, type ReservationParams, type ReservationResult, type ViewModelParams,
} from '../protocol';
import { readSettings, type ServerSettings } from './settings';
import { compactSoon } from './memory';
import { FdMessageReader } from './stdinReader';

const connection = process.argv.includes('--stdio') ? stdioConnection() : createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

/**
 * Over stdio the server reads fd 0 itself (stdinReader.ts: one buffer per large message, so a big
 * didOpen leaves no fragmented heap behind). Given its own reader, vscode-languageserver no longer
 * watches stdin nor sends console output to the client's log, so both are done here: stdout carries
 * only protocol messages.
 */
function stdioConnection() {
  let shutdown = false;
  const reader = new FdMessageReader(0);
  const c = createConnection(ProposedFeatures.all, reader, new StreamMessageWriter(process.stdout));
  c.onShutdown(() => { shutdown = true; });
  // Bad framing cannot be answered (no id is known): say why on stderr, the client's log, and stop.
  reader.onError((e) => { process.stderr.write(`kmemlens-server: ${e.message}\n`); });
  reader.onClose(() => process.exit(shutdown ? 0 : 1));
  const text = (args: unknown[]) => args.map((a) => (typeof a === 'string' ? a : inspect(a))).join(' ');
  console.log = console.info = console.debug = (...args: unknown[]) => c.console.log(text(args));
  console.warn = (...args: unknown[]) => c.console.warn(text(args));
  console.error = (...args: unknown[]) => c.console.error(text(args));
  return c;
}
// docs/rules.md shipped beside dist/ in the .vsix: diagnostics link to it.
const docBase = pathToFileURL(path.join(__dirname, '..', 'docs', 'rules.md')).toString();
const service = createKmemService({ rules: {}, pageSize: 4096, docBase });
let settings: ServerSettings = readSettings(undefined);
let canPullConfig = false;
let canRefreshInlay = false;
let canRefreshLens = false;

const cache = new Map<string, AnalysedDocument>();
const timers = new Map<string, NodeJS.Timeout>();

function analysed(doc: TextDocument): AnalysedDocument {
  const hit = cache.get(doc.uri);
  if (hit && hit.version === doc.version) return hit;
  const d = service.analyse(doc.uri, doc.version, doc.getText(), fileNameOf(doc.uri));
  cache.set(doc.uri, d);
  return d;
}

/** The latest analysis, even if a newer edit is still debounced (hovers never wait for a big re-parse). */
function current(uri: string): AnalysedDocument | undefined {
  const doc = documents.get(uri);
  if (!doc) return undefined;
  const hit = cache.get(uri);
  if (hit && (hit.version === doc.version || doc.getText().length > settings.largeDocumentBytes)) return hit;
  return analysed(doc);
}

function fileNameOf(uri: string): string | undefined {
  if (uri.startsWith('untitled:')) return undefined;
  try { return decodeURIComponent(uri.replace(/^[a-z]+:\/\/[^/]*/, '')); } catch { return undefined; }
}

function isLarge(doc: TextDocument): boolean {
  return doc.getText().length > settings.largeDocumentBytes;
}

function publish(doc: TextDocument): void {
  try {
    const d = analysed(doc);
    connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics: service.diagnostics(d) as Diagnostic[] });
    const params: AnalysisChangedParams = { uri: doc.uri, version: doc.version, headline: headline(d.analysis), worst: worstSeverity(d.analysis.findings), reduced: isLarge(doc) };
    void connection.sendNotification(AnalysisChangedNotification, params);
    if (params.reduced) compactSoon();
  } catch (e) {
    // Parsers never throw by design; if something still does, keep serving and say where.
    connection.console.error(`kmemlens: analysis of ${doc.uri} failed: ${(e as Error).stack ?? e}`);
  }
}

function schedule(doc: TextDocument, delay: number): void {
  clearTimeout(timers.get(doc.uri));
  timers.set(doc.uri, setTimeout(() => {
    timers.delete(doc.uri);
    const latest = documents.get(doc.uri);
    if (latest) publish(latest);
  }, delay));
}

connection.onInitialize((params): InitializeResult => {
  const caps = params.capabilities;
  canPullConfig = !!caps.workspace?.configuration;
  canRefreshInlay = !!caps.workspace?.inlayHint?.refreshSupport;
  canRefreshLens = !!caps.workspace?.codeLens?.refreshSupport;
  settings = readSettings(params.initializationOptions?.settings);
  applySettings();
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      inlayHintProvider: true,
      documentSymbolProvider: true,
      foldingRangeProvider: true,
      codeLensProvider: { resolveProvider: false },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
    },
    serverInfo: { name: 'kmemlens-server', version: '0.1.0' },
  };
});

connection.onInitialized(async () => {
  if (canPullConfig) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: 'kmemlens' });
    await refreshSettings();
  }
});

/** The settings an analysis depends on: when a configuration pull returns the same, the analyses stay. */
let analysisKey = '';
function applySettings(): void {
  service.setConfig({ rules: { severities: settings.rules, thresholds: settings.thresholds }, pageSize: settings.pageSize, docBase });
  // A document opened before the first configuration pull answers would otherwise be analysed twice.
  const key = JSON.stringify([settings.rules, settings.thresholds, settings.pageSize]);
  if (key !== analysisKey) cache.clear();
  analysisKey = key;
}

async function refreshSettings(): Promise<void> {
  try {
    const raw = await connection.workspace.getConfiguration('kmemlens');
    settings = readSettings(raw);
  } catch { /* keep the last settings */ }
  applySettings();
  for (const doc of documents.all()) publish(doc);
  if (canRefreshInlay) void connection.languages.inlayHint.refresh();
  if (canRefreshLens) void connection.sendRequest('workspace/codeLens/refresh');
}

connection.onDidChangeConfiguration(async (change) => {
  if (canPullConfig) await refreshSettings();
  else { settings = readSettings(change.settings?.kmemlens); applySettings(); for (const doc of documents.all()) publish(doc); }
});

documents.onDidOpen((e) => publish(e.document));
documents.onDidChangeContent((e) => schedule(e.document, isLarge(e.document) ? settings.debounceMs * 4 : settings.debounceMs));
documents.onDidClose((e) => {
  clearTimeout(timers.get(e.document.uri));
  cache.delete(e.document.uri);
  connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

connection.onHover((p) => {
  const d = current(p.textDocument.uri);
  const h = d && service.hover(d, p.position.line, p.position.character);
  return h ? { contents: { kind: 'markdown', value: h.contents }, range: h.range } : null;
});

connection.languages.inlayHint.on((p) => {
  const doc = documents.get(p.textDocument.uri);
  if (!settings.inlayHints || !doc || isLarge(doc)) return [];
  const d = current(p.textDocument.uri);
  return d ? service.inlayHints(d, p.range.start.line, p.range.end.line) : [];
});

connection.onDocumentSymbol((p) => { const d = current(p.textDocument.uri); return d ? (service.symbols(d) as DocumentSymbol[]) : []; });
connection.onFoldingRanges((p) => { const d = current(p.textDocument.uri); return d ? service.folding(d) : []; });
connection.onCodeLens((p) => {
  const d = current(p.textDocument.uri);
  if (!d || !settings.codeLens) return [];
  return service.codeLenses(d).map((l) => ({
    range: { start: { line: l.line, character: 0 }, end: { line: l.line, character: 0 } },
    command: { title: l.title, command: l.command ?? '', arguments: l.args },
  }));
});

connection.onCodeAction((p) => {
  const actions: CodeAction[] = [];
  for (const diag of p.context.diagnostics) {
    const rule = typeof diag.code === 'string' && RULES_BY_ID.has(diag.code) ? diag.code : undefined;
    if (!rule || diag.source !== 'kmemlens') continue;
    actions.push(
      { title: `Explain rule ${rule}`, kind: CodeActionKind.QuickFix, diagnostics: [diag], command: { title: 'Explain rule', command: 'kmemlens.explainRule', arguments: [rule] } },
      { title: `Turn off rule ${rule}`, kind: CodeActionKind.QuickFix, diagnostics: [diag], command: { title: 'Turn off rule', command: 'kmemlens.setRuleSeverity', arguments: [rule, 'off'] } },
      { title: 'Open in Snapshot Viewer', kind: CodeActionKind.QuickFix, diagnostics: [diag], command: { title: 'Open in Snapshot Viewer', command: 'kmemlens.openViewer', arguments: [p.textDocument.uri] } },
    );
    // Advice is copied, never written into the document.
    const fix = (diag.data as { fix?: { title: string; text: string } } | undefined)?.fix;
    if (fix && typeof fix.text === 'string') actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diag], isPreferred: true, command: { title: fix.title, command: 'kmemlens.copySetting', arguments: [fix.text] } });
    if (rule === 'kubernetes/reservation-too-small' || rule === 'kubernetes/top-hides-kernel' || rule === 'kubernetes/eviction-near') {
      actions.push({ title: 'Copy Kubelet Reservation', kind: CodeActionKind.QuickFix, diagnostics: [diag], command: { title: 'Copy Kubelet Reservation', command: 'kmemlens.copyReservation', arguments: [p.textDocument.uri] } });
    }
  }
  return actions;
});

connection.onRequest(ViewModelRequest, (p: ViewModelParams) => {
  if ('uri' in p) {
    const doc = documents.get(p.uri);
    if (!doc) return null;
    return service.viewModel(analysed(doc), titleOf(p.uri));
  }
  return service.viewModel(service.analyse(`file://${p.fileName}`, 0, p.text, p.fileName), path.basename(p.fileName));
});

connection.onRequest(ReservationRequest, (p: ReservationParams): ReservationResult => {
  const doc = documents.get(p.uri);
  if (!doc) return { why: 'the document is not open' };
  const k = analysed(doc).analysis.metrics.kubernetes;
  const r = k?.advice.reservation;
  if (!r) return { why: k ? 'the capture lacks the node\'s kernel memory numbers (a whole /proc/meminfo with SUnreclaim, KernelStack, PageTables)' : 'the capture has no Kubernetes side (kubectl top node, the Summary API or describe node) beside /proc/meminfo' };
  return { snippet: r.snippet, why: `systemReserved ${Math.round(r.systemReservedBytes / 1048576)}Mi, kubeReserved ${Math.round(r.kubeReservedBytes / 1048576)}Mi; based on ${r.basedOn.join('; ')}${r.unknown.length ? `. Not known: ${r.unknown.length} thing${r.unknown.length === 1 ? '' : 's'} (see the Kubernetes tab)` : ''}` };
});

connection.onRequest(MarkdownReportRequest, (p: MarkdownReportParams) => {
  const doc = documents.get(p.uri);
  return doc ? service.markdown(analysed(doc), titleOf(p.uri)) : null;
});

connection.onRequest(DetectRequest, (p: DetectParams): DetectResult => {
  const parsed = parseDocument(p.text.slice(0, 256 * 1024), { fileName: p.fileName });
  return { languageId: languageFor(parsed), kinds: [...new Set(parsed.sections.map((s) => s.kind))] };
});

connection.onRequest(ExplainRequest, (p: ExplainParams): ExplainResult => {
  if (p.name) return { markdown: explainMarkdown(p.name, searchKnowledge(p.name)), names: [] };
  return { names: allKnowledge().filter((k) => !('pattern' in k.entry)).map((k) => ({ name: k.entry.name, kind: k.kind, title: k.entry.title })) };
});

function titleOf(uri: string): string {
  // The last part of the path, without a query or fragment (`…/node.txt?1700000000` is node.txt).
  const name = decodeURIComponent(uri.replace(/[?#].*$/, '').split('/').pop() ?? uri);
  return name || uri;
}

process.on('unhandledRejection', (e) => connection.console.error(`kmemlens: unhandled rejection: ${String(e)}`));

documents.listen(connection);
connection.listen();
