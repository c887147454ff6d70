/**
 * kmemlens: the command line on the same core as the editor.
 *   kmemlens [analyze] [--json|--markdown] [--fail-on LEVEL] [--page-size BYTES]
 *                    [--rule ID=off|info|warning|critical]... [--threshold ID.NAME=VALUE]... FILE...|-
 *   kmemlens advise [--json] [--horizon DAYS] FILE...   (the files are read as one node's bundle)
 *   kmemlens alerts [--rule ID=…]... [--threshold ID.NAME=VALUE]... [--runbook-base URL]
 *   kmemlens capture [-o FILE] [--every DURATION --for DURATION] [--ssh DEST | --node NODE]   (./capture.ts)
 *   kmemlens explain NAME
 *   kmemlens rules
 * Exit: 0 no finding at --fail-on, 1 one is, 2 usage error or not a capture.
 */
import { parseArgs } from 'node:util';
import { analyzeText, isCapture, type Analysis } from '../analysis/analyze';
import { EXPECTED_FORMATS } from '../formats/parse';
import { searchKnowledge } from '../knowledge';
import type { Severity, SeveritySetting } from '../model';
import { RULES, RULES_BY_ID, threshold, type RuleConfig } from '../rules/catalog';
import { oneBasedLines, toJsonReport } from '../report/json';
import { renderMarkdown } from '../report/markdown';
import { renderText } from '../report/text';
import { renderExplain } from './explain';
import { adviceLines, kubernetesLines } from '../report/kubernetes';
import { adviseReservation } from '../analysis/advise';
import { joinAsBundle } from '../formats/join';
import { alertRules } from '../prometheus/alerts';
import { PROMETHEUS_USAGE } from './prometheus';
import { FLEET_USAGE } from './fleet';
import { CAPTURE_USAGE } from './capture';

export interface CliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  readFile: (path: string) => string;
  readStdin: () => string;
  isTTY: boolean;
  env: Record<string, string | undefined>;
  /** Whether a path names a file: `kmemlens FILE` then means `kmemlens analyze FILE`. */
  isFile?: (path: string) => boolean;
}

const USAGE = `Usage:
  kmemlens analyze [--json | --markdown] [--fail-on critical|warning|info|never]
                   [--page-size BYTES] [--rule ID=off|info|warning|critical]...
                   [--threshold ID.NAME=VALUE]... FILE... (- reads standard input)
  kmemlens FILE...           the same as kmemlens analyze FILE...
  kmemlens advise [--json] [--horizon DAYS] FILE...
                             a kubelet reservation sized from one node's captures (kubectl top,
                             Summary API, describe node, kubelet config, /proc/meminfo, slabinfo);
                             the files are read together, as one bundle
  kmemlens alerts [--rule ID=off|info|warning|critical]... [--threshold ID.NAME=VALUE]...
                  [--runbook-base URL]
                             a Prometheus rule file with the catalog's rules PromQL can express
${PROMETHEUS_USAGE}${FLEET_USAGE}${CAPTURE_USAGE}  kmemlens explain NAME      explain a field, key or slab cache (MemAvailable, inactive_file, dentry)
  kmemlens rules             list the rules with their current thresholds
`;

class UsageError extends Error {}

const LEVELS: Severity[] = ['info', 'warning', 'critical'];

export function runCli(argv: string[], io: CliIO): number {
  try {
    const [command, ...rest] = argv;
    if (!command || command === '--help' || command === '-h' || command === 'help') { io.stdout(USAGE); return command ? 0 : 2; }
    if (command === '--version') { io.stdout('kmemlens 0.1.0\n'); return 0; }
    if (command === 'analyze') return analyze(rest, io);
    if (command === 'advise') return advise(rest, io);
    if (command === 'alerts') return alerts(rest, io);
    if (command === 'explain') return explain(rest, io);
    if (command === 'rules') return rules(rest, io);
    // `kmemlens FILE…` and `… | kmemlens -` are what a first try looks like: analyse them.
    if (command === '-' || io.isFile?.(command)) return analyze(argv, io);
    throw new UsageError(`unknown command "${command}" (and no file of that name to analyse)`);
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`kmemlens: ${(e as Error).message}\n\n${USAGE}`);
      return 2;
    }
    throw e;
  }
}

