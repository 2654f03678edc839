// Runs in: trainer and inference processes (plain Node, no TensorFlow.js). preprocessing.json: everything a saved
// text model needs besides its weights to read a new text exactly as training did (tokenizer, word index, length,
// class names), and the one function that turns texts into course ids with it.
import { UserError } from '../../../shared/util/errors';
import { padSequences } from './sequences';
import { tokenize } from './tokenizer';
import { encode, PAD, RESERVED, UNK, type Vocabulary } from './vocabulary';

export const PREPROCESSING_FORMAT = 'seqlab-text-preprocessing';
export const PREPROCESSING_VERSION = 1;

/** The tokenizer has no settings yet; this records what it does, so a future one can tell old files apart. */
export const TOKENIZER = {
  name: 'seqlab-words',
  version: 1,
  lowercase: true,
  stripHtml: true,
  punctuation: 'dropped',
  apostrophesInWords: 'kept',
} as const;

export interface TextPreprocessing {
  format: typeof PREPROCESSING_FORMAT;
  version: number;
  task: 'text';
  textColumn: string;
  labelColumn: string;
  /** classNames[index] is the label as written in the training file. */
  classNames: string[];
  maxLength: number;
  truncate: 'start' | 'end';
  tokenizer: typeof TOKENIZER;
  /** The word index in index order: [UNK] = 0, [PAD] = 1, then words by falling training frequency. */
  vocabulary: string[];
  reserved: { unk: number; pad: number };
  /** How the saved model numbers the two reserved entries (see text-model.ts): [PAD] 0, [UNK] 1. */
  modelIds: string;
}

export function describePreprocessing(
  settings: { textColumn: string; labelColumn: string; maxLength: number; truncate: 'start' | 'end' },
  classNames: string[],
  vocabulary: Vocabulary,
): TextPreprocessing {
  return {
    format: PREPROCESSING_FORMAT,
    version: PREPROCESSING_VERSION,
    task: 'text',
    textColumn: settings.textColumn,
    labelColumn: settings.labelColumn,
    classNames,
    maxLength: settings.maxLength,
    truncate: settings.truncate,
    tokenizer: TOKENIZER,
    vocabulary: vocabulary.words,
    reserved: { unk: UNK, pad: PAD },
    modelIds: 'the model reads [PAD] as 0 and [UNK] as 1; every word keeps its index',
  };
}

/** Checks a parsed preprocessing.json; throws a UserError naming what is wrong. */
export function parsePreprocessing(value: unknown, source: string): TextPreprocessing {
  const p = value as Partial<TextPreprocessing> | null;
  const bad = (what: string) =>
    new UserError(`${source} is not a Seqlab text preprocessing file (${what}): train the run again to save its model afresh.`);
  if (!p || typeof p !== 'object' || p.format !== PREPROCESSING_FORMAT) throw bad('unknown format');
  if (p.version !== PREPROCESSING_VERSION) throw bad(`version ${String(p.version)}; this Seqlab reads version ${PREPROCESSING_VERSION}`);
  if (p.tokenizer?.name !== TOKENIZER.name || p.tokenizer.version !== TOKENIZER.version) throw bad('unknown tokenizer');
  if (!Array.isArray(p.vocabulary) || p.vocabulary[UNK] !== RESERVED[UNK] || p.vocabulary[PAD] !== RESERVED[PAD]) throw bad('bad vocabulary');
  if (!Array.isArray(p.classNames) || p.classNames.length < 2) throw bad('bad class names');
  if (!Number.isInteger(p.maxLength) || (p.maxLength ?? 0) < 1) throw bad('bad max length');
  if (p.truncate !== 'start' && p.truncate !== 'end') throw bad('bad truncate side');
  if (typeof p.textColumn !== 'string') throw bad('no text column');
  return p as TextPreprocessing;
}

/** Word -> index map of a saved vocabulary (counts are not saved: only the order matters for reading). */
export function vocabularyOf(preprocessing: TextPreprocessing): Vocabulary {
  const words = preprocessing.vocabulary;
  return { words, counts: words.map(() => 0), index: new Map(words.map((word, i) => [word, i])), distinctWords: words.length - RESERVED.length };
}

/** Texts -> n x maxLength ids in the course's numbering (convert with toModelIds before the model). */
export function encodeTexts(texts: string[], preprocessing: TextPreprocessing, vocabulary = vocabularyOf(preprocessing)): Int32Array {
  const encoded = texts.map((text) => encode(tokenize(text), vocabulary));
  return padSequences(encoded, preprocessing.maxLength, preprocessing.truncate);
}
