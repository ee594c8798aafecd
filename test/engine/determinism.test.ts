/**
 * Determinism (DESIGN §3): the same seed and the same ops give bitwise-identical results; different
 * seeds give different ones; nearby seeds are not correlated.
 */
import { describe, expect, test } from 'vitest';
import { Generator, manualSeed, multinomial, nn, rand, randint, randn, tensor, type Tensor } from '../../tensor';
import { expectBitwiseEqual } from './helpers';

class Tiny extends nn.Module {
  emb = new nn.Embedding(11, 8);
  fc = new nn.Linear(8, 16);
  ln = new nn.LayerNorm(16);
  drop = new nn.Dropout(0.25);
  head = new nn.Linear(16, 11);

  forward(idx: Tensor): Tensor {
    return this.head.forward(this.drop.forward(this.ln.forward(this.fc.forward(this.emb.forward(idx)).gelu())));
  }
}

/** Parameters, random tensors and a training-mode forward (dropout draws too), all after one seed. */
function runFrom(seed: number): Map<string, Float32Array> {
  manualSeed(seed);
  const model = new Tiny();
  const noise = randn([5, 3]);
  const ints = randint(0, 11, [2, 4]);
  const out = model.forward(ints);
  const all = new Map([...model.namedParameters()].map(([name, p]) => [name, p.toFloat32Array()]));
  all.set('randn', noise.toFloat32Array());
  all.set('randint', ints.toFloat32Array());
  all.set('output', out.toFloat32Array());
  return all;
}

describe('determinism', () => {
  test('manualSeed twice: bitwise-identical parameters, samples and outputs', () => {
    const a = runFrom(1234), b = runFrom(1234);
    expect([...a.keys()]).toEqual([...b.keys()]);
    for (const [name, t] of a) expectBitwiseEqual(t, b.get(name)!, name);
  });

  test('different seeds give different random parameters, samples and outputs', () => {
    const a = runFrom(1), b = runFrom(2);
    // LayerNorm starts at ones and zeros whatever the seed; everything else is drawn.
    for (const name of ['emb.weight', 'fc.weight', 'fc.bias', 'head.weight', 'head.bias', 'randn', 'randint', 'output']) {
      const x = a.get(name)!, y = b.get(name)!;
      expect(Buffer.compare(Buffer.from(x.buffer), Buffer.from(y.buffer)), `${name} differs`).not.toBe(0);
    }
  });

  test('a private Generator does not disturb the global stream', () => {
    manualSeed(7);
    const expected = randn([4]).toFloat32Array();
    manualSeed(7);
    randn([100], { generator: new Generator(99) });
    rand([10], { generator: new Generator(98) });
    expectBitwiseEqual(randn([4]), expected);
  });

  test('Generator.manualSeed restarts its stream, including the spare Box-Muller normal', () => {
    const g = new Generator(3);
    const first = [g.normal(), g.normal(), g.normal()];
    g.manualSeed(3);
    expect([g.normal(), g.normal(), g.normal()]).toEqual(first);
  });

  test('nearby seeds give unrelated first draws (seeds are mixed before use)', () => {
    const firsts = Array.from({ length: 64 }, (_, s) => new Generator(s).random());
    const seconds = Array.from({ length: 64 }, (_, s) => { const g = new Generator(s); g.random(); return g.random(); });
    for (const draws of [firsts, seconds]) {
      const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
      expect(mean).toBeGreaterThan(0.35);
      expect(mean).toBeLessThan(0.65);
      expect(Math.max(...draws) - Math.min(...draws)).toBeGreaterThan(0.8);
    }
    const normals = Array.from({ length: 64 }, (_, s) => randn([1], { generator: new Generator(s) }).item());
    expect(normals.filter((z) => Math.abs(z) > 0.5).length).toBeGreaterThan(16);
  });

  test('the first sampled token after seeding follows the probabilities, whatever the seed', () => {
    const probs = tensor([0.5, 0.3, 0.2]);
    const counts = [0, 0, 0];
    for (let s = 0; s < 200; s++) counts[multinomial(probs, { generator: new Generator(s) }).item()]++;
    expect(counts[0]).toBeGreaterThan(70);
    expect(counts[1]).toBeGreaterThan(35);
    expect(counts[2]).toBeGreaterThan(20);
  });

  test('rand stays below 1 even for a uniform that float32 would round up to 1', () => {
    class NearOne extends Generator {
      override random(): number {
        return 1 - 2 ** -30;
      }
    }
    expect(rand([3], { generator: new NearOne() }).toArray().every((u) => u < 1)).toBe(true);
  });

  test('rand is in [0, 1) after float32 storage, for many seeds', () => {
    for (let s = 0; s < 32; s++) {
      const u = rand([2000], { generator: new Generator(s) }).toArray();
      expect(Math.max(...u)).toBeLessThan(1);
      expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    }
  });
});
