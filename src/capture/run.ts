/**
 * Capture, the half that runs processes: the script through /bin/sh here, the user's ssh, or the
 * user's kubectl. Every child gets argv (no local shell), its own process group (killed whole on
 * timeout or cancel) and a timeout; nothing here reads or stores credentials: ssh and kubectl use
 * the user's own configuration.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { CaptureError, captureWarnings, classifyKubectl, classifySsh, imagePullFailure, lastLine, notOnPath } from './errors';
import { debugArgv, debugPodName, deleteArgv, DEFAULT_IMAGE, parseNodeNames, stripDebugNoise } from './kubernetes';
import { captureScript } from './script';
import { dropSeenOomReports, intervalRefusal, seconds, type SeriesPlan } from './series';
import { resolveSshCommand, sshArgv, sshConfigHosts } from './ssh';
import { checkTarget, describeTarget, type CaptureTarget } from './target';

export type { CaptureTarget };

export interface CaptureOptions {
  /** One capture, start to end (default 30 s; 60 s for Kubernetes, where the node may pull the image). */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** The environment of ssh and kubectl (KMEMLENS_SSH, KUBECONFIG, PATH); default process.env. */
  env?: Record<string, string | undefined>;
  /** The kubectl program (default `kubectl` on PATH). */
  kubectl?: string;
  /** Include the kernel log's OOM reports (default true). */
  kernelLog?: boolean;
}

export interface Capture {
  /** The bundle: a date line, then `==> PATH <==` sections; ends with a newline. */
  text: string;
  startedAt: Date;
  durationMs: number;
  /** What the capture lacks and why (slabinfo or the kernel log not readable). */
  warnings: string[];
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const KUBERNETES_TIMEOUT_MS = 60_000;
/** kubectl config current-context, get nodes, delete pod. */
const KUBECTL_STEP_MS = 15_000;
const MAX_OUTPUT = 64 * 1024 * 1024;

interface Run {
  stdout: string;
  stderr: string;
  code: number | null;
  /** How it ended, when not by itself. */
  ended?: 'timeout' | 'cancelled' | 'stopped' | 'too-much-output';
  /** spawn's error (ENOENT: not on PATH). */
  spawnError?: NodeJS.ErrnoException;
}

interface RunOptions {
  input?: string;
  timeoutMs: number;
  signal?: AbortSignal;
  env?: Record<string, string | undefined>;
  /** Called with all stderr so far; returning true stops the process (its group is killed). */
  watchStderr?: (stderr: string) => boolean;
}

/** Runs one program with argv; never rejects: the caller reads how it ended. */
function run(file: string, args: string[], o: RunOptions): Promise<Run> {
  return new Promise((resolve) => {
    const r: Run = { stdout: '', stderr: '', code: null };
    if (o.signal?.aborted) { r.ended = 'cancelled'; resolve(r); return; }
    let settled = false;
    // detached: the child leads a new process group, so a kill reaches what it started (ssh's ProxyCommand, sh's cat).
    const child = spawn(file, args, { detached: true, stdio: ['pipe', 'pipe', 'pipe'], env: (o.env ?? process.env) as NodeJS.ProcessEnv, windowsHide: true });
    const stop = (why: NonNullable<Run['ended']>) => {
      if (r.ended) return;
      r.ended = why;
      try { if (child.pid) process.kill(-child.pid, 'SIGKILL'); } catch { try { child.kill('SIGKILL'); } catch { /* gone */ } }
      // The streams of a killed group close soon after; do not wait on a grandchild that holds them.
      setTimeout(done, 2000).unref();
    };
    const done = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', onAbort);
      resolve(r);
    };
    const timer = setTimeout(() => stop('timeout'), o.timeoutMs);
    const onAbort = () => stop('cancelled');
    o.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (e: NodeJS.ErrnoException) => { r.spawnError = e; done(); });
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (d: string) => {
      if (r.stdout.length + d.length > MAX_OUTPUT) { stop('too-much-output'); return; }
      r.stdout += d;
    });
    child.stderr.on('data', (d: string) => {
      if (r.stderr.length < 1024 * 1024) r.stderr += d;
      if (o.watchStderr?.(r.stderr)) stop('stopped');
    });
    child.on('close', (code) => { r.code = code; done(); });
    child.stdin.on('error', () => { /* EPIPE: the child ended before reading all of it */ });
    child.stdin.end(o.input ?? '');
  });
}

const timeoutHint: Record<CaptureTarget['kind'], string> = {
  local: 'a file read hung; try again, or raise the timeout',
  ssh: 'the host answered but the script did not finish; check its load, or raise the timeout',
  kubernetes: 'the debug pod did not start or finish; kubectl get pods shows why (Pending: no room or a taint; ContainerCreating: a slow image pull), or raise the timeout',
};

