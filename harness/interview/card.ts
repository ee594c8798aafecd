/**
 * The interviewer card: everything an interviewer needs during a live session, on one page —
 * the seeded bugs with their sites and explanations, the method to expect, the rubric, the hint
 * ladders under the session's cap, and follow-up questions with model answers. Built from the
 * manifest (bugs, hints) and the kata's interviewer material (method, rubric, follow-ups).
 */
import type { Block, Doc, Section } from '../doc/model';
import type { KataDefinition } from '../kata';
import type { VariantChoice } from '../variants';
import { rubricBlocks, rubricFor } from './rubric';
import { bugSites } from './sites';

export interface CardSession {
  /** The candidate's workspace (absolute). */
  dir: string;
  seed: number | null;
  variant: VariantChoice;
  maxHint?: number;
  startedAt: string;
}

const NO_MATERIAL = 'This kata has no interviewer material yet (an `interview.ts` beside its manifest).';

export function buildCard(kata: KataDefinition, session: CardSession): Doc {
  const { manifest } = kata;
  return {
    title: `Interviewer card — ${manifest.title}`,
    meta: [
      '**For the interviewer only: it names the seeded bugs.** Keep it off the candidate\'s screen.',
      `Kata \`${manifest.id}\`, started ${session.startedAt}, seed ${session.seed ?? '(none)'}.`,
    ],
    sections: [sessionSection(kata, session), bugsSection(kata, session), methodSection(kata), rubricSection(kata, session), hintsSection(kata, session), followUpSection(kata)],
  };
}

function sessionSection(kata: KataDefinition, session: CardSession): Section {
  const minutes = kata.interview?.minutes;
  const variants = kata.manifest.bugs.map((b) => `\`${b.id}/${session.variant[b.id] ?? b.defaultVariant}\``).join(', ');
  return {
    id: 'session',
    title: 'Session',
    blocks: [
      {
        kind: 'table',
        head: ['Field', 'Value'],
        rows: [
          ['Workspace', `\`${session.dir}\``],
          ['Started', session.startedAt],
          ['Seed', session.seed === null ? 'none (defaults or explicit variants)' : String(session.seed)],
          ['Variants', variants],
          ['Hint cap', capText(session.maxHint)],
          ...(minutes ? [['Time box', `Part 1 ≈ ${minutes.part1} min, Part 2 ≈ ${minutes.part2} min`]] : []),
        ],
      },
      {
        kind: 'list',
        items: [
          `Follow the candidate: \`kata report ${session.dir}\` (Markdown on stdout), or \`--html report.html\` for the full report with charts.`,
          `The session log is \`${session.dir}/.kata/log.jsonl\`: every check run and hint request, with times.`,
          'The candidate sees check ids and hints, never the variant names; `kata grade --json` does print them, so run it yourself.',
        ],
      },
    ],
  };
}

function capText(maxHint: number | undefined): string {
  if (maxHint === undefined) return 'none — every rung, and `kata solution` after a confirmation';
  if (maxHint === 0) return '0 — no hints; `kata solution` refused';
  return `rung ${maxHint} of each ladder; \`kata solution\` refused`;
}

function bugsSection(kata: KataDefinition, session: CardSession): Section {
  const blocks: Block[] = [];
  kata.manifest.bugs.forEach((category, i) => {
    const variantId = session.variant[category.id] ?? category.defaultVariant;
    const variant = category.variants.find((v) => v.id === variantId)!;
    const check = kata.manifest.checks.find((c) => c.id === category.check);
    const sites = bugSites(kata, session.variant, category.id);
    const at = sites.length > 0 ? sites.map((s) => `\`${s.file}:${s.line}\``).join(', ') : '(site not isolated)';
    blocks.push({ kind: 'heading', text: `${i + 1}. ${category.title}: ${variant.title} (\`${category.id}/${variant.id}\`)` });
    blocks.push({
      kind: 'list',
      items: [
        `**Where:** ${variant.where} — ${at}`,
        `**What:** ${variant.what}`,
        `**Why it breaks:** ${variant.why}`,
        `**What the candidate sees:** ${variant.symptom}`,
        `**Caught by:** \`${category.check}\`${check ? ` — ${check.title}` : ''}`,
      ],
    });
    if (sites.length > 0) blocks.push({ kind: 'code', lang: 'diff', text: sites.map((s) => s.patch).join('\n') });
  });
  const stubbed = [...new Set([...kata.manifest.starterFiles.map((f) => f.file), ...kata.manifest.starterEdits.map((e) => e.file)])];
  if (stubbed.length > 0) {
    blocks.push({ kind: 'heading', text: 'Part 2: left to the candidate' });
    blocks.push({ kind: 'paragraph', text: `Not seeded, but stubbed: ${stubbed.map((f) => `\`${f}\``).join(', ')}. The rubric's Part 2 items and the Part 2 checks judge it.` });
  }
  return { id: 'bugs', title: 'Seeded bugs', blocks };
}

function methodSection(kata: KataDefinition): Section {
  const method = kata.interview?.method;
  return {
    id: 'method',
    title: 'Expected debugging method',
    blocks: method ? [{ kind: 'list', ordered: true, items: method.map((m) => `**${m.step}** ${m.why}`) }] : [{ kind: 'note', text: NO_MATERIAL }],
  };
}

function rubricSection(kata: KataDefinition, session: CardSession): Section {
  const blocks = rubricBlocks(rubricFor(kata, session.variant));
  if (!kata.interview) blocks.push({ kind: 'note', text: NO_MATERIAL });
  return { id: 'rubric', title: 'Rubric', blocks };
}

function hintsSection(kata: KataDefinition, session: CardSession): Section {
  const cap = session.maxHint;
  const blocks: Block[] = [
    {
      kind: 'paragraph',
      text:
        cap === undefined
          ? 'No hint cap: `kata hint` gives the next rung on each request. Each ladder goes symptom → where to look → what is wrong; the fix itself only through `kata solution`.'
          : `Hint cap: rung ${cap}. \`kata hint\` shows rungs 1–${cap} at most and says the cap was reached; \`kata solution\` is refused. Every request, granted or refused, is in the session log.`,
    },
  ];
  for (const check of kata.manifest.checks) {
    blocks.push({ kind: 'heading', text: `\`${check.id}\` — ${check.title} (Part ${check.part}${check.required ? '' : ', bonus'})` });
    blocks.push({ kind: 'list', ordered: true, items: check.hints.map((h, i) => (cap !== undefined && i + 1 > cap ? `${h} (**held back by the cap**)` : h)) });
  }
  return { id: 'hints', title: 'Hint ladders', blocks };
}

function followUpSection(kata: KataDefinition): Section {
  const followUps = kata.interview?.followUps;
  return {
    id: 'follow-ups',
    title: 'Follow-up questions',
    blocks: followUps ? followUps.map((f): Block => ({ kind: 'qa', question: f.question, answer: f.answer })) : [{ kind: 'note', text: NO_MATERIAL }],
  };
}
