/**
 * The OOM killer's report in a kernel log (mm/oom_kill.c dump_header,
 * mm/memcontrol.c mem_cgroup_print_oom_*, mm/show_mem.c), behind any of the
 * log prefixes of facts §3.9. One section may hold several OOM events.
 * Lines that are not part of a report (other kernel messages) are skipped.
 */
import type { OomEvent, OomTask, Problem } from '../model';
import type { SourceLine } from './lines';
import { readLogPrefix } from './logPrefix';
import { abbreviate } from './numbers';

export interface OomResult {
  events: OomEvent[];
  problems: Problem[];
  /** Lines read as part of a report, with where the message starts (for hovers). */
  messageStart: Map<number, number>;
}

const TRIGGER = /^(.*?) invoked oom-killer: gfp_mask=(0x[0-9a-fA-F]+(?:\([^)]*\))?),(?:\s*nodemask=[^,]*,)?\s*order=(-?\d+), oom_score_adj=(-?\d+)/;
const CPU_LINE = /^CPU: \d+ (?:UID: \d+ )?PID: \d+ Comm: .*?\s(\d+\.\d+\.\d+\S*)/;
const MEMCG_USAGE = /^memory: usage (\d+)kB, limit (\d+)kB, failcnt (\d+)/;
const SWAP_USAGE = /^(?:swap|memory\+swap): usage (\d+)kB, limit (\d+)kB, failcnt (\d+)/;
const STATS_FOR = /^Memory cgroup stats for (\S+?):(.*)$/;
const CONSTRAINT = /^oom-kill:(constraint=.*)$/;
const KILLED = /^(?:(Memory cgroup out of memory|Out of memory(?: \(oom_kill_allocating_task\))?): )?Killed process (\d+) \((.*)\)(.*)$/;
const LEGACY_KILL = /^(Memory cgroup out of memory|Out of memory): Kill process (\d+) \((.*)\) score (\d+) or sacrifice child/;
const LEGACY_TASK_IN = /^Task in (\S+) killed as a result of limit of (\S+)/;
const REAPER = /^oom_reaper: reaped process (\d+) \((.*)\)/;
const SLAB_ROW = /^(\S.*?)\s+(\d+)KB\s+(\d+)KB\s*$/;
const TASK_ROW = /^\[\s*(\d+)\]\s+(.*)$/;
const PAIRS = /([a-z_]+):(-?\d+)(kB)?/g;

type Mode = 'none' | 'stats' | 'meminfo' | 'slab' | 'tasks';

