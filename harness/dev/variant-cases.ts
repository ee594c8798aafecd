/**
 * Maintainer tooling shared by `harness/dev/render-exercises.ts` and the exercise/check test suites:
 * the rendered cases of a kata (its solution, its default starter, each seeded variant applied alone
 * to the solution, and each variant in a full starter), and running a kata's checks in-process on
 * them. In-process means no isolation: this is for our own code only, never for a candidate's.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CheckContext, CheckFn, CheckStatus } from '../check';
import type { KataDefinition } from '../kata';
import type { Edit } from '../manifest';
import { applyEdits, defaultChoice, readSolution, renderStarter } from '../variants';

export interface KataCase {
  /** Folder-safe and unique: `solution`, `starter`, `<category>--<variant>`, `starter--<category>--<variant>`. */
  name: string;
  kind: 'solution' | 'starter' | 'variant' | 'starter-variant';
  /** Bug category and variant ids, for the two variant kinds. */
  category?: string;
  variant?: string;
  files: Record<string, string>;
  /** The edits that made `files` from the solution (starter stubs aside); empty for the solution. */
  edits: Edit[];
}

/** The solution, the default starter, and every variant applied alone to the solution. */
export function checkedCases(kata: KataDefinition): KataCase[] {
  const { manifest } = kata;
  const solution = readSolution(kata);
  const defaults = defaultChoice(manifest);
  const cases: KataCase[] = [
    { name: 'solution', kind: 'solution', files: solution, edits: [] },
    { name: 'starter', kind: 'starter', files: renderStarter(kata, defaults), edits: starterEdits(kata, defaults) },
  ];
  for (const category of manifest.bugs) {
    for (const variant of category.variants) {
      const files = applyEdits(solution, variant.edits, `variant ${category.id}/${variant.id}`);
      cases.push({ name: `${category.id}--${variant.id}`, kind: 'variant', category: category.id, variant: variant.id, files, edits: variant.edits });
    }
  }
  return cases;
}

/** Every variant in a full starter (the other categories at their defaults), as `kata start` renders it. */
export function starterCases(kata: KataDefinition): KataCase[] {
  const { manifest } = kata;
  const cases: KataCase[] = [];
  for (const category of manifest.bugs) {
    for (const variant of category.variants) {
      const choice = { ...defaultChoice(manifest), [category.id]: variant.id };
      cases.push({
        name: `starter--${category.id}--${variant.id}`,
        kind: 'starter-variant',
        category: category.id,
        variant: variant.id,
        files: renderStarter(kata, choice),
        edits: starterEdits(kata, choice),
      });
    }
  }
  return cases;
}

/** The starter edits followed by the chosen variants' edits, in the order renderStarter applies them. */
function starterEdits(kata: KataDefinition, choice: Record<string, string>): Edit[] {
  const edits = [...kata.manifest.starterEdits];
  for (const category of kata.manifest.bugs) edits.push(...category.variants.find((v) => v.id === choice[category.id])!.edits);
  return edits;
}

/** Writes a case's files into `root/<case name>/`, replacing what an earlier run left there. */
export function writeCase(root: string, kataCase: KataCase): string {
  const dir = path.join(root, kataCase.name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  for (const [file, content] of Object.entries(kataCase.files)) fs.writeFileSync(path.join(dir, file), content);
  return dir;
}

export interface Verdict {
  status: CheckStatus;
  message: string;
}

export type Modules = Record<string, Record<string, unknown>>;

/** Imports every kata file of a folder with `load` (require under ts-node, `import()` under vitest). */
export async function loadModules(
  kata: KataDefinition,
  dir: string,
  load: (absolutePath: string) => unknown,
): Promise<Modules> {
  const modules: Modules = {};
  for (const file of kata.manifest.files) modules[file.path] = (await load(path.join(dir, file.path))) as Record<string, unknown>;
  return modules;
}

/** A CheckContext over modules imported beforehand. */
export function inProcessContext(dir: string, workspace: Modules, reference: Modules, full = false): CheckContext {
  const pick = (modules: Modules, file: string) => {
    const m = modules[file];
    if (m === undefined) throw new Error(`no module loaded for ${file}`);
    return m;
  };
  return { dir, full, load: (file) => pick(workspace, file), reference: (file) => pick(reference, file) };
}

/** Runs one check; a throw becomes an `error` verdict, as the runner would report it. */
export async function runCheck(check: CheckFn, ctx: CheckContext): Promise<Verdict> {
  try {
    const outcome = await check(ctx);
    return { status: outcome.status, message: outcome.message };
  } catch (error) {
    return { status: 'error', message: error instanceof Error ? error.message.split('\n')[0] : String(error) };
  }
}
