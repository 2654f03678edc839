// Runs in: renderer. The window's link to main: the API every feature calls, whether the connection holds (browser
// mode), and the training backends main offers. Lowest of the feature folders: any feature may read it.
import { createContext } from 'svelte';
import type { SeqlabApi } from '../../shared/api/seqlab-api';
import type { BackendInfo } from '../../shared/model/run';
import { isConnectionAware, type ConnectionStatus } from '../api/connection';
import { errorText } from '../ui/error-text';

export class Session {
  readonly api: SeqlabApi;
  backendInfo = $state.raw<BackendInfo | null>(null);
  backendError = $state<string | null>(null);
  connection = $state.raw<ConnectionStatus>({ state: 'open', message: null });

  constructor(api: SeqlabApi) {
    this.api = api;
  }

  /** Follows the connection's state; `onReopened` runs when it comes back after being lost. Returns the cleanup. */
  watchConnection(onReopened: () => void): () => void {
    if (!isConnectionAware(this.api)) return () => {};
    let wasLost = false;
    return this.api.onConnectionChange((status) => {
      this.connection = status;
      if (status.state === 'lost') wasLost = true;
      if (status.state === 'open' && wasLost) {
        wasLost = false;
        onReopened();
      }
    });
  }

  async loadBackendInfo(): Promise<void> {
    try {
      this.backendInfo = await this.api.getBackendInfo();
      this.backendError = null;
    } catch (error) {
      this.backendError = errorText(error);
    }
  }
}

export const [getSession, setSession] = createContext<Session>();
