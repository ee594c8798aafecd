/**
 * docs/validity.md: the verdict of every check on every mutant, alternative solution and broken
 * workspace, as measured by test/validity. Each table sits between markers and is rewritten by the
 * test that measured it when KATA_WRITE_DOCS=1 (compared with the page otherwise), so the page can
 * only show what the grader actually did.
 */
import type { CheckStatus } from '../../harness/check';
import type { Verdict } from '../../harness/dev/variant-cases';

export const VALIDITY_DOC = 'docs/validity.md';
export const WRITE_DOCS = process.env.KATA_WRITE_DOCS === '1';

const MARK: Record<CheckStatus, string> = { pass: '✓', fail: '✗', skip: '–', error: '!' };

export interface Row {
  id: string;
  description: string;
  /** Checks the case must not pass (mutants), shown in bold. */
  intended: string[];
  verdicts: Record<string, Verdict>;
}

function table(checkIds: string[], rows: Row[]): string[] {
  const mark = (r: Row, c: string) => (r.intended.includes(c) ? `**${MARK[r.verdicts[c].status]}**` : MARK[r.verdicts[c].status]);
  return [
    `| case | ${checkIds.map((c) => `\`${c}\``).join(' | ')} |`,
    `| --- | ${checkIds.map(() => ':---:').join(' | ')} |`,
    ...rows.map((r) => `| \`${r.id}\` | ${checkIds.map((c) => mark(r, c)).join(' | ')} |`),
    '',
    ...rows.map((r) => `- \`${r.id}\`: ${r.description}`),
  ];
}

/** `doc` with the table of one section (between its markers) replaced by freshly measured rows. */
export function renderSection(doc: string, section: string, checkIds: string[], rows: Row[]): string {
  const begin = `<!-- BEGIN GENERATED: ${section} -->`;
  const end = `<!-- END GENERATED: ${section} -->`;
  const from = doc.indexOf(begin), to = doc.indexOf(end);
  if (from < 0 || to < from) throw new Error(`${VALIDITY_DOC} has no markers for "${section}": add the lines\n${begin}\n${end}`);
  return `${doc.slice(0, from + begin.length)}\n${table(checkIds, rows).join('\n')}\n${doc.slice(to)}`;
}
