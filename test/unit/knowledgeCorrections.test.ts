/**
 * Corrections from the expert review of the knowledge tables. Each test fails
 * on the text the entry had before the correction. The kernel file each fact
 * comes from is named next to the test.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allKnowledge, lookupKnowledge, type KnowledgeEntry } from '../../src/knowledge';

function get(kind: string, name: string): KnowledgeEntry {
  const e = lookupKnowledge(kind, name);
  assert.ok(e, `no ${kind} entry ${name}`);
  assert.equal(e.name, name, `${kind}:${name} resolved to ${e.name}`);
  return e;
}

/** Every text field of an entry in one string. */
function text(e: KnowledgeEntry): string {
  return [e.title, e.what, e.kubernetes ?? '', e.worry ?? ''].join('\n');
}

// mm/oom_kill.c: queue_oom_reaper() delays the reaper by OOM_REAPER_DELAY (2*HZ)
// since 5.18; a victim that exits first is skipped silently; the stuck case
// prints "oom_reaper: unable to reap pid:%d"; __oom_reap_task_mm() skips
// VM_HUGETLB|VM_PFNMAP and VM_SHARED file mappings.
test('oom_reaper: a missing "reaped process" line is normal; "unable to reap" is the stuck case', () => {
  const e = get('oom-report', 'oom_reaper');
  assert.doesNotMatch(text(e), /confirms the memory was reclaimed/);
  assert.doesNotMatch(text(e), /without a following reaper line.*can mean the victim was stuck/s);
  assert.match(e.worry ?? '', /missing reaped line is normal/);
  assert.match(e.worry ?? '', /5\.18/);
  assert.match(e.worry ?? '', /unable to reap pid:N/);
  assert.match(e.what, /only when the reaper did that work/);
  assert.match(e.what, /shared file mappings are left alone/);
  assert.match(e.what, /hugetlb/);
});

// mm/memory.c do_anonymous_page(): mem_cgroup_charge(folio, mm, GFP_KERNEL);
// mm/page_alloc.c: atomic allocations cannot reach __alloc_pages_may_oom().
test('gfp_mask: GFP_KERNEL is the normal mask of a memcg OOM, not a sign of kernel trouble', () => {
  const e = get('oom-report', 'gfp_mask');
  assert.doesNotMatch(text(e), /kernel-only mask \(GFP_KERNEL, GFP_ATOMIC\)/);
  assert.match(e.kubernetes ?? '', /0xcc0\(GFP_KERNEL\)/);
  assert.match(e.worry ?? '', /In a memcg OOM GFP_KERNEL is the normal case/);
  assert.match(e.worry ?? '', /atomic allocations never start the OOM killer/);
});

// mm/memcontrol.c mem_cgroup_oom() and mm/page_alloc.c __alloc_pages_may_oom():
// `if (order > PAGE_ALLOC_COSTLY_ORDER)` returns without a kill; the constant is 3.
test('order: only orders above PAGE_ALLOC_COSTLY_ORDER (3) skip the OOM killer, in a memcg too', () => {
  const order = get('oom-report', 'order');
  assert.doesNotMatch(text(order), /not raised for failed high-order allocations/);
  assert.match(order.worry ?? '', /order 0 to 3 \(PAGE_ALLOC_COSTLY_ORDER\)/);
  assert.match(order.worry ?? '', /in a memory cgroup or node-wide/);
  const oom = get('memory-events', 'oom');
  assert.doesNotMatch(oom.what, /Failed high-order allocations do not count/);
  assert.match(oom.what, /above order 3/);
});

// mm/oom_kill.c oom_badness(): get_mm_rss() + MM_SWAPENTS + mm_pgtables_bytes() / PAGE_SIZE.
test('badness: resident pages + swap entries + page tables; unmapped page cache is not in the score', () => {
  for (const name of ['oom_score_adj', 'Tasks state']) {
    const e = get('oom-report', name);
    assert.match(e.what, /resident pages \(anon, mapped file and shmem\), plus swap entries, plus page-table pages/, name);
    assert.match(e.what, /Page cache that the process does not map is not part of any process score/, name);
  }
  assert.match(get('oom-report', 'file-rss').what, /count in its badness score/);
});

// Kubernetes pkg/kubelet/qos/policy.go: guaranteed -997, Burstable min 3; -998 is the pod sandbox.
test('oom_score_adj: -998 is the pod sandbox of every QoS class, Guaranteed is -997', () => {
  const k = get('oom-report', 'oom_score_adj').kubernetes ?? '';
  assert.match(k, /-997 = Guaranteed/);
  assert.match(k, /3\.\.999 = Burstable/);
  assert.match(k, /-998 is not a QoS class: it marks the pod sandbox \(pause\) process/);
  assert.match(k, /whatever its class/);
});

