// Runs in: plain Node (the bench CLI). Times a whole CSV import (parse + types + dates + sort + findings).
import { basename } from 'node:path';
import { loadDataset } from '../core/dataset/load-dataset';

/**
 * Imports `csvPath` once cold (what the trainer process pays: it loads the file once) and `repeats` times warm,
 * and reports the warm median as `seconds`, so one run's hiccup on a shared machine does not become the figure.
 */
export async function benchImport(csvPath: string, options: { repeats?: number } = {}): Promise<Record<string, unknown>> {
  const repeats = Math.max(1, options.repeats ?? 5);
  const wallSeconds: number[] = [];
  const parseSeconds: number[] = [];
  const coldStart = performance.now();
  let { summary } = await loadDataset(csvPath);
  const coldSeconds = (performance.now() - coldStart) / 1000;
  for (let r = 0; r < repeats; r++) {
    const started = performance.now();
    ({ summary } = await loadDataset(csvPath));
    wallSeconds.push((performance.now() - started) / 1000);
    parseSeconds.push(summary.parseSeconds);
  }
  const seconds = median(wallSeconds);
  return {
    bench: 'import',
    file: basename(csvPath),
    sizeBytes: summary.sizeBytes,
    rows: summary.rowsRead,
    rowsUsed: summary.rowsUsed,
    columns: summary.columns.length,
    seconds: round(seconds),
    parseSeconds: round(median(parseSeconds)),
    minSeconds: round(Math.min(...wallSeconds)),
    coldSeconds: round(coldSeconds),
    repeats,
    mbPerSecond: round(summary.sizeBytes / 1e6 / seconds),
    findings: summary.findings.length,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[(sorted.length - 1) >> 1];
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
