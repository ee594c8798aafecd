import * as path from 'node:path';
import { DEFAULT_KATA, loadKata } from '../../katas';
import type { VariantChoice } from '../../variants';
import { WORKSPACES_DIR, startWorkspace, type Started } from '../../workspace';
import { chalkFor, type Io } from '../terminal';

export interface StartOptions {
  seed?: number;
  variant?: VariantChoice;
  dir?: string;
}

/** `kata start [kata]`: render the starter into a new workspace (never over an existing one). */
export async function startCommand(kataRef: string | undefined, options: StartOptions, io: Io): Promise<Started> {
  const { kata, modulePath } = await loadKata(kataRef ?? DEFAULT_KATA);
  const dir = path.resolve(options.dir ?? path.join(WORKSPACES_DIR, kata.manifest.id));
  const started = startWorkspace({ kata, kataModule: modulePath, dir, seed: options.seed, explicit: options.variant });
  const c = chalkFor(io);
  const shown = path.relative(process.cwd(), dir) || '.';
  // Which bugs were seeded is the interviewer's knowledge: say how the variant was chosen, not what it is.
  const how = options.variant ? 'a chosen variant' : options.seed !== undefined ? `variant seed ${options.seed}` : 'the default variant';
  const target = options.dir === undefined ? '' : ` ${shown}`;
  io.out(
    [
      `${c.green('Started')} ${kata.manifest.title} in ${c.bold(shown)} (${how}).`,
      `Files: ${started.files.join(', ')}`,
      `Next: read ${path.join(shown, 'README.md')}, then run ${c.cyan(`kata watch${target}`)} to see the checks turn green.`,
      '',
    ].join('\n'),
  );
  return started;
}
