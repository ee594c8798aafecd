/**
 * forward-match on candidates the kata's variants do not cover: a GPT.forward that changes the logits
 * after its last module (every traced module matches, so only the root can be blamed).
 */
import { describe, expect, test } from 'vitest';
import { inProcessContext, runCheck, type Modules } from '../../harness/dev/variant-cases';
import { checks } from '../../harness/katas/gpt-kv/checks';
import type { KataModules } from '../../harness/katas/gpt-kv/checks/common';
import type { Tensor } from '../../tensor';
import { importKataFiles, kata } from '../exercise/helpers';

/** The reference with its GPT swapped for `GPT`, as a workspace that edited only model.ts. */
function withGPT(reference: Modules, GPT: KataModules['model']['GPT']): Modules {
  return { ...reference, 'model.ts': { ...reference['model.ts'], GPT } };
}

describe('forward-match', () => {
  test('a forward that alters the logits after lmHead fails, naming GPT.forward (not an error)', async () => {
    const reference = await importKataFiles(kata.solutionDir);
    const { GPT } = (reference['model.ts'] as unknown as KataModules['model']);
    class DoubledLogits extends GPT {
      override forward(idx: Tensor, cache?: Parameters<InstanceType<typeof GPT>['forward']>[1]): Tensor {
        return super.forward(idx, cache).mul(2);
      }
    }
    const v = await runCheck(checks['forward-match'], inProcessContext(kata.solutionDir, withGPT(reference, DoubledLogits), reference));
    expect(v.status, v.message).toBe('fail');
    expect(v.message).toContain('GPT.forward');
  });
});
