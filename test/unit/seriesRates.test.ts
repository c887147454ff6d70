// Rates over a series keep their decimals: a slow but steady rise is not "0/s".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText } from '../../src/analysis/analyze';

function vmstatSeries(step: number): string {
  return [0, 1, 2].map((i) => `2026-11-24T10:0${i}:00+00:00\n==> /proc/vmstat <==\nnr_free_pages 1000\npgscan_direct ${1000 + i * step}\npgmajfault 10\n`).join('\n');
}

test('a direct-reclaim rate below 1/s is said with its decimals', () => {
  const f = analyzeText(vmstatSeries(30)).findings.find((x) => x.rule === 'vmstat/direct-reclaim' && x.severity === 'warning');
  assert.ok(f, 'rising pgscan_direct over a timed series is a warning');
  assert.match(f.message, /rises by 0\.50\/s/);
});

test('no rise, no series finding', () => {
  assert.equal(analyzeText(vmstatSeries(0)).findings.filter((x) => x.rule === 'vmstat/direct-reclaim' && x.severity === 'warning').length, 0);
});

test('a counter rate follows its rule: off there means silent, not a finding of severity "off"', () => {
  const text = [0, 1, 2].map((i) => `2026-11-24T10:0${i}:00+00:00\n==> /sys/fs/cgroup/pod/memory.events <==\nlow 0\nhigh 0\nmax 0\noom 0\noom_kill ${i}\n`).join('\n');
  const rate = (sev?: 'off' | 'info') => analyzeText(text, { rules: { severities: sev ? { 'memory-events/oom-kill': sev } : {} } }).findings.filter((f) => f.rule === 'series/counter-rate');
  assert.deepEqual(rate().map((f) => f.severity), ['critical']);
  assert.deepEqual(rate('info').map((f) => f.severity), ['info']);
  assert.deepEqual(rate('off'), []);
});
