/**
 * The session log, `<workspace>/.kata/log.jsonl`: one JSON object per line for every check run, hint
 * request, reset and solution request, so an interviewer's report can replay the session.
 *
 * Append-only and safe without locks: each record is one `write(2)` of one short line to a file
 * opened with O_APPEND, which Linux (and every POSIX local file system) applies atomically at the
 * end of the file, so two concurrent `kata check` runs interleave whole lines, never bytes. A line
 * torn by a crash (or a full disk) is skipped by the reader, and the next writer starts on a fresh
 * line, so one bad line never swallows the next record.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import type { CheckEvidence } from './check';
import type { GradeReport } from './grade';
import { META_DIR } from './workspace-state';

export const LOG_VERSION = 1;
export const LOG_FILE = 'log.jsonl';
/**
 * Records stay below PIPE_BUF (4 KiB) so that even on a file system weaker than Linux's (where a
 * longer append could interleave) one record is one indivisible write. Evidence is dropped first.
 */
export const MAX_LINE_BYTES = 4096;

/** Which command ran the checks. */
export const RUN_SOURCES = ['check', 'watch', 'grade', 'hint', 'report'] as const;
export type RunSource = (typeof RUN_SOURCES)[number];

const status = z.enum(['pass', 'fail', 'error', 'skip']);
/** JSON has no NaN: a non-finite number is written as null and read back as NaN. */
const num = z.number().nullable().transform((x) => (x === null ? NaN : x));
const EvidenceSchema = z.object({
  lossCurve: z.array(num).optional(),
  lossEvery: z.number().optional(),
  lossBaseline: num.optional(),
  rowsPerStep: z.array(num).optional(),
  attention: z.array(z.array(num)).optional(),
});

const base = { v: z.literal(LOG_VERSION), at: z.iso.datetime() };
export const LogRecordSchema = z.discriminatedUnion('type', [
  z.object({ ...base, type: z.literal('start'), kata: z.string(), mode: z.enum(['practice', 'interview']), seed: z.number().nullable(), maxHint: z.number().int().nonnegative().nullable() }),
  z.object({
    ...base,
    type: z.literal('check'),
    source: z.enum(RUN_SOURCES),
    durationMs: z.number().nonnegative(),
    /** Check id → status, for the checks this run asked for. */
    statuses: z.record(z.string(), status),
    typeErrors: z.number().int().nonnegative(),
    /** Check id → what the check measured (loss curve, attention map, rows per step), rounded. */
    evidence: z.record(z.string(), EvidenceSchema).optional(),
  }),
  z.object({
    ...base,
    type: z.literal('hint'),
    check: z.string(),
    /** Rungs the candidate has seen of this check's ladder after this request. */
    rung: z.number().int().nonnegative(),
    of: z.number().int().positive(),
    /** True when the hint cap refused the next rung. */
    capped: z.boolean(),
  }),
  z.object({ ...base, type: z.literal('solution'), shown: z.boolean() }),
  z.object({ ...base, type: z.literal('reset'), files: z.array(z.string()), backup: z.string() }),
]);

export type LogRecord = z.infer<typeof LogRecordSchema>;
export type CheckRecord = Extract<LogRecord, { type: 'check' }>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** What a caller writes: the version and timestamp are added by `appendLog`. */
export type NewLogRecord = DistributiveOmit<z.input<typeof LogRecordSchema>, 'v' | 'at'> & { at?: string };

export function logPath(dir: string): string {
  return path.join(dir, META_DIR, LOG_FILE);
}

/** Appends one record as one line; creates the log (not the metadata folder) on first use. */
export function appendLog(dir: string, record: NewLogRecord): void {
  const full = { v: LOG_VERSION, at: new Date().toISOString(), ...record };
  const line = fitLine(full);
  const fd = fs.openSync(logPath(dir), 'a+');
  try {
    // A crash mid-write may have left a line without its newline: start ours on a fresh line.
    const size = fs.fstatSync(fd).size;
    const last = Buffer.alloc(1);
    const torn = size > 0 && fs.readSync(fd, last, 0, 1, size - 1) === 1 && last[0] !== 0x0a;
    const bytes = Buffer.from(torn ? `\n${line}` : line);
    const written = fs.writeSync(fd, bytes);
    if (written !== bytes.length) throw new Error(`wrote ${written} of ${bytes.length} bytes to ${logPath(dir)}`);
  } finally {
    fs.closeSync(fd);
  }
}

/** The record as one line under MAX_LINE_BYTES: numbers rounded, then the largest evidence dropped. */
function fitLine(record: Record<string, unknown>): string {
  const evidence = record.evidence as Record<string, CheckEvidence> | undefined;
  const out = { ...record, ...(evidence ? { evidence: roundEvidence(evidence) } : {}) };
  let line = `${JSON.stringify(out)}\n`;
  while (Buffer.byteLength(line) > MAX_LINE_BYTES && out.evidence !== undefined) {
    const entries = Object.entries(out.evidence as Record<string, CheckEvidence>).sort((a, b) => JSON.stringify(b[1]).length - JSON.stringify(a[1]).length);
    out.evidence = entries.length > 1 ? Object.fromEntries(entries.slice(1)) : undefined;
    line = `${JSON.stringify(out)}\n`;
  }
  if (Buffer.byteLength(line) > MAX_LINE_BYTES) throw new Error(`a session log record is ${Buffer.byteLength(line)} bytes; the limit is ${MAX_LINE_BYTES}`);
  return line;
}

const round = (x: number) => (Number.isFinite(x) ? Number(x.toPrecision(4)) : x);

function roundEvidence(evidence: Record<string, CheckEvidence>): Record<string, CheckEvidence> {
  const out: Record<string, CheckEvidence> = {};
  for (const [id, e] of Object.entries(evidence)) {
    out[id] = {
      ...(e.lossCurve ? { lossCurve: e.lossCurve.map(round) } : {}),
      ...(e.lossEvery !== undefined ? { lossEvery: e.lossEvery } : {}),
      ...(e.lossBaseline !== undefined ? { lossBaseline: round(e.lossBaseline) } : {}),
      ...(e.rowsPerStep ? { rowsPerStep: e.rowsPerStep.map(round) } : {}),
      ...(e.attention ? { attention: e.attention.map((row) => row.map(round)) } : {}),
    };
  }
  return out;
}

export interface SessionLog {
  records: LogRecord[];
  /** Lines that are not a valid record (torn by a crash, edited by hand, written by a newer harness). */
  skipped: number;
}

/** Every valid record in file order; a missing log is an empty one. */
export function readLog(dir: string): SessionLog {
  const file = logPath(dir);
  if (!fs.existsSync(file)) return { records: [], skipped: 0 };
  const records: LogRecord[] = [];
  let skipped = 0;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      skipped++;
      continue;
    }
    const parsed = LogRecordSchema.safeParse(raw);
    if (parsed.success) records.push(parsed.data);
    else skipped++;
  }
  return { records, skipped };
}

/** The log record of a finished run: statuses, type errors and the evidence the checks returned. */
export function checkRecord(report: GradeReport, source: RunSource): NewLogRecord {
  const evidence = Object.fromEntries(report.results.filter((r) => r.evidence !== undefined).map((r) => [r.id, r.evidence!]));
  return {
    type: 'check',
    source,
    durationMs: report.durationMs,
    statuses: Object.fromEntries(report.results.map((r) => [r.id, r.status])),
    typeErrors: report.typecheck.length,
    ...(Object.keys(evidence).length > 0 ? { evidence } : {}),
  };
}
