import { TensorError } from '../errors';
import { fmt, sameShape } from '../shape';
import { Tensor } from '../tensor';

/** A trainable tensor: registered by the module that holds it, updated by optimizers. */
export class Parameter extends Tensor {
  constructor(t: Tensor, requiresGrad = true) {
    // Shares a contiguous tensor's whole buffer; anything else is copied once, without a recorded op.
    super(t.isContiguous() && t.offset === 0 && t.data.length === t.size ? t.data : t.toFloat32Array(), t.shape);
    this.requiresGrad = requiresGrad;
  }
}

export type StateDict = Record<string, Tensor>;

/**
 * Base class of layers and models, like `torch.nn.Module`. Parameters and submodules are found by
 * property name, in declaration order, so `this.ln1 = new LayerNorm(C)` registers `ln1.weight` and
 * `ln1.bias`. Plain tensor properties are buffers: not parameters, not in the state dict.
 */
export abstract class Module {
  training = true;

  /** Direct submodules with their property names. */
  *children(): Generator<[string, Module]> {
    for (const [name, value] of Object.entries(this)) if (value instanceof Module) yield [name, value];
  }

  /** Every module in the tree with its dotted path ('' for this one). */
  *namedModules(prefix = ''): Generator<[string, Module]> {
    yield [prefix, this];
    for (const [name, child] of this.children()) yield* child.namedModules(prefix === '' ? name : `${prefix}.${name}`);
  }

  /**
   * Parameters with dotted names such as `blocks.0.attn.qkv.weight`. A parameter shared by two
   * modules (tied embedding and head weights) is listed once, under its first name, as in PyTorch,
   * so an optimizer does not step it twice and `numParameters` does not count it twice.
   */
  *namedParameters(): Generator<[string, Parameter]> {
    const seen = new Set<Parameter>();
    for (const [path, module] of this.namedModules()) {
      for (const [name, value] of Object.entries(module)) {
        if (!(value instanceof Parameter) || seen.has(value)) continue;
        seen.add(value);
        yield [path === '' ? name : `${path}.${name}`, value];
      }
    }
  }

  parameters(): Parameter[] {
    return [...this.namedParameters()].map(([, p]) => p);
  }

  /** Total number of parameter elements. */
  numParameters(): number {
    return this.parameters().reduce((n, p) => n + p.size, 0);
  }

  /** Name → parameter, sharing storage (clone to keep a snapshot). */
  stateDict(): StateDict {
    return Object.fromEntries(this.namedParameters());
  }

  /**
   * Copies values into this module's parameters. With `strict`, names must match exactly; shapes
   * must always match. Errors list what is missing or unexpected, and nothing is written on error.
   */
  loadStateDict(state: StateDict, { strict = true } = {}): void {
    const own = new Map(this.namedParameters());
    const missing = [...own.keys()].filter((k) => !(k in state));
    const unexpected = Object.keys(state).filter((k) => !own.has(k));
    if (strict && (missing.length > 0 || unexpected.length > 0)) {
      const parts = [];
      if (missing.length > 0) parts.push(`missing: ${missing.join(', ')}`);
      if (unexpected.length > 0) parts.push(`unexpected: ${unexpected.join(', ')}`);
      throw new TensorError('STATE_DICT', 'loadStateDict', `parameter names do not match (${parts.join('; ')})`);
    }
    for (const [name, p] of own) {
      const src = state[name];
      if (src !== undefined && !sameShape(src.shape, p.shape)) {
        throw new TensorError('STATE_DICT', 'loadStateDict', `${name}: expected shape ${fmt(p.shape)}, got ${fmt(src.shape)}`);
      }
    }
    for (const [name, p] of own) if (state[name] !== undefined) p.copy_(state[name]);
  }

  /** Sets training mode here and in every submodule (dropout reads it). */
  train(mode = true): this {
    for (const [, m] of this.namedModules()) m.training = mode;
    return this;
  }

  eval(): this {
    return this.train(false);
  }

  zeroGrad(): void {
    for (const p of this.parameters()) p.grad = null;
  }
}

/** An indexable list of modules, registered as `name.0`, `name.1`, ... */
export class ModuleList<M extends Module = Module> extends Module {
  private readonly items: M[];

  constructor(items: Iterable<M> = []) {
    super();
    this.items = [...items];
  }

  override *children(): Generator<[string, Module]> {
    for (let i = 0; i < this.items.length; i++) yield [String(i), this.items[i]];
  }

  get length(): number {
    return this.items.length;
  }

  get(i: number): M {
    const item = this.items[i < 0 ? i + this.items.length : i];
    if (item === undefined) throw new TensorError('INDEX_OUT_OF_RANGE', 'ModuleList', `index ${i} is out of range for a list of ${this.items.length}`);
    return item;
  }

  push(m: M): void {
    this.items.push(m);
  }

  [Symbol.iterator](): Iterator<M> {
    return this.items[Symbol.iterator]();
  }
}
