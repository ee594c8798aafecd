/**
 * Sampled generation: temperature, topK and seed. The same seed gives the same tokens (with or
 * without the cache), other seeds give other samples, sampled tokens stay inside the top k, and
 * topK = 1 is greedy decoding.
 */
import { describe, expect, test } from 'vitest';
import { noGrad } from '../../tensor';
import { generate } from '../../solutions/gpt-kv/generate';
import { encode, ids, trainedTinyModel } from './helpers';

const PROMPT = 'one day, ';

describe('sampling', () => {
  test('the same seed gives the same tokens, with and without the cache', () => {
    const model = trainedTinyModel();
    const options = { maxNewTokens: 24, temperature: 0.9, topK: 10, seed: 42 };
    const first = ids(generate(model, encode(PROMPT), options));
    expect(ids(generate(model, encode(PROMPT), options))).toEqual(first);
    expect(ids(generate(model, encode(PROMPT), { ...options, useCache: true }))).toEqual(first);
  });

  test('different seeds give different samples', () => {
    const model = trainedTinyModel();
    const samples = new Set([1, 2, 3, 4, 5].map((seed) => ids(generate(model, encode(PROMPT), { maxNewTokens: 24, temperature: 1, seed })).join(',')));
    expect(samples.size).toBeGreaterThanOrEqual(4);
  });

  test('topK = 1 equals greedy decoding whatever the temperature and seed', () => {
    const model = trainedTinyModel();
    const greedy = ids(generate(model, encode(PROMPT), { maxNewTokens: 30 }));
    for (const [temperature, seed] of [[1, 0], [2.5, 7], [0.3, 99]]) {
      expect(ids(generate(model, encode(PROMPT), { maxNewTokens: 30, temperature, topK: 1, seed }))).toEqual(greedy);
      expect(ids(generate(model, encode(PROMPT), { maxNewTokens: 30, temperature, topK: 1, seed, useCache: true }))).toEqual(greedy);
    }
  });

  test('a sampled token is always one of the k most likely, and over many seeds several of them occur', () => {
    const model = trainedTinyModel();
    const prompt = encode('the little');
    const logits = noGrad(() => model.forward(prompt)).select(1, -1).toArray(); // next-token logits
    const k = 3;
    const topK = new Set([...logits.keys()].sort((a, b) => logits[b] - logits[a]).slice(0, k));
    const picks = new Set<number>();
    for (let seed = 0; seed < 60; seed++) {
      const next = ids(generate(model, prompt, { maxNewTokens: 1, temperature: 2, topK: k, seed })).at(-1)!;
      expect(topK.has(next), `seed ${seed} picked ${next}`).toBe(true);
      picks.add(next);
    }
    expect(picks.size).toBeGreaterThan(1);
  });

  test('temperature 0 is greedy and uses no randomness: the seed does not matter', () => {
    const model = trainedTinyModel();
    const a = ids(generate(model, encode(PROMPT), { maxNewTokens: 20, temperature: 0, seed: 1 }));
    expect(ids(generate(model, encode(PROMPT), { maxNewTokens: 20, temperature: 0, seed: 2 }))).toEqual(a);
  });
});
