/**
 * The gpt-kv manifest is complete beyond what parseManifest enforces when it loads (filled-in fields,
 * ≥ 3 hint rungs, known files, unique ids and defaults within a category): the kata's own minimums per
 * category, variant ids unique across categories, edits that change something where `where` says,
 * hint rungs that differ, and the manifest and the checks registry naming the same ids.
 */
import { describe, expect, test } from 'vitest';
import { checks } from '../../harness/katas/gpt-kv/checks';
import { manifest } from './helpers';

/** Fewest variants a category may have: enough that practising again gives a different bug. */
const MIN_VARIANTS: Record<string, number> = { 'label-shift': 3, 'pos-embedding': 3, 'causal-mask': 3, typo: 6 };

describe('gpt-kv manifest', () => {
  test('has the four bug categories of the design, each judged by its own Part 1 check', () => {
    expect(manifest.bugs.map((b) => b.id)).toEqual(Object.keys(MIN_VARIANTS));
    const judged = manifest.bugs.map((b) => b.check);
    expect(new Set(judged).size).toBe(judged.length);
    for (const id of judged) expect(manifest.checks.find((c) => c.id === id)?.part, id).toBe(1);
  });

  test.each(manifest.bugs.map((b) => [b.id, b] as const))('%s has enough variants', (id, category) => {
    expect(category.variants.length).toBeGreaterThanOrEqual(MIN_VARIANTS[id]);
  });

  test('variant ids are unique across categories too', () => {
    const ids = manifest.bugs.flatMap((b) => b.variants.map((v) => v.id));
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  const variants = manifest.bugs.flatMap((b) => b.variants.map((v) => [`${b.id}/${v.id}`, v] as const));
  test.each(variants)('%s has edits that change something, in the file its `where` names', (_, variant) => {
    for (const edit of variant.edits) expect(edit.replace).not.toBe(edit.find);
    expect(variant.where, 'where names the file').toMatch(new RegExp(variant.edits.map((e) => e.file.replace('.', '\\.')).join('|')));
  });

  test.each(manifest.checks.map((c) => [c.id, c] as const))('check %s has hint rungs that differ', (_, check) => {
    expect(new Set(check.hints).size, 'rungs differ').toBe(check.hints.length);
  });

  test('the manifest and the checks registry name the same check ids', () => {
    expect(Object.keys(checks).sort()).toEqual(manifest.checks.map((c) => c.id).sort());
  });

  test('the ten check ids of the design are all there (CI users depend on them)', () => {
    expect(manifest.checks.map((c) => c.id)).toEqual([
      'loss-shift', 'pos-embedding', 'causal-mask', 'forward-match', 'overfit',
      'kvcache-api', 'cached-logits', 'chunked-prefill', 'incremental-decode', 'greedy-equal',
    ]);
  });
});
