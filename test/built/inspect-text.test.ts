// Runs in: vitest (Node). `seqlab inspect --text` on real text runs trained by the real CLI on the IMDB slice: words ->
// ids ([UNK] = 0, [PAD] = 1) -> Embedding rows, every recurrent state recomputed with the course's equations, the
// class probabilities and each word's occlusion contribution checked against TensorFlow.js on the saved model.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TextInspection } from '../../shared/model/inspect';
import { modelDir, preprocessingPath, runFilesDir } from '../../main/core/run-files';
import { loadModel } from '../../main/trainer/model-io';
// Registers the LastRealStep layer the unidirectional text models are saved with.
import '../../main/trainer/text/text-model';
import { ROOT, expectCleanFailure, requireBuilt, seqlab } from '../support/built';
import { checkStack, expectMatrixClose, type LayerOutput } from '../support/course-equations';

const IMDB_SLICE = join(ROOT, 'test', 'fixtures', 'imdb-300.csv');
const MAX_LENGTH = 30;
let dir: string;
let db: string;

function train(...args: string[]): number {
  const result = seqlab(
    'train', '--task', 'text', '--csv', IMDB_SLICE, '--text', 'review', '--label', 'sentiment', '--epochs', '1',
    '--max-length', String(MAX_LENGTH), '--vocab-size', '400', '--hidden', '6', '--embedding-dim', '5', '--db', db, '--json', ...args,
  );
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!).runId;
}

function inspect(runId: number, text: string): TextInspection {
  const result = seqlab('inspect', '--run', String(runId), '--text', text, '--db', db, '--json');
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout);
}

/** The model reads [PAD] as 0 and [UNK] as 1 (text-model.ts); every word keeps its id. */
const modelId = (id: number) => (id === 0 ? 1 : id === 1 ? 0 : id);

/** TensorFlow.js' probability of class 1 (one sigmoid unit) for each row of course ids. */
async function tfjsProbabilities(runId: number, rows: number[][]): Promise<number[]> {
  const model = await loadModel(modelDir(runFilesDir(db, runId)));
  try {
    const padded = rows.map((ids) => [...ids, ...new Array(MAX_LENGTH - ids.length).fill(1)].map(modelId));
    return tf.tidy(() => Array.from((model.predict(tf.tensor2d(padded, undefined, 'int32')) as tf.Tensor).dataSync()));
  } finally {
    model.dispose();
  }
}

async function embeddingTable(runId: number): Promise<number[][]> {
  const model = await loadModel(modelDir(runFilesDir(db, runId)));
  try {
    return model.layers.find((l) => l.getClassName() === 'Embedding')!.getWeights()[0].arraySync() as number[][];
  } finally {
    model.dispose();
  }
}

