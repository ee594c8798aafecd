/**
 * A kata's interviewer material: the debugging method to expect, the rubric, and follow-up questions
 * with model answers. It lives in the kata's folder beside the manifest (e.g.
 * harness/katas/gpt-kv/interview.ts) and is validated here against that manifest when loaded. The
 * per-bug part of the card and rubric is not written here: it comes from the manifest's variants.
 */
import { z } from 'zod';
import type { Manifest } from '../manifest';

const id = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'ids are lowercase words joined by hyphens');
const text = z.string().trim().min(1);

const RubricItemSchema = z.object({
  id,
  part: z.union([z.literal(1), z.literal(2)]),
  /** What the candidate does or says, as a checklist line. */
  item: text,
  /** What a strong answer looks like, for the interviewer. */
  lookFor: text,
  /** Checks whose first pass is evidence for this item (shown in the report). */
  checks: z.array(id).default([]),
});

const FollowUpSchema = z.object({
  id,
  question: text,
  /** Paragraphs of the model answer. */
  answer: z.array(text).min(1),
});

const InterviewMaterialSchema = z.object({
  /** Suggested time box per part, in minutes. */
  minutes: z.object({ part1: z.number().positive(), part2: z.number().positive() }),
  /** The expected debugging method, in order: each step and why. */
  method: z.array(z.object({ step: text, why: text })).min(1),
  rubric: z.array(RubricItemSchema).min(1),
  followUps: z.array(FollowUpSchema).min(1),
});

export type InterviewMaterial = z.infer<typeof InterviewMaterialSchema>;

/** Parses material for `manifest`: unique ids and known check ids, else a clear error for the maintainer. */
export function parseInterviewMaterial(raw: unknown, manifest: Manifest): InterviewMaterial {
  const material = InterviewMaterialSchema.parse(raw);
  const problems: string[] = [];
  const dup = (xs: string[]) => xs.filter((x, i) => xs.indexOf(x) !== i);
  for (const d of dup(material.rubric.map((r) => r.id))) problems.push(`rubric item "${d}" is used twice`);
  for (const d of dup(material.followUps.map((f) => f.id))) problems.push(`follow-up "${d}" is used twice`);
  const checks = new Set(manifest.checks.map((c) => c.id));
  for (const r of material.rubric) for (const c of r.checks) if (!checks.has(c)) problems.push(`rubric item "${r.id}" names unknown check "${c}"`);
  if (problems.length > 0) throw new Error(`interviewer material of kata "${manifest.id}" is invalid:\n- ${problems.join('\n- ')}`);
  return material;
}
