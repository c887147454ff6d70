/**
 * Events wherever they were printed: `kubectl get events` tables (current,
 * `-A`, and the old wide layout), the kubelet's eviction manager in its log
 * (klog, behind a journal prefix or not; pkg/kubelet/eviction/eviction_manager.go),
 * and the eviction message the kubelet writes into an evicted pod's status
 * (pkg/kubelet/eviction/helpers.go evictionMessage).
 */
import type { K8sEvent, Problem } from '../../model';
import type { SourceLine } from '../lines';
import { quantityValue } from './quantity';
import { cellAt, headerColumns } from './text';

/**
 * `The node was low on resource: memory. Threshold quantity: 100Mi, available: 91300Ki.
 * Container app was using 1730516Ki, request is 0, has larger consumption of memory.`
 * (and the older `…which exceeds its request of 0.`): resource, signal, threshold,
 * observed, and the first container's usage. `evictionEvents` gives one event per container.
 */
export function readEvictionMessage(message: string, e: K8sEvent): void {
  const res = /low on resource: ([\w-]+(?:\.[\w-]+)*)/.exec(message);
  if (res) {
    e.resource = res[1];
    if (res[1] === 'memory') e.signal = 'memory.available';
  }
  const th = /Threshold quantity: ([^\s,]+), available: ([^\s,]+?)\.?(?:\s|$)/.exec(message);
  if (th) {
    const t = quantityValue(th[1]); if (Number.isFinite(t)) e.thresholdBytes = t;
    const o = quantityValue(th[2]); if (Number.isFinite(o)) e.observedBytes = o;
  }
  const use = containerUsage(message)[0];
  if (use) {
    e.container ??= use.container;
    if (use.usageBytes !== undefined) e.usageBytes = use.usageBytes;
    if (use.requestBytes !== undefined) e.requestBytes = use.requestBytes;
  }
}

const USE_RE = /Container ([\w.-]+) was using ([^\s,]+?),? (?:request is ([^\s,]+)|which exceeds its request of ([^\s,]+?))\.?(?=[\s,]|$)/g;

function containerUsage(message: string): { container: string; usageBytes?: number; requestBytes?: number }[] {
  const out: { container: string; usageBytes?: number; requestBytes?: number }[] = [];
  USE_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = USE_RE.exec(message)) !== null) {
    const u = quantityValue(m[2]);
    const r = quantityValue((m[3] ?? m[4] ?? '').replace(/\.$/, ''));
    const one: { container: string; usageBytes?: number; requestBytes?: number } = { container: m[1] };
    if (Number.isFinite(u)) one.usageBytes = u;
    if (Number.isFinite(r)) one.requestBytes = r;
    out.push(one);
  }
  return out;
}

/** One Evicted event per container the message names (the kubelet names every container over its request). */
export function evictionEvents(message: string, base: K8sEvent): K8sEvent[] {
  const e: K8sEvent = { ...base, message };
  readEvictionMessage(message, e);
  const uses = containerUsage(message);
  if (uses.length <= 1) return [e];
  return uses.map((u) => {
    const c: K8sEvent = { ...e, container: u.container };
    delete c.usageBytes; delete c.requestBytes;
    if (u.usageBytes !== undefined) c.usageBytes = u.usageBytes;
    if (u.requestBytes !== undefined) c.requestBytes = u.requestBytes;
    return c;
  });
}

/** `kubectl get events` header: LAST SEEN … TYPE … REASON, with NAMESPACE first after -A; or the old LASTSEEN FIRSTSEEN COUNT NAME KIND … layout. */
export function isEventsHeader(text: string): boolean {
  return /^\s*(?:NAMESPACE\s+)?LAST ?SEEN\s/.test(text) && /\sREASON\s/.test(text) && /\s(?:MESSAGE|OBJECT|NAME)\b/.test(text);
}

/** A headerless `kubectl get events` row: `4m11s   Warning   Evicted   pod/egg   The node was low…`. */
const ROW_RE = /^\s*(?:([a-z0-9][a-z0-9-]*)\s+)?(\d+[smhd](?:\d+[smhd])*|<unknown>|<invalid>)(?:\s+\(x\d+ over [^)]+\))?\s+(Normal|Warning)\s+([A-Za-z]+)\s+(\S+(?: \S+)*?)(?:\s{2,}(.*?))?\s*$/;
export function isEventRow(text: string): boolean {
  return ROW_RE.test(text);
}

