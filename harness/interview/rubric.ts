/**
 * The rubric of a session: one "identifies and explains" item per seeded bug (from the manifest's
 * variants) followed by the kata's own items (from its interviewer material). The card prints it for
 * the interviewer; the report prints it as a checklist beside the evidence.
 */
import type { Block } from '../doc/model';
import type { KataDefinition } from '../kata';
import type { VariantChoice } from '../variants';

export interface RubricEntry {
  part: 1 | 2;
  text: string;
  /** What to look for. */
  note: string;
  /** Checks whose passing is evidence for the item. */
  checks: string[];
}

/**
 * `variant` names the seeded bugs; without it (a practice workspace's report, which a candidate may
 * read) the bug items name only the category, which the task README already announces.
 */
export function rubricFor(kata: KataDefinition, variant?: VariantChoice): RubricEntry[] {
  const bugs = kata.manifest.bugs.map((category): RubricEntry => {
    const chosen = variant && category.variants.find((v) => v.id === (variant[category.id] ?? category.defaultVariant));
    if (chosen === undefined) {
      return { part: 1, text: `Identifies and explains the ${category.title} bug`, note: `Caught by \`${category.check}\`.`, checks: [category.check] };
    }
    return {
      part: 1,
      text: `Identifies and explains the ${category.title}: ${chosen.title} (${chosen.where})`,
      note: `Why it breaks: ${chosen.why}`,
      checks: [category.check],
    };
  });
  const own = (kata.interview?.rubric ?? []).map((r): RubricEntry => ({ part: r.part, text: r.item, note: r.lookFor, checks: r.checks }));
  return [...bugs, ...own].sort((a, b) => a.part - b.part); // stable: bugs first within Part 1
}

/** The rubric as a heading and a checklist per part; `note` gives each item's note (default: the entry's). */
export function rubricBlocks(entries: readonly RubricEntry[], note: (entry: RubricEntry) => string = (entry) => entry.note): Block[] {
  const blocks: Block[] = [];
  for (const part of [1, 2] as const) {
    const items = entries.filter((e) => e.part === part).map((e) => ({ text: e.text, note: note(e) }));
    if (items.length > 0) blocks.push({ kind: 'heading', text: `Part ${part}` }, { kind: 'checklist', items });
  }
  return blocks;
}
