// Runs in: vitest (jsdom). A window that (re)loads asks main for the backtests and searches it holds (listJobs) and
// shows the newest of each kind again: a running one with its progress and Stop, not an older finished one.
import '@testing-library/svelte/vitest';
import { fireEvent, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { BacktestJob, SuggestJob } from '../../shared/model/evaluation';
import { importSzegedSample, renderApp } from '../support/render-app';

const backtest = (jobId: number, patch: Partial<BacktestJob>): BacktestJob => ({
  kind: 'backtest',
  jobId,
  status: 'running',
  updates: 3,
  error: null,
  spec: { folds: 4, mode: 'expanding' },
  fold: 2,
  folds: 4,
  runId: 12,
  parentRunId: null,
  result: null,
  seconds: null,
  ...patch,
});

const suggest: SuggestJob = {
  kind: 'suggest',
  jobId: 2,
  status: 'running',
  updates: 5,
  error: null,
  budgetSeconds: 60,
  tried: 3,
  training: 2,
  rung: 1,
  leader: null,
  startedAt: Date.now(),
  result: null,
};

describe('backtest and search panels after a reload', () => {
  it('shows the newest backtest and search main holds, running, with Stop that reaches main', async () => {
    const fake = renderApp([], {
      before: (f) => f.api.listJobs.mockResolvedValue([backtest(1, { status: 'stopped', fold: 1 }), suggest, backtest(3, {})]),
    });
    await importSzegedSample();
    const panel = document.querySelector('#backtest') as HTMLElement;
    await waitFor(() => expect(panel.textContent).toMatch(/Fold 2 of 4 training \(run 12\)/));
    expect(panel.textContent).toMatch(/Backtest: 4 folds, expanding window/);
    expect(screen.getByRole('button', { name: 'Backtesting…' })).toHaveProperty('disabled', true);
    expect((document.querySelector('#suggest') as HTMLElement).textContent).toMatch(/3 runs tried, 2 training/);
    fake.api.stopJob.mockResolvedValue(undefined);
    await fireEvent.click(screen.getByRole('button', { name: 'Stop backtest' }));
    expect(fake.api.stopJob).toHaveBeenCalledWith(3);
    expect(screen.getByRole('button', { name: 'Stop search' })).toBeTruthy();
  });
});
