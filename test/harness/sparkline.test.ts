import { describe, expect, it } from 'vitest';
import { sparkline } from '../../harness/doc/sparkline';

describe('sparkline', () => {
  it('maps the lowest value to ▁ and the highest to █', () => {
    expect(sparkline([3, 2, 1, 0])).toBe('█▆▃▁');
  });
  it('shows non-finite values (a NaN loss) as ·, never as "undefined"', () => {
    expect(sparkline([3.2, NaN, NaN])).toBe('▁··');
    expect(sparkline([NaN, Infinity])).toBe('··');
  });
});
