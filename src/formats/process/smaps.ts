/**
 * /proc/PID/smaps (fs/proc/task_mmu.c show_smap; Documentation/filesystems/proc.rst, "smaps"):
 * one header line per mapping, then its `Key: N kB` lines. Mappings are summed by group: the
 * brk heap ([heap]), the main thread's stack ([stack], and [stack:TID] of kernels before 4.5),
 * anonymous memory (thread stacks of most runtimes live there, below a guard page; nothing in
 * smaps says so reliably, so they stay "anonymous"), [vdso]/[vvar], and each file by its path.
 */
import type { Field, Problem, SmapsGroup, SmapsGroupKind, SmapsMapping, SmapsSection } from '../../model';
import type { SourceLine } from '../lines';
import { MAPPING_RE } from './detect';
import { notALine, readKeyLine, sp } from './fields';
import { SMAPS_SIZE } from './smapsRollup';

const COUNT = /^(?:THPeligible|ProtectionKey)$/;

/** One line of an smaps entry as a Field (what hovers read; the section keeps numbers only). */
export function readSmapsLine(l: SourceLine, problems: Problem[] = []): Field | undefined {
  return readKeyLine(l, 'smaps', SMAPS_SIZE, (k) => COUNT.test(k), problems);
}

export function groupOf(pathname: string | undefined): { key: string; kind: SmapsGroupKind } {
  if (!pathname) return { key: 'anonymous', kind: 'anonymous' };
  if (pathname === '[heap]') return { key: '[heap]', kind: 'heap' };
  if (pathname === '[stack]' || /^\[stack:\d+\]$/.test(pathname)) return { key: '[stack]', kind: 'stack' };
  if (/^\[(?:vdso|vvar|vvar_vclock|vsyscall)\]$/.test(pathname)) return { key: '[vdso]/[vvar]', kind: 'vdso' };
  if (/^\[anon(?:_shmem)?:/.test(pathname)) return { key: pathname, kind: 'anonymous' };
  if (pathname.startsWith('[')) return { key: pathname, kind: 'other' };
  return { key: pathname, kind: 'file' };
}

export type SmapsFields = Pick<SmapsSection, 'mappings' | 'groups' | 'totals'>;

const ORDER: Record<SmapsGroupKind, number> = { heap: 0, stack: 1, anonymous: 2, vdso: 3, other: 4, file: 5 };

export function parseSmaps(src: SourceLine[], problems: Problem[]): SmapsFields {
  const mappings: SmapsMapping[] = [];
  let cur: SmapsMapping | undefined;
  for (const l of src) {
    if (!l.text.trim()) continue;
    const m = MAPPING_RE.exec(l.text);
    if (m) {
      const a = l.text.indexOf(m[1]);
      const p = l.text.indexOf(m[3], a + m[1].length + m[2].length + 1);
      const path = m[7]?.trimEnd() || undefined;
      const g = groupOf(path);
      cur = { line: l.line, endLine: l.line, start: m[1], end: m[2], perms: m[3], offset: m[4], dev: m[5], inode: Number(m[6]), group: g.key, groupKind: g.kind, spans: { address: sp(l, a, a + m[1].length + 1 + m[2].length), perms: sp(l, p, p + m[3].length) }, values: {} };
      if (path) { cur.pathname = path; const at = l.text.lastIndexOf(path); cur.spans.pathname = sp(l, at, at + path.length); }
      mappings.push(cur);
      continue;
    }
    const f = readSmapsLine(l, problems);
    if (!f) { problems.push(notALine(l, 'smaps', 'a mapping header ("7f…-7f… rw-p 00000000 00:00 0  [heap]") or "Key:  N kB"')); continue; }
    if (!cur) { problems.push({ line: l.line, severity: 'warning', message: `smaps: ${f.key} comes before any mapping header line: not counted.` }); continue; }
    cur.endLine = l.line;
    if (f.key === 'VmFlags') { cur.vmFlags = f.raw.split(/\s+/).filter(Boolean); continue; }
    if (Object.prototype.hasOwnProperty.call(cur.values, f.key)) { problems.push({ line: l.line, severity: 'warning', message: `smaps: ${f.key} twice in the mapping of line ${cur.line + 1}: the first is counted.` }); continue; }
    const v = f.bytes ?? f.value;
    if (Number.isFinite(v)) cur.values[f.key] = v;
  }
  const byKey = new Map<string, SmapsGroup>();
  const totals = { mappings: mappings.length, sizeBytes: 0, rssBytes: 0, pssBytes: 0, privateDirtyBytes: 0, swapBytes: 0 };
  mappings.forEach((mp, i) => {
    let g = byKey.get(mp.group);
    if (!g) { g = { key: mp.group, kind: mp.groupKind, mappings: [], sizeBytes: 0, rssBytes: 0, pssBytes: 0, privateDirtyBytes: 0, swapBytes: 0 }; byKey.set(mp.group, g); }
    g.mappings.push(i);
    const v = mp.values;
    g.sizeBytes += v.Size ?? 0; g.rssBytes += v.Rss ?? 0; g.pssBytes += v.Pss ?? 0; g.privateDirtyBytes += v.Private_Dirty ?? 0; g.swapBytes += v.Swap ?? 0;
    totals.sizeBytes += v.Size ?? 0; totals.rssBytes += v.Rss ?? 0; totals.pssBytes += v.Pss ?? 0; totals.privateDirtyBytes += v.Private_Dirty ?? 0; totals.swapBytes += v.Swap ?? 0;
  });
  const groups = [...byKey.values()].sort((a, b) => ORDER[a.kind] - ORDER[b.kind] || (a.kind === 'file' || a.kind === 'other' ? b.rssBytes - a.rssBytes : 0));
  return { mappings, groups, totals };
}
