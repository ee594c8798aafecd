/**
 * Loader for the committed synthetic corpora.
 *
 *   const { train, val, tokenizer } = loadDataset('tiny-english');
 *   const ids = tokenizer.encode(train); // every character of train and val is in the vocabulary
 */
import { join } from 'node:path';
import { readDatasetFiles } from './common';
import { DatasetError } from './errors';
import { CharTokenizer } from './tokenizer';

export { CharTokenizer, type CharTokenizerJSON } from './tokenizer';
export { DatasetError, type DatasetErrorCode } from './errors';
export { tinyEnglishVocabulary } from './tiny-english/generate';

export const DATASET_NAMES = ['tiny-english', 'reverse'] as const;
export type DatasetName = (typeof DATASET_NAMES)[number];

export interface Dataset {
  name: DatasetName;
  train: string;
  val: string;
  /** Built from train + val, so encoding either never meets an unknown character. */
  tokenizer: CharTokenizer;
}

export function isDatasetName(name: string): name is DatasetName {
  return (DATASET_NAMES as readonly string[]).includes(name);
}

/** Reads a dataset's committed files. The name is checked at run time too, as it often comes from a CLI flag. */
export function loadDataset(name: DatasetName): Dataset {
  if (!isDatasetName(name)) {
    throw new DatasetError('UNKNOWN_DATASET', `unknown dataset ${JSON.stringify(name)}; choose one of: ${DATASET_NAMES.join(', ')}`);
  }
  const { train, val } = readDatasetFiles(join(__dirname, name));
  return { name, train, val, tokenizer: CharTokenizer.fromText(train + val) };
}
