/** Finding the workspace and kata a command works on, shared by the commands. */
import * as fs from 'node:fs';
import type { GradeReport } from '../grade';
import type { KataDefinition } from '../kata';
import { DEFAULT_KATA, loadKata } from '../katas';
import { locateWorkspace, requireState } from '../workspace';
import { appendLog, checkRecord, type RunSource } from '../session-log';
import { updateState, type WorkspaceState } from '../workspace-state';
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
  const { kata } = await loadKata(state.kataModule ?? state.kata);
  return { dir, kata, state };
}

/**
 * Remembers the statuses of a run in the workspace, for `kata hint` without an id, and appends the
 * run (statuses and evidence) to the session log, for `kata report`.
 */
export function recordRun(dir: string, report: GradeReport, source: RunSource): void {
  updateState(dir, (state) => {
    const statuses = { ...(state.lastRun?.statuses ?? {}) };
    for (const r of report.results) statuses[r.id] = r.status;
    state.lastRun = { at: new Date().toISOString(), statuses };
  });
  appendLog(dir, checkRecord(report, source));
}
