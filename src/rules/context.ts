/** What every rule gets: configuration, and one way to report a finding. */
import type { Finding, RelatedLine, Severity } from '../model';
import { RULES_BY_ID, threshold, type RuleConfig } from './catalog';

export interface RuleContext {
  config: RuleConfig;
  pageSize: number;
  /** The document shows a Kubernetes node (kubepods cgroups, kubectl or kubelet output): kubelet advice applies as such. */
  kubernetes?: boolean;
  /** A threshold's value (percent as percent) after user overrides. */
  th(rule: string, name: string): number;
  /** Reports a finding; applies the user's severity (or drops it when off). */
  report(rule: string, severity: Severity, section: number, line: number, message: string, extra?: { related?: RelatedLine[]; data?: Record<string, number>; endLine?: number; fix?: { title: string; text: string } }): void;
}

export function createRuleContext(config: RuleConfig, pageSize: number, out: Finding[], kubernetes = false): RuleContext {
  return {
    config,
    pageSize,
    kubernetes,
    th: (rule, name) => threshold(config, rule, name),
    report(rule, severity, section, line, message, extra) {
      if (!RULES_BY_ID.has(rule)) throw new Error(`unknown rule ${rule}`);
      const setting = config.severities?.[rule];
      if (setting === 'off') return;
      const f: Finding = { rule, severity: setting ?? severity, message, line, section };
      if (extra?.endLine !== undefined && extra.endLine !== line) f.endLine = extra.endLine;
      if (extra?.related?.length) f.related = extra.related;
      if (extra?.data) f.data = extra.data;
      if (extra?.fix) f.fix = extra.fix;
      out.push(f);
    },
  };
}

/** The higher level that applies: critical above its threshold, else warning above its own. */
export function level(value: number, warning: number, critical: number, below = false): Severity | undefined {
  if (below ? value < critical : value > critical) return 'critical';
  if (below ? value < warning : value > warning) return 'warning';
  return undefined;
}
