/**
 * The session report as a Doc: summary, timeline, time per part, hints, evidence figures, the final
 * diff against the starter, and the rubric as a checklist annotated with what the log shows. A
 * practice workspace's report names only bug categories; an interview's names the seeded variants.
 */
import type { Block, Doc, Section } from '../doc/model';
import { rubricBlocks, rubricFor } from '../interview/rubric';
import type { KataDefinition } from '../kata';
import { requiredChecks } from '../manifest';
import type { SessionLog } from '../session-log';
import type { FileDiff } from '../workspace';
import type { WorkspaceState } from '../workspace-state';
import { evidenceFigures } from './figures';
import { formatDuration, formatOffset, summarizeSession, type SessionSummary } from './session';

export interface ReportInput {
  kata: KataDefinition;
  dir: string;
  state: WorkspaceState;
  log: SessionLog;
  /** The workspace against its starter (`diffWorkspace`). */
  diffs: FileDiff[];
  now: Date;
}

export const REPORT_SECTIONS = ['summary', 'timeline', 'parts', 'hints', 'evidence', 'diff', 'rubric'] as const;

export function buildReport(input: ReportInput): Doc {
  const { kata, state } = input;
  const summary = summarizeSession(kata.manifest, state, input.log.records);
  const interview = state.mode === 'interview';
  const meta = [
    `Workspace \`${input.dir}\` · ${interview ? 'interview' : 'practice'} · kata \`${kata.manifest.id}\` · seed ${state.seed ?? '(none)'}`,
    `Started ${state.startedAt} · last activity ${summary.lastActivity} · report made ${input.now.toISOString()}`,
  ];
  if (interview) meta.push('**For the interviewer: the rubric names the seeded bugs.**');
  return {
    title: `Session report — ${kata.manifest.title}`,
    meta,
    sections: [
      summarySection(input, summary),
      timelineSection(summary),
      partsSection(summary),
      hintsSection(input, summary),
      { id: 'evidence', title: 'Evidence', blocks: evidenceBlocks(input, summary) },
      diffSection(input),
      rubricSection(input, summary, interview),
    ],
  };
}

const at = (summary: SessionSummary, iso: string | undefined) => (iso === undefined ? '—' : formatOffset(Date.parse(iso) - Date.parse(summary.startedAt)));

function summarySection(input: ReportInput, summary: SessionSummary): Section {
  const checks = input.kata.manifest.checks;
  const required = requiredChecks(input.kata.manifest);
  const passing = required.filter((c) => summary.latest[c.id] === 'pass').length;
  const hintRequests = summary.hints.reduce((n, h) => n + h.requests, 0);
  const refused = summary.hints.reduce((n, h) => n + h.refused, 0);
  const blocks: Block[] = [
    {
      kind: 'paragraph',
      text:
        `**${passing} of ${required.length}** required checks pass at the last run. ${summary.runs} check run${summary.runs === 1 ? '' : 's'}, ` +
        `${hintRequests} hint request${hintRequests === 1 ? '' : 's'}${refused > 0 ? ` (${refused} refused by the cap)` : ''}, ${summary.resets} reset${summary.resets === 1 ? '' : 's'}; ` +
        `solution ${summary.solution}.`,
    },
    {
      kind: 'table',
      head: ['Check', 'Part', 'Last status', 'First passed'],
      rows: checks.map((c) => [`\`${c.id}\`${c.required ? '' : ' (bonus)'}`, String(c.part), summary.latest[c.id] ?? 'not run', at(summary, summary.firstPass[c.id])]),
    },
  ];
  if (input.log.skipped > 0) blocks.push({ kind: 'note', text: `${input.log.skipped} unreadable line(s) of the session log were skipped (a crash mid-write, or a hand edit).` });
  return { id: 'summary', title: 'Summary', blocks };
}

function timelineSection(summary: SessionSummary): Section {
  return {
    id: 'timeline',
    title: 'Timeline',
    blocks: [
      { kind: 'paragraph', text: 'First passes, regressions, finished parts, hints, resets and the solution, in order. Times are since the start.' },
      { kind: 'table', head: ['Time', 'Event'], rows: summary.events.map((e) => [formatOffset(e.offsetMs), e.text]) },
    ],
  };
}

function partsSection(summary: SessionSummary): Section {
  return {
    id: 'parts',
    title: 'Time per part',
    blocks: [
      {
        kind: 'table',
        head: ['Part', 'From', 'Done', 'Time', 'Hints'],
        rows: summary.parts.map((p) => [
          `Part ${p.part}`,
          at(summary, p.from),
          p.doneAt ? at(summary, p.doneAt) : 'not yet',
          p.doneAt ? formatDuration(p.durationMs) : `${formatDuration(p.durationMs)} so far`,
          String(p.hints),
        ]),
      },
      { kind: 'paragraph', text: 'A part is done at the first run in which every required check of that part passes; Part 2 is timed from the end of Part 1.' },
    ],
  };
}

function hintsSection(input: ReportInput, summary: SessionSummary): Section {
  const cap = input.state.maxHint;
  const blocks: Block[] = [{ kind: 'paragraph', text: cap === undefined ? 'No hint cap.' : `Hints capped at rung ${cap}.` }];
  if (summary.hints.length === 0) blocks.push({ kind: 'paragraph', text: 'No hints were requested.' });
  else {
    blocks.push({
      kind: 'table',
      head: ['Check', 'Rungs seen', 'Requests', 'Refused by the cap'],
      rows: summary.hints.map((h) => [`\`${h.check}\``, `${h.rungs} of ${h.of}`, String(h.requests), String(h.refused)]),
    });
  }
  return { id: 'hints', title: 'Hints used', blocks };
}

function evidenceBlocks(input: ReportInput, summary: SessionSummary): Block[] {
  const figures = evidenceFigures(input.kata.manifest, summary.evidence);
  return figures.length > 0 ? figures : [{ kind: 'note', text: 'No evidence recorded: the checks that draw it (a loss curve, an attention map) have not run yet.' }];
}

function diffSection(input: ReportInput): Section {
  const text = input.diffs.map((d) => d.patch).join('\n');
  return {
    id: 'diff',
    title: 'Final diff against the starter',
    blocks: input.diffs.length === 0 ? [{ kind: 'paragraph', text: 'No changes from the starter.' }] : [{ kind: 'paragraph', text: `${input.diffs.length} file(s) changed: ${input.diffs.map((d) => `\`${d.file}\``).join(', ')}.` }, { kind: 'code', lang: 'diff', text }],
  };
}

function rubricSection(input: ReportInput, summary: SessionSummary, reveal: boolean): Section {
  const entries = rubricFor(input.kata, reveal ? input.state.variant : undefined);
  const logged = (checks: string[]) =>
    checks.length === 0 ? '' : ` Log: ${checks.map((id) => `\`${id}\` ${summary.firstPass[id] ? `first passed at ${at(summary, summary.firstPass[id])}` : 'not passed'}`).join('; ')}.`;
  const blocks = rubricBlocks(entries, (e) => `${e.note}${logged(e.checks)}`);
  if (input.kata.interview === undefined) blocks.push({ kind: 'note', text: 'This kata has no interviewer material: only the per-bug items are listed.' });
  return { id: 'rubric', title: 'Rubric', blocks };
}
