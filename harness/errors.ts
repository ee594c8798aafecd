/**
 * Errors a person can cause, as typed classes with stable codes (vitest's errors.ts). The CLI prints a
 * known error as one line and sets its exit code; anything else is a harness bug and shows a stack.
 * Every message says what to do next.
 */

export type KataErrorCode =
  | 'USAGE' // a wrong flag value or argument
  | 'UNKNOWN_KATA'
  | 'UNKNOWN_VARIANT'
  | 'NO_WORKSPACE'
  | 'WORKSPACE_EXISTS'
  | 'STATE_CORRUPT'
  | 'NOT_KATA_FILES' // `grade` pointed at a folder holding none of the kata's files
  | 'ORPHANED_EDIT' // a variant's find string no longer matches the solution (a maintainer error)
  | 'NEEDS_CONFIRMATION'
  | 'HINT_CAP' // `kata solution` in a workspace whose hints are capped

/** Exit code of every known error: DESIGN §6 reserves 2 for usage or input errors. */
export const INPUT_ERROR_EXIT_CODE = 2;

export class KataError extends Error {
  readonly exitCode = INPUT_ERROR_EXIT_CODE;
  constructor(
    readonly code: KataErrorCode,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class UsageError extends KataError {
  constructor(message: string) {
    super('USAGE', message);
  }
}

export class UnknownKataError extends KataError {
  constructor(id: string, known: string[]) {
    const near = nearest(id, known);
    super('UNKNOWN_KATA', `unknown kata "${id}"${near ? ` (did you mean "${near}"?)` : ''}; known katas: ${known.join(', ') || 'none'}`);
  }
}

export class NoWorkspaceError extends KataError {
  constructor(detail: string) {
    super('NO_WORKSPACE', `${detail}; run \`kata start\` to create a workspace, or pass its folder`);
  }
}

export class WorkspaceExistsError extends KataError {
  constructor(dir: string) {
    super('WORKSPACE_EXISTS', `${dir} already exists and is never overwritten; run \`kata reset\` to restore the starter (your files are backed up first) or pass another --dir`);
  }
}

export class StateCorruptError extends KataError {
  constructor(file: string, problem: string) {
    super('STATE_CORRUPT', `${file} is not valid workspace metadata (${problem}); restore it from your backups or start a new workspace with \`kata start --dir <new folder>\``);
  }
}

/**
 * A problem in the candidate's code found while grading (a missing file or export, a throw at import).
 * Checks may throw it too; the runner reports it as that check's `error`, with `location` (file:line).
 */
export class CandidateError extends Error {
  constructor(
    message: string,
    readonly location?: string,
  ) {
    super(message);
    this.name = 'CandidateError';
  }
}

/** The closest name by edit distance, if it is close enough to be a plausible typo. */
export function nearest(input: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(input.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return bestDistance <= Math.max(2, Math.floor(input.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[b.length];
}

/** A variant's or starter's `find` string matches zero or several times: the edit would silently rot. */
export class OrphanedEditError extends KataError {
  constructor(source: string, file: string, find: string, count: number) {
    const snippet = find.length > 60 ? `${find.slice(0, 57)}...` : find;
    const problem = count === 0 ? 'does not occur' : `occurs ${count} times (it must be unique)`;
    super('ORPHANED_EDIT', `${source}: in ${file}, ${JSON.stringify(snippet)} ${problem}; update the manifest edit to match the solution`);
  }
}

export class UnknownVariantError extends KataError {
  constructor(message: string) {
    super('UNKNOWN_VARIANT', message);
  }
}
