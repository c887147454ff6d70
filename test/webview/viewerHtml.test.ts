/** The viewer page builder is pure: check its CSP and script tag without a browser. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapeHtml, viewerCsp, viewerHtml } from '../../extension/client/viewerHtml';

const opts = { cspSource: 'https://file+.vscode-resource.vscode-cdn.net', scriptUri: 'https://x.vscode-cdn.net/dist/webview.js', cssUri: 'https://x.vscode-cdn.net/dist/webview.css', nonce: 'abcdefghijklmnopqrstuv' };

function cspOf(html: string): Map<string, string[]> {
  const m = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  assert.ok(m, 'the page has a CSP meta tag');
  const csp = m[1].replace(/&#39;/g, "'");
  return new Map(csp.split(';').map((d) => d.trim()).filter(Boolean).map((d) => { const [k, ...v] = d.split(/\s+/); return [k, v] as [string, string[]]; }));
}

test('CSP: nothing by default, scripts only by nonce, styles/images/fonts only from the extension', () => {
  const csp = cspOf(viewerHtml(opts));
  assert.deepEqual(csp.get('default-src'), ["'none'"]);
  assert.deepEqual(csp.get('script-src'), [`'nonce-${opts.nonce}'`]);
  assert.deepEqual(csp.get('style-src'), [opts.cspSource]);
  assert.deepEqual(csp.get('img-src'), [opts.cspSource, 'data:']);
  assert.deepEqual(csp.get('font-src'), [opts.cspSource]);
  assert.equal(csp.size, 5);
  assert.equal(viewerCsp('X', 'N'.repeat(16)).includes('unsafe'), false);
});

test('the only script is the bundle, carrying the nonce; no inline script', () => {
  const html = viewerHtml(opts);
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
  assert.equal(scripts.length, 1);
  assert.match(scripts[0][1], new RegExp(`nonce="${opts.nonce}"`));
  assert.match(scripts[0][1], /src="https:\/\/x\.vscode-cdn\.net\/dist\/webview\.js"/);
  assert.equal(scripts[0][2].trim(), '');
  assert.match(html, /<link rel="stylesheet" href="https:\/\/x\.vscode-cdn\.net\/dist\/webview\.css">/);
  assert.doesNotMatch(viewerHtml({ ...opts, cssUri: undefined }), /<link/);
});

test('values are escaped, and a weak nonce is refused', () => {
  const html = viewerHtml({ ...opts, scriptUri: 'x"><script>alert(1)</script>', title: '<b>t</b>' });
  assert.equal(html.match(/<script/g)?.length, 1);
  assert.match(html, /&lt;b&gt;t&lt;\/b&gt;/);
  assert.equal(escapeHtml(`<a href="x">'&`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;');
  assert.throws(() => viewerHtml({ ...opts, nonce: 'short' }));
  assert.throws(() => viewerHtml({ ...opts, nonce: "abcdefghijklmnop' 'unsafe-inline" }));
});
