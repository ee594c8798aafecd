/** The reporters by name; `--reporter` accepts exactly these keys. */
import { boardReporter } from './board';
import { jsonReporter } from './json';
import { junitReporter } from './junit';
import type { Reporter } from './types';

export const reporters = {
  board: boardReporter,
  json: jsonReporter,
  junit: junitReporter,
} satisfies Record<string, Reporter>;

export type ReporterName = keyof typeof reporters;

export function isReporterName(name: string): name is ReporterName {
  return Object.hasOwn(reporters, name);
}

export type { Reporter, ReporterOptions } from './types';
export { JSON_SCHEMA_VERSION, toJsonReport } from './json';
export type { JsonReport } from './json';
