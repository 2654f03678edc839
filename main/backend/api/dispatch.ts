// Runs in: main process. The one place where an untrusted call (IPC or WebSocket) becomes a handler call: the method
// name is checked against the API table, then whether this host offers it, the arguments against its schema, and
// errors become messages. Typed by the table: no switch, no casts.
import type { z } from 'zod';
import { describeZodError } from '../../../shared/model/run-config';
import { hostOf, isMethodName, methods, type ArgsOf, type HostName, type MethodName, type ParamsOf, type ResultOf } from '../../../shared/api/methods';
import { UserError, messageOf } from '../../../shared/util/errors';
import type { Handlers } from './handlers';

export type DispatchResult = { ok: true; value: unknown } | { ok: false; message: string };

/** The table seen per method, so a generic method name picks its own schema's types. */
const argSchemas: { [K in MethodName]: { args: z.ZodType<ArgsOf<K>, ParamsOf<K>> } } = methods;

/** Why a host refuses another host's method (browser mode must never read a server path the page chose). */
const ONLY_FOR: Record<HostName, string> = {
  electron: 'the desktop app only: browser mode reads no file on the server by path; drop or choose the file on the page and it is uploaded',
  web: 'browser mode only',
};

export async function dispatch(handlers: Handlers, host: HostName, method: unknown, params: unknown): Promise<DispatchResult> {
  try {
    if (!isMethodName(method)) throw new UserError(`Unknown method ${JSON.stringify(method)}.`);
    const only = hostOf(method);
    if (only && only !== host) throw new UserError(`Refused: ${method} is for ${ONLY_FOR[only]}.`);
    return { ok: true, value: await call(handlers, method, params ?? []) };
  } catch (error) {
    return { ok: false, message: messageOf(error) };
  }
}

function call<K extends MethodName>(handlers: Handlers, method: K, params: unknown): Promise<ResultOf<K>> {
  const parsed = argSchemas[method].args.safeParse(params);
  if (!parsed.success) throw new UserError(`Invalid arguments to ${method}: ${describeZodError(parsed.error)}`);
  const handler: Handlers[K] = handlers[method];
  return handler(...parsed.data);
}
