/**
 * loss-shift: black-box test of lmLoss on crafted logits. The expected value is computed here from
 * first principles (log-softmax at t, target t+1), so any correct formulation passes.
 */
import { Generator, randn, tensor, type Tensor } from '../../../../tensor';
import type { CheckFn } from '../../../check';
import { candidate, fail, nextTokenLoss, pass, tokens } from './common';

/** Logits that put most of the mass on the next token (the last position predicts nothing). */
function nextTokenLogits(ids: Tensor, V: number): Tensor {
  const [B, T] = ids.shape;
  const y = ids.toFloat32Array();
  const x = new Float32Array(B * T * V);
  for (let b = 0; b < B; b++) for (let t = 0; t < T - 1; t++) x[(b * T + t) * V + y[b * T + t + 1]] = 8;
  return tensor(x, [B, T, V]);
}

export const lossShift: CheckFn = (ctx) => {
  const { lmLoss } = candidate(ctx, 'train');
  const B = 3, T = 7, V = 11;
  const ids = tokens(B, T, V, 11);
  const cases = [
    { name: 'logits that predict the next token', logits: nextTokenLogits(ids, V) },
    { name: 'random logits', logits: randn([B, T, V], { generator: new Generator(12) }).mul(2) },
  ];
  const details: string[] = [];
  for (const c of cases) {
    const expected = nextTokenLoss(c.logits, ids);
    const out = lmLoss(c.logits, ids) as unknown;
    if (typeof out !== 'object' || out === null || typeof (out as Tensor).item !== 'function' || (out as Tensor).size !== 1) {
      return fail(`lmLoss must return a one-element Tensor; it returned ${String(out)}`);
    }
    const got = (out as Tensor).item();
    details.push(`${c.name}: lmLoss = ${got.toFixed(4)}, next-token cross-entropy = ${expected.toFixed(4)}`);
    if (!(Math.abs(got - expected) <= 1e-4 * Math.max(1, Math.abs(expected)))) {
      return fail(`lmLoss gives ${got.toFixed(4)} on ${c.name}, where the next-token loss is ${expected.toFixed(4)}`, [
        `logits (B, T, V) = (${B}, ${T}, ${V}); position t must be scored against token t+1, averaged over ${B * (T - 1)} predictions`,
        ...details,
      ]);
    }
  }
  return pass('lmLoss equals the next-token cross-entropy on crafted and random logits', details);
};
