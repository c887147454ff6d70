// The Kubernetes parsers (issue 11 §1): quantities, each kind on its fixture, spans and problems.
// Every file read here is a fixture written for these tests (fixtures/kubernetes/fixture-*), not a capture.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from '../../src/formats/parse';
import { k8sValue, millicores, quantityValue } from '../../src/formats/kubernetes/quantity';
import type { K8sEventsSection, KubectlTopSection, KubeletConfigSection, KubeletSummarySection, NodeDescribeSection, ParsedDocument, Section, Span } from '../../src/model';

const DIR = path.join(process.cwd(), 'fixtures', 'kubernetes');
const read = (name: string) => readFileSync(path.join(DIR, name), 'utf8');
const lines = (name: string) => read(name).split('\n');
function only<T extends Section>(p: ParsedDocument, kind: T['kind']): T {
  const s = p.sections.filter((x) => x.kind === kind);
  assert.equal(s.length, 1, `one ${kind} section, got ${p.sections.map((x) => x.kind).join(', ')}`);
  return s[0] as T;
}
/** The text a span covers, on the fixture's own line. */
const at = (ls: string[], sp: Span) => ls[sp.line].slice(sp.start, sp.end);

describe('quantities (k8s.io/apimachinery resource.Quantity)', () => {
  test('binary, decimal, milli and exponent suffixes; raw numbers; quoted values', () => {
    assert.equal(quantityValue('616Mi'), 616 * 2 ** 20);
    assert.equal(quantityValue('12Gi'), 12 * 2 ** 30);
    assert.equal(quantityValue('1024Ki'), 2 ** 20);
    assert.equal(quantityValue('0Mi'), 0);
    assert.equal(quantityValue('1Ti'), 2 ** 40);
    assert.equal(quantityValue('2Pi'), 2 * 2 ** 50);
    assert.equal(quantityValue('1Ei'), 2 ** 60);
    assert.equal(quantityValue('500M'), 500e6);
    assert.equal(quantityValue('1k'), 1000);
    assert.equal(quantityValue('3G'), 3e9);
    assert.equal(quantityValue('2T'), 2e12);
    assert.equal(quantityValue('1P'), 1e15);
    assert.equal(quantityValue('1E'), 1e18);
    assert.equal(quantityValue('1e9'), 1e9);
    assert.equal(quantityValue('129e6'), 129e6);
    assert.equal(quantityValue('1.5Gi'), 1.5 * 2 ** 30);
    assert.equal(quantityValue('1073741824'), 1073741824);
    assert.equal(quantityValue('"256Mi"'), 256 * 2 ** 20);
    assert.equal(quantityValue('100m'), 0.1);
    assert.ok(Number.isNaN(quantityValue('<unknown>')));
    assert.ok(Number.isNaN(quantityValue('12 Mi')));
    assert.ok(Number.isNaN(quantityValue('Mi')));
    assert.equal(millicores('303m'), 303);
    assert.equal(millicores('2'), 2000);
  });
  test('settings: percentages, quantities, durations kept raw', () => {
    const sp = { line: 0, start: 0, end: 1 };
    assert.deepEqual(k8sValue('10%', sp), { raw: '10%', span: sp, percent: 10 });
    assert.deepEqual(k8sValue('100Mi', sp), { raw: '100Mi', span: sp, bytes: 104857600 });
    assert.deepEqual(k8sValue('1m30s', sp, true), { raw: '1m30s', span: sp });
    assert.deepEqual(k8sValue('1m30s', sp), { raw: '1m30s', span: sp });
  });
});

