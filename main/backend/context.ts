// Runs in: main process (types only). What the feature handlers share: the run log, the trainer launcher, the
// session's datasets, the running trainings and the event stream. Built once by seqlab-service.ts.
import type { DatasetRegistry } from './datasets/dataset-registry';
import type { EventHub } from './events';
import type { AsyncRunLog } from './run-log/async-run-log';
import type { TrainerLauncher } from './training/trainer-launcher';
import type { TrainingManager } from './training/training-manager';

export interface BackendContext {
  store: AsyncRunLog;
  launcher: TrainerLauncher;
  datasets: DatasetRegistry;
  training: TrainingManager;
  events: EventHub;
}
