/**
 * forward-match: with the reference's weights loaded, the candidate's modules must compute the
 * reference's outputs. Both forwards are traced module by module and the first divergence is named.
 *
 * Blind to the mask (causal-mask's job): when the first divergence is inside an attention module,
 * its parts are compared where no mask formulation can reach — scores before softmax at positions
 * both models keep, and the output given the candidate's own attention weights — and the reference
 * attention then stands in for it, so the layers after it are still compared.
 */
import { noGrad, sameShape, setOpObserver, type nn, type Tensor } from '../../../../tensor';
import type { CheckFn, CheckOutcome } from '../../../check';
import {
  buildModel, candidate, checkLogitsShape, close, difference, fail, loadLenient, pass, PROBE_CONFIG,
  randomizeWeights, reference, skip, tokens, TOLERANCE,
} from './common';
import { maskBroken } from './causal-mask';
import { findCall, patchForward, traceModules, type ModuleCall } from './trace';

interface Divergence {
  path: string;
  kind: 'missing' | 'value';
  delta: number;
  inputMatches: boolean;
}

function isTensor(x: unknown): x is Tensor {
  return typeof x === 'object' && x !== null && 'shape' in x && typeof (x as Tensor).toFloat32Array === 'function';
}

function firstDivergence(ref: readonly ModuleCall[], cand: readonly ModuleCall[], ignore: (path: string) => boolean): Divergence | null {
  for (const r of ref) {
    if (ignore(r.path)) continue;
    const c = findCall(cand, r.path, r.call);
    if (c === undefined) return { path: r.path, kind: 'missing', delta: Infinity, inputMatches: false };
    const inputMatches = isTensor(c.input) && isTensor(r.input) && close(c.input, r.input);
    if (!isTensor(c.output) || !sameShape(c.output.shape, r.output.shape)) return { path: r.path, kind: 'value', delta: Infinity, inputMatches };
    const delta = difference(c.output, r.output).maxAbs;
    if (delta > TOLERANCE) return { path: r.path, kind: 'value', delta, inputMatches };
  }
  return null;
}

/**
 * Every traced module matched, yet the logits differ: the difference lies in GPT.forward itself, after
 * its last module call. The root is not traced (its call is the one being run), so name it here.
 */
function atRoot(logits: Tensor, expected: Tensor): Divergence {
  return { path: '', kind: 'value', delta: difference(logits, expected).maxAbs, inputMatches: true };
}

const parentOf = (path: string) => (path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : '');
const describe = (path: string) => (path === '' ? 'GPT.forward' : `the forward of ${path}`);

function report(d: Divergence, ref: readonly ModuleCall[]): CheckOutcome {
  if (d.kind === 'missing') {
    const order = ref.filter((c) => c.call === 0).map((c) => c.path);
    const i = order.indexOf(d.path);
    return fail(`${d.path} never runs, where the reference runs it`, [
      `reference order around it: ${order.slice(Math.max(0, i - 2), i + 2).join(' → ')}`,
      `look at ${describe(parentOf(d.path))}`,
    ]);
  }
  const size = Number.isFinite(d.delta) ? `max |Δ| ${d.delta.toPrecision(3)}` : 'a different shape or non-finite values';
  if (d.path === '') {
    return fail(`GPT.forward returns different logits (${size}), although every module in it matches the reference`, [
      'the difference is in GPT.forward after its last module call: look at what it does with the logits before returning them',
    ]);
  }
  return d.inputMatches
    ? fail(`${d.path} computes a different output from the same input (${size})`, [`the difference is inside ${describe(d.path)}`])
    : fail(`${d.path} receives a different input than in the reference (${size} at its output), although everything before it matched`, [
        `look at the code that feeds it: ${describe(parentOf(d.path))}`,
      ]);
}

interface AttentionParts {
  out: Tensor;
  /** The scores entering softmax, (…, T, T). */
  scores?: Tensor;
  /** The weights and values of the final weights @ values product. */
  weights?: Tensor;
  values?: Tensor;
}

/** Runs an attention forward and picks its scores, weights and values out of the op stream. */
function captureAttention(run: () => Tensor, T: number): AttentionParts {
  const parts: Partial<AttentionParts> = {};
  const isTxT = (t: Tensor | undefined) => t !== undefined && t.ndim === 4 && t.shape[2] === T && t.shape[3] === T;
  setOpObserver((op, _out, inputs) => {
    if (op === 'softmax' && parts.scores === undefined && isTxT(inputs[0])) parts.scores = inputs[0];
    if (op === 'matmul' && isTxT(inputs[0]) && inputs[1]?.ndim === 4 && inputs[1].shape[2] === T) [parts.weights, parts.values] = inputs;
  });
  try {
    const out = run(); // before reading parts: the observer fills them while it runs
    return { ...parts, out };
  } finally {
    setOpObserver(null);
  }
}

/** Largest difference over entries finite in both (positions both masks keep). */
function keptDifference(a: Tensor, b: Tensor): number {
  const x = a.toFloat32Array(), y = b.toFloat32Array();
  let max = 0;
  for (let i = 0; i < x.length; i++) if (Number.isFinite(x[i]) && Number.isFinite(y[i])) max = Math.max(max, Math.abs(x[i] - y[i]));
  return max;
}

