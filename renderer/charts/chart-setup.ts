// Runs in: renderer. Registers only the Chart.js parts the app's line charts use, once.
import {
  Chart,
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
