/**
 * Every seeded variant is a real, minimal, type-correct bug:
 * - every rendered starter (and every variant alone on the solution) type-checks;
 * - a rendered file differs from the solution only where its edits (or the Part 2 stub) say;
 * - the starter of every variant does not overfit a tiny batch (the overfit check);
 * - each variant alone changes behaviour measurably, in the way its category claims.
 */
import { diffLines } from 'diff';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkedCases, inProcessContext, runCheck, starterCases, writeCase, type KataCase } from '../../harness/dev/variant-cases';
import { checks } from '../../harness/katas/gpt-kv/checks';
import { difference, PROBE_CONFIG } from '../../harness/katas/gpt-kv/checks/common';
import { kataFolder, readSolution } from '../../harness/variants';
import { Generator, manualSeed, noGrad, randint, randn, sameShape, type Tensor } from '../../tensor';
import { importKataFiles, kata, type KataModules, manifest, removeScratch, REPO, scratchDir, typed } from './helpers';

const cases: KataCase[] = [...checkedCases(kata), ...starterCases(kata)];
const caseNamed = (name: string) => cases.find((c) => c.name === name)!;
const solution = readSolution(kata);
const stubs: Record<string, string> = Object.fromEntries(
  manifest.starterFiles.map((s) => [s.file, fs.readFileSync(path.resolve(kataFolder(kata), s.source), 'utf8')]),
);

let root: string;
const dirs = new Map<string, string>();
beforeAll(() => {
  root = scratchDir('exercise-variants');
  for (const k of cases) dirs.set(k.name, writeCase(root, k));
});
afterAll(() => removeScratch(root));

