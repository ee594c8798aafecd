/** Batched, broadcasting matmul over the last two dims, on the kernels of `kernels/`. */
import { check } from '../errors';
import { kernels } from '../kernels';
import { defineOp } from '../op';
import { broadcastShapes, broadcastStrides, fmt, numel } from '../shape';
import { Tensor } from '../tensor';
import { sumTo } from './reduce';
import { rowMajor } from './movement';

/** How the kernels can read a matrix operand without copying. */
interface Layout {
  t: Tensor;
  /** Row-major with unit column stride (ld = row stride), or its transpose (ld = column stride). */
  transposed: boolean;
  ld: number;
}

function layoutOf(t: Tensor, allowTransposed: boolean): Layout {
  const nd = t.ndim;
  const rows = t.shape[nd - 2], cols = t.shape[nd - 1];
  const rs = t.strides[nd - 2], cs = t.strides[nd - 1];
  if (cs === 1 || cols === 1) return { t, transposed: false, ld: rows === 1 ? cols : rs };
  if (allowTransposed && (rs === 1 || rows === 1)) return { t, transposed: true, ld: cols === 1 ? rows : cs };
  // A private row-major copy, not the contiguous op: it is part of this matmul, not a recorded op.
  return { t: new Tensor(rowMajor(t), t.shape), transposed: false, ld: cols };
}

export const matmul: (a: Tensor, b: Tensor) => Tensor = defineOp('matmul', (a: Tensor, b: Tensor) => {
  check(b instanceof Tensor, 'INVALID_ARGUMENT', 'matmul', () => 'the right operand must be a Tensor');
  check(a.ndim >= 2 && b.ndim >= 2, 'SHAPE_MISMATCH', 'matmul', () =>
    `${fmt(a.shape)} @ ${fmt(b.shape)}: both operands need at least 2 dimensions (use unsqueeze for vectors)`);
  const M = a.shape[a.ndim - 2], K = a.shape[a.ndim - 1], N = b.shape[b.ndim - 1];
  check(b.shape[b.ndim - 2] === K, 'SHAPE_MISMATCH', 'matmul', () =>
    `${fmt(a.shape)} @ ${fmt(b.shape)}: inner dimensions ${K} and ${b.shape[b.ndim - 2]} differ`);
  const batch = broadcastShapes('matmul', a.shape.slice(0, -2), b.shape.slice(0, -2));
  const la = layoutOf(a, false), lb = layoutOf(b, true);
  const as = broadcastStrides(a.shape.slice(0, -2), la.t.strides.slice(0, -2), batch);
  const bs = broadcastStrides(b.shape.slice(0, -2), lb.t.strides.slice(0, -2), batch);
  const nBatch = numel(batch);
  const out = new Float32Array(nBatch * M * N);
  const kernel = lb.transposed ? kernels.matmulNT : kernels.matmulNN;
  const idx = new Array<number>(batch.length).fill(0);
  for (let n = 0; n < nBatch; n++) {
    let ao = la.t.offset, bo = lb.t.offset;
    for (let d = 0; d < batch.length; d++) {
      ao += idx[d] * as[d];
      bo += idx[d] * bs[d];
    }
    kernel(la.t.data, ao, la.ld, lb.t.data, bo, lb.ld, out, n * M * N, N, M, N, K);
    for (let d = batch.length - 1; d >= 0 && ++idx[d] === batch[d]; d--) idx[d] = 0;
  }
  return {
    out: new Tensor(out, [...batch, M, N]),
    flops: 2 * nBatch * M * N * K,
    rows: nBatch * M,
    inputs: [a, b],
    backward: (g) => [
      a.requiresGrad ? sumTo(matmul(g, b.transpose(-1, -2)), a.shape) : null,
      b.requiresGrad ? sumTo(matmul(a.transpose(-1, -2), g), b.shape) : null,
    ],
  };
});
