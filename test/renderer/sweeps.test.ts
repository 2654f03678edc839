// Runs in: vitest (jsdom). Sweeps: the form counts the runs before starting and blocks bad values; the sweep view
// ranks the sweep's runs, follows sweep-updated and run-finished events, and stops and resumes.
import '@testing-library/svelte/vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { ForecastConfig } from '../../shared/model/config';
import type { RunSummary } from '../../shared/model/run';
import { SWEEP_PARAMS, type SweepDetail, type SweepParam, type SweepSpec, type SweepSummary } from '../../shared/model/experiments';
import { configFor, epochsFor, makeRun, type FakeApi } from '../support/fake-api';
import { withLogFields } from '../support/fake-run-log';
import { importSzegedSample, renderApp } from '../support/render-app';

type Combination = Partial<Record<SweepParam, number | string>>;

interface FakeSweep {
  summary: Omit<SweepSummary, 'total' | 'finished' | 'running' | 'pending'>;
  spec: SweepSpec;
  runIds: number[];
  pending: Combination[];
}

/** Sweeps as main runs them, over the fake's runs: the grid in SWEEP_PARAMS order, `concurrency` runs at a time. */
function withSweeps(fake: FakeApi) {
  const sweeps = new Map<number, FakeSweep>();
  const summaryOf = (id: number): SweepSummary => {
    const sweep = sweeps.get(id)!;
    const runs = sweep.runIds.map((runId) => fake.runs.get(runId)!);
    const finished = runs.filter((run) => run.status !== 'running').length;
    return { ...sweep.summary, total: sweep.runIds.length + sweep.pending.length, finished, running: runs.length - finished, pending: sweep.pending.length };
  };
  const startNext = async (id: number) => {
    const sweep = sweeps.get(id)!;
    while (sweep.summary.status === 'running' && sweep.pending.length > 0 && summaryOf(id).running < sweep.spec.concurrency) {
      const combination = sweep.pending.shift()!;
      const { runId } = await fake.api.startTraining({ ...(sweep.spec.base as ForecastConfig), ...combination } as ForecastConfig);
      fake.runs.set(runId, { ...fake.runs.get(runId)!, sweepId: id });
      sweep.runIds.push(runId);
    }
    if (summaryOf(id).running === 0 && sweep.pending.length === 0) sweep.summary.status = 'completed';
    fake.emit({ type: 'sweep-updated', sweepId: id });
  };
  fake.api.startSweep.mockImplementation(async (spec) => {
    let grid: Combination[] = [{}];
    const params = SWEEP_PARAMS.filter((param) => spec.values[param]);
    for (const param of params) grid = grid.flatMap((c) => (spec.values[param] as (number | string)[]).map((v) => ({ ...c, [param]: v })));
    const id = sweeps.size + 1;
    sweeps.set(id, {
      summary: { id, name: spec.name, createdAt: new Date(Date.UTC(2025, 10, 21, 10, id)).toISOString(), status: 'running', mode: spec.mode, concurrency: spec.concurrency, params },
      spec,
      runIds: [],
      pending: spec.mode === 'random' ? grid.slice(0, spec.samples) : grid,
    });
    await startNext(id);
    return { sweepId: id };
  });
  fake.api.listSweeps.mockImplementation(async () => [...sweeps.keys()].map(summaryOf));
  fake.api.getSweep.mockImplementation(async (id): Promise<SweepDetail> => {
    const sweep = sweeps.get(id);
    if (!sweep) throw new Error(`Sweep ${id} is not in the run log.`);
    const runs = sweep.runIds.map((runId) => withLogFields(fake.runs.get(runId)!) as RunSummary);
    const loss = (run: RunSummary) => run.bestValLoss ?? Infinity;
    return { ...summaryOf(id), spec: sweep.spec, runs: runs.sort((a, b) => loss(a) - loss(b)), pendingCombinations: sweep.pending };
  });
  fake.api.stopSweep.mockImplementation(async (id) => {
    const sweep = sweeps.get(id)!;
    sweep.summary.status = 'stopped';
    for (const runId of sweep.runIds) if (fake.runs.get(runId)!.status === 'running') finishRun(runId, null, 'stopped');
    fake.emit({ type: 'sweep-updated', sweepId: id });
  });
  fake.api.resumeSweep.mockImplementation(async (id) => {
    sweeps.get(id)!.summary.status = 'running';
    await startNext(id);
  });

  /** Ends a run with a given best validation loss (and test MAE), as the trainer would, then lets its sweep go on. */
  function finishRun(runId: number, bestLoss: number | null, status: 'completed' | 'stopped' = 'completed', mae = 0.5): void {
    const run = fake.runs.get(runId)!;
    const done = makeRun(runId, run.config as ForecastConfig, status);
    const epochs = bestLoss === null ? [] : epochsFor(2).map((e, i) => ({ ...e, valLoss: bestLoss * (2 - i) }));
    fake.runs.set(runId, { ...done, sweepId: run.sweepId, epochs, metrics: done.metrics && { ...done.metrics, test: { mae, rmse: mae * 1.4, mape: 9 } } });
    fake.emit({ type: 'run-finished', runId, status, error: null });
    const sweepId = run.sweepId;
    if (sweepId && status === 'completed') void startNext(sweepId);
  }
  return { sweeps, finishRun };
}

