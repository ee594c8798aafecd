/**
 * Matmul kernels in plain JS. C[M,N] = A[M,K] · B, with B either row-major [K,N] ("NN") or given as
 * its transpose, row-major [N,K] ("NT": a Linear weight, or keys read as K^T). Rows of A start at
 * aOff + i*lda, rows of B (or Bt) at bOff + r*ldb; the innermost dimension always has unit stride.
 *
 * Row-order guarantee: every C[i,j] is accumulated in float64 from k = 0 upward in a single sum,
 * whatever the blocking, so a row of C is bitwise the same whether A has 1 row or 1000. Products of
 * two float32 values are exact in float64, so the blocking below cannot change any result.
 * 4×4 register blocks (16 accumulators) keep loads per multiply-add low; leftovers use 1×4 and 1×1.
 */
export function matmulNN(
  a: Float32Array, aOff: number, lda: number,
  b: Float32Array, bOff: number, ldb: number,
  c: Float32Array, cOff: number, ldc: number,
  M: number, N: number, K: number,
): void {
  let i = 0;
  for (; i + 4 <= M; i += 4) {
    const a0 = aOff + i * lda, a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
    const c0 = cOff + i * ldc, c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
    let j = 0;
    for (; j + 4 <= N; j += 4) {
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      let s20 = 0, s21 = 0, s22 = 0, s23 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0;
      let pb = bOff + j;
      for (let k = 0; k < K; k++, pb += ldb) {
        const b0 = b[pb], b1 = b[pb + 1], b2 = b[pb + 2], b3 = b[pb + 3];
        const x0 = a[a0 + k], x1 = a[a1 + k], x2 = a[a2 + k], x3 = a[a3 + k];
        s00 += x0 * b0; s01 += x0 * b1; s02 += x0 * b2; s03 += x0 * b3;
        s10 += x1 * b0; s11 += x1 * b1; s12 += x1 * b2; s13 += x1 * b3;
        s20 += x2 * b0; s21 += x2 * b1; s22 += x2 * b2; s23 += x2 * b3;
        s30 += x3 * b0; s31 += x3 * b1; s32 += x3 * b2; s33 += x3 * b3;
      }
      c[c0 + j] = s00; c[c0 + j + 1] = s01; c[c0 + j + 2] = s02; c[c0 + j + 3] = s03;
      c[c1 + j] = s10; c[c1 + j + 1] = s11; c[c1 + j + 2] = s12; c[c1 + j + 3] = s13;
      c[c2 + j] = s20; c[c2 + j + 1] = s21; c[c2 + j + 2] = s22; c[c2 + j + 3] = s23;
      c[c3 + j] = s30; c[c3 + j + 1] = s31; c[c3 + j + 2] = s32; c[c3 + j + 3] = s33;
    }
    for (; j < N; j++) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      let pb = bOff + j;
      for (let k = 0; k < K; k++, pb += ldb) {
        const bv = b[pb];
        s0 += a[a0 + k] * bv; s1 += a[a1 + k] * bv; s2 += a[a2 + k] * bv; s3 += a[a3 + k] * bv;
      }
      c[c0 + j] = s0; c[c1 + j] = s1; c[c2 + j] = s2; c[c3 + j] = s3;
    }
  }
  for (; i < M; i++) matmulRowNN(a, aOff + i * lda, b, bOff, ldb, c, cOff + i * ldc, N, K);
}

/** One row of NN: 8 columns at a time, streaming B row by row (the decode-step shape). */
function matmulRowNN(a: Float32Array, pa: number, b: Float32Array, bOff: number, ldb: number, c: Float32Array, pc: number, N: number, K: number): void {
  let j = 0;
  for (; j + 8 <= N; j += 8) {
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
    let pb = bOff + j;
    for (let k = 0; k < K; k++, pb += ldb) {
      const x = a[pa + k];
      s0 += x * b[pb]; s1 += x * b[pb + 1]; s2 += x * b[pb + 2]; s3 += x * b[pb + 3];
      s4 += x * b[pb + 4]; s5 += x * b[pb + 5]; s6 += x * b[pb + 6]; s7 += x * b[pb + 7];
    }
    c[pc + j] = s0; c[pc + j + 1] = s1; c[pc + j + 2] = s2; c[pc + j + 3] = s3;
    c[pc + j + 4] = s4; c[pc + j + 5] = s5; c[pc + j + 6] = s6; c[pc + j + 7] = s7;
  }
  for (; j < N; j++) {
    let s = 0;
    let pb = bOff + j;
    for (let k = 0; k < K; k++, pb += ldb) s += a[pa + k] * b[pb];
    c[pc + j] = s;
  }
}

