/**
 * The CLI's top level: parse, run one command, map errors to exit codes. It sets process.exitCode
 * and returns; only bin/kata exits. Known errors print one line; anything else is a harness bug and
 * shows its stack.
 */
import { CommanderError } from 'commander';
import { KataError } from '../errors';
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
  io.err(`kata: internal error (please report it):\n${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  return INTERNAL_ERROR_EXIT_CODE;
}
