// Runs in: renderer. The app's state root: one instance per window, shared with components through context.
import { createContext } from 'svelte';
import type { SeqlabApi } from '../../shared/api/seqlab-api';
import type { RunConfig, TaskType } from '../../shared/model/config';
import type { DatasetSummary } from '../../shared/model/dataset';
import type { BackendInfo } from '../../shared/model/run';
import { isConnectionAware, type ConnectionStatus } from '../api/connection';
import { ImportState } from './import-state.svelte';
import { CompareState } from '../compare/compare-state.svelte';
import { errorText } from '../ui/error-text';
import { RunsState } from './runs-state.svelte';
import { ForecastSetup } from './setup-state.svelte';
import { SweepsState } from '../sweeps/sweeps-state.svelte';
import { TextSetup } from './text-setup-state.svelte';
import { TextPreviewState } from '../text/text-preview-state.svelte';
import { suggestTask } from '../setup/text-defaults';

export class AppState {
  readonly api: SeqlabApi;
  readonly setup = new ForecastSetup();
  readonly textSetup = new TextSetup();
  /** Which form the sidebar shows and Train submits; set from each imported file, switchable any time. */
  task = $state<TaskType>('forecast');
  readonly textPreview: TextPreviewState;
  readonly runs: RunsState;
  readonly compare: CompareState;
  readonly importer: ImportState;
  readonly sweeps: SweepsState;
  backendInfo = $state.raw<BackendInfo | null>(null);
  backendError = $state<string | null>(null);
  connection = $state.raw<ConnectionStatus>({ state: 'open', message: null });

  constructor(api: SeqlabApi) {
    this.api = api;
    this.runs = new RunsState(api);
    this.compare = new CompareState(api);
    this.sweeps = new SweepsState(api);
    this.textPreview = new TextPreviewState(api);
    this.importer = new ImportState(api, (dataset) => this.#useDataset(dataset));
  }

  /** Subscribes to the backend and loads the first data; returns the cleanup for unmount. */
  start(): () => void {
    const stopEvents = this.api.onEvent((event) => {
      this.importer.handle(event);
      this.runs.handle(event);
      this.sweeps.handle(event);
    });
    let wasLost = false;
    const stopConnection = isConnectionAware(this.api)
      ? this.api.onConnectionChange((status) => {
          this.connection = status;
          if (status.state === 'lost') wasLost = true;
          // A restarted server may hold other runs; reload what the window shows from it.
          if (status.state === 'open' && wasLost) {
            wasLost = false;
            void this.load();
          }
        })
      : () => {};
    void this.load();
    return () => {
      stopEvents();
      stopConnection();
    };
  }

  async train(): Promise<void> {
    const config: RunConfig | null = this.task === 'text' ? this.textSetup.submit() : this.setup.submit();
    if (config) await this.runs.start(config);
  }

  /** Whether the form Train submits last time was valid (the window focuses its first error otherwise). */
  get activeFormValid(): boolean {
    return this.task === 'text' ? this.textSetup.valid : this.setup.validation.success;
  }

  #useDataset(dataset: DatasetSummary): void {
    this.setup.useDataset(dataset);
    this.textSetup.useDataset(dataset);
    this.task = suggestTask(dataset);
  }

  async load(): Promise<void> {
    await Promise.all([this.importer.loadSamples(), this.runs.refresh(), this.sweeps.load(), this.#loadBackendInfo()]);
  }

  async #loadBackendInfo(): Promise<void> {
    try {
      this.backendInfo = await this.api.getBackendInfo();
      this.backendError = null;
    } catch (error) {
      this.backendError = errorText(error);
    }
  }
}

export const [getAppState, setAppState] = createContext<AppState>();
