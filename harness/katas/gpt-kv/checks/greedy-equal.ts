/**
 * greedy-equal: the end-to-end proof. generate must emit the same tokens with and without the cache,
 * and those must be the greedy choice of model.forward in eval mode (the model has dropout, so a
 * generate that forgets eval() or samples is caught).
 */
import type { CheckFn, CheckOutcome } from '../../../check';
import { maskBroken } from './causal-mask';
import { buildModel, candidate, fail, greedy, notImplemented, pass, PROBE_CONFIG, randomizeWeights, skip, tokens } from './common';

const firstDifference = (a: number[], b: number[]) => a.findIndex((x, i) => x !== b[i]);

export const greedyEqual: CheckFn = (ctx) => {
  const modules = { model: candidate(ctx, 'model') };
  const { generate } = candidate(ctx, 'generate');
  const config = { ...PROBE_CONFIG, dropout: 0.1 };
  const model = buildModel(modules, config, 71);
  randomizeWeights(model, 72);
  const prompts = [1, 2, 3, 5].map((P, i) => tokens(1, P, config.vocabSize, 73 + i));
  prompts.push(tokens(2, 2, config.vocabSize, 80));
  const details: string[] = [];
  for (const [i, prompt] of prompts.entries()) {
    const n = config.blockSize - prompt.shape[1];
    model.train();
    let uncached: number[], cached: number[];
    try {
      uncached = generate(model, prompt, { maxNewTokens: n, useCache: false }).toArray();
      cached = generate(model, prompt, { maxNewTokens: n, useCache: true }).toArray();
    } catch (error) {
      const outcome: CheckOutcome | null = notImplemented(error);
      if (outcome !== null) return outcome;
      throw error;
    }
    if (i === 0 && maskBroken(model, config)) {
      return skip('blocked by causal-mask: the uncached forward reads later positions or gives NaN, so cached decoding cannot match it');
    }
    const expected = greedy(model, prompt, n).toArray();
    const label = `prompt ${i + 1} (shape [${prompt.shape}])`;
    if (firstDifference(uncached, expected) >= 0) {
      return fail(`${label}: generate without the cache is not greedy from token ${firstDifference(uncached, expected) % (prompt.shape[1] + n)}`, [
        `greedy (argmax in eval mode): ${expected.join(' ')}`,
        `generate(useCache: false):    ${uncached.join(' ')}`,
        ...details,
      ]);
    }
    if (firstDifference(cached, uncached) >= 0) {
      return fail(`${label}: generate with the cache diverges from the uncached tokens`, [
        `useCache: false: ${uncached.join(' ')}`,
        `useCache: true:  ${cached.join(' ')}`,
        ...details,
      ]);
    }
    details.push(`${label}: ${n} new tokens identical: ${cached.join(' ')}`);
  }
  return pass(`${prompts.length} prompts: cached and uncached generation emit the same greedy tokens`, details);
};
