/**
 * The contract between the runner and a kata's checks. A check runs inside the sandboxed child
 * process, gets the candidate's workspace modules through `CheckContext`, and returns an outcome;
 * anything it throws about the candidate's code becomes that check's `error`.
 */
export type CheckStatus = 'pass' | 'fail' | 'error' | 'skip';

/** Evidence a reporter may draw: a loss curve, rows per decode step, an attention map. */
export interface CheckEvidence {
  lossCurve?: number[];
  /** Training steps between two points of the loss curve. */
  lossEvery?: number;
  /** Reference line for the loss curve, e.g. ln(V) for an untrained model. */
  lossBaseline?: number;
  rowsPerStep?: number[];
  /** One head's attention weights [T][T] (row = query, column = key). */
  attention?: number[][];
}

export interface CheckOutcome {
  /** A check decides pass, fail or skip; `error` is reserved for the runner (a crash, a hang). */
  status: Exclude<CheckStatus, 'error'>;
  /** One line, no spoilers: what was observed. */
  message: string;
  /** Further lines a person can act on (first diverging module, positions, figures). */
  details?: string[];
  evidence?: CheckEvidence;
}

export interface CheckContext {
  /** Absolute path of the workspace being graded. */
  dir: string;
  /** The exports of a workspace file (e.g. 'model.ts'); throws a CandidateError with file:line on failure. */
  load(file: string): Record<string, unknown>;
  /** The exports of the reference solution's file, for comparisons. */
  reference(file: string): Record<string, unknown>;
  /** Include slower evidence (`kata check --full`). */
  full: boolean;
}

export type CheckFn = (ctx: CheckContext) => CheckOutcome | Promise<CheckOutcome>;

/** A finished check as reporters see it. */
export interface CheckResult {
  id: string;
  part: 1 | 2;
  title: string;
  required: boolean;
  status: CheckStatus;
  message: string;
  details: string[];
  durationMs: number;
  evidence?: CheckEvidence;
}
