import * as path from 'node:path';
import { defaultCardDir, startInterview, writeCard, type InterviewStarted } from '../../interview/start';
import { DEFAULT_KATA, loadKata } from '../../katas';
import type { VariantChoice } from '../../variants';
import { WORKSPACES_DIR } from '../../workspace';
import { openWorkspace } from '../open';
import { chalkFor, type Io } from '../terminal';

export interface InterviewOptions {
  seed?: number;
  variant?: VariantChoice;
  dir?: string;
  maxHint?: number;
  cardDir?: string;
}

const shown = (p: string) => path.relative(process.cwd(), p) || '.';

/**
 * `kata interview [kata]` (= `kata start --interview`): the candidate's workspace as `start` makes
 * it, marked as an interview with the hint cap, and the interviewer card written outside it. The
 * output names where the card is, never what it says: the candidate may be watching the screen.
 */
export async function interviewCommand(kataRef: string | undefined, options: InterviewOptions, io: Io): Promise<InterviewStarted> {
  const { kata, modulePath } = await loadKata(kataRef ?? DEFAULT_KATA);
  const dir = path.resolve(options.dir ?? path.join(WORKSPACES_DIR, kata.manifest.id));
  const started = startInterview({ kata, kataModule: modulePath, dir, seed: options.seed, explicit: options.variant, maxHint: options.maxHint, cardDir: options.cardDir });
  const c = chalkFor(io);
  const ws = shown(started.dir);
  const how = [options.variant ? 'chosen variants' : '', started.state.seed !== null ? `variant seed ${started.state.seed}` : '', options.maxHint !== undefined ? `hints capped at rung ${options.maxHint}` : 'no hint cap']
    .filter(Boolean)
    .join(', ');
  io.out(
    [
      `${c.green('Started')} an interview on ${kata.manifest.title} in ${c.bold(ws)} (${how}).`,
      `Files: ${started.files.join(', ')}`,
      `Interviewer card (names the seeded bugs; keep it off the candidate's screen):`,
      `  ${shown(started.card.md)}`,
      `  ${shown(started.card.html)}`,
      `Candidate: read ${path.join(ws, 'README.md')}, then run ${c.cyan(`kata watch ${ws}`)}.`,
      `Afterwards: ${c.cyan(`kata report ${ws} --html report.html`)} for the session report.`,
      '',
    ].join('\n'),
  );
  return started;
}

export interface CardOptions {
  cardDir?: string;
}

/** `kata card [dir]`: writes the interviewer card of an existing workspace again (never over one). */
export async function cardCommand(dirArg: string | undefined, options: CardOptions, io: Io): Promise<{ md: string; html: string }> {
  const ws = await openWorkspace(dirArg);
  const cardDir = options.cardDir !== undefined ? path.resolve(options.cardDir) : defaultCardDir(ws.kata.manifest.id, ws.state.seed, new Date(), process.cwd());
  const card = writeCard(ws.kata, ws.dir, ws.state, cardDir);
  io.out(`Interviewer card (names the seeded bugs):\n  ${shown(card.md)}\n  ${shown(card.html)}\n`);
  return card;
}
