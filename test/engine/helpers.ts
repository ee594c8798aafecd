/**
 * Shared helpers of the engine tests: seeded inputs, bitwise and approximate comparisons, expected errors.
 * Inputs come from private generators, so no test depends on the global seed or on test order.
 */
import { expect } from 'vitest';
import { Generator, rand, randn, type Tensor } from '../../tensor';

/** Standard normal samples from a private generator seeded with `seed`. */
export function rnd(shape: readonly number[], seed: number, scale = 1): Tensor {
  const t = randn(shape, { generator: new Generator(seed) });
  if (scale !== 1) for (let i = 0; i < t.data.length; i++) t.data[i] *= scale;
  return t;
}

/** Uniform samples in [lo, hi) from a private generator. */
export function uniform(shape: readonly number[], seed: number, lo: number, hi: number): Tensor {
  const t = rand(shape, { generator: new Generator(seed) });
  for (let i = 0; i < t.data.length; i++) t.data[i] = lo + (hi - lo) * t.data[i];
  return t;
}

/** Storage offset of every element in row-major order, following the tensor's strides. */
export function storageOffsets(t: Tensor): number[] {
  const out: number[] = [];
  const idx = new Array<number>(t.ndim).fill(0);
  for (let n = 0; n < t.size; n++) {
    let p = t.offset;
    for (let d = 0; d < t.ndim; d++) p += idx[d] * t.strides[d];
    out.push(p);
    for (let d = t.ndim - 1; d >= 0 && ++idx[d] === t.shape[d]; d--) idx[d] = 0;
  }
  return out;
}

/**
 * Asserts two float32 results are identical bit for bit (NaN payloads and -0 included), reporting
 * the first differing element, so "almost equal" can never pass for "equal".
 */
export function expectBitwiseEqual(actual: Tensor | Float32Array, expected: Tensor | Float32Array, what = 'values'): void {
  const a = actual instanceof Float32Array ? actual : actual.toFloat32Array();
  const b = expected instanceof Float32Array ? expected : expected.toFloat32Array();
  expect(a.length, `${what}: length`).toBe(b.length);
  const ua = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const ub = new Uint32Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < ua.length; i++) {
    if (ua[i] !== ub[i]) expect.fail(`${what}: element ${i} differs: ${a[i]} vs ${b[i]} (bits ${ua[i].toString(16)} vs ${ub[i].toString(16)})`);
  }
}

/** Asserts |actual - expected| <= atol + rtol * |expected| elementwise, naming the first miss. */
export function expectClose(actual: Tensor | ArrayLike<number>, expected: ArrayLike<number>, atol = 1e-6, rtol = 1e-5, what = 'values'): void {
  const a = 'toArray' in actual ? actual.toArray() : Array.from(actual);
  expect(a.length, `${what}: length`).toBe(expected.length);
  for (let i = 0; i < a.length; i++) {
    const e = expected[i];
    if (Number.isNaN(e) || !Number.isFinite(e)) {
      expect(Object.is(a[i], e) || (Number.isNaN(e) && Number.isNaN(a[i])), `${what}[${i}] = ${a[i]}, expected ${e}`).toBe(true);
      continue;
    }
    const ok = Math.abs(a[i] - e) <= atol + rtol * Math.abs(e);
    if (!ok) expect.fail(`${what}[${i}] = ${a[i]}, expected ${e} (atol ${atol}, rtol ${rtol})`);
  }
}

/**
 * Runs `fn`, expecting an error of class `type` with `code` whose message contains every string
 * fragment and matches every RegExp; returns the error for further checks.
 */
export function expectError<E extends Error & { code: string }>(
  fn: () => unknown, type: abstract new (...args: never) => E, code: E['code'], ...fragments: (string | RegExp)[]
): E {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught, `throws a ${type.name}`).toBeInstanceOf(type);
  const err = caught as E;
  expect(err.code).toBe(code);
  for (const f of fragments) {
    if (typeof f === 'string') expect(err.message).toContain(f);
    else expect(err.message).toMatch(f);
  }
  return err;
}