describe('kubectl top', () => {
  test('a bundle: `$ kubectl top node` then `$ cat /proc/meminfo`, both found on their lines', () => {
    const name = 'fixture-bundle-top-node-meminfo.txt';
    const p = parseDocument(read(name));
    assert.deepEqual(p.sections.map((s) => [s.index, s.kind, s.headerLine, s.startLine, s.endLine]), [[0, 'kubectl-top', 0, 1, 3], [1, 'meminfo', 4, 5, 11]]);
    const top = p.sections[0] as KubectlTopSection;
    assert.equal(top.source, 'kubectl top node');
    assert.equal(top.detectedBy, 'prompt');
    assert.equal(top.target, 'node');
    assert.equal(top.tableLine, 1);
    assert.deepEqual(top.columns.map((c) => c.name), ['NAME', 'CPU(cores)', 'CPU%', 'MEMORY(bytes)', 'MEMORY%']);
    const [a, b] = top.rows;
    assert.equal(a.name, 'ip-10-0-3-17.ec2.internal');
    assert.equal(a.cpuMillicores, 612);
    assert.equal(a.cpuPercent, 15);
    assert.equal(a.memory?.bytes, 11520 * 2 ** 20);
    assert.equal(a.memoryPercent, 78);
    assert.equal(at(lines(name), a.memory!.span), '11520Mi');
    assert.equal(at(lines(name), a.memoryPercentSpan!), '78%');
    assert.equal(b.memory, undefined);
    const info = p.problems.filter((x) => x.line === 3);
    assert.equal(info.length, 1);
    assert.equal(info[0].severity, 'info');
    assert.match(info[0].message, /not available yet for node ip-10-0-3-18/);
    assert.equal(lines(name)[3].slice(info[0].start, info[0].end), '<unknown>');
    // The prompt is the section's header: no "not a capture" warning, no unknown section.
    assert.ok(!p.problems.some((x) => x.severity === 'warning'));
    const mi = p.sections[1] as Section & { byKey: Record<string, { bytes?: number }> };
    assert.equal(mi.byKey.MemTotal.bytes, 16393216 * 1024);
  });
  test('-A --containers: namespace, pod and container; Ki and Gi', () => {
    const name = 'fixture-top-pod-all-namespaces-containers.txt';
    const top = only<KubectlTopSection>(parseDocument(read(name)), 'kubectl-top');
    assert.equal(top.target, 'container');
    assert.deepEqual(top.rows.map((r) => [r.namespace, r.pod, r.name, r.memory?.bytes]), [
      ['default', 'web-5d9c7b8f6d-x2x9q', 'app', 616 * 2 ** 20], ['default', 'web-5d9c7b8f6d-x2x9q', 'istio-proxy', 64 * 2 ** 20],
      ['kube-system', 'coredns-5d78c9869d-abcde', 'coredns', 2 ** 20], ['monitoring', 'prometheus-k8s-0', 'prometheus', 12 * 2 ** 30]]);
    assert.equal(at(lines(name), top.rows[0].nameSpan), 'app');
    assert.deepEqual(top.rows[3].cells.map((c) => [c.column, at(lines(name), c.span)]), [['NAMESPACE', 'monitoring'], ['POD', 'prometheus-k8s-0'], ['NAME', 'prometheus'], ['CPU(cores)', '250m'], ['MEMORY(bytes)', '12Gi']]);
  });
  test('newer headers CPU(%) / MEMORY(%), whole cores, alone in a document', () => {
    const top = only<KubectlTopSection>(parseDocument(read('fixture-top-node-new-headers.txt')), 'kubectl-top');
    assert.equal(top.target, 'node');
    assert.deepEqual(top.rows.map((r) => [r.cpuMillicores, r.cpuPercent, r.memory?.bytes, r.memoryPercent]), [[1250, 31, 3936 * 2 ** 20, 52], [2000, 50, 0, 0]]);
  });
  test('a row with a cell too few is a problem on its line, and the table goes on', () => {
    const p = parseDocument('NAME CPU(cores) MEMORY(bytes)\nweb-1 3m 415Mi\n');
    assert.equal(only<KubectlTopSection>(p, 'kubectl-top').rows.length, 1);
    const q = parseDocument('NAME   CPU(cores)   MEMORY(bytes)\nweb-1  3m           415Mi\nweb-2  12Mi\n');
    assert.equal((q.sections[0] as KubectlTopSection).rows.length, 1);
  });
});

