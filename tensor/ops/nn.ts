/**
 * Neural-network ops with their own backward, each a row kernel so that every row is computed the
 * same way whatever the batch: softmax, logSoftmax, layerNorm, crossEntropy; plus embedding and dropout.
 */
import { check } from '../errors';
import { kernels } from '../kernels';
import { defineOp } from '../op';
import { defaultGenerator, type Generator } from '../random';
import { fmt, normDim } from '../shape';
import { Tensor } from '../tensor';
import { rowMajor, transpose } from './movement';

function lastDimRows(t: Tensor): { rows: number; n: number } {
  const n = t.ndim === 0 ? 1 : t.shape[t.ndim - 1];
  return { rows: n === 0 ? 0 : t.size / n, n };
}

const softmaxLast = defineOp('softmax', (x: Tensor) => {
  const { rows, n } = lastDimRows(x);
  const y = new Float32Array(x.size);
  kernels.softmaxRows(rowMajor(x), y, rows, n);
  const out = new Tensor(y, x.shape);
  return {
    out, flops: 5 * x.size, inputs: [x],
    backward: (g) => {
      const dx = new Float32Array(x.size);
      kernels.softmaxRowsBackward(y, rowMajor(g), dx, rows, n);
      return [new Tensor(dx, x.shape)];
    },
  };
});

const logSoftmaxLast = defineOp('logSoftmax', (x: Tensor) => {
  const { rows, n } = lastDimRows(x);
  const y = new Float32Array(x.size);
  kernels.logSoftmaxRows(rowMajor(x), y, rows, n);
  return {
    out: new Tensor(y, x.shape), flops: 5 * x.size, inputs: [x],
    backward: (g) => {
      const dx = new Float32Array(x.size);
      kernels.logSoftmaxRowsBackward(y, rowMajor(g), dx, rows, n);
      return [new Tensor(dx, x.shape)];
    },
  };
});

/** Softmax along `dim` (default: last); other dims are moved last and back. */
export function softmax(x: Tensor, dim = -1): Tensor {
  const d = normDim('softmax', dim, x.ndim);
  return d === x.ndim - 1 || x.ndim === 0 ? softmaxLast(x) : transpose(softmaxLast(transpose(x, d, -1)), d, -1);
}

export function logSoftmax(x: Tensor, dim = -1): Tensor {
  const d = normDim('logSoftmax', dim, x.ndim);
  return d === x.ndim - 1 || x.ndim === 0 ? logSoftmaxLast(x) : transpose(logSoftmaxLast(transpose(x, d, -1)), d, -1);
}

/** LayerNorm over the last dim with weight and bias of that size (Ba et al. 2016). */
export const layerNorm = defineOp('layerNorm', (x: Tensor, weight: Tensor, bias: Tensor, eps: number = 1e-5) => {
  const { rows, n } = lastDimRows(x);
  check(weight.ndim === 1 && weight.shape[0] === n && bias.ndim === 1 && bias.shape[0] === n, 'SHAPE_MISMATCH', 'layerNorm', () =>
    `input ${fmt(x.shape)} normalises over its last dim of size ${n}, but weight is ${fmt(weight.shape)} and bias is ${fmt(bias.shape)}`);
  const xd = rowMajor(x), wd = rowMajor(weight), bd = rowMajor(bias);
  const y = new Float32Array(x.size), mean = new Float32Array(rows), rstd = new Float32Array(rows);
  kernels.layerNormRows(xd, wd, bd, y, mean, rstd, rows, n, eps);
  return {
    out: new Tensor(y, x.shape), flops: 8 * x.size, inputs: [x, weight, bias],
    backward: (g) => {
      const dx = new Float32Array(x.size), dw = new Float32Array(n), db = new Float32Array(n);
      kernels.layerNormRowsBackward(xd, wd, mean, rstd, rowMajor(g), dx, dw, db, rows, n);
      return [new Tensor(dx, x.shape), new Tensor(dw, [n]), new Tensor(db, [n])];
    },
  };
});

