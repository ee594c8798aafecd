/**
 * One table-driven finite-difference check of every differentiable op (STYLE 4). A row names the op,
 * builds its leaf inputs and applies the op, often through a view of a leaf (transpose, narrow,
 * split) so the strided paths are covered too. For each row:
 *
 *   loss = Σ out · W, W fixed random weights, so every output element matters;
 *   autograd: out.backward(W);
 *   numeric:  (loss(x + ε) - loss(x - ε)) / (x⁺ - x⁻), perturbing the leaf's float32 storage in place
 *             and dividing by the step actually stored, with the loss summed in float64.
 *
 * Adding an op adds one row; the coverage test at the end fails when an op record has no row.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  Generator, Tensor, cat, crossEntropy, dropout, embedding, layerNorm, logSoftmax, nn, noGrad, ones, softmax, stack, tensor,
  tril, triu, where,
} from '../../tensor';
import { rnd, storageOffsets, uniform } from './helpers';

interface Row {
  /** The op (or public composite) under test: the describe block, so `-t 'gradcheck matmul'` runs its rows. */
  op: string;
  name: string;
  /** Fresh leaf inputs; every one is checked. */
  inputs: () => Tensor[];
  fn: (...xs: Tensor[]) => Tensor | Tensor[];
  eps?: number;
  atol?: number;
  rtol?: number;
}

/** Distinct values (gaps of 0.25 ≫ 2ε) in a shuffled order, so max has no ties and no kink is crossed. */
function distinct(shape: number[], seed: number): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const g = new Generator(seed);
  const v = Array.from({ length: n }, (_, i) => (i - n / 2) * 0.25);
  for (let i = n - 1; i > 0; i--) {
    const j = g.randint(0, i + 1);
    [v[i], v[j]] = [v[j], v[i]];
  }
  return tensor(Float32Array.from(v), shape);
}

/** Normal samples pushed away from 0 (|x| ≥ 0.1), so relu's kink is never crossed by ±ε. */
function awayFromZero(shape: number[], seed: number): Tensor {
  const t = rnd(shape, seed);
  for (let i = 0; i < t.data.length; i++) t.data[i] += t.data[i] >= 0 ? 0.1 : -0.1;
  return t;
}

/** 0/1 mask with a fixed pattern. */
function mask01(shape: number[], seed: number): Tensor {
  const t = uniform(shape, seed, 0, 1);
  for (let i = 0; i < t.data.length; i++) t.data[i] = t.data[i] < 0.4 ? 1 : 0;
  return t;
}

/** 1 above the diagonal: the positions a causal mask hides. */
const future = (T: number) => ones(T, T).triu(1);

/** A module whose parameters are the row's leaves, so the row checks the module's own forward. */
function moduleRow<M extends nn.Module>(op: string, name: string, make: () => M, x: () => Tensor, forward: (m: M, x: Tensor) => Tensor): Row {
  const m = make();
  return { op, name, inputs: () => [x(), ...m.parameters()], fn: (xi) => forward(m, xi) };
}

