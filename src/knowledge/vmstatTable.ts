/**
 * Hover knowledge for the columns of a `vmstat N` table. Facts from procps vmstat.c (new_format: which
 * kernel counter each column prints and how it is scaled) and the vmstat(8) manual; texts are our own.
 */
import type { KnowledgeTable } from './types';
import { entry as e, table } from './types';

const SRC = 'procps vmstat.c new_format(); vmstat(8)';
const FIRST_ROW = 'The first row after the command averages since boot; later rows cover one delay each.';

export const vmstatTableKnowledge: KnowledgeTable = table([
  e('r', 'Runnable tasks', 'Tasks running or waiting for a CPU (procs_running of /proc/stat) at the moment of the sample.', { worry: 'Above the CPU count for long: the node is CPU-bound, not memory-bound.', source: SRC }),
  e('b', 'Tasks blocked', 'Tasks in uninterruptible sleep (procs_blocked of /proc/stat), mostly waiting for disk I/O: reading pages back in after reclaim, or writeback.', { worry: 'Several for long, with si/so or bi high and little cache: memory thrashing shows here first.', source: SRC, rules: ['vmstat/swapping'] }),
  e('w', 'Swapped-out tasks (old vmstat)', 'Old procps printed the runnable tasks swapped out; modern kernels have no such count and the column is gone.', { source: SRC }),
  e('swpd', 'Swap used', 'Swap in use: SwapTotal − SwapFree of /proc/meminfo, in the -S unit (KiB by default).', { worry: 'Growing while si/so move: the node pushes its working set out. A steady value with si/so at 0 is old cold pages and harmless.', source: SRC, rules: ['vmstat/swapping'] }),
  e('free', 'Free memory', 'MemFree of /proc/meminfo, in the -S unit (KiB by default): memory nothing uses, not what is available (page cache can be given back too). procps converts sizes through a 32-bit float, so from 16 GiB up the last digits are rounded.', { worry: 'Near the zone watermarks (a few hundred MiB on a large node) with cache shrinking: reclaim is working hard.', source: SRC }),
  e('buff', 'Buffers', 'Buffers of /proc/meminfo: block-device page cache (file system metadata), in the -S unit.', { source: SRC }),
  e('cache', 'Page cache', 'Cached (plus SReclaimable in procps 3.3.10 and later) of /proc/meminfo, in the -S unit: file pages and reclaimable slab the kernel can give back.', { worry: 'Shrinking toward almost nothing while bi rises: file pages are read back as soon as they are dropped (thrashing without swap).', source: SRC }),
  e('inact', 'Inactive memory (vmstat -a)', 'Inactive of /proc/meminfo: pages not used lately, first to be reclaimed, in the -S unit.', { source: SRC }),
  e('active', 'Active memory (vmstat -a)', 'Active of /proc/meminfo: pages used lately, in the -S unit.', { source: SRC }),
  e('si', 'Swapped in per second', `Memory read back from swap per second (pswpin of /proc/vmstat × the page size, in the -S unit: KiB by default). ${FIRST_ROW}`, { worry: 'Steadily above zero together with so: thrashing (rule vmstat/swapping, 100 pages/s by default).', source: SRC, rules: ['vmstat/swapping'] }),
  e('so', 'Swapped out per second', `Memory written to swap per second (pswpout × the page size, in the -S unit). ${FIRST_ROW}`, { worry: 'Bursts while memory fills are normal for a node with swap; steady so with si is thrashing (rule vmstat/swapping).', source: SRC, rules: ['vmstat/swapping'] }),
  e('bi', 'Read from block devices per second', `KiB read per second (pgpgin of /proc/vmstat), whatever -S says. ${FIRST_ROW}`, { worry: 'High with a tiny cache column: the same file pages are read again and again.', source: SRC }),
  e('bo', 'Written to block devices per second', `KiB written per second (pgpgout of /proc/vmstat): writeback and swap-out. ${FIRST_ROW}`, { source: SRC }),
  e('in', 'Interrupts per second', `Interrupts per second (intr of /proc/stat). ${FIRST_ROW}`, { source: SRC }),
  e('cs', 'Context switches per second', `Context switches per second (ctxt of /proc/stat). ${FIRST_ROW}`, { source: SRC }),
  e('us', 'User CPU', 'Share of CPU time in user space (user + nice, less guest), in percent of all CPUs.', { source: SRC }),
  e('sy', 'System CPU', 'Share of CPU time in the kernel (system + irq + softirq), in percent of all CPUs: reclaim and compaction are counted here.', { worry: 'High with si/so or a busy kswapd: the kernel spends the CPU reclaiming.', source: SRC }),
  e('id', 'Idle CPU', 'Share of CPU time idle, in percent.', { source: SRC }),
  e('wa', 'I/O wait', 'Share of CPU time idle while tasks waited for I/O, in percent.', { worry: 'High together with b and swap or page-cache traffic: memory pressure turned into disk waits.', source: SRC }),
  e('st', 'Steal', 'Share of time a virtual machine\'s CPUs were ready but the hypervisor ran something else, in percent.', { source: SRC }),
  e('gu', 'Guest CPU', 'Share of CPU time running guests (KVM), in percent (procps 4).', { source: SRC }),
]);
