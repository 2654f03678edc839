// Runs in: vitest (jsdom). "Run again" on a finished run: main starts a rerun, the window shows it, and once it ends
// it says whether it reproduced the original; every run shows where it came from.
import '@testing-library/svelte/vitest';
import { fireEvent, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { RunDetail } from '../../shared/model/run';
import { configFor, makeRun, type FakeApi } from '../support/fake-api';
import { renderApp } from '../support/render-app';

const PROVENANCE = { seqlabVersion: '0.1.0', tfjsVersion: '4.22.0', nodeVersion: 'v22.12.0', platform: 'linux-x64', datasetPath: '/data/szeged-3000.csv' };

function stored(): RunDetail[] {
  return [{ ...makeRun(1, configFor({ cell: 'GRU', seed: 7 })), provenance: PROVENANCE }, makeRun(2, configFor(), 'running')];
}

/** rerun as main does it: the same settings as a new run marked as a rerun of the original. */
function withRerun(fake: FakeApi): FakeApi {
  fake.api.rerun.mockImplementation(async (runId) => {
    const original = await fake.api.getRun(runId);
    if (original.status === 'running') throw new Error(`Run ${runId} is still training: wait for it to end, then run it again.`);
    if (original.config.task !== 'forecast') throw new Error('The fake reruns forecast runs only');
    const { runId: newId } = await fake.api.startTraining(original.config);
    fake.runs.set(newId, { ...fake.runs.get(newId)!, rerunOf: runId, provenance: PROVENANCE });
    return { runId: newId };
  });
  return fake;
}

describe('run again', () => {
  it('calls rerun for the shown run, shows the new run, and then whether it matched', async () => {
    const fake = withRerun(renderApp(stored()));
    await fireEvent.click(await screen.findByRole('button', { name: 'Open run 1' }));
    await fireEvent.click(await screen.findByRole('button', { name: 'Run again' }));
    expect(fake.api.rerun).toHaveBeenCalledWith(1);
    await waitFor(() => expect(screen.getByRole('heading', { name: 'Run 3' })).toBeTruthy());
    expect(fake.runs.get(3)?.config).toEqual(fake.runs.get(1)?.config);
    expect(await screen.findByText('Run again of run 1.')).toBeTruthy();
    // Still training: nothing to run again or export yet.
    expect(screen.queryByRole('button', { name: 'Run again' })).toBeNull();

    // Main stores the verdict when the rerun ends, then announces the end.
    fake.runs.set(3, {
      ...makeRun(3, fake.runs.get(1)!.config as ReturnType<typeof configFor>),
      rerunOf: 1,
      provenance: PROVENANCE,
      reproduction: { ofRunId: 1, matched: true, message: 'Matches run 1 exactly' },
    });
    fake.emit({ type: 'run-finished', runId: 3, status: 'completed', error: null });
    expect(await screen.findByText('Matches run 1 exactly')).toBeTruthy();
    expect(screen.getByText('Reproduced:')).toBeTruthy();
  });

  it('says what differed when a rerun did not reproduce', async () => {
    const runs = stored();
    runs.push({ ...makeRun(3, configFor({ cell: 'GRU', seed: 7 })), rerunOf: 1, reproduction: { ofRunId: 1, matched: false, message: 'Differs from run 1: backend wasm, was cpu' } });
    renderApp(runs);
    await fireEvent.click(await screen.findByRole('button', { name: 'Open run 3' }));
    expect(await screen.findByText('Differs from run 1: backend wasm, was cpu')).toBeTruthy();
    expect(screen.getByText('Did not reproduce:')).toBeTruthy();
  });

  it('shows the run’s provenance: backend, versions, data', async () => {
    renderApp(stored());
    await fireEvent.click(await screen.findByRole('button', { name: 'Open run 1' }));
    const summary = await screen.findByText('Provenance');
    const details = summary.closest('details')!;
    expect(details.textContent).toContain('4.22.0');
    expect(details.textContent).toContain('v22.12.0');
    expect(details.textContent).toContain('linux-x64');
    expect(details.textContent).toContain('/data/szeged-3000.csv');
    expect(details.textContent).toMatch(/Backend\s*wasm/);
    expect(details.textContent).toMatch(/Seed\s*7/);
  });

  it('shows the API’s message when a rerun cannot start', async () => {
    const fake = renderApp(stored());
    fake.api.rerun.mockRejectedValueOnce(new Error('szeged-3000.csv is not where run 1 found it (/data/szeged-3000.csv): load the file again, then press Run again.'));
    await fireEvent.click(await screen.findByRole('button', { name: 'Open run 1' }));
    await fireEvent.click(await screen.findByRole('button', { name: 'Run again' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/is not where run 1 found it.*load the file again/);
    expect(screen.getByRole('heading', { name: 'Run 1' })).toBeTruthy();
  });
});
