/**
 * Kubernetes, the pure half: names checked before they reach kubectl's argv, the `kubectl debug`
 * and `kubectl delete` argv, and what kubectl prints that we read back (the debug pod's name, nodes).
 *
 * `kubectl debug node/NODE` creates a pod `node-debugger-NODE-xxxxx` in the host's namespaces with
 * the node's / at /host (kubectl reference, "kubectl debug"; staging/src/k8s.io/kubectl/pkg/cmd/debug).
 * We run it with --stdin and the script on stdin: the shell waits for kubectl to attach before it
 * reads a line, so no output is printed before kubectl listens (attaching to a running container
 * shows only what comes after; kubectl falls back to the logs only once the container has ended).
 */
import { CaptureError } from './errors';

/** A tag, not `latest`, so the kubelet's default pull policy is IfNotPresent (a node that has it pulls nothing). */
export const DEFAULT_IMAGE = 'busybox:1.36';

const LABEL = '[a-z0-9](?:[-a-z0-9]*[a-z0-9])?';
/** RFC 1123 subdomain, as apimachinery's IsDNS1123Subdomain checks node names (253 characters at most). */
const SUBDOMAIN = new RegExp(`^${LABEL}(?:\\.${LABEL})*$`);

export function checkNodeName(node: string): string {
  const n = node.trim();
  if (!n || n.length > 253 || !SUBDOMAIN.test(n)) {
    throw new CaptureError('invalid-argument', `refusing node name "${node}": a Kubernetes node name is lower-case letters, digits, "-" and "." (RFC 1123), as kubectl get nodes prints it.`);
  }
  return n;
}

/** RFC 1123 label (63 characters at most), the rule for namespace names. */
export function checkNamespace(ns: string): string {
  const n = ns.trim();
  if (!n || n.length > 63 || !new RegExp(`^${LABEL}$`).test(n)) {
    throw new CaptureError('invalid-argument', `refusing namespace "${ns}": a namespace is lower-case letters, digits and "-", 63 at most.`);
  }
  return n;
}

// The grammar of distribution/reference (reference.go), narrowed: lower-case path components, a tag, a sha256 digest.
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const DOMAIN = '(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?';
const IMAGE = new RegExp(`^(?:${DOMAIN}/)?${COMPONENT}(?:/${COMPONENT})*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$`);

export function checkImage(image: string): string {
  const i = image.trim();
  if (!i || i.length > 255 || !IMAGE.test(i)) {
    throw new CaptureError('invalid-argument', `refusing image "${image}": expected [registry/]name[:tag][@sha256:digest], for example ${DEFAULT_IMAGE} or registry.example.com/tools/busybox:1.36.`);
  }
  return i;
}

export interface DebugOptions { node: string; image?: string; namespace?: string }

/** kubectl's argv for one capture; the script goes on stdin (`sh -s`). */
export function debugArgv(o: DebugOptions): string[] {
  const args = ['debug', `node/${checkNodeName(o.node)}`, '--profile=sysadmin', `--image=${checkImage(o.image ?? DEFAULT_IMAGE)}`];
  if (o.namespace) args.push('-n', checkNamespace(o.namespace));
  // -i: attach our stdin; --attach is its default with -i, written out for the reader.
  args.push('--stdin', '--attach=true', '--', 'chroot', '/host', 'sh', '-s');
  return args;
}

/** `kubectl delete pod` without waiting for the pod to be gone (the kubelet takes its time). */
export function deleteArgv(pod: string, namespace?: string): string[] {
  if (!SUBDOMAIN.test(pod) || pod.length > 253) throw new CaptureError('invalid-argument', `refusing pod name "${pod}"`);
  const args = ['delete', 'pod', pod];
  if (namespace) args.push('-n', checkNamespace(namespace));
  args.push('--wait=false', '--ignore-not-found');
  return args;
}

const CREATING = /^Creating debugging pod (\S+) with container \S+ on node \S+?\.?\r?$/m;

/** The debug pod's name, from kubectl's "Creating debugging pod NAME with container debugger on node NODE." (stdout). */
export function debugPodName(stdout: string): string | undefined {
  return CREATING.exec(stdout)?.[1];
}

/** The capture without kubectl's own lines before it. */
export function stripDebugNoise(stdout: string): string {
  return stdout.replace(/^(?:Creating debugging pod [^\n]*|If you don't see a command prompt[^\n]*)\n/gm, '');
}

/** `kubectl get nodes -o name` → node names (`node/` taken off); lines that are not node names are skipped. */
export function parseNodeNames(stdout: string): string[] {
  return stdout.split(/\r?\n/).map((l) => l.trim().replace(/^node\//, '')).filter((n) => n && n.length <= 253 && SUBDOMAIN.test(n));
}
