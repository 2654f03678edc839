// Runs in: renderer. The compare view's state: which runs are compared, what main answered, and the settings toggle.
import { createContext } from 'svelte';
import type { SeqlabApi } from '../../shared/api/seqlab-api';
import type { RunComparison } from '../../shared/model/run-log';
import { errorText } from '../ui/error-text';

export class CompareState {
  readonly #api: SeqlabApi;
  /** Null while no comparison is open. */
  comparison = $state.raw<RunComparison | null>(null);
  loading = $state(false);
  error = $state<string | null>(null);
  /** Off: only the settings that differ; on: every setting. */
  showAllSettings = $state(false);
  #ticket = 0;

  constructor(api: SeqlabApi) {
    this.#api = api;
  }

  get open(): boolean {
    return this.comparison !== null || this.loading || this.error !== null;
  }

  async compare(runIds: number[]): Promise<void> {
    const ticket = ++this.#ticket;
    this.loading = true;
    this.error = null;
    try {
      const comparison = await this.#api.compareRuns(runIds);
      if (ticket === this.#ticket) this.comparison = comparison;
    } catch (error) {
      if (ticket === this.#ticket) this.error = errorText(error);
    } finally {
      if (ticket === this.#ticket) this.loading = false;
    }
  }

  close(): void {
    this.#ticket++;
    this.comparison = null;
    this.loading = false;
    this.error = null;
  }
}

export const [getCompareState, setCompareState] = createContext<CompareState>();
