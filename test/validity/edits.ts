/** Literal find/replace edits on the kata's files (applied by harness/variants.ts `applyEdits`). */
import type { Edit } from '../../harness/manifest';

const on =
  (file: string) =>
  (find: string, replace: string): Edit => ({ file, find, replace });

export const model = on('model.ts');
export const kvcache = on('kvcache.ts');
export const train = on('train.ts');
export const generate = on('generate.ts');
