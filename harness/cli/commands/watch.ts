import * as fs from 'node:fs';
import type { CheckResult } from '../../check';
import { exitCodeFor, type GradeReport } from '../../grade';
import { reporters } from '../../reporters';
import { openWorkspace, type OpenWorkspace } from '../open';
import { chalkFor, type Io } from '../terminal';
import { checkCommand, runWorkspaceChecks, type CheckOptions } from './check';

const DEBOUNCE_MS = 300;
const CLEAR_SCREEN = '\x1b[2J\x1b[H';

/**
 * `kata watch [dir]`: in a terminal, a live board re-run on every save of a kata file until Ctrl-C;
 * without one, the same as `kata check` (one run, then exit).
 */
export async function watchCommand(dirArg: string | undefined, options: CheckOptions, io: Io): Promise<void> {
  if (!io.interactive) {
    await checkCommand(dirArg, options, io);
    return;
  }
  await watchWorkspace(await openWorkspace(dirArg), options, io);
}

export async function watchWorkspace(ws: OpenWorkspace, options: CheckOptions, io: Io): Promise<void> {
  const c = chalkFor(io);
  const files = new Set(ws.kata.manifest.files.map((f) => f.path));
  let running = false;
  let again = false;
  const show = (report: GradeReport, footer: string) => {
    const board = reporters.board(report, { color: io.color, suggestHints: true });
    io.out(`${CLEAR_SCREEN}${board}\n${c.gray(footer)}\n`);
  };
  const run = async () => {
    if (running) {
      again = true; // a save during a run: one more run right after, never two at once
      return;
    }
    running = true;
    do {
      again = false;
      try {
        // The verdicts are shown as soon as the checks finish; the type-check (slower) updates the board.
        const started = Date.now();
        const done: CheckResult[] = [];
        const report = await runWorkspaceChecks(ws, options, io, (event) => {
          if (event.type !== 'check-done') return;
          done.push(event.result);
          if (event.done < event.total) return;
          const order = ws.kata.manifest.checks.map((s) => s.id);
          const results = [...done].sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
          const early = { kata: { id: ws.kata.manifest.id, title: ws.kata.manifest.title }, variant: null, dir: ws.dir, results, typecheck: [], durationMs: Date.now() - started };
          show(early, 'Type-checking…');
        }, 'watch');
        show(report, `Watching ${ws.dir} for saves. Ctrl-C to stop.`);
        process.exitCode = exitCodeFor(report);
      } catch (err) {
        // Keep watching: the next save may fix it (e.g. a state file restored from a backup).
        io.err(`kata: ${err instanceof Error ? err.message : String(err)}\n`);
      }
    } while (again);
    running = false;
  };
  let timer: NodeJS.Timeout | undefined;
  const watcher = fs.watch(ws.dir, (_event, filename) => {
    if (filename === null || !files.has(filename.toString())) return;
    clearTimeout(timer);
    timer = setTimeout(() => void run(), DEBOUNCE_MS); // editors write a file in several steps
  });
  await run();
  await new Promise<void>((resolve) => process.once('SIGINT', resolve));
  clearTimeout(timer);
  watcher.close();
  io.out('\n');
}
