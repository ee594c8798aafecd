/**
 * Row independence, proven bitwise (DESIGN §3): every output row of matmul, Linear, softmax and
 * layerNorm is computed by the same loop order whatever the number of rows. So the last row of a
 * T-row computation equals the same computation on that row alone, bit for bit, and a cached decode
 * step can reproduce the uncached forward exactly. T runs over 1, 3, 4, 5, 7, 16, 33 so that the 4-row
 * register blocks, the leftover rows and the single-row kernels all meet.
 */
import { describe, test } from 'vitest';
import { Tensor, cat, layerNorm, manualSeed, nn, noGrad, ones, softmax, zeros } from '../../tensor';
import { expectBitwiseEqual, rnd } from './helpers';

const TS = [1, 3, 4, 5, 7, 16, 33];
// Odd sizes so that both the 4- (and 8-) wide column blocks and the leftover columns are used.
const K = 19, N = 13;

/** Every row of f(x) against f applied to that row alone (a copy and a narrow view of it). */
function expectRowsIndependent(name: string, x: Tensor, f: (rows: Tensor) => Tensor): void {
  const T = x.shape[0];
  const full = f(x);
  for (const i of new Set([0, Math.floor(T / 2), T - 1])) {
    const expected = full.narrow(0, i, 1);
    expectBitwiseEqual(f(x.narrow(0, i, 1).clone()), expected, `${name}: row ${i} of ${T} (copied row)`);
    expectBitwiseEqual(f(x.narrow(0, i, 1)), expected, `${name}: row ${i} of ${T} (narrow view)`);
  }
}

describe('row independence', () => {
  describe('matmul', () => {
    for (const T of TS) {
      test(`NN kernel, contiguous right operand: T = ${T}`, () => {
        const w = rnd([K, N], 1);
        expectRowsIndependent('x @ w', rnd([T, K], 100 + T), (x) => x.matmul(w));
      });
      test(`NT kernel, transposed right operand w.t(): T = ${T}`, () => {
        const w = rnd([N, K], 2);
        expectRowsIndependent('x @ w.t()', rnd([T, K], 200 + T), (x) => x.matmul(w.t()));
      });
    }
    test('batched: the last row of each batch matches a one-row batched matmul', () => {
      const w = rnd([3, K, N], 3);
      const x = rnd([3, 7, K], 4);
      const full = x.matmul(w);
      expectBitwiseEqual(x.narrow(1, 6, 1).matmul(w), full.narrow(1, 6, 1));
    });
  });

  describe('Linear', () => {
    for (const T of TS) {
      test(`T = ${T}`, () => {
        manualSeed(5);
        const lin = new nn.Linear(K, N);
        noGrad(() => expectRowsIndependent('Linear', rnd([T, K], 300 + T), (x) => lin.forward(x)));
      });
    }
  });

  describe('softmax', () => {
    for (const T of TS) {
      test(`T = ${T}`, () => expectRowsIndependent('softmax', rnd([T, N], 400 + T, 3), (x) => softmax(x, -1)));
    }
  });

  describe('layerNorm', () => {
    for (const T of TS) {
      test(`T = ${T}`, () => {
        const w = rnd([N], 6, 0.2).add(1), b = rnd([N], 7, 0.2);
        expectRowsIndependent('layerNorm', rnd([T, N], 500 + T), (x) => layerNorm(x, w, b));
      });
    }
  });

  describe('causal-attention', () => {
    const B = 2, C = 16, nh = 2, hs = C / nh, cap = 40;

    /** A causal self-attention block built from engine ops only, nanoGPT style. */
    class Attention extends nn.Module {
      qkv = new nn.Linear(C, 3 * C);
      proj = new nn.Linear(C, C);

      /** q, k, v of x (B, T, C), each (B, nh, T, hs). */
      heads(x: Tensor): [Tensor, Tensor, Tensor] {
        const T = x.shape[1];
        const [q, k, v] = this.qkv.forward(x).split(C, 2);
        return [q, k, v].map((t) => t.view(B, T, nh, hs).transpose(1, 2)) as [Tensor, Tensor, Tensor]; // (B, nh, T, hs)
      }

      /** Queries (B, nh, Tq, hs) at absolute positions past .. past+Tq-1 against keys/values (B, nh, Tk, hs). */
      attend(q: Tensor, k: Tensor, v: Tensor): Tensor {
        const Tq = q.shape[2], Tk = k.shape[2];
        let att = q.matmul(k.transpose(-2, -1)).mul(1 / Math.sqrt(hs)); // (B, nh, Tq, Tk)
        // rows Tk-Tq .. Tk-1 of the causal pattern: 1 strictly above the diagonal is the future
        const future = ones(cap, cap).triu(1).narrow(0, Tk - Tq, Tq).narrow(1, 0, Tk);
        att = att.maskedFill(future, -Infinity).softmax(-1);
        const y = att.matmul(v); // (B, nh, Tq, hs)
        return this.proj.forward(y.transpose(1, 2).contiguous().view(B, Tq, C)); // (B, Tq, C)
      }

      forward(x: Tensor): Tensor {
        const [q, k, v] = this.heads(x);
        return this.attend(q, k, v);
      }
    }

    for (const T of TS) {
      test(`last row of a T-row forward equals a one-token step over cached keys/values: T = ${T}`, () => {
        manualSeed(11);
        const attn = new Attention();
        const x = rnd([B, T, C], 600 + T);
        noGrad(() => {
          const full = attn.forward(x).narrow(1, T - 1, 1); // (B, 1, C)

          // One token at a time: its k, v appended by cat, and by copy_ into a preallocated buffer.
          const ks: Tensor[] = [], vs: Tensor[] = [];
          const kBuf = zeros(B, nh, cap, hs), vBuf = zeros(B, nh, cap, hs);
          let q: Tensor | null = null;
          for (let t = 0; t < T; t++) {
            const [qt, kt, vt] = attn.heads(x.narrow(1, t, 1));
            ks.push(kt);
            vs.push(vt);
            kBuf.narrow(2, t, 1).copy_(kt);
            vBuf.narrow(2, t, 1).copy_(vt);
            q = qt;
          }
          const viaCat = attn.attend(q!, cat(ks, 2), cat(vs, 2));
          const viaBuffer = attn.attend(q!, kBuf.narrow(2, 0, T), vBuf.narrow(2, 0, T));
          expectBitwiseEqual(viaCat, full, `T = ${T}, keys/values by cat`);
          expectBitwiseEqual(viaBuffer, full, `T = ${T}, keys/values in a preallocated buffer`);
        });
      });
    }

    test('chunked: the last 3 rows of a forward equal a 3-token step over the cached prefix', () => {
      manualSeed(12);
      const attn = new Attention();
      const T = 9;
      const x = rnd([B, T, C], 700);
      noGrad(() => {
        const full = attn.forward(x).narrow(1, T - 3, 3);
        const [, kp, vp] = attn.heads(x.narrow(1, 0, T - 3));
        const [q, kn, vn] = attn.heads(x.narrow(1, T - 3, 3));
        expectBitwiseEqual(attn.attend(q, cat([kp, kn], 2), cat([vp, vn], 2)), full);
      });
    });
  });
});
