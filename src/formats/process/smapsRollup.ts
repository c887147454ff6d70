/**
 * /proc/PID/smaps_rollup (Linux 4.14+, fs/proc/task_mmu.c show_smaps_rollup;
 * Documentation/filesystems/proc.rst): one header line spanning every mapping, then the smaps
 * fields summed over all of them (Pss_Anon/Pss_File/Pss_Shmem only here, since 5.8).
 */
import type { Field, Problem, SmapsRollupSection } from '../../model';
import type { SourceLine } from '../lines';
import { MAPPING_RE } from './detect';
import { byKeyOf, notALine, readKeyLine, sp } from './fields';

const COUNT = /^(?:THPeligible|ProtectionKey)$/;
export const SMAPS_SIZE = (k: string) => !COUNT.test(k) && k !== 'VmFlags';

export type RollupFields = Pick<SmapsRollupSection, 'header' | 'entries' | 'byKey'>;

export function parseSmapsRollup(src: SourceLine[], problems: Problem[]): RollupFields {
  const entries: Field[] = [];
  let header: SmapsRollupSection['header'];
  for (const l of src) {
    if (!l.text.trim()) continue;
    const m = MAPPING_RE.exec(l.text);
    if (m) {
      if (header) { problems.push({ line: l.line, severity: 'warning', message: 'A second mapping header in smaps_rollup: smaps_rollup has one ([rollup]); is this /proc/PID/smaps?' }); continue; }
      const start = l.text.indexOf(m[1]);
      header = { line: l.line, start: m[1], end: m[2], span: sp(l, start, start + m[1].length + 1 + m[2].length) };
      continue;
    }
    const f = readKeyLine(l, 'smaps_rollup', SMAPS_SIZE, (k) => COUNT.test(k), problems);
    if (f) entries.push(f); else problems.push(notALine(l, 'smaps_rollup', '"Key:  N kB" (for example "Rss:  1736 kB")'));
  }
  const out: RollupFields = { entries, byKey: byKeyOf(entries, problems, 'smaps_rollup') };
  if (header) out.header = header;
  return out;
}
