// Runs in: vitest (jsdom). The Inside view of a finished run on the fake API: choosing a window (worst predicted, by
// index, on the predictions chart), the layers' heatmaps, the equations' matrices, one step's computation checked
// against the course's equations written out here, the Dense head, permutation importance with its wait state, and
// a text run's words, embedding lookup and layers.
import '@testing-library/svelte/vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Explanation } from '../../shared/model/inspect';
import type { RunDetail } from '../../shared/model/run';
import { formatValue as formatMetric } from '../../renderer/inside/format-value';
import { configFor, makeRun } from '../support/fake-api';
import { fakeExplanation, fakeForecastInspection, fakeTextInspection, type StackShape } from '../support/fake-inspect';
import { makeTextRun, textConfigFor } from '../support/fake-text';
import { renderApp } from '../support/render-app';

afterEach(() => vi.restoreAllMocks());

/** A forecast run with a saved model whose worst first-step error is on window 17. */
function forecastRun(id: number, shape: StackShape): RunDetail {
  const run = makeRun(id, configFor({ cell: shape.cell, hiddenUnits: shape.units, layers: shape.layers ?? 1, bidirectional: shape.bidirectional ?? false }));
  const predicted = run.predictions!.truth.map((v, k) => v + (k === 17 ? 4 : k === 3 ? -2.5 : 0.3));
  return { ...run, hasModel: true, predictions: { ...run.predictions!, predicted } };
}

