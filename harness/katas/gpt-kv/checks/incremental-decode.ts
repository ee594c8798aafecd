/**
 * incremental-decode: proves with the engine's work counters, not with time, that cached generation
 * runs each token through the model once: P + N − 1 rows per attention projection for a prompt of P
 * tokens and N new ones (uncached decoding costs Σ (P + i)).
 */
import { counters, nn, noGrad } from '../../../../tensor';
import type { CheckFn, CheckOutcome } from '../../../check';
import { probeModel } from './causal-mask';
import { candidate, fail, type GPT, notImplemented, pass, PROBE_CONFIG, tokens } from './common';
import { patchForward } from './trace';

export const incrementalDecode: CheckFn = (ctx) => {
  const modules = { model: candidate(ctx, 'model') };
  const { generate } = candidate(ctx, 'generate');
  const config = PROBE_CONFIG;
  const model = probeModel(modules, 61);
  const P = 3, N = 4;
  const prompt = tokens(1, P, config.vocabSize, 62);
  const projections = [...model.namedModules()].filter(([path, m]) => /^blocks\.\d+\.attn\./.test(path) && m instanceof nn.Linear);
  if (projections.length === 0) return fail('no Linear layers found under blocks.N.attn: the attention projections are part of the contract');

  const rowsPerCall: number[] = [];
  const restore = patchForward<GPT['forward']>(model, (forward) => function (this: GPT, idx, cache) {
    rowsPerCall.push(idx.size);
    return forward.call(this, idx, cache);
  });
  counters.reset();
  try {
    noGrad(() => generate(model, prompt, { maxNewTokens: N, useCache: true }));
  } catch (error) {
    const outcome: CheckOutcome | null = notImplemented(error);
    if (outcome !== null) return outcome;
    throw error;
  } finally {
    restore();
  }
  const expected = P + N - 1;
  const uncached = Array.from({ length: N }, (_, i) => P + i).reduce((a, b) => a + b, 0);
  const rows = projections.map(([path, m]) => [path, counters.module(m).rows] as const);
  const evidence = { rowsPerStep: rowsPerCall };
  const details = [
    `tokens fed to model.forward per call: ${rowsPerCall.join(', ')}`,
    `rows per attention projection: ${rows.map(([p, r]) => `${p} ${r}`).join(', ')}`,
    `a prompt of ${P} and ${N} new tokens needs ${expected} rows per projection with a cache (${uncached} without)`,
  ];
  const worst = rows.reduce((a, b) => (b[1] > a[1] ? b : a));
  if (worst[1] > expected) return { ...fail(`${worst[0]} processed ${worst[1]} rows, where ${expected} suffice: past tokens are recomputed, or the last new token is run needlessly`, details), evidence };
  const prefill = rowsPerCall.findIndex((_, i) => rowsPerCall.slice(0, i + 1).reduce((a, b) => a + b, 0) >= P);
  if (rowsPerCall.slice(prefill + 1).some((n) => n !== 1)) return { ...fail('after the prompt, a step fed more than one token to the model', details), evidence };
  if (worst[1] < expected) return { ...fail(`${worst[0]} processed only ${worst[1]} rows; ${expected} are needed to produce ${N} tokens`, details), evidence };
  return { ...pass(`after the prompt each step runs one token: ${worst[1]} rows per projection (uncached: ${uncached})`, details), evidence };
};
