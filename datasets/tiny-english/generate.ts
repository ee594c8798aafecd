/**
 * tiny-english: short children's-story lines from a small hand-written grammar.
 *
 * Regular on purpose: few templates, about 200 words, 30 characters, so a tiny model learns
 * spelling, agreement and story shape within a minute of training, and a benchmark can check
 * that samples are made of real words (`tinyEnglishVocabulary`).
 *
 * Run directly to rewrite train.txt and val.txt next to this file:
 *   node -r ts-node/register/transpile-only datasets/tiny-english/generate.ts
 */
import { Generator } from '../../tensor';
import { splitLines, writeDatasetFiles, type DatasetFiles } from '../common';

export const SEED = 1337;
/** Lines in the corpus (before the split); about 310 KB of text. */
export const NUM_LINES = 2500;
/** Share of lines that are present-tense "fact" lines (agreement practice) rather than stories. */
export const FACT_FRACTION = 0.25;

// ---- Word tables. Every surface form is spelled out (no inflection rules), so the words the
// ---- grammar can produce are exactly these tables plus the fixed words of the templates.

type Gender = 'boy' | 'girl';
const NAMES: ReadonlyArray<readonly [string, Gender]> = [
  ...['tom', 'ben', 'sam', 'max', 'jack', 'leo', 'tim', 'finn'].map((n) => [n, 'boy'] as const),
  ...['lily', 'mia', 'anna', 'lucy', 'emma', 'zoe', 'sara', 'ella'].map((n) => [n, 'girl'] as const),
];
/** Pronoun forms by gender: [subject, possessive, noun]. */
const PRONOUNS = { boy: ['he', 'his', 'boy'], girl: ['she', 'her', 'girl'] } as const;
/** [singular, plural]. */
const ANIMALS: ReadonlyArray<readonly [string, string]> = [
  ['dog', 'dogs'], ['cat', 'cats'], ['bird', 'birds'], ['fox', 'foxes'], ['frog', 'frogs'], ['bear', 'bears'],
  ['rabbit', 'rabbits'], ['duck', 'ducks'], ['mouse', 'mice'], ['horse', 'horses'], ['owl', 'owls'], ['bee', 'bees'],
];
const THINGS = ['ball', 'box', 'hat', 'cake', 'apple', 'book', 'kite', 'boat', 'toy', 'cup', 'flower', 'stick',
  'rock', 'shell', 'bell', 'drum', 'key', 'car', 'bag', 'egg'];
/** [place, the preposition that sounds natural with it]: "in the park" but "on the hill". */
const PLACES: ReadonlyArray<readonly [string, string]> = [
  ['park', 'in'], ['garden', 'in'], ['forest', 'in'], ['house', 'in'], ['river', 'by'], ['school', 'at'],
  ['farm', 'on'], ['beach', 'at'], ['hill', 'on'], ['shop', 'at'], ['lake', 'by'], ['room', 'in'],
];
const THING_ADJECTIVES = ['big', 'small', 'red', 'blue', 'green', 'yellow', 'old', 'new', 'soft', 'shiny', 'pretty'];
const ANIMAL_ADJECTIVES = ['big', 'little', 'old', 'funny', 'sleepy', 'brown', 'white', 'black'];
const TRAITS = ['kind', 'brave', 'happy', 'funny', 'quiet', 'little', 'good'];
const FEELINGS = ['happy', 'sad', 'glad', 'tired', 'scared', 'proud', 'excited'];
const DAYS = ['good', 'fun', 'nice', 'long', 'sunny'];
/** Where something sits relative to a thing: "under the box". */
const SPOTS = ['under', 'behind', 'near', 'on'];
/** Verbs as [base, third person singular, past]. MOVES take no object, HANDLES take a thing. */
type Verb = readonly [string, string, string];
const MOVES: readonly Verb[] = [
  ['run', 'runs', 'ran'], ['jump', 'jumps', 'jumped'], ['play', 'plays', 'played'], ['sing', 'sings', 'sang'],
  ['sleep', 'sleeps', 'slept'], ['dance', 'dances', 'danced'], ['walk', 'walks', 'walked'], ['sit', 'sits', 'sat'],
  ['hide', 'hides', 'hid'],
];
const HANDLES: readonly Verb[] = [
  ['see', 'sees', 'saw'], ['find', 'finds', 'found'], ['like', 'likes', 'liked'], ['get', 'gets', 'got'],
  ['hold', 'holds', 'held'], ['carry', 'carries', 'carried'], ['drop', 'drops', 'dropped'], ['love', 'loves', 'loved'],
  ['take', 'takes', 'took'], ['push', 'pushes', 'pushed'],
];
const ARTICLES = ['a', 'an', 'the'];

