/**
 * node_exporter's /metrics as a capture (src/formats/prometheus.ts). The exposition below is a
 * fixture written for this test in node_exporter's own layout; the real exporter is run against
 * every corpus capture in test/oracle/nodeExporter.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzeText } from '../../src/analysis/analyze';
import { createKmemService } from '../../src';
import type { KeyValueSection } from '../../src/model';

const KI = 1024;
const exposition = (sunreclaimKb: number) => [
  '# HELP go_goroutines Number of goroutines that currently exist.',
  '# TYPE go_goroutines gauge',
  'go_goroutines 8',
  '# HELP node_memory_Active_anon_bytes Memory information field Active_anon_bytes.',
  '# TYPE node_memory_Active_anon_bytes gauge',
  `node_memory_Active_anon_bytes ${614400 * KI}`,
  '# TYPE node_memory_Inactive_file_bytes gauge',
  `node_memory_Inactive_file_bytes ${389120 * KI}`,
  `node_memory_MemAvailable_bytes ${(786432 * KI).toExponential()}`,
  `node_memory_MemTotal_bytes ${(4030464 * KI).toExponential()}`,
  `node_memory_SUnreclaim_bytes ${sunreclaimKb * KI}`,
  'node_memory_HugePages_Total 0',
  `node_memory_Hugepagesize_bytes ${2048 * KI}`,
  '# TYPE node_vmstat_oom_kill untyped',
  'node_vmstat_oom_kill 3',
  'node_vmstat_pgmajfault 3942',
  '',
].join('\n');

describe('Prometheus exposition from node_exporter', () => {
  test('node_memory_* becomes meminfo (Active_anon → Active(anon), bytes as written, exponents too), node_vmstat_* vmstat', () => {
    const a = analyzeText(exposition(2201600));
    const mem = a.parsed.sections.find((s): s is KeyValueSection => s.kind === 'meminfo')!;
    assert.equal(mem.variant, 'prometheus');
    assert.equal(mem.byKey['Active(anon)'].bytes, 614400 * KI);
    assert.equal(mem.byKey.MemTotal.bytes, 4030464 * KI);
    assert.equal(mem.byKey.MemTotal.line, 9);
    assert.deepEqual(mem.byKey.MemTotal.keySpan, { line: 9, start: 0, end: 'node_memory_MemTotal_bytes'.length });
    assert.equal(mem.byKey.HugePages_Total.unit, 'hugepages');
    const vm = a.parsed.sections.find((s): s is KeyValueSection => s.kind === 'vmstat')!;
    assert.equal(vm.byKey.oom_kill.value, 3);
    assert.deepEqual(a.parsed.problems, [], 'other metrics (go_goroutines) are not problems');
  });

  test('the same rules run with the same ids: unreclaimable slab, OOM kills', () => {
    const rules = analyzeText(exposition(2201600)).findings.map((f) => f.rule);
    assert.ok(rules.includes('meminfo/unreclaimable-slab-high'));
    assert.ok(rules.includes('vmstat/oom-kills'));
    assert.ok(!analyzeText(exposition(40000)).findings.some((f) => f.rule === 'meminfo/unreclaimable-slab-high'));
  });

  test('the hover names the metric, the /proc line it comes from and the PromQL', () => {
    const svc = createKmemService();
    const text = exposition(2201600);
    const d = svc.analyse('file:///metrics', 1, text);
    const h = svc.hover(d, 10, 15)?.contents ?? '';
    assert.match(h, /SUnreclaim/);
    assert.match(h, /From node_exporter: `node_memory_SUnreclaim_bytes` is the \/proc\/meminfo line SUnreclaim × 1024/);
    assert.match(h, /PromQL: `node_memory_SUnreclaim_bytes\{instance="NODE"\}`/);
  });
});

describe('cAdvisor metrics (the kubelet\'s /metrics/cadvisor)', () => {
  test('containers become the pods of a Summary-like section (the pause container and unlabelled cgroups left out); the root cgroup is the node; the pod rules run', async () => {
    const { readFileSync } = await import('node:fs');
    const path = await import('node:path');
    const text = readFileSync(path.join(__dirname, '..', '..', 'fixtures', 'kubernetes', 'fixture-cadvisor-metrics.txt'), 'utf8');
    const a = analyzeText(text);
    const k = a.metrics.kubernetes!;
    assert.equal(k.workingSet?.bytes, 943718400);
    assert.match(k.workingSet!.from, /cAdvisor/);
    assert.deepEqual(k.pods.map((p) => [p.key, p.workingSetBytes, p.rssBytes, p.limitsBytes]), [['shop/web-1', 503316480, 125829120, 536870912]]);
    const near = a.findings.find((f) => f.rule === 'kubernetes/pod-near-limit')!;
    assert.equal(near.line, 9, 'on the container\'s working set sample');
    assert.ok(a.findings.some((f) => f.rule === 'kubernetes/working-set-page-cache'));
  });
});

test('node_exporter PSI totals: read as what they are — one scrape gives no rate, and the parse says so once', () => {
  const a = analyzeText('# TYPE node_pressure_memory_stalled_seconds_total counter\nnode_pressure_memory_stalled_seconds_total 12.5\nnode_pressure_memory_waiting_seconds_total 40.25\n');
  const said = a.parsed.problems.filter((p) => /one scrape gives no rate/.test(p.message));
  assert.equal(said.length, 1);
  assert.equal(said[0].line, 1);
  assert.equal(said[0].severity, 'info');

  test('OpenMetrics counters (fixture): the family\'s _total sample is the value, _created is skipped, an exemplar does not break the line', () => {
    const om = [
      '# TYPE node_vmstat_oom_kill counter',
      '# HELP node_vmstat_oom_kill /proc/vmstat information field oom_kill.',
      'node_vmstat_oom_kill_total 3 # {trace_id="3f2a"} 1 1.7003e9',
      'node_vmstat_oom_kill_created 1.7e9',
      '# TYPE node_memory_MemTotal_bytes gauge',
      '# UNIT node_memory_MemTotal_bytes bytes',
      `node_memory_MemTotal_bytes ${4030464 * KI} 1700300000.125`,
      `node_memory_MemAvailable_bytes ${786432 * KI}`,
      '# EOF',
    ].join('\n');
    const a = analyzeText(om);
    const vm = a.parsed.sections.find((s) => s.kind === 'vmstat') as KeyValueSection;
    assert.deepEqual(vm.fields.map((f) => [f.key, f.value, f.keySpan.end]), [['oom_kill', 3, 'node_vmstat_oom_kill_total'.length]]);
    const mem = a.parsed.sections.find((s) => s.kind === 'meminfo') as KeyValueSection;
    assert.equal(mem.byKey.MemTotal.bytes, 4030464 * KI, 'a sample with a timestamp in seconds');
    assert.ok(a.findings.some((f) => f.rule === 'vmstat/oom-kills'), a.findings.map((f) => f.rule).join(', '));
  });
});

