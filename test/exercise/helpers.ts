/**
 * Shared setup of the exercise and check suites: the gpt-kv kata, a scratch folder inside the
 * repository (so rendered files resolve 'minigpt-kata/tensor' like a workspace does), and importing a
 * rendered case under vitest, which resolves the alias to the same engine module the checks use.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { kata } from '../../harness/katas/gpt-kv';
import { loadModules, type Modules } from '../../harness/dev/variant-cases';
import type { KataModules } from '../../harness/katas/gpt-kv/checks/common';

export { kata };
export const manifest = kata.manifest;
export const REPO = path.resolve(__dirname, '..', '..');

/**
 * An empty scratch folder for one suite under the git-ignored .kata-tmp/, private to this process
 * (two test runs at once do not share it). Remove it with `removeScratch` in afterAll.
 */
export function scratchDir(suite: string): string {
  const dir = path.join(REPO, '.kata-tmp', 'vitest', `${suite}-${process.pid}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

export function removeScratch(dir: string | undefined): void {
  if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
}

/** The kata files of a folder, imported by vitest (fresh module instances per folder). */
export function importKataFiles(dir: string): Promise<Modules> {
  return loadModules(kata, dir, (file) => import(file));
}

/** The four modules of a rendered case, typed by the contract (the reference's exports). */
export type { KataModules };

export function typed(modules: Modules): KataModules {
  return {
    model: modules['model.ts'] as unknown as KataModules['model'],
    kvcache: modules['kvcache.ts'] as unknown as KataModules['kvcache'],
    train: modules['train.ts'] as unknown as KataModules['train'],
    generate: modules['generate.ts'] as unknown as KataModules['generate'],
  };
}
