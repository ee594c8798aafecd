import { DEFAULT_KATA } from '../../katas';
import { locateWorkspace } from '../../workspace';
import { openWorkspace } from '../open';
import type { Io } from '../terminal';
import { checkCommand } from './check';
import { startCommand } from './start';
import { watchWorkspace } from './watch';

/**
 * `kata` alone: start the default kata if no workspace exists yet (so `npm start` on a fresh clone
 * shows a real board), then watch in a terminal, or check once without one.
 */
export async function defaultCommand(io: Io): Promise<void> {
  if (locateWorkspace(undefined, DEFAULT_KATA) === undefined) await startCommand(undefined, {}, io);
  if (!io.interactive) {
    await checkCommand(undefined, {}, io);
    return;
  }
  await watchWorkspace(await openWorkspace(undefined), {}, io);
}