const ROWS: Row[] = [
  // --- elementwise ---------------------------------------------------------------------------
  { op: 'add', name: '[2,3] + [2,3]', inputs: () => [rnd([2, 3], 1), rnd([2, 3], 2)], fn: (a, b) => a.add(b) },
  { op: 'add', name: '[2,3] + [3] broadcasts the row', inputs: () => [rnd([2, 3], 3), rnd([3], 4)], fn: (a, b) => a.add(b) },
  { op: 'add', name: '[2,1,3] + [4,1] broadcasts both ways', inputs: () => [rnd([2, 1, 3], 5), rnd([4, 1], 6)], fn: (a, b) => a.add(b) },
  { op: 'add', name: 'tensor + number', inputs: () => [rnd([2, 3], 7)], fn: (a) => a.add(2.5) },
  { op: 'add', name: 'transposed view + contiguous', inputs: () => [rnd([3, 2], 8), rnd([2, 3], 9)], fn: (a, b) => a.t().add(b) },
  { op: 'sub', name: '[2,3] - [3]', inputs: () => [rnd([2, 3], 10), rnd([3], 11)], fn: (a, b) => a.sub(b) },
  { op: 'sub', name: '[3,1] - [1,4]', inputs: () => [rnd([3, 1], 12), rnd([1, 4], 13)], fn: (a, b) => a.sub(b) },
  { op: 'sub', name: 'tensor - number', inputs: () => [rnd([4], 14)], fn: (a) => a.sub(-1) },
  { op: 'mul', name: '[2,3] * [2,3]', inputs: () => [rnd([2, 3], 15), rnd([2, 3], 16)], fn: (a, b) => a.mul(b) },
  { op: 'mul', name: '[2,1,3] * [4,1] broadcasts both ways', inputs: () => [rnd([2, 1, 3], 17), rnd([4, 1], 18)], fn: (a, b) => a.mul(b) },
  { op: 'mul', name: 'x * x (one input used twice)', inputs: () => [rnd([2, 3], 19)], fn: (a) => a.mul(a) },
  { op: 'mul', name: 'narrow view * number', inputs: () => [rnd([3, 5], 20)], fn: (a) => a.narrow(1, 1, 3).mul(-1.5) },
  { op: 'div', name: '[2,3] / [3]', inputs: () => [rnd([2, 3], 21), uniform([3], 22, 0.5, 2)], fn: (a, b) => a.div(b) },
  { op: 'div', name: '[2,1,3] / [4,1] broadcasts both ways', inputs: () => [rnd([2, 1, 3], 23), uniform([4, 1], 24, 0.5, 2)], fn: (a, b) => a.div(b) },
  { op: 'div', name: 'number-divided tensor and x / x', inputs: () => [uniform([5], 25, 0.5, 2)], fn: (a) => a.div(3).add(a.div(a.add(1))) },
  { op: 'neg', name: '[2,3]', inputs: () => [rnd([2, 3], 26)], fn: (a) => a.neg() },
  { op: 'exp', name: '[2,3]', inputs: () => [rnd([2, 3], 27)], fn: (a) => a.exp() },
  { op: 'exp', name: 'transposed view', inputs: () => [rnd([3, 2], 28)], fn: (a) => a.t().exp() },
  { op: 'log', name: 'positive [2,3]', inputs: () => [uniform([2, 3], 29, 0.5, 3)], fn: (a) => a.log() },
  { op: 'sqrt', name: 'positive [2,3]', inputs: () => [uniform([2, 3], 30, 0.5, 3)], fn: (a) => a.sqrt() },
  { op: 'pow', name: 'x^3', inputs: () => [rnd([2, 3], 31)], fn: (a) => a.pow(3) },
  { op: 'pow', name: 'x^2 of a narrow view', inputs: () => [rnd([4, 3], 32)], fn: (a) => a.narrow(0, 1, 2).pow(2) },
  { op: 'pow', name: 'x^0.5 and x^-1 of positives', inputs: () => [uniform([5], 33, 0.5, 3)], fn: (a) => [a.pow(0.5), a.pow(-1)] },
  { op: 'tanh', name: '[2,3]', inputs: () => [rnd([2, 3], 34)], fn: (a) => a.tanh() },
  { op: 'relu', name: 'values away from 0', inputs: () => [awayFromZero([3, 4], 35)], fn: (a) => a.relu() },
  { op: 'gelu', name: '[3,4] (tanh approximation)', inputs: () => [rnd([3, 4], 36, 2)], fn: (a) => a.gelu() },
  moduleRow('gelu', 'nn.GELU module', () => new nn.GELU(), () => rnd([2, 5], 37), (m, x) => m.forward(x)),
  { op: 'maskedFill', name: 'fill 0 where a broadcast [3] mask is set', inputs: () => [rnd([2, 3], 38)], fn: (a) => a.maskedFill(tensor([1, 0, 1]), 0) },
  { op: 'maskedFill', name: 'fill a constant into a transposed view', inputs: () => [rnd([4, 3], 39)], fn: (a) => a.t().maskedFill(mask01([3, 4], 40), 7) },
  {
    op: 'maskedFill', name: '-Infinity causal mask then softmax (masked logits get zero gradient)',
    inputs: () => [rnd([2, 4, 4], 41)], fn: (a) => a.maskedFill(future(4), -Infinity).softmax(-1),
  },
  { op: 'tril', name: 'tril of [3,4]', inputs: () => [rnd([3, 4], 42)], fn: (a) => a.tril() },
  { op: 'tril', name: 'tril(-1) of batched [2,3,3]', inputs: () => [rnd([2, 3, 3], 43)], fn: (a) => tril(a, -1) },
  { op: 'triu', name: 'triu(1) of [4,3]', inputs: () => [rnd([4, 3], 44)], fn: (a) => triu(a, 1) },
  { op: 'where', name: 'cond [2,3], a [2,3], b [3]', inputs: () => [rnd([2, 3], 45), rnd([3], 46)], fn: (a, b) => where(mask01([2, 3], 47), a, b) },
  { op: 'where', name: 'with a number branch', inputs: () => [rnd([4], 48)], fn: (a) => where(tensor([1, 0, 0, 1]), a, -2) },

  // --- reductions ----------------------------------------------------------------------------
  { op: 'sum', name: 'all elements', inputs: () => [rnd([2, 3], 50)], fn: (a) => a.sum() },
  { op: 'sum', name: 'dim 1', inputs: () => [rnd([2, 3, 4], 51)], fn: (a) => a.sum(1) },
  { op: 'sum', name: 'dim -1 keepdim', inputs: () => [rnd([2, 3, 4], 52)], fn: (a) => a.sum(-1, true) },
  { op: 'sum', name: 'dims [0,2]', inputs: () => [rnd([2, 3, 4], 53)], fn: (a) => a.sum([0, 2]) },
  { op: 'sum', name: 'dim 0 of a transposed view', inputs: () => [rnd([3, 4], 54)], fn: (a) => a.t().sum(0) },
  { op: 'mean', name: 'all elements', inputs: () => [rnd([2, 3], 55)], fn: (a) => a.mean() },
  { op: 'mean', name: 'dim 0', inputs: () => [rnd([3, 4], 56)], fn: (a) => a.mean(0) },
  { op: 'mean', name: 'dim 1 keepdim', inputs: () => [rnd([2, 3, 4], 57)], fn: (a) => a.mean(1, true) },
  { op: 'mean', name: 'dims [0,1]', inputs: () => [rnd([2, 3, 4], 58)], fn: (a) => a.mean([0, 1]) },
  { op: 'max', name: 'all elements', inputs: () => [distinct([3, 4], 59)], fn: (a) => a.max() },
  { op: 'max', name: 'dim 1', inputs: () => [distinct([3, 4], 60)], fn: (a) => a.max(1) },
  { op: 'max', name: 'dim 0 keepdim', inputs: () => [distinct([3, 4], 61)], fn: (a) => a.max(0, true) },
  { op: 'max', name: 'dim -1 of a transposed view', inputs: () => [distinct([4, 3], 62)], fn: (a) => a.t().max(-1) },

  // --- matmul --------------------------------------------------------------------------------
  { op: 'matmul', name: '2-D [3,4] @ [4,5]', inputs: () => [rnd([3, 4], 70), rnd([4, 5], 71)], fn: (a, b) => a.matmul(b) },
  { op: 'matmul', name: '2-D [6,5] @ [5,9] (4x4 blocks and leftovers)', inputs: () => [rnd([6, 5], 72), rnd([5, 9], 73)], fn: (a, b) => a.matmul(b) },
  { op: 'matmul', name: 'batched [2,3,4] @ [2,4,5]', inputs: () => [rnd([2, 3, 4], 74), rnd([2, 4, 5], 75)], fn: (a, b) => a.matmul(b) },
  { op: 'matmul', name: 'broadcast batch [2,3,4] @ [4,5]', inputs: () => [rnd([2, 3, 4], 76), rnd([4, 5], 77)], fn: (a, b) => a.matmul(b) },
  { op: 'matmul', name: 'broadcast batch [2,1,3,4] @ [3,4,2]', inputs: () => [rnd([2, 1, 3, 4], 78), rnd([3, 4, 2], 79)], fn: (a, b) => a.matmul(b) },
  { op: 'matmul', name: 'transposed left operand a.t() @ b', inputs: () => [rnd([4, 3], 80), rnd([4, 5], 81)], fn: (a, b) => a.t().matmul(b) },
  { op: 'matmul', name: 'transposed right operand x @ w.t() (NT kernel)', inputs: () => [rnd([5, 4], 82), rnd([6, 4], 83)], fn: (x, w) => x.matmul(w.t()) },
  { op: 'matmul', name: 'narrow views of both operands', inputs: () => [rnd([3, 6], 84), rnd([5, 7], 85)], fn: (a, b) => a.narrow(1, 1, 4).matmul(b.narrow(0, 1, 4).narrow(1, 2, 3)) },
  { op: 'matmul', name: 'expanded right operand (stride 0)', inputs: () => [rnd([3, 4], 86), rnd([4, 1], 87)], fn: (a, b) => a.matmul(b.expand(4, 5)) },
  { op: 'matmul', name: 'non-contiguous leaves (stored transposed)', inputs: () => [rnd([4, 3], 88).t(), rnd([5, 4], 89).t()], fn: (a, b) => a.matmul(b) },
  {
    op: 'matmul', name: 'attention scores q @ k^T from a split qkv viewed as heads',
    inputs: () => [rnd([2, 5, 12], 90)],
    fn: (qkv) => {
      const [q, k] = qkv.split(4, 2); // (2, 5, 4) each
      const qh = q.view(2, 5, 2, 2).transpose(1, 2); // (2, 2, 5, 2)
      const kh = k.view(2, 5, 2, 2).transpose(1, 2); // (2, 2, 5, 2)
      return qh.matmul(kh.transpose(-2, -1)); // (2, 2, 5, 5)
    },
  },

  // --- movement ------------------------------------------------------------------------------
  { op: 'view', name: '[2,6] as [3,4]', inputs: () => [rnd([2, 6], 100)], fn: (a) => a.view(3, 4) },
  { op: 'view', name: 'with -1', inputs: () => [rnd([2, 3, 4], 101)], fn: (a) => a.view(-1, 4) },
  { op: 'view', name: 'a split along the last dim viewed as heads (no copy)', inputs: () => [rnd([2, 3, 8], 102)], fn: (a) => a.split(4, 2)[1].view(2, 3, 2, 2) },
  { op: 'reshape', name: 'of a transposed view (copies)', inputs: () => [rnd([3, 4], 103)], fn: (a) => a.t().reshape(2, 6) },
  { op: 'reshape', name: 'flatten', inputs: () => [rnd([2, 3], 104)], fn: (a) => a.flatten() },
  { op: 'transpose', name: 'dims 0 and 2 of [2,3,4]', inputs: () => [rnd([2, 3, 4], 105)], fn: (a) => a.transpose(0, 2) },
  { op: 'transpose', name: 'negative dims and t()', inputs: () => [rnd([2, 3, 4], 106), rnd([3, 2], 107)], fn: (a, b) => [a.transpose(-1, -2), b.t()] },
  { op: 'permute', name: '(2,0,1) of [2,3,4]', inputs: () => [rnd([2, 3, 4], 108)], fn: (a) => a.permute(2, 0, 1) },
  { op: 'narrow', name: 'dim 1', inputs: () => [rnd([3, 5], 109)], fn: (a) => a.narrow(1, 1, 3) },
  { op: 'narrow', name: 'negative start on a transposed view', inputs: () => [rnd([5, 3], 110)], fn: (a) => a.t().narrow(1, -2, 2) },
  { op: 'slice', name: 'negative bounds [-3, -1)', inputs: () => [rnd([2, 5], 111)], fn: (a) => a.slice(1, -3, -1) },
  { op: 'select', name: 'last index of dim 0 and index 1 of dim 1', inputs: () => [rnd([3, 4], 112)], fn: (a) => [a.select(0, -1), a.select(1, 1)] },
  { op: 'split', name: 'equal chunks (last smaller)', inputs: () => [rnd([5, 3], 113)], fn: (a) => a.split(2, 0) },
  { op: 'split', name: 'given sizes along dim 1', inputs: () => [rnd([2, 6], 114)], fn: (a) => a.split([1, 3, 2], 1) },
  { op: 'unsqueeze', name: 'dims 0 and -1', inputs: () => [rnd([2, 3], 115)], fn: (a) => [a.unsqueeze(0), a.unsqueeze(-1)] },
  { op: 'squeeze', name: 'all size-1 dims and one dim', inputs: () => [rnd([2, 1, 3, 1], 116)], fn: (a) => [a.squeeze(), a.squeeze(1)] },
  { op: 'expand', name: '[3,1] to [2,3,4]', inputs: () => [rnd([3, 1], 117)], fn: (a) => a.expand(2, 3, 4) },
  { op: 'expand', name: 'with -1 kept dims', inputs: () => [rnd([1, 3], 118)], fn: (a) => a.expand(4, -1) },
  { op: 'contiguous', name: 'of a permuted view', inputs: () => [rnd([2, 3, 4], 119)], fn: (a) => a.permute(1, 2, 0).contiguous() },
  { op: 'contiguous', name: 'clone', inputs: () => [rnd([2, 3], 120)], fn: (a) => a.clone() },
  { op: 'cat', name: 'dim 0', inputs: () => [rnd([2, 3], 121), rnd([1, 3], 122)], fn: (a, b) => cat([a, b], 0) },
  { op: 'cat', name: 'dim 1 of three, one a transposed view', inputs: () => [rnd([2, 2], 123), rnd([3, 2], 124), rnd([2, 1], 125)], fn: (a, b, c) => cat([a, b.t(), c], 1) },
  { op: 'cat', name: 'with an empty part (dim of size 0)', inputs: () => [rnd([2, 3], 126), rnd([1, 3], 127)], fn: (a, b) => cat([a, a.narrow(0, 0, 0), b], 0) },
  { op: 'stack', name: 'dim 0', inputs: () => [rnd([2, 3], 128), rnd([2, 3], 129)], fn: (a, b) => stack([a, b], 0) },
  { op: 'stack', name: 'dim -1', inputs: () => [rnd([2, 3], 130), rnd([2, 3], 131)], fn: (a, b) => stack([a, b], -1) },

  // --- nn ------------------------------------------------------------------------------------
  { op: 'softmax', name: 'last dim of [3,5]', inputs: () => [rnd([3, 5], 140)], fn: (a) => a.softmax(-1) },
  { op: 'softmax', name: 'non-last dim 1 of [2,3,4]', inputs: () => [rnd([2, 3, 4], 141)], fn: (a) => softmax(a, 1) },
  { op: 'softmax', name: 'overflow-safe: logits near 1000', inputs: () => [rnd([3, 4], 142).add(1000).detach()], fn: (a) => a.softmax(-1) },
  { op: 'softmax', name: 'of a transposed view', inputs: () => [rnd([4, 3], 143)], fn: (a) => a.t().softmax(-1) },
  { op: 'logSoftmax', name: 'last dim of [3,5]', inputs: () => [rnd([3, 5], 144)], fn: (a) => a.logSoftmax() },
  { op: 'logSoftmax', name: 'non-last dim 0 of [3,4]', inputs: () => [rnd([3, 4], 145)], fn: (a) => logSoftmax(a, 0) },
  { op: 'logSoftmax', name: 'overflow-safe: logits near 1000', inputs: () => [rnd([2, 5], 146).add(1000).detach()], fn: (a) => a.logSoftmax(-1) },
  {
    op: 'layerNorm', name: 'x, weight and bias of [3,8]',
    inputs: () => [rnd([3, 8], 150), rnd([8], 151, 0.3).add(1).detach(), rnd([8], 152, 0.3)],
    fn: (x, w, b) => layerNorm(x, w, b),
  },
  {
    op: 'layerNorm', name: '3-D input given as a transposed view',
    inputs: () => [rnd([2, 6, 3], 153), rnd([6], 154, 0.3).add(1).detach(), rnd([6], 155, 0.3)],
    fn: (x, w, b) => layerNorm(x.transpose(1, 2), w, b),
  },
  moduleRow('layerNorm', 'nn.LayerNorm module', () => new nn.LayerNorm(5), () => rnd([2, 3, 5], 156), (m, x) => m.forward(x)),
  { op: 'embedding', name: 'weight grad with repeated indices', inputs: () => [rnd([7, 4], 160)], fn: (w) => embedding(w, tensor([[0, 3, 3], [6, 0, 2]])) },
  moduleRow('embedding', 'nn.Embedding module', () => new nn.Embedding(5, 3), () => rnd([1], 161), (m, x) => m.forward(tensor([4, 1, 4])).mul(x)),
  { op: 'crossEntropy', name: 'logits [5,4]', inputs: () => [rnd([5, 4], 170)], fn: (z) => crossEntropy(z, tensor([0, 3, 1, 1, 2])) },
  { op: 'crossEntropy', name: 'default ignoreIndex -100 skips rows', inputs: () => [rnd([5, 4], 171)], fn: (z) => crossEntropy(z, tensor([0, -100, 1, -100, 2])) },
  { op: 'crossEntropy', name: 'custom ignoreIndex', inputs: () => [rnd([4, 3], 172)], fn: (z) => crossEntropy(z, tensor([2, 0, 2, 1]), { ignoreIndex: 2 }) },
  { op: 'crossEntropy', name: 'logits from a flattened [B,T,C] view', inputs: () => [rnd([2, 3, 4], 173)], fn: (z) => crossEntropy(z.view(-1, 4), tensor([0, 1, 2, 3, 3, 0])) },
  { op: 'dropout', name: 'eval mode is the identity', inputs: () => [rnd([3, 4], 180)], fn: (x) => dropout(x, 0.5, false) },
  { op: 'dropout', name: 'train mode with a fixed generator', inputs: () => [rnd([3, 4], 181)], fn: (x) => dropout(x, 0.25, true, new Generator(5)) },
  moduleRow('Linear', 'nn.Linear weight, bias and input', () => new nn.Linear(4, 3), () => rnd([2, 5, 4], 190), (m, x) => m.forward(x)),
  moduleRow('Linear', 'nn.Linear without bias on a transposed input', () => new nn.Linear(3, 5, { bias: false }), () => rnd([3, 4], 191), (m, x) => m.forward(x.t())),
  {
    op: 'attention', name: 'causal self-attention composite',
    inputs: () => [rnd([1, 2, 5, 4], 192), rnd([1, 2, 5, 4], 193), rnd([1, 2, 5, 4], 194)],
    fn: (q, k, v) => q.matmul(k.transpose(-2, -1)).mul(0.5).maskedFill(future(5), -Infinity).softmax(-1).matmul(v),
  },
];

