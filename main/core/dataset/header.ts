// Runs in: main and trainer processes (plain Node). Column names from the header row: trimmed, unnamed columns
// named, duplicates refused.
import type { Finding } from '../../../shared/model/dataset';
import { UserError } from '../../../shared/util/errors';

/**
 * An empty header cell gets a name (column_3) and an info finding rather than an error: pandas' `to_csv()` writes its
 * index column with an empty name, and refusing the most common export for that would help no one. Two columns
 * with the same name are refused: which one a run used would be ambiguous, and only the user knows which is which.
 */
export function columnNames(raw: string[], fileName: string): { names: string[]; findings: Finding[] } {
  const names = raw.map((name) => name.trim());
  const findings: Finding[] = [];

  const positions = new Map<string, number[]>();
  names.forEach((name, i) => {
    if (name !== '') positions.set(name, [...(positions.get(name) ?? []), i + 1]);
  });
  for (const [name, at] of positions) {
    if (at.length > 1) {
      throw new UserError(
        `The column name "${name}" appears ${at.length} times in the header of ${fileName} (columns ${at.join(', ')}): ` +
          'give each column its own name and import again.',
      );
    }
  }

  const unnamed: number[] = [];
  names.forEach((name, i) => {
    if (name !== '') return;
    let candidate = `column_${i + 1}`;
    for (let k = 2; positions.has(candidate); k++) candidate = `column_${i + 1}_${k}`;
    names[i] = candidate;
    positions.set(candidate, [i + 1]);
    unnamed.push(i);
  });
  if (unnamed.length > 0) {
    const which = unnamed.length === 1 ? `Column ${unnamed[0] + 1} has` : `Columns ${unnamed.map((i) => i + 1).join(', ')} have`;
    findings.push({
      code: 'unnamed-column',
      level: 'info',
      message: `${which} no name in the header: named ${unnamed.map((i) => names[i]).join(', ')}`,
    });
  }

  const unnamedAt = new Set(unnamed); // a Set: includes() per column was quadratic in a header of thousands of names
  if (names.every((name, i) => !unnamedAt.has(i) && /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(name))) {
    findings.push({
      code: 'header-looks-like-data',
      level: 'warning',
      message:
        `The header row holds only numbers (${names.slice(0, 3).join(', ')}${names.length > 3 ? ', ...' : ''}): ` +
        'if the file has no header row, add one naming the columns, or the first row of data is used as names',
    });
  }
  return { names, findings };
}
