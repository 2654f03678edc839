// Runs in: vitest (Node). The dispatcher between an untrusted call and the handlers: method names from the API table,
// each host's own methods, arguments checked by their schema (defaults filled in), errors turned into messages.
import { describe, expect, it, vi } from 'vitest';
import { dispatch } from '../../main/backend/api/dispatch';
import type { Handlers } from '../../main/backend/api/handlers';
import { METHOD_NAMES } from '../../shared/api/methods';
import { FORECAST_DEFAULTS } from '../../shared/model/run-config';
import { UserError } from '../../shared/util/errors';

/** Every handler a spy answering its own name. */
function spyHandlers(): Handlers {
  return Object.fromEntries(METHOD_NAMES.map((name) => [name, vi.fn(async () => name)])) as unknown as Handlers;
}

describe('dispatch', () => {
  it('calls the named handler with the arguments its schema accepted', async () => {
    const handlers = spyHandlers();
    expect(await dispatch(handlers, 'web', 'getRun', [3])).toEqual({ ok: true, value: 'getRun' });
    expect(handlers.getRun).toHaveBeenCalledWith(3);
  });

  it('hands handlers the config with the defaults of older configs filled in', async () => {
    const handlers = spyHandlers();
    const { optimizer: _o, dropout: _d, stride: _s, ...older } = FORECAST_DEFAULTS;
    const config = { ...older, datasetId: 'a'.repeat(64), target: 'T', features: ['T'] };
    expect((await dispatch(handlers, 'electron', 'startTraining', [config])).ok).toBe(true);
    expect(handlers.startTraining).toHaveBeenCalledWith(expect.objectContaining({ optimizer: 'adam', dropout: 0, stride: 1 }));
  });

  it('refuses unknown methods and bad arguments before any handler runs', async () => {
    const handlers = spyHandlers();
    expect(await dispatch(handlers, 'web', 'constructor', [])).toEqual({ ok: false, message: 'Unknown method "constructor".' });
    expect(await dispatch(handlers, 'web', 42, [])).toMatchObject({ ok: false, message: expect.stringMatching(/Unknown method 42/) });
    expect(await dispatch(handlers, 'web', 'getRun', ['1'])).toMatchObject({ ok: false, message: expect.stringMatching(/^Invalid arguments to getRun/) });
    expect(await dispatch(handlers, 'web', 'getRun', [1, 2])).toMatchObject({ ok: false, message: expect.stringMatching(/^Invalid arguments to getRun/) });
    expect(await dispatch(handlers, 'web', 'getRun', { 0: 1 })).toMatchObject({ ok: false });
    expect(handlers.getRun).not.toHaveBeenCalled();
  });

  it("gives each host only its own import: browser mode never reads a server path the page chose", async () => {
    const handlers = spyHandlers();
    const overSocket = await dispatch(handlers, 'web', 'importPath', ['/etc/shadow']);
    expect(overSocket).toMatchObject({ ok: false, message: expect.stringMatching(/^Refused: importPath is for the desktop app only/) });
    expect(handlers.importPath).not.toHaveBeenCalled();
    const overIpc = await dispatch(handlers, 'electron', 'importUpload', ['0'.repeat(32), 'a.csv']);
    expect(overIpc).toMatchObject({ ok: false, message: 'Refused: importUpload is for browser mode only.' });
    expect((await dispatch(handlers, 'electron', 'importPath', ['/data/a.csv'])).ok).toBe(true);
    expect((await dispatch(handlers, 'web', 'importUpload', ['0'.repeat(32), 'a.csv'])).ok).toBe(true);
  });

  it("passes a handler's own message through and marks anything else as internal", async () => {
    const handlers = spyHandlers();
    vi.mocked(handlers.getRun).mockRejectedValueOnce(new UserError('Run 9 is not in the run log.'));
    expect(await dispatch(handlers, 'web', 'getRun', [9])).toEqual({ ok: false, message: 'Run 9 is not in the run log.' });
    vi.mocked(handlers.getRun).mockRejectedValueOnce(new TypeError('x is undefined'));
    expect(await dispatch(handlers, 'web', 'getRun', [9])).toEqual({ ok: false, message: 'Internal error: x is undefined' });
  });
});
