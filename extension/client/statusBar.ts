/** The status bar item for the active snapshot: headline and worst finding; click opens the viewer. */
import * as vscode from 'vscode';
import type { AnalysisChangedParams } from '../protocol';
import { SNAPSHOT_LANGUAGES } from './detection';

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('kmemlens.status', vscode.StatusBarAlignment.Left, 50);
  private readonly byUri = new Map<string, AnalysisChangedParams>();
  private readonly toldLarge = new Set<string>();
  private active?: string;

  constructor() {
    this.item.name = 'Kernel Memory Lens';
    this.item.command = 'kmemlens.openViewer';
  }

  update(p: AnalysisChangedParams): void {
    this.byUri.set(p.uri, p);
    if (p.reduced && !this.toldLarge.has(p.uri)) {
      this.toldLarge.add(p.uri);
      vscode.window.setStatusBarMessage('Kernel Memory Lens: large document, inlay hints are off for it (kmemlens.largeDocumentSize).', 8000);
    }
    // A pasted document becomes a snapshot after it was already active: follow it now.
    if (vscode.window.activeTextEditor?.document.uri.toString() === p.uri) this.active = p.uri;
    if (p.uri === this.active) this.render();
  }

  follow(doc: vscode.TextDocument | undefined): void {
    this.active = doc && SNAPSHOT_LANGUAGES.includes(doc.languageId) ? doc.uri.toString() : undefined;
    this.render();
  }

  private render(): void {
    const p = this.active ? this.byUri.get(this.active) : undefined;
    if (!p) { this.item.hide(); return; }
    const icon = p.worst === 'critical' ? '$(error)' : p.worst === 'warning' ? '$(warning)' : '$(pulse)';
    this.item.text = `${icon} ${p.headline}${p.reduced ? ' $(dashboard)' : ''}`;
    this.item.tooltip = `Kernel Memory Lens: ${p.headline}${p.reduced ? '\nLarge document: inlay hints are off.' : ''}\nClick to open the Snapshot Viewer.`;
    this.item.backgroundColor = p.worst === 'critical' ? new vscode.ThemeColor('statusBarItem.errorBackground') : p.worst === 'warning' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }

  dispose(): void { this.item.dispose(); }
}