function objectRef(obj: string, e: K8sEvent): void {
  const m = /^(pod|node|Pod|Node)\/(.+)$/.exec(obj);
  if (!m) return;
  if (m[1].toLowerCase() === 'pod') e.pod = m[2]; else e.node = m[2];
}

export function parseEventsTable(src: SourceLine[], problems: Problem[]): K8sEvent[] {
  const out: K8sEvent[] = [];
  let cols: ReturnType<typeof headerColumns> | undefined;
  let names: string[] = [];
  for (const l of src) {
    const text = l.text;
    if (!text.trim()) continue;
    if (isEventsHeader(text)) {
      // Single spaces inside LAST SEEN / FIRST SEEN: the header's cells are the tabwriter's.
      cols = headerColumns(text.replace(/LAST SEEN/, 'LAST_SEEN').replace(/FIRST SEEN/, 'FIRST_SEEN'));
      names = cols.map((c) => c.text);
      continue;
    }
    const m = ROW_RE.exec(text);
    if (m && (!cols || !names.includes('KIND'))) {
      const e: K8sEvent = { line: l.line, time: m[2], type: m[3], reason: m[4] };
      if (m[1] && (!cols || names[0] === 'NAMESPACE')) e.namespace = m[1];
      objectRef(m[5], e);
      const x = /\(x(\d+) over /.exec(text);
      if (x) e.count = Number(x[1]);
      const msg = (m[6] ?? '').trim();
      if (msg) out.push(...evictionEvents(msg, e));
      else out.push(e);
      continue;
    }
    if (cols && names.includes('KIND')) {
      // The old wide layout: cells under the header's columns.
      const at = (n: string) => { const i = names.indexOf(n); return i >= 0 ? cellAt(text, cols!, i)?.text : undefined; };
      const reason = at('REASON');
      if (reason) {
        const e: K8sEvent = { line: l.line, reason };
        const type = at('TYPE'); if (type) e.type = type;
        const seen = at('LAST_SEEN') ?? at('LASTSEEN'); if (seen) e.time = seen;
        const kind = at('KIND'); const name = at('NAME');
        if (kind === 'Pod' && name) e.pod = name; else if (kind === 'Node' && name) e.node = name;
        const ns = at('NAMESPACE'); if (ns) e.namespace = ns;
        const count = at('COUNT'); if (count && /^\d+$/.test(count)) e.count = Number(count);
        const msg = at('MESSAGE'); if (msg) { e.message = msg; readEvictionMessage(msg, e); }
        out.push(e);
        continue;
      }
    }
    problems.push({ line: l.line, start: l.col, end: l.col + text.trimEnd().length, severity: 'info', message: 'This line of the events table does not read as LAST SEEN, TYPE, REASON, OBJECT, MESSAGE: not read.' });
  }
  return out;
}

/** klog header (`I0102 03:04:05.123456    1234 file.go:349] `), behind an optional journal prefix (`Jan 02 03:04:05 host kubelet[1234]: `). */
const KLOG_RE = /^(?:([A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d) \S+ (?:kubelet|k3s|kubelite|hyperkube|microk8s\.daemon-kubelite)(?:\[\d+\])?: )?([IWEF])(\d{4} \d\d:\d\d:\d\d\.\d+)\s+\d+ ([\w.-]+:\d+)\] (.*)$/;
const JOURNAL_RE = /^([A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d) \S+ (?:kubelet|k3s|kubelite|hyperkube)(?:\[\d+\])?: (.*)$/;

export function isKubeletLogLine(text: string): boolean {
  return KLOG_RE.test(text) || JOURNAL_RE.test(text);
}

/** A kubelet log line about eviction (or an OOM the kubelet saw): where a kubelet-log block starts. */
export function isEvictionLogLine(text: string): boolean {
  return isKubeletLogLine(text) && /[Ee]viction manager|eviction_manager|[Ee]victed|SystemOOM|OOMKill|low on resource/.test(text);
}

export function parseKubeletLog(src: SourceLine[], problems: Problem[]): K8sEvent[] {
  const out: K8sEvent[] = [];
  for (const l of src) {
    const text = l.text;
    if (!text.trim()) continue;
    const k = KLOG_RE.exec(text);
    const j = k ? undefined : JOURNAL_RE.exec(text);
    if (!k && !j) { problems.push({ line: l.line, start: l.col, end: l.col + text.trimEnd().length, severity: 'info', message: 'Not a kubelet log line (klog `I0102 03:04:05.123456 PID file.go:N]`, optionally behind a journal prefix): not read.' }); continue; }
    const msg = k ? k[5] : j![2];
    const time = k ? `${k[2]}${k[3]}` : j![1];
    const file = k?.[4] ?? '';
    if (!/[Ee]viction manager|eviction_manager|[Ee]victed|SystemOOM|OOMKill|low on resource/.test(msg) && !/^eviction_manager/.test(file)) continue;
    const e: K8sEvent = { line: l.line, reason: 'eviction', message: msg, time };
    if (/[Ee]victed pod|evicted successfully|"Evicted"|reason="Evicted"/.test(msg) || /^The node was low/.test(msg)) e.reason = 'Evicted';
    if (/SystemOOM|System OOM/.test(msg)) e.reason = 'SystemOOM';
    const res = /resourceName="?([\w.-]+)"?|to reclaim ([\w.-]+)|signal=([\w.-]+)|"Signal":"([\w.-]+)"/.exec(msg);
    const r = res && (res[1] ?? res[2] ?? res[3] ?? res[4]);
    if (r) e.signal = r === 'memory' ? 'memory.available' : r;
    const th = /quantity=([^\s,\]]+)\]?,? observed ([^\s,\]]+)/.exec(msg) ?? /"Quantity":"?([^",}]+)"?.*?observed(?:=|":"?)([^\s",}]+)/.exec(msg);
    if (th) {
      const t = quantityValue(th[1]); if (Number.isFinite(t)) e.thresholdBytes = t;
      const o = quantityValue(th[2]); if (Number.isFinite(o)) e.observedBytes = o;
    }
    const pod = /\bpod="([^"/]+)\/([^"]+)"/.exec(msg) ?? /\bpod[s]? ([\w-]+)\/([\w.-]+)/.exec(msg);
    if (/ranked for eviction/.test(msg)) {
      const list = /pods=\[([^\]]*)\]?/.exec(msg);
      if (list) e.ranked = list[1].split(/[\s,]+/).map((x) => x.replace(/^"|"$/g, '')).filter(Boolean);
    } else if (pod) { e.namespace = pod[1]; e.pod = pod[2]; }
    // `observations …: signal=memory.available, available: 60687100Ki, capacity: 65973468Ki`
    const obs = /signal=([\w.]+), available: ([^\s,]+), capacity: ([^\s,]+)/.exec(msg);
    if (obs) {
      e.signal = obs[1];
      const a = quantityValue(obs[2]); if (Number.isFinite(a)) e.observedBytes = a;
      const c = quantityValue(obs[3]); if (Number.isFinite(c)) e.capacityBytes = c;
    }
    readEvictionMessage(msg, e);
    out.push(e);
  }
  return out;
}


