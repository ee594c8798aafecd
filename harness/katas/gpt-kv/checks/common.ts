/**
 * Shared tools of the gpt-kv checks: the probe model size, candidate loading, weights the checks
 * control, tolerant comparisons, the next-token loss and greedy decoding. Checks judge behaviour
 * through the workspace contract (exports and parameter names), never through the structure of our
 * own solution.
 */
import { cat, Generator, manualSeed, nn, noGrad, randint, sameShape, type Tensor } from '../../../../tensor';
import type { CheckContext, CheckOutcome } from '../../../check';
import type * as GenerateModule from '../../../../solutions/gpt-kv/generate';
import type * as KVCacheModule from '../../../../solutions/gpt-kv/kvcache';
import type * as ModelModule from '../../../../solutions/gpt-kv/model';
import type * as TrainModule from '../../../../solutions/gpt-kv/train';

export type GPTConfig = ModelModule.GPTConfig;
export type GPT = ModelModule.GPT;
export type KataModules = {
  model: typeof ModelModule;
  kvcache: typeof KVCacheModule;
  train: typeof TrainModule;
  generate: typeof GenerateModule;
};

/**
 * Small enough to probe in milliseconds. vocabSize > blockSize so a position table of the wrong size
 * still runs; head size 4 ≠ blockSize 8 so attention scores and values have distinguishable shapes.
 */
export const PROBE_CONFIG: GPTConfig = { vocabSize: 13, blockSize: 8, nLayer: 2, nHead: 4, nEmbd: 16, dropout: 0, bias: true };

const FILES = { model: 'model.ts', kvcache: 'kvcache.ts', train: 'train.ts', generate: 'generate.ts' } as const;

/** The candidate's module for one workspace file, typed by the contract it must follow. */
export function candidate<K extends keyof KataModules>(ctx: CheckContext, key: K): KataModules[K] {
  return ctx.load(FILES[key]) as KataModules[K];
}

export function reference<K extends keyof KataModules>(ctx: CheckContext, key: K): KataModules[K] {
  return ctx.reference(FILES[key]) as KataModules[K];
}

export type ModelExports = { model: { GPT: new (config: GPTConfig) => GPT } };

export function buildModel(modules: ModelExports, config: GPTConfig, seed: number): GPT {
  manualSeed(seed);
  return new modules.model.GPT(config);
}

/**
 * Overwrites every parameter with large random values (std 0.3; LayerNorm gains near 1), so that any
 * difference in computation shows up far above float32 noise.
 */
export function randomizeWeights(model: nn.Module, seed: number): void {
  const generator = new Generator(seed);
  noGrad(() => {
    for (const [, m] of model.namedModules()) {
      for (const [name, p] of Object.entries(m)) {
        if (!(p instanceof nn.Parameter)) continue;
        const isGain = m instanceof nn.LayerNorm && name === 'weight';
        p.normal_(isGain ? 1 : 0, isGain ? 0.1 : 0.3, generator);
      }
    }
  });
}

export interface LoadReport {
  missing: string[];
  unexpected: string[];
}

/**
 * Copies `state` into the candidate's parameters by name. Unlike loadStateDict it tolerates a 2-D
 * table with more rows than the reference (copying the leading rows), so that a wrongly sized
 * position table — pos-embedding's business — does not blind the other checks.
 */
export function loadLenient(model: nn.Module, state: Record<string, Tensor>): LoadReport {
  const own = new Map(model.namedParameters());
  const report: LoadReport = { missing: [], unexpected: [] };
  for (const name of Object.keys(state)) if (!own.has(name)) report.missing.push(name);
  noGrad(() => {
    for (const [name, p] of own) {
      const src = state[name];
      if (src === undefined) {
        report.unexpected.push(name);
      } else if (sameShape(p.shape, src.shape)) {
        p.copy_(src);
      } else if (p.ndim === 2 && src.ndim === 2 && p.shape[1] === src.shape[1] && p.shape[0] >= src.shape[0]) {
        p.narrow(0, 0, src.shape[0]).copy_(src);
      } else {
        report.missing.push(`${name} (shape [${p.shape}] vs [${src.shape}])`);
      }
    }
  });
  return report;
}

export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

export interface Difference {
  /** Largest |a - b| over elements where both are finite; Infinity where exactly one is not. */
  maxAbs: number;
  /** Flat index of the largest difference. */
  at: number;
}

