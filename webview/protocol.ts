/**
 * The one message protocol between the extension (viewer panel host) and the
 * snapshot viewer webview. Both sides import this module. Payloads are
 * JSON-safe. Handshake: the webview posts `ready`, the host answers `update`.
 */
import type { ViewModel } from '../src/features/viewModel';
import type { FleetRow } from '../src/report/fleet';

export type { ViewModel, FleetRow };

/** A fleet of nodes (a folder of snapshots, or every instance of a Prometheus server), worst first. */
export interface FleetView {
  title: string;
  /** Where the rows came from, for the heading (`~/captures`, `http://prometheus:9090, last 24 hours`). */
  source: string;
  rows: FleetRow[];
  /** A folder's files open as they are; Prometheus histories open read-only. */
  origin: 'folder' | 'prometheus';
}

/** Extension → webview. */
export type ToWebview =
  /** A new or changed analysis of the followed document. */
  | { type: 'update'; model: ViewModel; documentUri: string; version: number }
  /** The compare view: two snapshots side by side. */
  | { type: 'compare'; left: ViewModel; right: ViewModel; leftLabel: string; rightLabel: string }
  /** The followed document was closed or is not a snapshot. */
  | { type: 'empty'; reason: string }
  /** The fleet view: one row per node. */
  | { type: 'fleet'; fleet: FleetView }
  /** Ask the webview to switch to a tab (e.g. after "Open in Snapshot Viewer" on a section). */
  | { type: 'showTab'; tab: ViewerTab };

/** Webview → extension. */
export type FromWebview =
  /** The page loaded and can receive `update`. */
  | { type: 'ready' }
  /** Reveal and select a line (0-based) of the followed document. */
  | { type: 'reveal'; line: number; documentUri?: string }
  /** Copy the Markdown report to the clipboard. */
  | { type: 'copyMarkdown' }
  /** Save a chart image (PNG as a data: URL) to a file the user picks. */
  | { type: 'savePng'; name: string; dataUrl: string }
  /** Open a rule's documentation. */
  | { type: 'openRuleDoc'; rule: string }
  /** Copy text the viewer shows (the kubelet reservation snippet) to the clipboard. */
  | { type: 'copyText'; text: string; what: string }
  /** Open one node of the fleet view (its row's `file`). */
  | { type: 'openNode'; file: string };

export type ViewerTab = 'overview' | 'memory' | 'slab' | 'cgroup' | 'pressure' | 'trends' | 'oom' | 'kubernetes' | 'process' | 'compare' | 'fleet';

/** State kept across hide/show and reloads (vscode.setState). */
export interface ViewerState {
  tab?: ViewerTab;
  slabFilter?: string;
  slabSort?: { column: string; descending: boolean };
  documentUri?: string;
  /** Tracks chosen in the Trends tab, by series key. */
  trendTracks?: Record<string, string[]>;
  /** A compare panel's two snapshots, so it can be restored after a reload. */
  compare?: { left: ViewModel; right: ViewModel; leftLabel: string; rightLabel: string };
  /** A fleet panel's rows, so it can be restored after a reload. */
  fleet?: FleetView;
  /** The fleet table's filter. */
  fleetFilter?: string;
}
