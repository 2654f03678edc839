// Runs in: main and trainer processes (plain Node). The part of a loaded dataset that data preparation reads.
import type { DatasetSummary } from '../../../shared/model/dataset';

/** What this needs of a loaded dataset (LoadedDataset has it; the window preview's cache too). */
export interface DatasetColumns {
  summary: DatasetSummary;
  time: Float64Array | null;
  numeric(column: string): Float64Array;
  strings(column: string): (string | null)[];
}
