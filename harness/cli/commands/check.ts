import { exitCodeFor, gradeWorkspace, type GradeReport } from '../../grade';
import { reporters, type ReporterName } from '../../reporters';
import type { RunEvent } from '../../runner';
import type { RunSource } from '../../session-log';
import { openWorkspace, recordRun, type OpenWorkspace } from '../open';
import { Progress, type Io } from '../terminal';

export interface CheckOptions {
  part?: 1 | 2;
  full?: boolean;
  reporter?: ReporterName;
}

/** Runs the checks of a workspace with a progress line; records the run for `kata hint` and the session log. */
export async function runWorkspaceChecks(ws: OpenWorkspace, options: CheckOptions, io: Io, onEvent?: (event: RunEvent) => void, source: RunSource = 'check'): Promise<GradeReport> {
  const progress = new Progress(io, 'checking');
  try {
    const report = await gradeWorkspace({
      kata: ws.kata,
      dir: ws.dir,
      variant: { seed: ws.state.seed }, // the variant's bug ids stay hidden from the candidate
      part: options.part,
      full: options.full ?? false,
      onProgress: (event) => {
        progress.onEvent(event);
        onEvent?.(event);
      },
    });
    recordRun(ws.dir, report, source);
    return report;
  } finally {
    progress.stop();
  }
}

/** `kata check [dir]`: grade the workspace once and print it with the chosen reporter. */
export async function checkCommand(dirArg: string | undefined, options: CheckOptions, io: Io): Promise<GradeReport> {
  const ws = await openWorkspace(dirArg);
  const report = await runWorkspaceChecks(ws, options, io);
  const reporter = reporters[options.reporter ?? 'board'];
  io.out(reporter(report, { color: io.color, suggestHints: true }));
  process.exitCode = exitCodeFor(report);
  return report;
}
