/**
 * The CLI's top level: parse, run one command, map errors to exit codes. It sets process.exitCode
 * and returns; only bin/kata exits. Known errors, and file-system errors on a path the person chose
 * (a --dir under a file, an unwritable report path), print one line and exit 2; anything else is a
 * harness bug and shows its stack.
 */
import { CommanderError } from 'commander';
import { INPUT_ERROR_EXIT_CODE, KataError } from '../errors';
import { defaultCommand } from './commands/default';
import { buildProgram } from './program';
import { processIo, type Io } from './terminal';

/** Exit code of an unexpected error (a bug in the harness, not in the candidate's code). */
export const INTERNAL_ERROR_EXIT_CODE = 3;

export async function main(argv: string[], io: Io = processIo()): Promise<void> {
  try {
    if (argv.length === 0) await defaultCommand(io);
    else await buildProgram(io).parseAsync(argv, { from: 'user' });
  } catch (err) {
    process.exitCode = exitCodeOf(err, io);
  }
}

function exitCodeOf(err: unknown, io: Io): number {
  if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2; // commander printed the message
  if (err instanceof KataError) {
    io.err(`kata: ${err.message}\n`);
    return err.exitCode;
  }
  if (isPathError(err)) {
    io.err(`kata: ${describePathError(err)}\n`);
    return INPUT_ERROR_EXIT_CODE;
  }
  io.err(`kata: internal error (please report it):\n${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  return INTERNAL_ERROR_EXIT_CODE;
}

/** A Node.js file-system error that names the path it failed on (ENOENT, EACCES, ENOTDIR…). */
function isPathError(err: unknown): err is NodeJS.ErrnoException & { code: string; syscall: string; path: string } {
  const e = err as NodeJS.ErrnoException | undefined;
  return err instanceof Error && typeof e?.code === 'string' && typeof e.syscall === 'string' && typeof e.path === 'string';
}

const PATH_PROBLEMS: Record<string, string> = {
  ENOENT: 'no such file or folder',
  ENOTDIR: 'part of the path is a file, not a folder',
  EISDIR: 'it is a folder',
  EEXIST: 'it already exists',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
};

/** "cannot mkdir /etc/passwd/x: ENOTDIR (part of the path is a file, not a folder); check the path …" */
function describePathError(err: { code: string; syscall: string; path: string }): string {
  const problem = PATH_PROBLEMS[err.code];
  return `cannot ${err.syscall} ${err.path}: ${err.code}${problem ? ` (${problem})` : ''}; check the path and its permissions, or choose another`;
}
