/**
 * `jcmd PID VM.native_memory summary | summary.diff | detail` (HotSpot Native Memory Tracking:
 * src/hotspot/share/services/memReporter.cpp, or nmt/memReporter.cpp from JDK 21; the JDK's
 * "Native Memory Tracking" guide in the Troubleshooting Guide). Layouts read, JDK 8 to 25:
 *
 *   Total: reserved=1793001KB, committed=274273KB            (diff: `reserved=… +249596KB, …`)
 *          malloc: 88745KB #225831[, peak=…KB #…]            (diff, JDK 21+: `malloc=…KB +…KB #… +…`)
 *          mmap:   reserved=1704256KB, committed=185528KB
 *   -  Class (reserved=…, committed=…[, readonly=…])         one header per category, then
 *      (classes #9245) (  instance classes #…, array classes #…)
 *      (malloc=8936KB [tag=Class ]#111320) (peak=8969KB #111318) | (at peak)
 *      (mmap: reserved=…, committed=…[, at peak | , peak=…])
 *      (  Metadata:   ) (    reserved=…, committed=…) (    used=…) (    waste=…KB =36.65%)
 *      (thread #220) | (threads #215) (stack: reserved=…, committed=…) (arena=…KB #438)
 *      (tracking overhead=3529KB)
 *
 * Every number is kept with its span; sizes are in the report's scale (KB = 1024 bytes).
 */
import type { JvmNmtSection, NmtCategory, NmtValue, Problem, SourceUnit } from '../../model';
import type { SourceLine } from '../lines';
import { NMT_CATEGORY } from './detect';
import { SOURCE_UNIT, UNIT_BYTES, notALine, sp } from './fields';

export type NmtFields = Pick<JvmNmtSection, 'variant' | 'pid' | 'scale' | 'total' | 'categories' | 'message'>;

/**
 * One token of a group: `name=N[unit]`, `[name ]#N`, `=N%`, `+N[unit]` / `-N[unit]` (a diff's change),
 * or a bare `N<unit>` (`malloc: 88745KB`).
 */
const TOKEN = /([A-Za-z][A-Za-z ]*?)\s*=\s*(\d+)(KB|MB|GB|B)?\b|(?:([A-Za-z][A-Za-z ]*?)\s+)?#(\d+)|=(\d+(?:[.,]\d+)?)%|([+-]\d+(?:\.\d+)?)(KB|MB|GB|B|%)?|\b(\d+)(KB|MB|GB|B)\b/g;
/** The same tokens in a report in plain bytes, where a bare number (`malloc: 70430381 #442914`) is a size. */
const TOKEN_BYTES = new RegExp(TOKEN.source.replace(/\|\\b\(\\d\+\)\(KB\|MB\|GB\|B\)\\b$/, '|\\b(\\d+)(KB|MB|GB|B)?\\b'), 'g');
const SUB = /^\s*([A-Z][A-Za-z ]*?)\s*:?\s*$/;

interface Ctx { scale: JvmNmtSection['scale']; sawScale: boolean; diff: boolean }

