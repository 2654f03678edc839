// Runs in: renderer. PNGs of the shown run's charts for its bundle, drawn from the Chart.js canvases on screen.
import type { BundleFile } from '../../shared/model/experiments';

/** Bundle path -> the accessible name of the chart on screen (see LineChart's role="img"). */
const CHARTS: [path: string, label: string][] = [
  ['charts/loss.png', 'Loss chart'],
  ['charts/predictions.png', 'Predictions chart'],
];

/**
 * Charts of the run panel as PNG files. A chart that is empty, hidden or cannot be drawn (no 2D canvas, e.g. jsdom)
 * is left out: the bundle is complete without images.
 */
export function chartImages(root: ParentNode = document): BundleFile[] {
  const files: BundleFile[] = [];
  for (const [path, label] of CHARTS) {
    const canvas = root.querySelector<HTMLCanvasElement>(`#run-panel [role="img"][aria-label="${label}"] canvas`);
    if (!canvas || canvas.classList.contains('blank') || canvas.width === 0 || canvas.height === 0) continue;
    const base64 = canvasPng(canvas);
    if (base64) files.push({ path, base64 });
  }
  return files;
}

/** The canvas on a white ground (Chart.js draws on transparent, which viewers show as black or checkered). */
function canvasPng(canvas: HTMLCanvasElement): string | null {
  try {
    if (!canvas.getContext('2d')) return null;
    const flat = document.createElement('canvas');
    flat.width = canvas.width;
    flat.height = canvas.height;
    const context = flat.getContext('2d');
    if (!context) return null;
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, flat.width, flat.height);
    context.drawImage(canvas, 0, 0);
    const url = flat.toDataURL('image/png');
    const comma = url.indexOf(',');
    return url.startsWith('data:image/png;base64,') && comma > 0 ? url.slice(comma + 1) : null;
  } catch {
    // A tainted or lost canvas: export without this image rather than fail the whole export.
    return null;
  }
}
