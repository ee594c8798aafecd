/**
 * Elementwise loops. One loop template per arity is specialised for each op by splicing in its
 * expression (`x + y`), so every op gets its own monomorphic loop: a shared loop calling a closure
 * per element measured 5.7× slower in V8. Each loop has a flat fast path (operands contiguous and of
 * the output's shape, or a scalar) and an N-d strided path where broadcast dimensions have stride 0.
 * A 0-d shape always takes the flat path (no strides to disagree with), so the N-d path has ≥ 1 dim.
 */

/** out[i] = f(a[...], p) over `shape`; a read through `as` strides from `ao`. */
export type UnaryLoop = (a: Float32Array, ao: number, as: readonly number[], out: Float32Array, shape: readonly number[], p: number) => void;
/** out[i] = f(a[...], b[...], p). */
export type BinaryLoop = (
  a: Float32Array, ao: number, as: readonly number[],
  b: Float32Array, bo: number, bs: readonly number[],
  out: Float32Array, shape: readonly number[], p: number,
) => void;

/**
 * out[...] = f(a[...], p) with out, too, addressed through strides (`outs` from `outo`): a write
 * into a strided view such as a KV-cache slot. `shape` needs at least one dim (0-d views are contiguous).
 */
export type StoreLoop = (
  a: Float32Array, ao: number, as: readonly number[],
  out: Float32Array, outo: number, outs: readonly number[],
  shape: readonly number[], p: number,
) => void;

/** Walks the outer dimensions as an odometer over `total` elements; the innermost dimension is the tight loop. */
const outerLoop = (inputs: string[], body: string, total = 'out.length') => `
  const nd = shape.length;
  const inner = shape[nd - 1];
  ${inputs.map((n) => `const ${n}s0 = ${n}s[nd - 1];`).join(' ')}
  const idx = new Array(nd).fill(0);
  ${inputs.map((n) => `let ${n}base = ${n}o;`).join(' ')}
  let o = 0;
  const total = ${total};
  while (o < total) {
    ${inputs.map((n) => `let ${n}i = ${n}base;`).join(' ')}
    for (let j = 0; j < inner; j++, o++) {
      const i = o;
      ${body}
      ${inputs.map((n) => `${n}i += ${n}s0;`).join(' ')}
    }
    for (let d = nd - 2; d >= 0; d--) {
      idx[d]++;
      ${inputs.map((n) => `${n}base += ${n}s[d];`).join(' ')}
      if (idx[d] < shape[d]) break;
      ${inputs.map((n) => `${n}base -= ${n}s[d] * shape[d];`).join(' ')}
      idx[d] = 0;
    }
  }`;

export function compileUnary(expr: string): UnaryLoop {
  const body = `{ const x = a[ai]; out[i] = ${expr}; }`;
  return new Function('a', 'ao', 'as', 'out', 'shape', 'p', `
    let t = 0; // scratch for expressions that reuse a value
    if (isContiguous(as, shape)) {
      for (let i = 0; i < out.length; i++) { const x = a[ao + i]; out[i] = ${expr}; }
      return;
    }
    ${outerLoop(['a'], body)}
    ${isContiguousSource}`) as UnaryLoop;
}

export function compileBinary(expr: string): BinaryLoop {
  const body = `{ const x = a[ai], y = b[bi]; out[i] = ${expr}; }`;
  return new Function('a', 'ao', 'as', 'b', 'bo', 'bs', 'out', 'shape', 'p', `
    let t = 0; // scratch for expressions that reuse a value
    const aFlat = isContiguous(as, shape), bFlat = isContiguous(bs, shape);
    if (aFlat && bFlat) {
      for (let i = 0; i < out.length; i++) { const x = a[ao + i], y = b[bo + i]; out[i] = ${expr}; }
      return;
    }
    if (aFlat && bs.every((s) => s === 0)) {
      const y = b[bo];
      for (let i = 0; i < out.length; i++) { const x = a[ao + i]; out[i] = ${expr}; }
      return;
    }
    ${outerLoop(['a', 'b'], body)}
    ${isContiguousSource}`) as BinaryLoop;
}

export function compileStore(expr: string): StoreLoop {
  const body = `{ const x = a[ai]; out[outi] = ${expr}; }`;
  return new Function('a', 'ao', 'as', 'out', 'outo', 'outs', 'shape', 'p', `
    let size = 1;
    for (let d = 0; d < shape.length; d++) size *= shape[d];
    ${outerLoop(['a', 'out'], body, 'size')}`) as StoreLoop;
}

/** True when strides are the row-major strides of `shape` (size-1 dims may have any stride). */
const isContiguousSource = `
  function isContiguous(strides, shape) {
    let s = 1;
    for (let d = shape.length - 1; d >= 0; d--) {
      if (shape[d] !== 1 && strides[d] !== s) return false;
      s *= shape[d];
    }
    return true;
  }`;
