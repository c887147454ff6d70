/**
 * What sits where on the lines of a process section: each key and value with the knowledge
 * entry that explains it. Hovers read these; smaps lines are read again when hovered (the
 * section keeps numbers only).
 */
import type { Field, NmtValue, ProcessSection, SmapsSection, Span } from '../../model';
import { cleanLine } from '../kubernetes/text';
import { MAPPING_RE } from './detect';
import { readSmapsLine } from './smaps';

export interface ProcessHit {
  /** Knowledge table (`proc-status`, `smaps`, `proc-cgroup`, `jvm-nmt`, `jvm-flags`, `jvm-heap`, `go-memstats`) and key in it. */
  kind: string;
  key: string;
  span: Span;
  /** The name as printed, when the key differs (`malloc.count` for `malloc`). */
  label?: string;
  raw?: string;
  unit?: string;
  bytes?: number;
  count?: number;
  /** summary.diff: the change since the baseline (bytes for sizes). */
  delta?: number;
  percent?: number;
  /** Whose value it is: `category Thread`, `mapping [heap]`, `gc 8`. */
  owner?: string;
  /** More lines for the hover (sums, decoded identities). */
  notes?: string[];
}

const whole = (line: number): Span => ({ line, start: 0, end: 1 << 20 });

function fieldHits(out: ProcessHit[], kind: string, f: Field, owner?: string, notes?: string[]): void {
  const h: ProcessHit = { kind, key: f.key, span: f.valueSpan, raw: f.raw, unit: f.unit };
  if (f.bytes !== undefined && Number.isFinite(f.bytes)) h.bytes = f.bytes;
  else if (Number.isFinite(f.value) && f.unit !== 'text') h.count = f.value;
  if (owner) h.owner = owner;
  if (notes?.length) h.notes = notes;
  out.push(h, { ...h, span: f.keySpan });
  if (f.unitSpan) out.push({ ...h, span: f.unitSpan });
}

/** The knowledge key of an NMT value: its last name (`Metadata.used` → used; `malloc.count` → count of malloc). */
function nmtKey(v: NmtValue): string {
  const parts = v.key.split('.');
  const last = parts[parts.length - 1];
  if (last === 'count' && parts.length > 1) return parts[parts.length - 2] === 'peak' ? 'peak' : 'count';
  if (/^(?:Metadata|Class space)$/.test(parts[0]) && parts.length > 1) return last;
  return last === 'value' ? parts[0] : last;
}

function nmtHits(out: ProcessHit[], values: NmtValue[], owner: string): void {
  for (const v of values) {
    const h: ProcessHit = { kind: 'jvm-nmt', key: nmtKey(v), label: v.key, span: v.span, raw: v.raw, unit: v.unit, owner };
    if (v.bytes !== undefined) h.bytes = v.bytes;
    if (v.count !== undefined) h.count = v.count;
    if (v.delta !== undefined) h.delta = v.delta;
    if (v.percent !== undefined) h.percent = v.percent;
    out.push(h);
    if (v.deltaSpan) out.push({ ...h, span: v.deltaSpan });
    if (v.keySpan) out.push({ ...h, span: v.keySpan });
  }
}

