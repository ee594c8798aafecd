/**
 * Matmul throughput through the public op (`a.matmul(b)`: shape checks, layout, kernel, counters),
 * on square shapes and on the decode-step shape, one row against a weight matrix.
 */
import { Generator, randn } from '../tensor';
import { rate, secondsPerCall, type Figure } from './figures';

function matmulFigure(name: string, [M, K, N]: [number, number, number], bar?: number): Figure {
  return {
    name,
    unit: 'GFLOP/s',
    description: `[${M},${K}] @ [${K},${N}], float32, median of 7 samples of >= 100 ms`,
    bar,
    measure() {
      const g = new Generator(1);
      const a = randn([M, K], { generator: g }), b = randn([K, N], { generator: g });
      const seconds = secondsPerCall(() => a.matmul(b), { warmup: 3, runs: 7, minSampleMs: 100 });
      return rate((2 * M * K * N) / 1e9, seconds);
    },
  };
}

export const figures: Figure[] = [
  matmulFigure('matmul.f32.64.gflops', [64, 64, 64]),
  matmulFigure('matmul.f32.256.gflops', [256, 256, 256], 3),
  matmulFigure('matmul.f32.512.gflops', [512, 512, 512]),
  matmulFigure('matmul.f32.decode_1x128x512.gflops', [1, 128, 512], 2.5),
];
