/**
 * Datasets: the committed files are exactly what the generators produce, the split is clean, the
 * tokenizer round-trips, and each corpus has the shape the benchmarks rely on.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VAL_FRACTION, splitLines } from '../../datasets/common';
import { GENERATORS } from '../../datasets/generate-all';
import { CharTokenizer, DATASET_NAMES, DatasetError, loadDataset, tinyEnglishVocabulary } from '../../datasets';
import * as reverse from '../../datasets/reverse/generate';
import * as tinyEnglish from '../../datasets/tiny-english/generate';

const LINE_GENERATORS = {
  'tiny-english': tinyEnglish.generateTinyEnglishLines,
  reverse: reverse.generateReverseLines,
};

/** Lines of a file's text, which ends in '\n' after every line. */
function linesOf(text: string): string[] {
  expect(text.endsWith('\n')).toBe(true);
  return text.slice(0, -1).split('\n');
}

function sortedCopy(lines: readonly string[]): string[] {
  return [...lines].sort();
}

describe.each(DATASET_NAMES)('dataset %s', (name) => {
  const { train, val, tokenizer } = loadDataset(name);
  const lines = LINE_GENERATORS[name]();

  it('regenerating from the seed gives byte-identical files', () => {
    const generated = GENERATORS[name]();
    // Compare as booleans first: a diff of two 200 KB strings is unreadable.
    expect(generated.train === train, 'train.txt is stale; run datasets/generate-all.ts').toBe(true);
    expect(generated.val === val, 'val.txt is stale; run datasets/generate-all.ts').toBe(true);
  });

  it('a different seed gives different text', () => {
    const other = LINE_GENERATORS[name](12345);
    expect(other).not.toEqual(lines);
    expect(other.length).toBe(lines.length);
  });

  it('the split covers every line once and shares no line between train and val', () => {
    const trainLines = linesOf(train);
    const valLines = linesOf(val);
    expect(sortedCopy([...trainLines, ...valLines])).toEqual(sortedCopy(lines));
    const seenInTrain = new Set(trainLines);
    expect(valLines.filter((l) => seenInTrain.has(l))).toEqual([]);
    // Roughly 90/10 by lines.
    expect(valLines.length / lines.length).toBeGreaterThan(VAL_FRACTION - 0.03);
    expect(valLines.length / lines.length).toBeLessThan(VAL_FRACTION + 0.03);
  });

  it("its README's size table matches the files", () => {
    const readme = readFileSync(join(__dirname, '../../datasets', name, 'README.md'), 'utf8');
    const row = (label: string) => readme.match(new RegExp(`^\\| ${label} \\| ([\\d,]+) \\| ([\\d,]+) \\|$`, 'm'))?.slice(1).map((n) => Number(n.replace(/,/g, '')));
    expect(row('bytes'), 'update the table in the README after regenerating').toEqual([train.length, val.length]);
    expect(row('lines'), 'update the table in the README after regenerating').toEqual([linesOf(train).length, linesOf(val).length]);
  });

  it('the tokenizer knows every character of train and val', () => {
    expect(tokenizer.decode(tokenizer.encode(train))).toBe(train);
    expect(tokenizer.decode(tokenizer.encode(val))).toBe(val);
    expect(tokenizer.size).toBeLessThanOrEqual(40);
  });
});

describe('split', () => {
  it('keeps duplicate lines on one side and is independent of order', () => {
    const lines = Array.from({ length: 1000 }, (_, i) => `line ${i % 300}`);
    const { train, val } = splitLines(lines);
    const valSet = new Set(linesOf(val));
    expect(valSet.size).toBeGreaterThan(0);
    expect(linesOf(train).some((l) => valSet.has(l))).toBe(false);
    expect(splitLines([...lines].reverse()).val.length).toBe(val.length);
  });
});

describe('tiny-english', () => {
  const { train, val } = loadDataset('tiny-english');
  const vocabulary = tinyEnglishVocabulary();
  const words = (text: string): string[] => text.split(/[^a-z]+/).filter(Boolean);

  it('uses only words from the exported vocabulary', () => {
    const unknown = new Set(words(train + val).filter((w) => !vocabulary.has(w)));
    expect([...unknown]).toEqual([]);
  });

  it('uses every word of the vocabulary in train, so the vocabulary is not looser than the corpus', () => {
    const seen = new Set(words(train));
    expect([...vocabulary].filter((w) => !seen.has(w))).toEqual([]);
    expect(vocabulary.size).toBeLessThan(400);
  });

  it('is lowercase prose: letters, space, comma, period and newline only', () => {
    expect(/^[a-z ,.\n]*$/.test(train + val)).toBe(true);
    for (const line of linesOf(train)) expect(line).toMatch(/^[a-z][a-z ,]*\.( [a-z][a-z ,]*\.)*$/);
  });
});

describe('reverse', () => {
  it('every line is a string over the alphabet, the separator, then the string reversed', () => {
    const { train, val } = loadDataset('reverse');
    const valid = new RegExp(`^[${reverse.ALPHABET}]{${reverse.MIN_LENGTH},${reverse.MAX_LENGTH}}\\|`);
    for (const line of [...linesOf(train), ...linesOf(val)]) {
      const [left, right, ...rest] = line.split('|');
      expect(rest, line).toEqual([]);
      expect(line, line).toMatch(valid);
      expect(right, line).toBe([...left].reverse().join(''));
      expect(line.length + 1).toBeLessThanOrEqual(reverse.MAX_LINE_LENGTH);
    }
  });
});

describe('CharTokenizer', () => {
  const tok = CharTokenizer.fromText('hello world\n');

  it('has a sorted unique vocabulary and round-trips text', () => {
    expect(tok.vocab).toEqual(['\n', ' ', 'd', 'e', 'h', 'l', 'o', 'r', 'w']);
    expect(tok.size).toBe(9);
    expect(tok.encode('hold')).toEqual([4, 6, 5, 2]);
    expect(tok.decode(tok.encode('hello world\nworld'))).toBe('hello world\nworld');
    expect(tok.encode('')).toEqual([]);
  });

  it('names the unknown character and its index', () => {
    const attempt = (): number[] => tok.encode('hello\tworld');
    expect(attempt).toThrow(DatasetError);
    expect(attempt).toThrow(/character "\\t" \(U\+0009\) at index 5 is not in the vocabulary of 9 characters/);
    try {
      attempt();
    } catch (e) {
      expect((e as DatasetError).code).toBe('UNKNOWN_CHAR');
    }
  });

  it('rejects ids outside the vocabulary when decoding', () => {
    expect(() => tok.decode([0, 9])).toThrow(/id 9 at position 1 is outside \[0, 9\)/);
    expect(() => tok.decode([1.5])).toThrow(DatasetError);
  });

  it('survives a JSON round trip with the same ids', () => {
    const copy = CharTokenizer.fromJSON(JSON.parse(JSON.stringify(tok)));
    expect(copy.vocab).toEqual(tok.vocab);
    expect(copy.encode('world')).toEqual(tok.encode('world'));
    expect(() => CharTokenizer.fromJSON({ type: 'char', vocab: ['b', 'a'] })).toThrow(/not sorted/);
    expect(() => CharTokenizer.fromJSON({ type: 'bpe', vocab: [] })).toThrow(/type "char"/);
  });
});

describe('loadDataset', () => {
  it('rejects an unknown name and lists the valid ones', () => {
    expect(() => loadDataset('shakespeare' as never)).toThrow(/unknown dataset "shakespeare"; choose one of: tiny-english, reverse/);
  });
});
