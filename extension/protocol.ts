/**
 * Custom LSP messages between the client and the language server, declared
 * once and imported by both sides (plain method names and payload types, so
 * this module needs neither vscode nor vscode-languageserver).
 */
import type { ViewModel } from '../src/features/viewModel';

/** Client → server request: the viewer's picture of a document (open URI), or of text the client read from disk. */
export const ViewModelRequest = 'kmemlens/viewModel';
export type ViewModelParams = { uri: string } | { text: string; fileName: string };
export type ViewModelResult = ViewModel | null;

/** Client → server request: the Markdown report of an open document. */
export const MarkdownReportRequest = 'kmemlens/markdownReport';
export interface MarkdownReportParams { uri: string }
export type MarkdownReportResult = string | null;

/** Client → server request: is this text a snapshot, and which language fits it? (pasted-text detection) */
export const DetectRequest = 'kmemlens/detect';
export interface DetectParams { text: string; fileName?: string }
export interface DetectResult { languageId?: string; kinds: string[] }

/** Server → client notification after each analysis of a document. */
export const AnalysisChangedNotification = 'kmemlens/analysisChanged';
export interface AnalysisChangedParams {
  uri: string;
  version: number;
  headline: string;
  worst?: 'critical' | 'warning' | 'info';
  /** Set when the document is over the large-document threshold and costly features are off. */
  reduced?: boolean;
}

/** Client → server request: knowledge entries as Markdown (the "Explain Field…" command), or the list of names to pick from. */
export const ExplainRequest = 'kmemlens/explain';
export interface ExplainParams { name?: string }
export interface ExplainResult { markdown?: string; names: { name: string; kind: string; title: string }[] }

/** Client → server request: the kubelet reservation advised for a document ("Copy Kubelet Reservation"). */
export const ReservationRequest = 'kmemlens/reservation';
export interface ReservationParams { uri: string }
/** `snippet` is the KubeletConfiguration text; `why` says what it is based on, or why there is no advice. */
export interface ReservationResult { snippet?: string; why: string }
