/**
 * text → ParsedDocument: split into sections, then each section through its
 * parser. Never throws and always terminates, whatever the text.
 */
import type { Field, KeyValueSection, OomReportSection, OpaqueSection, ParsedDocument, PressureSection, Problem, Section, SlabinfoSection } from '../model';
import { readTaskRows } from './taskRows';
import { isVmstatTableLine, parseVmstatTable } from './vmstatTable';
import { isVmstatSummary, parseVmstatSummary } from './vmstatSummary';
import { isSarHeaderLine, parseSarTables } from './sarTable';
import { BR_TAIL, isProse, QUOTE_RE, readPrompt, splitLinesIntoSections, type SectionDraft } from './bundle';
import { parseCgroupValue, parseWrittenValue, parseMemoryEvents, parseMemoryStat, parseMeminfo, parseVmstat, peekColumns, type KeyValueResult } from './keyValue';
import { ELIDED_MESSAGE, ELISION, LineTable, type LineSource, type SourceLine } from './lines';
import { KvColumns } from './kvColumns';
import { abbreviate } from './numbers';
import { seriesGroupKey, trackedKeys } from './seriesKeys';
import { parseOomReport } from './oomReport';
import { baseName, kindFromPath, resourceFromName } from './paths';
import { parsePressure, resourceFromLines } from './pressure';
import { parseSlabinfo } from './slabinfo';
import { isSlabtopLine, parseSlabtop } from './slabtop';
import { DEFAULT_PAGE_SIZE, isV1StatKey } from './units';
import { emptyFileMessage } from './emptyFiles';
import { parseBuddyinfo, parseNumaStat, parsePagetypeinfo, parseZoneinfo } from './zones';
import { MaskedLines, mayHaveKubernetes, parseKubernetes } from './kubernetes';
import { findFreeBlocks, parseFree } from './free';
import { findNumastatBlocks, parseNumastat } from './numastat';
import { findAllocinfoBlocks, parseAllocinfo } from './allocinfo';
import { findPrometheusBlocks, parsePrometheus } from './prometheus';
import { mayHaveProcess, parseProcess } from './process';
import { pageSizeClue } from './pageSize';

export interface ParseDocumentOptions {
  /** The document's file name or path, a hint when content cannot tell. */
  fileName?: string;
  pageSize?: number;
}

const KIND_NAMES: Record<string, string> = {
  buddyinfo: '/proc/buddyinfo', zoneinfo: '/proc/zoneinfo', 'numa-stat': 'memory.numa_stat', 'vmstat-table': 'a vmstat table', 'sar-table': 'a sar report',
};

export const EXPECTED_FORMATS = 'meminfo, slabinfo, cgroup memory.stat / memory.events / memory.current, PSI pressure, vmstat, an OOM-killer report from dmesg, Kubernetes output (kubectl top, describe, the Summary API), Prometheus metrics, or a process\'s files (/proc/PID/status, smaps, jcmd VM.native_memory, Go MemStats)';

export function parseDocument(text: string, options: ParseDocumentOptions = {}): ParsedDocument {
  return parseLines(new LineTable(text), options);
}

/**
 * Same as parseDocument, for a caller that already holds the lines (the server keeps them for hovers).
 * A capture that proves another page size than the configured one (formats/pageSize.ts) is read again at
 * that size, with a note at the line that proves it.
 */
export function parseLines(lines: LineSource, options: ParseDocumentOptions = {}): ParsedDocument {
  const configured = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const first = parseAtPageSize(lines, options);
  const clue = pageSizeClue(first);
  if (!clue || clue.bytes === configured) return first;
  const again = parseAtPageSize(lines, { ...options, pageSize: clue.bytes });
  again.pageSize = clue.bytes;
  again.pageSizeClue = clue;
  const kib = (b: number) => `${b / 1024} KiB`;
  again.problems.push({ line: clue.line, severity: 'info', message: `Page size ${kib(clue.bytes)}, not ${kib(configured)}: ${clue.text}. Page counts in this capture are read at ${kib(clue.bytes)}.` });
  again.problems.sort((a, b) => a.line - b.line);
  return again;
}

function parseAtPageSize(lines: LineSource, options: ParseDocumentOptions): ParsedDocument {
  // A series of named meminfo / vmstat captures (a `tail -n +1` loop) is most of its text: split first, and
  // when the lines those captures do not hold carry no marker of the other sides, the pre-passes below would
  // find nothing, so they need not scan the whole text (they were a tenth of a day's parse).
  if (lines instanceof LineTable && lines.text.includes('==> ') && /==> \S*\/(?:meminfo|vmstat) <==/.test(lines.text)) {
    const cols = new KvColumns(lines.length);
    const drafts = splitLinesIntoSections(lines, options.fileName, cols);
    const rest = unclaimedLines(lines, drafts, cols.shape);
    if (!mayHaveKubernetes(rest) && !mayHaveProcess(rest) && !findFreeBlocks(rest).length && !findNumastatBlocks(rest).length && !findAllocinfoBlocks(rest).length && !findPrometheusBlocks(rest).length) {
      return softenContext(kernelSections(lines, drafts, options, cols), lines);
    }
  }
  return softenContext(withOtherSides(lines, options), lines);
}

/** A line that starts as a Prometheus sample or a /proc/PID/status or smaps key does (their gates look for those). */
function sideMarkerAt(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  if (c === 110 /* n */) return text.startsWith('node_', at);
  if (c === 99 /* c */) return text.startsWith('container_', at);
  if (c === 86 /* V */) return text.startsWith('VmRSS:', at) || text.startsWith('VmSize:', at) || text.startsWith('VmHWM:', at);
  if (c === 82 /* R */) return text.startsWith('RssAnon:', at);
  if (c === 80 /* P */) return text.startsWith('Pss:', at);
  return false;
}

