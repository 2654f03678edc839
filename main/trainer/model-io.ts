// Runs in: trainer process (plain Node). Saves and loads a layers model as the standard TensorFlow.js files
// (model.json + weights.bin), which tfjs-node's file:// handler and tf.loadLayersModel in a browser also read.
// The pure-JS tfjs package has no file system handler, so this is a small one over node:fs.
import * as tf from '@tensorflow/tfjs';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toStandardTopology } from './fused/fused-layers';

const WEIGHTS_FILE = 'weights.bin';

function directoryWriter(dir: string): tf.io.IOHandler {
  return {
    async save(artifacts) {
      if (!(artifacts.weightData instanceof ArrayBuffer)) {
        throw new Error('Saving a model whose weights are split over several buffers is not supported');
      }
      mkdirSync(dir, { recursive: true });
      const modelJson = {
        // Fused layers are saved under the standard class names, so any TensorFlow.js loads the files.
        modelTopology: toStandardTopology(artifacts.modelTopology),
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        weightsManifest: [{ paths: [`./${WEIGHTS_FILE}`], weights: artifacts.weightSpecs ?? [] }],
        ...(artifacts.trainingConfig ? { trainingConfig: artifacts.trainingConfig } : {}),
      };
      // Write then rename, so a crash never leaves a half-written model.json beside new weights.
      writeFileSync(join(dir, `${WEIGHTS_FILE}.tmp`), Buffer.from(artifacts.weightData));
      writeFileSync(join(dir, 'model.json.tmp'), JSON.stringify(modelJson));
      renameSync(join(dir, `${WEIGHTS_FILE}.tmp`), join(dir, WEIGHTS_FILE));
      renameSync(join(dir, 'model.json.tmp'), join(dir, 'model.json'));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
  };
}

function directoryReader(dir: string): tf.io.IOHandler {
  return {
    async load() {
      const modelJson = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as tf.io.ModelJSON;
      const manifest = modelJson.weightsManifest ?? [];
      const weightSpecs = manifest.flatMap((group) => group.weights);
      const bytes = readFileSync(join(dir, WEIGHTS_FILE));
      const weightData = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
      return {
        modelTopology: modelJson.modelTopology,
        format: modelJson.format,
        generatedBy: modelJson.generatedBy,
        convertedBy: modelJson.convertedBy,
        trainingConfig: modelJson.trainingConfig,
        weightSpecs,
        weightData,
      };
    },
  };
}

export async function saveModel(model: tf.LayersModel, dir: string): Promise<void> {
  // includeOptimizer off: the files are for prediction and sharing, and stay small.
  await model.save(directoryWriter(dir));
}

export function loadModel(dir: string): Promise<tf.LayersModel> {
  return tf.loadLayersModel(directoryReader(dir));
}
