// Captures taken for real on a machine (not hand-written): the capture script's
// output on a 6.x node, and `grep . memory.*` over a whole cgroup v1 directory,
// which holds files the name table does not know (memory.kmem.tcp.*, vendor files).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeText } from '../../src/analysis/analyze';

const read = (name: string) => readFileSync(join(process.cwd(), 'fixtures', name), 'utf8');

test('the capture script output reads as meminfo, slabinfo, vmstat, PSI and an (empty) dmesg, with no problems', () => {
  const a = analyzeText(read('real-node-capture-script-output.txt'));
  assert.deepEqual(a.parsed.sections.map((s) => s.kind), ['meminfo', 'slabinfo', 'vmstat', 'pressure', 'pressure', 'oom-report']);
  assert.deepEqual(a.parsed.problems, []);
  assert.ok(a.parsed.sections.every((s) => s.capturedAt?.startsWith('2026-11-24T')));
  assert.ok(a.metrics.slabinfo && a.metrics.slabinfo.caches.length > 100);
  const sum = a.metrics.meminfo!.breakdown.reduce((t, p) => t + p.bytes, 0);
  assert.equal(sum, a.metrics.meminfo!.totalBytes);
});

test('grep over a cgroup v1 directory: every memory.* file is a section; unknown names do not break reading', () => {
  const a = analyzeText(read('bundle-grep-cgroup-v1-dir.txt'));
  const kinds = new Map(a.parsed.sections.map((s) => [s.source!.split('/').pop()!, s.kind]));
  assert.equal(kinds.get('memory.stat'), 'memory-stat');
  assert.equal(kinds.get('memory.numa_stat'), 'numa-stat');
  assert.equal(kinds.get('memory.oom_control'), 'memory-events');
  assert.equal(kinds.get('memory.shown_ram_in_bytes'), 'cgroup-value');
  assert.equal(kinds.get('memory.kmem.tcp.usage_in_bytes'), 'cgroup-value');
  assert.ok(!a.parsed.problems.some((p) => p.severity === 'error'), JSON.stringify(a.parsed.problems));
  // memory.oom_control's oom_kill counts kills in this cgroup (v1).
  assert.ok(a.findings.some((f) => f.rule === 'memory-events/oom-kill' && /2 processes were OOM-killed/.test(f.message)));
  // The v1 "unlimited" sentinel in memory.limit_in_bytes is no limit, not 8 EiB.
  const cg = a.metrics.cgroups[0];
  assert.equal(cg.limitBytes, undefined);
  assert.equal(cg.usageExact, true);
});
