/** Deterministic benchmark inputs: per-minute captures of meminfo + vmstat + PSI, as a `while true` loop prints them. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

function rng(seed: number) {
  let s = seed >>> 0;
  return () => { s = (s * 1664525 + 1013904223) >>> 0; return s / 2 ** 32; };
}

const sample = readFileSync(join(__dirname, '..', 'fixtures', 'sample-node-snapshot.txt'), 'utf8');
const MEMINFO = /==> \/proc\/meminfo <==\n([\s\S]*?)\n\n/.exec(sample)![1].split('\n');
const VMSTAT_SAMPLE = /==> \/proc\/vmstat <==\n([\s\S]*?)\n\n/.exec(sample)![1].split('\n');
// A 6.x /proc/vmstat has ~170 keys; pad the sample's with zone, NUMA and THP counters to that size.
const EXTRA = ['numa_hit', 'numa_miss', 'numa_foreign', 'numa_interleave', 'numa_local', 'numa_other', 'workingset_nodes', 'workingset_refault_anon', 'workingset_refault_file', 'workingset_activate_anon', 'workingset_activate_file', 'workingset_restore_anon', 'workingset_restore_file', 'workingset_nodereclaim', 'nr_isolated_anon', 'nr_isolated_file', 'nr_foll_pin_acquired', 'nr_foll_pin_released', 'nr_vmscan_write', 'nr_vmscan_immediate_reclaim', 'nr_dirtied', 'nr_written', 'nr_throttled_written', 'nr_kernel_misc_reclaimable', 'nr_swapcached', 'nr_free_cma', 'nr_mlock', 'nr_bounce', 'nr_zspages', 'nr_unevictable']
  .concat(...['dma', 'dma32', 'normal', 'movable', 'device'].map((z) => [`pgalloc_${z}`, `allocstall_${z}`, `pgskip_${z}`, `pgrefill_${z}`]))
  .concat(['pgfree', 'pgactivate', 'pgdeactivate', 'pglazyfree', 'pglazyfreed', 'pgreuse', 'pgsteal_khugepaged', 'pgscan_khugepaged', 'pgdemote_kswapd', 'pgdemote_direct', 'pgscan_anon', 'pgscan_file', 'pgsteal_anon', 'pgsteal_file', 'zone_reclaim_failed', 'pginodesteal', 'slabs_scanned', 'kswapd_inodesteal', 'kswapd_low_wmark_hit_quickly', 'kswapd_high_wmark_hit_quickly', 'pageoutrun', 'pgrotated', 'drop_pagecache', 'drop_slab', 'numa_pte_updates', 'numa_huge_pte_updates', 'numa_hint_faults', 'numa_hint_faults_local', 'numa_pages_migrated', 'pgmigrate_success', 'pgmigrate_fail', 'thp_migration_success', 'thp_migration_fail', 'compact_migrate_scanned', 'compact_free_scanned', 'compact_isolated', 'compact_fail', 'compact_success', 'compact_daemon_wake', 'htlb_buddy_alloc_success', 'htlb_buddy_alloc_fail', 'unevictable_pgs_culled', 'unevictable_pgs_scanned', 'unevictable_pgs_rescued', 'unevictable_pgs_mlocked', 'unevictable_pgs_munlocked', 'unevictable_pgs_cleared', 'unevictable_pgs_stranded', 'thp_fault_alloc', 'thp_fault_fallback', 'thp_fault_fallback_charge', 'thp_collapse_alloc', 'thp_collapse_alloc_failed', 'thp_file_alloc', 'thp_file_fallback', 'thp_file_mapped', 'thp_split_page', 'thp_split_page_failed', 'thp_deferred_split_page', 'thp_split_pmd', 'thp_zero_page_alloc', 'thp_swpout', 'thp_swpout_fallback', 'balloon_inflate', 'balloon_deflate', 'swap_ra', 'swap_ra_hit', 'ksm_swpin_copy', 'cow_ksm', 'zswpin', 'zswpout', 'direct_map_level2_splits', 'direct_map_level3_splits']);
const have = new Set(VMSTAT_SAMPLE.map((l) => l.split(' ')[0]));
const VMSTAT = [...VMSTAT_SAMPLE.slice(0, -1), ...EXTRA.filter((k) => !have.has(k)).map((k, i) => `${k} ${(i * 104729) % 9999991}`), VMSTAT_SAMPLE[VMSTAT_SAMPLE.length - 1]];

/** `minutes` captures, one per minute from a fixed start; numbers drift deterministically. */
export function daySeries(minutes: number, seed = 1): string {
  const r = rng(seed);
  const start = Date.UTC(2026, 10, 24, 0, 0, 0);
  const parts: string[] = [];
  for (let i = 0; i < minutes; i++) {
    parts.push(new Date(start + i * 60000).toISOString().replace('.000Z', '+00:00'));
    parts.push('==> /proc/meminfo <==');
    for (const l of MEMINFO) parts.push(l.replace(/(\d+)( kB)?$/, (_m, n: string, u = '') => `${Math.round(Number(n) * (0.95 + r() * 0.1) + (l.startsWith('SUnreclaim') ? i * 40 : 0))}${u}`));
    parts.push('', '==> /proc/vmstat <==');
    for (const l of VMSTAT) parts.push(l.replace(/(\d+)$/, (n) => String(Number(n) + Math.floor(i * 100 * r()))));
    parts.push('', '==> /proc/pressure/memory <==');
    const a = (r() * 20).toFixed(2);
    parts.push(`some avg10=${a} avg60=${(Number(a) * 0.8).toFixed(2)} avg300=${(Number(a) * 0.6).toFixed(2)} total=${1000000 + i * 12345}`);
    parts.push(`full avg10=${(Number(a) / 3).toFixed(2)} avg60=${(Number(a) / 4).toFixed(2)} avg300=${(Number(a) / 5).toFixed(2)} total=${500000 + i * 6789}`);
    parts.push('');
  }
  return parts.join('\n');
}

/** A JSON document of about `bytes` bytes, for the vscode-json-languageservice reference. */
export function jsonOfSize(bytes: number): string {
  const items: string[] = [];
  let n = 2;
  let i = 0;
  while (n < bytes) { const s = `{"key":"field_${i}","value":${i * 7919 % 100000},"unit":"kB","ok":true}`; items.push(s); n += s.length + 1; i++; }
  return `[${items.join(',')}]`;
}
