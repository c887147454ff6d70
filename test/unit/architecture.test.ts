// The layering docs/architecture.md promises, checked on the source: src/ is pure (no vscode, no DOM,
// Node APIs only in src/cli/ and src/capture/), and the webview takes from src/ only the formatting module and the
// view-model and protocol types.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}
const imports = (file: string) => [...readFileSync(file, 'utf8').matchAll(/^import\s+(type\s+)?[^'"]*from\s+'([^']+)'/gm)].map((m) => ({ type: !!m[1], spec: m[2] }));

/** The folders of src/ that may use Node APIs: the CLI, and capture (it runs sh, ssh and kubectl). */
const NODE_DIRS = [path.join('src', 'cli'), path.join('src', 'capture')];

test('src/ imports neither vscode nor the DOM, and Node APIs only in src/cli/ and src/capture/', () => {
  const bad: string[] = [];
  for (const f of files(path.join(process.cwd(), 'src'))) {
    const rel = path.relative(process.cwd(), f);
    for (const i of imports(f)) {
      if (i.spec === 'vscode' || i.spec.startsWith('vscode-languageserver')) bad.push(`${rel}: ${i.spec}`);
      if ((i.spec.startsWith('node:') || ['fs', 'path', 'child_process', 'os'].includes(i.spec)) && !NODE_DIRS.some((d) => rel.startsWith(d + path.sep))) bad.push(`${rel}: ${i.spec}`);
    }
    if (/\b(document|window)\.\w/.test(readFileSync(f, 'utf8').replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, ''))) bad.push(`${rel}: DOM`);
  }
  assert.deepEqual(bad, []);
});

test('src/capture/: only run.ts starts processes and touches files; the script, ssh, kubectl and error modules are pure', () => {
  const bad: string[] = [];
  for (const f of files(path.join(process.cwd(), 'src', 'capture'))) {
    if (path.basename(f) === 'run.ts') continue;
    for (const i of imports(f)) if (i.spec.startsWith('node:') || ['fs', 'path', 'child_process', 'os'].includes(i.spec)) bad.push(`${path.relative(process.cwd(), f)}: ${i.spec}`);
  }
  assert.deepEqual(bad, []);
});

test('the webview takes from src/ only the formatting module and types', () => {
  const bad: string[] = [];
  for (const f of files(path.join(process.cwd(), 'webview'))) {
    for (const i of imports(f)) {
      if (!i.spec.includes('/src/')) continue;
      if (i.spec.endsWith('/src/humanFormat') || i.type) continue;
      bad.push(`${path.relative(process.cwd(), f)}: ${i.spec}`);
    }
  }
  assert.deepEqual(bad, []);
});
