// Runs in: renderer. The window's state, composed: one instance per window, made by App.svelte, which hands each
// feature its part through that feature's context. Only App.svelte imports this file.
import type { SeqlabApi } from '../shared/api/seqlab-api';
import { CompareState, setCompareState } from './compare/compare-state.svelte';
import { EvaluationState, setEvaluationState } from './evaluation/evaluation-state.svelte';
import { ImportState, setImportState } from './import/import-state.svelte';
import { RunsState, setRunsState } from './runs/runs-state.svelte';
import { Session, setSession } from './session/session.svelte';
import { loadSession, saveSession, type SavedSession } from './session/saved-session';
import { SetupState, setSetupState } from './setup/setup-state.svelte';
import { SweepsState, setSweepsState } from './sweeps/sweeps-state.svelte';
import { TextPreviewState, setTextPreviewState } from './text/text-preview-state.svelte';

export class AppState {
  readonly session: Session;
  readonly setup = new SetupState();
  readonly importer: ImportState;
  readonly textPreview: TextPreviewState;
  readonly runs: RunsState;
  readonly compare: CompareState;
  readonly sweeps: SweepsState;
  readonly evaluation: EvaluationState;

  constructor(api: SeqlabApi) {
    this.session = new Session(api);
    this.importer = new ImportState(api, (dataset) => this.setup.useDataset(dataset));
    this.textPreview = new TextPreviewState(api);
    this.runs = new RunsState(api);
    this.compare = new CompareState(api);
    this.sweeps = new SweepsState(api);
    // A finished backtest's parent run joins the runs table; a finished search's sweep the Sweeps view.
    this.evaluation = new EvaluationState(api, { onFinished: () => void Promise.all([this.runs.refresh(), this.sweeps.load()]) });
  }

  /** Sets every feature's context; call while the root component initialises. */
  provide(): void {
    setSession(this.session);
    setSetupState(this.setup);
    setImportState(this.importer);
    setTextPreviewState(this.textPreview);
    setRunsState(this.runs);
    setCompareState(this.compare);
    setSweepsState(this.sweeps);
    setEvaluationState(this.evaluation);
  }

  /** Subscribes to the backend, puts the saved session back and loads the first data; returns the cleanup. */
  start(): () => void {
    const stopEvents = this.session.api.onEvent((event) => {
      this.importer.handle(event);
      this.runs.handle(event);
      this.sweeps.handle(event);
      this.evaluation.handle(event);
    });
    // A restarted server may hold other runs; reload what the window shows from it.
    const stopConnection = this.session.watchConnection(() => void this.load());
    const saved = loadSession();
    this.#restoreForms(saved);
    void this.load().then(() => this.#restoreRun(saved));
    // From here on every change is kept, so a reload or an app restart comes back to it.
    const stopSaving = $effect.root(() => {
      $effect(() => saveSession(this.#snapshot()));
    });
    return () => {
      stopEvents();
      stopConnection();
      stopSaving();
    };
  }

  #snapshot(): SavedSession {
    return {
      dataset: this.importer.dataset,
      task: this.setup.task,
      forecast: this.setup.forecast.values(),
      text: this.setup.text.values(),
      runId: this.runs.shownRunId,
    };
  }

  /** The dataset (checked with main in the background), the task and both forms as they were. */
  #restoreForms(saved: SavedSession | null): void {
    if (!saved) return;
    if (saved.dataset) void this.importer.restore(saved.dataset);
    if (saved.forecast) this.setup.forecast.restoreValues(saved.forecast);
    if (saved.text) this.setup.text.restoreValues(saved.text);
    this.setup.task = saved.task;
  }

  /** The run that was open, live if it still trains; else any run training now (started before the reload). */
  async #restoreRun(saved: SavedSession | null): Promise<void> {
    if (this.runs.shownRunId !== null) return;
    const running = this.runs.list.find((run) => run.status === 'running');
    const runId = saved?.runId ?? running?.id ?? null;
    if (runId !== null) await this.runs.reopen(runId);
  }

  async train(): Promise<void> {
    const config = this.setup.submit();
    if (config) await this.runs.start(config);
  }

  async load(): Promise<void> {
    await Promise.all([this.importer.loadSamples(), this.runs.refresh(), this.sweeps.load(), this.session.loadBackendInfo(), this.evaluation.restore()]);
  }
}
