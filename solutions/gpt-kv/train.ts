/**
 * Training: the language-modelling loss, one optimisation step, and a loop over random windows of
 * a token stream.
 */
import { crossEntropy, Generator, optim, stack, type Tensor } from 'minigpt-kata/tensor';
import type { GPT } from './model';

/**
 * Next-token cross-entropy: the logits at position t, (B, T, V), are scored against the token at
 * t + 1, so each sequence of T tokens gives T - 1 predictions.
 */
export function lmLoss(logits: Tensor, tokens: Tensor): Tensor {
  const [B, T, V] = logits.shape;
  const predictions = logits.narrow(1, 0, T - 1).reshape(B * (T - 1), V);
  const targets = tokens.narrow(1, 1, T - 1).reshape(B * (T - 1));
  return crossEntropy(predictions, targets);
}

/** One step of gradient descent on a batch of token sequences (B, T); returns the loss. */
export function trainStep(model: GPT, optimizer: optim.AdamW, tokens: Tensor): number {
  optimizer.zeroGrad();
  const loss = lmLoss(model.forward(tokens), tokens);
  loss.backward();
  optimizer.step();
  return loss.item();
}

/** `batchSize` windows of `length` consecutive tokens at random offsets of `data` (1-D). */
export function getBatch(data: Tensor, batchSize: number, length: number, generator: Generator): Tensor {
  const rows = Array.from({ length: batchSize }, () => data.narrow(0, generator.randint(0, data.shape[0] - length + 1), length));
  return stack(rows); // (B, length)
}

export interface TrainOptions {
  steps: number;
  batchSize: number;
  /** Window length; defaults to the model's blockSize. */
  length?: number;
  lr?: number;
  weightDecay?: number;
  /** Seed of the batch sampling; the model's init comes from `manualSeed` before it is built. */
  seed?: number;
  /** Called after every step, e.g. to drive a progress bar or stop early by returning false. */
  onStep?: (step: number, loss: number) => boolean | void;
}

/** Trains on random windows of `data`; returns the loss of every step. */
export function train(model: GPT, data: Tensor, options: TrainOptions): number[] {
  const { steps, batchSize, length = model.config.blockSize, lr = 1e-3, weightDecay = 0, seed = 0 } = options;
  const optimizer = new optim.AdamW(model.parameters(), { lr, weightDecay });
  const generator = new Generator(seed);
  const losses: number[] = [];
  model.train();
  for (let step = 0; step < steps; step++) {
    losses.push(trainStep(model, optimizer, getBatch(data, batchSize, length, generator)));
    if (options.onStep?.(step, losses[step]) === false) break;
  }
  return losses;
}
