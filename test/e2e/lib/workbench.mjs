// Drives the VS Code workbench served by code-server through playwright-core + Debian's chromium.
// Selectors and pitfalls: /work/shared/reference/e2e-recipe.md §8.
import { chromium } from 'playwright-core';
import { cpSync, mkdirSync, rmSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ROOT, phase, ensureCodeServer, makeRunRoot, installVsix, startCodeServer, stopProcessGroup,
  chromiumPath, run, vsixPath, sleep, writeUserSettings,
} from './codeServer.mjs';

export const RESULTS = join(ROOT, 'test-results', 'e2e');
const CONSOLE_NOISE = /vsda|regexp-languagedetection|Failed to load resource|ERR_ABORTED|Ignoring fetching additional builtin extensions|favicon|ms-vscode\.|\[Extension Host\] (?!.*kmemlens)/i;

/** Polls fn until it returns a truthy value; fails with `what` and the last value seen. */
export async function until(fn, { timeout = 15_000, interval = 150, what = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  let last, lastErr;
  for (;;) {
    try { last = await fn(); if (last) return last; } catch (e) { lastErr = e; }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout / 1000} s waiting for ${what}${last !== undefined ? `; last value: ${JSON.stringify(last)?.slice(0, 500)}` : ''}${lastErr ? `; last error: ${lastErr.message.split('\n')[0]}` : ''}`);
    await sleep(interval);
  }
}

/**
 * Global setup for one test file: code-server (cached), the packaged .vsix installed into a fresh
 * extensions dir, code-server started on a free port, one browser. KMEMLENS_E2E_PREPARED=1 (set by
 * test/e2e/run.mjs after it did the install and packaging once) skips those two steps.
 */
export async function startHarness({ env = {}, settings = {} } = {}) {
  mkdirSync(RESULTS, { recursive: true });
  if (process.env.KMEMLENS_E2E_PREPARED !== '1') {
    await phase('install code-server (cached)', ensureCodeServer);
    await phase('npm run package', () => run('npm', ['run', 'package'], { timeoutMs: 180_000 }));
  }
  const vsix = vsixPath();
  if (!existsSync(vsix)) throw new Error(`${vsix} is missing; run npm run package`);
  chromiumPath();
  const dirs = makeRunRoot();
  writeUserSettings(dirs, settings);
  await phase('install the .vsix', () => installVsix(dirs, vsix));
  const server = await phase('start code-server', () => startCodeServer(dirs, { env }));
  const browser = await phase('launch chromium', () => chromium.launch({ executablePath: chromiumPath(), headless: true, args: ['--disable-gpu', '--disable-dev-shm-usage'], timeout: 30_000 }));
  return { dirs, server, browser };
}

export async function stopHarness(h) {
  if (!h) return;
  await phase('teardown', async () => {
    try { await h.browser?.close(); } catch {}
    await stopProcessGroup(h.server?.proc);
    if (process.env.KMEMLENS_E2E_KEEP !== '1') rmSync(h.dirs.root, { recursive: true, force: true });
    else process.stderr.write(`[e2e] kept ${h.dirs.root}\n`);
  });
}

/** A fresh workspace: the fixtures dir plus extra files { name: text }. */
export function makeWorkspace(h, name, files = {}, { fixtures = true } = {}) {
  const ws = join(h.dirs.ws, name);
  rmSync(ws, { recursive: true, force: true });
  mkdirSync(ws, { recursive: true });
  if (fixtures) cpSync(join(ROOT, 'fixtures'), join(ws, 'fixtures'), { recursive: true });
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(join(ws, f, '..'), { recursive: true });
    writeFileSync(join(ws, f), text);
  }
  return ws;
}

/** Opens the workbench on a folder in a new browser context; returns a Session. */
export async function openSession(h, ws, label) {
  const context = await h.browser.newContext({ viewport: { width: 1400, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: h.server.url });
  const page = await context.newPage();
  const s = new Session(h, context, page, ws, label);
  page.on('console', (m) => { const t = m.text(); if ((m.type() === 'error' || m.type() === 'warning') && !CONSOLE_NOISE.test(t)) s.console.push(`${m.type()}: ${t}`); });
  page.on('pageerror', (e) => s.console.push(`pageerror: ${e.message}`));
  page.setDefaultTimeout(15_000);
  await page.goto(`${h.server.url}/?folder=${encodeURIComponent(ws)}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 30_000 });
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 30_000 });
  await page.locator('.monaco-workbench.vs-dark').waitFor({ timeout: 20_000 });
  await s.shot('workbench');
  return s;
}

