/**
 * The fleet view's commands: a folder of node snapshots, or every node_exporter instance of a
 * Prometheus server. Both run the bundled CLI (`kmemlens fleet --json`) as a child process, so the
 * analysis uses worker threads on every core and the extension host stays responsive; cancel kills it.
 */
import { fork } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FleetRow, FleetView } from '../../webview/protocol';

export class FleetCliError extends Error {}

/** Runs `dist/cli.js fleet --json ARGS…`; `progress` gets each "fetched k of n nodes" line. */
export function runFleetCli(cli: string, args: string[], token: vscode.CancellationToken, progress?: (done: number, total: number) => void): Promise<FleetRow[] | undefined> {
  return new Promise((resolve, reject) => {
    const child = fork(cli, ['fleet', '--json', ...args], { silent: true, env: process.env });
    let out = ''; let err = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => { out += d; });
    child.stderr!.setEncoding('utf8').on('data', (d: string) => {
      err += d;
      for (const m of d.matchAll(/fetched (\d+) of (\d+) nodes/g)) progress?.(Number(m[1]), Number(m[2]));
    });
    const cancel = token.onCancellationRequested(() => child.kill());
    child.on('error', (e) => { cancel.dispose(); reject(e); });
    child.on('exit', (code) => {
      cancel.dispose();
      if (token.isCancellationRequested) return resolve(undefined);
      if (code !== 0) return reject(new FleetCliError(err.split('\n').find((l) => l.startsWith('kmemlens: ') && !/fetched \d+ of/.test(l))?.slice(10) ?? `kmemlens fleet exited with ${code}`));
      try { resolve(JSON.parse(out) as FleetRow[]); } catch { reject(new FleetCliError('kmemlens fleet printed no table')); }
    });
  });
}

export interface FleetDeps {
  cli: string;
  showFleet(view: FleetView): void;
}

export function registerFleetCommands(context: vscode.ExtensionContext, deps: FleetDeps): void {
  const cmd = (id: string, fn: (...args: any[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, fn));
  const run = async (title: string, args: string[], source: string, viewTitle: string, origin: FleetView['origin']) => {
    try {
      const rows = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Kernel Memory Lens: ${title}`, cancellable: true }, (p, token) => {
        let last = 0;
        return runFleetCli(deps.cli, args, token, (d, t) => { p.report({ message: `${d} of ${t} nodes`, increment: ((d - last) / t) * 100 }); last = d; });
      });
      if (rows) deps.showFleet({ title: viewTitle, source, rows, origin });
    } catch (e) {
      void vscode.window.showErrorMessage(`Kernel Memory Lens: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  cmd('kmemlens.openFleet', async (uri?: unknown) => {
    let folder = uri instanceof vscode.Uri ? uri : undefined;
    if (!folder) {
      const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: false, title: 'Open Fleet: a folder of node snapshots', openLabel: 'Open Fleet' });
      folder = picked?.[0];
    }
    if (!folder) return;
    if (folder.scheme !== 'file') { void vscode.window.showWarningMessage('Kernel Memory Lens: the fleet view reads a folder on this machine\'s disk.'); return; }
    const name = vscode.workspace.asRelativePath(folder) || path.basename(folder.fsPath);
    await run(`analysing the snapshots in ${name}`, [folder.fsPath], name, `Fleet: ${path.basename(folder.fsPath)}`, 'folder');
  });
  cmd('kmemlens.openFleetFromPrometheus', async () => {
    const c = vscode.workspace.getConfiguration('kmemlens');
    const url = c.get<string>('prometheus.url') || await vscode.window.showInputBox({ title: 'Open Fleet from Prometheus', prompt: 'Prometheus server URL (saved in kmemlens.prometheus.url to skip this)', placeHolder: 'http://prometheus.monitoring:9090', validateInput: (v) => (/^https?:\/\//.test(v) ? undefined : 'an http(s):// URL') });
    if (!url) return;
    const ranges = [{ label: 'Last hour', since: '1h', step: '1m' }, { label: 'Last 24 hours', since: '24h', step: '5m' }, { label: 'Last 7 days', since: '7d', step: '30m' }];
    const range = await vscode.window.showQuickPick(ranges, { title: `Every node of ${url}: which range?` });
    if (!range) return;
    // Each node's history stays on disk for this window, so a row opens its node without fetching again.
    const dir = mkdtempSync(path.join(tmpdir(), 'kmemlens-fleet-'));
    await run(`every node of ${url}`, ['--prometheus', url, '--since', range.since, '--step', range.step, '--save', dir, '--token-env', c.get<string>('prometheus.tokenEnv') || 'KMEMLENS_PROMETHEUS_TOKEN'], `${url}, ${range.label.toLowerCase()}`, `Fleet: ${new URL(url).host}`, 'prometheus');
  });
}
