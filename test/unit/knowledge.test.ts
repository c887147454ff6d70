import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  allKnowledge,
  lookupKnowledge,
  meminfoKnowledge,
  memoryStatKnowledge,
  searchKnowledge,
  slabCachePatterns,
  vmstatPatterns,
} from '../../src/knowledge';

const FACTS = path.join(process.cwd(), '..', 'shared', 'reference', 'kernel-memory-facts.md');

/** Appendix A and the §3.1 field list of kernel-memory-facts.md. */
const MEMINFO_FIELDS = [
  'MemTotal', 'MemFree', 'MemAvailable', 'Buffers', 'Cached', 'SwapCached', 'Active', 'Inactive',
  'Active(anon)', 'Inactive(anon)', 'Active(file)', 'Inactive(file)', 'Unevictable', 'Mlocked',
  'HighTotal', 'HighFree', 'LowTotal', 'LowFree', 'MmapCopy', 'SwapTotal', 'SwapFree', 'Zswap', 'Zswapped',
  'Dirty', 'Writeback', 'AnonPages', 'Mapped', 'Shmem', 'KReclaimable', 'Slab', 'SReclaimable', 'SUnreclaim',
  'KernelStack', 'ShadowCallStack', 'PageTables', 'SecPageTables', 'NFS_Unstable', 'Bounce', 'WritebackTmp',
  'CommitLimit', 'Committed_AS', 'VmallocTotal', 'VmallocUsed', 'VmallocChunk', 'Percpu', 'EarlyMemtestBad',
  'HardwareCorrupted', 'AnonHugePages', 'ShmemHugePages', 'ShmemPmdMapped', 'FileHugePages', 'FilePmdMapped',
  'Unaccepted', 'CmaTotal', 'CmaFree', 'HugePages_Total', 'HugePages_Free', 'HugePages_Rsvd', 'HugePages_Surp',
  'Hugepagesize', 'Hugetlb', 'DirectMap4k', 'DirectMap2M', 'DirectMap1G', 'DirectMap4M', 'DirectMap1M', 'DirectMap2G',
];

test('every meminfo field of the facts file has an entry', () => {
  for (const f of MEMINFO_FIELDS) {
    assert.ok(meminfoKnowledge[f], `missing meminfo entry ${f}`);
    assert.equal(meminfoKnowledge[f]!.name, f);
  }
});

test('the meminfo field list agrees with Appendix A of the facts file', () => {
  const facts = readFileSync(FACTS, 'utf8');
  const appendix = facts.slice(facts.indexOf('## Appendix A'), facts.indexOf('## Appendix B'));
  let checked = 0;
  for (const line of appendix.split('\n')) {
    const m = /^\| ([A-Za-z][^|]*?) \| (?:kB|\*\*count\*\*)/.exec(line);
    if (!m) continue;
    for (const raw of m[1]!.split(/\s*\/\s*/)) {
      let name = raw.trim();
      // "Active(anon)/Inactive(anon)", "HugePages_Total/Free/Rsvd/Surp", "DirectMap4k/2M/1G"
      if (/^(Free|Rsvd|Surp)$/.test(name)) name = `HugePages_${name}`;
      if (/^\d+[kMG]$/.test(name)) name = `DirectMap${name}`;
      assert.ok(meminfoKnowledge[name], `Appendix A field ${name} missing`);
      checked++;
    }
  }
  assert.ok(checked >= 60, `only ${checked} Appendix A fields parsed`);
});

test('every entry has a non-empty name, title, what and source', () => {
  const all = allKnowledge();
  assert.ok(all.length > 400, `only ${all.length} entries`);
  for (const { kind, entry } of all) {
    const id = `${kind}:${entry.name}`;
    assert.ok(entry.name.trim(), `${id} name`);
    assert.ok(entry.title.trim(), `${id} title`);
    assert.ok(entry.what.trim(), `${id} what`);
    assert.ok(entry.source.trim(), `${id} source`);
    for (const field of ['kubernetes', 'worry', 'since'] as const) {
      if (entry[field] !== undefined) assert.ok(entry[field]!.trim(), `${id} ${field} is empty`);
    }
  }
});

test('table keys equal entry names', () => {
  for (const [k, v] of Object.entries(memoryStatKnowledge)) assert.equal(v.name, k);
  for (const [k, v] of Object.entries(meminfoKnowledge)) assert.equal(v.name, k);
});

test('rule ids look like catalog ids', () => {
  for (const { entry } of allKnowledge()) {
    for (const r of entry.rules ?? []) assert.match(r, /^[a-z-]+\/[a-z0-9-]+$/, `${entry.name}: ${r}`);
  }
});

test('slab cache families resolve through patterns', () => {
  for (const name of ['kmalloc-cg-192', 'kmalloc-rnd-05-64', 'ext4_inode_cache', 'nf_conntrack_ffffffff81a9e280']) {
    const p = slabCachePatterns.find((x) => x.pattern.test(name) && x.name !== '*');
    assert.ok(p, `no pattern for ${name}`);
    assert.ok(lookupKnowledge('slab-cache', name), `lookup failed for ${name}`);
  }
  assert.equal(lookupKnowledge('slab-cache', 'kmalloc-cg-192')!.name, 'kmalloc-cg-*');
  assert.equal(lookupKnowledge('slab-cache', 'kmalloc-rnd-05-64')!.name, 'kmalloc-rnd-NN-*');
  assert.equal(lookupKnowledge('slab-cache', 'nf_conntrack_ffffffff81a9e280')!.name, 'nf_conntrack_<hex>');
  assert.equal(lookupKnowledge('slab-cache', 'kmalloc-1024')!.name, 'kmalloc-1024 (legacy name)');
  assert.equal(lookupKnowledge('slab-cache', 'kmalloc-1k')!.name, 'kmalloc-*');
  assert.equal(lookupKnowledge('slab-cache', 'f2fs_inode_cache')!.name, '*_inode_cache');
  assert.equal(lookupKnowledge('slab-cache', 'dentry')!.name, 'dentry');
  assert.equal(lookupKnowledge('slab-cache', 'nf_conntrack')!.name, 'nf_conntrack');
  assert.equal(lookupKnowledge('slab-cache', 'some_driver_cache')!.name, '*');
});

