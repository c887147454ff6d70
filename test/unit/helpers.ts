/** Shared helpers of the unit tests: fixtures, the public corpus, capture builders. */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import { analyzeText, type AnalyzeOptions } from '../../src/analysis/analyze';
import type { CliIO } from '../../src/cli/main';
import type { Finding, KeyValueSection, Section } from '../../src/model';

export const FIXTURES = path.join(process.cwd(), 'fixtures');
export const CORPUS = path.join(process.cwd(), '..', 'shared', 'corpus');

export function fixture(name: string): string {
  return readFileSync(path.join(FIXTURES, name), 'utf8');
}

export function fixtureNames(): string[] {
  // Files directly in fixtures/ (sub-directories belong to other suites).
  return readdirSync(FIXTURES, { withFileTypes: true }).filter((f) => f.isFile() && !f.name.startsWith('.')).map((f) => f.name).sort();
}

/** Every corpus sample, with the directory that names its kind. */
export function corpusFiles(): { dir: string; name: string; file: string }[] {
  const out: { dir: string; name: string; file: string }[] = [];
  for (const dir of readdirSync(CORPUS, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    for (const name of readdirSync(path.join(CORPUS, dir.name)).sort()) out.push({ dir: dir.name, name, file: path.join(CORPUS, dir.name, name) });
  }
  return out;
}

/** A healthy 16 GB node (values in kB); every rule of the meminfo family stays quiet on it. */
export const HEALTHY_MEMINFO: Record<string, number> = {
  MemTotal: 16_000_000, MemFree: 4_000_000, MemAvailable: 8_000_000, Buffers: 100_000, Cached: 4_000_000, SwapCached: 0,
  Active: 6_000_000, Inactive: 4_000_000, 'Active(anon)': 3_500_000, 'Inactive(anon)': 500_000, 'Active(file)': 2_500_000, 'Inactive(file)': 3_500_000,
  Unevictable: 0, Mlocked: 0, SwapTotal: 0, SwapFree: 0, Dirty: 10_000, Writeback: 0, AnonPages: 4_000_000, Mapped: 300_000, Shmem: 200_000,
  KReclaimable: 500_000, Slab: 800_000, SReclaimable: 500_000, SUnreclaim: 300_000, KernelStack: 20_000, PageTables: 50_000, SecPageTables: 0,
  CommitLimit: 8_000_000, Committed_AS: 7_000_000, VmallocTotal: 34359738367, VmallocUsed: 50_000, VmallocChunk: 0, Percpu: 10_000,
  HardwareCorrupted: 0, AnonHugePages: 0, HugePages_Total: 0, HugePages_Free: 0, HugePages_Rsvd: 0, HugePages_Surp: 0, Hugepagesize: 2048,
};

/** meminfo text in the kernel's layout; `over` replaces values, `null` drops a line. */
export function meminfo(over: Record<string, number | null> = {}): string {
  const v: Record<string, number | null> = { ...HEALTHY_MEMINFO, ...over };
  return Object.entries(v).filter(([, n]) => n !== null).map(([k, n]) => {
    const count = /^HugePages_/.test(k);
    return `${`${k}:`.padEnd(16)}${String(n).padStart(8)}${count ? '' : ' kB'}`;
  }).join('\n') + '\n';
}

/** One SLUB slabinfo row: `slabs` slabs of `pages` pages each. */
export function slabRow(name: string, activeObjs: number, numObjs: number, objSize: number, objPerSlab: number, pagesPerSlab: number, slabs: number): string {
  return `${name.padEnd(17)} ${String(activeObjs).padStart(6)} ${String(numObjs).padStart(6)} ${String(objSize).padStart(6)} ${String(objPerSlab).padStart(4)} ${String(pagesPerSlab).padStart(4)} : tunables    0    0    0 : slabdata ${String(slabs).padStart(6)} ${String(slabs).padStart(6)}      0`;
}

export const SLAB_HEADER = 'slabinfo - version: 2.1\n# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>\n';

export function slabinfo(rows: string[]): string {
  return SLAB_HEADER + rows.join('\n') + '\n';
}

export function findings(text: string, options: AnalyzeOptions = {}): Finding[] {
  return analyzeText(text, options).findings;
}

export function byRule(text: string, rule: string, options: AnalyzeOptions = {}): Finding[] {
  return findings(text, options).filter((f) => f.rule === rule);
}

/** Rule ids seen firing in this process (filled by `expectFires`). */
export const FIRED = new Set<string>();

/** Asserts that `rule` fires exactly once with `severity` on `line` (0-based); returns the finding. */
export function expectFires(text: string, rule: string, severity: Finding['severity'], line?: number, options: AnalyzeOptions = {}): Finding {
  const hits = byRule(text, rule, options);
  assert.equal(hits.length, 1, `${rule} should fire once, got ${hits.length}: ${JSON.stringify(hits.map((h) => h.message))}`);
  assert.equal(hits[0].severity, severity, `${rule} severity`);
  if (line !== undefined) assert.equal(hits[0].line, line, `${rule} line`);
  FIRED.add(rule);
  return hits[0];
}

export function expectQuiet(text: string, rule: string, options: AnalyzeOptions = {}): void {
  const hits = byRule(text, rule, options);
  assert.equal(hits.length, 0, `${rule} should stay quiet, got: ${JSON.stringify(hits.map((h) => h.message))}`);
}

/** 0-based line of the first line starting with `prefix`. */
export function lineOf(text: string, prefix: string, from = 0): number {
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = from; i < lines.length; i++) if (lines[i].startsWith(prefix)) return i;
  throw new Error(`no line starts with ${prefix}`);
}

export function kv(s: Section | undefined): KeyValueSection {
  assert.ok(s && 'byKey' in s, `expected a key/value section, got ${s?.kind}`);
  return s as KeyValueSection;
}

/** A fake CLI io that records output. */
export function fakeIo(files: Record<string, string> = {}, stdin = ''): CliIO & { out: string; err: string } {
  const io = {
    out: '', err: '',
    stdout: (s: string) => { io.out += s; },
    stderr: (s: string) => { io.err += s; },
    readFile: (p: string) => {
      if (p in files) return files[p];
      const e = new Error(`ENOENT: no such file or directory, open '${p}'`) as Error & { code: string };
      e.code = 'ENOENT';
      throw e;
    },
    readStdin: () => stdin,
    isTTY: false,
    env: {} as Record<string, string | undefined>,
    isFile: (p: string) => p in files,
  };
  return io;
}
