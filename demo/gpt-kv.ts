/**
 * `npm run demo`: the reference gpt-kv solution end to end. Trains a small GPT on tiny-english (or
 * reuses the checkpoint of an earlier run), reports train/validation loss, prints greedy and sampled
 * stories with the share of real corpus words, then decodes one prompt with and without the KV cache
 * and shows both speeds side by side.
 *
 *   npm run demo                 train once (about a minute), then reuse checkpoints/gpt-kv-tiny-english.safetensors
 *   npm run demo -- --retrain    train again even if a checkpoint exists
 *
 * Results go to stdout; the progress bar (or, without a terminal, a line every 10%) goes to stderr.
 * docs/demo.md records the configuration below and what it measured.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SingleBar } from 'cli-progress';
import { CheckpointError, Generator, loadCheckpoint, manualSeed, noGrad, optim, saveCheckpoint, tensor, type Tensor } from '../tensor';
import { CharTokenizer, loadDataset, tinyEnglishVocabulary } from '../datasets';
import { generate } from '../solutions/gpt-kv/generate';
import { GPT, type GPTConfig } from '../solutions/gpt-kv/model';
import { getBatch, lmLoss, trainStep } from '../solutions/gpt-kv/train';
import { rate, secondsPerCall } from '../bench/figures';

/** The model: small enough to train in under a minute on 2 cores (docs/demo.md has the measurements). */
const MODEL: Omit<GPTConfig, 'vocabSize'> = {
  blockSize: 32, // characters of context: enough to spell any tiny-english word and see the sentence
  nLayer: 2,
  nHead: 2, // head size 16
  nEmbd: 32,
  dropout: 0, // 1,100 steps see the 283 KB corpus about twice: too little to overfit 28k parameters
  bias: true,
};

/** The training recipe: linear warm-up, then cosine decay to minLr (nanoGPT's `get_lr`). */
const RECIPE = {
  steps: 1100,
  batchSize: 16, // windows of blockSize tokens per step
  lr: 1e-2, // peak; a model this small takes large steps
  minLr: 1e-3, // reached at the last step
  warmupSteps: 20,
  /** β₂ = 0.99 rather than 0.999: in 1,100 steps the second moments must adapt quickly. */
  betas: [0.9, 0.99] as [number, number],
  weightDecay: 0,
  seed: 1337, // model init (manualSeed) and batch sampling
};

const CHECKPOINT = join(__dirname, '..', 'checkpoints', 'gpt-kv-tiny-english.safetensors');
const GREEDY_PROMPTS = ['once upon a time, ', 'one day, ', 'the ', 'tom was a '];
const SAMPLED_PROMPT = 'once upon a time, ';
const SAMPLE_TOKENS = 160;
const SAMPLING = { temperature: 0.8, topK: 10 };
const SPEED_PROMPT = 'one day, ';

// ---- training -----------------------------------------------------------------------------------

function learningRate(step: number): number {
  const { lr, minLr, warmupSteps, steps } = RECIPE;
  if (step < warmupSteps) return (lr * (step + 1)) / warmupSteps;
  const progress = (step - warmupSteps) / Math.max(1, steps - warmupSteps);
  return minLr + 0.5 * (lr - minLr) * (1 + Math.cos(Math.PI * progress));
}

/** Reports progress on stderr: a live bar in a terminal, otherwise a plain line every 10%. */
function progressReporter(total: number): { update(step: number, loss: number, tokensPerSecond: number): void; stop(): void } {
  if (process.stderr.isTTY) {
    const bar = new SingleBar({
      format: 'training |{bar}| {value}/{total} steps | loss {loss} | {speed} tokens/s | ETA {eta_formatted}',
      stream: process.stderr,
      hideCursor: false, // training is synchronous: a Ctrl-C cannot run a handler that would show it again
      barsize: 30,
    });
    bar.start(total, 0, { loss: '-', speed: '-' });
    return {
      update: (step, loss, speed) => bar.update(step, { loss: loss.toFixed(3), speed: Math.round(speed) }),
      stop: () => bar.stop(),
    };
  }
  const every = Math.max(1, Math.round(total / 10));
  return {
    update: (step, loss, speed) => {
      if (step % every === 0 || step === total) process.stderr.write(`training: step ${step}/${total}, loss ${loss.toFixed(3)}, ${Math.round(speed)} tokens/s\n`);
    },
    stop: () => {},
  };
}

interface TrainResult {
  seconds: number;
  tokensPerSecond: number;
}

