// Runs in: trainer process (plain Node). Writes what a finished text run leaves in its folder: the kept model,
// preprocessing.json (to read new texts as training did), the embedding snapshot for the projector, and the test
// split's predictions as a CSV.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TextConfig } from '../../../shared/model/config';
import { toCsv } from '../../../shared/util/csv-write';
import type { EmbeddingSnapshot } from '../../../shared/model/inference';
import { embeddingPath, modelDir, preprocessingPath } from '../../core/run-files';
import { saveModel } from '../model-io';
import { argmaxRows } from './classification-metrics';
import { embeddingRows } from './text-model';
import { describePreprocessing } from '../../core/text/text-preprocessing';
import type { KeptTextModel } from './train-text';

export const TEST_PREDICTIONS_FILE = 'test-predictions.csv';

/** Write then rename, so a reader never sees half a file. */
function writeAtomic(path: string, text: string): void {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

export function embeddingSnapshot(kept: KeptTextModel): EmbeddingSnapshot {
  const { vocabulary } = kept.data;
  const after = embeddingRows(kept.model, kept.snapshotIds);
  return {
    words: kept.snapshotIds.map((id) => vocabulary.words[id]),
    counts: kept.snapshotIds.map((id) => vocabulary.counts[id]),
    dim: after[0]?.length ?? 0,
    before: kept.embeddingBefore,
    after,
  };
}

/** row (1 = first data row), text, truth, predicted, probability of the predicted class. */
export function testPredictionsCsv(kept: KeptTextModel, texts: (string | null)[]): string {
  const { test } = kept.data.parts;
  const { classNames } = kept.data;
  const classCount = classNames.length;
  const predicted = argmaxRows(kept.testProbabilities, classCount);
  const rows = Array.from(test.rows, (row, i) => [
    row + 1,
    texts[row] ?? '',
    classNames[test.labels[i]],
    classNames[predicted[i]],
    Number(kept.testProbabilities[i * classCount + predicted[i]].toFixed(6)),
  ]);
  return toCsv(['row', 'text', 'truth', 'predicted', 'probability'], rows);
}

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Model and preprocessing first (they are what "model saved" promises), then the two views of the run. Never
 * throws: a run whose files cannot be written still has its metrics; what failed comes back as findings.
 */
export async function saveTextRun(
  runDir: string,
  kept: KeptTextModel,
  config: Pick<TextConfig, 'textColumn' | 'labelColumn' | 'maxLength' | 'truncate'>,
  texts: (string | null)[],
): Promise<{ modelSaved: boolean; problems: string[] }> {
  const problems: string[] = [];
  let modelSaved = false;
  try {
    mkdirSync(runDir, { recursive: true });
    await saveModel(kept.model, modelDir(runDir));
    writeAtomic(preprocessingPath(runDir), JSON.stringify(describePreprocessing(config, kept.data.classNames, kept.data.vocabulary)));
    modelSaved = true;
  } catch (error) {
    problems.push(`The model could not be saved in ${runDir} (${reason(error)}): the metrics are kept, but this run cannot predict.`);
  }
  try {
    writeAtomic(embeddingPath(runDir), JSON.stringify(embeddingSnapshot(kept)));
  } catch (error) {
    problems.push(`The embedding snapshot could not be saved (${reason(error)}): the projector has nothing to show for this run.`);
  }
  try {
    writeAtomic(join(runDir, TEST_PREDICTIONS_FILE), testPredictionsCsv(kept, texts));
  } catch (error) {
    problems.push(`The test predictions could not be saved (${reason(error)}).`);
  }
  return { modelSaved, problems };
}