export class Session {
  constructor(h, context, page, ws, label) {
    Object.assign(this, { h, context, page, ws, label, n: 0, console: [] });
  }

  async shot(step) {
    const f = join(RESULTS, `${this.label}-${String(++this.n).padStart(2, '0')}-${step.replace(/[^a-z0-9]+/gi, '-')}.png`);
    try { await this.page.screenshot({ path: f, timeout: 10_000 }); } catch {}
    return f;
  }

  async close() {
    try { await this.page.goto('about:blank', { timeout: 5_000 }); await sleep(600); } catch {}
    try { await this.context.close(); } catch {}
  }

  // --- workbench actions -----------------------------------------------------------------

  async quickOpen(name, expectText) {
    const p = this.page;
    await this.dismissWidgets();
    await p.keyboard.press('Control+P');
    const input = p.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(name);
    await p.locator('.quick-input-list .monaco-list-row', { hasText: name.split('/').pop() }).first().waitFor({ timeout: 15_000 });
    await p.keyboard.press('Enter');
    await p.locator('.tabs-container .tab.active', { hasText: name.split('/').pop() }).waitFor();
    if (expectText) await this.activeEditor().locator('.view-lines', { hasText: expectText }).waitFor();
  }

  /** Runs a palette command by its full title ("Kernel Memory: Analyze Snapshot"). */
  async command(title) {
    const p = this.page;
    await this.dismissWidgets();
    await p.keyboard.press('F1');
    const input = p.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(`>${title}`);
    const row = p.locator('.quick-input-list .monaco-list-row', { has: p.locator('.label-name', { hasText: new RegExp(`^${escapeRe(title)}$`) }) }).first();
    await row.waitFor({ timeout: 15_000 });
    await until(async () => (await p.locator('.quick-input-list .monaco-list-row.focused .label-name').first().textContent().catch(() => ''))?.trim() === title || (await row.click().then(() => 'clicked')), { what: `palette row "${title}"`, timeout: 10_000 });
    if (await input.isVisible().catch(() => false)) await p.keyboard.press('Enter');
  }

  async dismissWidgets() {
    if (await this.page.locator('.quick-input-widget input').isVisible().catch(() => false)) await this.page.keyboard.press('Escape');
  }

  activeEditor() {
    // The editor group that has focus / the active tab; falls back to any text editor.
    return this.page.locator('.editor-group-container.active .monaco-editor').first();
  }

  async languageMode() {
    return (await this.page.locator('[id="status.editor.mode"]').textContent({ timeout: 5_000 }).catch(() => ''))?.trim();
  }

  async waitLanguage(re, timeout = 15_000) {
    return until(async () => { const m = await this.languageMode(); return re.test(m) && m; }, { timeout, what: `language mode ${re}` });
  }

  async cursorLine() {
    const t = (await this.page.locator('[id="status.editor.selection"]').textContent({ timeout: 3_000 }).catch(() => '')) ?? '';
    const m = /Ln (\d+)/.exec(t);
    return m ? Number(m[1]) : undefined;
  }

  /** Distinct token colours on the rendered line that contains `text`. */
  async tokenColours(text) {
    return this.activeEditor().locator('.view-lines .view-line', { hasText: text }).first().evaluate((line) => {
      const colours = new Set();
      for (const span of line.querySelectorAll('span > span')) if (span.textContent.trim()) colours.add(getComputedStyle(span).color);
      return [...colours];
    });
  }

