/**
 * The output of procps `free` (`free`, `free -m`, `-g`, `-b`, `-h`, `-w`, the 3.3 layout with
 * `-/+ buffers/cache`), pasted as often as /proc/meminfo itself. Its Mem: and Swap: rows are read
 * into a meminfo section with the keys they are computed from (procps-ng library/meminfo.c):
 * total = MemTotal, free = MemFree, available = MemAvailable, shared = Shmem, buffers = Buffers,
 * Swap total / free = SwapTotal / SwapFree. `used` and `buff/cache` are derived by free and
 * stand for no single key (cache = Cached + SReclaimable since 3.3.10), so they are not read as one.
 *
 * The unit is free's flag when the command line is in the capture (`free -m`), a suffix on each
 * value (`free -h`: 125G, 3.9Gi), else free's default, KiB, and the parse says that it assumed it.
 */
import type { Field, FreePrinted, KeyValueSection, Problem, SourceUnit, Span } from '../model';
import { LineTable, type LineSource } from './lines';
import { isQuoted, QUOTE_RE, readPrompt } from './bundle';
import { containerExec } from './commands';

export interface FreeBlock {
  start: number;
  end: number;
  /** The `free …` command line above the table, when the capture has it. */
  headerLine?: number;
  command?: string;
  host?: string;
  /** top's two summary lines rather than free's table. */
  top?: boolean;
  /** The whole table on one line (a web page that lost its line breaks). */
  flat?: boolean;
}

const HEADER = /^\s*total\s+used\s+free\s+shared\s+(?:buff\/cache|buffers\s+cache|buffers\s+cached)(?:\s+available)?\s*$/;
const ROW = /^\s*(Mem|Swap|Low|High|Total|-\/\+ buffers\/cache):\s/;
const WRAPPED_HEADER = /^\s*available\s*$/;
const WRAPPED_CELLS = /^\s*\d[\d.,]*[BKMGTP]?i?\s*$/;
/** A table whose line breaks were lost: the header's words, then `Mem:` and its numbers on the same line. */
const FLAT = /^\s*total\s+used\s+free\s+shared\s+(?:buff\/cache|buffers\s+cache|buffers\s+cached)(?:\s+available)?\s+Mem:\s+\d/;
const FLAT_ROW = /(?:Mem|Swap|Low|High|Total|-\/\+ buffers\/cache):\s/g;

/** Markdown bold (`**57G**`) that issue threads leave in pasted tables, removed with its width kept. */
// Markdown bold (`**`) and a mail's or forum's quote (`> `, `| `) blanked, so every column keeps its place.
const plain = (t: string) => (isQuoted(t) ? t.replace(QUOTE_RE, (q) => ' '.repeat(q.length)) : t).replace(/\*\*/g, '  ');

/** top's summary (procps top.c): `KiB Mem :  938748 total,  46416 free, …` and `KiB Swap: … used.  57068 avail Mem`. */
// A number too wide for its column is cut to its leading digits and a `+` (top.c scale_num: `13188148+total`).
const TOP_MEM = /^(KiB|MiB|GiB|TiB) Mem\s*:\s*([\d.]+\+?)\s*total,\s*([\d.]+\+?)\s*free,\s*([\d.]+\+?)\s*used,\s*([\d.]+\+?)\s*buff\/cache\s*$/;
// procps-ng before 3.3.10 (and procps 3.2's `2067836k total`): used, free, buffers; the Swap line ends in `cached Mem`.
const TOP_MEM_OLD = /^(?:(KiB|MiB|GiB|TiB) )?Mem\s*:\s*(\d+)k?\s+total,\s*(\d+)k?\s+used,\s*(\d+)k?\s+free,\s*(\d+)k?\s+buffers\s*$/;
const TOP_SWAP_OLD = /^(?:(KiB|MiB|GiB|TiB) )?Swap\s*:\s*(\d+)k?\s+total,\s*(\d+)k?\s+used,\s*(\d+)k?\s+free[.,]\s*(\d+)k?\s+cached(?: Mem)?\s*$/;
const TOP_SWAP = /^(KiB|MiB|GiB|TiB) Swap\s*:\s*([\d.]+\+?)\s*total,\s*([\d.]+\+?)\s*free,\s*([\d.]+\+?)\s*used\.\s*([\d.]+\+?)\s*avail Mem\s*$/;

