/** Viewer first render in headless Chromium: the Trends tab of a one-week series (6 lines × 10 080 points). */
import { existsSync } from 'node:fs';
import { buildWebview, openTab, openViewer, send, startHarness, weekModel } from '../test/webview/harness';

export async function measureViewerRender(quick: boolean): Promise<{ lines: number; points: number; runs: number[]; medianMs: number } | undefined> {
  const exe = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(exe)) { console.log(`· viewer: skipped, no Chromium at ${exe} (apt-get install chromium)`); return undefined; }
  buildWebview();
  const h = await startHarness();
  try {
    const model = weekModel();
    const tracks = model.series.flatMap((s) => s.tracks);
    const runs: number[] = [];
    for (let i = 0; i < (quick ? 2 : 5); i++) {
      const page = await openViewer(h);
      await send(page, { type: 'update', model, documentUri: 'file:///week.txt', version: 1 });
      const t = performance.now();
      await openTab(page, 'trends');
      runs.push(performance.now() - t);
      await page.close();
    }
    const sorted = [...runs].sort((a, b) => a - b);
    return { lines: tracks.length, points: tracks[0]?.points.length ?? 0, runs, medianMs: sorted[Math.floor((sorted.length - 1) / 2)] };
  } finally { await h.close(); }
}
