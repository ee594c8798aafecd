/**
 * Workspaces: a candidate's working copy of a kata's starter. `start` never overwrites, `reset`
 * backs up before restoring, and nothing here deletes a candidate's work (DESIGN §7).
 */
import { createTwoFilesPatch } from 'diff';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { NoWorkspaceError, UsageError, WorkspaceExistsError, nearest } from './errors';
import type { CheckStatus } from './check';
import type { KataDefinition } from './kata';
import { appendLog } from './session-log';
import { chooseVariants, readSolution, renderStarter, type VariantChoice } from './variants';
import { META_DIR, readState, updateState, writeState, STATE_VERSION, type WorkspaceState } from './workspace-state';

/** Where `kata start` puts workspaces when no --dir is given, relative to the current directory. */
export const WORKSPACES_DIR = 'workspace';

export interface StartOptions {
  kata: KataDefinition;
  /** Absolute path of the kata's module when it is not in the registry. */
  kataModule?: string;
  dir: string;
  seed?: number;
  explicit?: VariantChoice;
  /** 'interview' marks a live session (`kata interview`); practice by default. */
  mode?: 'practice' | 'interview';
  /** The highest hint rung `kata hint` may show; no cap when undefined. */
  maxHint?: number;
}

export interface Started {
  dir: string;
  files: string[];
  state: WorkspaceState;
}

export function startWorkspace(options: StartOptions): Started {
  const { kata } = options;
  const dir = path.resolve(options.dir);
  if (fs.existsSync(dir) && (!fs.statSync(dir).isDirectory() || fs.readdirSync(dir).length > 0)) throw new WorkspaceExistsError(dir);
  // Render everything before touching the disk, so a broken manifest leaves no half-made workspace.
  const variant = chooseVariants(kata.manifest, { seed: options.seed, explicit: options.explicit });
  const files = renderStarter(kata, variant);
  const readme = path.join(kata.exerciseDir, 'README.md');
  if (fs.existsSync(readme) && files['README.md'] === undefined) files['README.md'] = fs.readFileSync(readme, 'utf8');
  fs.mkdirSync(dir, { recursive: true });
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content, { flag: 'wx' }); // 'wx': fail rather than overwrite
  }
  const state: WorkspaceState = {
    version: STATE_VERSION,
    kata: kata.manifest.id,
    ...(options.kataModule ? { kataModule: options.kataModule } : {}),
    variant,
    seed: options.seed ?? null,
    startedAt: new Date().toISOString(),
    ...(options.mode === 'interview' ? { mode: 'interview' as const } : {}),
    ...(options.maxHint !== undefined ? { maxHint: options.maxHint } : {}),
    hints: {},
    resets: [],
  };
  writeState(dir, state);
  appendLog(dir, { type: 'start', at: state.startedAt, kata: state.kata, mode: options.mode ?? 'practice', seed: state.seed, maxHint: options.maxHint ?? null });
  return { dir, files: Object.keys(files), state };
}

export interface Reset {
  /** Backup folder, relative to the workspace. */
  backup: string;
  restored: string[];
}

/** Restores the starter (same variant) for every kata file or just `file`, after backing them up. */
export function resetWorkspace(kata: KataDefinition, dirInput: string, file?: string): Reset {
  const dir = path.resolve(dirInput);
  const state = requireState(dir);
  const kataFiles = kata.manifest.files.map((f) => f.path);
  if (file !== undefined && !kataFiles.includes(file)) {
    const near = nearest(file, kataFiles);
    throw new UsageError(`"${file}" is not a file of kata ${kata.manifest.id}${near ? ` (did you mean ${near}?)` : ''}; files: ${kataFiles.join(', ')}`);
  }
  const starter = renderStarter(kata, state.variant);
  const backup = backupFiles(dir, kataFiles);
  const restored = file === undefined ? kataFiles : [file];
  for (const f of restored) fs.writeFileSync(path.join(dir, f), starter[f]);
  updateState(dir, (s) => {
    s.resets.push({ at: new Date().toISOString(), backup, files: restored });
  });
  appendLog(dir, { type: 'reset', files: restored, backup });
  return { backup, restored };
}

