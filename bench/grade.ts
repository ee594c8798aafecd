/**
 * Grading speed as a user meets it: `kata grade` on the reference solution in a fresh process (node
 * start-up, the sandboxed check processes and the type-check included), all checks but `--full`, and
 * Part 1 alone. One untimed run first fills the transpile cache, as any second run of `kata` finds it.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { median, type Figure } from './figures';

const REPO = join(__dirname, '..');
const RUNS = 3;

function gradeFigure(name: string, args: string[], bar: number, what: string): Figure {
  return {
    name,
    unit: 'ms',
    description: `kata grade solutions/gpt-kv ${args.join(' ')} (${what}), cold process, median of ${RUNS}`,
    bar,
    lowerIsBetter: true,
    measure() {
      const run = () => {
        const start = performance.now();
        execFileSync(process.execPath, [join(REPO, 'bin', 'kata'), 'grade', join(REPO, 'solutions', 'gpt-kv'), '--json', ...args], { cwd: REPO, stdio: 'ignore' });
        return performance.now() - start;
      };
      run();
      const samples = Array.from({ length: RUNS }, run);
      return { value: median(samples), samples };
    },
  };
}

export const figures: Figure[] = [
  gradeFigure('grade.reference.ms', [], 10_000, 'every check'),
  gradeFigure('grade.part1.ms', ['--part', '1'], 5_000, 'Part 1'),
];
