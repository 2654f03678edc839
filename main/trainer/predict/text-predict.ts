// Runs in: trainer process (one-shot prediction, plain Node). A saved text run applied to new texts: its model and
// preprocessing.json read them exactly as training did (same tokenizer, word index, length and truncation).
import { existsSync, readFileSync } from 'node:fs';
import type * as tf from '@tensorflow/tfjs';
import { toCsv } from '../../../shared/util/csv-write';
import { UserError } from '../../../shared/util/errors';
import type { TextPrediction, TextPredictionsFromCsv } from '../../../shared/model/inference';
import { loadDataset } from '../../core/dataset/load-dataset';
import { modelDir, preprocessingPath } from '../../core/run-files';
import { loadModel } from '../model-io';
import { encodeTexts, parsePreprocessing, type TextPreprocessing } from '../../core/text/text-preprocessing';
import { predictProbabilities, toModelIds } from '../text/text-model';

/** Rows of a CSV's predictions shown in the table; the CSV export has them all. */
const PREVIEW_ROWS = 200;

export interface SavedTextRun {
  model: tf.LayersModel;
  preprocessing: TextPreprocessing;
}

export async function loadTextRun(runDir: string): Promise<SavedTextRun> {
  const path = preprocessingPath(runDir);
  if (!existsSync(path) || !existsSync(modelDir(runDir))) {
    throw new UserError('This run has no saved model files (they may have been deleted): train the run again to get a model.');
  }
  const preprocessing = parsePreprocessing(JSON.parse(readFileSync(path, 'utf8')), 'The run\'s preprocessing.json');
  if (preprocessing.task !== 'text') throw new UserError('This run is not a text classification run: choose a text run to classify texts.');
  return { model: await loadModel(modelDir(runDir)), preprocessing };
}

/** Probabilities for each text (n x classCount) with the loaded model. */
async function classify(run: SavedTextRun, texts: string[]): Promise<Float32Array> {
  const { preprocessing } = run;
  const ids = toModelIds(encodeTexts(texts, preprocessing));
  return predictProbabilities(run.model, ids, preprocessing.maxLength, preprocessing.classNames.length);
}

function predictionAt(text: string, probabilities: Float32Array, i: number, classNames: string[]): TextPrediction {
  const row = Array.from(probabilities.subarray(i * classNames.length, (i + 1) * classNames.length));
  let best = 0;
  for (let k = 1; k < row.length; k++) if (row[k] > row[best]) best = k;
  return { text, label: classNames[best], probability: row[best], probabilities: row };
}

export async function predictTexts(runDir: string, texts: string[]): Promise<TextPrediction[]> {
  const run = await loadTextRun(runDir);
  try {
    const probabilities = await classify(run, texts);
    return texts.map((text, i) => predictionAt(text, probabilities, i, run.preprocessing.classNames));
  } finally {
    run.model.dispose();
  }
}

export async function predictTextCsv(
  runDir: string,
  csvPath: string,
  fileName: string,
): Promise<Omit<TextPredictionsFromCsv, 'runId'>> {
  const run = await loadTextRun(runDir);
  try {
    const { preprocessing } = run;
    const { classNames, textColumn } = preprocessing;
    const dataset = await loadDataset(csvPath, { fileName });
    if (!dataset.summary.columns.some((c) => c.name === textColumn)) {
      throw new UserError(
        `${fileName} has no column "${textColumn}", which held the texts this run was trained on: ` +
          `name the column with the texts "${textColumn}" in the file's header, then apply the run again.`,
      );
    }
    const cells = dataset.strings(textColumn);
    // Rows without a text get no prediction (empty cells), rather than the model's guess for an empty review.
    const present = cells.flatMap((text, row) => (text === null || text.trim() === '' ? [] : [row]));
    const probabilities = await classify(run, present.map((row) => cells[row] as string));
    const byRow = new Map(present.map((row, i) => [row, predictionAt(cells[row] as string, probabilities, i, classNames)]));
    const header = ['row', 'text', 'label', 'probability', ...classNames.map((name) => `p_${name}`)];
    const rows = cells.map((text, row) => {
      const p = byRow.get(row);
      return p ? [row + 1, text, p.label, round(p.probability), ...p.probabilities.map(round)] : [row + 1, text ?? '', '', '', ...classNames.map(() => '')];
    });
    return {
      task: 'text',
      fileName,
      classNames,
      preview: [...byRow.values()].slice(0, PREVIEW_ROWS),
      rows: cells.length,
      csv: toCsv(header, rows),
    };
  } finally {
    run.model.dispose();
  }
}

const round = (p: number) => Number(p.toFixed(6));
