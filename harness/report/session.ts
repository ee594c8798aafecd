/**
 * What happened in a session, from the workspace state and its log: when each check first passed
 * (and regressed), when each part was done, the hints asked for, resets and the solution. Pure: the
 * same records give the same summary, so tests feed it hand-made logs.
 */
import type { CheckEvidence, CheckStatus } from '../check';
import { requiredChecks, type Manifest } from '../manifest';
import type { LogRecord } from '../session-log';
import type { WorkspaceState } from '../workspace-state';

export type EventKind = 'start' | 'first-pass' | 'regressed' | 'passes-again' | 'part-done' | 'hint' | 'hint-refused' | 'reset' | 'solution' | 'solution-refused';

export interface TimelineEvent {
  at: string;
  /** Milliseconds since the session started. */
  offsetMs: number;
  kind: EventKind;
  text: string;
}

export interface PartTime {
  part: 1 | 2;
  /** When work on the part is counted from: the start, or Part 1's end for Part 2. */
  from: string;
  doneAt?: string;
  /** Until done, or until the last recorded activity. */
  durationMs: number;
  hints: number;
}

export interface HintUse {
  check: string;
  /** Highest rung seen. */
  rungs: number;
  of: number;
  requests: number;
  refused: number;
}

export interface SessionSummary {
  startedAt: string;
  lastActivity: string;
  events: TimelineEvent[];
  /** Check id → when it first passed. */
  firstPass: Record<string, string>;
  /** Check id → its last recorded status. */
  latest: Record<string, CheckStatus>;
  /** Check id → the last evidence it returned. */
  evidence: Record<string, CheckEvidence>;
  hints: HintUse[];
  parts: PartTime[];
  runs: number;
  resets: number;
  solution: 'not requested' | 'shown' | 'refused';
}

export function summarizeSession(manifest: Manifest, state: WorkspaceState, records: readonly LogRecord[]): SessionSummary {
  const startedAt = state.startedAt;
  const t0 = Date.parse(startedAt);
  const events: TimelineEvent[] = [];
  const push = (at: string, kind: EventKind, text: string) => events.push({ at, offsetMs: Math.max(0, Date.parse(at) - t0), kind, text });
  const specs = new Map(manifest.checks.map((c) => [c.id, c]));
  const partChecks = (part: 1 | 2) => requiredChecks(manifest, part).map((c) => c.id);

  const latest: Record<string, CheckStatus> = {};
  const firstPass: Record<string, string> = {};
  const evidence: Record<string, CheckEvidence> = {};
  const doneAt: Partial<Record<1 | 2, string>> = {};
  const hints = new Map<string, HintUse>();
  const hintTimes: { at: string; part: 1 | 2 }[] = [];
  let runs = 0;
  let resets = 0;
  let solution: SessionSummary['solution'] = 'not requested';
  let lastActivity = startedAt;

  push(startedAt, 'start', `started (${state.mode ?? 'practice'}${state.maxHint !== undefined ? `, hints capped at rung ${state.maxHint}` : ''})`);
  const ordered = [...records].sort((a, b) => Date.parse(a.at) - Date.parse(b.at)); // stable: file order on ties
  for (const r of ordered) {
    if (Date.parse(r.at) > Date.parse(lastActivity)) lastActivity = r.at;
    switch (r.type) {
      case 'start':
        break;
      case 'check': {
        runs++;
        for (const [id, status] of Object.entries(r.statuses)) {
          if (status === 'skip') continue; // not run: says nothing about the code
          const before = latest[id];
          latest[id] = status;
          if (status === 'pass' && firstPass[id] === undefined) {
            firstPass[id] = r.at;
            push(r.at, 'first-pass', `\`${id}\` passes for the first time`);
          } else if (status === 'pass' && before !== undefined && before !== 'pass') push(r.at, 'passes-again', `\`${id}\` passes again`);
          else if (status !== 'pass' && before === 'pass') push(r.at, 'regressed', `\`${id}\` regressed: ${status}`);
        }
        for (const [id, e] of Object.entries(r.evidence ?? {})) evidence[id] = e;
        for (const part of [1, 2] as const) {
          const ids = partChecks(part);
          if (doneAt[part] === undefined && ids.length > 0 && ids.every((id) => latest[id] === 'pass')) {
            doneAt[part] = r.at;
            push(r.at, 'part-done', `Part ${part} done: every required Part ${part} check passes`);
          }
        }
        break;
      }
      case 'hint': {
        const use = hints.get(r.check) ?? { check: r.check, rungs: 0, of: r.of, requests: 0, refused: 0 };
        use.requests++;
        use.rungs = Math.max(use.rungs, r.rung);
        if (r.capped) use.refused++;
        hints.set(r.check, use);
        if (!r.capped) hintTimes.push({ at: r.at, part: specs.get(r.check)?.part ?? 1 });
        push(r.at, r.capped ? 'hint-refused' : 'hint', r.capped ? `hint for \`${r.check}\` refused by the cap (rung ${r.rung} of ${r.of} already shown)` : `hint for \`${r.check}\`: rung ${r.rung} of ${r.of}`);
        break;
      }
      case 'reset':
        resets++;
        push(r.at, 'reset', `reset ${r.files.join(', ')} to the starter (backup in ${r.backup})`);
        break;
      case 'solution':
        if (r.shown) solution = 'shown';
        else if (solution !== 'shown') solution = 'refused';
        push(r.at, r.shown ? 'solution' : 'solution-refused', r.shown ? 'the reference solution was shown' : '`kata solution` refused by the hint cap');
        break;
    }
  }

  const parts = ([1, 2] as const).map((part): PartTime => {
    const from = part === 2 && doneAt[1] !== undefined && (doneAt[2] === undefined || doneAt[1] <= doneAt[2]) ? doneAt[1] : startedAt;
    const end = doneAt[part] ?? lastActivity;
    const inPart = hintTimes.filter((h) => h.part === part).length;
    return { part, from, ...(doneAt[part] ? { doneAt: doneAt[part] } : {}), durationMs: Math.max(0, Date.parse(end) - Date.parse(from)), hints: inPart };
  });

  return { startedAt, lastActivity, events, firstPass, latest, evidence, hints: [...hints.values()], parts, runs, resets, solution };
}

/** "+12:05" or "+1:02:03" after the start. */
export function formatOffset(ms: number): string {
  const s = Math.floor(ms / 1000);
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return hh > 0 ? `+${hh}:${String(mm).padStart(2, '0')}:${ss}` : `+${mm}:${ss}`;
}

/** "1 h 02 min", "12 min 05 s", "8 s". */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}
