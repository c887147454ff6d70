/**
 * Hover knowledge for PSI files: /proc/pressure/{memory,cpu,io,irq} and the
 * per-cgroup memory.pressure / cpu.pressure / io.pressure / irq.pressure.
 * Facts from Documentation/accounting/psi.rst and kernel/sched/psi.c psi_show();
 * texts are our own wording.
 */
import type { KnowledgeEntry, KnowledgeTable } from './types';
import { entry, table, type Rest } from './types';

const DOC = 'Documentation/accounting/psi.rst';
const DOC_CODE = `${DOC}; kernel/sched/psi.c psi_show()`;

const e = entry;

const KUBELET_PSI =
  'The kubelet\'s eviction signals are memory.available, nodefs/imagefs availability and pid counts, not PSI: a node can sit at high memory pressure without any eviction. Recent Kubernetes releases can export PSI as metrics (behind a feature gate), but eviction does not act on it.';

/** Keys inside a PSI line. */
export const pressureKnowledge: KnowledgeTable = table([
  e('some', 'Some tasks stalled',
    'Share of time in which at least one runnable task was waiting for this resource. Other tasks may still have made progress, so it measures added latency rather than lost throughput.',
    {
      kubernetes: KUBELET_PSI,
      worry: 'For memory: some avg10 ≥ 20 % is a warning and ≥ 50 % critical (rule pressure/memory-some). For cpu: some avg10 ≥ 50 % (rule pressure/cpu-some).',
      since: '4.20',
      source: DOC_CODE,
      rules: ['pressure/memory-some', 'pressure/cpu-some', 'pressure/sustained'],
    }),
  e('full', 'All tasks stalled',
    'Share of time in which every non-idle task was waiting for this resource at once, so no useful work was done at all. Long stretches in this state are what thrashing looks like.',
    {
      kubernetes: `${KUBELET_PSI} systemd-oomd, by contrast, kills a cgroup when memory full avg10 stays above 60 % for 30 s (its defaults).`,
      worry: 'For memory: full avg10 ≥ 10 % is a warning and ≥ 50 % critical (rule pressure/memory-full). For io: full avg10 ≥ 20 % (rule pressure/io-full). Any non-zero avg300 deserves a look.',
      since: '4.20',
      source: DOC_CODE,
      rules: ['pressure/memory-full', 'pressure/io-full', 'pressure/sustained'],
    }),
  e('avg10', 'Stall share, last 10 s',
    'Percentage of the last ~10 seconds spent stalled (some or full, per line). A running average, updated every two seconds: the best single-snapshot indicator of what is happening now.',
    {
      worry: 'The pressure rules fire on avg10; see the some/full entries for the thresholds.',
      source: DOC_CODE,
      rules: ['pressure/memory-full', 'pressure/memory-some', 'pressure/io-full', 'pressure/cpu-some'],
    }),
  e('avg60', 'Stall share, last 60 s',
    'Percentage of roughly the last minute spent stalled. Smooths out short spikes seen in avg10.',
    { source: DOC_CODE }),
  e('avg300', 'Stall share, last 5 min',
    'Percentage of roughly the last five minutes spent stalled: the trend. High avg300 means the pressure is a condition, not a spike.',
    {
      worry: 'When avg300 is itself above a rule\'s warning level and at least half of avg10, the pressure is sustained (rule pressure/sustained).',
      source: DOC_CODE,
      rules: ['pressure/sustained'],
    }),
  e('total', 'Total stall time',
    'Cumulative stall time since boot (or since the cgroup was created), counted in microseconds rather than percent. It catches stalls too short to move the averages.',
    {
      worry: 'Compare two snapshots: the difference divided by the elapsed time gives the exact stall share over any interval.',
      source: DOC_CODE,
    }),
]);

/** The resource a PSI file describes (file name or the cgroup file prefix). */
export const psiResourceKnowledge: KnowledgeTable = table([
  e('memory', 'Memory pressure',
    'Time lost because tasks waited for memory: direct reclaim, refaulting evicted pages back in, swap-in and waiting on throttling. The most direct measure of whether a machine or cgroup has too little memory for its working set.',
    {
      kubernetes: `${KUBELET_PSI} A container's memory.pressure rising while it sits near memory.max or memory.high shows the limit is too tight before any OOM kill happens. systemd-oomd acts on memory full avg10 > 60 % for 30 s by default.`,
      worry: 'full avg10 ≥ 10 % warning, ≥ 50 % critical (rule pressure/memory-full); some avg10 ≥ 20 % warning, ≥ 50 % critical (rule pressure/memory-some).',
      since: '4.20',
      source: DOC_CODE,
      rules: ['pressure/memory-full', 'pressure/memory-some', 'pressure/sustained'],
    }),
  e('cpu', 'CPU pressure',
    'Time runnable tasks waited for a CPU. At system level only `some` is meaningful: kernels 4.20–5.12 print just the some line, and since 5.13 a `full` line is printed for compatibility but is always zero. Per-cgroup cpu.pressure has a real full line (including time lost to CPU throttling by cpu.max).',
    {
      kubernetes: 'A container throttled by its CPU limit shows high cpu.pressure in its own cgroup; that is not a node problem.',
      worry: 'some avg10 ≥ 50 % (rule pressure/cpu-some).',
      since: '4.20',
      source: DOC_CODE,
      rules: ['pressure/cpu-some'],
    }),
  e('io', 'I/O pressure',
    'Time tasks waited on block I/O, including reads caused by memory shortage (refaults), so memory thrashing often shows up here too.',
    {
      worry: 'full avg10 ≥ 20 % (rule pressure/io-full). Rising io and memory pressure together usually mean memory thrashing, not a slow disk.',
      since: '4.20',
      source: DOC_CODE,
      rules: ['pressure/io-full'],
    }),
  e('irq', 'IRQ pressure',
    'Time the CPUs spent handling hardware and soft interrupts while tasks were waiting. The file has only a `full` line and exists only with CONFIG_IRQ_TIME_ACCOUNTING.',
    {
      worry: 'Persistently non-zero values point at interrupt storms or heavy network softirq load stealing CPU from workloads.',
      since: '≈6.1',
      source: DOC_CODE,
    }),
]);
