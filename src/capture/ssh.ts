/**
 * SSH, the pure half: the user's ssh command line split into argv words (no shell), the destination
 * checked so it cannot be read as an option or reach a shell through ProxyCommand's %h, the argv
 * that runs the capture script, and the hosts ~/.ssh/config names.
 */
import { CaptureError } from './errors';

/**
 * Splits a command line such as `ssh -F "/tmp/my dir/config" -p 2222` into words, the way a shell
 * would for plain words and quotes: '…' keeps everything, "…" keeps everything but \" and \\, a
 * backslash outside quotes escapes the next character. No expansion of any kind ($, ~, globs).
 */
export function splitCommandLine(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === ' ' || c === '\t' || c === '\n') {
      if (inWord) { words.push(word); word = ''; inWord = false; }
      continue;
    }
    inWord = true;
    if (c === "'") {
      const j = line.indexOf("'", i + 1);
      if (j < 0) throw new CaptureError('invalid-argument', `unterminated ' in the ssh command: ${line}`);
      word += line.slice(i + 1, j);
      i = j;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < line.length && line[j] !== '"'; j++) {
        if (line[j] === '\\' && (line[j + 1] === '"' || line[j + 1] === '\\')) j++;
        word += line[j];
      }
      if (j >= line.length) throw new CaptureError('invalid-argument', `unterminated " in the ssh command: ${line}`);
      i = j;
    } else if (c === '\\' && i + 1 < line.length) {
      word += line[++i];
    } else word += c;
  }
  if (inWord) words.push(word);
  return words;
}

/** The ssh command as argv words: the option (an editor setting) first, then $KMEMLENS_SSH, then `ssh`. */
export function resolveSshCommand(option: string | undefined, env: Record<string, string | undefined> = {}): string[] {
  const line = option?.trim() || env.KMEMLENS_SSH?.trim() || 'ssh';
  const words = splitCommandLine(line);
  if (!words.length) return ['ssh'];
  return words;
}

/**
 * A destination ssh takes as a host and nothing else: `[user@]host`, an alias from ~/.ssh/config, an
 * IPv4 or IPv6 address, or `ssh://[user@]host[:port]`. Refused: a leading `-` (an option), spaces,
 * quotes and shell characters (OpenSSH runs ProxyCommand and Match exec through a shell with %h).
 */
export function checkDestination(dest: string): string {
  const d = dest.trim();
  if (!d) throw new CaptureError('invalid-argument', 'no SSH destination: give a host, user@host, or a Host from ~/.ssh/config.');
  if (d.startsWith('-')) throw new CaptureError('invalid-argument', `refusing SSH destination "${d}": it starts with "-", so ssh would read it as an option.`);
  const host = /^ssh:\/\/(?:[A-Za-z0-9._-]+@)?(?:[A-Za-z0-9._-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/.test(d)
    || /^(?:[A-Za-z0-9._-]+@)?(?:[A-Za-z0-9_][A-Za-z0-9._-]*|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*)$/.test(d);
  if (!host || d.length > 255) throw new CaptureError('invalid-argument', `refusing SSH destination "${d}": expected host, user@host or ssh://user@host:port (letters, digits, "." "_" "-" only).`);
  return d;
}

function isDestination(d: string): boolean {
  try { checkDestination(d); return true; } catch { return false; }
}

export interface SshArgvOptions {
  /** Seconds ssh waits for the TCP connection (ssh_config ConnectTimeout). */
  connectTimeout?: number;
}

/**
 * argv for one capture: the user's words, then BatchMode (no password or host-key prompt can hang
 * us), no tty, `--`, the destination as one word, and `sh -s`, which reads the script from stdin.
 * Options given in the user's words come first, and ssh keeps the first value it sees (ssh_config(5)).
 */
export function sshArgv(command: string[], dest: string, o: SshArgvOptions = {}): { file: string; args: string[] } {
  const [file, ...pre] = command;
  const args = [...pre, '-T', '-o', 'BatchMode=yes'];
  if (o.connectTimeout) args.push('-o', `ConnectTimeout=${Math.max(1, Math.round(o.connectTimeout))}`);
  args.push('--', checkDestination(dest), 'sh -s');
  return { file, args };
}

/** The texts of the files an `Include` pattern names (as written; relative ones are under ~/.ssh); [] when none. */
export type IncludeReader = (pattern: string) => string[];

/**
 * The concrete `Host` names of an ssh_config text, in order, once each: patterns with `*`, `?` or
 * `!` are skipped, and so are names no destination may be; `Include` is followed through `read` (best effort, 16 levels at most, as ssh does).
 * Match blocks are ignored; a host named there is not offered.
 */
export function sshConfigHosts(text: string, read?: IncludeReader, depth = 0): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (h: string) => { if (!seen.has(h)) { seen.add(h); out.push(h); } };
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^(\S+?)\s*(?:=\s*|\s+)(.*)$/.exec(line);
    if (!m) continue;
    const key = m[1].toLowerCase();
    let words: string[];
    try { words = splitCommandLine(m[2].replace(/\s+#.*$/, '')); } catch { continue; }
    if (key === 'host') {
      // Only names checkDestination takes: a host offered is one the capture will run.
      for (const w of words) if (!/[*?!]/.test(w) && isDestination(w)) add(w);
    } else if (key === 'include' && read && depth < 16) {
      for (const w of words) for (const t of read(w)) for (const h of sshConfigHosts(t, read, depth + 1)) add(h);
    }
  }
  return out;
}
