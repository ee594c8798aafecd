/** The session log: append-only JSON Lines that survive concurrent writers and torn lines. */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_LINE_BYTES, appendLog, logPath, readLog } from '../../harness/session-log';
import { startWorkspace } from '../../harness/workspace';
import { kata as tiny } from '../fixtures/katas/tiny';
import { REPO, TINY_MODULE, runBin, tempDir } from '../harness/helpers';

function workspace(): string {
  return startWorkspace({ kata: tiny, dir: path.join(tempDir(), 'ws') }).dir;
}

describe('session log', () => {
  it('starts with a start record and reads back what was appended, NaN included', () => {
    const dir = workspace();
    appendLog(dir, { type: 'hint', check: 'add', rung: 1, of: 3, capped: false });
    appendLog(dir, { type: 'check', source: 'check', durationMs: 5, statuses: { add: 'fail' }, typeErrors: 0, evidence: { add: { lossCurve: [1.23456789, NaN] } } });
    const { records, skipped } = readLog(dir);
    expect(skipped).toBe(0);
    expect(records.map((r) => r.type)).toEqual(['start', 'hint', 'check']);
    const check = records[2];
    expect(check.type === 'check' && check.evidence?.add.lossCurve).toEqual([1.235, NaN]); // rounded to 4 digits
  });

  it('skips a line torn by a crash, and the next record still lands on its own line', () => {
    const dir = workspace();
    fs.appendFileSync(logPath(dir), '{"v":1,"at":"2025-01-01T00:00:00.000Z","type":"hi'); // no newline: a crash mid-write
    appendLog(dir, { type: 'solution', shown: false });
    fs.appendFileSync(logPath(dir), 'not json at all\n{"v":99,"type":"future"}\n');
    const { records, skipped } = readLog(dir);
    expect(records.map((r) => r.type)).toEqual(['start', 'solution']);
    expect(skipped).toBe(3);
  });

  it('keeps every line under PIPE_BUF, dropping the bulkiest evidence first', () => {
    const dir = workspace();
    const attention = Array.from({ length: 40 }, () => Array.from({ length: 40 }, () => 0.123456));
    appendLog(dir, { type: 'check', source: 'check', durationMs: 5, statuses: { add: 'pass' }, typeErrors: 0, evidence: { big: { attention }, small: { rowsPerStep: [3, 1, 1] } } });
    const lines = fs.readFileSync(logPath(dir), 'utf8').split('\n').filter(Boolean);
    for (const line of lines) expect(Buffer.byteLength(line)).toBeLessThan(MAX_LINE_BYTES);
    const last = readLog(dir).records.at(-1)!;
    expect(last.type === 'check' && last.evidence).toEqual({ small: { rowsPerStep: [3, 1, 1] } });
  });

  it('never creates the metadata folder of a bare folder', () => {
    const dir = tempDir();
    expect(() => appendLog(dir, { type: 'solution', shown: true })).toThrow(/ENOENT/);
    expect(fs.existsSync(path.join(dir, '.kata'))).toBe(false);
  });

  it('interleaves whole lines when eight processes append 200 records each at once', async () => {
    const dir = workspace();
    const script = `require(${JSON.stringify(path.join(REPO, 'harness', 'ts-register.js'))}).registerTypeScript();
const { appendLog } = require(${JSON.stringify(path.join(REPO, 'harness', 'session-log.ts'))});
for (let i = 0; i < 200; i++) appendLog(process.argv[1], { type: 'check', source: 'check', durationMs: i, statuses: { ['w' + process.argv[2]]: 'pass', pad: 'fail' }, typeErrors: 0, evidence: { x: { lossCurve: Array(100).fill(Math.PI) } } });`;
    await Promise.all(
      Array.from({ length: 8 }, (_, w) => new Promise<void>((resolve, reject) => execFile(process.execPath, ['-e', script, dir, String(w)], (err) => (err ? reject(err) : resolve())))),
    );
    const { records, skipped } = readLog(dir);
    expect(skipped).toBe(0);
    const checks = records.filter((r) => r.type === 'check');
    expect(checks).toHaveLength(1600);
    for (let w = 0; w < 8; w++) expect(checks.filter((r) => r.type === 'check' && r.statuses[`w${w}`] === 'pass')).toHaveLength(200);
  });

  it('two concurrent `kata check` runs on one workspace: every line parses and both runs are logged', async () => {
    const root = tempDir();
    expect((await runBin(['start', TINY_MODULE, '--dir', 'ws'], root)).code).toBe(0);
    const [a, b] = await Promise.all([runBin(['check', 'ws'], root), runBin(['check', 'ws', '--part', '1'], root)]);
    expect([a.code, b.code]).toEqual([1, 1]);
    const raw = fs.readFileSync(path.join(root, 'ws', '.kata', 'log.jsonl'), 'utf8');
    expect(raw.endsWith('\n')).toBe(true);
    for (const line of raw.split('\n').filter(Boolean)) expect(() => JSON.parse(line)).not.toThrow();
    const { records, skipped } = readLog(path.join(root, 'ws'));
    expect(skipped).toBe(0);
    const runs = records.filter((r) => r.type === 'check');
    expect(runs).toHaveLength(2);
    expect(runs.map((r) => (r.type === 'check' ? Object.keys(r.statuses).length : 0)).sort()).toEqual([2, 5]); // --part 1 has 2 checks, all has 5
    expect(JSON.parse(fs.readFileSync(path.join(root, 'ws', '.kata', 'state.json'), 'utf8')).lastRun).toBeDefined(); // state stayed valid JSON
  });
});