export function parseOomReport(lines: SourceLine[]): OomResult {
  const out: OomResult = { events: [], problems: [], messageStart: new Map() };
  let ev: OomEvent | undefined;
  let mode: Mode = 'none';
  let taskColumns: string[] = [];

  const fresh = (line: number): OomEvent => {
    const e: OomEvent = { startLine: line, endLine: line, unreclaimableSlab: [], tasks: [] };
    out.events.push(e);
    return e;
  };
  const current = (line: number) => (ev ??= fresh(line));
  const touch = (line: number, start: number) => {
    out.messageStart.set(line, start);
    if (ev) ev.endLine = Math.max(ev.endLine, line);
  };

  for (const l of lines) {
    const prefix = readLogPrefix(l.text);
    const msg = l.text.slice(prefix.length).replace(/\s+$/, '');
    const indented = prefix.length === 0 && /^\s/.test(l.text);
    const text = msg.trim();
    if (!text) continue;
    const start = l.col + prefix.length + (msg.length - msg.trimStart().length);
    const time = prefix.clock;
    const uptime = prefix.uptime;
    let m: RegExpExecArray | null;

    if ((m = TRIGGER.exec(text))) {
      ev = fresh(l.line);
      mode = 'none';
      Object.assign(ev, { triggerLine: l.line, invoker: m[1].trim(), gfpMask: m[2], order: Number(m[3]), invokerOomScoreAdj: Number(m[4]) });
      if (time) ev.time = time;
      if (uptime !== undefined) ev.uptimeSeconds = uptime;
      touch(l.line, start);
      continue;
    }
    if (ev && (m = CPU_LINE.exec(text))) { ev.kernelVersion = m[1]; touch(l.line, start); continue; }
    if ((m = MEMCG_USAGE.exec(text))) {
      const e = current(l.line);
      e.memcgUsageBytes = Number(m[1]) * 1024; e.memcgLimitBytes = Number(m[2]) * 1024; e.memcgFailcnt = Number(m[3]);
      touch(l.line, start); mode = 'none'; continue;
    }
    if ((m = SWAP_USAGE.exec(text))) {
      const e = current(l.line);
      if (text.startsWith('swap')) { e.swapUsageBytes = Number(m[1]) * 1024; e.swapLimitBytes = Number(m[2]) * 1024; }
      touch(l.line, start); mode = 'none'; continue;
    }
    if ((m = STATS_FOR.exec(text))) {
      const e = current(l.line);
      e.memcgStatsPath = m[1];
      e.memcgStats = {};
      // rsyslog keeps a multi-line record on one line with #012 for newlines.
      readStats(m[2].split('#012'), e.memcgStats);
      touch(l.line, start); mode = 'stats'; continue;
    }
    if (/^Mem-Info:/.test(text)) { current(l.line); touch(l.line, start); mode = 'meminfo'; continue; }
    if (/^Unreclaimable slab info:/.test(text)) { const e = current(l.line); e.slabDumpLine = l.line; touch(l.line, start); mode = 'slab'; continue; }
    if (/^Tasks state \(memory values in pages\):/.test(text)) { const e = current(l.line); e.taskTableLine = l.line; touch(l.line, start); mode = 'tasks'; taskColumns = []; continue; }
    if ((m = CONSTRAINT.exec(text))) {
      let e = current(l.line);
      if (e.constraintLine !== undefined || e.killLine !== undefined) e = ev = fresh(l.line);
      e.constraintLine = l.line;
      for (const part of m[1].split(',')) {
        const eq = part.indexOf('=');
        const k = eq >= 0 ? part.slice(0, eq) : part;
        const v = eq >= 0 ? part.slice(eq + 1) : '';
        if (k === 'constraint') e.constraint = v;
        else if (k === 'oom_memcg') e.oomMemcg = v;
        else if (k === 'task_memcg') e.taskMemcg = v;
        else if (k === 'global_oom') e.globalOom = true;
        else if (k === 'task' && !e.victimName) e.victimName = v;
        else if (k === 'pid' && e.victimPid === undefined) e.victimPid = Number(v);
        else if (k === 'uid' && e.victimUid === undefined) e.victimUid = Number(v);
      }
      if (time && !e.time) e.time = time;
      if (uptime !== undefined && e.uptimeSeconds === undefined) e.uptimeSeconds = uptime;
      touch(l.line, start); mode = 'none'; continue;
    }
    if ((m = LEGACY_KILL.exec(text))) {
      let e = current(l.line);
      if (e.killLine !== undefined) e = ev = fresh(l.line);
      e.memcgOom = m[1].startsWith('Memory cgroup');
      e.victimPid = Number(m[2]); e.victimName = m[3];
      touch(l.line, start); mode = 'none'; continue;
    }
    if ((m = LEGACY_TASK_IN.exec(text))) {
      const e = current(l.line);
      e.taskMemcg = m[1]; e.oomMemcg = m[2]; e.memcgOom = true;
      touch(l.line, start); continue;
    }
    if ((m = KILLED.exec(text))) {
      let e = current(l.line);
      if (e.killLine !== undefined) e = ev = fresh(l.line);
      e.killLine = l.line;
      if (m[1]) e.memcgOom = m[1].startsWith('Memory cgroup');
      e.victimPid = Number(m[2]); e.victimName = m[3];
      const kb = (name: string) => { const r = new RegExp(`${name}:(\\d+)kB`).exec(m![4]); return r ? Number(r[1]) * 1024 : undefined; };
      e.victimTotalVmBytes = kb('total-vm'); e.victimAnonRssBytes = kb('anon-rss'); e.victimFileRssBytes = kb('file-rss'); e.victimShmemRssBytes = kb('shmem-rss');
      const num = (name: string) => { const r = new RegExp(`${name}:(-?\\d+)`).exec(m![4]); return r ? Number(r[1]) : undefined; };
      e.victimUid = num('UID') ?? e.victimUid;
      e.victimPgtablesBytes = kb('pgtables');
      e.victimOomScoreAdj = num('oom_score_adj');
      if (time) e.time = time;
      if (uptime !== undefined) e.uptimeSeconds = uptime;
      touch(l.line, start); mode = 'none'; continue;
    }
    if ((m = REAPER.exec(text))) {
      const e = out.events.find((x) => x.victimPid === Number(m![1])) ?? current(l.line);
      e.reaperLine = l.line; e.endLine = Math.max(e.endLine, l.line);
      out.messageStart.set(l.line, start);
      mode = 'none'; continue;
    }
    if (!ev) continue;

    // Block bodies.
    if (mode === 'stats' && /^[a-z_]+ -?\d+$/.test(text)) {
      readStats([text], ev.memcgStats!);
      touch(l.line, start); continue;
    }
    if (mode === 'meminfo') {
      if (/^(active_anon|inactive_anon|isolated_anon|active_file|inactive_file|isolated_file|unevictable|dirty|writeback|slab_reclaimable|slab_unreclaimable|mapped|shmem|pagetables|sec_pagetables|bounce|kernel_misc_reclaimable|free|free_pcp|free_cma):/.test(text)) {
        ev.memInfoPages ??= {};
        for (const p of text.matchAll(PAIRS)) if (!p[3]) ev.memInfoPages[p[1]] = Number(p[2]);
        touch(l.line, start); continue;
      }
      if (/^(Node \d+|lowmem_reserve\[\]|\d+ total pagecache pages|Free swap|Total swap|\d+ pages|Swap cache stats|\d+ pages in swap cache)/.test(text)) { touch(l.line, start); continue; }
    }
    if (mode === 'slab') {
      if (/^Name\s+Used\s+Total/.test(text)) { touch(l.line, start); continue; }
      const s = SLAB_ROW.exec(text);
      if (s) { ev.unreclaimableSlab.push({ name: s[1], usedBytes: Number(s[2]) * 1024, totalBytes: Number(s[3]) * 1024, line: l.line }); touch(l.line, start); continue; }
      mode = 'none';
    }
    if (mode === 'tasks') {
      if (/^\[\s*pid\s*\]/.test(text)) {
        taskColumns = text.replace(/^\[\s*pid\s*\]/, 'pid').split(/\s+/);
        touch(l.line, start); continue;
      }
      const r = TASK_ROW.exec(text);
      if (r) {
        const task = readTask(Number(r[1]), r[2], taskColumns, l.line);
        if (task) { ev.tasks.push(task); touch(l.line, start); }
        else out.problems.push({ line: l.line, severity: 'warning', message: `OOM task table row could not be read: expected ${taskColumns.length ? taskColumns.join(' ') : 'pid uid tgid total_vm rss pgtables_bytes swapents oom_score_adj name'}; found "${abbreviate(text, 60)}".` });
        continue;
      }
      mode = 'none';
    }
    if (indented && ev) touch(l.line, start);
  }
  for (const e of out.events) {
    if (e.triggerLine !== undefined && e.killLine === undefined && e.victimPid === undefined) {
      out.problems.push({ line: e.endLine, severity: 'info', message: 'This OOM report has no "Killed process" line: the capture may be cut short, or no process could be killed.' });
    }
  }
  return out;
}

