/**
 * What every dataset generator shares: the train/validation split and the file layout
 * (`<dataset>/train.txt`, `<dataset>/val.txt`, one example per line, each line ending in '\n').
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatasetError } from './errors';

export interface DatasetFiles {
  train: string;
  val: string;
}

/** Share of lines that go to validation. */
export const VAL_FRACTION = 0.1;

/** FNV-1a, 32 bits: a tiny stable hash, so the split depends on a line's text only. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * Splits lines into train and validation by a hash of each line's text, not by position: a line
 * that occurs twice (likely for short reversal lines) always lands on the same side, so validation
 * text is never seen in training and a validation loss measures generalisation, not recall.
 * Deterministic and independent of any RNG; order within each side is generation order.
 */
export function splitLines(lines: readonly string[], valFraction = VAL_FRACTION): DatasetFiles {
  const train: string[] = [];
  const val: string[] = [];
  for (const line of lines) {
    (fnv1a(line) / 2 ** 32 < valFraction ? val : train).push(line + '\n');
  }
  return { train: train.join(''), val: val.join('') };
}

export function writeDatasetFiles(dir: string, files: DatasetFiles): void {
  writeFileSync(join(dir, 'train.txt'), files.train);
  writeFileSync(join(dir, 'val.txt'), files.val);
}

export function readDatasetFiles(dir: string): DatasetFiles {
  const read = (file: string): string => {
    const path = join(dir, file);
    if (!existsSync(path)) {
      throw new DatasetError(
        'MISSING_FILE',
        `${path} is missing; regenerate it with: node -r ts-node/register/transpile-only datasets/generate-all.ts`,
      );
    }
    return readFileSync(path, 'utf8');
  };
  return { train: read('train.txt'), val: read('val.txt') };
}
