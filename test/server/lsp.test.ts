/**
 * Protocol tests of the language server: the bundled dist/server.js spoken to
 * over stdio like VS Code does. Positions are computed from the fixture text.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { lookupKnowledge } from '../../src/knowledge';
import { ruleAnchor, RULES_BY_ID } from '../../src/rules/catalog';
import { fixture, lineOf, LspTestClient, waitFor, type Diagnostic, type Range } from './lspClient';

const SAMPLE_URI = 'file:///tmp/sample.txt';
const OOM_URI = 'file:///tmp/pod-oom.log';
const sample = fixture('sample-node-snapshot.txt');
const sampleLines = sample.split(/\r\n|\r|\n/);

const POD_UID = '7d3c1a2b-9e8f-4a6b-8c5d-1e2f3a4b5c6d';
const CONTAINER = 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90';
/** A memcg OOM in a Burstable pod's container (oom_score_adj 968), dmesg style. */
const OOM_REPORT = [
  '[ 8123.456789] python3 invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=968',
  '[ 8123.456801] CPU: 2 PID: 31337 Comm: python3 Not tainted 6.1.0-18-cloud-amd64 #1 Debian 6.1.76-1',
  '[ 8123.456830] memory: usage 524288kB, limit 524288kB, failcnt 911',
  '[ 8123.456832] swap: usage 0kB, limit 0kB, failcnt 0',
  `[ 8123.456833] Memory cgroup stats for /kubepods/burstable/pod${POD_UID}:`,
  '[ 8123.456850] anon 530317312',
  '[ 8123.456851] file 204800',
  '[ 8123.456852] kernel 6291456',
  '[ 8123.456860] Tasks state (memory values in pages):',
  '[ 8123.456861] [  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name',
  '[ 8123.456864] [  31300] 65535 31300      255        1    28672        0          -998 pause',
  '[ 8123.456866] [  31337]  1000 31337   290000   129000  1200000        0           968 python3',
  `[ 8123.456900] oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=${CONTAINER},mems_allowed=0,oom_memcg=/kubepods/burstable/pod${POD_UID},task_memcg=/kubepods/burstable/pod${POD_UID}/${CONTAINER},task=python3,pid=31337,uid=1000`,
  '[ 8123.456950] Memory cgroup out of memory: Killed process 31337 (python3) total-vm:1160000kB, anon-rss:514000kB, file-rss:2000kB, shmem-rss:0kB, UID:1000 pgtables:1172kB oom_score_adj:968',
  '[ 8123.470000] oom_reaper: reaped process 31337 (python3), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB',
  '',
].join('\n');

const BASE_SETTINGS = { debounceMs: 10 };

let c: LspTestClient;

const codes = (ds: Diagnostic[]) => ds.map((d) => d.code);
function hoverText(h: { contents: { kind: string; value: string } } | null): string {
  assert.ok(h, 'expected a hover');
  assert.equal(h.contents.kind, 'markdown');
  return h.contents.value;
}
function hover(uri: string, line: number, character: number) {
  return c.request<{ contents: { kind: string; value: string }; range?: Range } | null>('textDocument/hover', { textDocument: { uri }, position: { line, character } });
}
/** Character index of `token` on `line`, plus `offset` (throws if absent). */
function col(line: number, token: string, offset = 0, lines = sampleLines): number {
  const i = lines[line].indexOf(token);
  assert.ok(i >= 0, `${token} not on line ${line}: ${lines[line]}`);
  return i + offset;
}
function sectionLine(source: string): number { return lineOf(sample, `==> ${source} <==`); }

before(async () => {
  c = await LspTestClient.start({ settings: { ...BASE_SETTINGS } });
  await c.open(SAMPLE_URI, sample);
  await c.open(OOM_URI, OOM_REPORT, 'oom-report');
  await c.waitForPublish(SAMPLE_URI, (p) => p.diagnostics.length > 0, 'first diagnostics of the sample');
  // The configuration pull after `initialized` has been answered before any test runs.
  await waitFor(() => c.configurationRequests.length > 0, 'the initial workspace/configuration pull');
});

