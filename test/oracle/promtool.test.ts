// The alert rules `kmemlens alerts` writes (src/prometheus/alerts.ts), checked by the real promtool from
// Debian's prometheus package: `promtool check rules`, then `promtool test rules` with series just below and
// just above each alert's threshold. The thresholds come from the same catalog (and user overrides) as the
// editor's rule tests, so an alert fires exactly where the editor's rule would. Fails, never skips, without promtool.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { alertRules } from '../../src/prometheus/alerts';
import { threshold, type RuleConfig } from '../../src/rules/catalog';

const PROMTOOL = spawnSync('sh', ['-c', 'command -v promtool'], { encoding: 'utf8' }).stdout.trim();
const NODE = { instance: 'node-1:9100', job: 'node' };
const POD = { container: 'app', pod: 'web-1', namespace: 'shop', job: 'kubelet' };
const STEP_S = 15;

type Series = { series: string; values: string };
const sel = (name: string, labels: Record<string, string>) => `${name}{${Object.entries(labels).map(([k, v]) => `${k}="${v}"`).join(',')}}`;
const flat = (name: string, labels: Record<string, string>, v: number): Series => ({ series: sel(name, labels), values: `${v}x400` });
/** A counter rising by `perSecond`, sampled every STEP_S seconds. */
const counter = (name: string, labels: Record<string, string>, perSecond: number): Series => ({ series: sel(name, labels), values: `0+${perSecond * STEP_S}x400` });

interface Case { series: Series[]; labels: Record<string, string>; evalTime: string }

/** Input series for one alert: `side` -1 just on the quiet side of its threshold, +1 just past it. */
function seriesFor(rule: string, level: string, side: 1 | -1, th: (n: string) => number): Case {
  const total = 1e10;
  const node = (extra: Series[]) => ({ series: [flat('node_memory_MemTotal_bytes', NODE, total), ...extra], labels: NODE, evalTime: '40m' });
  switch (rule) {
    case 'meminfo/unreclaimable-slab-high':
      return node([flat('node_memory_SUnreclaim_bytes', NODE, (total * (th(level) + side * 0.01)) / 100)]);
    case 'meminfo/low-available':
      // Fires below the share (the byte bound holds at 10 GB): the quiet side is just above it.
      return node([flat('node_memory_MemAvailable_bytes', NODE, (total * (th(level) - side * 0.01)) / 100)]);
    case 'meminfo/kernel-share-high':
      // No Percpu series: the alert must still work on kernels without that line.
      return node([flat('node_memory_SUnreclaim_bytes', NODE, (total * (th('warning') + side * 0.01)) / 100 - 2e8), flat('node_memory_KernelStack_bytes', NODE, 1e8), flat('node_memory_PageTables_bytes', NODE, 1e8)]);
    case 'series/steady-growth': {
      // Growth per day at the 6 h trend, relative to now: 1440 × 60 × slope vs growth % of the value.
      const v0 = 1e9; const perDay = (v0 * 1.03 * th('growth')) / 100; const perStep = ((perDay * (1 + side * 0.2)) / 86400) * STEP_S;
      return { series: [{ series: sel('node_memory_SUnreclaim_bytes', NODE), values: `${v0}+${perStep}x2400` }], labels: NODE, evalTime: '8h' };
    }
    case 'pressure/memory-some':
      return { series: [counter('node_pressure_memory_waiting_seconds_total', NODE, (th(level) + side * 0.5) / 100)], labels: NODE, evalTime: '40m' };
    case 'pressure/memory-full':
      return { series: [counter('node_pressure_memory_stalled_seconds_total', NODE, (th(level) + side * 0.5) / 100)], labels: NODE, evalTime: '40m' };
    case 'vmstat/swapping':
      return { series: [counter('node_vmstat_pswpin', NODE, th('rate') + side * 1), counter('node_vmstat_pswpout', NODE, 0)], labels: NODE, evalTime: '40m' };
    case 'vmstat/oom-kills':
      return { series: [{ series: sel('node_vmstat_oom_kill', NODE), values: side > 0 ? '3x100 4x300' : '3x400' }], labels: NODE, evalTime: '30m' };
    case 'kubernetes/pod-near-limit':
      return { series: [flat('container_spec_memory_limit_bytes', POD, 1e9), flat('container_memory_working_set_bytes', POD, (1e9 * (th(level) + side * 0.1)) / 100)], labels: POD, evalTime: '40m' };
    case 'kubernetes/working-set-page-cache': {
      const ws = (1e9 * (th('near') + 5)) / 100;
      return { series: [flat('container_spec_memory_limit_bytes', POD, 1e9), flat('container_memory_working_set_bytes', POD, ws), flat('container_memory_rss', POD, ws * (1 - (th('share') + side * 1) / 100))], labels: POD, evalTime: '40m' };
    }
    default: throw new Error(`no series for ${rule}: add them here when an alert is added`);
  }
}

