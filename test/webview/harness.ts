/**
 * Test stand-ins for the webview: builds dist/webview.js, serves the real
 * viewerHtml page (plus a stub acquireVsCodeApi) from 127.0.0.1, and drives
 * headless Chromium with playwright-core.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { analyzeText } from '../../src/analysis/analyze';
import { toViewModel, type ViewModel } from '../../src/features/viewModel';
import type { ToWebview } from '../../webview/protocol';
import { viewerHtml } from '../../extension/client/viewerHtml';

export const ROOT = process.cwd();
export const NONCE = 'dGVzdC1ub25jZS0xMjM0NTY3OA==';

/** Builds the webview bundle the way the extension ships it. */
export function buildWebview(): void {
  execFileSync(process.execPath, ['esbuild.mjs', '--only=webview'], { cwd: ROOT, stdio: 'inherit' });
}

/** Runs in the page before the bundle (same nonce): records what the webview posts and keeps its state. */
const STUB = `
window.__posted = [];
window.__state = undefined;
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '')));
window.acquireVsCodeApi = () => ({
  postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
  getState: () => window.__state,
  setState: (s) => { window.__state = JSON.parse(JSON.stringify(s)); },
});
`;

export interface Harness { server: Server; origin: string; browser: Browser; close(): Promise<void> }