after(async () => {
  if (c) await c.stop();
});

describe('initialize', () => {
  test('the server registers for configuration changes and pulls the kmemlens section', () => {
    assert.ok(c.registrations.some((r) => r.method === 'workspace/didChangeConfiguration'), JSON.stringify(c.registrations));
    const items = (c.configurationRequests[0] as { items: { section?: string }[] }).items;
    assert.deepEqual(items.map((i) => i.section), ['kmemlens']);
  });
});

describe('diagnostics', () => {
  test('the sample bundle publishes the expected rule findings, with links, sources and related lines', async () => {
    const p = await c.waitForPublish(SAMPLE_URI, (x) => codes(x.diagnostics).includes('memory-events/oom-kill'));
    assert.equal(p.version, 1);
    const byCode = (code: string) => {
      const d = p.diagnostics.find((x) => x.code === code);
      assert.ok(d, `${code} missing; got ${codes(p.diagnostics).join(', ')}`);
      return d;
    };

    const sunreclaim = lineOf(sample, 'SUnreclaim:');
    const slab = byCode('meminfo/unreclaimable-slab-high');
    assert.equal(slab.severity, 1);
    assert.equal(slab.range.start.line, sunreclaim);
    assert.equal(slab.range.start.character, 0);
    assert.equal(slab.range.end.character, sampleLines[sunreclaim].trimEnd().length);

    const skb = byCode('slabinfo/skbuff-leak-signature');
    assert.equal(skb.severity, 2);
    assert.equal(skb.range.start.line, lineOf(sample, 'skbuff_head_cache '));
    assert.ok(skb.relatedInformation?.length, 'skbuff finding links the kmalloc-2k rows');
    for (const r of skb.relatedInformation) {
      assert.equal(r.location.uri, SAMPLE_URI);
      assert.match(sampleLines[r.location.range.start.line], /^kmalloc-(cg-)?2k\s/);
    }

    const oomKill = byCode('memory-events/oom-kill');
    assert.equal(oomKill.severity, 1);
    const eventsHeader = sectionLine('/sys/fs/cgroup/kubepods.slice/memory.events');
    assert.equal(oomKill.range.start.line, lineOf(sample, /^oom_kill \d+/, eventsHeader));

    const limit = byCode('memory-events/limit-hit');
    assert.ok(limit.relatedInformation?.some((r) => sampleLines[r.location.range.start.line].startsWith('oom ')));

    for (const d of p.diagnostics.filter((x) => x.code !== undefined)) {
      const id = String(d.code);
      assert.ok(RULES_BY_ID.has(id), `code ${id} is a rule id`);
      assert.equal(d.source, 'kmemlens');
      assert.ok(d.codeDescription?.href.endsWith(`#${ruleAnchor(id)}`), `${id}: ${d.codeDescription?.href}`);
      assert.ok(d.message.length > 20);
      for (const r of d.relatedInformation ?? []) {
        assert.ok(r.location.range.start.line < sampleLines.length);
        assert.ok(sampleLines[r.location.range.start.line].trim().length > 0, `${id} related line is blank`);
      }
    }
    assert.ok(codes(p.diagnostics).includes('meminfo/low-available'));
  });

  test('the OOM report publishes oom-report/killed on the kill', async () => {
    const p = await c.waitForPublish(OOM_URI, (x) => codes(x.diagnostics).includes('oom-report/killed'));
    const d = p.diagnostics.find((x) => x.code === 'oom-report/killed')!;
    assert.equal(d.severity, 1);
    const lines = OOM_REPORT.split('\n');
    assert.ok(d.range.start.line >= 0 && d.range.start.line < lines.length);
  });

  test('closing a document clears its diagnostics', async () => {
    const uri = 'file:///tmp/close-me.meminfo';
    await c.open(uri, sample, 'kmem-snapshot');
    await c.waitForPublish(uri, (p) => p.diagnostics.length > 0);
    await c.close(uri);
    await c.waitForPublish(uri, (p) => p.diagnostics.length === 0, 'empty diagnostics after close');
  });
});