// ---- Templates. A story line is an opening, two or three middles and an ending, all in the past
// ---- tense about one hero; a fact line is two or three present-tense sentences whose verbs agree
// ---- with a singular or plural subject. {slot}s are filled by SLOTS below.

const OPENINGS = [
  'one day, {name} went to the {place}.',
  'once upon a time, there was a {trait} {kid} named {name}.',
  '{name} was a {trait} {kid}.',
  '{name} lived near the {place}.',
];
/** Middles keep this order within a story, so a thing is found before it is described or taken. */
const MIDDLES = [
  '{he} found {a_thing} {at_place}.',
  '{he} saw {an_animal} {at_place}.',
  '{he} liked to {move} with {his} {thing_adj} {thing}.',
  '{he} wanted to {handle} the {thing}.',
  'the {thing} was {thing_adj}, and {name} was {feeling}.',
  'the {animal} {moved} {spot} the {thing}.',
  'the {animal} {handled} the {thing}.',
  '{friend} {handled} the {thing} and {he} felt {feeling}.',
  '{name} and {friend} {moved} together {at_place}.',
];
const ENDINGS = [
  '{name} was very {feeling}.',
  'it was a {day} day.',
  '{name} and {friend} were good friends.',
  'then {he} went home.',
];
const FACTS = [
  '{subject} {moves} {at_place}.',
  '{subject} {moves} and {moves} {spot} the {thing}.',
  '{subject} {handles} {a_thing}.',
  '{name} likes the {animals}.',
];

/** One line's cast and props, picked once so that later sentences refer back to them. */
interface Story {
  name: string;
  gender: Gender;
  friend: string;
  place: readonly [string, string];
  thing: string;
  thingAdjective: string;
  animal: readonly [string, string];
  /** Fact lines only: whether the current sentence's subject is plural; the verbs agree with it. */
  plural: boolean;
}

function pick<T>(rng: Generator, items: readonly T[]): T {
  return items[rng.randint(0, items.length)];
}

/** "a" or "an" by the next word's first letter, which is enough for this vocabulary. */
function withArticle(phrase: string): string {
  return ('aeiou'.includes(phrase[0]) ? 'an ' : 'a ') + phrase;
}

/** Optionally puts one adjective in front of a noun: half of the noun phrases have one. */
function maybeAdjective(rng: Generator, adjectives: readonly string[], noun: string): string {
  return rng.random() < 0.5 ? `${pick(rng, adjectives)} ${noun}` : noun;
}

const SLOTS: Record<string, (s: Story, rng: Generator) => string> = {
  name: (s) => s.name,
  friend: (s) => s.friend,
  he: (s) => PRONOUNS[s.gender][0],
  his: (s) => PRONOUNS[s.gender][1],
  kid: (s) => PRONOUNS[s.gender][2],
  trait: (_, rng) => pick(rng, TRAITS),
  feeling: (_, rng) => pick(rng, FEELINGS),
  day: (_, rng) => pick(rng, DAYS),
  place: (s) => s.place[0],
  at_place: (s) => `${s.place[1]} the ${s.place[0]}`,
  spot: (_, rng) => pick(rng, SPOTS),
  thing: (s) => s.thing,
  thing_adj: (s) => s.thingAdjective,
  a_thing: (s) => withArticle(`${s.thingAdjective} ${s.thing}`),
  animal: (s) => s.animal[0],
  animals: (s) => s.animal[1],
  an_animal: (s, rng) => withArticle(maybeAdjective(rng, ANIMAL_ADJECTIVES, s.animal[0])),
  move: (_, rng) => pick(rng, MOVES)[0],
  moved: (_, rng) => pick(rng, MOVES)[2],
  handle: (_, rng) => pick(rng, HANDLES)[0],
  handled: (_, rng) => pick(rng, HANDLES)[2],
  // Agreement: a plural subject takes the base form ("the dogs run"), a singular one the -s form.
  subject: (s, rng) => {
    const noun = maybeAdjective(rng, ANIMAL_ADJECTIVES, s.animal[s.plural ? 1 : 0]);
    return s.plural || rng.random() < 0.5 ? `the ${noun}` : withArticle(noun);
  },
  moves: (s, rng) => pick(rng, MOVES)[s.plural ? 0 : 1],
  handles: (s, rng) => pick(rng, HANDLES)[s.plural ? 0 : 1],
};

