// Runs in: main and trainer processes (plain Node). Chooses what orders the rows in time: one date/time column, a
// timestamp assembled from parts, or nothing (evenly spaced rows), following the user's ImportOptions; and says how
// day/month dates were read, asking the user when the file does not settle it.
import type { Finding } from '../../../shared/model/dataset';
import type { DateAmbiguity, ImportOptions } from '../../../shared/model/forecast-data';
import type { RawColumn } from './column-types';
import { assembleTimes, detectTimeParts, planFromNames, type CellsOf, type TimePartsPlan } from './time-parts';
import { plural } from './format';

export interface TimeAxis {
  /** Epoch ms per file row (NaN where unknown), or null when rows are evenly spaced. */
  times: Float64Array | null;
  /** The single date/time column, when that is the axis. */
  column: string | null;
  /** The columns the time was assembled from, when it was. */
  parts: string[] | null;
  /** How messages name the time: the column, or its parts. */
  label: string;
  /** The file column findings about the time belong to. */
  findingColumn: string | null;
  /** How a file row's time reads in a message (the cell as written, or the assembled instant). */
  describe: (fileRow: number) => string;
  ambiguity: DateAmbiguity | null;
  findings: Finding[];
}

const ORDER_NAMES = { dmy: 'day first (31/12)', mdy: 'month first (12/31)' } as const;

/** The file's cells as far as the time axis needs them: whole text columns, and single cells for messages. */
export interface TimeAxisCells {
  rowCount: number;
  cellsOf: CellsOf;
  /** The text of one cell, as written (read back from the file if the store keeps only its value). */
  cellAt(row: number, c: number): string;
}

export function resolveTimeAxis(
  names: string[],
  raws: RawColumn[],
  table: TimeAxisCells,
  options: ImportOptions,
  fileName: string,
): TimeAxis {
  const firstDatetime = raws.findIndex((raw) => raw.kind === 'datetime');
  if (options.noTime) {
    const ignored = firstDatetime === -1 ? '' : `; ${names[firstDatetime]} is kept as a column but not used to order them`;
    return {
      ...untimed(),
      findings: [{ code: 'no-time', level: 'info', message: `Rows are read as evenly spaced steps in file order, as chosen${ignored}` }],
    };
  }

  let plan: TimePartsPlan | null = null;
  if (options.timeParts && options.timeParts.length > 0) plan = planFromNames(options.timeParts, names, raws, table.cellsOf, fileName);
  else plan = detectTimeParts(names, raws, table.cellsOf);
  // A date column beside a time-of-day column beats the date column alone; any other single date/time column
  // beats year/month/day columns.
  if (plan !== null && !(options.timeParts?.length || plan.roles[0] === 'date' || firstDatetime === -1)) plan = null;

  if (plan !== null) {
    const parts = plan.columns.map((c) => names[c]);
    const times = assembleTimes(plan, raws, table.cellsOf, table.rowCount);
    const dateColumn = plan.roles[0] === 'date' ? plan.columns[0] : -1;
    const order = dateColumn === -1 ? null : dateOrderReport(names[dateColumn], raws[dateColumn], options);
    const label = parts.join(' + ');
    return {
      times,
      column: null,
      parts,
      label,
      findingColumn: parts[0],
      describe: (i) => formatInstant(times[i]),
      ambiguity: order?.ambiguity ?? null,
      findings: [
        {
          code: 'time-from-parts',
          level: 'info',
          message: `The time of each row is built from ${joinAnd(parts)}${options.timeParts?.length ? ', as chosen' : ''}`,
        },
        ...(order?.findings ?? []),
      ],
    };
  }

  if (firstDatetime === -1) return { ...untimed(), findings: [] };
  const column = names[firstDatetime];
  const order = dateOrderReport(column, raws[firstDatetime], options);
  return {
    times: raws[firstDatetime].values as Float64Array,
    column,
    parts: null,
    label: column,
    findingColumn: column,
    describe: (i) => table.cellAt(i, firstDatetime).trim(),
    ambiguity: order.ambiguity,
    findings: order.findings,
  };
}

function untimed(): Omit<TimeAxis, 'findings'> {
  return { times: null, column: null, parts: null, label: '', findingColumn: null, describe: () => '', ambiguity: null };
}

/** Findings (and the question for the user) about how a day/month date column was read. */
function dateOrderReport(column: string, raw: RawColumn, options: ImportOptions): { ambiguity: DateAmbiguity | null; findings: Finding[] } {
  const info = raw.dayMonth;
  if (info === undefined) return { ambiguity: null, findings: [] };
  const { evidence, order } = info;
  const findings: Finding[] = [];
  let ambiguity: DateAmbiguity | null = null;
  if (info.source === 'mixed') {
    const other = order === 'dmy' ? 'month first' : 'day first';
    findings.push({
      code: 'mixed-date-order',
      level: 'warning',
      column,
      message:
        `${column} mixes date formats: ${plural(evidence.dayFirst, 'date')} can only be day first (e.g. ${evidence.dayFirstExamples[0]}) ` +
        `and ${plural(evidence.monthFirst, 'date')} only month first (e.g. ${evidence.monthFirstExamples[0]}). Read ${ORDER_NAMES[order]}` +
        `${options.dateOrder ? ', as chosen' : ''}; the ${other} ones cannot be placed and are dropped. Fix the file so every date uses one order`,
    });
  } else if (info.source === 'file') {
    const examples = order === 'dmy' ? evidence.dayFirstExamples : evidence.monthFirstExamples;
    const overruled = info.choiceOverruled ? `, not ${ORDER_NAMES[order === 'dmy' ? 'mdy' : 'dmy']} as chosen,` : '';
    findings.push({
      code: 'date-order',
      level: info.choiceOverruled ? 'warning' : 'info',
      column,
      message: `${column} is read ${ORDER_NAMES[order]}${overruled} as dates like ${examples[0]} allow nothing else`,
    });
  } else {
    ambiguity = { column, examples: evidence.eitherExamples, assumed: order };
    findings.push(
      info.source === 'choice'
        ? { code: 'date-order-chosen', level: 'info', column, message: `${column} is read ${ORDER_NAMES[order]}, as chosen: its dates could be either` }
        : {
            code: 'ambiguous-date-order',
            level: 'warning',
            column,
            message:
              `${column} could be day first or month first (e.g. ${evidence.eitherExamples.join(', ')}): read ${ORDER_NAMES[order]} for now. ` +
              'Choose the order the file uses',
          },
    );
  }
  return { ambiguity, findings };
}

/** 2010-01-02 05:00 (UTC axis: assembled times carry no zone). */
export function formatInstant(ms: number): string {
  if (ms !== ms) return '?';
  const iso = new Date(ms).toISOString();
  return iso.endsWith(':00.000Z') ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

function joinAnd(parts: string[]): string {
  return parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}
