/**
 * Movement ops. Views (view, transpose, permute, narrow, expand, squeeze) share storage and cost
 * nothing but a new shape/strides/offset; `contiguous`, `cat` and `stack` copy.
 */
import { compileStore, compileUnary } from '../kernels/strided';
import { check } from '../errors';
import { defineOp } from '../op';
import { broadcastShapes, broadcastStrides, contiguousStrides, fmt, inferShape, normDim, numel, sameShape, viewStrides } from '../shape';
import { Tensor } from '../tensor';
import { sumTo } from './reduce';

const copyLoop = compileUnary('x');
const storeLoop = compileStore('x');

/**
 * The elements in row-major order without recording an op: a subarray of the storage when
 * contiguous. Ops use it for their internal copies, so the counters and the op observer see only
 * the ops a caller asked for.
 */
export function rowMajor(t: Tensor): Float32Array {
  if (t.isContiguous()) return t.data.subarray(t.offset, t.offset + t.size);
  const out = new Float32Array(t.size);
  copyLoop(t.data, t.offset, t.strides, out, t.shape, 0);
  return out;
}

export const contiguous = defineOp('contiguous', (t: Tensor) => {
  const out = new Float32Array(t.size);
  copyLoop(t.data, t.offset, t.strides, out, t.shape, 0);
  return { out: new Tensor(out, t.shape), flops: 0, inputs: [t], backward: (g) => [g] };
});

export const view = defineOp('view', (t: Tensor, shape: readonly number[]) => {
  const s = inferShape('view', shape, t.size);
  // Like PyTorch, a non-contiguous tensor can be viewed when the new shape fits its strides (heads
  // cut from a split along the last dim); only a real reordering such as a transpose needs a copy.
  const strides = t.isContiguous() ? contiguousStrides(s) : viewStrides(t.shape, t.strides, s);
  check(strides !== null, 'INVALID_ARGUMENT', 'view', () =>
    `cannot view a non-contiguous ${fmt(t.shape)} tensor (e.g. after transpose) as ${fmt(s)}; use reshape(), or contiguous() first`);
  return { out: new Tensor(t.data, s, strides, t.offset), flops: 0, inputs: [t], backward: (g) => [reshape(g, t.shape)] };
});

export function reshape(t: Tensor, shape: readonly number[]): Tensor {
  return view(t.isContiguous() ? t : contiguous(t), shape);
}

export const transpose: (t: Tensor, dim0: number, dim1: number) => Tensor = defineOp('transpose', (t: Tensor, dim0: number, dim1: number) => {
  const a = normDim('transpose', dim0, t.ndim), b = normDim('transpose', dim1, t.ndim);
  const shape = [...t.shape], strides = [...t.strides];
  [shape[a], shape[b]] = [shape[b], shape[a]];
  [strides[a], strides[b]] = [strides[b], strides[a]];
  return { out: new Tensor(t.data, shape, strides, t.offset), flops: 0, inputs: [t], backward: (g) => [transpose(g, dim0, dim1)] };
});

export const permute: (t: Tensor, dims: readonly number[]) => Tensor = defineOp('permute', (t: Tensor, dims: readonly number[]) => {
  check(dims.length === t.ndim, 'INVALID_ARGUMENT', 'permute', () => `needs ${t.ndim} dims for ${fmt(t.shape)}, got ${fmt(dims)}`);
  const order = dims.map((d) => normDim('permute', d, t.ndim));
  check(new Set(order).size === order.length, 'INVALID_ARGUMENT', 'permute', () => `dims ${fmt(dims)} repeat a dimension`);
  const inverse = new Array<number>(order.length);
  order.forEach((d, i) => (inverse[d] = i));
  const out = new Tensor(t.data, order.map((d) => t.shape[d]), order.map((d) => t.strides[d]), t.offset);
  return { out, flops: 0, inputs: [t], backward: (g) => [permute(g, inverse)] };
});

export const narrow = defineOp('narrow', (t: Tensor, dim: number, start: number, length: number) => {
  const d = normDim('narrow', dim, t.ndim);
  const n = t.shape[d];
  const s = start < 0 ? start + n : start;
  check(Number.isInteger(s) && Number.isInteger(length) && s >= 0 && length >= 0 && s + length <= n, 'INDEX_OUT_OF_RANGE', 'narrow', () =>
    `start ${start} with length ${length} is out of range for dimension ${d} of size ${n} in ${fmt(t.shape)}`);
  const shape = [...t.shape];
  shape[d] = length;
  const out = new Tensor(t.data, shape, t.strides, t.offset + s * t.strides[d]);
  return {
    out, flops: 0, inputs: [t],
    backward: (g) => {
      const full = new Tensor(new Float32Array(t.size), t.shape);
      copyInto(narrow(full, d, s, length), g);
      return [full];
    },
  };
});

/** Python-style slice bounds: negatives count from the end, out-of-range bounds clamp. */
export function slice(t: Tensor, dim: number, start: number, end?: number): Tensor {
  const d = normDim('slice', dim, t.ndim);
  const n = t.shape[d];
  const clamp = (i: number) => Math.min(Math.max(i < 0 ? i + n : i, 0), n);
  const lo = clamp(start), hi = clamp(end ?? n);
  return narrow(t, d, lo, Math.max(0, hi - lo));
}

export function select(t: Tensor, dim: number, index: number): Tensor {
  const d = normDim('select', dim, t.ndim);
  const n = t.shape[d];
  const i = index < 0 ? index + n : index;
  check(Number.isInteger(i) && i >= 0 && i < n, 'INDEX_OUT_OF_RANGE', 'select', () => `index ${index} is out of range for dimension ${d} of size ${n}`);
  return squeeze(narrow(t, d, i, 1), d);
}