describe('hover', () => {
  test('SUnreclaim, on the key and on the value: title, GiB, share of MemTotal, the finding', async () => {
    const line = lineOf(sample, 'SUnreclaim:');
    const title = lookupKnowledge('meminfo', 'SUnreclaim')!.title;
    for (const ch of [1, col(line, '4521984', 3)]) {
      const h = await hover(SAMPLE_URI, line, ch);
      const md = hoverText(h);
      assert.ok(md.includes(title), md);
      assert.match(md, /\*\*4\.31 GiB\*\*/);
      assert.ok(md.includes('of MemTotal'), md);
      assert.ok(md.includes('**critical** [`meminfo/unreclaimable-slab-high`]'), md);
      assert.deepEqual(h!.range, { start: { line, character: 0 }, end: { line, character: sampleLines[line].trimEnd().length } });
    }
  });

  test('a slabinfo cache name explains the cache and its size', async () => {
    const line = lineOf(sample, 'skbuff_head_cache ');
    const h = await hover(SAMPLE_URI, line, 4);
    const md = hoverText(h);
    assert.ok(md.includes(lookupKnowledge('slab-cache', 'skbuff_head_cache')?.title ?? 'skbuff_head_cache'), md);
    assert.match(md, /[\d.]+ (MiB|GiB)\*\* in slabs/);
    assert.ok(md.includes('slabinfo/skbuff-leak-signature'), md);
    assert.deepEqual(h!.range, { start: { line, character: 0 }, end: { line, character: 'skbuff_head_cache'.length } });
  });

  test('a slabinfo number explains its column (objsize)', async () => {
    const line = lineOf(sample, 'skbuff_head_cache ');
    const start = col(line, '   256 ', 3);
    const h = await hover(SAMPLE_URI, line, start + 1);
    const md = hoverText(h);
    assert.ok(md.includes('objsize'), md);
    assert.ok(md.includes('Value here: **256**'), md);
    assert.ok(md.includes('skbuff_head_cache'), md);
    assert.deepEqual(h!.range, { start: { line, character: start }, end: { line, character: start + 3 } });
  });

  test('a PSI avg10= token explains avg10 with the value', async () => {
    const line = lineOf(sample, 'some avg10=', sectionLine('/proc/pressure/memory'));
    const start = col(line, 'avg10=');
    const h = await hover(SAMPLE_URI, line, start + 2);
    const md = hoverText(h);
    assert.ok(md.includes('avg10'), md);
    assert.ok(md.includes('31.42'), md);
    assert.ok(md.includes('memory'), md);
    assert.ok(md.includes('pressure/memory-some'), md);
    assert.equal(h!.range!.start.line, line);
    assert.ok(h!.range!.start.character <= start + 2 && h!.range!.end.character > start + 2, JSON.stringify(h!.range));
    assert.ok(h!.range!.end.character <= col(line, ' avg60='), 'range stays on the avg10 token');
  });

  test('a memory.stat key: knowledge, bytes and share of the cgroup usage', async () => {
    const line = lineOf(sample, /^kernel \d+$/, sectionLine('/sys/fs/cgroup/memory.stat'));
    const h = await hover(SAMPLE_URI, line, 2);
    const md = hoverText(h);
    const e = lookupKnowledge('memory-stat', 'kernel');
    assert.ok(e, 'memory.stat kernel is in the knowledge base');
    assert.ok(md.includes(e.title), md);
    assert.match(md, /4\.58 GiB/);
    assert.ok(md.includes("of the cgroup's usage"), md);
    assert.ok(md.includes('memory-stat/kernel-heavy'), md);
    assert.equal(h!.range!.start.line, line);
  });

  test('the "Killed process" line of a memcg OOM names pod, container and QoS', async () => {
    const lines = OOM_REPORT.split('\n');
    const line = lineOf(OOM_REPORT, /Killed process/);
    const h = await hover(OOM_URI, line, col(line, 'Killed', 2, lines));
    const md = hoverText(h);
    assert.ok(md.includes(POD_UID), md);
    assert.ok(md.includes(CONTAINER.slice(0, 12)), md);
    assert.ok(!md.includes(CONTAINER.slice(0, 13)), 'container id is shortened to 12 characters');
    assert.ok(md.includes('Burstable'), md);
    assert.ok(md.includes('python3'), md);
    assert.ok(md.includes('31337'), md);
  });

  test('a task table row of the OOM report gives the task and its QoS', async () => {
    const lines = OOM_REPORT.split('\n');
    const line = lineOf(OOM_REPORT, /\[\s+31337\]/);
    const md = hoverText(await hover(OOM_URI, line, col(line, 'python3', 1, lines)));
    assert.ok(md.includes('python3'), md);
    assert.ok(md.includes('the victim'), md);
    assert.ok(md.includes('Burstable'), md);
  });

  test('a blank line has no hover', async () => {
    const blank = sampleLines.findIndex((l, i) => i > sectionLine('/proc/meminfo') && l.trim() === '');
    assert.ok(blank > 0);
    assert.equal(await hover(SAMPLE_URI, blank, 0), null);
    assert.equal(await hover(SAMPLE_URI, sampleLines.length + 50, 0), null, 'a line past the end');
  });
});

