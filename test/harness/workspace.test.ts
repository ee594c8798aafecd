import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NoWorkspaceError, StateCorruptError, UsageError, WorkspaceExistsError } from '../../harness/errors';
import { renderStarter } from '../../harness/variants';
import { diffWorkspace, locateWorkspace, resetWorkspace, solutionDiff, startWorkspace } from '../../harness/workspace';
import { readState, statePath, updateState } from '../../harness/workspace-state';
import { kata as tiny } from '../fixtures/katas/tiny';
import { snapshot, tempDir } from './helpers';

function started(seed?: number) {
  const dir = path.join(tempDir(), 'ws');
  return startWorkspace({ kata: tiny, dir, seed });
}

describe('start', () => {
  it('writes the starter of the chosen variant, the README and the metadata', () => {
    const { dir, state } = started(5);
    expect(state.variant).toEqual({ arith: 'plus-one', scaling: 'squares' });
    const model = fs.readFileSync(path.join(dir, 'model.ts'), 'utf8');
    expect(model).toContain('return a + b + 1;'); // the plus-one variant, written out independently of the code under test
    expect(model).toContain('return x.mul(x);');
    expect(model).toBe(renderStarter(tiny, state.variant)['model.ts']);
    expect(fs.readFileSync(path.join(dir, 'README.md'), 'utf8')).toContain('fixture kata');
    expect(readState(dir)).toMatchObject({ version: 1, kata: 'tiny', seed: 5, variant: state.variant, hints: {} });
  });

  it('never overwrites an existing workspace, and says what to do instead', () => {
    const { dir } = started();
    fs.writeFileSync(path.join(dir, 'model.ts'), 'my precious work');
    const before = snapshot(dir);
    expect(() => startWorkspace({ kata: tiny, dir })).toThrow(WorkspaceExistsError);
    expect(() => startWorkspace({ kata: tiny, dir })).toThrow(/never overwritten; run `kata reset`.*or pass another --dir/);
    expect(snapshot(dir)).toEqual(before);
  });

  it('refuses any non-empty folder, not only workspaces', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'mine');
    expect(() => startWorkspace({ kata: tiny, dir })).toThrow(WorkspaceExistsError);
  });

  it('rejects an unknown variant before creating anything', () => {
    const dir = path.join(tempDir(), 'ws');
    expect(() => startWorkspace({ kata: tiny, dir, explicit: { arith: 'nope' } })).toThrow(/no variant "nope"/);
    expect(fs.existsSync(dir)).toBe(false);
  });
});

describe('reset', () => {
  it('backs up the current files first, then restores the same variant', () => {
    const { dir, state } = started(9);
    fs.writeFileSync(path.join(dir, 'model.ts'), 'edited model');
    fs.writeFileSync(path.join(dir, 'extra.ts'), 'edited extra');
    const { backup, restored } = resetWorkspace(tiny, dir);
    expect(restored).toEqual(['model.ts', 'extra.ts']);
    expect(fs.readFileSync(path.join(dir, backup, 'model.ts'), 'utf8')).toBe('edited model');
    expect(fs.readFileSync(path.join(dir, backup, 'extra.ts'), 'utf8')).toBe('edited extra');
    const model = fs.readFileSync(path.join(dir, 'model.ts'), 'utf8');
    expect(model).toContain('return a - b;'); // seed 9 seeds the minus variant
    expect(model).toBe(renderStarter(tiny, state.variant)['model.ts']);
    expect(readState(dir)?.resets).toEqual([expect.objectContaining({ backup, files: restored })]);
  });

  it('--file restores one file, still backing up all of them, and never reuses a backup folder', () => {
    const { dir } = started();
    fs.writeFileSync(path.join(dir, 'model.ts'), 'edited model');
    fs.writeFileSync(path.join(dir, 'extra.ts'), 'edited extra');
    const first = resetWorkspace(tiny, dir, 'extra.ts');
    const second = resetWorkspace(tiny, dir, 'extra.ts');
    expect(first.restored).toEqual(['extra.ts']);
    expect(second.backup).not.toBe(first.backup);
    expect(fs.readFileSync(path.join(dir, 'model.ts'), 'utf8')).toBe('edited model');
    expect(fs.readFileSync(path.join(dir, first.backup, 'extra.ts'), 'utf8')).toBe('edited extra');
  });

  it('rejects a file that is not the kata’s, naming the nearest', () => {
    const { dir } = started();
    expect(() => resetWorkspace(tiny, dir, 'modle.ts')).toThrow(UsageError);
    expect(() => resetWorkspace(tiny, dir, 'modle.ts')).toThrow(/did you mean model\.ts\?/);
  });

  it('needs workspace metadata', () => {
    expect(() => resetWorkspace(tiny, tempDir())).toThrow(NoWorkspaceError);
  });
});

