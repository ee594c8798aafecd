import { check } from './errors';
import { defaultGenerator, type Generator } from './random';
import { fmt, numel, shapeArgs, type Shape } from './shape';
import { Tensor } from './tensor';
import { rowMajor } from './ops/movement';

type Nested = number | readonly Nested[];

function validShape(op: string, shape: Shape): number[] {
  for (const d of shape) check(Number.isInteger(d) && d >= 0, 'INVALID_ARGUMENT', op, () => `invalid shape ${fmt(shape)}: sizes must be non-negative integers`);
  return [...shape];
}

function inferNested(value: Nested): number[] {
  const shape: number[] = [];
  let v: Nested = value;
  while (Array.isArray(v)) {
    shape.push(v.length);
    v = (v as readonly Nested[])[0];
  }
  return shape;
}

/**
 * A tensor from nested arrays, a flat array or a Float32Array (with an explicit shape).
 * @example tensor([[1, 2], [3, 4]]).shape // [2, 2]
 */
export function tensor(value: Nested | Float32Array, shape?: Shape): Tensor {
  if (value instanceof Float32Array) {
    const s = validShape('tensor', shape ?? [value.length]);
    check(numel(s) === value.length, 'SHAPE_MISMATCH', 'tensor', () => `${value.length} values cannot have shape ${fmt(s)}`);
    return new Tensor(value, s);
  }
  const inferred = inferNested(value);
  const flat = Array.isArray(value) ? (value as unknown[]).flat(Infinity) : [value];
  check(flat.length === numel(inferred), 'SHAPE_MISMATCH', 'tensor', () => `nested arrays are ragged: expected ${numel(inferred)} values for ${fmt(inferred)}, found ${flat.length}`);
  const data = Float32Array.from(flat as number[]);
  const s = validShape('tensor', shape ?? inferred);
  check(numel(s) === data.length, 'SHAPE_MISMATCH', 'tensor', () => `${data.length} values cannot have shape ${fmt(s)}`);
  return new Tensor(data, s);
}

export function full(shape: Shape, value: number): Tensor {
  const s = validShape('full', shape);
  return new Tensor(new Float32Array(numel(s)).fill(value), s);
}

export function zeros(...shape: (number | readonly number[])[]): Tensor {
  const s = validShape('zeros', shapeArgs(shape));
  return new Tensor(new Float32Array(numel(s)), s);
}

export function ones(...shape: (number | readonly number[])[]): Tensor {
  return full(shapeArgs(shape), 1);
}

/** Uninitialised in PyTorch; zero-filled here, since typed arrays always are. */
export const empty = zeros;

export function zerosLike(t: Tensor): Tensor {
  return zeros(t.shape);
}

/** [start, end) by step, like `torch.arange`; `arange(n)` counts 0..n-1. */
export function arange(start: number, end?: number, step = 1): Tensor {
  const [lo, hi] = end === undefined ? [0, start] : [start, end];
  check(step !== 0, 'INVALID_ARGUMENT', 'arange', () => 'step must not be 0');
  const n = Math.max(0, Math.ceil((hi - lo) / step));
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = lo + i * step;
  return new Tensor(data, [n]);
}

export interface RandomOptions {
  generator?: Generator;
}

/** Standard normal samples from the seeded generator (`manualSeed`). */
export function randn(shape: Shape, { generator = defaultGenerator }: RandomOptions = {}): Tensor {
  const s = validShape('randn', shape);
  const data = new Float32Array(numel(s));
  for (let i = 0; i < data.length; i++) data[i] = generator.normal();
  return new Tensor(data, s);
}

/** Uniform samples in [0, 1). */
export function rand(shape: Shape, { generator = defaultGenerator }: RandomOptions = {}): Tensor {
  const s = validShape('rand', shape);
  const data = new Float32Array(numel(s));
  // 24 random bits, all a float32 holds: rounding a 53-bit uniform to float32 could give 1.0.
  for (let i = 0; i < data.length; i++) data[i] = Math.floor(generator.random() * 16777216) / 16777216;
  return new Tensor(data, s);
}

/** Uniform integers in [low, high). */
export function randint(low: number, high: number, shape: Shape, { generator = defaultGenerator }: RandomOptions = {}): Tensor {
  check(high > low, 'INVALID_ARGUMENT', 'randint', () => `high (${high}) must be greater than low (${low})`);
  const s = validShape('randint', shape);
  const data = new Float32Array(numel(s));
  for (let i = 0; i < data.length; i++) data[i] = generator.randint(low, high);
  return new Tensor(data, s);
}

/**
 * One index per row of `probs` [N, V] (or [V]), drawn with the row's probabilities (`torch.multinomial`
 * with one sample). Rows need not be normalised.
 */
export function multinomial(probs: Tensor, { generator = defaultGenerator }: RandomOptions = {}): Tensor {
  check(probs.ndim === 1 || probs.ndim === 2, 'INVALID_ARGUMENT', 'multinomial', () => `expects probs [N, V] or [V], got ${fmt(probs.shape)}`);
  const p = rowMajor(probs); // not the contiguous op: sampling records no op
  const V = probs.shape[probs.ndim - 1];
  const rows = probs.size / V;
  const out = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    const o = r * V;
    let total = 0;
    for (let j = 0; j < V; j++) total += p[o + j];
    check(total > 0 && Number.isFinite(total), 'INVALID_ARGUMENT', 'multinomial', () => `row ${r} has no probability mass (sum ${total})`);
    let u = generator.random() * total;
    let pick = V - 1;
    for (let j = 0; j < V; j++) {
      u -= p[o + j];
      if (u < 0) {
        pick = j;
        break;
      }
    }
    out[r] = pick;
  }
  return new Tensor(out, probs.ndim === 1 ? [1] : [rows, 1]);
}
