/**
 * kmemlens capture [-o FILE] [--every DURATION --for DURATION] [--timeout DURATION]
 *                  [--ssh DEST] [--node NODE [--image IMAGE] [--namespace NS]]
 * One capture of this machine, a host over SSH or a Kubernetes node (kubectl debug), written as a
 * snapshot to FILE or stdout; with --every/--for a series, each capture appended as it arrives.
 * Exit: 0 written, 2 usage or capture error (the message names what failed), 130 interrupted.
 */
import { parseArgs } from 'node:util';
import { appendFileSync, writeFileSync } from 'node:fs';
import { capture, CaptureError, describeTarget, recordSeries, type Capture, type CaptureTarget } from '../capture';
import { parseDuration, planSeries, seconds } from '../capture/series';
import type { CliIO } from './main';

export const CAPTURE_USAGE = `  kmemlens capture [-o FILE] [--every DURATION --for DURATION] [--timeout DURATION]
                   [--ssh DEST] [--node NODE [--image IMAGE] [--namespace NS]]
                             a snapshot of this machine, of a host over ssh (the command is
                             $KMEMLENS_SSH, default ssh) or of a Kubernetes node (kubectl debug);
                             --every 10s --for 5m records a series; durations: 10s, 5m, 1h
`;

export async function runCapture(args: string[], io: CliIO, signal?: AbortSignal): Promise<number> {
  const usage = (m: string) => { io.stderr(`kmemlens: ${m}\n\nUsage:\n${CAPTURE_USAGE}`); return 2; };
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args, strict: true,
      options: {
        output: { type: 'string', short: 'o' }, every: { type: 'string' }, for: { type: 'string' }, timeout: { type: 'string' },
        ssh: { type: 'string' }, node: { type: 'string' }, image: { type: 'string' }, namespace: { type: 'string', short: 'n' },
      },
    }));
  } catch (e) { return usage((e as Error).message); }
  const str = (k: string) => (typeof values[k] === 'string' ? values[k] as string : undefined);
  const [out, every, forText, ssh, node, image, namespace] = ['output', 'every', 'for', 'ssh', 'node', 'image', 'namespace'].map(str);
  if ((every === undefined) !== (forText === undefined)) return usage('--every and --for go together: --every 10s --for 5m records a capture every 10 seconds for 5 minutes');
  if (ssh !== undefined && node !== undefined) return usage('choose one of --ssh DEST and --node NODE');
  if ((image !== undefined || namespace !== undefined) && node === undefined) return usage('--image and --namespace are options of --node NODE (kubectl debug)');
  let timeoutMs: number | undefined;
  if (str('timeout') !== undefined) {
    timeoutMs = parseDuration(str('timeout')!);
    if (!timeoutMs || timeoutMs < 1000) return usage(`--timeout expects a duration of a second or more, such as 30s or 2m, got "${str('timeout')}"`);
  }
  const target: CaptureTarget = ssh !== undefined ? { kind: 'ssh', destination: ssh }
    : node !== undefined ? { kind: 'kubernetes', node, image, namespace } : { kind: 'local' };
  const where = describeTarget(target);
  const options = { timeoutMs, signal, env: io.env };

  let written = 0;
  const warned = new Set<string>();
  const emit = (c: Capture) => {
    if (out !== undefined) (written === 0 ? writeFileSync : appendFileSync)(out, c.text);
    else io.stdout(c.text);
    written++;
    for (const w of c.warnings) if (!warned.has(w)) { warned.add(w); io.stderr(`kmemlens: warning: ${w}\n`); }
  };
  try {
    if (every === undefined) {
      const c = await capture(target, options);
      emit(c);
      if (out !== undefined) io.stderr(`kmemlens: captured ${where} in ${seconds(c.durationMs)}: ${out}\n`);
      return 0;
    }
    const plan = planSeries(every, forText!);
    io.stderr(`kmemlens: recording ${plan.count} captures of ${where}, one every ${every}${out !== undefined ? `, to ${out}` : ''}\n`);
    await recordSeries(target, plan, {
      ...options,
      onCapture: (c, i, n) => { emit(c); io.stderr(`kmemlens: capture ${i + 1} of ${n} (${seconds(c.durationMs)})\n`); },
    });
    return 0;
  } catch (e) {
    if (e instanceof CaptureError) {
      io.stderr(`kmemlens: ${e.message}\n`);
      if (written && e.code !== 'interval-too-short') io.stderr(`kmemlens: ${written} capture${written === 1 ? '' : 's'} ${written === 1 ? 'was' : 'were'} written${out !== undefined ? ` to ${out}` : ''} before that.\n`);
      return e.code === 'cancelled' ? 130 : 2;
    }
    if ((e as NodeJS.ErrnoException).code && out !== undefined && (e as NodeJS.ErrnoException).syscall === 'open') {
      io.stderr(`kmemlens: cannot write ${out}: ${(e as Error).message}\n`);
      return 2;
    }
    throw e;
  }
}
