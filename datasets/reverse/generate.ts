/**
 * reverse: lines "abcde|edcba" — a random string, a separator, then the same string reversed.
 *
 * An algorithmic corpus for checking the model, not the data: after the '|' every character is
 * determined by the prefix, but only through a position-dependent lookup (output i copies input
 * n-1-i). A model with a broken causal mask, broken positional embeddings or broken attention
 * cannot get the second half right, while a correct one drives its loss there towards zero.
 *
 * Run directly to rewrite train.txt and val.txt next to this file:
 *   node -r ts-node/register/transpile-only datasets/reverse/generate.ts
 */
import { Generator } from '../../tensor';
import { splitLines, writeDatasetFiles, type DatasetFiles } from '../common';

export const SEED = 4242;
/** Lines in the corpus (before the split); about 240 KB of text. */
export const NUM_LINES = 20000;
/** Small alphabet: few tokens to learn, yet 8^7 possible long strings, so lines cannot be memorised. */
export const ALPHABET = 'abcdefgh';
export const MIN_LENGTH = 3;
export const MAX_LENGTH = 7;
export const SEPARATOR = '|';
/** Longest line including its '\n' (16): any blockSize >= 16 sees a whole example. */
export const MAX_LINE_LENGTH = 2 * MAX_LENGTH + 2;

/** The corpus as lines (no trailing newlines): a pure function of the seed. */
export function generateReverseLines(seed = SEED, numLines = NUM_LINES): string[] {
  const rng = new Generator(seed);
  const lines: string[] = [];
  for (let i = 0; i < numLines; i++) {
    const length = rng.randint(MIN_LENGTH, MAX_LENGTH + 1);
    let s = '';
    for (let j = 0; j < length; j++) s += ALPHABET[rng.randint(0, ALPHABET.length)];
    lines.push(s + SEPARATOR + [...s].reverse().join(''));
  }
  return lines;
}

/** The committed files' content for a seed. */
export function generateReverse(seed = SEED, numLines = NUM_LINES): DatasetFiles {
  return splitLines(generateReverseLines(seed, numLines));
}

if (require.main === module) {
  writeDatasetFiles(__dirname, generateReverse());
}
