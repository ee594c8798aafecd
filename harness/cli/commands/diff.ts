import type { ChalkInstance } from 'chalk';
import { diffWorkspace, type FileDiff } from '../../workspace';
import { openWorkspace } from '../open';
import { chalkFor, type Io } from '../terminal';

/** Colours a unified diff line by line (headers bold, hunks cyan, - red, + green). */
export function paintDiffs(diffs: FileDiff[], c: ChalkInstance): string {
  const paint = (line: string) => {
    if (line.startsWith('+++') || line.startsWith('---') || line.startsWith('====')) return c.bold(line);
    if (line.startsWith('@@')) return c.cyan(line);
    if (line.startsWith('+')) return c.green(line);
    if (line.startsWith('-')) return c.red(line);
    return line;
  };
  return diffs.map((d) => d.patch.split('\n').map(paint).join('\n')).join('\n');
}

/** `kata diff [dir]`: the candidate's changes against the workspace's own starter. */
export async function diffCommand(dirArg: string | undefined, io: Io): Promise<FileDiff[]> {
  const ws = await openWorkspace(dirArg);
  const diffs = diffWorkspace(ws.kata, ws.dir);
  io.out(diffs.length === 0 ? 'No changes from the starter.\n' : paintDiffs(diffs, chalkFor(io)));
  return diffs;
}
