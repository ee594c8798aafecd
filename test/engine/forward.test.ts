/**
 * Forward values against small hand-computed results, one describe block per op family, plus the
 * named edge cases (−∞ masks, NaN in, overflow, empty dims) that the gradient table cannot express.
 */
import { describe, expect, test } from 'vitest';
import {
  Generator, arange, cat, crossEntropy, dropout, embedding, full, layerNorm, logSoftmax, multinomial, ones, rand, randint,
  softmax, stack, tensor, tril, triu, where, zeros, zerosLike,
} from '../../tensor';
import { expectClose } from './helpers';

const NaN32 = Number.NaN;

describe('creation', () => {
  test('tensor infers the shape of nested arrays (doc example of tensor())', () => {
    const t = tensor([[1, 2], [3, 4]]);
    expect(t.shape).toEqual([2, 2]);
    expect(t.tolist()).toEqual([[1, 2], [3, 4]]);
    expect(t.isContiguous()).toBe(true);
  });

  test('tensor from a Float32Array with a shape shares it', () => {
    const data = Float32Array.of(1, 2, 3, 4, 5, 6);
    const t = tensor(data, [2, 3]);
    expect(t.data).toBe(data);
    expect(t.get(1, 0)).toBe(4);
    expect(t.get(-1, -1)).toBe(6);
  });

  test('zeros, ones, full, zerosLike, arange', () => {
    expect(zeros(2, 3).toArray()).toEqual([0, 0, 0, 0, 0, 0]);
    expect(zeros([2, 3]).shape).toEqual([2, 3]);
    expect(ones(3).toArray()).toEqual([1, 1, 1]);
    expect(full([2], -Infinity).toArray()).toEqual([-Infinity, -Infinity]);
    expect(zerosLike(ones(4, 1)).shape).toEqual([4, 1]);
    expect(arange(4).toArray()).toEqual([0, 1, 2, 3]);
    expect(arange(2, 8, 2).toArray()).toEqual([2, 4, 6]);
    expect(arange(3, 0, -1).toArray()).toEqual([3, 2, 1]);
    expect(arange(0).shape).toEqual([0]);
  });

  test('scalars: item, 0-d tensors', () => {
    const s = tensor(5);
    expect(s.shape).toEqual([]);
    expect(s.item()).toBe(5);
    expect(tensor([[1, 2], [3, 4]]).sum().item()).toBe(10);
  });

  test('rand and randint stay in range; multinomial follows one-hot probabilities', () => {
    const g = new Generator(3);
    const u = rand([1000], { generator: g }).toArray();
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
    const r = randint(2, 5, [1000], { generator: g }).toArray();
    expect(new Set(r)).toEqual(new Set([2, 3, 4]));
    const picks = multinomial(tensor([[0, 0, 1], [1, 0, 0], [0, 2, 0]]), { generator: g });
    expect(picks.shape).toEqual([3, 1]);
    expect(picks.toArray()).toEqual([2, 0, 1]);
  });

  test('multinomial draws in proportion to unnormalised weights', () => {
    const g = new Generator(11);
    const counts = [0, 0];
    for (let i = 0; i < 4000; i++) counts[multinomial(tensor([1, 3]), { generator: g }).item()]++;
    expect(counts[1] / 4000).toBeGreaterThan(0.72);
    expect(counts[1] / 4000).toBeLessThan(0.78);
  });

  test('normal_ fills in place with the requested mean and std', () => {
    const t = zeros(20000);
    const same = t.normal_(3, 0.5, new Generator(1));
    expect(same).toBe(t);
    const v = t.toArray();
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    const std = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
    expect(mean).toBeCloseTo(3, 1);
    expect(std).toBeCloseTo(0.5, 1);
  });
});

