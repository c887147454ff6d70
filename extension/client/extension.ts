/**
 * The VS Code client: starts the language server, registers the commands,
 * the status bar item and the viewer panel host. Nothing heavy at activation:
 * no snapshot is parsed here and no chart code is loaded.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import {
  AnalysisChangedNotification, DetectRequest, ExplainRequest, MarkdownReportRequest, ReservationRequest, ViewModelRequest,
  type AnalysisChangedParams, type DetectResult, type ExplainResult, type ReservationResult, type ViewModelResult,
} from '../protocol';
import { captureCommand } from './captureCommand';
import { joinAsBundle } from '../../src/formats/join';
import { alertRules } from '../../src/prometheus/alerts';
import { listTargets, nodeHistory, PrometheusError } from '../../src/prometheus/history';
import { languageToReclaim, mayBeCapture, noteLanguageSet, shouldDetect, SNAPSHOT_LANGUAGES } from './detection';
import { StatusBar } from './statusBar';
import { ReadOnlyDocuments } from './readOnlyDocuments';
import { registerFleetCommands } from './fleetCommands';
import { registerCaptureCommands } from './captureCommands';
import { ViewerPanel, type ViewerSource } from './viewerPanel';

let client: LanguageClient | undefined;
let starting: Promise<LanguageClient> | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const changed = new vscode.EventEmitter<string>();
  const status = new StatusBar();
  context.subscriptions.push(changed, status);

  /**
   * The language server starts on first need (a snapshot document, a command, or
   * pasted text that looks like a capture), not at activation: opening a YAML
   * file activates the extension for paste detection, and that must stay cheap.
   */
  const ensureClient = (): Promise<LanguageClient> => (starting ??= (async () => {
    const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
    const serverOptions: ServerOptions = {
      run: { module: serverModule, transport: TransportKind.ipc },
      debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
    };
    // While the window closes the client stops; requests still queued then must not restart
    // the server or log "Starting server failed": answer them with nothing instead.
    const whenRunning = <T>(next: () => T): T | undefined => (client?.isRunning() ? next() : undefined);
    const clientOptions: LanguageClientOptions = {
      documentSelector: SNAPSHOT_LANGUAGES.flatMap((language) => [{ language, scheme: 'file' }, { language, scheme: 'untitled' }, { language }]),
      synchronize: { configurationSection: 'kmemlens' },
      middleware: {
        provideCodeActions: (doc, range, ctx, token, next) => whenRunning(() => next(doc, range, ctx, token)),
        provideHover: (doc, pos, token, next) => whenRunning(() => next(doc, pos, token)),
        provideInlayHints: (doc, range, token, next) => whenRunning(() => next(doc, range, token)),
        provideCodeLenses: (doc, token, next) => whenRunning(() => next(doc, token)),
        provideDocumentSymbols: (doc, token, next) => whenRunning(() => next(doc, token)),
        provideFoldingRanges: (doc, ctx, token, next) => whenRunning(() => next(doc, ctx, token)),
      },
    };
    const c = new LanguageClient('kmemlens', 'Kernel Memory Lens', serverOptions, clientOptions);
    context.subscriptions.push(c.onNotification(AnalysisChangedNotification, (p: AnalysisChangedParams) => {
      status.update(p);
      changed.fire(p.uri);
    }));
    await c.start();
    client = c;
    return c;
  })());
  const request = async <R>(method: string, params: unknown): Promise<R> => (await ensureClient()).sendRequest<R>(method, params);

  // A node's history from Prometheus opens read-only (the token comes from the environment, never the text).
  const histories = new ReadOnlyDocuments('kmemlens-prometheus');
  context.subscriptions.push(histories);
  const source: ViewerSource = {
    viewModel: async (uri) => (await request<ViewModelResult>(ViewModelRequest, { uri })) ?? undefined,
    onDidChangeAnalysis: changed.event,
    markdownReport: async (uri) => (await request<string | null>(MarkdownReportRequest, { uri })) ?? undefined,
    ruleDocUri: (rule) => vscode.Uri.file(context.asAbsolutePath('docs/rules.md')).with({ fragment: rule.replace(/[^a-z0-9]+/g, '-') }),
    openFleetNode: async (file, origin) => {
      try {
        if (origin === 'folder') { await vscode.window.showTextDocument(vscode.Uri.file(file)); return; }
        const bytes = await vscode.workspace.fs.readFile(vscode.Uri.file(file));
        const uri = histories.uri(path.basename(file));
        histories.set(uri, new TextDecoder().decode(bytes));
        await histories.show(uri);
      } catch (e) {
        void vscode.window.showErrorMessage(`Kernel Memory Lens: cannot open ${file}: ${e instanceof Error ? e.message : String(e)}`);
      }
    },
  };
  context.subscriptions.push(ViewerPanel.registerSerializer(context, source));

  const snapshotEditor = async (uri?: unknown): Promise<vscode.TextDocument | undefined> => {
    if (typeof uri === 'string') return vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
    if (uri instanceof vscode.Uri) return vscode.workspace.openTextDocument(uri);
    const doc = vscode.window.activeTextEditor?.document;
    if (doc && SNAPSHOT_LANGUAGES.includes(doc.languageId)) return doc;
    void vscode.window.showWarningMessage('Kernel Memory Lens: open a snapshot first (a meminfo, slabinfo, memory.stat, PSI, vmstat or OOM capture), or paste one into a new editor.');
    return undefined;
  };

  const cmd = (id: string, fn: (...args: any[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, fn));

  // Reports are read-only virtual documents: the preview shows one without leaving an untitled tab behind.
  const reports = new Map<string, string>();
  const reportChanged = new vscode.EventEmitter<vscode.Uri>();
  context.subscriptions.push(reportChanged, vscode.workspace.registerTextDocumentContentProvider('kmemlens-report', {
    onDidChange: reportChanged.event,
    provideTextDocumentContent: (u) => reports.get(u.toString()) ?? '',
  }));
  cmd('kmemlens.analyze', async (uri?: unknown) => {
    const doc = await snapshotEditor(uri);
    if (!doc) return;
    const md = await source.markdownReport(doc.uri.toString());
    if (!md) return;
    const name = path.basename(doc.uri.path) || 'snapshot';
    const reportUri = vscode.Uri.from({ scheme: 'kmemlens-report', path: `/Report ${name}.md`, query: doc.uri.toString() });
    reports.set(reportUri.toString(), md);
    reportChanged.fire(reportUri);
    await vscode.commands.executeCommand('markdown.showPreviewToSide', reportUri).then(undefined, async () => vscode.window.showTextDocument(await vscode.workspace.openTextDocument(reportUri), vscode.ViewColumn.Beside));
  });
  cmd('kmemlens.copyReservation', async (uri?: unknown) => {
    const doc = await snapshotEditor(uri);
    if (!doc) return;
    const r = await request<ReservationResult | null>(ReservationRequest, { uri: doc.uri.toString() });
    if (!r?.snippet) { void vscode.window.showWarningMessage(`Kernel Memory Lens: no kubelet reservation to advise: ${r?.why ?? 'the language server gave no answer'}.`); return; }
    await vscode.env.clipboard.writeText(r.snippet);
    void vscode.window.showInformationMessage(`Kernel Memory Lens: kubelet reservation copied (${r.why}).`);
  });
  cmd('kmemlens.exportReport', async (uri?: unknown) => {
    const doc = await snapshotEditor(uri);
    if (!doc) return;
    const md = await source.markdownReport(doc.uri.toString());
    if (!md) return;
    const report = await vscode.workspace.openTextDocument({ language: 'markdown', content: md });
    await vscode.window.showTextDocument(report, vscode.ViewColumn.Beside);
  });
  cmd('kmemlens.openViewer', async (uri?: unknown) => {
    // A file too large for VS Code to sync to extensions has a tab but no document: read it from disk.
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    const tabUri = uri === undefined && tab instanceof vscode.TabInputText && !vscode.window.activeTextEditor ? tab.uri : undefined;
    if (tabUri) return openFromDisk(tabUri);
    const doc = await snapshotEditor(uri).catch(async (err) => {
      if (typeof uri === 'string' || uri instanceof vscode.Uri) return openFromDisk(typeof uri === 'string' ? vscode.Uri.parse(uri) : uri).then(() => undefined);
      throw err;
    });
    if (doc) ViewerPanel.show(context, source, doc);
  });
  const openFromDisk = async (file: vscode.Uri) => {
    const bytes = await vscode.workspace.fs.readFile(file);
    const model = await request<ViewModelResult>(ViewModelRequest, { text: new TextDecoder().decode(bytes), fileName: file.path });
    if (!model) { void vscode.window.showWarningMessage(`Kernel Memory Lens: ${path.basename(file.path)} is not a snapshot.`); return; }
    ViewerPanel.showFromDisk(context, source, model, file);
    void vscode.window.showInformationMessage(`Kernel Memory Lens: ${path.basename(file.path)} is too large for the editor to share with extensions, so it was read from disk: the viewer works, hovers and inline red flags do not. For a full report run: node "${context.asAbsolutePath(path.join('dist', 'cli.js'))}" analyze "${file.fsPath}"`);
  };
  cmd('kmemlens.newFromClipboard', async () => {
    const text = await vscode.env.clipboard.readText();
    if (!text.trim()) { void vscode.window.showWarningMessage('Kernel Memory Lens: the clipboard is empty.'); return; }
    const detected = await request<DetectResult>(DetectRequest, { text });
    const doc = await vscode.workspace.openTextDocument({ content: text, language: detected.languageId ?? 'kmem-snapshot' });
    await vscode.window.showTextDocument(doc);
    if (!detected.languageId) void vscode.window.showWarningMessage('Kernel Memory Lens: the clipboard does not look like a kernel memory capture; opened it as a snapshot anyway, see the Problems panel.');
  });
  cmd('kmemlens.compare', async (a?: vscode.Uri, b?: vscode.Uri) => {
    const pick = async (title: string): Promise<{ label: string; model?: ViewModelResult } | undefined> => {
      const open = vscode.workspace.textDocuments.filter((d) => SNAPSHOT_LANGUAGES.includes(d.languageId));
      const items: (vscode.QuickPickItem & { doc?: vscode.TextDocument })[] = [
        ...open.map((d) => ({ label: path.basename(d.uri.path) || d.uri.toString(), description: d.uri.scheme === 'untitled' ? 'untitled' : vscode.workspace.asRelativePath(d.uri), doc: d })),
        { label: '$(folder-opened) Choose a file…' },
      ];
      const choice = await vscode.window.showQuickPick(items, { title });
      if (!choice) return undefined;
      if (choice.doc) return { label: choice.label, model: await source.viewModel(choice.doc.uri.toString()) };
      const files = await vscode.window.showOpenDialog({ canSelectMany: false, title });
      if (!files?.[0]) return undefined;
      return fromFile(files[0]);
    };
    const fromFile = async (u: vscode.Uri) => {
      const bytes = await vscode.workspace.fs.readFile(u);
      return { label: path.basename(u.path), model: await request<ViewModelResult>(ViewModelRequest, { text: new TextDecoder().decode(bytes), fileName: u.path }) };
    };
    const left = a instanceof vscode.Uri ? await fromFile(a) : await pick('Compare: first (older) snapshot');
    if (!left) return;
    const right = b instanceof vscode.Uri ? await fromFile(b) : await pick('Compare: second (newer) snapshot');
    if (!right) return;
    if (!left.model || !right.model) { void vscode.window.showWarningMessage('Kernel Memory Lens: one of the two is not a snapshot.'); return; }
    ViewerPanel.showCompare(context, source, left.model, right.model, left.label, right.label);
  });
  // Two documents side by side that hold the two sides of one node (kubectl top node, /proc/meminfo):
  // a new untitled bundle of both, so the reconciliation and the viewer see one node. The originals are untouched.
  cmd('kmemlens.joinSnapshots', async () => {
    const open = vscode.workspace.textDocuments.filter((d) => SNAPSHOT_LANGUAGES.includes(d.languageId) && !d.isClosed);
    if (open.length < 2) { void vscode.window.showWarningMessage('Kernel Memory Lens: open the two captures of the node first (for example kubectl top node and /proc/meminfo).'); return; }
    const items = open.map((d) => ({ label: path.basename(d.uri.path) || d.uri.toString(), description: d.uri.scheme === 'untitled' ? 'untitled' : vscode.workspace.asRelativePath(d.uri), doc: d }));
    const chosen = await vscode.window.showQuickPick(items, { title: 'Join Snapshots as One Node: pick the captures of one node', canPickMany: true });
    if (!chosen || chosen.length < 2) return;
    const doc = await vscode.workspace.openTextDocument({ content: joinAsBundle(chosen.map((c) => ({ name: c.label, text: c.doc.getText() }))), language: 'kmem-snapshot' });
    await vscode.window.showTextDocument(doc);
    ViewerPanel.show(context, source, doc);
  });
  // Capture and Record: recordings grow in read-only documents of their own.
  const recordings = new ReadOnlyDocuments('kmemlens-capture');
  context.subscriptions.push(recordings);
  registerCaptureCommands(context, { recordings, showViewer: (doc) => ViewerPanel.show(context, source, doc) });
  registerFleetCommands(context, { cli: context.asAbsolutePath(path.join('dist', 'cli.js')), showFleet: (view) => ViewerPanel.showFleet(context, source, view) });
  cmd('kmemlens.openFromPrometheus', async () => {
    const c = vscode.workspace.getConfiguration('kmemlens');
    const url = c.get<string>('prometheus.url') || await vscode.window.showInputBox({ title: 'Open Node from Prometheus', prompt: 'Prometheus server URL (saved in kmemlens.prometheus.url to skip this)', placeHolder: 'http://prometheus.monitoring:9090', validateInput: (v) => (/^https?:\/\//.test(v) ? undefined : 'an http(s):// URL') });
    if (!url) return;
    const token = process.env[c.get<string>('prometheus.tokenEnv') || 'KMEMLENS_PROMETHEUS_TOKEN'] || undefined;
    try {
      const targets = await listTargets({ url, token });
      if (!targets.length) { void vscode.window.showWarningMessage(`Kernel Memory Lens: ${url} has no node_exporter memory metrics (node_memory_MemTotal_bytes) in the last day.`); return; }
      const picked = await vscode.window.showQuickPick(targets.map((t) => ({ label: t.instance, description: t.node, instance: t.instance })), { title: `Nodes with node_exporter memory metrics on ${url}`, matchOnDescription: true });
      if (!picked) return;
      const instance = picked.instance;
      const ranges = [{ label: 'Last hour', ms: 3.6e6 }, { label: 'Last 6 hours', ms: 2.16e7 }, { label: 'Last 24 hours', ms: 8.64e7 }, { label: 'Last 7 days', ms: 6.048e8 }];
      const range = await vscode.window.showQuickPick(ranges, { title: `History of ${instance}` });
      if (!range) return;
      // About 500 captures over the range, never finer than 15 s.
      const stepSeconds = Math.max(15, Math.round(range.ms / 500 / 1000));
      const r = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Kernel Memory Lens: ${instance} from Prometheus`, cancellable: true }, async (progress, cancel) => {
        const ac = new AbortController();
        cancel.onCancellationRequested(() => ac.abort());
        return nodeHistory({ url, instance, start: Date.now() - range.ms, stepSeconds, token, signal: ac.signal, progress: (d, t) => progress.report({ message: `${d} of ${t} chunks`, increment: 100 / t }) });
      });
      const uri = histories.uri(`${instance.replace(/[^\w.:-]+/g, '_')} ${range.label}.txt`);
      histories.set(uri, r.text);
      await histories.show(uri);
    } catch (e) {
      if (e instanceof PrometheusError && e.message === 'cancelled') return;
      void vscode.window.showErrorMessage(`Kernel Memory Lens: ${e instanceof Error ? e.message : String(e)}`);
    }
  });
  // The catalog's rules PromQL can express, with this workspace's thresholds and severities: a new document to save.
  cmd('kmemlens.exportAlertRules', async () => {
    const c = vscode.workspace.getConfiguration('kmemlens');
    const { yaml } = alertRules({ severities: c.get('rules') ?? {}, thresholds: c.get('thresholds') ?? {} });
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'yaml', content: yaml }));
  });
  cmd('kmemlens.copyCaptureCommand', async () => {
    const choice = await vscode.window.showQuickPick([
      { label: 'kubectl debug node/NAME', description: 'from your machine, for a Kubernetes node', id: 'kubectl' as const },
      { label: 'Shell on the node', description: 'run as root on the node itself', id: 'shell' as const },
    ], { title: 'Copy Node Capture Command' });
    if (!choice) return;
    let node = '';
    if (choice.id === 'kubectl') {
      node = (await vscode.window.showInputBox({ title: 'Node name', prompt: 'kubectl get nodes', placeHolder: 'ip-10-0-3-17.ec2.internal' })) ?? '';
      if (!node) return;
    }
    await vscode.env.clipboard.writeText(captureCommand(choice.id, node));
    void vscode.window.showInformationMessage('Kernel Memory Lens: capture command copied. Run it, then use "New Snapshot from Clipboard" on its output.');
  });
  cmd('kmemlens.explain', async (name?: string) => {
    let q = typeof name === 'string' ? name : undefined;
    if (!q) {
      const { names } = await request<ExplainResult>(ExplainRequest, {});
      q = (await vscode.window.showQuickPick(names.map((n) => ({ label: n.name, description: n.kind, detail: n.title })), { title: 'Explain Field…', matchOnDescription: true, matchOnDetail: true }))?.label;
    }
    if (!q) return;
    const { markdown } = await request<ExplainResult>(ExplainRequest, { name: q });
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: markdown ?? `Nothing known about ${q}.` });
    await vscode.commands.executeCommand('markdown.showPreviewToSide', doc.uri).then(undefined, () => vscode.window.showTextDocument(doc, vscode.ViewColumn.Beside));
  });
  // A quick fix's setting (GOMEMLIMIT=…, -XX:MaxMetaspaceSize=…): to the clipboard, not into the document.
  cmd('kmemlens.copySetting', async (text: unknown) => {
    if (typeof text !== 'string' || !text || text.length > 4096) return;
    await vscode.env.clipboard.writeText(text);
    void vscode.window.showInformationMessage(`Kernel Memory Lens: ${text} copied to the clipboard.`);
  });
  cmd('kmemlens.explainRule', async (rule: string) => {
    await vscode.commands.executeCommand('markdown.showPreview', source.ruleDocUri(rule)).then(undefined, () => vscode.window.showTextDocument(source.ruleDocUri(rule)));
  });
  cmd('kmemlens.setRuleSeverity', async (rule: string, severity: string) => {
    const cfg = vscode.workspace.getConfiguration('kmemlens');
    const rules = { ...(cfg.get<Record<string, string>>('rules') ?? {}), [rule]: severity };
    await cfg.update('rules', rules, vscode.ConfigurationTarget.Global);
    void vscode.window.showInformationMessage(`Kernel Memory Lens: rule ${rule} set to ${severity} in your user settings.`);
  });

  // Pasted snapshots: set the language of untitled / plain-text documents whose content is recognised.
  const detectTimers = new Map<string, NodeJS.Timeout>();
  const maybeDetect = (doc: vscode.TextDocument) => {
    const back = languageToReclaim(doc);
    if (back) { void vscode.languages.setTextDocumentLanguage(doc, back); return; }
    if (!shouldDetect(doc, vscode.workspace.getConfiguration('kmemlens').get<boolean>('detectPastedSnapshots', true))) return;
    const key = doc.uri.toString();
    clearTimeout(detectTimers.get(key));
    detectTimers.set(key, setTimeout(async () => {
      detectTimers.delete(key);
      if (!shouldDetect(doc, true) || doc.isClosed) return;
      // A cheap look first: most plain-text and YAML documents are no capture, and need no server.
      if (!mayBeCapture(doc.getText(new vscode.Range(0, 0, Math.min(doc.lineCount, 2000), 0)))) return;
      const r = await request<DetectResult>(DetectRequest, { text: doc.getText(), fileName: doc.uri.scheme === 'untitled' ? undefined : doc.fileName });
      if (r.languageId && !doc.isClosed && !SNAPSHOT_LANGUAGES.includes(doc.languageId)) { noteLanguageSet(key, r.languageId); await vscode.languages.setTextDocumentLanguage(doc, r.languageId); }
    }, 50));
  };
  context.subscriptions.push(
    vscode.workspace.onDidOpenTextDocument(maybeDetect),
    vscode.workspace.onDidChangeTextDocument((e) => { if (e.contentChanges.length) maybeDetect(e.document); }),
    vscode.window.onDidChangeActiveTextEditor((e) => { status.follow(e?.document); if (e) maybeDetect(e.document); }),
  );
  // Snapshot documents need the server: start it when one is (or gets) open.
  const needsServer = (doc: vscode.TextDocument) => { if (SNAPSHOT_LANGUAGES.includes(doc.languageId)) void ensureClient(); };
  context.subscriptions.push(vscode.workspace.onDidOpenTextDocument(needsServer));
  for (const doc of vscode.workspace.textDocuments) { needsServer(doc); maybeDetect(doc); }
  status.follow(vscode.window.activeTextEditor?.document);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
