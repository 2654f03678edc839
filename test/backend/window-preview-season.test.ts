// Runs in: vitest (Node). The window preview carries the target's autocorrelation, its season and a window that covers
// it (issue 15): Szeged's hourly temperature shows its day, the same file's wind bearing much less of one.
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { loadDataset } from '../../main/core/dataset/load-dataset';
import { buildWindowPreview } from '../../main/backend/datasets/window-preview';
import { FORECAST_DEFAULTS } from '../../shared/model/run-config';

const SZEGED = fileURLToPath(new URL('../fixtures/szeged-3000.csv', import.meta.url));

describe('window preview seasonality', () => {
  it("shows the temperature's daily season, a few seasons deep, and suggests a window of one day", async () => {
    const dataset = await loadDataset(SZEGED);
    const target = 'Temperature (C)';
    const preview = buildWindowPreview(dataset, { ...FORECAST_DEFAULTS, datasetId: dataset.summary.id, target, features: [target] });
    const seasonality = preview.seasonality!;
    expect(seasonality.acf).toHaveLength(3 * 24 + 3);
    expect(seasonality.acf[0]).toBe(1);
    expect(seasonality.season).toBe(24);
    expect(seasonality.suggestedWindow).toBe(24);
    expect(seasonality.noiseBand).toBeCloseTo(1.96 / Math.sqrt(dataset.rowCount), 12);
  });
});