// Float32 outputs summed in float64: the largest measured error over all rows is 0.35 of this budget
// (matmul [6,5] @ [5,9]: 2.6e-4 at a gradient of 0.047), so it has ~3× margin, and still catches a
// gradient that is 1% off wherever its magnitude exceeds 0.1 (about 80% of the checked elements).
const DEFAULTS = { eps: 1e-3, atol: 5e-4, rtol: 5e-3 };

/** Loss weights of magnitude 0.5..1.5 with random signs: none so small that an output stops mattering. */
function lossWeights(shape: readonly number[], seed: number): Tensor {
  const w = uniform(shape, seed, 0.5, 1.5);
  const sign = uniform(shape, seed + 1, 0, 1);
  for (let i = 0; i < w.data.length; i++) if (sign.data[i] < 0.5) w.data[i] = -w.data[i];
  return w;
}

function outputsOf(row: Row, xs: Tensor[]): Tensor[] {
  const out = row.fn(...xs);
  return Array.isArray(out) ? out : [out];
}

/** Σ out · W in float64 over every output, without recording a graph. */
function weightedLoss(row: Row, xs: Tensor[], weights: Float32Array[]): number {
  return noGrad(() => {
    let s = 0;
    outputsOf(row, xs).forEach((o, k) => {
      const v = o.toFloat32Array();
      for (let i = 0; i < v.length; i++) s += v[i] * weights[k][i];
    });
    return s;
  });
}

