// Runs in: trainer process (plain Node). From raw text and label cells to model-ready id rows for each split:
// labels mapped, split stratified, vocabulary built on the training part only, sequences cut and padded.
import type { TextConfig } from '../../../shared/model/config';
import { padSequences } from '../../core/text/sequences';
import { RESERVED, type Vocabulary } from '../../core/text/vocabulary';
import { sparseDocument, type SparseDocument } from './text-baselines';
import { toModelIds } from './text-model';
import { encodeRow, splitText, vocabularyIds } from '../../core/text/text-split';

export interface TextPart {
  count: number;
  /** count x maxLength ids in the MODEL's numbering (see text-model.ts), ready for the Embedding. */
  ids: Int32Array;
  labels: Int32Array;
  /** Dataset row (0-based, in the loaded order) of each example: where its text is. */
  rows: Uint32Array;
  /** The whole text as bag-of-words features (for the baseline, which has no length limit). */
  bags: SparseDocument[];
}

export interface PreparedText {
  classNames: string[];
  vocabulary: Vocabulary;
  parts: { train: TextPart; validation: TextPart; test: TextPart };
  /** Token counts of the training texts before cutting (the length distribution). */
  trainLengths: Int32Array;
  findings: string[];
}

type TextSettings = Pick<TextConfig, 'textColumn' | 'labelColumn' | 'maxLength' | 'truncate' | 'vocabSize' | 'minFrequency' | 'split' | 'seed'>;

export function prepareText(texts: (string | null)[], rawLabels: (string | null)[], config: TextSettings): PreparedText {
  const findings: string[] = [];
  const { mapping, rows, split, vocabulary } = splitText(texts, rawLabels, config);
  const wordToId = vocabularyIds(rows, vocabulary);
  if (mapping.missing > 0) findings.push(`${mapping.missing} rows without a label in "${config.labelColumn}" were left out`);
  const part = (indices: Uint32Array): TextPart => {
    const encoded = Array.from(indices, (i) => encodeRow(rows, i, wordToId));
    return {
      count: indices.length,
      ids: toModelIds(padSequences(encoded, config.maxLength, config.truncate)),
      labels: Int32Array.from(indices, (i) => mapping.labels[i]),
      rows: Uint32Array.from(indices, (i) => mapping.rows[i]),
      bags: encoded.map((ids) => sparseDocument(ids, RESERVED.length)),
    };
  };
  const trainLengths = Int32Array.from(split.train, (i) => rows.wordIds[i].length);
  const cut = trainLengths.filter((n) => n > config.maxLength).length;
  if (cut > 0) {
    findings.push(
      `${cut} of ${trainLengths.length} training texts are longer than ${config.maxLength} words and were cut at the ${config.truncate}`,
    );
  }
  return {
    classNames: mapping.classNames,
    vocabulary,
    parts: { train: part(split.train), validation: part(split.validation), test: part(split.test) },
    trainLengths,
    findings,
  };
}
