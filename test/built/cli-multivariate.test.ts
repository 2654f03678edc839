// Runs in: vitest (Node). `seqlab train` with a category input, horizon 3, stride, a sentinel mark and a missing-value
// policy: a real process, real files, real TensorFlow.js training on a tiny model, a real run log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SZEGED_SLICE, expectCleanFailure, requireBuilt, seqlab } from '../support/built';
import { BASELINE_NAMES } from '../../shared/model/metrics';

const PRESSURE = 'Pressure (millibars)';
let dir: string;
let db: string;
beforeAll(() => {
  requireBuilt();
  dir = mkdtempSync(join(tmpdir(), 'seqlab-cli-multivariate-'));
  db = join(dir, 'runs.db');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const base = ['train', '--csv', SZEGED_SLICE, '--target', 'Temperature (C)', '--window', '8', '--hidden', '4', '--epochs', '1'];

describe('seqlab train: multivariate data options', () => {
  it('trains on a one-hot category input with horizon 3 and stride 2, and reports what the policies touched', () => {
    const result = seqlab(
      ...base, '--features', `Temperature (C),Humidity,Precip Type,${PRESSURE}`, '--horizon', '3', '--stride', '2',
      '--mark-missing', `${PRESSURE}=0`, '--missing', `${PRESSURE}=interpolate`, '--db', db, '--json',
    );
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout.trim().split('\n').at(-1)!);
    expect(summary.status).toBe('completed');
    expect(summary.config).toMatchObject({
      horizon: 3, stride: 2, sentinels: [{ column: PRESSURE, value: 0 }], missing: { [PRESSURE]: 'interpolate' },
    });
    expect(summary.metrics.test.byStep.mae).toHaveLength(3);
    for (const name of BASELINE_NAMES) expect(summary.baselines[name].byStep.mae).toHaveLength(3);
    // The fixture's 73 zero pressures (test/fixtures/README.md) become missing and are interpolated.
    const [report] = summary.metrics.missing;
    expect(report).toMatchObject({ column: PRESSURE, policy: 'interpolate', missing: 73, marked: 73 });
    expect(report.filled).toBeGreaterThan(0);
    expect(report.filled).toBeLessThanOrEqual(73);
    // The slice's days are not contiguous (e.g. 2006-01-01, then 2006-01-10): windows never span those gaps.
    expect(summary.metrics.timeGaps.gaps).toBeGreaterThan(0);
    expect(summary.metrics.timeGaps.windowsDropped).toBeGreaterThan(0);
  });

  it('prints the missing-value report in the human-readable summary', () => {
    const result = seqlab(...base, '--features', `Temperature (C),${PRESSURE}`, '--mark-missing', `${PRESSURE}=0`, '--missing', `${PRESSURE}=ffill`, '--db', db);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/missing: Pressure \(millibars\): 73 missing values \(73 values marked as missing\); forward fill filled 73, 0 windows dropped\./);
    expect(result.stdout).toMatch(/time: \d+ gaps in time: \d+ windows that would span one dropped\./);
  });

  it('refuses malformed data options with one clear line', () => {
    expectCleanFailure(seqlab(...base, '--missing', `${PRESSURE}=guess`, '--db', db), /--missing Pressure \(millibars\)=guess: the policy must be drop, ffill or interpolate/);
    expectCleanFailure(seqlab(...base, '--mark-missing', `${PRESSURE}=zero`, '--db', db), /--mark-missing .*=zero: the value must be a number/);
    expectCleanFailure(seqlab(...base, '--mark-missing', PRESSURE, '--db', db), /--mark-missing takes COLUMN=VALUE pairs/);
    expectCleanFailure(seqlab(...base, '--stride', '0', '--db', db), /Stride must be at least 1/);
    expectCleanFailure(seqlab(...base, '--features', 'Daily Summary', '--db', db), /"Daily Summary" holds text values: choose a numeric or category column/);
  });
});