/** Every hit of a process section except smaps (whose lines are read on demand). */
export function processHits(s: ProcessSection): ProcessHit[] {
  const out: ProcessHit[] = [];
  switch (s.kind) {
    case 'proc-status': {
      const b = s.byKey;
      const owner = `${s.name ?? 'process'}${s.pid !== undefined ? ` (pid ${s.pid})` : ''}`;
      for (const f of s.entries) {
        const notes: string[] = [];
        if (f.key === 'VmRSS' && b.RssAnon?.bytes !== undefined && b.RssFile?.bytes !== undefined && b.RssShmem?.bytes !== undefined) notes.push(`RssAnon + RssFile + RssShmem = ${(b.RssAnon.bytes + b.RssFile.bytes + b.RssShmem.bytes) / 1024} kB`);
        fieldHits(out, 'proc-status', f, owner, notes);
      }
      break;
    }
    case 'smaps-rollup':
      if (s.header) out.push({ kind: 'smaps', key: '[rollup]', span: s.header.span, raw: `${s.header.start}-${s.header.end}` }, { kind: 'smaps', key: '[rollup]', span: whole(s.header.line) });
      for (const f of s.entries) fieldHits(out, 'smaps', f, 'all mappings (smaps_rollup)');
      break;
    case 'proc-cgroup':
      for (const c of s.entries) {
        const owner = c.controllers.length ? `v1 ${c.controllers.join(',')}` : 'v2 (unified)';
        out.push({ kind: 'proc-cgroup', key: 'hierarchy', span: c.spans.hierarchy, raw: String(c.hierarchy), owner });
        out.push({ kind: 'proc-cgroup', key: 'controllers', span: c.spans.controllers, raw: c.controllers.join(',') || '(none: v2)', owner });
        const notes: string[] = [];
        if (c.line === s.memoryLine) notes.push('This is the process\'s memory cgroup: its memory.max (v1 memory.limit_in_bytes) is the limit.');
        if (c.line === s.memoryLine && s.kubernetes) notes.push(`Kubernetes: pod ${s.kubernetes.podUid ?? '?'}, container ${s.kubernetes.containerId?.slice(0, 12) ?? '?'}, QoS ${s.kubernetes.qosFromPath ?? '?'}`);
        out.push({ kind: 'proc-cgroup', key: 'path', span: c.spans.path, raw: c.path, owner, notes });
      }
      break;
    case 'jvm-nmt':
      if (s.total) {
        out.push({ kind: 'jvm-nmt', key: 'Total', span: whole(s.total.line), bytes: s.total.committedBytes, owner: 'the JVM' });
        nmtHits(out, s.total.values, 'Total');
        // The Total's malloc and mmap lines: the line itself explains which.
        const seen = new Set<number>([s.total.line]);
        for (const v of s.total.values) if (!seen.has(v.span.line)) { seen.add(v.span.line); out.push({ kind: 'jvm-nmt', key: v.key.split('.')[0], span: whole(v.span.line), owner: 'all categories' }); }
      }
      for (const c of s.categories) {
        const share = s.total && s.total.committedBytes > 0 ? Math.round((c.committedBytes / s.total.committedBytes) * 1000) / 10 : undefined;
        const notes = [`reserved ${c.reservedBytes / 1024} KB, committed ${c.committedBytes / 1024} KB${share !== undefined ? ` (${share} % of the total committed)` : ''}${c.committedDeltaBytes !== undefined ? `, committed ${c.committedDeltaBytes >= 0 ? '+' : ''}${c.committedDeltaBytes / 1024} KB since the baseline` : ''}`];
        out.push({ kind: 'jvm-nmt', key: c.name, span: c.nameSpan, bytes: c.committedBytes, owner: 'committed', notes }, { kind: 'jvm-nmt', key: c.name, span: whole(c.line), bytes: c.committedBytes, owner: 'committed', notes });
        nmtHits(out, c.values, `category ${c.name}`);
        for (const h of c.subHeadings ?? []) out.push({ kind: 'jvm-nmt', key: h.name, span: h.span, owner: `category ${c.name}` }, { kind: 'jvm-nmt', key: h.name, span: whole(h.span.line), owner: `category ${c.name}` });
        // Each "(…)" line as a whole: what its first number is (mmap, malloc, stack…).
        const seen = new Set<number>([c.line]);
        for (const v of c.values) if (!seen.has(v.span.line)) { seen.add(v.span.line); const k = v.key.split('.')[0]; out.push({ kind: 'jvm-nmt', key: /^(?:Metadata|Class space)$/.test(k) ? k : nmtKey({ ...v, key: k }), label: k, span: whole(v.span.line), owner: `category ${c.name}` }); }
      }
      if (s.message) out.push({ kind: 'jvm-nmt', key: 'Total', span: whole(s.message.line), raw: s.message.text });
      break;
    case 'jvm-flags':
      for (const f of s.flags) {
        const h: ProcessHit = { kind: 'jvm-flags', key: f.name, span: f.valueSpan, raw: f.raw };
        if (f.bytes !== undefined) h.bytes = f.bytes;
        else if (Number.isFinite(f.value)) h.count = f.value;
        const notes: string[] = [];
        if (f.type) notes.push(`type ${f.type}${f.origin ? `, value from ${f.origin}` : ''}`);
        if (f.name === 'MaxDirectMemorySize' && f.value === 0 && s.limits.maxHeapBytes !== undefined) notes.push(`0: direct buffers may take as much as the maximum heap, ${s.limits.maxHeapBytes} bytes`);
        if (notes.length) h.notes = notes;
        out.push(h, { ...h, span: f.nameSpan });
      }
      break;
    case 'jvm-heap':
      for (const sp of s.spaces) {
        const key = sp.name.replace(/^to\s+space$/, 'to space');
        out.push({ kind: 'jvm-heap', key, span: sp.nameSpan, owner: s.collector ? `${s.collector} collector` : undefined, ...(sp.usedBytes !== undefined ? { bytes: sp.usedBytes } : {}) });
        for (const v of sp.values) {
          const h: ProcessHit = { kind: 'jvm-heap', key: v.key.replace(/\.count$/, ''), span: v.span, raw: v.raw, unit: v.unit, owner: sp.name };
          if (v.bytes !== undefined) h.bytes = v.bytes;
          if (v.count !== undefined) h.count = v.count;
          if (v.percent !== undefined) h.percent = v.percent;
          out.push(h);
        }
      }
      break;
    case 'go-memstats': {
      const b = s.byKey;
      for (const f of s.stats) {
        const notes: string[] = [];
        if (f.key === 'HeapIdle' && b.HeapReleased?.bytes !== undefined && f.bytes !== undefined) notes.push(`Idle but not returned to the OS: HeapIdle − HeapReleased = ${f.bytes - b.HeapReleased.bytes} bytes, still resident`);
        if (f.key === 'HeapSys' && b.HeapInuse?.bytes !== undefined && b.HeapIdle?.bytes !== undefined) notes.push(`HeapInuse + HeapIdle = ${b.HeapInuse.bytes + b.HeapIdle.bytes} bytes`);
        fieldHits(out, 'go-memstats', f, s.variant === 'expvar' ? 'expvar memstats' : s.variant === 'env' ? 'environment' : 'runtime.MemStats', notes);
      }
      if (s.profile) out.push({ kind: 'go-memstats', key: 'heap profile', span: whole(s.profile.line), bytes: s.profile.inuseBytes, owner: `${s.profile.inuseObjects} sampled objects in use` });
      for (const c of s.cycles) {
        const owner = `gc ${c.n}${c.forced ? ' (forced)' : ''}`;
        for (const [k, sp] of Object.entries(c.spans)) {
          const h: ProcessHit = { kind: 'go-memstats', key: k, span: sp, owner };
          const bytes = ({ heapStart: c.heapStartBytes, heapEnd: c.heapEndBytes, live: c.liveBytes, goal: c.goalBytes, stacks: c.stacksBytes, globals: c.globalsBytes } as Record<string, number | undefined>)[k];
          if (bytes !== undefined) { h.bytes = bytes; h.unit = 'MiB'; }
          out.push(h);
        }
        out.push({ kind: 'go-memstats', key: 'gc', span: whole(c.line), owner, notes: [`heap ${c.heapStartBytes / 2 ** 20} → ${c.heapEndBytes / 2 ** 20} MiB, live ${c.liveBytes / 2 ** 20} MiB, goal ${c.goalBytes / 2 ** 20} MiB, ${c.procs} P at ${c.atSeconds} s`] });
      }
      break;
    }
    default: break;
  }
  return out;
}