export function split(t: Tensor, size: number | readonly number[], dim = 0): Tensor[] {
  const d = normDim('split', dim, t.ndim);
  const n = t.shape[d];
  let sizes: number[];
  if (typeof size === 'number') {
    check(Number.isInteger(size) && size > 0, 'INVALID_ARGUMENT', 'split', () => `split size must be a positive integer, got ${size}`);
    sizes = [];
    for (let s = 0; s < n; s += size) sizes.push(Math.min(size, n - s));
  } else {
    sizes = [...size];
    check(sizes.reduce((a, b) => a + b, 0) === n, 'SHAPE_MISMATCH', 'split', () => `sizes ${fmt(sizes)} do not add up to dimension ${d} of size ${n}`);
  }
  let start = 0;
  return sizes.map((len) => {
    const part = narrow(t, d, start, len);
    start += len;
    return part;
  });
}

export const unsqueeze = defineOp('unsqueeze', (t: Tensor, dim: number) => {
  const d = normDim('unsqueeze', dim, t.ndim + 1);
  const shape = [...t.shape], strides = [...t.strides];
  shape.splice(d, 0, 1);
  strides.splice(d, 0, d < t.ndim ? t.strides[d] * t.shape[d] : 1);
  return { out: new Tensor(t.data, shape, strides, t.offset), flops: 0, inputs: [t], backward: (g) => [reshape(g, t.shape)] };
});

export const squeeze = defineOp('squeeze', (t: Tensor, dim?: number) => {
  const drop = dim === undefined ? t.shape.map((s, i) => (s === 1 ? i : -1)).filter((i) => i >= 0) : [normDim('squeeze', dim, t.ndim)];
  const keep = t.shape.map((_, i) => i).filter((i) => !drop.includes(i) || t.shape[i] !== 1);
  const out = new Tensor(t.data, keep.map((i) => t.shape[i]), keep.map((i) => t.strides[i]), t.offset);
  return { out, flops: 0, inputs: [t], backward: (g) => [reshape(g, t.shape)] };
});

export const expand = defineOp('expand', (t: Tensor, shape: readonly number[]) => {
  check(shape.length >= t.ndim, 'SHAPE_MISMATCH', 'expand', () => `cannot expand ${fmt(t.shape)} to fewer dimensions ${fmt(shape)}`);
  const lead = shape.length - t.ndim;
  const target = shape.map((s, i) => (s === -1 && i >= lead ? t.shape[i - lead] : s));
  const checked = broadcastShapes('expand', t.shape, target);
  check(sameShape(checked, target), 'SHAPE_MISMATCH', 'expand', () => `cannot expand ${fmt(t.shape)} to ${fmt(shape)}`);
  const out = new Tensor(t.data, target, broadcastStrides(t.shape, t.strides, target), t.offset);
  return { out, flops: 0, inputs: [t], backward: (g) => [sumTo(g, t.shape)] };
});

/** Writes src (broadcast to dst's shape) through dst's strides; the caller's view is the target. */
export function copyInto(dst: Tensor, src: Tensor): void {
  const shape = broadcastShapes('copy_', dst.shape, src.shape);
  check(sameShape(shape, dst.shape), 'SHAPE_MISMATCH', 'copy_', () =>
    `cannot copy a ${fmt(src.shape)} tensor into a ${fmt(dst.shape)} destination`);
  const ss = broadcastStrides(src.shape, src.strides, shape);
  if (dst.isContiguous()) {
    copyLoop(src.data, src.offset, ss, dst.data.subarray(dst.offset, dst.offset + dst.size), shape, 0);
    return;
  }
  storeLoop(src.data, src.offset, ss, dst.data, dst.offset, dst.strides, shape, 0);
}

export function fillInto(dst: Tensor, value: number): void {
  if (dst.isContiguous()) {
    dst.data.fill(value, dst.offset, dst.offset + dst.size);
    return;
  }
  // A one-element source read with stride 0 everywhere: the value rounded to float32 once.
  storeLoop(Float32Array.of(value), 0, new Array<number>(dst.ndim).fill(0), dst.data, dst.offset, dst.strides, dst.shape, 0);
}

export const cat = defineOp('cat', (tensors: readonly Tensor[], dim: number = 0) => {
  check(tensors.length > 0, 'INVALID_ARGUMENT', 'cat', () => 'needs at least one tensor');
  const first = tensors[0];
  const d = normDim('cat', dim, first.ndim);
  for (const t of tensors) {
    check(t.ndim === first.ndim && t.shape.every((s, i) => i === d || s === first.shape[i]), 'SHAPE_MISMATCH', 'cat', () =>
      `shapes ${tensors.map((x) => fmt(x.shape)).join(', ')} must match except in dimension ${d}`);
  }
  const sizes = tensors.map((t) => t.shape[d]);
  const shape = [...first.shape];
  shape[d] = sizes.reduce((a, b) => a + b, 0);
  const out = new Tensor(new Float32Array(numel(shape)), shape);
  let start = 0;
  for (const t of tensors) {
    copyInto(new Tensor(out.data, t.shape, out.strides, start * out.strides[d]), t);
    start += t.shape[d];
  }
  return { out, flops: 0, inputs: tensors, backward: (g) => split(g, sizes, d) };
});

export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  check(tensors.length > 0, 'INVALID_ARGUMENT', 'stack', () => 'needs at least one tensor');
  const d = normDim('stack', dim, tensors[0].ndim + 1);
  return cat(tensors.map((t) => unsqueeze(t, d)), d);
}