function gradcheck(row: Row): void {
  const { eps, atol, rtol } = { ...DEFAULTS, ...row };
  const leaves = row.inputs().map((t) => t.requiresGrad_());
  const outs = outputsOf(row, leaves);
  for (const o of outs) expect(o.toArray().every(Number.isFinite), `${row.name}: forward output is finite`).toBe(true);
  const weights = outs.map((o, k) => lossWeights(o.shape, 9000 + k));
  if (outs.length === 1) outs[0].backward(weights[0]);
  else outs.map((o, k) => o.mul(weights[k]).sum()).reduce((a, b) => a.add(b)).backward();

  const w = weights.map((t) => t.toFloat32Array());
  let largest = 0;
  leaves.forEach((leaf, li) => {
    expect(leaf.grad, `input ${li} received a gradient`).not.toBeNull();
    const analytic = leaf.grad!.toArray();
    expect(leaf.grad!.shape).toEqual(leaf.shape);
    storageOffsets(leaf).forEach((p, j) => {
      const orig = leaf.data[p];
      leaf.data[p] = orig + eps;
      const hi = leaf.data[p];
      const fPlus = weightedLoss(row, leaves, w);
      leaf.data[p] = orig - eps;
      const lo = leaf.data[p];
      const fMinus = weightedLoss(row, leaves, w);
      leaf.data[p] = orig;
      const numeric = (fPlus - fMinus) / (hi - lo);
      largest = Math.max(largest, Math.abs(numeric));
      if (!(Math.abs(analytic[j] - numeric) <= atol + rtol * Math.abs(numeric))) {
        expect.fail(`input ${li} ${JSON.stringify(leaf.shape)} element ${j}: autograd ${analytic[j]}, finite difference ${numeric}`);
      }
    });
  });
  // A row whose loss ignores its inputs would pass vacuously.
  expect(largest, 'some gradient is non-zero').toBeGreaterThan(1e-3);
}

