// Runs in: renderer. Training runs: starting and stopping, live events, the stored list, and which run is shown.
import { SvelteMap } from 'svelte/reactivity';
import type { ForecastConfig, RunSummary, SeqlabApi, SeqlabEvent } from '../../shared/api';
import { errorText } from './error-text';
import { RunView } from './run-view.svelte';

export class RunsState {
  readonly #api: SeqlabApi;
  readonly #views = new SvelteMap<number, RunView>();
  /** Stored runs, newest first. */
  list = $state.raw<RunSummary[]>([]);
  listError = $state<string | null>(null);
  shownRunId = $state<number | null>(null);
  /** True from pressing Train until startTraining answers. */
  starting = $state(false);
  /** Error from startTraining / stopTraining, shown in an alert next to the buttons. */
  actionError = $state<string | null>(null);
  stopping = $state(false);

  readonly shown = $derived(this.shownRunId === null ? null : (this.#views.get(this.shownRunId) ?? null));

  /** The run Stop acts on: the shown one when it runs, else any running run this window knows about. */
  readonly runningRunId = $derived.by(() => {
    if (this.shown?.status === 'running') return this.shown.runId;
    for (const view of this.#views.values()) if (view.status === 'running') return view.runId;
    return null;
  });

  constructor(api: SeqlabApi) {
    this.#api = api;
  }

  /** The live view of a run if this window has one (does not create it). */
  peek(runId: number): RunView | undefined {
    return this.#views.get(runId);
  }

  view(runId: number): RunView {
    let view = this.#views.get(runId);
    if (!view) {
      view = new RunView(runId);
      this.#views.set(runId, view);
    }
    return view;
  }

  async start(config: ForecastConfig): Promise<void> {
    this.starting = true;
    this.actionError = null;
    try {
      const { runId } = await this.#api.startTraining(config);
      const view = this.view(runId);
      view.totalEpochs ??= config.epochs;
      this.shownRunId = runId;
    } catch (error) {
      this.actionError = errorText(error);
    } finally {
      this.starting = false;
    }
  }

  async stop(): Promise<void> {
    const runId = this.runningRunId;
    if (runId === null) return;
    this.stopping = true;
    this.actionError = null;
    try {
      await this.#api.stopTraining(runId);
    } catch (error) {
      this.actionError = errorText(error);
    } finally {
      this.stopping = false;
    }
  }

  handle(event: SeqlabEvent): void {
    if (event.type === 'import-progress') return;
    const view = this.view(event.runId);
    view.apply(event);
    if (event.type === 'run-started') {
      // Show a run this window started, or any new run when nothing else is running on screen.
      if (this.starting || this.shown?.status !== 'running') this.shownRunId = event.runId;
      void this.refresh();
    } else if (event.type === 'run-finished') {
      void this.#loadDetail(view);
      void this.refresh();
    }
  }

  async refresh(): Promise<void> {
    try {
      const runs = await this.#api.listRuns();
      this.list = [...runs].sort((a, b) => b.id - a.id);
      this.listError = null;
      for (const run of runs) {
        const view = this.#views.get(run.id);
        if (view && view.totalEpochs === null) view.totalEpochs = run.config.epochs;
      }
    } catch (error) {
      this.listError = errorText(error);
    }
  }

  async open(runId: number): Promise<void> {
    this.shownRunId = runId;
    await this.#loadDetail(this.view(runId));
  }

  async #loadDetail(view: RunView): Promise<void> {
    try {
      view.applyDetail(await this.#api.getRun(view.runId));
      view.loadError = null;
    } catch (error) {
      view.loadError = errorText(error);
    }
  }
}
