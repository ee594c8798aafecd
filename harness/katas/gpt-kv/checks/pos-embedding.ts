/** pos-embedding: the position table's shape, trainability, gradient flow and initial scale. */
import type { CheckFn } from '../../../check';
import { buildModel, candidate, fail, fmtShape, pass, PROBE_CONFIG, reference, tokens } from './common';

/** Largest std we accept at init: GPT-2 uses 0.02; 0.1 leaves room for other small choices. */
const MAX_INIT_STD = 0.1;

export const posEmbedding: CheckFn = (ctx) => {
  const modules = { model: candidate(ctx, 'model') };
  const config = PROBE_CONFIG;
  const model = buildModel(modules, config, 3);
  const wpe = new Map(model.namedParameters()).get('wpe.weight');
  if (wpe === undefined) {
    return fail('the model has no parameter named wpe.weight', [
      'The position table is part of the contract: an nn.Embedding named wpe on GPT, so its weight is wpe.weight.',
    ]);
  }
  const expected = [config.blockSize, config.nEmbd];
  if (wpe.shape.join() !== expected.join()) {
    return fail(`wpe.weight has shape ${fmtShape(wpe.shape)}; expected [blockSize, nEmbd] = ${fmtShape(expected)}`, [
      `probe config: vocabSize ${config.vocabSize}, blockSize ${config.blockSize}, nEmbd ${config.nEmbd}`,
    ]);
  }
  if (!wpe.requiresGrad) return fail('wpe.weight does not require gradients, so the optimiser can never change it');

  const values = wpe.toFloat32Array();
  const mean = values.reduce((s, x) => s + x, 0) / values.length;
  const std = Math.sqrt(values.reduce((s, x) => s + (x - mean) ** 2, 0) / values.length);
  if (!(std <= MAX_INIT_STD && Math.abs(mean) <= MAX_INIT_STD / 2)) {
    return fail(`wpe.weight starts with mean ${mean.toFixed(3)} and std ${std.toFixed(3)}; a small init like the token embeddings' is expected`, [
      `accepted: std ≤ ${MAX_INIT_STD} and |mean| ≤ ${MAX_INIT_STD / 2}; wte.weight std for comparison: ${stdOf(model, 'wte.weight')}`,
    ]);
  }

  const { lmLoss } = reference(ctx, 'train');
  model.train();
  model.zeroGrad();
  const ids = tokens(2, config.blockSize, config.vocabSize, 5);
  lmLoss(model.forward(ids), ids).backward();
  if (wpe.grad === null) {
    return fail('no gradient reaches wpe.weight after backward, so the position table never trains', [
      'wpe.weight requires grad, but the forward pass does not connect it to the loss.',
    ]);
  }
  return pass(`wpe.weight is a trainable ${fmtShape(wpe.shape)} table, init std ${std.toFixed(3)}, and receives gradients`);
};

function stdOf(model: { namedParameters(): Iterable<[string, { toFloat32Array(): Float32Array }]> }, name: string): string {
  const p = new Map(model.namedParameters()).get(name);
  if (p === undefined) return 'n/a';
  const v = p.toFloat32Array();
  const m = v.reduce((s, x) => s + x, 0) / v.length;
  return Math.sqrt(v.reduce((s, x) => s + (x - m) ** 2, 0) / v.length).toFixed(3);
}
