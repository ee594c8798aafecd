/** The real `kata` binary against fixture katas and workspaces: exit codes and output fragments. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readLog } from '../../harness/session-log';
import { readState } from '../../harness/workspace-state';
import { kata as tiny } from '../fixtures/katas/tiny';
import { TINY, TINY_MODULE, copyDir, runBin, tempDir } from './helpers';
import { validate } from './json-schema';
import { parseXml } from './xml';

const schema = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'json-schema.json'), 'utf8')) as Record<string, unknown>;

describe('kata start / check / hint / diff / reset / solution on a workspace', () => {
  const root = tempDir();
  const ws = path.join(root, 'ws');

  beforeAll(async () => {
    const r = await runBin(['start', TINY_MODULE, '--seed', '3', '--dir', 'ws'], root);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toContain('Started Tiny fixture kata in ws (variant seed 3).');
    // The variant's bugs stay hidden: none of the seeded variants' ids or titles is printed.
    const { variant } = readState(ws)!;
    const seeded = tiny.manifest.bugs.map((b) => b.variants.find((v) => v.id === variant[b.id])!);
    expect(seeded).toHaveLength(2);
    for (const v of seeded) for (const text of [v.id, v.title]) expect(r.stdout).not.toContain(text);
  });

  it('start never overwrites: exit 2 with one line saying what to do', async () => {
    const r = await runBin(['start', TINY_MODULE, '--dir', 'ws'], root);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^kata: .*ws already exists and is never overwritten; run `kata reset`/);
  });

  it('check: the board, exit 1 while required checks fail', async () => {
    const r = await runBin(['check', 'ws'], root);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Part 1\n {2}✗ add/);
    expect(r.stdout).toContain('! greet');
    expect(r.stdout).toContain('Error: greet: not implemented (at extra.ts:3)');
    expect(r.stdout).toContain('Required checks: 0/3 passing');
    expect(r.stdout).not.toContain('\x1b['); // not a TTY: no colour
  });

  it('check --reporter json: schema-valid, the variant seed without its bugs', async () => {
    const r = await runBin(['check', 'ws', '--reporter', 'json', '--part', '1'], root);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout) as { variant: unknown; checks: { id: string }[] };
    expect(validate(json, schema)).toEqual([]);
    expect(json.variant).toEqual({ seed: 3 });
    expect(json.checks.map((c) => c.id)).toEqual(['add', 'scale']);
  });

  it('hint: the first failing check, one more rung each time, shown cumulatively and counted', async () => {
    const first = await runBin(['hint', '--dir', 'ws'], root);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('add (Part 1): add adds\n  1/3 add gives the wrong value.\nRun kata hint add again');
    const second = await runBin(['hint', 'add', '--dir', 'ws'], root);
    expect(second.stdout).toContain('1/3 add gives the wrong value.\n  2/3 Look at add in model.ts.');
    expect(readState(ws)?.hints).toEqual({ add: 2 });
    const unknown = await runBin(['hint', 'ad', '--dir', 'ws'], root);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('kata tiny has no check "ad" (did you mean add?)');
  });

  it('solution: refuses without --yes when not a TTY, prints the reference diff with it', async () => {
    const refused = await runBin(['solution', '--dir', 'ws'], root);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('pass --yes if you mean it');
    const shown = await runBin(['solution', '--yes', '--dir', 'ws'], root);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('+++ solution/model.ts');
    expect(readState(ws)?.solutionShownAt).toBeDefined();
  });

  it('diff shows edits; reset backs them up and restores the starter', async () => {
    expect((await runBin(['diff', 'ws'], root)).stdout).toBe('No changes from the starter.\n');
    fs.writeFileSync(path.join(ws, 'extra.ts'), 'export const greet = (name: string) => `hello ${name}`;\n');
    const diff = await runBin(['diff', 'ws'], root);
    expect(diff.stdout).toContain('+export const greet');
    const reset = await runBin(['reset', 'ws', '--file', 'extra.ts'], root);
    expect(reset.code).toBe(0);
    const backup = /Backed up your files to (\S+) /.exec(reset.stdout)?.[1] ?? '';
    expect(fs.readFileSync(path.join(ws, backup, 'extra.ts'), 'utf8')).toContain('export const greet');
    expect((await runBin(['diff', 'ws'], root)).stdout).toBe('No changes from the starter.\n');
  });

  it('explain lists the checks, or tells what one proves', async () => {
    const list = await runBin(['explain', '--dir', 'ws'], root);
    expect(list.stdout).toMatch(/bonus-ref\s+Part 2\s+add matches the reference \(bonus\)/);
    const one = await runBin(['explain', 'scale', '--kata', TINY_MODULE], root);
    expect(one.stdout).toContain('Proves: scale multiplies every element with our engine');
  });

  it('kata alone, without a TTY, inside a workspace: checks once and exits', async () => {
    const r = await runBin([], ws);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Required checks: 0/3 passing');
  });
});

describe('kata hint without an id: statuses from a run that saw the current files', () => {
  it('does not trust part-1 statuses older than the files when only part 2 ran since', async () => {
    const root = tempDir();
    const ws = path.join(root, 'ws');
    expect((await runBin(['start', TINY_MODULE, '--seed', '3', '--dir', 'ws'], root)).code).toBe(0); // arith=minus, scaling=squares
    const part1 = await runBin(['check', 'ws', '--part', '1'], root);
    expect(part1.stdout).toMatch(/✗ add/);
    const model = path.join(ws, 'model.ts');
    fs.writeFileSync(model, fs.readFileSync(model, 'utf8').replace('return a - b;', 'return a + b;')); // add fixed
    expect((await runBin(['check', 'ws', '--part', '2'], root)).code).toBe(1);
    const hint = await runBin(['hint', '--dir', 'ws'], root);
    expect(hint.code).toBe(0);
    expect(hint.stdout).toContain('scale (Part 1): scale multiplies\n  1/3 scale gives the wrong value.');
    expect(hint.stdout).not.toContain('add (Part 1)');
    expect(readState(ws)?.lastRun?.statuses).toMatchObject({ add: 'pass', scale: 'fail' });

    // That run saw every check and the files as they are: the next hint trusts it and runs nothing.
    const runs = () => readLog(ws).records.filter((x) => x.type === 'check').map((x) => x.type === 'check' && x.source);
    expect(runs()).toEqual(['check', 'check', 'hint']);
    expect((await runBin(['hint', '--dir', 'ws'], root)).stdout).toContain('2/3 Look at scale in model.ts.');
    expect(runs()).toEqual(['check', 'check', 'hint']);
  });
});

describe('kata grade (CI)', () => {
  it('exit 0 on a bare folder holding the solution; JSON variant null; JUnit written', async () => {
    const dir = copyDir(path.join(TINY, 'solution'), path.join(tempDir(), 'submission'));
    const junit = path.join(path.dirname(dir), 'reports', 'junit.xml');
    const r = await runBin(['grade', dir, '--kata', TINY_MODULE, '--json', '--junit', junit], path.dirname(dir));
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { variant: unknown; ok: boolean; summary: unknown };
    expect(validate(json, schema)).toEqual([]);
    expect(json).toMatchObject({ variant: null, ok: true, summary: { passed: 4, failed: 0, errored: 0, skipped: 1 } });
    const suites = parseXml(fs.readFileSync(junit, 'utf8'));
    expect(suites.attributes).toMatchObject({ tests: '5', failures: '0', errors: '0', skipped: '1' });
    expect(fs.existsSync(path.join(dir, '.kata'))).toBe(false); // grading writes nothing into the folder
  });

  it('exit 1 when a required check fails; the variant is reported for a workspace', async () => {
    const root = tempDir();
    await runBin(['start', TINY_MODULE, '--variant', 'arith=plus-one', '--dir', 'ws'], root);
    const r = await runBin(['grade', 'ws', '--json'], root);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ variant: { seed: null, bugs: { arith: 'plus-one', scaling: 'adds' } } });
  });

  it('exit 2 with a one-line reason for input errors', async () => {
    const root = tempDir();
    fs.writeFileSync(path.join(root, 'a-file'), 'not a folder');
    fs.writeFileSync(path.join(root, 'broken.ts'), 'export const kata = {;\n');
    fs.writeFileSync(path.join(root, 'throws.ts'), "throw new Error('manifest exploded');\n");
    const cases: [string[], RegExp][] = [
      [['grade', 'nowhere'], /^kata: no folder at .*nowhere$/],
      [['grade', '.', '--kata', TINY_MODULE], /holds none of kata tiny's files \(model\.ts, extra\.ts\)/],
      [['grade', '.', '--kata', 'gpt-kvv'], /unknown kata "gpt-kvv" \(did you mean "gpt-kv"\?\)/],
      [['grade', '.', '--part', '3'], /--part must be 1 or 2, got "3"/],
      [['check', '--reporter', 'xml'], /--reporter must be one of board, json, junit/],
      [['start', TINY_MODULE, '--variant', 'arith=nope'], /bug category arith has no variant "nope"; variants: minus, plus-one, first/],
      [['start', TINY_MODULE, '--seed', '-1'], /^kata: unknown option '-1'|--seed must be an integer/],
      [['chek'], /^kata: unknown command 'chek' \(did you mean check\?\)$/],
      [['check', '--ful'], /^kata: unknown option '--ful' \(did you mean --full\?\)$/],
      [['check'], /no workspace in this folder or under \.\/workspace\/; run `kata start`/],
      [['start', TINY_MODULE, '--dir', 'a-file/ws'], /^kata: cannot mkdir \S*a-file\/ws: ENOTDIR \(part of the path is a file, not a folder\); check the path/],
      [['start', './broken.ts'], /^kata: cannot load the kata module \S*broken\.ts: \S*broken\.ts:1:\d+: .* \(TS\d+\); fix the module/],
      [['explain', '--kata', './throws.ts'], /^kata: cannot load the kata module \S*throws\.ts: manifest exploded; fix the module/],
    ];
    for (const [args, message] of cases) {
      const r = await runBin(args, root);
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr.trim()).toMatch(message);
    }
  });

  it('--help and --version exit 0', async () => {
    const help = await runBin(['--help'], tempDir());
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('grade [options] <dir>');
    expect((await runBin(['--version'], tempDir())).code).toBe(0);
  });
});

describe('kata list and the first run', () => {
  it('list names the registered katas', async () => {
    const r = await runBin(['list'], tempDir());
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('gpt-kv');
  });

  it('kata alone on a fresh folder starts the default kata, then checks once (no TTY)', async () => {
    const root = tempDir();
    const r = await runBin([], root);
    expect(r.stdout).toContain('Started');
    expect(r.stdout).toMatch(/Part 1\n/);
    expect(r.code).toBe(1);
    expect(fs.existsSync(path.join(root, 'workspace', 'gpt-kv', '.kata', 'state.json'))).toBe(true);
  });
});
