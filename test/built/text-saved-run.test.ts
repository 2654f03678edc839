// Runs in: vitest (node). What a text run leaves behind, through the real trainer process (IMDB slice, real
// TensorFlow.js, a real run log): the model and preprocessing.json load back and classify new texts exactly as the
// run scored its test split; the embedding snapshot; the test predictions CSV; and the setup preview matches the
// vocabulary training saved.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type TextConfig } from '../../shared/model/config';
import { isTextRun, type TextRunDetail } from '../../shared/model/run';
import { TEXT_DEFAULTS } from '../../shared/model/run-config';
import { createService } from '../../main/backend/create-service';
import { forkTrainerLauncher } from '../../main/backend/training/trainer-launcher';
import type { SeqlabService } from '../../main/backend/seqlab-service';
import type { AsyncRunLog } from '../../main/backend/run-log/async-run-log';
import { embeddingPath, modelDir, preprocessingPath, runFilesDir } from '../../main/core/run-files';
import { parseCsvFile } from '../../main/core/dataset/csv-parse';
import { loadModel } from '../../main/trainer/model-io';
import { predictTextCsv, predictTexts } from '../../main/trainer/predict/text-predict';
import { parsePreprocessing } from '../../main/core/text/text-preprocessing';
import { ROOT, TRAINER_ENTRY, requireBuilt } from '../support/built';

const IMDB_SLICE = join(ROOT, 'test', 'fixtures', 'imdb-300.csv');
let dir: string;
let service: SeqlabService;
let store: AsyncRunLog;
let config: TextConfig;
let run: TextRunDetail;
let runDir: string;

beforeAll(async () => {
  requireBuilt();
  dir = mkdtempSync(join(tmpdir(), 'seqlab-text-saved-'));
  ({ service, store } = await createService({ dbPath: join(dir, 'runs.db'), dataDir: dir, launcher: forkTrainerLauncher(TRAINER_ENTRY) }));
  const summary = await service.importPath(IMDB_SLICE);
  config = { ...TEXT_DEFAULTS, datasetId: summary.id, textColumn: 'review', labelColumn: 'sentiment', maxLength: 30, vocabSize: 400, hiddenUnits: 8, embeddingDim: 8, epochs: 1 };
  const { runId } = await service.startTraining(config);
  expect(await service.training.waitFor(runId)).toBe('completed');
  const detail = await service.getRun(runId);
  if (!isTextRun(detail)) throw new Error('expected a text run');
  run = detail;
  runDir = runFilesDir(store.path, runId);
}, 120_000);

