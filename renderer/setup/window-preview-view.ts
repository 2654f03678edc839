// Runs in: renderer. Pure shaping of a WindowPreview for its panel: table rows per window, chart lines, sentences.
import type { WindowPreview, WindowSample } from '../../shared/model/forecast-data';
import type { LineSeries } from '../ui/charts/series';

export interface SampleRow {
  /** "t-2", "t", "t+1"... relative to the last input step. */
  step: string;
  time: number | null;
  /** One per model input; null on target rows. */
  inputs: (number | null)[];
  /** Null on input rows. */
  target: number | null;
}

/** The window's input steps, then its target steps, as table rows. */
export function sampleRows(sample: WindowSample): SampleRow[] {
  const window = sample.inputs.length;
  const width = sample.inputs[0]?.length ?? 0;
  const inputs = sample.inputs.map((values, k) => ({
    step: k === window - 1 ? 't' : `t-${window - 1 - k}`,
    time: sample.inputTimes?.[k] ?? null,
    inputs: values,
    target: null,
  }));
  const targets = sample.target.map((value, h) => ({
    step: `t+${h + 1}`,
    time: sample.targetTimes?.[h] ?? null,
    inputs: new Array<number | null>(width).fill(null),
    target: value,
  }));
  return [...inputs, ...targets];
}

// The series in the theme's ink (a fixed near-black vanished on the dark surface).
export const BOUNDARY_COLORS = { validation: '#ea580c', test: '#7c3aed', series: 'var(--series-ink)' } as const;

/** The target, and each split boundary as a vertical line from the lowest to the highest value. */
export function previewSeries(preview: WindowPreview, target: string): LineSeries[] {
  const points = preview.series.x.map((x, i) => ({ x, y: preview.series.y[i] ?? NaN }));
  let low = Infinity;
  let high = -Infinity;
  for (const { y } of points) {
    if (Number.isFinite(y)) {
      low = Math.min(low, y);
      high = Math.max(high, y);
    }
  }
  if (!Number.isFinite(low)) return [{ label: target, points, color: BOUNDARY_COLORS.series }];
  const line = (x: number) => [
    { x, y: low },
    { x, y: high },
  ];
  return [
    { label: target, points, color: BOUNDARY_COLORS.series },
    { label: 'Validation starts', points: line(preview.boundaries.validation), color: BOUNDARY_COLORS.validation, dashed: true },
    { label: 'Test starts', points: line(preview.boundaries.test), color: BOUNDARY_COLORS.test, dashed: true },
  ];
}

export const SPLIT_LABELS = { train: 'Train', validation: 'Validation', test: 'Test' } as const;
