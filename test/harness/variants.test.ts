import { describe, expect, it } from 'vitest';
import { OrphanedEditError, UnknownVariantError } from '../../harness/errors';
import { applyEdits, chooseVariants, renderStarter } from '../../harness/variants';
import { kata as tiny } from '../fixtures/katas/tiny';

describe('applyEdits', () => {
  const files = { 'a.ts': 'const x = 1;\nconst y = 2;\n' };

  it('replaces each find exactly once, in order, literally', () => {
    const out = applyEdits(files, [
      { file: 'a.ts', find: 'x = 1', replace: 'x = $& + 1' },
      { file: 'a.ts', find: 'x = $& + 1', replace: 'x = 3' },
    ]);
    expect(out['a.ts']).toBe('const x = 3;\nconst y = 2;\n');
    expect(files['a.ts']).toBe('const x = 1;\nconst y = 2;\n'); // input untouched
  });

  it('fails loudly, naming source, file and snippet, when a find string is missing', () => {
    const run = () => applyEdits(files, [{ file: 'a.ts', find: 'z = 9', replace: '' }], 'variant arith/minus');
    expect(run).toThrow(OrphanedEditError);
    expect(run).toThrow(/variant arith\/minus: in a\.ts, "z = 9" does not occur/);
  });

  it('fails when a find string is ambiguous', () => {
    expect(() => applyEdits(files, [{ file: 'a.ts', find: 'const', replace: 'let' }], 'v')).toThrow(/"const" occurs 2 times \(it must be unique\)/);
  });

  it('fails for a file that does not exist', () => {
    expect(() => applyEdits(files, [{ file: 'b.ts', find: 'x', replace: 'y' }], 'v')).toThrow(/in b\.ts, "x" does not occur/);
  });
});

describe('chooseVariants', () => {
  const { manifest } = tiny;

  it('gives every category its default without a seed', () => {
    expect(chooseVariants(manifest)).toEqual({ arith: 'minus', scaling: 'adds' });
  });

  it('is reproducible by seed, and seeds differ', () => {
    expect(chooseVariants(manifest, { seed: 3 })).toEqual({ arith: 'minus', scaling: 'squares' }); // pinned: the CLI tests start with seed 3
    for (const seed of [0, 1, 2, 42, 4294967295]) expect(chooseVariants(manifest, { seed })).toEqual(chooseVariants(manifest, { seed }));
    const distinct = new Set(Array.from({ length: 20 }, (_, seed) => JSON.stringify(chooseVariants(manifest, { seed }))));
    expect(distinct.size).toBeGreaterThan(4); // 9 combinations exist; small seeds must not collapse onto one
  });

  it('lets explicit ids win for their category and keeps the others as seeded', () => {
    const seeded = chooseVariants(manifest, { seed: 7 });
    const mixed = chooseVariants(manifest, { seed: 7, explicit: { arith: 'first' } });
    expect(mixed).toEqual({ ...seeded, arith: 'first' });
  });

  it('rejects unknown category and variant ids, listing the valid ones', () => {
    expect(() => chooseVariants(manifest, { explicit: { arithm: 'minus' } })).toThrow(UnknownVariantError);
    expect(() => chooseVariants(manifest, { explicit: { arithm: 'minus' } })).toThrow(/no bug category "arithm" \(did you mean "arith"\?\); categories: arith, scaling/);
    expect(() => chooseVariants(manifest, { explicit: { arith: 'plus' } })).toThrow(/variants: minus, plus-one, first/);
  });
});

describe('renderStarter', () => {
  it('applies the starter edits and the chosen variants to the solution', () => {
    const files = renderStarter(tiny, { arith: 'plus-one', scaling: 'squares' });
    expect(files['model.ts']).toContain('return a + b + 1;');
    expect(files['model.ts']).toContain('return x.mul(x);');
    expect(files['extra.ts']).toContain("throw new Error('greet: not implemented');");
  });
});
