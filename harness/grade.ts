/**
 * Grading a workspace end to end: pick the checks (part, --full), run them, and assemble the report
 * that every reporter renders. Also the verdict rules shared by the exit code and the reporters.
 */
import type { CheckResult } from './check';
import type { KataDefinition } from './kata';
import { runChecks, type Diagnostic, type RunEvent } from './runner';
import type { VariantChoice } from './variants';

/** Which variant a workspace holds; null when unknown (a bare folder without `.kata/` metadata). */
export interface VariantInfo {
  seed: number | null;
  /** Bug category → variant id. Interviewer knowledge: only `grade` reports it. */
  bugs?: VariantChoice;
}

export interface GradeReport {
  kata: { id: string; title: string };
  variant: VariantInfo | null;
  dir: string;
  results: CheckResult[];
  typecheck: Diagnostic[];
  /** Why the type-check could not finish (e.g. a timeout): a note for the reporters, never a verdict. */
  typecheckIncomplete?: string;
  durationMs: number;
}

export interface GradeOptions {
  kata: KataDefinition;
  dir: string;
  variant: VariantInfo | null;
  part?: 1 | 2;
  full: boolean;
  onProgress?: (event: RunEvent) => void;
}

export interface Summary {
  passed: number;
  failed: number;
  errored: number;
  skipped: number;
}

export async function gradeWorkspace(options: GradeOptions): Promise<GradeReport> {
  const started = Date.now();
  const { kata } = options;
  const checkIds = kata.manifest.checks.filter((c) => options.part === undefined || c.part === options.part).map((c) => c.id);
  const { results, typecheck, typecheckIncomplete } = await runChecks({ kata, dir: options.dir, checkIds, full: options.full, onProgress: options.onProgress });
  return {
    kata: { id: kata.manifest.id, title: kata.manifest.title },
    variant: options.variant,
    dir: options.dir,
    results,
    typecheck,
    ...(typecheckIncomplete !== undefined ? { typecheckIncomplete } : {}),
    durationMs: Date.now() - started,
  };
}

export function summarize(results: readonly CheckResult[]): Summary {
  const count = (status: CheckResult['status']) => results.filter((r) => r.status === status).length;
  return { passed: count('pass'), failed: count('fail'), errored: count('error'), skipped: count('skip') };
}

/** Required checks that failed or errored; bonus checks report but never decide the verdict. */
export function blockingResults(results: readonly CheckResult[]): CheckResult[] {
  return results.filter((r) => r.required && (r.status === 'fail' || r.status === 'error'));
}

/**
 * DESIGN §6: 0 when every required check passes (or is skipped) and the workspace type-checks, 1
 * otherwise. Type errors never stop the checks from running, but a submission that does not compile
 * under `tsc --strict` is not accepted. A type-check that could not finish (`typecheckIncomplete`)
 * found no type error, so it does not count against the workspace.
 */
export function exitCodeFor(report: Pick<GradeReport, 'results' | 'typecheck'>): 0 | 1 {
  return blockingResults(report.results).length === 0 && report.typecheck.length === 0 ? 0 : 1;
}
