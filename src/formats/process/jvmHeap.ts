/**
 * `jcmd PID GC.heap_info` (CollectedHeap::print_on of each collector: G1CollectedHeap,
 * ParallelScavengeHeap, SerialHeap, ShenandoahHeap, ZCollectedHeap; MetaspaceUtils::print_on).
 * Sizes are printed with K (or M with ZGC): 1024-based.
 */
import type { JvmHeapSection, JvmHeapSpace, NmtValue, Problem } from '../../model';
import type { SourceLine } from '../lines';
import { SOURCE_UNIT, UNIT_BYTES, notALine, sp } from './fields';

export type HeapFields = Pick<JvmHeapSection, 'pid' | 'collector' | 'spaces'>;

const NAME = /^(\s*)(garbage-first heap|PSYoungGen|PSOldGen|ParOldGen|def new generation|par new generation|tenured generation|concurrent mark-sweep generation|Shenandoah Heap|ZHeap|Epsilon Heap|Metaspace|class space|region size|eden space|from space|to\s+space|object space|the space|[A-Z][\w -]*?(?=\s{2,}|\s+(?:total|used)\b))\b/;
const COLLECTOR: [RegExp, string][] = [[/garbage-first/, 'G1'], [/PSYoungGen|ParOldGen|PSOldGen/, 'Parallel'], [/def new generation|tenured generation/, 'Serial'], [/par new generation|concurrent mark-sweep/, 'CMS'], [/Shenandoah/, 'Shenandoah'], [/ZHeap|ZGC/, 'Z'], [/Epsilon/, 'Epsilon']];
/** `word N<unit>`, `N<unit> word` (Shenandoah: `65536K max`), `N word (N<unit>)` (G1: `3 young (3072K)`), `N% used`. */
const TOKEN = /(\d+) (young|survivors|old|humongous) \((\d+)([KMG])\)|(\d+)% used|\b(total(?: reserved)?|used|committed|reserved|capacity|max capacity|max|size|space|region size)\s+(\d+)([KMG])\b|\b(\d+)([KMG]) (max|soft max|committed|used)\b|(?:^|\s)(\d+)([KMG])\b/g;

export function parseJvmHeap(src: SourceLine[], problems: Problem[]): HeapFields {
  const out: HeapFields = { spaces: [] };
  const stack: { indent: number; name: string }[] = [];
  for (const l of src) {
    const t = l.text;
    if (t.length > 2000) { problems.push({ line: l.line, severity: 'warning', message: `A line of ${t.length} characters in GC.heap_info: not read.` }); continue; }
    const s = t.trim();
    if (!s) continue;
    if (/^\d+:$/.test(s)) { out.pid = Number(s.slice(0, -1)); continue; }
    if (!out.collector) for (const [re, c] of COLLECTOR) if (re.test(s)) { out.collector = c; break; }
    const nm = NAME.exec(t);
    const name = nm ? nm[2].replace(/\s+/g, ' ') : s.split(/\s{2,}|,/)[0];
    const nameAt = nm ? nm[1].length : t.length - t.trimStart().length;
    const indent = t.length - t.trimStart().length;
    while (stack.length && stack[stack.length - 1].indent >= indent) stack.pop();
    const space: JvmHeapSpace = { name, line: l.line, nameSpan: sp(l, nameAt, nameAt + (nm ? nm[2].length : name.length)), values: [] };
    if (stack.length) space.parent = stack[stack.length - 1].name;
    const from = nm ? nameAt + nm[2].length : nameAt;
    const body = t.slice(from).replace(/\[[^\]]*[\])]/g, (m) => ' '.repeat(m.length));
    TOKEN.lastIndex = 0;
    let m: RegExpExecArray | null;
    let guard = 0;
    while ((m = TOKEN.exec(body)) !== null && guard++ < 50) {
      const at = from + m.index;
      const push = (key: string, digits: string, unit: string, pos: number): number => {
        const bytes = Number(digits) * UNIT_BYTES[unit];
        space.values.push({ key, raw: `${digits}${unit}`, bytes, unit: SOURCE_UNIT[unit], span: sp(l, pos, pos + digits.length + 1) } as NmtValue);
        return bytes;
      };
      if (m[1] !== undefined) {
        const pos = at + m[0].indexOf('(') + 1;
        const bytes = push(m[2], m[3], m[4], pos);
        space.values.push({ key: `${m[2]}.count`, raw: m[1], count: Number(m[1]), unit: 'count', span: sp(l, at, at + m[1].length) });
        if (m[2] === 'young') { space.youngRegions = Number(m[1]); space.youngBytes = bytes; }
        if (m[2] === 'survivors') { space.survivorRegions = Number(m[1]); space.survivorBytes = bytes; }
      } else if (m[5] !== undefined) {
        space.usedPercent = Number(m[5]);
        space.values.push({ key: 'used%', raw: `${m[5]}%`, percent: Number(m[5]), unit: 'percent', span: sp(l, at, at + m[5].length + 1) });
      } else if (m[6] !== undefined) {
        const key = m[6];
        const pos = at + m[0].lastIndexOf(m[7] + m[8]);
        const bytes = push(key, m[7], m[8], pos);
        if (key === 'total' || key === 'total reserved') { if (key === 'total') space.totalBytes = bytes; else space.reservedBytes = bytes; }
        else if (key === 'used') space.usedBytes = bytes;
        else if (key === 'committed') space.committedBytes = bytes;
        else if (key === 'reserved') space.reservedBytes = bytes;
        else if (key === 'capacity') space.capacityBytes = bytes;
        else if (key === 'max capacity' || key === 'max') space.maxCapacityBytes = bytes;
        else if (key === 'region size') space.regionBytes = bytes;
      } else if (m[9] !== undefined) {
        const bytes = push(m[11], m[9], m[10], at);
        if (m[11] === 'max') space.maxCapacityBytes = bytes;
        if (m[11] === 'committed') space.committedBytes = bytes;
        if (m[11] === 'used') space.usedBytes = bytes;
      } else if (m[12] !== undefined) {
        const pos = at + m[0].indexOf(m[12]);
        const bytes = push(name === 'region size' ? 'region size' : 'size', m[12], m[13], pos);
        if (name === 'region size') space.regionBytes = bytes;
        else if (space.totalBytes === undefined && /space$/.test(name)) space.capacityBytes = bytes;
      }
    }
    if (name === 'region size' && space.regionBytes === undefined) { const r = space.values.find((v) => v.key === 'size'); if (r) { r.key = 'region size'; space.regionBytes = r.bytes; } }
    if (!space.values.length && !/^(?:Shenandoah Heap|Status:|Reserved region:|Collection set:|ZGC Globals:|Young Collection:|Old Collection:)/.test(s) && !nm) { problems.push(notALine(l, 'GC.heap_info', 'a heap, generation or space with its sizes ("PSYoungGen  total 17408K, used 6953K")')); continue; }
    out.spaces.push(space);
    stack.push({ indent, name });
  }
  return out;
}
