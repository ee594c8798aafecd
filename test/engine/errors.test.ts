/**
 * Shape and index errors (STYLE 10): a TensorError with a stable code whose message names the op, the
 * argument and the values involved, so the message alone points at the line to fix.
 */
import { describe, expect, test } from 'vitest';
import { TensorError, cat, crossEntropy, embedding, layerNorm, nn, ones, tensor, zeros, type TensorErrorCode } from '../../tensor';
import { expectError } from './helpers';

/** A TensorError with `code` whose message contains every fragment. */
const expectTensorError = (fn: () => unknown, code: TensorErrorCode, ...fragments: string[]) => expectError(fn, TensorError, code, ...fragments);

describe('errors', () => {
  describe('matmul', () => {
    test('inner dimensions: names the op, both shapes and both sizes', () => {
      const err = expectTensorError(() => zeros(2, 3).matmul(zeros(4, 5)), 'SHAPE_MISMATCH', 'matmul', '[2,3]', '[4,5]', 'inner dimensions 3 and 4 differ');
      expect(err.op).toBe('matmul');
      expect(err.message).toBe('matmul: [2,3] @ [4,5]: inner dimensions 3 and 4 differ');
    });

    test('batch dims that cannot broadcast', () => {
      expectTensorError(() => zeros(2, 3, 4).matmul(zeros(3, 4, 5)), 'SHAPE_MISMATCH', 'matmul', '[2]', '[3]', 'cannot be broadcast');
    });

    test('a vector operand asks for unsqueeze', () => {
      expectTensorError(() => zeros(3).matmul(zeros(3, 2)), 'SHAPE_MISMATCH', 'matmul', '[3]', 'unsqueeze');
    });
  });

  describe('broadcasting', () => {
    test('add of incompatible shapes names both shapes', () => {
      expectTensorError(() => zeros(2, 3).add(zeros(4)), 'SHAPE_MISMATCH', 'add', '[2,3]', '[4]', 'cannot be broadcast');
      expectTensorError(() => zeros(2, 3).mul(zeros(3, 3)), 'SHAPE_MISMATCH', 'mul', '[2,3]', '[3,3]');
    });

    test('maskedFill refuses a mask that would grow the input', () => {
      expectTensorError(() => zeros(3).maskedFill(ones(2, 3), 0), 'SHAPE_MISMATCH', 'maskedFill', '[2,3]', '[3]');
    });

    test('copy_ names source and destination shapes', () => {
      expectTensorError(() => zeros(2, 3).copy_(zeros(3, 2)), 'SHAPE_MISMATCH', 'copy_', '[3,2]', '[2,3]');
    });
  });

  describe('index out of range', () => {
    test('embedding index 70 for 65 rows names the index and the bound', () => {
      expectTensorError(() => embedding(zeros(65, 4), tensor([[1, 70]])), 'INDEX_OUT_OF_RANGE', 'embedding', 'index 70', '65 rows', '0..64');
      expectTensorError(() => new nn.Embedding(65, 4).forward(tensor([-1])), 'INDEX_OUT_OF_RANGE', 'index -1');
      expectTensorError(() => embedding(zeros(65, 4), tensor([1.5])), 'INDEX_OUT_OF_RANGE', 'index 1.5');
    });

    test('crossEntropy target out of range names the target and the class count', () => {
      expectTensorError(() => crossEntropy(zeros(2, 5), tensor([1, 5])), 'INDEX_OUT_OF_RANGE', 'crossEntropy', 'index 5', '5 classes');
    });

    test('narrow names start, length and the dimension size', () => {
      expectTensorError(() => zeros(4, 5).narrow(0, 3, 2), 'INDEX_OUT_OF_RANGE', 'narrow', 'start 3', 'length 2', 'size 4');
    });

    test('select names the index and the dimension size', () => {
      expectTensorError(() => zeros(4, 3).select(1, 3), 'INDEX_OUT_OF_RANGE', 'select', 'index 3', 'dimension 1', 'size 3');
      expectTensorError(() => zeros(4, 3).select(0, -5), 'INDEX_OUT_OF_RANGE', 'index -5', 'size 4');
    });

    test('get names the index and the dimension size, and the count of indices', () => {
      expectTensorError(() => zeros(2, 3).get(1, 3), 'INDEX_OUT_OF_RANGE', 'get', 'index 3', 'dimension 1', 'size 3');
      expectTensorError(() => zeros(2, 3).get(1), 'INVALID_ARGUMENT', 'get', 'expected 2 indices', 'got 1');
    });

    test('a dim out of range lists the valid dims', () => {
      expectTensorError(() => zeros(2, 3).sum(2), 'INDEX_OUT_OF_RANGE', 'sum', 'dim 2', '-2..1');
      expectTensorError(() => zeros(2, 3).transpose(0, -3), 'INDEX_OUT_OF_RANGE', 'transpose', 'dim -3');
    });

    test('ModuleList index', () => {
      expectTensorError(() => new nn.ModuleList([new nn.GELU()]).get(1), 'INDEX_OUT_OF_RANGE', 'ModuleList', 'index 1', 'list of 1');
    });
  });

  describe('view and reshape', () => {
    test('view of a transposed tensor suggests reshape', () => {
      expectTensorError(() => zeros(2, 3).t().view(6), 'INVALID_ARGUMENT', 'view', 'non-contiguous', '[3,2]', 'reshape()');
      expect(zeros(2, 3).t().reshape(6).shape).toEqual([6]);
    });

    test('a wrong element count names the shape and the count', () => {
      expectTensorError(() => zeros(2, 3).view(4, 2), 'SHAPE_MISMATCH', 'view', '[4,2]', '6 elements');
      expectTensorError(() => zeros(2, 3).view(-1, -1), 'INVALID_ARGUMENT', 'only one dimension can be -1');
      expectTensorError(() => zeros(2, 3).reshape(4, -1), 'SHAPE_MISMATCH', '[4,-1]', '6 elements');
    });
  });

  describe('other ops', () => {
    test('cat names every shape', () => {
      expectTensorError(() => cat([zeros(2, 3), zeros(2, 4)], 0), 'SHAPE_MISMATCH', 'cat', '[2,3], [2,4]', 'dimension 0');
    });

    test('split sizes that do not add up', () => {
      expectTensorError(() => zeros(5).split([2, 2]), 'SHAPE_MISMATCH', 'split', '[2,2]', 'size 5');
    });

    test('expand to an incompatible shape', () => {
      expectTensorError(() => zeros(2, 3).expand(4, 3), 'SHAPE_MISMATCH', 'expand');
    });

    test('layerNorm weight of the wrong size', () => {
      expectTensorError(() => layerNorm(zeros(2, 4), ones(3), zeros(3)), 'SHAPE_MISMATCH', 'layerNorm', '[2,4]', 'weight is [3]');
    });

    test('crossEntropy on unflattened logits says how to flatten', () => {
      expectTensorError(() => crossEntropy(zeros(2, 3, 5), zeros(2, 3)), 'SHAPE_MISMATCH', 'crossEntropy', '[2,3,5]', 'view(-1, C)');
    });

    test('Linear with the wrong input width', () => {
      expectTensorError(() => new nn.Linear(4, 2).forward(zeros(3, 5)), 'SHAPE_MISMATCH', 'Linear', '[..., 4]', '[3,5]');
    });

    test('item of a tensor with several elements; t() of a 3-D tensor', () => {
      expectTensorError(() => zeros(2).item(), 'INVALID_ARGUMENT', 'item', '[2]');
      expectTensorError(() => zeros(2, 2, 2).t(), 'INVALID_ARGUMENT', 't', 'transpose(dim0, dim1)');
    });

    test('ragged nested arrays', () => {
      expectTensorError(() => tensor([[1, 2], [3]]), 'SHAPE_MISMATCH', 'tensor', 'ragged');
    });
  });

  describe('loadStateDict', () => {
    class Net extends nn.Module {
      fc = new nn.Linear(3, 2);
      ln = new nn.LayerNorm(2);
    }

    function snapshot(m: nn.Module): number[][] {
      return m.parameters().map((p) => p.toArray());
    }

    test('a missing name throws STATE_DICT naming it, and writes nothing', () => {
      const net = new Net(), before = snapshot(net);
      const state = Object.fromEntries(Object.entries(new Net().stateDict()).filter(([k]) => k !== 'ln.bias'));
      expectTensorError(() => net.loadStateDict(state), 'STATE_DICT', 'loadStateDict', 'missing: ln.bias');
      expect(snapshot(net)).toEqual(before);
    });

    test('an unexpected name throws STATE_DICT naming it, and writes nothing', () => {
      const net = new Net(), before = snapshot(net);
      const state = { ...new Net().stateDict(), 'fc.extra': zeros(2) };
      expectTensorError(() => net.loadStateDict(state), 'STATE_DICT', 'unexpected: fc.extra');
      expect(snapshot(net)).toEqual(before);
    });

    test('a wrong shape throws STATE_DICT naming the parameter and both shapes, and writes nothing', () => {
      const net = new Net(), before = snapshot(net);
      const state = { ...new Net().stateDict(), 'fc.weight': zeros(3, 2) };
      expectTensorError(() => net.loadStateDict(state), 'STATE_DICT', 'fc.weight', 'expected shape [2,3]', 'got [3,2]');
      expect(snapshot(net)).toEqual(before);
      // Non-strict loading still checks shapes.
      expectTensorError(() => net.loadStateDict({ 'ln.weight': zeros(5) }, { strict: false }), 'STATE_DICT', 'ln.weight');
      expect(snapshot(net)).toEqual(before);
    });

    test('non-strict loading skips missing and unexpected names', () => {
      const net = new Net();
      net.loadStateDict({ 'ln.weight': tensor([7, 8]), 'nope': zeros(1) }, { strict: false });
      expect(net.ln.weight.toArray()).toEqual([7, 8]);
    });
  });
});