async function openInside(runId: number): Promise<void> {
  await fireEvent.click(await screen.findByRole('button', { name: `Open run ${runId}` }));
  await fireEvent.click(await screen.findByRole('button', { name: 'Open Inside the model' }));
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const column = (v: number[], m: number[][], c: number) => v.reduce((s, x, i) => s + x * m[i][c], 0);
const cells = (row: HTMLElement) => [...row.children].map((c) => c.textContent?.trim() ?? '');
/** The sentence above the window's view: "Window 17 of 40: 6 steps of 2 inputs, ...". */
const summary = () => document.querySelector('.forecast-inside .summary')?.textContent?.replace(/\s+/g, ' ') ?? '';
async function shownWindow(k: number): Promise<void> {
  await waitFor(() => expect(summary()).toMatch(new RegExp(`^ ?Window ${k} of 40:`)));
}

describe('Inside a forecast run', () => {
  it('opens on the worst-predicted window and shows its inputs, every state and gate, the equations and the prediction', async () => {
    const shape: StackShape = { cell: 'LSTM', units: 4 };
    const fake = renderApp([forecastRun(1, shape)]);
    fake.api.inspectRun.mockImplementation(async (runId, target) => fakeForecastInspection(runId, 'window' in target ? target.window : 0, shape));
    await openInside(1);
    await waitFor(() => expect(fake.api.inspectRun).toHaveBeenCalledWith(1, { window: 17 }));
    await shownWindow(17);
    expect(summary()).toMatch(/6 steps of 2 inputs/);

    // Inputs raw and scaled at the chosen step (the last one to start with).
    const r = fakeForecastInspection(1, 17, shape);
    const inputs = screen.getByRole('table', { name: /^Inputs at step t/ });
    expect(cells(within(inputs).getByRole('row', { name: /Humidity/ }))).toEqual(['Humidity', formatMetric(r.inputs.raw[5][1]), formatMetric(r.inputs.scaled[5][1])]);

    // h_t, the four LSTM blocks and c_t, each a heatmap one can choose a step on.
    for (const name of ['h_t, hidden state', 'i_t, input gate', 'f_t, forget gate', 'g_t, candidate', 'o_t, output gate', 'c_t, cell state']) {
      expect(screen.getByRole('slider', { name: new RegExp(`^${name} of layer 1: choose a step`) })).toBeTruthy();
    }
    // A weight symbol shows its matrix with its shape.
    await fireEvent.click(screen.getByRole('button', { name: 'W_xf, input weights of the forget gate, 2 × 4' }));
    expect(screen.getByRole('img', { name: 'W_xf, input weights of the forget gate, 2 × 4' })).toBeTruthy();
    expect(screen.getByText('(2 × 4)')).toBeTruthy();

    // The Dense head into the prediction, beside the truth.
    const prediction = screen.getByRole('table', { name: 'Prediction of window 17 beside the truth' });
    const row = cells(within(prediction).getAllByRole('row')[1]);
    expect(row[0]).toBe('t+1');
    expect(row[2]).toBe(`${formatMetric(r.predictionScaled[0])} × 8 + 12 = ${formatMetric(r.prediction[0])}`);
    expect(row[3]).toBe(formatMetric(r.truth[0]));
  });

  it('computes the chosen step for the chosen unit: each gate\'s pre-activation, then its activation, then c_t and h_t', async () => {
    const shape: StackShape = { cell: 'LSTM', units: 4, recurrentActivation: 'sigmoid' };
    const fake = renderApp([forecastRun(1, shape)]);
    fake.api.inspectRun.mockImplementation(async (runId, target) => fakeForecastInspection(runId, 'window' in target ? target.window : 0, shape));
    await openInside(1);
    const step = await screen.findByRole('slider', { name: 'Step' });
    await fireEvent.input(step, { target: { value: '2' } });
    await fireEvent.change(screen.getByRole('combobox', { name: 'Unit of layer 1' }), { target: { value: '3' } });

    const { layers, inputs } = fakeForecastInspection(1, 17, shape);
    const { weights, hiddenStates, cellStates } = layers[0];
    const x = inputs.scaled[2];
    const hPrev = hiddenStates[1];
    const table = await screen.findByRole('table', { name: /^Step t−3 · .*, unit 3: pre-activation, then activation$/ });
    const gates = { i: 0, f: 1, c: 2, o: 3 };
    const values: Record<string, number> = {};
    for (const [gate, k] of Object.entries(gates)) {
      const col = k * 4 + 3;
      const pre = column(x, weights.kernel, col) + column(hPrev, weights.recurrentKernel, col) + weights.bias[col];
      values[gate] = gate === 'c' ? Math.tanh(pre) : sigmoid(pre);
      const symbol = gate === 'c' ? 'g' : gate;
      const line = cells(within(table).getByRole('row', { name: new RegExp(`^${symbol} `) }));
      expect(line.slice(1)).toEqual([
        formatMetric(column(x, weights.kernel, col)),
        formatMetric(column(hPrev, weights.recurrentKernel, col)),
        formatMetric(weights.bias[col]),
        formatMetric(pre),
        `${gate === 'c' ? 'tanh' : 'σ'}(z) = ${formatMetric(values[gate])}`,
      ]);
    }
    const c = values.f * cellStates![1][3] + values.i * values.c;
    expect(c).toBeCloseTo(cellStates![2][3], 12);
    const h = values.o * Math.tanh(c);
    expect(h).toBeCloseTo(hiddenStates[2][3], 12);
    const result = table.closest('.step')!.querySelector('.result')!.textContent!.replace(/\s+/g, ' ');
    expect(result).toContain(`= ${formatMetric(c)};`);
    expect(result).toContain(`${formatMetric(values.o)} × tanh(${formatMetric(c)}) = ${formatMetric(h)}`);
    expect(screen.queryByText(/recomputed here differ/)).toBeNull();
  });

  it('chooses a window by index, from the worst predicted and on the predictions chart; a refused index says why', async () => {
    const shape: StackShape = { cell: 'SimpleRNN', units: 3 };
    const fake = renderApp([forecastRun(1, shape)]);
    fake.api.inspectRun.mockImplementation(async (runId, target) => {
      if ('window' in target && target.window === 39) throw new Error('The run\'s data file changed since it trained: re-import it.');
      return fakeForecastInspection(runId, 'window' in target ? target.window : 0, shape);
    });
    await openInside(1);
    await shownWindow(17);

    const worst = screen.getByRole('list', { name: 'Worst predicted' });
    // The two large misses first (the rest are all off by 0.3, up to rounding).
    const listed = within(worst).getAllByRole('button').map((b) => b.getAttribute('aria-label')?.split(':')[0]);
    expect(listed).toHaveLength(5);
    expect(listed.slice(0, 2)).toEqual(['Window 17', 'Window 3']);
    await fireEvent.click(within(worst).getByRole('button', { name: /^Window 3:/ }));
    await shownWindow(3);

    const field = screen.getByRole('spinbutton', { name: 'Test window' });
    await fireEvent.input(field, { target: { value: '25' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Show window' }));
    await shownWindow(25);
    await fireEvent.input(field, { target: { value: '40' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Show window' }));
    expect(screen.getByText('Choose a whole number from 0 to 39.')).toBeTruthy();

    // The predictions chart: End picks the last test window, whose look fails with the backend's message.
    const chart = screen.getByRole('slider', { name: 'Test predictions: choose a window' });
    await fireEvent.keyDown(chart, { key: 'End' });
    expect(await screen.findByText('The run\'s data file changed since it trained: re-import it.')).toBeTruthy();
    expect(fake.api.inspectRun.mock.calls.map(([, target]) => target)).toEqual([{ window: 17 }, { window: 3 }, { window: 25 }, { window: 39 }]);
    // SimpleRNN: one equation, its three weights.
    expect(screen.getByRole('button', { name: 'W_xh, input weights of the hidden state, 2 × 3' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'W_hh, recurrent weights of the hidden state, 3 × 3' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'b, bias of the hidden state, 1 × 3' })).toBeTruthy();
  });

  it('shows both directions of a stacked bidirectional GRU; the backward pass reads the step after', async () => {
    const shape: StackShape = { cell: 'GRU', units: 2, layers: 2, bidirectional: true, recurrentActivation: 'hardSigmoid' };
    const fake = renderApp([forecastRun(1, shape)]);
    fake.api.inspectRun.mockImplementation(async (runId, target) => fakeForecastInspection(runId, 'window' in target ? target.window : 0, shape));
    await openInside(1);
    for (const title of ['Layer 1 · GRU, 2 units · forward', 'Layer 1 · GRU, 2 units · backward', 'Layer 2 · GRU, 2 units · forward', 'Layer 2 · GRU, 2 units · backward']) {
      expect(await screen.findByRole('heading', { name: title })).toBeTruthy();
    }
    // Layer 2 reads both directions of layer 1: its kernel has 4 rows.
    expect(screen.getAllByRole('button', { name: /^W_xz, input weights of the update gate, 4 × 2$/ })).toHaveLength(2);
    expect(screen.getAllByText(/hard sigmoid/).length).toBeGreaterThan(0);

    // Step 2 of the backward layer 1: its previous state is the one at step 3.
    await fireEvent.input(screen.getByRole('slider', { name: 'Step' }), { target: { value: '2' } });
    const { layers, inputs } = fakeForecastInspection(1, 17, shape);
    const backward = layers[1];
    const section = screen.getByRole('heading', { name: 'Layer 1 · GRU, 2 units · backward' }).closest('section')!;
    const table = within(section).getByRole('table', { name: /unit 0: pre-activation/ });
    const col = 0; // z block, unit 0
    const pre = column(inputs.scaled[2], backward.weights.kernel, col) + column(backward.hiddenStates[3], backward.weights.recurrentKernel, col) + backward.weights.bias[col];
    expect(cells(within(table).getByRole('row', { name: /^z / }))[4]).toBe(formatMetric(pre));
    expect(within(section).getByText(/the pass read step t−2/)).toBeTruthy();
  });

  it('computes permutation importance only when asked, with a wait state, then bars per column and per lag', async () => {
    const shape: StackShape = { cell: 'SimpleRNN', units: 3 };
    const fake = renderApp([forecastRun(1, shape)]);
    fake.api.inspectRun.mockImplementation(async (runId, target) => fakeForecastInspection(runId, 'window' in target ? target.window : 0, shape));
    let answer!: (value: Explanation) => void;
    fake.api.explainRun.mockImplementation(() => new Promise((resolve) => (answer = resolve)));
    await openInside(1);
    await screen.findByRole('slider', { name: /^Gradient × input over the window's steps: choose a step/ });
    expect(fake.api.explainRun).not.toHaveBeenCalled();

    await fireEvent.input(screen.getByRole('spinbutton', { name: 'Repeats' }), { target: { value: '2' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Compute importance' }));
    expect(fake.api.explainRun).toHaveBeenCalledWith(1, { repeats: 2, maxWindows: 500 });
    expect(await screen.findByText(/Shuffling each column and each lag, 2 times/)).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Computing importance…' }) as HTMLButtonElement).disabled).toBe(true);

    answer(fakeExplanation(1));
    const columns = await screen.findByRole('table', { name: 'Permutation importance per input column' });
    expect(within(columns).getAllByRole('row').slice(1).map(cells)).toEqual([
      ['Temperature (C)', '', '1.25 ± 0.125'],
      ['Humidity', '', '0.05 ± 0.005'],
    ]);
    const lags = screen.getByRole('table', { name: 'Permutation importance per lag' });
    expect(within(lags).getAllByRole('row').slice(1).map((row) => cells(row)[0])).toEqual(['lag 6', 'lag 5', 'lag 4', 'lag 3', 'lag 2', 'lag 1']);
    expect(screen.getByText(/Test MAE as is:/).textContent!.replace(/\s+/g, ' ')).toMatch(/0\.5 over 40 of 40 test windows; 3 shuffles each \(seed 0\)/);
    expect(screen.queryByText(/Shuffling each column/)).toBeNull();
  });

  it('offers no Inside view for a run without a saved model', async () => {
    renderApp([{ ...forecastRun(1, { cell: 'LSTM', units: 2 }), hasModel: false }]);
    await fireEvent.click(await screen.findByRole('button', { name: 'Open run 1' }));
    await screen.findByRole('heading', { name: 'Run 1' });
    expect(screen.queryByRole('button', { name: 'Open Inside the model' })).toBeNull();
  });
});

describe('Inside a text run', () => {
  it('highlights each word\'s contribution, shows the embedding lookup with [UNK] and [PAD], and every layer over the words', async () => {
    const fake = renderApp([makeTextRun(1, textConfigFor())]);
    fake.api.inspectRun.mockImplementation(async (runId, target) => fakeTextInspection(runId, 'text' in target ? target.text : ''));
    await fireEvent.click(await screen.findByRole('button', { name: 'Open run 1' }));
    await fireEvent.click(await screen.findByRole('button', { name: 'Open Inside the model' }));
    // Nothing runs until the user asks.
    expect(fake.api.inspectRun).not.toHaveBeenCalled();
    const box = screen.getByRole('textbox', { name: 'Sentence to look inside with' });
    await fireEvent.input(box, { target: { value: 'A great film, zorgly boring' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Look inside' }));
    expect(fake.api.inspectRun).toHaveBeenCalledWith(1, { text: 'A great film, zorgly boring' });

    const r = fakeTextInspection(1, 'A great film, zorgly boring');
    const words = await screen.findByRole('list', { name: `Each word's contribution to ${r.predicted}` });
    expect(within(words).getAllByRole('listitem').map((w) => w.textContent)).toEqual(['a: 0', 'great: +0.2', 'film: +0.02', 'zorgly: +0.03', 'boring: -0.15']);

    const lookup = screen.getByRole('table', { name: 'Embedding lookup: word, id, row of the table' });
    const rows = within(lookup).getAllByRole('row').slice(1).map((row) => cells(row).slice(0, 2));
    expect(rows).toEqual([['a', '3'], ['great', '5'], ['film', '4'], ['zorgly', '0 [UNK]'], ['boring', '7']]);
    const ids = screen.getByRole('list', { name: 'The model\'s input row of ids' });
    expect(within(ids).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['3', '5', '4', '0 [UNK]', '7', ...new Array(7).fill('1 [PAD]')]);

    expect(screen.getByRole('heading', { name: 'Layer 1 · LSTM, 3 units' })).toBeTruthy();
    expect(screen.getByRole('slider', { name: /^h_t, hidden state of layer 1: choose a step/ })).toBeTruthy();
    const words2 = screen.getByRole('heading', { name: 'What each word did' }).closest('section')!;
    expect(words2.textContent).toContain(`Predicted ${r.predicted}`);
  });
});
