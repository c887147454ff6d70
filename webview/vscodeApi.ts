/**
 * Typed wrapper over `acquireVsCodeApi()`: the webview only posts
 * `FromWebview` messages and only keeps a `ViewerState`.
 */
import type { FromWebview, ViewerState } from './protocol';

interface RawVsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): RawVsCodeApi;

export interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): ViewerState;
  setState(state: ViewerState): void;
}

let api: VsCodeApi | undefined;

/** The one API object (acquireVsCodeApi may be called only once per page). */
export function vscodeApi(): VsCodeApi {
  if (api) return api;
  const raw: RawVsCodeApi = typeof acquireVsCodeApi === 'function'
    ? acquireVsCodeApi()
    : { postMessage: () => undefined, getState: () => undefined, setState: () => undefined }; // opened outside VS Code
  api = {
    postMessage: (m) => raw.postMessage(m),
    getState: () => {
      const s = raw.getState();
      return s && typeof s === 'object' ? (s as ViewerState) : {};
    },
    setState: (s) => raw.setState(s),
  };
  return api;
}
