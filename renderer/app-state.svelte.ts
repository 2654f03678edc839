// Runs in: renderer. The window's state, composed: one instance per window, made by App.svelte, which hands each
// feature its part through that feature's context. Only App.svelte imports this file.
import type { SeqlabApi } from '../shared/api/seqlab-api';
import { CompareState, setCompareState } from './compare/compare-state.svelte';
import { ImportState, setImportState } from './import/import-state.svelte';
import { RunsState, setRunsState } from './runs/runs-state.svelte';
import { Session, setSession } from './session/session.svelte';
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

  constructor(api: SeqlabApi) {
    this.session = new Session(api);
    this.importer = new ImportState(api, (dataset) => this.setup.useDataset(dataset));
    this.textPreview = new TextPreviewState(api);
    this.runs = new RunsState(api);
    this.compare = new CompareState(api);
    this.sweeps = new SweepsState(api);
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
  }

  /** Subscribes to the backend and loads the first data; returns the cleanup for unmount. */
  start(): () => void {
    const stopEvents = this.session.api.onEvent((event) => {
      this.importer.handle(event);
      this.runs.handle(event);
      this.sweeps.handle(event);
    });
    // A restarted server may hold other runs; reload what the window shows from it.
    const stopConnection = this.session.watchConnection(() => void this.load());
    void this.load();
    return () => {
      stopEvents();
      stopConnection();
    };
  }

  async train(): Promise<void> {
    const config = this.setup.submit();
    if (config) await this.runs.start(config);
  }

  async load(): Promise<void> {
    await Promise.all([this.importer.loadSamples(), this.runs.refresh(), this.sweeps.load(), this.session.loadBackendInfo()]);
  }
}
