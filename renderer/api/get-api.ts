// Runs in: renderer. Picks the API implementation: Electron's preload, else the browser mode's WebSocket client.
import type { SeqlabApi } from '../../shared/api/seqlab-api';
import { createWebSocketApi } from './ws-client';

let browserApi: SeqlabApi | null = null;

export function getApi(): SeqlabApi {
  if (window.seqlab) return window.seqlab;
  browserApi ??= createWebSocketApi(window.location);
  return browserApi;
}
