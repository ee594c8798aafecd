/** The module tracing the checks share: patching a forward and undoing it leaves the module as it was. */
import { describe, expect, test } from 'vitest';
import { patchForward } from '../../harness/katas/gpt-kv/checks/trace';

type Forward = (x: number) => number;

class Inherited {
  forward(x: number): number {
    return x + 1;
  }
}

class OwnField {
  forward: Forward = (x) => x * 10; // an arrow-function field: forward is an own property
}

describe('trace', () => {
  test('patchForward wraps an inherited forward and restores it by uncovering the prototype', () => {
    const m = new Inherited();
    const restore = patchForward<Forward>(m, (original) => (x) => original.call(m, x) * 2);
    expect(m.forward(1)).toBe(4);
    restore();
    expect(Object.prototype.hasOwnProperty.call(m, 'forward')).toBe(false);
    expect(m.forward(1)).toBe(2);
  });

  test("patchForward restores a candidate's own forward instead of deleting it", () => {
    const m = new OwnField();
    const own = m.forward;
    const restore = patchForward<Forward>(m, (original) => (x) => original(x) + 1);
    expect(m.forward(1)).toBe(11);
    restore();
    expect(m.forward).toBe(own);
  });
});