/** The free tables of a document (a header line with its rows, and the command line just above), and top's summaries. */
export function findFreeBlocks(lines: LineSource): FreeBlock[] {
  const out: FreeBlock[] = [];
  if (!(lines instanceof LineTable) || lines.text.includes('buff/cache') || lines.text.includes(' buffers')) {
    for (let i = 0; i + 1 < lines.length; i++) {
      const mem = lines.get(i).trim(); const swap = lines.get(i + 1).trim();
      if ((TOP_MEM.test(mem) && TOP_SWAP.test(swap)) || (TOP_MEM_OLD.test(mem) && TOP_SWAP_OLD.test(swap))) { out.push({ start: i, end: i + 1, top: true }); i++; }
    }
  }
  // A whole text without the header's words has no table: one scan instead of a string per line.
  if (lines instanceof LineTable && !(lines.text.includes('shared') && lines.text.includes('total'))) return out;
  for (let i = 0; i < lines.length; i++) {
    const t = lines.get(i);
    // Cheap first: the header always holds "total" and "shared".
    if (t.length > 400 || !t.includes('shared') || !t.includes('total')) continue;
    if (FLAT.test(plain(t))) { out.push({ start: i, end: i, flat: true, ...commandAbove(lines, i) }); continue; }
    if (t.length > 200 || !HEADER.test(plain(t))) continue;
    let end = i;
    // A mailer wraps the 80-column table: `available` under the header, a row's last number on a line of its own.
    if (end + 1 < lines.length && WRAPPED_HEADER.test(plain(lines.get(end + 1)))) end++;
    const firstRow = end + 1;
    while (end + 1 < lines.length && ROW.test(plain(lines.get(end + 1)))) {
      end++;
      if (end + 1 < lines.length && WRAPPED_CELLS.test(plain(lines.get(end + 1)))) end++;
    }
    if (end < firstRow) continue;
    const b: FreeBlock = { start: i, end, ...commandAbove(lines, i) };
    // A loop's next table follows the last one directly (`while true; do free; sleep 60; done`): the same command.
    const prev = out[out.length - 1];
    if (b.command === undefined && prev && !prev.top && prev.end === i - 1 && prev.command !== undefined) { b.command = prev.command; if (prev.host) b.host = prev.host; }
    out.push(b);
    i = end;
  }
  return out;
}

/** `free` inside a loop or a list: `while true; do free -m; sleep 60; done`, `date; free -h`. */
const IN_LOOP = /(?:^|[;&|(]\s*|\bdo\s+)((?:sudo\s+)?free(?:\s+-{1,2}[\w-]+)*)\s*(?=[;&|)]|$)/;

