// One build file, one named config per bundle. `--watch` rebuilds, `--production` minifies.
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);

const common = { bundle: true, sourcemap: !production, minify: production, logLevel: 'warning', legalComments: 'linked' };

/** @type {Record<string, esbuild.BuildOptions>} */
export const configs = {
  cli: { ...common, entryPoints: ['src/cli/index.ts'], outfile: 'dist/cli.js', platform: 'node', target: 'node20', format: 'cjs' },
  extension: { ...common, entryPoints: ['extension/client/extension.ts'], outfile: 'dist/extension.js', platform: 'node', target: 'node20', format: 'cjs', external: ['vscode'] },
  server: { ...common, entryPoints: ['extension/server/server.ts'], outfile: 'dist/server.js', platform: 'node', target: 'node20', format: 'cjs' },
  webview: { ...common, entryPoints: ['webview/main.ts'], outfile: 'dist/webview.js', platform: 'browser', target: 'es2022', format: 'iife' },
};

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
const isMain = process.argv[1] && fileURLToPath(import.meta.url) === (await import('node:path')).resolve(process.argv[1]);
const wanted = Object.entries(configs).filter(([name, c]) => (!only || only.split(',').includes(name)) && existsSync(c.entryPoints[0]));
if (isMain && watch) {
  for (const [, c] of wanted) await (await esbuild.context(c)).watch();
} else if (isMain) {
  await Promise.all(wanted.map(([, c]) => esbuild.build(c)));
}
