/**
 * When the client may set a document's language from its content. Pure: no
 * vscode import, so it is unit-tested in plain Node.
 */
export const SNAPSHOT_LANGUAGES = ['meminfo', 'slabinfo', 'memory-stat', 'memory-events', 'pressure', 'vmstat', 'oom-report', 'kmem-snapshot'];

/**
 * Languages VS Code's own guesser (or a plain .txt) gives pasted captures:
 * meminfo reads as YAML, `key value` files as properties or ini, dmesg as log.
 */
const GUESSABLE = new Set(['plaintext', 'yaml', 'properties', 'ini', 'log', 'shellscript', 'makefile', 'dockerfile', 'toml', 'csv', 'tsv', 'markdown']);

export interface DocLike { uri: { scheme: string; toString(): string }; languageId: string; lineCount: number }

/** Documents the user gave a language by hand (we never override those). */
const chosenByUser = new Set<string>();
const setByUs = new Map<string, string>();

export function shouldDetect(doc: DocLike, enabled: boolean): boolean {
  if (!enabled) return false;
  const key = doc.uri.toString();
  const ours = setByUs.get(key);
  if (ours !== undefined && ours !== doc.languageId && !SNAPSHOT_LANGUAGES.includes(doc.languageId)) chosenByUser.add(key);
  if (chosenByUser.has(key) || SNAPSHOT_LANGUAGES.includes(doc.languageId)) return false;
  if (doc.uri.scheme === 'untitled') return GUESSABLE.has(doc.languageId);
  // Saved files: only plain text (a .txt from `kubectl debug … > node.txt`).
  return doc.uri.scheme === 'file' && doc.languageId === 'plaintext';
}

/** When the extension set each language (ms), and whether it has taken one back from the guesser. */
const setAt = new Map<string, number>();
const reclaimed = new Set<string>();

/** Remember a language the extension set, to tell the user's later choice apart. */
export function noteLanguageSet(uri: string, languageId: string, now = Date.now()): void {
  setByUs.set(uri, languageId);
  setAt.set(uri, now);
}

/** How soon after the extension set a language a switch to a guessable one is VS Code's guesser, not a person. */
export const GUESSER_WINDOW_MS = 3000;

/**
 * VS Code's language guesser for untitled editors answers asynchronously and can land just after the
 * extension set a snapshot language (seen in code-server: Kernel Memory Snapshot, then YAML 500 ms later).
 * A switch to a guessable language within GUESSER_WINDOW_MS of ours is that late guess: the language the
 * extension set is given back, once per document, so a person who picks YAML afterwards keeps it.
 */
export function languageToReclaim(doc: DocLike, now = Date.now()): string | undefined {
  const key = doc.uri.toString();
  const ours = setByUs.get(key);
  const at = setAt.get(key);
  if (ours === undefined || at === undefined || reclaimed.has(key)) return undefined;
  if (doc.languageId === ours || !GUESSABLE.has(doc.languageId) || now - at > GUESSER_WINDOW_MS) return undefined;
  reclaimed.add(key);
  return ours;
}

/**
 * A cheap look at pasted text before the server is asked (and started): true
 * when the text holds a marker of some capture. False negatives only cost a
 * missed auto-detection; the server decides for real.
 */
const MARKERS = /^(?:\s*(?:Node \d+ )?MemTotal:|slabinfo - version|(?:some|full) avg10=|nr_free_pages \d|(?:anon|cache|total_rss|oom_kill|low) \d|==> \S*(?:\/proc\/|\/sys\/|meminfo|slabinfo|vmstat|memory\.|pressure)|\/(?:proc|sys)\/[^\s:]+:)|invoked oom-killer:|Killed process \d+|oom-kill:constraint=|Out of memory|CPU\(cores\)|"workingSetBytes"|kind: KubeletConfiguration|"kubeletconfig"|^Allocatable:|Reason:\s+OOMKilled|eviction_manager\.go|Native Memory Tracking:|# runtime\.MemStats|^VmRSS:|"memstats":|"HeapInuse":|^gc \d+ @\d|-XX:MaxHeapSize=|garbage-first heap|\[rollup\]/m;
/** Tools' own output: free, top's summary, vmstat N and -s, sar, slabtop, buddyinfo/zoneinfo, other killers' lines. */
const TOOL_MARKERS = /^\s+total\s+used\s+free\s+shared|^Mem:\s+\d|^(?:KiB|MiB|GiB) Mem\s*:|^(?:>[ \t]?)*\s*r\s+b\s+swpd\s+free\s|^\s*\d+ K total memory$|\b(?:pgscank\/s|kbmemfree|pswpin\/s)\s|Active \/ Total Objects|^Node \d+, zone\s+\w+|page allocation failure: order:|lowmemorykiller: |systemd-oomd killed \d+ process|due to memory pressure for \S+ being/m;

export function mayBeCapture(text: string): boolean {
  const head = text.length > 262144 ? text.slice(0, 262144) : text;
  return MARKERS.test(head) || TOOL_MARKERS.test(head);
}
