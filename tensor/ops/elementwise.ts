/**
 * Elementwise ops with NumPy broadcasting. Each record: name, loop (compiled from an expression),
 * FLOPs (one per output element, except gelu, whose formula is 8 operations) and backward.
 * Gradients of broadcast inputs are summed back to the input's shape by `sumTo`.
 */
import { compileBinary, compileUnary, type BinaryLoop, type UnaryLoop } from '../kernels/strided';
import { defineOp } from '../op';
import { broadcastShapes, broadcastStrides, fmt, numel, sameShape } from '../shape';
import { check } from '../errors';
import { Tensor } from '../tensor';
import { sumTo } from './reduce';

type Operand = Tensor | number;

function asTensor(x: Operand): Tensor {
  return x instanceof Tensor ? x : new Tensor(Float32Array.of(x), []);
}

function runUnary(loop: UnaryLoop, a: Tensor, p = 0): Tensor {
  const out = new Float32Array(a.size);
  loop(a.data, a.offset, a.strides, out, a.shape, p);
  return new Tensor(out, a.shape);
}

function runBinary(op: string, loop: BinaryLoop, a: Tensor, b: Tensor, p = 0): Tensor {
  const shape = broadcastShapes(op, a.shape, b.shape);
  const out = new Float32Array(numel(shape));
  loop(a.data, a.offset, broadcastStrides(a.shape, a.strides, shape), b.data, b.offset, broadcastStrides(b.shape, b.strides, shape), out, shape, p);
  return new Tensor(out, shape);
}

const loops = {
  add: compileBinary('x + y'),
  sub: compileBinary('x - y'),
  mul: compileBinary('x * y'),
  div: compileBinary('x / y'),
  eq: compileBinary('x === y ? 1 : 0'),
  lt: compileBinary('x < y ? 1 : 0'),
  gt: compileBinary('x > y ? 1 : 0'),
  maskedFill: compileBinary('y !== 0 ? p : x'),
  reluGrad: compileBinary('x > 0 ? y : 0'),
  // d/dx of the GELU below, times the incoming gradient y. With s = sigmoid(2u) = (1 + tanh u) / 2,
  // d/dx [x s] = s + 2 x s (1 - s) u', where u' = √(2/π) (1 + 3 · 0.044715 x²).
  geluGrad: compileBinary(
    '(t = 1 / (1 + Math.exp(-1.5957691216057308 * (x + 0.044715 * x * x * x))), ' +
      'y * (t + 2 * x * t * (1 - t) * 0.7978845608028654 * (1 + 0.134145 * x * x)))',
  ),
  neg: compileUnary('-x'),
  exp: compileUnary('Math.exp(x)'),
  log: compileUnary('Math.log(x)'),
  sqrt: compileUnary('Math.sqrt(x)'),
  pow: compileUnary('Math.pow(x, p)'),
  tanh: compileUnary('Math.tanh(x)'),
  relu: compileUnary('x > 0 ? x : 0'),
  // GPT-2's tanh approximation of GELU (Hendrycks & Gimpel 2016), as nanoGPT's NewGELU:
  // 0.5 x (1 + tanh u), u = √(2/π) (x + 0.044715 x³), computed as x · sigmoid(2u), the same function:
  // one Math.exp is 1.7× faster than Math.tanh in V8 (GELU was ~20% of a tiny model's train step), the
  // float32 results are identical for |x| < 3, and for x << 0 it avoids the cancellation in 1 + tanh u.
  gelu: compileUnary('x / (1 + Math.exp(-1.5957691216057308 * (x + 0.044715 * x * x * x)))'),
};

export const add = defineOp('add', (a: Tensor, other: Operand) => {
  const b = asTensor(other);
  const out = runBinary('add', loops.add, a, b);
  return {
    out, flops: out.size, inputs: [a, b],
    backward: (g) => [a.requiresGrad ? sumTo(g, a.shape) : null, b.requiresGrad ? sumTo(g, b.shape) : null],
  };
});

export const sub = defineOp('sub', (a: Tensor, other: Operand) => {
  const b = asTensor(other);
  const out = runBinary('sub', loops.sub, a, b);
  return {
    out, flops: out.size, inputs: [a, b],
    backward: (g) => [a.requiresGrad ? sumTo(g, a.shape) : null, b.requiresGrad ? sumTo(g.neg(), b.shape) : null],
  };
});

export const mul = defineOp('mul', (a: Tensor, other: Operand) => {
  const b = asTensor(other);
  const out = runBinary('mul', loops.mul, a, b);
  return {
    out, flops: out.size, inputs: [a, b],
    backward: (g) => [a.requiresGrad ? sumTo(g.mul(b), a.shape) : null, b.requiresGrad ? sumTo(g.mul(a), b.shape) : null],
  };
});

export const div = defineOp('div', (a: Tensor, other: Operand) => {
  const b = asTensor(other);
  const out = runBinary('div', loops.div, a, b);
  return {
    out, flops: out.size, inputs: [a, b],
    backward: (g) => [
      a.requiresGrad ? sumTo(g.div(b), a.shape) : null,
      b.requiresGrad ? sumTo(g.mul(out).div(b).neg(), b.shape) : null,
    ],
  };
});

