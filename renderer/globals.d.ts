// Runs in: renderer (types only). Electron's preload exposes the API on `window.seqlab`; the browser mode has none.
import type { SeqlabApi } from '../shared/api/seqlab-api';

declare global {
  interface Window {
    seqlab?: SeqlabApi;
  }
}

export {};
