/**
 * The machine-readable report of DESIGN §6, documented in docs/json-schema.json. Fields may be
 * added without a version bump (consumers ignore unknown fields); renaming or removing one, or
 * changing its meaning, bumps JSON_SCHEMA_VERSION.
 */
import type { CheckStatus } from '../check';
import { exitCodeFor, summarize, type GradeReport, type Summary, type VariantInfo } from '../grade';
import type { Diagnostic } from '../runner';
import type { Reporter } from './types';

export const JSON_SCHEMA_VERSION = 1;

export interface JsonCheck {
  id: string;
  part: 1 | 2;
  status: CheckStatus;
  message: string;
  durationMs: number;
  title: string;
  required: boolean;
  details: string[];
}

export interface JsonReport {
  schemaVersion: typeof JSON_SCHEMA_VERSION;
  kata: string;
  variant: VariantInfo | null;
  checks: JsonCheck[];
  summary: Summary;
  /** True when every required check passes and the workspace type-checks: exit code 0. */
  ok: boolean;
  typecheck: Diagnostic[];
  /** Present when the type-check could not finish (e.g. a timeout); `typecheck` is then empty and `ok` ignores it. */
  typecheckIncomplete?: string;
  durationMs: number;
}

export function toJsonReport(report: GradeReport): JsonReport {
  const checks = report.results.map((r) => ({
    id: r.id,
    part: r.part,
    status: r.status,
    message: r.message,
    durationMs: r.durationMs,
    title: r.title,
    required: r.required,
    details: r.details,
  }));
  return {
    schemaVersion: JSON_SCHEMA_VERSION,
    kata: report.kata.id,
    variant: report.variant,
    checks,
    summary: summarize(report.results),
    ok: exitCodeFor(report) === 0,
    typecheck: report.typecheck,
    ...(report.typecheckIncomplete !== undefined ? { typecheckIncomplete: report.typecheckIncomplete } : {}),
    durationMs: report.durationMs,
  };
}

export const jsonReporter: Reporter = (report) => `${JSON.stringify(toJsonReport(report), null, 2)}\n`;
