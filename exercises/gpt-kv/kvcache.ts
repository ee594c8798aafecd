/**
 * The key/value cache for autoregressive decoding. Each attention layer owns a LayerCache holding
 * the keys and values of every position decoded so far, so a new token attends to the past without
 * recomputing it: O(T) work per step instead of O(T²).
 */
import type { Tensor } from 'minigpt-kata/tensor';
import type { GPTConfig } from './model';

function notImplemented(what: string): never {
  throw new Error(`${what} is not implemented yet — this is Part 2 (see README.md)`);
}

/** Keys and values of one attention layer, (B, nh, T, hs) each. */
export class LayerCache {
  constructor(
    readonly batchSize: number,
    readonly nHead: number,
    readonly headSize: number,
    readonly capacity: number,
  ) {}

  /** Number of positions stored. */
  get length(): number {
    return notImplemented('LayerCache.length');
  }

  /**
   * Appends the keys and values of T new positions, (B, nh, T, hs) each, after the ones already
   * stored, and returns all of them so far, (B, nh, length, hs) each.
   */
  append(k: Tensor, v: Tensor): [Tensor, Tensor] {
    return notImplemented(`LayerCache.append (keys ${k}, values ${v})`);
  }

  reset(): void {
    notImplemented('LayerCache.reset');
  }
}

/** One LayerCache per transformer block, sized for the model's context (blockSize positions). */
export class KVCache {
  constructor(
    readonly config: GPTConfig,
    readonly batchSize = 1,
  ) {}

  /** Positions stored, the same in every layer once a forward pass has finished. */
  get length(): number {
    return notImplemented('KVCache.length');
  }

  get numLayers(): number {
    return this.config.nLayer;
  }

  layer(i: number): LayerCache {
    return notImplemented(`KVCache.layer(${i})`);
  }

  reset(): void {
    notImplemented('KVCache.reset');
  }
}
