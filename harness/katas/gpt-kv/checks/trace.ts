/**
 * Module tracing: records the input and output of every module's forward, in the order the calls
 * finish, by wrapping `forward` on each instance. Paths are the dotted names of namedModules(), the
 * same names the state dict uses, so a reference and a candidate trace line up by name.
 */
import type { nn, Tensor } from '../../../../tensor';

export interface ModuleCall {
  path: string;
  /** Index of this call among the calls of the same module. */
  call: number;
  input: Tensor | undefined;
  output: Tensor;
}

type Forward = (...args: unknown[]) => unknown;

/**
 * Replaces `module.forward` with `wrap(original)` on the instance and returns the undo. The undo puts
 * back exactly what was there: a candidate's own `forward` (e.g. an arrow-function class field) is
 * reassigned, not deleted, and an inherited one is uncovered again by deleting the wrapper.
 */
export function patchForward<F extends (...args: never[]) => unknown>(module: object, wrap: (original: F) => F): () => void {
  const target = module as { forward?: F };
  const original = target.forward;
  if (typeof original !== 'function') throw new TypeError('patchForward: the module has no forward method');
  const hadOwn = Object.prototype.hasOwnProperty.call(target, 'forward');
  target.forward = wrap(original);
  return () => {
    if (hadOwn) target.forward = original;
    else delete target.forward;
  };
}

/** Runs `run` with every module below the root traced; the root is the call being run. */
export function traceModules<T>(model: nn.Module, run: () => T): { result: T; calls: ModuleCall[] } {
  const calls: ModuleCall[] = [];
  const counts = new Map<string, number>();
  const restore: (() => void)[] = [];
  try {
    for (const [path, module] of model.namedModules()) {
      if (path === '' || typeof (module as { forward?: unknown }).forward !== 'function') continue;
      restore.push(patchForward<Forward>(module, (original) => function (this: unknown, ...args: unknown[]) {
        const output = original.apply(this, args);
        const call = counts.get(path) ?? 0;
        counts.set(path, call + 1);
        calls.push({ path, call, input: args[0] as Tensor | undefined, output: output as Tensor });
        return output;
      }));
    }
    return { result: run(), calls };
  } finally {
    for (const r of restore.reverse()) r();
  }
}

export function findCall(calls: readonly ModuleCall[], path: string, call: number): ModuleCall | undefined {
  return calls.find((c) => c.path === path && c.call === call);
}
