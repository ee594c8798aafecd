/**
 * Interviewer material for gpt-kv: the method to expect, the rubric beyond the per-bug items (those
 * come from the manifest's variants), and follow-up questions with model answers. Spoilers: this is
 * for the interviewer's card and report, never for the candidate's workspace.
 *
 * Notation in the answers: L layers, H query heads, H_kv key/value heads, D head size, d = H·D model
 * width, B batch, P prompt length, N new tokens, T = P + N.
 */
import { parseInterviewMaterial } from '../../interview/material';
import { manifest } from './manifest';

export const interview = parseInterviewMaterial(
  {
    minutes: { part1: 35, part2: 25 },
    method: [
      {
        step: 'Make an oracle first: overfit one tiny batch (a few sequences, a few hundred steps).',
        why: 'A correct model and loop drive the next-token loss on a fixed batch to ~0 and can replay it; the initial loss should sit near ln V (uniform guessing). Every fix is then judged by one fast, unambiguous experiment instead of by eye.',
      },
      {
        step: 'Check the loss against first principles before touching the model.',
        why: 'Hand-made logits that put all mass on token t+1 must give a loss near 0, and on token t a large one. This exposes a label shift in seconds, and explains a loss that falls "too well".',
      },
      {
        step: 'Print shapes at every stage and check that every parameter receives a gradient.',
        why: '(B, T, C) → (B, nh, T, hs) → scores (B, nh, T, T); wpe must be [blockSize, nEmbd]. A parameter whose grad stays null or zero after backward is unused, detached or frozen — that finds the silent typos and the frozen position table.',
      },
      {
        step: 'Probe causality directly: perturb a later token and watch earlier logits; look at one attention map.',
        why: 'Earlier logits must not move; the map must be lower-triangular with rows summing to 1 and a visible diagonal. A loss that is suspiciously low during training but useless at generation time points here.',
      },
      {
        step: 'Bisect: one change at a time, simplify (1 layer, 1 head, dropout 0), compare module by module.',
        why: 'Silent bugs do not crash; the way to find them is to shrink the search space and re-run the oracle after each change, not to rewrite the model.',
      },
      {
        step: 'Part 2: write the equivalence test before the cache.',
        why: 'Cached vs uncached logits at every position (prefill, then one token per step), then greedy tokens for several prompts in eval mode. On a mismatch, find the first step and the first layer that differ.',
      },
    ],
    rubric: [
      {
        id: 'oracle',
        part: 1,
        item: 'Uses a tiny-batch overfit as the oracle, before and after each fix',
        lookFor: 'Runs it early, expects the loss to start near ln V and go to ~0, and knows that a low loss alone can be faked (an unshifted target or a leaky mask).',
        checks: ['overfit'],
      },
      {
        id: 'shapes-and-grads',
        part: 1,
        item: 'Prints shapes and checks that every parameter gets a gradient',
        lookFor: 'Reads shapes aloud against the architecture; notices parameters with no gradient (unused ln2, detached or frozen wpe, unused key/value slice).',
        checks: ['pos-embedding', 'forward-match'],
      },
      {
        id: 'bisect',
        part: 1,
        item: 'Localises by bisection and experiments, one change at a time',
        lookFor: 'Forms a hypothesis, tests it with the smallest experiment, keeps what was learned; does not rewrite large parts or change several things at once.',
        checks: [],
      },
      {
        id: 'layer-cache',
        part: 2,
        item: 'Correct layer-wise cache',
        lookFor: 'One key/value store per attention layer, (B, nh, T, hs); append the new keys and values before attention and attend over the whole history in time order; a fresh or reset cache per generation; ideally preallocated and written in place.',
        checks: ['kvcache-api', 'cached-logits'],
      },
      {
        id: 'masking',
        part: 2,
        item: 'Masking discipline with a cache',
        lookFor: 'A single new query may see every cached key (no mask needed for T = 1); T new queries after `past` cached positions use rows past..past+T-1 of the causal pattern over past+T keys, not a T×T triangle.',
        checks: ['cached-logits', 'chunked-prefill'],
      },
      {
        id: 'position-offset',
        part: 2,
        item: 'Position offset, and why it matters',
        lookFor: 'New tokens get positions cache.length … cache.length+T-1. With learned absolute positions, restarting at 0 gives every decoded token the embedding of position 0, so its logits differ from the uncached forward from the first decode step on.',
        checks: ['cached-logits'],
      },
      {
        id: 'equivalence-test',
        part: 2,
        item: 'Explicit equivalence test, cached vs uncached',
        lookFor: 'Compares logits at every position (exact here: the engine computes a cached row with the same loops as the full forward) and greedy tokens for several prompts, in eval mode (dropout off), with a fresh cache per call.',
        checks: ['cached-logits', 'greedy-equal'],
      },
      {
        id: 'complexity',
        part: 2,
        item: 'Complexity argument: O(T²) → O(T) token-forwards per generation',
        lookFor: 'Without a cache step i recomputes P+i positions, Σ(P+i) = O(T²) rows; with it, P + N − 1 rows, O(T). Attention still reads all t cached keys per step (O(T²) attention work in total), but the d²-sized projections and MLP run once per token.',
        checks: ['incremental-decode'],
      },
    ],
    followUps: [
      {
        id: 'time-and-memory',
        question: 'What are the time and memory costs of generating T tokens with and without the cache?',
        answer: [
          'Rows: without a cache, step i runs all P+i positions through the model, so N new tokens cost Σ_{i<N}(P+i) = N·P + N(N−1)/2 token-forwards — O(T²). With a cache, the prompt is prefilled once and each step runs one token: P + N − 1 token-forwards — O(T). (The incremental-decode check counts exactly these rows.)',
          'FLOPs: the projections and MLP cost ~24·d² FLOPs per token per layer (12·d² multiply-adds), so O(L·d²·T²) without and O(L·d²·T) with the cache. Attention of a new token reads every cached key and value, ~4·t·d FLOPs at length t, so cached decoding still does O(L·d·T²) attention work in total (uncached: O(L·d·T³)); per step it grows linearly with the context. For short contexts the d² terms dominate, which is why the cache is such a large win.',
          'Memory: the cache holds 2·L·B·T·H_kv·D elements and grows linearly with T; without a cache nothing persists between steps, but each step materialises activations for P+i positions and (B, H, t, t) attention scores per layer unless the kernel is fused. In practice cached decoding is memory-bandwidth bound: each step reads all weights plus the whole cache once, which is why batching (amortising weight reads) and shrinking the cache (GQA, int8) speed it up.',
        ],
      },
      {
        id: 'cache-bytes',
        question: 'How many bytes does the KV cache take for L layers, H heads, head size D, length T, batch B and a given precision?',
        answer: [
          'bytes = 2 (keys and values) · L · B · H · T · D · bytes_per_element — with GQA/MQA, H becomes H_kv. Per token and sequence: 2·L·H·D·bytes.',
          'GPT-2 small (L=12, H=12, D=64) in fp16: 2·12·12·64·2 = 36 KiB per token, 36 MiB for T=1024, B=1. Llama-2-7B (L=32, H=32, D=128) in fp16: 512 KiB per token, 2 GiB for T=4096 — as much as several billion parameters once B grows. This kata stores float32: 4 bytes per element.',
          'Consequences: the cache, not the weights, limits batch size and context at serving time; halving precision (fp16 → int8 with per-channel or per-head scales) halves it; GQA divides it by H/H_kv; a preallocated cache reserves capacity for T_max up front, which is what paged caches avoid.',
        ],
      },
      {
        id: 'ragged-batch',
        question: 'How would you batch-decode prompts of different lengths? What breaks when the offsets are wrong?',
        answer: [
          'Left-pad every prompt to the longest one, so the last real token of every row sits in the same column and each decode step appends one column for all rows. Keep a per-sequence pad count: the position of a real token is its column minus the pad count, so every sequence starts at position 0; at decode time the new token of row b is at position (cache length − pad_b).',
          'The attention mask is the causal mask AND a key-padding mask: no query may attend to a pad key, at prefill and at every later step (the pad keys stay in the cache). Pad query rows have no visible key; give them one (or mask their output) so softmax does not produce NaN that could spread.',
          'With wrong offsets (using the shared column as the position), each shorter sequence is shifted by its pad count: with learned absolute positions its logits change, so a row gives different tokens in a batch than alone; with the padding mask missing, real tokens attend to pad embeddings. Right padding breaks decoding outright: new tokens land after the pads. The test: every row of a batched greedy generation must equal that prompt decoded alone.',
        ],
      },
      {
        id: 'rope',
        question: 'How does a KV cache work with rotary position embeddings (RoPE)? Where does the offset go, and do you cache keys before or after rotation?',
        answer: [
          'RoPE rotates each query and key by an angle proportional to its absolute position, so q_m·k_n depends only on m − n. With a cache, the new tokens are rotated with positions offset by the cache length (past, past+1, …, per sequence when the batch is ragged); values are never rotated.',
          'Cache keys after rotation: a key at position n is rotated once, when it is computed, and never changes, so old keys need no work at later steps. Caching pre-rotation keys is also correct but re-rotates the whole cache at every step (O(t·D) extra per layer and step); it is only worth it when positions are re-assigned after the fact (e.g. some sliding-window or context-extension schemes).',
          'The classic bug: rotating the new token as position 0 (offset forgotten). Relative distances to the cached keys are then wrong and cached decoding diverges from the uncached path from the first step — the RoPE version of the position-offset bug in this kata.',
        ],
      },
      {
        id: 'mqa-gqa',
        question: 'What do multi-query and grouped-query attention (MQA, GQA) change in the cache, and what do they cost?',
        answer: [
          'Queries keep H heads; keys and values have H_kv heads (MQA: 1; GQA: G groups, each KV head shared by H/G query heads). The cache shrinks by H/H_kv — Llama-2-70B (L=80, H=64, H_kv=8, D=128, fp16) stores 320 KiB per token instead of 2.5 MiB — and so does the memory traffic per decode step, which is what limits decoding speed with long contexts and large batches.',
          'Implementation: cache (B, H_kv, T, D); at attention time broadcast each KV head to its H/H_kv query heads (repeat/expand, not copies in the cache).',
          'Trade-off: less capacity in keys and values, so some quality loss — noticeable for MQA, close to multi-head quality for GQA. Existing multi-head checkpoints can be converted by mean-pooling the KV heads of each group and briefly continuing training ("uptraining", Ainslie et al. 2023).',
        ],
      },
      {
        id: 'localise-divergence',
        question: 'Cached and uncached greedy generation agree on the prompt but diverge one token deep into a long generation. How do you localise the bug?',
        answer: [
          'Make it deterministic (eval mode, greedy, fixed seed, same weights) and find the first step whose token differs; then compare the logits of that step and the ones before it. A large jump at one step is a logic bug; a tiny difference that grows until a near-tie flips is numerics (different reduction order, fp16) — compare with a tolerance and look at the margin between the top two logits.',
          'At the first diverging step, compare the cached step with the last row of an uncached forward over the same tokens, layer by layer (hooks on each block): the first block whose output differs localises it. Inside it, compare q, k, v, the position ids, the mask row and the scores. Bisect the layers rather than reading all of them.',
          'Where it diverges tells what to check: from the first decode step — position offset, mask offset, or keys appended after attention; exactly when the sequence outgrows the context window (blockSize − 1 tokens in the reference) — positions shift when the window slides, so the cache must be re-filled; at a fixed length — a preallocated buffer overrun or capacity bug; only with batch > 1 — per-sequence offsets and the padding mask; only on the second call — a stale cache not reset.',
        ],
      },
    ],
  },
  manifest,
);
