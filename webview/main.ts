/**
 * The snapshot viewer webview: receives `ToWebview` messages, draws the
 * active tab from the ViewModel, posts `FromWebview` messages back.
 * It never parses snapshot files and never inserts model text as HTML.
 */
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import './styles.css';
import type { Chart } from 'chart.js';
import type { FleetView, ToWebview, ViewerState, ViewerTab, ViewModel } from './protocol';
import { vscodeApi } from './vscodeApi';
import { applyTheme, palette, type ViewContext } from './views/charts';
import { button, h } from './views/dom';
import { renderOverview } from './views/overview';
import { renderMemory } from './views/memory';
import { renderSlab } from './views/slab';
import { renderCgroup } from './views/cgroup';
import { renderPressure } from './views/pressure';
import { hasTrends, renderTrends } from './views/trends';
import { renderOom } from './views/oom';
import { hasKubernetes, renderKubernetes } from './views/kubernetes';
import { renderCompare, type CompareData } from './views/compare';
import { renderFleet } from './views/fleet';
import { renderProcess } from './views/process';

interface TabDef { id: ViewerTab; title: string; shown(): boolean; render(ctx: ViewContext): HTMLElement }

const api = vscodeApi();
let state: ViewerState = api.getState();
let model: ViewModel | undefined;
let documentUri: string | undefined = state.documentUri;
let compare: CompareData | undefined = state.compare;
let fleet: FleetView | undefined = state.fleet;
let emptyReason: string | undefined;
let charts: Chart[] = [];
let renderToken = 0;

const TABS: TabDef[] = [
  { id: 'overview', title: 'Overview', shown: () => !!model, render: (c) => renderOverview(c, model!, documentUri) },
  { id: 'memory', title: 'Memory', shown: () => !!model?.meminfo, render: (c) => renderMemory(c, model!) },
  { id: 'slab', title: 'Slab', shown: () => !!model?.slab?.caches.length, render: (c) => renderSlab(c, model!, documentUri) },
  { id: 'cgroup', title: 'Cgroup', shown: () => !!model && (model.cgroups.length > 0 || model.memoryEvents.length > 0), render: (c) => renderCgroup(c, model!) },
  { id: 'pressure', title: 'Pressure', shown: () => !!model?.pressure.some((p) => p.some || p.full), render: (c) => renderPressure(c, model!) },
  { id: 'trends', title: 'Trends', shown: () => !!model && hasTrends(model), render: (c) => renderTrends(c, model!) },
  { id: 'oom', title: 'OOM', shown: () => !!model?.oom.length, render: (c) => renderOom(c, model!, documentUri) },
  { id: 'process', title: 'Process', shown: () => !!model?.processes?.length, render: (c) => renderProcess(c, model!, documentUri) },
  { id: 'kubernetes', title: 'Kubernetes', shown: () => !!model && hasKubernetes(model), render: (c) => renderKubernetes(c, model!, documentUri) },
  { id: 'compare', title: 'Compare', shown: () => !!compare, render: (c) => renderCompare(c, compare!) },
  { id: 'fleet', title: 'Fleet', shown: () => !!fleet, render: (c) => renderFleet(c, fleet!) },
];

const app = document.getElementById('app') ?? document.body.appendChild(h('div', { id: 'app' }));

function saveState(patch: Partial<ViewerState>): void {
  state = { ...state, ...patch };
  api.setState(state);
}

function visibleTabs(): TabDef[] {
  return TABS.filter((t) => t.shown());
}

function destroyCharts(): void {
  for (const c of charts) c.destroy();
  charts = [];
}