describe('inlay hints', () => {
  const all = () => ({ start: { line: 0, character: 0 }, end: { line: sampleLines.length, character: 0 } });
  type Hint = { position: { line: number; character: number }; label: string; paddingLeft?: boolean };
  const hints = (range = all()) => c.request<Hint[]>('textDocument/inlayHint', { textDocument: { uri: SAMPLE_URI }, range });

  test('kB values get GiB/MiB and a % share; slabinfo rows get "= size"', async () => {
    const hs = await hints();
    const at = (line: number) => hs.filter((h) => h.position.line === line);
    const avail = lineOf(sample, 'MemAvailable:');
    const [a] = at(avail);
    assert.ok(a, 'hint after MemAvailable');
    assert.match(a.label, /GiB/);
    assert.match(a.label, /%/);
    assert.equal(a.position.character, sampleLines[avail].length, 'hint sits at the end of the line');
    const [buffers] = at(lineOf(sample, 'Buffers:'));
    assert.match(buffers.label, /20(\.0)? MiB/);
    assert.equal(at(lineOf(sample, 'MemTotal:'))[0]?.label.includes('%'), false, 'MemTotal has no share of itself');
    const slabRows = sampleLines.map((l, i) => [l, i] as const).filter(([l]) => /^(kmalloc-2k|skbuff_head_cache|dentry)\s/.test(l));
    assert.equal(slabRows.length, 3);
    for (const [, i] of slabRows) assert.match(at(i)[0]?.label ?? '', /^= [\d.]+ (KiB|MiB|GiB)$/);
  });

  test('a range request returns only hints inside the range', async () => {
    const from = sectionLine('/proc/slabinfo');
    const to = sectionLine('/proc/vmstat');
    const hs = await hints({ start: { line: from, character: 0 }, end: { line: to, character: 0 } });
    assert.ok(hs.length > 0);
    for (const h of hs) assert.ok(h.position.line >= from && h.position.line <= to, JSON.stringify(h));
  });

  test('kmemlens.inlayHints.enabled=false empties them after a configuration change', async () => {
    const pulls = c.configurationRequests.length;
    const refreshes = c.inlayRefreshes;
    await c.setSettings({ ...BASE_SETTINGS, inlayHints: { enabled: false } });
    await waitFor(() => c.configurationRequests.length > pulls, 'configuration pull after didChangeConfiguration');
    await waitFor(() => c.inlayRefreshes > refreshes, 'workspace/inlayHint/refresh');
    assert.deepEqual(await hints(), []);
    await c.setSettings({ ...BASE_SETTINGS });
    await waitFor(() => c.inlayRefreshes > refreshes + 1, 'refresh after re-enabling');
    assert.ok((await hints()).length > 0, 'hints come back');
  });
});

