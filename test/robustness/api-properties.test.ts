// Runs in: vitest (Node). Bounded property tests of the API's argument validation (issue 12): random JSON values as
// method names and arguments, through the shared dispatcher to a real service and SQLite log, and random WebSocket
// messages through the browser mode's message handling. Never a throw or a rejection; always a clear
// `{ ok: false, message }` or a result that can be sent back as JSON.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createService } from '../../main/backend/create-service';
import { dispatch } from '../../main/backend/api/dispatch';
import { forkTrainerLauncher } from '../../main/backend/training/trainer-launcher';
import { answerCall, parseCall } from '../../main/hosts/web/socket-calls';
import { METHOD_NAMES, hostOf } from '../../shared/api/methods';
import { TRAINER_ENTRY } from '../support/built';

/** Bounded for CI; FC_RUNS raises it for a longer local hunt. */
const RUNS = Number(process.env.FC_RUNS ?? 300);

let dir: string;
let created: Awaited<ReturnType<typeof createService>>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'seqlab-props-'));
  created = await createService({ dbPath: join(dir, 'runs.db'), dataDir: dir, launcher: forkTrainerLauncher(TRAINER_ENTRY) });
});
afterAll(async () => {
  await created.service.shutdown();
  await created.store.close();
  rmSync(dir, { recursive: true, force: true });
});

const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty'];
// The backend probe starts a trainer process: real, but slow to repeat hundreds of times.
const CALLABLE = METHOD_NAMES.filter((name) => name !== 'getBackendInfo');

/** JSON values with prototype keys among the object keys, as JSON.parse produces them (own properties). */
const hostileJson = fc
  .tuple(fc.constantFrom(...PROTOTYPE_KEYS), fc.jsonValue({ maxDepth: 4 }))
  .map(([key, value]) => JSON.parse(JSON.stringify({ [key]: value })) as unknown);
const anyValue = fc.oneof(fc.jsonValue({ maxDepth: 4 }), hostileJson, fc.constant(undefined));
const methodName = fc.oneof(fc.constantFrom(...CALLABLE), fc.constantFrom(...PROTOTYPE_KEYS), fc.string({ maxLength: 20 }), fc.jsonValue({ maxDepth: 2 }));
/** Mostly argument lists (what the schemas expect), sometimes anything at all. */
const params = fc.oneof(fc.array(anyValue, { maxLength: 4 }), anyValue);

function expectOutcome(outcome: unknown): void {
  expect(outcome).toBeTypeOf('object');
  const result = outcome as { ok: boolean; message?: unknown; value?: unknown };
  if (result.ok) expect(() => JSON.stringify(result.value)).not.toThrow();
  else {
    expect(result.ok).toBe(false);
    expect(result.message).toBeTypeOf('string');
    expect((result.message as string).length).toBeGreaterThan(0);
    // Validation failures are the user's, never an internal error.
    expect(result.message).not.toMatch(/^Internal error/);
  }
}

describe('API argument validation, by property', () => {
  it('random method names and arguments never throw: a clear error or a result that serialises', { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(methodName, params, fc.constantFrom('web' as const, 'electron' as const), async (method, args, host) => {
        expectOutcome(await dispatch(created.service, host, method, args));
      }),
      { numRuns: RUNS },
    );
  });

  it('every method refuses wrong argument types with "Invalid arguments to <method>"', { timeout: 120_000 }, async () => {
    // Not null or undefined: those stand for "no arguments", which a method without arguments accepts.
    const wrong = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 })));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...CALLABLE), wrong, async (method, args) => {
        const outcome = await dispatch(created.service, hostOf(method) ?? 'electron', method, args);
        expect(outcome).toEqual({ ok: false, message: expect.stringMatching(new RegExp(`^Invalid arguments to ${method}`)) });
      }),
      { numRuns: RUNS },
    );
  });

  it('random WebSocket messages always get one JSON reply with an id and a result or an error', { timeout: 120_000 }, async () => {
    const message = fc.oneof(
      fc.string({ maxLength: 200 }),
      anyValue.map((value) => JSON.stringify(value) ?? 'undefined'),
      fc.record({ id: anyValue, method: methodName, params }).map((call) => JSON.stringify(call)),
    );
    await fc.assert(
      fc.asyncProperty(message, fc.boolean(), async (text, binary) => {
        const reply = JSON.parse(await answerCall(parseCall(Buffer.from(text), binary), (m, p) => dispatch(created.service, 'web', m, p))) as Record<string, unknown>;
        expect(reply.id === null || typeof reply.id === 'number' || typeof reply.id === 'string').toBe(true);
        expect('result' in reply || typeof (reply.error as { message?: unknown } | undefined)?.message === 'string' || Object.keys(reply).length === 1).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });
});
