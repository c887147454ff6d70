// Copies the screenshots the end-to-end run took (test-results/e2e/) into docs/images/,
// where the README and the marketplace page show them. Run after `npm run test:e2e`.
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';

// By scenario and step name (`s4-viewer-NN-viewer-memory.png`): step numbers move when a scenario grows.
const pick = {
  'viewer.png': ['s4-viewer', 'viewer-memory'],
  'hover.png': ['s1-meminfo', 'hover'],
  'paste.png': ['s2-paste', 'detected'],
  'oom-hover.png': ['s7-oom', 'hover'],
  'trends.png': ['s6-bundle', 'trends'],
  'problems.png': ['s1-meminfo', 'problems'],
};
const dir = 'test-results/e2e';
const shots = existsSync(dir) ? readdirSync(dir) : [];
mkdirSync('docs/images', { recursive: true });
let missing = 0;
for (const [to, [scenario, step]] of Object.entries(pick)) {
  const from = shots.find((f) => f.startsWith(`${scenario}-`) && f.endsWith(`-${step}.png`) && /^\d+$/.test(f.slice(scenario.length + 1, -(step.length + 5))));
  if (!from) { console.error(`missing ${dir}/${scenario}-NN-${step}.png: run npm run test:e2e first`); missing++; continue; }
  copyFileSync(`${dir}/${from}`, `docs/images/${to}`);
  console.log(`docs/images/${to} ← ${dir}/${from}`);
}
process.exitCode = missing ? 1 : 0;
