/**
 * cached-logits, chunked-prefill, greedy-equal and the context limit, on a briefly trained TINY
 * model. "Equal" always means bitwise: the engine's row-order guarantee makes a one-row cached step
 * compute exactly what the last row of a full forward computes.
 */
import { describe, expect, test } from 'vitest';
import { cat, noGrad, tensor, type Tensor } from '../../tensor';
import { KVCache } from '../../solutions/gpt-kv/kvcache';
import { generate } from '../../solutions/gpt-kv/generate';
import type { GPT } from '../../solutions/gpt-kv/model';
import { lmLoss } from '../../solutions/gpt-kv/train';
import { TINY, corpus, encode, expectBitwiseEqual, ids, prompts, tinyModel, trainedTinyModel } from './helpers';

const blockSize = TINY.blockSize;
/** 15 prompts, one of each length 1 .. blockSize - 1, from the validation text. */
const PROMPTS = prompts(blockSize - 1);

/** Logits of every position of `idx` fed in chunks of `sizes` (cycled) through one cache, concatenated. */
function chunkedLogits(model: GPT, idx: Tensor, sizes: readonly number[]): Tensor {
  const cache = new KVCache(model.config, idx.shape[0]);
  const parts: Tensor[] = [];
  for (let t = 0, i = 0; t < idx.shape[1]; i++) {
    const n = Math.min(sizes[i % sizes.length], idx.shape[1] - t);
    parts.push(model.forward(idx.narrow(1, t, n), cache));
    t += n;
    expect(cache.length).toBe(t);
  }
  return cat(parts, 1);
}

describe('greedy-equal', () => {
  test('the prompts cover every length 1 .. blockSize - 1 and come from the corpus', () => {
    expect(PROMPTS.map((p) => p.length)).toEqual(Array.from({ length: blockSize - 1 }, (_, i) => i + 1));
    for (const p of PROMPTS) expect(corpus.val).toContain(p);
  });

  test.each(PROMPTS.map((p) => [p.length, p]))('prompt of %i tokens %j: same token ids with and without the cache', (_, prompt) => {
    const model = trainedTinyModel();
    const options = { maxNewTokens: blockSize - prompt.length };
    const uncached = generate(model, encode(prompt), { ...options, useCache: false });
    const cached = generate(model, encode(prompt), { ...options, useCache: true });
    expect(ids(cached)).toEqual(ids(uncached));
    expect(uncached.shape).toEqual([1, blockSize]);
    expect(ids(uncached).slice(0, prompt.length)).toEqual(ids(encode(prompt)));
  });

  test('the trained model is not degenerate: greedy continuations differ between prompts', () => {
    const model = trainedTinyModel();
    const continuations = new Set(PROMPTS.map((p) => corpus.tokenizer.decode(ids(generate(model, encode(p), { maxNewTokens: 4 })).slice(p.length))));
    expect(continuations.size).toBeGreaterThan(3);
  });
});

describe('cached-logits', () => {
  test.each(PROMPTS.map((p) => [p.length, p]))('prompt of %i tokens %j: prefill + one-token steps match the uncached forward bitwise at every step', (_, prompt) => {
    const model = trainedTinyModel();
    noGrad(() => {
      const P = prompt.length;
      const sequence = generate(model, encode(prompt), { maxNewTokens: blockSize - P }); // (1, blockSize)
      const full = model.forward(sequence); // (1, blockSize, V), no cache

      const cache = new KVCache(model.config, 1);
      const prefill = model.forward(sequence.narrow(1, 0, P), cache); // (1, P, V)
      expectBitwiseEqual(prefill, full.narrow(1, 0, P), `prefill of ${P}`);
      for (let t = P; t < blockSize; t++) {
        const step = model.forward(sequence.narrow(1, t, 1), cache); // (1, 1, V)
        expect(cache.length).toBe(t + 1);
        // against the full forward, and against the uncached decode step that sees exactly the prefix
        expectBitwiseEqual(step, full.narrow(1, t, 1), `step at position ${t} vs full forward`);
        expectBitwiseEqual(step, model.forward(sequence.narrow(1, 0, t + 1)).narrow(1, t, 1), `step at position ${t} vs prefix forward`);
      }
    });
  });

  test('the logits are not trivially equal: they change with the position and the context', () => {
    const model = trainedTinyModel();
    const logits = noGrad(() => model.forward(encode('the cat sat on a'))); // (1, 16, V)
    const a = logits.select(1, 3).toArray(), b = logits.select(1, 9).toArray();
    expect(a).not.toEqual(b);
    expect(logits.toArray().every(Number.isFinite)).toBe(true);
  });
});

