import { isGradEnabled, type Node } from './autograd';
import { counters } from './counters';
import type { Tensor } from './tensor';

/**
 * What an op's forward returns: the output, its work, and, for differentiable ops, the inputs that
 * gradients flow to and the backward closure that maps the output gradient onto them.
 */
export interface OpResult {
  out: Tensor;
  flops: number;
  rows?: number;
  inputs?: readonly Tensor[];
  backward?: Node['backward'];
}

export type OpObserver = (op: string, out: Tensor, inputs: readonly Tensor[]) => void;

let observer: OpObserver | null = null;

/** Sees every op as it runs (the grader uses it to compare intermediate results); null to stop. */
export function setOpObserver(fn: OpObserver | null): void {
  observer = fn;
}

/**
 * Declares an op: one record with its name, forward and backward. The name is the key of the work
 * counters and of error messages, so evidence and code use the same words.
 */
export function defineOp<A extends unknown[]>(name: string, forward: (...args: A) => OpResult): (...args: A) => Tensor {
  return (...args: A): Tensor => {
    const r = forward(...args);
    counters.recordOp(name, r.flops, r.rows ?? 0);
    if (r.backward !== undefined && r.inputs !== undefined && isGradEnabled() && r.inputs.some((t) => t.requiresGrad)) {
      r.out.requiresGrad = true;
      r.out.node = { op: name, inputs: r.inputs, backward: r.backward };
    }
    if (observer !== null) observer(name, r.out, r.inputs ?? []);
    return r.out;
  };
}
