/**
 * The capture command users copy to a node: one bundle the detector reads
 * (tail -n +1 headers, a `date -Is` timestamp, root and kubepods cgroup files).
 */
const FILES = [
  '/proc/meminfo', '/proc/slabinfo', '/proc/vmstat', '/proc/pressure/memory', '/proc/pressure/io', '/proc/pressure/cpu',
  '/sys/fs/cgroup/memory.stat', '/sys/fs/cgroup/kubepods.slice/memory.stat', '/sys/fs/cgroup/kubepods.slice/memory.events',
  '/sys/fs/cgroup/kubepods.slice/memory.current', '/sys/fs/cgroup/kubepods.slice/memory.max',
  '/sys/fs/cgroup/kubepods/memory.stat', '/sys/fs/cgroup/kubepods/memory.events',
];

/** The shell script, POSIX sh; missing files (cgroup v1 vs v2, cgroupfs vs systemd) are skipped quietly. */
export function captureScript(root = ''): string {
  const files = FILES.map((f) => `${root}${f}`).join(' ');
  // No single quotes inside: the script is wrapped in sh -c '…'. The dmesg part gets its own header.
  return `date -Is; for f in ${files}; do [ -r "$f" ] && { echo "==> $f <=="; cat "$f"; echo; }; done; echo "==> dmesg <=="; dmesg -T 2>/dev/null | grep -iE -A40 "invoked oom-killer" | tail -n 400`;
}

export function captureCommand(kind: 'kubectl' | 'shell', node = ''): string {
  if (kind === 'shell') return `sudo sh -c '${captureScript()}'`;
  const safe = node.replace(/[^A-Za-z0-9.\-_]/g, '');
  return `kubectl debug node/${safe} -it --profile=sysadmin --image=busybox -- chroot /host sh -c '${captureScript()}'`;
}