type AttentionModule = nn.Module & { forward(x: Tensor, cache?: unknown): Tensor; proj: { forward(x: Tensor): Tensor } };

/** null when the attention agrees with the reference up to its mask; otherwise what differs. */
function compareAttention(path: string, cand: AttentionModule, candForward: AttentionModule['forward'], ref: AttentionModule, x: Tensor): CheckOutcome | 'unknown' | null {
  const [B, T, C] = x.shape;
  const c = captureAttention(() => candForward.call(cand, x), T);
  const r = captureAttention(() => ref.forward(x), T);
  if (c.scores === undefined || c.weights === undefined || r.scores === undefined || r.values === undefined) return 'unknown';
  const scoreDelta = sameShape(c.scores.shape, r.scores.shape) ? keptDifference(c.scores, r.scores) : Infinity;
  if (scoreDelta > TOLERANCE) {
    return fail(`${path}: the attention scores differ from the reference before softmax (max |Δ| ${scoreDelta.toPrecision(3)} at positions both masks keep)`, [
      `the difference is in how ${path} computes q·kᵀ and scales it`,
    ]);
  }
  if (!sameShape(c.weights.shape, r.scores.shape)) return 'unknown';
  const expected = ref.proj.forward(c.weights.matmul(r.values).transpose(1, 2).contiguous().view(B, T, C));
  if (!isTensor(c.out) || !close(c.out, expected)) {
    return fail(`${path}: given its own attention weights, the output differs from the reference`, [
      `the difference is after softmax in ${path}: the values, the merge of the heads, or the output projection`,
    ]);
  }
  return null;
}

export const forwardMatch: CheckFn = (ctx) =>
  noGrad((): CheckOutcome => {
    const modules = { model: candidate(ctx, 'model') };
    const refModules = { model: reference(ctx, 'model') };
    const config = PROBE_CONFIG;
    const refModel = buildModel(refModules, config, 31);
    randomizeWeights(refModel, 32);
    refModel.eval();
    const model = buildModel(modules, config, 31);
    const loaded = loadLenient(model, refModel.stateDict());
    if (loaded.missing.length > 0 || loaded.unexpected.length > 0) {
      return fail("the model's parameter names or shapes differ from the reference, so its weights cannot be loaded", [
        ...(loaded.missing.length > 0 ? [`missing: ${loaded.missing.join(', ')}`] : []),
        ...(loaded.unexpected.length > 0 ? [`unexpected: ${loaded.unexpected.join(', ')}`] : []),
      ]);
    }
    model.eval();
    const ids = tokens(2, config.blockSize, config.vocabSize, 33);
    const refRun = traceModules(refModel, () => refModel.forward(ids));
    const run = traceModules(model, () => model.forward(ids));
    const shapeProblem = checkLogitsShape(run.result, 2, config.blockSize, config.vocabSize, 'GPT.forward');
    if (shapeProblem !== null) return fail(shapeProblem);
    if (close(run.result, refRun.result)) return pass(`logits match the reference (max |Δ| ${difference(run.result, refRun.result).maxAbs.toExponential(1)})`);

    const attentionPaths = [...refModel.namedModules()].filter(([, m]) => m instanceof refModules.model.CausalSelfAttention).map(([p]) => p);
    const inAttention = (path: string) => attentionPaths.some((a) => path === a || path.startsWith(`${a}.`));
    const first = firstDivergence(refRun.calls, run.calls, () => false) ?? atRoot(run.result, refRun.result);
    if (first.kind === 'missing' || !inAttention(first.path)) return report(first, refRun.calls);

    // The first difference is inside attention: compare its mask-free parts, then let the
    // reference attention stand in for it so the rest of the model is still compared.
    const candModules = new Map(model.namedModules());
    const refByPath = new Map(refModel.namedModules());
    let problem: CheckOutcome | 'unknown' | null = null;
    const restore: (() => void)[] = [];
    let rest: Divergence | null;
    try {
      for (const path of attentionPaths) {
        const attn = candModules.get(path) as AttentionModule | undefined;
        if (attn === undefined) return fail(`${path} does not exist in your model`);
        const ref = refByPath.get(path) as AttentionModule;
        restore.push(patchForward<AttentionModule['forward']>(attn, (original) => (x: Tensor) => {
          problem ??= compareAttention(path, attn, original, ref, x);
          return ref.forward(x);
        }));
      }
      const standIn = traceModules(model, () => model.forward(ids));
      const ignored = (p: string) => inAttention(p) && !attentionPaths.includes(p);
      rest = firstDivergence(refRun.calls, standIn.calls, ignored) ?? (close(standIn.result, refRun.result) ? null : atRoot(standIn.result, refRun.result));
    } finally {
      for (const r of restore.reverse()) r();
    }
    if (problem === 'unknown') {
      return maskBroken(model, config)
        ? skip('blocked by causal-mask: the attention differs from the reference and the mask is wrong, so the two cannot be told apart here')
        : fail(`${first.path}: the attention output differs from the reference`, [`look at the forward of ${attentionPaths.find((a) => first.path.startsWith(a))}`]);
    }
    if (problem !== null) return problem;
    if (rest !== null) return report(rest, refRun.calls);
    return pass('every module matches the reference; attention differs only through its mask, which causal-mask judges');
  });
