/** Sizes of slab caches (mm/slab_common.c; slabtop's CACHE SIZE) and kmalloc size classes. */
import type { SlabCache, SlabinfoSection } from '../model';

export interface SlabCacheSize {
  name: string;
  /** `kmalloc-192` for every variant of that size class; the name itself otherwise. */
  group: string;
  line: number;
  objects: number;
  activeObjects: number;
  objSize: number;
  /** num_slabs × pagesperslab × page size: what the slabs occupy (upper bound, slabtop). */
  slabBytes: number;
  /**
   * What the slabs most likely occupy: slabBytes, or, when num_objs is well under num_slabs × objperslab, the objects
   * at the cache's own layout. SLUB falls back to slabs of a lower order when a high-order page is not to be had
   * (mm/slub.c allocate_slab, s->min), and those hold fewer objects, while slabinfo prints the preferred order's
   * pagesperslab for every slab: slabs × pages then counts pages the fallback slabs never had.
   */
  heldBytes: number;
  /** Set when heldBytes is the fallback estimate. */
  fallbackSlabs?: boolean;
  /** num_objs × objsize: the objects alone. */
  objectBytes: number;
  /** active_objs × objsize. */
  activeBytes: number;
}

export interface SlabGroup {
  group: string;
  caches: string[];
  lines: number[];
  objects: number;
  slabBytes: number;
  objectBytes: number;
}

export interface SlabMetrics {
  caches: SlabCacheSize[];
  groups: SlabGroup[];
  totalSlabBytes: number;
  totalObjectBytes: number;
  totalActiveBytes: number;
  /**
   * A slabtop whose rows are only some of its caches (a paste cut, or `slabtop -o | head`): the summary's
   * Total Size (object bytes of every cache) against the rows shown. The totals above are then the summary's,
   * and totalSlabBytes is 0, so shares are taken in object bytes on both sides.
   */
  rowsShown?: { caches: number; objectBytes: number; slabBytes: number; totalCaches?: number };
}

const KMALLOC = /^(?:dma-|dma32-)?kmalloc-(?:cg-|rcl-|rnd-\d+-|reclaim-)?(\d+k?)$/;
const LEGACY_K: Record<string, string> = { '1024': '1k', '2048': '2k', '4096': '4k', '8192': '8k' };

/** `kmalloc-cg-1k`, `kmalloc-rnd-03-1k`, `dma-kmalloc-1024` → `kmalloc-1k` (4.20 renamed 1024 → 1k). */
export function kmallocClass(name: string): string | undefined {
  const m = KMALLOC.exec(name);
  if (!m) return undefined;
  return `kmalloc-${LEGACY_K[m[1]] ?? m[1]}`;
}

/** Bytes of one size class name (`kmalloc-1k` → 1024). */
export function kmallocSize(group: string): number | undefined {
  const m = /^kmalloc-(\d+)(k?)$/.exec(group);
  return m ? Number(m[1]) * (m[2] ? 1024 : 1) : undefined;
}

export function slabCacheSize(c: SlabCache, pageSize: number, approximate = false): SlabCacheSize {
  const slabBytes = c.numSlabs * c.pagesPerSlab * pageSize;
  const capacity = c.numSlabs * c.objPerSlab;
  // slabtop's rows estimate objperslab and pages (approximate): the test needs slabinfo's own columns.
  const fallback = !approximate && c.objPerSlab > 1 && c.numSlabs > 0 && c.numObjs < 0.9 * capacity;
  const out: SlabCacheSize = {
    name: c.name, group: kmallocClass(c.name) ?? c.name, line: c.line, objects: c.numObjs, activeObjects: c.activeObjs, objSize: c.objSize,
    slabBytes, heldBytes: fallback ? Math.ceil(c.numObjs / c.objPerSlab) * c.pagesPerSlab * pageSize : slabBytes,
    objectBytes: c.numObjs * c.objSize, activeBytes: c.activeObjs * c.objSize,
  };
  if (fallback) out.fallbackSlabs = true;
  return out;
}

export function slabMetrics(s: SlabinfoSection, pageSize: number): SlabMetrics {
  const caches = s.caches.map((c) => slabCacheSize(c, pageSize, s.variant === 'slabtop'));
  const byGroup = new Map<string, SlabGroup>();
  for (const c of caches) {
    let g = byGroup.get(c.group);
    if (!g) byGroup.set(c.group, (g = { group: c.group, caches: [], lines: [], objects: 0, slabBytes: 0, objectBytes: 0 }));
    g.caches.push(c.name); g.lines.push(c.line); g.objects += c.objects; g.slabBytes += c.heldBytes; g.objectBytes += c.objectBytes;
  }
  const groups = [...byGroup.values()].sort((a, b) => b.slabBytes - a.slabBytes || b.objectBytes - a.objectBytes);
  const out: SlabMetrics = {
    caches: caches.sort((a, b) => b.heldBytes - a.heldBytes || b.objectBytes - a.objectBytes),
    groups,
    totalSlabBytes: caches.reduce((t, c) => t + c.heldBytes, 0),
    totalObjectBytes: caches.reduce((t, c) => t + c.objectBytes, 0),
    totalActiveBytes: caches.reduce((t, c) => t + c.activeBytes, 0),
  };
  // slabtop's summary counts every cache (procps slabtop.c: Total Size = Σ num_objs × objsize); rows may be fewer.
  const sum = s.slabtopSummary;
  // Fewer rows than the summary's caches is a cut paste (`| head`) even when the sizes nearly agree;
  // otherwise allow 5 % for objsize rounded to 0.01K.
  const cut = sum?.totalCaches !== undefined && caches.length < sum.totalCaches;
  if (sum?.totalSizeBytes !== undefined && sum.totalSizeBytes > (cut ? 1 : 1.05) * out.totalObjectBytes) {
    out.rowsShown = { caches: caches.length, objectBytes: out.totalObjectBytes, slabBytes: out.totalSlabBytes, ...(sum.totalCaches !== undefined ? { totalCaches: sum.totalCaches } : {}) };
    out.totalObjectBytes = sum.totalSizeBytes;
    if (sum.activeSizeBytes !== undefined) out.totalActiveBytes = sum.activeSizeBytes;
    out.totalSlabBytes = 0;
  }
  return out;
}