describe('elementwise', () => {
  const a = tensor([[1, 2, 3], [4, 5, 6]]);

  test('add/sub/mul/div broadcast a row, a column and a number', () => {
    expect(a.add(tensor([10, 20, 30])).tolist()).toEqual([[11, 22, 33], [14, 25, 36]]);
    expect(a.sub(tensor([[1], [2]])).tolist()).toEqual([[0, 1, 2], [2, 3, 4]]);
    expect(a.mul(2).tolist()).toEqual([[2, 4, 6], [8, 10, 12]]);
    expect(a.div(tensor([1, 2, 4])).tolist()).toEqual([[1, 1, 0.75], [4, 2.5, 1.5]]);
    expect(tensor([[1], [2]]).add(tensor([10, 20, 30])).tolist()).toEqual([[11, 21, 31], [12, 22, 32]]);
  });

  test('[2,1,3] * [4,1] gives [2,4,3]', () => {
    const out = tensor([[[1, 2, 3]], [[4, 5, 6]]]).mul(tensor([[1], [0], [-1], [2]]));
    expect(out.shape).toEqual([2, 4, 3]);
    expect(out.tolist()).toEqual([
      [[1, 2, 3], [0, 0, 0], [-1, -2, -3], [2, 4, 6]],
      [[4, 5, 6], [0, 0, 0], [-4, -5, -6], [8, 10, 12]],
    ]);
  });

  test('ops read through views: a transpose plus its source', () => {
    const m = tensor([[1, 2], [3, 4]]);
    expect(m.t().add(m).tolist()).toEqual([[2, 5], [5, 8]]);
    expect(m.narrow(1, 1, 1).mul(10).tolist()).toEqual([[20], [40]]);
  });

  test('unary functions', () => {
    expectClose(tensor([-1, 0, 2]).neg(), [1, -0, -2]);
    expectClose(tensor([0, 1, -1]).exp(), [1, Math.E, 1 / Math.E]);
    expectClose(tensor([1, Math.E, 0.5]).log(), [0, 1, Math.log(0.5)]);
    expectClose(tensor([4, 2.25, 0]).sqrt(), [2, 1.5, 0]);
    expectClose(tensor([2, -3, 0.5]).pow(3), [8, -27, 0.125]);
    expectClose(tensor([4, 9]).pow(-0.5), [0.5, 1 / 3]);
    expectClose(tensor([0, 0.5, -2]).tanh(), [0, Math.tanh(0.5), Math.tanh(-2)]);
    expect(tensor([-1, 0, 2]).relu().toArray()).toEqual([0, 0, 2]);
  });

  test('gelu is the tanh approximation of GPT-2', () => {
    // 0.5 x (1 + tanh(√(2/π) (x + 0.044715 x³)))
    expectClose(tensor([0, 1, -1, 3]).gelu(), [0, 0.8411920, -0.1588080, 2.9963627], 1e-6, 1e-6);
  });

  test('eq, lt, gt give 0/1', () => {
    expect(tensor([1, 2, 3]).eq(2).toArray()).toEqual([0, 1, 0]);
    expect(tensor([1, 2, 3]).lt(tensor([2, 2, 2])).toArray()).toEqual([1, 0, 0]);
    expect(tensor([1, 2, 3]).gt(2).toArray()).toEqual([0, 0, 1]);
  });

  test('maskedFill writes the value where the broadcast mask is non-zero', () => {
    expect(a.maskedFill(tensor([0, 1, 0]), -1).tolist()).toEqual([[1, -1, 3], [4, -1, 6]]);
    expect(a.maskedFill(tensor([[1], [0]]), 0).tolist()).toEqual([[0, 0, 0], [4, 5, 6]]);
  });

  test('tril and triu, with a diagonal offset and a batch', () => {
    const m = tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9]]);
    expect(m.tril().tolist()).toEqual([[1, 0, 0], [4, 5, 0], [7, 8, 9]]);
    expect(tril(m, -1).tolist()).toEqual([[0, 0, 0], [4, 0, 0], [7, 8, 0]]);
    expect(m.triu().tolist()).toEqual([[1, 2, 3], [0, 5, 6], [0, 0, 9]]);
    expect(triu(m, 1).tolist()).toEqual([[0, 2, 3], [0, 0, 6], [0, 0, 0]]);
    expect(ones(2, 2, 3).tril().tolist()).toEqual([[[1, 0, 0], [1, 1, 0]], [[1, 0, 0], [1, 1, 0]]]);
  });

  test('where picks a or b and broadcasts all three', () => {
    expect(where(tensor([1, 0, 1]), tensor([1, 2, 3]), -1).toArray()).toEqual([1, -1, 3]);
    expect(where(tensor([[1], [0]]), tensor([1, 2]), tensor([7, 8])).tolist()).toEqual([[1, 2], [7, 8]]);
  });
});

