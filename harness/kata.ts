import type { InterviewMaterial } from './interview/material';
import type { Manifest } from './manifest';

/** Where a kata lives on disk, next to its validated manifest. */
export interface KataDefinition {
  manifest: Manifest;
  /** Reference solution folder (absolute). */
  solutionDir: string;
  /** Pristine starter folder with the default variant (absolute). */
  exerciseDir: string;
  /**
   * Absolute path of the module exporting `checks: Record<string, CheckFn>`. Only the sandboxed
   * child process loads it, so the parent never runs code that touches the candidate's workspace.
   */
  checksModule: string;
  /** Method, rubric and follow-ups for the interviewer's card and report (optional). */
  interview?: InterviewMaterial;
}
