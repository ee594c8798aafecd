/**
 * exercises/gpt-kv/ is generated: the default starter rendered from the solution and the manifest,
 * plus a hand-written README whose check table is generated. These tests keep it from drifting, keep
 * stray files out, and keep anything that points at a bug out of the starter code.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { RUN_SCRIPT, withCheckTable } from '../../harness/dev/exercise-docs';
import { checkedCases, starterCases } from '../../harness/dev/variant-cases';
import { defaultChoice, renderStarter } from '../../harness/variants';
import { kata, manifest, REPO } from './helpers';

const EXERCISES = path.join(REPO, 'exercises');
const README = path.join(kata.exerciseDir, 'README.md');
const stale = (file: string) => `exercises/gpt-kv/${file} is stale: run \`${RUN_SCRIPT}\` and commit the result`;

describe('exercises/gpt-kv', () => {
  test('each kata file equals the freshly rendered default starter', () => {
    const rendered = renderStarter(kata, defaultChoice(manifest));
    expect(Object.keys(rendered).sort()).toEqual(manifest.files.map((f) => f.path).sort());
    for (const [file, content] of Object.entries(rendered)) {
      const committed = path.join(kata.exerciseDir, file);
      expect(fs.existsSync(committed), `exercises/gpt-kv/${file} is missing: run \`${RUN_SCRIPT}\``).toBe(true);
      expect(fs.readFileSync(committed, 'utf8'), stale(file)).toBe(content);
    }
  });

  test("the README's check table is the one rendered from the manifest", () => {
    const readme = fs.readFileSync(README, 'utf8');
    expect(readme, stale('README.md')).toBe(withCheckTable(readme, manifest));
    for (const check of manifest.checks) expect(readme).toContain(`\`${check.id}\``);
  });

  test('exercises/ holds only the four kata files and README.md', () => {
    const found = fs.readdirSync(EXERCISES, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.relative(EXERCISES, path.join(e.parentPath, e.name)))
      .sort();
    expect(found).toEqual([...manifest.files.map((f) => `gpt-kv/${f.path}`), 'gpt-kv/README.md'].sort());
  });
});

/**
 * Words that point at a seeded bug or at unfinished work (the reverse of rustlings' TODO rule).
 * "seeded" alone is fine: the code seeds random generators.
 */
const MARKER = /\b(TODO|FIXME|XXX|HACK|BUGS?|variants?)\b|\bseeded\s+(bugs?|variants?|errors?|mistakes?)\b/i;
/** Only the stub's and generate's "not implemented" errors may send the candidate to Part 2. */
const PART_2 = /part\s*2/i;

function markerLines(source: string): string[] {
  return source.split('\n').filter((line) => MARKER.test(line) || (PART_2.test(line) && !/not implemented/.test(line)));
}

describe('no hinting markers', () => {
  test('the marker scan catches markers and lets plain code through', () => {
    expect(markerLines('// TODO fix\nconst a = 1; // fixme\n/* the seeded bug */\n// Part 2: write this')).toHaveLength(4);
    expect(markerLines("/** Seeds sampling; the init is seeded by manualSeed. */\nthrow new Error('x is not implemented yet — this is Part 2');\nfunction debug() {}")).toEqual([]);
  });

  test('exercises/gpt-kv/*.ts mention no bug, TODO or variant, and Part 2 only in "not implemented" errors', () => {
    for (const file of manifest.files) {
      expect(markerLines(fs.readFileSync(path.join(kata.exerciseDir, file.path), 'utf8')), `exercises/gpt-kv/${file.path}`).toEqual([]);
    }
  });

  test('neither does the starter of any variant', () => {
    for (const k of [...checkedCases(kata), ...starterCases(kata)]) {
      for (const [file, source] of Object.entries(k.files)) expect(markerLines(source), `${k.name}/${file}`).toEqual([]);
    }
  });

  test('"not implemented" appears only where Part 2 goes: the cache stub, cached generation, a forward given a cache', () => {
    const starter = renderStarter(kata, defaultChoice(manifest));
    const throwing = Object.entries(starter).filter(([, source]) => /not implemented/.test(source)).map(([file]) => file);
    expect(throwing.sort()).toEqual(['generate.ts', 'kvcache.ts', 'model.ts']);
    expect(starter['model.ts'].match(/not implemented/g)).toHaveLength(1);
  });

  test('the README names no variant', () => {
    const readme = fs.readFileSync(README, 'utf8').toLowerCase();
    expect(readme).not.toMatch(/\bvariant|\bseeded\s+(bug|error|mistake)/);
    for (const category of manifest.bugs) {
      for (const variant of category.variants) {
        expect(readme, `README mentions variant id ${variant.id}`).not.toContain(variant.id.toLowerCase());
        expect(readme, `README mentions variant title "${variant.title}"`).not.toContain(variant.title.toLowerCase());
      }
    }
  });
});
