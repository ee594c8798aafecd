/**
 * Messages between the runner (parent) and a sandboxed check process (child), over Node's IPC
 * channel. Plain JSON objects only: the child is untrusted, so the parent validates what it relies on.
 */
import type { CheckEvidence, CheckStatus } from '../check';

/** What the child needs to know to start: nothing candidate-specific runs before the first `run`. */
export interface ChildConfig {
  checksModule: string;
  /** Workspace folder (absolute). */
  dir: string;
  solutionDir: string;
  /** Workspace files and the exports each must have (from the manifest). */
  files: { path: string; exports: string[] }[];
}

export type ParentMessage =
  | { type: 'run'; id: string; full: boolean; blocked: Record<string, string> };

/** A check's outcome as the child reports it; `error` when the check threw or candidate code failed. */
export interface ChildOutcome {
  status: CheckStatus;
  message: string;
  details: string[];
  evidence?: CheckEvidence;
  durationMs: number;
  /** What candidate code printed while the check ran (captured, never echoed). */
  output: { bytes: number; tail: string };
}

export type ChildMessage =
  | { type: 'ready' }
  | { type: 'fatal'; message: string }
  /** A workspace module starts or finishes loading; the parent keeps the stack to name a hang. */
  | { type: 'importing'; file: string }
  | { type: 'imported'; file: string }
  | { type: 'done'; id: string; outcome: ChildOutcome };

export function isChildMessage(value: unknown): value is ChildMessage {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}
