/**
 * Prometheus alert rules from the rule catalog (issue 12 §3): one alert per rule and level that PromQL
 * can express over node_exporter and cAdvisor metrics, with the same thresholds and severities the
 * editor uses (the user's overrides included), so the editor and the fleet agree.
 *
 * Metric sources: node_exporter collector/meminfo_linux.go, vmstat_linux.go, pressure_linux.go
 * (node_pressure_memory_waiting_seconds_total is PSI "some", …_stalled_… is "full"); cAdvisor's
 * container_memory_working_set_bytes, container_memory_rss, container_spec_memory_limit_bytes.
 * PSI alerts use a 1-minute rate of the totals: node_exporter exports totals, not avg10.
 */
import { stringify } from 'yaml';
import type { Severity } from '../model';
import { RULES_BY_ID, ruleAnchor, threshold, type RuleConfig } from '../rules/catalog';

export interface AlertDef {
  /** Catalog rule id. */
  rule: string;
  /** The level this alert raises (two-level rules have one alert per level). */
  level: Severity;
  /** PromQL, given a threshold reader. */
  expr: (th: (name: string) => number) => string;
  /** How long the condition must hold. */
  for?: string;
  summary: string;
}

const MEM = 'node_memory_MemTotal_bytes';
const CONTAINER = '{container!="",container!="POD"}';
const WS = `container_memory_working_set_bytes${CONTAINER}`;
const LIMIT = `(container_spec_memory_limit_bytes${CONTAINER} > 0)`;

/** The alert table: data, so that a reader finds a rule's PromQL in one place. */
export const ALERTS: readonly AlertDef[] = [
  { rule: 'meminfo/unreclaimable-slab-high', level: 'warning', for: '15m', summary: 'Unreclaimable slab above {{th}} % of MemTotal', expr: (th) => `100 * node_memory_SUnreclaim_bytes / ${MEM} > ${th('warning')}` },
  { rule: 'meminfo/unreclaimable-slab-high', level: 'critical', for: '15m', summary: 'Unreclaimable slab above {{th}} % of MemTotal', expr: (th) => `100 * node_memory_SUnreclaim_bytes / ${MEM} > ${th('critical')}` },
  { rule: 'meminfo/low-available', level: 'warning', for: '5m', summary: 'MemAvailable below {{th}} % of MemTotal', expr: (th) => `100 * node_memory_MemAvailable_bytes / ${MEM} < ${th('warning')} and node_memory_MemAvailable_bytes < ${th('warningBytes')}` },
  { rule: 'meminfo/low-available', level: 'critical', for: '5m', summary: 'MemAvailable below {{th}} % of MemTotal', expr: (th) => `100 * node_memory_MemAvailable_bytes / ${MEM} < ${th('critical')} and node_memory_MemAvailable_bytes < ${th('criticalBytes')}` },
  // Kernel memory no pod is charged for: what kubectl top node cannot see.
  { rule: 'meminfo/kernel-share-high', level: 'warning', for: '30m', summary: 'Kernel memory kubectl top cannot see above {{th}} % of MemTotal', expr: (th) => `100 * (node_memory_SUnreclaim_bytes + node_memory_KernelStack_bytes + node_memory_PageTables_bytes + (node_memory_Percpu_bytes or node_memory_SUnreclaim_bytes * 0)) / ${MEM} > ${th('warning')}` },
  { rule: 'series/steady-growth', level: 'warning', for: '1h', summary: 'Unreclaimable slab grows: more than {{th}} % within a day at the 6 h trend', expr: (th) => `predict_linear(node_memory_SUnreclaim_bytes[6h], 86400) > node_memory_SUnreclaim_bytes * ${1 + th('growth') / 100} and deriv(node_memory_SUnreclaim_bytes[6h]) > 0` },
  { rule: 'pressure/memory-some', level: 'warning', for: '5m', summary: 'Tasks stalled on memory {{th}} % of the time', expr: (th) => `100 * rate(node_pressure_memory_waiting_seconds_total[1m]) >= ${th('warning')}` },
  { rule: 'pressure/memory-some', level: 'critical', for: '5m', summary: 'Tasks stalled on memory {{th}} % of the time', expr: (th) => `100 * rate(node_pressure_memory_waiting_seconds_total[1m]) >= ${th('critical')}` },
  { rule: 'pressure/memory-full', level: 'warning', for: '5m', summary: 'All tasks stalled on memory {{th}} % of the time', expr: (th) => `100 * rate(node_pressure_memory_stalled_seconds_total[1m]) >= ${th('warning')}` },
  { rule: 'pressure/memory-full', level: 'critical', for: '5m', summary: 'All tasks stalled on memory {{th}} % of the time', expr: (th) => `100 * rate(node_pressure_memory_stalled_seconds_total[1m]) >= ${th('critical')}` },
  { rule: 'vmstat/swapping', level: 'warning', for: '10m', summary: 'Swapping above {{th}} pages/s', expr: (th) => `rate(node_vmstat_pswpin[5m]) + rate(node_vmstat_pswpout[5m]) > ${th('rate')}` },
  { rule: 'vmstat/oom-kills', level: 'warning', summary: 'The OOM killer killed a process', expr: () => 'increase(node_vmstat_oom_kill[5m]) > 0' },
  { rule: 'kubernetes/pod-near-limit', level: 'warning', for: '5m', summary: 'Container working set above {{th}} % of its limit', expr: (th) => `100 * ${WS} / ${LIMIT} > ${th('warning')}` },
  { rule: 'kubernetes/pod-near-limit', level: 'critical', for: '5m', summary: 'Container working set above {{th}} % of its limit', expr: (th) => `100 * ${WS} / ${LIMIT} > ${th('critical')}` },
  { rule: 'kubernetes/working-set-page-cache', level: 'warning', for: '15m', summary: 'Page cache fills the container toward its limit', expr: (th) => `100 * (${WS} - container_memory_rss${CONTAINER}) / ${WS} > ${th('share')} and 100 * ${WS} / ${LIMIT} > ${th('near')}` },
];

