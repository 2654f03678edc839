// Runs in: main and trainer processes (plain Node). Imports a CSV file: parse, type the columns, sort by time, drop
// duplicates, and describe it all (DatasetSummary) with a Finding for everything noticed or changed.
import { basename } from 'node:path';
import type { ColumnSummary, DatasetSummary, Finding } from '../../../shared/model/dataset';
import { UserError } from '../../../shared/util/errors';
import { streamCsvFile, streamCsvSource, type ByteSource } from './csv-parse';
import { columnNames } from './header';
import { isMissing } from './cell-values';
import type { RawColumn } from './column-types';
import { ColumnSink } from './column-store';
import { profileColumn } from './column-stats';
import { cleanByTime, countRepeatedRows } from './clean';
import { RawRows } from './raw-rows';
import { StoredTable } from './stored-table';
import { describeSpacing } from './time-spacing';
import { resolveTimeAxis } from './time-axis';
import type { ImportOptions } from '../../../shared/model/forecast-data';
import { columnFindings, gapFinding } from './findings';
import { plural } from './format';
import { markStage } from '../stage-timing';

const PREVIEW_ROWS = 20;

export interface LoadedDataset {
  summary: DatasetSummary;
  /** Row count after cleaning (== summary.rowsUsed). */
  rowCount: number;
  /** Numeric values of a column, row-aligned with the cleaned+sorted rows; NaN where missing. Throws UserError for an unknown or non-numeric column. */
  numeric(column: string): Float64Array;
  /** Raw cell strings (null where missing), row-aligned. */
  strings(column: string): (string | null)[];
  /** Epoch ms of each row when the rows have a time (summary.timeColumn or summary.timeParts), else null. */
  time: Float64Array | null;
}

export async function loadDataset(
  path: string,
  options: {
    fileName?: string;
    onProgress?: (fraction: number) => void;
    importOptions?: ImportOptions;
    /** The bytes as they arrive (an upload being written to `path`), instead of reading `path` itself. */
    source?: ByteSource;
  } = {},
): Promise<LoadedDataset> {
  const started = performance.now();
  const fileName = options.fileName ?? basename(path);
  const sink = new ColumnSink();
  markStage('load:start');
  const csv = options.source
    ? await streamCsvSource(options.source, path, fileName, sink, options.onProgress)
    : await streamCsvFile(path, fileName, sink, options.onProgress);
  markStage('load:parsed');
  const { rowCount } = csv;
  const { names, findings: headerFindings } = columnNames(csv.header, fileName);
  const importOptions = cleanOptions(options.importOptions);
  const table = new StoredTable(sink.stores, new RawRows({ ...csv, path, fileName, columns: names.length }), rowCount);
  const raws = table.classifyAll(importOptions.dateOrder);

  const axis = resolveTimeAxis(names, raws, table, importOptions, fileName);
  const { column: timeColumn } = axis;
  const findings: Finding[] = [...encodingFindings(csv.invalidUtf8), ...headerFindings, ...axis.findings];
  let order: Uint32Array;
  if (axis.times !== null) {
    const cleaned = cleanByTime(axis.times, table, axis.label, axis.findingColumn ?? undefined);
    order = cleaned.order;
    findings.push(...cleaned.findings);
  } else {
    order = new Uint32Array(rowCount);
    for (let i = 0; i < rowCount; i++) order[i] = i;
    const cells = names.map((_, c) => table.cellsOf(c));
    const repeated = countRepeatedRows(rowCount, names.length, (i) => cells.map((column) => column.cell(i)).join('\u0000'));
    if (repeated) findings.push(repeated);
  }

  const time = axis.times === null ? null : gather(axis.times, order);
  // One scratch array for the step sort and every column's profile: a million rows would otherwise cost one each.
  const workspace = new Float64Array(order.length);
  let frequency: string | null = null;
  if (time !== null) {
    const spacing = describeSpacing(time, workspace);
    frequency = spacing.frequency;
    const gap = gapFinding(spacing, axis.label, (k) => axis.describe(order[k]), axis.findingColumn ?? undefined);
    if (gap) findings.push(gap);
    if (frequency === 'irregular') {
      findings.push({
        code: 'irregular-time',
        level: 'info',
        column: axis.findingColumn ?? undefined,
        message: `The steps between rows in ${axis.label} vary: no fixed frequency`,
      });
    }
  }

  const profiles = names.map((name, c) => profileColumn(name, raws[c], table.stores[c], order, workspace));
  for (const profile of profiles) findings.push(...columnFindings(profile, order.length));
  const columns: ColumnSummary[] = profiles.map((p) => p.summary);

  const previewRows: string[][] = [];
  const previewed = table.rawRows(order.subarray(0, Math.min(PREVIEW_ROWS, order.length)));
  for (let k = 0; k < Math.min(PREVIEW_ROWS, order.length); k++) {
    const row = previewed.get(order[k])!;
    previewRows.push(names.map((_, c) => row[c] ?? ''));
  }

  findings.push(...decimalCommaFindings(columns, previewRows));

  const summary: DatasetSummary = {
    id: csv.sha256,
    fileName,
    sizeBytes: csv.sizeBytes,
    sha256: csv.sha256,
    rowsRead: rowCount,
    rowsUsed: order.length,
    columns,
    timeColumn,
    frequency,
    previewRows,
    findings,
    parseSeconds: (performance.now() - started) / 1000,
    dateAmbiguity: axis.ambiguity,
    timeParts: axis.parts,
    importOptions,
  };

  const columnIndex = (column: string): number => {
    const c = names.indexOf(column);
    if (c === -1) {
      throw new UserError(`Column "${column}" is not in ${fileName}: choose one of ${names.map((n) => `"${n}"`).join(', ')}.`);
    }
    return c;
  };

  return {
    summary,
    rowCount: order.length,
    time,
    numeric(column: string): Float64Array {
      const c = columnIndex(column);
      const raw: RawColumn = raws[c];
      if (raw.kind !== 'number' || raw.values === null) {
        throw new UserError(`Column "${column}" holds ${columns[c].type} values, not numbers: choose a numeric column.`);
      }
      return gather(raw.values, order);
    },
    strings(column: string): (string | null)[] {
      const cells = table.cellsOf(columnIndex(column));
      return Array.from(order, (i) => {
        const cell = cells.cell(i);
        return isMissing(cell) ? null : cell;
      });
    },
  };
}

