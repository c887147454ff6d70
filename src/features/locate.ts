/** Finds what sits at a line: the section, and the field, cache or PSI line on it. */
import type { Field, KeyValueSection, KubernetesSection, PsiLine, Section, SlabCache } from '../model';
import { isKubernetesSection, kubernetesHits, type K8sHit } from '../formats/kubernetes/hits';

export type LineItem =
  | { type: 'field'; section: Section; field: Field }
  | { type: 'slab'; section: Section; cache: SlabCache }
  | { type: 'psi'; section: Section; psi: PsiLine }
  | { type: 'section'; section: Section }
  /** A line of a Kubernetes section: its cells, keys and values. */
  | { type: 'k8s'; section: Section; hits: K8sHit[] }
  | { type: 'none'; section?: Section };

/**
 * Line → item, built per section on first use: a hover on one capture of a
 * day-long series reads that capture only.
 */
export class LineIndex {
  private readonly starts: number[];
  private readonly built = new Set<number>();
  private readonly byLine = new Map<number, LineItem>();
  /** Lines that hold several fields (a free or top row, `paste - -` meminfo): each field, to choose by column. */
  private readonly fieldsOnLine = new Map<number, Field[]>();
  constructor(private readonly sections: Section[]) {
    this.starts = sections.map((s) => Math.min(s.headerLine ?? s.startLine, s.startLine));
  }

  /** The section whose lines (header included) contain `line`. */
  sectionAt(line: number): Section | undefined {
    let lo = 0; let hi = this.starts.length - 1; let found = -1;
    while (lo <= hi) { const mid = (lo + hi) >> 1; if (this.starts[mid] <= line) { found = mid; lo = mid + 1; } else hi = mid - 1; }
    const s = found >= 0 ? this.sections[found] : undefined;
    return s && line <= s.endLine ? s : undefined;
  }

  /** What is at the line; with `character`, the field whose value is under it where a line holds several. */
  at(line: number, character?: number): LineItem {
    const s = this.sectionAt(line);
    if (!s) return { type: 'none' };
    if (!this.built.has(s.index)) this.build(s);
    const item = this.byLine.get(line);
    const several = character !== undefined && item?.type === 'field' ? this.fieldsOnLine.get(line) : undefined;
    const f = several?.find((x) => character! >= x.valueSpan.start && character! <= x.valueSpan.end);
    return f ? { type: 'field', section: s, field: f } : item ?? { type: 'none', section: s };
  }

  private build(s: Section): void {
    this.built.add(s.index);
    if ('fields' in s) for (const f of (s as KeyValueSection).fields) {
      if (!this.byLine.has(f.line)) { this.byLine.set(f.line, { type: 'field', section: s, field: f }); continue; }
      const list = this.fieldsOnLine.get(f.line);
      if (list) list.push(f);
      else { const first = this.byLine.get(f.line); if (first?.type === 'field') this.fieldsOnLine.set(f.line, [first.field, f]); }
    }
    if (s.kind === 'slabinfo') for (const c of s.caches) this.byLine.set(c.line, { type: 'slab', section: s, cache: c });
    if (s.kind === 'pressure') for (const p of [s.some, s.full]) if (p) this.byLine.set(p.line, { type: 'psi', section: s, psi: p });
    if (isKubernetesSection(s)) {
      for (const h of kubernetesHits(s as KubernetesSection)) {
        const cur = this.byLine.get(h.span.line);
        if (cur?.type === 'k8s') cur.hits.push(h); else this.byLine.set(h.span.line, { type: 'k8s', section: s, hits: [h] });
      }
    }
    if (s.headerLine !== undefined) this.byLine.set(s.headerLine, { type: 'section', section: s });
  }
}
