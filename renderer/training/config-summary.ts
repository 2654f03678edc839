// Runs in: renderer. One line naming a run's model and data, e.g. "GRU 2×64, bidirectional · window 24 · horizon 1".
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
