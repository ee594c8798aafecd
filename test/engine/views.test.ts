/**
 * Views share storage: a write through one view (copy_, fill_) is seen through every other view of
 * the same storage, and writes land exactly where the view points. This is how a preallocated KV
 * cache appends one step: `buffer.narrow(2, t, 1).copy_(k)`.
 */
import { describe, expect, test } from 'vitest';
import { arange, cat, tensor, zeros, nn, manualSeed, noGrad } from '../../tensor';
import { expectBitwiseEqual, rnd } from './helpers';

describe('views share storage', () => {
  test('transpose: a write through the transpose is seen by the source, and back', () => {
    const x = arange(6).view(2, 3);
    const t = x.t(); // (3, 2)
    expect(t.data).toBe(x.data);
    t.narrow(0, 2, 1).copy_(tensor([[-1, -2]]));
    expect(x.tolist()).toEqual([[0, 1, -1], [3, 4, -2]]);
    x.narrow(0, 0, 1).fill_(9);
    expect(t.tolist()).toEqual([[9, 3], [9, 4], [9, -2]]);
  });

  test('narrow: fill_ writes exactly the narrowed block', () => {
    const x = zeros(3, 4);
    x.narrow(1, 1, 2).narrow(0, 1, 2).fill_(5);
    expect(x.tolist()).toEqual([[0, 0, 0, 0], [0, 5, 5, 0], [0, 5, 5, 0]]);
  });

  test('view: both shapes read the same elements', () => {
    const x = arange(12).view(3, 4);
    const v = x.view(2, 6);
    v.narrow(1, 5, 1).fill_(-1); // elements 5 and 11
    expect(x.get(1, 1)).toBe(-1);
    expect(x.get(2, 3)).toBe(-1);
    expect(x.view(12).toArray().filter((e) => e === -1)).toHaveLength(2);
  });

  test('view of a split along the last dim is a view, not a copy (attention heads)', () => {
    const qkv = arange(2 * 3 * 12).view(2, 3, 12);
    const [, k] = qkv.split(4, 2); // (2, 3, 4), non-contiguous
    const heads = k.view(2, 3, 2, 2); // (2, 3, nh, hs)
    expect(heads.data).toBe(qkv.data);
    expect(heads.get(1, 2, 1, 0)).toBe(qkv.get(1, 2, 4 + 2));
    heads.narrow(2, 1, 1).fill_(-1);
    expect(qkv.get(0, 0, 6)).toBe(-1);
    expect(qkv.get(0, 0, 7)).toBe(-1);
    expect(qkv.get(0, 0, 5)).toBe(5);
    expect(qkv.get(0, 0, 8)).toBe(8);
  });

  test('expand: every broadcast copy reads the one source element', () => {
    const x = tensor([[1], [2]]);
    const e = x.expand(2, 3);
    expect(e.strides).toEqual([1, 0]);
    x.fill_(7);
    expect(e.tolist()).toEqual([[7, 7, 7], [7, 7, 7]]);
  });

  test('split: each part writes into its columns of the source', () => {
    const x = zeros(2, 5);
    const [a, b] = x.split([2, 3], 1);
    a.fill_(1);
    b.copy_(tensor([3, 4, 5]));
    expect(x.tolist()).toEqual([[1, 1, 3, 4, 5], [1, 1, 3, 4, 5]]);
  });

  test('select, unsqueeze, squeeze, permute and detach keep the storage', () => {
    const x = arange(24).view(2, 3, 4);
    for (const v of [x.select(1, 2), x.unsqueeze(0), x.unsqueeze(0).squeeze(0), x.permute(2, 0, 1), x.detach(), x.narrow(2, 1, 2)]) {
      expect(v.data).toBe(x.data);
    }
    x.select(1, 2).select(1, 3).fill_(-5);
    expect(x.permute(2, 0, 1).get(3, 1, 2)).toBe(-5);
  });

  test('contiguous and clone copy: later writes to the source are not seen', () => {
    const x = arange(6).view(2, 3);
    const c = x.t().contiguous();
    const k = x.clone();
    x.fill_(0);
    expect(c.toArray()).toEqual([0, 3, 1, 4, 2, 5]);
    expect(k.toArray()).toEqual([0, 1, 2, 3, 4, 5]);
  });

  test('copy_ broadcasts its source and reads strided sources', () => {
    const x = zeros(2, 3);
    x.copy_(tensor([1, 2, 3]));
    expect(x.tolist()).toEqual([[1, 2, 3], [1, 2, 3]]);
    x.copy_(arange(6).view(3, 2).t());
    expect(x.tolist()).toEqual([[0, 2, 4], [1, 3, 5]]);
    const y = zeros(3, 2);
    y.t().copy_(arange(6).view(2, 3)); // non-contiguous destination
    expect(y.tolist()).toEqual([[0, 3], [1, 4], [2, 5]]);
  });

  test('in-place writes are not recorded by autograd and keep the tensor a leaf', () => {
    const x = zeros(3).requiresGrad_();
    x.copy_(tensor([1, 2, 3]));
    expect(x.node).toBeNull();
    x.mul(2).sum().backward();
    expect(x.grad!.toArray()).toEqual([2, 2, 2]);
  });
});

