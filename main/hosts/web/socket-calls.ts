// Runs in: main process (browser mode). One WebSocket message in, one reply out. Whatever a page sends (null, an
// array, a number, a wrong id, prototype keys, a binary frame) is answered with `{ id, error: { message } }`; nothing
// here throws or rejects, so no message can end the server (`null` did, as an unhandled rejection).
import { messageOf } from '../../../shared/util/errors';

export type CallId = number | string | null;

export type ParsedCall =
  | { ok: true; id: CallId; method: unknown; params: unknown }
  | { ok: false; id: CallId; message: string };

export type DispatchOutcome = { ok: true; value: unknown } | { ok: false; message: string };

/** Checks the method and its arguments and runs it (the shared dispatcher, bound to the service and this host). */
export type Dispatcher = (method: unknown, params: unknown) => Promise<DispatchOutcome>;

const MALFORMED_OBJECT = 'Malformed request: expected a JSON object {"id", "method", "params"}.';

/** Own properties only: a `__proto__` key from JSON.parse is data, never the object's prototype. */
const own = (object: object, key: string): unknown => (Object.hasOwn(object, key) ? (object as Record<string, unknown>)[key] : undefined);

export function parseCall(data: Buffer | string, isBinary: boolean): ParsedCall {
  if (isBinary) return { ok: false, id: null, message: 'Malformed request: send each call as JSON in a text frame.' };
  let request: unknown;
  try {
    request = JSON.parse(typeof data === 'string' ? data : data.toString('utf8'));
  } catch {
    return { ok: false, id: null, message: 'Malformed request: expected JSON.' };
  }
  if (typeof request !== 'object' || request === null || Array.isArray(request)) return { ok: false, id: null, message: MALFORMED_OBJECT };
  const id = own(request, 'id');
  if (id !== undefined && id !== null && typeof id !== 'string' && !(typeof id === 'number' && Number.isFinite(id))) {
    return { ok: false, id: null, message: 'Malformed request: "id" must be a number or a string.' };
  }
  return { ok: true, id: (id as CallId | undefined) ?? null, method: own(request, 'method'), params: own(request, 'params') };
}

/** The reply to send, as text. Never throws: a failing dispatcher or an unserialisable result becomes an error reply. */
export async function answerCall(call: ParsedCall, dispatch: Dispatcher): Promise<string> {
  if (!call.ok) return JSON.stringify({ id: call.id, error: { message: call.message } });
  try {
    const outcome = await dispatch(call.method, call.params);
    return JSON.stringify(outcome.ok ? { id: call.id, result: outcome.value } : { id: call.id, error: { message: outcome.message } });
  } catch (error) {
    return JSON.stringify({ id: call.id, error: { message: messageOf(error) } });
  }
}
