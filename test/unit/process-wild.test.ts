/**
 * The wild process corpus (test/wild/process: real pastes from public issues and posts, with the numbers
 * each shows in stories.json): each capture is read as its kind, with every number its story names.
 * A key of stories.json is either mapped to parsed data here or listed in LAYOUT_FACTS with why not, so a
 * new key cannot pass unread.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { analyzeText } from '../../src/analysis/analyze';
import type {
  GoMemStatsSection, JvmFlagsSection, JvmHeapSection, JvmNmtSection, NmtCategory, ProcStatusSection, Section, SmapsRollupSection, SmapsSection,
} from '../../src/model';

const WILD = join(process.cwd(), 'test', 'wild', 'process');
interface Story { file: string; kind: string; story: string; expect: Record<string, unknown>; context?: Record<string, unknown> }
const stories: Story[] = JSON.parse(readFileSync(join(WILD, 'stories.json'), 'utf8'));

const SECTION_KIND: Record<string, string> = {
  'jvm-nmt': 'jvm-nmt', 'jvm-flags': 'jvm-flags', 'jvm-heap-info': 'jvm-heap', 'proc-status': 'proc-status', 'smaps-rollup': 'smaps-rollup', smaps: 'smaps',
  'go-memstats': 'go-memstats', 'go-gctrace': 'go-memstats', 'go-expvar': 'go-memstats',
};
const GO_VARIANT: Record<string, string> = { 'go-memstats': 'pprof', 'go-gctrace': 'gctrace', 'go-expvar': 'expvar' };

/** Facts about a paste's layout that stories.json records for people, not numbers the parser reads. */
const LAYOUT_FACTS = new Set([
  'hasNmtHeader', 'decimalSeparator', 'categoryLinesHaveDashPrefix', 'omittingCategoriesBelow', 'hasPeakAnnotations', 'unit', 'scale', 'isDiff', 'deltasShown',
  'categoriesShown', 'topNonHeapCategoryShown', 'flagLines', 'separator', 'hasPssBreakdown', 'hasSizeLine', 'hasGCSys', 'lineIndent', 'blankLineBetweenFields',
  'hasStacksGlobals', 'linePrefix', 'memstatsOnly', 'addressesPerHeapLine', 'blocks', 'collector', 'VmFlags', 'path', 'perms', 'lines', 'scvgLines', 'lastScvg',
  'maxGoal', 'minLiveMB', 'maxLiveMB', 'metadataFreeKB', 'nmtOverheadCommittedKB', 'javaHeapPeakBytes', 'KernelPageSizekB', 'MaxHeapSizeOrigin', 'before', 'after',
]);

const UNIT: Record<string, number> = { KB: 1024, MB: 1024 * 1024, Bytes: 1, kB: 1024 };
/** `totalCommittedKB` → ['totalCommitted', 1024]. */
function split(key: string): [string, number] | undefined {
  const m = /^(.*?)(KB|MB|Bytes|kB)$/.exec(key);
  return m ? [m[1], UNIT[m[2]]] : undefined;
}

const CATEGORY: Record<string, string> = { javaHeap: 'Java Heap', class: 'Class', thread: 'Thread', code: 'Code', gc: 'GC' };
const value = (c: NmtCategory, key: string) => c.values.find((v) => v.key === key);

