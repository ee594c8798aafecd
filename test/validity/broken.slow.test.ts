/**
 * The broken workspaces that hang or exhaust memory: each is contained only by the runner's timeouts
 * and memory cap, so a run takes tens of seconds. `npm run test:validity` runs them (so does CI);
 * plain `npm test` leaves them out.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { removeScratch, REPO, scratchDir } from '../exercise/helpers';
import { brokenWorkspaces } from './broken';
import { brokenRow, checkIds, expectContained, FAST_BROKEN, runBroken, TIME_BUDGET_MS } from './corpus';
import { renderSection, VALIDITY_DOC, WRITE_DOCS, type Row } from './table';

let root: string;
beforeAll(() => {
  root = scratchDir('validity-slow');
});
afterAll(() => removeScratch(root));

const rows: Row[] = [];
const slow = brokenWorkspaces.filter((w) => !FAST_BROKEN.includes(w.id));

describe('broken workspaces (slow)', () => {
  for (const b of slow) {
    test(`${b.id} is contained`, { timeout: TIME_BUDGET_MS + 10_000 }, async () => {
      const run = await runBroken(root, `broken--${b.id}`, b.edits);
      rows.push(brokenRow(b.id, b.description, run));
      expectContained(run, b.expect);
    });
  }

  test('docs/validity.md shows the verdicts measured above', () => {
    expect(rows.length, 'every case above must run (no -t filter) before the page can be checked').toBe(slow.length);
    const file = path.join(REPO, VALIDITY_DOC);
    const doc = renderSection(fs.readFileSync(file, 'utf8'), 'broken-slow', checkIds, slow.map((b) => rows.find((r) => r.id === b.id)!));
    if (WRITE_DOCS) fs.writeFileSync(file, doc);
    expect(fs.readFileSync(file, 'utf8'), `${VALIDITY_DOC} is stale: run KATA_WRITE_DOCS=1 npm run test:validity`).toBe(doc);
  });
});
