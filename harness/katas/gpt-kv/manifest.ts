/**
 * The gpt-kv kata: debug a small GPT until it overfits a tiny batch (Part 1), then add a KV cache
 * whose greedy decoding matches the uncached path token for token (Part 2).
 *
 * Variants are literal edits on the reference solution, so the solution is the one source of truth:
 * if it changes under an edit, rendering the starter fails loudly instead of orphaning the variant.
 */
import { parseManifest } from '../../manifest';

const line = (...parts: string[]) => parts.join('\n');

/** The two lines of lmLoss that pair predictions with targets. */
const LOSS_PAIRING = line(
  '  const predictions = logits.narrow(1, 0, T - 1).reshape(B * (T - 1), V);',
  '  const targets = tokens.narrow(1, 1, T - 1).reshape(B * (T - 1));',
);

export const manifest = parseManifest({
  schemaVersion: 1,
  id: 'gpt-kv',
  title: 'Debug a small GPT, then add a KV cache',
  summary:
    'A minimal decoder-only transformer whose training is broken by four silent bugs, and a KV cache left to write. ' +
    'Part 1: make it overfit a tiny batch. Part 2: cached greedy decoding that emits the same tokens as the uncached one.',
  files: [
    { path: 'model.ts', exports: ['GPT'] },
    { path: 'kvcache.ts', exports: ['KVCache'] },
    { path: 'train.ts', exports: ['lmLoss', 'trainStep'] },
    { path: 'generate.ts', exports: ['generate'] },
  ],
  checks: [
    {
      id: 'loss-shift',
      part: 1,
      title: 'the loss scores each position against the next token',
      proves: 'lmLoss(logits, tokens) is the mean cross-entropy of logits[:, t] against tokens[:, t+1] over all batch rows and t < T-1.',
      symptom: 'The training loss drops, but what it rewards is not next-token prediction.',
      hints: [
        'The loss goes down, yet a model trained on it would not predict the next token: the loss is measuring something else.',
        'Look at lmLoss in train.ts: which logits are paired with which targets, and in what order they are flattened.',
        'Position t has seen tokens 0..t, so its logits must be scored against token t+1: predictions from positions 0..T-2, targets from positions 1..T-1, both flattened in the same (batch, time) order.',
      ],
      explain:
        'A causal language model predicts the next token. If the targets are not shifted by exactly one position, the loss rewards ' +
        'copying the current token (trivially easy with a residual stream), or predicting the past, and training "succeeds" on a task nobody asked for. ' +
        'This check calls your lmLoss on crafted logits and compares it with the correctly shifted cross-entropy.',
      timeoutMs: 8000,
      required: true,
    },
    {
      id: 'pos-embedding',
      part: 1,
      title: 'positional embeddings have the right shape, learn, and start small',
      proves: 'wpe.weight is a [blockSize, nEmbd] parameter that receives gradients and is initialised with a small scale (std ≤ 0.1).',
      symptom: 'Positions are hard to tell apart, or the position table never changes during training.',
      hints: [
        'Your model handles positions poorly: the positional table is the wrong size, starts far too large, or never learns.',
        'Look at where GPT creates and initialises wpe, and at how forward adds the position embeddings.',
        'wpe must be a trainable table with one row per position (blockSize rows of nEmbd), initialised like the other weights (normal, std 0.02), and gradients must reach it through forward.',
      ],
      explain:
        'Attention is permutation-invariant: without position information the model sees a bag of tokens. GPT learns one vector per position. ' +
        'It needs exactly blockSize rows, must be trained (a frozen or detached table is random noise forever), and must start small ' +
        '(std 0.02, like the token embeddings) so it does not drown the token signal at initialisation.',
      timeoutMs: 8000,
      required: true,
    },
    {
      id: 'causal-mask',
      part: 1,
      title: 'no position reads the future, and none is starved',
      proves: 'Changing a token never changes the logits of earlier positions, no logit is NaN, and attention weights over the visible positions sum to one.',
      symptom: 'The training loss gets suspiciously low while generation stays poor — or the loss turns NaN.',
      hints: [
        'During training some positions can see the tokens they are asked to predict (or see nothing at all, giving NaN).',
        'Look at the causal mask in CausalSelfAttention: how it is built, which entries it hides, what value they get, and where it is applied relative to softmax.',
        'Query i may attend to keys 0..i only, its own position included; hidden scores must be -Infinity before softmax so their weights are exactly 0 and each row still sums to 1.',
      ],
      explain:
        'In training, all T positions are predicted in parallel from one forward pass. The mask is what makes that honest: position t must ' +
        'not see tokens after t, or it can read the answer. Masking with 0 instead of -Infinity leaves future weights non-zero; masking after softmax ' +
        'breaks normalisation; hiding the diagonal starves position 0 (all -Infinity → NaN). The check perturbs later tokens and watches earlier logits.',
      timeoutMs: 10000,
      required: true,
    },
    {
      id: 'forward-match',
      part: 1,
      title: "with the reference's weights, the forward pass matches",
      proves: "Loaded with the reference's weights, every module's output matches the reference model (the attention mask aside, which causal-mask judges).",
      symptom: "With identical weights your model computes different logits: some layer does something slightly different.",
      hints: [
        "With the reference's weights loaded, your logits differ: some layer computes something other than intended, silently.",
        'The check names the first module whose output diverges. Read the forward of that module and of the module that calls it.',
        'Compare with the architecture, line by line: x + attn(ln1(x)) then x + mlp(ln2(x)); q, k and v each from their own slice; scores scaled by 1/√(head size); fc → GELU → proj in the MLP; the output projection after attention; the final LayerNorm before the head.',
      ],
      explain:
        'Type-correct slips (one LayerNorm used twice, q reused as k, the wrong scale, a dropped residual) do not crash and often still train, ' +
        'just worse. Loading the reference weights turns "trains worse" into an exact comparison: every module must give the reference output, ' +
        'and the first one that does not is where to look.',
      timeoutMs: 10000,
      required: true,
    },
    {
      id: 'overfit',
      part: 1,
      title: 'training memorises a tiny batch',
      proves: 'Your trainStep drives the correctly shifted loss of a fixed 4×16 batch below 0.05, and greedy replay from each first token reproduces all four sequences.',
      symptom: 'The loss on a single repeated batch does not go to ~0, or it does but the model cannot replay the batch.',
      hints: [
        'A model this size should memorise 4 sequences of 16 tokens in a few hundred steps; yours does not, or only appears to.',
        'Fix the other Part 1 checks first. If they pass, look at trainStep in train.ts: clear gradients, forward, loss, backward, step.',
        'Each step must zero old gradients, compute lmLoss on model.forward(tokens), back-propagate, and update every parameter once; the loss must be the one returned.',
      ],
      explain:
        'Overfitting one small batch is the standard smoke test for a training loop (Karpathy, "A Recipe for Training Neural Networks"): ' +
        'if the model cannot memorise 64 tokens, something is broken. The check judges with its own shifted loss and a greedy replay, because ' +
        'a leaky mask or an unshifted loss can fake a low training loss, but cannot replay the sequences from their first tokens.',
      timeoutMs: 30000,
      required: true,
    },
    {
      id: 'kvcache-api',
      part: 2,
      title: 'the cache appends in time order, per layer, and resets',
      proves: 'LayerCache.append returns every key and value so far in time order, length counts positions, layers are separate, and reset empties the cache.',
      symptom: 'The cache loses, reorders, mixes or keeps stale keys and values.',
      hints: [
        'The cache does not behave like a per-layer, append-only store of keys and values.',
        'Look at LayerCache.append, length and reset, and at KVCache.layer and KVCache.length in kvcache.ts.',
        'append(k, v) stores the T new positions after the old ones and returns all keys and all values so far, each (B, nh, length, hs), keys as keys and values as values; each layer has its own storage; reset() makes length 0.',
      ],
      explain:
        'Each attention layer computes its own keys and values, so each needs its own cache. Returning the whole history in time order is what ' +
        'lets a new query attend to every earlier position exactly as the uncached forward does.',
      timeoutMs: 8000,
      required: true,
    },
    {
      id: 'cached-logits',
      part: 2,
      title: 'prefill then one token per step gives the uncached logits',
      proves: 'After prefilling a prompt, each single-token step produces the same logits as the uncached forward at that position.',
      symptom: 'With the cache, the logits drift away from the full forward after the first step.',
      hints: [
        'With the cache, logits differ from a full forward pass over the same tokens.',
        'Look at what a cached forward gives each layer: the positions of the new tokens, and the keys and values they attend over.',
        'New tokens sit at positions cache.length, cache.length+1, …; keys and values are appended before attention; a single new query may see every cached position.',
      ],
      explain:
        'The cache is an optimisation, so it must not change the function: the last row of a full forward and a single-token cached step see the same ' +
        'keys, values and position, and in this engine they are computed by the same loops, so they agree bitwise. The usual slips are a position that ' +
        'restarts at 0, a cache filled after attention, and a mask that hides the past from the new token.',
      timeoutMs: 10000,
      required: true,
    },
    {
      id: 'chunked-prefill',
      part: 2,
      title: 'several new tokens against a non-empty cache are exact too',
      proves: 'Feeding chunks of 2+ tokens after the cache already holds some gives the uncached logits at every new position.',
      symptom: 'Single-token steps are right, but feeding a chunk after the prompt gives different logits.',
      hints: [
        'Feeding several new tokens at once after the cache already holds some gives different logits.',
        'Look at the causal mask when T new queries meet past + T keys.',
        'New query i is at position past + i: it must see keys 0..past + i. The mask is rows past..past+T-1 of the full causal pattern, not a T×T triangle.',
      ],
      explain:
        'Chunked prefill (speculative decoding, long prompts fed in pieces) needs the causal mask offset by the cache length: the new queries see all the past ' +
        'and a causal triangle among themselves. A T×T mask applied to T×(past+T) scores hides the wrong entries.',
      timeoutMs: 10000,
      required: false,
    },
    {
      id: 'incremental-decode',
      part: 2,
      title: 'after prefill, each step runs exactly one new token',
      proves: 'generate with useCache runs P + N − 1 rows through each attention projection for a prompt of P tokens and N new ones (engine counters, not timing).',
      symptom: 'Decoding with the cache is not faster: it still feeds more than the newest token.',
      hints: [
        'Decoding with the cache still does more work than one token per step.',
        'Look at the cached path in generate.ts: what is passed to model.forward after the prompt.',
        'Pre-fill the prompt once, then pass only the newest token, shape (B, 1), with the same cache at every step.',
      ],
      explain:
        'Without a cache, step i recomputes all P + i positions: O(T²) work for T tokens. With it, each step computes one new row per layer: O(T). ' +
        'The engine counts rows through every Linear, so the check proves the saving without timing anything.',
      timeoutMs: 10000,
      required: true,
    },
    {
      id: 'greedy-equal',
      part: 2,
      title: 'greedy generation is identical with and without the cache',
      proves: 'For several prompts, generate emits the same token ids with useCache true and false, and both are the greedy choice of model.forward in eval mode.',
      symptom: 'The cached and uncached generations diverge, or are not greedy.',
      hints: [
        'generate emits different tokens with and without the cache, or not the greedy ones.',
        'Look at generate.ts: how each path picks the next token, the model mode, and where the cache comes from.',
        'Greedy means argmax of the last position\'s logits (no sampling unless a temperature is given); model.eval() turns dropout off; each call needs a fresh, empty cache.',
      ],
      explain:
        'The interview ends with the proof: the same model, the same prompt, the same greedy tokens, with and without the cache. Equal logits make equal ' +
        'argmaxes; a stale cache from a previous call, sampling, or dropout left on breaks it.',
      timeoutMs: 15000,
      required: true,
    },
  ],
  bugs: [
    {
      id: 'label-shift',
      title: 'label shift in the LM loss',
      check: 'loss-shift',
      defaultVariant: 'unshifted-targets',
      variants: [
        {
          id: 'unshifted-targets',
          title: 'targets not shifted',
          what: 'The targets are tokens[:, 0:T-1] instead of tokens[:, 1:T]: each position is scored against its own input token.',
          where: 'train.ts, lmLoss',
          why: 'Predicting the current token is trivial through the residual stream, so the loss collapses while the model learns nothing about the next token.',
          symptom: 'The training loss drops to ~0 within a few dozen steps, yet greedy samples are repetitive garbage.',
          edits: [{ file: 'train.ts', find: 'tokens.narrow(1, 1, T - 1)', replace: 'tokens.narrow(1, 0, T - 1)' }],
        },
        {
          id: 'reversed-shift',
          title: 'shift in the wrong direction',
          what: 'The predictions come from positions 1..T-1 and the targets from 0..T-2: each position is scored against the previous token.',
          where: 'train.ts, lmLoss',
          why: 'The previous token is visible to every position, so the task is copying, not prediction.',
          symptom: 'The loss falls quickly; samples do not continue the prompt.',
          edits: [
            {
              file: 'train.ts',
              find: LOSS_PAIRING,
              replace: line(
                '  const predictions = logits.narrow(1, 1, T - 1).reshape(B * (T - 1), V);',
                '  const targets = tokens.narrow(1, 0, T - 1).reshape(B * (T - 1));',
              ),
            },
          ],
        },
        {
          id: 'shift-after-flatten',
          title: 'shifted after flattening the batch',
          what: 'The batch is flattened first and then shifted by one, so the last position of each row is scored against the first token of the next row.',
          where: 'train.ts, lmLoss',
          why: 'B-1 of the pairs ask the model to predict an unrelated sequence, and the loss averages over B·T-1 pairs instead of B·(T-1).',
          symptom: 'Training mostly works but the loss plateaus above its floor; the mistake is invisible with batch size 1.',
          edits: [
            {
              file: 'train.ts',
              find: LOSS_PAIRING,
              replace: line(
                '  const predictions = logits.reshape(B * T, V).narrow(0, 0, B * T - 1);',
                '  const targets = tokens.reshape(B * T).narrow(0, 1, B * T - 1);',
              ),
            },
          ],
        },
      ],
    },
    {
      id: 'pos-embedding',
      title: 'positional embedding',
      check: 'pos-embedding',
      defaultVariant: 'vocab-rows',
      variants: [
        {
          id: 'vocab-rows',
          title: 'one row per token instead of per position',
          what: 'wpe is built as nn.Embedding(vocabSize, nEmbd), copied from the token embedding line, instead of nn.Embedding(blockSize, nEmbd).',
          where: 'model.ts, GPT constructor',
          why: 'It runs while vocabSize ≥ blockSize, but the table has the wrong meaning and size; with a small vocabulary positions past vocabSize crash.',
          symptom: 'The parameter count is off; wpe.weight has vocabSize rows; an index error appears when vocabSize < blockSize.',
          edits: [{ file: 'model.ts', find: 'this.wpe = new nn.Embedding(config.blockSize, config.nEmbd);', replace: 'this.wpe = new nn.Embedding(config.vocabSize, config.nEmbd);' }],
        },
        {
          id: 'unit-std',
          title: 'initialised with std 1',
          what: 'The init passes 0.02 as the mean: normal_(0.02) draws N(0.02, 1) instead of N(0, 0.02²).',
          where: 'model.ts, GPT constructor (weight init)',
          why: 'Position vectors 50× larger than the token embeddings dominate the residual stream at the start, and training is slow and unstable.',
          symptom: 'Position vectors dwarf the token embeddings at the start; training needs more steps (about 1.5× on the tiny batch).',
          edits: [{ file: 'model.ts', find: 'this.wpe.weight.normal_(0, 0.02);', replace: 'this.wpe.weight.normal_(0.02);' }],
        },
        {
          id: 'detached',
          title: 'position embeddings detached from the graph',
          what: 'forward uses this.wpe.forward(pos).detach(), so no gradient reaches wpe.',
          where: 'model.ts, GPT.forward',
          why: 'The position table keeps its random initial values forever; position information is random noise.',
          symptom: 'wpe.weight.grad stays null after backward; a tiny batch is still memorised, since random fixed positions still tell positions apart.',
          edits: [{ file: 'model.ts', find: 'const posEmb = this.wpe.forward(pos); // (T, C)', replace: 'const posEmb = this.wpe.forward(pos).detach(); // (T, C)' }],
        },
        {
          id: 'frozen',
          title: 'position table frozen',
          what: 'wpe.weight.requiresGrad is set to false after initialisation.',
          where: 'model.ts, GPT constructor',
          why: 'The table never trains, so positions are only random, fixed vectors.',
          symptom: 'wpe.weight.grad stays null; a tiny batch is still memorised, real data trains worse.',
          edits: [
            {
              file: 'model.ts',
              find: '    this.wpe.weight.normal_(0, 0.02);\n',
              replace: '    this.wpe.weight.normal_(0, 0.02);\n    this.wpe.weight.requiresGrad = false;\n',
            },
          ],
        },
      ],
    },
    {
      id: 'causal-mask',
      title: 'causal mask',
      check: 'causal-mask',
      defaultVariant: 'zero-fill',
      variants: [
        {
          id: 'zero-fill',
          title: 'masked with 0 instead of -Infinity',
          what: 'Hidden scores are set to 0 rather than -Infinity, so after softmax future positions keep a non-zero weight.',
          where: 'model.ts, CausalSelfAttention.forward',
          why: 'Every position can read the future, so training learns to copy the next token, which is unavailable at generation time.',
          symptom: 'The training loss gets very low, but generation is poor.',
          edits: [{ file: 'model.ts', find: 'att = att.maskedFill(visible.eq(0), -Infinity);', replace: 'att = att.maskedFill(visible.eq(0), 0);' }],
        },
        {
          id: 'upper-triangle',
          title: 'upper triangle instead of lower',
          what: 'The pattern is built with triu() instead of tril(): each query sees itself and the future, not the past.',
          where: 'model.ts, CausalSelfAttention constructor',
          why: 'Training reads the answers; at generation time there is no future, so the model has learned nothing usable.',
          symptom: 'The training loss falls very fast; samples are garbage.',
          edits: [{ file: 'model.ts', find: 'ones(config.blockSize, config.blockSize).tril()', replace: 'ones(config.blockSize, config.blockSize).triu()' }],
        },
        {
          id: 'diagonal-hidden',
          title: 'diagonal hidden',
          what: 'The pattern is tril(-1): a query cannot see its own position.',
          where: 'model.ts, CausalSelfAttention constructor',
          why: 'Position 0 has no visible key at all, so its softmax row is all -Infinity and becomes NaN, which poisons the loss.',
          symptom: 'The loss is NaN from the first step.',
          edits: [{ file: 'model.ts', find: 'ones(config.blockSize, config.blockSize).tril()', replace: 'ones(config.blockSize, config.blockSize).tril(-1)' }],
        },
        {
          id: 'after-softmax',
          title: 'mask applied after softmax',
          what: 'softmax runs first and the future weights are zeroed afterwards, so each row sums to less than 1.',
          where: 'model.ts, CausalSelfAttention.forward',
          why: 'The future scores still enter the softmax denominator, so every position reads the future through its normalisation, and the weights it keeps no longer sum to 1.',
          symptom: 'The training loss falls as fast as it should, yet the model cannot generate what it memorised.',
          edits: [
            {
              file: 'model.ts',
              find: line('    att = att.maskedFill(visible.eq(0), -Infinity);', '    att = att.softmax(-1);'),
              replace: line('    att = att.softmax(-1);', '    att = att.maskedFill(visible.eq(0), 0);'),
            },
          ],
        },
      ],
    },
    {
      id: 'typo',
      title: 'silent typo',
      check: 'forward-match',
      defaultVariant: 'ln1-twice',
      variants: [
        {
          id: 'ln1-twice',
          title: 'ln1 used before the MLP',
          what: 'Block.forward normalises the MLP input with ln1 instead of ln2.',
          where: 'model.ts, Block.forward',
          why: 'ln2 is never used or trained, and the two sub-layers share one normalisation; the model trains, only worse.',
          symptom: 'blocks.N.ln2 never runs and gets no gradient; a tiny batch is still memorised, so only a careful look finds it.',
          edits: [{ file: 'model.ts', find: 'x = x.add(this.mlp.forward(this.ln2.forward(x)));', replace: 'x = x.add(this.mlp.forward(this.ln1.forward(x)));' }],
        },
        {
          id: 'q-as-k',
          title: 'queries reused as keys',
          what: 'k is built from the query slice q0 instead of k0.',
          where: 'model.ts, CausalSelfAttention.forward',
          why: 'Scores become q·q, a symmetric similarity: the key projection is never used and attention loses its asymmetry.',
          symptom: 'The key third of qkv.weight gets no gradient; a tiny batch is still memorised.',
          edits: [{ file: 'model.ts', find: 'let k = k0.view(B, T, nh, hs)', replace: 'let k = q0.view(B, T, nh, hs)' }],
        },
        {
          id: 'scale-by-embd',
          title: 'scaled by √nEmbd instead of √headSize',
          what: 'The scores are multiplied by 1/√C (the model width) instead of 1/√hs (the head size).',
          where: 'model.ts, CausalSelfAttention.forward',
          why: 'Scores are too small by √nHead, so attention is close to uniform and learns slowly.',
          symptom: 'Attention maps look flatter than they should; a tiny batch is still memorised.',
          edits: [{ file: 'model.ts', find: '.mul(1 / Math.sqrt(hs))', replace: '.mul(1 / Math.sqrt(C))' }],
        },
        {
          id: 'no-attn-residual',
          title: 'attention residual dropped',
          what: 'Block.forward replaces x by the attention output instead of adding it to x.',
          where: 'model.ts, Block.forward',
          why: 'The residual stream is cut at every block: the token embedding is lost and gradients vanish in deeper models.',
          symptom: 'Training needs about 3× more steps to memorise a tiny batch, and deeper models stall.',
          edits: [{ file: 'model.ts', find: 'x = x.add(this.attn.forward(this.ln1.forward(x), cache));', replace: 'x = this.attn.forward(this.ln1.forward(x), cache);' }],
        },
        {
          id: 'no-final-ln',
          title: 'final LayerNorm skipped',
          what: 'GPT.forward feeds the residual stream to the head without lnF.',
          where: 'model.ts, GPT.forward',
          why: 'The head sees unnormalised activations whose scale drifts with depth and training; lnF is never trained.',
          symptom: 'lnF gets no gradient; on a tiny batch training even looks faster.',
          edits: [{ file: 'model.ts', find: '    x = this.lnF.forward(x);\n', replace: '' }],
        },
        {
          id: 'no-gelu',
          title: 'MLP without its nonlinearity',
          what: 'MLP.forward applies proj directly to fc(x), skipping GELU.',
          where: 'model.ts, MLP.forward',
          why: 'Two linear layers in a row are one linear layer: the MLP adds no expressive power.',
          symptom: 'blocks.N.mlp.gelu never runs; a tiny batch is still memorised, real data is underfit.',
          edits: [{ file: 'model.ts', find: 'this.proj.forward(this.gelu.forward(this.fc.forward(x)))', replace: 'this.proj.forward(this.fc.forward(x))' }],
        },
        {
          id: 'v-from-k',
          title: 'values taken from the key slice',
          what: 'v is built from k0 instead of v0.',
          where: 'model.ts, CausalSelfAttention.forward',
          why: 'Keys double as values; the value projection never trains and attention can only return what it matched on.',
          symptom: 'The value third of qkv.weight gets no gradient; a tiny batch is still memorised.',
          edits: [{ file: 'model.ts', find: 'let v = v0.view(B, T, nh, hs)', replace: 'let v = k0.view(B, T, nh, hs)' }],
        },
        {
          id: 'no-out-proj',
          title: 'attention output projection skipped',
          what: 'CausalSelfAttention.forward returns the merged heads without applying proj.',
          where: 'model.ts, CausalSelfAttention.forward',
          why: 'Heads cannot be mixed before the residual add, and attn.proj never trains.',
          symptom: 'attn.proj never runs and gets no gradient; a tiny batch is still memorised.',
          edits: [{ file: 'model.ts', find: 'return this.residDropout.forward(this.proj.forward(y));', replace: 'return this.residDropout.forward(y);' }],
        },
      ],
    },
  ],
  starterEdits: [
    // Part 2 is the candidate's: the starter's model takes a cache argument but does not use it yet.
    {
      file: 'model.ts',
      find: '    if (cache !== undefined) [k, v] = cache.append(k, v); // (B, nh, past + T, hs)\n    const Tk = k.shape[2];\n',
      replace: '',
    },
    { file: 'model.ts', find: '.mul(1 / Math.sqrt(hs)); // (B, nh, T, Tk)', replace: '.mul(1 / Math.sqrt(hs)); // (B, nh, T, T)' },
    {
      file: 'model.ts',
      find: 'const visible = this.causal.narrow(2, Tk - T, T).narrow(3, 0, Tk); // (1, 1, T, Tk)',
      replace: 'const visible = this.causal.narrow(2, 0, T).narrow(3, 0, T); // (1, 1, T, T)',
    },
    {
      file: 'model.ts',
      find: line(
        '    const past = cache?.length ?? 0;',
        '    if (past + T > this.config.blockSize) {',
        '      throw new Error(`GPT.forward: cannot attend over ${past + T} positions; blockSize is ${this.config.blockSize}`);',
        '    }',
        '    const pos = arange(past, past + T); // (T)',
      ),
      replace: line(
        "    if (cache !== undefined) throw new Error('GPT.forward with a cache is not implemented yet — this is Part 2 (see README.md)');",
        '    if (T > this.config.blockSize) {',
        '      throw new Error(`GPT.forward: cannot attend over ${T} positions; blockSize is ${this.config.blockSize}`);',
        '    }',
        '    const pos = arange(0, T); // (T)',
      ),
    },
    { file: 'model.ts', find: 'x = this.blocks.get(i).forward(x, cache?.layer(i));', replace: 'x = this.blocks.get(i).forward(x);' },
    {
      file: 'generate.ts',
      find: line(
        '  const context = contextLength(model);',
        '  const cache = new KVCache(model.config, prompt.shape[0]);',
        '  let idx = prompt;',
        '  for (let step = 0; step < maxNewTokens; step++) {',
        '    let input: Tensor;',
        '    if (cache.length > 0 && cache.length < context) {',
        '      input = idx.narrow(1, idx.shape[1] - 1, 1); // only the newest token',
        '    } else {',
        '      cache.reset();',
        '      input = visibleContext(idx, context);',
        '    }',
        '    const logits = model.forward(input, cache); // (B, T_in, V)',
        '    idx = cat([idx, next(logits.select(1, -1))], 1);',
        '  }',
        '  return idx;',
      ),
      replace: "  throw new Error('generate: decoding with useCache is not implemented yet — this is Part 2 (see README.md)');",
    },
  ],
  starterFiles: [{ file: 'kvcache.ts', source: 'starter/kvcache.ts' }],
});