function ended(r: Run, where: string, kind: CaptureTarget['kind'], timeoutMs: number): CaptureError | undefined {
  if (r.ended === 'cancelled') return new CaptureError('cancelled', `the capture of ${where} was cancelled.`);
  if (r.ended === 'timeout') return new CaptureError('timeout', `the capture of ${where} did not finish within ${seconds(timeoutMs)}: ${timeoutHint[kind]}.`);
  if (r.ended === 'too-much-output') return new CaptureError('failed', `the capture of ${where} printed more than ${MAX_OUTPUT >> 20} MiB: not the capture script's output.`);
  return undefined;
}

/** A capture holds a date and /proc/meminfo; anything else is not what the script prints. */
function checkOutput(text: string, where: string, stderr = ''): void {
  if (/^==> \/proc\/meminfo <==$/m.test(text)) return;
  const first = text.split('\n').find((l) => l.trim()) ?? '';
  const said = lastLine(stderr);
  throw new CaptureError('not-a-capture', `${where} printed no /proc/meminfo${first ? ` (its output begins "${first.slice(0, 80)}")` : ' (no output)'}${said ? `; stderr: ${said}` : ''}: the capture needs a Linux machine with /proc mounted.`);
}

/** kubectl's current context; throws a clear error when there is none or kubectl is missing. */
export async function kubectlContext(o: CaptureOptions = {}): Promise<string> {
  const kubectl = o.kubectl ?? 'kubectl';
  const r = await run(kubectl, ['config', 'current-context'], { timeoutMs: KUBECTL_STEP_MS, signal: o.signal, env: o.env });
  if (r.spawnError) throw r.spawnError.code === 'ENOENT' || r.spawnError.code === 'EACCES' ? notOnPath(kubectl, 'kubectl') : r.spawnError;
  const e = ended(r, 'kubectl config current-context', 'kubernetes', KUBECTL_STEP_MS);
  if (e) throw e;
  if (r.code !== 0) throw classifyKubectl(r.stderr, r.code);
  return r.stdout.trim();
}

/** The nodes of the current context (`kubectl get nodes -o name`), for a picker. */
export async function listNodes(o: CaptureOptions = {}): Promise<string[]> {
  await kubectlContext(o);
  const r = await run(o.kubectl ?? 'kubectl', ['get', 'nodes', '-o', 'name'], { timeoutMs: o.timeoutMs ?? KUBECTL_STEP_MS, signal: o.signal, env: o.env });
  if (r.spawnError) throw notOnPath(o.kubectl ?? 'kubectl', 'kubectl');
  const e = ended(r, 'kubectl get nodes', 'kubernetes', o.timeoutMs ?? KUBECTL_STEP_MS);
  if (e) throw e;
  if (r.code !== 0) throw classifyKubectl(r.stderr, r.code);
  return parseNodeNames(r.stdout);
}

async function captureKubernetes(t: Extract<CaptureTarget, { kind: 'kubernetes' }>, o: CaptureOptions, script: string, timeoutMs: number): Promise<{ text: string; stderr: string; warnings: string[] }> {
  const kubectl = o.kubectl ?? 'kubectl';
  const ctx = { node: t.node, image: t.image ?? DEFAULT_IMAGE, namespace: t.namespace };
  await kubectlContext(o);
  let pull: string | undefined;
  const r = await run(kubectl, debugArgv(t), {
    input: script, timeoutMs, signal: o.signal, env: o.env,
    // kubectl waits for the container forever and prints the kubelet's waiting message: stop at a pull failure.
    watchStderr: (s) => !!(pull = imagePullFailure(s)),
  });
  const warnings: string[] = [];
  const pod = debugPodName(r.stdout);
  if (pod) {
    // Also after a cancel or a timeout: the pod must not outlive the capture.
    const d = await run(kubectl, deleteArgv(pod, t.namespace), { timeoutMs: KUBECTL_STEP_MS, env: o.env });
    if (d.code !== 0 || d.ended) warnings.push(`the debug pod ${pod} could not be deleted (${d.ended ?? d.stderr.trim().split('\n').pop()}): delete it with kubectl delete pod ${pod}${t.namespace ? ` -n ${t.namespace}` : ''}.`);
  }
  if (r.spawnError) throw r.spawnError.code === 'ENOENT' || r.spawnError.code === 'EACCES' ? notOnPath(kubectl, 'kubectl') : r.spawnError;
  if (pull) throw classifyKubectl(pull, r.code, ctx);
  const e = ended(r, describeTarget(t), 'kubernetes', timeoutMs);
  if (e) throw e;
  if (r.code !== 0) throw classifyKubectl(r.stderr, r.code, ctx);
  return { text: stripDebugNoise(r.stdout), stderr: r.stderr, warnings };
}