describe('reductions', () => {
  const x = tensor([[[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]], [[13, 14, 15, 16], [17, 18, 19, 20], [21, 22, 23, 24]]]);

  test('sum over everything, one dim, several dims, keepdim', () => {
    expect(x.sum().item()).toBe(300);
    expect(x.sum().shape).toEqual([]);
    expect(x.sum(1).tolist()).toEqual([[15, 18, 21, 24], [51, 54, 57, 60]]);
    expect(x.sum(-1, true).shape).toEqual([2, 3, 1]);
    expect(x.sum(-1, true).toArray()).toEqual([10, 26, 42, 58, 74, 90]);
    expect(x.sum([0, 2]).toArray()).toEqual([68, 100, 132]);
    expect(x.sum([0, 2], true).shape).toEqual([1, 3, 1]);
  });

  test('sum of a transposed view', () => {
    expect(tensor([[1, 2], [3, 4], [5, 6]]).t().sum(1).toArray()).toEqual([9, 12]);
  });

  test('mean', () => {
    expect(x.mean().item()).toBe(12.5);
    expect(x.mean(0).get(0, 0)).toBe(7);
    expect(x.mean([1, 2], true).toArray()).toEqual([6.5, 18.5]);
  });

  test('max and argmax along a dim, first index on ties', () => {
    const m = tensor([[3, 7, 7], [9, -1, 2]]);
    expect(m.max().item()).toBe(9);
    expect(m.max(1).toArray()).toEqual([7, 9]);
    expect(m.max(0, true).tolist()).toEqual([[9, 7, 7]]);
    expect(m.argmax(1).toArray()).toEqual([1, 0]);
    expect(m.argmax().item()).toBe(3);
    expect(m.argmax(0, true).shape).toEqual([1, 3]);
  });

  test('sums accumulate in float64: 1 + 2^-24 added 2^12 times', () => {
    // In float32 each tiny addend would be lost; in a float64 accumulator they add up to 2^-12.
    const t = full([4097], 2 ** -24);
    t.data[0] = 1;
    expect(t.sum().item()).toBe(Math.fround(1 + 4096 * 2 ** -24));
  });
});

