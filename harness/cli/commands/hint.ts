import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CheckStatus } from '../../check';
import { UsageError, nearest } from '../../errors';
import type { CheckSpec } from '../../manifest';
import { updateState } from '../../workspace-state';
import { openWorkspace, type OpenWorkspace } from '../open';
import { chalkFor, type Io } from '../terminal';
import { runWorkspaceChecks } from './check';

export interface HintOptions {
  dir?: string;
}

export interface HintShown {
  check: string;
  /** Rungs shown so far, including this time. */
  rungs: number;
}

/** `kata hint [id]`: the next hint rung, shown with the earlier ones, for a check or the first failing one. */
export async function hintCommand(id: string | undefined, options: HintOptions, io: Io): Promise<HintShown | undefined> {
  const ws = await openWorkspace(options.dir);
  const spec = id === undefined ? await firstFailing(ws, io) : findCheck(ws, id);
  const c = chalkFor(io);
  if (spec === undefined) {
    io.out(`${c.green('All required checks pass')}: nothing to hint. ${c.cyan('kata hint <check>')} shows a check's hints anyway.\n`);
    return undefined;
  }
  const rungs = Math.min(spec.hints.length, (ws.state.hints[spec.id] ?? 0) + 1);
  updateState(ws.dir, (state) => {
    state.hints[spec.id] = Math.max(state.hints[spec.id] ?? 0, rungs);
  });
  const lines = [`${c.bold(spec.id)} (Part ${spec.part}): ${spec.title}`];
  spec.hints.slice(0, rungs).forEach((hint, i) => lines.push(`  ${c.cyan(`${i + 1}/${spec.hints.length}`)} ${hint}`));
  lines.push(
    rungs < spec.hints.length
      ? c.gray(`Run ${c.cyan(`kata hint ${spec.id}`)} again for the next hint.`)
      : c.gray(`That is the last hint. ${c.cyan('kata solution')} shows the reference fix, if you really want it.`),
  );
  io.out(`${lines.join('\n')}\n`);
  return { check: spec.id, rungs };
}

function findCheck(ws: OpenWorkspace, id: string): CheckSpec {
  const spec = ws.kata.manifest.checks.find((c) => c.id === id);
  if (spec !== undefined) return spec;
  const ids = ws.kata.manifest.checks.map((c) => c.id);
  const near = nearest(id, ids);
  throw new UsageError(`no check "${id}"${near ? ` (did you mean ${near}?)` : ''}; checks: ${ids.join(', ')}`);
}

/** The first required check failing now: from the last run if no kata file changed since, else a fresh run. */
async function firstFailing(ws: OpenWorkspace, io: Io): Promise<CheckSpec | undefined> {
  let statuses: Record<string, CheckStatus> | undefined = ws.state.lastRun?.statuses;
  const lastRunAt = ws.state.lastRun ? Date.parse(ws.state.lastRun.at) : 0;
  const changedSince = ws.kata.manifest.files.some((f) => {
    const file = path.join(ws.dir, f.path);
    return !fs.existsSync(file) || fs.statSync(file).mtimeMs > lastRunAt;
  });
  if (statuses === undefined || changedSince) {
    const report = await runWorkspaceChecks(ws, {}, io);
    statuses = Object.fromEntries(report.results.map((r) => [r.id, r.status]));
  }
  const required = ws.kata.manifest.checks.filter((c) => c.required && !c.full);
  return required.find((c) => statuses[c.id] === 'fail' || statuses[c.id] === 'error' || statuses[c.id] === undefined);
}
