// Runs in: trainer process (plain Node). A typed text through a saved text run: words -> ids -> Embedding rows, every
// recurrent layer over the words through the cell equations, the class probabilities, and each word's contribution
// by occlusion (the predicted class's probability without that word).
import type { TextInspection, TokenContribution } from '../../../shared/model/inspect';
import { UserError } from '../../../shared/util/errors';
import { padSequences } from '../../core/text/sequences';
import { vocabularyOf } from '../../core/text/text-preprocessing';
import { tokenize } from '../../core/text/tokenizer';
import { encode, PAD, UNK } from '../../core/text/vocabulary';
import { loadTextRun } from '../predict/text-predict';
import { embeddingRows, predictProbabilities, toModelIds } from '../text/text-model';
import { readAnatomy, runDense, runStack } from './model-anatomy';

export async function inspectText(runDir: string, text: string): Promise<Omit<TextInspection, 'runId'>> {
  const { model, preprocessing } = await loadTextRun(runDir);
  try {
    const { maxLength, truncate, classNames } = preprocessing;
    const allTokens = tokenize(text);
    const cut = Math.max(0, allTokens.length - maxLength);
    const tokens = truncate === 'start' ? allTokens.slice(cut) : allTokens.slice(0, maxLength);
    if (tokens.length === 0) throw new UserError('The text has no words to read (punctuation and markup are dropped): type a sentence.');
    const ids = encode(tokens, vocabularyOf(preprocessing));

    // The unidirectional model reads its output at the last word and a bidirectional one masks the padding, so the
    // words alone give the model's states (text-model.ts).
    const embeddings = embeddingRows(model, Array.from(toModelIds(Int32Array.from(ids))));
    const anatomy = readAnatomy(model);
    const { layers, finalState } = runStack(anatomy, embeddings);
    const dense = runDense(anatomy.dense, finalState);
    const probabilities = classNames.length === 2 && dense.output.length === 1 ? [1 - dense.output[0], dense.output[0]] : dense.output;
    const best = probabilities.indexOf(Math.max(...probabilities));

    // Row 0: the text as read; row i + 1: without word i. Scored by TensorFlow.js' own predict.
    const rows = [ids, ...tokens.map((_, i) => Int32Array.from([...ids.subarray(0, i), ...ids.subarray(i + 1)]))];
    const scored = await predictProbabilities(model, toModelIds(padSequences(rows, maxLength, truncate)), maxLength, classNames.length);
    const classes = classNames.length;
    const tfjsOutput = Array.from(scored.subarray(0, classes));
    const contributions: TokenContribution[] = tokens.map((token, i) => ({
      token,
      id: ids[i],
      contribution: scored[best] - scored[(i + 1) * classes + best],
    }));
    return {
      task: 'text',
      text,
      tokens,
      ids: Array.from(padSequences([ids], maxLength, truncate)),
      reserved: { unk: UNK, pad: PAD },
      truncatedTokens: cut,
      embeddings,
      layers,
      dense,
      classNames,
      probabilities,
      predicted: classNames[best],
      contributions,
      modelCheck: { tfjsOutput, maxAbsDifference: Math.max(...tfjsOutput.map((v, i) => Math.abs(v - probabilities[i]))) },
    };
  } finally {
    model.dispose();
  }
}
