import type { Node } from './autograd';
import { randn } from './creation';
import { check } from './errors';
import type { Generator } from './random';
import { backward as runBackward } from './backward';
import * as ew from './ops/elementwise';
import * as mm from './ops/matmul';
import * as mv from './ops/movement';
import * as nnops from './ops/nn';
import * as red from './ops/reduce';
import { contiguousStrides, fmt, numel, shapeArgs, type Shape } from './shape';

type ShapeArg = number | readonly number[];
type Operand = Tensor | number;

/**
 * A strided float32 view over shared storage, in the spirit of `torch.Tensor`. Views (transpose,
 * narrow, view, expand, split) share `data` and only change shape/strides/offset; ops always return
 * new contiguous tensors. Token ids are stored as float32 too (exact up to 2^24).
 */
export class Tensor {
  readonly data: Float32Array;
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly offset: number;
  requiresGrad = false;
  grad: Tensor | null = null;
  /** How this tensor was computed, when the graph is recorded. */
  node: Node | null = null;

  constructor(data: Float32Array, shape: Shape, strides: readonly number[] = contiguousStrides(shape), offset = 0) {
    this.data = data;
    this.shape = shape;
    this.strides = strides;
    this.offset = offset;
  }

  get ndim(): number {
    return this.shape.length;
  }

  /** Number of elements. */
  get size(): number {
    return numel(this.shape);
  }

  isContiguous(): boolean {
    let s = 1;
    for (let d = this.ndim - 1; d >= 0; d--) {
      if (this.shape[d] !== 1 && this.strides[d] !== s) return false;
      s *= this.shape[d];
    }
    return true;
  }

  toString(): string {
    return `Tensor(${fmt(this.shape)}${this.requiresGrad ? ', requiresGrad' : ''})`;
  }

  // --- reading values -------------------------------------------------------------------------

  /** The elements in row-major order, as a new Float32Array. */
  toFloat32Array(): Float32Array {
    // One copy either way, and no recorded op: rowMajor already copies a strided view.
    return this.isContiguous() ? this.data.slice(this.offset, this.offset + this.size) : mv.rowMajor(this);
  }

  /** The elements in row-major order, as numbers. */
  toArray(): number[] {
    return Array.from(this.toFloat32Array());
  }

  /** Nested arrays, like `tensor.tolist()`. */
  tolist(): unknown {
    const flat = this.toArray();
    const build = (dim: number, start: number): unknown => {
      if (dim === this.ndim) return flat[start];
      const step = numel(this.shape.slice(dim + 1));
      return Array.from({ length: this.shape[dim] }, (_, i) => build(dim + 1, start + i * step));
    };
    return build(0, 0);
  }

  /** The value of a one-element tensor. */
  item(): number {
    check(this.size === 1, 'INVALID_ARGUMENT', 'item', () => `only a tensor with one element has an item; this one is ${fmt(this.shape)}`);
    return this.data[this.offset];
  }

  /** One element by index, e.g. `logits.get(0, -1, 5)`. */
  get(...index: number[]): number {
    check(index.length === this.ndim, 'INVALID_ARGUMENT', 'get', () => `expected ${this.ndim} indices for ${fmt(this.shape)}, got ${index.length}`);
    let p = this.offset;
    for (let d = 0; d < index.length; d++) {
      const n = this.shape[d];
      const i = index[d] < 0 ? index[d] + n : index[d];
      check(Number.isInteger(i) && i >= 0 && i < n, 'INDEX_OUT_OF_RANGE', 'get', () => `index ${index[d]} is out of range for dimension ${d} of size ${n}`);
      p += i * this.strides[d];
    }
    return this.data[p];
  }

  // --- autograd -------------------------------------------------------------------------------

  /** Back-propagates from this tensor; a non-scalar needs an explicit output gradient. */
  backward(grad?: Tensor): void {
    runBackward(this, grad);
  }

  /** Marks a leaf as needing gradients (returns this, as `requires_grad_()`). */
  requiresGrad_(value = true): this {
    check(this.node === null, 'AUTOGRAD', 'requiresGrad_', () => 'only leaf tensors can change requiresGrad; use detach() first');
    this.requiresGrad = value;
    return this;
  }

  /** The same storage, cut from the graph. */
  detach(): Tensor {
    return new Tensor(this.data, this.shape, this.strides, this.offset);
  }

  // --- elementwise ----------------------------------------------------------------------------

