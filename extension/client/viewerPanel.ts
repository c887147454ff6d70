/**
 * The snapshot viewer's host: one webview panel that follows the active
 * snapshot editor, plus compare panels. It only moves ViewModels to the
 * webview and carries out what the webview asks (reveal, copy, save PNG).
 * State lives in the webview (setState), so no retainContextWhenHidden:
 * the page asks again with `ready` each time it is shown.
 */
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ViewModel } from '../../src/features/viewModel';
import type { FleetView, FromWebview, ToWebview, ViewerState, ViewerTab } from '../../webview/protocol';
import { SNAPSHOT_LANGUAGES } from './detection';
import { viewerHtml } from './viewerHtml';

export interface ViewerSource {
  viewModel(uri: string): Promise<ViewModel | undefined>;   // analysis picture of an open document
  onDidChangeAnalysis: vscode.Event<string>;                  // uri whose analysis changed (already debounced by the server)
  markdownReport(uri: string): Promise<string | undefined>;
  ruleDocUri(rule: string): vscode.Uri;
  /** Opens one node of a fleet view: a snapshot file, or `prometheus:INSTANCE` (its history). */
  openFleetNode(file: string, origin: FleetView['origin']): Promise<void>;
}

interface CompareContent { left: ViewModel; right: ViewModel; leftLabel: string; rightLabel: string }

const TABS: ViewerTab[] = ['overview', 'memory', 'slab', 'cgroup', 'pressure', 'trends', 'oom', 'kubernetes', 'process', 'compare', 'fleet'];

/** Narrows an untrusted message from the webview to FromWebview. */
export function asFromWebview(m: unknown): FromWebview | undefined {
  if (!m || typeof m !== 'object') return undefined;
  const o = m as Record<string, unknown>;
  switch (o.type) {
    case 'ready': case 'copyMarkdown': return { type: o.type };
    case 'reveal':
      return Number.isInteger(o.line) && (o.line as number) >= 0
        ? { type: 'reveal', line: o.line as number, documentUri: typeof o.documentUri === 'string' ? o.documentUri : undefined } : undefined;
    case 'savePng':
      return typeof o.name === 'string' && typeof o.dataUrl === 'string' && o.dataUrl.startsWith('data:image/png;base64,')
        ? { type: 'savePng', name: o.name, dataUrl: o.dataUrl } : undefined;
    case 'openRuleDoc': return typeof o.rule === 'string' ? { type: 'openRuleDoc', rule: o.rule } : undefined;
    case 'copyText':
      return typeof o.text === 'string' && o.text.length <= 65536 && typeof o.what === 'string' ? { type: 'copyText', text: o.text, what: o.what.slice(0, 80) } : undefined;
    case 'openNode': return typeof o.file === 'string' && o.file.length > 0 && o.file.length <= 4096 ? { type: 'openNode', file: o.file } : undefined;
    default: return undefined;
  }
}

export class ViewerPanel {
  static readonly viewType = 'kmemlens.viewer';
  private static following: ViewerPanel | undefined;

