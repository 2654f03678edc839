// Runs in: renderer. Training runs: starting and stopping, live events, the stored list, and which run is shown.
import { createContext } from 'svelte';
import { SvelteMap } from 'svelte/reactivity';
import type { SeqlabApi, SeqlabEvent } from '../../shared/api/seqlab-api';
import type { RunConfig } from '../../shared/model/config';
import type { RunSummary } from '../../shared/model/run';
import { errorText } from '../ui/error-text';
import { RunView } from './run-view.svelte';
import type { RunPatch, RunsQuery } from '../../shared/model/run-log';

export const RUNS_PAGE_SIZE = 100;

export class RunsState {
  readonly #api: SeqlabApi;
  readonly #views = new SvelteMap<number, RunView>();
  /** The page of stored runs the table shows, in the table's order (newest first unless sorted otherwise). */
  list = $state.raw<RunSummary[]>([]);
  listError = $state<string | null>(null);
  /** The table's filter, sort and page; changing them goes through `setQuery`. */
  query = $state.raw<RunsQuery>({ sort: { column: 'createdAt', direction: 'desc' }, offset: 0, limit: RUNS_PAGE_SIZE });
  /** Runs matching the filter over all pages, and the filter menus' choices. */
  total = $state(0);
  datasets = $state.raw<string[]>([]);
  tags = $state.raw<string[]>([]);
  /** Runs ticked for comparison, in the order they were ticked. */
  selected = $state.raw<number[]>([]);
  /** Error from an edit, archive or delete, shown above the table. */
  editError = $state<string | null>(null);
  #refreshes = 0;
  shownRunId = $state<number | null>(null);
  /** True from pressing Train until startTraining answers. */
  starting = $state(false);
  /** Error from startTraining / stopTraining, shown in an alert next to the buttons. */
  actionError = $state<string | null>(null);
  stopping = $state(false);
  /** True while a pause or resume request is on its way. */
  pausing = $state(false);

  readonly shown = $derived(this.shownRunId === null ? null : (this.#views.get(this.shownRunId) ?? null));

  /** The run Stop acts on: the shown one when it runs, else any running run this window knows about. */
  readonly runningRunId = $derived.by(() => {
    const active = (view: RunView | null) => view?.status === 'running' || view?.status === 'queued';
    if (active(this.shown)) return this.shown!.runId;
    for (const view of this.#views.values()) if (active(view)) return view.runId;
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

  async start(config: RunConfig): Promise<void> {
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

  /** Pause or resume the run Stop acts on; the 'run-paused' event updates the view. */
  async togglePause(): Promise<void> {
    const runId = this.runningRunId;
    if (runId === null) return;
    const paused = this.#views.get(runId)?.paused ?? false;
    this.pausing = true;
    this.actionError = null;
    try {
      await (paused ? this.#api.resumeTraining(runId) : this.#api.pauseTraining(runId));
    } catch (error) {
      this.actionError = errorText(error);
    } finally {
      this.pausing = false;
    }
  }

  handle(event: SeqlabEvent): void {
    // Sweep and job events are their views'; import progress is the import panel's.
    if (event.type === 'import-progress' || event.type === 'sweep-updated' || event.type === 'job-updated') return;
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
    // A slow answer to an older query must not overwrite a newer one (typing in the filter box).
    const ticket = ++this.#refreshes;
    try {
      const page = await this.#api.queryRuns(this.query);
      if (ticket !== this.#refreshes) return;
      const runs = page.runs;
      this.list = runs;
      this.total = page.total;
      this.datasets = page.datasets;
      this.tags = page.tags;
      this.listError = null;
      for (const run of runs) {
        const view = this.#views.get(run.id);
        if (view && view.totalEpochs === null) view.totalEpochs = run.config.epochs;
      }
    } catch (error) {
      this.listError = errorText(error);
    }
  }

  /** New filter or sort: back to the first page. */
  setQuery(change: Partial<Pick<RunsQuery, 'filter' | 'sort'>>): Promise<void> {
    this.query = { ...this.query, ...change, offset: 0 };
    return this.refresh();
  }

  setPage(offset: number): Promise<void> {
    this.query = { ...this.query, offset: Math.max(0, offset) };
    return this.refresh();
  }

  toggleSelected(runId: number): void {
    this.selected = this.selected.includes(runId) ? this.selected.filter((id) => id !== runId) : [...this.selected, runId];
  }

  /** Tags, note, star or archive; the table reloads so filters and sorting see the change. */
  async update(runId: number, patch: RunPatch): Promise<boolean> {
    this.editError = null;
    try {
      await this.#api.updateRun(runId, patch);
      await this.refresh();
      return true;
    } catch (error) {
      this.editError = errorText(error);
      return false;
    }
  }

  async remove(runId: number): Promise<boolean> {
    this.editError = null;
    try {
      await this.#api.deleteRun(runId);
      this.selected = this.selected.filter((id) => id !== runId);
      if (this.shownRunId === runId) this.shownRunId = null;
      this.#views.delete(runId);
      await this.refresh();
      return true;
    } catch (error) {
      this.editError = errorText(error);
      return false;
    }
  }

  async open(runId: number): Promise<void> {
    this.shownRunId = runId;
    await this.#loadDetail(this.view(runId));
  }

  /** Shows a run from an earlier session of the window; a run since deleted is quietly left closed. */
  async reopen(runId: number): Promise<void> {
    const view = this.view(runId);
    try {
      view.applyDetail(await this.#api.getRun(runId));
      view.loadError = null;
      this.shownRunId ??= runId;
    } catch {
      this.#views.delete(runId);
    }
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

export const [getRunsState, setRunsState] = createContext<RunsState>();
