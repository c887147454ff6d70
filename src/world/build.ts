/**
 * Builds the model of the captured world (./model.ts) from parsed sections:
 * moments, cgroups keyed by path within each moment, OOM events linked to
 * their moment.
 */
import { belowZero } from '../formats/numbers';
import type { OomEvent, KeyValueSection, OomReportSection, OpaqueSection, PressureSection, Section, SlabinfoSection } from '../model';
import { baseName } from '../formats/paths';
import type { CgroupFiles, Moment, World } from './model';

const CGROUP_MOUNT = /^\/sys\/fs\/cgroup(?:\/(?:memory|unified))?(?=\/|$)/;

/**
 * The cgroup path of a cgroup file's source: `/sys/fs/cgroup/kubepods.slice/memory.stat`
 * → `/kubepods.slice`, `/sys/fs/cgroup/memory/memory.stat` (v1 root) → `/`. A bare file
 * name (`memory.stat`) → `''`: the capture does not say which cgroup.
 */
export function cgroupPathOf(source: string | undefined): string {
  if (!source) return '';
  const s = source.trim().replace(/\\/g, '/');
  const dir = s.includes('/') ? s.slice(0, s.lastIndexOf('/')) : '';
  const m = CGROUP_MOUNT.exec(dir);
  if (m) return dir.slice(m[0].length) || '/';
  if (!dir) return '';
  return dir.startsWith('/') ? dir : `/${dir}`;
}

/** True for a section that is a cgroup's file (memory.stat, events, one-value files, a cgroup's PSI). */
function isCgroupFile(s: Section): boolean {
  if (s.kind === 'memory-stat' || s.kind === 'memory-events') return true;
  // A kernel setting's number (/proc/sys, /sys/kernel, /sys/module, /sys/block) is no cgroup's value.
  if (s.kind === 'cgroup-value') return !/^\/(?:proc\/sys|sys\/kernel|sys\/module|sys\/block)\//.test(s.source ?? '');
  if (s.kind === 'pressure') return CGROUP_MOUNT.test(s.source ?? '') || /(^|\/)(memory|io|cpu|irq)\.pressure$/.test(s.source ?? '');
  return false;
}

/** The place a section fills in a moment; a second section for the same place starts a new moment. */
function slotOf(s: Section): string | undefined {
  switch (s.kind) {
    case 'meminfo': case 'vmstat': case 'slabinfo': return s.kind;
    case 'oom-report': case 'unknown': return undefined;
    case 'buddyinfo': case 'zoneinfo': case 'numa-stat': case 'vmstat-table': case 'sar-table': return `${s.kind}:${s.source ?? ''}:${s.variant ?? ''}`;
    case 'pressure': if (!isCgroupFile(s)) return `psi:${(s as PressureSection).resource}`; break;
    case 'cgroup-value': if (!isCgroupFile(s)) return `sysctl:${s.source}`; break;
  }
  const file = s.source ? baseName(s.source) : `${s.kind}:${s.variant ?? ''}`;
  return `cg:${cgroupPathOf(s.source)}:${file}`;
}

const emptyMoment = (index: number, capturedAt?: string): Moment => ({ index, capturedAt, sections: [], pressure: [], sysctl: {}, cgroups: new Map(), opaque: [] });

function cgroupOf(m: Moment, path: string): CgroupFiles {
  let c = m.cgroups.get(path);
  if (!c) { c = { path, values: {}, pressure: [] }; m.cgroups.set(path, c); }
  return c;
}

