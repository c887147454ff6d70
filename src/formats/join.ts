/**
 * Captures of one node taken side by side (kubectl top node in one file, /proc/meminfo in another)
 * joined into one bundle under `==> NAME <==` headers, the layout `tail -n +1 FILE...` prints and the
 * splitter reads, so both sides land in one picture. Used by `kmemlens advise` and the editor's
 * "Join Snapshots as One Node…".
 */
export function joinAsBundle(parts: { name: string; text: string }[]): string {
  if (parts.length === 1) return parts[0].text;
  return parts.map((p) => `==> ${p.name} <==\n${p.text.replace(/\r\n?/g, '\n').replace(/\n?$/, '\n')}`).join('');
}