/** The `free …` command line just above line `i`, and the host its prompt names. */
function commandAbove(lines: LineSource, i: number): Pick<FreeBlock, 'headerLine' | 'command' | 'host'> {
  // One blank line may stand between the command and its table (a forum's paragraph break).
  if (i > 1 && !lines.get(i - 1).trim() && lines.get(i - 2).trim()) i--;
  const line = i > 0 ? plain(lines.get(i - 1)).trimStart() : '';
  const above = i > 0 ? readPrompt(line) : undefined;
  // Any prompt shape (`host:~$ free -m`, `#free -h`) or none: the line ends in the free command.
  // Also first in a chain with no prompt (`free && grep Slab /proc/meminfo`): its table comes first.
  const bare = i > 0 ? /(?:^\s*|[$#>%]\s*)((?:sudo\s+)?free(?:\s+-{1,2}[\w-]+)*)\s*$/.exec(line) ?? /^\s*((?:sudo\s+)?free(?:\s+-{1,2}[\w-]+)*)\s*(?:&&|;)\s*\S/.exec(line) : null;
  // free run inside a container (`lxc exec test2 -- free -h`, `docker exec -it web free -m`): the whole command names where.
  const inside = above?.command && containerExec(above.command) && /\sfree(?:\s+-{1,2}[\w-]+)*\s*$/.test(above.command);
  const cmd = above?.command && (inside || /^(?:sudo\s+)?free\b/.test(above.command)) ? above.command
    : bare?.[1] ?? (above?.command ? IN_LOOP.exec(above.command)?.[1] : undefined);
  if (!cmd) return chainAbove(lines, i);
  const b: Pick<FreeBlock, 'headerLine' | 'command' | 'host'> = { headerLine: i - 1, command: cmd };
  // `user@host:~$`, `host:~$`, `[root@host ~]#`: the host says which node of a kubectl top table this is.
  const host = /^\s*\[?(?:[\w.-]+@)?([A-Za-z0-9][\w.-]*)[: ][^$#]*[$#]/.exec(line)?.[1];
  if (host && host !== 'root') b.host = host;
  return b;
}

/**
 * `cmd && free -b` (or `cmd; free -m`): free runs last in a chain, after the output of the commands before it. The
 * chain's line, up to 40 lines above the table with no other table between, names free's unit.
 */
function chainAbove(lines: LineSource, i: number): Pick<FreeBlock, 'headerLine' | 'command'> {
  for (let j = i - 1; j >= 0 && j >= i - 40; j--) {
    const t = plain(lines.get(j)).trim();
    if (/^\s*total\s+used\s+free\b/.test(t) || /^Mem:\s/.test(t)) return {};
    const m = /(?:&&|;)\s*((?:sudo\s+)?free(?:\s+-{1,2}[\w-]+)*)\s*$/.exec(t);
    if (m) return { headerLine: j, command: m[1] };
  }
  return {};
}

/**
 * A one-line table as the lines it was: the header, then each row, each blanked outside its part of the
 * line so every column keeps its place (fields point into the real line).
 */
function unflatten(line: string): LineSource {
  const cuts = [...line.matchAll(FLAT_ROW)].map((m) => m.index!);
  const parts = [0, ...cuts, line.length];
  const virtual = parts.slice(0, -1).map((from, k) => ' '.repeat(from) + line.slice(from, parts[k + 1]));
  return { length: virtual.length, get: (n: number) => virtual[n] ?? '' };
}

interface Unit { unit: SourceUnit; factor: number; label: string }

const BY_FLAG: Record<string, Unit> = {
  b: { unit: 'bytes', factor: 1, label: 'bytes (free -b)' },
  k: { unit: 'kB', factor: 1024, label: 'KiB (free -k)' },
  m: { unit: 'MiB', factor: 1024 ** 2, label: 'MiB (free -m)' },
  g: { unit: 'GiB', factor: 1024 ** 3, label: 'GiB (free -g)' },
};
const SUFFIX: Record<string, number> = { B: 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4, P: 1024 ** 5 };

/** The unit free printed in, from its flags; `--si` makes -k/-m/-g powers of 1000. */
function unitOf(command: string | undefined): Unit | undefined {
  if (!command) return undefined;
  const args = command.split(/\s+/).slice(1);
  const si = args.includes('--si');
  for (const a of args) {
    const long = /^--(bytes|kibi|mebi|gibi|kilo|mega|giga)$/.exec(a)?.[1];
    if (long) return { bytes: BY_FLAG.b, kibi: BY_FLAG.k, mebi: BY_FLAG.m, gibi: BY_FLAG.g, kilo: { unit: 'bytes', factor: 1e3, label: 'kB (free --kilo)' }, mega: { unit: 'bytes', factor: 1e6, label: 'MB (free --mega)' }, giga: { unit: 'bytes', factor: 1e9, label: 'GB (free --giga)' } }[long] as Unit;
    const m = /^-([a-zA-Z]+)$/.exec(a);
    if (!m) continue;
    for (const ch of m[1]) {
      const u = BY_FLAG[ch];
      if (u) return si && ch !== 'b' ? { unit: 'bytes', factor: 1000 ** ('kmg'.indexOf(ch) + 1), label: `${ch === 'k' ? 'kB' : ch === 'm' ? 'MB' : 'GB'} (free --si -${ch})` } : u;
    }
  }
  return undefined;
}

const KEYS: Record<string, Record<string, string>> = {
  // Before procps 3.3.10 the `cached` column was meminfo's Cached (3.3.10's wide `cache` adds SReclaimable: not one key).
  Mem: { total: 'MemTotal', free: 'MemFree', available: 'MemAvailable', shared: 'Shmem', buffers: 'Buffers', cached: 'Cached' },
  Swap: { total: 'SwapTotal', free: 'SwapFree' },
  // free -l on a 32-bit kernel with high memory: meminfo's LowTotal/LowFree and HighTotal/HighFree (procps free.c).
  Low: { total: 'LowTotal', free: 'LowFree' },
  High: { total: 'HighTotal', free: 'HighFree' },
};

export interface FreeResult { section: Omit<KeyValueSection, 'index'>; problems: Problem[] }

/** Reads one free table into a meminfo section (variant `free`). Never throws. */
export function parseFree(lines: LineSource, b: FreeBlock): FreeResult {
  if (b.top) return parseTopSummary(lines, b);
  if (b.flat) {
    const v = unflatten(lines.get(b.start));
    const r = parseFree(v, { ...b, flat: false, start: 0, end: v.length - 1, headerLine: undefined });
    // Every line of the virtual table is the one real line.
    const at = (x: { line: number }) => { x.line = b.start; };
    for (const f of r.section.fields) { at(f); at(f.keySpan); at(f.valueSpan); }
    for (const p of r.problems) at(p);
    if (r.section.freePrinted?.usedLine !== undefined) r.section.freePrinted.usedLine = b.start;
    r.section.startLine = r.section.endLine = b.start;
    if (b.headerLine !== undefined) { r.section.headerLine = b.headerLine; r.section.source = b.command; r.section.detectedBy = 'prompt'; }
    r.problems.push({ line: b.start, severity: 'info', message: 'free\'s table on one line (its line breaks were lost): read by its row labels (Mem:, Swap:).' });
    return r;
  }
  const problems: Problem[] = [];
  const header = plain(lines.get(b.start));
  const columns: { name: string; span: Span }[] = [];
  for (const m of header.matchAll(/\S+/g)) columns.push({ name: m[0], span: { line: b.start, start: m.index!, end: m.index! + m[0].length } });
  let first = b.start + 1;
  if (first <= b.end && WRAPPED_HEADER.test(plain(lines.get(first)))) {
    const t = plain(lines.get(first));
    const at = t.indexOf('available');
    columns.push({ name: 'available', span: { line: first, start: at, end: at + 'available'.length } });
    first++;
  }
  // A free command without a unit flag printed KiB, its default; no command line: KiB is assumed, and said.
  let flagUnit = unitOf(b.command) ?? (b.command ? BY_FLAG.k : undefined);
  // No command line: KiB is free's default, but a Mem total under 64 MiB read so is no machine that runs free
  // with these columns; it was free -m (the numbers fit), and is read so, and said.
  let guessedMiB = false;
  let memTotal: string | undefined;
  for (let n = first; n <= b.end && memTotal === undefined; n++) memTotal = /^\s*Mem:\s+(\d+)\s/.exec(plain(lines.get(n)))?.[1];
  if (!flagUnit) {
    if (memTotal !== undefined && Number(memTotal) > 0 && Number(memTotal) < 65536) { flagUnit = BY_FLAG.m; guessedMiB = true; }
  }
  // The command says -g but the total would be tens of TiB in whole GiB: the table is another run's, in MiB (free -m).
  let mislabelled = false;
  if (flagUnit === BY_FLAG.g && memTotal !== undefined && Number(memTotal) > 16384 && Number(memTotal) < 16384 * 1024) { flagUnit = BY_FLAG.m; mislabelled = true; }
  const fields: Field[] = [];
  const printed: FreePrinted = { layout: columns.some((c) => c.name === 'buff/cache' || c.name === 'cache') ? 'buff/cache' : 'buffers-cached' };
  let assumed = false;
  for (let n = first; n <= b.end; n++) {
    const text = plain(lines.get(n));
    const row = ROW.exec(text)?.[1];
    const keys = row ? KEYS[row] : undefined;
    const cells: { 0: string; index?: number; line: number }[] = [...text.matchAll(/\S+/g)].slice(row === '-/+ buffers/cache' ? 2 : 1).map((c) => Object.assign(c, { line: n }));
    // The older layout's second row: used and free without buffers and cache, as free computed them.
    if (row === '-/+ buffers/cache') {
      const used = cells[0] && readCell(cells[0][0], flagUnit);
      if (used) { printed.usedBytes = used.bytes; printed.usedLine = n; }
      continue;
    }
    if (!keys) continue;
    // The row's wrapped tail: its cells continue the row.
    if (n + 1 <= b.end && !ROW.test(plain(lines.get(n + 1))) && WRAPPED_CELLS.test(plain(lines.get(n + 1)))) {
      n++;
      for (const c of plain(lines.get(n)).matchAll(/\S+/g)) cells.push(Object.assign(c, { line: n }));
    }
    // Row cells sit under the header's columns, in order (Swap rows stop after free).
    cells.forEach((c, i) => {
      const col = columns[i];
      // The sums free printed on its Mem row: used, and buff/cache (-w prints its cache part apart, see below).
      const sum = row === 'Mem' && printed.layout === 'buff/cache' && col ? PRINTED_SUMS[col.name] : undefined;
      const cell = readCell(c[0], flagUnit);
      if (sum && cell) {
        if (sum === 'used') { printed.usedBytes = cell.bytes; printed.usedLine = c.line; } else printed.buffCacheBytes = cell.bytes;
      }
      const key = col ? keys[col.name] : undefined;
      if (!key) return;
      const valueSpan: Span = { line: c.line, start: c.index!, end: c.index! + c[0].length };
      if (!cell) { problems.push({ line: n, start: valueSpan.start, end: valueSpan.end, severity: 'warning', message: `free's ${row} ${col.name} should be a number (with a unit suffix after free -h), got "${c[0]}".` }); return; }
      if (cell.assumed) assumed = true;
      fields.push({ key, raw: c[0], value: cell.value, unit: cell.unit, bytes: cell.bytes, line: c.line, keySpan: col.span, valueSpan });
    });
  }
  // BusyBox's free prints available 0 when the kernel has no MemAvailable (before 3.14): with memory free beside it,
  // that 0 is no estimate, and the column is read as absent.
  const avail = fields.findIndex((f) => f.key === 'MemAvailable' && f.value === 0);
  const freeField = fields.find((f) => f.key === 'MemFree');
  if (avail >= 0 && freeField && freeField.value > 0 && (printed.buffCacheBytes ?? 0) + (fields.find((f) => f.key === 'Cached')?.bytes ?? 0) > 0) {
    problems.push({ line: fields[avail].line, start: fields[avail].valueSpan.start, end: fields[avail].valueSpan.end, severity: 'info', message: `available reads 0 beside ${freeField.raw} free and memory in buffers and cache: BusyBox's free prints 0 when the kernel has no MemAvailable (before 3.14), so what is available is unknown here, not 0.` });
    fields.splice(avail, 1);
  }
  // free -w prints buffers and cache apart: buff/cache is their sum.
  const buffers = fields.find((f) => f.key === 'Buffers');
  if (printed.buffCacheBytes !== undefined && buffers && columns.some((c) => c.name === 'cache')) printed.buffCacheBytes += buffers.bytes!;
  if (assumed) problems.push({ line: b.start, severity: 'info', message: 'The free command line is not in the capture: its numbers are read as KiB, free\'s default. If this was free -m, -g or -h, paste the command line above the table (or use free -b) for exact sizes.' });
  if (mislabelled) problems.push({ line: b.start, severity: 'info', message: `The command above says ${b.command}, but read in GiB its Mem total (${memTotal}) would be ${Math.round(Number(memTotal) / 1024)} TiB: the numbers fit MiB (free -m), and are read so. Paste the command that printed this table for certainty.` });
  if (guessedMiB) problems.push({ line: b.start, severity: 'info', message: 'The free command line is not in the capture, and read as KiB (free\'s default) this machine would have under 64 MiB: the numbers are read as MiB (free -m). Paste the command line above the table for certainty.' });
  if (fields.some((f) => /^\d+[.,]\d+|[KMGTP]/.test(f.raw))) problems.push({ line: b.start, severity: 'info', message: 'free -h rounds every size to a few digits: sizes from this table are approximate.' });
  const byKey: Record<string, Field> = {};
  for (const f of fields) if (!byKey[f.key]) byKey[f.key] = f;
  const section: Omit<KeyValueSection, 'index'> = { kind: 'meminfo', variant: 'free', startLine: b.start, endLine: b.end, detectedBy: b.headerLine !== undefined ? 'prompt' : 'content', fields, byKey };
  if (b.headerLine !== undefined) section.headerLine = b.headerLine;
  if (b.command !== undefined) section.source = b.command;
  if (printed.usedBytes !== undefined || printed.buffCacheBytes !== undefined) section.freePrinted = printed;
  if (b.host) section.host = b.host;
  return { section, problems };
}

/** Mem row columns that are free's own sums, not meminfo keys. */
const PRINTED_SUMS: Record<string, 'used' | 'buffCache'> = { used: 'used', 'buff/cache': 'buffCache', cache: 'buffCache' };

/** One cell as written and in bytes: a -h suffix, else the flag's unit, else KiB (free's default, `assumed`). */
function readCell(cell: string, flag: Unit | undefined): { value: number; bytes: number; unit: SourceUnit; assumed: boolean } | undefined {
  const m = /^(\d+(?:[.,]\d+)?)([BKMGTP])?i?$/.exec(cell);
  if (!m) return undefined;
  const value = Number(m[1].replace(',', '.'));
  if (m[2]) return { value, bytes: Math.round(value * SUFFIX[m[2]]), unit: ({ B: 'bytes', K: 'kB', M: 'MiB', G: 'GiB', T: 'TiB', P: 'TiB' } as const)[m[2] as 'B'], assumed: false };
  if (flag) return { value, bytes: Math.round(value * flag.factor), unit: flag.unit, assumed: false };
  return { value, bytes: value * 1024, unit: 'kB', assumed: true };
}

const TOP_UNIT: Record<string, { unit: SourceUnit; factor: number }> = {
  KiB: { unit: 'kB', factor: 1024 }, MiB: { unit: 'MiB', factor: 2 ** 20 }, GiB: { unit: 'GiB', factor: 2 ** 30 }, TiB: { unit: 'TiB', factor: 2 ** 40 },
};

/** top's Mem and Swap lines: the numbers free prints, with avail Mem = MemAvailable (procps top.c, the same library). */
function parseTopSummary(lines: LineSource, b: FreeBlock): FreeResult {
  const fields: Field[] = [];
  // Each number is found after the one before it on its line (three zeros in a row are three fields, not one).
  const after = new Map<number, number>();
  /** Digits top dropped from numbers it cut (`13188148+`), found below from the line's own sums; 0 when none was cut. */
  let dropped = 0;
  const num = (raw: string, k = dropped) => (raw.endsWith('+') ? Number(raw.slice(0, -1)) * 10 ** k : Number(raw));
  const put = (n: number, text: string, key: string, raw: string, unitName: string) => {
    const at = text.indexOf(raw, after.get(n) ?? text.indexOf(':'));
    after.set(n, at + raw.length);
    const u = TOP_UNIT[unitName];
    const value = num(raw);
    const span: Span = { line: n, start: at, end: at + raw.length };
    fields.push({ key, raw, value, unit: u.unit, bytes: Math.round(value * u.factor), line: n, keySpan: span, valueSpan: span });
  };
  const mem = lines.get(b.start); const swap = lines.get(b.end);
  const m = TOP_MEM.exec(mem.trim()); const w = TOP_SWAP.exec(swap.trim());
  let printed: FreePrinted | undefined;
  const problems: Problem[] = [];
  if (m && w) {
    // Cut numbers: how many digits went is the count that makes total = free + used + buff/cache (or used + avail) again.
    if ([...m.slice(2, 6), ...w.slice(2, 6)].some((x) => x.endsWith('+'))) {
      const fits = (k: number) => {
        const [t, f, u, c, a] = [m[2], m[3], m[4], m[5], w[5]].map((x) => num(x, k));
        const slack = 2 * 10 ** k + 0.002 * t;
        return Math.abs(t - (f + u + c)) <= slack || Math.abs(t - (u + a)) <= slack;
      };
      dropped = [1, 2, 3].find(fits) ?? 1;
      problems.push({ line: b.start, severity: 'info', message: `top cut numbers too wide for its columns to their leading digits and a "+" (${[...m.slice(2, 6), ...w.slice(2, 6)].filter((x) => x.endsWith('+')).join(', ')}): read with ${dropped} digit${dropped === 1 ? '' : 's'} restored${fits(dropped) ? ', the count that makes the line add up again' : ' (no count makes the line add up: approximate)'}, so those sizes are good to ${10 ** dropped} ${m[1]}. top -E g (or free) prints them whole.` });
    }
    // top's used and buff/cache are free's (procps library/meminfo.c): its own partition of the total.
    const factor = TOP_UNIT[m[1]].factor;
    printed = { layout: 'buff/cache', usedBytes: Math.round(num(m[4]) * factor), usedLine: b.start, buffCacheBytes: Math.round(num(m[5]) * factor) };
    put(b.start, mem, 'MemTotal', m[2], m[1]); put(b.start, mem, 'MemFree', m[3], m[1]);
    put(b.end, swap, 'SwapTotal', w[2], w[1]); put(b.end, swap, 'SwapFree', w[3], w[1]);
    put(b.end, swap, 'MemAvailable', w[5], w[1]);
  } else {
    // The older layout: no available; its numbers are in the order total, used, free (put finds each after the last).
    const o = TOP_MEM_OLD.exec(mem.trim())!; const v = TOP_SWAP_OLD.exec(swap.trim())!;
    const unit = o[1] ?? 'KiB';
    put(b.start, mem, 'MemTotal', o[2], unit); after.set(b.start, mem.indexOf(o[3], after.get(b.start)) + o[3].length);
    put(b.start, mem, 'MemFree', o[4], unit); put(b.start, mem, 'Buffers', o[5], unit);
    put(b.end, swap, 'SwapTotal', v[2], v[1] ?? unit); after.set(b.end, swap.indexOf(v[3], after.get(b.end)) + v[3].length);
    put(b.end, swap, 'SwapFree', v[4], v[1] ?? unit); put(b.end, swap, 'Cached', v[5], v[1] ?? unit);
  }
  const byKey: Record<string, Field> = {};
  for (const f of fields) byKey[f.key] ??= f;
  const section: Omit<KeyValueSection, 'index'> = { kind: 'meminfo', variant: 'free', source: 'top', startLine: b.start, endLine: b.end, detectedBy: 'content', fields, byKey };
  if (printed) section.freePrinted = printed;
  return { section, problems };
}
