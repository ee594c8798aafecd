/**
 * A trained reference model saved with saveCheckpoint and restored into a freshly initialised one
 * gives bitwise-equal logits and the same generations, cached and uncached.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { loadCheckpoint, noGrad, saveCheckpoint } from '../../tensor';
import { generate } from '../../solutions/gpt-kv/generate';
import { GPT } from '../../solutions/gpt-kv/model';
import { corpus, encode, expectBitwiseEqual, ids, tinyModel, trainedTinyModel } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'minigpt-solution-checkpoint-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('checkpoint of a trained model', () => {
  test('restored into a fresh model: bitwise-equal logits and identical generations', () => {
    const model = trainedTinyModel();
    const path = join(dir, 'tiny.safetensors');
    saveCheckpoint(path, model.stateDict(), { config: JSON.stringify(model.config), tokenizer: JSON.stringify(corpus.tokenizer) });

    const { tensors, metadata } = loadCheckpoint(path);
    const restored = new GPT(JSON.parse(metadata.config));
    const fresh = tinyModel(123);
    restored.loadStateDict(tensors);
    fresh.loadStateDict(tensors);
    restored.eval();
    fresh.eval();

    const idx = encode(corpus.val.slice(0, 16));
    noGrad(() => {
      const expected = model.forward(idx);
      expectBitwiseEqual(restored.forward(idx), expected, 'logits of the model built from the metadata');
      expectBitwiseEqual(fresh.forward(idx), expected, 'logits of a differently initialised model');
    });
    for (const useCache of [false, true]) {
      const options = { maxNewTokens: 40, useCache, temperature: 0.8, topK: 5, seed: 3 };
      expect(ids(generate(restored, encode('the cat'), options))).toEqual(ids(generate(model, encode('the cat'), options)));
    }
    expect(JSON.parse(metadata.tokenizer)).toEqual(corpus.tokenizer.toJSON());
  });
});
