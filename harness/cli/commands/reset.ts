import { resetWorkspace, type Reset } from '../../workspace';
import { openWorkspace } from '../open';
import { chalkFor, type Io } from '../terminal';

export interface ResetOptions {
  file?: string;
}

/** `kata reset [dir]`: back up the kata files, then restore the starter of the same variant. */
export async function resetCommand(dirArg: string | undefined, options: ResetOptions, io: Io): Promise<Reset> {
  const ws = await openWorkspace(dirArg);
  const reset = resetWorkspace(ws.kata, ws.dir, options.file);
  const c = chalkFor(io);
  io.out(`Backed up your files to ${c.bold(reset.backup)} (inside ${ws.dir}).\nRestored the starter of ${reset.restored.join(', ')}.\n`);
  return reset;
}
