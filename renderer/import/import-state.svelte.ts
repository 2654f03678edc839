// Runs in: renderer. Importing a CSV (a file or a bundled sample): progress, result and error.
import { createContext } from 'svelte';
import type { SeqlabApi, SeqlabEvent } from '../../shared/api/seqlab-api';
import type { DatasetSummary } from '../../shared/model/dataset';
import type { ImportOptions } from '../../shared/model/forecast-data';
import { errorText } from '../ui/error-text';

export interface Sample {
  name: string;
  description: string;
}

export class ImportState {
  readonly #api: SeqlabApi;
  readonly #onImported: (dataset: DatasetSummary) => void;
  samples = $state.raw<Sample[]>([]);
  /** Name of the file being imported, or null when idle. */
  importing = $state<string | null>(null);
  /** 0..1 from import-progress events; null until the first one arrives. */
  fraction = $state<number | null>(null);
  error = $state<string | null>(null);
  dataset = $state.raw<DatasetSummary | null>(null);

  constructor(api: SeqlabApi, onImported: (dataset: DatasetSummary) => void) {
    this.#api = api;
    this.#onImported = onImported;
  }

  async loadSamples(): Promise<void> {
    try {
      this.samples = await this.#api.listSamples();
    } catch (error) {
      this.error = errorText(error);
    }
  }

  importFile(file: File): Promise<void> {
    return this.#run(file.name, () => this.#api.importFile(file));
  }

  importSample(name: string): Promise<void> {
    return this.#run(name, () => this.#api.importSample(name));
  }

  /** Reads the current dataset's file again with the user's choices (date order, time parts, no time column). */
  reimport(options: ImportOptions): Promise<void> {
    const dataset = this.dataset;
    if (dataset === null) return Promise.resolve();
    return this.#run(dataset.fileName, () => this.#api.reimport(dataset.id, options));
  }

  handle(event: SeqlabEvent): void {
    if (event.type === 'import-progress' && this.importing !== null) {
      this.fraction = Math.min(1, Math.max(0, event.fraction));
    }
  }

  async #run(name: string, load: () => Promise<DatasetSummary>): Promise<void> {
    // One import at a time: a second drop while busy would race the first for the preview.
    if (this.importing !== null) return;
    this.importing = name;
    this.fraction = null;
    this.error = null;
    try {
      const dataset = await load();
      this.dataset = dataset;
      this.#onImported(dataset);
    } catch (error) {
      this.error = errorText(error);
    } finally {
      this.importing = null;
      this.fraction = null;
    }
  }
}

export const [getImportState, setImportState] = createContext<ImportState>();
