/**
 * The grader against three corpora (issue: validity): mutants must fail their intended checks,
 * alternative correct solutions must pass every check, broken workspaces must be contained. The
 * broken workspaces that hang or exhaust memory take tens of seconds each and run in
 * broken.slow.test.ts (`npm run test:validity`); the fast ones run here. docs/validity.md is the
 * measured result, checked (or rewritten with KATA_WRITE_DOCS=1) at the end.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Verdict } from '../../harness/dev/variant-cases';
import { removeScratch, REPO, scratchDir } from '../exercise/helpers';
import { alternatives } from './alternatives';
import { brokenWorkspaces } from './broken';
import { brokenRow, checkIds, expectContained, FAST_BROKEN, runBroken, TIME_BUDGET_MS, verdictsInProcess } from './corpus';
import { mutants } from './mutants';
import { renderSection, VALIDITY_DOC, WRITE_DOCS, type Row } from './table';

let root: string;
beforeAll(() => {
  root = scratchDir('validity');
});
afterAll(() => removeScratch(root));

const mutantRows: Row[] = [];
const alternativeRows: Row[] = [];

describe('mutants', () => {
  test('there are at least 25', () => expect(mutants.length).toBeGreaterThanOrEqual(25));
  for (const m of mutants) {
    test(`${m.id} fails ${m.mustFail.join(', ')}`, async () => {
      const verdicts = await verdictsInProcess(root, `mutant--${m.id}`, m.edits);
      mutantRows.push({ id: m.id, description: m.description, intended: m.mustFail, verdicts });
      for (const id of m.mustFail) expect(verdicts[id].status, `${id}: ${verdicts[id].message}`).not.toBe('pass');
    });
  }
});

describe('alternative solutions', () => {
  test('there are at least 6', () => expect(alternatives.length).toBeGreaterThanOrEqual(6));
  for (const a of alternatives) {
    test(`${a.id} passes every check`, async () => {
      const verdicts = await verdictsInProcess(root, `alternative--${a.id}`, a.edits);
      alternativeRows.push({ id: a.id, description: a.description, intended: [], verdicts });
      const failing = Object.entries(verdicts).filter(([, v]) => v.status !== 'pass');
      expect(failing.map(([id, v]: [string, Verdict]) => `${id}: ${v.status} — ${v.message}`)).toEqual([]);
    });
  }
});

const brokenRows: Row[] = [];

describe('broken workspaces (fast)', () => {
  test('there are at least 15 in all', () => expect(brokenWorkspaces.length).toBeGreaterThanOrEqual(15));
  for (const b of brokenWorkspaces.filter((w) => FAST_BROKEN.includes(w.id))) {
    test(`${b.id} is contained`, { timeout: TIME_BUDGET_MS + 10_000 }, async () => {
      const run = await runBroken(root, `broken--${b.id}`, b.edits);
      brokenRows.push(brokenRow(b.id, b.description, run));
      expectContained(run, b.expect);
    });
  }
});

describe('docs/validity.md', () => {
  test('shows the verdicts measured above', () => {
    const fast = brokenWorkspaces.filter((w) => FAST_BROKEN.includes(w.id));
    expect([mutantRows.length, alternativeRows.length, brokenRows.length], 'every case above must run (no -t filter) before the page can be checked').toEqual([mutants.length, alternatives.length, fast.length]);
    const file = path.join(REPO, VALIDITY_DOC);
    const order = <T extends { id: string }>(rows: Row[], corpus: T[]) => corpus.map((c) => rows.find((r) => r.id === c.id)).filter((r): r is Row => r !== undefined);
    let doc = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    doc = renderSection(doc, 'mutants', checkIds, order(mutantRows, mutants));
    doc = renderSection(doc, 'alternatives', checkIds, order(alternativeRows, alternatives));
    doc = renderSection(doc, 'broken-fast', checkIds, order(brokenRows, brokenWorkspaces));
    if (WRITE_DOCS) fs.writeFileSync(file, doc);
    expect(fs.readFileSync(file, 'utf8'), `${VALIDITY_DOC} is stale: run KATA_WRITE_DOCS=1 npx vitest run test/validity`).toBe(doc);
  });
});
