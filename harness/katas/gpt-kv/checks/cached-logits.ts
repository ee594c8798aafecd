/**
 * cached-logits and chunked-prefill: feeding a sequence in pieces through a KVCache must give, at
 * every position, the logits of one uncached forward over the whole sequence. The candidate's own
 * uncached forward is the oracle, so Part 1 bugs cannot fail these checks — except a leaky mask,
 * which no cache can reproduce (then: skip, blocked by causal-mask).
 */
import { noGrad, type Tensor } from '../../../../tensor';
import type { CheckFn, CheckOutcome } from '../../../check';
import { maskBroken, probeModel } from './causal-mask';
import { candidate, checkLogitsShape, difference, fail, type GPT, notImplemented, pass, PROBE_CONFIG, skip, tokens, TOLERANCE } from './common';
import { traceModules } from './trace';

/** The first block whose output at `position` differs between the cached and uncached runs. */
function divergingBlock(model: GPT, cached: () => Tensor, ids: Tensor, start: number, length: number): string {
  const full = traceModules(model, () => model.forward(ids)).calls;
  const step = traceModules(model, cached).calls;
  for (const c of step) {
    if (!/^blocks\.\d+(\.attn|\.mlp)?$/.test(c.path)) continue;
    const u = full.find((f) => f.path === c.path);
    if (u === undefined || c.output.shape.length !== 3) continue;
    if (difference(c.output, u.output.narrow(1, start, length)).maxAbs > TOLERANCE) return c.path;
  }
  return 'the embeddings (before the first block)';
}

function runChunks(ctx: Parameters<CheckFn>[0], chunks: number[], label: string): CheckOutcome {
  const modules = { model: candidate(ctx, 'model') };
  const { KVCache } = candidate(ctx, 'kvcache');
  const config = PROBE_CONFIG;
  return noGrad((): CheckOutcome => {
    const model = probeModel(modules, 51);
    const B = 2, T = chunks.reduce((a, b) => a + b, 0);
    const ids = tokens(B, T, config.vocabSize, 52);
    const full = model.forward(ids);
    let cache: InstanceType<typeof KVCache>;
    try {
      cache = new KVCache(config, B);
      void cache.length;
    } catch (error) {
      const outcome = notImplemented(error);
      if (outcome !== null) return outcome;
      throw error;
    }
    if (maskBroken(model, config)) {
      return skip('blocked by causal-mask: the uncached forward reads later positions or gives NaN, so no cache can match it');
    }
    let start = 0;
    const steps: string[] = [];
    for (const [i, n] of chunks.entries()) {
      const chunk = ids.narrow(1, start, n);
      const run = () => model.forward(chunk, cache);
      let out: Tensor;
      try {
        out = run();
      } catch (error) {
        const outcome = notImplemented(error);
        if (outcome !== null) return outcome;
        throw error;
      }
      const shapeProblem = checkLogitsShape(out, B, n, config.vocabSize, `forward of ${n} new token(s) with the cache`);
      if (shapeProblem !== null) return fail(shapeProblem);
      const delta = difference(out, full.narrow(1, start, n)).maxAbs;
      const where = n === 1 ? `position ${start}` : `positions ${start}..${start + n - 1}`;
      if (delta > TOLERANCE) {
        cache.reset();
        const replayCache = new KVCache(config, B);
        if (start > 0) model.forward(ids.narrow(1, 0, start), replayCache);
        const block = divergingBlock(model, () => model.forward(chunk, replayCache), ids, start, n);
        return fail(`${label} ${i + 1} (${where}): logits differ from the uncached forward by up to ${delta.toPrecision(3)}`, [
          `the cache held ${start} position(s) before this step; first differing layer output: ${block}`,
          ...steps,
        ]);
      }
      if (cache.length !== start + n) return fail(`after ${label} ${i + 1} the cache reports length ${cache.length}; expected ${start + n}`);
      steps.push(`${label} ${i + 1}: ${n} token(s) at ${where} match (max |Δ| ${delta.toExponential(1)})`);
      start += n;
    }
    return pass(`${chunks.length} ${label}s over ${T} positions match the uncached logits`, steps);
  });
}

/** Prefill of 3, then single tokens. */
export const cachedLogits: CheckFn = (ctx) => runChunks(ctx, [3, 1, 1, 1, 1, 1], 'step');

/** Mixed chunks after a non-empty cache. */
export const chunkedPrefill: CheckFn = (ctx) => runChunks(ctx, [2, 3, 1, 2], 'chunk');
