/**
 * kmemlens prometheus --url URL --instance INSTANCE|NODE [--since 24h] [--step 1m] [--token-env NAME] [-o FILE]
 * A node's history from a Prometheus server, written as a series snapshot (stdout or FILE).
 * Exit: 0 written, 2 usage error or a Prometheus error (unreachable, 401, unknown instance, no data).
 */
import { parseArgs } from 'node:util';
import { writeFileSync } from 'node:fs';
import { nodeHistory, parseDuration, PrometheusError, resolveInstance } from '../prometheus/history';
import type { CliIO } from './main';

export const PROMETHEUS_USAGE = `  kmemlens prometheus --url URL --instance INSTANCE|NODE [--since 24h] [--step 1m]
                     [--token-env NAME] [-o FILE]
                             a node's history from a Prometheus server, as a series snapshot;
                             the bearer token is read from $KMEMLENS_PROMETHEUS_TOKEN (or --token-env)
`;

export async function runPrometheus(args: string[], io: CliIO): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args, strict: true, options: { url: { type: 'string' }, instance: { type: 'string' }, since: { type: 'string' }, step: { type: 'string' }, 'token-env': { type: 'string' }, output: { type: 'string', short: 'o' } } }));
  } catch (e) { io.stderr(`kmemlens: ${(e as Error).message}\n\nUsage:\n${PROMETHEUS_USAGE}`); return 2; }
  const usage = (m: string) => { io.stderr(`kmemlens: ${m}\n\nUsage:\n${PROMETHEUS_USAGE}`); return 2; };
  if (typeof values.url !== 'string' || !/^https?:\/\//.test(values.url)) return usage('prometheus needs --url http(s)://HOST:PORT of the Prometheus server');
  if (typeof values.instance !== 'string' || !values.instance) return usage('prometheus needs --instance (the node_exporter target, e.g. 10.0.3.17:9100)');
  const since = parseDuration(String(values.since ?? '24h'));
  const step = parseDuration(String(values.step ?? '1m'));
  if (!since) return usage(`--since expects a duration such as 30m, 24h or 7d, got "${values.since}"`);
  if (!step || step < 1000) return usage(`--step expects a duration of a second or more, such as 15s or 1m, got "${values.step}"`);
  const tokenEnv = typeof values['token-env'] === 'string' ? values['token-env'] : 'KMEMLENS_PROMETHEUS_TOKEN';
  const end = Date.now();
  try {
    // A node name (the `node` label Kubernetes discovery gives) is taken too.
    const instance = await resolveInstance({ url: values.url, token: io.env[tokenEnv] || undefined }, values.instance);
    const { text, points } = await nodeHistory({
      url: values.url, instance, start: end - since, end, stepSeconds: step / 1000, token: io.env[tokenEnv] || undefined,
      progress: (d, t) => { if (t > 1) io.stderr(`kmemlens: fetched ${d} of ${t} chunks\n`); },
    });
    if (typeof values.output === 'string') { writeFileSync(values.output, text); io.stderr(`kmemlens: ${points} captures of ${instance}${instance !== values.instance ? ` (node ${values.instance})` : ''} written to ${values.output}\n`); }
    else io.stdout(text);
    return 0;
  } catch (e) {
    if (e instanceof PrometheusError) { io.stderr(`kmemlens: ${e.message}\n`); return 2; }
    throw e;
  }
}