  add(other: Operand): Tensor { return ew.add(this, other); }
  sub(other: Operand): Tensor { return ew.sub(this, other); }
  mul(other: Operand): Tensor { return ew.mul(this, other); }
  div(other: Operand): Tensor { return ew.div(this, other); }
  pow(exponent: number): Tensor { return ew.pow(this, exponent); }
  neg(): Tensor { return ew.neg(this); }
  exp(): Tensor { return ew.exp(this); }
  log(): Tensor { return ew.log(this); }
  sqrt(): Tensor { return ew.sqrt(this); }
  tanh(): Tensor { return ew.tanh(this); }
  relu(): Tensor { return ew.relu(this); }
  gelu(): Tensor { return ew.gelu(this); }
  /** Positions where `mask` is non-zero take `value`; `mask` broadcasts against this. */
  maskedFill(mask: Tensor, value: number): Tensor { return ew.maskedFill(this, mask, value); }
  /** Comparisons give 1 where true, else 0; they are not differentiable. */
  eq(other: Operand): Tensor { return ew.eq(this, other); }
  lt(other: Operand): Tensor { return ew.lt(this, other); }
  gt(other: Operand): Tensor { return ew.gt(this, other); }
  /** Lower triangle of the last two dims (others zero), as `torch.tril`. */
  tril(diagonal = 0): Tensor { return ew.tril(this, diagonal); }
  triu(diagonal = 0): Tensor { return ew.triu(this, diagonal); }

  // --- reductions -----------------------------------------------------------------------------

  sum(dim?: number | readonly number[], keepdim = false): Tensor { return red.sum(this, dim, keepdim); }
  mean(dim?: number | readonly number[], keepdim = false): Tensor { return red.mean(this, dim, keepdim); }
  max(dim?: number, keepdim = false): Tensor { return red.max(this, dim, keepdim); }
  argmax(dim?: number, keepdim = false): Tensor { return red.argmax(this, dim, keepdim); }

  // --- linear algebra and nn ------------------------------------------------------------------

  matmul(other: Tensor): Tensor { return mm.matmul(this, other); }
  softmax(dim = -1): Tensor { return nnops.softmax(this, dim); }
  logSoftmax(dim = -1): Tensor { return nnops.logSoftmax(this, dim); }

  // --- movement (views share storage) ---------------------------------------------------------

  view(...shape: ShapeArg[]): Tensor { return mv.view(this, shapeArgs(shape)); }
  reshape(...shape: ShapeArg[]): Tensor { return mv.reshape(this, shapeArgs(shape)); }
  transpose(dim0: number, dim1: number): Tensor { return mv.transpose(this, dim0, dim1); }
  /** Transpose of a 2-D tensor. */
  t(): Tensor {
    check(this.ndim === 2, 'INVALID_ARGUMENT', 't', () => `expects a 2-D tensor, got ${fmt(this.shape)}; use transpose(dim0, dim1)`);
    return mv.transpose(this, 0, 1);
  }
  permute(...dims: ShapeArg[]): Tensor { return mv.permute(this, shapeArgs(dims)); }
  narrow(dim: number, start: number, length: number): Tensor { return mv.narrow(this, dim, start, length); }
  /** Elements [start, end) of `dim`, like `x[..., start:end]`; negative bounds count from the end. */
  slice(dim: number, start: number, end?: number): Tensor { return mv.slice(this, dim, start, end); }
  /** One index of `dim`, removing that dim, like `x[:, -1]`. */
  select(dim: number, index: number): Tensor { return mv.select(this, dim, index); }
  /** Chunks of `size` along `dim` (the last may be smaller), or chunks of the given sizes. */
  split(size: number | readonly number[], dim = 0): Tensor[] { return mv.split(this, size, dim); }
  unsqueeze(dim: number): Tensor { return mv.unsqueeze(this, dim); }
  squeeze(dim?: number): Tensor { return mv.squeeze(this, dim); }
  expand(...shape: ShapeArg[]): Tensor { return mv.expand(this, shapeArgs(shape)); }
  contiguous(): Tensor { return this.isContiguous() ? this : mv.contiguous(this); }
  clone(): Tensor { return mv.contiguous(this); }
  flatten(): Tensor { return mv.reshape(this, [-1]); }

  // --- in place (not recorded by autograd) ----------------------------------------------------

  /**
   * Writes `src` (broadcast to this shape) into this tensor's storage. Writing through a view is how
   * a preallocated KV cache appends without reallocating: `cache.narrow(2, t, 1).copy_(k)`.
   */
  copy_(src: Tensor): this { mv.copyInto(this, src); return this; }
  fill_(value: number): this { mv.fillInto(this, value); return this; }
  zero_(): this { return this.fill_(0); }
  /** Fills with N(mean, std²) samples from the seeded generator, like `torch.nn.init.normal_`. */
  normal_(mean = 0, std = 1, generator?: Generator): this { return this.copy_(randn(this.shape, { generator }).mul(std).add(mean)); }
}
