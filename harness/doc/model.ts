/**
 * A tiny document model shared by the interviewer card and the session report, so each is built
 * once and rendered to Markdown and to HTML by the same two renderers.
 *
 * Inline text may use `code spans` and **bold** (Markdown syntax); both renderers understand them and
 * the HTML renderer escapes everything else. Text that comes from candidate code belongs in `code`
 * blocks or table cells, never in SVG or raw markup.
 */

export type Block =
  | { kind: 'paragraph'; text: string }
  | { kind: 'heading'; text: string }
  | { kind: 'list'; items: string[]; ordered?: boolean }
  /** Boxes for the interviewer to tick; `note` is a second, quieter line. */
  | { kind: 'checklist'; items: { text: string; note?: string }[] }
  | { kind: 'table'; head: string[]; rows: string[][] }
  /** Preformatted text; `diff` colours added and removed lines in HTML. */
  | { kind: 'code'; text: string; lang?: 'diff' | 'text' }
  /** An inline SVG drawing with a caption, and the text Markdown shows when it cannot show SVG. */
  | { kind: 'figure'; svg: string; caption: string; fallback: string }
  | { kind: 'qa'; question: string; answer: string[] }
  /** A highlighted remark (a spoiler warning, a missing piece of evidence). */
  | { kind: 'note'; text: string };

export interface Section {
  /** Stable anchor, also used by tests and the browser check: `id="<id>"` in HTML. */
  id: string;
  title: string;
  blocks: Block[];
}

export interface Doc {
  title: string;
  /** Lines under the title: who it is for, when it was made. */
  meta: string[];
  sections: Section[];
}

/** Render options: Markdown for a terminal has no use for SVG. */
export interface MarkdownOptions {
  svg: boolean;
}
