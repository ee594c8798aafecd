/**
 * Character-level tokenizer: one token per character, ids in sorted character order (as nanoGPT's
 * `data/shakespeare_char/prepare.py`). Small vocabularies keep the embedding and the LM head tiny.
 *
 *   const tok = CharTokenizer.fromText('hello');   // vocab ['e', 'h', 'l', 'o']
 *   tok.decode(tok.encode('hole')) === 'hole';
 */
import { DatasetError } from './errors';

/** What toJSON() writes: enough to rebuild the same ids in another process. */
export interface CharTokenizerJSON {
  type: 'char';
  vocab: string[];
}

/** Shows a character unambiguously in a message: "\n" rather than a line break, plus its code point. */
function describeChar(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  return `${JSON.stringify(ch)} (U+${code.toString(16).toUpperCase().padStart(4, '0')})`;
}

export class CharTokenizer {
  /** Sorted unique characters; a character's id is its index here. */
  readonly vocab: readonly string[];
  readonly size: number;
  private readonly ids: Map<string, number>;

  private constructor(vocab: readonly string[]) {
    this.vocab = Object.freeze([...vocab]);
    this.size = vocab.length;
    this.ids = new Map(vocab.map((ch, i) => [ch, i]));
  }

  /** Builds the vocabulary from every character in `text` (code points, so astral characters stay whole). */
  static fromText(text: string): CharTokenizer {
    return new CharTokenizer([...new Set(text)].sort());
  }

  /** Rebuilds a tokenizer from toJSON() output, rejecting anything that would give different ids. */
  static fromJSON(json: unknown): CharTokenizer {
    const fail = (why: string): never => {
      throw new DatasetError('BAD_TOKENIZER_JSON', `CharTokenizer.fromJSON: ${why}; pass the object toJSON() returned`);
    };
    if (typeof json !== 'object' || json === null) return fail(`expected an object, got ${String(json)}`);
    const { type, vocab } = json as Partial<CharTokenizerJSON>;
    if (type !== 'char') fail(`expected type "char", got ${JSON.stringify(type)}`);
    if (!Array.isArray(vocab)) return fail('vocab is not an array');
    vocab.forEach((ch, i) => {
      if (typeof ch !== 'string' || [...ch].length !== 1) fail(`vocab[${i}] is not a single character: ${JSON.stringify(ch)}`);
      if (i > 0 && !(vocab[i - 1] < ch)) fail(`vocab is not sorted and unique at index ${i}: ${JSON.stringify(vocab[i - 1])}, ${JSON.stringify(ch)}`);
    });
    return new CharTokenizer(vocab);
  }

  toJSON(): CharTokenizerJSON {
    return { type: 'char', vocab: [...this.vocab] };
  }

  /** Text to ids. Throws UNKNOWN_CHAR naming the first character outside the vocabulary and its index in `s`. */
  encode(s: string): number[] {
    const out: number[] = [];
    let index = 0; // UTF-16 index into s, the same index s[index] and s.slice() use
    for (const ch of s) {
      const id = this.ids.get(ch);
      if (id === undefined) {
        throw new DatasetError(
          'UNKNOWN_CHAR',
          `CharTokenizer.encode: character ${describeChar(ch)} at index ${index} is not in the vocabulary ` +
            `of ${this.size} characters (${JSON.stringify(this.vocab.join(''))}); ` +
            'remove it from the input or build the tokenizer from text that contains it',
        );
      }
      out.push(id);
      index += ch.length;
    }
    return out;
  }

  /** Ids to text. Throws UNKNOWN_TOKEN for an id that is not an integer in [0, size). */
  decode(ids: readonly number[]): string {
    let out = '';
    ids.forEach((id, position) => {
      const ch = Number.isInteger(id) ? this.vocab[id] : undefined;
      if (ch === undefined) {
        throw new DatasetError(
          'UNKNOWN_TOKEN',
          `CharTokenizer.decode: id ${id} at position ${position} is outside [0, ${this.size}); ` +
            'decode ids with the tokenizer that produced them',
        );
      }
      out += ch;
    });
    return out;
  }
}
