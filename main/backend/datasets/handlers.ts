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
import type { KnownDataset } from './dataset-registry';
import { checkConfigAgainstData } from './check-against-data';
import { SAMPLE_DESCRIPTIONS } from './samples';
import { previewText } from './text-preview';
import { receiveUpload, uploadedFile } from './uploads';
import { changedSinceImport, rememberImport, unchangedRecentImport } from './recent-imports';
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

  /** Every import of a file goes through here, and is written down so a restart can read it again (recent-imports.ts). */
  async function importAndRemember(path: string, fileName?: string, importOptions?: ImportOptions): Promise<DatasetSummary> {
    const summary = await ctx.datasets.importPath(path, fileName, importOptions);
    rememberImport(options.uploadsDir, path, summary);
    return summary;
  }

  const restoring = new Map<string, Promise<KnownDataset | undefined>>();

  /**
   * A dataset this session knows; after a restart, one a window still shows is read again from its file when that is
   * still there unchanged (a window asks for its preview and checks its dataset at once: one read serves both).
   * Undefined when it was never written down; a UserError when its file is gone or changed.
   */
  function loaded(datasetId: string): Promise<KnownDataset | undefined> {
    const known = ctx.datasets.get(datasetId);
    if (known) return Promise.resolve(known);
    let restore = restoring.get(datasetId);
    if (!restore) {
      restore = restoreRecent(datasetId).finally(() => restoring.delete(datasetId));
      restoring.set(datasetId, restore);
    }
    return restore;
  }

  async function restoreRecent(datasetId: string): Promise<KnownDataset | undefined> {
    const recent = unchangedRecentImport(options.uploadsDir, datasetId);
    if (!recent) return undefined;
    const summary = await importAndRemember(recent.path, recent.fileName, recent.importOptions);
    // Same size and time, other bytes (rewritten within the same second, or on purpose): not the data the window shows.
    if (summary.id !== datasetId) throw changedSinceImport(recent.fileName);
    return ctx.datasets.get(datasetId);
  }

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
      return importAndRemember(path, fileName, importOptions);
    },

    async importUpload(uploadId: string, fileName: string): Promise<DatasetSummary> {
      return importAndRemember(uploadedFile(options.uploadsDir, uploadId), basename(fileName));
    },

    listSamples,

    async importSample(name: string): Promise<DatasetSummary> {
      const samples = await listSamples();
      if (!samples.some((sample) => sample.name === name)) {
        throw new UserError(`There is no sample named "${name}": choose one of ${samples.map((s) => s.name).join(', ')}.`);
      }
      return importAndRemember(join(options.samplesDir, name), name);
    },

    /** Reads a known dataset's file again with the user's choices (date order, time parts, no time); after a restart,
     * a window's dataset comes back this way when its file is still there unchanged. */
    async reimport(datasetId: string, importOptions: ImportOptions): Promise<DatasetSummary> {
      const wasKnown = ctx.datasets.get(datasetId) !== undefined;
      const dataset = await loaded(datasetId);
      if (!dataset) return ctx.datasets.require(datasetId, 'import the CSV again, then choose').summary;
      // Just read again after a restart with these very choices: that read is the answer.
      if (!wasKnown && sameChoices(dataset.summary.importOptions ?? {}, importOptions)) return dataset.summary;
      return importAndRemember(dataset.path, dataset.summary.fileName, importOptions);
    },

    async previewWindows(config: ForecastConfig): Promise<WindowPreview> {
      const dataset = await loaded(config.datasetId);
      if (dataset) checkConfigAgainstData(config, dataset.summary);
      return previews.preview(config, dataset);
    },

    async previewText(request: TextPreviewRequest): Promise<TextPreview> {
      return previewText(request, (await loaded(request.datasetId)) ?? ctx.datasets.require(request.datasetId, 'import the CSV again to see its preview'));
    },
  } satisfies Partial<Handlers>;

  return {
    ...api,
    /** Browser mode's upload route (no API method): an upload of a known length, imported as it arrives. */
    receiveUpload: (body: AsyncIterable<Buffer>, sizeBytes: number, fileName: string): Promise<string> =>
      receiveUpload(options.uploadsDir, ctx.datasets, body, sizeBytes, fileName),
  };
}

/** Import choices compared by value (key order aside). */
function sameChoices(a: ImportOptions, b: ImportOptions): boolean {
  const canonical = (o: ImportOptions) => JSON.stringify(Object.entries(o).filter(([, v]) => v !== undefined).sort(([x], [y]) => x.localeCompare(y)));
  return canonical(a) === canonical(b);
}
