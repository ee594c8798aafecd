/**
 * Where a seeded bug sits in the candidate's starter: the starter with the bug diffed against the
 * same starter with that one category left as in the solution. Line numbers are the candidate's, and
 * the hunk reads as the fix (seeded lines −, correct lines +).
 */
import { structuredPatch } from 'diff';
import type { KataDefinition } from '../kata';
import { renderStarter, type VariantChoice } from '../variants';

export interface BugSite {
  file: string;
  /** First changed line in the candidate's starter (1-based). */
  line: number;
  /** Unified hunk, seeded → fixed. */
  patch: string;
}

export function bugSites(kata: KataDefinition, choice: VariantChoice, categoryId: string): BugSite[] {
  const seeded = renderStarter(kata, choice);
  let fixed: Record<string, string>;
  try {
    fixed = renderStarter(kata, choice, categoryId);
  } catch {
    return []; // another category's edit depends on this one's text: no isolated site to show
  }
  const sites: BugSite[] = [];
  for (const file of Object.keys(seeded)) {
    if (seeded[file] === fixed[file]) continue;
    for (const hunk of structuredPatch(file, file, seeded[file], fixed[file] ?? '', '', '', { context: 1 }).hunks) {
      const line = firstSeededLine(hunk.oldStart, hunk.lines);
      sites.push({ file, line, patch: [`@@ ${file}:${line} — as seeded (−), fixed (+) @@`, ...hunk.lines].join('\n') });
    }
  }
  return sites;
}

/** The first removed (seeded) line's number; for a pure insertion, the line the fix goes before. */
function firstSeededLine(oldStart: number, lines: string[]): number {
  let line = oldStart;
  let insertion: number | undefined;
  for (const l of lines) {
    if (l.startsWith('-')) return line;
    if (l.startsWith('+')) insertion ??= line;
    else if (l.startsWith(' ')) line++;
  }
  return insertion ?? oldStart;
}
