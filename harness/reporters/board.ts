/**
 * The terminal board: a line per check grouped by part, the failing checks' messages and details,
 * the count of required checks passing and the next step. Colour only when the CLI asks for it.
 * Variants are never shown here: the board is what the candidate sees. Evidence (loss curves, rows
 * per step) is the check's to summarise in its details, so the board does not draw it twice.
 */
import type { ChalkInstance } from 'chalk';
import type { CheckResult, CheckStatus } from '../check';
import { chalkFor } from './color';
import { blockingResults } from '../grade';
import type { Reporter } from './types';

const MAX_DETAIL_LINES = 8;
const MAX_TYPE_ERRORS = 10;

const SYMBOLS: Record<CheckStatus, string> = { pass: '✓', fail: '✗', error: '!', skip: '–' };

/** Candidate text (messages, captured output) must not drive the terminal: drop escapes and controls. */
export function sanitize(text: string): string {
  return text.replace(/\x1b\[[0-9;?]*[ -\/]*[@-~]/g, '').replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '');
}

function paint(c: ChalkInstance, status: CheckStatus, text: string): string {
  const colours = { pass: c.green, fail: c.red, error: c.yellow, skip: c.gray };
  return colours[status](text);
}

function checkLines(c: ChalkInstance, r: CheckResult, idWidth: number): string[] {
  const tags = [r.required ? '' : 'bonus', r.status === 'skip' ? r.message : ''].filter(Boolean);
  const tail = tags.length > 0 ? c.gray(` (${tags.join(', ')})`) : '';
  const time = r.status === 'skip' ? '' : c.gray(`  ${formatMs(r.durationMs)}`);
  const head = `  ${paint(c, r.status, SYMBOLS[r.status])} ${c.bold(r.id.padEnd(idWidth))}  ${r.title}${tail}${time}`;
  if (r.status === 'pass' || r.status === 'skip') return [head];
  const details = r.details.slice(0, MAX_DETAIL_LINES).map((d) => `      ${c.gray(sanitize(d))}`);
  if (r.details.length > MAX_DETAIL_LINES) details.push(`      ${c.gray(`… ${r.details.length - MAX_DETAIL_LINES} more lines (--reporter json shows all)`)}`);
  return [head, `      ${paint(c, r.status, sanitize(r.message))}`, ...details];
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export const boardReporter: Reporter = (report, options) => {
  const c = chalkFor(options);
  const lines = [`${c.bold(report.kata.title)} ${c.gray(`(${report.kata.id}, ${report.dir})`)}`, ''];
  const idWidth = Math.max(...report.results.map((r) => r.id.length), 0);
  for (const part of [...new Set(report.results.map((r) => r.part))].sort()) {
    lines.push(c.bold(`Part ${part}`));
    for (const r of report.results.filter((x) => x.part === part)) lines.push(...checkLines(c, r, idWidth));
    lines.push('');
  }
  if (report.typecheck.length > 0) {
    lines.push(c.bold('Type-check') + c.gray(' (the checks still ran; the workspace must type-check to be accepted)'));
    for (const d of report.typecheck.slice(0, MAX_TYPE_ERRORS)) {
      const where = d.line > 0 ? `${d.file}:${d.line}:${d.col}` : d.file;
      lines.push(`  ${c.yellow(where)} ${d.message}${c.gray(` TS${d.code}`)}`);
    }
    if (report.typecheck.length > MAX_TYPE_ERRORS) lines.push(c.gray(`  … ${report.typecheck.length - MAX_TYPE_ERRORS} more`));
    lines.push('');
  }
  if (report.typecheckIncomplete !== undefined) {
    lines.push(c.gray(`Type-check not finished: ${report.typecheckIncomplete}. It decides nothing this time; run the checks again when the machine is less busy.`), '');
  }
  const required = report.results.filter((r) => r.required);
  const passing = required.filter((r) => r.status === 'pass').length;
  const blocking = blockingResults(report.results);
  if (blocking.length === 0 && report.typecheck.length > 0) {
    lines.push(c.yellow(`All ${required.length} required checks pass, but the workspace has type errors.`) + c.gray(` (${formatMs(report.durationMs)})`));
  } else if (blocking.length === 0) {
    lines.push(c.green(`All ${required.length} required checks pass.`) + c.gray(` (${formatMs(report.durationMs)})`));
  } else {
    lines.push(`Required checks: ${c.bold(`${passing}/${required.length}`)} passing` + c.gray(` (${formatMs(report.durationMs)})`));
    if (options.suggestHints) lines.push(`Stuck on ${blocking[0].id}? ${c.cyan(`kata hint ${blocking[0].id}`)} gives one hint at a time.`);
  }
  return `${lines.join('\n')}\n`;
};
