/**
 * Autograd mechanics: accumulation, shared inputs, detach, noGrad, and the errors a person can cause.
 */
import { describe, expect, test } from 'vitest';
import { TensorError, isGradEnabled, noGrad, ones, tensor, zeros } from '../../tensor';

describe('autograd', () => {
  test('two backward calls add into .grad', () => {
    const x = tensor([1, 2, 3]).requiresGrad_();
    x.mul(3).sum().backward();
    expect(x.grad!.toArray()).toEqual([3, 3, 3]);
    x.mul(x).sum().backward();
    expect(x.grad!.toArray()).toEqual([5, 7, 9]);
  });

  test('an input used on several paths gets the sum of their gradients', () => {
    const x = tensor([2, -1]).requiresGrad_();
    // y = x² + x + (x·3)  ⇒  dy/dx = 2x + 4
    x.mul(x).add(x).add(x.mul(3)).sum().backward();
    expect(x.grad!.toArray()).toEqual([8, 2]);
  });

  test('only leaves keep .grad; tensors without requiresGrad get none', () => {
    const x = tensor([1, 2]).requiresGrad_(), c = tensor([5, 6]);
    const h = x.mul(c);
    h.sum().backward();
    expect(x.grad!.toArray()).toEqual([5, 6]);
    expect(h.grad).toBeNull();
    expect(c.grad).toBeNull();
    expect(h.requiresGrad).toBe(true);
    expect(h.node!.op).toBe('mul');
  });

  test('backward with an explicit gradient for a non-scalar output', () => {
    const x = tensor([[1, 2], [3, 4]]).requiresGrad_();
    x.mul(2).backward(tensor([[1, 0], [0, -1]]));
    expect(x.grad!.tolist()).toEqual([[2, 0], [0, -2]]);
  });

  test('backward on a non-scalar without a gradient throws a clear AUTOGRAD error', () => {
    const y = tensor([[1, 2, 3], [4, 5, 6]]).requiresGrad_().mul(2);
    expect(() => y.backward()).toThrowError(TensorError);
    expect(() => y.backward()).toThrowError('backward: a non-scalar [2,3] needs an explicit gradient; call backward() on a scalar loss');
  });

  test('backward with a gradient of the wrong shape names both shapes', () => {
    const y = tensor([[1, 2], [3, 4]]).requiresGrad_().mul(2);
    expect(() => y.backward(ones(2))).toThrowError("backward: the gradient [2] must have the output's shape [2,2]");
  });

  test('backward on a tensor that does not require grad says why', () => {
    expect(() => tensor([1]).sum().backward()).toThrowError(/does not require grad/);
  });

  test('an infinite or NaN loss still seeds a gradient of 1 (masked entries get 0)', () => {
    const x = tensor([1, 2, 3]).requiresGrad_();
    const loss = x.maskedFill(tensor([0, 0, 1]), -Infinity).sum();
    expect(loss.item()).toBe(-Infinity);
    loss.backward();
    expect(x.grad!.toArray()).toEqual([1, 1, 0]);
    const y = tensor([1, Number.NaN]).requiresGrad_();
    y.sum().backward();
    expect(y.grad!.toArray()).toEqual([1, 1]);
  });

  test('detach shares storage, is cut from the graph and stops gradients', () => {
    const x = tensor([1, 2]).requiresGrad_();
    const d = x.mul(2).detach();
    expect(d.requiresGrad).toBe(false);
    expect(d.node).toBeNull();
    const y = x.detach();
    expect(y.data).toBe(x.data);
    x.mul(y).sum().backward(); // y is a constant here
    expect(x.grad!.toArray()).toEqual([1, 2]);
  });

  test('noGrad records no graph: outputs have requiresGrad false and no node', () => {
    const x = tensor([1, 2]).requiresGrad_();
    const y = noGrad(() => x.mul(2).add(1).softmax());
    expect(y.requiresGrad).toBe(false);
    expect(y.node).toBeNull();
    expect(() => y.sum().backward()).toThrowError(TensorError);
  });

  test('noGrad nests, returns its value and restores the mode even after a throw', () => {
    expect(isGradEnabled()).toBe(true);
    const v = noGrad(() => {
      noGrad(() => expect(isGradEnabled()).toBe(false));
      expect(isGradEnabled()).toBe(false);
      return 42;
    });
    expect(v).toBe(42);
    expect(() => noGrad(() => zeros(2).matmul(zeros(3, 3)))).toThrowError();
    expect(isGradEnabled()).toBe(true);
  });

  test('requiresGrad_ on a computed tensor throws; on a leaf it returns the leaf', () => {
    const x = tensor([1]);
    expect(x.requiresGrad_()).toBe(x);
    expect(() => x.mul(2).requiresGrad_()).toThrowError(/only leaf tensors/);
  });

  test('a leaf that is a strided view gets a gradient of its own shape', () => {
    const leaf = tensor([[1, 2, 3], [4, 5, 6]]).t().requiresGrad_(); // (3, 2), strides (1, 3)
    leaf.mul(tensor([10, 20])).sum().backward();
    expect(leaf.grad!.shape).toEqual([3, 2]);
    expect(leaf.grad!.tolist()).toEqual([[10, 20], [10, 20], [10, 20]]);
  });

  test('gradients flow through views back into the leaf they view', () => {
    const x = tensor([[1, 2, 3], [4, 5, 6]]).requiresGrad_();
    x.t().narrow(0, 1, 2).select(1, 0).mul(tensor([7, 8])).sum().backward();
    expect(x.grad!.tolist()).toEqual([[0, 7, 8], [0, 0, 0]]);
  });
});