describe('kubelet Summary API', () => {
  test('a cut paste keeps what was read, says where it breaks, and drops the cut number', () => {
    const name = 'fixture-summary-truncated.json';
    const p = parseDocument(read(name));
    const s = only<KubeletSummarySection>(p, 'kubelet-summary');
    assert.equal(s.nodeName, 'worker-1');
    assert.equal(s.node?.workingSetBytes, 6442450944);
    assert.equal(s.node?.availableBytes, 1073741824);
    assert.equal(s.node?.majorPageFaults, 789);
    assert.equal(s.node?.time, '2026-01-02T03:04:05Z');
    assert.equal(at(lines(name), s.node!.spans.workingSetBytes), '6442450944');
    assert.equal(at(lines(name), s.node!.keySpans!.workingSetBytes), '"workingSetBytes"');
    assert.equal(s.node?.line, 16);
    assert.deepEqual(s.systemContainers.map((c) => [c.name, c.memory?.workingSetBytes]), [['kubelet', 73400320]]);
    assert.equal(s.pods.length, 1);
    assert.deepEqual([s.pods[0].name, s.pods[0].namespace, s.pods[0].uid], ['web-1', 'default', '0b5d1c2a-0000-4000-8000-000000000001']);
    assert.equal(s.pods[0].containers[0].name, 'app');
    assert.equal(s.pods[0].containers[0].memory?.workingSetBytes, undefined, 'the last number of a cut paste may itself be cut');
    const w = p.problems.filter((x) => x.severity === 'warning');
    assert.equal(w.length, 1);
    assert.equal(w[0].line, 37);
    assert.match(w[0].message, /stops being valid JSON/);
  });
  test('any prefix of a Summary never throws', () => {
    const text = read('fixture-summary-truncated.json');
    for (let n = 0; n < text.length; n += 7) parseDocument(text.slice(0, n));
  });
});

describe('describe node and Node objects', () => {
  test('describe node: capacity, allocatable, conditions, system info, pods, allocated, events', () => {
    const name = 'fixture-describe-node-pressure.txt';
    const p = parseDocument(read(name));
    const s = only<NodeDescribeSection>(p, 'node-describe');
    assert.equal(s.format, 'describe');
    assert.equal(s.headerLine, 0);
    assert.equal(s.source, 'kubectl describe node worker-1');
    assert.equal(s.nodeName, 'worker-1');
    assert.equal(s.nodeNameLine, 1);
    assert.equal(s.capacity.memory.bytes, 16393216 * 1024);
    assert.equal(s.capacity.memory.line, 10);
    assert.equal(at(lines(name), s.capacity.memory.span), '16393216Ki');
    assert.equal(s.allocatable.memory.bytes, 15306880 * 1024);
    assert.deepEqual(s.conditions.map((c) => [c.type, c.status, c.reason, c.line]), [['MemoryPressure', 'True', 'KubeletHasInsufficientMemory', 6], ['Ready', 'True', 'KubeletReady', 7]]);
    assert.equal(s.conditions[0].message, 'kubelet has insufficient memory available');
    assert.equal(s.systemInfo.kernelVersion.value, '6.1.0-18-amd64');
    assert.equal(s.systemInfo.containerRuntimeVersion.value, 'containerd://1.7.13');
    assert.equal(s.systemInfo.kubeletVersion.value, 'v1.29.2');
    assert.equal(s.systemInfo.osImage.value, 'Debian GNU/Linux 12 (bookworm)');
    assert.deepEqual(s.pods.map((x) => [x.namespace, x.name, x.memoryRequests?.bytes, x.memoryLimits?.bytes]), [['default', 'web-1', 256 * 2 ** 20, 2 ** 30], ['kube-system', 'coredns-abc', 70 * 2 ** 20, 170 * 2 ** 20]]);
    assert.equal(at(lines(name), s.pods[0].memoryRequests!.span), '256Mi');
    assert.equal(s.allocated?.line, 29);
    assert.deepEqual([s.allocated?.requests?.bytes, s.allocated?.requestsPercent, s.allocated?.limits?.bytes, s.allocated?.limitsPercent], [1130 * 2 ** 20, 7, 1540 * 2 ** 20, 9]);
    assert.deepEqual(s.events.map((e) => [e.type, e.reason, e.time, e.line]), [['Warning', 'EvictionThresholdMet', '5m', 33], ['Normal', 'NodeHasInsufficientMemory', '5m (x2 over 6m)', 34], ['Warning', 'SystemOOM', '4m', 35]]);
    assert.equal(s.events[1].count, 2);
    assert.equal(s.events[2].node, 'worker-1');
    assert.equal(s.events[2].message, 'System OOM encountered, victim process: java, pid: 4242');
    assert.deepEqual(p.problems, []);
  });
  test('kubectl get node -o yaml', () => {
    const name = 'fixture-node-get-yaml.yaml';
    const s = only<NodeDescribeSection>(parseDocument(read(name)), 'node-describe');
    assert.equal(s.format, 'yaml');
    assert.equal(s.nodeName, 'worker-1');
    assert.equal(s.capacity.memory.bytes, 16393216 * 1024);
    assert.equal(s.allocatable.memory.bytes, 15306880 * 1024);
    assert.equal(at(lines(name), s.allocatable.memory.span), '15306880Ki');
    assert.equal(s.allocatable.memory.line, 9);
    assert.deepEqual(s.conditions.map((c) => [c.type, c.status, c.reason]), [['MemoryPressure', 'True', 'KubeletHasInsufficientMemory'], ['Ready', 'True', 'KubeletReady']]);
    assert.equal(s.systemInfo.kernelVersion.value, '6.1.0-18-amd64');
  });
  test('kubectl get node -o json', () => {
    const name = 'fixture-node-get-json.json';
    const s = only<NodeDescribeSection>(parseDocument(read(name)), 'node-describe');
    assert.equal(s.format, 'json');
    assert.equal(s.nodeName, 'worker-2');
    assert.equal(s.allocatable.memory.bytes, 7869736 * 1024);
    assert.equal(at(lines(name), s.capacity.memory.span), '"8162600Ki"');
    assert.deepEqual(s.conditions.map((c) => [c.type, c.status]), [['MemoryPressure', 'False']]);
  });
});

