/**
 * A small LSP test client: spawns the bundled language server over stdio and
 * talks to it like VS Code does (configuration pull, registerCapability,
 * inlay hint refresh), recording every notification so tests can poll for
 * what they expect instead of sleeping.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';

export const ROOT = path.resolve(__dirname, '..', '..');

export interface Position { line: number; character: number }
export interface Range { start: Position; end: Position }
export interface Diagnostic {
  range: Range; severity?: number; code?: string | number; codeDescription?: { href: string }; source?: string; message: string;
  relatedInformation?: { location: { uri: string; range: Range }; message: string }[];
}
export interface PublishDiagnosticsParams { uri: string; version?: number; diagnostics: Diagnostic[] }
export interface AnalysisChangedParams { uri: string; version: number; headline: string; worst?: string; reduced?: boolean }
export type TextChange = { range: Range; text: string } | { text: string };

/** The `kmemlens` section of the settings, as VS Code would return it for getConfiguration('kmemlens'). */
export type KmemSettings = Record<string, unknown>;

let built: string | undefined;

/**
 * Builds dist/server.js with the project's build script, then copies it to a
 * private temp dir: other people may rebuild dist/ while the tests run, and a
 * half-written bundle must never be what we spawn.
 */
export function buildServer(): string {
  if (built) return built;
  const dist = path.join(ROOT, 'dist', 'server.js');
  for (let attempt = 0; ; attempt++) {
    execFileSync(process.execPath, ['esbuild.mjs', '--only=server'], { cwd: ROOT, stdio: 'pipe' });
    const text = readFileSync(dist, 'utf8');
    // A complete development bundle ends with its source map comment.
    if (/\/\/# sourceMappingURL=server\.js\.map\s*$/.test(text) || attempt >= 3) break;
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kmemlens-server-'));
  mkdirSync(path.join(dir, 'dist'));
  copyFileSync(dist, path.join(dir, 'dist', 'server.js'));
  process.on('exit', () => { try { rmSync(dir, { recursive: true, force: true }); } catch { /* best effort */ } });
  built = path.join(dir, 'dist', 'server.js');
  return built;
}

/** Resolves when `predicate` returns a truthy value; rejects with `label` after `timeoutMs`. */
export async function waitFor<T>(predicate: () => T | undefined | null | false, label: string, timeoutMs = 5000, intervalMs = 5): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = predicate();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${label}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export interface StartOptions {
  settings?: KmemSettings;
  /** Also send the settings as initializationOptions.settings. */
  initSettings?: boolean;
  /** Capabilities to merge over the VS Code-like defaults. */
  capabilities?: Record<string, unknown>;
}

export class LspTestClient {
  readonly diagnostics: PublishDiagnosticsParams[] = [];
  readonly analysisChanged: AnalysisChangedParams[] = [];
  readonly registrations: { id: string; method: string; registerOptions?: unknown }[] = [];
  readonly configurationRequests: unknown[] = [];
  inlayRefreshes = 0;
  codeLensRefreshes = 0;
  stderr = '';
  logs: string[] = [];
  exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  settings: KmemSettings;
  private versions = new Map<string, number>();

  private constructor(readonly child: ChildProcess, readonly conn: MessageConnection, settings: KmemSettings) {
    this.settings = settings;
  }

  static async start(opts: StartOptions = {}): Promise<LspTestClient> {
    const server = buildServer();
    const child = spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const conn = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const c = new LspTestClient(child, conn, opts.settings ?? {});
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (s: string) => { c.stderr += s; });
    child.on('exit', (code, signal) => { c.exited = { code, signal }; });
    conn.onError(() => { /* surfaced through exited / timeouts */ });

    conn.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => {
      c.configurationRequests.push(p);
      return p.items.map((it) => c.sectionValue(it.section));
    });
    conn.onRequest('client/registerCapability', (p: { registrations: { id: string; method: string; registerOptions?: unknown }[] }) => {
      c.registrations.push(...p.registrations);
      return null;
    });
    conn.onRequest('client/unregisterCapability', () => null);
    conn.onRequest('workspace/inlayHint/refresh', () => { c.inlayRefreshes++; return null; });
    conn.onRequest('workspace/codeLens/refresh', () => { c.codeLensRefreshes++; return null; });
    conn.onRequest('window/workDoneProgress/create', () => null);
    conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => { c.diagnostics.push(p); });
    conn.onNotification('kmemlens/analysisChanged', (p: AnalysisChangedParams) => { c.analysisChanged.push(p); });
    conn.onNotification('window/logMessage', (p: { message: string }) => { c.logs.push(p.message); });
    conn.listen();

    await conn.sendRequest('initialize', {
      processId: process.pid,
      clientInfo: { name: 'kmemlens-test-client', version: '0.0.0' },
      rootUri: null,
      workspaceFolders: null,
      initializationOptions: opts.initSettings ? { settings: opts.settings } : undefined,
      capabilities: {
        workspace: {
          configuration: true,
          didChangeConfiguration: { dynamicRegistration: true },
          inlayHint: { refreshSupport: true },
          codeLens: { refreshSupport: true },
          workspaceFolders: true,
        },
        textDocument: {
          synchronization: { dynamicRegistration: true, didSave: true },
          hover: { dynamicRegistration: true, contentFormat: ['markdown', 'plaintext'] },
          publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true, tagSupport: { valueSet: [1, 2] } },
          inlayHint: { dynamicRegistration: true, resolveSupport: { properties: ['tooltip', 'label.tooltip'] } },
          documentSymbol: { hierarchicalDocumentSymbolSupport: true },
          foldingRange: { lineFoldingOnly: true },
          codeLens: {},
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['', 'quickfix', 'refactor', 'source'] } }, isPreferredSupport: true },
        },
        window: { workDoneProgress: true },
        ...opts.capabilities,
      },
    });
    conn.sendNotification('initialized', {});
    return c;
  }

  private sectionValue(section: string | undefined): unknown {
    if (section === 'kmemlens') return this.settings;
    if (section?.startsWith('kmemlens.')) {
      let v: unknown = this.settings;
      for (const k of section.slice('kmemlens.'.length).split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
      return v ?? null;
    }
    if (!section) return { kmemlens: this.settings };
    return null;
  }

  get alive(): boolean { return this.exited === undefined && this.child.exitCode === null; }

  request<R = unknown>(method: string, params: unknown): Promise<R> { return this.conn.sendRequest(method, params) as Promise<R>; }
  notify(method: string, params: unknown): Promise<void> { return this.conn.sendNotification(method, params); }

  open(uri: string, text: string, languageId = 'kmem-snapshot'): Promise<void> {
    this.versions.set(uri, 1);
    return this.notify('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  }

  /** Sends one didChange and returns the new version. */
  async change(uri: string, changes: TextChange[]): Promise<number> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    await this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
    return version;
  }

  close(uri: string): Promise<void> {
    this.versions.delete(uri);
    return this.notify('textDocument/didClose', { textDocument: { uri } });
  }

  version(uri: string): number { return this.versions.get(uri) ?? 0; }

  /** Replaces the settings and tells the server, like VS Code after a settings edit (the server then pulls). */
  setSettings(s: KmemSettings): Promise<void> {
    this.settings = s;
    return this.notify('workspace/didChangeConfiguration', { settings: { kmemlens: s } });
  }

  publishesFor(uri: string): PublishDiagnosticsParams[] { return this.diagnostics.filter((d) => d.uri === uri); }
  lastPublish(uri: string): PublishDiagnosticsParams | undefined { return this.publishesFor(uri).at(-1); }

  /** Waits for a publishDiagnostics for `uri` after `after` earlier ones that satisfies `ok`. */
  waitForPublish(uri: string, ok: (p: PublishDiagnosticsParams) => boolean = () => true, label = `diagnostics for ${uri}`, timeoutMs = 5000, after = 0): Promise<PublishDiagnosticsParams> {
    return waitFor(() => this.diagnostics.slice(after).filter((d) => d.uri === uri && ok(d)).at(-1), label, timeoutMs);
  }

  async stop(): Promise<void> {
    if (!this.alive) { this.conn.dispose(); return; }
    const exited = new Promise<void>((r) => this.child.once('exit', () => r()));
    try {
      await Promise.race([this.request('shutdown', null), new Promise((r) => setTimeout(r, 1000))]);
      await this.notify('exit', null);
    } catch { /* the process may already be gone */ }
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 1500);
    await exited;
    clearTimeout(timer);
    this.conn.dispose();
  }
}

export function fixture(name: string): string {
  return readFileSync(path.join(ROOT, 'fixtures', name), 'utf8');
}

/** Index of the first line matching `re` (throws if none: tests must not pass on a vanished line). */
export function lineOf(text: string, re: RegExp | string, from = 0): number {
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = from; i < lines.length; i++) if (typeof re === 'string' ? lines[i].startsWith(re) : re.test(lines[i])) return i;
  throw new Error(`no line matching ${re}`);
}
