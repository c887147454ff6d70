/**
 * The snapshot viewer in headless Chromium: the real bundle and the real
 * viewerHtml page (CSP included), driven by the messages the extension sends.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { ViewModel } from '../../src/features/viewModel';
import { formatBytes, formatPercent } from '../../src/humanFormat';
import { rowOfFile } from '../../src/cli/fleet';
import { sortFleet } from '../../src/report/fleet';
import {
  buildWebview, canvasInk, clearPosted, oomModel, openTab, openViewer, posted, ROOT, sampleModel, send, seriesText, startHarness, viewModelOf, weekModel,
  type Harness,
} from './harness';

const SHOTS = path.join(ROOT, 'test-results', 'screenshots');
const URI = 'file:///work/snap.txt';

const THEMES: Record<'light' | 'dark', { bodyClass: string; vars: Record<string, string> }> = {
  dark: { bodyClass: 'vscode-dark', vars: {
    '--vscode-foreground': '#cccccc', '--vscode-editor-background': '#1f1f1f', '--vscode-descriptionForeground': '#9d9d9d', '--vscode-errorForeground': '#f85149',
    '--vscode-charts-red': '#f14c4c', '--vscode-charts-yellow': '#cca700', '--vscode-charts-blue': '#3794ff', '--vscode-charts-green': '#89d185', '--vscode-charts-orange': '#d18616', '--vscode-charts-purple': '#b180d7',
    '--vscode-editorWidget-border': '#454545', '--vscode-editorWidget-background': '#202020', '--vscode-textLink-foreground': '#4daafc', '--vscode-focusBorder': '#0078d4',
    '--vscode-panelTitle-activeForeground': '#cccccc', '--vscode-panelTitle-inactiveForeground': '#9d9d9d', '--vscode-panelTitle-activeBorder': '#0078d4', '--vscode-settings-headerBorder': '#2b2b2b', '--vscode-panel-background': '#1f1f1f',
    '--vscode-button-background': '#0078d4', '--vscode-button-foreground': '#ffffff', '--vscode-button-secondaryBackground': '#313131', '--vscode-button-secondaryForeground': '#cccccc',
    '--vscode-badge-background': '#616161', '--vscode-badge-foreground': '#f8f8f8', '--vscode-input-background': '#313131', '--vscode-input-foreground': '#cccccc', '--vscode-settings-textInputBackground': '#313131', '--vscode-settings-textInputForeground': '#cccccc', '--vscode-input-placeholderForeground': '#989898', '--vscode-activityBarBadge-background': '#0078d4', '--vscode-activityBarBadge-foreground': '#ffffff', '--vscode-list-hoverBackground': '#2a2d2e',
    '--vscode-font-family': 'system-ui, sans-serif', '--vscode-font-size': '13px',
  } },
  light: { bodyClass: 'vscode-light', vars: {
    '--vscode-foreground': '#3b3b3b', '--vscode-editor-background': '#ffffff', '--vscode-descriptionForeground': '#717171', '--vscode-errorForeground': '#e51400',
    '--vscode-charts-red': '#e51400', '--vscode-charts-yellow': '#bf8803', '--vscode-charts-blue': '#1a85ff', '--vscode-charts-green': '#388a34', '--vscode-charts-orange': '#d18616', '--vscode-charts-purple': '#652d90',
    '--vscode-editorWidget-border': '#c8c8c8', '--vscode-editorWidget-background': '#f8f8f8', '--vscode-textLink-foreground': '#005fb8', '--vscode-focusBorder': '#005fb8',
    '--vscode-panelTitle-activeForeground': '#3b3b3b', '--vscode-panelTitle-inactiveForeground': '#3b3b3b', '--vscode-panelTitle-activeBorder': '#005fb8', '--vscode-settings-headerBorder': '#e5e5e5', '--vscode-panel-background': '#ffffff',
    '--vscode-button-background': '#005fb8', '--vscode-button-foreground': '#ffffff', '--vscode-button-secondaryBackground': '#e5e5e5', '--vscode-button-secondaryForeground': '#3b3b3b',
    '--vscode-badge-background': '#cccccc', '--vscode-badge-foreground': '#3b3b3b', '--vscode-input-background': '#ffffff', '--vscode-input-foreground': '#3b3b3b', '--vscode-settings-textInputBackground': '#ffffff', '--vscode-settings-textInputForeground': '#3b3b3b', '--vscode-input-placeholderForeground': '#767676', '--vscode-activityBarBadge-background': '#005fb8', '--vscode-activityBarBadge-foreground': '#ffffff', '--vscode-contrastBorder': '#cecece', '--vscode-list-hoverBackground': '#f2f2f2',
    '--vscode-font-family': 'system-ui, sans-serif', '--vscode-font-size': '13px',
  } },
};

/** Applies a theme the way VS Code does (variables on <html>, class on <body>) and waits for the redraw. */
async function setTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  const t = THEMES[theme];
  await page.evaluate(({ bodyClass, vars }) => new Promise<void>((resolve) => {
    for (const [k, v] of Object.entries(vars)) document.documentElement.style.setProperty(k, v);
    if (document.body.className === bodyClass) { resolve(); return; }
    document.addEventListener('kmemlens:rendered', () => resolve(), { once: true });
    document.body.className = bodyClass;
  }), t);
}

