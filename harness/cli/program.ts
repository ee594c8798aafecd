/**
 * Every command and flag of `kata`, declared in one place. Each command's flags are a table typed
 * against that command's options interface, so a flag cannot exist without an option behind it
 * (and the flag's name is derived from the option's key). The actions call one module per command.
 */
import { Command, Option } from 'commander';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UsageError } from '../errors';
import { isReporterName, reporters } from '../reporters';
import type { VariantChoice } from '../variants';
import { checkCommand, type CheckOptions } from './commands/check';
import { diffCommand } from './commands/diff';
import { explainCommand, type ExplainOptions } from './commands/explain';
import { gradeCommand, type GradeOptions } from './commands/grade';
import { hintCommand, type HintOptions } from './commands/hint';
import { cardCommand, interviewCommand, type CardOptions, type InterviewOptions } from './commands/interview';
import { listCommand } from './commands/list';
import { reportCommand, type ReportOptions } from './commands/report';
import { resetCommand, type ResetOptions } from './commands/reset';
import { solutionCommand, type SolutionOptions } from './commands/solution';
import { startCommand, type StartOptions } from './commands/start';
import { watchCommand } from './commands/watch';
import type { Io } from './terminal';

interface FlagSpec {
  /** The value placeholder, e.g. '<n>'; none for a boolean switch. */
  value?: string;
  description: string;
  parse?: (raw: string) => unknown;
}

type FlagTable<Options> = { [Key in keyof Required<Options>]: FlagSpec };

const kebab = (key: string) => key.replace(/[A-Z]/g, (ch) => `-${ch.toLowerCase()}`);

function withFlags<Options>(command: Command, table: FlagTable<Options>): Command {
  for (const [key, spec] of Object.entries<FlagSpec>(table)) {
    const option = new Option(`--${kebab(key)}${spec.value ? ` ${spec.value}` : ''}`, spec.description);
    if (spec.parse) option.argParser(spec.parse);
    command.addOption(option);
  }
  return command;
}

export function parsePart(raw: string): 1 | 2 {
  if (raw === '1' || raw === '2') return Number(raw) as 1 | 2;
  throw new UsageError(`--part must be 1 or 2, got "${raw}"`);
}

export function parseSeed(raw: string): number {
  const seed = /^\d{1,10}$/.test(raw) ? Number(raw) : NaN;
  if (!(seed <= 0xffffffff)) throw new UsageError(`--seed must be an integer from 0 to 4294967295, got "${raw}"`);
  return seed;
}

/** "label-shift=no-shift,typo=ln-swap" → { 'label-shift': 'no-shift', typo: 'ln-swap' }; ids are checked later. */
export function parseVariants(raw: string): VariantChoice {
  const choice: VariantChoice = {};
  for (const pair of raw.split(',').map((p) => p.trim()).filter(Boolean)) {
    const match = /^([^=\s]+)=([^=\s]+)$/.exec(pair);
    if (!match) throw new UsageError(`--variant takes category=variant pairs separated by commas, got "${pair}"`);
    choice[match[1]] = match[2];
  }
  return choice;
}

export function parseMaxHint(raw: string): number {
  if (/^\d{1,2}$/.test(raw)) return Number(raw);
  throw new UsageError(`--max-hint takes the highest hint rung to allow, a whole number (0 means no hints), got "${raw}"`);
}

function parseReporter(raw: string) {
  if (isReporterName(raw)) return raw;
  throw new UsageError(`--reporter must be one of ${Object.keys(reporters).join(', ')}, got "${raw}"`);
}

const part: FlagSpec = { value: '<1|2>', description: 'only the checks of part 1 or 2', parse: parsePart };
const full: FlagSpec = { description: 'also run the slower --full checks' };
const reporter: FlagSpec = { value: `<${Object.keys(reporters).join('|')}>`, description: 'output format (default: board)', parse: parseReporter };
const dir: FlagSpec = { value: '<dir>', description: 'the workspace folder (default: found from the current folder)' };
const kata: FlagSpec = { value: '<kata>', description: 'a kata id, or the path of a module exporting `kata`' };