describe('kubelet configuration', () => {
  test('KubeletConfiguration YAML: reservations, thresholds, grace periods and settings', () => {
    const name = 'fixture-kubelet-config-memoryqos.yaml';
    const s = only<KubeletConfigSection>(parseDocument(read(name)), 'kubelet-config');
    assert.equal(s.format, 'yaml');
    assert.equal(s.systemReserved.memory.bytes, 2 ** 30);
    assert.equal(s.systemReserved.cpu.raw, '500m');
    assert.equal(s.systemReserved.cpu.bytes, undefined, 'cpu is not bytes');
    assert.equal(s.kubeReserved.memory.bytes, 512 * 2 ** 20);
    assert.equal(s.evictionHard['memory.available'].bytes, 100 * 2 ** 20);
    assert.equal(s.evictionHard['memory.available'].line, 14);
    assert.equal(at(lines(name), s.evictionHard['memory.available'].span), '100Mi');
    assert.equal(s.evictionHard['nodefs.available'].percent, 10);
    assert.equal(s.evictionSoft['memory.available'].bytes, 500 * 2 ** 20);
    assert.deepEqual(s.evictionSoftGracePeriod['memory.available'], { raw: '1m30s', span: { line: 19, start: 20, end: 25 }, line: 19 });
    assert.equal(s.settings.enforceNodeAllocatable.raw, 'pods,kube-reserved');
    assert.equal(s.settings.memoryThrottlingFactor.raw, '0.9');
    assert.equal(s.settings.cgroupDriver.raw, 'systemd');
    assert.equal(s.settings.cgroupsPerQOS.raw, 'true');
    assert.equal(s.settings.kubeReservedCgroup.raw, '/kube.slice');
    assert.equal(s.settings['evictionMinimumReclaim.memory.available'].bytes, 0);
    assert.equal(s.settings.evictionPressureTransitionPeriod.raw, '5m0s');
    assert.equal(s.settings['memorySwap.swapBehavior'].raw, 'LimitedSwap');
    assert.equal(s.settings['featureGates.MemoryQoS'].raw, 'true');
  });
  test('kubelet flags on a ps line: format flags, the same maps, spans on the line', () => {
    const name = 'fixture-kubelet-flags-ps.txt';
    const p = parseDocument(read(name));
    const s = only<KubeletConfigSection>(p, 'kubelet-config');
    assert.equal(s.format, 'flags');
    assert.equal(s.headerLine, 0);
    assert.equal(s.systemReserved.memory.bytes, 2 ** 30);
    assert.equal(at(lines(name), s.systemReserved.memory.span), '1Gi');
    assert.equal(s.kubeReserved.memory.bytes, 512 * 2 ** 20);
    assert.equal(s.evictionHard['memory.available'].bytes, 100 * 2 ** 20);
    assert.equal(at(lines(name), s.evictionHard['memory.available'].span), '100Mi');
    assert.equal(s.evictionHard['nodefs.available'].percent, 10);
    assert.equal(s.evictionSoftGracePeriod['memory.available'].raw, '1m30s');
    assert.equal(s.settings.cgroupDriver.raw, 'systemd');
    assert.ok(!p.sections.some((x) => x.kind === 'unknown'));
  });
  test('/configz JSON', () => {
    const s = only<KubeletConfigSection>(parseDocument('{"kubeletconfig":{"evictionHard":{"memory.available":"200Mi"},"systemReserved":{"memory":"1Gi"},"cgroupDriver":"systemd"}}'), 'kubelet-config');
    assert.equal(s.format, 'configz');
    assert.equal(s.evictionHard['memory.available'].bytes, 200 * 2 ** 20);
    assert.deepEqual(s.evictionHard['memory.available'].span, { line: 0, start: 53, end: 60 });
    assert.equal(s.systemReserved.memory.bytes, 2 ** 30);
  });
});

