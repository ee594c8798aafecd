/**
 * Checkpoints (tensor/checkpoint.ts): the safetensors layout read back bit for bit, an independent
 * parse of the bytes, one named error per kind of corruption, and clear failures when a checkpoint
 * does not fit the model it is loaded into.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import {
  CheckpointError, Generator, TensorError, deserialize, loadCheckpoint, manualSeed, nn, randn, saveCheckpoint, serialize, tensor,
  type CheckpointErrorCode, type Tensor,
} from '../../tensor';
import { expectBitwiseEqual, expectError } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'minigpt-checkpoint-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Same shape and the same float32 bits. */
function expectSameTensor(actual: Tensor, expected: Tensor, name: string): void {
  expect(actual.shape, name).toEqual(expected.shape);
  expectBitwiseEqual(actual, expected, name);
}

interface TinyConfig {
  vocabSize: number;
  nEmbd: number;
  nLayer: number;
}

class Block extends nn.Module {
  ln: nn.LayerNorm;
  fc: nn.Linear;

  constructor(C: number) {
    super();
    this.ln = new nn.LayerNorm(C);
    this.fc = new nn.Linear(C, C);
  }

  forward(x: Tensor): Tensor {
    return x.add(this.fc.forward(this.ln.forward(x)).gelu());
  }
}

/**
 * A small language model from the engine's own modules, shaped like a GPT's state dict (an
 * embedding, numbered blocks, a head): engine tests do not import solutions/ (test/README.md).
 */
class TinyLM extends nn.Module {
  wte: nn.Embedding;
  blocks: nn.ModuleList<Block>;
  lnF: nn.LayerNorm;
  head: nn.Linear;

  constructor(readonly config: TinyConfig) {
    super();
    this.wte = new nn.Embedding(config.vocabSize, config.nEmbd);
    this.blocks = new nn.ModuleList(Array.from({ length: config.nLayer }, () => new Block(config.nEmbd)));
    this.lnF = new nn.LayerNorm(config.nEmbd);
    this.head = new nn.Linear(config.nEmbd, config.vocabSize, { bias: false });
  }

  forward(idx: Tensor): Tensor {
    let x = this.wte.forward(idx);
    for (const block of this.blocks) x = block.forward(x);
    return this.head.forward(this.lnF.forward(x));
  }
}

function tinyModel(seed: number, overrides: Partial<TinyConfig> = {}): TinyLM {
  manualSeed(seed);
  return new TinyLM({ vocabSize: 30, nEmbd: 32, nLayer: 2, ...overrides });
}

/** A file from a header object and raw data bytes, with the length field written as given. */
function build(header: unknown, data: Uint8Array = new Uint8Array(0), headerText = JSON.stringify(header)): Uint8Array {
  const h = Buffer.from(headerText, 'utf8');
  const out = new Uint8Array(8 + h.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(h.length), true);
  out.set(h, 8);
  out.set(data, 8 + h.length);
  return out;
}

const expectCode = (fn: () => unknown, code: CheckpointErrorCode, fragment: RegExp) => expectError(fn, CheckpointError, code, fragment);