/** The number a stories.json key names, read from the parsed section; undefined when the key is not one this maps. */
function nmtNumber(s: JvmNmtSection, key: string): number | string | undefined {
  if (key === 'threadCount') { const t = s.categories.find((c) => c.name === 'Thread'); return t && value(t, 'thread')?.count; }
  if (key === 'classCount') { const c = s.categories.find((x) => x.name === 'Class'); return c && value(c, 'classes')?.count; }
  if (key === 'categoryCount') return s.categories.length;
  if (key === 'mallocCount') return s.total?.values.find((v) => v.key === 'malloc')?.count ?? s.total?.values.find((v) => v.key === 'malloc.count')?.count;
  if (key === 'topNonHeapCategory') return [...s.categories].filter((c) => c.name !== 'Java Heap').sort((a, b) => b.committedBytes - a.committedBytes)[0]?.name;
  const u = split(key);
  if (!u) return undefined;
  const [stem, unit] = u;
  const total = /^total(Reserved|Committed)(Delta)?$/.exec(stem);
  if (total && s.total) {
    const b = total[2] ? (total[1] === 'Reserved' ? s.total.reservedDeltaBytes : s.total.committedDeltaBytes) : (total[1] === 'Reserved' ? s.total.reservedBytes : s.total.committedBytes);
    return b === undefined ? undefined : b / unit;
  }
  const cat = /^(javaHeap|class|thread|code|gc)(Reserved|Committed)(Delta)?$/.exec(stem);
  if (cat) {
    const c = s.categories.find((x) => x.name === CATEGORY[cat[1]]);
    if (!c) return undefined;
    const b = cat[3] ? (cat[2] === 'Reserved' ? c.reservedDeltaBytes : c.committedDeltaBytes) : (cat[2] === 'Reserved' ? c.reservedBytes : c.committedBytes);
    return b === undefined ? undefined : b / unit;
  }
  const sub = /^(malloc|mmapReserved|mmapCommitted)$/.exec(stem);
  if (sub) {
    const k = stem === 'malloc' ? 'malloc' : stem === 'mmapReserved' ? 'mmap.reserved' : 'mmap.committed';
    const b = s.total?.values.find((v) => v.key === k)?.bytes;
    return b === undefined ? undefined : b / unit;
  }
  const meta = /^(metadata|classSpace|threadStack)(Committed|Used|Reserved)$/.exec(stem);
  if (meta) {
    const prefix = meta[1] === 'metadata' ? 'Metadata' : meta[1] === 'classSpace' ? 'Class space' : 'stack';
    const k = `${prefix}.${meta[2].toLowerCase()}`;
    const v = s.categories.flatMap((c) => c.values).find((x) => x.key === k);
    return v?.bytes === undefined ? undefined : v.bytes / unit;
  }
  return undefined;
}

function readNumber(story: Story, s: Section, key: string): number | string | boolean | undefined {
  switch (s.kind) {
    case 'jvm-nmt': return nmtNumber(s as JvmNmtSection, key);
    case 'jvm-flags': {
      const f = (s as JvmFlagsSection).byName[key];
      if (!f) return undefined;
      return typeof story.expect[key] === 'boolean' ? f.value === 1 : typeof story.expect[key] === 'string' ? f.raw : f.value;
    }
    case 'jvm-heap': {
      const h = s as JvmHeapSection;
      const heap = h.spaces.find((x) => x.totalBytes !== undefined && x.usedBytes !== undefined && !x.parent);
      const region = h.spaces.find((x) => x.regionBytes !== undefined);
      const meta = h.spaces.find((x) => /^Metaspace/i.test(x.name));
      const cls = h.spaces.find((x) => /^class space/i.test(x.name));
      const get: Record<string, number | undefined> = {
        heapTotalKB: heap?.totalBytes, heapUsedKB: heap?.usedBytes, regionSizeKB: region?.regionBytes,
        metaspaceUsedKB: meta?.usedBytes, metaspaceCommittedKB: meta?.committedBytes, metaspaceReservedKB: meta?.reservedBytes, metaspaceCapacityKB: meta?.capacityBytes,
        classSpaceUsedKB: cls?.usedBytes, classSpaceCommittedKB: cls?.committedBytes, classSpaceReservedKB: cls?.reservedBytes,
      };
      if (key === 'youngRegions') return region?.youngRegions;
      if (key === 'survivorRegions') return region?.survivorRegions;
      return key in get ? (get[key] === undefined ? undefined : get[key]! / 1024) : undefined;
    }
    case 'proc-status': case 'smaps-rollup': {
      const byKey = (s as ProcStatusSection | SmapsRollupSection).byKey;
      if (key === 'Threads') return byKey.Threads?.value;
      const u = split(key);
      const f = u && byKey[u[0]];
      return f?.bytes === undefined ? undefined : f.bytes / u![1];
    }
    case 'smaps': {
      const sm = s as SmapsSection;
      if (key === 'mappings') return sm.mappings.length;
      const u = split(key);
      if (!u) return undefined;
      const v = sm.mappings[0]?.values[u[0]];
      return v === undefined ? undefined : v / u[1];
    }
    case 'go-memstats': {
      const g = s as GoMemStatsSection;
      if (g.variant === 'gctrace') {
        if (key === 'gcLines') return g.cycles.length;
        if (key === 'first' || key === 'last') return JSON.stringify(cycleOf(g.cycles[key === 'first' ? 0 : g.cycles.length - 1], story.expect[key] as Record<string, number>));
        return undefined;
      }
      const f = g.byKey[key];
      if (!f) return undefined;
      return typeof story.expect[key] === 'string' ? f.raw : f.value;
    }
    default: return undefined;
  }
}

