/**
 * What a benchmark figure is, and how figures are timed. Each `bench/<area>.ts` exports a list of
 * figures; `bench/index.ts` runs them. Adding a figure is adding one entry to such a list (or a new
 * file listed in index.ts): its name is the key of the `--json` output, so it never changes once
 * published.
 */

/** One measured number and the samples it is the median of (one sample per timed run). */
export interface Measurement {
  value: number;
  samples: number[];
}

export interface Figure {
  /** Stable dotted name, `<area>.<subject>.<measure>`, e.g. `matmul.f32.256.gflops`. */
  name: string;
  unit: string;
  /** One line: what is measured, on which shapes. */
  description: string;
  /** Where we want the figure to be on the reference machine (2 cores): reported, never enforced. */
  bar?: number;
  /** True when smaller is better; otherwise the bar is a minimum. */
  lowerIsBetter?: boolean;
  measure(): Measurement;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export interface TimingOptions {
  /** Untimed calls first, so the JIT has compiled the hot loops. */
  warmup: number;
  /** Timed samples; the figure is their median. */
  runs: number;
  /** A sample repeats `fn` until at least this long has passed, so tiny workloads are not timer noise. */
  minSampleMs?: number;
}

/** Seconds per call of `fn`: one value per sample. */
export function secondsPerCall(fn: () => void, { warmup, runs, minSampleMs = 0 }: TimingOptions): number[] {
  for (let i = 0; i < warmup; i++) fn();
  const samples: number[] = [];
  for (let r = 0; r < runs; r++) {
    let calls = 0;
    const start = performance.now();
    let elapsed = 0;
    do {
      fn();
      calls++;
      elapsed = performance.now() - start;
    } while (elapsed < minSampleMs);
    samples.push(elapsed / 1000 / calls);
  }
  return samples;
}

/** A rate (work per second) from seconds per call: the median of work / seconds over the samples. */
export function rate(work: number, seconds: readonly number[]): Measurement {
  const samples = seconds.map((s) => work / s);
  return { value: median(samples), samples };
}

/** Runs `compute` once, on first use: figures that share one experiment read it through this. */
export function once<T>(compute: () => T): () => T {
  let value: { v: T } | undefined;
  return () => (value ??= { v: compute() }).v;
}
