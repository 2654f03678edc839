// Runs in: trainer process (plain Node). One prediction with a saved run's model: the backend first, then the task.
import { initBackend } from '../tfjs-backend';
import type { PredictRequest, PredictResult } from '../../core/trainer-protocol';
import { forecastFromCsv } from '../predict/forecast-from-csv';
import { predictTextCsv, predictTexts } from '../predict/text-predict';

export async function runPrediction(runDir: string, request: PredictRequest): Promise<PredictResult> {
  // Prediction is a few forward passes: whichever backend 'auto' picks is fast enough, and never needs a choice.
  await initBackend('auto');
  switch (request.task) {
    case 'forecast':
      return forecastFromCsv(runDir, request.csvPath, request.fileName, request.importOptions);
    case 'text-texts':
      return predictTexts(runDir, request.texts);
    case 'text-csv':
      return predictTextCsv(runDir, request.csvPath, request.fileName);
  }
}
