// The resource of a PSI file nothing names: decided by its line set, or assumed and said so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument } from '../../src/formats/parse';
import type { PressureSection } from '../../src/model';

const some = 'some avg10=1.00 avg60=2.00 avg300=3.00 total=100';
const full = 'full avg10=1.00 avg60=2.00 avg300=3.00 total=50';

test('some and full with no name: read as memory, with an info problem saying so', () => {
  const d = parseDocument(`${some}\n${full}\n`);
  const s = d.sections[0] as PressureSection;
  assert.deepEqual([s.resource, s.resourceFrom], ['memory', 'assumed']);
  assert.equal(d.problems.length, 1);
  assert.equal(d.problems[0].severity, 'info');
  assert.match(d.problems[0].message, /read as memory pressure/);
});

test('only some is cpu (4.20–5.12), only full is irq, a name decides: no problem', () => {
  assert.equal((parseDocument(`${some}\n`).sections[0] as PressureSection).resource, 'cpu');
  assert.equal((parseDocument(`${full}\n`).sections[0] as PressureSection).resource, 'irq');
  const named = parseDocument(`${some}\n${full}\n`, { fileName: 'io.pressure' });
  assert.equal((named.sections[0] as PressureSection).resource, 'io');
  assert.deepEqual(named.problems, []);
});
