/**
 * `kubectl top node` and `kubectl top pod [-A] [--containers]`
 * (k8s.io/kubectl/pkg/metricsutil/metrics_printer.go): a header of column
 * names, then one whitespace-aligned row per node, pod or container.
 */
import type { KubectlTopSection, Problem, TopRow } from '../../model';
import type { SourceLine } from '../lines';
import { isQuantity, millicores, percentValue, quantity } from './quantity';
import { span, tokens } from './text';

/** The header: NAME or NAMESPACE or POD first, a CPU(cores) and a MEMORY(bytes) column. */
export function isTopHeader(text: string): boolean {
  return /^\s*(?:NAME|NAMESPACE|POD)\s/.test(text) && text.indexOf('CPU(cores)') > 0 && text.indexOf('MEMORY(bytes)') > 0;
}

/** A row fits the header: as many cells as columns, CPU and memory cells that read as numbers. */
export function isTopRow(text: string, columns: string[]): boolean {
  const t = tokens(text);
  if (t.length !== columns.length) return false;
  for (let i = 0; i < t.length; i++) {
    const c = columns[i];
    const v = t[i].text;
    if (v === '<unknown>') continue;
    if (c === 'CPU(cores)' && millicores(v) === undefined) return false;
    if (c === 'MEMORY(bytes)' && !isQuantity(v)) return false;
    if ((c === 'CPU%' || c === 'MEMORY%' || c === 'CPU(%)' || c === 'MEMORY(%)') && percentValue(v) === undefined) return false;
  }
  return true;
}

export type TopFields = Pick<KubectlTopSection, 'target' | 'tableLine' | 'columns' | 'rows'>;

export function parseTop(src: SourceLine[], problems: Problem[]): TopFields {
  const hi = src.findIndex((l) => isTopHeader(l.text));
  const head = src[Math.max(hi, 0)];
  const cols = tokens(head.text);
  const names = cols.map((c) => c.text);
  const target: KubectlTopSection['target'] = names.includes('POD') ? 'container' : names.some((n) => n.endsWith('%') || n.endsWith('(%)')) ? 'node' : 'pod';
  const out: TopFields = { target, tableLine: head.line, columns: cols.map((c) => ({ name: c.text, span: span(head, c.start, c.end) })), rows: [] };
  for (const l of src.slice(hi + 1)) {
    if (!l.text.trim()) continue;
    const t = tokens(l.text);
    if (t.length !== names.length) {
      problems.push({ line: l.line, start: l.col + (t[0]?.start ?? 0), end: l.col + l.text.trimEnd().length, severity: 'warning', message: `This kubectl top row has ${t.length} cells where the header names ${names.length} (${names.join(' ')}): not read.` });
      continue;
    }
    const row: TopRow = { line: l.line, name: '', nameSpan: span(l, t[0].start, t[0].end), cells: [] };
    for (let i = 0; i < t.length; i++) {
      const c = names[i];
      const v = t[i].text;
      const sp = span(l, t[i].start, t[i].end);
      row.cells.push({ column: c, span: sp });
      const unknown = v === '<unknown>';
      switch (c) {
        case 'NAME': row.name = v; row.nameSpan = sp; break;
        case 'NAMESPACE': row.namespace = v; break;
        case 'POD': row.pod = v; break;
        case 'CPU(cores)': { const m = unknown ? undefined : millicores(v); if (m !== undefined) row.cpuMillicores = m; break; }
        case 'CPU%': case 'CPU(%)': { const p = unknown ? undefined : percentValue(v); if (p !== undefined) row.cpuPercent = p; break; }
        case 'MEMORY(bytes)': {
          if (unknown) { problems.push({ line: l.line, start: sp.start, end: sp.end, severity: 'info', message: `Metrics are not available yet for ${target} ${row.name || t[0].text}: metrics-server has no sample of it yet (it joined or restarted less than a scrape ago, or its kubelet does not answer).` }); break; }
          const q = quantity(v, sp);
          if (Number.isFinite(q.bytes)) row.memory = q;
          else problems.push({ line: l.line, start: sp.start, end: sp.end, severity: 'warning', message: `\`${v}\` is not a Kubernetes quantity (616Mi, 12Gi, 1024Ki): memory not read.` });
          break;
        }
        case 'MEMORY%': case 'MEMORY(%)': {
          const p = unknown ? undefined : percentValue(v);
          if (p !== undefined) { row.memoryPercent = p; row.memoryPercentSpan = sp; }
          break;
        }
        default: break;
      }
    }
    out.rows.push(row);
  }
  return out;
}