describe('movement', () => {
  const x = tensor([[1, 2, 3], [4, 5, 6]]);

  test('view and reshape', () => {
    expect(x.view(3, 2).tolist()).toEqual([[1, 2], [3, 4], [5, 6]]);
    expect(x.view(-1).shape).toEqual([6]);
    expect(x.view([1, 6]).shape).toEqual([1, 6]);
    expect(x.t().reshape(6).toArray()).toEqual([1, 4, 2, 5, 3, 6]);
    expect(x.flatten().toArray()).toEqual([1, 2, 3, 4, 5, 6]);
  });

  test('transpose, t, permute', () => {
    expect(x.t().tolist()).toEqual([[1, 4], [2, 5], [3, 6]]);
    const y = arange(24).view(2, 3, 4);
    expect(y.transpose(0, 2).shape).toEqual([4, 3, 2]);
    expect(y.transpose(0, 2).get(3, 1, 0)).toBe(y.get(0, 1, 3));
    const p = y.permute(2, 0, 1);
    expect(p.shape).toEqual([4, 2, 3]);
    expect(p.get(3, 1, 2)).toBe(y.get(1, 2, 3));
  });

  test('narrow, slice, select', () => {
    expect(x.narrow(1, 1, 2).tolist()).toEqual([[2, 3], [5, 6]]);
    expect(x.narrow(1, -1, 1).tolist()).toEqual([[3], [6]]);
    expect(x.slice(1, -2).tolist()).toEqual([[2, 3], [5, 6]]);
    expect(x.slice(1, 0, -1).tolist()).toEqual([[1, 2], [4, 5]]);
    expect(x.slice(1, 1, 100).tolist()).toEqual([[2, 3], [5, 6]]);
    expect(x.select(0, -1).toArray()).toEqual([4, 5, 6]);
    expect(x.select(1, 0).toArray()).toEqual([1, 4]);
  });

  test('split into equal chunks and given sizes', () => {
    const parts = arange(5).split(2);
    expect(parts.map((p) => p.toArray())).toEqual([[0, 1], [2, 3], [4]]);
    const cols = x.split([1, 2], 1);
    expect(cols.map((p) => p.tolist())).toEqual([[[1], [4]], [[2, 3], [5, 6]]]);
  });

  test('unsqueeze, squeeze, expand', () => {
    expect(x.unsqueeze(0).shape).toEqual([1, 2, 3]);
    expect(x.unsqueeze(-1).shape).toEqual([2, 3, 1]);
    expect(x.unsqueeze(1).shape).toEqual([2, 1, 3]);
    expect(zeros(1, 2, 1, 3).squeeze().shape).toEqual([2, 3]);
    expect(zeros(1, 2, 1, 3).squeeze(2).shape).toEqual([1, 2, 3]);
    expect(zeros(1, 2).squeeze(1).shape).toEqual([1, 2]);
    expect(tensor([[1], [2]]).expand(2, 2, 3).tolist()).toEqual([[[1, 1, 1], [2, 2, 2]], [[1, 1, 1], [2, 2, 2]]]);
    expect(tensor([[1, 2]]).expand(3, -1).tolist()).toEqual([[1, 2], [1, 2], [1, 2]]);
  });

  test('cat and stack', () => {
    expect(cat([x, tensor([[7, 8, 9]])], 0).tolist()).toEqual([[1, 2, 3], [4, 5, 6], [7, 8, 9]]);
    expect(cat([x, x.narrow(1, 0, 1)], 1).tolist()).toEqual([[1, 2, 3, 1], [4, 5, 6, 4]]);
    expect(cat([x.t(), x.t()], -1).tolist()).toEqual([[1, 4, 1, 4], [2, 5, 2, 5], [3, 6, 3, 6]]);
    expect(stack([tensor([1, 2]), tensor([3, 4])]).tolist()).toEqual([[1, 2], [3, 4]]);
    expect(stack([tensor([1, 2]), tensor([3, 4])], -1).tolist()).toEqual([[1, 3], [2, 4]]);
  });

  test('contiguous copies a strided view into row-major order; clone always copies', () => {
    const c = x.t().contiguous();
    expect(c.isContiguous()).toBe(true);
    expect(c.strides).toEqual([2, 1]);
    expect(c.toArray()).toEqual([1, 4, 2, 5, 3, 6]);
    expect(x.contiguous()).toBe(x);
    expect(x.clone().data).not.toBe(x.data);
    expect(x.clone().toArray()).toEqual(x.toArray());
  });
});

describe('matmul', () => {
  test('2-D', () => {
    expect(tensor([[1, 2], [3, 4]]).matmul(tensor([[5, 6], [7, 8]])).tolist()).toEqual([[19, 22], [43, 50]]);
    expect(tensor([[1, 2, 3]]).matmul(tensor([[1], [1], [1]])).tolist()).toEqual([[6]]);
  });

  test('batched and broadcast batch', () => {
    const a = tensor([[[1, 0], [0, 1]], [[2, 0], [0, 2]]]); // (2, 2, 2)
    const b = tensor([[1, 2], [3, 4]]); // (2, 2)
    expect(a.matmul(b).tolist()).toEqual([[[1, 2], [3, 4]], [[2, 4], [6, 8]]]);
    const c = tensor([[[1, 2]], [[3, 4]], [[5, 6]]]); // (3, 1, 2)
    expect(tensor([[[1], [1]]]).matmul(c.narrow(0, 0, 1)).tolist()).toEqual([[[1, 2], [1, 2]]]);
    expect(zeros(2, 1, 3, 4).matmul(zeros(5, 4, 2)).shape).toEqual([2, 5, 3, 2]);
  });

  test('transposed operands give the same numbers as contiguous copies', () => {
    const w = tensor([[1, 2], [3, 4], [5, 6]]); // (3, 2)
    const x = tensor([[1, -1], [2, 0]]); // (2, 2)
    expect(x.matmul(w.t()).tolist()).toEqual([[-1, -1, -1], [2, 6, 10]]);
    expect(w.t().matmul(w).tolist()).toEqual([[35, 44], [44, 56]]);
  });
});

