/**
 * The gpt-kv checks against the kata's own cases, in-process: the reference passes every check; the
 * default starter fails every Part 1 check and every Part 2 check with "not implemented"; each seeded
 * variant alone fails its own category's check and passes the other Part 1 bug checks (DESIGN §5).
 * Describe blocks are named after check ids, so `vitest run test/checks -t causal-mask` runs one
 * check's evidence; verdicts are computed on first use, so a filtered run only pays for what it needs.
 *
 * The measured verdicts of every check on every case also render docs/variants.md; the last test
 * keeps that page fresh.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { RUN_SCRIPT, renderVariantsDoc, type Verdicts } from '../../harness/dev/exercise-docs';
import { checkedCases, inProcessContext, runCheck, writeCase, type Modules, type Verdict } from '../../harness/dev/variant-cases';
import { checks } from '../../harness/katas/gpt-kv/checks';
import { importKataFiles, kata, manifest, removeScratch, REPO, scratchDir } from '../exercise/helpers';

const cases = checkedCases(kata);
const variantCases = cases.filter((k) => k.kind === 'variant');
/** The Part 1 check of each bug category: loss-shift, pos-embedding, causal-mask, forward-match. */
const bugChecks = manifest.bugs.map((b) => b.check);

let root: string;
beforeAll(() => {
  root = scratchDir('checks-gpt-kv');
});
afterAll(() => removeScratch(root));

let reference: Promise<Modules> | undefined;
const workspaces = new Map<string, Promise<{ dir: string; modules: Modules }>>();
const verdicts = new Map<string, Promise<Verdict>>();

function workspace(name: string) {
  let ws = workspaces.get(name);
  if (ws === undefined) {
    const dir = writeCase(root, cases.find((k) => k.name === name)!);
    ws = importKataFiles(dir).then((modules) => ({ dir, modules }));
    workspaces.set(name, ws);
  }
  return ws;
}

/** The verdict of one check on one case, computed once per run. */
function verdict(caseName: string, checkId: string): Promise<Verdict> {
  const key = `${caseName} ${checkId}`;
  let v = verdicts.get(key);
  if (v === undefined) {
    v = (async () => {
      reference ??= importKataFiles(kata.solutionDir);
      const { dir, modules } = await workspace(caseName);
      return runCheck(checks[checkId], inProcessContext(dir, modules, await reference));
    })();
    verdicts.set(key, v);
  }
  return v;
}

const label = (name: string) => name.replace('--', '/');

for (const spec of manifest.checks) {
  describe(spec.id, () => {
    test('passes on the reference solution', async () => {
      expect(await verdict('solution', spec.id)).toMatchObject({ status: 'pass' });
    });

    if (spec.part === 1) {
      test('fails on the default starter', async () => {
        expect(await verdict('starter', spec.id)).toMatchObject({ status: 'fail' });
      });
    } else {
      test('fails on the default starter with "not implemented"', async () => {
        const v = await verdict('starter', spec.id);
        expect(v.status).toBe('fail');
        expect(v.message).toContain('not implemented');
      });
    }

    const judged = manifest.bugs.filter((b) => b.check === spec.id);
    if (bugChecks.includes(spec.id)) {
      // Each seeded bug alone must fail exactly its own Part 1 check: a skip or an error here would
      // hide a bug behind another check, a fail would blame the wrong category.
      test.each(variantCases.map((k) => [label(k.name), k] as const))('%s', async (_, k) => {
        const v = await verdict(k.name, spec.id);
        const own = judged.some((b) => b.id === k.category);
        expect(v, own ? `${k.name} must fail ${spec.id}` : `${k.name} is not ${spec.id}'s bug`).toMatchObject({ status: own ? 'fail' : 'pass' });
      });
    } else {
      // overfit and Part 2: measured for docs/variants.md; a seeded bug must never crash a check.
      test.each(variantCases.map((k) => [label(k.name), k] as const))('%s gives a verdict, not an error', async (_, k) => {
        expect(['pass', 'fail', 'skip']).toContain((await verdict(k.name, spec.id)).status);
      });
    }
  });
}

describe('variants', () => {
  test('docs/variants.md lists the verdicts measured here', async () => {
    const measured: Verdicts = {};
    for (const k of cases) {
      measured[k.name] = {};
      for (const id of Object.keys(checks)) measured[k.name][id] = await verdict(k.name, id);
    }
    const file = path.join(REPO, 'docs', 'variants.md');
    const committed = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    expect(committed, `docs/variants.md is stale: run \`${RUN_SCRIPT}\``).toBe(renderVariantsDoc(manifest, cases, measured));
  });
});
