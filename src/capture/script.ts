/**
 * The capture script (issue 13): POSIX sh that only reads, and prints one bundle the parser already
 * knows — a `date` line, then `==> PATH <==` headers as `tail -n +1` prints them, each file's text and
 * a blank line. The same text serves the copy-paste command (extension/client/captureCommand.ts),
 * this machine (`/bin/sh -c`), SSH and `kubectl debug` (on standard input, `sh -s`).
 *
 * Rules the text keeps, so every transport can carry it:
 * - no single quote: the copy-paste form wraps it in `sh -c '…'`;
 * - no `!` (interactive bash history expansion) and no redirection except to /dev/null or 2>&1;
 * - it ends with `exit 0`: `kubectl debug -i` keeps the container's stdin open after our end closes
 *   (the debug pod has stdinOnce false), so `sh -s` must not wait for end of file.
 */

/** Node-level files, in the order they are printed. Missing ones are skipped (`[ -e ]`). */
export const NODE_FILES = [
  '/proc/meminfo', '/proc/vmstat', '/proc/slabinfo',
  '/proc/pressure/memory', '/proc/pressure/io', '/proc/pressure/cpu', '/proc/pressure/irq',
  '/proc/buddyinfo', '/proc/zoneinfo',
  // Read beside meminfo and slabinfo by the rules (overcommit mode, conntrack table size).
  '/proc/sys/vm/overcommit_memory', '/proc/sys/vm/overcommit_ratio', '/proc/sys/vm/min_free_kbytes',
  '/proc/sys/vm/watermark_scale_factor', '/proc/sys/vm/swappiness', '/proc/sys/vm/vfs_cache_pressure',
  '/proc/sys/net/netfilter/nf_conntrack_max',
];

/**
 * The cgroups that matter on a node: the root, the kubelet's pods cgroup and its QoS children under
 * both cgroup drivers (systemd: `kubepods.slice/kubepods-burstable.slice`; cgroupfs: `kubepods/burstable`;
 * Guaranteed pods sit directly under the pods cgroup), and system.slice.
 */
export const CGROUPS = [
  '', '/kubepods.slice', '/kubepods.slice/kubepods-burstable.slice', '/kubepods.slice/kubepods-besteffort.slice',
  '/kubepods', '/kubepods/burstable', '/kubepods/besteffort', '/system.slice',
];

/** cgroup v2 files (Documentation/admin-guide/cgroup-v2.rst, "Memory Interface Files"). */
export const V2_FILES = ['memory.stat', 'memory.events', 'memory.current', 'memory.max', 'memory.high', 'memory.peak', 'memory.pressure'];
/** cgroup v1 files (Documentation/admin-guide/cgroup-v1/memory.rst §2.x). */
export const V1_FILES = [
  'memory.stat', 'memory.usage_in_bytes', 'memory.limit_in_bytes', 'memory.max_usage_in_bytes', 'memory.failcnt',
  'memory.memsw.usage_in_bytes', 'memory.memsw.limit_in_bytes', 'memory.oom_control',
];

const V2 = '/sys/fs/cgroup';
/** Hybrid layout (systemd's default before v2): v2 mounted here, holding PSI but no memory controller. */
const UNIFIED = '/sys/fs/cgroup/unified';
const V1 = '/sys/fs/cgroup/memory';

/** Every fixed path the script may read, in print order (the own cgroup comes after, found at run time). */
export function captureFiles(): string[] {
  const out = [...NODE_FILES];
  for (const cg of CGROUPS) {
    out.push(...V2_FILES.map((f) => `${V2}${cg}/${f}`));
    out.push(`${UNIFIED}${cg}/memory.pressure`);
    out.push(...V1_FILES.map((f) => `${V1}${cg}/${f}`));
  }
  return out;
}

/** Most lines of kernel log kept, and of one OOM report (its task table can list every process). */
export const KERNEL_LOG_LINES = 400;
export const OOM_REPORT_LINES = 300;