function runPromtool(config: RuleConfig): void {
  assert.ok(PROMTOOL, 'promtool not found (apt-get install -y prometheus)');
  const dir = mkdtempSync(join(tmpdir(), 'kmemlens-promtool-'));
  try {
    const { yaml, alerts } = alertRules(config);
    writeFileSync(join(dir, 'rules.yml'), yaml);
    const check = spawnSync(PROMTOOL, ['check', 'rules', join(dir, 'rules.yml')], { encoding: 'utf8' });
    assert.equal(check.status, 0, check.stdout + check.stderr);
    const file = parse(yaml) as { groups: { rules: { alert: string; labels: Record<string, string>; annotations: Record<string, string> }[] }[] };
    const defs = new Map(file.groups[0].rules.map((r) => [r.alert, r]));
    const tests = alerts.flatMap((a) => {
      const level = a.level;
      const th = (n: string) => threshold(config, a.rule, n);
      const r = defs.get(a.name)!;
      return ([-1, 1] as const).map((side) => {
        const c = seriesFor(a.rule, level, side, th);
        return {
          interval: `${STEP_S}s`,
          input_series: c.series,
          alert_rule_test: [{ eval_time: c.evalTime, alertname: a.name, exp_alerts: side < 0 ? [] : [{ exp_labels: { ...c.labels, ...r.labels }, exp_annotations: r.annotations }] }],
        };
      });
    });
    writeFileSync(join(dir, 'tests.yml'), stringify({ rule_files: ['rules.yml'], evaluation_interval: '15s', tests }, { lineWidth: 0 }));
    const t = spawnSync(PROMTOOL, ['test', 'rules', join(dir, 'tests.yml')], { encoding: 'utf8', cwd: dir });
    assert.equal(t.status, 0, `promtool test rules failed:\n${t.stdout}${t.stderr}`);
    assert.equal(tests.length, alerts.length * 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('promtool check rules and test rules: every alert fires just past its catalog threshold and not just before it', () => {
  runPromtool({});
});

test('the user\'s overrides reach the alerts: a moved threshold moves the edge, a rule turned off has no alert, a set severity is the label', () => {
  const config: RuleConfig = { thresholds: { 'meminfo/unreclaimable-slab-high.warning': 15, 'pressure/memory-full.warning': 5 }, severities: { 'vmstat/oom-kills': 'off', 'meminfo/low-available': 'critical' } };
  const { alerts } = alertRules(config);
  assert.ok(!alerts.some((a) => a.rule === 'vmstat/oom-kills'));
  assert.deepEqual(alerts.filter((a) => a.rule === 'meminfo/low-available').map((a) => a.severity), ['critical']);
  assert.match(alerts.find((a) => a.name === 'KmemlensMeminfoUnreclaimableSlabHigh')!.expr, /> 15$/);
  runPromtool(config);
});
