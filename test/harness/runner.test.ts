/**
 * The runner contains every way a candidate's code can break: each case yields a complete result
 * set (a status and a clear message for every check), the other checks still run, and the workspace
 * is left byte-identical.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../harness/check';
import { partition, runChecks, type RunOptions } from '../../harness/runner';
import { typecheckWorkspace } from '../../harness/runner/typecheck';
import { kata as tiny } from '../fixtures/katas/tiny';
import { WORKSPACES, copyDir, snapshot, tempDir } from './helpers';

const ALL = tiny.manifest.checks.map((c) => c.id); // add, scale, greet, bonus-ref, slow

async function grade(dir: string, options: Partial<RunOptions> = {}): Promise<Record<string, CheckResult>> {
  const before = snapshot(dir);
  const checkIds = options.checkIds ?? ALL;
  const { results } = await runChecks({ kata: tiny, dir, checkIds, full: false, typecheck: false, ...options });
  expect(snapshot(dir)).toEqual(before); // nothing written next to or over the candidate's files
  expect(results.map((r) => r.id)).toEqual(checkIds);
  for (const r of results) {
    expect(['pass', 'fail', 'error', 'skip']).toContain(r.status);
    expect(r.message.trim().length).toBeGreaterThan(0);
  }
  expect(results.find((r) => r.id === 'slow')?.status).toBe('skip'); // full-only, not requested
  return Object.fromEntries(results.map((r) => [r.id, r]));
}

const fixture = (name: string) => path.join(WORKSPACES, name);

describe('runner contains broken candidate code', () => {
  it('throw at import: the checks needing the file error with file:line, the others pass', async () => {
    const r = await grade(fixture('throw-at-import'));
    expect(r.add.status).toBe('error');
    expect(r.add.message).toMatch(/^importing model\.ts failed: Error: model exploded while loading \(at model\.ts:3\)$/);
    expect(r.scale.status).toBe('error');
    expect(r.greet.status).toBe('pass');
  });

  it('throw in a check: error with the message and the candidate line', async () => {
    const r = await grade(fixture('throw-in-check'));
    expect(r.add).toMatchObject({ status: 'error', message: 'Error: cannot add 2 and 3 (at model.ts:4)' });
    expect(r.add.details[0]).toBe('at add (model.ts:4:20)');
    expect(r.scale.status).toBe('pass');
  });

  it('infinite loop in a check: ends near the timeout with error, other checks still report', async () => {
    const r = await grade(fixture('loop-in-check'));
    expect(r.add).toMatchObject({ status: 'error', message: 'did not finish within 1.5 s' });
    expect(r.add.durationMs).toBeGreaterThanOrEqual(1400);
    expect(r.add.durationMs).toBeLessThan(4000);
    expect(r.scale.status).toBe('pass');
    expect(r.greet.status).toBe('pass');
  });

  it('infinite loop at import: one wait, then later checks needing the file are blocked, not re-run', async () => {
    const started = Date.now();
    const r = await grade(fixture('loop-at-import'), { concurrency: 1 });
    expect(r.add).toMatchObject({ status: 'error', message: 'importing model.ts did not finish within 1.5 s' });
    expect(r.scale.status).toBe('error');
    expect(r.scale.message).toMatch(/^blocked: importing model\.ts did not finish within 1\.5 s \(in check add\)$/);
    expect(r['bonus-ref'].message).toMatch(/^blocked: importing model\.ts/);
    expect(r.greet.status).toBe('pass');
    expect(Date.now() - started).toBeLessThan(1500 + 4000); // one timeout, not three
  });

  it('a promise that never settles: error at the timeout', async () => {
    const r = await grade(fixture('never-resolves'));
    expect(r.add).toMatchObject({ status: 'error', message: 'did not finish within 1.5 s' });
    expect(r.scale.status).toBe('pass');
  });

  it('process.exit(0) in candidate code: error naming the call site, the process survives', async () => {
    const r = await grade(fixture('process-exit'), { concurrency: 1 });
    expect(r.add.status).toBe('error');
    expect(r.add.message).toMatch(/^model\.ts:4 called process\.exit\(0\)/);
    expect(r.scale.status).toBe('pass');
    expect(r['bonus-ref'].message).toMatch(/^model\.ts:4 called process\.exit\(0\)/);
  });

  it('a multi-GB Float32Array (outside the V8 heap): killed at the memory limit', async () => {
    // A generous timeout for `add`, so that only the memory limit can stop it even on a loaded machine.
    const checks = tiny.manifest.checks.map((c) => (c.id === 'add' ? { ...c, timeoutMs: 20_000 } : c));
    const patient = { ...tiny, manifest: { ...tiny.manifest, checks } };
    const r = await grade(fixture('huge-allocation'), { memoryLimitMb: 400, kata: patient, concurrency: 1 });
    expect(r.add.status).toBe('error');
    expect(r.add.message).toMatch(/^used more than 400 MB of memory \(\d+ MB resident\) and was stopped$/);
    expect(r.scale.status).toBe('pass');
  });

  it('a JavaScript heap blow-up: reported as out of memory, not as a bare crash', async () => {
    const dir = copyDir(tiny.solutionDir, path.join(tempDir(), 'ws'));
    const model = path.join(dir, 'model.ts');
    fs.writeFileSync(model, fs.readFileSync(model, 'utf8').replace('return a + b;', 'const keep: number[][] = [];\n  for (;;) keep.push(new Array(100_000).fill(a));'));
    const checks = tiny.manifest.checks.map((c) => (c.id === 'add' ? { ...c, timeoutMs: 20_000 } : c));
    const r = await grade(dir, { memoryLimitMb: 512, kata: { ...tiny, manifest: { ...tiny.manifest, checks } }, checkIds: ['add', 'scale', 'greet', 'slow'] });
    expect(r.add).toMatchObject({ status: 'error', message: 'ran out of memory (the JavaScript heap limit is 256 MB) and was stopped', details: [] });
    expect(r.scale.status).toBe('pass');
  });

  it('megabytes printed to stdout: captured and counted, never echoed; over 1 MB the check is an error', async () => {
    const r = await grade(fixture('noisy-output'));
    expect(r.add.status).toBe('error');
    expect(r.add.message).toContain('printed 5.0 MB while running (the limit is 1 MB)');
    expect(r.add.details[0]).toMatch(/^the check itself said: pass: /);
  });

  it('deep recursion: error with the recursion site', async () => {
    const r = await grade(fixture('deep-recursion'));
    expect(r.add.status).toBe('error');
    expect(r.add.message).toBe('RangeError: Maximum call stack size exceeded (unbounded recursion?) (at model.ts:4)');
    expect(r.scale.status).toBe('pass');
  });

  it('missing export: error naming the export and the file', async () => {
    const r = await grade(fixture('missing-export'));
    expect(r.add.status).toBe('error');
    expect(r.add.message).toMatch(/^model\.ts does not export scale \(the kata needs add, scale from it\)/);
    expect(r.greet.status).toBe('pass');
  });

  it('syntax error: error with file:line:col', async () => {
    const dir = copyDir(path.join(tiny.solutionDir), path.join(tempDir(), 'ws'));
    fs.writeFileSync(path.join(dir, 'model.ts'), fs.readFileSync(path.join(dir, 'model.ts'), 'utf8').replace('return a + b;', 'return a + ;'));
    const r = await grade(dir);
    expect(r.add.status).toBe('error');
    expect(r.add.message).toBe('importing model.ts failed: syntax error at model.ts:5:14: Expression expected. (TS1109)');
    expect(r.greet.status).toBe('pass');
  });

  it('a missing workspace file: error naming it', async () => {
    const dir = copyDir(tiny.solutionDir, path.join(tempDir(), 'ws'));
    fs.rmSync(path.join(dir, 'extra.ts'));
    const r = await grade(dir);
    expect(r.greet.status).toBe('error');
    expect(r.greet.message).toMatch(/^extra\.ts is missing from the workspace /);
    expect(r.add.status).toBe('pass');
  });
});

describe('runner environment', () => {
  it("resolves 'minigpt-kata/tensor' to the harness engine from a workspace outside the repo, even one shipping its own", async () => {
    const dir = copyDir(tiny.solutionDir, path.join(tempDir(), 'ws'));
    const fake = path.join(dir, 'node_modules', 'minigpt-kata', 'tensor');
    fs.mkdirSync(fake, { recursive: true });
    fs.writeFileSync(path.join(fake, 'index.js'), 'throw new Error("the submission\'s own engine was loaded");\n');
    fs.writeFileSync(path.join(dir, 'node_modules', 'minigpt-kata', 'package.json'), '{ "name": "minigpt-kata" }\n');
    const r = await grade(dir);
    expect(r.scale).toMatchObject({ status: 'pass', message: 'scale([1, 2], 3) is [3, 6]' }); // instanceof our Tensor
    expect(r.add.status).toBe('pass');
  });

  it('type errors are reported with file:line:col but never fail a check', async () => {
    const dir = copyDir(tiny.solutionDir, path.join(tempDir(), 'ws'));
    fs.appendFileSync(path.join(dir, 'model.ts'), '\nexport const label: string = 42;\n');
    const { results, typecheck } = await runChecks({ kata: tiny, dir, checkIds: ['add', 'scale'], full: false });
    expect(results.map((r) => r.status)).toEqual(['pass', 'pass']);
    expect(typecheck).toEqual([{ file: 'model.ts', line: 13, col: 14, code: 2322, message: "Type 'number' is not assignable to type 'string'." }]);
  });

  it('is deterministic: the same request gives the same verdicts and messages', async () => {
    const once = await grade(fixture('throw-in-check'));
    const twice = await grade(fixture('throw-in-check'));
    const strip = (r: Record<string, CheckResult>) => Object.values(r).map(({ id, status, message }) => ({ id, status, message }));
    expect(strip(twice)).toEqual(strip(once));
  });

  it('runs --full checks only when asked', async () => {
    const { results } = await runChecks({ kata: tiny, dir: tiny.solutionDir, checkIds: ['slow'], full: true, typecheck: false });
    expect(results[0]).toMatchObject({ id: 'slow', status: 'pass', message: 'waited 50 ms' });
  });

  it('reports every check as error when the checks module cannot load (a harness bug), without throwing', async () => {
    const broken = { ...tiny, checksModule: path.join(tempDir(), 'missing-checks.ts') };
    const { results } = await runChecks({ kata: broken, dir: tiny.solutionDir, checkIds: ['add', 'greet'], full: false, typecheck: false });
    expect(results.map((r) => r.status)).toEqual(['error', 'error']);
    expect(results[0].message).toMatch(/could not load the kata's checks/);
  });

  it('starts no further check process after a failed start: the first start error is reported for the rest', async () => {
    const root = tempDir();
    const loads = path.join(root, 'loads.txt');
    const checksModule = path.join(root, 'throwing-checks.ts');
    fs.writeFileSync(checksModule, `require('node:fs').appendFileSync(${JSON.stringify(loads)}, 'x');\nthrow new Error('checks module broke');\n`);
    const broken = { ...tiny, checksModule };
    const { results } = await runChecks({ kata: broken, dir: tiny.solutionDir, checkIds: ['add', 'scale', 'greet'], full: false, typecheck: false, concurrency: 1 });
    expect(fs.readFileSync(loads, 'utf8')).toBe('x'); // one process tried to start, not one per check
    expect(results.map((r) => r.status)).toEqual(['error', 'error', 'error']);
    for (const r of results) expect(r.message).toMatch(/could not load the kata's checks: Error: checks module broke/);
    expect(results[1].details).toEqual(['not run: no check process is started again after a failed start']);
  });

  it('rejects unknown check ids with the nearest valid one', async () => {
    await expect(runChecks({ kata: tiny, dir: tiny.solutionDir, checkIds: ['ad'], full: false })).rejects.toThrow(/kata tiny has no check "ad" \(did you mean add\?\)/);
  });

  it('a type-check that cannot finish is incomplete, not a type error, and is not cached', async () => {
    const dir = copyDir(tiny.solutionDir, path.join(tempDir(), 'ws'));
    // A type error, and a content no cache entry has.
    fs.appendFileSync(path.join(dir, 'model.ts'), `\nexport const label: string = 42; // ${dir}\n`);
    const request = { dir, files: ['model.ts', 'extra.ts'] };
    const timedOut = await typecheckWorkspace(request, 1);
    expect(timedOut).toEqual({ diagnostics: [], incomplete: expect.stringMatching(/^the type-check did not finish within/) });
    const finished = await typecheckWorkspace(request, 30_000); // really ran: the timeout was not cached as "no errors"
    expect(finished.incomplete).toBeUndefined();
    expect(finished.diagnostics.map((d) => d.code)).toEqual([2322]);
  });

  it('partitions checks into lanes deterministically, longest timeout first', () => {
    const specs = tiny.manifest.checks.map((c, i) => ({ ...c, timeoutMs: [5, 1, 3, 3, 1][i] }));
    const lanes = partition(specs, 2).map((lane) => lane.map((s) => s.id));
    expect(lanes).toEqual([['add', 'scale', 'slow'], ['greet', 'bonus-ref']]);
    expect(partition(specs, 1)).toEqual([specs]);
  });
});
