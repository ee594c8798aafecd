/** A scripted interview session on the real gpt-kv kata, for the report tests and the browser test. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CheckStatus } from '../../harness/check';
import { startInterview, type InterviewStarted } from '../../harness/interview/start';
import { kata as gptKv } from '../../harness/katas/gpt-kv';
import { appendLog } from '../../harness/session-log';

export { gptKv };

const PART1 = ['loss-shift', 'pos-embedding', 'causal-mask', 'forward-match', 'overfit'];
const PART2 = ['kvcache-api', 'cached-logits', 'chunked-prefill', 'incremental-decode', 'greedy-equal'];

/** A loss curve that starts near ln V and falls to ~0 (every 10 steps), with one NaN to draw as a gap. */
export const LOSS_CURVE = Array.from({ length: 16 }, (_, i) => (i === 5 ? NaN : 3.3 * Math.exp(-0.45 * i)));
/** A causal attention map: each query spreads its weight evenly over itself and the past. */
export const ATTENTION = Array.from({ length: 8 }, (_, q) => Array.from({ length: 8 }, (_, k) => (k <= q ? 1 / (q + 1) : 0)));

function statuses(passing: string[]): Record<string, CheckStatus> {
  return Object.fromEntries([...PART1, ...PART2].map((id) => [id, passing.includes(id) ? 'pass' : 'fail']));
}

/**
 * Starts an interview (seed 7, hints capped at rung 2) under `root`, then logs a session: Part 1
 * fixed bug by bug over 20 minutes with hints (one refused by the cap), a regression, Part 2 done at
 * 42 minutes. One edit to train.ts gives the report a diff.
 */
export function scriptedSession(root: string): InterviewStarted {
  const started = startInterview({ kata: gptKv, dir: path.join(root, 'ws'), seed: 7, maxHint: 2, cardDir: path.join(root, 'card'), cwd: root });
  const t0 = Date.parse(started.state.startedAt);
  const at = (minutes: number) => new Date(t0 + minutes * 60_000).toISOString();
  const dir = started.dir;
  const run = (minutes: number, passing: string[], evidence = false) =>
    appendLog(dir, {
      type: 'check',
      at: at(minutes),
      source: 'check',
      durationMs: 2500,
      statuses: statuses(passing),
      typeErrors: 0,
      ...(evidence ? { evidence: { overfit: { lossCurve: LOSS_CURVE, lossEvery: 10, lossBaseline: Math.log(27) }, 'causal-mask': { attention: ATTENTION }, 'incremental-decode': { rowsPerStep: [3, 1, 1, 1] } } } : {}),
    });
  run(1, []);
  appendLog(dir, { type: 'hint', at: at(3), check: 'loss-shift', rung: 1, of: 3, capped: false });
  run(6, ['loss-shift']);
  appendLog(dir, { type: 'hint', at: at(8), check: 'causal-mask', rung: 1, of: 3, capped: false });
  appendLog(dir, { type: 'hint', at: at(9), check: 'causal-mask', rung: 2, of: 3, capped: false });
  appendLog(dir, { type: 'hint', at: at(10), check: 'causal-mask', rung: 2, of: 3, capped: true });
  run(12, ['loss-shift', 'causal-mask']);
  run(14, ['causal-mask', 'pos-embedding']); // loss-shift regressed
  run(20, [...PART1], true);
  appendLog(dir, { type: 'reset', at: at(22), files: ['kvcache.ts'], backup: '.kata/backups/x' });
  run(35, [...PART1, 'kvcache-api', 'cached-logits']);
  run(42, [...PART1, ...PART2], true);
  fs.appendFileSync(path.join(dir, 'train.ts'), '// checked the shift by hand: logits[:, t] scores tokens[:, t+1]\n');
  return started;
}
