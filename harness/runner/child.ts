/**
 * Main of a sandboxed check process (started by child-entry.js). It loads the kata's checks, then
 * runs one check per `run` message and answers with its outcome. Candidate code can throw, print,
 * call process.exit or hang: throws and exits become the check's `error` here, output is captured
 * here, and hangs and memory blow-ups are the parent's job (it kills this process).
 */
import * as path from 'node:path';
import { counters, manualSeed, setOpObserver } from '../../tensor';
import { precompile } from '../ts-register';
import type { CheckFn, CheckOutcome } from '../check';
import { WorkspaceLoader } from './context';
import { ExitAttempt, describeError } from './describe-error';
import type { ChildConfig, ChildMessage, ChildOutcome, ParentMessage } from './protocol';

const OUTPUT_TAIL_CHARS = 2000;

const config = JSON.parse(process.argv[3]) as ChildConfig;
const sendRaw = process.send!.bind(process);
const send = (message: ChildMessage) => sendRaw(message);
// Only this module reports to the parent: candidate code cannot post a result by calling process.send.
process.send = undefined;
const realExit = process.exit.bind(process);

Error.stackTraceLimit = 50; // enough frames to get from deep engine code back to the candidate's line
process.on('disconnect', () => realExit(0)); // the parent is gone: nothing left to report to

// process.exit in candidate code would end the grader's process; it throws instead, naming the caller.
process.exit = ((code?: unknown) => {
  throw new ExitAttempt(code);
}) as typeof process.exit;

/** Captures what candidate code prints: counted and tailed, never echoed (output belongs to reporters). */
const output = { bytes: 0, tail: '' };
for (const stream of [process.stdout, process.stderr]) {
  stream.write = ((chunk: unknown, encoding?: unknown, callback?: unknown) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
    output.bytes += Buffer.byteLength(text);
    output.tail = (output.tail + text.slice(-OUTPUT_TAIL_CHARS)).slice(-OUTPUT_TAIL_CHARS);
    const done = typeof encoding === 'function' ? encoding : callback;
    if (typeof done === 'function') process.nextTick(done as () => void);
    return true;
  }) as typeof stream.write;
}

/** A throw from a candidate's timer or promise while a check runs fails that check, not the process. */
let failCurrent: ((err: unknown) => void) | undefined;
process.on('uncaughtException', (err) => failCurrent?.(err));
process.on('unhandledRejection', (reason) => failCurrent?.(reason));

const checks = loadChecks();
const loader = new WorkspaceLoader(config, send);
// Transpiling (never running) the workspace now keeps the compiler's start-up out of the first check's time limit.
for (const file of config.files) precompile(path.join(config.dir, file.path));
if (checks !== undefined) {
  send({ type: 'ready' });
  process.on('message', (message: ParentMessage) => {
    if (message.type === 'run') void run(checks, message.id, message.full, message.blocked);
  });
}

/** The kata's checks; on failure the parent is told and ends this process. */
function loadChecks(): Record<string, CheckFn> | undefined {
  try {
    const loaded = (require(config.checksModule) as { checks?: Record<string, CheckFn> }).checks;
    if (typeof loaded !== 'object' || loaded === null) throw new Error(`${config.checksModule} does not export \`checks\``);
    return loaded;
  } catch (err) {
    send({ type: 'fatal', message: describeError(err, config.dir).message });
    return undefined;
  }
}

async function run(checks: Record<string, CheckFn>, id: string, full: boolean, blocked: Record<string, string>): Promise<void> {
  // The guarantee documented in runner/index.ts: every check starts from the same engine state.
  counters.reset();
  manualSeed(0);
  setOpObserver(null);
  loader.blocked = blocked;
  output.bytes = 0;
  output.tail = '';
  const started = performance.now();
  let outcome: Omit<ChildOutcome, 'durationMs' | 'output'>;
  try {
    const check = checks[id];
    if (typeof check !== 'function') throw new Error(`the kata's checks module has no check "${id}"`);
    const stray = new Promise<never>((_, reject) => (failCurrent = reject));
    outcome = validOutcome(id, await Promise.race([Promise.resolve().then(() => check(loader.context(full))), stray]));
  } catch (err) {
    const described = describeError(err, config.dir);
    outcome = { status: 'error', message: described.message, details: described.frames };
  } finally {
    failCurrent = undefined;
  }
  const durationMs = Math.round(performance.now() - started);
  send({ type: 'done', id, outcome: { ...outcome, durationMs, output: { ...output } } });
}

function validOutcome(id: string, value: CheckOutcome): Omit<ChildOutcome, 'durationMs' | 'output'> {
  const ok = typeof value === 'object' && value !== null && ['pass', 'fail', 'skip'].includes(value.status) && typeof value.message === 'string';
  if (!ok) throw new Error(`check "${id}" returned an invalid outcome (a harness bug): ${JSON.stringify(value)?.slice(0, 200)}`);
  const details = Array.isArray(value.details) ? value.details.map(String) : [];
  return { status: value.status, message: value.message, details, evidence: value.evidence };
}
