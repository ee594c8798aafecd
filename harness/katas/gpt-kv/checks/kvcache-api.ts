/** kvcache-api: the cache's contract, exercised directly with known keys and values. */
import { Generator, randn, sameShape, type Tensor } from '../../../../tensor';
import type { CheckFn } from '../../../check';
import { candidate, difference, fail, fmtShape, notImplemented, pass, PROBE_CONFIG } from './common';

/** Reads a length through a call, so TypeScript does not narrow a getter between reads. */
const lengthOf = (x: { readonly length: number }): number => x.length;

function equal(a: Tensor, b: Tensor): boolean {
  return sameShape(a.shape, b.shape) && difference(a, b).maxAbs === 0;
}

export const kvcacheApi: CheckFn = (ctx) => {
  const { KVCache } = candidate(ctx, 'kvcache');
  const config = PROBE_CONFIG;
  const B = 2, nh = config.nHead, hs = config.nEmbd / config.nHead;
  const g = new Generator(41);
  const kv = (T: number): [Tensor, Tensor] => [randn([B, nh, T, hs], { generator: g }), randn([B, nh, T, hs], { generator: g })];
  try {
    const cache = new KVCache(config, B);
    if (lengthOf(cache) !== 0) return fail(`a new cache reports length ${lengthOf(cache)}; expected 0`);
    const [l0, l1] = [cache.layer(0), cache.layer(1)];
    const [k1, v1] = kv(3);
    const [K1, V1] = l0.append(k1, v1);
    const shape = [B, nh, 3, hs];
    if (!sameShape(K1.shape, shape) || !sameShape(V1.shape, shape)) {
      return fail(`after appending 3 positions, append returned keys ${fmtShape(K1.shape)} and values ${fmtShape(V1.shape)}; expected ${fmtShape(shape)} each`);
    }
    if (equal(K1, v1) && equal(V1, k1)) return fail('append returns the values as keys and the keys as values');
    if (!equal(K1, k1) || !equal(V1, v1)) return fail('after the first append, the returned keys and values are not the ones appended');
    if (lengthOf(l0) !== 3) return fail(`layer 0 reports length ${lengthOf(l0)} after appending 3 positions`);
    if (lengthOf(l1) !== 0) return fail(`appending to layer 0 changed layer 1 (its length is ${lengthOf(l1)}): layers must not share storage`);

    const [k2, v2] = kv(1);
    const [K2, V2] = l0.append(k2, v2);
    const all = [B, nh, 4, hs];
    if (!sameShape(K2.shape, all) || !sameShape(V2.shape, all)) {
      return fail(`after 3 + 1 positions, append returned keys ${fmtShape(K2.shape)}; expected every position so far, ${fmtShape(all)}`);
    }
    if (!equal(K2.narrow(2, 0, 3), k1) || !equal(K2.narrow(2, 3, 1), k2) || !equal(V2.narrow(2, 0, 3), v1) || !equal(V2.narrow(2, 3, 1), v2)) {
      return fail('after a second append, the keys and values are not the old ones followed by the new ones, in time order');
    }
    const [k3, v3] = kv(2);
    const [K3] = l1.append(k3, v3);
    if (!equal(K3, k3)) return fail("layer 1 returned keys that are not its own: it sees layer 0's entries");

    cache.reset();
    if (lengthOf(cache) !== 0 || lengthOf(cache.layer(0)) !== 0 || lengthOf(cache.layer(1)) !== 0) return fail('after reset() the cache still reports stored positions');
    const [k4, v4] = kv(2);
    for (let i = 0; i < config.nLayer; i++) cache.layer(i).append(k4, v4);
    if (lengthOf(cache) !== 2) return fail(`cache.length is ${lengthOf(cache)} after every layer stored 2 positions`);
    const [K4] = cache.layer(0).append(...kv(1));
    if (!equal(K4.narrow(2, 0, 2), k4)) return fail('after reset(), old entries reappear before the new ones');
    if (lengthOf(cache.layer(1)) !== 2) return fail(`cache.layer(1).length is ${lengthOf(cache.layer(1))} after appending 2 positions to it`);
    return pass('append keeps time order and returns all positions; layers are separate; length and reset behave');
  } catch (error) {
    const outcome = notImplemented(error);
    if (outcome !== null) return outcome;
    throw error;
  }
};