function gather(values: Float64Array, order: Uint32Array): Float64Array {
  const out = new Float64Array(order.length);
  for (let k = 0; k < order.length; k++) out[k] = values[order[k]];
  return out;
}

/** Only the choices actually made, so a summary records `{}` for a plain import. */
function cleanOptions(options: ImportOptions | undefined): ImportOptions {
  const clean: ImportOptions = {};
  if (options?.dateOrder) clean.dateOrder = options.dateOrder;
  if (options?.timeParts && options.timeParts.length > 0) clean.timeParts = [...options.timeParts];
  if (options?.noTime) clean.noTime = true;
  return clean;
}

/** '12,5' or '1.234,5': a number as a spreadsheet in a comma-decimal locale writes it. */
const DECIMAL_COMMA = /^[-+]?(\d+|\d{1,3}(\.\d{3})+),\d+$/;

/** Text columns whose every previewed cell is a number with a decimal comma: read as text, so say why and what to do
 * (the file then also fails as a target, see checkConfigAgainstData, with the same reason). */
function decimalCommaFindings(columns: ColumnSummary[], previewRows: string[][]): Finding[] {
  const findings: Finding[] = [];
  columns.forEach((column, c) => {
    if (column.type !== 'text' && column.type !== 'category') return;
    const cells = previewRows.map((row) => row[c].trim()).filter((cell) => !isMissing(cell));
    if (cells.length < 3 || !cells.every((cell) => DECIMAL_COMMA.test(cell))) return;
    findings.push({
      code: 'decimal-comma',
      level: 'warning',
      column: column.name,
      message: `${column.name} holds numbers written with a decimal comma (e.g. "${cells[0]}"): read as text, not numbers`,
    });
  });
  return findings;
}

function encodingFindings(invalidUtf8: number): Finding[] {
  if (invalidUtf8 === 0) return [];
  return [
    {
      code: 'invalid-utf8',
      level: 'warning',
      message: `${plural(invalidUtf8, 'character')} ${invalidUtf8 === 1 ? 'is' : 'are'} not valid UTF-8 and show as \uFFFD: save the file as UTF-8 if names or labels look wrong`,
    },
  ];
}
