/**
 * The runner: grades a workspace by running the kata's checks in sandboxed child processes, and
 * type-checks it alongside. It never throws for anything candidate code does and always returns one
 * result per requested check.
 *
 * Isolation and determinism guarantees (checks may rely on these, and on nothing more):
 * - Checks run in at most `concurrency` long-lived processes ("lanes"). Which lane runs which check
 *   is fixed by the requested ids and their timeouts (longest first onto the lighter lane), so the
 *   same request always runs the same checks in the same order in the same process.
 * - Before every check the engine's globals are reset: RNG seeded with 0, counters cleared, op
 *   observer removed. A workspace module is imported once per process and shared by that process's
 *   checks, so checks must build fresh models rather than rely on module state.
 * - A check that hangs or exceeds the memory limit is killed and reported as `error`; the lane
 *   continues in a fresh process. A file whose import hung or killed a process is not imported
 *   again: later checks that load it report "blocked: importing <file> …".
 * - A check process that cannot start (the checks module fails to load, or start-up times out) is
 *   not started again in this run: the remaining checks report that first start error at once.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import type { CheckResult } from '../check';
import type { KataDefinition } from '../kata';
import { findCheck, type CheckSpec } from '../manifest';
import { CheckProcess, type Limits, type RunResult } from './check-process';
import type { ChildConfig, ChildOutcome } from './protocol';
import { typecheckWorkspace, type Diagnostic, type TypecheckResult } from './typecheck';

export type { Diagnostic } from './typecheck';

export type RunEvent =
  | { type: 'check-start'; id: string }
  | { type: 'check-done'; result: CheckResult; done: number; total: number }
  | { type: 'typecheck-done'; diagnostics: Diagnostic[]; incomplete?: string };

export interface RunOptions {
  kata: KataDefinition;
  /** Workspace folder (absolute or relative to the current directory). */
  dir: string;
  checkIds: string[];
  /** Run the `full` checks too; without it they are reported as skipped. */
  full: boolean;
  onProgress?: (event: RunEvent) => void;
  /** Parallel check processes; defaults to min(2, available cores). */
  concurrency?: number;
  /** Resident memory per check process before it is killed; default 2048 MB. */
  memoryLimitMb?: number;
  /** Type-check the workspace beside the checks (default true). */
  typecheck?: boolean;
}

export interface RunReport {
  results: CheckResult[];
  typecheck: Diagnostic[];
  /** Why the type-check could not finish; `typecheck` is then empty and decides nothing. */
  typecheckIncomplete?: string;
}

const DEFAULT_MEMORY_LIMIT_MB = 2048;
const START_TIMEOUT_MS = 30_000;
/** The type-check may finish after the checks, but not much later than this. */
const TYPECHECK_TIMEOUT_MS = 30_000;

export async function runChecks(options: RunOptions): Promise<RunReport> {
  const { kata, full } = options;
  const specs = selectSpecs(kata, options.checkIds);
  const dir = path.resolve(options.dir);
  const typecheck: Promise<TypecheckResult> = options.typecheck === false ? Promise.resolve({ diagnostics: [] }) : typecheckWorkspace({ dir, files: kata.manifest.files.map((f) => f.path) }, TYPECHECK_TIMEOUT_MS);

  const results = new Map<string, CheckResult>();
  const report = (result: CheckResult) => {
    results.set(result.id, result);
    options.onProgress?.({ type: 'check-done', result, done: results.size, total: specs.length });
  };
  for (const spec of specs) if (spec.full && !full) report(toResult(spec, skipped('runs only with --full')));

  const runnable = specs.filter((s) => full || !s.full);
  const config: ChildConfig = { checksModule: kata.checksModule, dir, solutionDir: kata.solutionDir, files: kata.manifest.files };
  const limits: Limits = { memoryLimitMb: options.memoryLimitMb ?? DEFAULT_MEMORY_LIMIT_MB, startTimeoutMs: START_TIMEOUT_MS };
  const blocked: Record<string, string> = {};
  const startFailure: StartFailure = {};
  const concurrency = Math.max(1, options.concurrency ?? Math.min(2, os.availableParallelism()));
  const lanes = partition(runnable, concurrency);
  await Promise.all(lanes.map((lane) => runLane(lane, { config, limits, full, blocked, startFailure, report, onProgress: options.onProgress })));

  const { diagnostics, incomplete } = await typecheck;
  options.onProgress?.({ type: 'typecheck-done', diagnostics, ...(incomplete !== undefined ? { incomplete } : {}) });
  return { results: specs.map((s) => results.get(s.id)!), typecheck: diagnostics, ...(incomplete !== undefined ? { typecheckIncomplete: incomplete } : {}) };
}

/** The first error of a check process that could not start, shared by the lanes. */
interface StartFailure {
  message?: string;
}

