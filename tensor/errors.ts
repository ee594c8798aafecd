/**
 * Engine errors. Every error a person can cause names the op, the argument and the values involved,
 * so a message like "matmul: [2,3] @ [4,5]: inner dimensions 3 and 4 differ" points straight at the line.
 */
export type TensorErrorCode =
  | 'SHAPE_MISMATCH'
  | 'INDEX_OUT_OF_RANGE'
  | 'INVALID_ARGUMENT'
  | 'STATE_DICT'
  | 'AUTOGRAD';

export class TensorError extends Error {
  override name = 'TensorError';
  constructor(
    readonly code: TensorErrorCode,
    readonly op: string,
    detail: string,
  ) {
    super(`${op}: ${detail}`);
  }
}

/** Hot-path assertion: the message is only built when the check fails. */
export function check(ok: boolean, code: TensorErrorCode, op: string, detail: () => string): asserts ok {
  if (!ok) throw new TensorError(code, op, detail());
}
