/**
 * Finds the Kubernetes blocks of a document before the kernel-capture splitter
 * runs: kubectl top tables, Summary API JSON, describe node/pod, Node objects,
 * KubeletConfiguration, events and kubelet eviction logs, and kubelet flags.
 * Each block ends where its format ends; a prompt or `==>` header right above
 * it is its header. A document without any marker costs one regex test.
 */
import type { KubernetesKind } from '../../model';
import { LineTable, type LineSource } from '../lines';
import { attachHeader as attachHeaderAbove, capturedAbove } from '../blockHeader';
import { DESCRIBE_KEYS, NODE_KEYS, POD_KEYS } from './describe';
import { isEventRow, isEventsHeader, isEvictionLogLine, isGetPodsHeader, isKubeletLogLine } from './events';
import { hasKubeletFlags, looksLikeKubeletConfig } from './kubeletConfig';
import { looksLikeNodeObject } from './nodeObject';
import { looksLikeSummary } from './summary';
import { cleanLine, tokens } from './text';
import { isTopHeader, isTopRow } from './top';

export interface KubeBlock {
  kind: KubernetesKind;
  /** k8s-events: kubectl-events | kubelet-log | pod-describe; node-describe: describe | yaml | json; kubelet-config: yaml | json | configz | flags. */
  variant: string;
  /** First and last content line (inclusive). */
  start: number;
  end: number;
  headerLine?: number;
  source?: string;
  capturedAt?: string;
  detectedBy: 'content' | 'prompt' | 'header';
}

/**
 * Any marker at all: when none matches, the document takes the old path untouched.
 * Two regexes of literals and line starts (one combined regex with `^` alternatives is 4× slower on big series).
 */
