/**
 * Greedy decoding speed of the SMALL reference model (blockSize 256) with and without the KV cache:
 * a 16-token prompt extended by 240 tokens, so the context just fills the block. The work ratio
 * comes from the engine's FLOP counters, which do not depend on the machine.
 */
import { counters, manualSeed, tensor } from '../tensor';
import { loadDataset } from '../datasets';
import { generate } from '../solutions/gpt-kv/generate';
import { GPT, PRESETS } from '../solutions/gpt-kv/model';
import { once, rate, secondsPerCall, type Figure, type Measurement } from './figures';

const PROMPT_TOKENS = 16;
const NEW_TOKENS = 240;

interface Run {
  tokensPerSecond: Measurement;
  flops: number;
  ids: number[];
}

const setup = once(() => {
  const corpus = loadDataset('tiny-english');
  manualSeed(0);
  const model = new GPT({ ...PRESETS.small, vocabSize: corpus.tokenizer.size });
  const prompt = tensor([corpus.tokenizer.encode(corpus.val.slice(0, PROMPT_TOKENS))]);
  return { model, prompt };
});

/** `runs` timed generations after a short untimed one (which compiles every kernel the run uses). */
function decode(useCache: boolean, runs: number): Run {
  const { model, prompt } = setup();
  generate(model, prompt, { maxNewTokens: 8, useCache });
  let ids: number[] = [];
  counters.reset();
  const seconds = secondsPerCall(() => {
    ids = generate(model, prompt, { maxNewTokens: NEW_TOKENS, useCache }).toArray();
  }, { warmup: 0, runs });
  const flops = counters.totalFlops() / runs; // the same every run: decoding is deterministic
  return { tokensPerSecond: rate(NEW_TOKENS, seconds), flops, ids };
}

// Uncached decoding is O(T²) per token (about 16 s a run on 2 idle cores), so it gets 3 timed runs.
const cached = once(() => decode(true, 7));
const uncached = once(() => {
  const run = decode(false, 3);
  if (run.ids.join() !== cached().ids.join()) throw new Error('decode bench: cached and uncached greedy decoding emitted different tokens');
  return run;
});

const what = `SMALL (nEmbd 128, 4 layers, 4 heads), ${PROMPT_TOKENS}-token prompt + ${NEW_TOKENS} greedy tokens`;

export const figures: Figure[] = [
  {
    name: 'decode.small.cached.tokens_per_s',
    unit: 'tokens/s',
    description: `${what}, with the KV cache (median of 7 runs)`,
    bar: 500,
    measure: () => cached().tokensPerSecond,
  },
  {
    name: 'decode.small.uncached.tokens_per_s',
    unit: 'tokens/s',
    description: `${what}, recomputing the prefix every step (median of 3 runs)`,
    measure: () => uncached().tokensPerSecond,
  },
  {
    name: 'decode.small.speedup_cached_over_uncached',
    unit: '×',
    description: 'cached / uncached tokens per second, from the two figures above',
    bar: 30,
    measure: () => ({ value: cached().tokensPerSecond.value / uncached().tokensPerSecond.value, samples: [] }),
  },
  {
    name: 'decode.small.flops_ratio_uncached_over_cached',
    unit: '×',
    description: 'engine FLOP counters (counters.totalFlops()) of one uncached run over one cached run',
    measure: () => ({ value: uncached().flops / cached().flops, samples: [] }),
  },
];