describe('checkpoint round trip', () => {
  test('a model state dict saved and loaded is bitwise identical, names and shapes included', () => {
    const model = tinyModel(1);
    const path = join(dir, 'gpt.safetensors');
    saveCheckpoint(path, model.stateDict(), { config: JSON.stringify(model.config), note: 'ünïcode ✓' });
    const { tensors, metadata } = loadCheckpoint(path);
    expect(Object.keys(tensors)).toEqual(Object.keys(model.stateDict()));
    for (const [name, p] of Object.entries(model.stateDict())) expectSameTensor(tensors[name], p, name);
    expect(metadata).toEqual({ config: JSON.stringify(model.config), note: 'ünïcode ✓' });
  });

  test('special values keep their exact bits: NaN, ±Infinity, -0, subnormals', () => {
    const special = tensor(Float32Array.of(NaN, Infinity, -Infinity, -0, 1e-45, -3.4028234663852886e38, 0.1));
    // a NaN with a non-default payload
    new Uint32Array(special.data.buffer)[0] = 0x7fc00abc;
    const { tensors } = deserialize(serialize({ special }));
    expectSameTensor(tensors.special, special, 'special');
  });

  test('views are saved as their logical values; empty tensors and scalars round-trip', () => {
    const base = randn([3, 4], { generator: new Generator(7) });
    const view = base.transpose(0, 1).narrow(0, 1, 2); // non-contiguous, with an offset
    const empty = tensor(new Float32Array(0), [0, 5]);
    const scalar = tensor(Float32Array.of(2.5), []);
    const { tensors } = deserialize(serialize({ view, empty, scalar }));
    expectSameTensor(tensors.view, view, 'view');
    expect(tensors.empty.shape).toEqual([0, 5]);
    expect(tensors.scalar.shape).toEqual([]);
    expect(tensors.scalar.item()).toBe(2.5);
  });

  test('loaded tensors do not share storage with the file buffer or each other', () => {
    const a = tensor([1, 2]), b = tensor([3, 4]);
    const bytes = serialize({ a, b });
    const { tensors } = deserialize(bytes);
    tensors.a.data[0] = 99;
    expect(tensors.b.toArray()).toEqual([3, 4]);
    expect(deserialize(bytes).tensors.a.toArray()).toEqual([1, 2]);
  });

  test('the bytes follow the safetensors layout (checked by an independent parse)', () => {
    const w = randn([2, 3], { generator: new Generator(3) });
    const bias = tensor([0.5, -1]);
    const bytes = serialize({ w, bias }, { step: '12' });
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const N = Number(view.getBigUint64(0, true));
    expect((8 + N) % 8).toBe(0); // the data starts 8-byte aligned
    const header = JSON.parse(Buffer.from(bytes.subarray(8, 8 + N)).toString('utf8'));
    expect(header).toEqual({
      __metadata__: { step: '12' },
      w: { dtype: 'F32', shape: [2, 3], data_offsets: [0, 24] },
      bias: { dtype: 'F32', shape: [2], data_offsets: [24, 32] },
    });
    expect(bytes.length).toBe(8 + N + 32);
    const read = (i: number) => view.getFloat32(8 + N + 4 * i, true);
    expect(Array.from({ length: 6 }, (_, i) => read(i))).toEqual(w.toArray());
    expect([read(6), read(7)]).toEqual([0.5, -1]);
  });

  test('a model restored from a checkpoint gives bitwise-equal logits', () => {
    const source = tinyModel(2);
    const target = tinyModel(3);
    const path = join(dir, 'logits.safetensors');
    saveCheckpoint(path, source.stateDict());
    target.loadStateDict(loadCheckpoint(path).tensors);
    const idx = tensor([[1, 5, 9, 2, 0, 29]]);
    expectSameTensor(target.eval().forward(idx), source.eval().forward(idx), 'logits');
  });

  test('saving over an existing checkpoint replaces it and leaves no temporary file', () => {
    const path = join(dir, 'replace.safetensors');
    saveCheckpoint(path, { a: tensor([1]) });
    saveCheckpoint(path, { a: tensor([2]) });
    expect(loadCheckpoint(path).tensors.a.toArray()).toEqual([2]);
    expect(readdirSync(dir).filter((f) => f.startsWith('replace.safetensors'))).toEqual(['replace.safetensors']);
  });
});

