// Runs in: main process (plain Node). Loads the columns a forecast can use (numbers, categories, the time axis) for
// the window preview: in a worker thread in the app, the browser mode and the CLI, so parsing a large file never
// stalls the main thread; in-process where no built worker exists (unit tests constructing the service from source).
import type { DatasetSummary } from '../../../shared/model/dataset';
import { UserError } from '../../../shared/util/errors';
import { ownValue, textKeyed } from '../../../shared/util/text-keys';
import type { DatasetColumns } from './dataset-columns';
import type { ImportJob } from './import-job';
import { loadDataset, type LoadedDataset } from './load-dataset';
import { runWorkerJob } from './worker-job';

/** What crosses from the worker: plain data (typed arrays are transferred, not copied). */
export interface ColumnData {
  summary: DatasetSummary;
  time: Float64Array | null;
  numbers: Record<string, Float64Array>;
  labels: Record<string, (string | null)[]>;
}

export type ColumnLoader = (job: ImportJob) => Promise<DatasetColumns>;

/**
 * The columns an import just read, handed to the window preview so it does not parse the same file again (for the
 * whole Szeged file that second read was over a second of the wait). Keyed by path and import choices; the last few.
 */
export class RecentColumns {
  private readonly entries = new Map<string, ColumnData>();

  constructor(private readonly size = 2) {}

  private static key(path: string, importOptions: ImportJob['importOptions']): string {
    return `${path}\n${JSON.stringify(importOptions ?? {})}`;
  }

  put(path: string, importOptions: ImportJob['importOptions'], data: ColumnData): void {
    const key = RecentColumns.key(path, importOptions);
    this.entries.delete(key);
    this.entries.set(key, data);
    while (this.entries.size > this.size) this.entries.delete(this.entries.keys().next().value!);
  }

  get(path: string, importOptions: ImportJob['importOptions']): ColumnData | undefined {
    return this.entries.get(RecentColumns.key(path, importOptions));
  }
}

/** Numeric and category columns copied out of a loaded file, so its parsed rows can be freed. */
export function columnData(loaded: LoadedDataset): ColumnData {
  const data: ColumnData = { summary: loaded.summary, time: loaded.time, numbers: textKeyed(), labels: textKeyed() };
  for (const column of loaded.summary.columns) {
    if (column.type === 'number') data.numbers[column.name] = loaded.numeric(column.name);
    else if (column.type === 'category') data.labels[column.name] = loaded.strings(column.name);
  }
  return data;
}

export function columnsOf(data: ColumnData): DatasetColumns {
  const unusable = (name: string) => new UserError(`Column "${name}" cannot be used by a forecast: choose a numeric or category column.`);
  return {
    summary: data.summary,
    time: data.time,
    numeric(name) {
      const values = ownValue(data.numbers, name);
      if (!values) throw unusable(name);
      return values;
    },
    strings(name) {
      const values = ownValue(data.labels, name);
      if (!values) throw unusable(name);
      return values;
    },
  };
}

export const loadColumnsInProcess: ColumnLoader = async (job) =>
  columnsOf(columnData(await loadDataset(job.path, { fileName: job.fileName, importOptions: job.importOptions })));

/** Loads in a fresh worker thread running the built `entryPath` (dist/main/column-worker.js), unless the import
 * just handed the same file's columns over (`recent`). */
export function workerColumnLoader(entryPath: string, recent?: RecentColumns): ColumnLoader {
  return async (job) => {
    const ready = recent?.get(job.path, job.importOptions);
    if (ready) return columnsOf(ready);
    return columnsOf(
      await runWorkerJob<ImportJob, ColumnData>(entryPath, job, {
        outOfMemoryMessage: `${job.fileName} is too large to read for the window preview in the memory available: close other programs or use a smaller slice of it.`,
        stoppedMessage: (code) => `Reading ${job.fileName} for the window preview stopped unexpectedly (exit code ${code}).`,
      }),
    );
  };
}