describe('typecheck', () => {
  test(`all ${cases.length} rendered cases type-check (one program)`, () => {
    const config = ts.readConfigFile(path.join(REPO, 'tsconfig.json'), ts.sys.readFile);
    const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, REPO);
    const rootNames = cases.flatMap((k) => Object.keys(k.files).map((file) => path.join(dirs.get(k.name)!, file)));
    const program = ts.createProgram({ rootNames, options: { ...options, noEmit: true } });
    const problems: string[] = [];
    for (const file of rootNames) {
      const source = program.getSourceFile(file);
      if (source === undefined) {
        problems.push(`${file}: not in the program`);
        continue;
      }
      for (const d of [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]) {
        const { line } = source.getLineAndCharacterOfPosition(d.start ?? 0);
        problems.push(`${path.relative(root, file)}:${line + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
      }
    }
    expect(problems).toEqual([]);
  });
});

/** 0-based line ranges [first, last] of every occurrence of `needle` in `text`. */
function lineRanges(text: string, needle: string): [number, number][] {
  const ranges: [number, number][] = [];
  const lineAt = (offset: number) => text.slice(0, offset).split('\n').length - 1;
  for (let at = text.indexOf(needle); needle !== '' && at >= 0; at = text.indexOf(needle, at + 1)) {
    ranges.push([lineAt(at), lineAt(at + needle.length - 1)]);
  }
  return ranges;
}

/**
 * Lines of `rendered` (added) or of `base` (removed) that no edit accounts for: a removed line must lie
 * inside some edit's `find` in the base, an added line inside some edit's `replace` in the rendered file.
 */
function unexplainedChanges(base: string, rendered: string, edits: KataCase['edits']): string[] {
  const removable = edits.flatMap((e) => lineRanges(base, e.find));
  const addable = edits.flatMap((e) => lineRanges(rendered, e.replace));
  const inside = (ranges: [number, number][], line: number) => ranges.some(([a, b]) => a <= line && line <= b);
  const problems: string[] = [];
  let oldLine = 0, newLine = 0;
  for (const change of diffLines(base, rendered)) {
    const lines = change.value.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    lines.forEach((text, i) => {
      if (change.removed && !inside(removable, oldLine + i)) problems.push(`-${oldLine + i + 1}: ${text}`);
      if (change.added && !inside(addable, newLine + i)) problems.push(`+${newLine + i + 1}: ${text}`);
    });
    if (!change.added) oldLine += lines.length;
    if (!change.removed) newLine += lines.length;
  }
  return problems;
}

describe('edit sites', () => {
  const edited = cases.filter((k) => k.kind !== 'solution');
  test.each(edited.map((k) => [k.name, k] as const))('%s differs from the solution only at its edit sites', (_, k) => {
    const starter = k.kind === 'starter' || k.kind === 'starter-variant';
    for (const file of manifest.files.map((f) => f.path)) {
      // A stubbed file is compared with its stub: the stub replaces the solution's file whole.
      const base = starter && stubs[file] !== undefined ? stubs[file] : solution[file];
      const edits = k.edits.filter((e) => e.file === file);
      expect(unexplainedChanges(base, k.files[file], edits), `${k.name}/${file}`).toEqual([]);
      if (edits.length === 0) expect(k.files[file], `${k.name}/${file} has no edits`).toBe(base);
    }
  });

  test('the line check itself flags a change no edit accounts for', () => {
    const base = 'a\nb\nc\n';
    expect(unexplainedChanges(base, 'a\nB\nc\n', [{ file: 'x', find: 'b', replace: 'B' }])).toEqual([]);
    expect(unexplainedChanges(base, 'a\nB\nC\n', [{ file: 'x', find: 'b', replace: 'B' }])).toEqual(['-3: c', '+3: C']);
    expect(unexplainedChanges(base, 'a\nc\n', [{ file: 'x', find: 'b\n', replace: '' }])).toEqual([]);
  });
});

/** The task's bar, judged as the grader judges it: shifted loss < 0.05 within 300 steps, and a greedy replay. */
let solutionModules: ReturnType<typeof importKataFiles> | undefined;
async function overfitVerdict(name: string) {
  const dir = dirs.get(name)!;
  solutionModules ??= importKataFiles(kata.solutionDir);
  return runCheck(checks.overfit, inProcessContext(dir, await importKataFiles(dir), await solutionModules));
}

const modulesOf = async (name: string) => typed(await importKataFiles(dirs.get(name)!));

// That the solution passes overfit is test/checks/gpt-kv.test.ts's job (every check on the reference).
describe('overfit', () => {
  for (const k of cases.filter((c) => c.kind === 'starter' || c.kind === 'starter-variant')) {
    test(`${k.name} trains badly: it does not memorise the tiny batch`, async () => {
      const v = await overfitVerdict(k.name);
      expect(v.status, v.message).toBe('fail');
    });
  }
});

/** Largest elementwise difference; Infinity when the shapes differ. */
const maxDifference = (a: Tensor, b: Tensor) => (sameShape(a.shape, b.shape) ? difference(a, b).maxAbs : Infinity);

/** How each category's variants must change behaviour; every category of the manifest needs one. */
const probes: Record<string, (variant: KataModules, reference: KataModules) => string | null> = {
  // the same logits and tokens give a different loss
  'label-shift': (variant, reference) => {
    const logits = randn([3, 7, 11], { generator: new Generator(5) });
    const ids = randint(0, 11, [3, 7], { generator: new Generator(6) });
    const d = Math.abs(variant.train.lmLoss(logits, ids).item() - reference.train.lmLoss(logits, ids).item());
    return d > 1e-3 ? `lmLoss differs by ${d.toPrecision(3)}` : null;
  },
  // the same seed gives other initial parameters or logits, or no gradient reaches wpe
  'pos-embedding': (variant, reference) => {
    manualSeed(3);
    const v = new variant.model.GPT(PROBE_CONFIG);
    manualSeed(3);
    const r = new reference.model.GPT(PROBE_CONFIG);
    const ids = randint(0, PROBE_CONFIG.vocabSize, [2, PROBE_CONFIG.blockSize], { generator: new Generator(4) });
    const rp = new Map(r.namedParameters());
    const params = [...v.namedParameters()].some(([name, p]) => !rp.has(name) || maxDifference(p, rp.get(name)!) > 0);
    if (params) return 'initial parameters differ';
    const logits = noGrad(() => maxDifference(v.forward(ids), r.forward(ids)));
    if (logits > 0) return `initial logits differ by ${logits}`;
    reference.train.lmLoss(v.forward(ids), ids).backward();
    const grad = new Map(v.namedParameters()).get('wpe.weight')?.grad;
    if (grad === null || grad === undefined) return 'no gradient reaches wpe.weight';
    reference.train.lmLoss(r.forward(ids), ids).backward();
    expect(new Map(r.namedParameters()).get('wpe.weight')!.grad, 'the reference wpe gets a gradient').not.toBeNull();
    return null;
  },
  // with the reference's weights loaded, the logits differ
  'causal-mask': (variant, reference) => sameWeightsDifference(variant, reference),
  typo: (variant, reference) => sameWeightsDifference(variant, reference),
};

function sameWeightsDifference(variant: KataModules, reference: KataModules): string | null {
  manualSeed(7);
  const r = new reference.model.GPT(PROBE_CONFIG).eval();
  const g = new Generator(8);
  noGrad(() => {
    for (const [, p] of r.namedParameters()) p.normal_(0, 0.3, g); // large weights: any change shows
  });
  const v = new variant.model.GPT(PROBE_CONFIG).eval();
  v.loadStateDict(r.stateDict());
  const ids = randint(0, PROBE_CONFIG.vocabSize, [2, PROBE_CONFIG.blockSize], { generator: new Generator(9) });
  const d = noGrad(() => maxDifference(v.forward(ids), r.forward(ids)));
  return d > 1e-3 ? `logits differ by up to ${d}` : null;
}

describe('each variant alone changes behaviour', () => {
  test('every bug category has a behaviour probe', () => {
    expect(Object.keys(probes).sort()).toEqual(manifest.bugs.map((b) => b.id).sort());
  });

  const variantCases = cases.filter((k) => k.kind === 'variant');
  test.each(variantCases.map((k) => [k.name, k] as const))('%s', async (_, k) => {
    const reference = await modulesOf('solution');
    const change = probes[k.category!](await modulesOf(k.name), reference);
    expect(change, `${k.name} behaves like the solution`).not.toBeNull();
  });

  test('the probes see no change on the solution itself', async () => {
    const reference = await modulesOf('solution');
    const again = typed(await importKataFiles(writeCase(path.join(root, 'again'), { ...caseNamed('solution'), name: 'solution' })));
    for (const probe of Object.values(probes)) expect(probe(again, reference)).toBeNull();
  });
});
