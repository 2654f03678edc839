// Runs in: vitest (Node). A real service and run log in a fresh temporary folder per test, over a copy of the airline
// passengers file (so a test may change or move the data), closed and removed after each test.
import { afterEach, beforeAll, beforeEach } from 'vitest';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ForecastConfig } from '../../shared/model/config';
import { FORECAST_DEFAULTS } from '../../shared/model/run-config';
import { createService } from '../../main/backend/create-service';
import { forkTrainerLauncher } from '../../main/backend/training/trainer-launcher';
import type { SeqlabService } from '../../main/backend/seqlab-service';
import type { AsyncRunLog } from '../../main/backend/run-log/async-run-log';
import { ROOT, TRAINER_ENTRY, requireBuilt } from './built';

const AIRLINE = join(ROOT, 'test', 'fixtures', 'airline-passengers.csv');

export interface ServiceLog {
  service: SeqlabService;
  store: AsyncRunLog;
}

/** Registers the hooks; the returned folder and file change per test, `open` starts a service on the folder's log. */
export function useAirlineService(prefix: string): { readonly dir: string; readonly csv: string; open(): Promise<ServiceLog> } {
  let dir = '';
  let csv = '';
  const opened: ServiceLog[] = [];
  beforeAll(requireBuilt);
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), prefix));
    csv = join(dir, 'airline.csv');
    copyFileSync(AIRLINE, csv);
  });
  afterEach(async () => {
    for (const { service, store } of opened.splice(0)) {
      await service.shutdown();
      await store.close();
    }
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    get dir() {
      return dir;
    },
    get csv() {
      return csv;
    },
    async open() {
      const log = await createService({ dbPath: join(dir, 'runs.db'), dataDir: dir, launcher: forkTrainerLauncher(TRAINER_ENTRY) });
      opened.push(log);
      return log;
    },
  };
}

/** A model small enough to train on the airline file in about a second. */
export function tinyAirlineConfig(datasetId: string): ForecastConfig {
  return { ...FORECAST_DEFAULTS, datasetId, target: 'Passengers', features: ['Passengers'], window: 3, hiddenUnits: 4, epochs: 1, batchSize: 32 };
}
