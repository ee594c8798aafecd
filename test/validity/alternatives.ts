/**
 * Correct solutions written differently from the reference. The grader must pass every one of them
 * on every check: checks judge behaviour through the contract, not the reference's structure.
 */
import type { Edit } from '../../harness/manifest';
import { model, kvcache, train, generate } from './edits';

export interface Alternative {
  id: string;
  description: string;
  edits: Edit[];
}


const LOSS_BODY = '  const predictions = logits.narrow(1, 0, T - 1).reshape(B * (T - 1), V);\n  const targets = tokens.narrow(1, 1, T - 1).reshape(B * (T - 1));\n  return crossEntropy(predictions, targets);';
const TRAIN_IMPORT = "import { crossEntropy, Generator, optim, stack, type Tensor } from 'minigpt-kata/tensor';";

export const alternatives: Alternative[] = [
  {
    id: 'concat-cache',
    description: 'the cache grows by concatenation instead of writing into preallocated storage',
    edits: [
      {
        file: 'kvcache.ts',
        find: 'export class LayerCache {',
        replace: 'export class LayerCache {\n  private pastKeys: Tensor | null = null;\n  private pastValues: Tensor | null = null;',
      },
      kvcache(
        '    this.keys.narrow(2, this.filled, T).copy_(k);\n    this.values.narrow(2, this.filled, T).copy_(v);\n    this.filled += T;\n    return [this.keys.narrow(2, 0, this.filled), this.values.narrow(2, 0, this.filled)];',
        '    this.pastKeys = this.pastKeys === null ? k.contiguous() : cat([this.pastKeys, k], 2);\n    this.pastValues = this.pastValues === null ? v.contiguous() : cat([this.pastValues, v], 2);\n    this.filled += T;\n    return [this.pastKeys, this.pastValues];',
      ),
      kvcache('  reset(): void {\n    this.filled = 0;\n  }', '  reset(): void {\n    this.filled = 0;\n    this.pastKeys = null;\n    this.pastValues = null;\n  }'),
      kvcache("import { zeros, type Tensor } from 'minigpt-kata/tensor';", "import { cat, zeros, type Tensor } from 'minigpt-kata/tensor';"),
    ],
  },
  {
    id: 'targets-padded-with-ignore-index',
    description: 'the loss keeps all T positions and pads the shifted targets with an ignored index',
    edits: [
      train(LOSS_BODY, '  const targets = cat([tokens.narrow(1, 1, T - 1), full([B, 1], -100)], 1); // (B, T)\n  return crossEntropy(logits.reshape(B * T, V), targets.reshape(B * T), { ignoreIndex: -100 });'),
      train(TRAIN_IMPORT, "import { cat, crossEntropy, full, Generator, optim, stack, type Tensor } from 'minigpt-kata/tensor';"),
    ],
  },
  {
    id: 'loss-per-sequence',
    description: 'the loss slices each sequence separately and averages the per-row losses',
    edits: [
      train(
        LOSS_BODY,
        '  let total: Tensor | null = null;\n  for (let b = 0; b < B; b++) {\n    const row = crossEntropy(logits.select(0, b).slice(0, 0, -1), tokens.select(0, b).slice(0, 1));\n    total = total === null ? row : total.add(row);\n  }\n  void V;\n  return total!.div(B);',
      ),
    ],
  },
  {
    id: 'additive-mask',
    description: 'the mask is an additive matrix of 0 and -Infinity built once',
    edits: [
      model(
        'this.causal = ones(config.blockSize, config.blockSize).tril().view(1, 1, config.blockSize, config.blockSize);',
        'this.causal = full([config.blockSize, config.blockSize], -Infinity).triu(1).view(1, 1, config.blockSize, config.blockSize);',
      ),
      model('    att = att.maskedFill(visible.eq(0), -Infinity);', '    att = att.add(visible);'),
      model("import { nn, ones, arange, type Tensor } from 'minigpt-kata/tensor';", "import { nn, full, arange, type Tensor } from 'minigpt-kata/tensor';"),
    ],
  },
  {
    id: 'large-negative-mask',
    description: 'hidden scores are set to -1e9 rather than -Infinity',
    edits: [model('    att = att.maskedFill(visible.eq(0), -Infinity);', '    att = att.maskedFill(visible.eq(0), -1e9);')],
  },
  {
    id: 'prefill-token-by-token',
    description: 'the cached path feeds the prompt one token at a time',
    edits: [
      generate(
        '    } else {\n      cache.reset();\n      input = visibleContext(idx, context);\n    }',
        '    } else {\n      cache.reset();\n      const window = visibleContext(idx, context);\n      for (let t = 0; t < window.shape[1] - 1; t++) model.forward(window.narrow(1, t, 1), cache);\n      input = window.narrow(1, window.shape[1] - 1, 1);\n    }',
      ),
    ],
  },
  {
    id: 'separate-qkv-projections',
    description: 'q, k and v are computed with separate matmuls on slices of the fused weight (same parameter names)',
    edits: [
      model(
        '    const [q0, k0, v0] = this.qkv.forward(x).split(C, 2);',
        '    const W = this.qkv.weight, b = this.qkv.bias!;\n    const project = (i: number) => x.matmul(W.narrow(0, i * C, C).t()).add(b.narrow(0, i * C, C)); // (B, T, C)\n    const q0 = project(0), k0 = project(1), v0 = project(2);',
      ),
    ],
  },
  {
    id: 'scale-queries-first',
    description: 'queries are scaled before the dot product instead of scaling the scores',
    edits: [model('let att = q.matmul(k.transpose(-2, -1)).mul(1 / Math.sqrt(hs));', 'let att = q.mul(1 / Math.sqrt(hs)).matmul(k.transpose(-2, -1));')],
  },
];
