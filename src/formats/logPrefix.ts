/**
 * Kernel log line prefixes (facts §3.9): raw dmesg, CONFIG_PRINTK_CALLER,
 * `dmesg -T` in any locale, syslog/journal, `journalctl -o short-iso`,
 * /dev/kmsg records and the `OOM[n]:` prefix of some patched kernels.
 */
export interface LogPrefix {
  /** Length of the prefix; the message starts here. */
  length: number;
  /** Seconds since boot, from `[ 123.456789]`. */
  uptime?: number;
  /** Wall-clock text as printed (dmesg -T, syslog, ISO). */
  clock?: string;
}

const RAW = /^\[\s*(\d+\.\d+)\](?:\[\s*[TC]\d+\])?\s?/;
const HUMAN = /^\[([^\]]{0,20}\d{1,2}:\d\d:\d\d[^\]]{0,12})\]\s?/;
const SYSLOG = /^([A-Z][a-z]{2}\s+\d{1,2}\s\d\d:\d\d:\d\d)\s\S+\s[\w\-./]+(?:\[\d+\])?:\s?/;
const ISO = /^(\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)?)\s\S+\s[\w\-./]+(?:\[\d+\])?:\s?/;
const KMSG = /^\d+,\d+,(\d+),[^;]*;/;
const OOMSEQ = /^OOM\[\d+\]:\s?/;

/** Reads the prefixes in front of a kernel message; length 0 when none. */
export function readLogPrefix(text: string): LogPrefix {
  let length = 0;
  let uptime: number | undefined;
  let clock: string | undefined;
  let m: RegExpExecArray | null;
  if ((m = SYSLOG.exec(text)) || (m = ISO.exec(text))) { clock = m[1]; length = m[0].length; }
  else if ((m = KMSG.exec(text))) { uptime = Number(m[1]) / 1e6; length = m[0].length; }
  const rest = text.slice(length);
  if ((m = RAW.exec(rest))) { uptime = Number(m[1]); length += m[0].length; }
  else if ((m = HUMAN.exec(rest))) { clock = m[1]; length += m[0].length; }
  const rest2 = text.slice(length);
  if ((m = OOMSEQ.exec(rest2))) length += m[0].length;
  return { length, uptime, clock };
}

/** Markers of the OOM killer's report (mm/oom_kill.c, mm/memcontrol.c). */
export const OOM_MARKER = /invoked oom-killer:|Out of memory|Killed process \d+|oom-kill:constraint=|oom_reaper: reaped process|Memory cgroup out of memory|Task in \S+ killed as a result of limit|Memory limit reached of cgroup|or sacrifice child/;

export function hasLogPrefix(text: string): boolean {
  return readLogPrefix(text).length > 0;
}
