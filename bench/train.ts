/**
 * Training throughput of the reference model: one `trainStep` (forward, loss, backward, AdamW) on
 * random windows of tiny-english, counted in input tokens (B × T) per second.
 */
import { Generator, manualSeed, optim, tensor } from '../tensor';
import { loadDataset } from '../datasets';
import { GPT, PRESETS, type GPTConfig } from '../solutions/gpt-kv/model';
import { getBatch, trainStep } from '../solutions/gpt-kv/train';
import { rate, secondsPerCall, type Figure, type TimingOptions } from './figures';

function trainFigure(name: string, preset: Omit<GPTConfig, 'vocabSize'>, B: number, T: number, timing: TimingOptions, bar: number): Figure {
  return {
    name,
    unit: 'tokens/s',
    description: `trainStep, nEmbd ${preset.nEmbd}, ${preset.nLayer} layers, ${preset.nHead} heads, batch ${B}×${T}, AdamW`,
    bar,
    measure() {
      const corpus = loadDataset('tiny-english');
      const data = tensor(corpus.tokenizer.encode(corpus.train));
      manualSeed(0);
      const model = new GPT({ ...preset, vocabSize: corpus.tokenizer.size });
      const optimizer = new optim.AdamW(model.parameters(), { lr: 1e-3, weightDecay: 0 });
      const generator = new Generator(0);
      model.train();
      const seconds = secondsPerCall(() => trainStep(model, optimizer, getBatch(data, B, T, generator)), timing);
      return rate(B * T, seconds);
    },
  };
}

export const figures: Figure[] = [
  trainFigure('train.tiny.tokens_per_s', PRESETS.tiny, 4, 16, { warmup: 20, runs: 7, minSampleMs: 250 }, 2000),
  trainFigure('train.small.tokens_per_s', PRESETS.small, 8, 64, { warmup: 1, runs: 5 }, 400),
];