const MARKER_WORDS = /CPU\(cores\)|LAST ?SEEN|READY +STATUS +RESTARTS|Last State:|low on resource|viction|Normal +[A-Z][a-z]|Warning +[A-Z][a-z]|-reserved[=\s]/;
const MARKER_LINES = /\n(?:[ \t]*\{|(?:apiVersion|kind|Capacity|Allocatable|Conditions|Allocated resources|Non-terminated Pods|System Info|QoS Class|Containers|Events|Name|Roles|evictionHard|kubeReserved|systemReserved):)/;

export function mayHaveKubernetes(lines: LineSource): boolean {
  if (!(lines instanceof LineTable)) return true;
  const t = lines.text;
  return MARKER_LINES.test(`\n${t.slice(0, 4096)}`) || MARKER_LINES.test(t) || MARKER_WORDS.test(t);
}

const HEADER_RE = /^==> (.+) <==\s*$/;
/** A command above a block: behind a prompt (`$`, `#`, `>`, `user@host:~$`) or typed bare. */
const COMMAND_RE = /^\s*(?:\([\w.-]+\)\s+)?(?:\[[^\]]*\]\s?[#$]|[\w.-]+@[\w.-]+(?::[^\s#$>]*)?\s?[#$>]|[\w.-]+:[^\s#$>]*\s?[#$>]|(?:sh|bash)-[\d.]+[#$]|[#$>%])?\s*((?:sudo\s+(?:-\S+\s+)*)?(?:kubectl(?:\.exe)?|k|oc|microk8s(?:\.kubectl|\s+kubectl)|k3s\s+kubectl|curl|wget|jq|cat|journalctl|ps|systemctl|grep|egrep|crictl|tail|head|less|more|sudo)\b.*)$/;

function command(text: string): string | undefined {
  if (text.length > 400) return undefined;
  const m = COMMAND_RE.exec(text);
  return m ? m[1].trim() : undefined;
}

const isBlank = (t: string) => t.trim() === '';
/** The memory maps of a KubeletConfiguration, as the first line of a pasted snippet. */
const CONFIG_SNIPPET = /^(?:evictionHard|evictionSoft|evictionSoftGracePeriod|evictionMinimumReclaim|kubeReserved|systemReserved):\s*$/;
const ELLIPSIS = /^\s*(?:\.\s*){2,}$/;

function colZeroKey(t: string): string | undefined {
  const c = t.indexOf(':');
  if (c <= 0 || t.charCodeAt(0) === 32 || t.charCodeAt(0) === 9) return undefined;
  return t.slice(0, c);
}

function isDescribeLine(t: string): boolean {
  if (isBlank(t)) return false;
  if (t.charCodeAt(0) === 32 || t.charCodeAt(0) === 9) return true;
  if (ELLIPSIS.test(t)) return true;
  const k = colZeroKey(t);
  return k !== undefined && DESCRIBE_KEYS.has(k);
}

/** A line that may continue a YAML document: a lower-case top-level key, indentation, a list item, a comment. */
function isYamlLine(t: string): boolean {
  const c = t.charCodeAt(0);
  if (c === 32 || c === 9 || c === 45 /* - */ || c === 35 /* # */) return !t.startsWith('---') && !HEADER_RE.test(t);
  return /^[a-z][\w.-]*:(?:\s|$)/.test(t);
}

/** Where a JSON text that starts on line `i` ends: the line that closes its first brace (or the last JSON-looking line of a cut paste). */
function jsonEnd(get: (n: number) => string, i: number, n: number): { end: number; closed: boolean } {
  let depth = 0;
  let inString = false;
  let last = i;
  for (let k = i; k < n; k++) {
    const t = get(k);
    if (k > i) {
      const s = t.trimStart();
      if (depth > 0 && s && !inString && !/^["{}[\]\d,:tfn-]/.test(s)) return { end: last, closed: false };
      if (HEADER_RE.test(t)) return { end: last, closed: false };
    }
    for (let j = 0; j < t.length; j++) {
      const ch = t.charCodeAt(j);
      if (inString) {
        if (ch === 92) j++;
        else if (ch === 34) inString = false;
      } else if (ch === 34) inString = true;
      else if (ch === 123 || ch === 91) depth++;
      else if (ch === 125 || ch === 93) { depth--; if (depth <= 0) return { end: k, closed: true }; }
    }
    // A string does not run over a line break in JSON: a cut line ends it.
    inString = false;
    if (t.trim()) last = k;
  }
  return { end: last, closed: false };
}

export function findKubernetesBlocks(lines: LineSource): KubeBlock[] {
  const n = lines.length;
  const cache = new Map<number, string>();
  /** A line cleaned of quoting and Markdown bold (what the parsers read). */
  const get = (k: number): string => {
    let t = cache.get(k);
    if (t === undefined) { t = cleanLine(k, lines.get(k)).text; if (cache.size > 4096) cache.clear(); cache.set(k, t); }
    return t;
  };
  const blocks: KubeBlock[] = [];
  let floor = 0;
  for (let i = 0; i < n; i++) {
    const raw = lines.get(i);
    // The per-line test: the first character decides which (if any) test runs.
    let p = 0;
    while (p < raw.length && (raw.charCodeAt(p) === 32 || raw.charCodeAt(p) === 9 || raw.charCodeAt(p) === 62 || raw.charCodeAt(p) === 42)) p++;
    if (p >= raw.length) continue;
    const c = raw.charCodeAt(p);
    const b = tryBlock(i, c, get, n, floor);
    if (!b) continue;
    attachHeader(b, get, floor);
    const at = capturedAbove(b.start, get);
    if (at) b.capturedAt = at;
    blocks.push(b);
    floor = b.end + 1;
    i = b.end;
  }
  return blocks;
}

function tryBlock(i: number, c: number, get: (n: number) => string, n: number, floor: number): KubeBlock | undefined {
  const t = get(i);
  // kubectl top: NAME / NAMESPACE / POD header.
  if ((c === 78 || c === 80) && isTopHeader(t)) {
    const cols = tokens(t).map((x) => x.text);
    let end = i;
    for (let k = i + 1; k < n && isTopRow(get(k), cols); k++) end = k;
    return { kind: 'kubectl-top', variant: cols.includes('POD') ? 'container' : cols.some((x) => x.endsWith('%') || x.endsWith('(%)')) ? 'node' : 'pod', start: i, end, detectedBy: 'content' };
  }
  // kubectl get events: a header, or headerless rows.
  if (((c === 76 || c === 78) && isEventsHeader(t)) || (((c >= 48 && c <= 57) || c === 60 || (c >= 97 && c <= 122)) && isEventRow(t))) {
    const old = /\sKIND\s/.test(t);
    let end = i;
    for (let k = i + 1; k < n; k++) {
      const u = get(k);
      if (!(isEventRow(u) || (old && /\s(?:Normal|Warning)\s/.test(u)))) break;
      end = k;
    }
    return { kind: 'k8s-events', variant: 'kubectl-events', start: i, end, detectedBy: 'content' };
  }
  // kubectl get pods: a header and its rows (a pod row starts with a name, and its READY is `n/m`).
  if ((c === 78 || c === 32) && isGetPodsHeader(t)) {
    let end = i;
    for (let k = i + 1; k < n && /^\s*\S+\s+(?:\S+\s+)?\d+\/\d+\s+\S+\s+\d+/.test(get(k)); k++) end = k;
    if (end > i) return { kind: 'k8s-events', variant: 'get-pods', start: i, end, detectedBy: 'content' };
  }
  // JSON: Summary API, Node, KubeletConfiguration, /configz.
  if (c === 123) {
    const j = jsonEnd(get, i, n);
    const text = Array.from({ length: j.end - i + 1 }, (_, k) => get(i + k)).join('\n');
    if (looksLikeKubeletConfig(text)) return { kind: 'kubelet-config', variant: /"kubeletconfig"\s*:/.test(text) ? 'configz' : 'json', start: i, end: j.end, detectedBy: 'content' };
    if (looksLikeNodeObject(text)) return { kind: 'node-describe', variant: 'json', start: i, end: j.end, detectedBy: 'content' };
    if (looksLikeSummary(text)) return { kind: 'kubelet-summary', variant: 'json', start: i, end: j.end, detectedBy: 'content' };
    return undefined;
  }
  // YAML: KubeletConfiguration, Node; or a snippet of a KubeletConfiguration (`evictionHard:` and its map).
  const snippet = (c === 101 || c === 107 || c === 115) && CONFIG_SNIPPET.test(t) && /^\s+\S/.test(get(i + 1));
  if (((c === 97 || c === 107) && /^(?:apiVersion|kind):\s/.test(t)) || snippet) {
    let end = i;
    for (let k = i + 1; k < n; k++) {
      const u = get(k);
      if (isBlank(u)) { let m = k + 1; while (m < n && isBlank(get(m))) m++; if (m < n && isYamlLine(get(m)) && !command(get(m))) { k = m - 1; continue; } break; }
      if (!isYamlLine(u) || HEADER_RE.test(u) || (command(u) && !/^\s/.test(u))) break;
      end = k;
    }
    const text = Array.from({ length: end - i + 1 }, (_, k) => get(i + k)).join('\n');
    if (snippet || looksLikeKubeletConfig(text)) return { kind: 'kubelet-config', variant: 'yaml', start: i, end, detectedBy: 'content' };
    if (looksLikeNodeObject(text)) return { kind: 'node-describe', variant: 'yaml', start: i, end, detectedBy: 'content' };
    return undefined;
  }
  // kubelet log lines about eviction (klog, or behind a journal prefix).
  if (c >= 65 && c <= 90 && isEvictionLogLine(t)) {
    let start = i;
    while (start - 1 >= floor && isKubeletLogLine(get(start - 1))) start--;
    let end = i;
    while (end + 1 < n && isKubeletLogLine(get(end + 1))) end++;
    return { kind: 'k8s-events', variant: 'kubelet-log', start, end, detectedBy: 'content' };
  }
  // describe node / describe pod.
  const describe = describeStart(i, t, get, n);
  if (describe) {
    let start = i;
    for (let k = i - 1; k >= floor && isDescribeLine(get(k)); k--) if (colZeroKey(get(k)) !== undefined && DESCRIBE_KEYS.has(colZeroKey(get(k))!)) start = k;
    let end = i;
    let named = /^Name:/.test(get(start));
    for (let k = i + 1; k < n; k++) {
      const u = get(k);
      if (isBlank(u)) {
        let m = k + 1; while (m < n && isBlank(get(m))) m++;
        const key = m < n ? colZeroKey(get(m)) : undefined;
        if ((key && DESCRIBE_KEYS.has(key) && key !== 'Name') || (m < n && ELLIPSIS.test(get(m)))) { k = m - 1; continue; }
        break;
      }
      if (!isDescribeLine(u)) break;
      if (/^Name:/.test(u)) { if (named) break; named = true; }
      end = k;
    }
    const keys = new Set<string>();
    let body = '';
    for (let k = start; k <= end; k++) { const u = get(k); const key = colZeroKey(u); if (key) keys.add(key); if (/^\s+(?:Normal|Warning)\s/.test(u)) body += `${u}\n`; }
    if (/^\s*Last State:/.test(get(i))) keys.add('Last State');
    const pod = [...keys].filter((k) => POD_KEYS.has(k)).length;
    const node = [...keys].filter((k) => NODE_KEYS.has(k)).length;
    let isPod = pod > node;
    if (pod === node) isPod = !/\b(?:NodeHas|NodeNotReady|NodeReady|SystemOOM|NodeAllocatableEnforced|EvictionThresholdMet|RegisteredNode|Starting kubelet|NodeHasInsufficientMemory)/.test(body)
      && /\b(?:Scheduled|Pulled|Pulling|Created|Started|BackOff|Killing|OOMKilled|Unhealthy|FailedScheduling|Evicted)\b/.test(body);
    return isPod ? { kind: 'k8s-events', variant: 'pod-describe', start, end, detectedBy: 'content' } : { kind: 'node-describe', variant: 'describe', start, end, detectedBy: 'content' };
  }
  // An evicted pod's status message on its own (`-o jsonpath`, `yq .status.message`), maybe wrapped.
  if ((t.indexOf('The node was low on resource') >= 0 && !/^\s*Message:/.test(t)) || /^\s*The node had condition: \[/.test(t)) {
    let end = i;
    while (end + 1 < n && /^\s*Container [\w.-]+ was using/.test(get(end + 1))) end++;
    return { kind: 'k8s-events', variant: 'status-message', start: i, end, detectedBy: 'content' };
  }
  // kubelet flags on a command line, a unit file or a ps line.
  if (t.indexOf('--') >= 0 && hasKubeletFlags(t)) {
    let start = i;
    while (start - 1 >= floor && /\\\s*$/.test(get(start - 1))) start--;
    let end = i;
    while (end + 1 < n && /\\\s*$/.test(get(end))) end++;
    return { kind: 'kubelet-config', variant: 'flags', start, end, detectedBy: 'content' };
  }
  return undefined;
}

/** A line that opens a describe block by itself (the rest is found around it). */
function describeStart(i: number, t: string, get: (n: number) => string, n: number): boolean {
  if (/^\s*Last State:\s+Terminated/.test(t)) return true;
  const key = colZeroKey(t);
  if (!key || !DESCRIBE_KEYS.has(key)) return false;
  switch (key) {
    case 'Capacity': case 'Allocatable': case 'System Info': case 'Containers': return /^\s+\S/.test(get(i + 1));
    case 'Non-terminated Pods': case 'Allocated resources': case 'QoS Class': return true;
    case 'Conditions': return /^\s+Type\s+Status/.test(get(i + 1));
    case 'Events': return /^\s+Type\s+Reason\s+Age/.test(get(i + 1)) || /^\s*(?:FirstSeen|LastSeen)\s/.test(get(i + 1).trim());
    case 'Name': for (let k = i + 1; k < Math.min(n, i + 4); k++) if (/^(?:Roles|Namespace|Labels):/.test(get(k))) return true; return false;
    case 'Message': return /low on resource|exceeds its request/.test(t);
    default: return false;
  }
}

/** A prompt, bare kubectl command or `==>` header right above a block (blank and date lines between are allowed). */
function attachHeader(b: KubeBlock, get: (n: number) => string, floor: number): void {
  attachHeaderAbove(b, get, floor, command);
}
