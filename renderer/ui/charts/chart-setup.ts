// Runs in: renderer. Registers only the Chart.js parts the app's charts use, once, and gives them the theme's colours.
import {
  BarController,
  BarElement,
  Chart,
  ScatterController,
  Decimation,
  Filler,
  Legend,
  LineController,
  LineElement,
  LinearScale,
  LogarithmicScale,
  PointElement,
  TimeScale,
  Tooltip,
  type ChartConfiguration,
  type LegendItem,
} from 'chart.js';
import zoomPlugin from 'chartjs-plugin-zoom';
import { installClockAdapter } from './time-adapter';

let registered = false;

function register(): void {
  applyChartTheme();
  if (registered) return;
  installClockAdapter();
  Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, TimeScale, Legend, Tooltip, Decimation, Filler, zoomPlugin);
  registered = true;
}

const resolved = new Map<string, string>();

/**
 * A CSS colour as the canvas needs it: `var(--series-ink)` resolved in the current theme (app.css pairs colours with
 * light-dark(), which only an element's computed style resolves); any other colour as is.
 */
export function cssColor(value: string): string {
  if (!value.startsWith('var(') || typeof document === 'undefined') return value;
  const key = `${document.documentElement.dataset.theme ?? ''}|${value}`;
  let colour = resolved.get(key);
  if (colour === undefined) {
    const probe = document.createElement('span');
    probe.style.color = value;
    probe.style.display = 'none';
    document.body.append(probe);
    colour = getComputedStyle(probe).color || '#888888';
    probe.remove();
    resolved.set(key, colour);
  }
  return colour;
}

/** Text, grid and border colours of every chart from the theme; charts call it (then update) when it changes. */
export function applyChartTheme(): void {
  Chart.defaults.color = cssColor('var(--muted)');
  Chart.defaults.borderColor = cssColor('var(--border)');
}

export type LineChart = Chart<'line', { x: number; y: number }[]>;

/** Chart.js's own legend entries for a chart, for a chart that adjusts them (LineChart's bands and lines). */
export function defaultLegendLabels(chart: LineChart): LegendItem[] {
  // The legend plugin's defaults are Chart.js's legend defaults once registered (createLineChart registers it).
  return Chart.defaults.plugins.legend.labels.generateLabels(chart as unknown as Chart);
}
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
