/** Where a capture comes from, checked before anything runs, and how it is named for people and files. */
import { checkDestination } from './ssh';
import { checkImage, checkNamespace, checkNodeName, DEFAULT_IMAGE } from './kubernetes';

export type CaptureTarget =
  | { kind: 'local' }
  /** `sshCommand`: a command line such as `ssh -F ~/.ssh/work -p 2222` (default $KMEMLENS_SSH, then `ssh`). */
  | { kind: 'ssh'; destination: string; sshCommand?: string }
  | { kind: 'kubernetes'; node: string; image?: string; namespace?: string };

export function describeTarget(t: CaptureTarget): string {
  return t.kind === 'local' ? 'this machine' : t.kind === 'ssh' ? `${t.destination} (SSH)` : `node ${t.node} (kubectl debug)`;
}

/** Checks a target's names before anything runs; throws CaptureError('invalid-argument'). */
export function checkTarget(t: CaptureTarget): void {
  if (t.kind === 'ssh') { checkDestination(t.destination); return; }
  if (t.kind === 'kubernetes') {
    checkNodeName(t.node);
    checkImage(t.image ?? DEFAULT_IMAGE);
    if (t.namespace) checkNamespace(t.namespace);
  }
}

/**
 * A file name for a capture: `kmem-node-1-20261124-091402.kmem` (`.kmem` opens as a snapshot in the
 * editor: package.json's kmem-snapshot language), `host` standing in for this machine.
 */
export function captureFileName(t: CaptureTarget, at: Date, host = 'localhost'): string {
  const who = t.kind === 'local' ? host : t.kind === 'ssh' ? t.destination.replace(/^ssh:\/\//, '').replace(/^[^@]*@/, '').replace(/:\d+$/, '') : t.node;
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `${at.getFullYear()}${p(at.getMonth() + 1)}${p(at.getDate())}-${p(at.getHours())}${p(at.getMinutes())}${p(at.getSeconds())}`;
  return `kmem-${who.replace(/[^A-Za-z0-9._-]+/g, '_')}-${stamp}.kmem`;
}
