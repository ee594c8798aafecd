/**
 * overfit: the candidate's own trainStep must memorise a fixed 4×16 batch. Judged by the harness's
 * own shifted loss and by greedy replay from each sequence's first token: a leaky mask or an unshifted
 * loss can make the candidate's loss small, but cannot replay tokens the model has not yet produced.
 */
import { Generator, noGrad, optim, tensor, type Tensor } from '../../../../tensor';
import type { CheckFn } from '../../../check';
import { sparkline } from '../../../doc/sparkline';
import { buildModel, candidate, fail, type GPT, type GPTConfig, greedy, nextTokenLoss, pass } from './common';

const OVERFIT_CONFIG: GPTConfig = { vocabSize: 24, blockSize: 16, nLayer: 2, nHead: 2, nEmbd: 32, dropout: 0, bias: true };
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

/** The harness's own next-token loss on the batch, from the model in eval mode. */
function evalLoss(model: GPT, batch: Tensor): number {
  const logits = noGrad(() => model.eval().forward(batch));
  model.train();
  return nextTokenLoss(logits, batch);
}

/** The sequences that greedy decoding from their first token does not reproduce, with where each goes wrong. */
function replayMisses(model: GPT, batch: Tensor): string[] {
  const [B, T] = batch.shape;
  const replayed = greedy(model, batch.narrow(1, 0, 1), T - 1).toArray();
  const target = batch.toArray();
  const misses: string[] = [];
  for (let b = 0; b < B; b++) {
    const t = replayed.slice(b * T, (b + 1) * T).findIndex((x, i) => x !== target[b * T + i]);
    if (t >= 0) misses.push(`sequence ${b + 1} goes wrong at token ${t}`);
  }
  return misses;
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
  const curve = [evalLoss(model, batch)];
  let steps = 0;
  let reported = NaN;
  while (steps < MAX_STEPS) {
    reported = Number(await trainStep(model, optimizer, batch)); // awaited: a hung promise is then a timeout, not a silent NaN
    steps++;
    if (steps % EVAL_EVERY === 0 || steps === MAX_STEPS) {
      curve.push(evalLoss(model, batch));
      if (curve[curve.length - 1] < TARGET_LOSS) break;
    }
  }
  const final = curve[curve.length - 1];
  const misses = replayMisses(model, batch);
  const reproduced = BATCH - misses.length;
  const evidence = { lossCurve: curve, lossEvery: EVAL_EVERY, lossBaseline: lnV };
  const details = [
    `next-token loss ${curve[0].toFixed(3)} → ${final.toFixed(3)} in ${steps} steps (ln V = ${lnV.toFixed(3)}; target < ${TARGET_LOSS})  ${sparkline(curve)}`,
    `your trainStep reported ${Number.isFinite(reported) ? reported.toFixed(3) : String(reported)} on its last step`,
    `greedy replay from the first token reproduces ${reproduced}/${BATCH} sequences${misses.length > 0 ? `: ${misses.join('; ')}` : ''}`,
  ];
  if (Math.abs(curve[0] - lnV) > 1) details.push(`the initial loss ${curve[0].toFixed(2)} is far from ln V: the model starts out confidently wrong`);
  if (!(final < TARGET_LOSS)) return { ...fail(`the batch is not memorised: next-token loss ${final.toFixed(3)} after ${steps} steps`, details), evidence };
  if (reproduced < BATCH) return { ...fail(`the loss is low but greedy replay reproduces only ${reproduced}/${BATCH} sequences`, details), evidence };
  return { ...pass(`memorised 4×16 tokens in ${steps} steps (loss ${curve[0].toFixed(2)} → ${final.toFixed(3)}); replay reproduces all ${BATCH}`, details), evidence };
};