// Kubernetes pkg/volume/configmap/configmap.go: disk-backed emptyDir (PR 25306);
// pkg/volume/secret, projected, downwardapi: emptyDir medium Memory.
test('ConfigMap volumes are on disk, not tmpfs; Secret and projected volumes are tmpfs', () => {
  const entries = [
    get('memory-stat', 'shmem'),
    get('memory-stat', 'total_shmem'),
    get('meminfo', 'Shmem'),
    get('slab-cache', 'shmem_inode_cache'),
  ];
  for (const e of entries) {
    const k = e.kubernetes ?? '';
    assert.doesNotMatch(k, /Secret, ConfigMap and projected volumes are tmpfs/, e.name);
    assert.match(k, /ConfigMap volumes (are not tmpfs|are plain files|are not:)/, e.name);
    assert.match(k, /disk/, e.name);
    assert.match(k, /projected volumes/, e.name);
    assert.match(k, /emptyDir (volumes with )?medium: Memory/, e.name);
  }
  // A kubelet-written tmpfs page is charged to the kubelet, not to the pod.
  assert.match(get('memory-stat', 'shmem').kubernetes ?? '', /the kubelet writes them, so their small size is charged outside the pod/);
});

// mm/vmscan.c kswapd_try_to_sleep(): LOW when woken during the HZ/10 nap,
// HIGH when the nap was not cut short but the node is still below the high watermark.
test('kswapd_*_wmark_hit_quickly describe a nap cut short or ended while still unbalanced', () => {
  const high = get('vmstat', 'kswapd_high_wmark_hit_quickly');
  assert.doesNotMatch(high.what, /already met/);
  assert.match(high.what, /still below its high watermark/);
  assert.match(high.what, /went straight back to reclaiming/);
  const low = get('vmstat', 'kswapd_low_wmark_hit_quickly');
  assert.match(low.what, /was woken before the nap ended/);
  assert.match(low.what, /low watermark/);
});

// mm/memcontrol.c memcg_page_state_output(): MEMCG_ZSWAP_INCOMP × PAGE_SIZE (bytes);
// include/linux/mmzone.h: NR_KERNEL_SCS_KB, NR_KERNEL_STACK_KB "measured in KiB".
test('units stated in the tables: zswap_incomp bytes, nr_shadow_call_stack and nr_kernel_stack KiB', () => {
  const z = get('memory-stat', 'zswap_incomp');
  assert.doesNotMatch(z.what, /^Pages currently held/);
  assert.match(z.what, /A size in bytes/);
  assert.match(z.what, /not a page or event count/);
  assert.match(get('vmstat', 'nr_shadow_call_stack').what, /Counted in KiB/);
  assert.match(get('vmstat', 'nr_kernel_stack').what, /counted in KiB, not pages/);
});

// mm/hugetlb.c hugetlb_show_meminfo_node(): hugepages_total=%u; mm/show_mem.c: reserved_highatomic:%luKB.
test('OOM Mem-Info: hugepages_total= is a count of huge pages, reserved_highatomic:…KB is KiB', () => {
  const m = get('oom-report', 'Mem-Info');
  assert.match(m.what, /hugepages_total=, hugepages_free= and hugepages_surp= values are numbers of huge pages/);
  assert.match(m.what, /reserved_highatomic .*upper-case KB suffix but are KiB/);
  assert.match(get('oom-report', 'hugepages_total').what, /numbers of huge pages, not base pages and not KiB/);
  assert.match(get('oom-report', 'reserved_highatomic').what, /upper-case KB suffix is still KiB/);
});

// net/netfilter/nf_conntrack_core.c __nf_conntrack_alloc(): printed only past nf_conntrack_max
// and after early_drop() failed.
test('nf_conntrack "table full, dropping packet" appears only when the table is full', () => {
  const w = get('slab-cache', 'nf_conntrack').worry ?? '';
  assert.doesNotMatch(w, /75 %/);
  assert.match(w, /no early warning/);
  assert.match(w, /only once the table is actually full/);
});

