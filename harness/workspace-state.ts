/**
 * A workspace's metadata, `<workspace>/.kata/state.json`: which kata and variant it holds, and what
 * the candidate used (hints, the solution). Validated on every read; unknown fields written by a newer
 * harness are kept on rewrite.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { StateCorruptError } from './errors';

export const STATE_VERSION = 1;
export const META_DIR = '.kata';

const StatusSchema = z.enum(['pass', 'fail', 'error', 'skip']);

export const WorkspaceStateSchema = z.looseObject({
  version: z.literal(STATE_VERSION),
  /** Kata id (a key of the registry). */
  kata: z.string().min(1),
  /** Absolute path of the kata's module when it is not in the registry (a kata under development). */
  kataModule: z.string().min(1).optional(),
  /** Bug category → variant id. */
  variant: z.record(z.string(), z.string()),
  /** The seed that chose the variant; null for the defaults or an explicit choice. */
  seed: z.number().int().nonnegative().nullable(),
  startedAt: z.iso.datetime(),
  /** 'interview' for `kata interview` / `kata start --interview`; absent means practice. */
  mode: z.enum(['practice', 'interview']).optional(),
  /** The highest hint rung `kata hint` may show (0: no hints); absent means no cap. Set by `--max-hint`. */
  maxHint: z.number().int().nonnegative().optional(),
  /** Check id → hint rungs shown so far. */
  hints: z.record(z.string(), z.number().int().nonnegative()).default({}),
  /**
   * The last `check`/`watch`/`hint`/`report` run, so `hint` knows the first failing check: when it
   * ended, how long it took, and the statuses of the checks it ran (only those).
   */
  lastRun: z.object({ at: z.iso.datetime(), durationMs: z.number().nonnegative().optional(), statuses: z.record(z.string(), StatusSchema) }).optional(),
  /** When `kata solution` was first shown (interviewers want to know). */
  solutionShownAt: z.iso.datetime().optional(),
  /** Every `reset`, with its backup folder relative to the workspace. */
  resets: z.array(z.object({ at: z.iso.datetime(), backup: z.string(), files: z.array(z.string()) })).default([]),
});

export type WorkspaceState = z.infer<typeof WorkspaceStateSchema>;

export function statePath(dir: string): string {
  return path.join(dir, META_DIR, 'state.json');
}

/** What `loadKata` needs to load a workspace's kata: the module path of a kata under development, else its id. */
export function kataRefOf(state: WorkspaceState): string {
  return state.kataModule ?? state.kata;
}

/** The workspace's state, or undefined for a folder without metadata; throws when it is corrupt. */
export function readState(dir: string): WorkspaceState | undefined {
  const file = statePath(dir);
  if (!fs.existsSync(file)) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new StateCorruptError(file, `not JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  const parsed = WorkspaceStateSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StateCorruptError(file, `${issue.path.join('.') || 'top level'}: ${issue.message}`);
  }
  return parsed.data;
}

/** Writes through a temporary file and a rename, so an interrupted write never leaves half a file. */
export function writeState(dir: string, state: WorkspaceState): void {
  const file = statePath(dir);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, `${JSON.stringify(WorkspaceStateSchema.parse(state), null, 2)}\n`);
  fs.renameSync(temporary, file);
}

/** Reads, changes and writes the state of a workspace that has metadata. */
export function updateState(dir: string, change: (state: WorkspaceState) => void): WorkspaceState {
  const state = readState(dir);
  if (state === undefined) throw new StateCorruptError(statePath(dir), 'missing');
  change(state);
  writeState(dir, state);
  return state;
}
