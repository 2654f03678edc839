// Runs in: main and trainer processes. The messages between the training manager and one trainer process.
import type { EpochMetrics, RunConfig } from '../../shared/api';
import type { RunResult } from '../services/run-store';

export type ManagerToTrainer =
  | { type: 'start'; runId: number; datasetPath: string; datasetFileName: string; config: RunConfig }
  | { type: 'stop' };

export type TrainerToManager =
  | { type: 'backend'; backend: string; notes: string[] }
  | { type: 'progress'; epoch: number; batch: number; batches: number }
  | { type: 'epoch'; epoch: EpochMetrics }
  | { type: 'result'; result: RunResult; findings: string[] }
  | { type: 'error'; message: string };
