/**
 * The parent's handle on one sandboxed check process: start it, run a check with a time and memory
 * limit, and turn every way it can go wrong (a hang, a memory blow-up, a crash) into an outcome.
 * Typed arrays live outside the V8 heap, so --max-old-space-size alone does not bound memory: the
 * resident set size is polled as well.
 */
import { fork, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isChildMessage, type ChildConfig, type ChildMessage, type ChildOutcome } from './protocol';

export const CHILD_ENTRY = path.join(__dirname, 'child-entry.js');
const STDERR_TAIL_CHARS = 2000;
const RSS_POLL_MS = 100;

export interface Limits {
  /** Resident set size above which the process is killed. */
  memoryLimitMb: number;
  /** How long a process may take to load TypeScript, the engine and the checks. */
  startTimeoutMs: number;
}

export interface RunResult {
  outcome: ChildOutcome;
  /** False when the process was killed or died: start a fresh one for the next check. */
  alive: boolean;
  /** Workspace files whose import hung or died here, with the reason, for later checks to skip. */
  blockedFiles: Record<string, string>;
}

/** Formats a duration the way messages say it: "8 s", "1.5 s". */
export function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}

export class CheckProcess {
  private readonly child: ChildProcess;
  private readonly importing: string[] = [];
  private stderrTail = '';
  private exited = false;
  private killedFor: string | undefined;
  private heapExhausted = false;
  private onEvent: ((event: ChildMessage | { type: 'exit'; detail: string }) => void) | undefined;
  private readonly poll: NodeJS.Timeout;
  private readonly heapLimitMb: number;

  private constructor(config: ChildConfig, private readonly limits: Limits) {
    this.heapLimitMb = Math.max(256, Math.floor(limits.memoryLimitMb / 2));
    const env = { ...process.env };
    delete env.NODE_OPTIONS; // a debugger or loader flag of the parent must not leak into the sandbox
    this.child = fork(CHILD_ENTRY, ['check', JSON.stringify(config)], {
      cwd: config.dir,
      env,
      execArgv: [`--max-old-space-size=${this.heapLimitMb}`],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json',
    });
    this.child.stdout?.resume(); // raw writes (fs.writeSync(1)) are drained and dropped
    this.child.stderr?.on('data', (chunk: Buffer) => {
      const text = this.stderrTail + chunk.toString('utf8');
      // V8 prints this before a long native stack, so it is noted as it streams, not read from the tail.
      if (/Reached heap limit|heap out of memory/.test(text)) this.heapExhausted = true;
      this.stderrTail = text.slice(-STDERR_TAIL_CHARS);
    });
    this.child.on('message', (message: unknown) => {
      if (!isChildMessage(message)) return;
      if (message.type === 'importing') this.importing.push(message.file);
      if (message.type === 'imported') this.importing.pop();
      this.onEvent?.(message);
    });
    this.child.on('exit', (code, signal) => {
      this.exited = true;
      clearInterval(this.poll);
      this.onEvent?.({ type: 'exit', detail: signal ? `signal ${signal}` : `exit code ${code}` });
    });
    this.child.on('error', (err) => {
      // A failed spawn may emit no 'exit'; a failed send is followed by one. Either way: report once.
      if (this.child.pid === undefined && !this.exited) {
        this.exited = true;
        clearInterval(this.poll);
        this.onEvent?.({ type: 'exit', detail: err.message });
      }
    });
    this.poll = setInterval(() => this.checkMemory(), RSS_POLL_MS);
    this.poll.unref();
  }

  /** Forks a process and waits until it has loaded the checks. */
  static start(config: ChildConfig, limits: Limits): Promise<CheckProcess> {
    const proc = new CheckProcess(config, limits);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => fail(`did not start within ${seconds(limits.startTimeoutMs)}`), limits.startTimeoutMs);
      const fail = (why: string) => {
        clearTimeout(timer);
        proc.onEvent = undefined;
        proc.kill();
        reject(new Error(`the check process ${why}${proc.stderrSummary()}`));
      };
      proc.onEvent = (event) => {
        if (event.type === 'ready') {
          clearTimeout(timer);
          proc.onEvent = undefined;
          resolve(proc);
        } else if (event.type === 'fatal') fail(`could not load the kata's checks: ${event.message}`);
        else if (event.type === 'exit') fail(`ended while starting (${event.detail})`);
      };
    });
  }

  /** Runs one check; always resolves, whatever the candidate's code does. */
  run(id: string, full: boolean, blocked: Record<string, string>, timeoutMs: number): Promise<RunResult> {
    const started = Date.now();
    return new Promise((resolve) => {
      const finish = (result: RunResult) => {
        clearTimeout(timer);
        this.onEvent = undefined;
        resolve(result);
      };
      const stopped = (why: string, details: string[]): RunResult => {
        const hung = this.importing.length > 0 ? this.importing[this.importing.length - 1] : undefined;
        const blockedFiles = Object.fromEntries(this.importing.map((file) => [file, `${why} (in check ${id})`]));
        const message = hung === undefined ? why : `importing ${hung} ${why}`;
        const outcome: ChildOutcome = { status: 'error', message, details, durationMs: Date.now() - started, output: { bytes: 0, tail: '' } };
        return { outcome, alive: false, blockedFiles };
      };
      const timer = setTimeout(() => {
        this.kill();
        finish(stopped(`did not finish within ${seconds(timeoutMs)}`, ['the process running it was stopped: an infinite loop, or a promise that never settles?']));
      }, timeoutMs);
      this.onEvent = (event) => {
        if (event.type === 'done' && event.id === id) finish({ outcome: event.outcome, alive: true, blockedFiles: {} });
        else if (event.type === 'exit') finish(stopped(this.deathReason(event.detail), this.heapExhausted || this.killedFor ? [] : this.stderrLines()));
      };
      if (this.exited) return finish(stopped(this.deathReason('already ended'), this.stderrLines()));
      this.child.send({ type: 'run', id, full, blocked });
    });
  }

  kill(): void {
    if (!this.exited) this.child.kill('SIGKILL');
    clearInterval(this.poll);
  }

  private checkMemory(): void {
    const rssMb = residentMb(this.child.pid);
    if (rssMb !== undefined && rssMb > this.limits.memoryLimitMb && !this.exited) {
      this.killedFor = `used more than ${this.limits.memoryLimitMb} MB of memory (${Math.round(rssMb)} MB resident) and was stopped`;
      this.kill();
    }
  }

  private deathReason(detail: string): string {
    if (this.killedFor !== undefined) return this.killedFor;
    if (this.heapExhausted) return `ran out of memory (the JavaScript heap limit is ${this.heapLimitMb} MB) and was stopped`;
    return `ended the check process unexpectedly (${detail})`;
  }

  private stderrLines(): string[] {
    return this.stderrTail.trim().split('\n').filter(Boolean).slice(-5);
  }

  private stderrSummary(): string {
    const lines = this.stderrLines();
    return lines.length > 0 ? `: ${lines.join(' | ')}` : '';
  }
}

/** Resident set size of a process in MB, from /proc (Linux); undefined where unavailable. */
function residentMb(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+)/.exec(status);
    return kb ? Number(kb[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}