describe('kv-cache append into a preallocated buffer', () => {
  const B = 2, H = 3, cap = 8, Dh = 4;
  const SENTINEL = -123.5;

  test('copy_ into buffer.narrow(2, t, 1) writes exactly row t of every (batch, head) and nothing else', () => {
    const buffer = zeros(B, H, cap, Dh).fill_(SENTINEL);
    const storage = buffer.data;
    const steps: ReturnType<typeof rnd>[] = [];
    for (let t = 0; t < 5; t++) {
      // A key as attention produces it: a transposed view of (B, 1, H, Dh), non-contiguous.
      const k = rnd([B, 1, H, Dh], 100 + t).transpose(1, 2); // (B, H, 1, Dh)
      steps.push(k);
      buffer.narrow(2, t, 1).copy_(k);
      expect(buffer.data, 'no reallocation').toBe(storage);
      for (let b = 0; b < B; b++) {
        for (let h = 0; h < H; h++) {
          for (let r = 0; r < cap; r++) {
            for (let d = 0; d < Dh; d++) {
              const expected = r <= t ? steps[r].get(b, h, 0, d) : SENTINEL;
              if (!Object.is(buffer.get(b, h, r, d), expected)) expect.fail(`after step ${t}: [${b},${h},${r},${d}] = ${buffer.get(b, h, r, d)}, expected ${expected}`);
            }
          }
        }
      }
    }
    // The filled prefix is bitwise the concatenation of the appended steps.
    expectBitwiseEqual(buffer.narrow(2, 0, 5), cat(steps, 2), 'cached prefix');
  });

  test('a chunk of several rows lands at its offset (chunked prefill)', () => {
    const buffer = zeros(B, H, cap, Dh).fill_(SENTINEL);
    const first = rnd([B, H, 3, Dh], 1), second = rnd([B, H, 2, Dh], 2);
    buffer.narrow(2, 0, 3).copy_(first);
    buffer.narrow(2, 3, 2).copy_(second);
    expectBitwiseEqual(buffer.narrow(2, 0, 5), cat([first, second], 2));
    expect(buffer.narrow(2, 5, cap - 5).toArray().every((v) => v === SENTINEL)).toBe(true);
  });

  test('attention over buffer.narrow(2, 0, T) reads the same numbers as over the concatenation', () => {
    manualSeed(0);
    const lin = new nn.Linear(Dh, Dh);
    noGrad(() => {
      const buffer = zeros(B, H, cap, Dh);
      const q = rnd([B, H, 1, Dh], 9);
      const ks = [0, 1, 2, 3].map((t) => lin.forward(rnd([B, H, 1, Dh], 20 + t)));
      ks.forEach((k, t) => buffer.narrow(2, t, 1).copy_(k));
      const viaBuffer = q.matmul(buffer.narrow(2, 0, 4).transpose(-2, -1)).softmax(-1);
      const viaCat = q.matmul(cat(ks, 2).transpose(-2, -1)).softmax(-1);
      expectBitwiseEqual(viaBuffer, viaCat);
    });
  });
});
