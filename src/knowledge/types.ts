/**
 * The shape of every knowledge entry: what hovers, `kmemlens explain` and the
 * rule docs show. Units are NOT stored here: they come from
 * `src/formats/units.ts`, the single source of truth for units.
 */
export interface KnowledgeEntry {
  /** The key exactly as the kernel prints it (`SUnreclaim`, `workingset_refault_file`, `kmalloc-*`). */
  name: string;
  /** A short human title, e.g. "Unreclaimable slab". */
  title: string;
  /** What it is, in one to three sentences. */
  what: string;
  /** What Kubernetes makes of it: `kubectl top`, the kubelet (eviction), cAdvisor metrics. Omit when nothing. */
  kubernetes?: string;
  /** When the value should worry you, with numbers where they exist. Omit when never. */
  worry?: string;
  /** Kernel version the field appeared in (≈ when unverified), e.g. "3.14", "≈5.19". */
  since?: string;
  /** Kernel file or document the facts come from, e.g. "Documentation/filesystems/proc.rst (meminfo)". */
  source: string;
  /** Related rule ids from the rule catalog. */
  rules?: string[];
}

/** One table per format, keyed by the key as printed. */
export type KnowledgeTable = Readonly<Record<string, KnowledgeEntry>>;

/** Entries that match by pattern (slab cache families such as `kmalloc-*`, `*_inode_cache`). */
export interface PatternEntry extends KnowledgeEntry {
  pattern: RegExp;
}

/** The optional parts of an entry, for the table builders. */
export type Rest = Omit<KnowledgeEntry, 'name' | 'title' | 'what'>;

/** One entry: name, title and meaning first, the rest by name. */
export function entry(name: string, title: string, what: string, rest: Rest): KnowledgeEntry {
  return { name, title, what, ...rest };
}

/** A frozen table keyed by each entry's name. */
export function table(entries: KnowledgeEntry[]): KnowledgeTable {
  const out: Record<string, KnowledgeEntry> = {};
  for (const e of entries) out[e.name] = Object.freeze(e);
  return Object.freeze(out);
}