describe('configuration', () => {
  test('turning a rule off republishes without it, without reopening', async () => {
    const seen = c.diagnostics.length;
    await c.setSettings({ ...BASE_SETTINGS, rules: { 'meminfo/unreclaimable-slab-high': 'off' } });
    const p = await c.waitForPublish(SAMPLE_URI, (x) => !codes(x.diagnostics).includes('meminfo/unreclaimable-slab-high'), 'diagnostics without unreclaimable-slab-high', 5000, seen);
    assert.ok(codes(p.diagnostics).includes('slabinfo/skbuff-leak-signature'), 'other rules stay');
    assert.equal(p.version, c.version(SAMPLE_URI));
    // Hovers follow the setting too.
    const md = hoverText(await hover(SAMPLE_URI, lineOf(sample, 'SUnreclaim:'), 1));
    assert.ok(!md.includes('[`meminfo/unreclaimable-slab-high`]'), md);

    const seen2 = c.diagnostics.length;
    await c.setSettings({ ...BASE_SETTINGS, rules: { 'meminfo/unreclaimable-slab-high': 'warning' } });
    const back = await c.waitForPublish(SAMPLE_URI, (x) => codes(x.diagnostics).includes('meminfo/unreclaimable-slab-high'), 'rule back as warning', 5000, seen2);
    assert.equal(back.diagnostics.find((d) => d.code === 'meminfo/unreclaimable-slab-high')!.severity, 2, 'severity override to warning');
  });

  test('thresholds below the sample values remove meminfo/low-available', async () => {
    const seen = c.diagnostics.length;
    await c.setSettings({ ...BASE_SETTINGS, thresholds: { 'meminfo/low-available.warning': 1, 'meminfo/low-available.critical': 0.5 } });
    const p = await c.waitForPublish(SAMPLE_URI, (x) => !codes(x.diagnostics).includes('meminfo/low-available'), 'diagnostics without low-available', 5000, seen);
    assert.ok(codes(p.diagnostics).includes('meminfo/unreclaimable-slab-high'), 'the earlier rule override is gone');
  });

  test('malformed settings are ignored rather than breaking analysis', async () => {
    const seen = c.diagnostics.length;
    await c.setSettings({ ...BASE_SETTINGS, rules: { 'meminfo/low-available': 'loud', 'no/such-rule': 'off' }, thresholds: { 'meminfo/low-available.warning': 'ten', 'bogus.x': 3 }, pageSize: 3000 });
    // The malformed values fall back to the defaults, so low-available (which the previous test's thresholds
    // removed) comes back; a publish of the previous settings still in flight does not count.
    const p = await c.waitForPublish(SAMPLE_URI, (x) => codes(x.diagnostics).includes('meminfo/low-available'), 'republish with the default thresholds', 5000, seen);
    assert.ok(codes(p.diagnostics).includes('meminfo/unreclaimable-slab-high'));
    assert.ok(c.alive);
  });

  after(async () => {
    const seen = c.diagnostics.length;
    await c.setSettings({ ...BASE_SETTINGS });
    await c.waitForPublish(SAMPLE_URI, (x) => codes(x.diagnostics).includes('meminfo/low-available'), 'defaults restored', 5000, seen);
  });
});