function ruleConfig(values: { rule?: string[]; threshold?: string[] }): RuleConfig {
  const severities: Record<string, SeveritySetting> = {};
  for (const r of values.rule ?? []) {
    const m = /^([a-z-]+\/[a-z-]+)=(off|info|warning|critical)$/.exec(r);
    if (!m) throw new UsageError(`--rule expects ID=off|info|warning|critical, got "${r}"`);
    if (!RULES_BY_ID.has(m[1])) throw new UsageError(`unknown rule "${m[1]}" (see: kmemlens rules)`);
    severities[m[1]] = m[2] as SeveritySetting;
  }
  const thresholds: Record<string, number> = {};
  for (const t of values.threshold ?? []) {
    const m = /^([a-z-]+\/[a-z-]+)\.(\w+)=(-?\d+(?:\.\d+)?)$/.exec(t);
    if (!m) throw new UsageError(`--threshold expects ID.NAME=NUMBER, got "${t}"`);
    if (!RULES_BY_ID.get(m[1])?.thresholds[m[2]]) throw new UsageError(`unknown threshold "${m[1]}.${m[2]}" (see: kmemlens rules)`);
    thresholds[`${m[1]}.${m[2]}`] = Number(m[3]);
  }
  return { severities, thresholds };
}

function analyze(args: string[], io: CliIO): number {
  const { values, positionals } = parseArgs({
    args, allowPositionals: true, strict: true,
    options: {
      json: { type: 'boolean' }, markdown: { type: 'boolean' }, 'fail-on': { type: 'string' }, 'page-size': { type: 'string' },
      rule: { type: 'string', multiple: true }, threshold: { type: 'string', multiple: true }, 'no-color': { type: 'boolean' },
    },
  });
  if (!positionals.length) throw new UsageError('analyze needs at least one FILE (or - for standard input)');
  if (values.json && values.markdown) throw new UsageError('choose one of --json and --markdown');
  const failOn = values['fail-on'] ?? 'critical';
  if (![...LEVELS, 'never'].includes(failOn)) throw new UsageError(`--fail-on expects critical, warning, info or never, got "${failOn}"`);
  let pageSize = 4096;
  if (values['page-size'] !== undefined) {
    pageSize = Number(values['page-size']);
    if (!Number.isInteger(pageSize) || pageSize < 512 || (pageSize & (pageSize - 1)) !== 0) throw new UsageError(`--page-size expects a power of two in bytes (4096, 16384, 65536), got "${values['page-size']}"`);
  }
  const rules = ruleConfig(values);
  const color = io.isTTY && !values['no-color'] && !io.env.NO_COLOR;

  const results: { file: string; analysis: Analysis }[] = [];
  let notCapture = false;
  for (const file of positionals) {
    let text: string;
    try { text = file === '-' ? io.readStdin() : io.readFile(file); }
    catch (e) { io.stderr(`kmemlens: cannot read ${file}: ${(e as Error).message}\n`); return 2; }
    const name = file === '-' ? '<stdin>' : file;
    const analysis = analyzeText(text, { fileName: file === '-' ? undefined : file, pageSize, rules });
    if (!isCapture(analysis.parsed)) {
      io.stderr(`kmemlens: ${name} is not a kernel memory capture: expected ${EXPECTED_FORMATS}.\n`);
      notCapture = true;
      continue;
    }
    results.push({ file: name, analysis });
  }
  if (values.json) {
    const objs = results.map((r) => toJsonReport(r.file, r.analysis));
    if (objs.length) io.stdout(JSON.stringify(positionals.length === 1 ? objs[0] : objs, null, 2) + '\n');
  } else {
    for (const r of results) io.stdout(values.markdown ? renderMarkdown(r.file, r.analysis) : renderText(r.file, r.analysis, { color }));
  }
  if (notCapture) return 2;
  if (failOn === 'never') return 0;
  const min = LEVELS.indexOf(failOn as Severity);
  return results.some((r) => r.analysis.findings.some((f) => LEVELS.indexOf(f.severity) >= min)) ? 1 : 0;
}

function explain(args: string[], io: CliIO): number {
  const name = args.join(' ').trim();
  if (!name) throw new UsageError('explain needs a NAME, for example: kmemlens explain SUnreclaim');
  const hits = searchKnowledge(name);
  if (!hits.length) { io.stderr(`kmemlens: nothing known about "${name}". Try a meminfo field (MemAvailable), a memory.stat key (inactive_file), a vmstat counter (pgmajfault) or a slab cache (dentry).\n`); return 2; }
  io.stdout(hits.map((h) => renderExplain(h.kind, h.entry)).join('\n'));
  return 0;
}

