/**
 * The kubelet's memory settings (k8s.io/kubelet/config/v1beta1 KubeletConfiguration):
 * from its YAML, its JSON, the live `/configz` endpoint (`{"kubeletconfig": {…}}`),
 * or command-line flags (`--system-reserved=memory=1Gi --eviction-hard=memory.available<100Mi`).
 */
import type { K8sValue, KubeletConfigSection, Problem } from '../../model';
import type { SourceLine } from '../lines';
import { k8sValue } from './quantity';
import { span } from './text';
import { asMap, get, nodeLine, nodeSpan, nodeText, pairs, readTree, type Tree } from './tree';

type Entry = K8sValue & { line: number };
export type ConfigFields = Pick<KubeletConfigSection, 'systemReserved' | 'kubeReserved' | 'evictionHard' | 'evictionSoft' | 'evictionSoftGracePeriod' | 'settings'>;

const MAPS = ['systemReserved', 'kubeReserved', 'evictionHard', 'evictionSoft', 'evictionSoftGracePeriod'] as const;
/** Settings kept besides the maps: what decides node allocatable, eviction and memory QoS. */
export const CONFIG_SETTINGS = [
  'enforceNodeAllocatable', 'memoryThrottlingFactor', 'cgroupDriver', 'cgroupsPerQOS', 'cgroupRoot', 'evictionMinimumReclaim', 'evictionPressureTransitionPeriod',
  'evictionMaxPodGracePeriod', 'systemReservedCgroup', 'kubeReservedCgroup', 'memorySwap', 'failSwapOn', 'memoryManagerPolicy', 'reservedMemory',
  'mergeDefaultEvictionSettings', 'maxPods', 'podPidsLimit', 'oomScoreAdj', 'featureGates.MemoryQoS', 'kernelMemcgNotification', 'protectKernelDefaults',
];
const DURATION_KEYS = /GracePeriod|Period$|Frequency$|Timeout$|TTL$|Age$/;

function empty(): ConfigFields {
  return { systemReserved: {}, kubeReserved: {}, evictionHard: {}, evictionSoft: {}, evictionSoftGracePeriod: {}, settings: {} };
}

/** True for JSON/YAML text of a KubeletConfiguration or /configz. */
export function looksLikeKubeletConfig(text: string): boolean {
  return /"kubeletconfig"\s*:/.test(text) || /(?:^|\n)\s*"?kind"?\s*:\s*"?KubeletConfiguration\b/.test(text) || /apiVersion"?\s*:\s*"?kubelet\.config\.k8s\.io\//.test(text);
}

/** Resources whose quantities are not sizes (cpu in cores, pids in counts): kept raw. */
const NOT_BYTES = /^(?:cpu|pid|pid\.available)$/;

function entry(t: Tree, value: unknown, key: string, keyNode: unknown, duration = DURATION_KEYS.test(key)): Entry | undefined {
  const sp = nodeSpan(t, value) ?? nodeSpan(t, keyNode);
  if (!sp) return undefined;
  const raw = nodeText(t, value);
  const v = { ...k8sValue(raw, sp, duration), line: nodeLine(t, keyNode) ?? sp.line };
  if (NOT_BYTES.test(key) && v.bytes !== undefined) delete v.bytes;
  return v;
}

export function parseConfigTree(src: SourceLine[], problems: Problem[]): ConfigFields & { configz: boolean } {
  const t = readTree(src, 'This kubelet configuration');
  problems.push(...t.problems);
  const out = { ...empty(), configz: false };
  let root = asMap(t.root);
  const inner = asMap(get(root, 'kubeletconfig'));
  if (inner) { root = inner; out.configz = true; }
  if (!root) return out;
  for (const { key, pair } of pairs(root)) {
    if ((MAPS as readonly string[]).includes(key)) {
      const m = asMap(pair.value);
      const target = out[key as (typeof MAPS)[number]];
      for (const p of pairs(m)) { const e = entry(t, p.pair.value, p.key, p.pair.key, key === 'evictionSoftGracePeriod'); if (e) target[p.key] = e; }
    } else if (key === 'featureGates') {
      for (const p of pairs(asMap(pair.value))) if (p.key === 'MemoryQoS') { const e = entry(t, p.pair.value, p.key, p.pair.key); if (e) out.settings['featureGates.MemoryQoS'] = e; }
    } else if (CONFIG_SETTINGS.includes(key)) {
      const m = asMap(pair.value);
      if (m && m.items.length && key !== 'reservedMemory') {
        // A map setting (evictionMinimumReclaim, memorySwap): one entry per key.
        for (const p of pairs(m)) { const e = entry(t, p.pair.value, p.key, p.pair.key); if (e) out.settings[`${key}.${p.key}`] = e; }
      } else {
        const e = entry(t, pair.value, key, pair.key);
        if (e) out.settings[key] = e;
      }
    }
  }
  return out;
}