/** The loop of `train()` in train.ts, plus the lr schedule, β₂ and progress report that its options do not cover. */
function trainModel(model: GPT, data: Tensor): TrainResult {
  const { steps, batchSize, betas, weightDecay, seed } = RECIPE;
  const optimizer = new optim.AdamW(model.parameters(), { lr: learningRate(0), betas, weightDecay });
  const generator = new Generator(seed);
  const progress = progressReporter(steps);
  const tokensPerStep = batchSize * model.config.blockSize;
  let smoothed = Number.NaN;
  const start = performance.now();
  model.train();
  for (let step = 0; step < steps; step++) {
    optimizer.options.lr = learningRate(step);
    const loss = trainStep(model, optimizer, getBatch(data, batchSize, model.config.blockSize, generator));
    smoothed = Number.isNaN(smoothed) ? loss : 0.95 * smoothed + 0.05 * loss;
    progress.update(step + 1, smoothed, ((step + 1) * tokensPerStep) / ((performance.now() - start) / 1000));
  }
  progress.stop();
  model.eval();
  const seconds = (performance.now() - start) / 1000;
  return { seconds, tokensPerSecond: (steps * tokensPerStep) / seconds };
}

/** Mean next-token loss over `windows` windows of blockSize tokens spread evenly over `ids`. */
function evalLoss(model: GPT, ids: readonly number[], windows = 128): number {
  const T = model.config.blockSize;
  const rows = Array.from({ length: windows }, (_, i) => {
    const start = Math.floor((i * (ids.length - T)) / (windows - 1));
    return ids.slice(start, start + T);
  });
  let total = 0;
  noGrad(() => {
    for (let i = 0; i < rows.length; i += 32) {
      const idx = tensor(rows.slice(i, i + 32));
      total += lmLoss(model.forward(idx), idx).item() * idx.shape[0];
    }
  });
  return total / windows;
}

// ---- checkpoint ---------------------------------------------------------------------------------

interface Trained {
  model: GPT;
  /** How the checkpoint was made (metadata saved with it). */
  info: Record<string, string>;
  fromCheckpoint: boolean;
}

/** The saved model if it was trained with this exact configuration and vocabulary, else null (with the reason). */
function loadSaved(config: GPTConfig, tokenizer: CharTokenizer): { trained: Trained | null; why: string } {
  if (!existsSync(CHECKPOINT)) return { trained: null, why: 'no checkpoint yet' };
  try {
    const { tensors, metadata } = loadCheckpoint(CHECKPOINT);
    if (metadata.config !== JSON.stringify(config) || metadata.recipe !== JSON.stringify(RECIPE)) {
      return { trained: null, why: 'the checkpoint was trained with another configuration' };
    }
    if (metadata.tokenizer !== JSON.stringify(tokenizer.toJSON())) return { trained: null, why: 'the checkpoint has another vocabulary' };
    const model = new GPT(config);
    model.loadStateDict(tensors);
    return { trained: { model: model.eval(), info: metadata, fromCheckpoint: true }, why: '' };
  } catch (e) {
    if (!(e instanceof CheckpointError)) throw e;
    return { trained: null, why: `the checkpoint is unreadable (${e.message})` };
  }
}

// ---- samples and speed --------------------------------------------------------------------------

/** Words (runs of a-z) of a generated continuation; a word cut off by the length limit is left out. */
function wordsOf(text: string): string[] {
  const words = text.split(/[^a-z]+/).filter((w) => w !== '');
  return /[a-z]$/.test(text) ? words.slice(0, -1) : words;
}

function complete(model: GPT, tokenizer: CharTokenizer, prompt: string, options: { temperature?: number; topK?: number; seed?: number }): string {
  const out = generate(model, tensor([tokenizer.encode(prompt)]), { maxNewTokens: SAMPLE_TOKENS, useCache: true, ...options });
  return tokenizer.decode(out.toArray().slice(prompt.length));
}

function show(prompt: string, continuation: string): string {
  return `  ${JSON.stringify(prompt + continuation).slice(1, -1).replace(/\\n/g, ' ⏎ ')}`;
}