interface LaneContext {
  config: ChildConfig;
  limits: Limits;
  full: boolean;
  /** Shared by the lanes: a hung import found by one spares the other the wait. */
  blocked: Record<string, string>;
  /** Shared by the lanes: once a process could not start, no lane forks another one. */
  startFailure: StartFailure;
  report(result: CheckResult): void;
  onProgress?: (event: RunEvent) => void;
}

async function runLane(lane: CheckSpec[], ctx: LaneContext): Promise<void> {
  let proc: CheckProcess | undefined;
  let starting: Promise<CheckProcess> | undefined = CheckProcess.start(ctx.config, ctx.limits);
  try {
    for (const spec of lane) {
      if (proc === undefined && starting === undefined && ctx.startFailure.message !== undefined) {
        ctx.report(toResult(spec, startError(ctx.startFailure.message, ['not run: no check process is started again after a failed start'])));
        continue;
      }
      let outcome: ChildOutcome;
      try {
        proc ??= await (starting ?? CheckProcess.start(ctx.config, ctx.limits));
        starting = undefined;
        ctx.onProgress?.({ type: 'check-start', id: spec.id });
        const run: RunResult = await proc.run(spec.id, ctx.full, { ...ctx.blocked }, spec.timeoutMs);
        Object.assign(ctx.blocked, run.blockedFiles);
        if (!run.alive) proc = undefined;
        outcome = run.outcome;
      } catch (err) {
        // Only a process that cannot start lands here (a harness or environment problem).
        starting = undefined;
        const message = err instanceof Error ? err.message : String(err);
        ctx.startFailure.message ??= message;
        outcome = startError(message, []);
      }
      ctx.report(toResult(spec, outcome));
    }
  } finally {
    proc?.kill();
    void starting?.then((p) => p.kill(), () => undefined);
  }
}

/** Longest timeout first onto the lane with the smallest total; each lane keeps manifest order. */
export function partition(specs: CheckSpec[], lanes: number): CheckSpec[][] {
  const count = Math.min(lanes, Math.max(1, specs.length));
  const totals = new Array<number>(count).fill(0);
  const assigned = new Map<string, number>();
  const byCost = [...specs].sort((a, b) => b.timeoutMs - a.timeoutMs); // stable: ties keep manifest order
  for (const spec of byCost) {
    const lane = totals.indexOf(Math.min(...totals));
    totals[lane] += spec.timeoutMs;
    assigned.set(spec.id, lane);
  }
  return Array.from({ length: count }, (_, lane) => specs.filter((s) => assigned.get(s.id) === lane));
}

function selectSpecs(kata: KataDefinition, ids: string[]): CheckSpec[] {
  for (const id of ids) findCheck(kata.manifest, id); // throws for an unknown id
  return kata.manifest.checks.filter((c) => ids.includes(c.id));
}

function startError(message: string, details: string[]): ChildOutcome {
  return { status: 'error', message, details, durationMs: 0, output: { bytes: 0, tail: '' } };
}

function skipped(message: string): ChildOutcome {
  return { status: 'skip', message, details: [], durationMs: 0, output: { bytes: 0, tail: '' } };
}

/** Candidate code may print, but a flood (a print in a hot loop) makes the check an error. */
const OUTPUT_LIMIT_BYTES = 1 << 20;

function toResult(spec: CheckSpec, outcome: ChildOutcome): CheckResult {
  const flooded = outcome.output.bytes > OUTPUT_LIMIT_BYTES && outcome.status !== 'error';
  const details = [...(flooded ? [`the check itself said: ${outcome.status}: ${outcome.message}`] : []), ...outcome.details, ...describeOutput(outcome)];
  return {
    id: spec.id,
    part: spec.part,
    title: spec.title,
    required: spec.required,
    status: flooded ? 'error' : outcome.status,
    message: flooded ? `printed ${formatBytes(outcome.output.bytes)} while running (the limit is 1 MB): remove the prints from the hot path` : outcome.message,
    details,
    durationMs: outcome.durationMs,
    ...(outcome.evidence ? { evidence: outcome.evidence } : {}),
  };
}

function formatBytes(bytes: number): string {
  return bytes < 1024 ? `${bytes} bytes` : bytes < 1 << 20 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / (1 << 20)).toFixed(1)} MB`;
}

/** A line about captured output, and its last lines when they may explain a failure. */
function describeOutput(outcome: ChildOutcome): string[] {
  const { bytes, tail } = outcome.output;
  if (bytes === 0) return [];
  const size = formatBytes(bytes);
  if (outcome.status === 'pass') return [`printed ${size} (captured, not shown)`];
  const lines = tail.split('\n').filter((l) => l.trim() !== '').slice(-5).map((l) => `  | ${l.length > 160 ? `${l.slice(0, 157)}...` : l}`);
  return [`printed ${size}; last lines:`, ...lines];
}
