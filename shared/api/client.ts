// Runs in: renderer and Electron preload. A client's methods built from the API table's names: one named function per
// method, each sending its name and arguments over the client's transport (IPC, WebSocket).
import type { MethodName, WireMethods } from './methods';

/** Sends one call and resolves with the handler's answer, or rejects with the user-facing message. */
export type Send<N extends MethodName = MethodName> = (method: N, params: unknown[]) => Promise<unknown>;

export function methodsOver<N extends MethodName>(names: readonly N[], send: Send<N>): Pick<WireMethods, N> {
  const methods: Partial<Record<MethodName, (...params: unknown[]) => Promise<unknown>>> = {};
  for (const name of names) methods[name] = (...params) => send(name, params);
  // The wire carries untyped values; what comes back is what main's handler for that name returned, typed by the table.
  return methods as Pick<WireMethods, N>;
}
