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

export function traceModules<T>(model: nn.Module, run: () => T, skipRoot = true): { result: T; calls: ModuleCall[] } {
  const calls: ModuleCall[] = [];
  const counts = new Map<string, number>();
  const restore: (() => void)[] = [];
  for (const [path, module] of model.namedModules()) {
    if (skipRoot && path === '') continue;
    const target = module as unknown as { forward?: Forward };
    const original = target.forward;
    if (typeof original !== 'function') continue;
    const hadOwn = Object.prototype.hasOwnProperty.call(target, 'forward');
    target.forward = function (this: unknown, ...args: unknown[]) {
      const output = original.apply(this, args);
      const call = counts.get(path) ?? 0;
      counts.set(path, call + 1);
      calls.push({ path, call, input: args[0] as Tensor | undefined, output: output as Tensor });
      return output;
    };
    restore.push(() => (hadOwn ? (target.forward = original) : delete target.forward));
  }
  try {
    return { result: run(), calls };
  } finally {
    for (const r of restore) r();
  }
}

export function findCall(calls: readonly ModuleCall[], path: string, call: number): ModuleCall | undefined {
  return calls.find((c) => c.path === path && c.call === call);
}
