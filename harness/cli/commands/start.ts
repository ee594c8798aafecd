import * as path from 'node:path';
import { UsageError } from '../../errors';
import { DEFAULT_KATA, loadKata } from '../../katas';
import type { VariantChoice } from '../../variants';
import { WORKSPACES_DIR, startWorkspace, type Started } from '../../workspace';
import { chalkFor, type Io } from '../terminal';
import { interviewCommand } from './interview';

export interface StartOptions {
  seed?: number;
  variant?: VariantChoice;
  dir?: string;
  interview?: boolean;
  maxHint?: number;
  cardDir?: string;
}

/** `kata start [kata]`: render the starter into a new workspace (never over an existing one). */
export async function startCommand(kataRef: string | undefined, options: StartOptions, io: Io): Promise<Started> {
  if (options.interview) return interviewCommand(kataRef, options, io);
  if (options.cardDir !== undefined) throw new UsageError('--card-dir is for interviews: add --interview (or run `kata interview`)');
  const { kata, modulePath } = await loadKata(kataRef ?? DEFAULT_KATA);
  const dir = path.resolve(options.dir ?? path.join(WORKSPACES_DIR, kata.manifest.id));
  const started = startWorkspace({ kata, kataModule: modulePath, dir, seed: options.seed, explicit: options.variant, maxHint: options.maxHint });
  const c = chalkFor(io);
  const shown = path.relative(process.cwd(), dir) || '.';
  // Which bugs were seeded is the interviewer's knowledge: say how the variant was chosen, not what it is.
  const how = options.variant ? 'a chosen variant' : options.seed !== undefined ? `variant seed ${options.seed}` : 'the default variant';
  const cap = options.maxHint !== undefined ? `, hints capped at rung ${options.maxHint}` : '';
  const target = options.dir === undefined ? '' : ` ${shown}`;
  io.out(
    [
      `${c.green('Started')} ${kata.manifest.title} in ${c.bold(shown)} (${how}${cap}).`,
      `Files: ${started.files.join(', ')}`,
      `Next: read ${path.join(shown, 'README.md')}, then run ${c.cyan(`kata watch${target}`)} to see the checks turn green.`,
      '',
    ].join('\n'),
  );
  return started;
}
