/**
 * The knowledge base: one table per format, plus lookups used by hovers and
 * `kmemlens explain NAME`.
 */
import type { KnowledgeEntry, KnowledgeTable, PatternEntry } from './types';
import { meminfoKnowledge } from './meminfo';
import {
  cgroupValueKnowledge,
  memoryEventsKnowledge,
  memoryStatKnowledge,
  memoryStatV1TotalKnowledge,
  swapEventsKnowledge,
} from './memoryStat';
import { pressureKnowledge, psiResourceKnowledge } from './pressure';
import { vmstatKnowledge, vmstatPatterns } from './vmstat';
import { slabCacheKnowledge, slabCachePatterns, slabColumnKnowledge } from './slabinfo';
import { oomReportKnowledge } from './oomReport';
import { k8sEventKnowledge, kubectlTopKnowledge, kubeletConfigKnowledge, kubeletSummaryKnowledge, nodeDescribeKnowledge } from './kubernetes';
import { memoryThreadKnowledge } from './threads';
import { vmstatTableKnowledge } from './vmstatTable';
import { sarKnowledge } from './sar';
import { pagetypeinfoKnowledge } from './pagetypeinfo';
import { goMemStatsKnowledge, jvmFlagPatterns, jvmFlagsKnowledge, jvmHeapKnowledge, jvmNmtKnowledge, procCgroupKnowledge, procStatusKnowledge, smapsKnowledge } from './process';

export type { KnowledgeEntry, KnowledgeTable, PatternEntry };
export {
  meminfoKnowledge, cgroupValueKnowledge, memoryEventsKnowledge, memoryStatKnowledge, memoryStatV1TotalKnowledge, swapEventsKnowledge,
  pressureKnowledge, psiResourceKnowledge, vmstatKnowledge, vmstatPatterns, slabCacheKnowledge, slabCachePatterns, slabColumnKnowledge,
  oomReportKnowledge, kubectlTopKnowledge, kubeletSummaryKnowledge, nodeDescribeKnowledge, kubeletConfigKnowledge, k8sEventKnowledge,
  procStatusKnowledge, smapsKnowledge, procCgroupKnowledge, jvmNmtKnowledge, jvmFlagsKnowledge, jvmHeapKnowledge, goMemStatsKnowledge,
  memoryThreadKnowledge, vmstatTableKnowledge, sarKnowledge, pagetypeinfoKnowledge,
};

export type KnowledgeKind =
  | 'meminfo'
  | 'slabinfo'
  | 'slab-cache'
  | 'memory-stat'
  | 'memory-events'
  | 'swap-events'
  | 'pressure'
  | 'psi-resource'
  | 'vmstat'
  | 'oom-report'
  | 'cgroup-value'
  | 'kubectl-top'
  | 'kubelet-summary'
  | 'node-describe'
  | 'kubelet-config'
  | 'k8s-events'
  | 'proc-status'
  | 'smaps'
  | 'proc-cgroup'
  | 'jvm-nmt'
  | 'jvm-flags'
  | 'jvm-heap'
  | 'go-memstats'
  | 'kernel-thread'
  | 'vmstat-table'
  | 'sar'
  | 'pagetypeinfo';

const TABLES: Readonly<Record<KnowledgeKind, KnowledgeTable>> = {
  meminfo: meminfoKnowledge,
  slabinfo: slabColumnKnowledge,
  'slab-cache': slabCacheKnowledge,
  'memory-stat': memoryStatKnowledge,
  'memory-events': memoryEventsKnowledge,
  'swap-events': swapEventsKnowledge,
  pressure: pressureKnowledge,
  'psi-resource': psiResourceKnowledge,
  vmstat: vmstatKnowledge,
  'oom-report': oomReportKnowledge,
  'cgroup-value': cgroupValueKnowledge,
  'kubectl-top': kubectlTopKnowledge,
  'kubelet-summary': kubeletSummaryKnowledge,
  'node-describe': nodeDescribeKnowledge,
  'kubelet-config': kubeletConfigKnowledge,
  'k8s-events': k8sEventKnowledge,
  'proc-status': procStatusKnowledge,
  smaps: smapsKnowledge,
  'proc-cgroup': procCgroupKnowledge,
  'jvm-nmt': jvmNmtKnowledge,
  'jvm-flags': jvmFlagsKnowledge,
  'jvm-heap': jvmHeapKnowledge,
  'go-memstats': goMemStatsKnowledge,
  'kernel-thread': memoryThreadKnowledge,
  'vmstat-table': vmstatTableKnowledge,
  sar: sarKnowledge,
  pagetypeinfo: pagetypeinfoKnowledge,
};

