// meminfo/container-view: a meminfo read inside a container (LXCFS and similar).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText } from '../../src/analysis/analyze';

const mem = (over: Record<string, number>) => Object.entries({ MemTotal: 8388608, MemFree: 4194304, MemAvailable: 6291456, Buffers: 0, Cached: 1048576, KernelStack: 12000, PageTables: 30000, ...over })
  .map(([k, v]) => `${k}: ${String(v).padStart(12)} kB`).join('\n') + '\n';
const rules = (text: string) => analyzeText(text, { fileName: 'meminfo' }).findings.filter((f) => f.rule === 'meminfo/container-view');

test('zero kernel stacks and page tables (LXCFS fills only what it computes) is a container view, on the KernelStack line', () => {
  const f = rules(mem({ KernelStack: 0, PageTables: 0 }));
  assert.equal(f.length, 1);
  assert.equal(f[0].line, 5);
  assert.equal(f[0].severity, 'info');
});

test('a host meminfo with real kernel stacks is not', () => {
  assert.equal(rules(mem({ KernelStack: 1, PageTables: 0 })).length, 0);
  assert.equal(rules(mem({})).length, 0);
});

test('MemAvailable above MemTotal is reported once, on MemAvailable', () => {
  const f = rules(mem({ MemAvailable: 9000000, KernelStack: 0, PageTables: 0 }));
  assert.equal(f.length, 1);
  assert.equal(f[0].line, 2);
});