describe('chunked-prefill', () => {
  const text = corpus.val.slice(100, 100 + blockSize);

  test.each([
    [[3, 1, 5, 2]],
    [[1, 4, 2, 6, 3]],
    [[blockSize - 1, 1]],
    [[2]],
  ])('chunks of %j against a growing cache equal the uncached forward bitwise', (sizes) => {
    const model = trainedTinyModel();
    noGrad(() => {
      const idx = encode(text);
      expectBitwiseEqual(chunkedLogits(model, idx, sizes), model.forward(idx), `chunks ${sizes.join(',')}`);
    });
  });

  test('a batch of two sequences, chunked 3, 1, 5, 2, 5: each row equals its own uncached forward', () => {
    const model = trainedTinyModel();
    noGrad(() => {
      const idx = tensor([corpus.tokenizer.encode(text), corpus.tokenizer.encode(corpus.val.slice(500, 500 + blockSize))]);
      const chunked = chunkedLogits(model, idx, [3, 1, 5, 2, 5]);
      expectBitwiseEqual(chunked, model.forward(idx), 'batch of 2');
      expectBitwiseEqual(chunked.narrow(0, 1, 1), model.forward(idx.narrow(0, 1, 1)), 'row 1 alone');
    });
  });
});

describe('context limit', () => {
  test('prompt + new tokens beyond blockSize: the same tokens with and without the cache', () => {
    const model = trainedTinyModel();
    for (const prompt of ['the dog', 'once upon a ti']) {
      const options = { maxNewTokens: 3 * blockSize };
      const uncached = generate(model, encode(prompt), { ...options, useCache: false });
      const cached = generate(model, encode(prompt), { ...options, useCache: true });
      expect(uncached.shape).toEqual([1, prompt.length + 3 * blockSize]);
      expect(ids(cached)).toEqual(ids(uncached));
    }
  });

  test('a prompt longer than blockSize works; each new token is the greedy choice given the last blockSize - 1 tokens', () => {
    const model = trainedTinyModel();
    const prompt = corpus.val.slice(0, 3 * blockSize + 5);
    const uncached = ids(generate(model, encode(prompt), { maxNewTokens: 6 }));
    const cached = ids(generate(model, encode(prompt), { maxNewTokens: 6, useCache: true }));
    expect(cached).toEqual(uncached);
    expect(uncached.slice(0, prompt.length)).toEqual(ids(encode(prompt)));
    for (let t = prompt.length; t < uncached.length; t++) {
      const window = tensor([uncached.slice(t - (blockSize - 1), t)]);
      expect(uncached[t]).toBe(noGrad(() => model.forward(window)).select(1, -1).argmax(-1).item());
    }
    // the untrained last position would have chosen otherwise at least once: the crop is not cosmetic
    const fromLastPosition = Array.from({ length: 6 }, (_, k) => {
      const window = tensor([uncached.slice(prompt.length + k - blockSize, prompt.length + k)]);
      return noGrad(() => model.forward(window)).select(1, -1).argmax(-1).item();
    });
    expect(fromLastPosition).not.toEqual(uncached.slice(prompt.length));
  });

  test('why blockSize - 1: training on windows of blockSize tokens never scores the last position', () => {
    const model = tinyModel(3);
    const window = encode(corpus.val.slice(0, blockSize)); // (1, blockSize)
    lmLoss(model.forward(window), window).backward();
    const gradSquared = (row: number) => model.wpe.weight.grad!.select(0, row).pow(2).sum().item();
    expect(gradSquared(blockSize - 1)).toBe(0); // its embedding, and its output, are never trained
    for (let row = 0; row < blockSize - 1; row++) expect(gradSquared(row)).toBeGreaterThan(0);
  });

  test('sampled generation beyond blockSize is also the same with and without the cache', () => {
    const model = trainedTinyModel();
    const options = { maxNewTokens: 2 * blockSize, temperature: 1, topK: 8, seed: 5 };
    expect(ids(generate(model, encode('a red'), { ...options, useCache: true }))).toEqual(ids(generate(model, encode('a red'), options)));
  });

  test('a cached forward beyond blockSize positions is refused with a clear error', () => {
    const model = trainedTinyModel();
    const cache = new KVCache(model.config, 1);
    noGrad(() => model.forward(encode(corpus.val.slice(0, blockSize - 2)), cache));
    expect(() => noGrad(() => model.forward(encode('abc'), cache))).toThrow(`cannot attend over ${blockSize + 1} positions; blockSize is ${blockSize}`);
  });
});
