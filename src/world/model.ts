/**
 * The model of the captured world: what a document says about one node, put
 * together once after parsing so that rules judge files side by side rather
 * than one section at a time.
 *
 * - A **moment** is one capture of the node: the files taken at one time
 *   (one timestamp, or one run of files in which no file repeats). A
 *   before/after paste is two moments, and no rule pairs files across them.
 * - Within a moment, **cgroups are keyed by path** (`/` for the root,
 *   `/kubepods.slice/…`), from whatever files and layouts the capture holds.
 * - **OOM events** belong to the document (a kernel log spans time); each is
 *   linked to the cgroup it names and to the moment whose files surround it.
 */
import type { KeyValueSection, OomEvent, OomReportSection, OpaqueSection, PressureSection, SlabinfoSection } from '../model';

export interface CgroupFiles {
  /** Cgroup path: `/` for the root, `''` when the capture does not say where the files came from. */
  path: string;
  stat?: KeyValueSection;
  /** memory.events (hierarchical) and memory.events.local. */
  events?: KeyValueSection;
  eventsLocal?: KeyValueSection;
  swapEvents?: KeyValueSection;
  /** One-value files by name: memory.current, memory.max, memory.usage_in_bytes … */
  values: Record<string, KeyValueSection>;
  /** Its PSI files (memory.pressure, io.pressure, cpu.pressure …), one per resource. */
  pressure: PressureSection[];
}

export interface Moment {
  /** 0-based position among the document's moments. */
  index: number;
  capturedAt?: string;
  /** Indexes of the sections in this moment. */
  sections: number[];
  meminfo?: KeyValueSection;
  vmstat?: KeyValueSection;
  slabinfo?: SlabinfoSection;
  /** Node-level PSI (/proc/pressure/*), by resource. */
  pressure: PressureSection[];
  /** Sysctls captured as files (`/proc/sys/vm/overcommit_memory` → `vm.overcommit_memory`). */
  sysctl: Record<string, number>;
  cgroups: Map<string, CgroupFiles>;
  /** buddyinfo, zoneinfo, numa_stat. */
  opaque: OpaqueSection[];
}

export interface OomLink {
  section: OomReportSection;
  event: OomEvent;
  /** The moment whose files the report sits among (the last one before it, else the first). */
  moment?: number;
}

export interface World {
  moments: Moment[];
  oom: OomLink[];
}