describe('events', () => {
  test('kubectl get events -A and the kubelet eviction log behind journal prefixes', () => {
    const p = parseDocument(read('fixture-events-and-kubelet-log.txt'));
    const [ev, log] = p.sections as K8sEventsSection[];
    assert.equal(p.sections.length, 2);
    assert.equal(ev.variant, 'kubectl-events');
    assert.deepEqual(ev.events.map((e) => [e.line, e.reason, e.type, e.namespace, e.pod ?? e.node]), [
      [2, 'Evicted', 'Warning', 'default', 'web-1'], [3, 'Killing', 'Normal', 'default', 'web-1'], [4, 'EvictionThresholdMet', 'Warning', undefined, 'worker-1'], [5, 'OOMKilling', 'Warning', 'default', 'worker-1']]);
    const evicted = ev.events[0];
    assert.deepEqual([evicted.signal, evicted.thresholdBytes, evicted.observedBytes, evicted.container, evicted.usageBytes, evicted.requestBytes], ['memory.available', 100 * 2 ** 20, 91300 * 1024, 'app', 1730516 * 1024, 0]);
    assert.equal(log.variant, 'kubelet-log');
    assert.equal(log.headerLine, 6);
    assert.deepEqual(log.events.map((e) => [e.line, e.reason, e.signal ?? null]), [[7, 'eviction', 'memory.available'], [8, 'eviction', 'memory.available'], [9, 'eviction', null], [10, 'eviction', null]]);
    assert.deepEqual(log.events[2].ranked, ['default/web-1', 'default/web-2']);
    assert.deepEqual([log.events[3].namespace, log.events[3].pod], ['default', 'web-1']);
    assert.equal(log.events[0].time, 'I0102 03:04:05.123456');
    assert.equal(log.endLine, 11, 'the other kubelet lines stay in the block');
    assert.deepEqual(p.problems, []);
  });
  test('klog without a prefix, and the older eviction wording', () => {
    const p = parseDocument('W0102 03:04:05.123456    1234 eviction_manager.go:330] eviction manager: attempting to reclaim memory\nI0102 03:04:05.223456    1234 eviction_manager.go:346] eviction manager: must evict pod(s) to reclaim memory\n');
    const s = only<K8sEventsSection>(p, 'k8s-events');
    assert.equal(s.variant, 'kubelet-log');
    assert.deepEqual(s.events.map((e) => e.signal), ['memory.available', 'memory.available']);
  });
  test('describe pod: the OOMKilled last state, limits, requests, restarts, QoS', () => {
    const s = only<K8sEventsSection>(parseDocument(read('fixture-describe-pod-oomkilled.txt')), 'k8s-events');
    assert.equal(s.variant, 'pod-describe');
    assert.deepEqual([s.pod?.name, s.pod?.namespace, s.pod?.qosClass], ['api-7d4b9c-xyz', 'shop', 'Burstable']);
    const c = s.pod!.containers[0];
    assert.deepEqual([c.name, c.restartCount, c.memoryLimits?.bytes, c.memoryRequests?.bytes], ['api', 4, 512 * 2 ** 20, 256 * 2 ** 20]);
    const oom = s.events.find((e) => e.reason === 'OOMKilled')!;
    assert.deepEqual([oom.line, oom.container, oom.exitCode, oom.state, oom.pod, oom.namespace, oom.finished], [11, 'api', 137, 'last', 'api-7d4b9c-xyz', 'shop', 'Fri, 02 Jan 2026 03:09:58 +0000']);
    assert.deepEqual(s.events.map((e) => e.reason), ['OOMKilled', 'BackOff']);
  });
});

