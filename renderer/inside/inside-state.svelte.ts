// Runs in: renderer. What the Inside view of one run holds: the window (or text) looked at, its inspection, the chosen
// step, and the permutation importance the user started. One instance per shown run, made by InsidePanel.
import type { SeqlabApi } from '../../shared/api/seqlab-api';
import type { Explanation, ExplainOptions, ForecastInspection, TextInspection } from '../../shared/model/inspect';
import { errorText } from '../ui/error-text';

export class ForecastInsideState {
  readonly #api: SeqlabApi;
  readonly runId: number;
  inspection = $state.raw<ForecastInspection | null>(null);
  /** The window asked for last (shown while it loads). */
  window = $state<number | null>(null);
  step = $state(0);
  loading = $state(false);
  error = $state<string | null>(null);
  explanation = $state.raw<Explanation | null>(null);
  explaining = $state(false);
  explainError = $state<string | null>(null);
  /** When the running explain started (epoch ms), for the elapsed time the wait shows. */
  explainStarted = $state<number | null>(null);
  #asked = 0;

  constructor(api: SeqlabApi, runId: number) {
    this.#api = api;
    this.runId = runId;
  }

  async show(window: number): Promise<void> {
    const ask = ++this.#asked;
    this.window = window;
    this.loading = true;
    this.error = null;
    try {
      const result = await this.#api.inspectRun(this.runId, { window });
      // A later choice wins over an answer that arrives late.
      if (ask !== this.#asked) return;
      if (result.task !== 'forecast') throw new Error(`Run ${this.runId} is not a forecast run.`);
      this.inspection = result;
      // Start on the last input step: the one the prediction is made from.
      this.step = result.inputs.scaled.length - 1;
    } catch (caught) {
      if (ask === this.#asked) this.error = errorText(caught);
    } finally {
      if (ask === this.#asked) this.loading = false;
    }
  }

  async explain(options: ExplainOptions): Promise<void> {
    if (this.explaining) return;
    this.explaining = true;
    this.explainError = null;
    this.explainStarted = Date.now();
    try {
      this.explanation = await this.#api.explainRun(this.runId, options);
    } catch (caught) {
      this.explainError = errorText(caught);
    } finally {
      this.explaining = false;
      this.explainStarted = null;
    }
  }
}

export class TextInsideState {
  readonly #api: SeqlabApi;
  readonly runId: number;
  inspection = $state.raw<TextInspection | null>(null);
  step = $state(0);
  loading = $state(false);
  error = $state<string | null>(null);
  #asked = 0;

  constructor(api: SeqlabApi, runId: number) {
    this.#api = api;
    this.runId = runId;
  }

  async show(text: string): Promise<void> {
    if (!text.trim()) {
      this.error = 'Type a sentence to look inside the model with.';
      return;
    }
    const ask = ++this.#asked;
    this.loading = true;
    this.error = null;
    try {
      const result = await this.#api.inspectRun(this.runId, { text });
      if (ask !== this.#asked) return;
      if (result.task !== 'text') throw new Error(`Run ${this.runId} is not a text run.`);
      this.inspection = result;
      this.step = result.tokens.length - 1;
    } catch (caught) {
      if (ask === this.#asked) this.error = errorText(caught);
    } finally {
      if (ask === this.#asked) this.loading = false;
    }
  }
}
