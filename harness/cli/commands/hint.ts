import { findCheck, requiredChecks, type CheckSpec } from '../../manifest';
import { appendLog } from '../../session-log';
import { runSawCurrentFiles } from '../../workspace';
import { updateState, type WorkspaceState } from '../../workspace-state';
import { openWorkspace, type OpenWorkspace } from '../open';
import { chalkFor, type Io } from '../terminal';
import { runWorkspaceChecks } from './check';

export interface HintOptions {
  dir?: string;
}

export interface HintShown {
  check: string;
  /** Rungs shown so far, including this time. */
  rungs: number;
  /** True when the workspace's hint cap held back the next rung. */
  capped: boolean;
}

/**
 * `kata hint [id]`: the next hint rung, shown with the earlier ones, for a check or the first failing
 * one. A workspace started with `--max-hint N` never shows a rung above N: the request is answered
 * with the rungs already allowed and a note that the cap was reached (exit 0: nothing went wrong).
 * Every request, granted or not, is appended to the session log.
 */
export async function hintCommand(id: string | undefined, options: HintOptions, io: Io): Promise<HintShown | undefined> {
  const ws = await openWorkspace(options.dir);
  const spec = id === undefined ? await firstFailing(ws, io) : findCheck(ws.kata.manifest, id);
  const c = chalkFor(io);
  if (spec === undefined) {
    io.out(`${c.green('All required checks pass')}: nothing to hint. ${c.cyan('kata hint <check>')} shows a check's hints anyway.\n`);
    return undefined;
  }
  const seen = ws.state.hints[spec.id] ?? 0;
  const wanted = Math.min(spec.hints.length, seen + 1);
  const cap = ws.state.maxHint;
  const capped = cap !== undefined && wanted > cap;
  const rungs = capped ? Math.min(seen, cap) : wanted;
  if (!capped) {
    updateState(ws.dir, (state) => {
      state.hints[spec.id] = Math.max(state.hints[spec.id] ?? 0, rungs);
    });
  }
  appendLog(ws.dir, { type: 'hint', check: spec.id, rung: rungs, of: spec.hints.length, capped });
  const lines = [`${c.bold(spec.id)} (Part ${spec.part}): ${spec.title}`];
  spec.hints.slice(0, rungs).forEach((hint, i) => lines.push(`  ${c.cyan(`${i + 1}/${spec.hints.length}`)} ${hint}`));
  if (capped) lines.push(c.yellow(capMessage(ws.state, cap)));
  else if (cap !== undefined && rungs >= cap && rungs < spec.hints.length) lines.push(c.gray(`That is the last rung the hint cap allows (rung ${cap}).`));
  else if (rungs < spec.hints.length) lines.push(c.gray(`Run ${c.cyan(`kata hint ${spec.id}`)} again for the next hint.`));
  else lines.push(c.gray(`That is the last hint. ${c.cyan('kata solution')} shows the reference fix, if you really want it.`));
  io.out(`${lines.join('\n')}\n`);
  return { check: spec.id, rungs, capped };
}

/** Why no further rung is shown, and who can change that. */
export function capMessage(state: WorkspaceState, cap: number): string {
  const who = state.mode === 'interview' ? 'Your interviewer capped hints' : 'This workspace caps hints (--max-hint when it was started)';
  return cap === 0 ? `${who} at 0: no hints in this session.` : `${who} at rung ${cap} of each check's ladder: no further hint here.`;
}

/** The first required check failing now: from the last run if it saw the current files, else from a fresh run. */
async function firstFailing(ws: OpenWorkspace, io: Io): Promise<CheckSpec | undefined> {
  let statuses = ws.state.lastRun?.statuses ?? {};
  if (!runSawCurrentFiles(ws.kata, ws.dir, ws.state.lastRun)) {
    const report = await runWorkspaceChecks(ws, {}, io, undefined, 'hint');
    statuses = Object.fromEntries(report.results.map((r) => [r.id, r.status]));
  }
  return requiredChecks(ws.kata.manifest).find((c) => statuses[c.id] === 'fail' || statuses[c.id] === 'error' || statuses[c.id] === undefined);
}
