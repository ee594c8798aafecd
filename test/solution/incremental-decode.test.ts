/**
 * incremental-decode: the cache really saves work, proved with the engine's counters (rows through
 * each Linear, FLOPs), never with wall-clock time. A prompt of P tokens and N new tokens cost each
 * projection P + N - 1 rows with the cache (prefill P, then one row per later step; the last token
 * is never fed back) and Σ_{i=0}^{N-1} (P + i) rows without it.
 */
import { describe, expect, test } from 'vitest';
import { counters, noGrad } from '../../tensor';
import { KVCache } from '../../solutions/gpt-kv/kvcache';
import { generate } from '../../solutions/gpt-kv/generate';
import type { GPT } from '../../solutions/gpt-kv/model';
import { TINY, encode, trainedTinyModel } from './helpers';

/** Every Linear of the model with its name: per block qkv, attn.proj, mlp.fc, mlp.proj; then lmHead. */
function projections(model: GPT): [string, object][] {
  const out: [string, object][] = [];
  for (let i = 0; i < model.blocks.length; i++) {
    const b = model.blocks.get(i);
    out.push([`blocks.${i}.attn.qkv`, b.attn.qkv], [`blocks.${i}.attn.proj`, b.attn.proj], [`blocks.${i}.mlp.fc`, b.mlp.fc], [`blocks.${i}.mlp.proj`, b.mlp.proj]);
  }
  out.push(['lmHead', model.lmHead]);
  return out;
}

function rowsOf(model: GPT): Record<string, number> {
  return Object.fromEntries(projections(model).map(([name, m]) => [name, counters.module(m).rows]));
}

function each(model: GPT, rows: number): Record<string, number> {
  return Object.fromEntries(projections(model).map(([name]) => [name, rows]));
}

describe('incremental-decode', () => {
  test('prefill runs P rows, then every cached step runs exactly one row through each qkv projection', () => {
    const model = trainedTinyModel();
    const tokens = encode('the cat sat on a hill'.slice(0, TINY.blockSize)); // (1, 16)
    const P = 5;
    const cache = new KVCache(model.config, 1);
    noGrad(() => {
      counters.reset();
      model.forward(tokens.narrow(1, 0, P), cache);
      expect(rowsOf(model)).toEqual(each(model, P));
      for (let t = P; t < TINY.blockSize; t++) {
        counters.reset();
        model.forward(tokens.narrow(1, t, 1), cache);
        for (let i = 0; i < model.blocks.length; i++) {
          expect(counters.module(model.blocks.get(i).attn.qkv), `step at position ${t}, block ${i}`).toEqual({ calls: 1, rows: 1 });
        }
        expect(rowsOf(model)).toEqual(each(model, 1));
      }
    });
  });

  test.each([
    [1, 15],
    [5, 10],
    [12, 4],
  ])('P = %i, N = %i: cached generation costs P + N - 1 rows per projection, uncached Σ (P + i)', (P, N) => {
    const model = trainedTinyModel();
    const prompt = encode('once upon a time, there'.slice(0, P));
    counters.reset();
    const cached = generate(model, prompt, { maxNewTokens: N, useCache: true });
    expect(rowsOf(model)).toEqual(each(model, P + N - 1));
    const cachedFlops = counters.totalFlops();

    counters.reset();
    const uncached = generate(model, prompt, { maxNewTokens: N, useCache: false });
    const expected = Array.from({ length: N }, (_, i) => P + i).reduce((a, b) => a + b, 0);
    expect(rowsOf(model)).toEqual(each(model, expected));
    expect(uncached.toArray()).toEqual(cached.toArray());
    // fewer rows means fewer FLOPs overall, attention included
    if (N > 1) expect(counters.totalFlops()).toBeGreaterThan(cachedFlops);
  });

  test('each generated token costs one forward call: N calls per projection with or without the cache', () => {
    const model = trainedTinyModel();
    for (const useCache of [true, false]) {
      counters.reset();
      generate(model, encode('a dog'), { maxNewTokens: 7, useCache });
      expect(counters.module(model.blocks.get(0).attn.qkv).calls).toBe(7);
    }
  });
});
