/** The real `kata` binary in an interview: start --interview, the hint cap, the session report. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readLog } from '../../harness/session-log';
import { readState } from '../../harness/workspace-state';
import { TINY_MODULE, runBin, snapshot, tempDir } from '../harness/helpers';

describe('kata start --interview / kata interview (gpt-kv)', () => {
  it('writes the workspace and, outside it, the card; prints where the card is but not what it says', async () => {
    const root = tempDir();
    const r = await runBin(['start', '--interview', '--seed', '7', '--max-hint', '2'], root);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const card = /^ {2}(interviews\/gpt-kv-\d{8}-\d{6}-seed7\/card\.md)$/m.exec(r.stdout)?.[1];
    expect(card, r.stdout).toBeDefined();
    expect(r.stdout).toContain(`${path.dirname(card!)}/card.html`);
    expect(r.stdout).toContain('hints capped at rung 2');
    expect(r.stdout).not.toMatch(/reversed-shift|upper-triangle|unit-std|no-attn-residual/); // seed 7's variants
    const md = fs.readFileSync(path.join(root, card!), 'utf8');
    expect(md).toContain('`label-shift/reversed-shift`');
    expect(md).toContain(path.join(root, 'workspace', 'gpt-kv'));
    // Nothing in the workspace points at the card.
    const ws = path.join(root, 'workspace', 'gpt-kv');
    for (const file of Object.keys(snapshot(ws))) expect(fs.readFileSync(path.join(ws, file), 'utf8')).not.toContain('interviews/');
    expect(readState(ws)).toMatchObject({ mode: 'interview', seed: 7, maxHint: 2 });
    expect(readLog(ws).records[0]).toMatchObject({ type: 'start', mode: 'interview', seed: 7, maxHint: 2 });
  });

  it('kata interview draws and records a seed when none is given; --card-dir chooses the folder', async () => {
    const root = tempDir();
    const r = await runBin(['interview', '--dir', 'ws', '--card-dir', 'cards/today'], root);
    expect(r.code).toBe(0);
    expect(fs.existsSync(path.join(root, 'cards', 'today', 'card.html'))).toBe(true);
    expect(readState(path.join(root, 'ws'))?.seed).toEqual(expect.any(Number));
    expect(r.stdout).toContain('no hint cap');
  });

  it('refuses a card inside the workspace, a second card over the first, and bad flags — exit 2, nothing created', async () => {
    const root = tempDir();
    const cases: [string[], RegExp][] = [
      [['interview', '--dir', 'ws', '--card-dir', 'ws/card'], /the card folder .*ws\/card is inside the candidate's workspace .*; the card names the seeded bugs/],
      [['start', '--card-dir', 'c'], /--card-dir is for interviews: add --interview/],
      [['interview', '--max-hint', 'two'], /--max-hint takes the highest hint rung to allow, a whole number/],
    ];
    for (const [args, message] of cases) {
      const r = await runBin(args, root);
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      expect(r.stderr.trim()).toMatch(message);
    }
    expect(fs.readdirSync(root)).toEqual([]);
    expect((await runBin(['interview', '--dir', 'a', '--card-dir', 'c'], root)).code).toBe(0);
    const again = await runBin(['interview', '--dir', 'b', '--card-dir', 'c'], root);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/card\.md already exists and is never overwritten; pass another --card-dir/);
    expect(fs.existsSync(path.join(root, 'b'))).toBe(false);
  });
});

describe('hint cap, session log and report on a tiny interview', () => {
  const root = tempDir();
  const ws = path.join(root, 'ws');

  beforeAll(async () => {
    const r = await runBin(['interview', TINY_MODULE, '--dir', 'ws', '--variant', 'arith=first,scaling=identity', '--max-hint', '1', '--card-dir', 'card'], root);
    expect(r.code).toBe(0);
    expect(readState(ws)?.seed).toBeNull(); // every category chosen: no seed needed
  });

  it('hint: rung 1, then the cap — exit 0, the allowed rung again, a clear message; both requests logged', async () => {
    const first = await runBin(['hint', 'add', '--dir', 'ws'], root);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('1/3 add gives the wrong value.');
    expect(first.stdout).toContain('That is the last rung the hint cap allows (rung 1).');
    const capped = await runBin(['hint', 'add', '--dir', 'ws'], root);
    expect(capped.code).toBe(0);
    expect(capped.stdout).toContain('1/3 add gives the wrong value.');
    expect(capped.stdout).not.toContain('2/3');
    expect(capped.stdout).toContain('Your interviewer capped hints at rung 1');
    expect(readState(ws)?.hints).toEqual({ add: 1 });
    const hints = readLog(ws).records.filter((r) => r.type === 'hint');
    expect(hints).toEqual([expect.objectContaining({ check: 'add', rung: 1, of: 3, capped: false }), expect.objectContaining({ check: 'add', rung: 1, of: 3, capped: true })]);
  });

  it('solution: refused under a cap, even with --yes (exit 2), and logged', async () => {
    const r = await runBin(['solution', '--yes', '--dir', 'ws'], root);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/^kata: not shown: your interviewer capped hints at rung 1, and the solution lies beyond every hint/);
    expect(readLog(ws).records.at(-1)).toMatchObject({ type: 'solution', shown: false });
  });

  it('report: runs the checks when the log has not seen the files, then writes Markdown and HTML', async () => {
    fs.writeFileSync(path.join(ws, 'model.ts'), fs.readFileSync(path.join(ws, 'model.ts'), 'utf8').replace('return a;', 'return a + b;'));
    const r = await runBin(['report', 'ws', '--md', 'out/report.md', '--html', 'out/report.html'], root);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('Wrote the session report:\n  out/report.md\n  out/report.html\n');
    const runs = readLog(ws).records.filter((x) => x.type === 'check');
    expect(runs.map((x) => x.type === 'check' && x.source)).toEqual(['report']); // nothing had checked the files yet
    const md = fs.readFileSync(path.join(root, 'out', 'report.md'), 'utf8');
    expect(md).toMatch(/\| `add` \| 1 \| pass \| \+0:\d\d \|/);
    expect(md).toContain('-  return a;\n+  return a + b;');
    expect(md).toContain('hint for `add` refused by the cap');
    expect(md).toContain('Identifies and explains the arithmetic slip: drops b (model.ts add)');
    const html = fs.readFileSync(path.join(root, 'out', 'report.html'), 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<section id="rubric">');

    // A second report finds the log fresh: no new run.
    const again = await runBin(['report', 'ws'], root);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('# Session report — Tiny fixture kata');
    expect(readLog(ws).records.filter((x) => x.type === 'check')).toHaveLength(runs.length);
  });

  it('grade appends to the log of a workspace, and check --part logs a partial run', async () => {
    const before = readLog(ws).records.length;
    expect((await runBin(['grade', 'ws', '--json'], root)).code).toBe(1);
    expect((await runBin(['check', 'ws', '--part', '2'], root)).code).toBe(1);
    const added = readLog(ws).records.slice(before);
    expect(added.map((x) => x.type === 'check' && [x.source, Object.keys(x.statuses).length])).toEqual([
      ['grade', 5],
      ['check', 3],
    ]);
  });

  it('card writes the card of the workspace again, never over one; reset is logged', async () => {
    const r = await runBin(['card', 'ws', '--card-dir', 'again'], root);
    expect(r.code).toBe(0);
    expect(fs.readFileSync(path.join(root, 'again', 'card.md'), 'utf8')).toContain('`arith/first`');
    expect((await runBin(['card', 'ws', '--card-dir', 'again'], root)).code).toBe(2);
    expect((await runBin(['reset', 'ws', '--file', 'model.ts'], root)).code).toBe(0);
    expect(readLog(ws).records.at(-1)).toMatchObject({ type: 'reset', files: ['model.ts'] });
  });

  it('report on a folder that is not a workspace: exit 2 with what to do', async () => {
    const r = await runBin(['report', tempDir()], root);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is not a workspace made by `kata start`.*run `kata start`/);
  });
});
