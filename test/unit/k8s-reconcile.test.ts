/**
 * The Kubernetes side reconciled with the kernel (issue 11 §2–§4): the
 * breakdown, kubectl top against MemTotal − MemAvailable, eviction distance,
 * allocatable, the reservation advice and its round trip, and the kubernetes/…
 * rules. Files named fixture-… are written for these tests; test/wild/kubernetes
 * holds the real captures.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { analyzeText } from '../../src/analysis/analyze';
import type { KubeletConfigSection } from '../../src/model';
import { parseDocument } from '../../src/formats/parse';

const ROOT = path.join(__dirname, '..', '..');
const KI = 1024;
const MI = 1024 * 1024;
const read = (p: string) => readFileSync(path.join(ROOT, p), 'utf8');
const LEAK = read('fixtures/kubernetes/fixture-top-node-meminfo-slab-leak.txt');
const WILD = 'test/wild/kubernetes/captures';

const rulesOf = (text: string) => analyzeText(text).findings.filter((f) => f.rule.startsWith('kubernetes/'));

describe('reconciliation: kubectl top node beside /proc/meminfo', () => {
  const a = analyzeText(LEAK);
  const k = a.metrics.kubernetes!;

  test('kubectl top node is read, and its working set matches the runc ≥ 1.2 formula (anon + file − inactive_file)', () => {
    assert.equal(k.kubectlTop?.bytes, 900 * MI);
    assert.equal(k.kubectlTop?.percent, 23);
    assert.equal(k.kubectlTop?.line, 2);
    // AnonPages + Cached + Buffers − Inactive(file) = 634880 + 655360 + 20480 − 389120 kB = 900 MiB.
    assert.equal(a.metrics.meminfo?.kubelet?.workingSetBytes, (634880 + 655360 + 20480 - 389120) * KI);
    assert.match(k.formulaMatched ?? '', /anon \+ file/);
  });

  test('what kubectl top does not show is MemTotal − MemAvailable − working set, with its parts', () => {
    assert.equal(k.kernelUsedBytes, (4030464 - 786432) * KI);
    assert.equal(k.hiddenBytes, (4030464 - 786432) * KI - 900 * MI);
    const kernel = k.why.find((w) => /kernel memory/.test(w.label))!;
    assert.equal(kernel.bytes, (2201600 + 9216 + 12288 + 4096) * KI);
    assert.equal(k.why.find((w) => /active page cache/.test(w.label))!.bytes, -434176 * KI);
    assert.equal(k.why.reduce((t, w) => t + w.bytes, 0), k.hiddenBytes, 'the parts add up to the difference');
  });

  test('the breakdown adds up to MemTotal, and the kernel part is MemTotal − MemFree − Inactive(file) − working set', () => {
    const b = k.breakdown!;
    assert.equal(b.reduce((t, x) => t + x.bytes, 0), 4030464 * KI);
    assert.equal(b.find((x) => x.id === 'kernel')!.bytes, (4030464 - 262144 - 389120) * KI - 900 * MI);
    assert.equal(b.find((x) => x.id === 'free')!.line, 5);
    assert.equal(b.find((x) => x.id === 'page-cache')!.line, 15);
  });

  test('kubernetes/top-hides-kernel fires on the kubectl top row with the hidden share; reservation-too-small too', () => {
    const f = a.findings.find((x) => x.rule === 'kubernetes/top-hides-kernel')!;
    assert.equal(f.line, 2);
    assert.equal(f.severity, 'warning');
    assert.equal(f.data!.bytes, k.hiddenBytes);
    assert.ok(f.related?.some((r) => r.line === 28), 'SUnreclaim is a related line');
    assert.ok(a.findings.some((x) => x.rule === 'kubernetes/reservation-too-small'));
  });

  test('eviction distance uses the kubelet default (100Mi) when no config is captured, and says so', () => {
    const hard = k.eviction!.thresholds[0];
    assert.equal(hard.isDefault, true);
    assert.equal(hard.bytes, 100 * MI);
    assert.equal(k.eviction!.available.bytes, 4030464 * KI - 900 * MI);
    assert.equal(hard.distanceBytes, 4030464 * KI - 900 * MI - 100 * MI);
  });

  test('reservation advice: systemReserved = unreclaimable kernel memory rounded up to 128 MiB; says what it does not know', () => {
    const r = k.advice.reservation!;
    const kernel = (2201600 + 9216 + 12288 + 4096) * KI;
    assert.equal(r.systemReservedBytes, Math.ceil(kernel / (128 * MI)) * 128 * MI);
    assert.equal(r.kubeReservedBytes, 128 * MI);
    assert.match(r.snippet, /^apiVersion: kubelet.config.k8s.io\/v1beta1\nkind: KubeletConfiguration\nsystemReserved:\n  memory: 2176Mi\nkubeReserved:\n  memory: 128Mi\nevictionHard:\n  memory.available: 100Mi\n$/);
    assert.ok(r.unknown.some((u) => /Summary API/.test(u)));
    assert.ok(r.unknown.some((u) => /growth/.test(u)));
  });

  test('round trip: the advised snippet read back and applied to the same node gives positive allocatable and eviction distance, and no reservation finding', () => {
    const snippet = a.metrics.kubernetes!.advice.reservation!.snippet;
    const cfg = parseDocument(snippet).sections.find((s): s is KubeletConfigSection => s.kind === 'kubelet-config');
    assert.ok(cfg, 'the snippet reads as a KubeletConfiguration');
    assert.equal(cfg.systemReserved.memory.bytes, 2176 * MI);
    // The same node, with the advice applied: kubectl top's MEMORY% changes with allocatable, so the row gives no percent.
    const applied = `${LEAK.replace(/ {3}23%$/m, '')}$ cat /var/lib/kubelet/config.yaml\n${snippet}`;
    const b = analyzeText(applied);
    const kb = b.metrics.kubernetes!;
    assert.equal(kb.allocatable!.computedBytes, 4030464 * KI - 2176 * MI - 128 * MI - 100 * MI);
    assert.ok(kb.allocatable!.computedBytes! > 0);
    const obs = kb.observedSystem!.totalBytes;
    // Pods filling allocatable leave capacity − allocatable for the kernel and daemons.
    const availableWhenFull = 4030464 * KI - kb.allocatable!.computedBytes! - obs;
    assert.ok(availableWhenFull - 100 * MI >= 0, 'eviction distance stays positive');
    assert.equal(kb.advice.reservation!.projected!.evictionDistanceBytes, availableWhenFull - 100 * MI);
    assert.ok(!b.findings.some((f) => f.rule === 'kubernetes/reservation-too-small'), 'the advised reservation covers what was observed');
  });
});

describe('kubernetes rules on fixtures', () => {
  const summary = (node: Record<string, number>, pods: { name: string; ns: string; ws: number; rss: number }[]) => JSON.stringify({
    node: { nodeName: 'node-1', systemContainers: [{ name: 'kubelet', memory: { workingSetBytes: 80 * MI } }, { name: 'runtime', memory: { workingSetBytes: 60 * MI } }], memory: node },
    pods: pods.map((p) => ({ podRef: { name: p.name, namespace: p.ns, uid: `uid-${p.name}` }, memory: { workingSetBytes: p.ws, rssBytes: p.rss, usageBytes: p.ws }, containers: [] })),
  }, null, 2);
  const config = (hard: string, soft?: string) => `apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nevictionHard:\n  memory.available: ${hard}\n${soft ? `evictionSoft:\n  memory.available: ${soft}\nevictionSoftGracePeriod:\n  memory.available: 1m30s\n` : ''}`;

  test('eviction-near: critical below the hard threshold, warning below a soft one, silent far from both', () => {
    const below = `$ kubectl get --raw /api/v1/nodes/node-1/proxy/stats/summary\n${summary({ availableBytes: 50 * MI, workingSetBytes: 3900 * MI }, [])}\n$ cat config.yaml\n${config('100Mi')}`;
    const f = rulesOf(below).find((x) => x.rule === 'kubernetes/eviction-near')!;
    assert.equal(f.severity, 'critical');
    assert.equal(f.data!.distanceBytes, -50 * MI);
    const soft = `${summary({ availableBytes: 400 * MI, workingSetBytes: 3500 * MI }, [])}\n${config('100Mi', '500Mi')}`;
    assert.equal(rulesOf(soft).find((x) => x.rule === 'kubernetes/eviction-near')?.severity, 'warning');
    const far = `${summary({ availableBytes: 3000 * MI, workingSetBytes: 900 * MI }, [])}\n${config('100Mi', '500Mi')}`;
    assert.ok(!rulesOf(far).some((x) => x.rule === 'kubernetes/eviction-near'));
  });

  test('pod-near-limit and working-set-page-cache: from the Summary API working set and RSS against the limit describe pod gives', () => {
    const text = `${summary({ availableBytes: 3000 * MI, workingSetBytes: 900 * MI }, [{ name: 'web-1', ns: 'shop', ws: 490 * MI, rss: 120 * MI }, { name: 'db-0', ns: 'shop', ws: 100 * MI, rss: 90 * MI }])}
$ kubectl describe pod web-1 -n shop
Name:             web-1
Namespace:        shop
QoS Class:        Burstable
Containers:
  app:
    Limits:
      memory:  512Mi
    Requests:
      memory:     256Mi
`;
    const fs = rulesOf(text);
    const near = fs.find((x) => x.rule === 'kubernetes/pod-near-limit')!;
    assert.equal(near.severity, 'warning');
    assert.equal(near.data!.limitBytes, 512 * MI);
    assert.match(near.message, /shop\/web-1/);
    const cache = fs.find((x) => x.rule === 'kubernetes/working-set-page-cache')!;
    assert.equal(cache.severity, 'warning');
    assert.ok(Math.abs(cache.data!.cacheShare - (490 - 120) / 490) < 1e-9);
    assert.ok(!fs.some((x) => /db-0/.test(x.message)), 'a pod without a limit is not judged against one');
    const a = analyzeText(text);
    assert.ok(a.metrics.kubernetes!.advice.memoryQos?.pods.includes('shop/web-1'));
  });

  test('limits-overcommit: info above 100 % of allocatable, warning above 150 %, silent below', () => {
    const describe = (pct: number) => `Name:               node-1\nRoles:              <none>\nCapacity:\n  memory:             4030464Ki\nAllocatable:\n  memory:             3928064Ki\nAllocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n  Resource           Requests     Limits\n  --------           --------     ------\n  cpu                950m (47%)   2 (100%)\n  memory             1000Mi (26%)  ${Math.round(3836 * pct / 100)}Mi (${pct}%)\n`;
    assert.equal(rulesOf(describe(120)).find((x) => x.rule === 'kubernetes/limits-overcommit')?.severity, 'info');
    assert.equal(rulesOf(describe(180)).find((x) => x.rule === 'kubernetes/limits-overcommit')?.severity, 'warning');
    assert.ok(!rulesOf(describe(80)).some((x) => x.rule === 'kubernetes/limits-overcommit'));
  });
});

describe('kubernetes rules on real captures (test/wild/kubernetes)', () => {
  test('a describe pod whose init container was OOMKilled (exit code 137) is one critical pod-oomkilled finding on its Reason line', () => {
    const text = read(`${WILD}/k8s-events-describe-pod-init-container-oomkilled-spacelift-kind.txt`);
    const fs = rulesOf(text).filter((f) => f.rule === 'kubernetes/pod-oomkilled');
    assert.equal(fs.length, 1, fs.map((f) => f.message).join('\n'));
    assert.equal(fs[0].severity, 'critical');
    assert.match(text.split('\n')[fs[0].line], /OOMKilled/);
    assert.match(fs[0].message, /01hps85j6srg37dg6fgnrzghmm-preparing-2/);
  });

  test('a kubectl top node row beside the same node\'s partial meminfo: no hidden-memory alarm from absent keys', () => {
    const top = read(`${WILD}/kubectl-top-node-aks-single-64pct-vs-meminfo-16g.txt`);
    const mi = read(`${WILD}/kubectl-top-node-aks-single-64pct-vs-meminfo-16g-meminfo.txt`);
    const a = analyzeText(`${top}\n${mi}`);
    const k = a.metrics.kubernetes!;
    assert.equal(k.kubectlTop?.bytes, 8153 * MI);
    // Working set 8153Mi is more than MemTotal − MemAvailable: it counts page cache the kernel can reclaim.
    assert.equal(k.hiddenBytes, (16393712 - 12920900) * KI - 8153 * MI);
    assert.ok(k.hiddenBytes! < 0);
    assert.ok(!a.findings.some((f) => f.rule === 'kubernetes/top-hides-kernel'));
    assert.equal(k.advice.reservation, undefined, 'no advice from a meminfo without its kernel keys');
  });
});

describe('reservation advice over a series', () => {
  test('SUnreclaim growing 100 MiB a day over ten daily captures adds its growth over the horizon to systemReserved', () => {
    const mi = LEAK.slice(LEAK.indexOf('$ cat /proc/meminfo'));
    const top = LEAK.slice(0, LEAK.indexOf('$ cat /proc/meminfo'));
    const days = Array.from({ length: 10 }, (_, d) => {
      const sun = 2201600 + d * 100 * 1024;
      return `$ date -Is\n2026-11-${String(d + 1).padStart(2, '0')}T00:00:00+00:00\n${mi.replace(/^SUnreclaim:\s+\d+ kB$/m, `SUnreclaim:      ${sun} kB`)}`;
    }).join('');
    const a = analyzeText(`${days}${top}`);
    const r = a.metrics.kubernetes!.advice.reservation!;
    const growth = r.arithmetic.find((l) => /growth over 30 days/.test(l.label))!;
    assert.ok(Math.abs(growth.bytes - 30 * 100 * MI) < MI, `growth ${growth.bytes}`);
    // The last capture's kernel memory plus 30 days of growth, rounded up to 128 MiB.
    const kernel = (2201600 + 9 * 100 * 1024 + 9216 + 12288 + 4096) * KI;
    assert.equal(r.systemReservedBytes, Math.ceil((kernel + growth.bytes) / (128 * MI)) * 128 * MI);
    assert.ok(r.basedOn.some((b) => /series of 10 captures/.test(b)));
  });
});

describe('kubectl top node at or above allocatable (real captures)', () => {
  test('rows at 101 %, 109 % and 100 % earn eviction-near on their own line; rows below stay silent', () => {
    for (const [file, names] of [['kubectl-top-node-aks-6-nodes-101pct.txt', 1], ['kubectl-top-node-aks-web-109pct.txt', 1], ['kubectl-top-node-kubeedge-4-nodes-rpi-edge.txt', 0], ['kubectl-top-node-heapster-10-nodes-working-set.txt', 0]] as const) {
      const text = read(`${WILD}/${file}`);
      const fs = rulesOf(text).filter((f) => f.rule === 'kubernetes/eviction-near');
      assert.equal(fs.length, names, `${file}: ${fs.map((f) => f.message).join(' | ')}`);
      for (const f of fs) { assert.equal(f.severity, 'warning'); assert.ok(f.data!.memoryPercent >= 100); assert.match(text.split('\n')[f.line], new RegExp(`${f.data!.memoryPercent}%`)); }
    }
  });
});

describe('eviction stories in real kubelet logs and events', () => {
  test('memory evictions are critical; the eviction manager\'s observations (92 % free) and a disk eviction raise nothing', () => {
    const cases: [string, boolean][] = [
      ['k8s-events-openshift-ci-evicted-memory-threshold-100mi-48g-consumer.txt', true],
      ['k8s-events-k8s-107-istio-citadel-evicted-describe-message.txt', true],
      ['k8s-events-kubelet-eviction-observations-memory-available-64g-partial.txt', false],
      ['k8s-events-kubelet-eviction-manager-ranked-evicted-ephemeral-storage-partial.txt', false],
    ];
    for (const [file, evicted] of cases) {
      const fs = rulesOf(read(`${WILD}/${file}`)).filter((f) => f.rule === 'kubernetes/eviction-near');
      assert.equal(fs.length > 0, evicted, `${file}: ${fs.map((f) => f.message).join(' | ')}`);
      if (evicted) assert.ok(fs.every((f) => f.severity === 'critical'));
    }
    const oc = rulesOf(read(`${WILD}/k8s-events-openshift-ci-evicted-memory-threshold-100mi-48g-consumer.txt`)).find((f) => f.rule === 'kubernetes/eviction-near')!;
    assert.equal(oc.data!.thresholdBytes, 100 * MI);
    assert.equal(oc.data!.availableBytes, 87608 * KI);
  });
});
