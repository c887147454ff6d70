/** Outline symbols, folding ranges and code lenses per section. */
import type { Analysis } from '../analysis/analyze';
import type { KeyValueSection, Section } from '../model';
import { describeSection } from '../report/summary';
import { range, type Range } from './lsp';
import { isProcessSection } from '../formats/process';
import { oomTitle } from '../report/oomTitle';

export interface PlainSymbol { name: string; detail?: string; kind: number; range: Range; selectionRange: Range; children?: PlainSymbol[] }
export interface PlainFolding { startLine: number; endLine: number; kind?: string }
export interface PlainCodeLens { line: number; title: string; command?: string; args?: unknown[] }

// LSP SymbolKind values.
const SK = { File: 1, Module: 2, Namespace: 3, Field: 8, Property: 7, Event: 24, Object: 19, Array: 18, Key: 20 } as const;

const KEY_FIELDS: Record<string, string[]> = {
  meminfo: ['MemTotal', 'MemAvailable', 'MemFree', 'Cached', 'AnonPages', 'Shmem', 'Slab', 'SUnreclaim', 'SwapTotal', 'Committed_AS', 'HugePages_Total'],
  'memory-stat': ['anon', 'file', 'kernel', 'shmem', 'slab', 'inactive_file', 'active_file', 'total_rss', 'total_cache', 'total_inactive_file'],
  'memory-events': ['max', 'oom', 'oom_kill', 'high'],
  vmstat: ['nr_free_pages', 'pgmajfault', 'pswpin', 'pswpout', 'oom_kill', 'allocstall_normal', 'pgscan_direct'],
};

function first(s: Section): number { return Math.min(s.headerLine ?? s.startLine, s.startLine); }

/**
 * Once a document is analysed, the earlier captures of a series need their peek (the ~60 fields the series
 * and the rules read) for nothing but the outline, which shows the KEY_FIELDS among them. Those are kept as
 * positions only (line, key span, value span: five numbers each, in one typed array a capture) and the
 * outline reads the value's text back from the line. A field object per kept key was ~30 MiB of the week
 * series' analysis (issue 15, bench/PROFILE.md). Hovers re-read the capture (`fields`), as before.
 */
const OUTLINE = new WeakMap<Section, Uint32Array>();
const NONE = 0xffffffff;
/** An earlier capture's peek after compaction: still says "earlier capture", holds no field. */
const COMPACTED: Record<string, never> = Object.freeze({});

export function keepOutlineFieldsOnly(sections: readonly Section[]): void {
  for (const s of sections) {
    const kv = s as KeyValueSection;
    if (!('fields' in s) || !kv.peek || kv.peek === COMPACTED) continue;
    const keys = KEY_FIELDS[s.kind] ?? [];
    const at = new Uint32Array(keys.length * 5).fill(NONE);
    keys.forEach((k, i) => {
      const f = kv.peek![k];
      if (f) at.set([f.line, f.keySpan.start, f.keySpan.end, f.valueSpan.start, f.valueSpan.end], i * 5);
    });
    OUTLINE.set(s, at);
    kv.peek = COMPACTED;
  }
}

/** The outline's fields of a compacted earlier capture, read back from its lines. */
function compactedFields(s: Section, at: Uint32Array, lineText: (n: number) => string, lineLength: (n: number) => number): PlainSymbol[] {
  const out: PlainSymbol[] = [];
  (KEY_FIELDS[s.kind] ?? []).forEach((k, i) => {
    const line = at[i * 5];
    if (line === NONE) return;
    out.push({ name: k, detail: lineText(line).slice(at[i * 5 + 3], at[i * 5 + 4]), kind: SK.Field, range: range(line, 0, line, lineLength(line)), selectionRange: range(line, at[i * 5 + 1], line, at[i * 5 + 2]) });
  });
  return out;
}

