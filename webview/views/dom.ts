/**
 * DOM helpers. Strings always become text nodes: nothing from the model is
 * ever parsed as HTML (no innerHTML anywhere in the webview).
 */
export type Child = Node | string | number | undefined | null | false;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Record<string, string | number | boolean | undefined>, ...children: Child[]): HTMLElementTagNameMap[K];
export function h(tag: string, attrs?: Record<string, string | number | boolean | undefined>, ...children: Child[]): HTMLElement;
export function h(tag: string, attrs: Record<string, string | number | boolean | undefined> = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, ...children);
  return el;
}

export function append(el: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    el.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

/** A plain table: header cells and rows of cells (strings are text). */
export function table(caption: string, head: string[], rows: Child[][], opts: { numeric?: boolean[]; className?: string } = {}): HTMLTableElement {
  const t = h('table', { class: opts.className ?? 'data' });
  t.appendChild(h('caption', {}, caption));
  const thead = h('thead');
  const tr = h('tr');
  head.forEach((c, i) => tr.appendChild(h('th', { scope: 'col', class: opts.numeric?.[i] ? 'num' : undefined }, c)));
  thead.appendChild(tr);
  t.appendChild(thead);
  const body = h('tbody');
  for (const r of rows) {
    const row = h('tr');
    r.forEach((c, i) => row.appendChild(h('td', { class: opts.numeric?.[i] ? 'num' : undefined }, c)));
    body.appendChild(row);
  }
  t.appendChild(body);
  return t;
}

/** A section with a heading. */
export function section(title: string, ...children: Child[]): HTMLElement {
  return h('section', { class: 'block' }, h('h2', {}, title), ...children);
}

/** Makes an element act as a button for mouse and keyboard (Enter / Space). */
export function activate(el: HTMLElement, action: () => void): HTMLElement {
  el.tabIndex = 0;
  if (!el.getAttribute('role')) el.setAttribute('role', 'button');
  el.addEventListener('click', action);
  el.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); action(); }
  });
  return el;
}

/** A vscode-button with a text label. */
export function button(label: string, action: () => void, attrs: Record<string, string | boolean | undefined> = {}): HTMLElement {
  const b = h('vscode-button', attrs, label);
  b.addEventListener('click', action);
  return b;
}
