/**
 * Row kernels over contiguous [rows, n] buffers. Each row is computed by the same loop, in float64,
 * independently of how many rows there are (the row-order guarantee the cached decode relies on).
 */

/** Numerically stable softmax: subtract the row max, so exp never overflows; exp(-inf) = 0. */
export function softmaxRows(x: Float32Array, y: Float32Array, rows: number, n: number): void {
  for (let r = 0; r < rows; r++) {
    const o = r * n;
    let max = -Infinity;
    for (let j = 0; j < n; j++) if (x[o + j] > max) max = x[o + j];
    let sum = 0;
    for (let j = 0; j < n; j++) {
      const e = Math.exp(x[o + j] - max);
      y[o + j] = e;
      sum += e;
    }
    const inv = 1 / sum;
    for (let j = 0; j < n; j++) y[o + j] *= inv;
  }
}

/** dx = y * (dy - sum(dy * y)) per row. */
export function softmaxRowsBackward(y: Float32Array, dy: Float32Array, dx: Float32Array, rows: number, n: number): void {
  for (let r = 0; r < rows; r++) {
    const o = r * n;
    let dot = 0;
    for (let j = 0; j < n; j++) dot += dy[o + j] * y[o + j];
    for (let j = 0; j < n; j++) dx[o + j] = y[o + j] * (dy[o + j] - dot);
  }
}

/** log softmax = x - max - log(sum(exp(x - max))). */
export function logSoftmaxRows(x: Float32Array, y: Float32Array, rows: number, n: number): void {
  for (let r = 0; r < rows; r++) {
    const o = r * n;
    let max = -Infinity;
    for (let j = 0; j < n; j++) if (x[o + j] > max) max = x[o + j];
    let sum = 0;
    for (let j = 0; j < n; j++) sum += Math.exp(x[o + j] - max);
    const shift = max + Math.log(sum);
    for (let j = 0; j < n; j++) y[o + j] = x[o + j] - shift;
  }
}

/** dx = dy - softmax(x) * sum(dy) per row, with softmax recovered as exp(y). */
export function logSoftmaxRowsBackward(y: Float32Array, dy: Float32Array, dx: Float32Array, rows: number, n: number): void {
  for (let r = 0; r < rows; r++) {
    const o = r * n;
    let sum = 0;
    for (let j = 0; j < n; j++) sum += dy[o + j];
    for (let j = 0; j < n; j++) dx[o + j] = dy[o + j] - Math.exp(y[o + j]) * sum;
  }
}

/** y = (x - mean) / sqrt(var + eps) * w + b per row (biased variance, as PyTorch); saves mean and 1/std. */
export function layerNormRows(
  x: Float32Array, w: Float32Array, b: Float32Array, y: Float32Array,
  mean: Float32Array, rstd: Float32Array, rows: number, n: number, eps: number,
): void {
  for (let r = 0; r < rows; r++) {
    const o = r * n;
    let s = 0;
    for (let j = 0; j < n; j++) s += x[o + j];
    const mu = s / n;
    let v = 0;
    for (let j = 0; j < n; j++) {
      const d = x[o + j] - mu;
      v += d * d;
    }
    const rs = 1 / Math.sqrt(v / n + eps);
    for (let j = 0; j < n; j++) y[o + j] = (x[o + j] - mu) * rs * w[j] + b[j];
    mean[r] = mu;
    rstd[r] = rs;
  }
}

/** Gradients of layerNormRows; dw and db are accumulated (+=) across rows. */
export function layerNormRowsBackward(
  x: Float32Array, w: Float32Array, mean: Float32Array, rstd: Float32Array, dy: Float32Array,
  dx: Float32Array, dw: Float32Array, db: Float32Array, rows: number, n: number,
): void {
  for (let r = 0; r < rows; r++) {
    const o = r * n;
    const mu = mean[r], rs = rstd[r];
    let sumG = 0, sumGX = 0;
    for (let j = 0; j < n; j++) {
      const xhat = (x[o + j] - mu) * rs;
      const g = dy[o + j] * w[j];
      sumG += g;
      sumGX += g * xhat;
      dw[j] += dy[o + j] * xhat;
      db[j] += dy[o + j];
    }
    for (let j = 0; j < n; j++) {
      const xhat = (x[o + j] - mu) * rs;
      dx[o + j] = rs * (dy[o + j] * w[j] - (sumG + xhat * sumGX) / n);
    }
  }
}