/** Flags whose values are read, and where they go. */
const FLAG_MAPS: Record<string, (typeof MAPS)[number]> = {
  'system-reserved': 'systemReserved', 'kube-reserved': 'kubeReserved', 'eviction-hard': 'evictionHard', 'eviction-soft': 'evictionSoft', 'eviction-soft-grace-period': 'evictionSoftGracePeriod',
};
const FLAG_SETTINGS: Record<string, string> = {
  'enforce-node-allocatable': 'enforceNodeAllocatable', 'cgroup-driver': 'cgroupDriver', 'cgroups-per-qos': 'cgroupsPerQOS', 'cgroup-root': 'cgroupRoot',
  'eviction-minimum-reclaim': 'evictionMinimumReclaim', 'eviction-pressure-transition-period': 'evictionPressureTransitionPeriod', 'eviction-max-pod-grace-period': 'evictionMaxPodGracePeriod',
  'system-reserved-cgroup': 'systemReservedCgroup', 'kube-reserved-cgroup': 'kubeReservedCgroup', 'fail-swap-on': 'failSwapOn', 'memory-manager-policy': 'memoryManagerPolicy',
  'max-pods': 'maxPods', 'pod-max-pids': 'podPidsLimit', 'oom-score-adj': 'oomScoreAdj', 'feature-gates': 'featureGates', 'experimental-kernel-memcg-notification': 'kernelMemcgNotification',
  'kernel-memcg-notification': 'kernelMemcgNotification', 'protect-kernel-defaults': 'protectKernelDefaults', 'config': 'config',
};
export const FLAG_RE = /--(system-reserved|kube-reserved|eviction-(?:hard|soft|soft-grace-period|minimum-reclaim|pressure-transition-period|max-pod-grace-period)|enforce-node-allocatable|cgroup-driver|cgroups-per-qos|cgroup-root|system-reserved-cgroup|kube-reserved-cgroup|fail-swap-on|memory-manager-policy|max-pods|pod-max-pids|oom-score-adj|feature-gates|(?:experimental-)?kernel-memcg-notification|protect-kernel-defaults|config)(?:=|\s+)(?:"([^"]*)"|'([^']*)'|([^\s"'\\]+))/g;

/** True for a line that sets one of the kubelet's memory flags. */
export function hasKubeletFlags(text: string): boolean {
  return /--(?:system-reserved|kube-reserved|eviction-(?:hard|soft))[=\s]/.test(text);
}

export function parseFlags(src: SourceLine[]): ConfigFields {
  const out = empty();
  for (const l of src) {
    FLAG_RE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = FLAG_RE.exec(l.text)) !== null) {
      const flag = m[1];
      const value = m[2] ?? m[3] ?? m[4] ?? '';
      const vstart = m.index + m[0].length - value.length - (m[2] !== undefined || m[3] !== undefined ? 1 : 0);
      const mapName = FLAG_MAPS[flag];
      const setting = FLAG_SETTINGS[flag];
      if (mapName || flag === 'eviction-minimum-reclaim' || flag === 'feature-gates') {
        // `memory=1Gi,cpu=500m` or `memory.available<100Mi,nodefs.available<10%`.
        let off = vstart;
        for (const part of value.split(',')) {
          const pm = /^([\w./-]+)\s*(<|=)\s*(.*)$/.exec(part);
          if (pm) {
            const vs = off + part.length - pm[3].length;
            const e = { ...k8sValue(pm[3], span(l, vs, vs + pm[3].length), flag === 'eviction-soft-grace-period' || flag === 'feature-gates'), line: l.line };
            if (NOT_BYTES.test(pm[1])) delete e.bytes;
            if (mapName) out[mapName][pm[1]] = e;
            else if (flag === 'feature-gates') { if (pm[1] === 'MemoryQoS') out.settings['featureGates.MemoryQoS'] = e; }
            else out.settings[`evictionMinimumReclaim.${pm[1]}`] = e;
          }
          off += part.length + 1;
        }
      } else if (setting) {
        out.settings[setting] = { ...k8sValue(value, span(l, vstart, vstart + value.length), /period/.test(flag)), line: l.line };
      }
    }
  }
  return out;
}
