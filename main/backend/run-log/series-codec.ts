// Runs in: main process (plain Node). Prediction series on disk: float64 columns in one blob instead of JSON text.
// A 14,000-point test range as JSON takes ~30 ms to parse; as a blob it is a view on the bytes. Logs written
// before this format hold JSON text, which decodeSeries still reads.

/** Blob layout: 4-byte header length (LE), a JSON header naming each field, then the float64 columns in order. */
interface Header {
  /** Numeric columns in blob order, with their lengths. */
  columns: { name: string; length: number }[];
  /** Every other field (null, strings), as JSON. */
  rest: Record<string, unknown>;
}

export function encodeSeries(series: object): Buffer {
  const header: Header = { columns: [], rest: {} };
  const arrays: number[][] = [];
  for (const [name, value] of Object.entries(series)) {
    if (name === 'intervals' && isBandList(value)) {
      // Each band's bounds become columns of their own, so previews thin them with the rest.
      header.rest.intervals = value.map((band) => ({ level: band.level }));
      value.forEach((band, i) => {
        for (const side of ['lower', 'upper'] as const) {
          header.columns.push({ name: `intervals.${i}.${side}`, length: band[side].length });
          arrays.push(band[side]);
        }
      });
    } else if (Array.isArray(value) && value.every((v) => typeof v === 'number')) {
      header.columns.push({ name, length: value.length });
      arrays.push(value as number[]);
    } else {
      header.rest[name] = value;
    }
  }
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  // Pad the header so the float64 columns start 8-byte aligned.
  const headerSpace = Math.ceil((4 + headerBytes.length) / 8) * 8;
  const total = headerSpace + arrays.reduce((sum, a) => sum + a.length * 8, 0);
  const buffer = Buffer.alloc(total);
  buffer.writeUInt32LE(headerBytes.length, 0);
  headerBytes.copy(buffer, 4);
  let offset = headerSpace;
  for (const array of arrays) {
    new Float64Array(buffer.buffer, buffer.byteOffset + offset, array.length).set(array);
    offset += array.length * 8;
  }
  return buffer;
}

/** Reads a stored series; with `maxPoints`, keeps every k-th step (and the last) of columns longer than that. */
export function decodeSeries<T>(stored: Buffer | string, maxPoints = Infinity): T {
  if (typeof stored === 'string') return thinColumns(JSON.parse(stored) as Record<string, unknown>, maxPoints) as T;
  const headerLength = stored.readUInt32LE(0);
  const header = JSON.parse(stored.toString('utf8', 4, 4 + headerLength)) as Header;
  const out: Record<string, unknown> = { ...header.rest };
  let offset = Math.ceil((4 + headerLength) / 8) * 8;
  // Copy into an aligned buffer when SQLite's bytes are not 8-byte aligned (Float64Array needs alignment).
  const bytes = (stored.byteOffset + offset) % 8 === 0 ? stored : new Uint8Array(stored);
  for (const { name, length } of header.columns) {
    const values = toArray(new Float64Array(bytes.buffer, bytes.byteOffset + offset, length), maxPoints);
    const band = /^intervals\.(\d+)\.(lower|upper)$/.exec(name);
    if (band && Array.isArray(out.intervals)) (out.intervals[Number(band[1])] as Record<string, unknown>)[band[2]] = values;
    else out[name] = values;
    offset += length * 8;
  }
  return out as T;
}

interface Band {
  level: number;
  lower: number[];
  upper: number[];
}

function isBandList(value: unknown): value is Band[] {
  return (
    Array.isArray(value) &&
    value.every((band) => band !== null && typeof band === 'object' && Array.isArray((band as Band).lower) && Array.isArray((band as Band).upper))
  );
}

/** Every k-th value and the last, k chosen so at most maxPoints remain; a plain loop (Array.from is several times slower). */
function toArray(values: ArrayLike<number>, maxPoints: number): number[] {
  const length = values.length;
  // Room for the last step too: at most maxPoints values in all.
  const step = length > maxPoints ? Math.ceil((length - 1) / Math.max(1, maxPoints - 1)) : 1;
  const out: number[] = [];
  for (let i = 0; i < length; i += step) out.push(values[i]);
  if (step > 1 && (length - 1) % step !== 0) out.push(values[length - 1]);
  return out;
}

function thinColumns(series: Record<string, unknown>, maxPoints: number): Record<string, unknown> {
  if (maxPoints === Infinity) return series;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(series)) out[key] = Array.isArray(value) ? toArray(value as number[], maxPoints) : value;
  return out;
}
