import * as fs from 'node:fs';
import * as path from 'node:path';
import { toHtml } from '../../doc/html';
import { toMarkdown } from '../../doc/markdown';
import { buildReport } from '../../report/report-doc';
import { readLog, type CheckRecord, type SessionLog } from '../../session-log';
import { diffWorkspace, runSawCurrentFiles } from '../../workspace';
import { openWorkspace, type OpenWorkspace } from '../open';
import type { Io } from '../terminal';
import { runWorkspaceChecks } from './check';

export interface ReportOptions {
  html?: string;
  md?: string;
  fromLog?: boolean;
}

/**
 * The report must describe the files as they are: if no run has seen them (edited since the last
 * run, or the last run covered only one part), run the checks once, logged as a 'report' run.
 */
function needsFreshRun(ws: OpenWorkspace, log: SessionLog): boolean {
  return !runSawCurrentFiles(ws.kata, ws.dir, log.records.filter((r): r is CheckRecord => r.type === 'check').at(-1));
}

/** A file-system error (an unwritable path) becomes a one-line exit 2 in the CLI's top level. */
function write(file: string, content: string): string {
  const target = path.resolve(file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, content);
  return target;
}

/**
 * `kata report [dir]`: the session report from the workspace's state, log and files. `--md FILE` and
 * `--html FILE` write it (figures as inline SVG); without them, Markdown goes to stdout with text in
 * place of the figures. Exit 0 once written, whatever the checks say: the report is not a verdict.
 */
export async function reportCommand(dirArg: string | undefined, options: ReportOptions, io: Io): Promise<void> {
  const ws = await openWorkspace(dirArg);
  let log = readLog(ws.dir);
  if (!options.fromLog && needsFreshRun(ws, log)) {
    await runWorkspaceChecks(ws, {}, io, undefined, 'report');
    log = readLog(ws.dir);
  }
  const doc = buildReport({ kata: ws.kata, dir: ws.dir, state: ws.state, log, diffs: diffWorkspace(ws.kata, ws.dir), now: new Date() });
  const written: string[] = [];
  if (options.md !== undefined) written.push(write(options.md, toMarkdown(doc, { svg: true })));
  if (options.html !== undefined) written.push(write(options.html, toHtml(doc)));
  if (written.length === 0) io.out(toMarkdown(doc, { svg: false }));
  else io.out(`Wrote the session report:\n${written.map((f) => `  ${path.relative(process.cwd(), f) || f}`).join('\n')}\n`);
  process.exitCode = 0;
}