/**
 * The text of every line a named meminfo or vmstat capture does not hold as a plain `key 123` /
 * `Key: 123 kB` line (headers, dates, other files, anything else a capture swallowed), as one table.
 * Lines that start like a Prometheus sample name stay in: its gate looks for them.
 */
function unclaimedLines(lines: LineTable, drafts: SectionDraft[], fast: Uint8Array): LineTable {
  const claimed = new Uint8Array(lines.length);
  const { text, starts } = lines;
  for (const d of drafts) {
    if ((d.kind !== 'meminfo' && d.kind !== 'vmstat') || d.detectedBy !== 'header' || !d.source || kindFromPath(d.source)?.kind !== d.kind) continue;
    for (const n of d.nos) if (fast[n] && !sideMarkerAt(text, starts[n])) claimed[n] = 1;
  }
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) if (!claimed[i]) out.push(lines.get(i));
  return new LineTable(out.join('\n'));
}

function withOtherSides(lines: LineSource, options: ParseDocumentOptions): ParsedDocument {
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  // Kubernetes blocks first (kubectl, the kubelet): the splitter then sees the other lines only.
  const k8s = parseKubernetes(lines);
  // free(1) tables too: they are meminfo numbers in free's own layout.
  const outside = (f: { start: number; end: number }) => !k8s.blocks.some((b) => f.start <= b.end && f.end >= (b.headerLine ?? b.start));
  // The process side (issue 14): /proc/PID/status, smaps, cgroup, jcmd's answers, Go's MemStats.
  const proc = parseProcess(lines, outside);
  const outsideAll = (f: { start: number; end: number }) => outside(f) && !proc.blocks.some((b) => f.start <= b.end && f.end >= (b.headerLine ?? b.start));
  const free = [...findFreeBlocks(lines).filter(outsideAll), ...findNumastatBlocks(lines).filter(outsideAll), ...findAllocinfoBlocks(lines).filter(outsideAll).map((x) => ({ ...x, allocinfo: true as const }))].sort((a, b) => a.start - b.start);
  // Prometheus exposition (node_exporter's /metrics): its memory and vmstat samples are meminfo and vmstat.
  const prom = findPrometheusBlocks(lines).filter((p) => outsideAll(p) && !free.some((f) => p.start <= f.end && p.end >= f.start));
  const masked = [...k8s.blocks, ...proc.blocks, ...free, ...prom].sort((a, b) => (a.headerLine ?? a.start) - (b.headerLine ?? b.start));
  const drafts = splitLinesIntoSections(masked.length ? new MaskedLines(lines, masked) : lines, options.fileName);
  const kernel = kernelSections(lines, drafts, options);
  const { sections, problems } = kernel;
  // free(1) and numastat tables: meminfo numbers in a tool's own layout.
  const freeSections: Section[] = free.map((b) => { const r = 'allocinfo' in b ? parseAllocinfo(lines, b) : 'columnsLine' in b ? parseNumastat(lines, b) : parseFree(lines, b); problems.push(...r.problems); return { ...r.section, index: 0 } as Section; });
  for (const b of prom) { const r = parsePrometheus(lines, b); problems.push(...r.problems); for (const x of r.sections) freeSections.push({ ...x, index: 0 } as Section); }
  if (!k8s.sections.length && !freeSections.length && !proc.sections.length) return kernel;
  // Every side in line order, numbered again.
  const first = (s: Section) => Math.min(s.headerLine ?? s.startLine, s.startLine);
  const all = [...sections, ...k8s.sections, ...proc.sections, ...freeSections].sort((a, b) => first(a) - first(b));
  all.forEach((s, i) => { s.index = i; });
  const allProblems = [...problems, ...k8s.problems, ...proc.problems].sort((a, b) => a.line - b.line);
  return { sections: all, problems: allProblems, lineCount: lines.length };
}

/**
 * `cat /sys/devices/system/node/node{0,1}/meminfo`: the nodes' files run together, every line prefixed `Node N `. Each
 * node is a file of its own (drivers/base/node.c), so each is a section, named by its node, not one meminfo whose
 * keys all repeat.
 */
function splitNodes(d: SectionDraft, lines: LineSource): SectionDraft[] {
  if (d.kind !== 'meminfo' || d.nos.length < 2) return [d];
  const node = (n: number) => { const t = lines.get(n).slice(d.col); return /^\s*(?:>\s*)*Node (\d+) /.exec(t)?.[1]; };
  if (node(d.nos[0]) === undefined || node(d.nos[d.nos.length - 1]) === node(d.nos[0])) return [d];
  const groups = new Map<string, number[]>();
  let current = node(d.nos[0])!;
  for (const n of d.nos) { current = node(n) ?? current; (groups.get(current) ?? groups.set(current, []).get(current)!).push(n); }
  if (groups.size < 2) return [d];
  return [...groups].map(([k, nos], i) => {
    const part: SectionDraft = { ...d, nos, startLine: nos[0], endLine: nos[nos.length - 1], source: `/sys/devices/system/node/node${k}/meminfo` };
    if (i > 0) delete part.headerLine;
    return part;
  });
}

