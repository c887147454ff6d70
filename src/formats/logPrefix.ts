/**
 * Kernel log line prefixes (facts §3.9): raw dmesg, CONFIG_PRINTK_CALLER,
 * `dmesg -T` in any locale, `dmesg -x` facility/level, `dmesg --time-format iso`,
 * printk levels (`<6>`), syslog/journal (with fractional seconds),
 * `journalctl -o short-iso`, /dev/kmsg records, the `OOM[n]:` prefix of some
 * patched kernels, and what people paste around them: email quoting (`> `),
 * CI log timestamps, hypervisor guest logs (vmware.log), a syslog prefix elided to `... kernel:`,
 * OpenWrt's logread, `journalctl -o verbose` MESSAGE= fields, markdown bold (`**`),
 * and `grep`/`grep -n`
 * path prefixes in front of any of these.
 */
export interface LogPrefix {
  /** Length of the prefix; the message starts here. */
  length: number;
  /** Seconds since boot, from `[ 123.456789]`. */
  uptime?: number;
  /** Wall-clock text as printed (dmesg -T, syslog, ISO), the innermost one. */
  clock?: string;
  /** ISO 8601 of the wall clock, when the prefix gives a full date (year included). */
  iso?: string;
  /** `dmesg -x` facility and level, or the printk level of `<N>`. */
  facility?: string;
  level?: string;
  /** Length of email quoting (`> `) at the start, part of `length`. */
  quote?: number;
}