function checkIndices(op: string, idx: Float32Array, bound: number, what: string, allowed?: number): void {
  for (let i = 0; i < idx.length; i++) {
    const v = idx[i];
    if (v === allowed) continue;
    check(Number.isInteger(v) && v >= 0 && v < bound, 'INDEX_OUT_OF_RANGE', op, () => `index ${v} at flat position ${i} is out of range for ${what} (valid: 0..${bound - 1})`);
  }
}

/** Rows of `weight` [V, C] picked by integer `indices` of any shape; output [...indices.shape, C]. */
export const embedding = defineOp('embedding', (weight: Tensor, indices: Tensor) => {
  check(weight.ndim === 2, 'INVALID_ARGUMENT', 'embedding', () => `weight must be [rows, dim], got ${fmt(weight.shape)}`);
  const [V, C] = weight.shape;
  const ids = rowMajor(indices).slice();
  checkIndices('embedding', ids, V, `an embedding of ${V} rows`);
  const w = rowMajor(weight);
  const out = new Float32Array(ids.length * C);
  for (let i = 0; i < ids.length; i++) out.set(w.subarray(ids[i] * C, (ids[i] + 1) * C), i * C);
  return {
    out: new Tensor(out, [...indices.shape, C]), flops: 0, rows: indices.size, inputs: [weight],
    backward: (g) => {
      const gs = rowMajor(g);
      const dw = new Float32Array(V * C);
      for (let i = 0; i < ids.length; i++) {
        const row = ids[i] * C;
        for (let j = 0; j < C; j++) dw[row + j] += gs[i * C + j];
      }
      return [new Tensor(dw, [V, C])];
    },
  };
});

export interface CrossEntropyOptions {
  /** Targets equal to this are skipped and not counted in the mean (PyTorch's default, -100). */
  ignoreIndex?: number;
}

/**
 * Mean negative log-likelihood of integer `targets` [N] under `logits` [N, C], skipping ignored
 * targets. Fused log-softmax + gather: its backward is (softmax - onehot) / count.
 */
export const crossEntropy = defineOp('crossEntropy', (logits: Tensor, targets: Tensor, { ignoreIndex = -100 }: CrossEntropyOptions = {}) => {
  check(logits.ndim === 2 && targets.ndim === 1 && targets.shape[0] === logits.shape[0], 'SHAPE_MISMATCH', 'crossEntropy', () =>
    `expects logits [N, C] and targets [N], got logits ${fmt(logits.shape)} and targets ${fmt(targets.shape)}; ` +
      'flatten first, e.g. logits.view(-1, C) and targets.view(-1)');
  const [N, C] = logits.shape;
  const t = rowMajor(targets).slice();
  checkIndices('crossEntropy', t, C, `${C} classes`, ignoreIndex);
  const logp = new Float32Array(N * C);
  kernels.logSoftmaxRows(rowMajor(logits), logp, N, C);
  let total = 0, count = 0;
  for (let i = 0; i < N; i++) {
    const target = t[i];
    if (target === ignoreIndex) continue;
    total -= logp[i * C + target];
    count++;
  }
  return {
    out: new Tensor(Float32Array.of(total / count), []), flops: 6 * N * C, inputs: [logits],
    backward: (g) => {
      const scale = g.item() / count;
      const dx = new Float32Array(N * C);
      for (let i = 0; i < N; i++) {
        const target = t[i];
        if (target === ignoreIndex) continue;
        for (let j = 0; j < C; j++) dx[i * C + j] = Math.exp(logp[i * C + j]) * scale;
        dx[i * C + target] -= scale;
      }
      return [new Tensor(dx, [N, C])];
    },
  };
});

/** Zeroes each element with probability p and scales the rest by 1/(1-p); identity in eval mode. */
export function dropout(x: Tensor, p: number, training: boolean, generator: Generator = defaultGenerator): Tensor {
  check(p >= 0 && p < 1, 'INVALID_ARGUMENT', 'dropout', () => `p must be in [0, 1), got ${p}`);
  if (!training || p === 0) return x;
  const keep = new Float32Array(x.size);
  const scale = 1 / (1 - p);
  for (let i = 0; i < keep.length; i++) keep[i] = generator.random() < p ? 0 : scale;
  return x.mul(new Tensor(keep, x.shape));
}
