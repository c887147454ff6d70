/**
 * Allocation profiling's call sites (lib/alloc_tag.c, `func:` of each row) that allocate memory for processes and the
 * page cache: anonymous faults, shmem, file and swap cache folios. Every other row is the kernel's own memory (slab
 * pages, vmalloc, drivers and modules). A knowledge table: names as the kernel's mm/ code spells them.
 */
export const USER_MEMORY_SITES: Record<string, string> = {
  folio_prealloc: 'anonymous memory of page faults (mm/memory.c)',
  alloc_anon_folio: 'anonymous memory of page faults (mm/memory.c)',
  do_anonymous_page: 'anonymous memory of page faults (mm/memory.c)',
  vma_alloc_folio: 'anonymous and copy-on-write pages (mm/mempolicy.c)',
  wp_page_copy: 'copy-on-write copies (mm/memory.c)',
  shmem_alloc_folio: 'tmpfs and shared memory (mm/shmem.c)',
  shmem_alloc_and_add_folio: 'tmpfs and shared memory (mm/shmem.c)',
  __filemap_get_folio: 'the page cache (mm/filemap.c)',
  filemap_alloc_folio: 'the page cache (mm/filemap.c)',
  __page_cache_alloc: 'the page cache (mm/filemap.c)',
  ractl_alloc_folio: 'page cache read ahead (mm/readahead.c)',
  page_cache_ra_unbounded: 'page cache read ahead (mm/readahead.c)',
  __read_swap_cache_async: 'pages read back from swap (mm/swap_state.c)',
  compaction_alloc: 'pages compaction moves memory into (mm/compaction.c; in flight, counted where they end up)',
  vma_alloc_anon_folio_pmd: 'anonymous transparent huge pages (mm/huge_memory.c)',
  alloc_charge_folio: 'huge pages khugepaged collapses processes\' memory into (mm/khugepaged.c)',
};

/** Slab pages (mm/slub.c): the objects of slab rows elsewhere in the list live inside them, so those rows overlap. */
export const SLAB_PAGE_SITES = new Set(['alloc_slab_page', 'allocate_slab']);

/** Pages a balloon driver took to give back to the hypervisor: the guest's loss, held by no one in it. */
export const BALLOON_SITES: Record<string, string> = {
  decrease_reservation: 'the Xen balloon (drivers/xen/balloon.c)',
  balloon_page_alloc: 'a virtio or VMware balloon (mm/balloon_compaction.c)',
};

/** Modules whose allocations are a cache of their own: named in the story with what they are. */
export const MODULE_NOTES: Record<string, string> = {
  zfs: 'OpenZFS', spl: 'OpenZFS',
};
