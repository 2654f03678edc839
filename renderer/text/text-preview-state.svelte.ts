// Runs in: renderer. Asks the backend for the text preview a moment after the settings it depends on stop changing,
// and keeps only the answer to the latest request.
import { createContext } from 'svelte';
import type { SeqlabApi } from '../../shared/api/seqlab-api';
import type { TextPreview, TextPreviewRequest } from '../../shared/model/inference';
import { errorText } from '../ui/error-text';

/** Long enough to let a typed number settle, short enough to feel live. */
export const PREVIEW_DEBOUNCE_MS = 350;

export class TextPreviewState {
  readonly #api: SeqlabApi;
  preview = $state.raw<TextPreview | null>(null);
  /** The request `preview` answers (its max length marks the histogram). */
  shownRequest = $state.raw<TextPreviewRequest | null>(null);
  error = $state<string | null>(null);
  loading = $state(false);
  #timer: ReturnType<typeof setTimeout> | null = null;
  #ticket = 0;
  #lastKey = '';

  constructor(api: SeqlabApi) {
    this.#api = api;
  }

  /** Debounced: a new request within the delay replaces the pending one; the same request twice is asked once. */
  schedule(request: TextPreviewRequest | null): void {
    const key = request ? JSON.stringify(request) : '';
    if (key === this.#lastKey) return;
    this.cancel();
    this.#lastKey = key;
    if (!request) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.#load(request);
    }, PREVIEW_DEBOUNCE_MS);
  }

  cancel(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    // An answer still on its way is now stale, and the next schedule asks again even for the same request.
    this.#ticket++;
    this.#lastKey = '';
    this.loading = false;
  }

  async #load(request: TextPreviewRequest): Promise<void> {
    const ticket = ++this.#ticket;
    this.loading = true;
    try {
      const preview = await this.#api.previewText(request);
      if (ticket !== this.#ticket) return;
      this.preview = preview;
      this.shownRequest = request;
      this.error = null;
    } catch (error) {
      if (ticket !== this.#ticket) return;
      this.preview = null;
      this.shownRequest = null;
      this.error = errorText(error);
    } finally {
      if (ticket === this.#ticket) this.loading = false;
    }
  }
}

export const [getTextPreviewState, setTextPreviewState] = createContext<TextPreviewState>();
