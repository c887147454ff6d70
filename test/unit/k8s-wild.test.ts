// Real Kubernetes captures (test/wild/kubernetes: pastes from public issues, docs and test data, with
// their sources and stories): each must be read as its kind, with the facts its story's `expect` states.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from '../../src/formats/parse';
import type { K8sEvent, K8sEventsSection, KeyValueSection, KubectlTopSection, KubeletConfigSection, KubeletSummarySection, NodeDescribeSection, ParsedDocument, Section } from '../../src/model';

const DIR = path.join(process.cwd(), 'test', 'wild', 'kubernetes');
interface Story { file: string; kind: string; story: string; expect?: Record<string, any>; pairedWith?: string; pairedExpect?: Record<string, any> }
const stories: Story[] = existsSync(path.join(DIR, 'stories.json')) ? JSON.parse(readFileSync(path.join(DIR, 'stories.json'), 'utf8')) : [];
const read = (f: string) => readFileSync(path.join(DIR, f), 'utf8');

function sectionsOf<T extends Section>(p: ParsedDocument, kind: string): T[] {
  return p.sections.filter((s) => s.kind === kind) as T[];
}

function checkTop(p: ParsedDocument, x: Record<string, any>): void {
  const [t] = sectionsOf<KubectlTopSection>(p, 'kubectl-top');
  assert.ok(t, 'a kubectl-top section');
  if (x.rows !== undefined) assert.equal(t.rows.length, x.rows);
  if (x.containers) assert.equal(t.target, 'container');
  const like = (r: KubectlTopSection['rows'][number], e: Record<string, any>) => {
    if (e.name !== undefined) assert.equal(r.name, e.name);
    if (e.pod !== undefined) assert.equal(r.pod, e.pod);
    if (e.namespace !== undefined) assert.equal(r.namespace, e.namespace);
    if (e.memoryBytes !== undefined) assert.equal(r.memory?.bytes, e.memoryBytes);
    if (e.memoryPercent !== undefined) assert.equal(r.memoryPercent, e.memoryPercent);
  };
  if (x.first) like(t.rows[0], x.first);
  if (x.max) like([...t.rows].sort((a, b) => (b.memory?.bytes ?? 0) - (a.memory?.bytes ?? 0))[0], x.max);
  if (x.row) { const r = t.rows.find((y) => y.name === x.row.name); assert.ok(r, `row ${x.row.name}`); like(r, x.row); }
}

function checkSummary(p: ParsedDocument, x: Record<string, any>): void {
  const [s] = sectionsOf<KubeletSummarySection>(p, 'kubelet-summary');
  assert.ok(s, 'a kubelet-summary section');
  for (const [k, v] of Object.entries(x.node ?? {})) assert.equal((s.node as unknown as Record<string, unknown>)?.[k], v, `node.memory.${k}`);
  if (x.systemContainers) assert.deepEqual(s.systemContainers.map((c) => c.name), x.systemContainers);
  if ('pods' in x) assert.equal(s.pods.length, x.pods ?? 0);
}

function checkNode(p: ParsedDocument, x: Record<string, any>): void {
  const [s] = sectionsOf<NodeDescribeSection>(p, 'node-describe');
  assert.ok(s, 'a node-describe section');
  if (x.capacityMemoryBytes !== undefined) assert.equal(s.capacity.memory?.bytes, x.capacityMemoryBytes);
  if (x.allocatableMemoryBytes !== undefined) assert.equal(s.allocatable.memory?.bytes, x.allocatableMemoryBytes);
  if ('memoryPressure' in x) assert.equal(s.conditions.find((c) => c.type === 'MemoryPressure')?.status ?? null, x.memoryPressure);
  if (x.memoryRequestsBytes !== undefined) assert.equal(s.allocated?.requests?.bytes, x.memoryRequestsBytes);
  if (x.memoryLimitsBytes !== undefined) assert.equal(s.allocated?.limits?.bytes, x.memoryLimitsBytes);
  if (x.nonTerminatedPods !== undefined) assert.equal(s.pods.length, x.nonTerminatedPods);
  for (const [reason, e] of Object.entries<Record<string, any>>(x.events ?? {})) {
    const evs = s.events.filter((y) => y.reason === reason);
    assert.ok(evs.length, `an event ${reason}`);
    if (e.count !== undefined) assert.equal(evs.reduce((t, y) => t + (y.count ?? 1), 0), e.count, `${reason} count`);
    if (e.age !== undefined) assert.ok(evs.some((y) => y.time?.startsWith(e.age)), `${reason} age ${e.age}`);
  }
}

function checkConfig(p: ParsedDocument, x: Record<string, any>): void {
  const [s] = sectionsOf<KubeletConfigSection>(p, 'kubelet-config');
  assert.ok(s, 'a kubelet-config section');
  for (const m of ['systemReserved', 'kubeReserved', 'evictionHard', 'evictionSoft', 'evictionSoftGracePeriod'] as const) {
    if (!(m in x)) continue;
    if (x[m] === null) { assert.deepEqual(Object.keys(s[m]), [], `${m} absent`); continue; }
    for (const [k, v] of Object.entries(x[m])) assert.equal(s[m][k]?.raw, v, `${m}.${k}`);
  }
  for (const k of ['enforceNodeAllocatable', 'memoryThrottlingFactor', 'cgroupDriver', 'memorySwap', 'failSwapOn', 'evictionMaxPodGracePeriod', 'evictionPressureTransitionPeriod']) {
    if (!(k in x)) continue;
    const v = x[k];
    const want = Array.isArray(v) ? v.join(',') : v !== null && typeof v === 'object' ? (Object.keys(v).length ? undefined : '{}') : String(v);
    if (want !== undefined) assert.equal(s.settings[k]?.raw, want, k);
  }
}

