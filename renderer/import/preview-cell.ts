// Runs in: renderer (pure). A number in the first-rows table at a readable precision: CSV exports often write a
// double's every digit (0.5777777777777773, 17.1143000000000), which crowds the table and says nothing more. Such a
// cell shows six significant digits, with the whole value as written on hover; any other cell is shown as written.

/** Digits shown of a long number: enough to tell neighbouring rows apart in weather-like data. */
export const PREVIEW_DIGITS = 6;

/** Digits with a decimal point: an integer stays as written whatever its length (rounding it would change it). */
const PLAIN_DECIMAL = /^[+-]?(\d+\.\d*|\.\d+)$/;
const shortened = new Intl.NumberFormat('en-US', { maximumSignificantDigits: PREVIEW_DIGITS, useGrouping: false });

export interface PreviewCell {
  text: string;
  /** The cell as written, when `text` shortened it. */
  whole: string | null;
}

export function previewCell(cell: string, numeric: boolean): PreviewCell {
  const trimmed = cell.trim();
  if (!numeric || !PLAIN_DECIMAL.test(trimmed) || significantDigits(trimmed) <= PREVIEW_DIGITS) return { text: cell, whole: null };
  const value = Number(trimmed);
  if (!Number.isFinite(value)) return { text: cell, whole: null };
  return { text: shortened.format(value), whole: cell };
}

/** Significant digits as written: leading zeros do not count; trailing zeros after the point do (they are digits shown). */
function significantDigits(text: string): number {
  const digits = text.replace(/^[+-]/, '').replace('.', '').replace(/^0+/, '');
  return digits.length;
}
