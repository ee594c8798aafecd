/**
 * overfit: the candidate's own trainStep must memorise a fixed 4×16 batch. Judged by the harness's
 * own shifted loss and by greedy replay from each sequence's first token: a leaky mask or an unshifted
 * loss can make the candidate's loss small, but cannot replay tokens the model has not yet produced.
 */
import { crossEntropy, Generator, noGrad, optim, tensor, type Tensor } from '../../../../tensor';
import type { CheckFn } from '../../../check';
import { sparkline } from '../../../doc/sparkline';
import { buildModel, candidate, fail, type GPT, type GPTConfig, pass } from './common';

export const OVERFIT_CONFIG: GPTConfig = { vocabSize: 24, blockSize: 16, nLayer: 2, nHead: 2, nEmbd: 32, dropout: 0, bias: true };
const BATCH = 4;
const MAX_STEPS = 300;
const TARGET_LOSS = 0.05;
const EVAL_EVERY = 10;

/** 4 random sequences whose first tokens differ, so each is determined by its first token. */
function memoryBatch(config: GPTConfig): Tensor {
  const g = new Generator(2024);
  const rows: number[][] = [];
  for (let b = 0; b < BATCH; b++) {
    const row = Array.from({ length: config.blockSize }, () => g.randint(0, config.vocabSize));
    row[0] = (b * 5) % config.vocabSize;
    rows.push(row);
  }
  return tensor(rows);
}

/** Mean cross-entropy of logits[:, t] against tokens[:, t+1], from the model in eval mode. */
function shiftedLoss(model: GPT, batch: Tensor): number {
  return noGrad(() => {
    const [B, T] = batch.shape;
    const logits = model.eval().forward(batch);
    model.train();
    return crossEntropy(logits.narrow(1, 0, T - 1).reshape(B * (T - 1), -1), batch.narrow(1, 1, T - 1).reshape(-1)).item();
  });
}

/** How many sequences greedy decoding reproduces from their first token. */
function replay(model: GPT, batch: Tensor): number {
  return noGrad(() => {
    model.eval();
    const [B, T] = batch.shape;
    let reproduced = 0;
    for (let b = 0; b < B; b++) {
      const target = batch.select(0, b).toArray();
      const seq = [target[0]];
      for (let t = 1; t < T; t++) seq.push(model.forward(tensor([seq])).select(1, -1).argmax(-1).item());
      if (seq.every((x, i) => x === target[i])) reproduced++;
    }
    model.train();
    return reproduced;
  });
}

export const overfit: CheckFn = async (ctx) => {
  const modules = { model: candidate(ctx, 'model') };
  const { trainStep } = candidate(ctx, 'train');
  const config = OVERFIT_CONFIG;
  const model = buildModel(modules, config, 1337);
  model.train();
  const batch = memoryBatch(config);
  const optimizer = new optim.AdamW(model.parameters(), { lr: 3e-3, weightDecay: 0 });
  const lnV = Math.log(config.vocabSize);
  const curve = [shiftedLoss(model, batch)];
  let steps = 0;
  let reported = NaN;
  while (steps < MAX_STEPS) {
    reported = Number(await trainStep(model, optimizer, batch)); // awaited: a hung promise is then a timeout, not a silent NaN
    steps++;
    if (steps % EVAL_EVERY === 0 || steps === MAX_STEPS) {
      curve.push(shiftedLoss(model, batch));
      if (curve[curve.length - 1] < TARGET_LOSS) break;
    }
  }
  const final = curve[curve.length - 1];
  const reproduced = replay(model, batch);
  const evidence = { lossCurve: curve, lossEvery: EVAL_EVERY, lossBaseline: lnV };
  const details = [
    `next-token loss ${curve[0].toFixed(3)} → ${final.toFixed(3)} in ${steps} steps (ln V = ${lnV.toFixed(3)}; target < ${TARGET_LOSS})  ${sparkline(curve)}`,
    `your trainStep reported ${Number.isFinite(reported) ? reported.toFixed(3) : String(reported)} on its last step`,
    `greedy replay from the first token reproduces ${reproduced}/${BATCH} sequences`,
  ];
  if (Math.abs(curve[0] - lnV) > 1) details.push(`the initial loss ${curve[0].toFixed(2)} is far from ln V: the model starts out confidently wrong`);
  if (!(final < TARGET_LOSS)) return { ...fail(`the batch is not memorised: next-token loss ${final.toFixed(3)} after ${steps} steps`, details), evidence };
  if (reproduced < BATCH) return { ...fail(`the loss is low but greedy replay reproduces only ${reproduced}/${BATCH} sequences`, details), evidence };
  return { ...pass(`memorised 4×16 tokens in ${steps} steps (loss ${curve[0].toFixed(2)} → ${final.toFixed(3)}); replay reproduces all ${BATCH}`, details), evidence };
};
