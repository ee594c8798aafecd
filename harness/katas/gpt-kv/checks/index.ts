/** The gpt-kv checks by id; the manifest holds their titles, hints and timeouts. */
import type { CheckFn } from '../../../check';
import { cachedLogits, chunkedPrefill } from './cached-logits';
import { causalMask } from './causal-mask';
import { forwardMatch } from './forward-match';
import { greedyEqual } from './greedy-equal';
import { incrementalDecode } from './incremental-decode';
import { kvcacheApi } from './kvcache-api';
import { lossShift } from './loss-shift';
import { overfit } from './overfit';
import { posEmbedding } from './pos-embedding';

export const checks: Record<string, CheckFn> = {
  'loss-shift': lossShift,
  'pos-embedding': posEmbedding,
  'causal-mask': causalMask,
  'forward-match': forwardMatch,
  overfit,
  'kvcache-api': kvcacheApi,
  'cached-logits': cachedLogits,
  'chunked-prefill': chunkedPrefill,
  'incremental-decode': incrementalDecode,
  'greedy-equal': greedyEqual,
};
