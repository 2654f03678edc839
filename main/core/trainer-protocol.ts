// Runs in: main and trainer processes. The messages between the training manager and one trainer process.
import type { RunConfig } from '../../shared/model/config';
import type { EpochMetrics } from '../../shared/model/metrics';
import type { ForecastFromCsv, TextPrediction, TextPredictionsFromCsv } from '../../shared/model/inference';
import type { BackendInfo, RunResult } from '../../shared/model/run';
import type { ImportOptions } from '../../shared/model/forecast-data';
import type { Explanation, ForecastInspection, TextInspection } from '../../shared/model/inspect';
import type { ForecastConfig } from '../../shared/model/config';

/** What a one-shot prediction process is asked (the saved run is the `runDir` of the predict message). */
export type PredictRequest =
  /** `importOptions`: the choices the file was imported with (date order, time parts, no time). */
  | { task: 'forecast'; csvPath: string; fileName: string; importOptions?: ImportOptions }
  | { task: 'text-texts'; texts: string[] }
  | { task: 'text-csv'; csvPath: string; fileName: string };

/** The answer to each kind of request; the service adds the run id. */
export interface PredictResults {
  forecast: Omit<ForecastFromCsv, 'runId'>;
  'text-texts': TextPrediction[];
  'text-csv': Omit<TextPredictionsFromCsv, 'runId'>;
}
export type PredictResult = PredictResults[keyof PredictResults];

/** The data a forecast run trained on, read again to rebuild its test windows exactly (issue 16). */
export interface RunData {
  datasetPath: string;
  fileName: string;
  importOptions?: ImportOptions;
  config: ForecastConfig;
}

/** Inside a saved run (the `runDir` of the inspect message): test window `window` of a forecast run, or a typed text. */
export type InspectRequest = ({ task: 'forecast'; window: number } & RunData) | { task: 'text'; text: string };
/** The service adds the run id. */
export type InspectResult = Omit<ForecastInspection, 'runId'> | Omit<TextInspection, 'runId'>;

/** Permutation importance on a forecast run's test windows: `repeats` seeded shuffles, at most `maxWindows` windows. */
export type ExplainRequest = RunData & { repeats: number; seed: number; maxWindows: number };
export type ExplainResult = Omit<Explanation, 'runId'>;

export type ManagerToTrainer =
  /** `runDir`: where the run keeps its files (saved model, preprocessing; see services/run-files.ts). */
  /** `importOptions`: how the dataset was imported (date order, time parts, no time); read the CSV the same way. */
  /** `datasetSha256`: the file's fingerprint at import; the trainer refuses a file that no longer matches it. */
  | {
      type: 'start';
      runId: number;
      datasetPath: string;
      datasetFileName: string;
      datasetSha256: string;
      config: RunConfig;
      runDir: string;
      importOptions?: ImportOptions;
      /** The cores this run may use when its threads are 'auto': the manager's share of the machine, so runs training
       * at once do not each take every core. Absent: the machine's cores. */
      cores?: number;
    }
  | { type: 'stop' }
  /** Training waits between batches until resumed (a stop still ends it). */
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'predict'; runDir: string; request: PredictRequest }
  /** Answered with 'inspection' / 'explanation', then the process ends. */
  | { type: 'inspect'; runDir: string; request: InspectRequest }
  | { type: 'explain'; runDir: string; request: ExplainRequest }
  /** Which backends load here; answered with 'backends', then the process ends. */
  | { type: 'probe' };

export type TrainerToManager =
  | { type: 'backend'; backend: string; notes: string[] }
  | { type: 'progress'; epoch: number; batch: number; batches: number }
  | { type: 'epoch'; epoch: EpochMetrics }
  | { type: 'result'; result: RunResult }
  /** The kept model and its preprocessing are written to the run's folder. */
  | { type: 'model-saved' }
  | { type: 'predictions'; result: PredictResult }
  | { type: 'inspection'; result: InspectResult }
  | { type: 'explanation'; result: ExplainResult }
  | { type: 'backends'; info: BackendInfo }
  | { type: 'error'; message: string };
