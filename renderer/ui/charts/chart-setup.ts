// Runs in: renderer. Registers only the Chart.js parts the app's charts use, once.
import {
  BarController,
  BarElement,
  Chart,
  ScatterController,
  Decimation,
  Legend,
  LineController,
  LineElement,
  LinearScale,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';
import zoomPlugin from 'chartjs-plugin-zoom';

let registered = false;

function register(): void {
  if (registered) return;
  Chart.register(LineController, LineElement, PointElement, LinearScale, Legend, Tooltip, Decimation, zoomPlugin);
  registered = true;
}

export type LineChart = Chart<'line', { x: number; y: number }[]>;
export type LineChartConfig = ChartConfiguration<'line', { x: number; y: number }[]>;

/** Null where there is no 2D canvas (jsdom in component tests); the rest of the UI works without the chart. */
export function createLineChart(canvas: HTMLCanvasElement, config: LineChartConfig): LineChart | null {
  const context = canvas.getContext('2d');
  if (!context) return null;
  register();
  return new Chart(context, config);
}

// The text task's histogram and embedding projector (issue 5): bars and scatter on the same linear scales.
export type PointData = { x: number; y: number }[];
export type BarChart = Chart<'bar', PointData>;
export type ScatterChart = Chart<'scatter', PointData>;

/** Options every histogram and scatter shares: data given as {x, y} points, no animation, sized by its container. */
export const STATIC_CHART_OPTIONS = { parsing: false, animation: false, responsive: true, maintainAspectRatio: false } as const;

let extrasRegistered = false;

function registerExtras(): void {
  register();
  if (extrasRegistered) return;
  Chart.register(BarController, BarElement, ScatterController);
  extrasRegistered = true;
}

export function createBarChart(canvas: HTMLCanvasElement, config: ChartConfiguration<'bar', PointData>): BarChart | null {
  const context = canvas.getContext('2d');
  if (!context) return null;
  registerExtras();
  return new Chart(context, config);
}

export function createScatterChart(canvas: HTMLCanvasElement, config: ChartConfiguration<'scatter', PointData>): ScatterChart | null {
  const context = canvas.getContext('2d');
  if (!context) return null;
  registerExtras();
  return new Chart(context, config);
}
