import { check, TensorError } from './errors';

export type Shape = readonly number[];

export function numel(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Row-major strides: the last dimension is contiguous. */
export function contiguousStrides(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}

/** Same rank and the same size in every dimension. */
export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

export function fmt(shape: Shape): string {
  return `[${shape.join(',')}]`;
}

/** Resolves a possibly negative dim against `ndim`, as PyTorch does (-1 is the last dim). */
export function normDim(op: string, dim: number, ndim: number): number {
  const d = dim < 0 ? dim + ndim : dim;
  check(Number.isInteger(dim) && d >= 0 && d < Math.max(ndim, 1), 'INDEX_OUT_OF_RANGE', op, () =>
    `dim ${dim} is out of range for a tensor with ${ndim} dimension(s) (valid: ${-ndim}..${ndim - 1})`,
  );
  return d;
}

/** NumPy broadcasting: align from the right; a dimension of 1 stretches to match. */
export function broadcastShapes(op: string, a: Shape, b: Shape): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new TensorError('SHAPE_MISMATCH', op, `shapes ${fmt(a)} and ${fmt(b)} cannot be broadcast (dimension ${i}: ${da} vs ${db})`);
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** Strides that read a tensor of `shape`/`strides` as if it had `target` shape (0 where broadcast). */
export function broadcastStrides(shape: Shape, strides: readonly number[], target: Shape): number[] {
  const out = new Array<number>(target.length).fill(0);
  const lead = target.length - shape.length;
  for (let i = 0; i < shape.length; i++) out[lead + i] = shape[i] === 1 ? 0 : strides[i];
  return out;
}

/** Accepts `view(2, 3)` and `view([2, 3])` alike. */
export function shapeArgs(args: readonly (number | readonly number[])[]): number[] {
  if (args.length === 1 && Array.isArray(args[0])) return [...(args[0] as readonly number[])];
  return args as number[];
}

/** Fills in a single -1 and checks the element count, as `view`/`reshape` do. */
export function inferShape(op: string, shape: readonly number[], size: number): number[] {
  const out = [...shape];
  const free = out.indexOf(-1);
  check(out.lastIndexOf(-1) === free, 'INVALID_ARGUMENT', op, () => `only one dimension can be -1, got ${fmt(shape)}`);
  for (const d of out) {
    check(Number.isInteger(d) && d >= -1, 'INVALID_ARGUMENT', op, () => `invalid shape ${fmt(shape)}`);
  }
  if (free >= 0) {
    const rest = numel(out.filter((_, i) => i !== free));
    check(rest > 0 && size % rest === 0, 'SHAPE_MISMATCH', op, () => `shape ${fmt(shape)} is invalid for a tensor of ${size} elements`);
    out[free] = size / rest;
  }
  check(numel(out) === size, 'SHAPE_MISMATCH', op, () => `shape ${fmt(shape)} is invalid for a tensor of ${size} elements`);
  return out;
}

/**
 * Strides that let a tensor of `shape`/`strides` be viewed as `target` without copying, or null when
 * no such strides exist (PyTorch's `computeStride`). Each run of dims that is contiguous within
 * itself may be split or merged: a `split` along the last dim can be viewed as heads,
 * `qkv.split(C, 2)[0].view(B, T, nh, hs)`, while a transposed tensor cannot be flattened.
 */
export function viewStrides(shape: Shape, strides: readonly number[], target: Shape): number[] | null {
  if (numel(shape) === 0 || shape.length === 0) return contiguousStrides(target);
  const out = new Array<number>(target.length);
  let viewD = target.length - 1;
  let chunkBase = strides[strides.length - 1];
  let tensorNumel = 1, viewNumel = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    tensorNumel *= shape[d];
    // A chunk ends where the next outer dim does not continue it contiguously.
    if (d === 0 || (shape[d - 1] !== 1 && strides[d - 1] !== tensorNumel * chunkBase)) {
      while (viewD >= 0 && (viewNumel < tensorNumel || target[viewD] === 1)) {
        out[viewD] = viewNumel * chunkBase;
        viewNumel *= target[viewD];
        viewD--;
      }
      if (viewNumel !== tensorNumel) return null;
      if (d > 0) {
        chunkBase = strides[d - 1];
        tensorNumel = 1;
        viewNumel = 1;
      }
    }
  }
  return viewD === -1 ? out : null;
}
