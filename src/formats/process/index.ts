/**
 * The process side of a document (issue 14): finds its blocks, parses each into its section,
 * and hides their lines from the kernel-capture splitter (through MaskedLines, as the
 * Kubernetes pre-pass does).
 */
import type { GoMemStatsSection, JvmFlagsSection, JvmHeapSection, JvmNmtSection, ProcCgroupSection, ProcessSection, ProcStatusSection, Problem, SmapsRollupSection, SmapsSection } from '../../model';
import type { LineSource } from '../lines';
import { blockLines } from '../kubernetes/text';
import { parseProcCgroup } from './cgroup';
import { findProcessBlocks, mayHaveProcess, type ProcBlock } from './detect';
import { parseGo } from './goMemstats';
import { parseJvmFlags } from './jvmFlags';
import { parseJvmHeap } from './jvmHeap';
import { parseNmt } from './nmt';
import { parseSmaps } from './smaps';
import { parseSmapsRollup } from './smapsRollup';
import { parseStatus } from './status';

export { findProcessBlocks, mayHaveProcess, type ProcBlock };
export { readSmapsLine, groupOf } from './smaps';

export interface ProcessPart {
  sections: ProcessSection[];
  problems: Problem[];
  blocks: ProcBlock[];
}

const PROCESS_KINDS = new Set(['proc-status', 'smaps-rollup', 'smaps', 'proc-cgroup', 'jvm-nmt', 'jvm-flags', 'jvm-heap', 'go-memstats']);
export function isProcessSection(s: { kind: string }): s is ProcessSection {
  return PROCESS_KINDS.has(s.kind);
}

function base(b: ProcBlock) {
  const s: Record<string, unknown> = { index: 0, kind: b.kind, startLine: b.start, endLine: b.end, detectedBy: b.detectedBy };
  if (b.source) s.source = b.source;
  if (b.headerLine !== undefined) s.headerLine = b.headerLine;
  if (b.capturedAt) s.capturedAt = b.capturedAt;
  return s;
}

/** The PID a header or prompt names (`/proc/1234/status`, `jcmd 1234 VM.flags`). */
function pidOf(source: string | undefined): number | undefined {
  if (!source) return undefined;
  const m = /\/proc\/(\d+)\//.exec(source) ?? /\bjcmd\s+(\d+)\b/.exec(source);
  return m ? Number(m[1]) : undefined;
}

/** Parses one block into its section. Never throws: a parser error becomes a problem on the block's first line. */
export function parseProcessBlock(lines: LineSource, b: ProcBlock, problems: Problem[]): ProcessSection {
  const src = blockLines(lines, b.start, b.end);
  try {
    switch (b.kind) {
      case 'proc-status': {
        const r = parseStatus(src, problems);
        const s = { ...base(b), ...r } as ProcStatusSection;
        s.pid ??= pidOf(b.source);
        if (s.pid === undefined) delete s.pid;
        return s;
      }
      case 'smaps-rollup': return { ...base(b), ...parseSmapsRollup(src, problems) } as SmapsRollupSection;
      case 'smaps': return { ...base(b), ...parseSmaps(src, problems) } as SmapsSection;
      case 'proc-cgroup': return { ...base(b), ...parseProcCgroup(src, problems) } as ProcCgroupSection;
      case 'jvm-nmt': {
        const hint = b.source && /summary\.diff/.test(b.source) ? 'diff' : undefined;
        const r = parseNmt(src, problems, hint);
        const s = { ...base(b), ...r } as JvmNmtSection;
        s.pid ??= pidOf(b.source);
        if (s.pid === undefined) delete s.pid;
        return s;
      }
      case 'jvm-flags': {
        const { version, ...r } = parseJvmFlags(src, problems, b.variant);
        const s = { ...base(b), ...r } as JvmFlagsSection;
        if (version) s.jvmVersion = version;
        s.pid ??= pidOf(b.source);
        if (s.pid === undefined) delete s.pid;
        return s;
      }
      case 'jvm-heap': {
        const s = { ...base(b), ...parseJvmHeap(src, problems) } as JvmHeapSection;
        s.pid ??= pidOf(b.source);
        if (s.pid === undefined) delete s.pid;
        return s;
      }
      case 'go-memstats': default:
        return { ...base(b), ...parseGo(src, problems, b.variant) } as GoMemStatsSection;
    }
  } catch (e) {
    problems.push({ line: b.start, severity: 'warning', message: `This ${b.kind} block could not be read (${(e as Error).message}); please report it.` });
    return { ...base(b), kind: 'go-memstats', variant: 'env', stats: [], byKey: {}, cycles: [] } as unknown as GoMemStatsSection;
  }
}

/** Every process block of the document, parsed; empty (and cheap) when the text has no marker. */
export function parseProcess(lines: LineSource, keep: (b: ProcBlock) => boolean = () => true): ProcessPart {
  const problems: Problem[] = [];
  if (!mayHaveProcess(lines)) return { sections: [], problems, blocks: [] };
  const blocks = findProcessBlocks(lines).filter(keep);
  return { sections: blocks.map((b) => parseProcessBlock(lines, b, problems)), problems, blocks };
}