function samePod(want: string, e: K8sEvent): boolean {
  return want === e.pod || want === `${e.namespace}/${e.pod}` || (!!e.pod && want.endsWith(`/${e.pod}`));
}

function checkEvents(p: ParsedDocument, x: Record<string, any>): void {
  const all = [...sectionsOf<K8sEventsSection>(p, 'k8s-events').flatMap((s) => s.events), ...sectionsOf<NodeDescribeSection>(p, 'node-describe').flatMap((s) => s.events)];
  assert.ok(all.length, 'events read');
  // `kubectl get pods` shows a kill as the pod's STATUS, without the container; a describe of the same pod
  // names it: one kill, read twice.
  const described = new Set(all.filter((e) => e.reason === 'OOMKilled' && e.container !== undefined).map((e) => e.pod));
  const oom = all.filter((e) => e.reason === 'OOMKilled' && !(e.container === undefined && described.has(e.pod)));
  assert.equal(oom.length, (x.oomKilled ?? []).length, 'OOMKilled events');
  for (const o of x.oomKilled ?? []) {
    const hit = oom.find((e) => (o.pod == null || samePod(o.pod, e)) && (o.container == null || e.container === o.container));
    assert.ok(hit, `OOMKilled ${o.pod}/${o.container}`);
    if (o.exitCode !== undefined) assert.equal(hit.exitCode, o.exitCode);
    if (o.started) assert.equal(hit.started, o.started);
    if (o.finished) assert.equal(hit.finished, o.finished);
    if (o.initContainer) assert.equal(hit.initContainer, true);
  }
  const evicted = all.filter((e) => e.reason === 'Evicted');
  for (const v of x.evicted ?? []) {
    const hit = evicted.find((e) => (v.pod == null || samePod(v.pod, e)) && (v.container == null || e.container === v.container) && (v.reason == null || e.message === v.reason));
    assert.ok(hit, `Evicted ${JSON.stringify(v)} among ${JSON.stringify(evicted.map((e) => [e.pod, e.container]))}`);
    if (v.namespace) assert.equal(hit.namespace, v.namespace);
    if (v.usageBytes !== undefined) assert.equal(hit.usageBytes, v.usageBytes);
    if (v.requestBytes !== undefined) assert.equal(hit.requestBytes, v.requestBytes);
    if (v.thresholdBytes !== undefined) assert.equal(hit.thresholdBytes, v.thresholdBytes);
    if (v.availableBytes !== undefined) assert.equal(hit.observedBytes, v.availableBytes);
    if (v.resource) assert.equal(hit.resource, v.resource);
  }
  if (x.rankedForEviction) assert.deepEqual(all.find((e) => e.ranked)?.ranked, x.rankedForEviction);
  for (const [signal, o] of Object.entries<Record<string, number>>(x.observations ?? {})) {
    const hit = all.find((e) => e.signal === signal && e.observedBytes !== undefined);
    assert.ok(hit, `an observation of ${signal}`);
    assert.equal(hit.observedBytes, o.availableBytes);
    assert.equal(hit.capacityBytes, o.capacityBytes);
  }
}

const CHECK: Record<string, (p: ParsedDocument, x: Record<string, any>) => void> = {
  'kubectl-top': checkTop, 'kubelet-summary': checkSummary, 'node-describe': checkNode, 'kubelet-config': checkConfig, 'k8s-events': checkEvents,
};

describe('wild Kubernetes captures: each read as its kind, with the facts of its story', () => {
  test('the corpus is there, every story names a capture on disk and a known kind', () => {
    assert.ok(stories.length >= 30, `${stories.length} stories`);
    for (const s of stories) { assert.ok(existsSync(path.join(DIR, s.file)), s.file); assert.ok(CHECK[s.kind], s.kind); }
  });
  for (const s of stories) {
    test(`${path.basename(s.file)}`, () => {
      const p = parseDocument(read(s.file), { fileName: path.basename(s.file) });
      assert.ok(p.sections.some((x) => x.kind === s.kind), `a ${s.kind} section; got ${p.sections.map((x) => x.kind).join(', ')}`);
      CHECK[s.kind](p, s.expect ?? {});
      // No Kubernetes line is left to the kernel side as "not a capture".
      const k = p.sections.filter((x) => x.kind === s.kind);
      for (const pr of p.problems.filter((x) => x.severity === 'warning')) assert.ok(!k.some((x) => pr.line >= x.startLine && pr.line <= x.endLine && !/valid JSON|valid YAML/.test(pr.message)), `warning inside the block: ${pr.message}`);
      if (!s.pairedWith) return;
      // The node's own meminfo, pasted after it as one bundle: both are found, each on its own lines.
      const main = read(s.file).replace(/\n?$/, '\n');
      const paired = read(s.pairedWith);
      const b = parseDocument(main + paired);
      assert.ok(b.sections.some((x) => x.kind === s.kind), 'the Kubernetes side in the bundle');
      const mi = b.sections.find((x): x is KeyValueSection => x.kind === 'meminfo');
      const px = s.pairedExpect ?? {};
      if (px.MemTotalKiB !== undefined) {
        assert.ok(mi, 'the meminfo in the bundle');
        assert.ok(mi.startLine >= main.split('\n').length - 1, 'meminfo starts after the Kubernetes block');
        for (const [k, v] of Object.entries(px)) if (k.endsWith('KiB')) assert.equal(mi.byKey[k.slice(0, -3)]?.value, v, k);
      }
    });
  }
});
