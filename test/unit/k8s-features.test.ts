// Hovers, outline and paste detection on Kubernetes output (issue 11 §1), on fixtures written for these tests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createKmemService } from '../../src';
import { parseDocument } from '../../src/formats/parse';
import { languageFor } from '../../src/features/detectLanguage';
import { LineIndex } from '../../src/features/locate';
import { lookupKnowledge } from '../../src/knowledge';

const svc = createKmemService();
const fx = (name: string) => readFileSync(path.join(process.cwd(), 'fixtures', 'kubernetes', name), 'utf8');

/** Hover on `line` at the first occurrence of `needle` on it (offset `plus` into it). */
function hoverOn(text: string, line: number, needle: string, plus = 1) {
  const d = svc.analyse(`file:///k${line}${needle}`, 1, text);
  const col = text.split('\n')[line].indexOf(needle);
  assert.ok(col >= 0, `${needle} on line ${line}`);
  return svc.hover(d, line, col + plus);
}

test('kubectl top: MEMORY(bytes) cell shows the working-set entry and the value in MiB; MEMORY% explains allocatable', () => {
  const text = fx('fixture-bundle-top-node-meminfo.txt');
  const h = hoverOn(text, 2, '11520Mi');
  assert.match(h?.contents ?? '', /\*\*MEMORY\(bytes\)\*\* — Working set memory/);
  assert.match(h?.contents ?? '', /\*\*11\.3 GiB\*\* — `11520Mi`/);
  assert.match(h?.contents ?? '', /node ip-10-0-3-17\.ec2\.internal/);
  assert.deepEqual(h?.range, { start: { line: 2, character: 50 }, end: { line: 2, character: 57 } });
  const pct = hoverOn(text, 2, '78%');
  assert.match(pct?.contents ?? '', /ALLOCATABLE/);
  assert.match(pct?.contents ?? '', /\*\*78 %\*\*/);
  const head = hoverOn(text, 1, 'MEMORY%');
  assert.match(head?.contents ?? '', /^\*\*MEMORY%\*\*/);
  // The meminfo below keeps its own hovers.
  assert.match(hoverOn(text, 5, 'MemTotal')?.contents ?? '', /MemTotal/);
});

test('Summary API: hovering a memory key or its value explains it, with the value in human units and whose it is', () => {
  const text = fx('fixture-summary-truncated.json');
  const v = hoverOn(text, 20, '6442450944');
  assert.match(v?.contents ?? '', /\*\*workingSetBytes\*\* — Working set/);
  assert.match(v?.contents ?? '', /\*\*6\.00 GiB\*\*/);
  assert.match(v?.contents ?? '', /node worker-1/);
  const k = hoverOn(text, 9, 'workingSetBytes');
  assert.match(k?.contents ?? '', /system container kubelet/);
  assert.match(k?.contents ?? '', /70\.0 MiB/);
});

test('describe node: allocatable memory, a condition, the allocated row and an event all hover', () => {
  const text = fx('fixture-describe-node-pressure.txt');
  assert.match(hoverOn(text, 13, '15306880Ki')?.contents ?? '', /\*\*allocatable\.memory\*\*[^]*\*\*14\.6 GiB\*\*/);
  assert.match(hoverOn(text, 6, 'MemoryPressure')?.contents ?? '', /Memory pressure condition[^]*`True`/);
  assert.match(hoverOn(text, 29, '1540Mi')?.contents ?? '', /Memory Limits[^]*1\.50 GiB[^]*9 % of allocatable/);
  assert.match(hoverOn(text, 35, 'SystemOOM')?.contents ?? '', /System OOM/);
});

test('kubelet config: an eviction threshold and a grace period hover with their values', () => {
  const text = fx('fixture-kubelet-config-memoryqos.yaml');
  assert.match(hoverOn(text, 14, '100Mi')?.contents ?? '', /memory\.available[^]*\*\*100 MiB\*\*[^]*evictionHard/);
  assert.match(hoverOn(text, 19, '1m30s')?.contents ?? '', /`1m30s`/);
  assert.match(hoverOn(text, 23, 'memoryThrottlingFactor', 3)?.contents ?? '', /memory\.high/);
});

test('events: an Evicted row decodes threshold, available and usage', () => {
  const text = fx('fixture-events-and-kubelet-log.txt');
  const h = hoverOn(text, 2, 'Evicted');
  assert.match(h?.contents ?? '', /\*\*Evicted\*\* — Pod evicted/);
  assert.match(h?.contents ?? '', /threshold \*\*100 MiB\*\*/);
  assert.match(h?.contents ?? '', /available \*\*89\.2 MiB\*\*/);
  assert.match(h?.contents ?? '', /container using \*\*1\.65 GiB\*\*/);
});

