/**
 * nn.Module: parameter discovery with dotted names (ModuleList included), state dicts, train/eval,
 * and frozen parameters.
 */
import { describe, expect, test } from 'vitest';
import { manualSeed, nn, noGrad, ones, optim, tensor, type Tensor } from '../../tensor';
import { expectBitwiseEqual, rnd } from './helpers';

class Attn extends nn.Module {
  qkv = new nn.Linear(8, 24);
  proj = new nn.Linear(8, 8);
  drop = new nn.Dropout(0.5);
}

class Block extends nn.Module {
  ln1 = new nn.LayerNorm(8);
  attn = new Attn();
  ln2 = new nn.LayerNorm(8);
  fc = new nn.Linear(8, 32, { bias: false });
}

class Model extends nn.Module {
  wte = new nn.Embedding(10, 8);
  blocks = new nn.ModuleList([new Block(), new Block()]);
  lnF = new nn.LayerNorm(8);

  forward(idx: Tensor): Tensor {
    let x = this.wte.forward(idx);
    for (const b of this.blocks) x = b.fc.forward(b.ln1.forward(b.attn.proj.forward(x))).narrow(-1, 0, 8);
    return this.lnF.forward(x);
  }
}

describe('nn.Module', () => {
  test('namedParameters: dotted names in declaration order, through ModuleList', () => {
    const block = (i: number) => [
      `blocks.${i}.ln1.weight`, `blocks.${i}.ln1.bias`,
      `blocks.${i}.attn.qkv.weight`, `blocks.${i}.attn.qkv.bias`, `blocks.${i}.attn.proj.weight`, `blocks.${i}.attn.proj.bias`,
      `blocks.${i}.ln2.weight`, `blocks.${i}.ln2.bias`, `blocks.${i}.fc.weight`,
    ];
    const names = [...new Model().namedParameters()].map(([n]) => n);
    expect(names).toEqual(['wte.weight', ...block(0), ...block(1), 'lnF.weight', 'lnF.bias']);
  });

  test('parameters, numParameters and namedModules agree', () => {
    const m = new Model();
    const perBlock = 16 + 8 * 24 + 24 + 8 * 8 + 8 + 16 + 8 * 32;
    expect(m.numParameters()).toBe(10 * 8 + 2 * perBlock + 16);
    expect(m.parameters()).toHaveLength(1 + 2 * 9 + 2);
    expect([...m.namedModules()].map(([n]) => n)).toContain('blocks.1.attn.drop');
    expect(m.blocks.get(-1)).toBe(m.blocks.get(1));
    expect(m.blocks.length).toBe(2);
  });

  test('a parameter shared by two modules (tied weights) is listed and counted once', () => {
    class Tied extends nn.Module {
      wte = new nn.Embedding(5, 3);
      head = new nn.Linear(3, 5, { bias: false });
      constructor() {
        super();
        this.head.weight = this.wte.weight;
      }
    }
    const m = new Tied();
    expect([...m.namedParameters()].map(([n]) => n)).toEqual(['wte.weight']);
    expect(m.numParameters()).toBe(15);
    // One AdamW step moves the shared weight once, like a single parameter.
    const single = new nn.Embedding(5, 3);
    single.weight.copy_(m.wte.weight);
    const grad = rnd([5, 3], 1);
    m.wte.weight.grad = grad.clone();
    single.weight.grad = grad.clone();
    new optim.AdamW(m.parameters(), { lr: 0.1 }).step();
    new optim.AdamW(single.parameters(), { lr: 0.1 }).step();
    expectBitwiseEqual(m.wte.weight, single.weight);
  });

  test('plain tensor properties are buffers, not parameters', () => {
    class WithBuffer extends nn.Module {
      mask = ones(3, 3).tril();
      fc = new nn.Linear(3, 3);
    }
    expect([...new WithBuffer().namedParameters()].map(([n]) => n)).toEqual(['fc.weight', 'fc.bias']);
  });

  test('stateDict / loadStateDict round trip reproduces outputs bitwise', () => {
    manualSeed(1);
    const a = new Model();
    manualSeed(2);
    const b = new Model();
    const idx = tensor([[1, 2, 3]]);
    const outA = noGrad(() => a.eval().forward(idx));
    expect(noGrad(() => b.eval().forward(idx)).toArray()).not.toEqual(outA.toArray());
    const snapshot = Object.fromEntries(Object.entries(a.stateDict()).map(([k, v]) => [k, v.clone()]));
    b.loadStateDict(snapshot);
    expectBitwiseEqual(noGrad(() => b.forward(idx)), outA);
    // Loading copies values: b's parameters keep their own storage.
    expect(b.wte.weight.data).not.toBe(a.wte.weight.data);
  });

  test('stateDict shares storage with the parameters (clone to keep a snapshot)', () => {
    const m = new Model();
    const state = m.stateDict();
    expect(Object.keys(state)).toEqual([...m.namedParameters()].map(([n]) => n));
    expect(state['lnF.weight'].data).toBe(m.lnF.weight.data);
  });

  test('train() and eval() propagate to every submodule', () => {
    const m = new Model();
    expect([...m.namedModules()].every(([, x]) => x.training)).toBe(true);
    m.eval();
    expect([...m.namedModules()].every(([, x]) => !x.training)).toBe(true);
    m.train();
    expect(m.blocks.get(1).attn.drop.training).toBe(true);
    m.train(false);
    expect(m.blocks.get(1).attn.drop.training).toBe(false);
  });

  test('Dropout: identity in eval; in train zeroes about p of the elements and scales the rest', () => {
    const drop = new nn.Dropout(0.3);
    const x = rnd([100, 100], 3);
    drop.eval();
    expectBitwiseEqual(drop.forward(x), x);
    drop.train();
    manualSeed(4);
    const y = drop.forward(x).toArray(), xs = x.toArray();
    const zeroed = y.filter((v) => v === 0).length / y.length;
    expect(zeroed).toBeGreaterThan(0.28);
    expect(zeroed).toBeLessThan(0.32);
    y.forEach((v, i) => {
      if (v !== 0) expect(v).toBeCloseTo(xs[i] / 0.7, 5);
    });
  });

  test('a Parameter with requiresGrad=false is listed but gets no grad and is not stepped', () => {
    const lin = new nn.Linear(3, 2);
    // Non-zero, and stepped with weight decay: decaying a parameter without a grad would move it.
    lin.bias = new nn.Parameter(tensor([0.5, -1.5]), false);
    expect([...lin.namedParameters()].map(([n]) => n)).toEqual(['weight', 'bias']);
    lin.forward(ones(4, 3)).sum().backward();
    expect(lin.weight.grad).not.toBeNull();
    expect(lin.bias.grad).toBeNull();
    new optim.AdamW(lin.parameters(), { lr: 0.1, weightDecay: 0.1 }).step();
    expect(lin.bias.toArray()).toEqual([0.5, -1.5]);
  });

  test('zeroGrad clears every grad', () => {
    const m = new Model();
    m.forward(tensor([[1, 2]])).sum().backward();
    expect(m.parameters().some((p) => p.grad !== null)).toBe(true);
    m.zeroGrad();
    expect(m.parameters().every((p) => p.grad === null)).toBe(true);
  });

  test('Parameter copies a view into its own storage', () => {
    const base = rnd([4, 4], 5);
    const p = new nn.Parameter(base.t());
    expect(p.isContiguous()).toBe(true);
    expect(p.requiresGrad).toBe(true);
    expect(p.tolist()).toEqual(base.t().tolist());
    expect(p.data).not.toBe(base.data);
  });
});
