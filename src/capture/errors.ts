/**
 * What went wrong in a capture, as one message naming what failed and what to try, read from the
 * tools' own stderr. Pure: the texts matched are those ssh (OpenSSH ssh.c, sshconnect.c), kubectl
 * (client-go, apimachinery's StatusError) and the kubelet print.
 */

export type CaptureErrorCode =
  | 'not-on-path' | 'invalid-argument' | 'no-context' | 'forbidden' | 'unauthorized' | 'image-pull'
  | 'not-found' | 'unreachable' | 'auth' | 'host-key' | 'timeout' | 'cancelled' | 'interval-too-short'
  | 'not-a-capture' | 'failed';

export class CaptureError extends Error {
  constructor(readonly code: CaptureErrorCode, message: string) {
    super(message);
    this.name = 'CaptureError';
  }
}

/** The last meaningful stderr line (klog's `E1202 …` lines repeat the real one). */
export function lastLine(stderr: string): string {
  const lines = stderr.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !/^[EWI]\d{4} \d\d:\d\d:\d\d/.test(l) && !/^Warning: /.test(l));
  return lines[lines.length - 1] ?? stderr.trim().split(/\r?\n/).pop() ?? '';
}

export function notOnPath(command: string, what: 'ssh' | 'kubectl' | 'sh', setting?: string): CaptureError {
  const hint = what === 'ssh' ? `install OpenSSH's client, or point ${setting ?? 'KMEMLENS_SSH'} at it`
    : what === 'kubectl' ? 'install kubectl (https://kubernetes.io/docs/tasks/tools/) or add it to PATH'
      : 'this machine has no /bin/sh';
  return new CaptureError('not-on-path', `${command} is not on PATH (or not executable): ${hint}.`);
}

/** ssh failed before or while running the script: exit 255 is ssh's own error (ssh(1), EXIT STATUS). */
export function classifySsh(stderr: string, exitCode: number | null, dest: string): CaptureError {
  const s = stderr;
  const m = (re: RegExp) => re.exec(s);
  let r: RegExpExecArray | null;
  // Any other status is the remote side's: its shell ran, and `sh -s` could not (exit 127: no sh).
  if (exitCode !== 255 && exitCode !== null) return new CaptureError('failed', `the capture script failed on ${dest} (exit ${exitCode}): ${lastLine(s) || 'no message'}. The remote side needs a POSIX sh.`);
  if ((r = m(/Could not resolve hostname ([^:\s]+)/i))) return new CaptureError('unreachable', `cannot reach ${dest} over SSH: the host name ${r[1]} does not resolve. Check the spelling, or give it a HostName in ~/.ssh/config.`);
  if ((r = m(/connect to host (\S+) port (\d+): Connection refused/i))) return new CaptureError('unreachable', `cannot reach ${dest} over SSH: ${r[1]} refused the connection on port ${r[2]}. Is sshd running there, and is the port right (Port in ~/.ssh/config, or -p in KMEMLENS_SSH)?`);
  if (/timed out/i.test(s)) return new CaptureError('unreachable', `cannot reach ${dest} over SSH: the connection timed out. Check the network, VPN or firewall (or a ProxyJump in ~/.ssh/config).`);
  if ((r = m(/No route to host|Network is unreachable/i))) return new CaptureError('unreachable', `cannot reach ${dest} over SSH: ${r[0]}. Check the network or VPN.`);
  if (/Host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED/i.test(s)) return new CaptureError('host-key', `SSH to ${dest} stopped at the host key: it is unknown or has changed. Connect once in a terminal (ssh ${dest}) to check and accept it; kmemlens never answers that question for you.`);
  if ((r = m(/Permission denied \(([^)]*)\)/i))) return new CaptureError('auth', `SSH to ${dest} refused the login (${r[1]}). kmemlens runs ssh without prompts (BatchMode): load your key into ssh-agent or set IdentityFile for this host in ~/.ssh/config.`);
  if ((r = m(/Connection (?:closed|reset) by [^\r\n]*/i))) return new CaptureError('unreachable', `SSH to ${dest} failed: ${r[0].trim()}. The server dropped the connection (MaxStartups, a firewall, or an account that may not log in).`);
  return new CaptureError('failed', `ssh to ${dest} failed: ${lastLine(s) || `exit ${exitCode ?? 'by a signal'}`}. Try ssh ${dest} true in a terminal to see why.`);
}

export interface KubectlContext { node?: string; image?: string; namespace?: string }

