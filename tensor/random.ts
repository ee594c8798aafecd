import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

type Source = ReturnType<typeof xoroshiro128plus>;

/**
 * A seeded random stream (xoroshiro128+ from pure-rand). The engine keeps one global generator,
 * reset by `manualSeed`; code that must not disturb it (the grader's data sampling) makes its own.
 */
export class Generator {
  private source: Source;
  private spareNormal: number | null = null;

  constructor(seed = 0) {
    this.source = xoroshiro128plus(seed);
  }

  manualSeed(seed: number): this {
    this.source = xoroshiro128plus(seed);
    this.spareNormal = null;
    return this;
  }

  /** Uniform in [0, 1) with 53 random bits. */
  random(): number {
    const hi = this.source.next() >>> 5; // 27 bits
    const lo = this.source.next() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform integer in [low, high). */
  randint(low: number, high: number): number {
    return low + Math.floor(this.random() * (high - low));
  }

  /** Standard normal by Box–Muller; the second value of each pair is kept for the next call. */
  normal(): number {
    if (this.spareNormal !== null) {
      const z = this.spareNormal;
      this.spareNormal = null;
      return z;
    }
    let u = 0;
    while (u === 0) u = this.random();
    const v = this.random();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }
}

/** The default generator. Seeded with 0 at startup so that runs are reproducible by default. */
export const defaultGenerator = new Generator(0);

/** Reseeds the global generator, like `torch.manual_seed`. */
export function manualSeed(seed: number): void {
  defaultGenerator.manualSeed(seed);
}
