import * as fs from 'node:fs';
import * as path from 'node:path';
import { KataError, UsageError } from '../../errors';
import { exitCodeFor, gradeWorkspace, type GradeReport } from '../../grade';
import { DEFAULT_KATA, loadKata } from '../../katas';
import { reporters } from '../../reporters';
import { appendLog, checkRecord } from '../../session-log';
import { kataRefOf, readState } from '../../workspace-state';
import { Progress, type Io } from '../terminal';

export interface GradeOptions {
  json?: boolean;
  junit?: string;
  part?: 1 | 2;
  kata?: string;
  full?: boolean;
}

/**
 * A workspace made by `kata start` keeps a session log, and a grade is part of the session. The log
 * is the only thing grading writes, never into a bare folder, and a read-only checkout still grades.
 */
function logGrade(dir: string, report: GradeReport, io: Io): void {
  try {
    appendLog(dir, checkRecord(report, 'grade'));
  } catch (err) {
    io.err(`kata: graded, but could not append to the session log: ${err instanceof Error ? err.message : String(err)}\n`);
  }
}

/**
 * `kata grade <dir>`: the CI entry point. No prompts; works on a bare folder holding just the kata's
 * files (then the variant is unknown: null). Exit 0 all required checks pass, 1 otherwise.
 */
export async function gradeCommand(dirArg: string, options: GradeOptions, io: Io): Promise<void> {
  const dir = path.resolve(dirArg);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new UsageError(`no folder at ${dir}`);
  const state = readState(dir);
  const { kata } = await loadKata(options.kata ?? (state ? kataRefOf(state) : DEFAULT_KATA));
  const files = kata.manifest.files.map((f) => f.path);
  if (!files.some((f) => fs.existsSync(path.join(dir, f)))) {
    throw new KataError('NOT_KATA_FILES', `${dir} holds none of kata ${kata.manifest.id}'s files (${files.join(', ')}); pass the folder that has them, or another --kata`);
  }
  const progress = new Progress(io, 'grading');
  const report = await gradeWorkspace({
    kata,
    dir,
    variant: state ? { seed: state.seed, bugs: state.variant } : null,
    part: options.part,
    full: options.full ?? false,
    onProgress: progress.onEvent,
  }).finally(() => progress.stop());
  if (state !== undefined) logGrade(dir, report, io);
  const reporterOptions = { color: io.color };
  if (options.junit !== undefined) {
    // A file-system error here (an unwritable path) becomes a one-line exit 2 in the CLI's top level.
    fs.mkdirSync(path.dirname(path.resolve(options.junit)), { recursive: true });
    fs.writeFileSync(options.junit, reporters.junit(report, reporterOptions));
  }
  io.out((options.json ? reporters.json : reporters.board)(report, reporterOptions));
  process.exitCode = exitCodeFor(report);
}