async function checkText(runId: number, r: TextInspection, expected: { cell: string; layers: number; bidirectional: boolean }) {
  const prep = JSON.parse(readFileSync(preprocessingPath(runFilesDir(db, runId)), 'utf8'));
  const vocabulary: string[] = prep.vocabulary;
  expect(vocabulary.slice(0, 2)).toEqual(['[UNK]', '[PAD]']);
  expect(r.reserved).toEqual({ unk: 0, pad: 1 });

  // ids: each word's index in the run's vocabulary ([UNK] = 0 when it has none), then [PAD] = 1 up to the max length.
  const n = r.tokens.length;
  expect(r.ids).toHaveLength(MAX_LENGTH);
  r.tokens.forEach((token, i) => expect(r.ids[i]).toBe(Math.max(0, vocabulary.indexOf(token))));
  expect(r.ids.slice(n)).toEqual(new Array(MAX_LENGTH - n).fill(1));

  // The Embedding lookup: word -> id -> that row of the model's table.
  const table = await embeddingTable(runId);
  expect(r.embeddings).toEqual(r.tokens.map((_, i) => table[modelId(r.ids[i])]));

  const layers = r.layers as unknown as LayerOutput[];
  expect(layers).toHaveLength(expected.layers * (expected.bidirectional ? 2 : 1));
  for (const layer of layers) expect([layer.cell, layer.units, layer.hiddenStates.length]).toEqual([expected.cell, 6, n]);
  const finalState = checkStack(layers, r.embeddings, 1e-5);

  // Binary head: p(class 1) = sigmoid(h K + b).
  const logit = r.dense.bias[0] + finalState.reduce((s, h, i) => s + h * r.dense.kernel[i][0], 0);
  const p1 = 1 / (1 + Math.exp(-logit));
  expect(r.dense.activation).toBe('sigmoid');
  expectMatrixClose([r.probabilities], [[1 - p1, p1]], 1e-5, 'probabilities');
  expect(r.predicted).toBe(r.classNames[p1 > 0.5 ? 1 : 0]);

  // TensorFlow.js on the saved model: the text, then the text without each word in turn (occlusion).
  const ids = r.ids.slice(0, n);
  const own = await tfjsProbabilities(runId, [ids, ...ids.map((_, i) => ids.filter((__, j) => j !== i))]);
  expect(Math.abs(own[0] - p1)).toBeLessThanOrEqual(1e-5);
  const best = r.classNames.indexOf(r.predicted);
  const pBest = (p: number) => (best === 1 ? p : 1 - p);
  expect(r.contributions.map((c) => [c.token, c.id])).toEqual(r.tokens.map((t, i) => [t, r.ids[i]]));
  r.contributions.forEach((c, i) => expect(Math.abs(c.contribution - (pBest(own[0]) - pBest(own[i + 1])))).toBeLessThanOrEqual(1e-6));
}

beforeAll(() => {
  requireBuilt();
  dir = mkdtempSync(join(tmpdir(), 'seqlab-inspect-text-'));
  db = join(dir, 'runs.db');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('seqlab inspect --text', () => {
  let lstm: number;

  it('stacked LSTM x2: words, ids with [UNK] = 0 and [PAD] = 1, embedding rows, states, probabilities, contributions', async () => {
    lstm = train('--layers', '2');
    const r = inspect(lstm, 'This movie was GREAT, truly <br /> qwertyzzz!');
    expect(r).toMatchObject({ task: 'text', runId: lstm, tokens: ['this', 'movie', 'was', 'great', 'truly', 'qwertyzzz'], truncatedTokens: 0 });
    expect(r.ids[5]).toBe(0);
    await checkText(lstm, r, { cell: 'LSTM', layers: 2, bidirectional: false });
  });

  it('bidirectional GRU reading a text longer than the max length (cut at the start)', async () => {
    const id = train('--cell', 'gru', '--bidirectional', '--truncate', 'start');
    const words = Array.from({ length: MAX_LENGTH + 4 }, (_, i) => (i % 2 === 0 ? 'the film' : 'was good')).join(' ');
    const r = inspect(id, words);
    expect(r.truncatedTokens).toBe(2 * (MAX_LENGTH + 4) - MAX_LENGTH);
    expect(r.tokens).toHaveLength(MAX_LENGTH);
    // Cut at the start: the last words are kept.
    expect(r.tokens.at(-1)).toBe('good');
    expect(r.layers.map((l) => `${l.layer}${l.direction}`)).toEqual(['0forward', '0backward']);
    await checkText(id, r, { cell: 'GRU', layers: 1, bidirectional: true });
  });

  it('prints the words with their ids and contributions without --json; refuses what it cannot show', () => {
    const result = seqlab('inspect', '--run', String(lstm), '--text', 'a wonderful film', '--db', db);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/ wonderful\s+\d+\s+[+-]\d\.\d{4}/);
    expect(result.stdout).toMatch(/\[UNK\] = 0, \[PAD\] = 1/);
    expectCleanFailure(seqlab('inspect', '--run', String(lstm), '--text', '!!! <br />', '--db', db), /The text has no words to read/);
    expectCleanFailure(seqlab('inspect', '--run', String(lstm), '--window', '0', '--db', db), /classifies texts: look inside it with a text/);
    expectCleanFailure(seqlab('explain', '--run', String(lstm), '--db', db), /permutation importance is for forecast runs/);
  });
});
