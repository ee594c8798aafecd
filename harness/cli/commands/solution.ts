import { KataError } from '../../errors';
import { solutionDiff } from '../../workspace';
import { updateState } from '../../workspace-state';
import { openWorkspace } from '../open';
import { chalkFor, type Io } from '../terminal';
import { paintDiffs } from './diff';

export interface SolutionOptions {
  yes?: boolean;
  dir?: string;
}

/** `kata solution`: the diff from the workspace to the reference solution, after a confirmation. */
export async function solutionCommand(options: SolutionOptions, io: Io): Promise<boolean> {
  const ws = await openWorkspace(options.dir);
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
  io.out(diffs.length === 0 ? 'Your files already match the reference solution.\n' : paintDiffs(diffs, chalkFor(io)));
  return true;
}