/** `lineText` is needed once keepOutlineFieldsOnly has compacted the earlier captures. */
export function documentSymbols(a: Analysis, lineLength: (n: number) => number, lineText?: (n: number) => string): PlainSymbol[] {
  return a.parsed.sections.map((s) => {
    const r = range(first(s), 0, s.endLine, lineLength(s.endLine));
    const sel = range(first(s), 0, first(s), lineLength(first(s)));
    const children: PlainSymbol[] = [];
    const compact = OUTLINE.get(s);
    if (compact && lineText) children.push(...compactedFields(s, compact, lineText, lineLength));
    else if ('fields' in s) {
      const kv = s as KeyValueSection;
      // Earlier captures of a series show the keys kept for the series (no re-read for the outline).
      const fields = kv.peek ?? kv.byKey;
      for (const k of KEY_FIELDS[s.kind] ?? (kv.peek ? [] : kv.fields.slice(0, 1).map((f) => f.key))) {
        const f = fields[k];
        if (f) children.push({ name: f.key, detail: f.raw, kind: SK.Field, range: range(f.line, 0, f.line, lineLength(f.line)), selectionRange: range(f.line, f.keySpan.start, f.line, f.keySpan.end) });
      }
    } else if (s.kind === 'slabinfo') {
      const top = a.metrics.slabinfo?.section === s.index ? a.metrics.slabinfo.caches.slice(0, 10) : [];
      for (const c of top) children.push({ name: c.name, kind: SK.Object, range: range(c.line, 0, c.line, lineLength(c.line)), selectionRange: range(c.line, 0, c.line, lineLength(c.line)) });
    } else if (s.kind === 'oom-report') {
      for (const e of s.events) {
        const l = e.killLine ?? e.constraintLine ?? e.startLine;
        children.push({ name: oomTitle(e), kind: SK.Event, range: range(e.startLine, 0, e.endLine, lineLength(e.endLine)), selectionRange: range(l, 0, l, lineLength(l)) });
      }
    } else if (s.kind === 'kubectl-top') {
      for (const row of s.rows.slice(0, 200)) children.push({ name: row.namespace ? `${row.namespace}/${row.pod ? `${row.pod}/` : ''}${row.name}` : `${row.pod ? `${row.pod}/` : ''}${row.name}`, detail: row.memory?.raw, kind: SK.Object, range: range(row.line, 0, row.line, lineLength(row.line)), selectionRange: range(row.line, row.nameSpan.start, row.line, row.nameSpan.end) });
    } else if (s.kind === 'kubelet-summary') {
      const add = (name: string, line: number, detail?: string) => children.push({ name, detail, kind: SK.Object, range: range(line, 0, line, lineLength(line)), selectionRange: range(line, 0, line, lineLength(line)) });
      if (s.node) add(`node ${s.nodeName ?? ''}`.trim(), s.node.line, s.node.workingSetBytes !== undefined ? `workingSet ${s.node.workingSetBytes}` : undefined);
      for (const c of s.systemContainers) add(`system ${c.name}`, c.line);
      for (const p of s.pods.slice(0, 200)) add(`pod ${p.namespace ? `${p.namespace}/` : ''}${p.name}`, p.line);
    } else if (s.kind === 'node-describe') {
      const l = s.nodeNameLine ?? s.allocatable.memory?.line;
      if (l !== undefined) children.push({ name: `node ${s.nodeName ?? '?'}`, detail: s.allocatable.memory?.raw, kind: SK.Object, range: range(l, 0, l, lineLength(l)), selectionRange: range(l, 0, l, lineLength(l)) });
      for (const e of s.events.slice(0, 100)) children.push({ name: e.reason, detail: e.time, kind: SK.Event, range: range(e.line, 0, e.line, lineLength(e.line)), selectionRange: range(e.line, 0, e.line, lineLength(e.line)) });
    } else if (s.kind === 'k8s-events') {
      for (const e of s.events.slice(0, 200)) children.push({ name: `${e.reason}${e.pod ? ` ${e.pod}` : ''}${e.container ? ` (${e.container})` : ''}`, detail: e.time, kind: SK.Event, range: range(e.line, 0, e.line, lineLength(e.line)), selectionRange: range(e.line, 0, e.line, lineLength(e.line)) });
    } else if (isProcessSection(s)) {
      children.push(...processSymbols(s, lineLength));
    } else if (s.kind === 'pressure') {
      for (const p of [s.some, s.full]) if (p) children.push({ name: `${s.resource} ${p.type}`, detail: `avg10=${p.avg10}`, kind: SK.Property, range: range(p.line, 0, p.line, lineLength(p.line)), selectionRange: range(p.line, p.typeSpan.start, p.line, p.typeSpan.end) });
    }
    const label = s.kind === 'vmstat-table' ? 'vmstat table' : s.kind === 'sar-table' ? 'sar report' : s.kind;
    return { name: s.source ? `${label} ${s.source}` : label, detail: s.capturedAt, kind: SK.Module, range: r, selectionRange: sel, children };
  });
}

export function foldingRanges(a: Analysis): PlainFolding[] {
  const out: PlainFolding[] = [];
  for (const s of a.parsed.sections) {
    if (s.endLine > first(s)) out.push({ startLine: first(s), endLine: s.endLine, kind: 'region' });
    if (s.kind === 'oom-report') for (const e of s.events) {
      if (e.endLine > e.startLine) out.push({ startLine: e.startLine, endLine: e.endLine });
      const tEnd = e.tasks.length ? e.tasks[e.tasks.length - 1].line : undefined;
      if (e.taskTableLine !== undefined && tEnd !== undefined && tEnd > e.taskTableLine) out.push({ startLine: e.taskTableLine, endLine: tEnd });
    }
  }
  return out;
}

export function codeLenses(a: Analysis, uri: string): PlainCodeLens[] {
  const out: PlainCodeLens[] = [];
  for (const s of a.parsed.sections) {
    const n = a.findings.filter((f) => f.section === s.index).length;
    const line = first(s);
    out.push({ line, title: `${describeSection(s)} · ${n ? `${n} finding${n === 1 ? '' : 's'}` : 'no findings'}` });
    if (s.kind !== 'unknown') out.push({ line, title: 'Open in Snapshot Viewer', command: 'kmemlens.openViewer', args: [uri] });
  }
  return out;
}

