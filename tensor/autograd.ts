import type { Tensor } from './tensor';

/** A recorded op in the graph: its inputs and how to turn the output's gradient into theirs. */
export interface Node {
  op: string;
  inputs: readonly Tensor[];
  /** Gradients for `inputs`, in order; null where an input needs none. */
  backward: (grad: Tensor) => readonly (Tensor | null)[];
}

let gradEnabled = true;

export function isGradEnabled(): boolean {
  return gradEnabled;
}

/** Runs `fn` without recording the graph, like `with torch.no_grad():`. */
export function noGrad<T>(fn: () => T): T {
  const previous = gradEnabled;
  gradEnabled = false;
  try {
    return fn();
  } finally {
    gradEnabled = previous;
  }
}
