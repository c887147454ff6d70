// docs/rules.md and package.json's settings schema are generated from the rule
// catalog (npm run generate); these fail when someone edits one without the other.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { configurationContribution, rulesMarkdown } from '../../scripts/generate';
import { RULES } from '../../src/rules/catalog';
import { readSettings } from '../../extension/server/settings';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

test('docs/rules.md is what the catalog generates', () => {
  assert.equal(readFileSync('docs/rules.md', 'utf8'), rulesMarkdown() + '\n', 'run: npm run generate');
});

test('package.json contributes.configuration is what the catalog generates', () => {
  assert.deepEqual(pkg.contributes.configuration, configurationContribution(), 'run: npm run generate');
});

test('every rule and threshold in the settings schema is read by the server', () => {
  const props = pkg.contributes.configuration.properties;
  const rules = Object.fromEntries(Object.keys(props['kmemlens.rules'].properties).map((id) => [id, 'off']));
  const thresholds = Object.fromEntries(Object.keys(props['kmemlens.thresholds'].properties).map((k) => [k, 1]));
  const s = readSettings({ rules, thresholds, pageSize: 16384, inlayHints: { enabled: false }, largeDocumentSize: 10, debounceMs: 5 });
  assert.equal(Object.keys(s.rules).length, RULES.length);
  assert.equal(Object.keys(s.thresholds).length, Object.keys(thresholds).length);
  assert.deepEqual([s.pageSize, s.inlayHints, s.largeDocumentBytes, s.debounceMs], [16384, false, 10, 5]);
  // Every setting the schema declares at the top level is one the server or client reads (the client: detectPastedSnapshots, prometheus.*).
  const known = ['kmemlens.rules', 'kmemlens.thresholds', 'kmemlens.pageSize', 'kmemlens.inlayHints.enabled', 'kmemlens.codeLens.enabled', 'kmemlens.detectPastedSnapshots', 'kmemlens.largeDocumentSize', 'kmemlens.debounceMs'];
  const client = clientSources();
  const readByClient = Object.keys(props).filter((k) => client.includes(`get<string>('${k.slice('kmemlens.'.length)}')`) || client.includes(`get<boolean>('${k.slice('kmemlens.'.length)}'`));
  assert.deepEqual(Object.keys(props).sort(), [...known, ...readByClient.filter((k) => !known.includes(k))].sort());
  assert.ok(['kmemlens.prometheus.url', 'kmemlens.ssh.command', 'kmemlens.kubernetes.image'].every((k) => readByClient.includes(k)), readByClient.join(', '));
});

test('every command the client registers is contributed, in the "Kernel Memory" category', () => {
  const registered = [...clientSources().matchAll(/cmd\('([\w.]+)'/g)].map((m) => m[1]).sort();
  const contributed = pkg.contributes.commands.map((c: { command: string }) => c.command).sort();
  assert.deepEqual(registered, contributed);
  for (const c of pkg.contributes.commands) assert.equal(c.category, 'Kernel Memory');
});

/** Every module of the VS Code client, as one text. */
function clientSources(): string {
  return readdirSync('extension/client').filter((f) => f.endsWith('.ts')).map((f) => readFileSync(`extension/client/${f}`, 'utf8')).join('\n');
}
