/**
 * The CLI's view of the terminal: where text goes, whether it is a TTY, whether to colour, and a
 * progress line on stderr for anything slow. Commands take an `Io` so tests can capture output.
 */
import * as readline from 'node:readline/promises';
import type { RunEvent } from '../runner';

export { chalkFor } from '../reporters/color';

export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Board, watch and confirmation prompts are for people; pipes and CI get plain, one-shot output. */
  interactive: boolean;
  /** Colour stdout (a TTY, and NO_COLOR unset). */
  color: boolean;
  /** Progress lines on stderr (a TTY). */
  progress: boolean;
  ask(question: string): Promise<string>;
}

/** https://no-color.org: any non-empty NO_COLOR turns colour off. */
function colorAllowed(env: NodeJS.ProcessEnv): boolean {
  return env.NO_COLOR === undefined || env.NO_COLOR === '';
}

export function processIo(): Io {
  return {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    interactive: Boolean(process.stdout.isTTY && process.stdin.isTTY),
    color: Boolean(process.stdout.isTTY) && colorAllowed(process.env),
    progress: Boolean(process.stderr.isTTY),
    async ask(question) {
      const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
      try {
        return await rl.question(question);
      } finally {
        rl.close();
      }
    },
  };
}

const FRAMES = '⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏';
const QUIET_MS = 400;

/** A one-line spinner on stderr that follows the runner's events; silent when not a TTY. */
export class Progress {
  private timer: NodeJS.Timeout | undefined;
  private frame = 0;
  private readonly started = Date.now();
  private readonly running = new Set<string>();
  private done = 0;
  private total = 0;

  constructor(
    private readonly io: Io,
    private readonly label: string,
  ) {
    if (!io.progress) return;
    this.timer = setInterval(() => this.draw(), 100);
    this.timer.unref();
  }

  readonly onEvent = (event: RunEvent): void => {
    if (event.type === 'check-start') this.running.add(event.id);
    if (event.type === 'check-done') {
      this.running.delete(event.result.id);
      this.done = event.done;
      this.total = event.total;
    }
    if (event.type === 'typecheck-done') this.running.clear();
  };

  stop(): void {
    if (this.timer === undefined) return;
    clearInterval(this.timer);
    this.timer = undefined;
    if (Date.now() - this.started >= QUIET_MS) this.io.err('\r\x1b[2K');
  }

  private draw(): void {
    if (Date.now() - this.started < QUIET_MS) return; // fast runs finish without a flicker
    const seconds = ((Date.now() - this.started) / 1000).toFixed(1);
    const count = this.total > 0 ? ` ${this.done}/${this.total}` : '';
    const now = this.running.size > 0 ? ` · ${[...this.running].join(', ')}` : this.total > 0 && this.done === this.total ? ' · type-checking' : '';
    this.frame = (this.frame + 1) % FRAMES.length;
    this.io.err(`\r\x1b[2K${FRAMES[this.frame]} ${this.label}${count}${now} (${seconds} s)`);
  }
}