function version(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

export function buildProgram(io: Io): Command {
  const program = new Command('kata')
    .description('Debug a small GPT, then add a KV cache: start a kata, watch its checks, get hints, grade.')
    .version(version())
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.out(text),
      // Commander's two-line "error: …\n(Did you mean …?)" becomes one line, like every known error.
      writeErr: (text) => io.err(text),
      outputError: (text, write) => write(`${text.trim().replace(/^error: /, 'kata: ').replace(/\n\(Did you mean (.*)\)$/, ' (did you mean $1)')}\n`),
    });

  program.command('list').description('list the katas').action(async () => {
    await listCommand(io);
  });

  const startFlags = {
    seed: { value: '<n>', description: 'choose the bug variants reproducibly from this seed', parse: parseSeed },
    variant: { value: '<cat=id,...>', description: 'choose variants explicitly (interviewers)', parse: parseVariants },
    dir: { value: '<dir>', description: 'where to create the workspace (default: workspace/<kata>)' },
    maxHint: { value: '<n>', description: 'cap `kata hint` at rung n of each ladder (0: no hints); also refuses `kata solution`', parse: parseMaxHint },
    cardDir: { value: '<dir>', description: 'interviews: where to write the interviewer card (default: interviews/<kata>-<time>-seed<n>/)' },
  } satisfies FlagTable<InterviewOptions>;

  withFlags<StartOptions>(program.command('start [kata]').description('create a workspace from a kata starter (never overwrites)'), {
    ...startFlags,
    interview: { description: 'an interview: random variants unless chosen, and an interviewer card outside the workspace' },
  }).action(async (kataRef: string | undefined, options: StartOptions) => {
    await startCommand(kataRef, options, io);
  });

  withFlags<InterviewOptions>(program.command('interview [kata]').description('start an interview: the workspace, and the interviewer card outside it'), startFlags).action(
    async (kataRef: string | undefined, options: InterviewOptions) => {
      await interviewCommand(kataRef, options, io);
    },
  );

  withFlags<CheckOptions>(program.command('check [dir]').description('run the checks once and show the board'), { part, full, reporter }).action(async (dirArg: string | undefined, options: CheckOptions) => {
    await checkCommand(dirArg, options, io);
  });

  withFlags<CheckOptions>(program.command('watch [dir]').description('re-run the checks on every save (in a terminal)'), { part, full, reporter }).action(async (dirArg: string | undefined, options: CheckOptions) => {
    await watchCommand(dirArg, options, io);
  });

  withFlags<HintOptions>(program.command('hint [check]').description('the next hint for a check (default: the first failing one)'), { dir }).action(async (id: string | undefined, options: HintOptions) => {
    await hintCommand(id, options, io);
  });

  program.command('diff [dir]').description("your changes against the workspace's starter").action(async (dirArg: string | undefined) => {
    await diffCommand(dirArg, io);
  });

  withFlags<ResetOptions>(program.command('reset [dir]').description('back up your files, then restore the starter'), {
    file: { value: '<file>', description: 'restore only this file' },
  }).action(async (dirArg: string | undefined, options: ResetOptions) => {
    await resetCommand(dirArg, options, io);
  });

  withFlags<GradeOptions>(program.command('grade <dir>').description('CI grading: no prompts; exit 0 pass, 1 fail, 2 usage error'), {
    json: { description: 'print the JSON report (docs/json-schema.json) instead of the board' },
    junit: { value: '<file>', description: 'also write a JUnit XML report to <file>' },
    part,
    kata,
    full,
  }).action(async (dirArg: string, options: GradeOptions) => {
    await gradeCommand(dirArg, options, io);
  });

  withFlags<SolutionOptions>(program.command('solution').description('show the reference fix for your workspace (asks first)'), {
    yes: { description: 'do not ask (needed without a terminal)' },
    dir,
  }).action(async (options: SolutionOptions) => {
    await solutionCommand(options, io);
  });

  withFlags<ExplainOptions>(program.command('explain [check]').description('what a check proves; without a check, list them'), { kata, dir }).action(async (id: string | undefined, options: ExplainOptions) => {
    await explainCommand(id, options, io);
  });

  withFlags<CardOptions>(program.command('card [dir]').description("write the interviewer card of a workspace again (spoilers)"), {
    cardDir: startFlags.cardDir,
  }).action(async (dirArg: string | undefined, options: CardOptions) => {
    await cardCommand(dirArg, options, io);
  });

  withFlags<ReportOptions>(program.command('report [dir]').description('the session report: timeline, hints, time per part, evidence, diff, rubric'), {
    html: { value: '<file>', description: 'write the report as one self-contained HTML file' },
    md: { value: '<file>', description: 'write the report as Markdown (figures as inline SVG)' },
    fromLog: { description: 'do not run the checks, even if the files changed since the last run' },
  }).action(async (dirArg: string | undefined, options: ReportOptions) => {
    await reportCommand(dirArg, options, io);
  });

  return program;
}
