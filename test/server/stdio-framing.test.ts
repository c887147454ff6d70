/**
 * The server's own stdin reader (extension/server/stdinReader.ts) at the byte level: LSP framing written
 * by hand to the real bundled server's stdin, in the shapes other editors and pipes produce.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { buildServer, waitFor } from './lspClient';

/** Buffer.concat, typed for @types/node 20 beside TypeScript 5.7's Uint8Array. */
const cat = (bs: Buffer[]): Buffer => Buffer.concat(bs as unknown as Uint8Array[]);

function frame(msg: object, headers = ''): Buffer {
  const body = Buffer.from(JSON.stringify(msg), 'utf8');
  return cat([Buffer.from(`${headers}Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]);
}

/** Spawns the server and collects every JSON message it writes to stdout. */
function start(): { child: ChildProcess; out: { id?: number; method?: string; result?: unknown; params?: unknown }[]; exit: Promise<number | null>; stdout: () => string } {
  const child = spawn(process.execPath, [buildServer(), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const out: { id?: number; method?: string; result?: unknown; params?: unknown }[] = [];
  let raw = Buffer.alloc(0);
  child.stdout!.on('data', (b: Buffer) => {
    raw = cat([raw, b]);
    for (;;) {
      const sep = raw.indexOf('\r\n\r\n');
      if (sep < 0) return;
      const n = Number(/Content-Length: (\d+)/i.exec(raw.subarray(0, sep).toString('ascii'))![1]);
      if (raw.length < sep + 4 + n) return;
      out.push(JSON.parse(raw.subarray(sep + 4, sep + 4 + n).toString('utf8')));
      raw = raw.subarray(sep + 4 + n);
    }
  });
  let all = '';
  child.stdout!.on('data', (b: Buffer) => { all += b.toString('latin1'); });
  const exit = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, out, exit, stdout: () => all };
}

const init = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } };
const initialized = { jsonrpc: '2.0', method: 'initialized', params: {} };
const meminfo = 'MemTotal:       16384000 kB\nMemFree:          102400 kB\nMemAvailable:     204800 kB\n';
const open = (uri: string, text: string) => ({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'plaintext', version: 1, text } } });

describe('stdio framing: the server reads fd 0 itself', () => {
  test('a message cut into 1-byte writes, then two messages in one write, each answered once', async () => {
    const s = start();
    try {
      const bytes = frame(init);
      for (let i = 0; i < bytes.length; i++) { s.child.stdin!.write(bytes.subarray(i, i + 1)); if (i % 16 === 0) await new Promise((r) => setImmediate(r)); }
      await waitFor(() => s.out.find((m) => m.id === 1), 'initialize result', 10000);
      s.child.stdin!.write(cat([frame(initialized), frame(open('file:///a/meminfo', meminfo)), frame({ jsonrpc: '2.0', id: 2, method: 'textDocument/hover', params: { textDocument: { uri: 'file:///a/meminfo' }, position: { line: 0, character: 2 } } })]));
      const hover = await waitFor(() => s.out.find((m) => m.id === 2), 'hover result', 10000);
      assert.match(JSON.stringify(hover.result), /MemTotal/);
      assert.equal(s.out.filter((m) => m.id === 1).length, 1);
    } finally { s.child.kill(); }
  });

  test('a 6 MB didOpen with non-ASCII text and extra headers: every byte arrives (diagnostics name its last capture)', async () => {
    const s = start();
    try {
      s.child.stdin!.write(cat([frame(init, 'content-type: application/vscode-jsonrpc; charset=utf-8\r\n'), frame(initialized)]));
      await waitFor(() => s.out.find((m) => m.id === 1), 'initialize result', 10000);
      // Prose in several scripts between captures: a byte lost or a UTF-8 sequence cut at a read boundary would change the text.
      const block = `# Überwachung 内存 ${'x'.repeat(50)}\n${meminfo}`;
      const text = block.repeat(Math.ceil(6e6 / Buffer.byteLength(block))) + 'MemTotal:       16384000 kB\nMemFree:       999 kB\n';
      s.child.stdin!.write(frame(open('file:///a/big.txt', text)));
      s.child.stdin!.write(frame({ jsonrpc: '2.0', id: 3, method: 'textDocument/hover', params: { textDocument: { uri: 'file:///a/big.txt' }, position: { line: text.split('\n').length - 2, character: 2 } } }));
      const hover = await waitFor(() => s.out.find((m) => m.id === 3), 'hover on the last line', 60000);
      assert.match(JSON.stringify(hover.result), /MemFree/, 'the last line of the 6 MB text is where it was sent');
      const fold = frame({ jsonrpc: '2.0', id: 4, method: 'textDocument/foldingRange', params: { textDocument: { uri: 'file:///a/big.txt' } } });
      s.child.stdin!.write(fold);
      await waitFor(() => s.out.find((m) => m.id === 4), 'folding ranges', 20000);
    } finally { s.child.kill(); }
  });

  test('stdin closed without shutdown: the server exits 1; after shutdown and exit: 0; stdout holds only framed messages', async () => {
    const a = start();
    a.child.stdin!.write(frame(init));
    await waitFor(() => a.out.find((m) => m.id === 1), 'initialize result', 10000);
    a.child.stdin!.end();
    assert.equal(await a.exit, 1);
    assert.match(a.stdout(), /^Content-Length: \d+\r\n\r\n\{/);

    const b = start();
    b.child.stdin!.write(cat([frame(init), frame({ jsonrpc: '2.0', id: 2, method: 'shutdown' })]));
    await waitFor(() => b.out.find((m) => m.id === 2), 'shutdown result', 10000);
    b.child.stdin!.end();
    assert.equal(await b.exit, 0);
  });

  test('a header without Content-Length: the server stops with a message on stderr, never a hang', async () => {
    const s = start();
    let err = '';
    s.child.stderr!.on('data', (b: Buffer) => { err += b.toString(); });
    s.child.stdin!.write('Content-Type: text/plain\r\n\r\n{}');
    const code = await Promise.race([s.exit, new Promise<'hang'>((r) => setTimeout(() => r('hang'), 10000))]);
    assert.notEqual(code, 'hang');
    assert.notEqual(code, 0);
    assert.match(err, /kmemlens-server: LSP message without a valid Content-Length header/);
  });
});
