/**
 * Autoregressive decoding. Without a cache every step runs the whole context through the model; with
 * one, the prompt is pre-filled in a single forward and each later step runs only the newest token.
 */
import { cat, Generator, multinomial, noGrad, tensor, type Tensor } from 'minigpt-kata/tensor';
import { KVCache } from './kvcache';
import type { GPT } from './model';

export interface GenerateOptions {
  maxNewTokens: number;
  /** Reuse keys and values of past positions instead of recomputing them. */
  useCache?: boolean;
  /** 0 (the default) decodes greedily: always the most likely token. */
  temperature?: number;
  /** Sample only among the k most likely tokens. */
  topK?: number;
  /** Seeds sampling; greedy decoding uses no randomness. */
  seed?: number;
}

/** The next token of each row from the logits at the last position, (B, V) → (B, 1). */
function pickNext(logits: Tensor, temperature: number, topK: number | undefined, generator: Generator): Tensor {
  if (temperature === 0) return logits.argmax(-1, true);
  let scaled = logits.div(temperature);
  if (topK !== undefined && topK < scaled.shape[1]) {
    // keep the k largest logits of each row: everything below the k-th value gets probability 0
    const kth = (scaled.tolist() as number[][]).map((row) => [[...row].sort((a, b) => b - a)[topK - 1]]);
    scaled = scaled.maskedFill(scaled.lt(tensor(kth)), -Infinity);
  }
  return multinomial(scaled.softmax(-1), { generator });
}

/**
 * Extends `prompt` (B, P) by `maxNewTokens` tokens; returns (B, P + maxNewTokens).
 *
 * Context limit: the model has blockSize learned positions. Like nanoGPT, once the sequence is
 * longer, the model sees only its last blockSize tokens, at positions 0 .. blockSize - 1. Every
 * position then shifts each step, so cached keys are stale; the cached path re-fills the cache from
 * that window, which gives the same tokens as the uncached path (at the uncached cost).
 */
export function generate(model: GPT, prompt: Tensor, options: GenerateOptions): Tensor {
  const { maxNewTokens, useCache = false, temperature = 0, topK, seed = 0 } = options;
  const blockSize = model.config.blockSize;
  const generator = new Generator(seed);
  const cache = useCache ? new KVCache(model.config, prompt.shape[0]) : undefined;
  let idx = prompt;
  return noGrad(() => {
    model.eval();
    for (let step = 0; step < maxNewTokens; step++) {
      const T = idx.shape[1];
      let input: Tensor;
      if (cache === undefined) {
        input = idx.narrow(1, Math.max(0, T - blockSize), Math.min(T, blockSize));
      } else if (cache.length > 0 && cache.length + 1 <= blockSize) {
        input = idx.narrow(1, T - 1, 1); // only the newest token; the past is in the cache
      } else {
        cache.reset(); // first step, or the window slid: pre-fill with the whole visible context
        input = idx.narrow(1, Math.max(0, T - blockSize), Math.min(T, blockSize));
      }
      const logits = model.forward(input, cache); // (B, T_in, V)
      const next = pickNext(logits.select(1, -1), temperature, topK, generator); // (B, 1)
      idx = cat([idx, next], 1);
    }
    return idx;
  });
}
