// Runs in: main process (plain Node). The datasets feature's API handlers: import a CSV (from a path, an upload or a
// bundled sample), import it again with other choices, and preview what a forecast or text run will see of it.
import { existsSync, readdirSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import type { ForecastConfig } from '../../../shared/model/config';
import type { DatasetSummary } from '../../../shared/model/dataset';
import type { ImportOptions, WindowPreview } from '../../../shared/model/forecast-data';
import type { TextPreview, TextPreviewRequest } from '../../../shared/model/inference';
import { UserError } from '../../../shared/util/errors';
import type { ColumnLoader } from '../../core/dataset/columns-in-worker';
import type { Handlers } from '../api/handlers';
import type { BackendContext } from '../context';
import { checkConfigAgainstData } from './check-against-data';
import { SAMPLE_DESCRIPTIONS } from './samples';
import { previewText } from './text-preview';
import { receiveUpload, uploadedFile } from './uploads';
import { WindowPreviews } from './window-preview';

export interface DatasetFolders {
  /** Folder of bundled sample CSVs. */
  samplesDir: string;
  /** Where browser uploads are written before they are imported. */
  uploadsDir: string;
  /** How the window preview reads a file's columns; in-process by default (see columns-in-worker.ts). */
  columnLoader?: ColumnLoader;
}

export function datasetHandlers(ctx: BackendContext, options: DatasetFolders) {
  const previews = new WindowPreviews(options.columnLoader);

  async function listSamples(): Promise<{ name: string; description: string }[]> {
    if (!existsSync(options.samplesDir)) return [];
    return readdirSync(options.samplesDir)
      .filter((file) => extname(file).toLowerCase() === '.csv')
      .sort()
      .map((name) => ({ name, description: SAMPLE_DESCRIPTIONS[name] ?? name }));
  }

  const api = {
    /** The API passes the path alone; the CLI and reruns also name the file and how to read it. */
    importPath(path: string, fileName?: string, importOptions?: ImportOptions): Promise<DatasetSummary> {
      return ctx.datasets.importPath(path, fileName, importOptions);
    },

    async importUpload(uploadId: string, fileName: string): Promise<DatasetSummary> {
      return ctx.datasets.importPath(uploadedFile(options.uploadsDir, uploadId), basename(fileName));
    },

    listSamples,

    async importSample(name: string): Promise<DatasetSummary> {
      const samples = await listSamples();
      if (!samples.some((sample) => sample.name === name)) {
        throw new UserError(`There is no sample named "${name}": choose one of ${samples.map((s) => s.name).join(', ')}.`);
      }
      return ctx.datasets.importPath(join(options.samplesDir, name), name);
    },

    /** Reads a known dataset's file again with the user's choices (date order, time parts, no time). */
    async reimport(datasetId: string, importOptions: ImportOptions): Promise<DatasetSummary> {
      const dataset = ctx.datasets.require(datasetId, 'import the CSV again, then choose');
      return ctx.datasets.importPath(dataset.path, dataset.summary.fileName, importOptions);
    },

    async previewWindows(config: ForecastConfig): Promise<WindowPreview> {
      const dataset = ctx.datasets.get(config.datasetId);
      if (dataset) checkConfigAgainstData(config, dataset.summary);
      return previews.preview(config, dataset);
    },

    async previewText(request: TextPreviewRequest): Promise<TextPreview> {
      return previewText(request, ctx.datasets.require(request.datasetId, 'import the CSV again to see its preview'));
    },
  } satisfies Partial<Handlers>;

  return {
    ...api,
    /** Browser mode's upload route (no API method): an upload of a known length, imported as it arrives. */
    receiveUpload: (body: AsyncIterable<Buffer>, sizeBytes: number, fileName: string): Promise<string> =>
      receiveUpload(options.uploadsDir, ctx.datasets, body, sizeBytes, fileName),
  };
}
