// Runs in: anywhere (pure). Objects keyed by user text (column names): '__proto__', 'constructor' or 'toString' are
// column names like any other, so such an object has no prototype to collide with, and lookups take only what the
// object itself holds, never what Object.prototype has under that name.

/** An empty object with no prototype: `out['__proto__'] = x` stores x under that name. */
export function textKeyed<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** `record[key]` when the record itself holds the key; undefined otherwise (also for 'constructor' on a plain {}). */
export function ownValue<T>(record: Readonly<Record<string, T>> | undefined | null, key: string): T | undefined {
  return record != null && Object.hasOwn(record, key) ? record[key] : undefined;
}