describe('outline, folding, code lenses and code actions', () => {
  const headers = sampleLines.map((l, i) => [l, i] as const).filter(([l]) => l.startsWith('==> '));

  test('one document symbol per section, named by kind and source, with key fields as children', async () => {
    type Sym = { name: string; kind: number; range: Range; selectionRange: Range; children?: Sym[] };
    const syms = await c.request<Sym[]>('textDocument/documentSymbol', { textDocument: { uri: SAMPLE_URI } });
    assert.equal(syms.length, headers.length);
    syms.forEach((s, i) => {
      const source = headers[i][0].slice(4, -4);
      assert.ok(s.name.endsWith(` ${source}`), `${s.name} names ${source}`);
      assert.equal(s.range.start.line, headers[i][1]);
      assert.ok(s.range.end.line < (headers[i + 1]?.[1] ?? sampleLines.length));
    });
    const mem = syms.find((s) => s.name === 'meminfo /proc/meminfo');
    assert.ok(mem);
    const names = mem.children!.map((x) => x.name);
    for (const k of ['MemTotal', 'MemAvailable', 'SUnreclaim']) assert.ok(names.includes(k), names.join());
    const total = mem.children!.find((x) => x.name === 'MemTotal')!;
    assert.equal(total.selectionRange.start.line, lineOf(sample, 'MemTotal:'));
    assert.ok(syms.find((s) => s.name.startsWith('slabinfo'))!.children!.some((x) => x.name === 'skbuff_head_cache'));
    assert.ok(syms.some((s) => s.name === 'pressure /proc/pressure/memory'));
    assert.ok(syms.some((s) => s.name === 'memory-events /sys/fs/cgroup/kubepods.slice/memory.events'));
  });

  test('one folding range per section, from its header', async () => {
    const fr = await c.request<{ startLine: number; endLine: number }[]>('textDocument/foldingRange', { textDocument: { uri: SAMPLE_URI } });
    for (const [, line] of headers) assert.ok(fr.some((f) => f.startLine === line && f.endLine > line), `fold at ${line}`);
  });

  test('an "Open in Snapshot Viewer" code lens on every section header', async () => {
    type Lens = { range: Range; command?: { title: string; command: string; arguments?: unknown[] } };
    const lenses = await c.request<Lens[]>('textDocument/codeLens', { textDocument: { uri: SAMPLE_URI } });
    for (const [, line] of headers) {
      const here = lenses.filter((l) => l.range.start.line === line);
      const open = here.find((l) => l.command?.title === 'Open in Snapshot Viewer');
      assert.ok(open, `viewer lens at ${line}`);
      assert.equal(open.command!.command, 'kmemlens.openViewer');
      assert.deepEqual(open.command!.arguments, [SAMPLE_URI]);
      assert.ok(here.some((l) => /finding|no findings/.test(l.command?.title ?? '')), 'a summary lens too');
    }
    for (const l of lenses) assert.equal(typeof l.command?.command, 'string');
  });

  test('code actions for a kmemlens diagnostic: explain, turn off, open viewer', async () => {
    const p = c.lastPublish(SAMPLE_URI)!;
    const diag = p.diagnostics.find((d) => d.code === 'meminfo/unreclaimable-slab-high')!;
    assert.ok(diag);
    type Action = { title: string; kind?: string; command?: { command: string; arguments?: unknown[] } };
    const actions = await c.request<Action[]>('textDocument/codeAction', { textDocument: { uri: SAMPLE_URI }, range: diag.range, context: { diagnostics: [diag] } });
    const explain = actions.find((a) => a.title.startsWith('Explain rule'));
    assert.equal(explain?.command?.command, 'kmemlens.explainRule');
    assert.deepEqual(explain?.command?.arguments, ['meminfo/unreclaimable-slab-high']);
    const off = actions.find((a) => a.title.startsWith('Turn off rule'));
    assert.equal(off?.command?.command, 'kmemlens.setRuleSeverity');
    assert.deepEqual(off?.command?.arguments, ['meminfo/unreclaimable-slab-high', 'off']);
    const viewer = actions.find((a) => a.title === 'Open in Snapshot Viewer');
    assert.equal(viewer?.command?.command, 'kmemlens.openViewer');
    for (const a of actions) assert.equal(a.kind, 'quickfix');

    const foreign = await c.request<Action[]>('textDocument/codeAction', { textDocument: { uri: SAMPLE_URI }, range: diag.range, context: { diagnostics: [{ ...diag, source: 'other-linter' }] } });
    assert.deepEqual(foreign, [], 'no actions for other sources');
  });
});

