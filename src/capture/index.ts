/**
 * Capture and record from a node (issue 13): this machine, a host over the user's ssh, or a
 * Kubernetes node through the user's kubectl. The editor and the CLI use this API; `script.ts`, `target.ts`,
 * `ssh.ts`, `kubernetes.ts`, `series.ts` and `errors.ts` are pure, `run.ts` spawns processes.
 */
export { captureScript, captureFiles, type ScriptOptions } from './script';
export { CaptureError, type CaptureErrorCode, classifySsh, classifyKubectl, captureWarnings } from './errors';
export { splitCommandLine, resolveSshCommand, checkDestination, sshArgv, sshConfigHosts } from './ssh';
export { DEFAULT_IMAGE, checkNodeName, checkNamespace, checkImage, debugArgv, parseNodeNames } from './kubernetes';
export { parseDuration, planSeries, intervalRefusal, dropSeenOomReports, type SeriesPlan } from './series';
export { describeTarget, checkTarget, captureFileName, type CaptureTarget } from './target';
export {
  capture, recordSeries, listNodes, kubectlContext, sshHosts,
  DEFAULT_TIMEOUT_MS, KUBERNETES_TIMEOUT_MS, type Capture, type CaptureOptions, type SeriesOptions,
} from './run';
