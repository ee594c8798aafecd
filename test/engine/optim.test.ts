/**
 * Optimizers against hand-computed updates: AdamW (PyTorch's formula: decoupled weight decay, bias
 * correction), SGD with momentum and weight decay, and clipGradNorm.
 */
import { describe, expect, test } from 'vitest';
import { nn, optim, tensor, type Tensor } from '../../tensor';
import { expectClose } from './helpers';

/** A leaf parameter with a fixed gradient. */
function param(values: number[], grad: number[]): nn.Parameter {
  const p = new nn.Parameter(tensor(values));
  p.grad = tensor(grad);
  return p;
}

/**
 * torch.optim.AdamW, written out from its documentation in float64:
 *   θ ← θ(1 − lr·λ);  m ← β1 m + (1 − β1) g;  v ← β2 v + (1 − β2) g²
 *   θ ← θ − lr · (m / (1 − β1^t)) / (√(v / (1 − β2^t)) + ε)
 */
function adamwReference(theta: number[], grads: number[][], lr: number, wd: number, b1 = 0.9, b2 = 0.999, eps = 1e-8): number[] {
  const th = [...theta], m = th.map(() => 0), v = th.map(() => 0);
  grads.forEach((g, step) => {
    const t = step + 1;
    for (let i = 0; i < th.length; i++) {
      th[i] *= 1 - lr * wd;
      m[i] = b1 * m[i] + (1 - b1) * g[i];
      v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
      th[i] -= (lr * (m[i] / (1 - b1 ** t))) / (Math.sqrt(v[i] / (1 - b2 ** t)) + eps);
    }
  });
  return th;
}

describe('optim', () => {
  describe('AdamW', () => {
    test('one step matches the hand-computed update', () => {
      // Step 1: θ·(1 − 0.1·0.01); m̂ = g, v̂ = g², so the step is lr·g/(|g| + ε) ≈ ±lr.
      const p = param([1, -2, 0.5], [0.5, -0.1, 0]);
      new optim.AdamW([p], { lr: 0.1, weightDecay: 0.01 }).step();
      expectClose(p, [0.999 - 0.1, -1.998 + 0.1, 0.4995], 1e-6, 0);
      expectClose(p, adamwReference([1, -2, 0.5], [[0.5, -0.1, 0]], 0.1, 0.01), 1e-6, 0);
    });

    test('three steps with changing gradients, custom betas and eps', () => {
      const p = param([0.3, -0.7], [0.2, 0.4]);
      const opt = new optim.AdamW([p], { lr: 0.05, betas: [0.8, 0.99], eps: 1e-6, weightDecay: 0.1 });
      const grads = [[0.2, 0.4], [-0.1, 0.3], [0.05, -0.2]];
      for (const g of grads) {
        p.grad = tensor(g);
        opt.step();
      }
      expectClose(p, adamwReference([0.3, -0.7], grads, 0.05, 0.1, 0.8, 0.99, 1e-6), 1e-6, 0);
    });

    test('default weight decay is 0.01 (PyTorch); a param group can override it', () => {
      const a = param([1], [0]), b = param([1], [0]);
      new optim.AdamW([{ params: [a] }, { params: [b], weightDecay: 0 }], { lr: 0.5 }).step();
      expectClose(a, [1 - 0.5 * 0.01], 1e-7, 0);
      expect(b.toArray()).toEqual([1]);
    });

    test('a parameter without a grad is skipped, and its first real update is bias-corrected as step 1', () => {
      // Weight decay is on, so decaying the gradless parameter would move it off 1 on the first step.
      const a = param([1], [0.5]), late = new nn.Parameter(tensor([1]));
      const opt = new optim.AdamW([a, late], { lr: 0.1, weightDecay: 0.1 });
      opt.step();
      expect(late.toArray()).toEqual([1]);
      late.grad = tensor([0.5]);
      opt.step();
      expectClose(late, adamwReference([1], [[0.5]], 0.1, 0.1), 1e-6, 0);
    });

    test('zeroGrad clears the grads it owns', () => {
      const p = param([1], [1]);
      new optim.AdamW([p], { lr: 0.1 }).zeroGrad();
      expect(p.grad).toBeNull();
    });
  });

  describe('SGD', () => {
    test('plain SGD: θ − lr·g', () => {
      const p = param([1, 2], [0.5, -1]);
      new optim.SGD([p], { lr: 0.1 }).step();
      expectClose(p, [0.95, 2.1], 1e-7, 0);
    });

    test('momentum 0.9 with a constant gradient: velocities 0.5, 0.95, 1.355', () => {
      const p = param([1], [0.5]);
      const opt = new optim.SGD([p], { lr: 0.1, momentum: 0.9 });
      const expected = [0.95, 0.855, 0.7195];
      for (const e of expected) {
        opt.step();
        expectClose(p, [e], 1e-6, 0);
      }
    });

    test('weight decay adds λθ to the gradient', () => {
      const p = param([2], [0.5]);
      new optim.SGD([p], { lr: 0.1, weightDecay: 0.1 }).step();
      expectClose(p, [2 - 0.1 * (0.5 + 0.2)], 1e-7, 0);
    });
  });

  describe('clipGradNorm', () => {
    const params = (): Tensor[] => [param([0, 0], [3, 4]), param([0], [12])];

    test('returns the norm before clipping and scales every grad to maxNorm', () => {
      const ps = params();
      expect(optim.clipGradNorm(ps, 6.5)).toBeCloseTo(13, 6);
      expectClose(ps[0].grad!, [1.5, 2], 1e-6, 0);
      expectClose(ps[1].grad!, [6], 1e-6, 0);
    });

    test('leaves grads alone when the norm is already below maxNorm; skips params without grads', () => {
      const ps = [...params(), new nn.Parameter(tensor([1]))];
      expect(optim.clipGradNorm(ps, 100)).toBeCloseTo(13, 6);
      expect(ps[0].grad!.toArray()).toEqual([3, 4]);
      expect(ps[2].grad).toBeNull();
    });
  });
});
