/**
 * Seeded bug variants: choosing one variant per bug category, and rendering a starter from the
 * reference solution by literal find/replace edits. Edits are literal (not patches or regexes) and
 * must match exactly once, so a solution change that orphans a variant fails loudly here.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Generator } from '../tensor';
import { OrphanedEditError, UnknownVariantError, nearest } from './errors';
import type { KataDefinition } from './kata';
import type { Edit, Manifest } from './manifest';

/** Bug category id → variant id, one entry per category of the manifest. */
export type VariantChoice = Record<string, string>;

export interface ChooseOptions {
  /** Picks every category's variant reproducibly; without it each category keeps its default. */
  seed?: number;
  /** Category id → variant id; wins over the seed for the categories it names. */
  explicit?: VariantChoice;
}

/** Applies `edits` in order to a copy of `files`; each `find` must occur exactly once at that point. */
export function applyEdits(files: Record<string, string>, edits: readonly Edit[], source = 'edit'): Record<string, string> {
  const out = { ...files };
  for (const edit of edits) {
    const content = out[edit.file];
    if (content === undefined) {
      throw new OrphanedEditError(source, edit.file, edit.find, 0);
    }
    const count = content.split(edit.find).length - 1;
    if (count !== 1) throw new OrphanedEditError(source, edit.file, edit.find, count);
    // A function replacer keeps `$&`-style patterns in `replace` literal.
    out[edit.file] = content.replace(edit.find, () => edit.replace);
  }
  return out;
}

export function chooseVariants(manifest: Manifest, options: ChooseOptions = {}): VariantChoice {
  const explicit = options.explicit ?? {};
  validateChoice(manifest, explicit);
  const generator = options.seed === undefined ? undefined : seededGenerator(options.seed);
  const choice: VariantChoice = {};
  for (const category of manifest.bugs) {
    // Draw for every category even when it is overridden, so overriding one keeps the others stable.
    const drawn = generator === undefined ? category.defaultVariant : category.variants[generator.randint(0, category.variants.length)].id;
    choice[category.id] = explicit[category.id] ?? drawn;
  }
  return choice;
}

/** Throws a clear error for an unknown category or variant id, listing the valid ones. */
export function validateChoice(manifest: Manifest, choice: VariantChoice): void {
  const categories = manifest.bugs.map((b) => b.id);
  for (const [categoryId, variantId] of Object.entries(choice)) {
    const category = manifest.bugs.find((b) => b.id === categoryId);
    if (category === undefined) {
      const near = nearest(categoryId, categories);
      throw new UnknownVariantError(`kata ${manifest.id} has no bug category "${categoryId}"${near ? ` (did you mean "${near}"?)` : ''}; categories: ${categories.join(', ')}`);
    }
    const variants = category.variants.map((v) => v.id);
    if (!variants.includes(variantId)) {
      const near = nearest(variantId, variants);
      throw new UnknownVariantError(`bug category ${categoryId} has no variant "${variantId}"${near ? ` (did you mean "${near}"?)` : ''}; variants: ${variants.join(', ')}`);
    }
  }
}

/** The default variant of every category: what `exercises/<kata>/` holds. */
export function defaultChoice(manifest: Manifest): VariantChoice {
  return chooseVariants(manifest);
}

/** Reads the kata's files from its solution folder. */
export function readSolution(kata: KataDefinition): Record<string, string> {
  const files: Record<string, string> = {};
  for (const file of kata.manifest.files) files[file.path] = fs.readFileSync(path.join(kata.solutionDir, file.path), 'utf8');
  return files;
}

/**
 * The starter for a variant choice: the solution files, with whole-file stubs (`starterFiles`) swapped
 * in, then the starter edits, then the chosen variants' edits. `without` leaves one bug category's
 * code as in the solution (the interviewer card diffs the two to show a bug's exact site).
 */
export function renderStarter(kata: KataDefinition, choice: VariantChoice, without?: string): Record<string, string> {
  const { manifest } = kata;
  validateChoice(manifest, choice);
  let files = readSolution(kata);
  for (const stub of manifest.starterFiles) files[stub.file] = fs.readFileSync(path.resolve(kataFolder(kata), stub.source), 'utf8');
  files = applyEdits(files, manifest.starterEdits, `kata ${manifest.id} starter edits`);
  for (const category of manifest.bugs) {
    if (category.id === without) continue;
    const variantId = choice[category.id] ?? category.defaultVariant;
    const variant = category.variants.find((v) => v.id === variantId)!; // validated above
    files = applyEdits(files, variant.edits, `variant ${category.id}/${variant.id}`);
  }
  return files;
}

/**
 * The kata's own folder, which `starterFiles` sources are relative to: the nearest folder at or above
 * the checks module that holds the kata's manifest.ts (harness/katas/<id>/ for registered katas).
 */
export function kataFolder(kata: KataDefinition): string {
  let dir = path.dirname(kata.checksModule);
  while (!fs.existsSync(path.join(dir, 'manifest.ts'))) {
    const parent = path.dirname(dir);
    if (parent === dir) return path.dirname(kata.checksModule);
    dir = parent;
  }
  return dir;
}

function seededGenerator(seed: number): Generator {
  if (!Number.isSafeInteger(seed) || seed < 0) throw new UnknownVariantError(`seed must be a non-negative integer, got ${seed}`);
  return new Generator(seed); // the engine's generator mixes the seed, so nearby seeds draw independently
}
