/** Renders a Doc as GitHub-flavoured Markdown. */
import type { Block, Doc, MarkdownOptions } from './model';

/** A fence longer than any backtick run in `text`, so candidate code cannot close it early. */
function fence(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  return '`'.repeat(Math.max(3, longest + 1));
}

/** Table cells are one line and `|` separates them. */
function cell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
}

function block(b: Block, options: MarkdownOptions): string {
  switch (b.kind) {
    case 'paragraph':
      return b.text;
    case 'heading':
      return `### ${b.text}`;
    case 'list':
      return b.items.map((item, i) => `${b.ordered ? `${i + 1}.` : '-'} ${item.replace(/\n/g, '\n   ')}`).join('\n');
    case 'checklist':
      return b.items.map((item) => `- [ ] ${item.text}${item.note ? `  \n      ${item.note}` : ''}`).join('\n');
    case 'table': {
      const head = `| ${b.head.map(cell).join(' | ')} |`;
      const rule = `| ${b.head.map(() => '---').join(' | ')} |`;
      return [head, rule, ...b.rows.map((row) => `| ${row.map(cell).join(' | ')} |`)].join('\n');
    }
    case 'code': {
      const f = fence(b.text);
      return `${f}${b.lang === 'diff' ? 'diff' : 'text'}\n${b.text.replace(/\n$/, '')}\n${f}`;
    }
    case 'figure':
      // Inline SVG renders in most Markdown viewers (VS Code, many wikis); the text stands in elsewhere.
      return options.svg ? `${b.svg}\n\n*${b.caption}*  \n${b.fallback}` : `*${b.caption}*  \n${b.fallback}`;
    case 'qa':
      return [`**Q. ${b.question}**`, '', ...b.answer.map((p) => `> ${p}`).join('\n>\n').split('\n')].join('\n');
    case 'note':
      return `> **Note.** ${b.text}`;
  }
}

export function toMarkdown(doc: Doc, options: MarkdownOptions = { svg: true }): string {
  const parts = [`# ${doc.title}`, doc.meta.join('  \n')];
  for (const section of doc.sections) {
    parts.push(`## ${section.title}`);
    for (const b of section.blocks) parts.push(block(b, options));
  }
  return `${parts.filter((p) => p !== '').join('\n\n')}\n`;
}