/**
 * awk over the kernel log: each OOM report from `invoked oom-killer` to its `Killed process` line (and
 * the oom_reaper line right after), at most OOM_REPORT_LINES per report (the kill lines always kept),
 * then the latest whole reports that fit in KERNEL_LOG_LINES. `\$0` is `$0` once the double quotes are read.
 */
export const OOM_AWK = [
  '/invoked oom-killer/{r++;c=0;o=1}',
  'o==2{o=(\\$0~/oom_reaper/)?2:0}',
  `o&&(c<${OOM_REPORT_LINES}||/Killed process|oom-kill:|oom_reaper/){n++;L[n]=\\$0;G[n]=r;c++}`,
  'o==1&&/Killed process/{o=2}',
  `END{s=n+1;for(i=n;i>=1&&n-i<${KERNEL_LOG_LINES};i--)if(G[i]==G[i-1]){}else s=i;for(i=s;i<=n;i++)print L[i]}`,
].join('');

export interface ScriptOptions {
  /** Prefix of every file read (`/host` to read a node's files from a debug pod without chroot). */
  root?: string;
  /** Include the kernel log's OOM reports (default true). */
  kernelLog?: boolean;
}

/** The capture script. Throws on a root that is not a plain absolute path. */
export function captureScript(options: ScriptOptions = {}): string {
  const root = options.root ?? '';
  if (root && !/^(\/[A-Za-z0-9._-]+)+$/.test(root)) throw new Error(`not a plain absolute path: ${JSON.stringify(root)}`);
  const own = CGROUPS.map((c) => c || '/').join('|');
  const parts = [
    `R=${root}; LC_ALL=C; export LC_ALL`,
    // Fractions keep captures taken within one second apart; busybox and old date know only -Is.
    'date -Ins 2>/dev/null || date -Is',
    // loadavg is context for people, not a file the tool reads: printed as a prompt's command, the parser
    // keeps it aside (a header would make it "not a capture"). Here, not last: a command's output runs to the next header.
    'echo "# cat /proc/loadavg"; cat "$R/proc/loadavg"',
    // An unreadable file says so under its header (`cat: /proc/slabinfo: Permission denied`).
    `for f in ${captureFiles().join(' ')}; do [ -e "$R$f" ] && { echo "==> $f <=="; cat "$R$f" 2>&1; echo; }; done`,
    // The shell's own cgroup (/proc/self/cgroup: `0::PATH` on v2, `N:memory:PATH` on v1), unless listed above.
    'v1=; v2=; while IFS=: read -r id ctl path; do case "$ctl" in "") v2=$path;; *memory*) v1=$path;; esac; done < "$R/proc/self/cgroup"',
    `own() { b=$1; d=$2; shift 2; case "$d" in ""|${own}) return 0;; esac; for n in "$@"; do f=$b$d/$n; [ -e "$R$f" ] && { echo "==> $f <=="; cat "$R$f" 2>&1; echo; }; done; return 0; }`,
    `own ${V2} "$v2" ${V2_FILES.join(' ')}`,
    `own ${UNIFIED} "$v2" memory.pressure`,
    `own ${V1} "$v1" ${V1_FILES.join(' ')}`,
  ];
  if (options.kernelLog !== false) {
    parts.push(
      // dmesg -T where it works (not busybox), plain dmesg, else /dev/kmsg read without blocking (a
      // read at the end returns EAGAIN: Documentation/ABI/testing/dev-kmsg), else why not (dmesg_restrict:
      // "Operation not permitted", which also guards /dev/kmsg).
      'K=; if dmesg -T >/dev/null 2>&1; then K="dmesg -T"; elif dmesg >/dev/null 2>&1; then K=dmesg; fi',
      'echo "==> dmesg <=="',
      `if [ -n "$K" ]; then $K | awk "${OOM_AWK}"; elif dd if=/dev/kmsg iflag=nonblock count=0 2>/dev/null; then dd if=/dev/kmsg iflag=nonblock 2>/dev/null | awk "${OOM_AWK}"; else dmesg 2>&1 >/dev/null | head -n 1; fi`,
    );
  }
  parts.push('exit 0');
  return parts.join('\n') + '\n';
}
