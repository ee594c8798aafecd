/**
 * kvcache-api: the reference cache is preallocated and written in place (appending never
 * reallocates or copies the past), appends in time order, reports its length, keeps layers apart,
 * resets, and refuses overflow and wrong shapes with messages that say what to do.
 */
import { describe, expect, test } from 'vitest';
import { Generator, counters, noGrad, randn, type Tensor } from '../../tensor';
import { KVCache, LayerCache } from '../../solutions/gpt-kv/kvcache';
import { TINY, encode, expectBitwiseEqual, trainedTinyModel } from './helpers';

const B = 2, nh = 2, hs = 4, capacity = 6;
const kv = (T: number, seed: number): Tensor => randn([B, nh, T, hs], { generator: new Generator(seed) });

describe('kvcache-api', () => {
  test('append returns all positions so far, in time order, as (B, nh, length, hs)', () => {
    const cache = new LayerCache(B, nh, hs, capacity);
    const k1 = kv(2, 1), v1 = kv(2, 2), k2 = kv(3, 3), v2 = kv(3, 4);
    expect(cache.length).toBe(0);
    const [ka, va] = cache.append(k1, v1);
    expect(cache.length).toBe(2);
    expect(ka.shape).toEqual([B, nh, 2, hs]);
    const [kb, vb] = cache.append(k2, v2);
    expect(cache.length).toBe(5);
    expect(kb.shape).toEqual([B, nh, 5, hs]);
    expectBitwiseEqual(kb.narrow(2, 0, 2), k1, 'old keys');
    expectBitwiseEqual(kb.narrow(2, 2, 3), k2, 'new keys');
    expectBitwiseEqual(vb.narrow(2, 0, 2), v1, 'old values');
    expectBitwiseEqual(vb.narrow(2, 2, 3), v2, 'new values');
    expectBitwiseEqual(va, v1, 'first values');
  });

  test('preallocated: every append writes into the same storage; the past is neither moved nor copied', () => {
    const cache = new LayerCache(B, nh, hs, capacity);
    const steps = [kv(1, 10), kv(2, 11), kv(1, 12), kv(2, 13)];
    const returned: Tensor[] = [];
    counters.reset();
    for (const k of steps) returned.push(cache.append(k, k)[0]);
    // no op that copies a whole tensor ran: an append writes only the new positions, through a view
    expect(counters.op('cat').calls).toBe(0);
    expect(counters.op('contiguous').calls).toBe(0);
    const storage = returned[0].data;
    expect(storage.length).toBe(B * nh * capacity * hs); // allocated once, for the full capacity
    for (const keys of returned) {
      expect(keys.data).toBe(storage); // the same Float32Array object: never reallocated
      expect(keys.offset).toBe(returned[0].offset); // position 0 never moves
      expect(keys.strides).toEqual(returned[0].strides);
    }
    // views handed out earlier still read the values written then: nothing was shifted or overwritten
    expectBitwiseEqual(returned[0], steps[0], 'view from step 1');
    expectBitwiseEqual(returned[1].narrow(2, 1, 2), steps[1], 'view from step 2');
  });

  test('through the model: each layer hands back views of its own fixed storage at every step', () => {
    const model = trainedTinyModel();
    const cache = new KVCache(model.config, 1);
    const seen: Tensor[][] = Array.from({ length: cache.numLayers }, () => []);
    for (let i = 0; i < cache.numLayers; i++) {
      const layer = cache.layer(i);
      const append = layer.append.bind(layer);
      layer.append = (k: Tensor, v: Tensor) => {
        const out = append(k, v);
        seen[i].push(out[0]);
        return out;
      };
    }
    const tokens = encode('the dog ran home');
    noGrad(() => {
      model.forward(tokens.narrow(1, 0, 4), cache);
      for (let t = 4; t < TINY.blockSize; t++) model.forward(tokens.narrow(1, t, 1), cache);
    });
    expect(cache.length).toBe(TINY.blockSize);
    for (let i = 0; i < cache.numLayers; i++) {
      expect(seen[i]).toHaveLength(TINY.blockSize - 3);
      for (const keys of seen[i]) expect(keys.data).toBe(seen[i][0].data);
      const final = seen[i][seen[i].length - 1];
      // the keys of the prefill are still there, unchanged, at the end
      expectBitwiseEqual(final.narrow(2, 0, 4), seen[i][0], `layer ${i} prefill keys`);
    }
    expect(seen[0][0].data).not.toBe(seen[1][0].data); // layers own separate storage
  });

  test('layers are separate: appending to one leaves the others empty and unchanged', () => {
    const cache = new KVCache({ ...TINY, nHead: nh, nEmbd: nh * hs }, B);
    expect(cache.numLayers).toBe(TINY.nLayer);
    const [k0] = cache.layer(0).append(kv(3, 20), kv(3, 21));
    expect(cache.layer(0).length).toBe(3);
    expect(cache.layer(1).length).toBe(0);
    const [k1] = cache.layer(1).append(kv(1, 22), kv(1, 23));
    expectBitwiseEqual(k1, kv(1, 22), 'layer 1 keys');
    expectBitwiseEqual(cache.layer(0).append(kv(1, 24), kv(1, 25))[0].narrow(2, 0, 3), k0, 'layer 0 keys untouched by layer 1');
  });

  test('reset empties every layer and the next append starts again at position 0', () => {
    const cache = new KVCache({ ...TINY, nHead: nh, nEmbd: nh * hs }, B);
    cache.layer(0).append(kv(4, 30), kv(4, 31));
    cache.layer(1).append(kv(4, 32), kv(4, 33));
    expect(cache.length).toBe(4);
    cache.reset();
    expect(cache.length).toBe(0);
    expect(cache.layer(1).length).toBe(0);
    const [k, v] = cache.layer(0).append(kv(1, 34), kv(1, 35));
    expect(k.shape).toEqual([B, nh, 1, hs]);
    expectBitwiseEqual(k, kv(1, 34), 'keys after reset');
    expectBitwiseEqual(v, kv(1, 35), 'values after reset');
  });

  test('a reset cache decodes exactly like a new one', () => {
    const model = trainedTinyModel();
    const cache = new KVCache(model.config, 1);
    const tokens = encode('she found a cake');
    noGrad(() => {
      model.forward(encode('the fox'), cache);
      cache.reset();
      expectBitwiseEqual(model.forward(tokens, cache), model.forward(tokens, new KVCache(model.config, 1)), 'logits after reset');
    });
  });

  test('overflow is refused with the numbers and a remedy; nothing is written', () => {
    const cache = new LayerCache(B, nh, hs, capacity);
    cache.append(kv(5, 40), kv(5, 41));
    expect(() => cache.append(kv(2, 42), kv(2, 43))).toThrow('5 + 2 positions exceed the capacity of 6; reset() the cache or start a new one');
    expect(cache.length).toBe(5);
    const [k] = cache.append(kv(1, 44), kv(1, 45));
    expectBitwiseEqual(k.narrow(2, 5, 1), kv(1, 44), 'last position after the refused append');
  });

  test('shape mismatches are refused, naming the tensor, its shape and the expected shape', () => {
    const cache = new LayerCache(B, nh, hs, capacity);
    const wrongHead = randn([B, nh, 1, hs + 1], { generator: new Generator(1) });
    expect(() => cache.append(wrongHead, wrongHead)).toThrow(`keys have shape [2, 2, 1, 5], expected (2, 2, T, 4)`);
    expect(() => cache.append(kv(1, 1), randn([1, nh, 1, hs]))).toThrow('values have shape [1, 2, 1, 4]');
    expect(() => cache.append(kv(2, 1), kv(1, 2))).toThrow('with the same T for keys and values');
    expect(() => cache.append(randn([B, nh, hs]), randn([B, nh, hs]))).toThrow('keys have shape [2, 2, 4]');
    expect(cache.length).toBe(0);
  });

  test('an out-of-range layer index is refused', () => {
    const cache = new KVCache(TINY, 1);
    expect(() => cache.layer(TINY.nLayer)).toThrow(`no layer ${TINY.nLayer}; this cache has ${TINY.nLayer} layers`);
  });
});