/** The kernel captures the splitter found, each through its parser. */
function kernelSections(lines: LineSource, all: SectionDraft[], options: ParseDocumentOptions, cols?: KvColumns): ParsedDocument {
  const drafts = all.some((d) => d.kind === 'meminfo') ? all.flatMap((d) => splitNodes(d, lines)) : all;
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const problems: Problem[] = [];
  // The last capture of each series is kept whole; earlier ones are read again on demand.
  const lastOfGroup = new Map<string, number>();
  drafts.forEach((d, i) => { const k = seriesGroupKey(d.kind, d.source, d.variant, d.resource); if (k) lastOfGroup.set(k, i); });
  const table = lines instanceof LineTable ? lines : undefined;
  const sections: Section[] = drafts.map((d, index) => {
    const k = seriesGroupKey(d.kind, d.source, d.variant, d.resource);
    // An earlier meminfo or vmstat of a series, read from the text by offsets when every line is clean.
    if (table && k !== undefined && lastOfGroup.get(k) !== index && (d.kind === 'meminfo' || d.kind === 'vmstat') && !d.numbered && !d.quoted) {
      const r = peekColumns(d.kind, table.text, table.starts, table.ends, d.nos, d.col, { pageSize, keep: keepOf(d.kind) }, cols);
      if (r) return keyValue(d, index, r, problems, { lines, reparse: reparser(d.kind === 'meminfo' ? parseMeminfo : parseVmstat, pageSize) });
    }
    // A table (vmstat N) may take its unit from the command line just above it.
    // One blank line may stand between the command and its table (a forum's paragraph break).
    const at = d.headerLine ?? d.startLine - 1;
    const above = d.kind === 'unknown' && d.startLine > 0 ? (!lines.get(at).trim() && at > 0 ? lines.get(at - 1) : lines.get(at)) : undefined;
    return parseSection(d, sourceLines(d.nos, d.col, lines, d.numbered, d.quoted, d.whole), index, pageSize, problems, k !== undefined && lastOfGroup.get(k) !== index ? lines : undefined, above);
  });
  // An empty file opened by name: say so, and what its name says it is (a blank paste says nothing).
  if (options.fileName && !sections.length && isBlank(lines)) problems.push({ line: 0, severity: 'warning', message: emptyFileMessage(options.fileName) });
  return { sections, problems, lineCount: lines.length };
}

