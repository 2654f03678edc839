// Runs in: vitest. The fake API's shape, derived from SeqlabApi (and so from the API table): one spy per method, so a
// method added to the table without a fake answer fails to compile.
import type { Mock } from 'vitest';
import type { SeqlabApi } from '../../shared/api/seqlab-api';

export type FakeMethods = { [K in keyof SeqlabApi]: Mock<SeqlabApi[K]> };