// The caller id right after the time (`[ 12.3][ T1]`), or a space apart (`[ 12.3] [ T1]`, some consoles and 6.x logs).
// Some vendor kernels (HiSilicon's Android trees) write `[309805.658142s][pid:1361,cpu5,comm]` instead.
// Samsung's Android kernels add the CPU, comm and pid after it: `[ 6207.637280]  [3:  Binder:9343_3:22875] `.
const RAW = /^\[\s*(\d+\.\d+)s?\](?: ?\[\s*[TC]\d+\]|\[pid:\d+,cpu\d+,[^\]]*\]|\s{1,2}\[\s*\d{1,3}:\s+[^\]]*:\d+\])?\s?/;
/** After `journalctl -o short-monotonic`'s `[   77.74]`: an optional host and a daemon's tag (`systemd-oomd[659]: `). */
const NPD_EVENT = /^\S.*?\bOOMKilling[\t ]+(?=\S)/;
const MONOTONIC_TAG = /^(?:[\w.-]+ )?[\w\-./@]+\[\d+\]:\s/;
/** `dmesg --reltime` / `-H`: the time since the previous message, `[  +0.002498]`: no clock to keep. */
const RELTIME = /^\[\s*\+\d+\.\d+\]\s?/;
/** A klog line around relayed output (minikube, kubeadm): `I0601 23:23:10.447437   13604 utils.go:240] > `. */
const KLOG = /^[IWEF]\d{4} \d\d:\d\d:\d\d\.\d+\s+\d+ [\w.-]+:\d+\] (?:> )?/;
/** A caller id with no timestamp (printk.time=0 with CONFIG_PRINTK_CALLER). */
const CALLER = /^\[\s*[TC]\d+\]\s?/;
// `[Tue Nov 24 03:12:07 2026]`, `[Di Mär  5 10:11:12 2024]`, `[二 3月  5 10:11:12 2024]`: any letters, any script.
// `talosctl dmesg` writes `[2025-06-04T04:51:57.572293906Z]: ` (an ISO stamp, then a colon).
const HUMAN = /^\[([^\]]{0,24}\d{1,2}:\d\d:\d\d[^\]]{0,12})\]:?\s?/;
/** `dmesg -H` / `dmesg -e`: the minute a run of messages starts (`[Dec 8 12:07]`, `[Dec12 12:07]`, strftime `%b%e %H:%M`), then `[  +0.5]`. */
const HUMAN_MINUTE = /^\[(\p{L}{3,5}\.?\s?\d{1,2} \d\d:\d\d)\]\s?/u;
/** An outer stamp in brackets before a kernel line (Jenkins' timestamper: `[2024-01-02T03:04:05.123Z] [  12.3] …`). */
const BRACKET_ISO = /^\[(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?)\]\s(?=\[\s*\d+\.\d+\]|<[0-7]>)/;
// The host may be missing (`Aug 19 00:32:04 kernel: …`, some syslog daemons and containers).
// Some rsyslog templates write an empty second tag before the kernel's time (`kernel: : [ 12.3]`).
// A host has no brackets: in `systemd[2036]: x.service: …` the tag is systemd's, and `x.service:` is the message.
// journalctl in another locale writes its own month (`déc. 08 12:07:18 host kernel:`): letters of any script, a dot.
// A host never ends in a colon: in `Sep  8 06:22:08 kernel: oom-kill:constraint=…` `kernel:` is the tag, not a host.
const SYSLOG = /^((?:[A-Z][a-z]{2}|\p{Ll}{3,5}\.?)\s+\d{1,2}\s\d\d:\d\d:\d\d(?:\.\d+)?)(?:\s([^\s[\]]*[^\s[\]:]))?\s[\w\-./]+(?:\[\d+\])?:\s?(?::\s(?=\[))?/u;
/**
 * Some syslog daemons of the 2.6 era wrote kernel lines with the host and no tag (`Nov 17 06:19:31 sleepy DMA per-cpu:`).
 * Then a kernel message that starts `word: ` would lose its word as a tag: these are kernel text, not tags.
 */
const SYSLOG_HOST_ONLY = /^([A-Z][a-z]{2}\s+\d{1,2}\s\d\d:\d\d:\d\d(?:\.\d+)?)\s[^\s[\]:]+\s(?=\S)/;
const TAG_IS_KERNEL_TEXT = /^(?:gfp_mask=|page allocation failure|killing process |\d+\*\d+kB|empty\s*$)/;
/** metalog (Gentoo's syslogger): `Jul 16 00:01:17 [kernel] message`, the program in brackets, no host. */
const METALOG = /^([A-Z][a-z]{2}\s+\d{1,2}\s\d\d:\d\d:\d\d)\s\[[\w\-./]+\]\s/;
/** OpenWrt's logread (busybox syslogd): `Fri Aug  7 08:24:06 2026 kern.err kernel: `, a full date and facility.level. */
const LOGREAD = /^([A-Z][a-z]{2} [A-Z][a-z]{2} +\d{1,2} \d\d:\d\d:\d\d \d{4}) [a-z]+\.[a-z]+ [\w\-./]+(?:\[\d+\])?:\s?/;
/** `journalctl -o verbose` prints each record's fields indented: `    MESSAGE=…`. */
const MESSAGE_FIELD = /^\s+MESSAGE=/;
const INDENTED_LOG = /^[ \t]+(?=\[\s*\d+\.\d+\]|\[[^\]]{0,24}\d{1,2}:\d\d:\d\d[^\]]{0,12}\]|[A-Z][a-z]{2} +\d{1,2} \d\d:\d\d:\d\d \S+ kernel:|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\S* \S+ kernel:)/;
/** Markdown bold around a pasted line: `**…**`. */
const BOLD = /^\*\*/;
/** A syslog line whose date and host the poster replaced with `...` (`... kernel: [ 12.3] …`), or left out (`kernel: httpd invoked …`). */
const ELIDED = /^(?:(?:\.{3}|\u2026)\s+(?:[\w.-]+\s+)?kernel:\s?|kernel:(?:\s|$))/;
// The host has no brackets: in `2024-…Z [  12.3] memory: usage …` (a CI stamp before dmesg) `memory:` is the message, not a tag.
const ISO = /^(\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)?)\s[^\s[\]]+\s[\w\-./]+(?:\[\d+\])?:\s?/;
/** `journalctl -o short-full` (`Tue 2024-01-02 03:04:05 UTC host kernel: `), also with a weekday of another locale or none. */
const SHORT_FULL = /^(?:\p{L}{2,4}\.?\s)?(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)?(?:\s(?:UTC|GMT|[+-]\d{4}))?)(?:\s[A-Z]{2,5})?\s[^\s[\]]+\s[\w\-./]+(?:\[\d+\])?:\s?/u;
/** `journalctl -o short-unix`: seconds since the epoch, then host and tag. */
const SHORT_UNIX = /^(\d{9,10}\.\d+)\s[^\s[\]]+\s[\w\-./]+(?:\[\d+\])?:\s?/;
/** RFC 5424 syslog as forwarded (`<4>1 2024-01-02T03:04:05.123Z host kernel - - - `): PRI, version, stamp, host, app, procid, msgid, structured data. */
const RFC5424 = /^<\d{1,3}>1 (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)) \S+ \S+ \S+ \S+ (?:-|(?:\[[^\]]*\])+) ?/;
/** A raw syslog record with its PRI still in front (`<4>Jan  2 03:04:05 host kernel: `, a forwarded or captured datagram). */
const SYSLOG_PRI = /^<\d{1,3}>(?=(?:[A-Z][a-z]{2}\s+\d{1,2}\s\d\d:\d\d:\d\d)|\d{4}-\d\d-\d\dT)/;
/** `dmesg --time-format iso`: `2024-01-02T03:04:05,123456+00:00 message`. */
const DMESG_ISO = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d,\d+[+-]\d\d:\d\d)\s/;
const KMSG = /^\d+,\d+,(\d+),[^;]*;/;
const OOMSEQ = /^OOM\[\d+\]:\s?/;
/** Android logcat: `-v threadtime` (`05-01 10:00:00.123   512   512 I `, the tag stays) and `-v brief` (`I/lowmemorykiller(  512): `). */
const LOGCAT = /^(\d\d-\d\d \d\d:\d\d:\d\d\.\d{3})\s+\d+\s+\d+\s+[VDIWEFS]\s+/;
/** A kernel log saved by an Android bug report: logcat's `MM-DD HH:MM:SS.mmm ` before the printk level or time. */
const LOGCAT_KERNEL = /^(\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}) (?=<[0-7c]>|\[\s*\d+\.\d+s?\])/;
const LOGCAT_BRIEF = /^[VDIWEFS]\/[\w.-]+\(\s*\d+\):\s/;
/** `dmesg -x`: `kern  :err   : `. */
const DMESG_X = /^(kern|user|mail|daemon|auth|syslog|lpr|news|uucp|cron|authpriv|ftp|res0|res1|res2|res3|local[0-7])\s*:\s*(emerg|alert|crit|err|warn|notice|info|debug)\s*:\s?/;
/** printk level as in /dev/kmsg or a console log: `<6>`, `<4>`; `<c>` is KERN_CONT. */
const LEVEL = /^<([0-7c])>\s?/;
/** Email quoting: `> `, `>> `, `> > `; and `| ` (bundle.ts QUOTE_RE). */
const QUOTE = /^(?:(?:>|\|(?=[ \t]))[ \t]?)+/;
/** CI log timestamps (GitHub Actions, Azure Pipelines): `2024-01-01T12:00:00.1234567Z `. */
const CI = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z)\s/;
/** A stamp and a TAB before the message: exported log views (CloudWatch, Loki / Grafana) put their time in a column. */
const STAMP_TAB = /^(\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)?)\t/;
/** `cat -n`: a right-aligned line number and a TAB. */
const CAT_N = /^ *\d+\t/;
/**
 * Hypervisor logs of a guest's console: vmware.log `2024-01-01T12:00:00.123Z In(05) vcpu-5 - Guest: `
 * and the older `2024-01-01T12:00:00.123-08:00| vcpu-0| I005: Guest: ` layout.
 */