export const neg = defineOp('neg', (a: Tensor) => {
  const out = runUnary(loops.neg, a);
  return { out, flops: out.size, inputs: [a], backward: (g) => [g.neg()] };
});

export const exp = defineOp('exp', (a: Tensor) => {
  const out = runUnary(loops.exp, a);
  return { out, flops: out.size, inputs: [a], backward: (g) => [g.mul(out)] };
});

export const log = defineOp('log', (a: Tensor) => {
  const out = runUnary(loops.log, a);
  return { out, flops: out.size, inputs: [a], backward: (g) => [g.div(a)] };
});

export const sqrt = defineOp('sqrt', (a: Tensor) => {
  const out = runUnary(loops.sqrt, a);
  return { out, flops: out.size, inputs: [a], backward: (g) => [g.div(out).mul(0.5)] };
});

export const pow = defineOp('pow', (a: Tensor, exponent: number) => {
  check(typeof exponent === 'number', 'INVALID_ARGUMENT', 'pow', () => 'the exponent must be a number');
  const out = runUnary(loops.pow, a, exponent);
  return { out, flops: out.size, inputs: [a], backward: (g) => [g.mul(a.pow(exponent - 1)).mul(exponent)] };
});

export const tanh = defineOp('tanh', (a: Tensor) => {
  const out = runUnary(loops.tanh, a);
  return { out, flops: out.size, inputs: [a], backward: (g) => [g.mul(out.mul(out).neg().add(1))] };
});

export const relu = defineOp('relu', (a: Tensor) => {
  const out = runUnary(loops.relu, a);
  return { out, flops: out.size, inputs: [a], backward: (g) => [runBinary('relu', loops.reluGrad, a, g)] };
});

export const gelu = defineOp('gelu', (a: Tensor) => {
  const out = runUnary(loops.gelu, a);
  // 8 per element, the operations of the formula in `loops.gelu` (x³ is 2, ·0.044715, +x, ·-2√(2/π),
  // exp, 1+, x/): it is a composite in PyTorch, so counting it as one would hide most of its work.
  return { out, flops: 8 * out.size, inputs: [a], backward: (g) => [runBinary('gelu', loops.geluGrad, a, g)] };
});

/** 1 where equal, else 0; not differentiable. */
export const eq = defineOp('eq', (a: Tensor, other: Operand) => {
  const out = runBinary('eq', loops.eq, a, asTensor(other));
  return { out, flops: out.size };
});

export const lt = defineOp('lt', (a: Tensor, other: Operand) => {
  const out = runBinary('lt', loops.lt, a, asTensor(other));
  return { out, flops: out.size };
});

export const gt = defineOp('gt', (a: Tensor, other: Operand) => {
  const out = runBinary('gt', loops.gt, a, asTensor(other));
  return { out, flops: out.size };
});

export const maskedFill = defineOp('maskedFill', (a: Tensor, mask: Tensor, value: number) => {
  check(mask instanceof Tensor, 'INVALID_ARGUMENT', 'maskedFill', () => 'mask must be a Tensor (non-zero where the value is written)');
  const out = runBinary('maskedFill', loops.maskedFill, a, mask, value);
  check(sameShape(out.shape, a.shape), 'SHAPE_MISMATCH', 'maskedFill', () =>
    `mask ${fmt(mask.shape)} must broadcast to the input ${fmt(a.shape)} without growing it`);
  return { out, flops: out.size, inputs: [a], backward: (g) => [runBinary('maskedFill', loops.maskedFill, g, mask, 0)] };
});

/** 1 where tril (lower) or triu zeroes the element over the last two dims: outside the kept triangle. */
function outsideTriangle(op: string, t: Tensor, diagonal: number, lower: boolean): Tensor {
  check(t.ndim >= 2, 'INVALID_ARGUMENT', op, () => `expects at least 2 dimensions, got ${fmt(t.shape)}`);
  const rows = t.shape[t.ndim - 2], cols = t.shape[t.ndim - 1];
  const m = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) m[i * cols + j] = (lower ? j - i > diagonal : j - i < diagonal) ? 1 : 0;
  }
  return new Tensor(m, [rows, cols]);
}

// Zeroed by maskedFill, not by multiplying with a 0/1 mask: -inf * 0 is NaN, and
// triu(full([T, T], -Infinity), 1) is the usual additive causal mask.
export function tril(t: Tensor, diagonal = 0): Tensor {
  return maskedFill(t, outsideTriangle('tril', t, diagonal, true), 0);
}

export function triu(t: Tensor, diagonal = 0): Tensor {
  return maskedFill(t, outsideTriangle('triu', t, diagonal, false), 0);
}

/** `cond ? a : b` elementwise, all three broadcast together; the branch not taken never leaks NaN. */
export function where(cond: Tensor, a: Operand, b: Operand): Tensor {
  const at = asTensor(a), bt = asTensor(b);
  const shape = broadcastShapes('where', broadcastShapes('where', cond.shape, at.shape), bt.shape);
  const notTaken = eq(cond, 0);
  return maskedFill(at.expand(shape), notTaken, 0).add(maskedFill(bt.expand(shape), eq(notTaken, 0), 0));
}