export function matmulNT(
  a: Float32Array, aOff: number, lda: number,
  b: Float32Array, bOff: number, ldb: number,
  c: Float32Array, cOff: number, ldc: number,
  M: number, N: number, K: number,
): void {
  let i = 0;
  for (; i + 4 <= M; i += 4) {
    const a0 = aOff + i * lda, a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
    const c0 = cOff + i * ldc, c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
    let j = 0;
    for (; j + 4 <= N; j += 4) {
      const b0 = bOff + j * ldb, b1 = b0 + ldb, b2 = b1 + ldb, b3 = b2 + ldb;
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      let s20 = 0, s21 = 0, s22 = 0, s23 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0;
      for (let k = 0; k < K; k++) {
        const y0 = b[b0 + k], y1 = b[b1 + k], y2 = b[b2 + k], y3 = b[b3 + k];
        const x0 = a[a0 + k], x1 = a[a1 + k], x2 = a[a2 + k], x3 = a[a3 + k];
        s00 += x0 * y0; s01 += x0 * y1; s02 += x0 * y2; s03 += x0 * y3;
        s10 += x1 * y0; s11 += x1 * y1; s12 += x1 * y2; s13 += x1 * y3;
        s20 += x2 * y0; s21 += x2 * y1; s22 += x2 * y2; s23 += x2 * y3;
        s30 += x3 * y0; s31 += x3 * y1; s32 += x3 * y2; s33 += x3 * y3;
      }
      c[c0 + j] = s00; c[c0 + j + 1] = s01; c[c0 + j + 2] = s02; c[c0 + j + 3] = s03;
      c[c1 + j] = s10; c[c1 + j + 1] = s11; c[c1 + j + 2] = s12; c[c1 + j + 3] = s13;
      c[c2 + j] = s20; c[c2 + j + 1] = s21; c[c2 + j + 2] = s22; c[c2 + j + 3] = s23;
      c[c3 + j] = s30; c[c3 + j + 1] = s31; c[c3 + j + 2] = s32; c[c3 + j + 3] = s33;
    }
    for (; j < N; j++) {
      const pb = bOff + j * ldb;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let k = 0; k < K; k++) {
        const y = b[pb + k];
        s0 += a[a0 + k] * y; s1 += a[a1 + k] * y; s2 += a[a2 + k] * y; s3 += a[a3 + k] * y;
      }
      c[c0 + j] = s0; c[c1 + j] = s1; c[c2 + j] = s2; c[c3 + j] = s3;
    }
  }
  for (; i < M; i++) matmulRowNT(a, aOff + i * lda, b, bOff, ldb, c, cOff + i * ldc, N, K);
}

/** One row of NT: four dot products at a time sharing each load of the A row. */
function matmulRowNT(a: Float32Array, pa: number, b: Float32Array, bOff: number, ldb: number, c: Float32Array, pc: number, N: number, K: number): void {
  let j = 0;
  for (; j + 4 <= N; j += 4) {
    const b0 = bOff + j * ldb, b1 = b0 + ldb, b2 = b1 + ldb, b3 = b2 + ldb;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (let k = 0; k < K; k++) {
      const x = a[pa + k];
      s0 += x * b[b0 + k]; s1 += x * b[b1 + k]; s2 += x * b[b2 + k]; s3 += x * b[b3 + k];
    }
    c[pc + j] = s0; c[pc + j + 1] = s1; c[pc + j + 2] = s2; c[pc + j + 3] = s3;
  }
  for (; j < N; j++) {
    const pb = bOff + j * ldb;
    let s = 0;
    for (let k = 0; k < K; k++) s += a[pa + k] * b[pb + k];
    c[pc + j] = s;
  }
}