async function openForm(): Promise<HTMLElement> {
  await fireEvent.click(screen.getByRole('button', { name: 'New sweep…' }));
  return screen.getByRole('group', { name: 'New sweep' });
}

const type = (form: HTMLElement, label: string, value: string) => fireEvent.input(within(form).getByLabelText(label), { target: { value } });

describe('sweep form', () => {
  it('asks for a loaded, valid setup first', async () => {
    renderApp();
    const form = await openForm();
    expect(within(form).getByText(/Load a dataset.*forecast setup/)).toBeTruthy();
    expect(within(form).queryByRole('button', { name: 'Start sweep' })).toBeNull();
  });

  it('counts the runs as values are typed, blocks bad values, and starts the sweep from the setup', async () => {
    const fake = renderApp();
    withSweeps(fake);
    await importSzegedSample();
    await fireEvent.input(screen.getByLabelText('Epochs'), { target: { value: '3' } });
    const form = await openForm();

    await type(form, 'Hidden units values', '8, 16');
    await fireEvent.click(within(form).getByRole('checkbox', { name: 'GRU' }));
    await fireEvent.click(within(form).getByRole('checkbox', { name: 'LSTM' }));
    expect(within(form).getByText('Will make 4 runs (every one of 4 combinations).')).toBeTruthy();
    await type(form, 'Window values', '4, 8, 12');
    expect(within(form).getByText('Will make 12 runs (every one of 12 combinations).')).toBeTruthy();

    // A bad value: a message at the field, no count, and Start does not reach the API.
    await type(form, 'Dropout values', '0, 1.5');
    expect(within(form).getByText('Dropout must be below 1 ("1.5")')).toBeTruthy();
    expect(within(form).getByLabelText('Dropout values').getAttribute('aria-invalid')).toBe('true');
    expect(within(form).getByText('Fix the values to see how many runs this makes.')).toBeTruthy();
    await type(form, 'Runs at once (1–4)', '6');
    await fireEvent.click(within(form).getByRole('button', { name: 'Start sweep' }));
    expect(within(form).getByText('Runs at once must be between 1 and 4')).toBeTruthy();
    expect(fake.api.startSweep).not.toHaveBeenCalled();

    // Random mode: samples, at most the grid.
    await type(form, 'Dropout values', '');
    await type(form, 'Runs at once (1–4)', '2');
    await fireEvent.click(within(form).getByRole('radio', { name: /Random/ }));
    await type(form, 'Samples', '20');
    expect(within(form).getByText('Only 12 combinations exist: ask for at most 12, or use grid')).toBeTruthy();
    await type(form, 'Samples', '5');
    expect(within(form).getByText('Will make 5 runs, drawn from 12 combinations.')).toBeTruthy();
    await type(form, 'Sweep name', 'window × hidden × cell');
    await fireEvent.click(within(form).getByRole('button', { name: 'Start sweep' }));

    await waitFor(() => expect(fake.api.startSweep).toHaveBeenCalledTimes(1));
    const spec = fake.api.startSweep.mock.calls[0][0];
    expect(spec).toMatchObject({ name: 'window × hidden × cell', mode: 'random', samples: 5, seed: 0, concurrency: 2 });
    expect(spec.values).toEqual({ window: [4, 8, 12], hiddenUnits: [8, 16], cell: ['GRU', 'LSTM'] });
    expect(spec.base).toMatchObject({ task: 'forecast', target: 'Temperature (C)', epochs: 3, window: 5 });
    // The form closes and the new sweep is shown with its first runs.
    await waitFor(() => expect(screen.queryByRole('group', { name: 'New sweep' })).toBeNull());
    expect(await screen.findByRole('heading', { name: 'Sweep 1: window × hidden × cell' })).toBeTruthy();
    expect(await screen.findByText(/0 of 5 runs finished, 2 running, 3 waiting/)).toBeTruthy();
  });

  it('shows the API’s message when the sweep cannot start', async () => {
    const fake = renderApp();
    fake.api.startSweep.mockRejectedValueOnce(new Error('Window 4000 leaves no windows in the validation split: use a window under 400.'));
    await importSzegedSample();
    const form = await openForm();
    await type(form, 'Window values', '5, 4000');
    await fireEvent.click(within(form).getByRole('button', { name: 'Start sweep' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/Window 4000 leaves no windows/);
    expect(screen.getByRole('group', { name: 'New sweep' })).toBeTruthy();
  });
});

describe('sweep view', () => {
  const rankedRuns = () =>
    within(screen.getByRole('table', { name: /ranking, best first/ }))
      .getAllByRole('row')
      .slice(1)
      .map((row) => within(row).getAllByRole('cell').map((cell) => cell.textContent?.trim()));

  async function startSweep(fake: FakeApi, base: ForecastConfig) {
    await fake.api.startSweep({ name: 'hidden', base, mode: 'grid', values: { hiddenUnits: [4, 8, 16] }, seed: 0, concurrency: 2 });
  }

  it('ranks the chosen sweep’s runs, and updates live as runs finish', async () => {
    const fake = renderApp();
    const { finishRun } = withSweeps(fake);
    await startSweep(fake, configFor({ epochs: 2 }));
    await fireEvent.click(await screen.findByRole('button', { name: '#1 hidden' }));
    await screen.findByRole('heading', { name: 'Sweep 1: hidden' });
    expect(screen.getByText(/0 of 3 runs finished, 2 running, 1 waiting/)).toBeTruthy();

    finishRun(2, 0.02);
    await waitFor(() => expect(screen.getByText(/1 of 3 runs finished, 2 running/)).toBeTruthy());
    finishRun(1, 0.05);
    finishRun(3, 0.01);
    await waitFor(() => expect(screen.getByText(/3 of 3 runs finished/)).toBeTruthy());
    // Rank, run, hidden units, status, best val loss: best first.
    await waitFor(() => expect(rankedRuns().map((row) => row.slice(0, 5))).toEqual([
      ['1', '#3', '16', 'Completed', '0.01'],
      ['2', '#2', '8', 'Completed', '0.02'],
      ['3', '#1', '4', 'Completed', '0.05'],
    ]));
    // The sweep's own status tag, beside its heading (the runs table tags its runs the same way).
    const sweepHeading = screen.getByRole('heading', { name: 'Sweep 1: hidden' });
    expect(sweepHeading.parentElement?.querySelector('.status-tag')?.textContent).toBe('Completed');
    // The parallel coordinates chart draws one line per run, named in its title.
    const chart = screen.getByRole('img', { name: 'Sweep 1: settings against the metric' });
    expect([...chart.querySelectorAll('path title')].map((t) => t.textContent)).toEqual([
      'Run 1: Hidden units 4, Best validation loss 0.05',
      'Run 2: Hidden units 8, Best validation loss 0.02',
      'Run 3: Hidden units 16, Best validation loss 0.01',
    ]);
  });

  it('re-ranks by another metric chosen for the chart', async () => {
    const fake = renderApp();
    const { finishRun } = withSweeps(fake);
    await startSweep(fake, configFor({ epochs: 2 }));
    await fireEvent.click(await screen.findByRole('button', { name: '#1 hidden' }));
    finishRun(1, 0.01, 'completed', 0.9);
    finishRun(2, 0.02, 'completed', 0.3);
    finishRun(3, 0.03, 'completed', 0.6);
    await waitFor(() => expect(rankedRuns().map((row) => row[1])).toEqual(['#1', '#2', '#3']));
    await fireEvent.change(screen.getByLabelText('Metric axis'), { target: { value: 'testMae' } });
    await waitFor(() => expect(rankedRuns().map((row) => row[1])).toEqual(['#2', '#3', '#1']));
  });

  it('stops and resumes a sweep', async () => {
    const fake = renderApp();
    const { finishRun } = withSweeps(fake);
    await startSweep(fake, configFor({ epochs: 2 }));
    await fireEvent.click(await screen.findByRole('button', { name: '#1 hidden' }));
    await fireEvent.click(await screen.findByRole('button', { name: 'Stop sweep' }));
    expect(fake.api.stopSweep).toHaveBeenCalledWith(1);
    await waitFor(() => expect(screen.getByText(/2 of 3 runs finished, 1 waiting/)).toBeTruthy());
    expect(rankedRuns().map((row) => row[3])).toEqual(['Stopped', 'Stopped']);

    await fireEvent.click(screen.getByRole('button', { name: 'Resume sweep' }));
    expect(fake.api.resumeSweep).toHaveBeenCalledWith(1);
    await waitFor(() => expect(screen.getByText(/2 of 3 runs finished, 1 running/)).toBeTruthy());
    expect(screen.getByRole('button', { name: 'Stop sweep' })).toBeTruthy();
    finishRun(3, 0.02);
    await waitFor(() => expect(screen.getByText(/3 of 3 runs finished/)).toBeTruthy());
    expect(screen.queryByRole('button', { name: /Stop sweep|Resume sweep/ })).toBeNull();
  });
});