/** Process sections (issue 14): the fields a reader looks for first, the NMT categories, the smaps groups, the GC cycles. */
const PROCESS_KEYS: Record<string, string[]> = {
  'proc-status': ['Name', 'Pid', 'VmPeak', 'VmSize', 'VmHWM', 'VmRSS', 'RssAnon', 'RssFile', 'RssShmem', 'VmData', 'VmStk', 'VmPTE', 'VmSwap', 'HugetlbPages', 'Threads'],
  'smaps-rollup': ['Rss', 'Pss', 'Pss_Anon', 'Pss_File', 'Pss_Shmem', 'Private_Dirty', 'Anonymous', 'LazyFree', 'AnonHugePages', 'Swap', 'SwapPss', 'Locked'],
  'go-memstats': ['Alloc', 'Sys', 'HeapSys', 'HeapInuse', 'HeapIdle', 'HeapReleased', 'StackSys', 'NextGC', 'NumGC', 'GOMEMLIMIT', 'GOGC'],
  'jvm-flags': ['MaxHeapSize', 'InitialHeapSize', 'MaxMetaspaceSize', 'MaxDirectMemorySize', 'ThreadStackSize', 'ReservedCodeCacheSize', 'MaxRAMPercentage', 'UseContainerSupport', 'UseG1GC', 'UseParallelGC', 'UseSerialGC', 'UseZGC'],
};

function processSymbols(s: import('../model').ProcessSection, lineLength: (n: number) => number): PlainSymbol[] {
  const out: PlainSymbol[] = [];
  const line = (l: number, name: string, detail: string | undefined, kind: number, sel?: { start: number; end: number }, end = l) => out.push({ name, detail, kind, range: range(l, 0, end, lineLength(end)), selectionRange: sel ? range(l, sel.start, l, sel.end) : range(l, 0, l, lineLength(l)) });
  const kib = (b: number | undefined) => (b === undefined || !Number.isFinite(b) ? undefined : `${Math.round(b / 1024)} kB`);
  switch (s.kind) {
    case 'proc-status': case 'smaps-rollup': case 'go-memstats': {
      const by = s.byKey;
      for (const k of PROCESS_KEYS[s.kind]) { const f = by[k]; if (f) line(f.line, f.key, f.raw, SK.Field, f.keySpan); }
      if (s.kind === 'go-memstats') for (const c of s.cycles.slice(0, 500)) line(c.line, `gc ${c.n}${c.forced ? ' (forced)' : ''}`, `${c.heapStartBytes / 2 ** 20}->${c.heapEndBytes / 2 ** 20}->${c.liveBytes / 2 ** 20} MB, goal ${c.goalBytes / 2 ** 20} MB`, SK.Event);
      break;
    }
    case 'smaps':
      for (const g of s.groups.slice(0, 100)) {
        const first = s.mappings[g.mappings[0]];
        const last = s.mappings[g.mappings[g.mappings.length - 1]];
        out.push({ name: g.key, detail: `Rss ${kib(g.rssBytes)}, Pss ${kib(g.pssBytes)}, Private_Dirty ${kib(g.privateDirtyBytes)}, ${g.mappings.length} mapping${g.mappings.length === 1 ? '' : 's'}`, kind: SK.Object,
          range: range(first.line, 0, Math.max(first.endLine, last.endLine), lineLength(Math.max(first.endLine, last.endLine))), selectionRange: range(first.line, 0, first.line, lineLength(first.line)) });
      }
      break;
    case 'proc-cgroup':
      for (const e of s.entries) line(e.line, e.controllers.length ? e.controllers.join(',') : 'unified (v2)', e.path, SK.Property, e.spans.path);
      break;
    case 'jvm-nmt':
      if (s.total) line(s.total.line, 'Total', `reserved ${kib(s.total.reservedBytes)}, committed ${kib(s.total.committedBytes)}`, SK.Property);
      for (const c of s.categories) line(c.line, c.name, `committed ${kib(c.committedBytes)}${c.committedDeltaBytes !== undefined ? ` (${c.committedDeltaBytes >= 0 ? '+' : ''}${Math.round(c.committedDeltaBytes / 1024)} kB)` : ''}`, SK.Object, c.nameSpan, c.endLine);
      break;
    case 'jvm-flags': {
      const by = s.byName;
      for (const k of PROCESS_KEYS['jvm-flags']) { const f = by[k]; if (f) line(f.line, f.name, f.raw, SK.Field, f.nameSpan); }
      break;
    }
    case 'jvm-heap':
      for (const sp of s.spaces) line(sp.line, sp.parent ? `${sp.parent} › ${sp.name}` : sp.name, sp.usedBytes !== undefined ? `used ${kib(sp.usedBytes)}` : sp.usedPercent !== undefined ? `${sp.usedPercent} % used` : undefined, SK.Object, sp.nameSpan);
      break;
  }
  return out;
}
