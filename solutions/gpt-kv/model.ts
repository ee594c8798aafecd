/**
 * A minimal GPT: a decoder-only transformer language model.
 *
 * References:
 * 1) Vaswani et al. 2017, "Attention Is All You Need" — scaled dot-product attention, multi-head.
 * 2) Radford et al. 2019, "Language Models are Unsupervised Multitask Learners" (GPT-2) — pre-LN
 *    blocks, learned positional embeddings, the N(0, 0.02) initialisation.
 * 3) Karpathy's nanoGPT, model.py — the structure this file follows.
 */
import { nn, ones, arange, type Tensor } from 'minigpt-kata/tensor';
import type { KVCache, LayerCache } from './kvcache';

export class CausalSelfAttention extends nn.Module {
  qkv: nn.Linear;
  proj: nn.Linear;
  attnDropout: nn.Dropout;
  residDropout: nn.Dropout;
  readonly nHead: number;
  /** The causal pattern over blockSize positions: 1 where a query may attend to a key. */
  private readonly causal: Tensor;

  constructor(config: GPTConfig) {
    super();
    // key, query and value projections for all heads, in one matmul
    this.qkv = new nn.Linear(config.nEmbd, 3 * config.nEmbd, { bias: config.bias });
    this.proj = new nn.Linear(config.nEmbd, config.nEmbd, { bias: config.bias });
    this.attnDropout = new nn.Dropout(config.dropout);
    this.residDropout = new nn.Dropout(config.dropout);
    this.nHead = config.nHead;
    this.causal = ones(config.blockSize, config.blockSize).tril().view(1, 1, config.blockSize, config.blockSize);
  }

  /**
   * x: (B, T, C) → (B, T, C). The optional cache holds this layer's keys and values of the positions
   * before x; query i of x is at position past + i and attends to every position up to its own.
   */
  forward(x: Tensor, cache?: LayerCache): Tensor {
    const [B, T, C] = x.shape;
    const nh = this.nHead, hs = C / nh;

    const [q0, k0, v0] = this.qkv.forward(x).split(C, 2);
    const q = q0.view(B, T, nh, hs).transpose(1, 2); // (B, nh, T, hs)
    let k = k0.view(B, T, nh, hs).transpose(1, 2); // (B, nh, T, hs)
    let v = v0.view(B, T, nh, hs).transpose(1, 2); // (B, nh, T, hs)
    if (cache !== undefined) [k, v] = cache.append(k, v); // (B, nh, past + T, hs)
    const Tk = k.shape[2];

    // scaled dot-product attention (Vaswani et al. 2017, eq. 1)
    let att = q.matmul(k.transpose(-2, -1)).mul(1 / Math.sqrt(hs)); // (B, nh, T, Tk)
    // each query sees its own position and the earlier ones only
    const visible = this.causal.narrow(2, Tk - T, T).narrow(3, 0, Tk); // (1, 1, T, Tk)
    att = att.maskedFill(visible.eq(0), -Infinity);
    att = att.softmax(-1);
    att = this.attnDropout.forward(att);
    let y = att.matmul(v); // (B, nh, T, hs)
    y = y.transpose(1, 2).contiguous().view(B, T, C); // re-assemble all head outputs side by side

    return this.residDropout.forward(this.proj.forward(y));
  }
}

export class MLP extends nn.Module {
  fc: nn.Linear;
  gelu: nn.GELU;
  proj: nn.Linear;
  dropout: nn.Dropout;

  constructor(config: GPTConfig) {
    super();
    this.fc = new nn.Linear(config.nEmbd, 4 * config.nEmbd, { bias: config.bias });
    this.gelu = new nn.GELU();
    this.proj = new nn.Linear(4 * config.nEmbd, config.nEmbd, { bias: config.bias });
    this.dropout = new nn.Dropout(config.dropout);
  }

  forward(x: Tensor): Tensor {
    return this.dropout.forward(this.proj.forward(this.gelu.forward(this.fc.forward(x))));
  }
}

export class Block extends nn.Module {
  ln1: nn.LayerNorm;
  attn: CausalSelfAttention;
  ln2: nn.LayerNorm;
  mlp: MLP;

