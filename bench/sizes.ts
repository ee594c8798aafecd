/**
 * Line counts of the engine and harness modules, printed with the figures so growth is visible
 * (STYLE 14: aim for at most 300 lines a module, take a hard look at anything over 500).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export const AIM_LINES = 300;
export const HARD_LOOK_LINES = 500;
export const MEASURED_DIRS = ['tensor', 'harness'];

export interface ModuleSize {
  path: string;
  lines: number;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : tsFiles(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

function countLines(text: string): number {
  if (text.length === 0) return 0;
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

/** Every `.ts` file under `dir` (relative to `root`), sorted by path. */
export function moduleSizes(root: string, dir: string): ModuleSize[] {
  return tsFiles(join(root, dir))
    .map((path) => ({ path: relative(root, path), lines: countLines(readFileSync(path, 'utf8')) }))
    .sort((a, b) => a.path.localeCompare(b.path));
}
