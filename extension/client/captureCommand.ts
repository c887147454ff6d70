/**
 * The capture command users copy to a node: the script `kmemlens capture` runs (src/capture/script.ts),
 * so a pasted capture and a recorded one read the same.
 */
import { captureScript as buildScript } from '../../src/capture/script';
import { DEFAULT_IMAGE } from '../../src/capture/kubernetes';

/** The shell script, POSIX sh with no single quote (it is wrapped in sh -c '…'); `root` prefixes every file read. */
export function captureScript(root = ''): string {
  return buildScript({ root });
}

export function captureCommand(kind: 'kubectl' | 'shell', node = ''): string {
  if (kind === 'shell') return `sudo sh -c '${captureScript()}'`;
  const safe = node.replace(/[^A-Za-z0-9.\-_]/g, '');
  return `kubectl debug node/${safe} -it --profile=sysadmin --image=${DEFAULT_IMAGE} -- chroot /host sh -c '${captureScript()}'`;
}