/** Reads the tokens of `text` (columns from `offset` on the line) into values, keys under `prefix`. */
function readGroup(l: SourceLine, text: string, offset: number, prefix: string, ctx: Ctx, out: NmtValue[], after = ''): void {
  if (text.length > 2000) return; // no NMT group is this long; the line is reported by the caller
  // `tag=Class` (JDK 21+) names the category again: not a number.
  const masked = text.replace(/tag=[^#)]*?(?=\s+#|\s*$)/g, (m) => ' '.repeat(m.length));
  let last: NmtValue | undefined;
  let lastMain: string | undefined;
  const tokens = ctx.scale === 'B' && ctx.sawScale ? TOKEN_BYTES : TOKEN;
  tokens.lastIndex = 0;
  let m: RegExpExecArray | null;
  let guard = 0;
  while ((m = tokens.exec(masked)) !== null && guard++ < 200) {
    const at = offset + m.index;
    if (m[2] !== undefined) {
      const name = m[1].trim();
      const base = name === 'peak' && lastMain ? `${lastMain}.` : name === 'peak' && after ? `${after}.` : prefix;
      last = size(l, `${base}${name}`, m[2], m[3], at + m[0].indexOf(m[2], m[1].length), ctx);
      last.keySpan = sp(l, at, at + m[1].trimEnd().length);
      if (name !== 'peak') lastMain = `${base}${name}`;
      out.push(last);
    } else if (m[5] !== undefined) {
      const name = m[4]?.trim();
      const key = name ? `${prefix}${name}` : last ? `${last.key.replace(/\.count$/, '')}.count` : `${prefix}count`;
      const start = at + m[0].indexOf('#') + 1;
      last = { key, raw: m[5], count: Number(m[5]), unit: 'count', span: sp(l, start, start + m[5].length) };
      if (name) last.keySpan = sp(l, at, at + m[4].trimEnd().length);
      out.push(last);
    } else if (m[6] !== undefined) {
      if (last) last.percent = Number(m[6].replace(',', '.'));
    } else if (m[7] !== undefined) {
      if (!last) continue;
      ctx.diff = true;
      const n = Number(m[7]);
      const start = at;
      last.deltaSpan = sp(l, start, start + m[0].length);
      if (last.percent !== undefined && m[8] === '%') continue;
      // A change printed without its unit (JDK 17's arena line: `+211`) is in the report's scale.
      last.delta = last.count !== undefined && last.bytes === undefined ? n : n * UNIT_BYTES[m[8] && m[8] !== '%' ? m[8] : ctx.scale];
    } else if (m[9] !== undefined) {
      last = size(l, prefix.replace(/\.$/, '') || 'value', m[9], m[10], at, ctx);
      lastMain = last.key;
      out.push(last);
    }
  }
}

function size(l: SourceLine, key: string, digits: string, unit: string | undefined, start: number, ctx: Ctx): NmtValue {
  const u = unit ?? ctx.scale;
  if (unit && !ctx.sawScale) { ctx.scale = unit as Ctx['scale']; ctx.sawScale = true; }
  const v: NmtValue = { key, raw: `${digits}${unit ?? ''}`, bytes: Number(digits) * UNIT_BYTES[u], unit: SOURCE_UNIT[u] as SourceUnit, span: sp(l, start, start + digits.length + (unit?.length ?? 0)) };
  return v;
}

/** The values of a line made of `( … )` groups, each read on its own. */
function readParenLine(l: SourceLine, prefix: { sub?: string }, ctx: Ctx, out: NmtValue[], cat?: NmtCategory): boolean {
  const re = /\(([^()]*)\)/g;
  let m: RegExpExecArray | null;
  let any = false;
  let after = '';
  while ((m = re.exec(l.text)) !== null) {
    any = true;
    const inner = m[1];
    const off = m.index + 1;
    const sub = SUB.exec(inner);
    if (sub && !/[=#\d]/.test(inner)) {
      prefix.sub = sub[1].trim();
      if (cat) { const a = off + inner.indexOf(prefix.sub); (cat.subHeadings ??= []).push({ name: prefix.sub, span: sp(l, a, a + prefix.sub.length) }); }
      continue;
    }
    const colon = /^\s*([A-Za-z][A-Za-z ]*?):\s*/.exec(inner);
    const indented = /^\s{3,}/.test(inner);
    if (!indented) prefix.sub = undefined;
    const base = indented && prefix.sub ? `${prefix.sub}.` : '';
    const before = out.length;
    if (colon) readGroup(l, inner.slice(colon[0].length), off + colon[0].length, `${base}${colon[1].trim()}.`, ctx, out);
    else readGroup(l, inner, off, base, ctx, out, after);
    if (out.length > before) after = out[before].key;
  }
  return any;
}

export function parseNmt(src: SourceLine[], problems: Problem[], variantHint?: string): NmtFields {
  const ctx: Ctx = { scale: 'KB', sawScale: false, diff: false };
  const out: NmtFields = { variant: 'summary', scale: 'KB', categories: [] };
  let cat: NmtCategory | undefined;
  let inTotal = false;
  let detail = false;
  const prefix: { sub?: string } = {};
  for (const l of src) {
    const t = l.text;
    if (detail) continue;
    if (t.length > 2000) { problems.push({ line: l.line, severity: 'warning', message: `A line of ${t.length} characters in a Native Memory Tracking report: not read.` }); continue; }
    const s = t.trim();
    if (!s) continue;
    if (/^\d+:$/.test(s)) { out.pid = Number(s.slice(0, -1)); continue; }
    if (/^Native Memory Tracking:$/.test(s)) continue;
    if (/^Native memory tracking (?:is not enabled|has been)/i.test(s) || /^Baseline (?:taken|succeeded)|^No baseline/i.test(s)) { out.message = { line: l.line, text: s }; if (/^Baseline/i.test(s)) out.variant = 'baseline'; continue; }
    if (/^\(Omitting categories weighting less than 1(KB|MB|GB|B)\)$/.test(s)) { const u = /1(KB|MB|GB|B)/.exec(s)![1] as Ctx['scale']; ctx.scale = u; ctx.sawScale = true; continue; }
    if (/^(?:Virtual memory map|Details|Memory file details|Memory map of)\b/.test(s)) { detail = true; out.variant = 'detail'; continue; }
    const total = /^(\s*Total:\s*)(.*)$/.exec(t);
    // The report the JVM prints at exit (-XX:+PrintNMTStatistics) may give plain bytes: `reserved=6313885357,`.
    if (total && !ctx.sawScale && /\breserved=\d+(?:,|\s|$)/.test(total[2])) { ctx.scale = 'B'; ctx.sawScale = true; }
    if (total) {
      const values: NmtValue[] = [];
      readGroup(l, total[2], total[1].length, '', ctx, values);
      const r = values.find((v) => v.key === 'reserved');
      const c = values.find((v) => v.key === 'committed');
      if (!r || !c) problems.push({ line: l.line, severity: 'warning', message: 'The NMT Total line should read "Total: reserved=…KB, committed=…KB": its numbers were not found.' });
      out.total = { line: l.line, reservedBytes: r?.bytes ?? NaN, committedBytes: c?.bytes ?? NaN, values };
      if (r?.delta !== undefined) out.total.reservedDeltaBytes = r.delta;
      if (c?.delta !== undefined) out.total.committedDeltaBytes = c.delta;
      inTotal = true; cat = undefined;
      continue;
    }
    const head = NMT_CATEGORY.exec(t);
    if (head) {
      inTotal = false;
      prefix.sub = undefined;
      const name = head[1];
      const nameAt = t.indexOf(name);
      const inner = t.indexOf('(', nameAt + name.length) + 1;
      const values: NmtValue[] = [];
      readGroup(l, head[2], inner, '', ctx, values);
      const r = values.find((v) => v.key === 'reserved');
      const c = values.find((v) => v.key === 'committed');
      if (!r || !c) problems.push({ line: l.line, severity: 'warning', message: `NMT category ${name}: its header should read "(reserved=…KB, committed=…KB)"; the numbers were not found.` });
      cat = { name, line: l.line, endLine: l.line, nameSpan: sp(l, nameAt, nameAt + name.length), reservedBytes: r?.bytes ?? NaN, committedBytes: c?.bytes ?? NaN, values };
      if (r?.delta !== undefined) cat.reservedDeltaBytes = r.delta;
      if (c?.delta !== undefined) cat.committedDeltaBytes = c.delta;
      out.categories.push(cat);
      continue;
    }
    // The Total's malloc and mmap lines: `malloc: 88745KB #225831`, `malloc=… +…KB #… +…`, `mmap:   reserved=…`.
    const sub = /^(\s*)(malloc|mmap)(:?\s*)(.*)$/.exec(t);
    if (sub && inTotal && out.total) {
      const before = out.total.values.length;
      if (sub[3].includes(':')) readGroup(l, sub[4], sub[1].length + sub[2].length + sub[3].length, `${sub[2]}.`, ctx, out.total.values);
      else readGroup(l, `${sub[2]}${sub[4]}`, sub[1].length, '', ctx, out.total.values);
      for (const v of out.total.values.slice(before)) if (v.key === `${sub[2]}.value`) v.key = sub[2];
      const first = out.total.values[before];
      if (first && !first.keySpan) first.keySpan = sp(l, sub[1].length, sub[1].length + sub[2].length);
      continue;
    }
    if (cat && /^\s*:?\s*\(/.test(t)) {
      const before = cat.values.length;
      readParenLine(l, prefix, ctx, cat.values, cat);
      for (const v of cat.values.slice(before)) if (v.key.endsWith('.value')) v.key = v.key.slice(0, -'.value'.length);
      cat.endLine = l.line;
      continue;
    }
    problems.push(notALine(l, 'Native Memory Tracking summary', 'a category ("-  Thread (reserved=…KB, committed=…KB)"), one of its "(…)" lines, or the Total'));
  }
  out.scale = ctx.scale;
  if ((ctx.diff || variantHint === 'diff') && out.variant !== 'baseline') out.variant = 'diff';
  if (!out.categories.length && !out.message && src.length) {
    if (out.total) problems.push({ line: out.total.line, severity: 'info', message: 'Only the Total of this Native Memory Tracking report is here: the categories (Java Heap, Class, Thread, Code, GC, Other…) were not pasted.' });
    else problems.push({ line: src[0].line, severity: 'warning', message: 'A Native Memory Tracking report with no category read: is the output cut?' });
  }
  return out;
}
