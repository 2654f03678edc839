// Runs in: main process (plain Node). The datasets imported in this session, by id: what training, previews,
// predictions and reruns look up. Importing a file (from a path, an upload or a sample) always ends here.
import { existsSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { DatasetSummary } from '../../../shared/model/dataset';
import type { ImportOptions } from '../../../shared/model/forecast-data';
import type { SeqlabEvent } from '../../../shared/api/seqlab-api';
import { UserError } from '../../../shared/util/errors';
import type { DatasetImporter } from '../../core/dataset/import-in-worker';
import type { ByteFeed } from '../../core/dataset/byte-feed';
import { notRegularFileMessage } from '../../core/dataset/file-identity';

export interface KnownDataset {
  path: string;
  summary: DatasetSummary;
}

export class DatasetRegistry {
  private readonly datasets = new Map<string, KnownDataset>();
  /** Uploads being parsed as they arrive, by path: importing that path takes their result instead of reading it again. */
  private readonly streamed = new Map<string, { fileName: string; summary: Promise<DatasetSummary> }>();

  constructor(
    private readonly importer: DatasetImporter,
    private readonly emit: (event: SeqlabEvent) => void,
  ) {}

  /** Starts importing an upload while its bytes arrive (`feed`) and are written to `path`; importPath(path) then
   * waits for this import rather than starting its own. */
  importStreamed(path: string, fileName: string, feed: ByteFeed): void {
    const summary = this.importer({ path, fileName, importOptions: {}, streamedBytes: feed.size }, (fraction) =>
      this.emit({ type: 'import-progress', fileName, fraction }),
    feed);
    // Answered when the page asks for it (importUpload); a page that never asks must not leave an unhandled rejection.
    summary.catch(() => undefined);
    this.streamed.set(path, { fileName, summary });
    // The figure appears at once; the worker's own progress follows once it has started.
    this.emit({ type: 'import-progress', fileName, fraction: 0 });
  }

  async importPath(path: string, fileName = basename(path), importOptions: ImportOptions = {}): Promise<DatasetSummary> {
    const streamed = this.streamed.get(path);
    if (streamed) {
      this.streamed.delete(path);
      if (streamed.fileName === fileName && Object.keys(importOptions).length === 0) {
        const summary = await streamed.summary;
        this.datasets.set(summary.id, { path, summary });
        return summary;
      }
      // Asked under another name or with other choices: read the whole file once it has arrived.
      await streamed.summary.catch(() => undefined);
    }
    if (!existsSync(path)) throw new UserError(`There is no file at ${path}: choose an existing CSV file.`);
    const stats = statSync(path);
    if (stats.isDirectory()) throw new UserError(`${path} is a folder, not a file: choose a CSV file.`);
    if (!stats.isFile()) throw new UserError(notRegularFileMessage(path));
    const summary = await this.importer({ path, fileName, importOptions }, (fraction) =>
      this.emit({ type: 'import-progress', fileName, fraction }),
    );
    this.datasets.set(summary.id, { path, summary });
    return summary;
  }

  get(datasetId: string): KnownDataset | undefined {
    return this.datasets.get(datasetId);
  }

  /** The dataset, or an error saying it is not loaded and what to do (`advice`, e.g. "import the CSV again"). */
  require(datasetId: string, advice: string): KnownDataset {
    const dataset = this.datasets.get(datasetId);
    if (!dataset) throw new UserError(`That dataset is not loaded in this session: ${advice}.`);
    return dataset;
  }

  /** By id or by content (sha256): reruns and resumed sweeps look for the data an earlier run used. */
  loaded(idOrSha: string): DatasetSummary | undefined {
    return this.datasets.get(idOrSha)?.summary ?? [...this.datasets.values()].find((d) => d.summary.sha256 === idOrSha)?.summary;
  }
}