describe('nn ops', () => {
  test('softmax and logSoftmax of [1,2,3]', () => {
    expectClose(softmax(tensor([1, 2, 3])), [0.09003057, 0.24472847, 0.66524096], 1e-7);
    expectClose(logSoftmax(tensor([1, 2, 3])), [-2.40760596, -1.40760596, -0.40760596], 1e-6);
  });

  test('softmax over a non-last dim normalises that dim', () => {
    const s = tensor([[1, 1], [1, 3]]).softmax(0);
    expectClose(s, [0.5, 0.11920292, 0.5, 0.88079708], 1e-7);
  });

  test('layerNorm with biased variance, eps, weight and bias', () => {
    // mean 2.5, var 1.25: (x - 2.5) / sqrt(1.25 + 1e-5)
    const n = [-1.3416355, -0.4472118, 0.4472118, 1.3416355];
    expectClose(layerNorm(tensor([[1, 2, 3, 4]]), ones(4), zeros(4)), n, 1e-6);
    expectClose(layerNorm(tensor([[1, 2, 3, 4]]), full([4], 2), tensor([0, 1, 0, 1])), [2 * n[0], 2 * n[1] + 1, 2 * n[2], 2 * n[3] + 1], 1e-6);
    expectClose(layerNorm(tensor([[5, 5]]), ones(2), zeros(2)), [0, 0]);
  });

  test('embedding picks rows for indices of any shape', () => {
    const w = tensor([[0, 0.5], [1, 1.5], [2, 2.5]]);
    const out = embedding(w, tensor([[2, 0], [1, 2]]));
    expect(out.shape).toEqual([2, 2, 2]);
    expect(out.tolist()).toEqual([[[2, 2.5], [0, 0.5]], [[1, 1.5], [2, 2.5]]]);
  });

  test('crossEntropy is the mean negative log-likelihood, skipping ignored targets', () => {
    const logits = tensor([[1, 2, 3], [1, 1, 1]]);
    // -log softmax: 0.40760596 for class 2 of row 0, ln 3 for row 1.
    expectClose([crossEntropy(logits, tensor([2, 0])).item()], [(0.40760596 + Math.log(3)) / 2], 1e-6);
    expectClose([crossEntropy(logits, tensor([2, -100])).item()], [0.40760596], 1e-6);
    expectClose([crossEntropy(logits, tensor([1, 0]), { ignoreIndex: 1 }).item()], [Math.log(3)], 1e-6);
    expectClose([crossEntropy(tensor([[0, 0]]), tensor([1])).item()], [Math.LN2], 1e-7);
  });

  test('dropout: identity in eval and for p = 0; keeps scale 1/(1-p) in training', () => {
    const x = ones(1000);
    expect(dropout(x, 0.5, false)).toBe(x);
    expect(dropout(x, 0, true)).toBe(x);
    const y = dropout(x, 0.2, true, new Generator(1)).toArray();
    expect(new Set(y)).toEqual(new Set([0, Math.fround(1 / 0.8)]));
  });
});

