/** Finds what sits at a line: the section, and the field, cache or PSI line on it. */
import type { Field, KeyValueSection, PsiLine, Section, SlabCache } from '../model';

export type LineItem =
  | { type: 'field'; section: Section; field: Field }
  | { type: 'slab'; section: Section; cache: SlabCache }
  | { type: 'psi'; section: Section; psi: PsiLine }
  | { type: 'section'; section: Section }
  | { type: 'none'; section?: Section };

/** Per-section index from line to item, built once per analysis. */
export class LineIndex {
  private readonly starts: number[];
  private readonly byLine = new Map<number, LineItem>();
  constructor(private readonly sections: Section[]) {
    this.starts = sections.map((s) => Math.min(s.headerLine ?? s.startLine, s.startLine));
    for (const s of sections) {
      if ('fields' in s) for (const f of (s as KeyValueSection).fields) if (!this.byLine.has(f.line)) this.byLine.set(f.line, { type: 'field', section: s, field: f });
      if (s.kind === 'slabinfo') for (const c of s.caches) this.byLine.set(c.line, { type: 'slab', section: s, cache: c });
      if (s.kind === 'pressure') for (const p of [s.some, s.full]) if (p) this.byLine.set(p.line, { type: 'psi', section: s, psi: p });
      if (s.headerLine !== undefined) this.byLine.set(s.headerLine, { type: 'section', section: s });
    }
  }

  /** The section whose lines (header included) contain `line`. */
  sectionAt(line: number): Section | undefined {
    let lo = 0; let hi = this.starts.length - 1; let found = -1;
    while (lo <= hi) { const mid = (lo + hi) >> 1; if (this.starts[mid] <= line) { found = mid; lo = mid + 1; } else hi = mid - 1; }
    const s = found >= 0 ? this.sections[found] : undefined;
    return s && line <= s.endLine ? s : undefined;
  }

  at(line: number): LineItem {
    return this.byLine.get(line) ?? { type: 'none', section: this.sectionAt(line) };
  }
}