test('vmstat families resolve through patterns', () => {
  assert.equal(lookupKnowledge('vmstat', 'pgscan_direct')!.name, 'pgscan_direct');
  assert.equal(lookupKnowledge('vmstat', 'pgalloc_device')!.name, 'pgalloc_*');
  assert.equal(lookupKnowledge('vmstat', 'pgsteal_dma32')!.name, 'pgsteal_dma*');
  assert.equal(lookupKnowledge('vmstat', 'thp_file_alloc')!.name, 'thp_*');
  assert.equal(lookupKnowledge('vmstat', 'nr_zone_foo')!.name, 'nr_zone_*');
  assert.equal(lookupKnowledge('vmstat', 'nr_something_new')!.name, 'nr_*');
  assert.ok(vmstatPatterns.every((p) => p.pattern instanceof RegExp));
});

test('cgroup v1 total_* keys resolve', () => {
  const e = lookupKnowledge('memory-stat', 'total_inactive_file');
  assert.ok(e);
  assert.equal(e.name, 'total_inactive_file');
  assert.match(e.title, /^Hierarchical/);
  assert.match(e.what, /descendants/);
  assert.match(e.kubernetes ?? '', /total_inactive_file/);
  for (const k of ['total_cache', 'total_rss', 'total_rss_huge', 'total_shmem', 'total_mapped_file', 'total_swap', 'total_pgfault', 'total_unevictable']) {
    assert.ok(lookupKnowledge('memory-stat', k), k);
  }
});

test('other kinds look up', () => {
  assert.equal(lookupKnowledge('meminfo', 'Node 1 SUnreclaim')!.name, 'SUnreclaim');
  assert.equal(lookupKnowledge('meminfo', 'HugePages_Total')!.name, 'HugePages_Total');
  assert.equal(lookupKnowledge('memory-events', 'oom_kill')!.name, 'oom_kill');
  assert.equal(lookupKnowledge('swap-events', 'fail')!.name, 'fail');
  assert.equal(lookupKnowledge('swap-events', 'swap.max')!.name, 'max');
  assert.equal(lookupKnowledge('pressure', 'avg10')!.name, 'avg10');
  assert.equal(lookupKnowledge('psi-resource', 'irq')!.name, 'irq');
  assert.equal(lookupKnowledge('oom-report', 'pgtables_bytes')!.name, 'pgtables_bytes');
  assert.equal(lookupKnowledge('cgroup-value', 'memory.max')!.name, 'memory.max');
  assert.equal(lookupKnowledge('slabinfo', 'pagesperslab')!.name, 'pagesperslab');
  assert.equal(lookupKnowledge('nope', 'x'), undefined);
  assert.equal(lookupKnowledge('meminfo', 'constructor'), undefined);
});

test('searchKnowledge finds names across tables', () => {
  const s = searchKnowledge('sunreclaim');
  assert.ok(s.some((r) => r.kind === 'meminfo' && r.entry.name === 'SUnreclaim'));
  const pg = searchKnowledge('pgmajfault');
  assert.ok(pg.some((r) => r.kind === 'vmstat'));
  assert.ok(pg.some((r) => r.kind === 'memory-stat'));
  assert.ok(searchKnowledge('kmalloc-cg-64').some((r) => r.entry.name === 'kmalloc-cg-*'));
  assert.deepEqual(searchKnowledge('definitely-not-a-kernel-name'), []);
});

/** Quoted phrases ("...") of the facts file: kernel-doc wording we must not copy. */
function quotedPhrases(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/"([^"\n]{20,})"/g)) out.push(m[1]!);
  return out;
}

function words(s: string): string[] {
  return s.toLowerCase().replace(/[^a-z0-9()_\-]+/g, ' ').trim().split(/\s+/).filter(Boolean);
}

test('no entry copies 8 or more consecutive words of a quoted source phrase', () => {
  const facts = readFileSync(FACTS, 'utf8');
  const quotes = quotedPhrases(facts);
  assert.ok(quotes.length > 20, 'expected quoted phrases in the facts file');
  const windows = new Set<string>();
  for (const q of quotes) {
    const w = words(q);
    for (let i = 0; i + 8 <= w.length; i++) windows.add(w.slice(i, i + 8).join(' '));
  }
  for (const { kind, entry } of allKnowledge()) {
    for (const field of ['title', 'what', 'kubernetes', 'worry'] as const) {
      const text = entry[field];
      if (!text) continue;
      const w = words(text);
      for (let i = 0; i + 8 <= w.length; i++) {
        const win = w.slice(i, i + 8).join(' ');
        assert.ok(!windows.has(win), `${kind}:${entry.name} ${field} copies "${win}"`);
      }
    }
  }
});
