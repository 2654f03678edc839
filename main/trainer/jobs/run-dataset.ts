// Runs in: trainer process (plain Node). The dataset a run trains on, read from its file and checked against the
// fingerprint taken at import: a file replaced since (another export, an edit) would otherwise be trained on while
// the run records the old file's SHA-256. The hash covers exactly the bytes parsed, in the same pass.
import { UserError } from '../../../shared/util/errors';
import { loadDataset, type LoadedDataset } from '../../core/dataset/load-dataset';
import type { ManagerToTrainer } from '../../core/trainer-protocol';

export async function loadRunDataset(request: Extract<ManagerToTrainer, { type: 'start' }>): Promise<LoadedDataset> {
  const dataset = await loadDataset(request.datasetPath, { fileName: request.datasetFileName, importOptions: request.importOptions });
  if (dataset.summary.sha256 !== request.datasetSha256) {
    throw new UserError(
      `${request.datasetFileName} has changed since it was imported (its contents no longer match the SHA-256 taken then), ` +
        'so this run would not be trained on the data it records: import the file again, then press Train.',
    );
  }
  return dataset;
}