describe('diff', () => {
  it('is empty for a fresh workspace and shows the edit as a unified diff', () => {
    const { dir } = started();
    expect(diffWorkspace(tiny, dir)).toEqual([]);
    const model = path.join(dir, 'model.ts');
    fs.writeFileSync(model, fs.readFileSync(model, 'utf8').replace('return a - b;', 'return a + b;'));
    const [d] = diffWorkspace(tiny, dir);
    expect(d.file).toBe('model.ts');
    expect(d.patch).toContain('--- starter/model.ts');
    expect(d.patch).toContain('-  return a - b;\n+  return a + b;');
  });

  it('solutionDiff goes from the workspace to the reference', () => {
    const { dir } = started();
    const patches = solutionDiff(tiny, dir).map((d) => d.patch).join('\n');
    expect(patches).toContain('-  return a - b;\n+  return a + b;');
    expect(patches).toContain('+++ solution/extra.ts');
  });
});

describe('state', () => {
  it('is validated on read, with a clear error when corrupt', () => {
    const { dir } = started();
    fs.writeFileSync(statePath(dir), '{ not json');
    expect(() => readState(dir)).toThrow(StateCorruptError);
    expect(() => readState(dir)).toThrow(/state\.json is not valid workspace metadata \(not JSON/);
    fs.writeFileSync(statePath(dir), JSON.stringify({ version: 1, kata: 'tiny', variant: {}, seed: -1, startedAt: 'yesterday' }));
    expect(() => readState(dir)).toThrow(/seed: /);
  });

  it('keeps fields written by a newer harness', () => {
    const { dir } = started();
    const raw = JSON.parse(fs.readFileSync(statePath(dir), 'utf8')) as Record<string, unknown>;
    fs.writeFileSync(statePath(dir), JSON.stringify({ ...raw, futureField: { a: 1 } }));
    updateState(dir, (s) => {
      s.hints.add = 2;
    });
    expect(JSON.parse(fs.readFileSync(statePath(dir), 'utf8'))).toMatchObject({ futureField: { a: 1 }, hints: { add: 2 } });
  });
});

describe('locateWorkspace', () => {
  it('prefers the given folder, then the current one, then ./workspace/<default> or the only one there', () => {
    const root = tempDir();
    expect(locateWorkspace(undefined, 'tiny', root)).toBeUndefined();
    startWorkspace({ kata: tiny, dir: path.join(root, 'workspace', 'other') });
    expect(locateWorkspace(undefined, 'tiny', root)).toBe(path.join(root, 'workspace', 'other'));
    startWorkspace({ kata: tiny, dir: path.join(root, 'workspace', 'tiny') });
    expect(locateWorkspace(undefined, 'tiny', root)).toBe(path.join(root, 'workspace', 'tiny'));
    expect(locateWorkspace(undefined, 'gpt-kv', path.join(root, 'workspace', 'other'))).toBe(path.join(root, 'workspace', 'other'));
    expect(() => locateWorkspace(undefined, 'gpt-kv', root)).toThrow(/several workspaces/);
    expect(locateWorkspace('x', 'tiny', root)).toBe(path.join(root, 'x'));
  });
});
