/**
 * Shell commands whose output is not a capture Kernel Memory Lens reads:
 * `uname -a`, `top`, `ps`, `free`, `ls`, and `cat` of files such as
 * cgroup.procs (a PID list) or /proc/sys/fs/dentry-state (six numbers). Their
 * output must never be read as values or as `date +%s` timestamps.
 */
import { baseName, looksLikeCapturePath } from './paths';

/** Commands whose output is never a capture (whatever their arguments). */
const NOT_CAPTURE = new Set([
  'uname', 'top', 'htop', 'atop', 'ps', 'pstree', 'free', 'uptime', 'hostname', 'hostnamectl', 'ls', 'll', 'id', 'whoami', 'w', 'who',
  'lscpu', 'nproc', 'df', 'du', 'mount', 'findmnt', 'lsmod', 'modinfo', 'systemctl', 'module', 'lsblk', 'lspci', 'dmidecode',
  'pidof', 'pgrep', 'pmap', 'smem', 'env', 'iostat', 'mpstat', 'pidstat', 'sar', 'numactl', 'ulimit', 'getconf', 'zgrep', 'zcat',
  'sysctl', 'systemd-cgls', 'systemd-cgtop', 'oomctl', 'lsns', 'ip', 'ss', 'netstat', 'which', 'type', 'file', 'stat', 'wc', 'swapon', 'lsof',
]);
/** Files whose content is not a capture: PID lists, multi-number /proc/sys files, identity files. */
const NOT_CAPTURE_FILES = /(?:^|\/)(?:cgroup\.procs|cgroup\.threads|tasks|cgroup\.controllers|cgroup\.subtree_control|cgroup\.type|cgroup\.max\.\w+|cgroup\.freeze|notify_on_release|release_agent|dentry-state|inode-state|inode-nr|file-nr|loadavg|uptime|cmdline|version|cpuinfo|os-release|redhat-release|centos-release|system-release|rocky-release|debian_version|lsb-release|issue|config\.gz|oom_score|oom_score_adj|oom_adj|status|limits|maps|environ|mountinfo|mounts|cgroup)$/;

/** Files no one would capture for memory (the output is read by content when unsure). */
function isNonCaptureFile(arg: string): boolean {
  if (looksLikeCapturePath(arg) && !/^\/proc\/sys\/fs\//.test(arg) && !/^\/proc\/\d+\/|^\/proc\/self\//.test(arg)) {
    return NOT_CAPTURE_FILES.test(baseName(arg)) && !/^memory\./.test(baseName(arg));
  }
  return NOT_CAPTURE_FILES.test(arg) || /^\/etc\//.test(arg);
}

/**
 * For a prompt's command line, the name of its output when that output is not a
 * capture (`uname -a`, `cat cgroup.procs`); undefined when it may be one.
 */
export function nonCaptureCommand(command: string): string | undefined {
  const first = command.split(/\s*(?:\||;|&&)\s*/)[0].trim();
  const words = first.replace(/^(?:sudo\s+(?:-\S+\s+)*)?(?:chroot\s+\S+\s+)?/, '').split(/\s+/).filter(Boolean);
  if (!words.length) return undefined;
  const cmd = baseName(words[0]);
  // `slabtop` and `vmstat` (the command) print tables, read by content; `free` does not print meminfo.
  if (NOT_CAPTURE.has(cmd)) return first;
  // A tool asked for its version (`numastat -V`, `slabtop --version`) prints that, not a capture.
  if (words.length === 2 && /^(?:-V|--version)$/.test(words[1])) return first;
  // awk that computes or reorders columns (`{print $1":", $2*$4/1024}`) and cut print their own numbers, not the file's.
  if (cmd === 'cut' || (cmd === 'awk' && /print[^}]*\$\d+\s*[*/+-]|printf/.test(first))) return first;
  if (/^(cat|head|tail|more|less|grep|egrep)$/.test(cmd)) {
    const files = words.slice(1).filter((w) => !w.startsWith('-')).map((w) => w.replace(/^["'`]|["'`]$/g, ''));
    if (files.length && files.every(isNonCaptureFile)) return first;
  }
  return undefined;
}

/** True for a command line that prints `date +%s` (the epoch seconds a bare number then means). */
export function printsEpoch(command: string): boolean {
  return /\bdate\s+(?:-u\s+)?["']?\+%s\b/.test(command);
}

/** True for a command line that repeats (a loop, `watch`): its output alternates timestamps and values. */
export function repeats(command: string): boolean {
  return /\b(?:for|while|until|watch)\b/.test(command);
}

/** `lxc exec NAME -- cmd`, `docker exec -it NAME cmd`, `kubectl exec POD -- cmd` …: the container a command ran in. */
const CONTAINER_EXEC = /\b(lxc|incus|docker|podman|nerdctl|kubectl|crictl)\s+exec\s+(?:-\S+\s+)*([\w.:/@-]+)/;
export function containerExec(command: string | undefined): { tool: string; name: string } | undefined {
  const m = command ? CONTAINER_EXEC.exec(command) : null;
  return m ? { tool: m[1], name: m[2] } : undefined;
}
