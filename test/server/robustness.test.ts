/**
 * The server under abuse: hundreds of rapid edits of junk, hostile documents,
 * large documents. It must stay up, keep answering, and publish for the last
 * version only once typing stops.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fixture, lineOf, LspTestClient, waitFor, type TextChange } from './lspClient';

const sample = fixture('sample-node-snapshot.txt');

/** mulberry32: a small seeded PRNG, so a failure reproduces. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: <T>(xs: readonly T[]) => xs[int(xs.length)] };
}

const SEED = Number(process.env.KMEMLENS_SEED ?? 0x5eed);

function junk(r: ReturnType<typeof rng>): string {
  const pieces: (() => string)[] = [
    () => Array.from({ length: r.int(64) }, () => String.fromCharCode(r.int(256))).join(''),
    () => '\0'.repeat(1 + r.int(8)),
    () => 'x'.repeat(5000),
    () => `==> ${r.pick(['x', '/proc/meminfo', '/proc/slabinfo', '/sys/fs/cgroup/memory.stat', '/proc/pressure/memory', '', '<=='])} <==\n`,
    () => '\r\n',
    () => '\r',
    () => '\n',
    () => `MemTotal: ${r.int(1e9)} kB\n`,
    () => `SUnreclaim: ${r.pick(['-1', '1e400', 'NaN', '99999999999999999999999', ''])} kB\n`,
    () => 'slabinfo - version: 2.1\n',
    () => `kmalloc-2k ${r.int(1e7)} ${r.int(1e7)} 2048 16 8 : tunables 0 0 0 : slabdata 0 0 0\n`,
    () => `some avg10=${r.next() * 200} avg60=x avg300= total=${r.int(1e12)}\n`,
    () => '[ 1.0] x invoked oom-killer: gfp_mask=0x0, order=0, oom_score_adj=\n',
    () => 'Killed process 1 () total-vm:kB, anon-rss:kB\n',
    () => sample.slice(r.int(sample.length), r.int(sample.length)),
    () => '\uFEFF\uD800\u202E\u{1F4A5}',
  ];
  return Array.from({ length: 1 + r.int(4) }, () => r.pick(pieces)()).join('');
}

let c: LspTestClient;

before(async () => {
  c = await LspTestClient.start({ settings: { debounceMs: 20 } });
  await waitFor(() => c.configurationRequests.length > 0, 'initial configuration pull');
});

after(async () => {
  if (c) await c.stop();
});

function assertHealthy(): void {
  assert.ok(c.alive, `server exited: ${JSON.stringify(c.exited)}\n${c.stderr}`);
  const bad = [c.stderr, ...c.logs].filter((s) => /unhandled|failed|TypeError|RangeError|Maximum call stack/i.test(s));
  assert.deepEqual(bad, [], 'no unhandled errors or failed analyses');
}

describe('rapid edits', () => {
  test('200 random incremental and full changes, then a valid text: diagnostics for the final version, hovers still answer', async () => {
    const uri = 'file:///tmp/rapid.txt';
    const r = rng(SEED);
    let mirror = TextDocument.create(uri, 'kmem-snapshot', 1, sample);
    await c.open(uri, sample);
    await c.waitForPublish(uri, (p) => p.version === 1);
    const before = c.diagnostics.length;

    const sends: Promise<number>[] = [];
    for (let i = 0; i < 200; i++) {
      let changes: TextChange[];
      if (r.next() < 0.25) {
        changes = [{ text: junk(r) }];
        mirror = TextDocument.update(mirror, changes, mirror.version + 1);
      } else {
        // Incremental changes apply in order, so each range is computed on the text the previous one left.
        changes = Array.from({ length: 1 + r.int(3) }, () => {
          const n = mirror.getText().length;
          const a = r.int(n + 1);
          const b = Math.min(n, a + r.int(200));
          const ch = { range: { start: mirror.positionAt(a), end: mirror.positionAt(b) }, text: junk(r) };
          mirror = TextDocument.update(mirror, [ch], mirror.version + 1);
          return ch;
        });
        if (r.next() < 0.05) {
          // Out-of-range positions: clients should not send them, servers must survive them.
          const ch = { range: { start: { line: 1e6, character: 5 }, end: { line: 1e6 + 3, character: 1e6 } }, text: 'tail' };
          mirror = TextDocument.update(mirror, [ch], mirror.version + 1);
          changes.push(ch);
        }
      }
      sends.push(c.change(uri, changes));
    }
    await Promise.all(sends);
    // Interleave a hover while the server is busy with junk.
    await c.request('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 2 } });

    // The server's copy of the text is the mirror's: its view model equals the one of the mirror's text.
    const fromServer = await c.request<Record<string, unknown>>('kmemlens/viewModel', { uri });
    const fromMirror = await c.request<Record<string, unknown>>('kmemlens/viewModel', { text: mirror.getText(), fileName: '/tmp/rapid.txt' });
    assert.deepEqual(fromServer, fromMirror, 'incremental sync kept the server text equal to the client text');

    const final = await c.change(uri, [{ text: sample }]);
    assert.equal(final, 202);
    const p = await c.waitForPublish(uri, (x) => x.version === final, `diagnostics for version ${final}`, 10000, before);
    const codes = p.diagnostics.map((d) => d.code);
    for (const id of ['meminfo/unreclaimable-slab-high', 'slabinfo/skbuff-leak-signature', 'memory-events/oom-kill']) assert.ok(codes.includes(id), id);
    // Debounced: far fewer publishes than edits, and never one for a version newer than sent.
    const mine = c.diagnostics.slice(before).filter((x) => x.uri === uri);
    assert.ok(mine.length < 100, `${mine.length} publishes for 201 edits`);
    for (const x of mine) assert.ok((x.version ?? 0) <= final);
    await waitFor(() => c.analysisChanged.some((x) => x.uri === uri && x.version === final), 'analysisChanged for the final version');

    const line = lineOf(sample, 'SUnreclaim:');
    const h = await c.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: { line, character: 2 } });
    assert.ok(h?.contents.value.includes('4.31 GiB'), JSON.stringify(h));
    assertHealthy();
    await c.close(uri);
  });

  test('hovers, symbols, hints and lenses during a burst of edits never fail', async () => {
    const uri = 'file:///tmp/burst.txt';
    const r = rng(SEED + 1);
    await c.open(uri, sample);
    for (let i = 0; i < 40; i++) {
      void c.change(uri, [{ text: r.next() < 0.5 ? junk(r) : sample.slice(0, r.int(sample.length)) }]);
      const pos = { line: r.int(200), character: r.int(120) };
      const results = await Promise.all([
        c.request('textDocument/hover', { textDocument: { uri }, position: pos }),
        c.request('textDocument/documentSymbol', { textDocument: { uri } }),
        c.request('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 300, character: 0 } } }),
        c.request('textDocument/codeLens', { textDocument: { uri } }),
        c.request('textDocument/foldingRange', { textDocument: { uri } }),
      ]);
      assert.ok(Array.isArray(results[1]) && Array.isArray(results[2]) && Array.isArray(results[3]));
    }
    assertHealthy();
    await c.close(uri);
  });
});

describe('hostile documents', () => {
  test('binary junk plus a 1 MB single line: diagnostics arrive and the process stays up', async () => {
    const uri = 'file:///tmp/hostile.bin';
    const r = rng(SEED + 2);
    const binary = Array.from({ length: 64 * 1024 }, () => String.fromCharCode(r.int(256))).join('');
    const text = `${binary}\n${'MemTotal: 1 kB '.repeat(70_000).slice(0, 1024 * 1024)}\n==> /proc/meminfo <==\n${'A'.repeat(100)}\0\n`;
    const seen = c.diagnostics.length;
    await c.open(uri, text, 'plaintext');
    const p = await c.waitForPublish(uri, () => true, 'diagnostics for the hostile document', 10000, seen);
    assert.ok(Array.isArray(p.diagnostics));
    for (const d of p.diagnostics) assert.ok(d.range.end.character - d.range.start.character <= 10000 || d.range.end.line > d.range.start.line, 'ranges are capped');
    const lineCount = text.split(/\r\n|\r|\n/).length;
    for (const d of p.diagnostics) assert.ok(d.range.start.line < lineCount);
    const longLine = text.split(/\r\n|\r|\n/).findIndex((l) => l.length >= 1024 * 1024 - 1);
    await c.request('textDocument/hover', { textDocument: { uri }, position: { line: longLine, character: 500_000 } });
    await c.request('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: lineCount, character: 0 } } });
    assertHealthy();
    await c.close(uri);
  });

  test('a document above kmemlens.largeDocumentSize is analysed in reduced mode (no inlay hints)', async () => {
    const uri = 'file:///tmp/large.txt';
    const seenPulls = c.configurationRequests.length;
    await c.setSettings({ debounceMs: 20, largeDocumentSize: 1000 });
    await waitFor(() => c.configurationRequests.length > seenPulls, 'configuration pull');
    await c.open(uri, sample);
    const n = await waitFor(() => c.analysisChanged.find((x) => x.uri === uri), 'analysisChanged for the large document');
    assert.equal(n.reduced, true);
    const p = await c.waitForPublish(uri, (x) => x.diagnostics.length > 0);
    assert.ok(p.diagnostics.some((d) => d.code === 'meminfo/unreclaimable-slab-high'), 'diagnostics stay on');
    const hints = await c.request<unknown[]>('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 200, character: 0 } } });
    assert.deepEqual(hints, []);
    const h = await c.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: { line: lineOf(sample, 'SUnreclaim:'), character: 1 } });
    assert.ok(h?.contents.value.includes('SUnreclaim'), 'hovers stay on');
    await c.setSettings({ debounceMs: 20 });
    await c.close(uri);
    assertHealthy();
  });

  test('requests for unknown documents answer empty, not errors', async () => {
    const uri = 'file:///tmp/never-opened.txt';
    assert.equal(await c.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } }), null);
    assert.deepEqual(await c.request('textDocument/documentSymbol', { textDocument: { uri } }), []);
    assert.deepEqual(await c.request('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } } }), []);
    assert.deepEqual(await c.request('textDocument/codeLens', { textDocument: { uri } }), []);
    assert.deepEqual(await c.request('kmemlens/detect', { text: '' }), { kinds: [] });
    assertHealthy();
  });
});
