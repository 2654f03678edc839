// Runs in: vitest (Node). The setup form's parameter count and layer shapes, checked against the real tfjs models.
import { beforeAll, describe, expect, it } from 'vitest';
import { buildForecastModel } from '../../main/trainer/model';
import { initBackend } from '../../main/trainer/tfjs-backend';
import { describeModelSummary, formatShape, summarizeForecastModel, type ModelShapeSpec } from '../../shared/model/model-summary';
import { CELL_TYPES } from '../../shared/model/config';

beforeAll(async () => {
  await initBackend('cpu');
});

const base: ModelShapeSpec = { cell: 'SimpleRNN', layers: 1, hiddenUnits: 8, bidirectional: false, window: 6, features: 3, horizon: 2 };

describe('summarizeForecastModel', () => {
  const variants: Partial<ModelShapeSpec>[] = [{}, { layers: 3 }, { bidirectional: true }, { layers: 2, bidirectional: true, hiddenUnits: 5 }];
  for (const cell of CELL_TYPES) {
    for (const variant of variants) {
      it(`matches tfjs for ${cell} ${JSON.stringify(variant)}`, () => {
        const spec = { ...base, ...variant, cell };
        const model = buildForecastModel({ ...spec, learningRate: 0.001, seed: 1 });
        try {
          const summary = summarizeForecastModel(spec);
          expect(summary.totalParams).toBe(model.countParams());
          expect(summary.layers.map((l) => l.params)).toEqual(model.layers.map((l) => l.countParams()));
          expect(summary.layers.map((l) => [null, ...l.outputShape])).toEqual(model.layers.map((l) => l.outputShape));
        } finally {
          model.optimizer?.dispose();
          model.dispose();
        }
      });
    }
  }

  it('counts by hand: SimpleRNN 32 over one input, Dense 1', () => {
    // 32 * (1 + 32 + 1) = 1,088 recurrent weights, 32 + 1 dense.
    const summary = summarizeForecastModel({ ...base, hiddenUnits: 32, features: 1, horizon: 1 });
    expect(summary.totalParams).toBe(1088 + 33);
    expect(describeModelSummary(summary)).toBe('1 layer · 1,121 parameters');
    expect(formatShape(summary.layers[0].outputShape)).toBe('(32)');
  });

  it('says "layers" for a stack', () => {
    expect(describeModelSummary(summarizeForecastModel({ ...base, cell: 'LSTM', layers: 2 }))).toMatch(/^2 layers · [\d,]+ parameters$/);
  });
});
