// Copies the screenshots the end-to-end run took (test-results/e2e/) into docs/images/,
// where the README and the marketplace page show them. Run after `npm run test:e2e`.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';

const pick = {
  'viewer.png': 's4-viewer-03-viewer-memory.png',
  'hover.png': 's1-meminfo-03-hover.png',
  'paste.png': 's2-paste-03-detected.png',
  'oom-hover.png': 's7-oom-02-hover.png',
  'trends.png': 's6-bundle-03-trends.png',
  'problems.png': 's1-meminfo-04-problems.png',
};
mkdirSync('docs/images', { recursive: true });
let missing = 0;
for (const [to, from] of Object.entries(pick)) {
  const src = `test-results/e2e/${from}`;
  if (!existsSync(src)) { console.error(`missing ${src}: run npm run test:e2e first`); missing++; continue; }
  copyFileSync(src, `docs/images/${to}`);
  console.log(`docs/images/${to} ← ${src}`);
}
process.exitCode = missing ? 1 : 0;
