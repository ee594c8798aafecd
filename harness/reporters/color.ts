/** Terminal colours for reporters and CLI commands alike. */
import { Chalk, type ChalkInstance } from 'chalk';

/** Colours when `color` says so (an Io, or a reporter's options), plain text otherwise. */
export function chalkFor(options: { color: boolean }): ChalkInstance {
  return new Chalk({ level: options.color ? 1 : 0 });
}