function place(m: Moment, s: Section): void {
  m.sections.push(s.index);
  switch (s.kind) {
    case 'meminfo': m.meminfo = s as KeyValueSection; return;
    case 'vmstat': m.vmstat = s as KeyValueSection; return;
    case 'slabinfo': m.slabinfo = s as SlabinfoSection; return;
    case 'buddyinfo': case 'zoneinfo': case 'numa-stat': case 'vmstat-table': case 'sar-table': m.opaque.push(s as OpaqueSection); return;
    default: break;
  }
  if (s.kind === 'pressure' && !isCgroupFile(s)) { m.pressure.push(s as PressureSection); return; }
  if (s.kind === 'cgroup-value' && !isCgroupFile(s)) {
    const f = (s as KeyValueSection).fields[0];
    const name = /^\/proc\/sys\/(.+)$/.exec(s.source ?? '')?.[1]?.replace(/\//g, '.');
    if (name && f && Number.isFinite(f.value)) m.sysctl[name] = f.value;
    return;
  }
  const c = cgroupOf(m, cgroupPathOf(s.source));
  if (s.kind === 'memory-stat') c.stat = s as KeyValueSection;
  else if (s.kind === 'memory-events') {
    if (s.variant === 'local') c.eventsLocal = s as KeyValueSection;
    else if (s.variant === 'swap') c.swapEvents = s as KeyValueSection;
    else c.events = s as KeyValueSection;
  } else if (s.kind === 'pressure') c.pressure.push(s as PressureSection);
  else if (s.kind === 'cgroup-value') c.values[s.variant ?? (s as KeyValueSection).fields[0]?.key ?? ''] = s as KeyValueSection;
}

export function buildWorld(sections: Section[]): World {
  const moments: Moment[] = [];
  const oom: World['oom'] = [];
  const seenOom = new Set<string>();
  let cur: Moment | undefined;
  let slots = new Set<string>();
  for (const s of sections) {
    if (s.kind === 'oom-report') {
      for (const event of (s as OomReportSection).events) {
        // A series whose every capture reads the whole kernel log holds each report once per capture:
        // the same kill (see oomKey) is one event, kept where it first appears.
        const key = oomKey(event);
        if (key && seenOom.has(key)) continue;
        if (key) seenOom.add(key);
        oom.push({ section: s as OomReportSection, event, moment: cur?.index });
      }
      continue;
    }
    const slot = slotOf(s);
    if (!slot) continue;
    // `free && grep Slab /proc/meminfo`: a meminfo excerpt without MemTotal right under a free table of the same moment
    // completes it (the table's total, free and buffers; the excerpt's own keys win), judged as one capture.
    if (cur?.meminfo?.variant === 'free' && s.kind === 'meminfo' && !s.variant && !(s as KeyValueSection).byKey.MemTotal
      && s.startLine - cur.meminfo.endLine <= 2 && (s.capturedAt === undefined || s.capturedAt === cur.capturedAt)) {
      cur.sections.push(s.index);
      cur.meminfo = completedBy(s as KeyValueSection, cur.meminfo);
      continue;
    }
    const newTime = s.capturedAt !== undefined && cur !== undefined && cur.capturedAt !== undefined && s.capturedAt !== cur.capturedAt;
    if (!cur || newTime || slots.has(slot)) {
      cur = emptyMoment(moments.length, s.capturedAt);
      moments.push(cur);
      slots = new Set();
    }
    if (cur.capturedAt === undefined && s.capturedAt !== undefined) cur.capturedAt = s.capturedAt;
    slots.add(slot);
    place(cur, s);
  }
  for (const o of oom) if (o.moment === undefined && moments.length) o.moment = 0;
  return { moments, oom };
}

/** An excerpt of /proc/meminfo with the keys a free table beside it holds and it lacks (MemTotal, MemFree, Buffers …). */
function completedBy(excerpt: KeyValueSection, table: KeyValueSection): KeyValueSection {
  const extra = table.fields.filter((f) => excerpt.byKey[f.key] === undefined && (f.key === 'MemTotal' || f.key === 'MemFree' || f.key === 'Buffers' || f.key === 'SwapTotal' || f.key === 'SwapFree'));
  const byKey = { ...excerpt.byKey };
  for (const f of extra) byKey[f.key] = f;
  return { ...excerpt, fields: [...excerpt.fields, ...extra], byKey, completedFrom: table.index };
}

/** The one-value files of a cgroup read as bytes: `max` and the v1 sentinel mean no limit (undefined). */
export function cgroupValueBytes(c: CgroupFiles, ...names: string[]): number | undefined {
  for (const n of names) {
    const f = c.values[n]?.fields[0];
    // A counter below zero (2^64 − N, printed unsigned) is no usage at all: unknown, said by counterBelowZeroRule.
    if (f && !f.unlimited && f.bytes !== undefined && Number.isFinite(f.bytes) && belowZero(f.raw) === undefined) return f.bytes;
  }
  return undefined;
}

/**
 * What makes two copies of an OOM report the same kill: the victim and the sizes its kill line prints
 * (exact, and the same in every copy, while `dmesg -T` times may move by a second between reads).
 * Undefined when the report names no victim.
 */
function oomKey(e: OomEvent): string | undefined {
  if (e.victimPid === undefined) return undefined;
  return `${e.victimPid}|${e.victimName ?? ''}|${e.victimTotalVmBytes ?? ''}|${e.victimAnonRssBytes ?? ''}|${e.victimFileRssBytes ?? ''}|${e.uptimeSeconds ?? ''}`;
}
