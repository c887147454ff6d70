/**
 * Process rows of top, htop and `ps aux` in a paste: only the kernel's memory threads are read
 * (kswapd reclaims, kcompactd compacts, khugepaged collapses huge pages; mm/vmscan.c, mm/compaction.c,
 * mm/khugepaged.c). Their CPU share is the evidence that reclaim or compaction never rests, which no
 * counter file shows at one moment.
 */
import type { MemoryThreadRow, PsProcessRow } from '../model';
import type { SourceLine } from './lines';

/** procps top and htop: PID USER PR NI VIRT RES SHR S %CPU %MEM TIME+ COMMAND (procps-ng top's default fields). */
const TOP_ROW = /^(\s*(\d+)\s+\S+\s+(?:-?\d+|rt)\s+-?\d+\s+\S+\s+\S+\s+\S+\s+[RSDZTtIXWK]\s+)(\d+(?:[.,]\d+)?)\s+\d+(?:[.,]\d+)?\s+\d[\d:.,hdm]*(?:\s+(\S.*?))?\s*$/;
/** ps aux: USER PID %CPU %MEM VSZ RSS TTY STAT START TIME COMMAND. */
const PS_ROW = /^(\s*\S+\s+(\d+)\s+)(\d+(?:[.,]\d+)?)\s+\d+(?:[.,]\d+)?\s+\d+\s+\d+\s+\S+\s+[RSDZTtIXWK][<NLsl+]*\s+\S+\s+\d[\d:.]*\s+(\S.*?)\s*$/;
/** BusyBox top: PID PPID USER STAT VSZ %VSZ [CPU] %CPU COMMAND (embedded systems, OpenWrt, LibreELEC). */
const BUSYBOX_ROW = /^(\s*(\d+)\s+\d+\s+\S+\s+[RSDZTtWIN<L]+\s+\d+[kmgt]?\s+\d+(?:\.\d+)?%?\s+(?:\d+\s+)?)(\d+(?:\.\d+)?)%?\s+(\S.*?)\s*$/;
/** A command cut onto its own line by a narrow terminal (`[kswapd0]`). */
const LONE_COMMAND = /^\s*(\[?[\w/:.+-]+\]?)\s*$/;
const MEMORY_THREAD = /^\[?(kswapd\d+(?::\d+)?|kcompactd\d+|khugepaged)\]?$/;

export interface TaskRowsResult {
  /** Rows of any process in top or ps layout. */
  rows: number;
  threads: MemoryThreadRow[];
  /** `ps aux` rows with their resident size, for growth across pastes. */
  processes: PsProcessRow[];
}

export function readTaskRows(src: SourceLine[]): TaskRowsResult {
  const threads: MemoryThreadRow[] = [];
  const processes: PsProcessRow[] = [];
  let rows = 0;
  for (let i = 0; i < src.length; i++) {
    const text = src[i].text;
    const top = TOP_ROW.exec(text);
    const ps = top ? null : PS_ROW.exec(text);
    const m = top ?? ps ?? BUSYBOX_ROW.exec(text);
    if (!m) continue;
    rows++;
    let command: string | undefined = m[4];
    if (command === undefined && i + 1 < src.length && !TOP_ROW.test(src[i + 1].text)) command = LONE_COMMAND.exec(src[i + 1].text)?.[1];
    if (top && command) {
      // PID USER PR NI VIRT RES SHR S %CPU %MEM …: RES in KiB, or with top's scaling suffix (m, g, t).
      const cells = text.trim().split(/\s+/);
      const res = /^(\d+(?:[.,]\d+)?)([kmgtp])?$/.exec(cells[5]);
      if (res) processes.push({ pid: Number(m[2]), command, rssKiB: Math.round(Number(res[1].replace(',', '.')) * 1024 ** 'kmgtp'.indexOf(res[2] ?? 'k')), memPercent: Number(cells[9].replace(',', '.')), line: src[i].line });
    }
    if (ps && command) {
      // USER PID %CPU %MEM VSZ RSS …: RSS in KiB; `ps auxf` draws its tree (`|`, `\_`) before the command.
      const cells = text.trim().split(/\s+/);
      const rss = Number(cells[5]);
      if (Number.isFinite(rss)) processes.push({ pid: Number(m[2]), command: command.replace(/^[|\\_\s]+/, ''), rssKiB: rss, memPercent: Number(cells[3].replace(',', '.')), line: src[i].line });
    }
    const name = command ? MEMORY_THREAD.exec(command.split(/\s+/)[0])?.[1] : undefined;
    if (!name) continue;
    const start = src[i].col + m[1].length;
    threads.push({ name, pid: Number(m[2]), cpuPercent: Number(m[3].replace(',', '.')), layout: top ? 'top' : ps ? 'ps' : 'busybox', line: src[i].line, cpuSpan: { line: src[i].line, start, end: start + m[3].length } });
  }
  return { rows, threads, processes };
}
