/**
 * The kata manifest (rustlings' info.toml, as a typed object): everything the CLI, reporters, docs
 * and tests know about a kata — its files, checks, hints and seeded-bug variants. It is validated by
 * this schema when loaded, so a malformed manifest fails loudly before anything is graded.
 */
import { z } from 'zod';
import { UsageError, nearest } from './errors';

export const MANIFEST_SCHEMA_VERSION = 1;

const id = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'ids are lowercase words joined by hyphens');
const text = z.string().trim().min(1);

/** A literal find/replace on a solution file; `find` must occur exactly once. */
export const EditSchema = z.object({
  file: text,
  find: z.string().min(1),
  replace: z.string(),
});

export const VariantSchema = z.object({
  id,
  /** A few words for interviewers, e.g. "targets not shifted". */
  title: text,
  /** What is wrong, precisely. */
  what: text,
  /** File and function where the slip is. */
  where: text,
  /** Why it breaks training or decoding. */
  why: text,
  /** What a candidate observes. */
  symptom: text,
  edits: z.array(EditSchema).min(1),
});

export const BugCategorySchema = z.object({
  id,
  title: text,
  /** The Part 1 check that must fail when (only) this bug is present. */
  check: id,
  defaultVariant: id,
  variants: z.array(VariantSchema).min(3),
});

export const CheckSchema = z.object({
  id,
  part: z.union([z.literal(1), z.literal(2)]),
  title: text,
  /** What a pass proves, one sentence. */
  proves: text,
  /** What a candidate sees while this check fails. */
  symptom: text,
  /** Symptom → where to look → what is wrong; never the fix itself (that is `kata solution`). */
  hints: z.array(text).min(3),
  /** Why this matters, shown by `kata explain` and after the check passes. */
  explain: text,
  timeoutMs: z.number().int().positive(),
  /** Bonus checks report but do not decide the exit code. */
  required: z.boolean(),
  /** Runs only with `--full`. */
  full: z.boolean().default(false),
});

export const KataFileSchema = z.object({
  path: text,
  exports: z.array(text).min(1),
});

export const ManifestSchema = z.object({
  schemaVersion: z.literal(MANIFEST_SCHEMA_VERSION),
  id,
  title: text,
  summary: text,
  files: z.array(KataFileSchema).min(1),
  checks: z.array(CheckSchema).min(1),
  bugs: z.array(BugCategorySchema),
  /** Edits that turn the solution into the starter besides the bugs (Part 2 left to the candidate). */
  starterEdits: z.array(EditSchema),
  /** Starter files that replace a solution file whole (a stub), paths relative to the kata's folder. */
  starterFiles: z.array(z.object({ file: text, source: text })).default([]),
});

export type Edit = z.infer<typeof EditSchema>;
export type Variant = z.infer<typeof VariantSchema>;
export type BugCategory = z.infer<typeof BugCategorySchema>;
export type CheckSpec = z.infer<typeof CheckSchema>;
export type KataFile = z.infer<typeof KataFileSchema>;
export type Manifest = z.infer<typeof ManifestSchema>;

/** Parses a manifest, adding cross-references zod cannot express (unique ids, known check ids). */
export function parseManifest(raw: unknown): Manifest {
  const m = ManifestSchema.parse(raw);
  const problems: string[] = [];
  const dup = (xs: string[]) => xs.filter((x, i) => xs.indexOf(x) !== i);
  for (const d of dup(m.checks.map((c) => c.id))) problems.push(`check id "${d}" is used twice`);
  for (const d of dup(m.bugs.map((b) => b.id))) problems.push(`bug category "${d}" is used twice`);
  const checkIds = new Set(m.checks.map((c) => c.id));
  const files = new Set(m.files.map((f) => f.path));
  for (const b of m.bugs) {
    if (!checkIds.has(b.check)) problems.push(`bug category "${b.id}" names unknown check "${b.check}"`);
    for (const d of dup(b.variants.map((v) => v.id))) problems.push(`bug category "${b.id}" has variant "${d}" twice`);
    if (!b.variants.some((v) => v.id === b.defaultVariant)) problems.push(`bug category "${b.id}": default variant "${b.defaultVariant}" is not one of its variants`);
    for (const v of b.variants) for (const e of v.edits) if (!files.has(e.file)) problems.push(`variant ${b.id}/${v.id} edits unknown file "${e.file}"`);
  }
  for (const e of m.starterEdits) if (!files.has(e.file)) problems.push(`a starter edit names unknown file "${e.file}"`);
  for (const f of m.starterFiles) if (!files.has(f.file)) problems.push(`a starter file replaces unknown file "${f.file}"`);
  if (problems.length > 0) throw new Error(`kata manifest "${m.id}" is invalid:\n- ${problems.join('\n- ')}`);
  return m;
}

/** A check by id; an unknown id is a UsageError naming the nearest id and listing them all. */
export function findCheck(manifest: Manifest, id: string): CheckSpec {
  const spec = manifest.checks.find((c) => c.id === id);
  if (spec !== undefined) return spec;
  const ids = manifest.checks.map((c) => c.id);
  const near = nearest(id, ids);
  throw new UsageError(`kata ${manifest.id} has no check "${id}"${near ? ` (did you mean ${near}?)` : ''}; checks: ${ids.join(', ')}`);
}

/** The checks that decide whether a part (or the kata) is done: required and run without --full. */
export function requiredChecks(manifest: Manifest, part?: 1 | 2): CheckSpec[] {
  return manifest.checks.filter((c) => c.required && !c.full && (part === undefined || c.part === part));
}