/** The threshold an alert's summary names: its level's, else the rule's only one. */
const namedThreshold = (a: AlertDef): string => {
  const names = Object.keys(RULES_BY_ID.get(a.rule)?.thresholds ?? {});
  return names.includes(a.level) ? a.level : names.includes('growth') ? 'growth' : names.includes('rate') ? 'rate' : names.includes('share') ? 'share' : names[0];
};

const camel = (id: string, level: Severity) => `Kmemlens${id.split(/[/-]/).map((w) => w[0].toUpperCase() + w.slice(1)).join('')}${level === 'critical' ? 'Critical' : ''}`;

/** The Prometheus rule file, as YAML. `runbookBase` is where docs/rules.md is published (default: its repository path). */
export function alertRules(config: RuleConfig = {}, runbookBase = 'docs/rules.md'): { yaml: string; alerts: { name: string; rule: string; level: Severity; severity: Severity; expr: string; for?: string }[] } {
  const alerts: { name: string; rule: string; level: Severity; severity: Severity; expr: string; for?: string }[] = [];
  const rules: Record<string, unknown>[] = [];
  for (const a of ALERTS) {
    const setting = config.severities?.[a.rule];
    if (setting === 'off') continue;
    const info = RULES_BY_ID.get(a.rule)!;
    // A severity the user set replaces the rule's levels: one alert, the rule's first (lower) one.
    if (setting && ALERTS.find((x) => x.rule === a.rule) !== a) continue;
    const severity = setting ?? a.level;
    const th = (name: string) => threshold(config, a.rule, name);
    const expr = a.expr(th);
    const name = camel(a.rule, a.level);
    alerts.push({ name, rule: a.rule, level: a.level, severity, expr, for: a.for });
    rules.push({
      alert: name,
      expr,
      ...(a.for ? { for: a.for } : {}),
      labels: { severity, kmemlens_rule: a.rule },
      annotations: {
        summary: a.summary.includes('{{th}}') ? a.summary.replace('{{th}}', String(th(namedThreshold(a)))) : a.summary,
        description: `${info.doc.means} ${info.doc.next}`,
        runbook_url: `${runbookBase}#${ruleAnchor(a.rule)}`,
      },
    });
  }
  const yaml = `# Generated by kmemlens alerts from the Kernel Memory Lens rule catalog (src/rules/catalog.ts).\n${stringify({ groups: [{ name: 'kernel-memory-lens', rules }] }, { lineWidth: 0 })}`;
  return { yaml, alerts };
}
