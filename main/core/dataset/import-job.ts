// Runs in: main process and its worker threads (plain Node). What an import is asked to read: one file, with the
// user's choices about its time axis.
import type { ImportOptions } from '../../../shared/model/forecast-data';

export interface ImportJob {
  path: string;
  fileName: string;
  importOptions: ImportOptions;
  /** Also hand back the forecast columns (numbers, categories, time), for the window preview. */
  withColumns?: boolean;
  /** Set for an upload parsed as it arrives: its declared length; the bytes come as messages (see byte-feed.ts). */
  streamedBytes?: number;
}
