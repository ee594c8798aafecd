/**
 * minigpt-kata's tensor engine: a small PyTorch-shaped library with autograd.
 *
 *   import { tensor, nn, manualSeed, noGrad } from 'minigpt-kata/tensor';
 */
export { Tensor } from './tensor';
export { tensor, zeros, ones, full, empty, zerosLike, arange, randn, rand, randint, multinomial } from './creation';
export type { RandomOptions } from './creation';
export { where, tril, triu } from './ops/elementwise';
export { cat, stack } from './ops/movement';
export { softmax, logSoftmax, layerNorm, embedding, crossEntropy, dropout } from './ops/nn';
export type { CrossEntropyOptions } from './ops/nn';
export { noGrad, isGradEnabled } from './autograd';
export { manualSeed, Generator } from './random';
export { counters } from './counters';
export type { OpStats, ModuleStats } from './counters';
export { setOpObserver } from './op';
export type { OpObserver } from './op';
export { TensorError } from './errors';
export type { TensorErrorCode } from './errors';
export { sameShape } from './shape';
export type { Shape } from './shape';
export * as nn from './nn';
export * as optim from './optim';
export { saveCheckpoint, loadCheckpoint, serialize, deserialize, CheckpointError } from './checkpoint';
export type { Checkpoint, CheckpointErrorCode } from './checkpoint';