  private readonly disposables: vscode.Disposable[] = [];
  private documentUri: string | undefined;
  private compare: CompareContent | undefined;
  private fleet: FleetView | undefined;
  /** A model read from disk (a file too large for VS Code to hand to extensions): shown as is, not followed. */
  private fixed: { model: ViewModel; uri: string } | undefined;
  private pendingTab: ViewerTab | undefined;
  private refreshSeq = 0;

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly context: vscode.ExtensionContext,
    private readonly source: ViewerSource,
    follow: boolean,
  ) {
    ViewerPanel.setUp(panel, context);
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m) => this.onMessage(m)),
      panel.onDidDispose(() => this.dispose()),
    );
    if (follow) {
      this.disposables.push(
        source.onDidChangeAnalysis((uri) => { if (uri === this.documentUri) void this.refresh(); }),
        vscode.window.onDidChangeActiveTextEditor((e) => {
          const doc = e?.document;
          if (doc && SNAPSHOT_LANGUAGES.includes(doc.languageId) && doc.uri.toString() !== this.documentUri) this.follow(doc);
        }),
        vscode.workspace.onDidCloseTextDocument((doc) => {
          if (doc.uri.toString() === this.documentUri) void this.post({ type: 'empty', reason: `${path.basename(doc.uri.path)} was closed. Open a snapshot to see it here.` });
        }),
      );
    }
  }

  /** Show the viewer for a document: create it beside the editor, or reveal it and follow that document. */
  static show(context: vscode.ExtensionContext, source: ViewerSource, document: vscode.TextDocument): ViewerPanel {
    const existing = ViewerPanel.following;
    if (existing) {
      existing.panel.reveal(existing.panel.viewColumn ?? vscode.ViewColumn.Beside, true);
      if (existing.documentUri !== document.uri.toString()) existing.follow(document);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(ViewerPanel.viewType, 'Snapshot Viewer', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, ViewerPanel.options(context));
    const viewer = new ViewerPanel(panel, context, source, true);
    ViewerPanel.following = viewer;
    viewer.follow(document);
    return viewer;
  }

  /** A separate (non-following) panel comparing two snapshots. */
  static showCompare(context: vscode.ExtensionContext, source: ViewerSource, left: ViewModel, right: ViewModel, leftLabel: string, rightLabel: string): void {
    const panel = vscode.window.createWebviewPanel(ViewerPanel.viewType, `Compare: ${leftLabel} ↔ ${rightLabel}`, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, ViewerPanel.options(context));
    const viewer = new ViewerPanel(panel, context, source, false);
    viewer.compare = { left, right, leftLabel, rightLabel };
  }

  /** A separate (non-following) panel with one row per node of a fleet. */
  static showFleet(context: vscode.ExtensionContext, source: ViewerSource, fleet: FleetView): void {
    const panel = vscode.window.createWebviewPanel(ViewerPanel.viewType, fleet.title, { viewColumn: vscode.ViewColumn.Active }, ViewerPanel.options(context));
    const viewer = new ViewerPanel(panel, context, source, false);
    viewer.fleet = fleet;
  }

  /** A separate panel for a model the client built from a file on disk (too large to open as a document). */
  static showFromDisk(context: vscode.ExtensionContext, source: ViewerSource, model: ViewModel, file: vscode.Uri): void {
    const panel = vscode.window.createWebviewPanel(ViewerPanel.viewType, `Snapshot Viewer: ${path.basename(file.path)} (from disk)`, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, ViewerPanel.options(context));
    const viewer = new ViewerPanel(panel, context, source, false);
    viewer.fixed = { model, uri: file.toString() };
  }

  /** Restores viewer panels after a reload from the webview's saved ViewerState. */
  static registerSerializer(context: vscode.ExtensionContext, source: ViewerSource): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(ViewerPanel.viewType, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
        const s = (state && typeof state === 'object' ? state : {}) as ViewerState;
        const follow = !s.compare && !s.fleet && !ViewerPanel.following && !!s.documentUri;
        const viewer = new ViewerPanel(panel, context, source, follow);
        if (follow) ViewerPanel.following = viewer;
        if (s.compare) { viewer.compare = s.compare; panel.title = `Compare: ${s.compare.leftLabel} ↔ ${s.compare.rightLabel}`; return; }
        if (s.fleet) { viewer.fleet = s.fleet; panel.title = s.fleet.title; return; }
        viewer.documentUri = s.documentUri;
        if (s.documentUri) panel.title = `Snapshot Viewer: ${path.basename(vscode.Uri.parse(s.documentUri).path)}`;
      },
    });
  }

  /** The panel that follows the active snapshot, if open. */
  static current(): ViewerPanel | undefined {
    return ViewerPanel.following;
  }

  /** Switch the webview to a tab (e.g. from a code lens on a section). */
  showTab(tab: ViewerTab): void {
    this.pendingTab = tab;
    void this.post({ type: 'showTab', tab });
  }

  private static options(context: vscode.ExtensionContext): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist')] };
  }

  private static setUp(panel: vscode.WebviewPanel, context: vscode.ExtensionContext): void {
    const dist = vscode.Uri.joinPath(context.extensionUri, 'dist');
    panel.webview.options = ViewerPanel.options(context);
    panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'icon.png');
    panel.webview.html = viewerHtml({
      cspSource: panel.webview.cspSource,
      nonce: randomBytes(18).toString('base64'),
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      cssUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.css')).toString(),
    });
  }

  private follow(document: vscode.TextDocument): void {
    this.documentUri = document.uri.toString();
    this.panel.title = `Snapshot Viewer: ${path.basename(document.uri.path)}`;
    void this.refresh();
  }

  private async refresh(): Promise<void> {
    const uri = this.documentUri;
    if (!uri) { await this.post({ type: 'empty', reason: 'Open a snapshot (meminfo, slabinfo, memory.stat, PSI, vmstat or an OOM report) to see it here.' }); return; }
    const seq = ++this.refreshSeq;
    let model: ViewModel | undefined;
    try {
      model = await this.source.viewModel(uri);
    } catch (err) {
      if (seq === this.refreshSeq) await this.post({ type: 'empty', reason: `The analysis failed: ${err instanceof Error ? err.message : String(err)}` });
      return;
    }
    if (seq !== this.refreshSeq || uri !== this.documentUri) return; // a newer refresh or another document won
    if (!model) { await this.post({ type: 'empty', reason: 'This document is not a snapshot Kernel Memory Lens can read (or it is still being analysed).' }); return; }
    const version = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri)?.version ?? 0;
    await this.post({ type: 'update', model, documentUri: uri, version });
  }

  private post(message: ToWebview): Thenable<boolean> {
    return this.panel.webview.postMessage(message);
  }

  private async onMessage(raw: unknown): Promise<void> {
    const m = asFromWebview(raw);
    if (!m) return;
    switch (m.type) {
      case 'ready':
        if (this.compare) await this.post({ type: 'compare', ...this.compare });
        else if (this.fleet) await this.post({ type: 'fleet', fleet: this.fleet });
        else if (this.fixed) await this.post({ type: 'update', model: this.fixed.model, documentUri: this.fixed.uri, version: 0 });
        else await this.refresh();
        if (this.pendingTab && TABS.includes(this.pendingTab)) { await this.post({ type: 'showTab', tab: this.pendingTab }); this.pendingTab = undefined; }
        return;
      case 'reveal': return this.reveal(m.documentUri ?? this.documentUri, m.line);
      case 'copyMarkdown': return this.copyMarkdown();
      case 'copyText':
        await vscode.env.clipboard.writeText(m.text);
        void vscode.window.showInformationMessage(`Kernel Memory Lens: ${m.what} copied to the clipboard.`);
        return;
      case 'savePng': return this.savePng(m.name, m.dataUrl);
      case 'openNode':
        // Only a row this panel showed: the webview cannot make the host open any other path.
        if (this.fleet?.rows.some((r) => r.file === m.file)) await this.source.openFleetNode(m.file, this.fleet.origin);
        return;
      case 'openRuleDoc': {
        const uri = this.source.ruleDocUri(m.rule);
        if (uri.scheme === 'http' || uri.scheme === 'https') await vscode.env.openExternal(uri);
        else await vscode.commands.executeCommand('vscode.open', uri);
        return;
      }
    }
  }

  private async reveal(uri: string | undefined, line: number): Promise<void> {
    if (!uri) return;
    let doc: vscode.TextDocument;
    try {
      doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
    } catch (err) {
      void vscode.window.showWarningMessage(`Kernel Memory Lens: cannot open ${uri} at line ${line + 1}: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    const l = Math.min(Math.max(0, line), Math.max(0, doc.lineCount - 1));
    const range = new vscode.Range(l, 0, l, doc.lineAt(l).text.length);
    const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri);
    const editor = await vscode.window.showTextDocument(doc, { viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One, preserveFocus: false });
    editor.selection = new vscode.Selection(range.start, range.end);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenter);
  }

  private async copyMarkdown(): Promise<void> {
    const uri = this.documentUri;
    const md = uri ? await this.source.markdownReport(uri) : undefined;
    if (!md) { void vscode.window.showWarningMessage('Kernel Memory Lens: there is no report for this view.'); return; }
    await vscode.env.clipboard.writeText(md);
    void vscode.window.showInformationMessage('Kernel Memory Lens: report copied to the clipboard as Markdown.');
  }

  private async savePng(name: string, dataUrl: string): Promise<void> {
    const bytes = Buffer.from(dataUrl.slice('data:image/png;base64,'.length), 'base64');
    const safe = name.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 80) || 'chart';
    const base = this.documentUri ? vscode.Uri.joinPath(vscode.Uri.parse(this.documentUri), '..') : vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      defaultUri: base && base.scheme === 'file' ? vscode.Uri.joinPath(base, `${safe}.png`) : undefined,
      filters: { 'PNG image': ['png'] },
      saveLabel: 'Save chart',
    });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, new Uint8Array(bytes));
    void vscode.window.showInformationMessage(`Kernel Memory Lens: chart saved to ${target.fsPath}.`);
  }

  private dispose(): void {
    if (ViewerPanel.following === this) ViewerPanel.following = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
