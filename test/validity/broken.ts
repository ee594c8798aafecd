/**
 * Broken workspaces: code that crashes, hangs, floods or escapes. Each must be contained by the
 * runner: every check gets a status and a clear message, the exit code is 1, the run ends within the
 * sum of the checks' timeouts, and the workspace is left byte-identical.
 */
import type { Edit } from '../../harness/manifest';
import { model } from './edits';

export interface BrokenWorkspace {
  id: string;
  description: string;
  edits: Edit[];
  /** A fragment every errored check's message (or the report) should contain, when one is typical. */
  expect?: RegExp;
}

const FORWARD_START = '    const [B, T] = idx.shape;\n    const past = cache?.length ?? 0;';
const inForward = (code: string): Edit => model(FORWARD_START, `${code}\n${FORWARD_START}`);
const atImport = (code: string): Edit => model("import type { KVCache, LayerCache } from './kvcache';", `import type { KVCache, LayerCache } from './kvcache';\n${code}`);

export const brokenWorkspaces: BrokenWorkspace[] = [
  { id: 'syntax-error', description: 'a missing closing brace', edits: [model('    return x;\n  }\n}', '    return x;\n  }\n')], expect: /model\.ts/ },
  { id: 'type-error-only', description: 'a type error that still runs', edits: [inForward("    const label: number = 'tokens';\n    void label;")] },
  { id: 'throw-at-import', description: 'throws while the module loads', edits: [atImport("throw new Error('config file not found');")], expect: /config file not found/ },
  { id: 'throw-in-forward', description: 'throws inside forward', edits: [inForward("    throw new Error('shape bookkeeping went wrong');")], expect: /shape bookkeeping went wrong/ },
  { id: 'infinite-loop-in-forward', description: 'never returns from forward', edits: [inForward('    for (;;) { /* spin */ }')], expect: /did not finish|timed out|time/i },
  { id: 'infinite-loop-at-import', description: 'never finishes loading', edits: [atImport('for (;;) { /* spin */ }')], expect: /did not finish|timed out|time|import/i },
  {
    id: 'never-resolving-promise',
    description: 'trainStep returns a promise that never settles',
    edits: [{ file: 'train.ts', find: '  optimizer.zeroGrad();\n  const loss', replace: '  if (model.training) return new Promise<number>(() => undefined) as unknown as number;\n  optimizer.zeroGrad();\n  const loss' }],
  },
  { id: 'nan-logits', description: 'forward returns NaN everywhere', edits: [model('    return this.lmHead.forward(x); // (B, T, vocabSize)', '    return this.lmHead.forward(x).mul(NaN); // (B, T, vocabSize)')] },
  { id: 'wrong-output-shape', description: 'forward returns (B·T, V) logits', edits: [model('    return this.lmHead.forward(x); // (B, T, vocabSize)', '    return this.lmHead.forward(x).reshape(B * T, -1); // (B, T, vocabSize)')] },
  { id: 'missing-export', description: 'the model class is renamed', edits: [model('export class GPT extends nn.Module {', 'export class Gpt extends nn.Module {')], expect: /GPT/ },
  { id: 'process-exit-in-forward', description: 'calls process.exit(0) from model code', edits: [inForward('    process.exit(0);')], expect: /process\.exit/ },
  { id: 'huge-allocation', description: 'allocates 8 GB of typed arrays in forward', edits: [inForward('    const hoard = [new Float32Array(2 ** 30), new Float32Array(2 ** 30)];\n    hoard.forEach((a) => a.fill(1));')], expect: /memory|allocation|Array buffer|Invalid/i },
  { id: 'stdout-flood', description: 'prints megabytes to stdout in forward', edits: [inForward("    for (let i = 0; i < 200; i++) console.log('x'.repeat(50_000));")] },
  { id: 'deep-recursion', description: 'unbounded recursion in forward', edits: [inForward('    const dive = (n: number): number => dive(n + 1) + 1;\n    dive(0);')], expect: /call stack|recursion/i },
  {
    id: 'unbounded-cache',
    description: 'the cache grows a new 64 MB buffer on every append and never frees them',
    edits: [
      {
        file: 'kvcache.ts',
        find: '    const T = k.shape[2];\n    if (this.filled + T > this.capacity) {',
        replace: '    for (let i = 0; i < 64; i++) hoard.push(new Float32Array(2 ** 24).fill(i));\n    const T = k.shape[2];\n    if (this.filled + T > this.capacity) {',
      },
      { file: 'kvcache.ts', find: "import type { GPTConfig } from './model';", replace: "import type { GPTConfig } from './model';\n\nconst hoard: Float32Array[] = [];" },
    ],
  },
  { id: 'exit-at-import', description: 'calls process.exit(1) while loading', edits: [atImport('process.exit(1);')], expect: /process\.exit/ },
];
