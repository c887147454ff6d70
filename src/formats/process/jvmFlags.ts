/**
 * JVM flags: `jcmd PID VM.flags` (one line of `-XX:` options: the flags set on the command line or
 * by ergonomics) and the table of `java -XX:+PrintFlagsFinal` / `jcmd PID VM.flags -all`
 * (src/hotspot/share/runtime/flags/jvmFlag.cpp JVMFlag::print_on). Sizes are in bytes except the
 * thread stack sizes, which HotSpot keeps in KB (ThreadStackSize, -Xss).
 */
import type { JvmFlag, JvmFlagsSection, Problem } from '../../model';
import type { SourceLine } from '../lines';
import { FLAG_ROW } from './detect';
import { notALine, sp } from './fields';

/** Flags whose value is a size in bytes. */
const BYTE_FLAGS = new Set([
  'MaxHeapSize', 'InitialHeapSize', 'MinHeapSize', 'SoftMaxHeapSize', 'MaxNewSize', 'NewSize', 'OldSize', 'MaxMetaspaceSize', 'MetaspaceSize',
  'CompressedClassSpaceSize', 'MaxDirectMemorySize', 'ReservedCodeCacheSize', 'InitialCodeCacheSize', 'NonNMethodCodeHeapSize', 'ProfiledCodeHeapSize',
  'NonProfiledCodeHeapSize', 'CodeCacheExpansionSize', 'G1HeapRegionSize', 'MinHeapDeltaBytes', 'MarkStackSize', 'MarkStackSizeMax', 'MaxRAM',
  'ErgoHeapSizeLimit', 'LargePageSizeInBytes', 'TLABSize', 'MinTLABSize', 'YoungPLABSize', 'OldPLABSize', 'SharedBaseAddress', 'ArrayAllocatorMallocLimit',
  'MaxMetaspaceFreeRatio_', 'InitialBootClassLoaderMetaspaceSize', 'ShenandoahMaxRegionSize', 'ShenandoahMinRegionSize', 'ZMarkStackSpaceLimit', 'MallocMaxTestWords_',
]);
/** Flags in KB (HotSpot's stack sizes). */
const KB_FLAGS = new Set(['ThreadStackSize', 'VMThreadStackSize', 'CompilerThreadStackSize']);

export type FlagsFields = Pick<JvmFlagsSection, 'format' | 'pid' | 'flags' | 'byName' | 'limits'> & { version?: string };

function flag(l: SourceLine, name: string, nameAt: number, raw: string, valueAt: number, bool?: boolean): JvmFlag {
  const value = bool !== undefined ? (bool ? 1 : 0) : raw === 'true' ? 1 : raw === 'false' ? 0 : /^-?\d+$/.test(raw) ? Number(raw) : NaN;
  const f: JvmFlag = { name, raw, value, line: l.line, nameSpan: sp(l, nameAt, nameAt + name.length), valueSpan: sp(l, valueAt, valueAt + Math.max(raw.length, 0)) };
  if (Number.isFinite(value) && BYTE_FLAGS.has(name)) f.bytes = value;
  if (Number.isFinite(value) && KB_FLAGS.has(name)) f.bytes = value * 1024;
  return f;
}

export function parseJvmFlags(src: SourceLine[], problems: Problem[], variant?: string): FlagsFields {
  const flags: JvmFlag[] = [];
  const out: FlagsFields = { format: variant === 'flags-final' ? 'flags-final' : 'vm-flags', flags, byName: {}, limits: {} };
  for (const l of src) {
    const t = l.text;
    const s = t.trim();
    if (!s) continue;
    if (/^\d+:$/.test(s)) { out.pid = Number(s.slice(0, -1)); continue; }
    if (t.length > 20000) { problems.push({ line: l.line, severity: 'warning', message: `A line of ${t.length} characters among JVM flags: not read.` }); continue; }
    if (/^\[(?:Global|Local) flags\]$/.test(s)) { out.format = 'flags-final'; continue; }
    if (/^(?:openjdk|java) version "/.test(s)) { out.version = /"([^"]+)"/.exec(s)?.[1]; continue; }
    if (/^(?:OpenJDK|Java\(TM\)|Java HotSpot|IBM|Eclipse OpenJ9)/.test(s)) continue;
    const row = t.length <= 2000 ? FLAG_ROW.exec(t) : null;
    if (row) {
      out.format = 'flags-final';
      const typeAt = t.indexOf(row[1]);
      const nameAt = t.indexOf(row[2], typeAt + row[1].length);
      const opAt = t.indexOf(row[3], nameAt + row[2].length);
      const valueAt = row[4] ? t.indexOf(row[4], opAt + row[3].length) : opAt + row[3].length;
      const f = flag(l, row[2], nameAt, row[4], valueAt);
      f.type = row[1];
      const braces = [...row[5].matchAll(/\{([^}]*)\}/g)].map((b) => b[1]);
      // JDK 9+: `{product} {default}`; JDK 8: `{product}`, and `:=` marks a value that is not the default.
      f.origin = braces[1] ?? (row[3] === ':=' ? 'changed' : 'default');
      flags.push(f);
      continue;
    }
    if (/-XX:/.test(t)) {
      const re = /-XX:([+-]?)(\w+)(?:=(\S*))?/g;
      let m: RegExpExecArray | null;
      let read = 0;
      while ((m = re.exec(t)) !== null) {
        const nameAt = m.index + 4 + m[1].length;
        read++;
        if (m[1]) flags.push(flag(l, m[2], nameAt, m[1], m.index + 4, m[1] === '+'));
        else if (m[3] !== undefined) flags.push(flag(l, m[2], nameAt, m[3], nameAt + m[2].length + 1));
        else problems.push({ line: l.line, start: l.col + m.index, end: l.col + m.index + m[0].length, severity: 'warning', message: `-XX:${m[2]} has neither +/- nor =value: not read.` });
      }
      const rest = t.replace(/-XX:\S+/g, '').trim();
      if (read && rest) problems.push({ line: l.line, severity: 'info', message: `Text other than -XX: options on this VM.flags line ("${rest.slice(0, 40)}"): not read.` });
      continue;
    }
    problems.push(notALine(l, 'JVM flags', '"-XX:MaxHeapSize=67108864 …" (jcmd VM.flags) or a PrintFlagsFinal row ("size_t MaxHeapSize = 67108864 {product} {default}")'));
  }
  for (const f of flags) if (!Object.prototype.hasOwnProperty.call(out.byName, f.name)) out.byName[f.name] = f;
  const b = (n: string) => out.byName[n]?.bytes;
  const L = out.limits;
  if (b('MaxHeapSize') !== undefined) L.maxHeapBytes = b('MaxHeapSize');
  if (b('MaxMetaspaceSize') !== undefined) L.maxMetaspaceBytes = b('MaxMetaspaceSize');
  // 0 (the default) means "as large as the heap may grow" (Runtime.maxMemory()).
  const direct = b('MaxDirectMemorySize');
  if (direct !== undefined && direct > 0) L.maxDirectMemoryBytes = direct;
  if (b('ThreadStackSize') !== undefined) L.threadStackBytes = b('ThreadStackSize');
  if (b('ReservedCodeCacheSize') !== undefined) L.reservedCodeCacheBytes = b('ReservedCodeCacheSize');
  if (b('CompressedClassSpaceSize') !== undefined) L.compressedClassSpaceBytes = b('CompressedClassSpaceSize');
  return out;
}
