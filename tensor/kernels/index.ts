/**
 * The kernel interface: the only code that loops over raw buffers for matmul and row-wise nn ops.
 * Ops call `kernels.*`, so a faster implementation (e.g. WebAssembly SIMD) can replace the plain-JS
 * one here without touching any op, as long as it keeps the row-order guarantee.
 */
import { matmulNN, matmulNT } from './matmul';
import { layerNormRows, layerNormRowsBackward, logSoftmaxRows, logSoftmaxRowsBackward, softmaxRows, softmaxRowsBackward } from './rows';

export const kernels = {
  matmulNN, matmulNT, softmaxRows, softmaxRowsBackward, logSoftmaxRows, logSoftmaxRowsBackward, layerNormRows, layerNormRowsBackward,
};

/** What a replacement implementation must provide: the same functions with the same signatures. */
export type Kernels = typeof kernels;
