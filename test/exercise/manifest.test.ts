/**
 * The gpt-kv manifest is complete: every variant documented and editable, enough variants per
 * category, every check with a full hint ladder and an explanation, and the manifest's checks and
 * the checks registry naming the same ids. (parseManifest validates the schema; these are the
 * kata's own minimums on top of it.)
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

  test.each(manifest.bugs.map((b) => [b.id, b] as const))('%s has enough variants, with unique ids and a valid default', (id, category) => {
    expect(category.variants.length).toBeGreaterThanOrEqual(MIN_VARIANTS[id]);
    const ids = category.variants.map((v) => v.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain(category.defaultVariant);
  });

  test('variant ids are unique across categories too', () => {
    const ids = manifest.bugs.flatMap((b) => b.variants.map((v) => v.id));
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  const variants = manifest.bugs.flatMap((b) => b.variants.map((v) => [`${b.id}/${v.id}`, v] as const));
  test.each(variants)('%s has every field filled in and edits that change something', (_, variant) => {
    for (const field of ['id', 'title', 'what', 'where', 'why', 'symptom'] as const) expect(variant[field].trim(), field).not.toBe('');
    expect(variant.edits.length).toBeGreaterThan(0);
    for (const edit of variant.edits) {
      expect(manifest.files.map((f) => f.path)).toContain(edit.file);
      expect(edit.find).not.toBe('');
      expect(edit.replace).not.toBe(edit.find);
    }
    expect(variant.where, 'where names the file').toMatch(new RegExp(variant.edits.map((e) => e.file.replace('.', '\\.')).join('|')));
  });

  test.each(manifest.checks.map((c) => [c.id, c] as const))('check %s has a title, a symptom, ≥ 3 hint rungs and an explanation', (_, check) => {
    for (const field of ['title', 'proves', 'symptom', 'explain'] as const) expect(check[field].trim(), field).not.toBe('');
    expect(check.hints.length).toBeGreaterThanOrEqual(3);
    for (const hint of check.hints) expect(hint.trim()).not.toBe('');
    expect(new Set(check.hints).size, 'rungs differ').toBe(check.hints.length);
    expect(check.timeoutMs).toBeGreaterThan(0);
  });

  test('check ids are unique, and the manifest and the checks registry name the same ones', () => {
    const ids = manifest.checks.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(Object.keys(checks).sort()).toEqual([...ids].sort());
  });

  test('the ten check ids of the design are all there (CI users depend on them)', () => {
    expect(manifest.checks.map((c) => c.id)).toEqual([
      'loss-shift', 'pos-embedding', 'causal-mask', 'forward-match', 'overfit',
      'kvcache-api', 'cached-logits', 'chunked-prefill', 'incremental-decode', 'greedy-equal',
    ]);
  });
});
