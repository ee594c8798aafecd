/** pos-embedding: the position table's shape, trainability, gradient flow and initial scale. */
import type { CheckFn } from '../../../check';
import { sameShape } from '../../../../tensor';
import { buildModel, candidate, fail, fmtShape, meanStd, pass, PROBE_CONFIG, reference, tokens } from './common';

/** Largest std we accept at init: GPT-2 uses 0.02; 0.1 leaves room for other small choices. */
const MAX_INIT_STD = 0.1;

export const posEmbedding: CheckFn = (ctx) => {
  const modules = { model: candidate(ctx, 'model') };
  const config = PROBE_CONFIG;
  const model = buildModel(modules, config, 3);
  const params = new Map(model.namedParameters());
  const wpe = params.get('wpe.weight'), wte = params.get('wte.weight');
  if (wpe === undefined) {
    return fail('the model has no parameter named wpe.weight', [
      'The position table is part of the contract: an nn.Embedding named wpe on GPT, so its weight is wpe.weight.',
    ]);
  }
  const expected = [config.blockSize, config.nEmbd];
  if (!sameShape(wpe.shape, expected)) {
    return fail(`wpe.weight has shape ${fmtShape(wpe.shape)}; expected [blockSize, nEmbd] = ${fmtShape(expected)}`, [
      `probe config: vocabSize ${config.vocabSize}, blockSize ${config.blockSize}, nEmbd ${config.nEmbd}`,
    ]);
  }
  if (!wpe.requiresGrad) return fail('wpe.weight does not require gradients, so the optimiser can never change it');

  const { mean, std } = meanStd(wpe);
  if (!(std <= MAX_INIT_STD && Math.abs(mean) <= MAX_INIT_STD / 2)) {
    return fail(`wpe.weight starts with mean ${mean.toFixed(3)} and std ${std.toFixed(3)}; a small init like the token embeddings' is expected`, [
      `accepted: std ≤ ${MAX_INIT_STD} and |mean| ≤ ${MAX_INIT_STD / 2}; wte.weight std for comparison: ${wte === undefined ? 'n/a' : meanStd(wte).std.toFixed(3)}`,
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
