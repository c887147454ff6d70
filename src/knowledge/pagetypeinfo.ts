/**
 * Hover knowledge for /proc/pagetypeinfo: its headings and the migrate types the buddy allocator groups
 * pageblocks by. Facts from include/linux/mmzone.h (enum migratetype), mm/page_alloc.c (fallbacks,
 * steal_suitable_fallback) and mm/vmstat.c (pagetypeinfo_show*); texts are our own wording.
 */
import type { KnowledgeTable } from './types';
import { entry as e, table } from './types';

const SRC = 'include/linux/mmzone.h (enum migratetype); mm/page_alloc.c';

export const pagetypeinfoKnowledge: KnowledgeTable = table([
  e('Page block order', 'Size of a pageblock, as an order',
    'A pageblock is 2^order pages (order 9 with 4 KiB pages: 2 MiB, the size of a transparent huge page). The allocator labels each pageblock with one migrate type, and takes a block of another type (steals it) only when its own type has nothing free.',
    { source: 'mm/vmstat.c (pagetypeinfo_showfree); include/linux/pageblock-flags.h (pageblock_order)' }),
  e('Pages per block', 'Pages in one pageblock', '2^"Page block order": the number of pages whose migrate type is recorded together.',
    { source: 'mm/vmstat.c (pagetypeinfo_show)' }),
  e('Free pages count per migrate type', 'Free blocks by order, for each migrate type',
    'Like /proc/buddyinfo, but split by the migrate type of the pageblock each free block sits in: the counts at each order are free blocks of 2^order pages. Summed over the types, a zone\'s row is its buddyinfo line.',
    { worry: 'Large free blocks only under Movable, and none under Unmovable, mean kernel allocations of higher orders must steal and split movable blocks (fragmentation grows).', source: 'mm/vmstat.c (pagetypeinfo_showfree)' }),
  e('Number of blocks type', 'Pageblocks of each migrate type, per zone',
    'How many pageblocks of the zone carry each migrate type: a census of who owns the zone\'s memory by mobility, free or not.',
    { worry: 'A healthy zone is mostly Movable. When Unmovable blocks are most of a large zone, kernel memory that never moves (slab, driver and balloon pages) is spread over it: no compaction can turn those blocks into huge pages (rule buddyinfo/unmovable-pageblocks).', source: 'mm/vmstat.c (pagetypeinfo_showblockcount)', rules: ['buddyinfo/unmovable-pageblocks'] }),
  e('Unmovable', 'Migrate type: memory that cannot move', 'Kernel allocations whose physical address must not change: slab, page tables, kernel stacks, most driver buffers, balloon pages. Compaction cannot move them, so a block holding even one such page stays unmovable.',
    { source: SRC }),
  e('Movable', 'Migrate type: memory that can move', 'User pages and page cache that compaction can migrate (the kernel updates the page tables that map them): most of a healthy zone, and where huge pages are made.',
    { source: SRC }),
  e('Reclaimable', 'Migrate type: kernel memory that can be freed', 'Kernel caches that reclaim can free but not move: reclaimable slab (dentries, inodes) and some file-system metadata.',
    { source: SRC }),
  e('HighAtomic', 'Migrate type: reserve for high-order atomic allocations', 'Pageblocks the allocator set aside after a high-order atomic allocation failed, so the next ones (network drivers) find a block without reclaim; at most about 1 % of the zone (reserved_highatomic in Mem-Info).',
    { since: '4.4', source: `${SRC} (reserve_highatomic_pageblock)` }),
  e('CMA', 'Migrate type: Contiguous Memory Allocator area', 'Blocks reserved for large contiguous device buffers (cameras, codecs, DMA): only movable allocations may borrow them, and they are taken back when the device needs them.',
    { source: `${SRC}; mm/cma.c` }),
  e('Isolate', 'Migrate type: blocks being isolated', 'Pageblocks taken out of use for a moment while memory is offlined or a CMA range is allocated.',
    { source: `${SRC} (set_migratetype_isolate)` }),
  e('Reserve', 'Migrate type: the old min-watermark reserve (before 4.4)', 'Kernels before 4.4 kept pageblocks of type Reserve for the min watermark; 4.4 replaced them with HighAtomic.',
    { source: SRC }),
]);
