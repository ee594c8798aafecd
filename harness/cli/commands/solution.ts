import { KataError } from '../../errors';
import { appendLog } from '../../session-log';
import { solutionDiff } from '../../workspace';
import { updateState } from '../../workspace-state';
import { openWorkspace } from '../open';
import { chalkFor, type Io } from '../terminal';
import { paintDiffs } from './diff';

export interface SolutionOptions {
  yes?: boolean;
  dir?: string;
}

/**
 * `kata solution`: the diff from the workspace to the reference solution, after a confirmation. The
 * solution lies beyond every hint ladder, so a workspace with a hint cap refuses it (exit 2).
 */
export async function solutionCommand(options: SolutionOptions, io: Io): Promise<boolean> {
  const ws = await openWorkspace(options.dir);
  if (ws.state.maxHint !== undefined) {
    appendLog(ws.dir, { type: 'solution', shown: false });
    const who = ws.state.mode === 'interview' ? 'your interviewer capped hints' : 'this workspace caps hints';
    throw new KataError('HINT_CAP', `not shown: ${who} at rung ${ws.state.maxHint}, and the solution lies beyond every hint; \`kata hint\` shows what the cap allows`);
  }
  if (!options.yes) {
    if (!io.interactive) throw new KataError('NEEDS_CONFIRMATION', 'not printing the solution without a terminal to confirm in; pass --yes if you mean it');
    const answer = await io.ask('This shows the reference fix for everything still wrong. Show it? [y/N] ');
    if (!/^y(es)?$/i.test(answer.trim())) {
      io.out('Not shown. `kata hint` gives one hint at a time.\n');
      return false;
    }
  }
  const diffs = solutionDiff(ws.kata, ws.dir);
  updateState(ws.dir, (state) => {
    state.solutionShownAt ??= new Date().toISOString();
  });
  appendLog(ws.dir, { type: 'solution', shown: true });
  io.out(diffs.length === 0 ? 'Your files already match the reference solution.\n' : paintDiffs(diffs, chalkFor(io)));
  return true;
}
