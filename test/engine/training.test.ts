/**
 * End to end: a small MLP built from engine modules learns toy tasks with each optimizer. This is
 * the whole stack at once (forward, crossEntropy, backward, optimizer step) judged by outcome.
 */
import { describe, expect, test } from 'vitest';
import { Generator, crossEntropy, manualSeed, nn, noGrad, optim, tensor, type Tensor } from '../../tensor';

class MLP extends nn.Module {
  fc1: nn.Linear;
  fc2: nn.Linear;
  out: nn.Linear;

  constructor(hidden: number) {
    super();
    this.fc1 = new nn.Linear(2, hidden);
    this.fc2 = new nn.Linear(hidden, hidden);
    this.out = new nn.Linear(hidden, 2);
  }

  forward(x: Tensor): Tensor {
    return this.out.forward(this.fc2.forward(this.fc1.forward(x).tanh()).tanh());
  }
}

/** Full-batch training; returns the final loss and accuracy. */
function fit(model: MLP, opt: optim.AdamW | optim.SGD, x: Tensor, y: Tensor, steps: number): { loss: number; accuracy: number } {
  for (let i = 0; i < steps; i++) {
    opt.zeroGrad();
    crossEntropy(model.forward(x), y).backward();
    opt.step();
  }
  return noGrad(() => {
    const logits = model.forward(x);
    const pred = logits.argmax(-1).toArray(), labels = y.toArray();
    return { loss: crossEntropy(logits, y).item(), accuracy: pred.filter((p, i) => p === labels[i]).length / labels.length };
  });
}

const XOR_X = tensor([[0, 0], [0, 1], [1, 0], [1, 1]]);
const XOR_Y = tensor([0, 1, 1, 0]);

/** Two interleaved spirals of n points each, with a little noise; label = which spiral. */
function spirals(n: number, seed: number): { x: Tensor; y: Tensor } {
  const g = new Generator(seed);
  const pts: number[][] = [], labels: number[] = [];
  for (let c = 0; c < 2; c++) {
    for (let i = 0; i < n; i++) {
      const r = 0.15 + (i / n) * 0.85;
      const a = (i / n) * 1.75 * 2 * Math.PI + c * Math.PI;
      pts.push([r * Math.cos(a) + 0.02 * g.normal(), r * Math.sin(a) + 0.02 * g.normal()]);
      labels.push(c);
    }
  }
  return { x: tensor(pts), y: tensor(labels) };
}

describe('training', () => {
  test('XOR with AdamW: loss < 0.001 and all four points right within 300 steps', () => {
    manualSeed(0);
    const model = new MLP(8);
    const r = fit(model, new optim.AdamW(model.parameters(), { lr: 0.05, weightDecay: 0 }), XOR_X, XOR_Y, 300);
    expect(r.accuracy).toBe(1);
    expect(r.loss).toBeLessThan(0.001);
  });

  test('XOR with SGD + momentum: loss < 0.01 and all four points right within 400 steps', () => {
    manualSeed(0);
    const model = new MLP(8);
    const r = fit(model, new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 }), XOR_X, XOR_Y, 400);
    expect(r.accuracy).toBe(1);
    expect(r.loss).toBeLessThan(0.01);
  });

  test('two spirals (200 points) with AdamW: accuracy >= 99% and loss < 0.02 within 500 steps', () => {
    manualSeed(1);
    const { x, y } = spirals(100, 7);
    const model = new MLP(32);
    const r = fit(model, new optim.AdamW(model.parameters(), { lr: 0.02, weightDecay: 0 }), x, y, 500);
    expect(r.accuracy).toBeGreaterThanOrEqual(0.99);
    expect(r.loss).toBeLessThan(0.02);
  });

  test('an untrained model is at chance on the spirals (the task is not trivial)', () => {
    manualSeed(1);
    const { x, y } = spirals(100, 7);
    const r = fit(new MLP(32), new optim.SGD([], { lr: 0 }), x, y, 0);
    expect(r.accuracy).toBeLessThan(0.7);
    expect(r.loss).toBeGreaterThan(0.5);
  });
});
