/**
 * Generates what must not drift from the code: docs/rules.md from the rule
 * catalog, and package.json's `contributes.configuration`. `npm run generate`
 * writes them; test/unit/generated.test.ts fails when they are stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { RULES, ruleAnchor } from '../src/rules/catalog';

export function rulesMarkdown(): string {
  const out = ['# Rules', '', 'Every red flag Kernel Memory Lens raises, by id. Ids are stable: use them in `kmemlens.rules` (editor) or `--rule ID=off|info|warning|critical` (CLI); thresholds are set in `kmemlens.thresholds` / `--threshold ID.NAME=VALUE`.', '', '*Generated from `src/rules/catalog.ts` by `npm run generate`; do not edit by hand.*', ''];
  const kinds = [...new Set(RULES.map((r) => r.kind))];
  out.push('| id | default severity | title |', '|---|---|---|');
  for (const r of RULES) out.push(`| [\`${r.id}\`](#${ruleAnchor(r.id)}) | ${r.levels ? r.levels.join(' / ') : r.severity} | ${r.title} |`);
  out.push('');
  for (const k of kinds) {
    out.push(`## ${k}`, '');
    for (const r of RULES.filter((x) => x.kind === k)) {
      out.push(`<a id="${ruleAnchor(r.id)}"></a>`, `### ${r.id}`, '', `**${r.title}** — default severity: ${r.levels ? r.levels.join(' / ') : r.severity}`, '');
      out.push(`- **What it means:** ${r.doc.means}`, `- **Why it matters:** ${r.doc.why}`, `- **What to do:** ${r.doc.next}`);
      const th = Object.entries(r.thresholds);
      if (th.length) {
        out.push('', '| threshold | default | meaning |', '|---|---|---|');
        for (const [name, t] of th) out.push(`| \`${r.id}.${name}\` | ${t.value}${t.unit === '%' ? ' %' : t.unit === 'bytes' ? ' bytes' : t.unit === '/s' ? ' /s' : ''} | ${t.description} |`);
      }
      out.push('');
    }
  }
  return out.join('\n');
}

export function configurationContribution(): Record<string, unknown> {
  const ruleProps = Object.fromEntries(RULES.map((r) => [r.id, { type: 'string', enum: ['off', 'info', 'warning', 'critical'], description: `${r.title} (default: ${r.levels ? r.levels.join(' / ') : r.severity})` }]));
  const thresholdProps = Object.fromEntries(RULES.flatMap((r) => Object.entries(r.thresholds).map(([n, t]) => [`${r.id}.${n}`, { type: 'number', default: t.value, description: `${t.description} (${t.unit})` }])));
  return {
    title: 'Kernel Memory Lens',
    properties: {
      'kmemlens.rules': { type: 'object', default: {}, markdownDescription: 'Severity per rule id: `off`, `info`, `warning` or `critical`. Every rule is documented in docs/rules.md (quick fix *Explain rule* on a red flag opens it).', properties: ruleProps, additionalProperties: false },
      'kmemlens.thresholds': { type: 'object', default: {}, markdownDescription: 'Rule thresholds by `ruleId.name`; percentages as percent (10 = 10 %).', properties: thresholdProps, additionalProperties: false },
      'kmemlens.pageSize': { type: 'number', default: 4096, enum: [4096, 16384, 65536], description: 'Page size of the captured machine in bytes (arm64 may use 16 KiB or 64 KiB pages). Converts pages in vmstat, slabinfo and OOM task tables.' },
      'kmemlens.inlayHints.enabled': { type: 'boolean', default: true, description: 'Show human-readable sizes and shares after raw values.' },
      'kmemlens.codeLens.enabled': { type: 'boolean', default: true, description: 'Show a summary and "Open in Snapshot Viewer" above each section.' },
      'kmemlens.detectPastedSnapshots': { type: 'boolean', default: true, description: 'Set the language of untitled and plain-text documents whose content is a kernel memory capture. Never overrides a language you chose.' },
      'kmemlens.largeDocumentSize': { type: 'number', default: 2097152, description: 'Documents larger than this many characters keep diagnostics and hovers but drop inlay hints.' },
      'kmemlens.debounceMs': { type: 'number', default: 150, minimum: 0, maximum: 5000, description: 'Delay after typing before the document is analysed again.' },
      'kmemlens.prometheus.url': { type: 'string', default: '', description: 'Prometheus server for "Open Node from Prometheus…", e.g. http://prometheus.monitoring:9090.' },
      'kmemlens.prometheus.tokenEnv': { type: 'string', default: 'KMEMLENS_PROMETHEUS_TOKEN', description: 'Name of the environment variable that holds the bearer token for the Prometheus server. The token itself is never stored in settings or written into a document.' },
      'kmemlens.ssh.command': { type: 'string', default: '', markdownDescription: 'The ssh command for *Capture over SSH…* and *Record…*, with its options (`ssh -F ~/.ssh/work_config -J bastion`). Empty: the environment variable `KMEMLENS_SSH`, else `ssh`. Run without a shell; keys come from your ssh-agent or config (no password prompt).' },
      'kmemlens.kubernetes.image': { type: 'string', default: 'busybox:1.36', description: 'Image of the debug pod "Capture Kubernetes Node…" starts (kubectl debug node/NODE --profile=sysadmin); the capture runs in the node\'s own root through chroot /host.' },
      'kmemlens.kubernetes.namespace': { type: 'string', default: '', description: 'Namespace of the debug pod; empty: the current context\'s namespace.' },
    },
  };
}

const isMain = process.argv[1] && /generate\.ts$/.test(process.argv[1]);
if (isMain) {
  writeFileSync('docs/rules.md', rulesMarkdown() + '\n');
  const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
  pkg.contributes.configuration = configurationContribution();
  writeFileSync('package.json', JSON.stringify(pkg, null, 2) + '\n');
  console.log('wrote docs/rules.md and package.json contributes.configuration');
}