/** A gctrace cycle in the story's terms (MB as printed: the runtime's MB are MiB). */
function cycleOf(c: GoMemStatsSection['cycles'][number] | undefined, want: Record<string, number>): Record<string, number> {
  if (!c) return {};
  const MB = 1024 * 1024;
  const all: Record<string, number | undefined> = {
    gc: c.n, heapStartMB: c.heapStartBytes / MB, heapEndMB: c.heapEndBytes / MB, liveMB: c.liveBytes / MB, goalMB: c.goalBytes / MB,
    stacksMB: c.stacksBytes === undefined ? undefined : c.stacksBytes / MB, globalsMB: c.globalsBytes === undefined ? undefined : c.globalsBytes / MB, P: c.procs,
  };
  return Object.fromEntries(Object.keys(want).map((k) => [k, all[k] as number]));
}

describe('wild process corpus: real pastes read as their kind, with the numbers their story names', () => {
  test('the corpus holds at least 25 real captures, each with a source line', () => {
    const sources = readFileSync(join(WILD, 'SOURCES.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t')[0]);
    assert.ok(stories.length >= 25, `${stories.length} stories`);
    for (const s of stories) assert.ok(sources.some((f) => s.file.endsWith(f)), `no source for ${s.file}`);
  });

  for (const story of stories) {
    test(`${story.file.replace(/^captures\//, '')}: ${story.story.slice(0, 80)}…`, () => {
      const a = analyzeText(readFileSync(join(WILD, story.file), 'utf8'));
      const kind = SECTION_KIND[story.kind];
      assert.ok(kind, `unknown story kind ${story.kind}`);
      const sections = a.parsed.sections.filter((s) => s.kind === kind && (!GO_VARIANT[story.kind] || s.variant === GO_VARIANT[story.kind]));
      assert.ok(sections.length, `no ${kind} section; read: ${a.parsed.sections.map((s) => s.kind).join(', ')}`);
      // The last section of the kind holds the numbers (hs_err logs print the heap before and after a GC: the story names both).
      const main = story.kind === 'jvm-nmt' ? sections.find((s) => (s as JvmNmtSection).variant !== 'baseline') ?? sections[0] : sections[0];
      for (const [key, want] of Object.entries(story.expect)) {
        if (LAYOUT_FACTS.has(key)) continue;
        const got = readNumber(story, main, key);
        assert.notEqual(got, undefined, `${key}: not read (want ${JSON.stringify(want)})`);
        if (typeof want === 'object') assert.equal(got, JSON.stringify(want), key);
        else assert.equal(got, want, key);
      }
    });
  }

  test('every key of stories.json is read by the test above or is a stated layout fact', () => {
    const unread: string[] = [];
    for (const story of stories) {
      const a = analyzeText(readFileSync(join(WILD, story.file), 'utf8'));
      const of = a.parsed.sections.filter((s) => s.kind === SECTION_KIND[story.kind] && (!GO_VARIANT[story.kind] || s.variant === GO_VARIANT[story.kind]));
      const main = story.kind === 'jvm-nmt' ? of.find((s) => (s as JvmNmtSection).variant !== 'baseline') ?? of[0] : of[0];
      for (const key of Object.keys(story.expect)) if (!LAYOUT_FACTS.has(key) && (!main || readNumber(story, main, key) === undefined)) unread.push(`${story.file}: ${key}`);
    }
    assert.deepEqual(unread, []);
  });
});