// mm/filemap.c filemap_fault(): PGMAJFAULT for every page-cache miss; refaults live in mm/workingset.c.
test('pgmajfault is any fault needing I/O, not thrashing by itself; refaults are the evidence', () => {
  const entries = [get('vmstat', 'pgmajfault'), get('memory-stat', 'pgmajfault'), get('memory-stat', 'total_pgmajfault')];
  for (const e of entries) {
    const t = text(e);
    assert.doesNotMatch(t, /processes keep re-reading evicted code or data: memory is too small/, e.name);
    assert.doesNotMatch(t, /A sustained high rate near the limit means the container re-reads/, e.name);
    assert.match(e.what, /first (reads|touch) of (mapped files|a mapped file)/, e.name);
    assert.match(e.worry ?? '', /workingset_refault_file/, e.name);
    assert.match(e.worry ?? '', /workingset_refault_anon/, e.name);
  }
  assert.deepEqual(get('vmstat', 'pgmajfault').rules, ['vmstat/major-faults']);
});

// kernel/fork.c (CONFIG_VMAP_STACK stacks come from __vmalloc_node_range) and
// mm/vmalloc.c (nr_vmalloc_pages counts every vmalloc page).
test('KernelStack is inside VmallocUsed with CONFIG_VMAP_STACK: both entries say to count it once', () => {
  for (const name of ['KernelStack', 'VmallocUsed']) {
    const e = get('meminfo', name);
    assert.match(e.what, /CONFIG_VMAP_STACK/, name);
    assert.match(e.what, /both KernelStack and VmallocUsed: count it once/, name);
  }
  assert.doesNotMatch(get('meminfo', 'VmallocUsed').what, /kernel stacks on many configs/);
});

// arch/x86/include/asm/pgtable_64_types.h: VMALLOC_SIZE_TB_L4 32, VMALLOC_SIZE_TB_L5 12800;
// VmallocTotal = (VMALLOC_END - VMALLOC_START) >> 10 with VMALLOC_END inclusive.
test('VmallocTotal: 32 TiB only with 4-level paging, 12800 TiB with 5-level, other arches differ', () => {
  const w = get('meminfo', 'VmallocTotal').what;
  assert.doesNotMatch(w, /on x86-64 it is a fixed 32 TiB/);
  assert.match(w, /4-level paging shows 34359738367 kB \(32 TiB\)/);
  assert.match(w, /5-level paging 13743895347199 kB \(12800 TiB\)/);
  assert.match(w, /other architectures/);
  // The arithmetic behind the two numbers.
  assert.equal((32n * 2n ** 40n - 1n) / 1024n, 34359738367n);
  assert.equal((12800n * 2n ** 40n - 1n) / 1024n, 13743895347199n);
});

// mm/memcontrol.c memory_stats[]: "kernel" is MEMCG_KMEM (5.18); sockets are MEMCG_SOCK.
test('memory.stat kernel excludes sock and exists since 5.18', () => {
  const k = get('memory-stat', 'kernel');
  assert.match(k.what, /Socket buffers are not included/);
  assert.equal(k.since, '5.18');
  assert.doesNotMatch(k.worry ?? '', /look at slab_unreclaimable, sock and kernel_stack/);
  assert.match(k.worry ?? '', /sock separately, since it comes on top of this figure/);
  assert.match(get('memory-stat', 'sock').what, /not part of `kernel`/);
});

test('Slab: the reclaimable half is a cache, not kernel memory to worry about', () => {
  assert.match(get('meminfo', 'Slab').worry ?? '', /SReclaimable \(mostly dentries and inodes\) is a cache the kernel shrinks under pressure/);
});

test('no entry repeats the corrected claims', () => {
  const bad: [RegExp, string][] = [
    [/-998\s*(=|is|means)\s*Guaranteed/i, '-998 as Guaranteed'],
    [/(SReclaimable|reclaimable slab|dentr(y|ies))[^.]*hidden kernel memory/i, 'reclaimable slab as hidden kernel memory'],
    [/dentry[^.]*how (kernel )?leaks show/i, 'dentry cache as a leak sign'],
    [/Committed_AS[^.]*above CommitLimit[^.]*(problem|fail)[^.]*mode 0/i, 'overcommit in mode 0 as a problem'],
    [/ConfigMap[^.]*(are|is) tmpfs/i, 'ConfigMap as tmpfs'],
    [/fixed 32 TiB/, 'VmallocTotal always 32 TiB'],
    [/high watermark already met/, 'kswapd_high_wmark_hit_quickly inverted'],
  ];
  for (const { kind, entry } of allKnowledge()) {
    const t = text(entry);
    for (const [re, what] of bad) assert.doesNotMatch(t, re, `${kind}:${entry.name} says ${what}`);
  }
});