/** `kubectl get pods` header: NAME READY STATUS RESTARTS AGE (NAMESPACE first after -A; -o wide adds IP, NODE …). */
export function isGetPodsHeader(text: string): boolean {
  return /^\s*(?:NAMESPACE\s+)?NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\b/.test(text);
}

/**
 * The pods of a `kubectl get pods` table whose STATUS tells a memory story: OOMKilled (the last container
 * termination's reason, shown while the container restarts) and Evicted. Other rows are context.
 */
export function parseGetPods(src: SourceLine[]): K8sEvent[] {
  const out: K8sEvent[] = [];
  let ns = false;
  for (const l of src) {
    const text = l.text;
    if (isGetPodsHeader(text)) { ns = /^\s*NAMESPACE\s/.test(text); continue; }
    const cells = text.trim().split(/\s+/);
    const [namespace, name, , status, restarts] = ns ? cells : ['', ...cells];
    const st = /^(Init:)?(OOMKilled|Evicted)$/.exec(status ?? '');
    if (!name || !st) continue;
    const e: K8sEvent = { line: l.line, reason: st[2], pod: name };
    if (st[1]) e.initContainer = true;
    if (ns && namespace) e.namespace = namespace;
    if (restarts && /^\d+$/.test(restarts)) e.count = Number(restarts);
    out.push(e);
  }
  return out;
}