describe('custom requests and notifications', () => {
  test('kmemlens/reservation and the "Copy Kubelet Reservation" quick fix on a kubectl top node + meminfo bundle; a plain meminfo says why there is none', async () => {
    const uri = 'file:///tmp/k8s-bundle.txt';
    await c.open(uri, fixture('kubernetes/fixture-top-node-meminfo-slab-leak.txt'), 'kmem-snapshot');
    const p = await c.waitForPublish(uri, (x) => codes(x.diagnostics).includes('kubernetes/top-hides-kernel'));
    const diag = p.diagnostics.find((d) => d.code === 'kubernetes/top-hides-kernel')!;
    assert.equal(diag.range.start.line, 2);
    type Action = { title: string; command?: { command: string; arguments?: unknown[] } };
    const actions = await c.request<Action[]>('textDocument/codeAction', { textDocument: { uri }, range: diag.range, context: { diagnostics: [diag] } });
    const copy = actions.find((a) => a.title === 'Copy Kubelet Reservation');
    assert.equal(copy?.command?.command, 'kmemlens.copyReservation');
    assert.deepEqual(copy?.command?.arguments, [uri]);
    const r = await c.request<{ snippet?: string; why: string }>('kmemlens/reservation', { uri });
    assert.match(r.snippet ?? '', /kind: KubeletConfiguration\nsystemReserved:\n {2}memory: 2176Mi/);
    const none = await c.request<{ snippet?: string; why: string }>('kmemlens/reservation', { uri: SAMPLE_URI });
    assert.equal(none.snippet, undefined);
    assert.match(none.why, /no Kubernetes side/);
    await c.close(uri);
  });

  test('a process finding carries its setting: the "Copy GOMEMLIMIT=…" quick fix copies it (real gctrace, a fixture memory.max)', async () => {
    const { readFileSync } = await import('node:fs');
    const cap = (f: string) => readFileSync(`test/process/captures/${f}`, 'utf8');
    const uri = 'file:///tmp/go-service.txt';
    await c.open(uri, ['$ ./memhog', cap('go-gctrace-stderr.txt'), '==> /sys/fs/cgroup/memory.max <==', String(512 * 1024 * 1024), ''].join('\n'), 'kmem-snapshot');
    const p = await c.waitForPublish(uri, (x) => codes(x.diagnostics).includes('go/next-gc-beyond-limit'));
    const diag = p.diagnostics.find((d) => d.code === 'go/next-gc-beyond-limit')!;
    type Action = { title: string; isPreferred?: boolean; command?: { command: string; arguments?: unknown[] } };
    const actions = await c.request<Action[]>('textDocument/codeAction', { textDocument: { uri }, range: diag.range, context: { diagnostics: [diag] } });
    const copy = actions.find((a) => a.command?.command === 'kmemlens.copySetting');
    assert.equal(copy?.title, 'Copy GOMEMLIMIT=448MiB');
    assert.deepEqual(copy?.command?.arguments, ['GOMEMLIMIT=448MiB']);
    assert.equal(copy?.isPreferred, true);
    await c.close(uri);
  });

  test('kmemlens/detect: pasted meminfo → meminfo; a Kubernetes YAML → no language', async () => {
    const meminfo = sampleLines.slice(sectionLine('/proc/meminfo') + 1, sectionLine('/proc/slabinfo') - 1).join('\n');
    const r = await c.request<{ languageId?: string; kinds: string[] }>('kmemlens/detect', { text: meminfo });
    assert.equal(r.languageId, 'meminfo');
    assert.deepEqual(r.kinds, ['meminfo']);
    const y = await c.request<{ languageId?: string; kinds: string[] }>('kmemlens/detect', { text: 'apiVersion: v1\nkind: Pod\n' });
    assert.equal(y.languageId, undefined);
    const all = await c.request<{ languageId?: string; kinds: string[] }>('kmemlens/detect', { text: sample });
    assert.equal(all.languageId, 'kmem-snapshot');
    for (const k of ['meminfo', 'slabinfo', 'vmstat', 'pressure', 'memory-stat', 'memory-events']) assert.ok(all.kinds.includes(k), k);
  });

  test('kmemlens/viewModel by URI and by text: findings and the meminfo breakdown', async () => {
    type VM = { title: string; headline: string; findings: { rule: string; line: number }[]; meminfo?: { totalBytes: number; breakdown: { bytes?: number }[] } };
    const vm = await c.request<VM>('kmemlens/viewModel', { uri: SAMPLE_URI });
    assert.equal(vm.title, 'sample.txt');
    assert.ok(vm.headline.length > 0);
    const rules = vm.findings.map((f) => f.rule);
    for (const r of ['meminfo/unreclaimable-slab-high', 'slabinfo/skbuff-leak-signature', 'memory-events/oom-kill']) assert.ok(rules.includes(r), r);
    assert.equal(vm.findings.find((f) => f.rule === 'meminfo/unreclaimable-slab-high')!.line, lineOf(sample, 'SUnreclaim:'));
    assert.equal(vm.meminfo?.totalBytes, 16393216 * 1024);
    assert.ok(vm.meminfo!.breakdown.length > 0);

    const byText = await c.request<VM>('kmemlens/viewModel', { text: OOM_REPORT, fileName: '/var/log/pod-oom.log' });
    assert.equal(byText.title, 'pod-oom.log');
    assert.ok(byText.findings.some((f) => f.rule === 'oom-report/killed'));
    assert.equal(await c.request('kmemlens/viewModel', { uri: 'file:///not/open.txt' }), null);
  });

  test('kmemlens/markdownReport: Markdown with "Red flags"', async () => {
    const md = await c.request<string>('kmemlens/markdownReport', { uri: SAMPLE_URI });
    assert.equal(typeof md, 'string');
    assert.match(md, /^#/m);
    assert.ok(md.includes('Red flags'));
    assert.ok(md.includes('meminfo/unreclaimable-slab-high') || md.includes(RULES_BY_ID.get('meminfo/unreclaimable-slab-high')!.title));
    assert.equal(await c.request('kmemlens/markdownReport', { uri: 'file:///not/open.txt' }), null);
  });

  test('kmemlens/analysisChanged arrives with a headline and the worst severity', async () => {
    const n = await waitFor(() => c.analysisChanged.filter((x) => x.uri === SAMPLE_URI).at(-1), 'analysisChanged for the sample');
    assert.equal(typeof n.headline, 'string');
    assert.ok(n.headline.length > 0);
    assert.equal(n.worst, 'critical');
    assert.equal(n.reduced, false);
    assert.equal(n.version, c.version(SAMPLE_URI));
  });

  test('an edit republishes diagnostics and analysisChanged for the new version', async () => {
    const uri = 'file:///tmp/edit.txt';
    await c.open(uri, sample);
    await c.waitForPublish(uri, (p) => p.version === 1);
    const line = lineOf(sample, 'SUnreclaim:');
    // Shrink SUnreclaim to 1 MiB: the slab rule must go away.
    const v = await c.change(uri, [{ range: { start: { line, character: 0 }, end: { line, character: sampleLines[line].length } }, text: 'SUnreclaim:         1024 kB' }]);
    const p = await c.waitForPublish(uri, (x) => x.version === v, `diagnostics for version ${v}`);
    assert.ok(!codes(p.diagnostics).includes('meminfo/unreclaimable-slab-high'), codes(p.diagnostics).join());
    await waitFor(() => c.analysisChanged.some((x) => x.uri === uri && x.version === v), 'analysisChanged for the edit');
    const md = hoverText(await hover(uri, line, 1));
    assert.ok(md.includes('1.00 MiB') || md.includes('1 MiB'), md);
    await c.close(uri);
  });
});
