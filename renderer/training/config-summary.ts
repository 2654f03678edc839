// Runs in: renderer. One line naming a run's model and data, e.g. "GRU 2×64, bidirectional · window 24 · horizon 1".
import type { ForecastConfig } from '../../shared/api';

export function modelShape(config: ForecastConfig): string {
  return `${config.layers}×${config.hiddenUnits}${config.bidirectional ? ' bi' : ''}`;
}

export function configSummary(config: ForecastConfig): string {
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
