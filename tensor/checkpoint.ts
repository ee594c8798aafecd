/**
 * Checkpoints in the safetensors layout (https://github.com/huggingface/safetensors#format), so a
 * saved model can be inspected with standard tools and a corrupt file is rejected before any value
 * is read:
 *
 *   8 bytes   N, the header length, unsigned 64-bit little-endian
 *   N bytes   UTF-8 JSON: { "<name>": { "dtype": "F32", "shape": [...], "data_offsets": [begin, end] },
 *                           "__metadata__": { "<key>": "<string>" } }   (padded with spaces to 8 bytes)
 *   the rest  raw little-endian float32 values; offsets are relative to the end of the header and
 *             must tile the data exactly (no overlap, no hole, nothing after the last tensor)
 *
 *   saveCheckpoint('model.safetensors', model.stateDict(), { step: '300' });
 *   model.loadStateDict(loadCheckpoint('model.safetensors').tensors);
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fmt, numel } from './shape';
import { Tensor } from './tensor';

export type CheckpointErrorCode =
  | 'INVALID_INPUT' // serialize() got something it cannot write (a bad name, non-string metadata)
  | 'READ_FAILED' // the file could not be read (missing, a directory, no permission)
  | 'TOO_SHORT' // fewer than the 8 bytes of the header length
  | 'HEADER_TOO_LARGE' // the header length points past the end of the file
  | 'BAD_HEADER' // the header is not UTF-8 JSON of the expected form
  | 'UNKNOWN_DTYPE' // a tensor's dtype is not F32
  | 'OFFSETS_OUT_OF_RANGE' // data_offsets malformed, or the tensors leave a hole or trailing bytes
  | 'OVERLAPPING_DATA' // two tensors claim the same bytes
  | 'SIZE_MISMATCH' // end - begin is not 4 × the number of elements of the shape
  | 'TRUNCATED_DATA'; // the file ends before the data the header describes

/** A checkpoint that cannot be written or read; `code` is stable, the message says what to do. */
export class CheckpointError extends Error {
  override name = 'CheckpointError';
  constructor(
    readonly code: CheckpointErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface Checkpoint {
  /** In file order, which is the order they were saved in. */
  tensors: Record<string, Tensor>;
  metadata: Record<string, string>;
}

const HEADER_LENGTH_BYTES = 8;
/** The safetensors reference rejects headers over 100 MB; so do we, before allocating anything. */
const MAX_HEADER_BYTES = 100_000_000;
const METADATA_KEY = '__metadata__';
const BYTES_PER_F32 = 4;
const littleEndianHost = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/** The bytes of a float32 array in little-endian order, whatever the host's byte order. */
function f32Bytes(values: Float32Array): Uint8Array {
  if (littleEndianHost) return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const out = new Uint8Array(values.length * BYTES_PER_F32);
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * BYTES_PER_F32, values[i], true);
  return out;
}

/** Float32 values from little-endian bytes (copied: the source may not be 4-byte aligned). */
function f32FromBytes(bytes: Uint8Array): Float32Array {
  const out = new Float32Array(bytes.length / BYTES_PER_F32);
  if (littleEndianHost) {
    new Uint8Array(out.buffer).set(bytes);
    return out;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * BYTES_PER_F32, true);
  return out;
}

/** A state dict (name → tensor) and string metadata as safetensors bytes; values are copied bit for bit. */
export function serialize(tensors: Record<string, Tensor>, metadata: Record<string, string> = {}): Uint8Array {
  const header: Record<string, unknown> = {};
  const chunks: Uint8Array[] = [];
  let offset = 0;
  if (Object.keys(metadata).length > 0) {
    for (const [key, value] of Object.entries(metadata)) {
      if (typeof value !== 'string') {
        throw new CheckpointError('INVALID_INPUT', `serialize: metadata ${JSON.stringify(key)} is a ${typeof value}; metadata values must be strings (JSON.stringify structured values)`);
      }
    }
    header[METADATA_KEY] = metadata;
  }
  for (const [name, t] of Object.entries(tensors)) {
    if (name === '' || name === METADATA_KEY) {
      throw new CheckpointError('INVALID_INPUT', `serialize: ${JSON.stringify(name)} cannot name a tensor; rename it`);
    }
    if (!(t instanceof Tensor)) throw new CheckpointError('INVALID_INPUT', `serialize: ${JSON.stringify(name)} is not a Tensor`);
    const bytes = f32Bytes(t.toFloat32Array());
    header[name] = { dtype: 'F32', shape: [...t.shape], data_offsets: [offset, offset + bytes.length] };
    chunks.push(bytes);
    offset += bytes.length;
  }
  let json = JSON.stringify(header);
  // Pad with spaces so the data starts 8-byte aligned, as the safetensors writer does.
  const rawLength = Buffer.byteLength(json, 'utf8');
  json += ' '.repeat((HEADER_LENGTH_BYTES - (rawLength % HEADER_LENGTH_BYTES)) % HEADER_LENGTH_BYTES);
  const headerBytes = Buffer.from(json, 'utf8');
  const out = new Uint8Array(HEADER_LENGTH_BYTES + headerBytes.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, HEADER_LENGTH_BYTES);
  let p = HEADER_LENGTH_BYTES + headerBytes.length;
  for (const chunk of chunks) {
    out.set(chunk, p);
    p += chunk.length;
  }
  return out;
}

interface Entry {
  name: string;
  shape: number[];
  begin: number;
  end: number;
}

const isIndex = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;

/**
 * Parses safetensors bytes, validating everything before reading a value. `source` (a path) prefixes
 * error messages. Throws CheckpointError with a code naming what is wrong.
 */
export function deserialize(bytes: Uint8Array, source = 'checkpoint'): Checkpoint {
  function fail(code: CheckpointErrorCode, detail: string): never {
    throw new CheckpointError(code, `${source}: ${detail}`);
  }
  const corrupt = 'the file is not a checkpoint written by saveCheckpoint, or it is corrupt; save it again';
  if (bytes.length < HEADER_LENGTH_BYTES) {
    fail('TOO_SHORT', `${bytes.length} bytes is too short for a checkpoint (it starts with an 8-byte header length); ${corrupt}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getBigUint64(0, true);
  const available = bytes.length - HEADER_LENGTH_BYTES;
  if (headerLength > BigInt(Math.min(available, MAX_HEADER_BYTES))) {
    fail('HEADER_TOO_LARGE', `the header length field says ${headerLength} bytes, but ${headerLength > BigInt(MAX_HEADER_BYTES) ? `the limit is ${MAX_HEADER_BYTES}` : `only ${available} bytes follow it`}; ${corrupt}`);
  }
  const N = Number(headerLength);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(HEADER_LENGTH_BYTES, HEADER_LENGTH_BYTES + N)));
  } catch (e) {
    fail('BAD_HEADER', `the ${N}-byte header is not UTF-8 JSON (${(e as Error).message}); ${corrupt}`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    fail('BAD_HEADER', `the header must be a JSON object, got ${Array.isArray(header) ? 'an array' : JSON.stringify(header)}; ${corrupt}`);
  }

  const metadata: Record<string, string> = {};
  const entries: Entry[] = [];
  for (const [name, raw] of Object.entries(header)) {
    if (name === METADATA_KEY) {
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || Object.values(raw).some((v) => typeof v !== 'string')) {
        fail('BAD_HEADER', `"${METADATA_KEY}" must map keys to strings; ${corrupt}`);
      }
      Object.assign(metadata, raw);
      continue;
    }
    const info = raw as { dtype?: unknown; shape?: unknown; data_offsets?: unknown } | null;
    if (typeof info !== 'object' || info === null || !Array.isArray(info.shape) || !info.shape.every(isIndex)) {
      fail('BAD_HEADER', `tensor ${JSON.stringify(name)} needs "dtype", "shape" (non-negative integers) and "data_offsets"; got ${JSON.stringify(raw)}`);
    }
    const shape = info.shape as number[];
    if (info.dtype !== 'F32') {
      fail('UNKNOWN_DTYPE', `tensor ${JSON.stringify(name)} has dtype ${JSON.stringify(info.dtype)}; only F32 (float32) is supported; convert the checkpoint to float32`);
    }
    const offsets = info.data_offsets;
    if (!Array.isArray(offsets) || offsets.length !== 2 || !isIndex(offsets[0]) || !isIndex(offsets[1]) || offsets[0] > offsets[1]) {
      fail('OFFSETS_OUT_OF_RANGE', `tensor ${JSON.stringify(name)} has data_offsets ${JSON.stringify(offsets)}; expected [begin, end] with 0 <= begin <= end; ${corrupt}`);
    }
    const [begin, end] = offsets as [number, number];
    const expected = numel(shape) * BYTES_PER_F32;
    if (end - begin !== expected) {
      fail('SIZE_MISMATCH', `tensor ${JSON.stringify(name)} of shape ${fmt(shape)} needs ${expected} bytes of F32, but data_offsets [${begin}, ${end}] span ${end - begin}; ${corrupt}`);
    }
    entries.push({ name, shape, begin, end });
  }

  // The tensors must tile the data section exactly, as in the safetensors reference: no byte is
  // claimed twice, none is left unclaimed.
  entries.sort((a, b) => a.begin - b.begin || a.end - b.end);
  const dataLength = available - N;
  let covered = 0;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    if (e.begin < covered) {
      const other = entries.slice(0, i).find((o) => o.end > e.begin)!;
      fail('OVERLAPPING_DATA', `tensors ${JSON.stringify(other.name)} [${other.begin}, ${other.end}) and ${JSON.stringify(e.name)} [${e.begin}, ${e.end}) overlap; ${corrupt}`);
    }
    if (e.begin > covered) {
      fail('OFFSETS_OUT_OF_RANGE', `bytes [${covered}, ${e.begin}) of the data belong to no tensor (the next one, ${JSON.stringify(e.name)}, starts at ${e.begin}); ${corrupt}`);
    }
    covered = e.end;
  }
  if (covered > dataLength) {
    const last = entries.find((e) => e.end > dataLength)!;
    fail('TRUNCATED_DATA', `the header describes ${covered} bytes of tensor data, but only ${dataLength} follow it (tensor ${JSON.stringify(last.name)} needs bytes up to ${last.end}); the file was cut short: save it again`);
  }
  if (covered < dataLength) {
    fail('OFFSETS_OUT_OF_RANGE', `${dataLength - covered} bytes after the last tensor (at ${covered}) belong to no tensor; ${corrupt}`);
  }

  const start = HEADER_LENGTH_BYTES + N;
  const tensors: Record<string, Tensor> = {};
  for (const e of entries) tensors[e.name] = new Tensor(f32FromBytes(bytes.subarray(start + e.begin, start + e.end)), e.shape);
  return { tensors, metadata };
}

/**
 * Writes a state dict to `path` (creating its folder). The file is written next to the target and
 * renamed over it, so an interrupted save never leaves a half-written checkpoint behind.
 */
export function saveCheckpoint(path: string, tensors: Record<string, Tensor>, metadata: Record<string, string> = {}): void {
  const bytes = serialize(tensors, metadata);
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, bytes);
    renameSync(tmp, path);
  } finally {
    rmSync(tmp, { force: true });
  }
}

/** Reads and validates a checkpoint; `model.loadStateDict(loadCheckpoint(p).tensors)` restores a model. */
export function loadCheckpoint(path: string): Checkpoint {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new CheckpointError('READ_FAILED', `${path}: cannot read the checkpoint (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); check the path, or train and save a model first`);
  }
  return deserialize(bytes, path);
}
