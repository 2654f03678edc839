// Runs in: Electron preload (sandboxed, CommonJS). Exposes the typed API as `window.seqlab`, one function per
// method; never a generic invoke, so a compromised page can only call what the API offers.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { SeqlabApi, SeqlabEvent } from '../../../shared/api/seqlab-api';

// Kept literal (not imported from main/ipc) so the preload bundle pulls in nothing but electron.
const channel = (method: string) => `seqlab:${method}`;

async function invoke<T>(method: string, ...params: unknown[]): Promise<T> {
  const reply = (await ipcRenderer.invoke(channel(method), ...params)) as { ok: true; value: T } | { ok: false; message: string };
  if (!reply.ok) throw new Error(reply.message);
  return reply.value;
}

const api = {
  importFile: (file) => invoke('importPath', webUtils.getPathForFile(file)),
  importSample: (name) => invoke('importSample', name),
  listSamples: () => invoke('listSamples'),
  getBackendInfo: () => invoke('getBackendInfo'),
  startTraining: (config) => invoke('startTraining', config),
  stopTraining: (runId) => invoke('stopTraining', runId),
  listRuns: () => invoke('listRuns'),
  getRun: (runId) => invoke('getRun', runId),
  queryRuns: (query) => invoke('queryRuns', query),
  updateRun: (runId, patch) => invoke('updateRun', runId, patch),
  deleteRun: (runId) => invoke('deleteRun', runId),
  compareRuns: (runIds) => invoke('compareRuns', runIds),
  reimport: (datasetId, options) => invoke('reimport', datasetId, options),
  previewWindows: (config) => invoke('previewWindows', config),
  pauseTraining: (runId) => invoke('pauseTraining', runId),
  resumeTraining: (runId) => invoke('resumeTraining', runId),
  predictWithRun: (runId, datasetId) => invoke('predictWithRun', runId, datasetId),
  exportPredictionsCsv: (runId) => invoke('exportPredictionsCsv', runId),
  previewText: (request) => invoke('previewText', request),
  classifyText: (runId, texts) => invoke('classifyText', runId, texts),
  getEmbedding: (runId) => invoke('getEmbedding', runId),
  rerun: (runId) => invoke('rerun', runId),
  startSweep: (spec) => invoke('startSweep', spec),
  stopSweep: (sweepId) => invoke('stopSweep', sweepId),
  resumeSweep: (sweepId) => invoke('resumeSweep', sweepId),
  listSweeps: () => invoke('listSweeps'),
  getSweep: (sweepId) => invoke('getSweep', sweepId),
  exportRunsCsv: (query) => invoke('exportRunsCsv', query),
  exportRun: (runId) => invoke('exportRun', runId),
  importRun: (bundle) => invoke('importRun', bundle),
  onEvent: (listener) => {
    const handler = (_event: unknown, payload: SeqlabEvent) => listener(payload);
    ipcRenderer.on('seqlab:event', handler);
    return () => void ipcRenderer.removeListener('seqlab:event', handler);
  },
} satisfies SeqlabApi;

contextBridge.exposeInMainWorld('seqlab', api);