/** Problems on lines that are no capture but context (a sentence, top's task lines), once every side is known. */
function softenContext(d: ParsedDocument, lines: LineSource): ParsedDocument {
  const { sections, problems } = d;
  // A sentence between captures ("after the test:", "and after drop_caches") is the poster's words, not a broken capture.
  if (sections.some((x) => x.kind !== 'unknown' || (x as OpaqueSection).allocations)) for (let i = 0; i < problems.length; i++) {
    const p = problems[i];
    if (p.severity !== 'warning' || !p.message.startsWith(NOT_A_CAPTURE)) continue;
    const sec = sections.find((x) => x.kind === 'unknown' && x.startLine <= p.line && p.line <= x.endLine && x.variant === undefined);
    if (!sec) continue;
    // top's other lines around its Mem and Swap summary (which is read): context, not a broken capture.
    if (TOP_LINE.test(lines.get(sec.startLine))) { problems[i] = { line: p.line, severity: 'info', message: 'top\'s task, CPU and process lines: not a memory capture, so not read (its Mem and Swap lines are).' }; continue; }
    // A script's own report under its banners (`=== USAGE ===`): its figures, not a kernel file's.
    // Also machinestate's and similar scripts' `####…` ruler over a `# Title` line.
    const banner = /^\s*={2,}\s*([\w ./-]+?)\s*={2,}\s*$/.exec(lines.get(sec.startLine))
      ?? (/^\s*#{10,}\s*$/.test(lines.get(sec.startLine)) ? /^\s*#\s+(\S.*?)\s*$/.exec(lines.get(sec.startLine + 1)) : null);
    if (banner) {
      problems[i] = { line: p.line, severity: 'info', message: sec.startLine === sec.endLine
        ? `A script's heading ("${banner[1]}") above what it printed: not read.`
        : `A script's own report ("${banner[1]}"): its figures are its own, not a kernel file's, so not read; the files it printed are read where they appear.` };
      continue;
    }
    // A poster's paragraph may run to a few dozen lines; longer unread text is more likely a capture we cannot read.
    // /proc/cgroups: one row per controller. Its memory num_cgroups counts deleted cgroups still pinned (dying) too.
    let cgroupsHeader = -1;
    for (let l = sec.startLine; l <= Math.min(sec.endLine, sec.startLine + 2) && cgroupsHeader < 0; l++) if (/^#subsys_name\s+hierarchy\s+num_cgroups\s+enabled/.test(lines.get(l))) cgroupsHeader = l;
    if (cgroupsHeader >= 0) {
      let memoryRow: string[] | undefined;
      for (let l = cgroupsHeader + 1; l <= sec.endLine && !memoryRow; l++) { const w = lines.get(l).trim().split(/\s+/); if (w[0] === 'memory') memoryRow = w; }
      problems[i] = { line: p.line, severity: 'info', message: `/proc/cgroups, the cgroup controllers: not a memory capture, so not read.${memoryRow ? ` The memory controller counts ${memoryRow[2]} cgroups; that count includes deleted cgroups still pinned by charged pages, so one far above the cgroups you see (find /sys/fs/cgroup -type d | wc -l) means dying cgroups.` : ''}` };
      continue;
    }
    // A report's heading that names the command below it (fpaste: `* ZRAM usage (zramctl --output-all):`).
    const named = /^\s*[*-]?\s*([\w][\w /-]*?)\s*\(([a-z][\w.-]*(?:\s+[^)]*)?)\):\s*$/.exec(lines.get(sec.startLine));
    if (named && sec.startLine === sec.endLine) { problems[i] = { line: p.line, severity: 'info', message: `A report's heading ("${named[1]}") naming the command whose output follows (\`${abbreviate(named[2], 50)}\`).` }; continue; }
    if (named) { problems[i] = { line: p.line, severity: 'info', message: `The output of \`${abbreviate(named[2], 50)}\` under a report's heading ("${named[1]}"): not a capture this tool reads, so not read.` }; continue; }
    // Other tools' tables and reports pasted beside the captures (lsblk, zramctl, a zram mm_stat with its
    // documented column names, swapon, df, lscpu): named, not read.
    const tool = toolTableOf(lines, sec.startLine, Math.min(sec.endLine, sec.startLine + 2));
    if (tool) { problems[i] = { line: p.line, severity: 'info', message: `${tool}: not a memory capture this tool reads, so not read.` }; continue; }
    if (sec.endLine - sec.startLine > 40) continue;
    // The shell's word for a command that died of SIGKILL (`Killed`, `[1]+  Killed  cmd`): what killed it is in the kernel log.
    const killedBy = sec.startLine === sec.endLine && SHELL_KILLED.test(lines.get(sec.startLine)) ? commandAbove(lines, sec.startLine) : undefined;
    if (killedBy) {
      sec.variant = 'shell-killed';
      sec.source = killedBy;
      problems[i] = { line: p.line, severity: 'info', message: `The shell's report that \`${abbreviate(killedBy, 50)}\` died of SIGKILL (exit status 137): sent by the OOM killer (the kernel log has its report), a person or a supervisor.` };
      continue;
    }
    // `name=value` lines alone (a script's `echo "memcgpath=$p"`, `env` output): a shell variable's value, not a capture.
    let vars = sec.endLine - sec.startLine <= 8;
    for (let l = sec.startLine; l <= sec.endLine && vars; l++) vars = /^\s*[A-Za-z_]\w*=\S*\s*$/.test(lines.get(l)) || !lines.get(l).trim();
    if (vars) { problems[i] = { line: p.line, severity: 'info', message: `A shell variable's value as a script printed it (\`${abbreviate(lines.get(sec.startLine).trim(), 40)}\`): context, not a capture.` }; continue; }
    // The poster's own `...` or `[snip]`: lines left out of the paste.
    let elided = sec.endLine - sec.startLine <= 4;
    for (let l = sec.startLine; l <= sec.endLine && elided; l++) elided = ELISION.test(lines.get(l));
    if (elided) { problems[i] = { line: p.line, severity: 'info', message: ELIDED_MESSAGE }; continue; }
    let prose = true;
    const writes: string[] = [];
    for (let l = sec.startLine; l <= sec.endLine && prose; l++) {
      const t = lines.get(l);
      // `echo 1g > memory.reclaim` between two captures: what the poster did to the cgroup, not a value.
      if (ECHO_WRITE.test(t)) { writes.push(t.trim()); continue; }
      // A heading's underline (`Meminfo:` over `========`) or a ruler between captures.
      if (/^\s*(?:={3,}|-{3,}|~{3,}|\*{3,})\s*$/.test(t)) continue;
      prose = isProse(t);
    }
    if (prose) {
      const n = sec.endLine - sec.startLine + 1;
      problems[i] = { line: p.line, severity: 'info', message: writes.length
        ? `A write between captures (\`${abbreviate(writes[0], 60)}\`${writes.length > 1 ? `, and ${writes.length - 1} more` : ''}): what was done to the system between them, not a capture.`
        : `Text between captures (${n} line${n > 1 ? 's' : ''}): words, not values, so not read.` };
      continue;
    }
    // A command line with no prompt (`journalctl --since … | grep kitty`): what printed the lines below.
    const cmd = sec.startLine === sec.endLine ? LOOSE_COMMAND.exec(lines.get(sec.startLine)) : null;
    if (cmd) { problems[i] = { line: p.line, severity: 'info', message: `The command that printed what follows (\`${abbreviate(lines.get(sec.startLine).trim(), 60)}\`), without a prompt: not read as a capture.` }; continue; }
    // Other kernel messages right before an OOM report or allocation failure (a driver's line that led to it).
    const next = sections.find((x) => x.index === sec.index + 1);
    if (next?.kind === 'oom-report' && (next.headerLine ?? next.startLine) === sec.endLine + 1) {
      // A report cut above its `invoked oom-killer` line still has its CPU line and call trace: the Comm there invoked it.
      const head = reportHead(lines, sec.startLine, sec.endLine);
      const ev = (next as OomReportSection).events[0];
      if (head && ev && ev.invoker === undefined && ev.triggerLine === undefined) {
        ev.invoker = head.comm;
        problems[i] = { line: head.line, severity: 'info', message: `The head of an OOM report without its "invoked oom-killer" line: the CPU line names ${head.comm} (pid ${head.pid}), the task that invoked the OOM killer, and the call trace goes through ${head.frame}.` };
        continue;
      }
      problems[i] = { line: p.line, severity: 'info', message: 'Kernel messages just before the report: not part of it, so not read (they may say what led to it).' };
    }
  }
  return d;
}

const NOT_A_CAPTURE = 'Not a kernel memory capture';

/** bash's and dash's line for a job that died of SIGKILL (`Killed`, `[1]+  Killed   dd if=…`). */
const SHELL_KILLED = /^\s*(?:\[\d+\][+-]?\s+)?Killed(?:\s+\S.*)?\s*$/;

/** The CPU line and an OOM killer frame (mm/oom_kill.c dump_header, oom_kill_process) of a report whose first line is cut. */
function reportHead(lines: LineSource, from: number, to: number): { comm: string; pid: number; line: number; frame: string } | undefined {
  let cpu: { comm: string; pid: number; line: number } | undefined;
  for (let l = from; l <= to; l++) {
    const t = lines.get(l);
    const c = /\bCPU: \d+ (?:UID: \d+ )?PID: (\d+) Comm: (.+?) (?:Not tainted|Tainted:)/.exec(t);
    if (c) { cpu = { comm: c[2], pid: Number(c[1]), line: l }; continue; }
    const f = cpu && /\b(dump_header|oom_kill_process|out_of_memory|mem_cgroup_out_of_memory)\+0x/.exec(t);
    if (cpu && f) return { ...cpu, frame: f[1] };
  }
  return undefined;
}

/** The command a prompt on the line above `line` ran (blank lines skipped), if there is one. */
function commandAbove(lines: LineSource, line: number): string | undefined {
  let k = line - 1;
  while (k >= 0 && !lines.get(k).trim()) k--;
  const cmd = k >= 0 ? readPrompt(lines.get(k))?.command.trim() : undefined;
  return cmd || undefined;
}

/** Header lines of other tools' output that people paste beside memory captures. */
const TOOL_TABLES: [RegExp, string][] = [
  [/^\s*NAME\s+MAJ:MIN\s+RM\s+SIZE\s+RO\s+TYPE/, 'lsblk\'s table of block devices'],
  [/^\s*NAME\s+(?:ALGORITHM|DISKSIZE)\s/, 'zramctl\'s table of zram devices'],
  [/^\s*orig_data_size\s+compr_data_size\s+mem_used_total/, 'A zram device\'s mm_stat (Documentation/admin-guide/blockdev/zram.rst: its memory is mem_used_total, the third column)'],
  [/^\s*(?:NAME|Filename)\s+TYPE\s+SIZE\s+USED\s+PRIO|^\s*Filename\s+Type\s+Size\s+Used\s+Priority/, 'The swap devices (swapon)'],
  [/^\s*Filesystem\s+(?:Size|1K-blocks|1M-blocks|Type)\s/, 'df\'s table of file systems'],
  [/^\s*(?:Architecture|CPU op-mode\(s\)|CPU\(s\)|Model name|Byte Order|Thread\(s\) per core):\s/, 'lscpu\'s description of the CPUs'],
  [/^\s*\d\d:\d\d:\d\d up .*load average:\s*[\d.]+,/, 'uptime\'s load averages (run-queue lengths, not memory; a load far above the CPU count beside full swap is tasks waiting on I/O and reclaim)'],
  [/^\s*PS [A-Za-z]:\\[^>]*>/, 'A PowerShell session on the Windows side (WSL): commands and their output, not a capture'],
];

function toolTableOf(lines: LineSource, from: number, to: number): string | undefined {
  for (let l = from; l <= to; l++) { const t = lines.get(l); for (const [re, name] of TOOL_TABLES) if (re.test(t)) return name; }
  return undefined;
}

/** A shell command line without a prompt: a known command word, then flags or a pipe. */
const LOOSE_COMMAND = /^\s*(?:sudo\s+)?(?:journalctl|dmesg|grep|egrep|zgrep|cat|tail|head|awk|kubectl)\s+(?:.*\s)?(?:-{1,2}[a-zA-Z]|\|)/;
/** `echo VALUE > FILE` (a write to a sysctl or a cgroup file), with or without a prompt. */
const ECHO_WRITE = /^\s*(?:[#$]\s*)?(?:sudo\s+)?echo\s+.*>{1,2}\s*\S+\s*$/;
const TOP_LINE = /^\s*(?:top - \d|Tasks:\s+\d+ total|%?Cpu\(s\):|PID\s+USER\s+PR\s+NI)/;

function isBlank(lines: LineSource): boolean {
  for (let i = 0; i < lines.length; i++) if (lines.get(i).trim()) return false;
  return true;
}

/** The lines a parser reads, made just before it reads them (they die young). */
function sourceLines(nos: number[], col: number, all: LineSource, numbered = false, quoted = false, whole?: number[]): SourceLine[] {
  const out: SourceLine[] = new Array(nos.length);
  for (let i = 0; i < nos.length; i++) {
    const n = nos[i];
    const t = all.get(n);
    if (whole?.includes(n)) { out[i] = { line: n, text: t, col: 0 }; continue; }
    // `grep -n` over several files: `PATH:N:` (the `N:` differs in width line to line).
    let c = col;
    if (quoted) c += QUOTE_RE.exec(t)?.[0].length ?? 0;
    if (numbered) c += /^\d+:/.exec(t.slice(c))?.[0].length ?? 0;
    const text = c ? t.slice(c) : t;
    out[i] = { line: n, text: text.charCodeAt(text.length - 1) === 62 ? text.replace(BR_TAIL, '') : text, col: c };
  }
  return out;
}

function base(d: SectionDraft, index: number) {
  const s = { index, kind: d.kind, startLine: d.nos.length ? d.nos[0] : d.startLine, endLine: d.endLine, detectedBy: d.detectedBy } as Section;
  if (d.variant) s.variant = d.variant;
  if (d.source) s.source = d.source;
  if (d.headerLine !== undefined) s.headerLine = d.headerLine;
  if (d.capturedAt) s.capturedAt = d.capturedAt;
  if (d.quoted) s.quoted = true;
  return s;
}

function keyValue(d: SectionDraft, index: number, r: KeyValueResult, problems: Problem[], lazy?: { lines: LineSource; reparse: (lines: SourceLine[]) => KeyValueResult }): KeyValueSection {
  for (const p of r.problems) problems.push(p);
  if (!lazy) return eager(d, index, r);
  // An earlier capture of a series: keep the keys the series follows, drop the rest now
  // (young garbage is cheap) and read the lines again if a hover or the outline asks.
  // Object.fromEntries, not one keyed store per key: past a dozen such stores V8 turns the object into a
  // hash table (dictionary mode), and every rule's lookup and Object.values on it were slow.
  const entries: [string, Field][] = [];
  for (const key of trackedKeys(d.kind)) { const f = r.first.get(key); if (f) entries.push([key, f]); }
  const peek: Record<string, Field> = Object.fromEntries(entries);
  return deferred({ ...(base(d, index) as KeyValueSection), peek }, d.nos, d.col, lazy.lines, lazy.reparse, d.numbered, d.quoted);
}

/** A section holding its fields (the latest capture of a series, or a lone capture). */
function eager(d: SectionDraft, index: number, r: KeyValueResult): KeyValueSection {
  return Object.assign(new EagerKeyValue(r), base(d, index)) as KeyValueSection;
}

/** `byKey` is built on first use; a class keeps the getter on the prototype and the object compact. */
class EagerKeyValue {
  readonly fields: Field[];
  constructor(private readonly result: KeyValueResult) { this.fields = result.fields; }
  get byKey(): Record<string, Field> { return this.result.byKey; }
  toJSON(): object { const { result: _r, ...rest } = this as unknown as Record<string, unknown>; return { ...rest, fields: this.fields }; }
}

/**
 * A section that reads its lines again when `fields` or `byKey` is first used.
 * It keeps the line numbers compactly (a range when contiguous, as they
 * nearly always are) and not the parse result being dropped.
 */
class DeferredKeyValue {
  private cache: KeyValueResult | undefined;
  private readonly nos: Uint32Array | [number, number];
  constructor(nos: number[], private readonly col: number, private readonly all: LineSource, private readonly reparse: (l: SourceLine[]) => KeyValueResult, private readonly numbered = false, private readonly quoted = false) {
    const contiguous = nos.length > 0 && nos[nos.length - 1] - nos[0] === nos.length - 1;
    this.nos = contiguous ? [nos[0], nos.length] : Uint32Array.from(nos);
  }
  private read(): KeyValueResult {
    const nos = Array.isArray(this.nos) ? Array.from({ length: this.nos[1] }, (_, i) => (this.nos as [number, number])[0] + i) : Array.from(this.nos);
    return this.reparse(sourceLines(nos, this.col, this.all, this.numbered, this.quoted));
  }
  private load(): KeyValueResult {
    if (!this.cache) this.cache = this.read();
    return this.cache;
  }
  get fields(): Field[] { return this.load().fields; }
  get byKey(): Record<string, Field> { return this.load().byKey; }
  toJSON(): object { const { cache: _c, nos: _n, col: _col, all: _a, reparse: _r, numbered: _nb, quoted: _q, ...rest } = this as unknown as Record<string, unknown>; return { ...rest, fields: this.fields }; }
}

function deferred(s: KeyValueSection, nos: number[], col: number, all: LineSource, reparse: (l: SourceLine[]) => KeyValueResult, numbered?: boolean, quoted?: boolean): KeyValueSection {
  return Object.assign(new DeferredKeyValue(nos, col, all, reparse, numbered, quoted), s) as unknown as KeyValueSection;
}

/**
 * One re-reading function per parser and page size, shared by every earlier capture of a series.
 * A closure made per section would hold that section's draft (its line-number array) alive for as long
 * as the section lives: ~30 MiB on the week series (bench/PROFILE.md).
 */
const REPARSERS = new Map<(l: SourceLine[], o: { pageSize: number }) => KeyValueResult, Map<number, (l: SourceLine[]) => KeyValueResult>>();
function reparser(parse: (l: SourceLine[], o: { pageSize: number }) => KeyValueResult, pageSize: number): (l: SourceLine[]) => KeyValueResult {
  let bySize = REPARSERS.get(parse);
  if (!bySize) REPARSERS.set(parse, (bySize = new Map()));
  let f = bySize.get(pageSize);
  if (!f) bySize.set(pageSize, (f = (l: SourceLine[]) => parse(l, { pageSize })));
  return f;
}

/** What an earlier capture's parse keeps (its peek): the keys a series follows, as sets. */
const KEEP = new Map<string, ReadonlySet<string>>();
const keepOf = (kind: Section['kind']) => { let k = KEEP.get(kind); if (!k) KEEP.set(kind, (k = new Set(trackedKeys(kind)))); return k; };

function parseSection(d: SectionDraft, src: SourceLine[], index: number, pageSize: number, problems: Problem[], lines?: LineSource, above?: string): Section {
  const opts = { pageSize };
  const lazy = (parse: (l: SourceLine[], o: typeof opts) => KeyValueResult) => (lines ? { lines, reparse: reparser(parse, pageSize) } : undefined);
  // An earlier capture of a series: only its peek is kept, so only its peek's fields are made.
  const peekOpts = lines ? { pageSize, keep: keepOf(d.kind) } : opts;
  switch (d.kind) {
    case 'meminfo': return keyValue(d, index, parseMeminfo(src, peekOpts), problems, lazy(parseMeminfo));
    case 'vmstat': return keyValue(d, index, parseVmstat(src, peekOpts), problems, lazy(parseVmstat));
    case 'memory-events': return keyValue(d, index, parseMemoryEvents(src, opts), problems, lazy(parseMemoryEvents));
    case 'memory-stat': {
      const r = parseMemoryStat(src, opts);
      const v1 = r.fields.some((f) => isV1StatKey(f.key));
      const s = keyValue(d, index, r, problems, lazy(parseMemoryStat));
      s.variant = v1 ? 'v1' : 'v2';
      return s;
    }
    case 'cgroup-value': {
      const name = d.variant ?? (d.source ? baseName(d.source) : undefined);
      const w = d.written;
      const s = keyValue(d, index, w && name ? parseWrittenValue(d.startLine, src[0].text.slice(w.start - src[0].col, w.end - src[0].col), w.start, opts, name) : parseCgroupValue(src, opts, name), problems);
      if (name) s.variant = name;
      if (w) s.written = true;
      return s;
    }
    case 'slabinfo': {
      if (d.variant === 'slabtop' || (d.variant !== 'memcg' && src.some((l) => isSlabtopLine(l.text)) && !src.some((l) => /\stunables\s/.test(l.text)))) {
        const t = parseSlabtop(src, pageSize);
        problems.push(...t.problems);
        const s: SlabinfoSection = { ...(base(d, index) as SlabinfoSection), variant: 'slabtop', statistics: false, caches: t.caches, approximate: ['objSize', 'pagesPerSlab', 'activeSlabs'] };
        if (Object.keys(t.summary).length) s.slabtopSummary = t.summary;
        if (!t.caches.length) s.unreadable = t.sawHeader ? 'header-only' : 'empty';
        return s;
      }
      const r = parseSlabinfo(src);
      problems.push(...r.problems);
      const s: SlabinfoSection = { ...(base(d, index) as SlabinfoSection), statistics: r.statistics, caches: r.caches };
      if (r.version) s.version = r.version;
      if (r.unreadable) s.unreadable = r.unreadable;
      return s;
    }
    case 'pressure': {
      const r = parsePressure(src);
      problems.push(...r.problems);
      const named = d.resource ?? (d.source ? resourceFromName(d.source) : 'unknown');
      const s: PressureSection = { ...(base(d, index) as PressureSection), resource: named, resourceFrom: 'name' };
      if (named === 'unknown') {
        const g = resourceFromLines(r);
        s.resource = g.resource;
        s.resourceFrom = g.from;
        if (g.from === 'assumed') problems.push({ line: src[0]?.line ?? d.startLine, severity: 'info', message: 'Nothing names this PSI file (memory, cpu, io or irq): it is read as memory pressure. Name the file (memory.pressure, /proc/pressure/io) or capture it with tail -n +1 for exact rules.' });
      }
      if (r.some) s.some = r.some;
      if (r.full) s.full = r.full;
      if (r.layout) { s.layout = r.layout; if (r.aggregateTotal !== undefined) s.aggregateTotal = r.aggregateTotal; }
      s.variant = s.resource;
      return s;
    }
    case 'oom-report': {
      const r = parseOomReport(src);
      // Only the file's name said "oom", and no line is a report's: read by content (top rows, prose …).
      if (d.detectedBy === 'file-name' && !r.events.length && !r.allocationFailures.length && !r.slubFailures?.length) return parseSection({ ...d, kind: 'unknown', detectedBy: 'content' }, src, index, pageSize, problems, lines, above);
      problems.push(...r.problems);
      const s: OomReportSection = { ...(base(d, index) as OomReportSection), events: r.events };
      // The log's own dates say when the report was written: they win over a `date` line above.
      if (r.capturedAt) s.capturedAt = r.capturedAt;
      if (r.allocationFailures.length) s.allocationFailures = r.allocationFailures;
      if (r.slubFailures?.length) s.slubFailures = r.slubFailures;
      return s;
    }
    case 'buddyinfo': {
      if (d.variant === 'pagetypeinfo') {
        // Its free lists summed per zone are buddyinfo's: the same rules read them.
        const r = parsePagetypeinfo(src);
        if (r.zones.length) return { ...(base(d, index) as OpaqueSection), buddy: r.zones, ...(r.pageblocks.length ? { pageblocks: r.pageblocks } : {}), ...(r.pageblockOrder !== undefined ? { pageblockOrder: r.pageblockOrder } : {}) };
        problems.push({ line: src[0]?.line ?? d.startLine, severity: 'warning', message: `Recognised as /proc/pagetypeinfo (${src.length} lines), but no "Node N, zone NAME, type TYPE" row of free counts was found.` });
        return base(d, index) as OpaqueSection;
      }
      const r = parseBuddyinfo(src);
      problems.push(...r.problems);
      return { ...(base(d, index) as OpaqueSection), buddy: r.zones };
    }
    case 'zoneinfo': {
      const r = parseZoneinfo(src);
      if (r.zones.some((z) => z.free !== undefined)) return { ...(base(d, index) as OpaqueSection), zones: r.zones };
      problems.push({ line: src[0]?.line ?? d.startLine, severity: 'info', message: `Recognised as ${KIND_NAMES[d.kind]} (${src.length} lines), but no zone shows its "pages free" line: nothing to compare with the watermarks.` });
      return base(d, index) as OpaqueSection;
    }
    case 'numa-stat': {
      const r = parseNumaStat(src, pageSize);
      if (r.rows.length) { problems.push(...r.problems); return { ...(base(d, index) as OpaqueSection), numa: r.rows }; }
      problems.push({ line: src[0]?.line ?? d.startLine, severity: 'warning', message: `Recognised as ${KIND_NAMES[d.kind]} (${src.length} lines), but no line reads as "key N0=… N1=…".` });
      return base(d, index) as OpaqueSection;
    }
    default: {
      const first = src[0];
      if (!first && d.headerLine !== undefined) {
        const said = d.source ? emptyFileMessage(d.source) : '';
        problems.push({ line: d.headerLine, severity: 'warning', message: said.includes('write-only') ? said : `Nothing follows the header for ${d.source ?? 'this file'}: the file was empty or could not be read.` });
        return base(d, index) as OpaqueSection;
      }
      // sysstat's sar memory reports (-B, -W, -r, -S).
      if (src.some((l) => isSarHeaderLine(l.text))) {
        const r = parseSarTables(src);
        if (r.tables.length) {
          const rest = src.filter((l) => l.text.trim()).length - r.tableLines;
          if (rest > 0) problems.push({ line: src[0].line, severity: 'info', message: `sar report${r.tables.length === 1 ? '' : 's'} (${r.tables.length}); ${rest} other line${rest === 1 ? ' is' : 's are'} not part of ${r.tables.length === 1 ? 'it' : 'them'} and not read.` });
          const t: OpaqueSection = { ...(base(d, index) as OpaqueSection), kind: 'sar-table', sarTables: r.tables.map((x) => x.table) };
          // The prompt's command (`sar -r -f …`) stays the source; the table is a capture, not other output.
          delete t.variant;
          return t;
        }
      }
      // `vmstat -s`: its memory lines are meminfo's.
      if (isVmstatSummary(src)) {
        const r = parseVmstatSummary(src);
        if (r.fields.length) {
          problems.push(...r.problems);
          const rest = src.filter((l) => l.text.trim()).length - r.lines;
          if (rest > 0) problems.push({ line: src[0].line, severity: 'info', message: `vmstat -s: ${rest} line${rest === 1 ? ' is' : 's are'} not part of it and not read.` });
          return eager({ ...d, kind: 'meminfo', variant: 'vmstat-s' }, index, r);
        }
      }
      // `vmstat N`: a table of samples, read as its own kind.
      if (src.some((l) => isVmstatTableLine(l.text))) {
        const v = parseVmstatTable(src, d.source ?? above);
        if (v.table) {
          const s: OpaqueSection = { ...(base(d, index) as OpaqueSection), kind: 'vmstat-table', vmstatTable: v.table };
          delete s.variant;
          const rest = src.filter((l) => l.text.trim()).length - v.tableLines;
          if (rest > 0) problems.push({ line: src[0].line, severity: 'info', message: `A vmstat table of ${v.table.samples.length} sample${v.table.samples.length === 1 ? '' : 's'}; ${rest} other line${rest === 1 ? ' is' : 's are'} not part of it and not read.` });
          if (v.table.unitFrom === 'default') problems.push({ line: v.table.headerLines[0], severity: 'info', message: 'The vmstat command line is not beside the table: its memory and swap columns are read as KiB, vmstat\'s default. With vmstat -S M they would be MiB: paste the command line above the table to be sure.' });
          return s;
        }
      }
      // top, htop or ps process rows: context, of which the kernel's memory threads are read.
      const tasks = readTaskRows(src);
      if (tasks.rows && tasks.rows * 2 >= src.filter((l) => l.text.trim() && !TOP_LINE.test(l.text) && !isProse(l.text)).length) {
        const named = tasks.threads.map((t) => `${t.name} ${t.cpuPercent} %`);
        problems.push({ line: src[0].line, severity: 'info', message: `Process rows (${tasks.rows}) of top or ps: not a memory capture; ${named.length ? `the CPU of the kernel's memory threads is read (${named.join(', ')})` : 'no kernel memory thread (kswapd, kcompactd, khugepaged) is among them'}.` });
        const s = base(d, index) as OpaqueSection;
        s.variant = 'process-rows';
        if (tasks.threads.length) s.threads = tasks.threads;
        // `ps … | grep NAME` lists the grep itself: not a process of the story.
        const procs = tasks.processes.filter((p) => !/^(?:e|f)?grep\b/.test(p.command));
        if (procs.length) s.processes = procs;
        return s;
      }
      // top's header lines alone (its Mem and Swap lines are read as free's numbers): context.
      const said = src.filter((l) => l.text.trim() && !isProse(l.text) && !/^\s*[#=*-]{3,}\s*$/.test(l.text));
      if (said.length && said.some((l) => TOP_LINE.test(l.text)) && said.every((l) => TOP_LINE.test(l.text) || /:\s*$/.test(l.text.trim()))) {
        problems.push({ line: said[0].line, severity: 'info', message: 'top\'s header (uptime, tasks, CPU): context, not a memory capture; its Mem and Swap lines are read apart.' });
        return base(d, index) as OpaqueSection;
      }
      if (d.variant === 'zswap-debugfs') {
        // Said once for the directory (grep . -r prints one line a file).
        if (!problems.some((p) => p.message.includes("zswap's debugfs counters"))) problems.push({ line: first?.line ?? d.startLine, severity: 'info', message: `${d.source}: zswap's debugfs counters (stored_pages and written_back_pages count pages, pool_total_size is bytes, the reject_* and pool_limit_hit count events); context beside /proc/vmstat's zswpin / zswpout / zswpwb, which are read.` });
        return base(d, index) as OpaqueSection;
      }
      // Named by its path as another controller's file or a kernel setting: context, said once, at information.
      if (d.variant === 'other-cgroup-file' || d.variant === 'setting') {
        problems.push({ line: first?.line ?? d.startLine, severity: 'info', message: d.variant === 'setting'
          ? `${d.source}: a kernel setting, context for the memory files around it; not read as a capture.`
          : `${d.source}: a file of the ${/([a-z]+)\.[^/]*$/.exec(d.source ?? '')?.[1] ?? 'another'} controller, not of memory; not read.` });
        return base(d, index) as OpaqueSection;
      }
      // Any other command's output (uname -a, a cgroup.procs list): context, not a capture.
      if (d.variant === 'command-output') {
        // The load average kmemlens capture prints for people is context, not a capture to flag.
        if (/^cat \/proc\/loadavg$/.test(d.source ?? '')) return base(d, index) as OpaqueSection;
        problems.push({ line: first?.line ?? d.startLine, severity: 'info', message: `Output of \`${d.source}\` (${src.length} line${src.length === 1 ? '' : 's'}): not a kernel memory capture, so not read as values or timestamps.` });
        return base(d, index) as OpaqueSection;
      }
      problems.push({ line: first?.line ?? d.startLine, severity: 'warning', message: `${NOT_A_CAPTURE} Kernel Memory Lens reads${d.source ? ` (${d.source})` : ''}: expected ${EXPECTED_FORMATS}.` });
      return base(d, index) as OpaqueSection;
    }
  }
}
