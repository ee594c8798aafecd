/**
 * Turns whatever candidate code threw into one line a person can act on, with the candidate's
 * file:line. ts-register's inline source maps already give .ts lines in stack traces; this picks the
 * first frame inside the workspace, so an engine error raised deep in `tensor/` still points at the
 * model line that called it.
 */
import * as path from 'node:path';
import { CandidateError } from '../errors';

export interface StackFrame {
  fn: string;
  file: string;
  line: number;
  col: number;
}

/** Thrown by the child's replacement of `process.exit`, so an exit becomes an ordinary error. */
export class ExitAttempt extends Error {
  constructor(readonly exitCode: unknown) {
    super(`process.exit(${exitCode === undefined ? '' : String(exitCode)}) was called`);
    this.name = 'ExitAttempt';
  }
}

export interface DescribedError {
  /** One line, with the location when one is known. */
  message: string;
  /** Candidate frames, innermost first, e.g. "at add (model.ts:7:11)". */
  frames: string[];
}

const FRAME = /^\s*at (?:(.*?) \()?(.+?):(\d+):(\d+)\)?$/;

export function parseStack(stack: string): StackFrame[] {
  const frames: StackFrame[] = [];
  for (const line of stack.split('\n')) {
    const m = FRAME.exec(line);
    if (m) frames.push({ fn: m[1] ?? '', file: m[2], line: Number(m[3]), col: Number(m[4]) });
  }
  return frames;
}

function isInside(dir: string, file: string): boolean {
  if (!path.isAbsolute(file)) return false; // e.g. node:internal/... frames
  const rel = path.relative(dir, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** Workspace frames of an error, as "file:line" relative to the workspace. */
export function workspaceFrames(err: unknown, dir: string): StackFrame[] {
  const stack = err instanceof Error && typeof err.stack === 'string' ? err.stack : '';
  return parseStack(stack)
    .filter((f) => isInside(dir, f.file))
    .map((f) => ({ ...f, file: path.relative(dir, f.file) }));
}

/** A compile error from ts-register.js (a syntax error; transpiling ignores type errors): its first position. */
function describeCompileError(err: Error, dir: string): string | undefined {
  const diagnostics = (err as { diagnostics?: unknown }).diagnostics;
  if (err.name !== 'CompileError' || !Array.isArray(diagnostics) || diagnostics.length === 0) return undefined;
  const d = diagnostics[0] as { file?: { fileName: string; getLineAndCharacterOfPosition(p: number): { line: number; character: number } }; start?: number; code?: number; messageText?: unknown };
  const text = typeof d.messageText === 'string' ? d.messageText : String((d.messageText as { messageText?: string })?.messageText ?? 'cannot compile');
  if (d.file === undefined || d.start === undefined) return `syntax error: ${text}`;
  const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
  const file = isInside(dir, d.file.fileName) ? path.relative(dir, d.file.fileName) : d.file.fileName;
  const more = diagnostics.length > 1 ? ` (+${diagnostics.length - 1} more)` : '';
  return `syntax error at ${file}:${line + 1}:${character + 1}: ${text} (TS${d.code})${more}`;
}

export function describeError(err: unknown, dir: string): DescribedError {
  if (!(err instanceof Error)) {
    let shown: string;
    try {
      shown = JSON.stringify(err) ?? String(err);
    } catch {
      shown = String(err);
    }
    return { message: `threw a value that is not an Error: ${shown.slice(0, 200)}`, frames: [] };
  }
  const frames = workspaceFrames(err, dir);
  const shownFrames = frames.slice(0, 5).map((f) => `at ${f.fn ? `${f.fn} ` : ''}(${f.file}:${f.line}:${f.col})`);
  const compile = describeCompileError(err, dir);
  if (compile !== undefined) return { message: compile, frames: [] };
  const at = frames.length > 0 ? `${frames[0].file}:${frames[0].line}` : undefined;
  if (err instanceof ExitAttempt) {
    const who = at ?? 'candidate code';
    return { message: `${who} called process.exit(${err.exitCode ?? ''}); checks run inside the grader, so return or throw instead`, frames: shownFrames };
  }
  if (err instanceof CandidateError) {
    const location = err.location ?? at;
    return { message: location && !err.message.includes(location) ? `${err.message} (${location})` : err.message, frames: shownFrames };
  }
  let message = `${err.name}: ${firstLine(err.message)}`;
  if (err instanceof RangeError && /call stack/i.test(err.message)) message += ' (unbounded recursion?)';
  if (at !== undefined) return { message: `${message} (at ${at})`, frames: shownFrames };
  // No candidate frame: the check itself tripped (often on a value of the wrong type); cite it.
  const own = parseStack(err.stack ?? '').find((f) => path.isAbsolute(f.file) && !f.file.includes(`${path.sep}node_modules${path.sep}`));
  return { message: own ? `${message} (in the check, at ${path.basename(own.file)}:${own.line})` : message, frames: shownFrames };
}

function firstLine(text: string): string {
  const line = text.split('\n')[0];
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}
