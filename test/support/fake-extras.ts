// Runs in: vitest (jsdom). The fake API's answers for the methods of issues 3-5 and 16. Each starts as a spy that
// rejects with a clear message; a test (or the helper that builds the feature) gives it realistic behaviour.
import { vi } from 'vitest';
import type { SeqlabApi } from '../../shared/api/seqlab-api';

const notFaked = (method: string) => async (): Promise<never> => {
  throw new Error(`The fake API does not answer ${method}; give it an implementation in the test.`);
};

export function fakeExtras() {
  return {
    reimport: vi.fn<SeqlabApi['reimport']>(notFaked('reimport')),
    previewWindows: vi.fn<SeqlabApi['previewWindows']>(notFaked('previewWindows')),
    pauseTraining: vi.fn<SeqlabApi['pauseTraining']>(notFaked('pauseTraining')),
    resumeTraining: vi.fn<SeqlabApi['resumeTraining']>(notFaked('resumeTraining')),
    predictWithRun: vi.fn<SeqlabApi['predictWithRun']>(notFaked('predictWithRun')),
    exportPredictionsCsv: vi.fn<SeqlabApi['exportPredictionsCsv']>(notFaked('exportPredictionsCsv')),
    previewText: vi.fn<SeqlabApi['previewText']>(notFaked('previewText')),
    classifyText: vi.fn<SeqlabApi['classifyText']>(notFaked('classifyText')),
    getEmbedding: vi.fn<SeqlabApi['getEmbedding']>(notFaked('getEmbedding')),
    inspectRun: vi.fn<SeqlabApi['inspectRun']>(notFaked('inspectRun')),
    explainRun: vi.fn<SeqlabApi['explainRun']>(notFaked('explainRun')),
    rerun: vi.fn<SeqlabApi['rerun']>(notFaked('rerun')),
    startSweep: vi.fn<SeqlabApi['startSweep']>(notFaked('startSweep')),
    stopSweep: vi.fn<SeqlabApi['stopSweep']>(notFaked('stopSweep')),
    resumeSweep: vi.fn<SeqlabApi['resumeSweep']>(notFaked('resumeSweep')),
    listSweeps: vi.fn<SeqlabApi['listSweeps']>(async () => []),
    getSweep: vi.fn<SeqlabApi['getSweep']>(notFaked('getSweep')),
    getQueueInfo: vi.fn<SeqlabApi['getQueueInfo']>(async () => ({ connected: false, where: null })),
    exportRunsCsv: vi.fn<SeqlabApi['exportRunsCsv']>(notFaked('exportRunsCsv')),
    exportRun: vi.fn<SeqlabApi['exportRun']>(notFaked('exportRun')),
    importRun: vi.fn<SeqlabApi['importRun']>(notFaked('importRun')),
    startBacktest: vi.fn<SeqlabApi['startBacktest']>(notFaked('startBacktest')),
    startSuggest: vi.fn<SeqlabApi['startSuggest']>(notFaked('startSuggest')),
    stopJob: vi.fn<SeqlabApi['stopJob']>(notFaked('stopJob')),
    listJobs: vi.fn<SeqlabApi['listJobs']>(async () => []),
  };
}
