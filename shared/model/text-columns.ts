// Runs in: main, trainer and renderer. Checks a text run's two columns against the dataset summary: cheap, so a
// wrong choice fails with a clear message before any process starts (main) and again where the data is read (trainer).
import type { TextConfig } from './config';
import type { DatasetSummary } from './dataset';
import { UserError } from '../util/errors';

/** More distinct labels than this is almost surely a wrong column (an id, a free-text field). */
export const MAX_CLASSES = 20;

export function checkTextColumns(config: Pick<TextConfig, 'textColumn' | 'labelColumn'>, summary: DatasetSummary): void {
  const find = (name: string, role: string) => {
    const column = summary.columns.find((c) => c.name === name);
    if (!column) throw new UserError(`${role} column "${name}" is not in ${summary.fileName}: choose one of its columns.`);
    if (column.type === 'empty') throw new UserError(`${role} column "${name}" is empty in every row: choose a column with values.`);
    return column;
  };
  const text = find(config.textColumn, 'Text');
  const label = find(config.labelColumn, 'Label');
  if (text.name === label.name) {
    throw new UserError(`"${text.name}" cannot be both the text and the label column: choose two different columns.`);
  }
  if (text.type === 'number' || text.type === 'datetime') {
    const kind = text.type === 'number' ? 'numbers' : 'dates';
    throw new UserError(`Text column "${text.name}" holds ${kind}, not text: choose the column with the texts to classify.`);
  }
  if (label.distinct > MAX_CLASSES) {
    throw new UserError(
      `Label column "${label.name}" has ${label.distinct} different values; Seqlab classifies into at most ${MAX_CLASSES} classes: choose the column that holds each text's class.`,
    );
  }
  if (label.distinct < 2) {
    throw new UserError(
      `Label column "${label.name}" holds one class only: a classifier needs at least two; choose another column or a file with both classes.`,
    );
  }
}
