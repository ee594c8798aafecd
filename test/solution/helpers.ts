/**
 * Shared setup of the reference-solution tests: the tiny-english corpus, a TINY model, a briefly
 * trained copy (so greedy decoding is not degenerate), and bitwise comparison of float32 results.
 * Everything is seeded; the trained model is built once per test file.
 */
import { manualSeed, tensor, type Tensor } from '../../tensor';
import { loadDataset } from '../../datasets';
import { GPT, PRESETS, type GPTConfig } from '../../solutions/gpt-kv/model';
import { train } from '../../solutions/gpt-kv/train';

export const corpus = loadDataset('tiny-english');
export const V = corpus.tokenizer.size;

/** PRESETS.tiny with the corpus vocabulary: nEmbd 32, 2 layers, 2 heads, blockSize 16. */
export const TINY: GPTConfig = { ...PRESETS.tiny, vocabSize: V };

/** A freshly initialised TINY model, init seeded by `seed`. */
export function tinyModel(seed = 0): GPT {
  manualSeed(seed);
  return new GPT(TINY);
}

/** Token ids of `text` as a (1, T) tensor. */
export function encode(text: string): Tensor {
  return tensor([corpus.tokenizer.encode(text)]);
}

/** Token ids of a (1, T) or (T) tensor as a plain array. */
export function ids(t: Tensor): number[] {
  return t.toArray();
}

/** Validation-text snippets of every length 1 .. maxLength, from spread-out offsets. */
export function prompts(maxLength: number): string[] {
  const text = corpus.val;
  return Array.from({ length: maxLength }, (_, i) => {
    const length = i + 1;
    const start = Math.floor(((i * 7919) % 1000) / 1000 * (text.length - length));
    return text.slice(start, start + length);
  });
}

let trained: GPT | undefined;

/** A TINY model trained for 200 steps of 8×16 tokens on the corpus (about 2 s): fixed seeds, validation loss about 2.1 (untrained: ln V = 3.4), so its logits depend on the context. */
export function trainedTinyModel(): GPT {
  if (trained === undefined) {
    trained = tinyModel(1);
    const data = tensor(corpus.tokenizer.encode(corpus.train));
    train(trained, data, { steps: 200, batchSize: 8, lr: 1e-2, seed: 1 });
    trained.eval();
  }
  return trained;
}

export { expectBitwiseEqual } from '../engine/helpers';
