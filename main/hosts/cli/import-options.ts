// Runs in: plain Node (CLI). How `seqlab train` reads the CSV's time: the same choices the window offers after an
// import (ImportOptions), as options: day-first or month-first dates, the columns a time is built from, or no time.
import type { ParseArgsConfig } from 'node:util';
import type { ImportOptions } from '../../../shared/model/forecast-data';
import { UserError } from '../../../shared/util/errors';
import type { OptionValues } from './cli-options';

export const IMPORT_OPTIONS = {
  'date-order': { type: 'string' },
  'time-parts': { type: 'string' },
  'no-time': { type: 'boolean' },
} satisfies ParseArgsConfig['options'];

export const IMPORT_USAGE = '[--date-order dmy|mdy] [--time-parts year,month,day,hour] [--no-time]';

export function importOptionsFrom(values: OptionValues): ImportOptions {
  const options: ImportOptions = {};
  const order = values['date-order'];
  if (order !== undefined) {
    if (order !== 'dmy' && order !== 'mdy') {
      throw new UserError(`--date-order must be dmy (31/12/2011) or mdy (12/31/2011), got "${String(order)}".`);
    }
    options.dateOrder = order;
  }
  const parts = values['time-parts'];
  if (parts !== undefined) {
    const names = String(parts).split(',').map((s) => s.trim()).filter(Boolean);
    if (names.length === 0) throw new UserError('--time-parts needs column names, e.g. --time-parts year,month,day,hour.');
    options.timeParts = names;
  }
  if (values['no-time'] === true) {
    if (options.timeParts) throw new UserError('--no-time and --time-parts contradict each other: give one of them.');
    options.noTime = true;
  }
  return options;
}
