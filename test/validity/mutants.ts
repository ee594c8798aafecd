/**
 * Wrong solutions a candidate might hand in, written as edits on the reference solution. Each names
 * the checks it must fail; the validity test runs every check on every mutant and the table in
 * docs/validity.md records all verdicts. These are beyond the seeded variants of the manifest.
 */
import type { Edit } from '../../harness/manifest';
import { model, kvcache, train, generate } from './edits';

export interface Mutant {
  id: string;
  description: string;
  edits: Edit[];
  /** Checks that must not pass (fail, error or a justified skip). */
  mustFail: string[];
}


const APPEND_LINE = '    if (cache !== undefined) [k, v] = cache.append(k, v); // (B, nh, past + T, hs)\n';
const MASK_LINE = 'const visible = this.causal.narrow(2, Tk - T, T).narrow(3, 0, Tk); // (1, 1, T, Tk)';
const CACHED_STEP = '      input = idx.narrow(1, idx.shape[1] - 1, 1); // only the newest token';

export const mutants: Mutant[] = [
  {
    id: 'no-position-offset',
    description: 'cached forward restarts positions at 0 instead of the cache length',
    edits: [model('const pos = arange(past, past + T); // (T)', 'const pos = arange(0, T); // (T)')],
    mustFail: ['cached-logits', 'greedy-equal'],
  },
  {
    id: 'position-offset-off-by-one',
    description: 'positions start at cache length - 1',
    edits: [model('const past = cache?.length ?? 0;', 'const past = cache !== undefined && cache.length > 0 ? cache.length - 1 : 0;')],
    mustFail: ['cached-logits'],
  },
  {
    id: 'append-after-attention',
    description: 'keys and values are appended to the cache after attention, so a new token attends only to itself',
    edits: [
      model(APPEND_LINE, ''),
      model('    let y = att.matmul(v); // (B, nh, T, hs)\n', '    let y = att.matmul(v); // (B, nh, T, hs)\n    if (cache !== undefined) cache.append(k, v);\n'),
    ],
    mustFail: ['cached-logits', 'greedy-equal'],
  },
  {
    id: 'cache-returns-new-only',
    description: 'LayerCache.append stores the new entries but returns only them, not the history',
    edits: [kvcache('    return [this.keys.narrow(2, 0, this.filled), this.values.narrow(2, 0, this.filled)];', '    return [k, v];')],
    mustFail: ['kvcache-api', 'cached-logits'],
  },
  {
    id: 'keys-values-swapped',
    description: 'the cache writes keys into the value buffer and values into the key buffer',
    edits: [
      kvcache(
        '    this.keys.narrow(2, this.filled, T).copy_(k);\n    this.values.narrow(2, this.filled, T).copy_(v);',
        '    this.keys.narrow(2, this.filled, T).copy_(v);\n    this.values.narrow(2, this.filled, T).copy_(k);',
      ),
    ],
    mustFail: ['kvcache-api', 'cached-logits'],
  },
  {
    id: 'step-mask-from-first-row',
    description: 'the mask for new queries is taken from the first rows of the causal pattern, not rows past..past+T-1',
    edits: [model(MASK_LINE, 'const visible = this.causal.narrow(2, 0, T).narrow(3, 0, Tk); // (1, 1, T, Tk)')],
    mustFail: ['cached-logits', 'greedy-equal'],
  },
  {
    id: 'mask-only-without-cache',
    description: 'the causal mask is applied only when the cache is empty, so a chunk after the prompt sees its own future',
    edits: [model('    att = att.maskedFill(visible.eq(0), -Infinity);', '    if (Tk === T) att = att.maskedFill(visible.eq(0), -Infinity);')],
    mustFail: ['chunked-prefill'],
  },
  {
    id: 'cached-path-recomputes',
    description: 'with useCache, every step resets the cache and re-runs the whole context',
    edits: [generate('    if (cache.length > 0 && cache.length < context) {', '    if (cache.length < 0) {')],
    mustFail: ['incremental-decode'],
  },
  {
    id: 'previous-token-refed',
    description: 'each cached step feeds the last two tokens, so every token enters the cache twice',
    edits: [generate(CACHED_STEP, '      input = idx.narrow(1, Math.max(0, idx.shape[1] - 2), Math.min(2, idx.shape[1]));')],
    mustFail: ['incremental-decode', 'greedy-equal'],
  },
  {
    id: 'cache-shared-across-layers',
    description: 'KVCache hands the same LayerCache to every layer',
    edits: [kvcache('    const cache = this.layers[i];', '    const cache = i < this.layers.length ? this.layers[0] : undefined;')],
    mustFail: ['kvcache-api', 'cached-logits'],
  },
  {
    id: 'cache-kept-between-calls',
    description: 'generate keeps one cache for the process, so a second call starts from stale entries',
    edits: [
      generate('  const cache = new KVCache(model.config, prompt.shape[0]);', '  const cache = (sharedCache ??= new KVCache(model.config, prompt.shape[0]));'),
      generate('/** The next token of each row', 'let sharedCache: KVCache | undefined;\n\n/** The next token of each row'),
    ],
    mustFail: ['greedy-equal'],
  },
  {
    id: 'softmax-over-queries',
    description: 'attention softmax normalises over queries (dim -2) instead of keys',
    edits: [model('    att = att.softmax(-1);', '    att = att.softmax(-2);')],
    mustFail: ['causal-mask'],
  },
  {
    id: 'loss-shift-by-slice-wrong-way',
    description: 'loss written with slice(): logits from position 1, targets from position 0',
    edits: [
      train(
        '  const predictions = logits.narrow(1, 0, T - 1).reshape(B * (T - 1), V);\n  const targets = tokens.narrow(1, 1, T - 1).reshape(B * (T - 1));',
        '  const predictions = logits.slice(1, 1).reshape(B * (T - 1), V);\n  const targets = tokens.slice(1, 0, -1).reshape(B * (T - 1));',
      ),
    ],
    mustFail: ['loss-shift'],
  },
  {
    id: 'loss-mean-over-all-positions',
    description: 'targets padded with token 0 instead of an ignored index, so the last position is scored too',
    edits: [
      train(
        '  const predictions = logits.narrow(1, 0, T - 1).reshape(B * (T - 1), V);\n  const targets = tokens.narrow(1, 1, T - 1).reshape(B * (T - 1));\n  return crossEntropy(predictions, targets);',
        '  const targets = cat([tokens.narrow(1, 1, T - 1), zeros(B, 1)], 1).reshape(B * T);\n  return crossEntropy(logits.reshape(B * T, V), targets);',
      ),
      train("import { crossEntropy, Generator, optim, stack, type Tensor } from 'minigpt-kata/tensor';", "import { cat, crossEntropy, Generator, optim, stack, zeros, type Tensor } from 'minigpt-kata/tensor';"),
    ],
    mustFail: ['loss-shift'],
  },
  {
    id: 'pos-embedding-requires-grad-off',
    description: 'the position table is frozen through requiresGrad_(false)',
    edits: [model('    this.wpe.weight.normal_(0, 0.02);\n', '    this.wpe.weight.normal_(0, 0.02).requiresGrad_(false);\n')],
    mustFail: ['pos-embedding'],
  },
  {
    id: 'pos-embedding-zero-std-large-mean',
    description: 'position table initialised around 1 instead of 0',
    edits: [model('    this.wpe.weight.normal_(0, 0.02);\n', '    this.wpe.weight.normal_(1, 0.02);\n')],
    mustFail: ['pos-embedding'],
  },
  {
    id: 'token-ids-as-positions',
    description: 'the position table is indexed with the token ids',
    edits: [model('const posEmb = this.wpe.forward(pos); // (T, C)', 'const posEmb = this.wpe.forward(idx); // (T, C)')],
    mustFail: ['forward-match'],
  },
  {
    id: 'dropout-on-at-generation',
    description: 'generate never switches the model to eval mode',
    edits: [generate('    model.eval();\n', '')],
    mustFail: ['greedy-equal'],
  },
  {
    id: 'samples-by-default',
    description: 'generate samples with temperature 1 unless told otherwise',
    edits: [generate('const { maxNewTokens, useCache = false, temperature = 0, topK, seed = 0 } = options;', 'const { maxNewTokens, useCache = false, temperature = 1, topK, seed = 0 } = options;')],
    mustFail: ['greedy-equal'],
  },
  {
    id: 'head-merge-mixes-time',
    description: 'heads are merged without transposing back, mixing heads and time',
    edits: [model('y = y.transpose(1, 2).contiguous().view(B, T, C);', 'y = y.contiguous().view(B, T, C);')],
    mustFail: ['causal-mask'],
  },
  {
    id: 'scale-applied-twice',
    description: 'queries are pre-scaled and the scores are scaled again',
    edits: [model('let att = q.matmul(k.transpose(-2, -1))', 'let att = q.mul(1 / Math.sqrt(hs)).matmul(k.transpose(-2, -1))')],
    mustFail: ['forward-match'],
  },
  {
    id: 'residual-from-normed-input',
    description: 'the attention residual adds to the normalised input instead of x',
    edits: [model('    x = x.add(this.attn.forward(this.ln1.forward(x), cache));', '    const h = this.ln1.forward(x);\n    x = h.add(this.attn.forward(h, cache));')],
    mustFail: ['forward-match'],
  },
  {
    id: 'relu-for-gelu',
    description: 'the MLP uses ReLU instead of its GELU module',
    edits: [model('this.proj.forward(this.gelu.forward(this.fc.forward(x)))', 'this.proj.forward(this.fc.forward(x).relu())')],
    mustFail: ['forward-match'],
  },
  {
    id: 'no-zero-grad',
    description: 'trainStep never clears gradients, so they accumulate across steps',
    edits: [train('  optimizer.zeroGrad();\n  const loss', '  const loss')],
    mustFail: ['overfit'],
  },
  {
    id: 'step-before-backward',
    description: 'trainStep updates the weights before computing gradients',
    edits: [train('  loss.backward();\n  optimizer.step();', '  optimizer.step();\n  loss.backward();')],
    mustFail: ['overfit'],
  },
  {
    id: 'cache-length-counts-appends',
    description: 'the cache length counts append calls rather than positions',
    edits: [kvcache('    this.filled += T;\n    return [this.keys.narrow(2, 0, this.filled), this.values.narrow(2, 0, this.filled)];', '    this.filled += T;\n    this.appends++;\n    return [this.keys.narrow(2, 0, this.filled), this.values.narrow(2, 0, this.filled)];'),
      kvcache('  get length(): number {\n    return this.filled;\n  }', '  private appends = 0;\n\n  get length(): number {\n    return this.appends;\n  }'),
    ],
    mustFail: ['kvcache-api'],
  },
  {
    id: 'cached-step-without-cache',
    description: 'after the prompt, cached steps call forward without passing the cache',
    edits: [generate('    const logits = model.forward(input, cache); // (B, T_in, V)', '    const logits = cache.length === 0 ? model.forward(input, cache) : model.forward(input); // (B, T_in, V)')],
    mustFail: ['greedy-equal'],
  },
  {
    id: 'one-token-short',
    description: 'the cached loop stops one token early',
    edits: [generate('  for (let step = 0; step < maxNewTokens; step++) {\n    let input: Tensor;', '  for (let step = 0; step < maxNewTokens - 1; step++) {\n    let input: Tensor;')],
    mustFail: ['greedy-equal'],
  },
];
