// Runs in: main process (plain Node). Checks a bundled TensorFlow.js model before it is copied into a run's folder:
// model.json must describe a layers model, and weights.bin must hold exactly the bytes its manifest lists, so a
// truncated or swapped file is refused at import rather than failing later when the run predicts.
import { UserError } from '../../../shared/util/errors';

const DTYPE_BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1 };

interface WeightSpec {
  name?: unknown;
  shape?: unknown;
  dtype?: unknown;
  quantization?: unknown;
}

export function checkModelFiles(modelJsonText: string, weightBytes: number): void {
  let model: { modelTopology?: unknown; weightsManifest?: { paths?: unknown; weights?: WeightSpec[] }[] };
  try {
    model = JSON.parse(modelJsonText);
  } catch (error) {
    throw new UserError(`model/model.json is not valid JSON (${(error as Error).message}): export the run again.`);
  }
  if (typeof model !== 'object' || model === null || typeof model.modelTopology !== 'object' || model.modelTopology === null || !Array.isArray(model.weightsManifest)) {
    throw new UserError('model/model.json is not a TensorFlow.js layers model (no modelTopology or weightsManifest): export the run again.');
  }
  // The loader reads model/weights.bin whatever the manifest says; a manifest naming other files is not ours.
  for (const group of model.weightsManifest) {
    for (const path of Array.isArray(group?.paths) ? (group.paths as unknown[]) : []) {
      if (path !== './weights.bin' && path !== 'weights.bin') {
        throw new UserError(`model/model.json points its weights at ${JSON.stringify(path)}: a bundled model keeps them in model/weights.bin. Export the run again.`);
      }
    }
  }
  let expected = 0;
  for (const group of model.weightsManifest) {
    for (const spec of Array.isArray(group?.weights) ? group.weights : []) {
      const bytes = typeof spec.dtype === 'string' ? DTYPE_BYTES[spec.dtype] : undefined;
      const shape = spec.shape;
      // Quantised or unusual weights have other sizes; the loader checks those.
      if (spec.quantization !== undefined || bytes === undefined || !Array.isArray(shape)) return;
      if (!shape.every((n) => Number.isInteger(n) && n >= 0)) {
        throw new UserError(`model/model.json lists weight ${String(spec.name)} with an invalid shape: export the run again.`);
      }
      expected += shape.reduce((product: number, n: number) => product * n, 1) * bytes;
    }
  }
  if (expected !== weightBytes) {
    throw new UserError(
      `model/weights.bin holds ${weightBytes} bytes but model/model.json lists ${expected}: the two files do not belong together. Export the run again.`,
    );
  }
}
