/**
 * Renders everything derived from the gpt-kv solution and manifest, so none of it can drift:
 * - exercises/gpt-kv/{model,kvcache,train,generate}.ts: the default starter (renderStarter with every
 *   category's default variant);
 * - the check table inside exercises/gpt-kv/README.md (between its marker comments);
 * - docs/variants.md: the seeded variants and the measured verdict of every check on each of them,
 *   from running the checks in-process on the solution with each variant applied alone.
 *
 *   node -r ts-node/register/transpile-only harness/dev/render-exercises.ts            # write
 *   node -r ts-node/register/transpile-only harness/dev/render-exercises.ts --check    # exit 1 if stale
 *   node -r ts-node/register/transpile-only harness/dev/render-exercises.ts --no-verdicts
 *       # starter and README only (skips the ~25 s of checks behind docs/variants.md)
 *
 * Deterministic: the same solution and manifest give byte-identical files (the checks are seeded).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checks } from '../katas/gpt-kv/checks';
import { kata } from '../katas/gpt-kv';
import { defaultChoice, renderStarter } from '../variants';
import { renderVariantsDoc, withCheckTable, type Verdicts } from './exercise-docs';
import { checkedCases, inProcessContext, loadModules, runCheck, writeCase } from './variant-cases';

const REPO = path.resolve(__dirname, '../..');
const SCRATCH = path.join(REPO, '.kata-tmp', 'render-exercises');
export const VARIANTS_DOC = path.join(REPO, 'docs', 'variants.md');

/** Runs every check on every checked case, in-process (our own code only). */
async function measureVerdicts(): Promise<Verdicts> {
  const cases = checkedCases(kata);
  const reference = await loadModules(kata, kata.solutionDir, require);
  const verdicts: Verdicts = {};
  for (const k of cases) {
    const dir = writeCase(SCRATCH, k);
    const ctx = inProcessContext(dir, await loadModules(kata, dir, require), reference);
    verdicts[k.name] = {};
    for (const [id, check] of Object.entries(checks)) verdicts[k.name][id] = await runCheck(check, ctx);
    process.stderr.write(`${k.name}: ${Object.entries(verdicts[k.name]).map(([id, v]) => `${id} ${v.status}`).join(', ')}\n`);
  }
  fs.rmSync(SCRATCH, { recursive: true, force: true });
  return verdicts;
}

async function main(args: string[]): Promise<number> {
  const unknown = args.filter((a) => a !== '--check' && a !== '--no-verdicts');
  if (unknown.length > 0) {
    process.stderr.write(`render-exercises: unknown argument ${unknown[0]}; use --check and/or --no-verdicts\n`);
    return 2;
  }
  const checkOnly = args.includes('--check');
  const outputs: Record<string, string> = {};
  for (const [file, content] of Object.entries(renderStarter(kata, defaultChoice(kata.manifest)))) outputs[path.join(kata.exerciseDir, file)] = content;
  const readme = path.join(kata.exerciseDir, 'README.md');
  outputs[readme] = withCheckTable(fs.readFileSync(readme, 'utf8'), kata.manifest);
  if (!args.includes('--no-verdicts')) outputs[VARIANTS_DOC] = renderVariantsDoc(kata.manifest, checkedCases(kata), await measureVerdicts());

  const stale = Object.keys(outputs).filter((file) => !fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== outputs[file]);
  for (const file of stale) {
    const shown = path.relative(REPO, file);
    if (checkOnly) {
      process.stdout.write(`stale: ${shown}\n`);
    } else {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, outputs[file]);
      process.stdout.write(`wrote ${shown}\n`);
    }
  }
  if (stale.length === 0) process.stdout.write(`up to date: ${Object.keys(outputs).map((f) => path.relative(REPO, f)).join(', ')}\n`);
  return checkOnly && stale.length > 0 ? 1 : 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