/** kubectl failed: the API server, the kubeconfig, RBAC, the node or the image. */
export function classifyKubectl(stderr: string, exitCode: number | null, ctx: KubectlContext = {}): CaptureError {
  const s = stderr;
  const node = ctx.node ? `node ${ctx.node}` : 'the cluster';
  const ns = ctx.namespace ?? 'the current namespace';
  let r: RegExpExecArray | null;
  if (/current-context is not set|context was not found for specified context|no context exists with the name|invalid configuration: no configuration has been provided/i.test(s)) {
    return new CaptureError('no-context', 'kubectl has no current context: choose one with kubectl config use-context NAME (kubectl config get-contexts lists them), or set KUBECONFIG.');
  }
  const pull = imagePullFailure(s);
  if (pull) {
    return new CaptureError('image-pull', `${node} cannot pull the debug image${ctx.image ? ` ${ctx.image}` : ''} (${pull.replace(/^Warning: /, '')}). Choose an image the node can pull (--image in the CLI), for example a copy of busybox in a registry the node reaches.`);
  }
  if ((r = /violates PodSecurity "([^"]+)"/.exec(s))) {
    return new CaptureError('forbidden', `${ns} enforces Pod Security "${r[1]}", which refuses the debug pod (privileged, host namespaces, the node's / mounted): give a namespace that admits privileged pods (--namespace; pod-security.kubernetes.io/enforce=privileged).`);
  }
  if ((r = /(?:Error from server \(Forbidden\): )?([^\n]*?is forbidden: User "[^"]*" cannot [^\n]*)/i.exec(s))) {
    return new CaptureError('forbidden', `kubectl was refused: ${r[1].trim()}. kubectl debug node/… needs to create, attach to and delete pods in ${ns}: ask for that role, or give a namespace where you have it (--namespace).`);
  }
  if (/Unauthorized|You must be logged in to the server|the server has asked for the client to provide credentials/i.test(s)) {
    return new CaptureError('unauthorized', 'the Kubernetes API server did not accept kubectl\'s credentials (Unauthorized): log in again for the current context (your cloud CLI\'s get-credentials, or a fresh token).');
  }
  if ((r = /nodes? "([^"]+)" not found/i.exec(s))) return new CaptureError('not-found', `node "${r[1]}" is not in the cluster of the current context: kubectl get nodes lists the nodes.`);
  if ((r = /namespaces? "([^"]+)" not found/i.exec(s))) return new CaptureError('not-found', `namespace "${r[1]}" does not exist in the current context: kubectl get namespaces lists them.`);
  if ((r = /The connection to the server (\S+) was refused/i.exec(s)) || (r = /dial tcp ([^:\s]+:\d+): connect: connection refused/i.exec(s))) {
    return new CaptureError('unreachable', `cannot reach the Kubernetes API server at ${r[1]} (connection refused): check the current context (kubectl config current-context) and that the cluster is up.`);
  }
  if ((r = /Unable to connect to the server: ([^\n]*)/i.exec(s)) || (r = /(dial tcp [^\n]*(?:i\/o timeout|no such host|network is unreachable))/i.exec(s))) {
    return new CaptureError('unreachable', `cannot reach the Kubernetes API server: ${r[1].trim()}. Check the network or VPN, and the current context (kubectl config current-context).`);
  }
  if (/ephemeral containers are disabled|unknown flag: --profile|unknown command "debug"/i.test(s)) {
    return new CaptureError('failed', `this kubectl cannot run kubectl debug node/… --profile=sysadmin (${lastLine(s)}): use kubectl 1.27 or later.`);
  }
  return new CaptureError('failed', `kubectl failed on ${node} (exit ${exitCode ?? 'signal'}): ${lastLine(s) || 'no message'}.`);
}

/** The image pull failures the kubelet reports while kubectl waits (the container's waiting message). */
export function imagePullFailure(stderr: string): string | undefined {
  const r = /^.*(?:ErrImagePull|ImagePullBackOff|Back-off pulling image|Failed to pull image|failed to pull and unpack image|pull access denied|manifest unknown|InvalidImageName|ErrImageNeverPull).*$/im.exec(stderr);
  return r ? r[0].trim() : undefined;
}

/**
 * Warnings about a capture that succeeded: files the script could not read, which the capture says
 * under their headers (the parser also reads "Permission denied" as an unreadable slabinfo).
 */
export function captureWarnings(text: string): string[] {
  const out: string[] = [];
  if (/^==> \/proc\/slabinfo <==\r?\n[^\n]*(?:Permission denied|Operation not permitted)/m.test(text)) {
    out.push('/proc/slabinfo was not readable (it is root-only, mode 0400): the capture has no slab caches. Capture as root (sudo, or kubectl debug) to include them.');
  }
  const k = /^==> dmesg <==\r?\n([^\n]*(?:Operation not permitted|Permission denied|not found)[^\n]*)/m.exec(text);
  if (k) out.push(`the kernel log was not readable (${k[1].trim()}): the capture has no OOM reports. Capture as root, or allow it (sysctl kernel.dmesg_restrict=0).`);
  return out;
}
