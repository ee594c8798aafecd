/**
 * Running the validity corpora: mutants and alternatives are judged in-process (they are our own
 * code, written to be wrong, not hostile); broken workspaces go through the real runner, in child
 * processes, exactly as a candidate's submission would.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect } from 'vitest';
import type { CheckResult } from '../../harness/check';
import { exitCodeFor } from '../../harness/grade';
import { inProcessContext, runCheck, writeCase, type Modules, type Verdict } from '../../harness/dev/variant-cases';
import { checks } from '../../harness/katas/gpt-kv/checks';
import type { Edit } from '../../harness/manifest';
import { runChecks, type Diagnostic } from '../../harness/runner';
import { applyEdits, readSolution } from '../../harness/variants';
import { importKataFiles, kata, manifest } from '../exercise/helpers';
import type { Row } from './table';

export const checkIds = manifest.checks.map((c) => c.id);

export function render(id: string, edits: Edit[]): { name: string; files: Record<string, string> } {
  return { name: id, files: applyEdits(readSolution(kata), edits, `validity case ${id}`) };
}

let reference: Promise<Modules> | undefined;

/** Every check on one case, in-process. */
export async function verdictsInProcess(root: string, id: string, edits: Edit[]): Promise<Record<string, Verdict>> {
  const { name, files } = render(id, edits);
  const dir = writeCase(root, { name, kind: 'variant', files, edits });
  const modules = await importKataFiles(dir);
  reference ??= importKataFiles(kata.solutionDir);
  const ctx = inProcessContext(dir, modules, await reference);
  const out: Record<string, Verdict> = {};
  for (const id of checkIds) out[id] = await runCheck(checks[id], ctx);
  return out;
}

/** Hash of every file in a folder, to prove a run left it byte-identical. */
export function fingerprint(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    out[path.relative(dir, file)] = crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  }
  return out;
}

export interface BrokenRun {
  results: CheckResult[];
  typecheck: Diagnostic[];
  durationMs: number;
  before: Record<string, string>;
  after: Record<string, string>;
}

/** Every check on a broken workspace through the runner (child processes, timeouts, memory cap). */
export async function runBroken(root: string, id: string, edits: Edit[]): Promise<BrokenRun> {
  const { name, files } = render(id, edits);
  const dir = writeCase(root, { name, kind: 'variant', files, edits });
  const before = fingerprint(dir);
  const started = Date.now();
  const { results, typecheck } = await runChecks({ kata, dir, checkIds, full: false });
  return { results, typecheck, durationMs: Date.now() - started, before, after: fingerprint(dir) };
}

/** The longest a complete run may take: every check's timeout, plus process start-up slack. */
export const TIME_BUDGET_MS = manifest.checks.reduce((sum, c) => sum + c.timeoutMs, 0) + 15_000;

/** Contained quickly: no hang, no memory exhaustion. The others are in broken.slow.test.ts. */
export const FAST_BROKEN = ['syntax-error', 'type-error-only', 'throw-at-import', 'throw-in-forward', 'nan-logits', 'wrong-output-shape', 'missing-export', 'process-exit-in-forward', 'stdout-flood', 'deep-recursion', 'exit-at-import'];

/** Every check reported, with a message; exit code 1; in time; the workspace untouched. */
export function expectContained(run: BrokenRun, expectMessage?: RegExp): void {
  expect(run.results.map((r) => r.id)).toEqual(checkIds);
  for (const r of run.results) expect(r.message.trim().length, `${r.id} has no message`).toBeGreaterThan(0);
  expect(exitCodeFor(run)).toBe(1);
  expect(run.durationMs).toBeLessThan(TIME_BUDGET_MS);
  expect(run.after).toEqual(run.before);
  if (expectMessage !== undefined) {
    const messages = run.results.map((r) => [r.message, ...r.details].join('\n'));
    expect(messages.some((m) => expectMessage.test(m)), `no message matches ${expectMessage}:\n${messages.join('\n')}`).toBe(true);
  }
}

export function brokenRow(id: string, description: string, run: BrokenRun): Row {
  return { id, description, intended: [], verdicts: Object.fromEntries(run.results.map((r) => [r.id, { status: r.status, message: r.message }])) };
}