function rules(args: string[], io: CliIO): number {
  const { values } = parseArgs({ args, strict: true, options: { rule: { type: 'string', multiple: true }, threshold: { type: 'string', multiple: true }, json: { type: 'boolean' } } });
  const config = ruleConfig(values);
  const list = RULES.map((r) => ({
    id: r.id, severity: config.severities?.[r.id] ?? r.severity, levels: r.levels, title: r.title,
    thresholds: Object.fromEntries(Object.entries(r.thresholds).map(([k, t]) => [k, { value: threshold(config, r.id, k), unit: t.unit, description: t.description }])),
  }));
  if (values.json) { io.stdout(JSON.stringify(list, null, 2) + '\n'); return 0; }
  for (const r of list) {
    const th = Object.entries(r.thresholds).map(([k, t]) => `${k}=${t.value}${t.unit === '%' ? '%' : t.unit === 'bytes' ? ' B' : t.unit === '/s' ? '/s' : ''}`).join(', ');
    io.stdout(`${r.id.padEnd(44)} ${(r.levels ? r.levels.join('/') : r.severity).padEnd(17)} ${r.title}${th ? `  [${th}]` : ''}\n`);
  }
  return 0;
}

/**
 * The files are one node's captures taken side by side (kubectl top node and /proc/meminfo, a describe
 * and a kubelet config): joined under `==> FILE <==` headers, they are one bundle and one picture.
 */
function advise(args: string[], io: CliIO): number {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, strict: true, options: { json: { type: 'boolean' }, horizon: { type: 'string' } } });
  if (!positionals.length) throw new UsageError('advise needs at least one FILE (or - for standard input): the node\'s /proc/meminfo with kubectl top node, the Summary API or describe node');
  const horizon = values.horizon === undefined ? undefined : Number(values.horizon);
  if (horizon !== undefined && (!Number.isFinite(horizon) || horizon < 0 || horizon > 3650)) throw new UsageError(`--horizon expects a number of days (0 to 3650), got "${values.horizon}"`);
  const parts: string[] = [];
  for (const file of positionals) {
    try { parts.push(file === '-' ? io.readStdin() : io.readFile(file)); }
    catch (e) { io.stderr(`kmemlens: cannot read ${file}: ${(e as Error).message}\n`); return 2; }
  }
  const text = joinAsBundle(positionals.map((f, i) => ({ name: f === '-' ? '<stdin>' : f, text: parts[i] })));
  const a = analyzeText(text, { fileName: positionals.length === 1 && positionals[0] !== '-' ? positionals[0] : undefined });
  const k = a.metrics.kubernetes;
  if (k && horizon !== undefined) { const r = adviseReservation(k, a.metrics.series, horizon); if (r) k.advice.reservation = r; else delete k.advice.reservation; }
  const missing: string[] = [];
  if (!a.metrics.meminfo) missing.push('the node\'s /proc/meminfo (the kernel side)');
  if (!k) missing.push('the Kubernetes side: kubectl top node, the kubelet Summary API, or kubectl describe node');
  if (values.json) {
    io.stdout(JSON.stringify({ kubernetes: k ? oneBasedLines(k) : null, findings: a.findings.filter((f) => f.rule.startsWith('kubernetes/')).map((f) => ({ ...f, line: f.line + 1 })), missing }, null, 2) + '\n');
    return k?.advice.reservation ? 0 : 2;
  }
  if (k) io.stdout(kubernetesLines(k).join('\n') + '\n\n');
  if (k?.advice.reservation || k?.advice.vfsCachePressure || k?.advice.memoryQos) io.stdout(adviceLines(k).join('\n') + '\n');
  if (!k?.advice.reservation) {
    io.stderr(`kmemlens: no reservation advice: the captures lack ${missing.length ? missing.join(' and ') : 'the kernel memory numbers (SUnreclaim, KernelStack, PageTables)'}.\n`);
    return 2;
  }
  return 0;
}

/** The Prometheus rule file (stdout), with the thresholds and severities the options give. */
function alerts(args: string[], io: CliIO): number {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, strict: true, options: { rule: { type: 'string', multiple: true }, threshold: { type: 'string', multiple: true }, 'runbook-base': { type: 'string' } } });
  if (positionals.length) throw new UsageError(`alerts takes no FILE (got "${positionals[0]}"); redirect its output: kmemlens alerts > kmemlens-rules.yml`);
  io.stdout(alertRules(ruleConfig(values), values['runbook-base']).yaml);
  return 0;
}