const PATTERNS: Partial<Record<KnowledgeKind, readonly PatternEntry[]>> = {
  'slab-cache': slabCachePatterns,
  vmstat: vmstatPatterns,
  'jvm-flags': jvmFlagPatterns,
};

/** Catch-all patterns (match any name) are for hovers only, not for `explain`. */
const CATCH_ALL = new Set(['*']);
// (The JVM flag catch-all is named '*' too: every other HotSpot flag, hovers only.)

/** The kinds of knowledge, in the order `searchKnowledge` reports them. */
export const knowledgeKinds: readonly KnowledgeKind[] = Object.keys(TABLES) as KnowledgeKind[];

function own(table: KnowledgeTable, key: string): KnowledgeEntry | undefined {
  return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}

function matchPattern(patterns: readonly PatternEntry[] | undefined, key: string, includeCatchAll: boolean): PatternEntry | undefined {
  if (!patterns) return undefined;
  for (const p of patterns) {
    if (!includeCatchAll && CATCH_ALL.has(p.name)) continue;
    if (p.pattern.test(key)) return p;
  }
  return undefined;
}

/**
 * The entry for `key` in the table of `kind`: exact name first, then (for
 * slab caches and vmstat) the first matching family pattern. meminfo keys are
 * expected without the colon and without a per-NUMA "Node N " prefix;
 * memory-stat handles cgroup v1 `total_*` keys; swap-events also accepts
 * the "swap.high" style keys.
 */
export function lookupKnowledge(kind: string, key: string): KnowledgeEntry | undefined {
  const table = (TABLES as Record<string, KnowledgeTable | undefined>)[kind];
  if (!table) return undefined;
  const k = key.trim();
  const exact = own(table, k);
  if (exact) return exact;
  if (kind === 'memory-stat' && k.startsWith('total_')) {
    return own(memoryStatV1TotalKnowledge, k);
  }
  if (kind === 'swap-events' && k.startsWith('swap.')) {
    return own(table, k.slice('swap.'.length));
  }
  if (kind === 'meminfo') {
    const m = /^Node \d+ (.+)$/.exec(k);
    if (m) return own(table, m[1]!.replace(/:$/, ''));
    if (k.endsWith(':')) return own(table, k.slice(0, -1));
  }
  return matchPattern(PATTERNS[kind as KnowledgeKind], k, true);
}

/**
 * Finds a name across every table, for `kmemlens explain NAME`: exact matches
 * first; if none, case-insensitive; if still none, family patterns (without
 * catch-alls). A name can live in several tables (e.g. `pgfault` in vmstat and
 * memory.stat); all are returned.
 */
export function searchKnowledge(name: string): { kind: string; entry: KnowledgeEntry }[] {
  const q = name.trim().replace(/:$/, '');
  if (!q) return [];
  const exact: { kind: string; entry: KnowledgeEntry }[] = [];
  for (const kind of knowledgeKinds) {
    const entry = own(TABLES[kind], q);
    if (entry) exact.push({ kind, entry });
  }
  if (q.startsWith('swap.')) {
    const entry = own(swapEventsKnowledge, q.slice('swap.'.length));
    if (entry) exact.push({ kind: 'swap-events', entry });
  }
  if (exact.length > 0) return exact;

  const lower = q.toLowerCase();
  const folded: { kind: string; entry: KnowledgeEntry }[] = [];
  for (const kind of knowledgeKinds) {
    for (const entry of Object.values(TABLES[kind])) {
      if (entry.name.toLowerCase() === lower) folded.push({ kind, entry });
    }
  }
  if (folded.length > 0) return folded;

  const viaPattern: { kind: string; entry: KnowledgeEntry }[] = [];
  for (const kind of knowledgeKinds) {
    const hit = matchPattern(PATTERNS[kind], q, false);
    if (hit) viaPattern.push({ kind, entry: hit });
  }
  return viaPattern;
}

/** Every entry of every table (patterns included), tagged with its kind. */
export function allKnowledge(): { kind: string; entry: KnowledgeEntry }[] {
  const out: { kind: string; entry: KnowledgeEntry }[] = [];
  for (const kind of knowledgeKinds) {
    for (const entry of Object.values(TABLES[kind])) out.push({ kind, entry });
    for (const entry of PATTERNS[kind] ?? []) out.push({ kind, entry });
  }
  return out;
}