const HYPERVISOR = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?)(?:\s+[A-Z][a-z]\(\d+\)\s+[\w-]+\s+-|\|\s*[\w-]+\|\s*[A-Z]\d+:)\s+(?:Guest:\s?)?/;
/** `grep -n` / `grep -H`: `PATH:N:`, `N:` or `PATH:` in front of a kernel log line. */
const GREP = /^(?:[^\s:]*[/.][^\s:]*:(?:\d+:)?|\d+:)[ \t]*/;

const LEVELS = ['emerg', 'alert', 'crit', 'err', 'warn', 'notice', 'info', 'debug'];

/** Reads the prefixes in front of a kernel message; length 0 when none. */
export function readLogPrefix(text: string): LogPrefix {
  // Hot path: most lines of a capture are not log lines. Every prefix starts with one of these.
  const c = text.charCodeAt(0);
  if (!(c === 91 /* [ */ || c === 96 /* ` */ || c === 60 /* < */ || c === 62 /* > */ || (c === 124 /* | */ && text.charCodeAt(text.length - 1) !== 124) || c === 79 /* O */ || (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 47 /* / */ || c === 46 /* . */ || c === 42 /* * */ || c === 32 || c === 9)) return { length: 0 };
  let length = 0;
  const out: LogPrefix = { length: 0 };
  let m: RegExpExecArray | null = null;
  /** Outer clocks (CI, hypervisor) date the line when nothing inside does. */
  let outerIso: string | undefined;
  let outerClock: string | undefined;
  const rest = () => text.slice(length);

  // A markdown fence with the first log line glued to it (```Jul 20 01:58:51 host kernel: …).
  if (c === 96 /* ` */ && text.startsWith('```') && text.length > 3 && text.charCodeAt(3) !== 96) {
    const inner = readLogPrefix(text.slice(3));
    return inner.length ? { ...inner, length: inner.length + 3 } : { length: 0 };
  }
  if ((m = QUOTE.exec(text))) { length += m[0].length; out.quote = m[0].length; }
  if ((m = KLOG.exec(rest()))) length += m[0].length;
  if ((m = CAT_N.exec(rest())) && readInner(text.slice(length + m[0].length)).length > 0) length += m[0].length;
  if ((m = MESSAGE_FIELD.exec(rest())) || (m = BOLD.exec(rest()))) length += m[0].length;
  // A log indented as a whole (a markdown code block, a quote in a forum): the spaces before `[ 12.3]`.
  else if ((m = INDENTED_LOG.exec(rest()))) length += m[0].length;
  // Any other indented line has no prefix (none below starts with a space): the common case, cut short.
  else if (rest().charCodeAt(0) === 32) return { length: 0 };
  const hypervisor = () => {
    if ((m = HYPERVISOR.exec(rest()))) { outerClock = m[1]; outerIso = clockToIso(m[1]); length += m[0].length; return true; }
    return false;
  };
  // A CI timestamp stands before anything (but is not the journal's own ISO stamp, nor vmware.log's).
  if (!hypervisor() && !ISO.test(rest()) && ((m = CI.exec(rest())) || (m = STAMP_TAB.exec(rest())) || (m = BRACKET_ISO.exec(rest())))) { outerClock = m[1]; outerIso = clockToIso(m[1]); length += m[0].length; hypervisor(); }
  if ((m = GREP.exec(rest())) && readInner(text.slice(length + m[0].length)).length > 0) length += m[0].length;
  const inner = readInner(rest());
  length += inner.length;
  out.length = length;
  if (out.quote === undefined) delete out.quote;
  if (inner.uptime !== undefined) out.uptime = inner.uptime;
  const clock = inner.clock ?? outerClock;
  if (clock !== undefined) out.clock = clock;
  const iso = inner.iso ?? outerIso;
  if (iso) out.iso = iso;
  if (inner.facility) out.facility = inner.facility;
  if (inner.level) out.level = inner.level;
  return out;
}

/** The prefixes a kernel or log daemon writes (no pasting artefacts). */
function readInner(text: string): LogPrefix {
  let length = 0;
  const out: LogPrefix = { length: 0 };
  let m: RegExpExecArray | null;
  // node-problem-detector's kernel-monitor event as kubectl lists it: the columns, then reason OOMKilling, then the kernel's line.
  if (text.includes('OOMKilling') && (m = NPD_EVENT.exec(text))) return { length: m[0].length };
  if ((m = SYSLOG_PRI.exec(text))) { const inner = readInner(text.slice(m[0].length)); return { ...inner, length: inner.length + m[0].length }; }
  if ((m = SYSLOG.exec(text)) && m[2] !== undefined && TAG_IS_KERNEL_TEXT.test(text.slice(m[0].length))) m = SYSLOG_HOST_ONLY.exec(text);
  if (m || (m = SYSLOG.exec(text)) || (m = LOGREAD.exec(text)) || (m = ISO.exec(text)) || (m = DMESG_ISO.exec(text)) || (m = SHORT_FULL.exec(text)) || (m = RFC5424.exec(text))) { out.clock = m[1]; length = m[0].length; }
  else if ((m = SHORT_UNIX.exec(text))) { out.clock = new Date(Number(m[1]) * 1000).toISOString(); length = m[0].length; }
  else if ((m = METALOG.exec(text))) { out.clock = m[1]; length = m[0].length; }
  else if ((m = ELIDED.exec(text))) length = m[0].length;
  else if ((m = SYSLOG_HOST_ONLY.exec(text)) && isHostOnlyKernelLine(text.slice(m[0].length))) { out.clock = m[1]; length = m[0].length; }
  else if ((m = KMSG.exec(text))) { out.uptime = Number(m[1]) / 1e6; length = m[0].length; }
  else if ((m = LOGCAT.exec(text))) { out.clock = m[1]; length = m[0].length; }
  else if ((m = LOGCAT_BRIEF.exec(text))) length = m[0].length;
  else if ((m = LOGCAT_KERNEL.exec(text))) { out.clock = m[1]; length = m[0].length; }
  let rest = text.slice(length);
  if ((m = DMESG_X.exec(rest))) { out.facility = m[1]; out.level = m[2]; length += m[0].length; rest = text.slice(length); }
  if ((m = LEVEL.exec(rest))) { if (!out.level && m[1] !== 'c') out.level = LEVELS[Number(m[1])]; length += m[0].length; rest = text.slice(length); }
  if ((m = RAW.exec(rest))) {
    out.uptime = Number(m[1]); length += m[0].length;
    const tag = length === m[0].length ? MONOTONIC_TAG.exec(text.slice(length)) : null;
    if (tag) length += tag[0].length;
  }
  else if ((m = RELTIME.exec(rest))) length += m[0].length;
  else if ((m = HUMAN.exec(rest)) || (m = HUMAN_MINUTE.exec(rest))) { out.clock = m[1]; length += m[0].length; }
  else if ((m = CALLER.exec(rest))) length += m[0].length;
  rest = text.slice(length);
  // `[  12.3] <4>` (a level after the time) also occurs in console captures.
  if (length > 0 && (m = LEVEL.exec(rest))) { if (!out.level && m[1] !== 'c') out.level = LEVELS[Number(m[1])]; length += m[0].length; rest = text.slice(length); }
  if ((m = OOMSEQ.exec(rest))) length += m[0].length;
  out.length = length;
  if (out.clock) { const iso = clockToIso(out.clock); if (iso) out.iso = iso; }
  return out;
}

/** A kernel report line after a bare host (no tag): the lines of an OOM report and show_mem. */
function isHostOnlyKernelLine(rest: string): boolean {
  return OOM_MARKER.test(rest) || /^(?:oom-killer: gfp_mask=|Out of Memory: |DMA|Normal|HighMem|Movable|cpu \d+ (?:hot|cold):|protections\[\]|lowmem_reserve\[\]|Swap cache|Free swap|Total swap|\d+ pages|VM: killing|$)/.test(rest);
}

/** Month abbreviations of the locales `dmesg -T` is seen in (strftime %b), lowercase, no dot. */
const MONTH_NAMES: Record<string, number> = {};
for (const names of [
  'jan feb mar apr may jun jul aug sep oct nov dec', // C, en
  'jan feb mär apr mai jun jul aug sep okt nov dez', // de
  'janv févr mars avr mai juin juil août sept oct nov déc', // fr
  'ene feb mar abr may jun jul ago sep oct nov dic', // es
  'gen feb mar apr mag giu lug ago set ott nov dic', // it
  'jan fev mar abr mai jun jul ago set out nov dez', // pt
  'jan feb mrt apr mei jun jul aug sep okt nov dec', // nl
  'jan feb mar apr maj jun jul aug sep okt nov dec', // sv, da, nb
  'sty lut mar kwi maj cze lip sie wrz paź lis gru', // pl
  'янв фев мар апр мая июн июл авг сен окт ноя дек', // ru
  'led úno bře dub kvě čvn čvc srp zář říj lis pro', // cs
]) names.split(' ').forEach((n, i) => { MONTH_NAMES[n] ??= i + 1; });
Object.assign(MONTH_NAMES, { 'märz': 3, 'juni': 6, 'juli': 7, 'sept': 9, 'mai.': 5, 'févr.': 2, 'sep.': 9 });

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * ISO 8601 for a clock text when it holds a full date: ISO stamps, and `dmesg -T`'s
 * `DOW MON DAY HH:MM:SS YEAR` in any locale (month by name, or `3月`/`3월`). A
 * syslog clock has no year: undefined. Without a zone the time is local (no offset).
 */
export function clockToIso(clock: string): string | undefined {
  const t = clock.trim();
  const iso = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:[.,](\d+))?\s*(Z|UTC|GMT|[+-]\d\d:?\d\d)?$/.exec(t);
  if (iso) {
    const [, y, mo, d, h, mi, s, frac, zone] = iso;
    if (+mo < 1 || +mo > 12 || +d < 1 || +d > 31 || +h > 23 || +mi > 59 || +s > 60) return undefined;
    const z = zone === undefined ? '' : zone === 'Z' || zone === 'UTC' || zone === 'GMT' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
    return `${y}-${mo}-${d}T${h}:${mi}:${s}${frac ? `.${frac.slice(0, 3).padEnd(3, '0')}` : ''}${z}`;
  }
  const toks = t.split(/\s+/);
  const ti = toks.findIndex((x) => /^\d{1,2}:\d\d:\d\d$/.test(x));
  if (ti < 2 || ti + 1 >= toks.length) return undefined;
  const year = Number(toks[ti + 1]);
  const day = Number(toks[ti - 1]);
  const monText = toks[ti - 2].toLowerCase();
  const cjk = /^(\d{1,2})[月월]$/.exec(monText);
  const month = cjk ? Number(cjk[1]) : MONTH_NAMES[monText] ?? MONTH_NAMES[monText.replace(/\.$/, '')];
  if (!/^\d{4}$/.test(toks[ti + 1]) || !month || month > 12 || !(day >= 1 && day <= 31)) return undefined;
  const [h, mi, s] = toks[ti].split(':').map(Number);
  if (h > 23 || mi > 59 || s > 60) return undefined;
  return `${year}-${pad(month)}-${pad(day)}T${pad(h)}:${pad(mi)}:${pad(s)}`;
}

