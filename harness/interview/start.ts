/**
 * Starting an interview: a workspace like `kata start` makes (marked as an interview, with the hint
 * cap), and the interviewer card written outside it. Without a seed or explicit variants, a seed is
 * drawn at random so the interviewer does not always get the defaults; it is recorded either way.
 */
import { randomInt } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { toHtml } from '../doc/html';
import { toMarkdown } from '../doc/markdown';
import { KataError, UsageError } from '../errors';
import type { KataDefinition } from '../kata';
import { startWorkspace, type Started, type StartOptions } from '../workspace';
import type { WorkspaceState } from '../workspace-state';
import { buildCard } from './card';

/** Where cards go when no --card-dir is given, relative to the current directory (git-ignored). */
const INTERVIEWS_DIR = 'interviews';
const CARD_FILES = { md: 'card.md', html: 'card.html' } as const;

export interface InterviewOptions extends Omit<StartOptions, 'mode'> {
  /** Folder for card.md and card.html; default interviews/<kata>-<timestamp>-seed<N>/. */
  cardDir?: string;
  /** Base for relative paths (the current directory). */
  cwd?: string;
}

export interface InterviewStarted extends Started {
  cardDir: string;
  card: { md: string; html: string };
}

/** interviews/gpt-kv-20250101-120000-seed42 (UTC), with -2, -3… if taken. */
export function defaultCardDir(kataId: string, seed: number | null, now: Date, cwd: string): string {
  const stamp = now.toISOString().replace(/\.\d+Z$/, '').replace(/[-:]/g, '').replace('T', '-');
  const base = path.join(cwd, INTERVIEWS_DIR, `${kataId}-${stamp}${seed === null ? '' : `-seed${seed}`}`);
  let dir = base;
  for (let n = 2; fs.existsSync(dir); n++) dir = `${base}-${n}`;
  return dir;
}

/** True when `inner` is `outer` or inside it. */
function isInside(inner: string, outer: string): boolean {
  const rel = path.relative(outer, inner);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

export function startInterview(options: InterviewOptions): InterviewStarted {
  const cwd = options.cwd ?? process.cwd();
  const dir = path.resolve(cwd, options.dir);
  const named = Object.keys(options.explicit ?? {});
  const allNamed = options.kata.manifest.bugs.every((b) => named.includes(b.id));
  const seed = options.seed ?? (allNamed ? undefined : randomInt(0, 2 ** 32));
  const cardDir = options.cardDir !== undefined ? path.resolve(cwd, options.cardDir) : defaultCardDir(options.kata.manifest.id, seed ?? null, new Date(), cwd);
  checkCardDir(cardDir, dir); // before the workspace exists, so a bad --card-dir leaves nothing behind
  const started = startWorkspace({ ...options, dir, seed, mode: 'interview' });
  try {
    return { ...started, cardDir, card: writeCard(options.kata, started.dir, started.state, cardDir) };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new KataError('USAGE', `the workspace ${started.dir} is ready, but the interviewer card could not be written to ${cardDir} (${reason}); run \`kata card ${started.dir} --card-dir <folder>\` to write it elsewhere`);
  }
}

function cardPaths(cardDir: string): { md: string; html: string } {
  return { md: path.join(cardDir, CARD_FILES.md), html: path.join(cardDir, CARD_FILES.html) };
}

/** The card must not land in the workspace (it names the bugs) nor over an earlier card. */
function checkCardDir(cardDir: string, workspace: string): void {
  if (isInside(cardDir, workspace)) throw new UsageError(`the card folder ${cardDir} is inside the candidate's workspace ${workspace}; the card names the seeded bugs, so put it elsewhere (--card-dir)`);
  for (const file of Object.values(cardPaths(cardDir))) {
    if (fs.existsSync(file)) throw new KataError('WORKSPACE_EXISTS', `${file} already exists and is never overwritten; pass another --card-dir`);
  }
}

/** Writes card.md and card.html for a workspace into `cardDir` (never over existing files). */
export function writeCard(kata: KataDefinition, dir: string, state: WorkspaceState, cardDir: string): { md: string; html: string } {
  checkCardDir(cardDir, dir);
  const card = cardPaths(cardDir);
  const doc = buildCard(kata, { dir, seed: state.seed, variant: state.variant, maxHint: state.maxHint, startedAt: state.startedAt });
  fs.mkdirSync(cardDir, { recursive: true });
  fs.writeFileSync(card.md, toMarkdown(doc), { flag: 'wx' });
  fs.writeFileSync(card.html, toHtml(doc), { flag: 'wx' });
  return card;
}