  constructor(config: GPTConfig) {
    super();
    this.ln1 = new nn.LayerNorm(config.nEmbd);
    this.attn = new CausalSelfAttention(config);
    this.ln2 = new nn.LayerNorm(config.nEmbd);
    this.mlp = new MLP(config);
  }

  forward(x: Tensor, cache?: LayerCache): Tensor {
    x = x.add(this.attn.forward(this.ln1.forward(x), cache));
    x = x.add(this.mlp.forward(this.ln2.forward(x)));
    return x;
  }
}

export interface GPTConfig {
  /** Number of distinct tokens (characters here). */
  vocabSize: number;
  /** Longest context the model can attend over: the number of learned positions. */
  blockSize: number;
  nLayer: number;
  nHead: number;
  /** Width of the residual stream; must be divisible by nHead. */
  nEmbd: number;
  dropout: number;
  /** Biases in Linear layers (GPT-2 has them). */
  bias: boolean;
}

/** Named presets; `vocabSize` comes from the dataset. */
export const PRESETS = {
  tiny: { blockSize: 16, nLayer: 2, nHead: 2, nEmbd: 32, dropout: 0, bias: true },
  small: { blockSize: 256, nLayer: 4, nHead: 4, nEmbd: 128, dropout: 0, bias: true },
} satisfies Record<string, Omit<GPTConfig, 'vocabSize'>>;

export class GPT extends nn.Module {
  readonly config: GPTConfig;
  wte: nn.Embedding;
  wpe: nn.Embedding;
  drop: nn.Dropout;
  blocks: nn.ModuleList<Block>;
  lnF: nn.LayerNorm;
  lmHead: nn.Linear;

  constructor(config: GPTConfig) {
    super();
    if (config.nEmbd % config.nHead !== 0) {
      throw new Error(`GPTConfig: nEmbd (${config.nEmbd}) must be divisible by nHead (${config.nHead})`);
    }
    this.config = config;
    this.wte = new nn.Embedding(config.vocabSize, config.nEmbd);
    this.wpe = new nn.Embedding(config.blockSize, config.nEmbd);
    this.drop = new nn.Dropout(config.dropout);
    this.blocks = new nn.ModuleList(Array.from({ length: config.nLayer }, () => new Block(config)));
    this.lnF = new nn.LayerNorm(config.nEmbd);
    this.lmHead = new nn.Linear(config.nEmbd, config.vocabSize, { bias: false });

    // GPT-2 init: N(0, 0.02) for weights and embeddings, zero biases; the projections into the
    // residual stream are scaled down by 1/sqrt(2 * nLayer) so it does not grow with depth.
    for (const [name, m] of this.namedModules()) {
      if (m instanceof nn.Linear) {
        m.weight.normal_(0, name.endsWith('proj') ? 0.02 / Math.sqrt(2 * config.nLayer) : 0.02);
        m.bias?.zero_();
      }
    }
    this.wte.weight.normal_(0, 0.02);
    this.wpe.weight.normal_(0, 0.02);
  }

  /**
   * idx: token ids (B, T) → logits (B, T, vocabSize). With a cache, idx holds only the tokens after
   * the ones already cached, so their positions start at the cache length.
   */
  forward(idx: Tensor, cache?: KVCache): Tensor {
    const [B, T] = idx.shape;
    const past = cache?.length ?? 0;
    if (past + T > this.config.blockSize) {
      throw new Error(`GPT.forward: cannot attend over ${past + T} positions; blockSize is ${this.config.blockSize}`);
    }
    const pos = arange(past, past + T); // (T)

    const tokEmb = this.wte.forward(idx); // (B, T, C)
    const posEmb = this.wpe.forward(pos); // (T, C)
    let x = this.drop.forward(tokEmb.add(posEmb));
    for (let i = 0; i < this.blocks.length; i++) x = this.blocks.get(i).forward(x, cache?.layer(i));
    x = this.lnF.forward(x);
    return this.lmHead.forward(x); // (B, T, vocabSize)
  }
}