/** Copies the kata files that exist into `.kata/backups/<timestamp>/`; returns that folder (relative). */
function backupFiles(dir: string, files: string[]): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  let backup = path.join(META_DIR, 'backups', stamp);
  for (let n = 2; fs.existsSync(path.join(dir, backup)); n++) backup = path.join(META_DIR, 'backups', `${stamp}-${n}`);
  for (const f of files) {
    const source = path.join(dir, f);
    if (!fs.existsSync(source)) continue;
    const target = path.join(dir, backup, f);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(source, target, fs.constants.COPYFILE_EXCL);
  }
  fs.mkdirSync(path.join(dir, backup), { recursive: true }); // even when every file was missing
  return backup;
}

export interface FileDiff {
  file: string;
  /** Unified diff text; empty when the files are equal. */
  patch: string;
}

/**
 * Unified diffs between the workspace's kata files and `other` (a starter or the solution), one per
 * file that differs. `towardOther` shows how to turn the workspace into `other`, else the reverse.
 */
function diffWith(kata: KataDefinition, dir: string, other: Record<string, string>, label: string, towardOther: boolean): FileDiff[] {
  const diffs: FileDiff[] = [];
  for (const { path: file } of kata.manifest.files) {
    const current = path.join(dir, file);
    const mine = fs.existsSync(current) ? fs.readFileSync(current, 'utf8') : '';
    const theirs = other[file] ?? '';
    if (mine === theirs) continue;
    const patch = towardOther
      ? createTwoFilesPatch(`workspace/${file}`, `${label}/${file}`, mine, theirs)
      : createTwoFilesPatch(`${label}/${file}`, `workspace/${file}`, theirs, mine);
    diffs.push({ file, patch });
  }
  return diffs;
}

/** The candidate's changes: the workspace against its own starter variant. */
export function diffWorkspace(kata: KataDefinition, dirInput: string): FileDiff[] {
  const dir = path.resolve(dirInput);
  return diffWith(kata, dir, renderStarter(kata, requireState(dir).variant), 'starter', false);
}

/** What remains to change: from the workspace to the reference solution (`kata solution`). */
export function solutionDiff(kata: KataDefinition, dirInput: string): FileDiff[] {
  return diffWith(kata, path.resolve(dirInput), readSolution(kata), 'solution', true);
}

/** A finished run as the workspace state and the session log record it. */
export interface RecordedRun {
  /** When it ended. */
  at: string;
  /** Absent in a state written by an older harness: such a run is never trusted. */
  durationMs?: number;
  /** Check id → status, for the checks it ran. */
  statuses: Record<string, CheckStatus>;
}

/**
 * True when `run` has seen the workspace as it is now: it ran every check that runs without --full,
 * and no kata file was written (or went missing) after it started. `kata hint` and `kata report`
 * trust a recorded run's statuses only then, and run the checks again otherwise.
 */
export function runSawCurrentFiles(kata: KataDefinition, dir: string, run: RecordedRun | undefined): boolean {
  if (run === undefined || run.durationMs === undefined) return false;
  if (!kata.manifest.checks.every((c) => c.full || run.statuses[c.id] !== undefined)) return false;
  const startedAt = Date.parse(run.at) - run.durationMs;
  return kata.manifest.files.every((f) => {
    const file = path.join(dir, f.path);
    return fs.existsSync(file) && fs.statSync(file).mtimeMs <= startedAt;
  });
}

export function requireState(dir: string): WorkspaceState {
  const state = readState(dir);
  if (state === undefined) throw new NoWorkspaceError(`${dir} has no ${META_DIR}/state.json, so it is not a workspace made by \`kata start\``);
  return state;
}

/**
 * The workspace a command works on: the given folder; else the current folder if it is a workspace;
 * else the default kata's workspace under ./workspace/, or the only one there.
 */
export function locateWorkspace(dirArg: string | undefined, defaultKata: string, cwd = process.cwd()): string | undefined {
  if (dirArg !== undefined) return path.resolve(cwd, dirArg);
  if (readState(cwd) !== undefined) return cwd;
  const root = path.join(cwd, WORKSPACES_DIR);
  if (!fs.existsSync(root)) return undefined;
  const started = fs.readdirSync(root).filter((name) => fs.existsSync(path.join(root, name, META_DIR, 'state.json')));
  if (started.includes(defaultKata)) return path.join(root, defaultKata);
  if (started.length === 1) return path.join(root, started[0]);
  if (started.length > 1) throw new UsageError(`several workspaces in ${root} (${started.join(', ')}); pass the folder of the one you mean`);
  return undefined;
}
