// Runs in: trainer process (plain Node). Inside a saved run (issue 16): one forecast window or a typed text through
// the cell equations, or permutation importance on the test windows. The backend first, then the question.
import type { ExplainRequest, ExplainResult, InspectRequest, InspectResult } from '../../core/trainer-protocol';
import { initBackend } from '../tfjs-backend';
import { inspectForecast } from '../inspect/inspect-forecast';
import { inspectText } from '../inspect/inspect-text';
import { explainForecast } from '../inspect/permutation-importance';

export async function runInspection(runDir: string, request: InspectRequest): Promise<InspectResult> {
  // A few forward passes and one gradient: whichever backend 'auto' picks is fast enough.
  await initBackend('auto');
  return request.task === 'forecast' ? inspectForecast(runDir, request) : inspectText(runDir, request.text);
}

export async function runExplanation(runDir: string, request: ExplainRequest): Promise<ExplainResult> {
  await initBackend('auto');
  return explainForecast(runDir, request);
}