/** Elementwise difference; NaN matching NaN (and equal infinities) counts as equal. */
export function difference(a: Tensor, b: Tensor): Difference {
  const x = a.toFloat32Array(), y = b.toFloat32Array();
  let maxAbs = x.length === y.length ? 0 : Infinity, at = -1;
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (Object.is(x[i], y[i]) || (Number.isNaN(x[i]) && Number.isNaN(y[i])) || x[i] === y[i]) continue;
    const d = Number.isFinite(x[i]) && Number.isFinite(y[i]) ? Math.abs(x[i] - y[i]) : Infinity;
    if (d > maxAbs) {
      maxAbs = d;
      at = i;
    }
  }
  return { maxAbs, at };
}

/** Tolerance for "computes the same function": float32 reassociation in another correct solution stays far below it. */
export const TOLERANCE = 1e-4;

export function close(a: Tensor, b: Tensor, tol = TOLERANCE): boolean {
  return sameShape(a.shape, b.shape) && difference(a, b).maxAbs <= tol;
}

export function hasNonFinite(t: Tensor): boolean {
  return t.toFloat32Array().some((x) => !Number.isFinite(x));
}

/** Mean and standard deviation (population) of a tensor's elements. */
export function meanStd(t: Tensor): { mean: number; std: number } {
  const values = t.toFloat32Array();
  const mean = values.reduce((s, x) => s + x, 0) / values.length;
  return { mean, std: Math.sqrt(values.reduce((s, x) => s + (x - mean) ** 2, 0) / values.length) };
}

/**
 * Mean over b and t < T-1 of -log softmax(logits[b, t])[ids[b, t+1]], in float64: the loss of
 * predicting each next token, computed here from first principles so no candidate code is trusted.
 */
export function nextTokenLoss(logits: Tensor, ids: Tensor): number {
  const [B, T, V] = logits.shape;
  const x = logits.toFloat32Array(), y = ids.toFloat32Array();
  let total = 0;
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T - 1; t++) {
      const row = (b * T + t) * V;
      let max = -Infinity;
      for (let j = 0; j < V; j++) max = Math.max(max, x[row + j]);
      let sum = 0;
      for (let j = 0; j < V; j++) sum += Math.exp(x[row + j] - max);
      total -= x[row + y[b * T + t + 1]] - max - Math.log(sum);
    }
  }
  return total / (B * (T - 1));
}

/**
 * Greedy decoding with the uncached forward in eval mode: appends the argmax token `n` times to every
 * row of `prompt` (B, P) and returns the (B, P + n) ids. Restores the model's mode afterwards.
 */
export function greedy(model: GPT, prompt: Tensor, n: number): Tensor {
  const wasTraining = model.training;
  model.eval();
  try {
    return noGrad(() => {
      let idx = prompt;
      for (let i = 0; i < n; i++) idx = cat([idx, model.forward(idx).select(1, -1).argmax(-1, true)], 1);
      return idx;
    });
  } finally {
    model.train(wasTraining);
  }
}

/** Random token ids (B, T) from a private generator. */
export function tokens(B: number, T: number, vocabSize: number, seed: number): Tensor {
  return randint(0, vocabSize, [B, T], { generator: new Generator(seed) });
}

/** Logits must be (B, T, V); anything else is reported as a failed contract. */
export function checkLogitsShape(logits: unknown, B: number, T: number, V: number, call: string): string | null {
  if (typeof logits !== 'object' || logits === null || !('shape' in logits)) return `${call} returned ${String(logits)}, not a Tensor`;
  const shape = (logits as Tensor).shape;
  return sameShape(shape, [B, T, V]) ? null : `${call} returned logits of shape ${fmtShape(shape)}; expected (B, T, vocabSize) = ${fmtShape([B, T, V])}`;
}

export function pass(message: string, details?: string[]): CheckOutcome {
  return { status: 'pass', message, details };
}

export function fail(message: string, details?: string[]): CheckOutcome {
  return { status: 'fail', message, details };
}

export function skip(message: string, details?: string[]): CheckOutcome {
  return { status: 'skip', message, details };
}

/** Part 2 code in the starter throws "not implemented"; report that as a plain failure. */
export function notImplemented(error: unknown): CheckOutcome | null {
  const message = error instanceof Error ? error.message : String(error);
  return /not implemented/i.test(message) ? fail(`not implemented yet: ${message.split('\n')[0]}`) : null;
}