/** One capture of the target. Throws CaptureError with a message naming what failed and what to try. */
export async function capture(target: CaptureTarget, o: CaptureOptions = {}): Promise<Capture> {
  checkTarget(target);
  const script = captureScript({ kernelLog: o.kernelLog });
  const timeoutMs = o.timeoutMs ?? (target.kind === 'kubernetes' ? KUBERNETES_TIMEOUT_MS : DEFAULT_TIMEOUT_MS);
  const where = describeTarget(target);
  const startedAt = new Date();
  const t0 = performance.now();
  let text: string;
  let stderr = '';
  const warnings: string[] = [];
  if (target.kind === 'local') {
    const r = await run('/bin/sh', ['-c', script], { timeoutMs, signal: o.signal, env: o.env });
    if (r.spawnError) throw notOnPath('/bin/sh', 'sh');
    const e = ended(r, where, 'local', timeoutMs);
    if (e) throw e;
    if (r.code !== 0) throw new CaptureError('failed', `the capture script failed on this machine (exit ${r.code}): ${r.stderr.trim().split('\n').pop() ?? ''}`);
    text = r.stdout;
  } else if (target.kind === 'ssh') {
    const words = resolveSshCommand(target.sshCommand, o.env ?? process.env);
    const { file, args } = sshArgv(words, target.destination, { connectTimeout: Math.max(1, Math.floor(timeoutMs / 1500)) });
    const r = await run(file, args, { input: script, timeoutMs, signal: o.signal, env: o.env });
    if (r.spawnError) throw r.spawnError.code === 'ENOENT' || r.spawnError.code === 'EACCES' ? notOnPath(file, 'ssh', target.sshCommand ? 'the ssh command setting' : 'KMEMLENS_SSH') : r.spawnError;
    const e = ended(r, where, 'ssh', timeoutMs);
    if (e) throw e;
    if (r.code !== 0) throw classifySsh(r.stderr, r.code, target.destination);
    text = r.stdout;
  } else {
    const k = await captureKubernetes(target, o, script, timeoutMs);
    text = k.text;
    stderr = k.stderr;
    warnings.push(...k.warnings);
  }
  checkOutput(text, where, stderr);
  if (!text.endsWith('\n')) text += '\n';
  return { text, startedAt, durationMs: performance.now() - t0, warnings: [...captureWarnings(text), ...warnings] };
}

export interface SeriesOptions extends CaptureOptions {
  /** Each capture as it arrives (write it out here); awaited before the next one starts. */
  onCapture: (c: Capture, index: number, count: number) => void | Promise<void>;
}

function sleepUntil(at: number, signal?: AbortSignal): Promise<void> {
  const ms = at - Date.now();
  if (signal?.aborted) return Promise.reject(new CaptureError('cancelled', 'the series was cancelled.'));
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => { signal?.removeEventListener('abort', a); resolve(); }, ms);
    const a = () => { clearTimeout(t); reject(new CaptureError('cancelled', 'the series was cancelled.')); };
    signal?.addEventListener('abort', a, { once: true });
  });
}

/**
 * A series: `plan.count` captures `plan.everyMs` apart, each handed to onCapture as it arrives, each
 * OOM report kept once. When the first capture takes longer than the interval, the series stops
 * after it (CaptureError 'interval-too-short'); an error later stops it too. Resolves with the count.
 */
export async function recordSeries(target: CaptureTarget, plan: Pick<SeriesPlan, 'everyMs' | 'count'>, o: SeriesOptions): Promise<number> {
  checkTarget(target);
  const seen = new Set<string>();
  const start = Date.now();
  for (let i = 0; i < plan.count; i++) {
    await sleepUntil(start + i * plan.everyMs, o.signal);
    const c = await capture(target, o);
    c.text = dropSeenOomReports(c.text, seen);
    await o.onCapture(c, i, plan.count);
    if (i === 0 && plan.count > 1) {
      const refused = intervalRefusal(c.durationMs, plan.everyMs, describeTarget(target));
      if (refused) throw refused;
    }
  }
  return plan.count;
}

/** Files an Include pattern names: `~` and relative paths as ssh reads them, `*`/`?` in the last part. */
function includeReader(base: string): (pattern: string) => string[] {
  return (pattern) => {
    const p = pattern.startsWith('~/') ? join(homedir(), pattern.slice(2)) : isAbsolute(pattern) ? pattern : join(base, pattern);
    const dir = dirname(p);
    const name = basename(p);
    let files = [p];
    if (/[*?]/.test(name)) {
      const re = new RegExp(`^${name.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
      try { files = readdirSync(dir).filter((f) => re.test(f)).sort().map((f) => join(dir, f)); } catch { return []; }
    }
    const out: string[] = [];
    for (const f of files) { try { out.push(readFileSync(f, 'utf8')); } catch { /* best effort */ } }
    return out;
  };
}

/**
 * The Host names of the user's ~/.ssh/config and its Includes, for a picker; [] when there is none.
 * Relative Include paths are under ~/.ssh for a user's file (ssh_config(5), Include).
 */
export function sshHosts(file = join(homedir(), '.ssh', 'config'), includeBase = join(homedir(), '.ssh')): string[] {
  let text: string;
  try { text = readFileSync(file, 'utf8'); } catch { return []; }
  return sshConfigHosts(text, includeReader(includeBase));
}
