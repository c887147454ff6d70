/**
 * Capture from the editor (issue 13): this machine (wherever the extension host runs: local, Remote-SSH,
 * WSL, a dev container, code-server on a node), a host over the user's own ssh, or a Kubernetes node
 * through the user's kubectl; and Record…, a live series. The capturing is src/capture's; this module
 * asks where, shows progress with cancel, and opens what came back.
 */
import * as vscode from 'vscode';
import {
  capture, CaptureError, captureFileName, checkDestination, checkNodeName, describeTarget, listNodes, planSeries, recordSeries, sshHosts,
  type Capture, type CaptureTarget,
} from '../../src/capture';
import type { ReadOnlyDocuments } from './readOnlyDocuments';

export interface CaptureDeps {
  /** Where a recording grows, read-only. */
  recordings: ReadOnlyDocuments;
  /** Opens the viewer on a document (the Trends tab follows a recording live). */
  showViewer(doc: vscode.TextDocument): void;
}

const config = () => vscode.workspace.getConfiguration('kmemlens');
const sshCommand = () => config().get<string>('ssh.command') || undefined;

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Asks for a host: the Host entries of ~/.ssh/config, or one typed. */
async function pickSshTarget(title: string): Promise<CaptureTarget | undefined> {
  const hosts = sshHosts();
  const other = '$(edit) Another host…';
  let dest: string | undefined;
  if (hosts.length) {
    const choice = await vscode.window.showQuickPick([...hosts.map((h) => ({ label: h, description: '~/.ssh/config' })), { label: other }], { title, placeHolder: 'A host from ~/.ssh/config, or another' });
    if (!choice) return undefined;
    dest = choice.label === other ? undefined : choice.label;
  }
  dest ??= await vscode.window.showInputBox({
    title, prompt: `user@host, or a Host of your ssh config; run with ${sshCommand() ?? process.env.KMEMLENS_SSH ?? 'ssh'}`, placeHolder: 'root@node-1.example.com',
    validateInput: (v) => { try { checkDestination(v.trim()); return undefined; } catch (e) { return messageOf(e); } },
  });
  if (!dest) return undefined;
  return { kind: 'ssh', destination: dest.trim(), sshCommand: sshCommand() };
}

/** Asks for a node of the current kubectl context (kubectl get nodes). */
async function pickNodeTarget(title: string): Promise<CaptureTarget | undefined> {
  const nodes = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Kernel Memory Lens: kubectl get nodes', cancellable: true }, (_p, token) => {
    const ac = new AbortController();
    token.onCancellationRequested(() => ac.abort());
    return listNodes({ signal: ac.signal });
  });
  const node = await vscode.window.showQuickPick(nodes, { title, placeHolder: 'The node to capture (a debug pod runs on it, then is deleted)' });
  if (!node) return undefined;
  checkNodeName(node);
  const image = config().get<string>('kubernetes.image') || undefined;
  const namespace = config().get<string>('kubernetes.namespace') || undefined;
  return { kind: 'kubernetes', node, image, namespace };
}

async function pickTarget(title: string): Promise<CaptureTarget | undefined> {
  const choice = await vscode.window.showQuickPick([
    { label: 'This machine', description: 'where VS Code runs its extensions', id: 'local' as const },
    { label: 'A host over SSH…', description: sshCommand() ?? process.env.KMEMLENS_SSH ?? 'ssh', id: 'ssh' as const },
    { label: 'A Kubernetes node…', description: 'kubectl debug node/…', id: 'kubernetes' as const },
  ], { title });
  if (!choice) return undefined;
  if (choice.id === 'local') return { kind: 'local' };
  return choice.id === 'ssh' ? pickSshTarget(title) : pickNodeTarget(title);
}