describe('edge cases', () => {
  test('-Infinity mask: softmax gives exact zeros where masked and the row still sums to 1', () => {
    const s = tensor([[0.3, -2, 5], [1, 1, 1]]).maskedFill(triu(ones(2, 3), 1), -Infinity).softmax(-1);
    expect(s.toArray().slice(0, 3)).toEqual([1, 0, 0]);
    expectClose(s.select(0, 1), [0.5, 0.5, 0]);
    expect(s.toArray().every(Number.isFinite)).toBe(true);
  });

  test('-Infinity: triu(full(-inf), 1) is an additive causal mask without NaN', () => {
    const m = triu(full([3, 3], -Infinity), 1);
    expect(m.tolist()).toEqual([[0, -Infinity, -Infinity], [0, 0, -Infinity], [0, 0, 0]]);
    expect(tril(full([2, 2], Infinity)).tolist()).toEqual([[Infinity, 0], [Infinity, Infinity]]);
    const s = tensor([[1, 2, 3], [1, 2, 3], [1, 2, 3]]).add(m).softmax(-1);
    expect(s.get(0, 0)).toBe(1);
    expect(s.get(0, 1)).toBe(0);
  });

  test('-Infinity: a fully masked row gives NaN, as in PyTorch', () => {
    const s = full([1, 3], -Infinity).softmax(-1);
    expect(s.toArray().every(Number.isNaN)).toBe(true);
  });

  test('overflow: softmax and logSoftmax of logits near 1000 stay finite and exact', () => {
    expectClose(tensor([1000, 1001]).softmax(), [0.26894142, 0.73105858], 1e-7);
    expectClose(tensor([1000, 0]).logSoftmax(), [0, -1000]);
    expectClose([crossEntropy(tensor([[1000, 0]]), tensor([1])).item()], [1000]);
    expectClose(tensor([-1000, -1001]).softmax(), [0.73105858, 0.26894142], 1e-7);
  });

  test('NaN in: it propagates through its own row and no further', () => {
    const x = tensor([[1, NaN32, 3], [1, 2, 3]]);
    const s = x.softmax(-1).toArray();
    expect(s.slice(0, 3).every(Number.isNaN)).toBe(true);
    expectClose(s.slice(3), [0.09003057, 0.24472847, 0.66524096], 1e-7);
    const ln = layerNorm(x, ones(3), zeros(3)).toArray();
    expect(ln.slice(0, 3).every(Number.isNaN)).toBe(true);
    expect(ln.slice(3).every(Number.isFinite)).toBe(true);
    const mm = x.matmul(ones(3, 2)).toArray();
    expect(mm.slice(0, 2).every(Number.isNaN)).toBe(true);
    expect(mm.slice(2)).toEqual([6, 6]);
    expect(x.add(1).toArray().filter(Number.isNaN)).toHaveLength(1);
  });

  test('NaN in: max and argmax report a NaN instead of hiding it', () => {
    expect(tensor([1, NaN32, 3]).max().item()).toBeNaN();
    expect(tensor([1, NaN32, 3]).argmax().item()).toBe(1);
    expect(tensor([[NaN32, 0], [1, 2]]).max(1).toArray()[1]).toBe(2);
  });

  test('NaN in: where never leaks the branch not taken, and keeps a NaN that is taken', () => {
    expect(where(tensor([0, 1]), tensor([NaN32, 2]), tensor([5, 6])).toArray()).toEqual([5, 2]);
    expect(where(tensor([1, 0]), tensor([1, 2]), tensor([NaN32, Infinity])).toArray()).toEqual([1, Infinity]);
    expect(where(tensor([1, 0]), tensor([NaN32, 2]), tensor([5, 6])).get(0)).toBeNaN();
  });

  test('empty dims: sums of nothing are 0, a K = 0 matmul is zeros, row ops keep the empty shape', () => {
    const e = zeros(0, 3);
    expect(e.sum(0).toArray()).toEqual([0, 0, 0]);
    expect(e.sum().item()).toBe(0);
    expect(e.mean(0).toArray().every(Number.isNaN)).toBe(true);
    expect(zeros(2, 0).matmul(zeros(0, 3)).tolist()).toEqual([[0, 0, 0], [0, 0, 0]]);
    expect(zeros(0, 4).matmul(ones(4, 2)).shape).toEqual([0, 2]);
    expect(e.softmax(-1).shape).toEqual([0, 3]);
    expect(layerNorm(e, ones(3), zeros(3)).shape).toEqual([0, 3]);
    expect(e.add(ones(3)).shape).toEqual([0, 3]);
    expect(cat([tensor([[1, 2, 3]]), e], 0).tolist()).toEqual([[1, 2, 3]]);
    expect(tensor([1, 2, 3]).narrow(0, 3, 0).shape).toEqual([0]);
    expect(tensor([1, 2]).slice(0, 5, 9).shape).toEqual([0]);
    expect(e.view(3, 0).shape).toEqual([3, 0]);
  });

  test('-0 and subnormal values survive copies bit for bit', () => {
    const t = tensor([-0, 1e-45, -3.4e38]);
    expect(Object.is(t.clone().get(0), -0)).toBe(true);
    expect(t.clone().get(1)).toBe(Math.fround(1e-45));
    expect(t.view(3, 1).t().contiguous().get(0, 2)).toBe(Math.fround(-3.4e38));
  });
});
