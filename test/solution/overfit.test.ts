/**
 * overfit: the reference's own training step memorises one batch of real text. A correct model
 * starts at the loss of a uniform guess, ln V, and drives the mean loss of a 4×16 batch of corpus
 * tokens below 0.05 within 300 AdamW steps (it takes about 80).
 */
import { describe, expect, test } from 'vitest';
import { Generator, noGrad, optim, tensor } from '../../tensor';
import { getBatch, lmLoss, trainStep } from '../../solutions/gpt-kv/train';
import { corpus, tinyModel, V } from './helpers';

describe('overfit', () => {
  const data = tensor(corpus.tokenizer.encode(corpus.train));
  const batch = getBatch(data, 4, 16, new Generator(11)); // (4, 16) tokens of real text

  test('a batch of 4×16 corpus tokens comes from windows of the corpus', () => {
    expect(batch.shape).toEqual([4, 16]);
    for (let r = 0; r < 4; r++) expect(corpus.train).toContain(corpus.tokenizer.decode(batch.select(0, r).toArray()));
  });

  test('TINY starts within 0.1 of ln V and memorises the batch (mean loss < 0.05) in at most 300 AdamW steps', () => {
    const model = tinyModel(0);
    const initial = noGrad(() => lmLoss(model.forward(batch), batch).item());
    expect(Math.abs(initial - Math.log(V))).toBeLessThan(0.1);

    const optimizer = new optim.AdamW(model.parameters(), { lr: 3e-3, weightDecay: 0 });
    const losses: number[] = [];
    while (losses.length < 300 && (losses.length === 0 || losses[losses.length - 1] >= 0.05)) {
      losses.push(trainStep(model, optimizer, batch));
    }
    const final = noGrad(() => lmLoss(model.forward(batch), batch).item());
    expect(final, `loss after ${losses.length} steps`).toBeLessThan(0.05);
    // the loop allows 300 steps (the budget); the reference needs 80, so a slower regression shows here
    expect(losses.length).toBeLessThanOrEqual(100);
    // trainStep reports the loss before its update; the first one is the untrained model's loss
    expect(losses[0]).toBe(initial);
  });

  test('the same seeds give bitwise the same loss curve', () => {
    const run = () => {
      const model = tinyModel(0);
      const optimizer = new optim.AdamW(model.parameters(), { lr: 3e-3, weightDecay: 0 });
      return Array.from({ length: 20 }, () => trainStep(model, optimizer, batch));
    };
    expect(run()).toEqual(run());
  });
});