const tabsShown = (page: Page) => page.$$eval('vscode-tab-header', (els) => els.map((e) => e.getAttribute('data-tab')));
const panelText = (page: Page) => page.$eval('vscode-tab-panel:not([hidden])', (e) => (e as HTMLElement).innerText);
const update = (page: Page, model: ViewModel) => send(page, { type: 'update', model, documentUri: URI, version: 1 });

describe('snapshot viewer webview', () => {
  let h: Harness;
  let page: Page;
  const sample = sampleModel();

  before(async () => {
    buildWebview();
    mkdirSync(SHOTS, { recursive: true });
    h = await startHarness();
    page = await openViewer(h);
    await setTheme(page, 'dark');
  });
  after(async () => { await h?.close(); });

  test('posts ready on load and shows the reason of an empty message', async () => {
    assert.deepEqual((await posted(page)).filter((m) => m.type === 'ready').length, 1);
    await send(page, { type: 'empty', reason: 'Not a snapshot: <b>x</b>' });
    assert.equal(await page.textContent('#empty'), 'Not a snapshot: <b>x</b>');
  });

  test('a node snapshot shows only the tabs with data, each drawn with the fixture numbers', async () => {
    await update(page, sample);
    assert.deepEqual(await tabsShown(page), ['overview', 'memory', 'slab', 'cgroup', 'pressure']);
    assert.equal(await page.textContent('#headline'), sample.headline);
    const expect: Record<string, string[]> = {
      overview: ['15.6 GiB', 'Unreclaimable slab is large', 'Critical'],
      memory: ['Slab, unreclaimable', '4.31 GiB', 'kubelet working set', '8.12 GiB', 'runc ≥ 1.2'], // root anon + file − inactive_file (opencontainers/cgroups rootStatsFromMeminfo)
      slab: ['skbuff_head_cache', 'kmalloc-2k', '12 of 12 caches'],
      cgroup: ['oom_kill', '57', 'Working set'],
      pressure: ['31.42 %', '12.76 %', '20 %'],
    };
    for (const [tab, texts] of Object.entries(expect)) {
      await openTab(page, tab);
      await page.$$eval('vscode-tab-panel:not([hidden]) details', (ds) => ds.forEach((d) => { (d as HTMLDetailsElement).open = true; }));
      const text = await panelText(page);
      for (const t of texts) assert.ok(text.includes(t), `${tab} shows ${t}`);
      const ink = await canvasInk(page);
      if (tab !== 'overview') {
        assert.ok(ink.length > 0, `${tab} has charts`);
        for (const n of ink) assert.ok(n > 2000, `${tab}: every chart is drawn (${ink})`);
      }
    }
    await openTab(page, 'slab');
    const row = await page.$$eval('#slab-table tbody tr', (rows) => rows.map((r) => [...r.querySelectorAll('td')].map((c) => c.textContent)));
    const skb = row.find((r) => r[0] === 'skbuff_head_cache');
    assert.ok(skb, 'a row for skbuff_head_cache');
    assert.equal(skb[4], '1,588,224');
    assert.equal(row[0][0], 'kmalloc-2k', 'sorted by slab memory, largest first');
  });

  test('clicking a finding (or Enter on it) posts reveal with that finding\'s line', async () => {
    await openTab(page, 'overview');
    const f = sample.findings.find((x) => x.rule === 'slabinfo/skbuff-leak-signature')!;
    await clearPosted(page);
    await page.click(`li.finding[data-rule="${f.rule}"] .finding-title`);
    assert.deepEqual((await posted(page)).filter((m) => m.type === 'reveal'), [{ type: 'reveal', line: f.line, documentUri: URI }]);
    const g = sample.findings.find((x) => x.severity === 'critical')!;
    await clearPosted(page);
    await page.focus(`li.finding[data-rule="${g.rule}"]`);
    await page.keyboard.press('Enter');
    assert.deepEqual((await posted(page)).filter((m) => m.type === 'reveal'), [{ type: 'reveal', line: g.line, documentUri: URI }]);
    await clearPosted(page);
    await page.click(`li.finding[data-rule="${g.rule}"] .rule-doc`);
    assert.deepEqual(await posted(page), [{ type: 'openRuleDoc', rule: g.rule }]);
  });

  test('the slab filter and sort survive an update and are saved with setState', async () => {
    await openTab(page, 'slab');
    await page.fill('#slab-filter input', 'skb').catch(async () => {
      await page.click('#slab-filter'); await page.keyboard.type('skb');
    });
    await page.waitForFunction(() => document.querySelectorAll('#slab-table tbody tr').length === 1);
    await page.click('button.sort[data-column="name"]');
    await page.waitForSelector('th[aria-sort="ascending"] button[data-column="name"]');
    await update(page, sample);
    assert.equal(await page.evaluate(() => document.body.dataset.renderedTab), 'slab');
    assert.deepEqual(await page.$$eval('#slab-table tbody tr td:first-child', (c) => c.map((x) => x.textContent)), ['skbuff_head_cache']);
    const state = await page.evaluate(() => (window as unknown as { __state: unknown }).__state);
    assert.deepEqual(state, { tab: 'slab', slabFilter: 'skb', slabSort: { column: 'name', descending: false }, documentUri: URI });
    await page.fill('#slab-filter input', '').catch(() => undefined);
    await page.evaluate(() => { const f = document.querySelector('#slab-filter') as HTMLElement & { value: string }; f.value = ''; f.dispatchEvent(new Event('input')); });
    assert.equal(await page.$$eval('#slab-table tbody tr', (r) => r.length), 12);
  });

  test('Copy report and Save PNG post their messages (a real PNG of the chart)', async () => {
    await openTab(page, 'memory');
    await clearPosted(page);
    await page.click('#copy-markdown');
    await page.click('vscode-button[data-save="memory-breakdown"]');
    const msgs = await posted(page);
    assert.equal(msgs[0].type, 'copyMarkdown');
    assert.equal(msgs[1].type, 'savePng');
    assert.equal(msgs[1].name, 'memory-breakdown');
    assert.match(String(msgs[1].dataUrl), /^data:image\/png;base64,iVBORw0KGgo/);
    assert.ok(String(msgs[1].dataUrl).length > 5000);
  });

  test('a timed series shows the Trends tab with line charts over time', async () => {
    const m = viewModelOf(seriesText(), 'series.txt');
    assert.equal(m.series.length, 2);
    await update(page, m);
    assert.ok((await tabsShown(page)).includes('trends'));
    await openTab(page, 'trends');
    const ink = await canvasInk(page);
    assert.equal(ink.length, 2, 'one chart for meminfo bytes, one for PSI percent');
    for (const n of ink) assert.ok(n > 2000);
    await page.$$eval('vscode-tab-panel:not([hidden]) details', (ds) => ds.forEach((d) => { (d as HTMLDetailsElement).open = true; }));
    const text = await panelText(page);
    assert.ok(text.includes('SUnreclaim') && text.includes('2026-11-24T09:50:00.000Z'), 'table lists each capture time');
    const sun = m.series[0].tracks.find((t) => t.label === 'SUnreclaim')!;
    assert.ok(sun.points[5].v > sun.points[0].v);
    assert.ok(text.includes('25.00 %'), 'PSI some avg10 of the last capture');
    assert.ok(sun.growthPerHour && sun.growthPerHour > 0, 'steady growth measured on SUnreclaim');
    assert.match(text, /Dashed: SUnreclaim projected at [\d.]+ \w+ per hour/);
    // The track chooser: unticking AnonPages redraws without it and remembers the choice.
    assert.ok(await page.isChecked('input[data-track="meminfo:AnonPages"]'));
    await page.click('input[data-track="meminfo:AnonPages"]');
    await page.waitForFunction(() => !(document.querySelector('input[data-track="meminfo:AnonPages"]') as HTMLInputElement | null)?.checked);
    const heads = await page.$$eval('vscode-tab-panel:not([hidden]) details table thead th', (c) => c.map((x) => x.textContent));
    assert.ok(heads.includes('SUnreclaim') && !heads.includes('AnonPages'), heads.join(','));
    const chosen = await page.evaluate(() => (window as unknown as { __state: { trendTracks?: Record<string, string[]> } }).__state.trendTracks);
    assert.ok(chosen && Object.values(chosen).some((ids) => ids.includes('meminfo:SUnreclaim') && !ids.includes('meminfo:AnonPages')));
    await page.click('input[data-track="meminfo:AnonPages"]');
    await page.waitForFunction(() => (document.querySelector('input[data-track="meminfo:AnonPages"]') as HTMLInputElement | null)?.checked === true);
    await page.screenshot({ path: path.join(SHOTS, 'webview-trends-dark.png'), fullPage: true, animations: 'disabled', timeout: 60_000 });
    await setTheme(page, 'light');
    await page.screenshot({ path: path.join(SHOTS, 'webview-trends-light.png'), fullPage: true, animations: 'disabled', timeout: 60_000 });
    await setTheme(page, 'dark');
  });

  test('a pasted vmstat -t table shows Trends by its rows: its memory columns over the rows\' clock, titled as rows, not captures', async () => {
    // A real paste of the wild corpus (procps 4 vmstat -t -w under a curl load).
    const text = readFileSync(path.join(ROOT, 'test', 'wild', 'captures', 'vmstat-table-procps4-wide-timestamp-gu-column-wordpress-load-crlf.txt'), 'utf8');
    const m = viewModelOf(text, 'vmstat.txt');
    const s = m.series.find((x) => x.kind === 'vmstat-table')!;
    assert.equal(s.samples, 10);
    await update(page, m);
    assert.ok((await tabsShown(page)).includes('trends'));
    await openTab(page, 'trends');
    const ink = await canvasInk(page);
    assert.ok(ink.length >= 2 && ink.every((n) => n > 1000), `charts drawn: ${ink.join(', ')}`);
    await page.$$eval('vscode-tab-panel:not([hidden]) details', (ds) => ds.forEach((d) => { (d as HTMLDetailsElement).open = true; }));
    const text2 = await panelText(page);
    assert.match(text2, /vmstat table — 10 rows/);
    assert.ok(!/10 captures/.test(text2));
    assert.ok(text2.includes('cache') && text2.includes(formatBytes(s.tracks.find((t) => t.id === 'vmstat-table:cache')!.points[0].v)), 'the table lists the cache column in bytes');
  });

  test('an OOM report shows the victim card and the task table sorted by RSS', async () => {
    const m = oomModel();
    await update(page, m);
    assert.deepEqual(await tabsShown(page), ['overview', 'oom']);
    await openTab(page, 'oom');
    assert.equal(await page.textContent('.victim-name'), 'doxygen');
    const card = await page.$eval('.victim-card', (e) => (e as HTMLElement).innerText);
    assert.match(card, /PID\s+473206/);
    assert.match(card, /whole node \(global OOM\)/);
    // The node's Mem-Info at the kill, pages converted with the page size (active_anon:1413442 → 5.39 GiB).
    assert.match(await panelText(page), /Node memory at the time \(Mem-Info\)[\s\S]*active_anon\s*5\.39 GiB/);
    const rows = await page.$$eval('table.oom-tasks tbody tr', (r) => r.map((x) => [...x.querySelectorAll('td')].map((c) => c.textContent)));
    assert.equal(rows.length, m.oom[0].tasks.length);
    assert.deepEqual(rows.slice(0, 2).map((r) => r[0]), ['doxygen', 'java']);
    assert.ok((await canvasInk(page)).every((n) => n > 2000));
    await clearPosted(page);
    await page.click('table.oom-tasks tbody tr:nth-child(2)');
    assert.deepEqual(await posted(page), [{ type: 'reveal', line: m.oom[0].tasks[1].line, documentUri: URI }]);
  });

  test('a kubectl top node + meminfo bundle shows the Kubernetes tab: the reconciled bar, the hidden kernel memory, eviction distance, and the reservation with a copy button', async () => {
    const text = readFileSync(path.join(ROOT, 'fixtures', 'kubernetes', 'fixture-top-node-meminfo-slab-leak.txt'), 'utf8');
    const m = viewModelOf(text, 'bundle.txt');
    await update(page, m);
    assert.ok((await tabsShown(page)).includes('kubernetes'));
    await openTab(page, 'kubernetes');
    const hidden = await page.textContent('#k8s-hidden');
    assert.equal(hidden, `not shown to Kubernetes: ${formatBytes(m.kubernetes!.hiddenBytes!)} (58 % of MemTotal)`);
    const body = await panelText(page);
    assert.match(body, /kubectl top node: 900 MiB \(23 % of allocatable\)/);
    assert.match(body, /kernel memory the kubelet does not charge/);
    assert.match(body, /memory\.available \(kubelet default\)/);
    assert.equal(await page.textContent('#k8s-reservation'), m.kubernetes!.reservation!.snippet);
    assert.ok((await canvasInk(page)).every((n) => n > 2000), 'the reconciled bar is drawn');
    await clearPosted(page);
    await page.click('#copy-reservation');
    assert.deepEqual(await posted(page), [{ type: 'copyText', text: m.kubernetes!.reservation!.snippet, what: 'kubelet reservation' }]);
    await clearPosted(page);
    await page.click('a.jump[data-line="2"]');
    assert.deepEqual((await posted(page))[0], { type: 'reveal', line: 2, documentUri: URI });
    await page.screenshot({ path: path.join(SHOTS, 'kubernetes-dark.png'), fullPage: true, animations: 'disabled', timeout: 60_000 });
  });

  test('the Kubernetes tab ranks pods by working set with their limits; a click reveals the pod\'s line', async () => {
    const MI = 1024 * 1024;
    const summary = JSON.stringify({ node: { nodeName: 'node-1', memory: { availableBytes: 3000 * MI, workingSetBytes: 900 * MI } }, pods: [
      { podRef: { name: 'small', namespace: 'shop', uid: 'u-1' }, memory: { workingSetBytes: 50 * MI, rssBytes: 40 * MI }, containers: [] },
      { podRef: { name: 'web-1', namespace: 'shop', uid: 'u-2' }, memory: { workingSetBytes: 490 * MI, rssBytes: 120 * MI }, containers: [] },
    ] }, null, 2);
    const m = viewModelOf(`${summary}\nName:             web-1\nNamespace:        shop\nContainers:\n  app:\n    Limits:\n      memory:  512Mi\n`, 'summary.json');
    await update(page, m);
    await openTab(page, 'kubernetes');
    const rows = await page.$$eval('#k8s-pods tbody tr', (r) => r.map((x) => [...x.querySelectorAll('td')].map((c) => c.textContent)));
    assert.deepEqual(rows.map((r) => r[0]), ['shop/web-1', 'shop/small']);
    assert.deepEqual(rows[0].slice(1, 4), ['490 MiB', '512 MiB', '96 %']);
    const line = m.kubernetes!.pods[0].line!;
    await clearPosted(page);
    await page.click(`#k8s-pods a.jump[data-line="${line}"]`);
    assert.deepEqual(await posted(page), [{ type: 'reveal', line, documentUri: URI }]);
  });

  test('compare shows deltas as a table and a diverging bar chart', async () => {
    const right = viewModelOf(seriesText().split('root@node:/# date -Is').slice(-1)[0], 'later.txt');
    await send(page, { type: 'compare', left: sample, right, leftLabel: 'before', rightLabel: 'after' });
    assert.equal(await page.evaluate(() => document.body.dataset.renderedTab), 'compare');
    // The two snapshots are kept in the webview state, so the panel comes back after a reload.
    const saved = await page.evaluate(() => (window as unknown as { __state: { compare?: { leftLabel: string; right: { title: string } } } }).__state);
    assert.deepEqual([saved.compare?.leftLabel, saved.compare?.right.title], ['before', 'later.txt']);
    const ink = await canvasInk(page);
    assert.equal(ink.length, 1);
    assert.ok(ink[0] > 2000);
    const rows = await page.$$eval('table.compare-table tbody tr', (r) => r.map((x) => [...x.querySelectorAll('td')].map((c) => c.textContent)));
    const sun = rows.find((r) => r[0] === 'Slab, unreclaimable')!;
    assert.ok(sun, 'meminfo part row');
    assert.equal(sun[2], formatBytes(right.meminfo!.breakdown.find((b) => b.key === 'slabUnreclaimable')!.bytes));
    assert.equal(sun[2], '5.01 GiB');
    assert.match(sun[3]!, /^\+/);
    assert.ok(rows.some((r) => r[0] === 'skbuff_head_cache' && r[2] === '—' && r[3] === 'only in before'), 'a slab group only on the left is not a change');
    const labels = await page.$$eval('vscode-tab-panel:not([hidden]) details table tbody tr td:first-child', (c) => c.map((x) => x.textContent));
    assert.ok(labels.includes('meminfo: Slab, unreclaimable') && !labels.some((l) => l?.startsWith('slab:')), 'the chart only has numbers both sides have');
  });

  test('the fleet view lists nodes worst first; a row (click or Enter) posts openNode with its file; the filter narrows it', async () => {
    // Rows as `kmemlens fleet` makes them, from the analyses of real fixtures.
    const files = ['global-oom-unreclaimable-slab-dmesg-T.txt', 'kernel-3.2-no-memavailable.meminfo', 'real-node-capture-script-output.txt'].map((f) => path.join(ROOT, 'fixtures', f));
    const rows = sortFleet(files.map(rowOfFile));
    await send(page, { type: 'fleet', fleet: { title: 'Fleet: fixtures', source: 'fixtures', rows, origin: 'folder' } });
    assert.equal(await page.evaluate(() => document.body.dataset.renderedTab), 'fleet');
    const shown = await page.$$eval('#fleet-table tbody tr', (r) => r.map((x) => [x.getAttribute('data-node'), ...[...x.querySelectorAll('td')].slice(1, 3).map((c) => c.textContent)]));
    assert.deepEqual(shown, rows.map((r) => [r.node, r.error ? 'error' : r.worst ?? 'ok', r.error ?? r.worstRule ?? '']));
    assert.equal(shown[0][1], 'critical', 'the OOM node is first');
    assert.match(await page.$eval('#fleet-summary', (e) => e.textContent ?? ''), /^3 nodes: 1 critical/);
    await clearPosted(page);
    await page.click('#fleet-table tbody tr:nth-child(2)');
    await page.focus('#fleet-table tbody tr:nth-child(1)');
    await page.keyboard.press('Enter');
    assert.deepEqual(await posted(page), [{ type: 'openNode', file: rows[1].file }, { type: 'openNode', file: rows[0].file }]);
    await page.fill('#fleet-filter input', rows[2].node.slice(-12)).catch(async () => {
      await page.evaluate((v) => { const f = document.getElementById('fleet-filter') as HTMLElement & { value: string }; f.value = v; f.dispatchEvent(new Event('input')); }, rows[2].node.slice(-12));
    });
    assert.equal(await page.$$eval('#fleet-table tbody tr', (r) => r.length), 1);
    const saved = await page.evaluate(() => (window as unknown as { __state: { fleet?: { rows: unknown[] } } }).__state);
    assert.equal(saved.fleet?.rows.length, 3, 'the rows are kept in the webview state for a reload');
  });

  test('the Process tab: a real JVM\'s heap and NMT categories against a 256 MiB limit (fixture memory.max), drawn and tabled; its line link reveals', async () => {
    const cap = (f: string) => readFileSync(path.join(ROOT, 'test', 'process', 'captures', f), 'utf8');
    const text = ['$ cat /proc/7477/status', cap('jdk17-proc-status.txt'), '$ jcmd 7477 VM.native_memory summary', cap('jdk17-nmt-summary.txt'), '==> /sys/fs/cgroup/memory.max <==', String(256 * 1024 * 1024), ''].join('\n');
    const m = viewModelOf(text, 'jvm.txt');
    await update(page, m);
    assert.ok((await tabsShown(page)).includes('process'));
    await openTab(page, 'process');
    const ink = await canvasInk(page);
    assert.ok(ink.length >= 2 && ink.every((n) => n > 500), `charts drawn: ${ink}`);
    const rows = await page.$$eval('table.nmt-table tbody tr', (r) => r.map((x) => [...x.querySelectorAll('td')].map((c) => c.textContent)));
    const p = m.processes![0];
    assert.deepEqual(rows[0], ['Java Heap', formatBytes(p.jvm!.maxHeapBytes!), formatBytes(p.jvm!.heapCommittedBytes!), '']);
    assert.equal(rows.length, 1 + p.jvm!.nonHeap.length);
    assert.match(await panelText(page), /limit 256 MiB/);
    const side = await page.$$eval('table.side-table tbody tr', (r) => r.map((x) => [...x.querySelectorAll('td')].slice(0, 3).map((c) => c.textContent)));
    assert.deepEqual(side.find((r) => r[0] === 'RSS'), ['RSS', formatBytes(p.rssBytes!), formatPercent(p.rssBytes! / p.limitBytes!)]);
    assert.deepEqual(side.find((r) => r[0] === 'JVM non-heap, committed')?.[1], formatBytes(p.jvm!.nonHeapCommittedBytes!));
    await clearPosted(page);
    await page.click('vscode-tab-panel:not([hidden]) .process-head a.jump');
    assert.deepEqual(await posted(page), [{ type: 'reveal', line: p.line, documentUri: URI }]);
  });

  test('model strings are shown as text, never parsed as HTML', async () => {
    const evil1 = '<img src=x onerror="window.__xss=1">';
    const evil2 = '</script><script>window.__xss=2</script>';
    const m: ViewModel = structuredClone(sample);
    m.title = evil2;
    m.headline = evil1;
    m.findings[0] = { ...m.findings[0], message: evil1, title: evil2 };
    m.slab!.caches[0] = { ...m.slab!.caches[0], name: evil1, group: evil2 };
    m.slab!.groups[0] = { ...m.slab!.groups[0], group: evil1 };
    m.cgroups[0] = { ...m.cgroups[0], source: evil2 };
    const o = structuredClone(oomModel().oom[0]);
    o.victim = evil1; o.tasks[0] = { ...o.tasks[0], name: evil2 }; o.tasks[1] = { ...o.tasks[1], name: evil1 };
    m.oom = [o];
    await send(page, { type: 'update', model: m, documentUri: URI, version: 2 });
    const seen: string[] = [];
    for (const tab of ['overview', 'slab', 'cgroup', 'oom']) {
      await openTab(page, tab);
      await page.$$eval('details', (ds) => ds.forEach((d) => { (d as HTMLDetailsElement).open = true; }));
      seen.push(await page.evaluate(() => document.body.innerText));
      assert.equal(await page.evaluate(() => document.querySelectorAll('img, script:not([src]):not([nonce])').length), 0, `${tab}: no element was created from model text`);
    }
    const all = seen.join('\n');
    assert.ok(all.includes(evil1) && all.includes(evil2));
    assert.equal(await page.textContent('#title'), evil2);
    assert.equal(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), undefined);
  });

  test('the CSP blocks an inline script without the nonce; every tab renders with no CSP violation', async () => {
    const violationsBefore = await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations.slice());
    assert.deepEqual(violationsBefore, [], 'drawing every tab so far needed nothing the CSP forbids');
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__inline = 1';
      document.body.appendChild(s);
    });
    await page.waitForFunction(() => (window as unknown as { __violations: string[] }).__violations.length > 0);
    assert.equal(await page.evaluate(() => (window as unknown as { __inline?: number }).__inline), undefined);
    assert.match((await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations))[0], /^script-src/);
  });

  test('theme switch redraws charts in the new colours; screenshots of every tab in both themes', async () => {
    await update(page, sample);
    const pixelsOf = () => page.$eval('vscode-tab-panel:not([hidden]) canvas', (c) => {
      const d = (c as HTMLCanvasElement).getContext('2d')!.getImageData(0, 0, (c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height).data;
      const colours = new Set<number>();
      for (let i = 0; i < d.length; i += 4) if (d[i + 3] === 255) colours.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
      return [...colours];
    });
    await openTab(page, 'pressure');
    await setTheme(page, 'dark');
    const dark = new Set(await pixelsOf());
    await setTheme(page, 'light');
    const light = new Set(await pixelsOf());
    assert.ok(dark.has(0xf14c4c) && !dark.has(0xe51400), 'dark red bars');
    assert.ok(light.has(0xe51400) && !light.has(0xf14c4c), 'light red bars after the theme change');
    const models: [ViewModel, string[]][] = [[sample, ['overview', 'memory', 'slab', 'cgroup', 'pressure']], [oomModel(), ['oom']]];
    for (const theme of ['light', 'dark'] as const) {
      await setTheme(page, theme);
      for (const [m, tabs] of models) {
        await update(page, m);
        for (const tab of tabs) {
          await openTab(page, tab);
          await page.screenshot({ path: path.join(SHOTS, `webview-${tab}-${theme}.png`), fullPage: true, animations: 'disabled', timeout: 60_000 });
        }
      }
      await send(page, { type: 'compare', left: sample, right: viewModelOf(seriesText().split('root@node:/# date -Is').slice(-1)[0], 'later.txt'), leftLabel: 'before', rightLabel: 'after' });
      await page.screenshot({ path: path.join(SHOTS, `webview-compare-${theme}.png`), fullPage: true, animations: 'disabled', timeout: 60_000 });
    }
  });

  test('first render of a one-week series (6 tracks × 10080 points)', async () => {
    const fresh = await openViewer(h);
    await setTheme(fresh, 'dark');
    await send(fresh, { type: 'showTab', tab: 'trends' });
    const week = weekModel();
    const r = await send(fresh, { type: 'update', model: week, documentUri: URI, version: 1 });
    assert.equal(r.tab, 'trends');
    const ink = await canvasInk(fresh);
    assert.equal(ink.length, 2);
    for (const n of ink) assert.ok(n > 2000);
    console.log(`first render of a 1-week series (6 × 10080 points): ${r.ms.toFixed(1)} ms in the webview, ${r.total.toFixed(1)} ms including the message`);
    await fresh.close();
  });
});
