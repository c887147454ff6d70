/**
 * Chart.js wiring shared by the views: tree-shaken registration, theme
 * colours read from VS Code's CSS variables at render time, and a "figure"
 * (chart + Save PNG + a table of the same numbers for screen readers).
 */
import {
  BarController, BarElement, CategoryScale, Chart, Decimation, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip,
  type ChartConfiguration, type ChartType, type Plugin,
} from 'chart.js';
import type { FromWebview, ViewerState } from '../protocol';
import { button, h, table, type Child } from './dom';

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Legend, Tooltip, Decimation);

export interface Palette {
  fg: string; bg: string; grid: string; muted: string;
  red: string; yellow: string; blue: string; green: string; orange: string; purple: string; error: string;
  /** Distinct colours for datasets, in order. */
  series: string[];
  font: string;
  highContrast: boolean;
}

/** Reads the theme's colours now (VS Code sets them as CSS variables). */
export function palette(): Palette {
  const cs = getComputedStyle(document.body);
  const v = (name: string, fallback: string) => cs.getPropertyValue(name).trim() || fallback;
  const dark = !document.body.classList.contains('vscode-light');
  const fg = v('--vscode-foreground', dark ? '#cccccc' : '#3b3b3b');
  const red = v('--vscode-charts-red', '#f14c4c');
  const yellow = v('--vscode-charts-yellow', '#cca700');
  const blue = v('--vscode-charts-blue', '#3794ff');
  const green = v('--vscode-charts-green', '#89d185');
  const orange = v('--vscode-charts-orange', '#d18616');
  const purple = v('--vscode-charts-purple', '#b180d7');
  return {
    fg, red, yellow, blue, green, orange, purple,
    bg: v('--vscode-editor-background', dark ? '#1e1e1e' : '#ffffff'),
    grid: v('--vscode-editorWidget-border', dark ? 'rgba(204,204,204,0.2)' : 'rgba(0,0,0,0.15)'),
    muted: v('--vscode-descriptionForeground', fg),
    error: v('--vscode-errorForeground', red),
    series: [blue, orange, green, purple, red, yellow, fg],
    font: v('--vscode-font-family', 'sans-serif'),
    highContrast: document.body.classList.contains('vscode-high-contrast') || document.body.classList.contains('vscode-high-contrast-light'),
  };
}

/** What a view needs from the page: posting, state, theme, and the chart list. */
export interface ViewContext {
  post(message: FromWebview): void;
  state: ViewerState;
  saveState(patch: Partial<ViewerState>): void;
  palette: Palette;
  /** Live charts of the shown view (destroyed before the next render). */
  charts: Chart[];
  /** Chart constructors to run once the view is in the document (so sizes are known). */
  pending: (() => void)[];
  /** Re-render the current view (e.g. after the slab table is sorted). */
  rerender(): void;
}

/** A diagonal-hatch fill: marks parts `kubectl top` cannot see. */
export function hatch(color: string, bg: string): CanvasPattern | string {
  const c = document.createElement('canvas');
  c.width = 8; c.height = 8;
  const g = c.getContext('2d');
  if (!g) return color;
  g.fillStyle = bg; g.fillRect(0, 0, 8, 8);
  g.globalAlpha = 0.55; g.fillStyle = color; g.fillRect(0, 0, 8, 8);
  g.globalAlpha = 1; g.strokeStyle = color; g.lineWidth = 2;
  g.beginPath(); g.moveTo(-2, 2); g.lineTo(2, -2); g.moveTo(0, 8); g.lineTo(8, 0); g.moveTo(6, 10); g.lineTo(10, 6); g.stroke();
  return g.createPattern(c, 'repeat') ?? color;
}

/** Sets Chart.js defaults from the palette (called before each render). */
export function applyTheme(p: Palette): void {
  Chart.defaults.color = p.fg;
  Chart.defaults.borderColor = p.grid;
  Chart.defaults.font.family = p.font;
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.responsive = true;
}

export interface FigureOptions<T extends ChartType> {
  /** File-name stem for Save PNG, e.g. `memory-breakdown`. */
  name: string;
  title: string;
  /** One line under the title saying how to read the chart. */
  note?: Child;
  height?: number;
  config: ChartConfiguration<T>;
  /** The same numbers as a table. */
  tableHead: string[];
  tableRows: Child[][];
  numeric?: boolean[];
}

/** A chart with its Save PNG button and a collapsible table of its numbers. */
export function figure<T extends ChartType>(ctx: ViewContext, o: FigureOptions<T>): HTMLElement {
  const canvas = h('canvas', { role: 'img', 'aria-label': `${o.title} (chart; the numbers are in the table below)`, 'data-chart': o.name });
  const box = h('div', { class: 'chart-box' }, canvas);
  box.style.height = `${o.height ?? 260}px`;
  let chart: Chart<T> | undefined;
  const save = button('Save PNG', () => {
    if (!chart) return;
    ctx.post({ type: 'savePng', name: o.name, dataUrl: pngWithBackground(chart as unknown as Chart, ctx.palette.bg) });
  }, { secondary: true, 'aria-label': `Save ${o.title} as PNG`, 'data-save': o.name });
  const fig = h('figure', { class: 'chart' },
    h('div', { class: 'chart-head' }, h('figcaption', {}, o.title), save),
    o.note ? h('p', { class: 'note' }, o.note) : undefined,
    box,
    h('details', { class: 'chart-table' }, h('summary', {}, 'Table of the numbers'), table(o.title, o.tableHead, o.tableRows, { numeric: o.numeric })),
  );
  ctx.pending.push(() => {
    chart = new Chart(canvas, o.config);
    ctx.charts.push(chart as unknown as Chart);
  });
  return fig;
}

/** chart.toBase64Image() composited on the editor background, so the PNG reads outside VS Code too. */
function pngWithBackground(chart: Chart, bg: string): string {
  const src = chart.canvas;
  const c = document.createElement('canvas');
  c.width = src.width; c.height = src.height;
  const g = c.getContext('2d');
  if (!g) return chart.toBase64Image();
  g.fillStyle = bg; g.fillRect(0, 0, c.width, c.height);
  g.drawImage(src, 0, 0);
  return c.toDataURL('image/png');
}

/** Dashed horizontal lines over the bars of given categories (PSI thresholds). */
export interface ThresholdLine { category: number; value: number; color: string; label: string }

export const thresholdPlugin: Plugin<'bar'> = {
  id: 'kmemThresholds',
  afterDatasetsDraw(chart, _args, options) {
    const lines = (options as { lines?: ThresholdLine[] }).lines ?? [];
    const x = chart.scales.x; const y = chart.scales.y;
    if (!x || !y || !lines.length) return;
    const g = chart.ctx;
    const band = (x.right - x.left) / Math.max(1, chart.data.labels?.length ?? 1);
    g.save();
    for (const l of lines) {
      if (l.value > (y.max as number)) continue;
      const cx = x.getPixelForValue(l.category);
      const py = y.getPixelForValue(l.value);
      g.strokeStyle = l.color; g.lineWidth = 2; g.setLineDash([6, 4]);
      g.beginPath(); g.moveTo(cx - band * 0.45, py); g.lineTo(cx + band * 0.45, py); g.stroke();
      g.setLineDash([]); g.fillStyle = l.color; g.font = `11px ${Chart.defaults.font.family}`; g.textAlign = 'right';
      g.fillText(l.label, cx + band * 0.45, py - 3);
    }
    g.restore();
  },
};