afterAll(async () => {
  await service?.shutdown();
  await store?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Rows of a CSV as records keyed by header (the app's own parser). */
async function readCsv(path: string): Promise<Record<string, string>[]> {
  const { header, rows } = await parseCsvFile(path, 'x.csv');
  return rows.map((row) => Object.fromEntries(header.map((name, i) => [name, row[i] ?? ''])));
}

describe('a finished text run', () => {
  it('saves the kept model and a preprocessing.json that reads texts as training did', async () => {
    expect(run.hasModel).toBe(true);
    expect(existsSync(join(modelDir(runDir), 'model.json'))).toBe(true);
    const model = await loadModel(modelDir(runDir));
    expect(model.inputs[0].shape).toEqual([null, 30]);
    model.dispose();
    const preprocessing = parsePreprocessing(JSON.parse(readFileSync(preprocessingPath(runDir), 'utf8')), 'test');
    expect(preprocessing).toMatchObject({ task: 'text', textColumn: 'review', classNames: ['0', '1'], maxLength: 30, truncate: 'end', reserved: { unk: 0, pad: 1 } });
    expect(preprocessing.vocabulary.slice(0, 2)).toEqual(['[UNK]', '[PAD]']);
    expect(preprocessing.vocabulary).toHaveLength(400);
    // The most frequent word of English reviews leads the index.
    expect(preprocessing.vocabulary[2]).toBe('the');
  });

  it('writes the test split predictions, and a reloaded model predicts those texts identically', async () => {
    const rows = await readCsv(join(runDir, 'test-predictions.csv'));
    expect(rows).toHaveLength(45);
    const source = await readCsv(IMDB_SLICE);
    for (const row of rows) {
      const original = source[Number(row.row) - 1];
      expect(row.text).toBe(original.review);
      expect(row.truth).toBe(original.sentiment);
    }
    // The CSV's accuracy is the run's test accuracy.
    const correct = rows.filter((row) => row.truth === row.predicted).length;
    expect(correct / rows.length).toBeCloseTo(run.metrics!.test!.accuracy, 10);

    const predictions = await predictTexts(runDir, rows.map((row) => row.text));
    predictions.forEach((prediction, i) => {
      expect(prediction.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      expect(['0', '1']).toContain(prediction.label);
      expect(prediction.label).toBe(rows[i].predicted);
      expect(prediction.probability).toBeCloseTo(Number(rows[i].probability), 5);
    });
  });

  it('applies the run to a CSV of texts, and says which column a file lacks', async () => {
    const result = await predictTextCsv(runDir, IMDB_SLICE, 'imdb-300.csv');
    expect(result).toMatchObject({ task: 'text', fileName: 'imdb-300.csv', classNames: ['0', '1'], rows: 300 });
    expect(result.preview).toHaveLength(200);
    const lines = result.csv.trimEnd().split('\n');
    expect(lines[0]).toBe('row,text,label,probability,p_0,p_1');
    const out = join(dir, 'predicted.csv');
    writeFileSync(out, result.csv);
    const parsed = await readCsv(out);
    expect(parsed).toHaveLength(300);
    expect(Number(parsed[0].p_0) + Number(parsed[0].p_1)).toBeCloseTo(1, 5);
    expect(parsed[0].label).toBe(result.preview[0].label);

    const noText = join(dir, 'no-text.csv');
    writeFileSync(noText, 'id,comment\n1,great film\n2,awful\n');
    await expect(predictTextCsv(runDir, noText, 'no-text.csv')).rejects.toThrow(/no-text\.csv has no column "review"/);
  });

  it('saves the embedding of the most frequent words before and after training', async () => {
    const snapshot = await service.getEmbedding(run.id);
    expect(snapshot).not.toBeNull();
    const preprocessing = JSON.parse(readFileSync(preprocessingPath(runDir), 'utf8')) as { vocabulary: string[] };
    expect(snapshot!.words).toEqual(preprocessing.vocabulary.slice(2));
    expect(snapshot!.dim).toBe(8);
    expect(snapshot!.before).toHaveLength(398);
    expect(snapshot!.after[0]).toHaveLength(8);
    // Counts fall with the index; initial vectors are inside the initializer's range; training moved them.
    for (let i = 1; i < snapshot!.counts.length; i++) expect(snapshot!.counts[i]).toBeLessThanOrEqual(snapshot!.counts[i - 1]);
    expect(Math.max(...snapshot!.before.flat().map(Math.abs))).toBeLessThanOrEqual(0.05);
    expect(snapshot!.before[0]).not.toEqual(snapshot!.after[0]);
    rmSync(embeddingPath(runDir));
    expect(await service.getEmbedding(run.id)).toBeNull();
  });

  it('previews the same vocabulary, label mapping and ids that training used', async () => {
    const preview = await service.previewText(config);
    const preprocessing = JSON.parse(readFileSync(preprocessingPath(runDir), 'utf8')) as { vocabulary: string[] };
    expect(preview.vocabulary.size).toBe(preprocessing.vocabulary.length);
    expect(preview.vocabulary.top.map((entry) => entry.word)).toEqual(preprocessing.vocabulary.slice(0, 30));
    expect(preview.classes.map((c) => c.label)).toEqual(run.metrics!.test!.classNames);
    // A sample row's ids are the saved index's positions of its words ([UNK] = 0 for the others).
    const index = new Map(preprocessing.vocabulary.map((word, i) => [word, i]));
    for (const sample of preview.samples) {
      sample.tokens.forEach((token, i) => expect(sample.ids[i]).toBe(token === '[PAD]' ? 1 : (index.get(token) ?? 0)));
    }
  });
});
