// Runs in: renderer. A run's settings in words: a setting's label, the model's shape ("2×64 bi"), and one line naming
// the model and data, e.g. "GRU 2×64 bi · window 24 · horizon 1 · T from its own past".
import type { ForecastConfig, RunConfig } from '../../shared/model/config';

export function modelShape(config: Pick<RunConfig, 'layers' | 'hiddenUnits' | 'bidirectional'>): string {
  return `${config.layers}×${config.hiddenUnits}${config.bidirectional ? ' bi' : ''}`;
}

export function configSummary(config: RunConfig): string {
  if (config.task === 'text') {
    return [
      `Embedding ${config.embeddingDim} → ${config.cell} ${modelShape(config)}`,
      `max length ${config.maxLength}`,
      `${config.labelColumn} from ${config.textColumn}`,
    ].join(' · ');
  }
  return forecastSummary(config);
}

function forecastSummary(config: ForecastConfig): string {
  const inputs = config.features.length === 1 && config.features[0] === config.target
    ? `${config.target} from its own past`
    : `${config.target} from ${config.features.join(', ')}`;
  return [
    `${config.cell} ${modelShape(config)}`,
    `window ${config.window}`,
    `horizon ${config.horizon}`,
    inputs,
  ].join(' · ');
}

const SETTING_LABELS: Record<string, string> = {
  task: 'Task',
  datasetId: 'Dataset',
  target: 'Target column',
  features: 'Input columns',
  window: 'Window',
  horizon: 'Horizon',
  cell: 'Cell',
  layers: 'Layers',
  hiddenUnits: 'Hidden units',
  bidirectional: 'Bidirectional',
  epochs: 'Epochs',
  batchSize: 'Batch size',
  learningRate: 'Learning rate',
  seed: 'Seed',
  'split.train': 'Train fraction',
  'split.validation': 'Validation fraction',
  backend: 'Backend',
  textColumn: 'Text column',
  labelColumn: 'Label column',
  embeddingDim: 'Embedding dimension',
  maxLength: 'Max length',
  vocabSize: 'Vocabulary size',
  minFrequency: 'Minimum frequency',
  truncate: 'Truncate',
};

/** "Window" for window; an unknown key (a newer setting) shows as itself. */
export function settingLabel(key: string): string {
  return SETTING_LABELS[key] ?? key;
}