/** One capture with a cancellable progress notification. */
function captureWithProgress(target: CaptureTarget): Thenable<Capture> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Kernel Memory Lens: capturing ${describeTarget(target)}`, cancellable: true }, (_p, token) => {
    const ac = new AbortController();
    token.onCancellationRequested(() => ac.abort());
    return capture(target, { signal: ac.signal });
  });
}

function hostOf(target: CaptureTarget): string {
  return target.kind === 'ssh' ? target.destination.replace(/^.*@/, '') : target.kind === 'kubernetes' ? target.node : 'localhost';
}

/** A capture opens as a new untitled snapshot: the user's to save or share. */
async function openCapture(c: Capture, target: CaptureTarget, deps: CaptureDeps): Promise<void> {
  const doc = await vscode.workspace.openTextDocument({ content: c.text, language: 'kmem-snapshot' });
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One });
  deps.showViewer(doc);
  const name = captureFileName(target, c.startedAt, hostOf(target));
  const notes = c.warnings.length ? ` Not in it: ${c.warnings.join(' ')}` : '';
  void vscode.window.showInformationMessage(`Kernel Memory Lens: captured ${describeTarget(target)} in ${(c.durationMs / 1000).toFixed(1)} s (save it as ${name} to open it later).${notes}`);
}

async function runCapture(target: CaptureTarget | undefined, deps: CaptureDeps): Promise<void> {
  if (!target) return;
  try {
    await openCapture(await captureWithProgress(target), target, deps);
  } catch (e) {
    if (e instanceof CaptureError && e.code === 'cancelled') return;
    void vscode.window.showErrorMessage(`Kernel Memory Lens: ${messageOf(e)}`);
  }
}

/** A duration prompt (`10s`, `5m`, `1h`). */
function askDuration(title: string, prompt: string, value: string): Thenable<string | undefined> {
  return vscode.window.showInputBox({ title, prompt, value, validateInput: (v) => (/^\s*\d+(?:\.\d+)?(?:s|m|h|d)\s*$/.test(v) ? undefined : 'a duration such as 10s, 5m or 1h') });
}

export function registerCaptureCommands(context: vscode.ExtensionContext, deps: CaptureDeps): void {
  const cmd = (id: string, fn: (...args: any[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, fn));
  cmd('kmemlens.captureThisMachine', () => runCapture({ kind: 'local' }, deps));
  cmd('kmemlens.captureSsh', async (destination?: unknown) => {
    try {
      const target = typeof destination === 'string' ? { kind: 'ssh' as const, destination, sshCommand: sshCommand() } : await pickSshTarget('Capture over SSH');
      await runCapture(target, deps);
    } catch (e) { void vscode.window.showErrorMessage(`Kernel Memory Lens: ${messageOf(e)}`); }
  });
  cmd('kmemlens.captureKubernetesNode', async () => {
    try { await runCapture(await pickNodeTarget('Capture Kubernetes Node'), deps); } catch (e) {
      if (e instanceof CaptureError && e.code === 'cancelled') return;
      void vscode.window.showErrorMessage(`Kernel Memory Lens: ${messageOf(e)}`);
    }
  });
  cmd('kmemlens.record', async (args?: { target?: CaptureTarget; every?: string; for?: string }) => {
    try {
      const title = 'Record a Series';
      const target = args?.target ?? await pickTarget(title);
      if (!target) return;
      const every = args?.every ?? await askDuration(title, 'Capture every…', '10s');
      if (!every) return;
      const length = args?.for ?? await askDuration(title, `…for how long (a capture every ${every})`, '10m');
      if (!length) return;
      const plan = planSeries(every.trim(), length.trim());
      await record(target, plan, deps);
    } catch (e) {
      void vscode.window.showErrorMessage(`Kernel Memory Lens: ${messageOf(e)}`);
    }
  });
}

/**
 * A live series: each capture is appended to one read-only document as it arrives; the language
 * server re-analyses it, so the status bar, the diagnostics and the viewer's Trends tab follow.
 * Stopping (cancel) keeps what was captured; the last message offers to save it.
 */
async function record(target: CaptureTarget, plan: { everyMs: number; count: number }, deps: CaptureDeps): Promise<void> {
  const name = captureFileName(target, new Date(), hostOf(target)).replace(/\.kmem$/, ' (recording).kmem');
  const uri = deps.recordings.uri(name);
  deps.recordings.set(uri, '');
  let doc: vscode.TextDocument | undefined;
  let got = 0;
  let stoppedBy: string | undefined;
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Kernel Memory Lens: recording ${describeTarget(target)}`, cancellable: true }, async (progress, token) => {
    const ac = new AbortController();
    token.onCancellationRequested(() => ac.abort());
    try {
      await recordSeries(target, plan, {
        signal: ac.signal,
        onCapture: async (c, i, count) => {
          deps.recordings.append(uri, c.text);
          got = i + 1;
          if (!doc) {
            doc = await deps.recordings.show(uri, { preview: false, viewColumn: vscode.ViewColumn.One });
            deps.showViewer(doc);
          }
          progress.report({ message: `${got} of ${count} captures (every ${plan.everyMs / 1000} s); cancel to stop and keep them`, increment: 100 / count });
        },
      });
    } catch (e) {
      if (!(e instanceof CaptureError && e.code === 'cancelled')) stoppedBy = messageOf(e);
    }
  });
  if (!got) { void vscode.window.showErrorMessage(`Kernel Memory Lens: nothing recorded: ${stoppedBy ?? 'cancelled before the first capture'}`); return; }
  const save = 'Save…';
  const text = `Kernel Memory Lens: recorded ${got} capture${got === 1 ? '' : 's'} of ${describeTarget(target)}${stoppedBy ? `; stopped: ${stoppedBy}` : ''}.`;
  const answer = await (stoppedBy ? vscode.window.showWarningMessage(text, save) : vscode.window.showInformationMessage(text, save));
  if (answer !== save) return;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const target2 = await vscode.window.showSaveDialog({ defaultUri: folder ? vscode.Uri.joinPath(folder, name.replace(' (recording)', '')) : undefined, filters: { 'Kernel memory snapshot': ['kmem', 'txt'] } });
  if (!target2) return;
  await vscode.workspace.fs.writeFile(target2, new TextEncoder().encode(deps.recordings.get(uri) ?? ''));
  await vscode.window.showTextDocument(target2);
}