function fill(template: string, story: Story, rng: Generator): string {
  return template.replace(/\{(\w+)\}/g, (_, slot: string) => {
    const filler = SLOTS[slot];
    if (!filler) throw new Error(`tiny-english: template "${template}" uses unknown slot {${slot}}`);
    return filler(story, rng);
  });
}

/** Picks `count` distinct items in random order (partial Fisher–Yates). */
function pickDistinct<T>(rng: Generator, items: readonly T[], count: number): T[] {
  const pool = [...items];
  for (let i = 0; i < count; i++) {
    const j = rng.randint(i, pool.length);
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, count);
}

function newStory(rng: Generator): Story {
  const [[name, gender], [friend]] = pickDistinct(rng, NAMES, 2);
  return {
    name,
    gender,
    friend,
    place: pick(rng, PLACES),
    thing: pick(rng, THINGS),
    thingAdjective: pick(rng, THING_ADJECTIVES),
    animal: pick(rng, ANIMALS),
    plural: false,
  };
}

function storyLine(rng: Generator): string {
  const story = newStory(rng);
  const middles = pickDistinct(rng, [...MIDDLES.keys()], rng.randint(2, 4)).sort((a, b) => a - b);
  const templates = [pick(rng, OPENINGS), ...middles.map((i) => MIDDLES[i]), pick(rng, ENDINGS)];
  return templates.map((t) => fill(t, story, rng)).join(' ');
}

function factLine(rng: Generator): string {
  const sentences: string[] = [];
  const count = rng.randint(2, 4);
  for (let i = 0; i < count; i++) {
    // A fresh cast per sentence: facts are independent statements, not a story.
    const story = newStory(rng);
    story.plural = rng.random() < 0.5;
    sentences.push(fill(pick(rng, FACTS), story, rng));
  }
  return sentences.join(' ');
}

/** The corpus as lines (no trailing newlines): a pure function of the seed. */
export function generateTinyEnglishLines(seed = SEED, numLines = NUM_LINES): string[] {
  const rng = new Generator(seed);
  const lines: string[] = [];
  for (let i = 0; i < numLines; i++) lines.push(rng.random() < FACT_FRACTION ? factLine(rng) : storyLine(rng));
  return lines;
}

/** The committed files' content for a seed. */
export function generateTinyEnglish(seed = SEED, numLines = NUM_LINES): DatasetFiles {
  return splitLines(generateTinyEnglishLines(seed, numLines));
}

/**
 * Every word the grammar can produce, read off the same tables and templates the generator uses,
 * so it cannot drift from the corpus. A benchmark scores samples by the share of words in this set.
 */
export function tinyEnglishVocabulary(): Set<string> {
  const words = new Set<string>();
  const add = (text: string): void => {
    for (const word of text.split(/[^a-z]+/)) if (word) words.add(word);
  };
  for (const template of [...OPENINGS, ...MIDDLES, ...ENDINGS, ...FACTS]) add(template.replace(/\{\w+\}/g, ' '));
  const tables = [NAMES, Object.values(PRONOUNS), ANIMALS, THINGS, PLACES, THING_ADJECTIVES, ANIMAL_ADJECTIVES,
    TRAITS, FEELINGS, DAYS, SPOTS, MOVES, HANDLES, ARTICLES];
  for (const table of tables) add(table.flat().join(' '));
  return words;
}

if (require.main === module) {
  writeDatasetFiles(__dirname, generateTinyEnglish());
}
