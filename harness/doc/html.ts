/**
 * Renders a Doc as one self-contained HTML file: inline CSS (screen and print), inline SVG, no
 * script, no fonts, images or links to fetch — it opens offline and prints on paper as it reads.
 */
import type { Block, Doc, Section } from './model';

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Escapes, then turns `code` and **bold** into markup (the only inline syntax Docs use). */
export function inline(text: string): string {
  return escapeHtml(text)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>');
}

const CSS = `
:root { --ink: #1b1f24; --muted: #59636e; --rule: #d1d9e0; --bg-soft: #f6f8fa; --add: #dafbe1; --del: #ffebe9; --accent: #0969da; --warn: #fff8c5; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: #fff; }
main { max-width: 980px; margin: 0 auto; padding: 24px 28px 64px; }
h1 { font-size: 1.7em; margin: 0 0 4px; }
.meta { color: var(--muted); margin: 0 0 16px; }
nav { border: 1px solid var(--rule); border-radius: 6px; padding: 8px 14px; margin: 12px 0 24px; background: var(--bg-soft); }
nav ol { margin: 0; padding-left: 20px; columns: 2; }
nav a { color: var(--accent); text-decoration: none; }
section { margin: 28px 0; }
h2 { font-size: 1.3em; border-bottom: 1px solid var(--rule); padding-bottom: 4px; margin: 0 0 12px; }
h3 { font-size: 1.05em; margin: 18px 0 6px; }
code { font: 0.9em/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--bg-soft); padding: 1px 4px; border-radius: 4px; }
pre { font: 12.5px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--bg-soft); border: 1px solid var(--rule); border-radius: 6px; padding: 10px 12px; overflow-x: auto; }
pre span { display: block; }
pre .add { background: var(--add); } pre .del { background: var(--del); } pre .hunk { color: var(--accent); } pre .file { font-weight: 600; }
table { border-collapse: collapse; margin: 8px 0 12px; width: 100%; }
th, td { border: 1px solid var(--rule); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: var(--bg-soft); }
ul.checklist { list-style: none; padding-left: 4px; }
ul.checklist li { margin: 6px 0; display: flex; gap: 8px; }
ul.checklist input { margin-top: 4px; width: 15px; height: 15px; flex: none; }
.note-line { display: block; color: var(--muted); font-size: 0.92em; }
.note { background: var(--warn); border: 1px solid #d4a72c; border-radius: 6px; padding: 8px 12px; }
figure { margin: 12px 0 18px; }
figure svg { max-width: 100%; height: auto; }
figcaption { color: var(--muted); font-size: 0.92em; }
.qa { margin: 14px 0; }
.qa .q { font-weight: 600; }
.qa .a { border-left: 3px solid var(--rule); margin: 6px 0 0; padding: 0 0 0 12px; }
@media print {
  @page { margin: 14mm; }
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  nav { display: none; }
  h2, h3 { break-after: avoid; }
  pre { white-space: pre-wrap; word-break: break-all; overflow: visible; }
  figure, table, .qa, ul.checklist li { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;

function codeBlock(text: string, lang: 'diff' | 'text' | undefined): string {
  if (lang !== 'diff') return `<pre>${escapeHtml(text)}</pre>`;
  const lines = text.replace(/\n$/, '').split('\n').map((line) => {
    const cls = line.startsWith('+++') || line.startsWith('---') || line.startsWith('===') ? 'file' : line.startsWith('@@') ? 'hunk' : line.startsWith('+') ? 'add' : line.startsWith('-') ? 'del' : '';
    return `<span${cls ? ` class="${cls}"` : ''}>${escapeHtml(line) || ' '}</span>`;
  });
  return `<pre class="diff">${lines.join('')}</pre>`;
}

function block(b: Block): string {
  switch (b.kind) {
    case 'paragraph':
      return `<p>${inline(b.text)}</p>`;
    case 'heading':
      return `<h3>${inline(b.text)}</h3>`;
    case 'list': {
      const tag = b.ordered ? 'ol' : 'ul';
      return `<${tag}>${b.items.map((i) => `<li>${inline(i)}</li>`).join('')}</${tag}>`;
    }
    case 'checklist':
      return `<ul class="checklist">${b.items
        .map((i) => `<li><input type="checkbox" aria-label="done"><span>${inline(i.text)}${i.note ? `<span class="note-line">${inline(i.note)}</span>` : ''}</span></li>`)
        .join('')}</ul>`;
    case 'table':
      return `<table><thead><tr>${b.head.map((h) => `<th>${inline(h)}</th>`).join('')}</tr></thead><tbody>${b.rows
        .map((row) => `<tr>${row.map((c) => `<td>${inline(c)}</td>`).join('')}</tr>`)
        .join('')}</tbody></table>`;
    case 'code':
      return codeBlock(b.text, b.lang);
    case 'figure':
      // The SVG comes from our own drawing functions, which escape every label they place.
      return `<figure>${b.svg}<figcaption>${inline(b.caption)}</figcaption></figure>`;
    case 'qa':
      return `<div class="qa"><p class="q">${inline(b.question)}</p><div class="a">${b.answer.map((p) => `<p>${inline(p)}</p>`).join('')}</div></div>`;
    case 'note':
      return `<p class="note">${inline(b.text)}</p>`;
  }
}

function section(s: Section): string {
  return `<section id="${escapeHtml(s.id)}"><h2>${inline(s.title)}</h2>\n${s.blocks.map(block).join('\n')}\n</section>`;
}

export function toHtml(doc: Doc): string {
  const nav = `<nav aria-label="contents"><ol>${doc.sections.map((s) => `<li><a href="#${escapeHtml(s.id)}">${inline(s.title)}</a></li>`).join('')}</ol></nav>`;
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // No network, no script: the page must not fetch or run anything.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    `<title>${escapeHtml(doc.title)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body><main>',
    `<h1>${inline(doc.title)}</h1>`,
    `<p class="meta">${doc.meta.map(inline).join('<br>')}</p>`,
    nav,
    ...doc.sections.map(section),
    '</main></body>',
    '</html>',
    '',
  ].join('\n');
}
