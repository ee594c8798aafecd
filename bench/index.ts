/**
 * `npm run bench`: measures every registered figure and prints a table, then the line counts of
 * the engine and harness modules. `npm run bench -- --json` prints exactly one JSON object,
 * `{ "figures": { "<name>": number } }`, on stdout (progress goes to stderr).
 *
 *   npm run bench -- --only matmul          figures whose name starts with "matmul"
 *   npm run bench -- --only decode --json   machine-readable, for CI
 *   npm run bench -- --list                 names and descriptions, nothing measured
 *
 * Figures are medians of several timed runs after a warm-up; bars are what we aim for on the
 * reference machine (2 cores) and are reported, never enforced. The whole run takes about 1.5 min,
 * most of it uncached decoding, which is O(T²) per token by design.
 */
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { Figure, Measurement } from './figures';
import { figures as decodeFigures } from './decode';
import { figures as gradeFigures } from './grade';
import { figures as matmulFigures } from './matmul';
import { AIM_LINES, HARD_LOOK_LINES, MEASURED_DIRS, moduleSizes } from './sizes';
import { figures as trainFigures } from './train';

/** Every figure, in the order they run and print. A new bench module adds its list here. */
export const FIGURES: readonly Figure[] = [...matmulFigures, ...trainFigures, ...decodeFigures, ...gradeFigures];

interface Options {
  json: boolean;
  list: boolean;
  only: string[];
}

const USAGE = 'usage: npm run bench -- [--json] [--only <name prefix>]... [--list]';

class UsageError extends Error {}

function parseArgs(argv: readonly string[]): Options {
  const options: Options = { json: false, list: false, only: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--json') options.json = true;
    else if (arg === '--list') options.list = true;
    else if (arg === '--only' || arg.startsWith('--only=')) {
      const value = arg === '--only' ? argv[++i] : arg.slice('--only='.length);
      if (value === undefined || value === '') throw new UsageError('--only needs a figure name prefix, e.g. --only matmul');
      options.only.push(value);
    } else if (arg === '--help' || arg === '-h') throw new UsageError(USAGE);
    else throw new UsageError(`unknown argument ${JSON.stringify(arg)}`);
  }
  return options;
}

function selectFigures(only: readonly string[]): Figure[] {
  if (only.length === 0) return [...FIGURES];
  const selected = FIGURES.filter((f) => only.some((prefix) => f.name.startsWith(prefix)));
  if (selected.length === 0) {
    throw new UsageError(`no figure name starts with ${only.map((p) => JSON.stringify(p)).join(' or ')}; figures: ${FIGURES.map((f) => f.name).join(', ')}`);
  }
  return selected;
}

function formatValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Math.abs(v) >= 1000) return Math.round(v).toLocaleString('en-US');
  if (Math.abs(v) >= 100) return v.toFixed(0);
  if (Math.abs(v) >= 10) return v.toFixed(1);
  return v.toFixed(2);
}

function barStatus(f: Figure, value: number): string {
  if (f.bar === undefined) return '';
  const met = f.lowerIsBetter ? value <= f.bar : value >= f.bar;
  return `${f.lowerIsBetter ? '<=' : '>='} ${formatValue(f.bar)} ${met ? 'ok' : 'MISSED'}`;
}

function table(rows: readonly string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => (c === 1 ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ').trimEnd()).join('\n');
}

function humanReport(results: readonly [Figure, Measurement][]): string {
  const rows = [['figure', 'value', 'unit', 'bar', 'samples (min .. max)']];
  for (const [f, m] of results) {
    const spread = m.samples.length > 1 ? `${m.samples.length}: ${formatValue(Math.min(...m.samples))} .. ${formatValue(Math.max(...m.samples))}` : '';
    rows.push([f.name, formatValue(m.value), f.unit, barStatus(f, m.value), spread]);
  }
  return table(rows);
}

function sizeReport(root: string): string {
  const lines: string[] = [`module sizes (lines; aim <= ${AIM_LINES}, hard look > ${HARD_LOOK_LINES})`];
  for (const dir of MEASURED_DIRS) {
    const sizes = moduleSizes(root, dir);
    const total = sizes.reduce((n, s) => n + s.lines, 0);
    lines.push(`  ${dir}/: ${sizes.length} files, ${total} lines`);
    const rows = sizes.map((s) => [`    ${s.path}`, String(s.lines), s.lines > HARD_LOOK_LINES ? 'over 500: take a hard look' : s.lines > AIM_LINES ? `over ${AIM_LINES}` : '']);
    lines.push(table(rows));
  }
  return lines.join('\n');
}

function main(argv: readonly string[]): void {
  const options = parseArgs(argv);
  const selected = selectFigures(options.only);
  if (options.list) {
    for (const f of selected) console.log(`${f.name} (${f.unit})${f.bar === undefined ? '' : `, bar ${f.bar}`}: ${f.description}`);
    return;
  }
  process.stderr.write(`bench: ${selected.length} figures, node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}\n`);
  const results: [Figure, Measurement][] = [];
  const started = performance.now();
  for (const f of selected) {
    const t0 = performance.now();
    const m = f.measure();
    results.push([f, m]);
    process.stderr.write(`  ${f.name} = ${formatValue(m.value)} ${f.unit}  (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
  }
  process.stderr.write(`bench: done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ figures: Object.fromEntries(results.map(([f, m]) => [f.name, m.value])) })}\n`);
    return;
  }
  console.log(humanReport(results));
  console.log('');
  console.log(sizeReport(join(__dirname, '..')));
}

try {
  main(process.argv.slice(2));
} catch (e) {
  if (!(e instanceof UsageError)) throw e;
  process.stderr.write(`bench: ${e.message}\n`);
  process.exitCode = 2;
}