test('every column, memory key and config key the parsers read has a knowledge entry', () => {
  for (const c of ['NAME', 'NAMESPACE', 'POD', 'CPU(cores)', 'CPU%', 'CPU(%)', 'MEMORY(bytes)', 'MEMORY%', 'MEMORY(%)']) assert.ok(lookupKnowledge('kubectl-top', c), c);
  for (const k of ['time', 'availableBytes', 'usageBytes', 'workingSetBytes', 'rssBytes', 'pageFaults', 'majorPageFaults']) assert.ok(lookupKnowledge('kubelet-summary', k), k);
  for (const k of ['systemReserved', 'kubeReserved', 'evictionHard', 'evictionSoft', 'evictionSoftGracePeriod', 'enforceNodeAllocatable', 'memoryThrottlingFactor', 'cgroupDriver', 'cgroupsPerQOS', 'evictionMinimumReclaim', 'evictionPressureTransitionPeriod', 'systemReservedCgroup', 'kubeReservedCgroup', 'memorySwap', 'featureGates.MemoryQoS', 'memory.available', 'nodefs.available']) assert.ok(lookupKnowledge('kubelet-config', k), k);
  for (const r of ['Evicted', 'OOMKilling', 'SystemOOM', 'OOMKilled', 'EvictionThresholdMet', 'NodeHasInsufficientMemory', 'Killing']) assert.ok(lookupKnowledge('k8s-events', r), r);
  for (const k of ['Capacity', 'Allocatable', 'capacity.memory', 'allocatable.memory', 'MemoryPressure', 'Allocated resources', 'Events']) assert.ok(lookupKnowledge('node-describe', k), k);
});

test('the line index puts every cell of a top row on its line', () => {
  const p = parseDocument(fx('fixture-top-pod-all-namespaces-containers.txt'));
  const item = new LineIndex(p.sections).at(5);
  assert.equal(item.type, 'k8s');
  if (item.type === 'k8s') assert.deepEqual(item.hits.map((h) => h.key), ['NAMESPACE', 'POD', 'NAME', 'CPU(cores)', 'MEMORY(bytes)']);
});

test('outline: one symbol per section, a child per top row and per event', () => {
  const d = svc.analyse('file:///sym', 1, fx('fixture-bundle-top-node-meminfo.txt'));
  const syms = svc.symbols(d);
  assert.equal(syms.length, 2);
  assert.deepEqual(syms[0].children?.map((c) => c.name), ['ip-10-0-3-17.ec2.internal', 'ip-10-0-3-18.ec2.internal']);
  const ev = svc.symbols(svc.analyse('file:///ev', 1, fx('fixture-events-and-kubelet-log.txt')));
  assert.ok(ev[0].children?.some((c) => c.name === 'Evicted web-1 (app)'));
});

test('paste detection: a lone kubectl top table or Summary JSON is strong evidence; random YAML or JSON is not', () => {
  assert.equal(languageFor(parseDocument('NAME       CPU(cores)   CPU%   MEMORY(bytes)   MEMORY%\nworker-1   250m         6%     3936Mi          52%\n')), 'kmem-snapshot');
  assert.equal(languageFor(parseDocument('{\n "node": {\n  "nodeName": "n1",\n  "memory": {"workingSetBytes": 1024, "usageBytes": 2048}\n }\n}\n')), 'kmem-snapshot');
  assert.equal(languageFor(parseDocument('NAME       CPU(cores)   CPU%   MEMORY(bytes)   MEMORY%\n')), undefined, 'a header alone is not enough');
  assert.equal(languageFor(parseDocument('apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n')), undefined);
  assert.equal(languageFor(parseDocument('{\n  "name": "web",\n  "version": "1.0.0",\n  "dependencies": {"yaml": "2.9.1"}\n}\n')), undefined);
  assert.equal(languageFor(parseDocument('name: web\nreplicas: 3\nimage: nginx\n')), undefined);
});

test('the kubectl top node row that is reconciled carries the kernel side and the reservation arithmetic in its hover; other lines do not', () => {
  const text = fx('fixture-top-node-meminfo-slab-leak.txt');
  const h = hoverOn(text, 2, '900Mi')?.contents ?? '';
  assert.match(h, /\*\*Beside the kernel\*\*/);
  assert.match(h, /MemTotal − MemAvailable = \*\*3\.09 GiB\*\*; the working set \(900 MiB\) leaves out \*\*2\.21 GiB\*\* \(58 % of MemTotal\)/);
  assert.match(h, /\+2\.12 GiB kernel memory the working set leaves out/);
  assert.match(h, /\*\*Reservation advice:\*\* systemReserved\.memory 2176Mi, kubeReserved\.memory 128Mi, evictionHard 100Mi/);
  assert.doesNotMatch(hoverOn(text, 1, 'MEMORY%')?.contents ?? '', /Beside the kernel/);
});