describe('gradcheck', () => {
  const byOp = new Map<string, Row[]>();
  for (const row of ROWS) byOp.set(row.op, [...(byOp.get(row.op) ?? []), row]);
  for (const [op, rows] of byOp) {
    describe(op, () => {
      for (const row of rows) test(row.name, () => gradcheck(row));
    });
  }

  describe('coverage', () => {
    // Each op record's source, from its `defineOp('name'` to the next record or the end of the file.
    const dir = join(__dirname, '../../tensor/ops');
    const records = new Map<string, string>();
    for (const file of readdirSync(dir)) {
      const parts = readFileSync(join(dir, file), 'utf8').split('defineOp(').slice(1);
      for (const part of parts) records.set(/^'(\w+)'/.exec(part)![1], part);
    }
    const rowOps = new Set(ROWS.map((r) => r.op));

    // Matched against the rows' own op names, not against the ops a row happens to run: select runs
    // squeeze and stack runs unsqueeze, which must still be checked through rows of their own.
    test('every differentiable op record in tensor/ops has a row', () => {
      const differentiable = [...records].filter(([, src]) => /\bbackward:/.test(src)).map(([name]) => name);
      // Guards the text match: a record whose backward it missed would otherwise silently need no row.
      expect([...records.keys()].filter((n) => !differentiable.includes(n)).sort(), 'records without a backward').toEqual(['argmax', 'eq', 'gt', 'lt']);
      expect(differentiable.filter((n) => !rowOps.has(n)), 'ops with a backward but no gradcheck row').toEqual([]);
    });

    test('every public composite named in the acceptance list has a row', () => {
      const composites = ['mean', 'reshape', 'slice', 'select', 'split', 'stack', 'tril', 'triu', 'where', 'dropout', 'Linear'];
      expect(composites.filter((op) => records.has(op)), 'op records belong to the test above').toEqual([]);
      expect(composites.filter((op) => !rowOps.has(op))).toEqual([]);
    });
  });
});