describe('bundles', () => {
  test('`==> file <==` headers: a KubeletConfiguration between meminfo and PSI takes its header, the others keep theirs', () => {
    const p = parseDocument('==> /proc/meminfo <==\nMemTotal:       16393216 kB\nMemFree:          812344 kB\nMemAvailable:    3921100 kB\n\n==> /var/lib/kubelet/config.yaml <==\napiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nevictionHard:\n  memory.available: 200Mi\n\n==> /proc/pressure/memory <==\nsome avg10=0.00 avg60=0.00 avg300=0.00 total=0\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n');
    assert.deepEqual(p.sections.map((s) => [s.index, s.kind, s.source, s.headerLine, s.startLine, s.endLine]), [
      [0, 'meminfo', '/proc/meminfo', 0, 1, 3], [1, 'kubelet-config', '/var/lib/kubelet/config.yaml', 5, 6, 9], [2, 'pressure', '/proc/pressure/memory', 11, 12, 13]]);
    assert.equal((p.sections[1] as KubeletConfigSection).evictionHard['memory.available'].bytes, 200 * 2 ** 20);
    assert.deepEqual(p.problems, []);
  });
  test('a document without any Kubernetes marker parses exactly as before (same sections, same problems)', () => {
    const text = 'MemTotal: 100 kB\nMemFree: 50 kB\nMemAvailable: 60 kB\n\nnr_free_pages 10\npgfault 5\n';
    const p = parseDocument(text);
    assert.deepEqual(p.sections.map((s) => s.kind), ['meminfo', 'vmstat']);
  });
});

describe('never throws, never hangs', () => {
  test('garbled and hostile variants of every fixture', () => {
    for (const name of ['fixture-bundle-top-node-meminfo.txt', 'fixture-summary-truncated.json', 'fixture-describe-node-pressure.txt', 'fixture-kubelet-config-memoryqos.yaml', 'fixture-events-and-kubelet-log.txt', 'fixture-describe-pod-oomkilled.txt', 'fixture-node-get-json.json']) {
      const text = read(name);
      const ls = text.split('\n');
      const variants = [ls.reverse().join('\n'), text.replace(/\s+/g, ' '), text.replace(/[{}]/g, ''), text.replace(/:/g, ''), text.slice(0, text.length / 2), `{${text}`, text.replace(/\n/g, '\r\n'), `> ${text.replace(/\n/g, '\n> ')}`];
      for (const v of variants) {
        const t0 = Date.now();
        const p = parseDocument(v);
        assert.ok(Date.now() - t0 < 2000, `${name}: slow`);
        for (const s of p.sections) assert.ok(s.startLine <= s.endLine + 1 && s.endLine < p.lineCount, `${name}: bad range`);
      }
    }
    parseDocument('{'.repeat(5000));
    parseDocument(`NAME CPU(cores) MEMORY(bytes)\n${'x 1m 1Mi\n'.repeat(20000)}`);
    parseDocument('apiVersion: v1\nkind: Node\nstatus: [\n');
    parseDocument('Capacity:\n  memory: lots\n');
  });
});

describe('kubectl get pods', () => {
  test('a pod whose STATUS is OOMKilled or Evicted is an event; the other rows are context; -A puts the namespace first', async () => {
    const { analyzeText } = await import('../../src/analysis/analyze');
    // A fixture in kubectl's layout (the rows of real pastes in test/wild/kubernetes).
    const t = 'NAMESPACE   NAME                     READY   STATUS             RESTARTS        AGE\nshop        api-7d9f8b6c5d-x2k4q     0/1     OOMKilled          5 (2m ago)      11m\nshop        web-6b8d9c7f4-abcde      1/1     Running            0               3d\nci          build-1                  0/1     Evicted            0               1h\nci          prep-2                   0/2     Init:OOMKilled     0               24s\n';
    const d = parseDocument(t);
    const s = d.sections.find((x) => x.kind === 'k8s-events') as K8sEventsSection;
    assert.equal(s.variant, 'get-pods');
    assert.deepEqual(s.events.map((e) => [e.reason, e.namespace, e.pod, e.initContainer ?? false]), [['OOMKilled', 'shop', 'api-7d9f8b6c5d-x2k4q', false], ['Evicted', 'ci', 'build-1', false], ['OOMKilled', 'ci', 'prep-2', true]]);
    assert.deepEqual(d.problems.filter((p) => p.severity !== 'info'), []);
    const f = analyzeText(t).findings.filter((x) => x.rule === 'kubernetes/pod-oomkilled');
    assert.equal(f.length, 2);
    assert.match(f[0].message, /api-7d9f8b6c5d-x2k4q was OOMKilled/);
  });
});
