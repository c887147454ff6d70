/**
 * /proc/slabinfo (mm/slab_common.c print_slabinfo_header/cache_show).
 * Rows are read by token, not by column: names longer than 17 characters
 * shift the columns, names may hold `:` and `-`, and vendor versions add
 * columns. The literal `tunables` and `slabdata` tokens anchor the groups.
 */
import type { Problem, SlabCache, SlabinfoSection, Span } from '../model';
import { tokenize, type SourceLine } from './lines';
import { abbreviate } from './numbers';

export interface SlabinfoResult {
  version?: string;
  statistics: boolean;
  caches: SlabCache[];
  unreadable?: SlabinfoSection['unreadable'];
  problems: Problem[];
}

const EXPECTED = 'expected "name active_objs num_objs objsize objperslab pagesperslab : tunables l b s : slabdata active_slabs num_slabs sharedavail"';

export function parseSlabinfo(lines: SourceLine[]): SlabinfoResult {
  const out: SlabinfoResult = { statistics: false, caches: [], problems: [] };
  let denied = false;
  let sawHeader = false;
  const seen = new Map<string, number>();
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    const t = l.text.trim();
    if (!t) continue;
    const v = /^slabinfo - version:\s*(\S+)(.*)$/.exec(t);
    if (v) {
      out.version = v[1];
      out.statistics = /statistics/.test(v[2]);
      sawHeader = true;
      if (!/^2\.[0-2]$/.test(v[1])) out.problems.push({ line: l.line, severity: 'info', message: `slabinfo version ${abbreviate(v[1])} is not one the kernel prints (2.0, 2.1); rows are read by their tunables/slabdata markers.` });
      continue;
    }
    // The column header, also when a paste lost its `# ` (a markdown renderer reads `# name` as a heading).
    if (t.startsWith('#') || /^name\s+<active_objs>/.test(t)) { sawHeader = true; continue; }
    if (/Permission denied|Operation not permitted/.test(t)) { denied = true; continue; }
    const toks = tokenize(l.text, l.col).map((x) => ({ ...x, line: l.line }));
    // A mailer or a narrow terminal wrapped the row after `: tunables …`: its tail (`27 8 : slabdata …`) is the next line.
    const next = lines[i + 1];
    if (next && /\stunables\b/.test(t) && !/\sslabdata\s/.test(t) && /^(?:\d+\s+)*:\s*slabdata\s/.test(next.text.trim())) {
      toks.push(...tokenize(next.text, next.col).map((x) => ({ ...x, line: next.line })));
      i++;
    }
    // A terminal copy that wrapped mid-word splits an anchor (`sla      bdata`): the halves are one token.
    for (let k = 0; k + 1 < toks.length; k++) {
      const joined = toks[k].text + toks[k + 1].text;
      if ((joined === 'slabdata' || joined === 'tunables') && toks[k].line === toks[k + 1].line) toks.splice(k, 2, { ...toks[k], text: joined, end: toks[k + 1].end });
    }
    const words = toks.map((x) => x.text);
    const ti = words.indexOf('tunables');
    const di = words.indexOf('slabdata');
    const nums = (from: number, count: number) => {
      const spans: Span[] = [];
      const values: number[] = [];
      for (let k = from; k < from + count; k++) {
        const tok = toks[k];
        if (!tok || !/^\d+$/.test(tok.text)) return undefined;
        values.push(Number(tok.text));
        spans.push({ line: tok.line, start: tok.start, end: tok.end });
      }
      return { values, spans };
    };
    // Five numbers stand before `: tunables`; the name is whatever precedes them.
    const firstNum = ti > 0 ? ti - 5 - (words[ti - 1] === ':' ? 1 : 0) : 1;
    const head = firstNum >= 1 ? nums(firstNum, 5) : undefined;
    const slab = di > 0 ? nums(di + 1, 2) : undefined;
    if (!head || ti < 0 || di < 0 || !slab || firstNum < 1) {
      out.problems.push({ line: l.line, severity: 'error', message: `Not a slabinfo row: ${EXPECTED}; found "${abbreviate(t, 60)}"${toks.length < 16 ? ` (${toks.length} fields)` : ''}.` });
      continue;
    }
    const nameTok = toks.slice(0, firstNum);
    // Markdown bold around a row the poster wanted to point at (`**ndpi_ctinfo … 0**`): the stars are not the name.
    const bold = /^(\*\*|__)(?=\S)/.exec(nameTok[0].text);
    const nameStart = nameTok[0].start + (bold ? bold[1].length : 0);
    const name = l.text.slice(nameStart - l.col, nameTok[nameTok.length - 1].end - l.col);
    const [activeObjs, numObjs, objSize, objPerSlab, pagesPerSlab] = head.values;
    const [activeSlabs, numSlabs] = slab.values;
    const cache: SlabCache = {
      name, activeObjs, numObjs, objSize, objPerSlab, pagesPerSlab, activeSlabs, numSlabs, line: l.line,
      nameSpan: { line: l.line, start: nameStart, end: nameTok[nameTok.length - 1].end },
      columnSpans: [...head.spans, ...slab.spans],
    };
    if (activeObjs > numObjs) out.problems.push({ line: l.line, start: head.spans[0].start, end: head.spans[0].end, severity: 'warning', message: `${name}: active_objs (${activeObjs}) exceeds num_objs (${numObjs}), which the kernel never prints.` });
    const prev = seen.get(name);
    if (prev !== undefined) out.problems.push({ line: l.line, severity: 'warning', message: `Cache ${name} appears twice (first on line ${prev + 1}); both rows are counted.` });
    else seen.set(name, l.line);
    out.caches.push(cache);
  }
  if (denied && !out.caches.length) out.unreadable = 'permission-denied';
  else if (!out.caches.length) out.unreadable = sawHeader ? 'header-only' : 'empty';
  return out;
}