/** Rebuilds the page chrome and the active tab. Resolves when the charts are drawn. */
async function render(): Promise<void> {
  const token = ++renderToken;
  const t0 = performance.now();
  destroyCharts();
  const tabs = visibleTabs();
  if (!tabs.length) {
    app.replaceChildren(h('p', { class: 'empty', id: 'empty' }, emptyReason ?? 'Waiting for the analysis…'));
    done(t0);
    return;
  }
  const active = tabs.find((t) => t.id === state.tab) ?? tabs[0];
  const header = h('header', { class: 'top' },
    h('h1', { id: 'title' }, model?.title ?? fleet?.title ?? 'Compare snapshots'),
    model ? button('Copy report as Markdown', () => api.postMessage({ type: 'copyMarkdown' }), { id: 'copy-markdown' }) : undefined);
  const tabsEl = h('vscode-tabs', { 'selected-index': tabs.indexOf(active), id: 'tabs' }) as HTMLElement & { selectedIndex: number; updateComplete?: Promise<unknown> };
  const panels: HTMLElement[] = [];
  for (const t of tabs) {
    tabsEl.appendChild(h('vscode-tab-header', { slot: 'header', 'data-tab': t.id }, t.title));
    const panel = h('vscode-tab-panel', { 'data-tab': t.id });
    panels.push(panel);
    tabsEl.appendChild(panel);
  }
  tabsEl.addEventListener('vsc-tabs-select', (e) => {
    const idx = (e as CustomEvent<{ selectedIndex: number }>).detail.selectedIndex;
    const tab = tabs[idx];
    if (!tab || tab.id === state.tab) return;
    saveState({ tab: tab.id });
    void renderPanel(tabs, panels, tab);
  });
  app.replaceChildren(header, tabsEl);
  await (tabsEl as { updateComplete?: Promise<unknown> }).updateComplete;
  if (token !== renderToken) return;
  await renderPanel(tabs, panels, active, token, t0);
}

/** Draws one tab into its panel; the other panels are emptied (charts only for what is visible). */
async function renderPanel(tabs: TabDef[], panels: HTMLElement[], tab: TabDef, token = ++renderToken, t0 = performance.now()): Promise<void> {
  destroyCharts();
  panels.forEach((p, i) => { (p as HTMLElement & { hidden: boolean }).hidden = tabs[i] !== tab; if (tabs[i] !== tab) p.replaceChildren(); });
  const panel = panels[tabs.indexOf(tab)];
  await (panel as { updateComplete?: Promise<unknown> }).updateComplete;
  if (token !== renderToken) return;
  const p = palette();
  applyTheme(p);
  const ctx: ViewContext = {
    post: (m) => api.postMessage(m), state, saveState, palette: p, charts, pending: [],
    rerender: () => { state = { ...state }; void renderPanel(tabs, panels, tab); },
  };
  let content: HTMLElement;
  try {
    content = tab.render(ctx);
  } catch (err) {
    content = h('p', { class: 'error' }, `Could not draw this view: ${err instanceof Error ? err.message : String(err)}`);
  }
  panel.replaceChildren(content);
  for (const make of ctx.pending) {
    try { make(); } catch (err) { console.error(err); }
  }
  charts = ctx.charts;
  done(t0, tab.id);
}

function done(t0: number, tab?: string): void {
  const ms = performance.now() - t0;
  document.body.dataset.renderedTab = tab ?? '';
  document.dispatchEvent(new CustomEvent('kmemlens:rendered', { detail: { ms, tab } }));
}

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  const msg = event.data;
  if (!msg || typeof msg !== 'object') return;
  switch (msg.type) {
    case 'update':
      model = msg.model;
      emptyReason = undefined;
      if (msg.documentUri !== documentUri) { documentUri = msg.documentUri; saveState({ documentUri }); }
      void render();
      break;
    case 'compare':
      compare = { left: msg.left, right: msg.right, leftLabel: msg.leftLabel, rightLabel: msg.rightLabel };
      saveState({ tab: 'compare', compare });
      void render();
      break;
    case 'fleet':
      fleet = msg.fleet;
      saveState({ tab: 'fleet', fleet });
      void render();
      break;
    case 'empty':
      model = undefined;
      emptyReason = msg.reason;
      void render();
      break;
    case 'showTab':
      saveState({ tab: msg.tab });
      void render();
      break;
  }
});

// Charts take their colours from the theme when drawn: redraw when VS Code switches theme.
let lastThemeClass = document.body.className;
new MutationObserver(() => {
  if (document.body.className === lastThemeClass) return;
  lastThemeClass = document.body.className;
  void render();
}).observe(document.body, { attributes: true, attributeFilter: ['class'] });

void render();
api.postMessage({ type: 'ready' });
