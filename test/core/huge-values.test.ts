// Runs in: vitest (Node). Values whose squares overflow a double (issue 12, item 10): a run on them "completed" with
// every metric '-'. The data preparation refuses such a column by name, saying why and what to do; large values that
// still square finitely train as before.
import { describe, expect, it } from 'vitest';
import { planForecastData } from '../../main/core/forecast/prepare-data';
import type { ForecastSeries } from '../../main/core/forecast/forecast-series';
import { FORECAST_DEFAULTS } from '../../shared/model/run-config';
import type { ForecastConfig } from '../../shared/model/config';
import { isUserError } from '../../shared/util/errors';

const ROWS = 200;
const config: ForecastConfig = { ...FORECAST_DEFAULTS, datasetId: 'a'.repeat(64), target: 'y', features: ['y', 'x'], window: 3 };

function series(scale: { x: number; y: number }): ForecastSeries {
  return {
    columns: {
      y: Float64Array.from({ length: ROWS }, (_, i) => ((i % 7) + 1) * scale.y),
      x: Float64Array.from({ length: ROWS }, (_, i) => Math.sin(i) * scale.x),
    },
    times: null,
  };
}

function errorOf(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    if (isUserError(error)) return error as Error;
    throw error;
  }
  throw new Error('expected a UserError');
}

describe('columns too large to square', () => {
  it('names the target and its largest value', () => {
    expect(errorOf(() => planForecastData(series({ x: 1, y: 1e300 }), config)).message).toBe(
      'The target column "y" holds values as large as 7.00e+300: squaring them (to scale the column and to score RMSE) ' +
        'overflows double precision, so nothing could be measured. Divide the column by a power of ten (e.g. 1e+297) and import it again.',
    );
  });

  it('names an input the same way', () => {
    expect(errorOf(() => planForecastData(series({ x: -3e200, y: 1 }), config)).message).toMatch(
      /^The input column "x" holds values as large as 3\.00e\+200: .* \(e\.g\. 1e\+197\)/,
    );
  });

  it('trains on values up to 1e150 as before', () => {
    const plan = planForecastData(series({ x: 1e149, y: 1e140 }), config);
    expect(Number.isFinite(plan.targetScaler.std)).toBe(true);
    expect(plan.inputScalers.every((s) => Number.isFinite(s.std) && Number.isFinite(s.mean))).toBe(true);
  });
});
