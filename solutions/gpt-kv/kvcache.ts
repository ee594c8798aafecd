/**
 * The key/value cache for autoregressive decoding. Each attention layer owns a LayerCache holding
 * the keys and values of every position decoded so far, so a new token attends to the past without
 * recomputing it: O(T) work per step instead of O(T²).
 */
import { zeros, type Tensor } from 'minigpt-kata/tensor';
import type { GPTConfig } from './model';

/**
 * Keys and values of one attention layer, (B, nh, T, hs) each. Storage is allocated once for
 * `capacity` positions and written in place, so appending never reallocates or copies the past.
 */
export class LayerCache {
  private readonly keys: Tensor; // (B, nh, capacity, hs)
  private readonly values: Tensor; // (B, nh, capacity, hs)
  private filled = 0;

  constructor(
    readonly batchSize: number,
    readonly nHead: number,
    readonly headSize: number,
    readonly capacity: number,
  ) {
    this.keys = zeros(batchSize, nHead, capacity, headSize);
    this.values = zeros(batchSize, nHead, capacity, headSize);
  }

  /** Number of positions stored. */
  get length(): number {
    return this.filled;
  }

  /**
   * Appends the keys and values of T new positions, (B, nh, T, hs) each, after the ones already
   * stored, and returns all of them so far, (B, nh, length, hs) each, as views of the cache.
   */
  append(k: Tensor, v: Tensor): [Tensor, Tensor] {
    this.checkShape('keys', k, k.shape[2]);
    this.checkShape('values', v, k.shape[2]);
    const T = k.shape[2];
    if (this.filled + T > this.capacity) {
      throw new Error(`LayerCache.append: ${this.filled} + ${T} positions exceed the capacity of ${this.capacity}; reset() the cache or start a new one`);
    }
    this.keys.narrow(2, this.filled, T).copy_(k);
    this.values.narrow(2, this.filled, T).copy_(v);
    this.filled += T;
    return [this.keys.narrow(2, 0, this.filled), this.values.narrow(2, 0, this.filled)];
  }

  reset(): void {
    this.filled = 0;
  }

  /** Throws unless t is (B, nh, T, hs) for this cache; the message is built only then (append is on the decode path). */
  private checkShape(name: string, t: Tensor, T: number): void {
    const [B, nh, tT, hs] = t.shape;
    if (t.ndim === 4 && B === this.batchSize && nh === this.nHead && tT === T && hs === this.headSize) return;
    const expected = `(${this.batchSize}, ${this.nHead}, T, ${this.headSize})`;
    throw new Error(`LayerCache.append: ${name} have shape [${t.shape.join(', ')}], expected ${expected} with the same T for keys and values`);
  }
}

/** One LayerCache per transformer block, sized for the model's context (blockSize positions). */
export class KVCache {
  private readonly layers: LayerCache[];

  constructor(config: GPTConfig, batchSize = 1) {
    const headSize = config.nEmbd / config.nHead;
    this.layers = Array.from({ length: config.nLayer }, () => new LayerCache(batchSize, config.nHead, headSize, config.blockSize));
  }

  /** Positions stored, the same in every layer once a forward pass has finished. */
  get length(): number {
    return this.layers[0]?.length ?? 0;
  }

  get numLayers(): number {
    return this.layers.length;
  }

  layer(i: number): LayerCache {
    const cache = this.layers[i];
    if (cache === undefined) throw new Error(`KVCache.layer: no layer ${i}; this cache has ${this.layers.length} layers`);
    return cache;
  }

  reset(): void {
    for (const cache of this.layers) cache.reset();
  }
}
