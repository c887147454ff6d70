/**
 * The snapshot viewer's HTML page. Pure (no `vscode` import) so tests can
 * serve exactly this page. The page holds no inline script: the only script
 * is the bundle, allowed by its nonce.
 */

export interface ViewerHtmlOptions {
  /** `webview.cspSource`: the origin local resources are served from. */
  cspSource: string;
  /** `asWebviewUri(dist/webview.js)`. */
  scriptUri: string;
  /** A fresh random nonce per page load. */
  nonce: string;
  /** `asWebviewUri(dist/webview.css)` (esbuild writes it next to the script). */
  cssUri?: string;
  title?: string;
}

/** Escapes text for an HTML attribute value or text node. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * The Content-Security-Policy. Scripts only by nonce; styles only from the
 * extension's dist/. No 'unsafe-inline' is needed: Lit (vscode-elements)
 * uses constructable stylesheets (adoptedStyleSheets) and Chart.js sets
 * styles through the CSSOM, neither of which CSP governs. The webview tests
 * render every tab under this policy and assert no violation.
 */
export function viewerCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
  ].join('; ') + ';';
}

export function viewerHtml(o: ViewerHtmlOptions): string {
  if (!/^[A-Za-z0-9+/=_-]{16,}$/.test(o.nonce)) throw new Error('viewerHtml: the nonce must be at least 16 base64/hex characters');
  const a = escapeHtml;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${a(viewerCsp(o.cspSource, o.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${o.cssUri ? `<link rel="stylesheet" href="${a(o.cssUri)}">\n` : ''}<title>${a(o.title ?? 'Snapshot Viewer')}</title>
</head>
<body>
<main id="app"><p class="empty" id="empty">Loading the snapshot viewer…</p></main>
<script nonce="${a(o.nonce)}" src="${a(o.scriptUri)}"></script>
</body>
</html>
`;
}
