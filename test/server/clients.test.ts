/**
 * Clients other than VS Code: no configuration pull (settings pushed with
 * didChangeConfiguration, or given as initializationOptions), CRLF documents.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fixture, lineOf, LspTestClient, waitFor } from './lspClient';

const sample = fixture('sample-node-snapshot.txt');
const clients: LspTestClient[] = [];

after(async () => {
  await Promise.all(clients.map((c) => c.stop()));
});

async function start(opts: Parameters<typeof LspTestClient.start>[0]): Promise<LspTestClient> {
  const c = await LspTestClient.start(opts);
  clients.push(c);
  return c;
}

const codes = (c: LspTestClient, uri: string) => (c.lastPublish(uri)?.diagnostics ?? []).map((d) => d.code);

describe('a client without workspace/configuration', () => {
  test('settings from initializationOptions apply from the first publish; pushed settings apply on change', async () => {
    const c = await start({
      settings: { rules: { 'meminfo/low-available': 'off' }, debounceMs: 10 },
      initSettings: true,
      capabilities: { workspace: { configuration: false } },
    });
    const uri = 'file:///tmp/push.txt';
    await c.open(uri, sample);
    await c.waitForPublish(uri);
    assert.ok(!codes(c, uri).includes('meminfo/low-available'), 'initializationOptions.settings were applied');
    assert.ok(codes(c, uri).includes('meminfo/unreclaimable-slab-high'));
    assert.equal(c.configurationRequests.length, 0, 'no pull without the capability');
    assert.ok(!c.registrations.some((r) => r.method === 'workspace/didChangeConfiguration'));

    const seen = c.diagnostics.length;
    c.settings = {};
    await c.notify('workspace/didChangeConfiguration', { settings: { kmemlens: { rules: { 'meminfo/unreclaimable-slab-high': 'off' }, debounceMs: 10 } } });
    const p = await c.waitForPublish(uri, (x) => !x.diagnostics.some((d) => d.code === 'meminfo/unreclaimable-slab-high'), 'pushed rule off', 5000, seen);
    assert.ok(p.diagnostics.some((d) => d.code === 'meminfo/low-available'), 'the earlier setting is replaced, not merged');
    assert.equal(c.configurationRequests.length, 0);

    // Pushed inlay hint switch.
    const seen2 = c.diagnostics.length;
    await c.notify('workspace/didChangeConfiguration', { settings: { kmemlens: { inlayHints: { enabled: false } } } });
    await c.waitForPublish(uri, () => true, 'republish after the push', 5000, seen2);
    const hints = await c.request<unknown[]>('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 200, character: 0 } } });
    assert.deepEqual(hints, []);
  });
});

describe('CRLF documents', () => {
  test('ranges never include the \\r and hovers answer on CRLF lines', async () => {
    const c = await start({ settings: { debounceMs: 10 } });
    const text = fixture('bundle-tail-headers-crlf.txt');
    assert.ok(text.includes('\r\n'), 'the fixture really is CRLF');
    const lines = text.split(/\r\n|\r|\n/);
    const uri = 'file:///tmp/crlf.txt';
    await c.open(uri, text);
    const p = await c.waitForPublish(uri);
    for (const d of p.diagnostics) {
      assert.ok(d.range.end.character <= lines[d.range.end.line].length, `${d.code} range ends past the line text`);
      assert.ok(!lines[d.range.start.line].slice(d.range.start.character, d.range.end.character).includes('\r'));
    }
    const mt = lineOf(text, 'MemTotal:');
    const h = await c.request<{ contents: { value: string }; range: { end: { character: number } } } | null>('textDocument/hover', { textDocument: { uri }, position: { line: mt, character: 2 } });
    assert.ok(h);
    assert.ok(h.contents.value.includes('MemTotal'), JSON.stringify(h));
    assert.equal(h.range.end.character, lines[mt].trimEnd().length);
    const hints = await c.request<{ position: { line: number; character: number } }[]>('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: lines.length, character: 0 } } });
    assert.ok(hints.length > 0);
    for (const x of hints) assert.equal(x.position.character, lines[x.position.line].length, 'hint at the end of the line, before \\r\\n');
  });
});

describe('document names', () => {
  test('a header-less file is read by its (percent-encoded) file name; an untitled one by content', async () => {
    const c = await start({ settings: { debounceMs: 10 } });
    const events = fixture('kubepods-burstable-pod.memory.events');
    const named = 'file:///tmp/pod%20a/memory.events';
    await c.open(named, events, 'memory-events');
    const p = await c.waitForPublish(named);
    const kill = p.diagnostics.find((d) => d.code === 'memory-events/oom-kill');
    assert.ok(kill, p.diagnostics.map((d) => d.code).join());
    assert.equal(kill.range.start.line, lineOf(events, 'oom_kill '));
    // The notification follows the publish on its own message: wait for it rather than race it.
    const n = await waitFor(() => c.analysisChanged.find((x) => x.uri === named), 'analysisChanged for the named file');
    assert.equal(n?.worst, 'critical');

    const swap = 'file:///C%3A/captures/memory.swap.events';
    await c.open(swap, fixture('kubepods-burstable-pod.memory.swap.events'), 'memory-events');
    const sp = await c.waitForPublish(swap);
    assert.ok(sp.diagnostics.every((d) => d.code !== 'memory-events/oom-kill'));
    const h = await c.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri: swap }, position: { line: 2, character: 1 } });
    assert.ok(h?.contents.value.includes('fail'), JSON.stringify(h));

    const untitled = 'untitled:Untitled-1';
    await c.open(untitled, sample, 'plaintext');
    const up = await c.waitForPublish(untitled);
    assert.ok(up.diagnostics.some((d) => d.code === 'meminfo/unreclaimable-slab-high'));
    assert.equal(await c.request('kmemlens/markdownReport', { uri: untitled }).then((m) => typeof m), 'string');
  });
});
