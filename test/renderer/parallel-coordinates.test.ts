// Runs in: vitest (Node). Parallel coordinates geometry: where each run's line crosses each axis, the axes' ticks,
// the colour by metric, and the drawing order.
import { describe, expect, it } from 'vitest';
import {
  METRIC_KEY,
  NO_METRIC_COLOR,
  metricColor,
  niceTicks,
  parallelCoordinates,
  type PcRun,
  type PcSize,
} from '../../renderer/ui/charts/parallel-coordinates';

const SIZE: PcSize = { width: 600, height: 300, margin: { top: 40, right: 50, bottom: 20, left: 50 } };
const TOP = 40;
const BOTTOM = 280;
const LOSS = { label: 'Best validation loss', lowerIsBetter: true };
const AXES = [
  { key: 'window', label: 'Window' },
  { key: 'cell', label: 'Cell' },
];

const runs: PcRun[] = [
  { id: 1, values: { window: 4, cell: 'GRU' }, metric: 0.3 },
  { id: 2, values: { window: 8, cell: 'LSTM' }, metric: 0.1 },
  { id: 3, values: { window: 12, cell: 'GRU' }, metric: 0.2 },
  { id: 4, values: { window: 8, cell: 'SimpleRNN' }, metric: null },
];

const lineOf = (geometry: ReturnType<typeof parallelCoordinates>, id: number) => geometry.lines.find((line) => line.runId === id)!;

describe('parallel coordinates geometry', () => {
  it('puts one axis per setting and the metric last, evenly spaced across the plot', () => {
    const g = parallelCoordinates(runs, AXES, LOSS, SIZE);
    expect(g.axes.map((axis) => [axis.key, axis.label, axis.kind, axis.x])).toEqual([
      ['window', 'Window', 'numeric', 50],
      ['cell', 'Cell', 'categorical', 300],
      [METRIC_KEY, 'Best validation loss', 'numeric', 550],
    ]);
  });

  it('scales numeric axes from min (bottom) to max (top) and spaces categories evenly in first-seen order', () => {
    const g = parallelCoordinates(runs, AXES, LOSS, SIZE);
    // Window 4..12: 4 at the bottom, 12 at the top, 8 halfway.
    expect(lineOf(g, 1).points[0]).toEqual({ x: 50, y: BOTTOM });
    expect(lineOf(g, 3).points[0]).toEqual({ x: 50, y: TOP });
    expect(lineOf(g, 2).points[0].y).toBeCloseTo((TOP + BOTTOM) / 2);
    // Three categories: GRU, LSTM, SimpleRNN at 1/6, 3/6, 5/6 of the axis from the bottom.
    const step = (BOTTOM - TOP) / 3;
    expect(lineOf(g, 1).points[1].y).toBeCloseTo(BOTTOM - step / 2);
    expect(lineOf(g, 2).points[1].y).toBeCloseTo(BOTTOM - 1.5 * step);
    expect(lineOf(g, 4).points[1].y).toBeCloseTo(BOTTOM - 2.5 * step);
    expect(g.axes[1].ticks.map((t) => t.label)).toEqual(['GRU', 'LSTM', 'SimpleRNN']);
    // Few distinct numbers: a tick on each value.
    expect(g.axes[0].ticks.map((t) => t.label)).toEqual(['4', '8', '12']);
  });

  it('scales the metric axis over the runs that have one and colours best blue, worst orange, none grey', () => {
    const g = parallelCoordinates(runs, AXES, LOSS, SIZE);
    expect(g.metricRange).toEqual({ min: 0.1, max: 0.3 });
    expect(lineOf(g, 2).points[2]).toEqual({ x: 550, y: BOTTOM });
    expect(lineOf(g, 1).points[2]).toEqual({ x: 550, y: TOP });
    expect(lineOf(g, 2).color).toBe('#1d4ed8');
    expect(lineOf(g, 1).color).toBe('#ea580c');
    // A run without the metric stops at the last setting axis and is grey.
    expect(lineOf(g, 4).points).toHaveLength(2);
    expect(lineOf(g, 4).color).toBe(NO_METRIC_COLOR);
    expect(lineOf(g, 2).d).toBe(`M50,160 L300,${Math.round((BOTTOM - 1.5 * ((BOTTOM - TOP) / 3)) * 10) / 10} L550,280`);
  });

  it('draws runs without a metric first and the best last, so the best lies on top', () => {
    expect(parallelCoordinates(runs, AXES, LOSS, SIZE).lines.map((line) => line.runId)).toEqual([4, 1, 3, 2]);
    // Accuracy: higher is better, so the colours and the order flip.
    const accuracy = parallelCoordinates(runs, AXES, { label: 'Test accuracy', lowerIsBetter: false }, SIZE);
    expect(accuracy.lines.map((line) => line.runId)).toEqual([4, 2, 3, 1]);
    expect(lineOf(accuracy, 1).color).toBe('#1d4ed8');
  });

  it('sits a single value mid-axis, and a mixed axis (a missing value) becomes categorical', () => {
    const g = parallelCoordinates(
      [
        { id: 1, values: { layers: 2, dropout: 0.1 }, metric: 0.5 },
        { id: 2, values: { layers: 2 }, metric: 0.5 },
      ],
      [
        { key: 'layers', label: 'Layers' },
        { key: 'dropout', label: 'Dropout' },
      ],
      LOSS,
      SIZE,
    );
    expect(g.lines.every((line) => line.points[0].y === (TOP + BOTTOM) / 2)).toBe(true);
    expect(g.axes[1].kind).toBe('categorical');
    expect(g.axes[1].ticks.map((t) => t.label)).toEqual(['0.1', '—']);
    // Equal metrics: both at mid-axis, both the best colour.
    expect(g.lines.map((line) => line.color)).toEqual(['#1d4ed8', '#1d4ed8']);
  });

  it('uses round ticks for many distinct numbers', () => {
    expect(niceTicks(0.0013, 0.0092)).toEqual([0.002, 0.004, 0.006, 0.008]);
    expect(niceTicks(3, 47)).toEqual([10, 20, 30, 40]);
    expect(niceTicks(5, 5)).toEqual([5]);
    const many = parallelCoordinates(
      Array.from({ length: 9 }, (_, i) => ({ id: i + 1, values: { hiddenUnits: 8 * (i + 1) }, metric: i })),
      [{ key: 'hiddenUnits', label: 'Hidden units' }],
      LOSS,
      SIZE,
    );
    expect(many.axes[0].ticks.map((t) => t.label)).toEqual(['20', '40', '60']);
  });

  it('blends the colour between the stops', () => {
    const range = { min: 0, max: 1 };
    expect(metricColor(0, range, true)).toBe('#1d4ed8');
    expect(metricColor(1, range, true)).toBe('#ea580c');
    expect(metricColor(1 / 3, range, true)).toBe('#7c3aed');
    expect(metricColor(0.5, range, true)).not.toMatch(/^#(1d4ed8|7c3aed|db2777|ea580c)$/);
  });
});
