// Runs in: renderer. Fetches the window preview as the settings change: debounced, and only the newest answer counts.
import type { SeqlabApi } from '../../shared/api/seqlab-api';
import type { ForecastConfig } from '../../shared/model/config';
import type { WindowPreview } from '../../shared/model/forecast-data';
import { errorText } from '../ui/error-text';

/** Typing "64" into the window field should ask once, not for "6" and then "64". */
export const PREVIEW_DEBOUNCE_MS = 300;

export class WindowPreviewState {
  preview = $state.raw<WindowPreview | null>(null);
  error = $state<string | null>(null);
  loading = $state(false);
  #timer: ReturnType<typeof setTimeout> | null = null;
  #asked = 0;
  #lastKey = '';
  #lastDataset = '';

  constructor(private readonly api: SeqlabApi) {}

  /** Ask for the preview of `config` after a pause; null (invalid settings) clears it. */
  request(config: ForecastConfig | null): void {
    const key = config ? JSON.stringify(config) : '';
    if (key === this.#lastKey) return;
    this.#lastKey = key;
    if (this.#timer) clearTimeout(this.#timer);
    const ticket = ++this.#asked;
    if (!config) {
      this.preview = null;
      this.error = null;
      this.loading = false;
      return;
    }
    this.loading = true;
    performance.mark('seqlab:window-preview-asked');
    // A new file is not typing: its first preview is asked at once (the pause only merges keystrokes).
    const delay = config.datasetId === this.#lastDataset ? PREVIEW_DEBOUNCE_MS : 0;
    this.#lastDataset = config.datasetId;
    this.#timer = setTimeout(() => void this.#fetch(config, ticket), delay);
  }

  async #fetch(config: ForecastConfig, ticket: number): Promise<void> {
    try {
      const preview = await this.api.previewWindows(config);
      if (ticket !== this.#asked) return;
      performance.mark('seqlab:window-preview-answered');
      this.preview = preview;
      this.error = null;
    } catch (error) {
      if (ticket !== this.#asked) return;
      this.preview = null;
      this.error = errorText(error);
    } finally {
      if (ticket === this.#asked) this.loading = false;
    }
  }

  dispose(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#asked++;
  }
}
