// Runs in: renderer. How an API client that has a connection (the browser mode) reports its state to the UI.
import type { SeqlabApi } from '../../shared/api/seqlab-api';

export type ConnectionState = 'connecting' | 'open' | 'lost';

export interface ConnectionStatus {
  state: ConnectionState;
  /** What to tell the user when the connection is lost (null otherwise). */
  message: string | null;
}

/** Implemented by clients whose link can drop; Electron's preload has no such link and omits it. */
export interface ConnectionAware {
  /** Calls `listener` at once with the current status, then on every change; returns an unsubscribe function. */
  onConnectionChange(listener: (status: ConnectionStatus) => void): () => void;
}

export function isConnectionAware(api: SeqlabApi): api is SeqlabApi & ConnectionAware {
  return typeof (api as Partial<ConnectionAware>).onConnectionChange === 'function';
}
