/**
 * Rewrites every generated dataset file from its generator's seed. Run after changing a generator,
 * then commit the .txt files with it (the dataset tests fail until they match):
 *   node -r ts-node/register/transpile-only datasets/generate-all.ts
 */
import { join } from 'node:path';
import { writeDatasetFiles, type DatasetFiles } from './common';
import type { DatasetName } from './index';
import { generateReverse } from './reverse/generate';
import { generateTinyEnglish } from './tiny-english/generate';

/** Each dataset's generator at its committed seed and size; keyed by name so none can be forgotten. */
export const GENERATORS: Record<DatasetName, () => DatasetFiles> = {
  'tiny-english': () => generateTinyEnglish(),
  reverse: () => generateReverse(),
};

if (require.main === module) {
  for (const [name, generate] of Object.entries(GENERATORS)) {
    const files = generate();
    writeDatasetFiles(join(__dirname, name), files);
    console.log(`${name}: train ${files.train.length} B, val ${files.val.length} B`);
  }
}
