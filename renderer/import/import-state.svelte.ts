// Runs in: renderer. Importing a CSV (a file or a bundled sample): one progress figure over the whole wait, the
// result, the time it took, and an error; and a dataset brought back from a saved session, checked with main.
import { createContext } from 'svelte';
import type { SeqlabApi, SeqlabEvent } from '../../shared/api/seqlab-api';
import type { DatasetSummary } from '../../shared/model/dataset';
import type { ImportOptions } from '../../shared/model/forecast-data';
import { errorText } from '../ui/error-text';
import { overallFraction, type ImportPhases } from './import-progress';

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
  /** 0..1 over the whole wait (upload and reading); null until the first progress event. */
  fraction = $state<number | null>(null);
  error = $state<string | null>(null);
  dataset = $state.raw<DatasetSummary | null>(null);
  /** Seconds from choosing the file to its summary on screen, as the user waited them (null: not measured here). */
  seconds = $state<number | null>(null);
  #phases: ImportPhases = { weights: [1], phase: 0, last: 0 };
  /** Bumped by every import, so a check of a restored dataset that answers late is ignored. */
  #generation = 0;

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
    // The browser mode's server parses the upload while it arrives, so main's reading progress (bytes parsed) is the
    // one figure for both: the parse never runs ahead of the upload.
    // Stage marks for `npm run bench -- import-window` (cheap; the browser keeps them in its own timeline).
    performance.mark('seqlab:import-chosen');
    return this.#run(file.name, () => this.#api.importFile(file), [1]);
  }

  importSample(name: string): Promise<void> {
    return this.#run(name, () => this.#api.importSample(name), [1]);
  }

  /** Reads the current dataset's file again with the user's choices (date order, time parts, no time column). */
  reimport(options: ImportOptions): Promise<void> {
    const dataset = this.dataset;
    if (dataset === null) return Promise.resolve();
    return this.#run(dataset.fileName, () => this.#api.reimport(dataset.id, options), [1]);
  }

  /**
   * A dataset from a saved session: shown at once, then checked with main, which keeps what it imported until it
   * restarts; after a restart main reads the file again by itself when it is still there unchanged (recent-imports.ts).
   * A bundled sample is simply loaded again; a file that is gone or changed must be opened again by the user, and the
   * message says so while the settings stay.
   */
  async restore(dataset: DatasetSummary): Promise<void> {
    this.dataset = dataset;
    this.#onImported(dataset);
    const generation = this.#generation;
    try {
      const checked = await this.#api.reimport(dataset.id, dataset.importOptions ?? {});
      if (generation === this.#generation) this.dataset = checked;
    } catch (error) {
      if (generation !== this.#generation) return;
      if (this.samples.some((sample) => sample.name === dataset.fileName)) {
        await this.importSample(dataset.fileName);
      } else {
        // Main says why when it knew the file (gone, or changed since): that reason, else the general one.
        const reason = errorText(error);
        this.error = reason.startsWith(dataset.fileName)
          ? `${reason} Your settings are kept.`
          : `${dataset.fileName} is no longer loaded (Seqlab was restarted): open it again to preview and train. Your settings are kept.`;
      }
    }
  }

  handle(event: SeqlabEvent): void {
    if (event.type === 'import-progress' && this.importing !== null) {
      this.#phases = overallFraction(this.#phases, event.fraction);
      this.fraction = this.#phases.overall ?? null;
    }
  }

  async #run(name: string, load: () => Promise<DatasetSummary>, weights: number[]): Promise<void> {
    // One import at a time: a second drop while busy would race the first for the preview.
    if (this.importing !== null) return;
    this.#generation++;
    this.importing = name;
    this.fraction = null;
    this.error = null;
    this.#phases = { weights, phase: 0, last: 0 };
    const started = performance.now();
    try {
      const dataset = await load();
      performance.mark('seqlab:import-answered');
      this.seconds = (performance.now() - started) / 1000;
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
