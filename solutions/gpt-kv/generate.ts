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
 * Context limit: the model conditions on the last blockSize - 1 tokens at most, at positions
 * 0 .. blockSize - 2. Training never scores position blockSize - 1: lmLoss pairs each position with
 * the next token, and a window of blockSize tokens has none after its last. A crop to blockSize
 * tokens would predict every token past the window from that untrained position.
 */
export function generate(model: GPT, prompt: Tensor, options: GenerateOptions): Tensor {
  const { maxNewTokens, useCache = false, temperature = 0, topK, seed = 0 } = options;
  const generator = new Generator(seed);
  const next = (logits: Tensor) => pickNext(logits, temperature, topK, generator);
  return noGrad(() => {
    model.eval();
    return useCache ? decodeCached(model, prompt, maxNewTokens, next) : decodeUncached(model, prompt, maxNewTokens, next);
  });
}

/** The longest context the model was trained to predict from (see generate). */
function contextLength(model: GPT): number {
  return Math.max(1, model.config.blockSize - 1);
}

/** The last `length` tokens of idx (B, T): what the model conditions on. */
function visibleContext(idx: Tensor, length: number): Tensor {
  const T = idx.shape[1];
  return idx.narrow(1, Math.max(0, T - length), Math.min(T, length));
}

/** Every step runs the whole visible context through the model: O(T²) work per generated token. */
function decodeUncached(model: GPT, prompt: Tensor, maxNewTokens: number, next: (logits: Tensor) => Tensor): Tensor {
  let idx = prompt;
  for (let step = 0; step < maxNewTokens; step++) {
    const logits = model.forward(visibleContext(idx, contextLength(model))); // (B, T, V)
    idx = cat([idx, next(logits.select(1, -1))], 1);
  }
  return idx;
}

/**
 * Pre-fills the cache with the prompt in one forward, then runs one token per step. Once the
 * sequence outgrows the context, the window slides and every position shifts, so the cached keys are
 * stale: the cache is re-filled from the visible window, which gives the same tokens as the uncached path.
 */
function decodeCached(model: GPT, prompt: Tensor, maxNewTokens: number, next: (logits: Tensor) => Tensor): Tensor {
  const context = contextLength(model);
  const cache = new KVCache(model.config, prompt.shape[0]);
  let idx = prompt;
  for (let step = 0; step < maxNewTokens; step++) {
    let input: Tensor;
    if (cache.length > 0 && cache.length < context) {
      input = idx.narrow(1, idx.shape[1] - 1, 1); // only the newest token
    } else {
      cache.reset();
      input = visibleContext(idx, context);
    }
    const logits = model.forward(input, cache); // (B, T_in, V)
    idx = cat([idx, next(logits.select(1, -1))], 1);
  }
  return idx;
}