  /** Moves the mouse onto the first characters of `word` on a rendered line (recipe §8 hover pitfall). */
  async hoverWord(word, { lineText } = {}) {
    const box = await this.activeEditor().locator('.view-lines').evaluate((root, [word, lineText]) => {
      for (const line of root.querySelectorAll('.view-line')) {
        if (lineText && !line.textContent.replace(/\u00a0/g, ' ').includes(lineText)) continue;
        const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const i = n.textContent.indexOf(word);
          if (i < 0) continue;
          const r = document.createRange();
          r.setStart(n, i); r.setEnd(n, Math.min(n.textContent.length, i + Math.min(3, word.length)));
          const b = r.getBoundingClientRect();
          return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
        }
      }
      return null;
    }, [word, lineText]);
    if (!box) throw new Error(`"${word}" is not on a rendered line of the active editor`);
    await this.page.mouse.move(box.x - 40, box.y + 30);
    await this.page.mouse.move(box.x, box.y, { steps: 5 });
    const hover = this.page.locator('.monaco-hover:not(.hidden)').first();
    await hover.waitFor({ timeout: 10_000 });
    await until(async () => ((await hover.textContent()) ?? '').trim().length > 20 && !/Loading/.test(await hover.textContent()), { what: 'hover content', timeout: 10_000 });
    return (await hover.textContent()) ?? '';
  }

  /** Clicks on a rendered line (at its first characters) to put the cursor there. */
  async clickLine(text) {
    const line = this.activeEditor().locator('.view-lines .view-line', { hasText: text }).first();
    const b = await line.boundingBox();
    await this.page.mouse.click(b.x + 4, b.y + b.height / 2);
  }

  async problems() {
    const p = this.page;
    if (!(await p.locator('.markers-panel').isVisible().catch(() => false))) await p.keyboard.press('Control+Shift+M');
    await p.locator('.markers-panel').waitFor();
    return p.locator('.markers-panel .monaco-list-row');
  }

  async problemTexts() {
    const rows = await this.problems();
    return rows.evaluateAll((els) => els.map((e) => e.textContent ?? ''));
  }

  squiggles() {
    return this.activeEditor().locator('.squiggly-error, .squiggly-warning, .squiggly-info');
  }

  /** The viewer webview's inner document (recipe §8: two nested iframes). */
  webview() {
    return this.page.frameLocator('iframe.webview.ready').last().frameLocator('iframe#active-frame');
  }

  /** Ctrl+G to a 1-based line (centres it, puts the cursor at its start). */
  async gotoLine(n) {
    const p = this.page;
    await this.dismissWidgets();
    await p.keyboard.press('Control+G');
    const input = p.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(`:${n}`);
    await p.keyboard.press('Enter');
    await until(async () => (await this.cursorLine()) === n, { what: `cursor on line ${n}`, timeout: 10_000 });
  }

  /** The frame of a webview whose document matches `selector` (webviews are two nested iframes). */
  async webviewFrame(selector, { timeout = 30_000, text } = {}) {
    return until(async () => {
      for (const f of this.page.frames()) {
        if (f === this.page.mainFrame()) continue;
        const ok = await f.evaluate(([sel, text]) => { const el = document.querySelector(sel); return !!el && (!text || document.body.innerText.includes(text)); }, [selector, text]).catch(() => false);
        if (ok) return f;
      }
      return undefined;
    }, { timeout, what: `a webview with ${selector}${text ? ` and text "${text}"` : ''}` });
  }

  /** The Snapshot Viewer's frame, once it has rendered a tab (body[data-rendered-tab]). */
  async viewer({ tab, timeout = 30_000 } = {}) {
    const f = await this.webviewFrame('#app #tabs, #app #empty', { timeout });
    if (tab) {
      await until(async () => (await f.evaluate(() => document.body.dataset.renderedTab)) === tab || (await f.locator(`vscode-tab-header[data-tab="${tab}"]`).click({ timeout: 2_000 }).then(() => false)), { what: `viewer tab ${tab} rendered`, timeout });
    } else {
      await until(() => f.evaluate(() => document.body.dataset.renderedTab !== undefined), { what: 'viewer rendered', timeout });
    }
    return f;
  }

  async setClipboard(text) {
    await this.page.evaluate((t) => navigator.clipboard.writeText(t), text);
  }
}

/** Counts the non-transparent pixels of every visible canvas in a frame. */
export function canvasInk(frame) {
  return frame.evaluate(() => [...document.querySelectorAll('canvas')].filter((c) => c.width && c.height && c.offsetParent !== null).map((c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i]) n++;
    return n;
  }));
}

export function escapeRe(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); }

export function fixture(name) { return readFileSync(join(ROOT, 'fixtures', name), 'utf8'); }

/** The /proc/meminfo part of the sample snapshot. */
export function sampleMeminfo() {
  const text = fixture('sample-node-snapshot.txt');
  const start = text.indexOf('MemTotal:');
  const end = text.indexOf('\n\n', start);
  return text.slice(start, end + 1);
}
