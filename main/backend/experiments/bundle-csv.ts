// Runs in: main process (plain Node). A run bundle's two tables, epochs.csv and predictions.csv: written with the
// shared CSV writer, read back by a small strict reader that names the file and line of anything it cannot take.
// Bundles are our own format, so the reader accepts RFC 4180 (quotes, CRLF from a spreadsheet) and nothing looser.
import type { EpochMetrics } from '../../../shared/model/metrics';
import type { PredictionSeries } from '../../../shared/model/run';
import { toCsv } from '../../../shared/util/csv-write';
import { UserError } from '../../../shared/util/errors';
import { percentName } from '../../../shared/model/interval-names';

export const EPOCHS_HEADER = ['epoch', 'loss', 'val_loss', 'seconds'] as const;
export const PREDICTIONS_HEADER = ['time', 'truth', 'predicted', 'persistence', 'residual'] as const;

export function epochsCsv(epochs: EpochMetrics[]): string {
  return toCsv(EPOCHS_HEADER, epochs.map((e) => [e.epoch, e.loss, e.valLoss, e.seconds]));
}

/** Residuals are truth - predicted; runs logged before residuals were stored get them computed here. Runs with
 * prediction intervals add lower_<level>,upper_<level> columns (lower_80,upper_80,lower_95,upper_95). */
export function predictionsCsv(series: PredictionSeries): string {
  const bands = series.intervals ?? [];
  const rows = series.truth.map((truth, i) => [
    series.times ? new Date(series.times[i]).toISOString() : null,
    truth,
    series.predicted[i],
    series.persistence[i],
    series.residuals ? series.residuals[i] : truth - series.predicted[i],
    ...bands.flatMap((band) => [band.lower[i], band.upper[i]]),
  ]);
  return toCsv([...PREDICTIONS_HEADER, ...bands.flatMap((band) => [`lower_${percentName(band.level)}`, `upper_${percentName(band.level)}`])], rows);
}

/** The interval levels a predictions.csv header names after the fixed columns, or null when it names something else. */
function intervalLevels(text: string): number[] | null {
  const names = (text.split(/\r?\n/, 1)[0] ?? '').split(',');
  const extra = names.slice(PREDICTIONS_HEADER.length);
  if (names.slice(0, PREDICTIONS_HEADER.length).join(',') !== PREDICTIONS_HEADER.join(',') || extra.length % 2 !== 0) return null;
  const levels: number[] = [];
  for (let k = 0; k < extra.length; k += 2) {
    const lower = /^lower_(\d+(?:\.\d+)?)$/.exec(extra[k]);
    if (!lower || extra[k + 1] !== `upper_${lower[1]}`) return null;
    const level = Number(lower[1]) / 100;
    if (!(level > 0 && level < 1)) return null;
    levels.push(level);
  }
  return levels;
}

interface CsvRecord {
  /** 1-based line of the file where the record starts. */
  line: number;
  cells: string[];
}

/** Reads a CSV whose header must be exactly `header`; every record must have that many fields. */
export function readStrictCsv(text: string, fileName: string, header: readonly string[]): CsvRecord[] {
  const records = splitRecords(text, fileName);
  const first = records.shift();
  if (!first || first.cells.join(',') !== header.join(',')) {
    throw new UserError(
      `${fileName} line 1: the header must be "${header.join(',')}"${first ? `, not "${first.cells.join(',')}"` : ''}. ` +
        'Export the run again, or restore the header.',
    );
  }
  for (const record of records) {
    if (record.cells.length !== header.length) {
      throw new UserError(
        `${fileName} line ${record.line}: ${record.cells.length} fields where the header has ${header.length}. ` +
          'Fix that line or export the run again.',
      );
    }
  }
  return records;
}

