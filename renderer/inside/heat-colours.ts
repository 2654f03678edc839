// Runs in: renderer. Colour scales of the Inside view's heatmaps: diverging around zero (states, weights, inputs) and
// sequential on [0, 1] (gates), the same in both themes so a colour always means the same number.
type Rgb = [number, number, number];

// ColorBrewer RdBu ends with a light middle: blue below zero, red above.
const NEGATIVE: Rgb = [33, 102, 172];
const MIDDLE: Rgb = [247, 247, 247];
const POSITIVE: Rgb = [178, 24, 43];
// A light-to-dark teal for values in [0, 1].
const LOW: Rgb = [247, 252, 240];
const HIGH: Rgb = [8, 64, 129];

const mix = (a: Rgb, b: Rgb, t: number): Rgb => [0, 1, 2].map((k) => Math.round(a[k] + (b[k] - a[k]) * t)) as Rgb;
const css = ([r, g, b]: Rgb) => `rgb(${r}, ${g}, ${b})`;

export type HeatScale = { kind: 'diverging'; limit: number } | { kind: 'unit' };

/** The scale a matrix is drawn on: gates on [0, 1], everything else symmetric around zero out to its largest |value|. */
export function scaleFor(kind: 'diverging' | 'unit', range: { min: number; max: number }): HeatScale {
  if (kind === 'unit') return { kind: 'unit' };
  return { kind: 'diverging', limit: Math.max(Math.abs(range.min), Math.abs(range.max)) || 1 };
}

export function heatColour(value: number, scale: HeatScale): string {
  if (!Number.isFinite(value)) return 'rgb(128, 128, 128)';
  if (scale.kind === 'unit') return css(mix(LOW, HIGH, Math.min(1, Math.max(0, value))));
  const t = Math.max(-1, Math.min(1, value / scale.limit));
  return css(t < 0 ? mix(MIDDLE, NEGATIVE, -t) : mix(MIDDLE, POSITIVE, t));
}

/** The legend's CSS gradient, left (lowest) to right (highest). */
export function legendGradient(scale: HeatScale): string {
  return scale.kind === 'unit'
    ? `linear-gradient(to right, ${css(LOW)}, ${css(HIGH)})`
    : `linear-gradient(to right, ${css(NEGATIVE)}, ${css(MIDDLE)}, ${css(POSITIVE)})`;
}