describe('checkpoint corruption', () => {
  const eight = new Uint8Array(8); // two float32 zeros

  test('TOO_SHORT: fewer than 8 bytes', () => {
    expectCode(() => deserialize(new Uint8Array(5)), 'TOO_SHORT', /5 bytes is too short/);
    expectCode(() => deserialize(new Uint8Array(0)), 'TOO_SHORT', /0 bytes/);
  });

  test('HEADER_TOO_LARGE: the header length points past the end of the file', () => {
    const bytes = serialize({ a: tensor([1, 2]) });
    new DataView(bytes.buffer).setBigUint64(0, BigInt(bytes.length), true);
    expectCode(() => deserialize(bytes), 'HEADER_TOO_LARGE', new RegExp(`says ${bytes.length} bytes, but only ${bytes.length - 8}`));
    new DataView(bytes.buffer).setBigUint64(0, 2n ** 63n, true); // beyond any real file
    expectCode(() => deserialize(bytes), 'HEADER_TOO_LARGE', /header length/);
  });

  test('BAD_HEADER: not JSON, not UTF-8, not an object, malformed entries or metadata', () => {
    expectCode(() => deserialize(build(null, eight, '{"a": {"dtype": "F32",')), 'BAD_HEADER', /not UTF-8 JSON/);
    const invalidUtf8 = build(null, new Uint8Array(0), '{}');
    invalidUtf8[9] = 0xff;
    expectCode(() => deserialize(invalidUtf8), 'BAD_HEADER', /not UTF-8 JSON/);
    expectCode(() => deserialize(build([1, 2])), 'BAD_HEADER', /must be a JSON object, got an array/);
    expectCode(() => deserialize(build({ a: { dtype: 'F32', data_offsets: [0, 8] } }, eight)), 'BAD_HEADER', /"a" needs "dtype", "shape"/);
    expectCode(() => deserialize(build({ a: { dtype: 'F32', shape: [-2], data_offsets: [0, 8] } }, eight)), 'BAD_HEADER', /"a"/);
    expectCode(() => deserialize(build({ __metadata__: { step: 3 } })), 'BAD_HEADER', /__metadata__/);
  });

  test('UNKNOWN_DTYPE: only F32 is read', () => {
    expectCode(() => deserialize(build({ a: { dtype: 'F16', shape: [4], data_offsets: [0, 8] } }, eight)), 'UNKNOWN_DTYPE', /"a" has dtype "F16"; only F32/);
    expectCode(() => deserialize(build({ a: { dtype: 'float', shape: [2], data_offsets: [0, 8] } }, eight)), 'UNKNOWN_DTYPE', /"float"/);
  });

  test('OFFSETS_OUT_OF_RANGE: malformed offsets, a hole between tensors, bytes after the last one', () => {
    const entry = (data_offsets: unknown) => ({ a: { dtype: 'F32', shape: [2], data_offsets } });
    expectCode(() => deserialize(build(entry([-8, 0]), eight)), 'OFFSETS_OUT_OF_RANGE', /\[-8,0\]; expected \[begin, end\]/);
    expectCode(() => deserialize(build(entry([8, 0]), eight)), 'OFFSETS_OUT_OF_RANGE', /0 <= begin <= end/);
    expectCode(() => deserialize(build(entry([0, 8.5]), eight)), 'OFFSETS_OUT_OF_RANGE', /data_offsets/);
    expectCode(() => deserialize(build(entry('0-8'), eight)), 'OFFSETS_OUT_OF_RANGE', /data_offsets/);
    const hole = { a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] }, b: { dtype: 'F32', shape: [1], data_offsets: [8, 12] } };
    expectCode(() => deserialize(build(hole, new Uint8Array(12))), 'OFFSETS_OUT_OF_RANGE', /bytes \[4, 8\) of the data belong to no tensor/);
    expectCode(() => deserialize(build(entry([0, 8]), new Uint8Array(12))), 'OFFSETS_OUT_OF_RANGE', /4 bytes after the last tensor/);
  });

  test('OVERLAPPING_DATA: two tensors claim the same bytes', () => {
    const header = { a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, b: { dtype: 'F32', shape: [2], data_offsets: [4, 12] } };
    expectCode(() => deserialize(build(header, new Uint8Array(12))), 'OVERLAPPING_DATA', /"a" \[0, 8\) and "b" \[4, 12\) overlap/);
  });

  test('SIZE_MISMATCH: the byte span does not match the shape', () => {
    expectCode(() => deserialize(build({ a: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }, eight)), 'SIZE_MISMATCH', /shape \[3\] needs 12 bytes of F32, but data_offsets \[0, 8\] span 8/);
  });

  test('TRUNCATED_DATA: the file ends before the data the header describes', () => {
    const bytes = serialize({ a: tensor([1, 2, 3]), b: tensor([4, 5]) });
    expectCode(() => deserialize(bytes.subarray(0, bytes.length - 3)), 'TRUNCATED_DATA', /describes 20 bytes of tensor data, but only 17 follow it \(tensor "b"/);
    expectCode(() => loadCheckpoint(writeTmp('cut.safetensors', bytes.subarray(0, bytes.length - 3))), 'TRUNCATED_DATA', /cut\.safetensors: .*cut short/);
  });

  test('READ_FAILED: a missing file names the path', () => {
    expectCode(() => loadCheckpoint(join(dir, 'nope.safetensors')), 'READ_FAILED', /nope\.safetensors: cannot read the checkpoint \(ENOENT\)/);
  });

  test('INVALID_INPUT: serialize rejects non-string metadata and reserved names', () => {
    expectCode(() => serialize({ a: tensor([1]) }, { step: 3 as unknown as string }), 'INVALID_INPUT', /metadata "step" is a number/);
    expectCode(() => serialize({ __metadata__: tensor([1]) }), 'INVALID_INPUT', /cannot name a tensor/);
  });
});

function writeTmp(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

describe('checkpoint into a model that does not fit', () => {
  const path = join(dir, 'fit.safetensors');


  test('a shape mismatch names the parameter and both shapes, and writes nothing', () => {
    saveCheckpoint(path, tinyModel(4, { nEmbd: 16 }).stateDict());
    const model = tinyModel(5);
    const before = model.wte.weight.toFloat32Array();
    expectError(() => model.loadStateDict(loadCheckpoint(path).tensors), TensorError, 'STATE_DICT', /wte\.weight: expected shape \[30,32\], got \[30,16\]/);
    expectBitwiseEqual(model.wte.weight, before, 'wte.weight after the failed load');
  });

  test('missing and unexpected names are listed', () => {
    saveCheckpoint(path, tinyModel(4, { nLayer: 1 }).stateDict());
    expectError(() => tinyModel(5).loadStateDict(loadCheckpoint(path).tensors), TensorError, 'STATE_DICT', /missing: blocks\.1\.ln\.weight/);
    const state = tinyModel(4).stateDict();
    saveCheckpoint(path, { ...state, 'extra.weight': tensor([1]) });
    expectError(() => tinyModel(5).loadStateDict(loadCheckpoint(path).tensors), TensorError, 'STATE_DICT', /unexpected: extra\.weight/);
  });
});
