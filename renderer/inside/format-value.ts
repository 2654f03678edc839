// Runs in: renderer. Numbers of the Inside view: four significant digits, and tiny values in exponent form so that
// 4.4e-15 (a shuffle that changed nothing) does not print as a row of zeros.
import { formatMetric } from '../ui/format';

export function formatValue(value: number | null | undefined): string {
  if (typeof value === 'number' && value !== 0 && Number.isFinite(value) && Math.abs(value) < 1e-4) return value.toExponential(1);
  return formatMetric(value);
}