function splitRecords(text: string, fileName: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let line = 1;
  let start = 1;
  let quoted = false;
  let touched = false; // the current record has content (a blank line is skipped, not a record of one empty field)
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        if (c === '\n') line++;
        cell += c;
      }
    } else if (c === '"' && cell === '') {
      quoted = true;
      touched = true;
    } else if (c === ',') {
      cells.push(cell);
      cell = '';
      touched = true;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      if (touched || cell !== '') records.push({ line: start, cells: [...cells, cell] });
      cells = [];
      cell = '';
      touched = false;
      line++;
      start = line;
    } else if (c === '"') {
      throw new UserError(`${fileName} line ${line}: a stray double quote inside a value. Remove it or quote the whole value.`);
    } else {
      cell += c;
      touched = true;
    }
  }
  if (quoted) throw new UserError(`${fileName} line ${start}: a quoted value never closes. Add the closing double quote.`);
  if (touched || cell !== '') records.push({ line: start, cells: [...cells, cell] });
  return records;
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A finite decimal number; hex, "Infinity" and blanks are refused (Number() would take some of them). */
function parseNumber(cell: string, fileName: string, line: number, column: string, optional: boolean): number | null {
  const trimmed = cell.trim();
  if (trimmed === '' && optional) return null;
  const value = DECIMAL.test(trimmed) ? Number(trimmed) : NaN;
  if (!Number.isFinite(value)) {
    const seen = trimmed === '' ? 'is empty' : `is "${cell.slice(0, 40)}"`;
    throw new UserError(`${fileName} line ${line}: ${column} ${seen}, not a number. Fix the value or export the run again.`);
  }
  return value;
}

export function parseEpochsCsv(text: string, fileName = 'epochs.csv'): EpochMetrics[] {
  const epochs: EpochMetrics[] = [];
  for (const { line, cells } of readStrictCsv(text, fileName, EPOCHS_HEADER)) {
    const epoch = parseNumber(cells[0], fileName, line, 'epoch', false)!;
    const expected = epochs.length + 1;
    if (epoch !== expected) {
      throw new UserError(`${fileName} line ${line}: epoch ${cells[0]} where epoch ${expected} was expected (epochs count 1, 2, 3... in order).`);
    }
    const loss = parseNumber(cells[1], fileName, line, 'loss', false)!;
    const valLoss = parseNumber(cells[2], fileName, line, 'val_loss', true);
    const seconds = parseNumber(cells[3], fileName, line, 'seconds', false)!;
    if (seconds < 0) throw new UserError(`${fileName} line ${line}: seconds is negative (${cells[3]}); it is the epoch's duration.`);
    epochs.push({ epoch, loss, valLoss, seconds });
  }
  return epochs;
}

export function parsePredictionsCsv(text: string, fileName = 'predictions.csv'): PredictionSeries {
  const levels = intervalLevels(text) ?? [];
  const header = [...PREDICTIONS_HEADER, ...levels.flatMap((level) => [`lower_${percentName(level)}`, `upper_${percentName(level)}`])];
  const records = readStrictCsv(text, fileName, header);
  if (records.length === 0) throw new UserError(`${fileName} has a header but no rows: export the run again.`);
  const timed = records[0].cells[0].trim() !== '';
  const series: Required<Omit<PredictionSeries, 'intervals'>> & Pick<PredictionSeries, 'intervals'> & { times: number[] | null } = {
    times: timed ? [] : null,
    truth: [],
    predicted: [],
    persistence: [],
    residuals: [],
  };
  const bands = levels.map((level) => ({ level, lower: [] as number[], upper: [] as number[] }));
  if (bands.length > 0) series.intervals = bands;
  for (const { line, cells } of records) {
    const time = cells[0].trim();
    if ((time !== '') !== timed) {
      throw new UserError(`${fileName} line ${line}: time is ${timed ? 'empty' : `"${time}"`}, but ${timed ? 'earlier rows have times' : 'line 2 has none'}; every row needs one, or none.`);
    }
    if (timed) {
      const ms = /^\d{4}-\d{2}-\d{2}T/.test(time) ? Date.parse(time) : NaN;
      if (!Number.isFinite(ms)) throw new UserError(`${fileName} line ${line}: time "${time.slice(0, 40)}" is not an ISO date-time such as 2016-01-01T00:00:00.000Z.`);
      series.times!.push(ms);
    }
    series.truth.push(parseNumber(cells[1], fileName, line, 'truth', false)!);
    series.predicted.push(parseNumber(cells[2], fileName, line, 'predicted', false)!);
    series.persistence.push(parseNumber(cells[3], fileName, line, 'persistence', false)!);
    series.residuals.push(parseNumber(cells[4], fileName, line, 'residual', false)!);
    bands.forEach((band, k) => {
      band.lower.push(parseNumber(cells[5 + 2 * k], fileName, line, header[5 + 2 * k], false)!);
      band.upper.push(parseNumber(cells[6 + 2 * k], fileName, line, header[6 + 2 * k], false)!);
    });
  }
  return series;
}
