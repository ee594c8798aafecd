/** Finding the workspace and kata a command works on, shared by the commands. */
import * as fs from 'node:fs';
import type { GradeReport } from '../grade';
import type { KataDefinition } from '../kata';
import { DEFAULT_KATA, loadKata } from '../katas';
import { locateWorkspace, requireState } from '../workspace';
import { appendLog, checkRecord, type RunSource } from '../session-log';
import { kataRefOf, updateState, type WorkspaceState } from '../workspace-state';
import { NoWorkspaceError } from '../errors';

export interface OpenWorkspace {
  dir: string;
  kata: KataDefinition;
  state: WorkspaceState;
}

/** The workspace at `dirArg`, or the one `locateWorkspace` finds; throws a NoWorkspaceError otherwise. */
export async function openWorkspace(dirArg: string | undefined): Promise<OpenWorkspace> {
  const dir = locateWorkspace(dirArg, DEFAULT_KATA);
  if (dir === undefined) throw new NoWorkspaceError('no workspace in this folder or under ./workspace/');
  if (!fs.existsSync(dir)) throw new NoWorkspaceError(`no folder at ${dir}`);
  const state = requireState(dir);
  const { kata } = await loadKata(kataRefOf(state));
  return { dir, kata, state };
}

/**
 * Remembers a run in the workspace, for `kata hint` without an id, and appends it (statuses and
 * evidence) to the session log, for `kata report`. Only this run's statuses are kept: a status from
 * an earlier run may predate the files (see `runSawCurrentFiles`).
 */
export function recordRun(dir: string, report: GradeReport, source: RunSource): void {
  const at = new Date().toISOString();
  updateState(dir, (state) => {
    state.lastRun = { at, durationMs: report.durationMs, statuses: Object.fromEntries(report.results.map((r) => [r.id, r.status])) };
  });
  appendLog(dir, { ...checkRecord(report, source), at });
}