/**
 * rsyslog writes a control character in a message as `#ooo` (octal): a record
 * with embedded newlines comes as one line joined by `#012`, tabs as `#011`.
 * Returns the pieces with their offsets in the line (the first keeps its prefix).
 */
export function splitRsyslogEscapes(text: string): { text: string; offset: number }[] {
  if (text.indexOf('#01') < 0) return [{ text, offset: 0 }];
  // `#011` (tab) keeps its width as four spaces so that columns stay true.
  const t = text.replace(/#011/g, '    ');
  const out: { text: string; offset: number }[] = [];
  let from = 0;
  for (let i = t.indexOf('#012'); i >= 0; i = t.indexOf('#012', from)) {
    out.push({ text: t.slice(from, i), offset: from });
    from = i + 4;
  }
  out.push({ text: t.slice(from), offset: from });
  return out;
}

/** Markers of the OOM killer's report (mm/oom_kill.c, mm/memcontrol.c, mm/page_alloc.c warn_alloc). */
/** 2.6.1x show_mem's own lines: `Free pages:    85048kB (0kB HighMem)`, `Active:6438386 inactive:1742978 dirty:0 writeback:0 …`. */
export const SHOW_MEM_26 = /^(?:(?:sysrq: |SysRq : )Show Memory\s*$|Free pages:\s+\d+kB \(\d+kB HighMem\)|Active:\d+ inactive:\d+ dirty:\d+ writeback:\d+)/;
const OOM_LINES = /invoked oom-killer:|^oom-killer: gfp_mask=0x|Out of memory|Killed process \d+|oom-kill:[cC][oO][nN][sS][tT][rR][aA][iI][nN][tT]=|oom_reaper: (?:reaped process|unable to reap)|Memory cgroup out of memory|killed as a result of limit of \S|Memory limit reached of cgroup|or sacrifice child|are going to be killed due to memory\.oom\.group|page allocation (?:failure[.:] order:|stalls for \d+ms, order:)|vmalloc(?:: allocation failure| error: size)|mem_cgroup_out_of_memory\+0x|^memory: usage \d+kB, limit \d+kB, failcnt|^Memory cgroup stats for\b|systemd-oomd killed \d+ process|due to memory pressure for \S+ being|due to swap used|Memory pressure for \S+ is (?:[\d.]+% > [\d.]+% for > \S+ with|greater than [\d.]+ for more than \d+ seconds and there was) reclaim activity|lowmemorykiller: (?:Killing '|Kill '|send sigkill to \d)|^Kill '[^']*' \(\d+\), uid \d+, oom_|^Memory allocations(?: \([^)]*\))?:\s*$/;
export const OOM_MARKER = new RegExp(`${OOM_LINES.source}|${SHOW_MEM_26.source}`);

/** A console message glued after a program's output: `Creating journal (…): [   34.7] mkfs.ext4 invoked`. */
export const GLUED_STAMP = /^(\S[^[]{0,80}?:\s)(?=\[\s*\d+\.\d+\]\s)/;

export function hasLogPrefix(text: string): boolean {
  return readLogPrefix(text).length > 0 || GLUED_STAMP.test(text);
}

/** readLogPrefix, and for a console message glued after a program's output, the prefix that starts mid-line. */
export function readMessagePrefix(text: string): LogPrefix {
  const prefix = readLogPrefix(text);
  if (prefix.length) return prefix;
  const glued = GLUED_STAMP.exec(text);
  if (!glued) return prefix;
  const p = readLogPrefix(text.slice(glued[1].length));
  return p.length ? { ...p, length: p.length + glued[1].length } : prefix;
}