/** The hits of one smaps line, read again from its text. */
export function smapsLineHits(s: SmapsSection, line: number, lineText: string): ProcessHit[] {
  const i = mappingAt(s, line);
  if (i < 0) return [];
  const mp = s.mappings[i];
  const g = s.groups.find((x) => x.key === mp.group);
  const groupNote = g ? [`Group ${g.key}: ${g.mappings.length} mapping${g.mappings.length === 1 ? '' : 's'}, Rss ${g.rssBytes / 1024} kB, Pss ${g.pssBytes / 1024} kB, Private_Dirty ${g.privateDirtyBytes / 1024} kB, Swap ${g.swapBytes / 1024} kB (of ${s.totals.rssBytes / 1024} kB Rss in all)`] : [];
  const owner = `mapping ${mp.start}-${mp.end}${mp.pathname ? ` ${mp.pathname}` : ' (anonymous)'}`;
  if (line === mp.line) {
    const key = mp.groupKind === 'file' ? 'file' : mp.groupKind === 'other' ? 'mapping' : mp.group;
    const out: ProcessHit[] = [
      { kind: 'smaps', key: 'mapping', span: mp.spans.address, raw: `${mp.start}-${mp.end}`, bytes: mp.values.Size, owner, notes: [`perms ${mp.perms}, offset ${mp.offset}, device ${mp.dev}, inode ${mp.inode}`, ...groupNote] },
      { kind: 'smaps', key: 'mapping', span: mp.spans.perms, raw: mp.perms, owner },
    ];
    out.push({ kind: 'smaps', key, span: mp.spans.pathname ?? whole(line), raw: mp.pathname ?? '(anonymous)', bytes: mp.values.Rss, owner: 'Rss of this mapping', notes: groupNote });
    return out;
  }
  const f = readSmapsLine(cleanLine(line, lineText));
  if (!f) return [];
  const out: ProcessHit[] = [];
  fieldHits(out, 'smaps', f, owner, f.key === 'Rss' || f.key === 'Pss' || f.key === 'Private_Dirty' || f.key === 'Swap' ? groupNote : undefined);
  return out;
}

/** Index of the mapping whose lines hold `line`, or -1. */
export function mappingAt(s: SmapsSection, line: number): number {
  let lo = 0; let hi = s.mappings.length - 1; let found = -1;
  while (lo <= hi) { const mid = (lo + hi) >> 1; if (s.mappings[mid].line <= line) { found = mid; lo = mid + 1; } else hi = mid - 1; }
  return found >= 0 && line <= s.mappings[found].endLine ? found : -1;
}


/** The hit under `character` (the narrowest), else undefined. */
export function processHitAt(hits: ProcessHit[], character: number): ProcessHit | undefined {
  let best: ProcessHit | undefined;
  for (const h of hits) {
    if (character < h.span.start || character > h.span.end) continue;
    if (!best || h.span.end - h.span.start < best.span.end - best.span.start) best = h;
  }
  return best;
}