/** memory.stat lines inside the report (v2 `key bytes`, or v1 `key:valueKB`). */
function readStats(parts: string[], into: Record<string, number>): void {
  for (const part of parts) {
    const t = part.trim();
    if (!t) continue;
    const kv = /^([a-z_]+) (-?\d+)$/.exec(t);
    if (kv) { into[kv[1]] = Number(kv[2]); continue; }
    for (const p of t.matchAll(/([a-z_]+):(\d+)(KB|kB)?/g)) into[p[1]] = Number(p[2]) * (p[3] ? 1024 : 1);
  }
}

const DEFAULT_COLUMNS = ['pid', 'uid', 'tgid', 'total_vm', 'rss', 'pgtables_bytes', 'swapents', 'oom_score_adj', 'name'];

function readTask(pid: number, rest: string, columns: string[], line: number): OomTask | undefined {
  const cols = columns.length ? columns : DEFAULT_COLUMNS;
  const numeric = cols.slice(1, cols.length - 1);
  const toks = rest.trim().split(/\s+/);
  if (toks.length < numeric.length + 1) return undefined;
  const values: Record<string, number> = {};
  for (let i = 0; i < numeric.length; i++) {
    if (!/^-?\d+$/.test(toks[i])) return undefined;
    values[numeric[i]] = Number(toks[i]);
  }
  const name = toks.slice(numeric.length).join(' ');
  return {
    pid, uid: values.uid ?? 0, tgid: values.tgid ?? pid, totalVmPages: values.total_vm ?? 0, rssPages: values.rss ?? 0,
    pgtablesBytes: values.pgtables_bytes, swapEntsPages: values.swapents ?? 0, oomScoreAdj: values.oom_score_adj ?? 0, name,
    rssAnonPages: values.rss_anon, rssFilePages: values.rss_file, rssShmemPages: values.rss_shmem, line,
  };
}