/** Serves `/` (the viewer page exactly as shipped, CSP included) and the bundle. */
export async function startHarness(): Promise<Harness> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    if (url.pathname === '/') {
      let html = viewerHtml({ cspSource: origin, scriptUri: `${origin}/dist/webview.js`, cssUri: `${origin}/dist/webview.css`, nonce: NONCE });
      html = html.replace('<script nonce=', `<script nonce="${NONCE}">${STUB}</script>\n<script nonce=`);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html);
      return;
    }
    const file = { '/dist/webview.js': 'text/javascript', '/dist/webview.css': 'text/css' }[url.pathname];
    if (!file) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'content-type': file });
    res.end(readFileSync(path.join(ROOT, url.pathname)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true,
    args: ['--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    server, origin, browser,
    async close() {
      await browser.close().catch(() => undefined);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export async function openViewer(h: Harness, pagePath = '/'): Promise<Page> {
  const page = await h.browser.newPage({ viewport: { width: 1100, height: 900 } });
  page.on('pageerror', (e) => console.error('[page error]', e.message));
  // tsx compiles with keepNames: functions passed to page.evaluate may call esbuild's __name helper.
  await page.addInitScript('window.__name = (f) => f;');
  await page.goto(h.origin + pagePath);
  await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
  return page;
}

/** Sends a message as the extension would and waits until the webview has drawn it. */
export async function send(page: Page, message: ToWebview): Promise<{ ms: number; tab?: string; total: number }> {
  return page.evaluate((msg) => new Promise<{ ms: number; tab?: string; total: number }>((resolve) => {
    const t0 = performance.now();
    document.addEventListener('kmemlens:rendered', (e) => resolve({ ...(e as CustomEvent<{ ms: number; tab?: string }>).detail, total: performance.now() - t0 }), { once: true });
    window.postMessage(msg, '*');
  }), message);
}

/** Clicks a tab header and waits for its panel to be drawn. */
export async function openTab(page: Page, tab: string): Promise<void> {
  const drawn = page.evaluate((t) => new Promise<void>((resolve) => {
    if (document.body.dataset.renderedTab === t) { resolve(); return; }
    const on = (e: Event) => { if ((e as CustomEvent<{ tab?: string }>).detail.tab === t) { document.removeEventListener('kmemlens:rendered', on); resolve(); } };
    document.addEventListener('kmemlens:rendered', on);
  }), tab);
  await page.click(`vscode-tab-header[data-tab="${tab}"]`);
  await drawn;
}

/** Non-transparent pixels of each canvas in the shown panel. */
export async function canvasInk(page: Page): Promise<number[]> {
  return page.evaluate(() => [...document.querySelectorAll<HTMLCanvasElement>('vscode-tab-panel:not([hidden]) canvas')].map((c) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i]) n++;
    return n;
  }));
}

export async function posted(page: Page): Promise<{ type: string; [k: string]: unknown }[]> {
  return page.evaluate(() => (window as unknown as { __posted: { type: string }[] }).__posted);
}

export async function clearPosted(page: Page): Promise<void> {
  await page.evaluate(() => { (window as unknown as { __posted: unknown[] }).__posted.length = 0; });
}

export function viewModelOf(text: string, fileName: string): ViewModel {
  return toViewModel(analyzeText(text, { fileName }), fileName);
}

export function sampleModel(): ViewModel {
  return viewModelOf(readFileSync(path.join(ROOT, 'fixtures', 'sample-node-snapshot.txt'), 'utf8'), 'sample-node-snapshot.txt');
}

export function oomModel(): ViewModel {
  return viewModelOf(readFileSync(path.join(ROOT, '..', 'shared', 'corpus', 'oom-report', 'oomanalyser-archlinux-6.1.1-global.txt'), 'utf8'), 'oom.txt');
}

/** Six timed captures (date -Is) of meminfo + PSI memory, with SUnreclaim growing. */
export function seriesText(): string {
  const sample = readFileSync(path.join(ROOT, 'fixtures', 'sample-node-snapshot.txt'), 'utf8').split('\n');
  const start = sample.indexOf('==> /proc/meminfo <==');
  const mem = sample.slice(start + 1, sample.indexOf('', start));
  let doc = '';
  for (let i = 0; i < 6; i++) {
    const t = new Date(Date.UTC(2026, 10, 24, 9, i * 10)).toISOString().replace('.000Z', '+00:00');
    doc += `root@node:/# date -Is\n${t}\nroot@node:/# tail -n +1 /proc/meminfo /proc/pressure/memory\n==> /proc/meminfo <==\n`;
    doc += mem.map((l) => (l.startsWith('SUnreclaim:') ? `SUnreclaim:     ${4000000 + i * 250000} kB` : l)).join('\n') + '\n\n';
    doc += `==> /proc/pressure/memory <==\nsome avg10=${(5 + i * 4).toFixed(2)} avg60=${(4 + i * 3).toFixed(2)} avg300=${(3 + i * 2).toFixed(2)} total=${1000 + i}\n`;
    doc += `full avg10=${(1 + i * 2).toFixed(2)} avg60=1.00 avg300=0.50 total=${500 + i}\n\n`;
  }
  return doc;
}

/** A week at one point a minute: 6 tracks × 10080 points (built directly; no parsing involved). */
export function weekModel(): ViewModel {
  const base = sampleModel();
  const n = 10080; const t0 = Date.UTC(2026, 10, 17);
  const track = (id: string, label: string, unit: 'bytes' | 'percent', f: (i: number) => number) =>
    ({ id, label, unit, points: Array.from({ length: n }, (_, i) => ({ i, t: t0 + i * 60_000, v: f(i), line: i })) });
  const GiB = 2 ** 30;
  return {
    ...base,
    series: [
      { kind: 'meminfo', key: 'meminfo:/proc/meminfo', timed: true, captures: n, tracks: [
        track('meminfo:MemAvailable', 'MemAvailable', 'bytes', (i) => 6 * GiB - i * 300_000 + Math.sin(i / 50) * 0.3 * GiB),
        track('meminfo:SUnreclaim', 'SUnreclaim', 'bytes', (i) => 0.5 * GiB + i * 250_000),
        track('meminfo:Slab', 'Slab', 'bytes', (i) => 0.8 * GiB + i * 260_000 + Math.cos(i / 30) * 0.05 * GiB),
        track('meminfo:AnonPages', 'AnonPages', 'bytes', (i) => 7 * GiB + Math.sin(i / 400) * GiB),
      ] },
      { kind: 'pressure', key: 'pressure:/proc/pressure/memory:memory', timed: true, captures: n, tracks: [
        track('pressure:some.avg10', 'some.avg10', 'percent', (i) => Math.abs(Math.sin(i / 97)) * 30),
        track('pressure:full.avg10', 'full.avg10', 'percent', (i) => Math.abs(Math.sin(i / 131)) * 12),
      ] },
    ],
  };
}
