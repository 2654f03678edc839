// Runs in: main and trainer processes (plain Node). What one CSV cell means: missing or not, a number or not, and
// whether a number's text can be written back exactly from its value (so a column store need not keep the text).

/** Cells that mean "no value". Compared after trimming spaces. */
const MISSING_TOKENS = new Set(['', 'NA', 'N/A', 'n/a', '#N/A', 'null', 'NULL', 'Null', 'NaN', 'nan', '?', '-']);

export function isMissing(cell: string): boolean {
  if (cell.length <= 4 && MISSING_TOKENS.has(cell)) return true;
  // Only cells with a space at either end need trimming; checking the ends avoids trimming 1M cells.
  if (cell.length > 0 && cell.charCodeAt(0) > 32 && cell.charCodeAt(cell.length - 1) > 32) return false;
  return MISSING_TOKENS.has(cell.trim());
}

/** The placeholder a missing cell holds, as the user wrote it (trimmed); '' for an empty cell. */
export function missingToken(cell: string): string {
  return cell.trim();
}

export function trimmed(cell: string): string {
  return cell.length > 0 && cell.charCodeAt(0) > 32 && cell.charCodeAt(cell.length - 1) > 32 ? cell : cell.trim();
}

/**
 * How the last `toNumber` cell was written: 0..15 = a plain decimal in canonical form with that many decimals, which
 * `value.toFixed(decimals)` writes back exactly (at most 15 significant digits round-trip through a double);
 * NOT_CANONICAL for anything else ('+1', '007', '1e5', '-0', 17-digit values, non-numbers).
 */
export const NOT_CANONICAL = 255;
export let lastNumberForm = NOT_CANONICAL;

const POWERS_OF_TEN = Array.from({ length: 16 }, (_, k) => 10 ** k);

/**
 * Plain decimals of at most 15 digits ('1015.13', '-0.89'): digits into an exact integer, one division by an exact
 * power of ten, which IEEE rounds correctly (Clinger's fast path), so the result equals `+cell` at a fraction of
 * the cost. NaN for anything else (exponents, spaces, 16+ digits), which `toNumber` then hands to `+cell`.
 */
function parsePlainDecimal(cell: string): number {
  const n = cell.length;
  let i = 0;
  let negative = false;
  let canonical = true;
  const first = cell.charCodeAt(0);
  if (first === 45 || first === 43) {
    negative = first === 45;
    canonical = negative;
    i = 1;
  }
  // A leading zero is canonical only as the whole integer part ('0.5', not '05' or '.5').
  const lead = cell.charCodeAt(i);
  if (lead === 46 || (lead === 48 && i + 1 < n && cell.charCodeAt(i + 1) !== 46)) canonical = false;
  let mantissa = 0;
  let digitCount = 0;
  let decimals = -1; // -1 until the decimal point
  for (; i < n; i++) {
    const c = cell.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      digitCount += 1;
      if (decimals >= 0) decimals += 1;
    } else if (c === 46 && decimals < 0) {
      decimals = 0;
    } else {
      return NaN;
    }
  }
  if (digitCount === 0 || digitCount > 15) return NaN;
  // '5.' and '-0' do not come back from toFixed.
  if (decimals === 0 || (negative && mantissa === 0)) canonical = false;
  lastNumberForm = canonical ? (decimals < 0 ? 0 : decimals) : NOT_CANONICAL;
  const value = decimals > 0 ? mantissa / POWERS_OF_TEN[decimals] : mantissa;
  return negative ? -value : value;
}

/**
 * A finite decimal number, or NaN. Rejects what `+cell` would also accept but no one means as a number here.
 * Sets `lastNumberForm` for the cell.
 */
export function toNumber(cell: string): number {
  const n = cell.length;
  lastNumberForm = NOT_CANONICAL;
  if (n === 0) return NaN;
  // Longer than 16 characters can't be 15 digits plus sign or point: don't scan it twice.
  const plain = n <= 16 ? parsePlainDecimal(cell) : NaN;
  if (plain === plain) return plain;
  lastNumberForm = NOT_CANONICAL;
  const value = +cell;
  if (value !== value || value === Infinity || value === -Infinity) return NaN;
  // ' ' becomes 0 under +cell; '0x1F', '0b1', '0o7' are hex/binary/octal ids rather than quantities.
  const c0 = cell.charCodeAt(0);
  if (c0 <= 32 && cell.trim() === '') return NaN;
  if (c0 === 48 && n > 2 && ((cell.charCodeAt(1) | 32) === 120 || (cell.charCodeAt(1) | 32) === 98 || (cell.charCodeAt(1) | 32) === 111)) {
    return NaN;
  }
  return value;
}

/** The text of a canonical plain decimal back from its value and `lastNumberForm`. */
export function writeNumber(value: number, form: number): string {
  return value.toFixed(form);
}
