/**
 * causal-mask: behavioural probes on the whole model, so any mask formulation (maskedFill, an
 * additive matrix, where) is judged by what it does:
 *  1. no NaN: every position has at least one visible key (its own);
 *  2. perturbing token j never changes the logits at positions before j;
 *  3. with identical tokens and no position signal, every position gives the same output, which
 *     holds only if each position's attention weights sum to one over what it sees.
 */
import { noGrad, setOpObserver, type Tensor } from '../../../../tensor';
import type { CheckEvidence, CheckFn, CheckOutcome } from '../../../check';
import {
  buildModel, candidate, difference, fail, type GPT, type GPTConfig, hasNonFinite, type ModelExports, pass, PROBE_CONFIG, randomizeWeights, tokens,
} from './common';

/** Differences below this are float noise; a leak through attention is orders of magnitude larger. */
const LEAK_TOLERANCE = 1e-6;

/** Row t of logits (1, T, V). */
function row(logits: Tensor, t: number): Tensor {
  return logits.narrow(1, t, 1);
}

/** One head's attention weights from the first 4-D softmax the forward runs (for the heatmap). */
function attentionMap(model: GPT, ids: Tensor): number[][] | undefined {
  let weights: Tensor | undefined;
  setOpObserver((op, out, inputs) => {
    if (weights === undefined && op === 'softmax' && inputs[0]?.ndim === 4) weights = out;
  });
  try {
    model.forward(ids);
  } finally {
    setOpObserver(null);
  }
  if (weights === undefined) return undefined;
  const T = weights.shape[2];
  return Array.from({ length: T }, (_, i) => Array.from({ length: weights!.shape[3] }, (_, j) => weights!.get(0, 0, i, j)));
}

/**
 * First (earlier, later) pair where changing the later token changes the earlier position's logits.
 * `base` is the forward of `ids`, when the caller has already run it.
 */
function findLeak(model: GPT, ids: Tensor, vocabSize: number, base = model.forward(ids)): { reader: number; source: number; delta: number } | null {
  const T = ids.shape[1];
  for (let j = 1; j < T; j++) {
    const changed = ids.clone();
    changed.data[j] = (changed.data[j] + 1) % vocabSize;
    const out = model.forward(changed);
    for (let i = 0; i < j; i++) {
      const delta = difference(row(base, i), row(out, i)).maxAbs;
      if (delta > LEAK_TOLERANCE) return { reader: i, source: j, delta };
    }
  }
  return null;
}

/** The token ids every mask probe runs: one full-length sequence. */
function maskProbe(config: GPTConfig): Tensor {
  return tokens(1, config.blockSize, config.vocabSize, 22);
}

/**
 * Whether the uncached forward gives NaN or lets a position read a later one — the failures
 * causal-mask reports. Checks that use the uncached forward as their oracle skip when it is true,
 * rather than blame their own code for the mask. Runs in eval mode, then restores the model's mode.
 */
export function maskBroken(model: GPT, config: GPTConfig): boolean {
  const wasTraining = model.training;
  model.eval();
  try {
    return noGrad(() => {
      const probe = maskProbe(config);
      const logits = model.forward(probe);
      return hasNonFinite(logits) || findLeak(model, probe, config.vocabSize, logits) !== null;
    });
  } finally {
    model.train(wasTraining);
  }
}

/** A probe model with large random weights, in eval mode. */
export function probeModel(modules: ModelExports, seed: number): GPT {
  const model = buildModel(modules, PROBE_CONFIG, seed);
  randomizeWeights(model, seed + 1);
  return model.eval();
}

export const causalMask: CheckFn = (ctx) =>
  noGrad((): CheckOutcome => {
    const modules = { model: candidate(ctx, 'model') };
    const { vocabSize, blockSize: T } = PROBE_CONFIG;
    const model = probeModel(modules, 21);
    const ids = maskProbe(PROBE_CONFIG);
    const evidence: CheckEvidence = { attention: attentionMap(model, ids) };

    const logits = model.forward(ids);
    if (hasNonFinite(logits)) {
      const bad = Array.from({ length: T }, (_, t) => t).filter((t) => hasNonFinite(row(logits, t)));
      return { ...fail(`the logits at position ${bad[0]} are NaN: that position attends to nothing`, [
        `positions with NaN logits: ${bad.join(', ')} of 0..${T - 1}`,
        'A softmax over a row in which every score is -Infinity is 0/0.',
      ]), evidence };
    }

    const leak = findLeak(model, ids, vocabSize, logits);
    if (leak !== null) {
      return { ...fail(`position ${leak.reader} reads position ${leak.source}, which comes after it`, [
        `changing token ${leak.source} changes the logits at position ${leak.reader} by up to ${leak.delta.toPrecision(3)}`,
        'In training, such a position can see the token it is asked to predict.',
      ]), evidence };
    }

    // Same token everywhere, position table zeroed: attention over identical keys and values must
    // return that value at every position, whatever the weights — if they sum to one.
    const wpe = new Map(model.namedParameters()).get('wpe.weight');
    if (wpe !== undefined) {
      wpe.zero_();
      const same = model.forward(tokens(1, 1, vocabSize, 23).expand(1, T).contiguous());
      for (let t = 1; t < T; t++) {
        const delta = difference(row(same, 0), row(same, t)).maxAbs;
        if (delta > 1e-4) {
          return { ...fail(`attention at position ${t} does not average over what it sees: its weights do not sum to 1`, [
            `with the same token at every position and no position signal, positions 0 and ${t} differ by ${delta.toPrecision(3)}`,
          ]), evidence };
        }
      }
    }
    return { ...pass(`no position reads a later one and every position attends over itself and the past (${T} positions probed)`), evidence };
  });
