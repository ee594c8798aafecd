/** Reductions over dims (sum, mean, max, argmax) and `sumTo`, which undoes broadcasting in backward. */
import { check } from '../errors';
import { defineOp } from '../op';
import { fmt, normDim, numel, sameShape, type Shape } from '../shape';
import { Tensor } from '../tensor';
import { rowMajor } from './movement';

type Dims = number | readonly number[] | undefined;

/** `t` as a 1-d tensor without recording a view or copy op (a whole-tensor max reads it as one row). */
function flat1d(t: Tensor): Tensor {
  return new Tensor(rowMajor(t), [t.size]);
}

function resolveDims(op: string, t: Tensor, dim: Dims): number[] {
  if (dim === undefined) return t.shape.map((_, i) => i);
  const dims = (typeof dim === 'number' ? [dim] : [...dim]).map((d) => normDim(op, d, t.ndim));
  check(new Set(dims).size === dims.length, 'INVALID_ARGUMENT', op, () => `dim ${fmt(dims)} repeats a dimension`);
  return dims.sort((a, b) => a - b);
}

function reducedShape(shape: Shape, dims: readonly number[], keepdim: boolean): number[] {
  const out: number[] = [];
  shape.forEach((d, i) => {
    if (!dims.includes(i)) out.push(d);
    else if (keepdim) out.push(1);
  });
  return out;
}

/** Sums a contiguous [outer, n, inner] block over n, in index order. */
function sumAxis(x: Float32Array, outer: number, n: number, inner: number): Float32Array {
  const out = new Float32Array(outer * inner);
  const acc = new Float64Array(inner);
  for (let o = 0; o < outer; o++) {
    acc.fill(0);
    for (let j = 0; j < n; j++) {
      const base = (o * n + j) * inner;
      for (let i = 0; i < inner; i++) acc[i] += x[base + i];
    }
    for (let i = 0; i < inner; i++) out[o * inner + i] = acc[i];
  }
  return out;
}

export const sum = defineOp('sum', (t: Tensor, dim: Dims, keepdim: boolean = false) => {
  const dims = resolveDims('sum', t, dim);
  let data = rowMajor(t);
  const shape = [...t.shape];
  for (const d of dims) {
    data = sumAxis(data, numel(shape.slice(0, d)), shape[d], numel(shape.slice(d + 1)));
    shape[d] = 1;
  }
  if (dims.length === 0) data = data.slice();
  const keptShape = shape;
  const out = new Tensor(data, reducedShape(t.shape, dims, keepdim));
  return {
    out, flops: t.size, inputs: [t],
    backward: (g) => [g.reshape(keptShape).expand(t.shape)],
  };
});

export function mean(t: Tensor, dim?: Dims, keepdim = false): Tensor {
  const dims = resolveDims('mean', t, dim);
  const count = dims.reduce((n, d) => n * t.shape[d], 1);
  return sum(t, dims, keepdim).div(count);
}

/** Index of the largest value along `dim` (first one on ties) for a contiguous view. */
function argmaxAxis(t: Tensor, d: number): { idx: Float32Array; val: Float32Array } {
  const data = rowMajor(t);
  const outer = numel(t.shape.slice(0, d));
  const n = t.shape[d];
  const inner = numel(t.shape.slice(d + 1));
  const idx = new Float32Array(outer * inner);
  const val = new Float32Array(outer * inner);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let best = -Infinity, bestJ = 0;
      for (let j = 0; j < n; j++) {
        const v = data[(o * n + j) * inner + i];
        // NaN wins, as in PyTorch, so a NaN is never hidden behind a finite max.
        if (v > best || (Number.isNaN(v) && !Number.isNaN(best))) {
          best = v;
          bestJ = j;
        }
      }
      idx[o * inner + i] = bestJ;
      val[o * inner + i] = best;
    }
  }
  return { idx, val };
}

export const max = defineOp('max', (t: Tensor, dim?: number, keepdim: boolean = false) => {
  check(t.size > 0, 'INVALID_ARGUMENT', 'max', () => 'cannot take the max of an empty tensor');
  const flat = dim === undefined;
  const src = flat ? flat1d(t) : t;
  const d = flat ? 0 : normDim('max', dim, t.ndim);
  const { idx, val } = argmaxAxis(src, d);
  const out = new Tensor(val, flat ? [] : reducedShape(t.shape, [d], keepdim));
  return {
    out, flops: t.size, inputs: [t],
    backward: (g) => {
      // The gradient goes to the first maximal element of each slice.
      const gs = rowMajor(g);
      const grad = new Float32Array(src.size);
      const outer = numel(src.shape.slice(0, d)), n = src.shape[d], inner = numel(src.shape.slice(d + 1));
      for (let o = 0; o < outer; o++) {
        for (let i = 0; i < inner; i++) grad[(o * n + idx[o * inner + i]) * inner + i] = gs[o * inner + i];
      }
      return [new Tensor(grad, t.shape)];
    },
  };
});

export const argmax = defineOp('argmax', (t: Tensor, dim?: number, keepdim: boolean = false) => {
  check(t.size > 0, 'INVALID_ARGUMENT', 'argmax', () => 'cannot take the argmax of an empty tensor');
  if (dim === undefined) return { out: new Tensor(argmaxAxis(flat1d(t), 0).idx, []), flops: t.size };
  const d = normDim('argmax', dim, t.ndim);
  return { out: new Tensor(argmaxAxis(t, d).idx, reducedShape(t.shape, [d], keepdim)), flops: t.size };
});

/** Sums a broadcast gradient back to `shape` (the inverse of broadcasting). */
export function sumTo(g: Tensor, shape: Shape): Tensor {
  if (sameShape(g.shape, shape)) return g;
  const lead = g.ndim - shape.length;
  const dims: number[] = [];
  for (let i = 0; i < g.ndim; i++) if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) dims.push(i);
  return sum(g, dims, true).reshape([...shape]);
}