function decodeSpeed(model: GPT, tokenizer: CharTokenizer): void {
  const prompt = tensor([tokenizer.encode(SPEED_PROMPT)]);
  const newTokens = model.config.blockSize - SPEED_PROMPT.length; // the whole context, no window sliding
  const time = (useCache: boolean) => {
    let ids: number[] = [];
    const seconds = secondsPerCall(() => {
      ids = generate(model, prompt, { maxNewTokens: newTokens, useCache }).toArray();
    }, { warmup: 1, runs: 5 });
    return { tokensPerSecond: rate(newTokens, seconds).value, ids };
  };
  const cached = time(true), uncached = time(false);
  console.log(`\ndecoding ${JSON.stringify(SPEED_PROMPT)} + ${newTokens} greedy tokens (median of 5 runs):`);
  console.log(`  without cache  ${uncached.tokensPerSecond.toFixed(0).padStart(7)} tokens/s`);
  console.log(`  with cache     ${cached.tokensPerSecond.toFixed(0).padStart(7)} tokens/s   (${(cached.tokensPerSecond / uncached.tokensPerSecond).toFixed(1)}× faster)`);
  console.log(`  same tokens:   ${cached.ids.join() === uncached.ids.join() ? 'yes' : 'NO — the cache is broken'}`);
}

// ---- main ---------------------------------------------------------------------------------------

function main(argv: readonly string[]): void {
  const unknown = argv.filter((a) => a !== '--retrain');
  if (unknown.length > 0) {
    process.stderr.write(`demo: unknown argument ${JSON.stringify(unknown[0])}; usage: npm run demo -- [--retrain]\n`);
    process.exitCode = 2;
    return;
  }
  const { train, val, tokenizer } = loadDataset('tiny-english');
  const trainIds = tokenizer.encode(train), valIds = tokenizer.encode(val);
  const config: GPTConfig = { ...MODEL, vocabSize: tokenizer.size };

  const saved = argv.includes('--retrain') ? { trained: null, why: '--retrain' } : loadSaved(config, tokenizer);
  let trained = saved.trained;
  if (trained === null) {
    manualSeed(RECIPE.seed);
    const model = new GPT(config);
    process.stderr.write(`demo: training (${saved.why}): ${model.numParameters().toLocaleString('en-US')} parameters, ${RECIPE.steps} steps of ${RECIPE.batchSize}×${config.blockSize} tokens\n`);
    const result = trainModel(model, tensor(trainIds));
    const info = {
      config: JSON.stringify(config),
      recipe: JSON.stringify(RECIPE),
      tokenizer: JSON.stringify(tokenizer.toJSON()),
      trainSeconds: result.seconds.toFixed(1),
      trainTokensPerSecond: result.tokensPerSecond.toFixed(0),
      trainedAt: new Date().toISOString(),
    };
    saveCheckpoint(CHECKPOINT, model.stateDict(), info);
    trained = { model, info, fromCheckpoint: false };
  }
  const { model, info } = trained;

  console.log(`model: ${model.numParameters().toLocaleString('en-US')} parameters; nEmbd ${config.nEmbd}, ${config.nLayer} layers, ${config.nHead} heads, blockSize ${config.blockSize}, vocab ${config.vocabSize}`);
  console.log(`training: ${RECIPE.steps} steps of ${RECIPE.batchSize}×${config.blockSize} tokens in ${info.trainSeconds} s (${info.trainTokensPerSecond} tokens/s)` +
    (trained.fromCheckpoint ? `, loaded from ${CHECKPOINT} (trained ${info.trainedAt}; --retrain to train again)` : `, saved to ${CHECKPOINT}`));
  console.log(`loss: train ${evalLoss(model, trainIds).toFixed(3)}, val ${evalLoss(model, valIds).toFixed(3)} (uniform guess ${Math.log(config.vocabSize).toFixed(3)}; bigram 2.02)`);

  const vocabulary = tinyEnglishVocabulary();
  let words = 0, known = 0;
  console.log('\ngreedy samples:');
  for (const prompt of GREEDY_PROMPTS) {
    const text = complete(model, tokenizer, prompt, {});
    const w = wordsOf(text);
    words += w.length;
    known += w.filter((x) => vocabulary.has(x)).length;
    console.log(show(prompt, text));
  }
  console.log(`  ${known} of ${words} generated words (${((100 * known) / words).toFixed(1)}%) are tiny-english words`);
  console.log(`\nsampled (temperature ${SAMPLING.temperature}, top-k ${SAMPLING.topK}):`);
  for (const seed of [1, 2, 3]) console.log(show(SAMPLED_PROMPT, complete(model, tokenizer, SAMPLED_PROMPT, { ...SAMPLING, seed })));

  decodeSpeed(model, tokenizer);
}

main(process.argv.slice(2));
