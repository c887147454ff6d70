// In-editor integration suite: runs inside a real extension host, through the VS Code API.
// Loaded as extensionTestsPath by @vscode/test-electron (test/e2e/runVscodeTests.mjs) or by
// code-server through the workbench URL payload (test/e2e/extensionHost.test.mjs).
// Results go to the JSON file named by KMEMLENS_SUITE_RESULTS (if set); run() rejects on any failure.
'use strict';
const vscode = require('vscode');
const fs = require('fs');
const path = require('path');
const assert = require('assert');

const EXT_ID = 'kernel-memory-lens.kernel-memory-lens';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function until(fn, what, timeout = 20000) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    try { last = await fn(); if (last) return last; } catch (e) { last = e; }
    if (Date.now() > end) throw new Error(`timed out after ${timeout / 1000} s waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
    await sleep(150);
  }
}

function hoverText(hovers) {
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

function codeOf(d) {
  return typeof d.code === 'object' && d.code !== null ? String(d.code.value) : String(d.code ?? '');
}

function workspaceFile(name) {
  const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
  if (!folder) throw new Error('the suite needs a workspace folder holding node.meminfo and node.snapshot.txt');
  return vscode.Uri.joinPath(folder.uri, name);
}

const tests = [];
const test = (name, fn) => tests.push({ name, fn });

test('the extension is installed and activates', async () => {
  const ext = vscode.extensions.getExtension(EXT_ID);
  assert.ok(ext, `${EXT_ID} is not installed`);
  await ext.activate();
  assert.ok(ext.isActive);
});

test('meminfo: hover on SUnreclaim explains it with a GiB value', async () => {
  const doc = await vscode.workspace.openTextDocument(workspaceFile('node.meminfo'));
  await vscode.window.showTextDocument(doc);
  assert.equal(doc.languageId, 'meminfo');
  const line = doc.getText().split('\n').findIndex((l) => l.startsWith('SUnreclaim:'));
  assert.ok(line >= 0);
  const text = await until(async () => {
    const t = hoverText(await vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, new vscode.Position(line, 2)));
    return /Unreclaimable slab/.test(t) && t;
  }, 'a hover on SUnreclaim');
  assert.match(text, /\d+(\.\d+)? GiB/);
});

test('meminfo: diagnostics include meminfo/unreclaimable-slab-high on the SUnreclaim line', async () => {
  const uri = workspaceFile('node.meminfo');
  const doc = await vscode.workspace.openTextDocument(uri);
  const line = doc.getText().split('\n').findIndex((l) => l.startsWith('SUnreclaim:'));
  const d = await until(() => vscode.languages.getDiagnostics(uri).find((x) => codeOf(x) === 'meminfo/unreclaimable-slab-high'), 'the unreclaimable-slab-high diagnostic');
  assert.equal(d.range.start.line, line);
  assert.equal(d.source, 'kmemlens');
});

test('meminfo: document symbols list the section and its key fields', async () => {
  const uri = workspaceFile('node.meminfo');
  const symbols = await until(async () => { const s = await vscode.commands.executeCommand('vscode.executeDocumentSymbolProvider', uri); return s && s.length && s; }, 'document symbols');
  assert.equal(symbols.length, 1);
  assert.match(symbols[0].name, /^meminfo/);
  const children = symbols[0].children.map((c) => c.name);
  for (const k of ['MemTotal', 'MemAvailable', 'SUnreclaim']) assert.ok(children.includes(k), `${k} missing from ${children}`);
});

test('bundle: one outline symbol per section', async () => {
  const uri = workspaceFile('node.snapshot.txt');
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc);
  const sources = doc.getText().split('\n').filter((l) => l.startsWith('==> ')).map((l) => l.slice(4, -4));
  await until(() => doc.languageId === 'kmem-snapshot', `language kmem-snapshot (is ${doc.languageId})`);
  const symbols = await until(async () => { const s = await vscode.commands.executeCommand('vscode.executeDocumentSymbolProvider', uri); return s && s.length >= sources.length && s; }, `${sources.length} section symbols`);
  for (const src of sources) assert.ok(symbols.some((s) => s.name.includes(src)), `no symbol for ${src}: ${symbols.map((s) => s.name)}`);
});

test('bundle: inlay hints show human sizes after memory.stat bytes and meminfo kB', async () => {
  const uri = workspaceFile('node.snapshot.txt');
  const doc = await vscode.workspace.openTextDocument(uri);
  const lines = doc.getText().split('\n');
  const mem = lines.findIndex((l) => l.startsWith('MemTotal:'));
  const stat = lines.findIndex((l) => l.startsWith('inactive_file '));
  const label = (h) => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join(''));
  const hints = await until(async () => {
    const h = await vscode.commands.executeCommand('vscode.executeInlayHintProvider', uri, new vscode.Range(0, 0, doc.lineCount, 0));
    return h && h.some((x) => x.position.line === stat) && h;
  }, 'inlay hints for the whole bundle');
  assert.match(label(hints.find((x) => x.position.line === mem)), /≈ 15\.6 GiB/);
  assert.match(label(hints.find((x) => x.position.line === stat)), /≈ 800 MiB/);
});

test('kmemlens.analyze opens a markdown report with Red flags', async () => {
  const uri = workspaceFile('node.meminfo');
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  const before = new Set(vscode.workspace.textDocuments);
  await vscode.commands.executeCommand('kmemlens.analyze', uri);
  const report = await until(() => vscode.workspace.textDocuments.find((d) => !before.has(d) && d.languageId === 'markdown'), 'the report document');
  assert.match(report.getText(), /Red flags/);
  assert.match(report.getText(), /unreclaimable-slab-high/);
});

test('a pasted snapshot in an untitled editor gets its language by itself', async () => {
  const text = fs.readFileSync(workspaceFile('node.snapshot.txt').fsPath, 'utf8');
  const doc = await vscode.workspace.openTextDocument({ language: 'plaintext', content: text });
  await vscode.window.showTextDocument(doc);
  await until(() => doc.languageId === 'kmem-snapshot' || doc.languageId === 'meminfo', `the language to switch (is ${doc.languageId})`);
  await until(() => vscode.languages.getDiagnostics(doc.uri).length > 0, 'diagnostics on the untitled document');
});

exports.run = async function run() {
  const results = [];
  const t0 = Date.now();
  for (const t of tests) {
    const s = Date.now();
    try {
      await t.fn();
      results.push({ name: t.name, ok: true, ms: Date.now() - s });
      console.log(`[kmemlens-suite] ok ${t.name} (${Date.now() - s} ms)`);
    } catch (e) {
      results.push({ name: t.name, ok: false, ms: Date.now() - s, error: String((e && e.stack) || e) });
      console.error(`[kmemlens-suite] FAIL ${t.name}: ${(e && e.stack) || e}`);
    }
  }
  const summary = { host: vscode.env.appName, version: vscode.version, passed: results.filter((r) => r.ok).length, failed: results.filter((r) => !r.ok).length, ms: Date.now() - t0, results };
  const out = process.env.KMEMLENS_SUITE_RESULTS;
  if (out) { fs.mkdirSync(path.dirname(out), { recursive: true }); fs.writeFileSync(out, JSON.stringify(summary, null, 2)); }
  if (summary.failed) throw new Error(`${summary.failed} of ${results.length} in-editor tests failed:\n${results.filter((r) => !r.ok).map((r) => `- ${r.name}: ${r.error.split('\n')[0]}`).join('\n')}`);
};
