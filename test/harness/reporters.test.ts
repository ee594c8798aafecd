import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../harness/check';
import { exitCodeFor, type GradeReport } from '../../harness/grade';
import { JSON_SCHEMA_VERSION, reporters, toJsonReport } from '../../harness/reporters';
import { checkRecord } from '../../harness/session-log';
import { REPO } from './helpers';
import { validate } from './json-schema';
import { parseXml } from './xml';

const schema = JSON.parse(fs.readFileSync(path.join(REPO, 'docs', 'json-schema.json'), 'utf8')) as Record<string, unknown>;

const result = (id: string, part: 1 | 2, status: CheckResult['status'], message: string, extra: Partial<CheckResult> = {}): CheckResult => ({
  id,
  part,
  title: `${id} title`,
  required: true,
  status,
  message,
  details: [],
  durationMs: 12,
  ...extra,
});

const report: GradeReport = {
  kata: { id: 'tiny', title: 'Tiny fixture kata' },
  variant: { seed: 3, bugs: { arith: 'first', scaling: 'identity' } },
  dir: '/tmp/ws',
  results: [
    result('add', 1, 'pass', 'add(2, 3) is 5'),
    result('scale', 1, 'fail', 'scale returned <1, 2> & "3" \'x\'', { details: ['printed \x1b[31mred\x1b[0m and a NUL \u0000', 'second'] }),
    result('greet', 2, 'error', 'Error: greet: not implemented (at extra.ts:3)'),
    result('bonus-ref', 2, 'fail', 'differs', { required: false }),
    result('slow', 2, 'skip', 'runs only with --full', { required: false, durationMs: 0 }),
  ],
  typecheck: [{ file: 'model.ts', line: 4, col: 9, code: 2322, message: "Type 'number' is not assignable to type 'string'." }],
  durationMs: 345,
};
const options = { color: false, suggestHints: true };

describe('json reporter', () => {
  it('prints exactly the DESIGN §6 fields, and validates against docs/json-schema.json', () => {
    const json = JSON.parse(reporters.json(report, options)) as Record<string, unknown>;
    expect(validate(json, schema)).toEqual([]);
    expect(json.schemaVersion).toBe(JSON_SCHEMA_VERSION);
    expect(json).toMatchObject({ kata: 'tiny', variant: { seed: 3, bugs: { arith: 'first' } }, summary: { passed: 1, failed: 2, errored: 1, skipped: 1 }, ok: false });
    expect(Object.keys((json.checks as object[])[0])).toEqual(expect.arrayContaining(['id', 'part', 'status', 'message', 'durationMs']));
  });

  it('validates with a null variant (a bare folder) and rejects malformed reports', () => {
    const bare = toJsonReport({ ...report, variant: null });
    expect(validate(bare, schema)).toEqual([]);
    expect(validate({ ...bare, schemaVersion: 2 }, schema)).not.toEqual([]);
    expect(validate({ ...bare, checks: [{ ...bare.checks[0], status: 'passed' }] }, schema)).not.toEqual([]);
    const { summary: _summary, ...withoutSummary } = bare;
    expect(validate(withoutSummary, schema)).toEqual(['$: missing summary']);
  });

  it('says ok when every required check passes or is skipped and the workspace type-checks, whatever the bonus checks do', () => {
    const results = report.results.map((r) => (r.required ? { ...r, status: 'pass' as const } : r));
    expect(toJsonReport({ ...report, results, typecheck: [] }).ok).toBe(true);
    expect(toJsonReport({ ...report, results, typecheck: [{ file: 'model.ts', line: 3, col: 7, code: 2322, message: 'x' }] }).ok).toBe(false);
  });
});

describe('junit reporter', () => {
  const xml = reporters.junit(report, options);
  const root = parseXml(xml);

  it('is well-formed XML with one testsuite per part and one testcase per check', () => {
    expect(root.name).toBe('testsuites');
    expect(root.attributes).toMatchObject({ tests: '5', failures: '2', errors: '1', skipped: '1' });
    expect(root.children.map((s) => s.attributes.name)).toEqual(['tiny part 1', 'tiny part 2']);
    const cases = root.children.flatMap((s) => s.children.filter((c) => c.name === 'testcase'));
    expect(cases.map((c) => c.attributes.name)).toEqual(['add: add title', 'scale: scale title', 'greet: greet title', 'bonus-ref: bonus-ref title (bonus)', 'slow: slow title (bonus)']);
  });

  it('uses failure, error and skipped elements, with escaped text', () => {
    const [part1, part2] = root.children;
    const failure = part1.children[1].children[0];
    expect(failure.name).toBe('failure');
    expect(failure.attributes.message).toBe('scale returned <1, 2> & "3" \'x\'');
    expect(failure.text).toBe('scale returned <1, 2> & "3" \'x\'\nprinted [31mred[0m and a NUL \nsecond'); // forbidden characters dropped
    expect(part2.children[0].children[0].name).toBe('error');
    expect(part2.children[2].children[0].name).toBe('skipped');
    expect(part1.children.find((c) => c.name === 'system-out')?.text).toContain('model.ts:4:9 TS2322');
  });
});

describe('board reporter', () => {
  const board = reporters.board(report, options);

  it('groups by part, marks statuses, shows failing messages and details', () => {
    expect(board).toContain('Part 1\n  ✓ add');
    expect(board).toMatch(/✗ scale\s+scale title/);
    expect(board).toContain('scale returned <1, 2>');
    expect(board).toMatch(/! greet\s+greet title/);
    expect(board).toMatch(/– slow\s+slow title \(bonus, runs only with --full\)/);
    expect(board).toContain('model.ts:4:9');
  });

  it('counts required checks and suggests a hint for the first failing one', () => {
    expect(board).toContain('Required checks: 1/3 passing');
    expect(board).toContain('kata hint scale');
  });

  it('never names the variant, and has no colour codes unless asked', () => {
    expect(board).not.toContain('identity');
    expect(board).not.toContain('\x1b[3');
    expect(reporters.board(report, { ...options, color: true })).toContain('\x1b[');
  });
});

describe('a type-check that could not finish', () => {
  const passing = report.results.map((r) => (r.required ? { ...r, status: 'pass' as const } : r));
  const unfinished: GradeReport = { ...report, results: passing, typecheck: [], typecheckIncomplete: 'the type-check did not finish within 30 s' };

  it('is a note, not a type error: exit 0, ok, typeErrors 0 in the session log', () => {
    expect(exitCodeFor(unfinished)).toBe(0);
    const json = toJsonReport(unfinished);
    expect(validate(json, schema)).toEqual([]);
    expect(json).toMatchObject({ ok: true, typecheck: [], typecheckIncomplete: 'the type-check did not finish within 30 s' });
    expect(checkRecord(unfinished, 'check')).toMatchObject({ typeErrors: 0 });
  });

  it('is shown on the board and in JUnit as not finished', () => {
    const board = reporters.board(unfinished, options);
    expect(board).toContain('Type-check not finished: the type-check did not finish within 30 s. It decides nothing this time');
    expect(board).toContain('All 3 required checks pass.');
    expect(board).not.toContain('type errors');
    expect(parseXml(reporters.junit(unfinished, options)).children[0].children.find((c) => c.name === 'system-out')?.text).toBe('type-check:\nnot finished: the type-check did not finish within 30 s');
  });
});
