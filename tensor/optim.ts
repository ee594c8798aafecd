import { check } from './errors';
import type { Tensor } from './tensor';

export interface ParamGroup {
  params: readonly Tensor[];
  /** Overrides the optimizer's weight decay for this group (nanoGPT decays only matrices). */
  weightDecay?: number;
}

function groupsOf(params: readonly Tensor[] | readonly ParamGroup[]): ParamGroup[] {
  if (params.length === 0) return [];
  return 'params' in params[0] ? [...(params as readonly ParamGroup[])] : [{ params: params as readonly Tensor[] }];
}

abstract class Optimizer {
  protected readonly groups: ParamGroup[];

  constructor(params: readonly Tensor[] | readonly ParamGroup[]) {
    this.groups = groupsOf(params);
  }

  zeroGrad(): void {
    for (const g of this.groups) for (const p of g.params) p.grad = null;
  }

  abstract step(): void;
}

export interface SGDOptions {
  lr: number;
  momentum?: number;
  weightDecay?: number;
}

/** Stochastic gradient descent with optional momentum, as `torch.optim.SGD`. */
export class SGD extends Optimizer {
  private readonly velocity = new Map<Tensor, Float32Array>();

  constructor(params: readonly Tensor[] | readonly ParamGroup[], readonly options: SGDOptions) {
    super(params);
  }

  step(): void {
    const { lr, momentum = 0 } = this.options;
    for (const group of this.groups) {
      const wd = group.weightDecay ?? this.options.weightDecay ?? 0;
      for (const p of group.params) {
        if (p.grad === null) continue;
        const g = p.grad.data, w = p.data;
        let v = this.velocity.get(p);
        if (momentum !== 0 && v === undefined) this.velocity.set(p, (v = new Float32Array(w.length)));
        for (let i = 0; i < w.length; i++) {
          let d = g[i] + wd * w[i];
          if (v !== undefined) d = v[i] = momentum * v[i] + d;
          w[i] -= lr * d;
        }
      }
    }
  }
}

export interface AdamWOptions {
  lr: number;
  betas?: [number, number];
  eps?: number;
  /** Decoupled weight decay (Loshchilov & Hutter 2019); PyTorch's default is 0.01. */
  weightDecay?: number;
}

/** Adam with decoupled weight decay, matching `torch.optim.AdamW`'s update. */
export class AdamW extends Optimizer {
  // The step count is per parameter, as in PyTorch: a parameter without a gradient for some steps
  // gets the bias correction of its own first update when it finally gets one.
  private readonly state = new Map<Tensor, { m: Float32Array; v: Float32Array; step: number }>();

  constructor(params: readonly Tensor[] | readonly ParamGroup[], readonly options: AdamWOptions) {
    super(params);
    check(options.lr > 0, 'INVALID_ARGUMENT', 'AdamW', () => `lr must be positive, got ${options.lr}`);
  }

  step(): void {
    const { lr, betas: [b1, b2] = [0.9, 0.999], eps = 1e-8 } = this.options;
    for (const group of this.groups) {
      const wd = group.weightDecay ?? this.options.weightDecay ?? 0.01;
      for (const p of group.params) {
        if (p.grad === null) continue;
        let s = this.state.get(p);
        if (s === undefined) this.state.set(p, (s = { m: new Float32Array(p.size), v: new Float32Array(p.size), step: 0 }));
        s.step++;
        const c1 = 1 - Math.pow(b1, s.step), c2 = 1 - Math.pow(b2, s.step);
        const g = p.grad.data, w = p.data, { m, v } = s;
        for (let i = 0; i < w.length; i++) {
          w[i] *= 1 - lr * wd;
          m[i] = b1 * m[i] + (1 - b1) * g[i];
          v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
          w[i] -= (lr * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + eps);
        }
      }
    }
  }
}

/** Scales all gradients so their global L2 norm is at most `maxNorm`; returns the norm before. */
export function clipGradNorm(params: readonly Tensor[], maxNorm: number): number {
  let sq = 0;
  for (const p of params) if (p.grad !== null) for (const x of p.grad.data) sq += x * x;
  const norm = Math.sqrt(sq);
  const scale = maxNorm / (norm + 1e-6);
  if (scale < 1) for (const p of params) if (p.grad !== null) for (let i = 0; i < p.grad.data.length; i++) p.grad.data[i] *= scale;
  return norm;
}
