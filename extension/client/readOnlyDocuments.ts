/**
 * Read-only documents the extension writes itself (a node's history from Prometheus, a capture being
 * recorded): a content provider per scheme, so the user can read, hover and save a copy, but the text
 * changes only when the extension appends to it.
 */
import * as vscode from 'vscode';

export class ReadOnlyDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly registration: vscode.Disposable;

  constructor(readonly scheme: string) {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(scheme, this);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  private count = 0;

  /** A new document named `name` (the tab title), unique per call: the path's folder is a counter. */
  uri(name: string): vscode.Uri {
    return vscode.Uri.from({ scheme: this.scheme, path: `/${++this.count}/${name.replace(/[\\/]+/g, '_')}` });
  }

  set(uri: vscode.Uri, text: string): void {
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
  }

  append(uri: vscode.Uri, text: string): void {
    this.set(uri, (this.texts.get(uri.toString()) ?? '') + text);
  }

  get(uri: vscode.Uri): string | undefined {
    return this.texts.get(uri.toString());
  }

  /** Opens the document as a snapshot and shows it. */
  async show(uri: vscode.Uri, options: vscode.TextDocumentShowOptions = {}): Promise<vscode.TextDocument> {
    const doc = await vscode.languages.setTextDocumentLanguage(await vscode.workspace.openTextDocument(uri), 'kmem-snapshot');
    await vscode.window.showTextDocument(doc, options);
    return doc;
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }
}
